//! `scimkit validate`: every document through `Workspace::validate`.
//!
//! Files are handled one at a time (read, validate, render, drop), so only one
//! document is in memory however many are given. With `--format json` the
//! reports are kept (they are small) and printed at the end: the core's report
//! object for one input, an array of `{"file", "report"}` for several.

use std::path::PathBuf;

use scimkit::diagnostics::Report;
use scimkit::workspace::{ValidateRequest, Workspace};
use serde::Serialize;

use crate::args::ValidateArgs;
use crate::input;
use crate::load;
use crate::output::{Output, Stream};
use crate::status::{Failure, Outcome, Status};

/// One entry of the JSON array printed for several inputs.
#[derive(Debug, Serialize)]
struct FileReport {
    /// The argument as given (`-` for standard input).
    file: String,
    /// The core's report.
    report: Report,
}

/// Runs `scimkit validate`.
///
/// # Errors
/// Usage and I/O problems (exit 2): an unreadable file (the others are still
/// validated and reported), a broken `--schemas` or `--profile`, an unknown
/// `--resource-type`.
pub fn run(args: &ValidateArgs, output: &mut Output) -> Outcome {
    input::stdin_at_most_once(args.files.iter().map(PathBuf::as_path))?;
    let (workspace, profile) =
        load::workspace(&args.schemas.files, args.profile.as_deref(), output)?;
    if let Some(name) = &args.resource_type {
        workspace.resource_type(name).map_err(load::failure)?;
    }
    let mut request = ValidateRequest::default();
    request.options = request
        .options
        .with_lenient(args.lenient)
        .with_dialect(args.dialect)
        .with_max_diagnostics(args.max_diagnostics);
    request.options.context = args.context;
    request.options.resource_type = args.resource_type.as_deref();
    request.profile = profile.as_deref();

    let files = if args.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.files.clone()
    };
    let mut status = Status::Clean;
    let mut unreadable: Option<Failure> = None;
    let mut reports = Vec::new();
    for file in &files {
        let mut source = match input::read(file) {
            Ok(source) => source,
            Err(failure) => {
                // Report it, go on with the other files, and exit 2 at the end.
                output.note(&format!("scimkit: error: {failure}"));
                unreadable = Some(failure);
                continue;
            }
        };
        // A raw HTTP request's bearer token is never echoed in a source line.
        if let Some(masked) = scimkit::http_message::mask_credentials(&source.text) {
            source.text = masked;
        }
        let report = match &source.problem {
            Some(d) => Report::new(vec![d.clone()]),
            None => workspace
                .validate(&source.text, &request)
                .map_err(load::failure)?,
        };
        status = status.and(Status::from_valid(report.valid));
        if output.is_json() {
            reports.push(FileReport {
                file: source.arg,
                report,
            });
        } else {
            output.diagnostics(&report.diagnostics, &source, Stream::Out)?;
            let verdict = output.verdict(&source.display, &report, Stream::Out);
            output.verdict_line(&verdict)?;
            // Findings depend on the context they were judged in: say which,
            // when it was detected (a clean file needs no such line).
            if source.problem.is_none() && !report.diagnostics.is_empty() {
                if let Some(line) = assumed_line(&workspace, &source.text, &request) {
                    output.line(&line)?;
                }
            }
        }
    }
    if output.is_json() {
        match reports.as_slice() {
            [one] if files.len() == 1 => output.json(&one.report)?,
            // The only file could not be read: nothing to print but the error.
            [] if files.len() == 1 => {}
            _ => output.json(&reports)?,
        }
    }
    match unreadable {
        // Already noted per file (and, in JSON, the error object repeats the note).
        Some(failure) => Err(Failure {
            message: String::new(),
            ..failure
        }),
        None => Ok(status),
    }
}

/// What the check assumed, when it detected something the caller did not
/// give (the context, the resource type), as the playground states it:
/// `  checked as create (POST) · User · strict RFC. Detected … Other
/// readings: --context replace, --context response.`
fn assumed_line(
    workspace: &Workspace,
    text: &str,
    request: &ValidateRequest<'_>,
) -> Option<String> {
    let assumed = workspace.assumed(text, request).ok().flatten()?;
    let detected = assumed.detected()?;
    // Names come from schema and profile files: one line, whatever they hold.
    let described = assumed.describe();
    let mut line = format!(
        "  checked as {}. {detected}",
        scimkit::diagnostics::escape_line(&described)
    );
    if !assumed.alternatives.is_empty() {
        let others: Vec<String> = assumed
            .alternatives
            .iter()
            .map(|a| format!("--context {}", a.context.as_str()))
            .collect();
        line.push_str(&format!(" Other readings: {}.", others.join(", ")));
    }
    Some(line)
}
