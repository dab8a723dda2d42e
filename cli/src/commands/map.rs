//! `scimkit map check|apply|presets`: identity-provider attribute mappings,
//! through the core's `Workspace::check_mapping` and
//! `Workspace::apply_mapping`, and the built-in mappings and profiles.

use scimkit::mapping::{
    ApplyResult, Environment, IdentityProvider, ObjectType, Operation, presets,
};
use scimkit::profile;
use scimkit::workspace::MappingRequest;
use serde::Serialize;

use crate::args::{
    MapApplyArgs, MapCheckArgs, MapObject, MapPresetsArgs, Operation as OperationArg,
};
use crate::input::{self, Source};
use crate::load;
use crate::output::{Output, Stream};
use crate::status::{Failure, Outcome, Status};

/// Runs `scimkit map check`: the configuration's diagnostics, with positions
/// in MAPPING_FILE, then the verdict.
///
/// # Errors
/// An unreadable file or a broken `--profile`.
pub fn check(args: &MapCheckArgs, output: &mut Output) -> Outcome {
    let (workspace, profile) = load::workspace(&[], args.profile.as_deref(), output)?;
    let source = input::read(&args.mapping)?;
    if let Some(status) = output.unreadable(&source)? {
        return Ok(status);
    }
    let report = workspace
        .check_mapping(&source.text, profile.as_deref())
        .map_err(load::failure)?;
    if output.is_json() {
        output.json(&report)?;
    } else {
        output.diagnostics(&report.diagnostics, &source, Stream::Out)?;
        let verdict = output.verdict(&source.display, &report, Stream::Out);
        output.verdict_line(&verdict)?;
    }
    Ok(Status::from_valid(report.valid))
}

/// Runs `scimkit map apply`: the requests the identity provider would send
/// (method, path, body), each with the service provider's verdict, and where
/// every value came from.
///
/// # Errors
/// An unreadable file, a broken `--profile` or `--now`.
pub fn apply(args: &MapApplyArgs, output: &mut Output) -> Outcome {
    let (workspace, profile) = load::workspace(&[], args.profile.as_deref(), output)?;
    let mapping = input::read(&args.mapping)?;
    if let Some(status) = output.unreadable(&mapping)? {
        return Ok(status);
    }
    let user = input::read(&args.source)?;
    if let Some(status) = output.unreadable(&user)? {
        return Ok(status);
    }
    let operation = match args.operation {
        OperationArg::Create => Operation::Create,
        OperationArg::Update => Operation::Update,
        OperationArg::Deactivate => Operation::Deactivate,
        OperationArg::Delete => Operation::Delete,
    };
    let object = match args.object {
        MapObject::User => ObjectType::User,
        MapObject::Group => ObjectType::Group,
    };
    let mut env = Environment::default();
    if let Some(now) = &args.now {
        let t = scimkit::datetime::parse_datetime(now).map_err(|e| {
            Failure::new(format!(
                "--now must be an xsd:dateTime such as 2026-01-01T00:00:00Z: {e}"
            ))
        })?;
        env = env.with_now(t);
    }
    if let Some(seed) = args.seed {
        env = env.with_seed(seed);
    }
    let mut request = MappingRequest::default();
    request.operation = operation;
    request.object = object;
    request.profile = profile.as_deref();
    request.env = env;
    let result = workspace
        .apply_mapping(&mapping.text, &user.text, &request)
        .map_err(load::failure)?;
    if output.is_json() {
        output.json(&result)?;
    } else {
        human(&result, &mapping, &user, output)?;
    }
    Ok(Status::from_valid(result.valid))
}

fn human(
    result: &ApplyResult,
    mapping: &Source,
    user: &Source,
    output: &mut Output,
) -> Result<(), Failure> {
    output.diagnostics(&result.report.diagnostics, mapping, Stream::Out)?;
    output.diagnostics(&result.source_report.diagnostics, user, Stream::Out)?;
    for (i, request) in result.requests.iter().enumerate() {
        output.line(&format!(
            "\n{} {}    ({})",
            request.method.as_str(),
            request.url,
            request.purpose
        ))?;
        if let Some(body) = &request.body {
            let text =
                serde_json::to_string_pretty(body).map_err(|e| Failure::new(e.to_string()))?;
            output.line(&text)?;
            // Diagnostics about a generated body point into the body as printed.
            let body_source = Source::inline(&format!("request {}", i + 1), &text);
            let located = request.report.clone().locate(&text);
            output.diagnostics(&located.diagnostics, &body_source, Stream::Out)?;
        }
        let verdict = output.verdict(
            &format!("request {} ({})", i + 1, request.method.as_str()),
            &request.report,
            Stream::Out,
        );
        output.verdict_line(&verdict)?;
    }
    if !result.trace.is_empty() {
        output.line("\nWhere the values come from:")?;
        for entry in &result.trace {
            match &entry.note {
                // Some summaries already end with their note.
                Some(note) if !entry.summary.contains(note.as_str()) => {
                    output.line(&format!("  {}  ({note})", entry.summary))?;
                }
                _ => output.line(&format!("  {}", entry.summary))?,
            }
        }
    }
    let overall = if result.valid { "valid" } else { "invalid" };
    output.line(&format!("\n{}: {overall}", mapping.display))
}

/// One line of `scimkit map presets`: a built-in mapping or profile.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct PresetEntry {
    /// What `map presets NAME` and `--profile NAME` take.
    name: &'static str,
    /// `mapping` or `profile`.
    kind: &'static str,
    /// Whose mapping it is (mappings only).
    #[serde(skip_serializing_if = "Option::is_none")]
    identity_provider: Option<IdentityProvider>,
    /// One line.
    description: &'static str,
}

/// Every built-in mapping, then every built-in profile.
fn preset_entries() -> Vec<PresetEntry> {
    let mappings = presets::PRESETS.iter().map(|p| PresetEntry {
        name: p.name,
        kind: "mapping",
        identity_provider: Some(p.identity_provider),
        description: p.title,
    });
    let profiles = profile::builtin().iter().map(|p| PresetEntry {
        name: p.name.as_str(),
        kind: "profile",
        identity_provider: None,
        description: p.title.as_str(),
    });
    mappings.chain(profiles).collect()
}

/// Runs `scimkit map presets`: the built-in mappings and service-provider
/// profiles one per line (a JSON array with `--format json`), or with NAME
/// that mapping's configuration (the text a MAPPING_FILE holds) or that
/// profile.
///
/// # Errors
/// A NAME that is no built-in mapping or profile.
pub fn presets(args: &MapPresetsArgs, output: &mut Output) -> Outcome {
    let entries = preset_entries();
    if let Some(name) = &args.name {
        if let Some(preset) = presets::find(name) {
            let text = preset.config_json;
            output.print(text)?;
            if !text.ends_with('\n') {
                output.print("\n")?;
            }
        } else if let Some(profile) = profile::find_builtin(name) {
            output.json(profile)?;
        } else {
            let names: Vec<&str> = entries.iter().map(|e| e.name).collect();
            return Err(Failure::new(format!(
                "no built-in mapping or profile is named `{name}`; there are {}",
                names.join(", ")
            )));
        }
        return Ok(Status::Clean);
    }
    if output.is_json() {
        output.json(&entries)?;
        return Ok(Status::Clean);
    }
    let width = entries.iter().map(|e| e.name.len()).max().unwrap_or(0);
    let groups = [
        (
            "mapping",
            "Attribute mappings (`scimkit map presets NAME` prints one to start yours from):",
        ),
        ("profile", "Service-provider profiles (`--profile NAME`):"),
    ];
    for (i, (kind, heading)) in groups.iter().enumerate() {
        if i > 0 {
            output.line("")?;
        }
        output.line(heading)?;
        for entry in entries.iter().filter(|e| e.kind == *kind) {
            output.line(&format!("  {:width$}  {}", entry.name, entry.description))?;
        }
    }
    Ok(Status::Clean)
}
