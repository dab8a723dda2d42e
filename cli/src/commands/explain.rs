//! `scimkit explain`: the core's identity-provider detection (`detect::explain`).

use scimkit::detect::{Confidence, ExplainOptions};
use scimkit::diagnostics::Diagnostic;
use scimkit::logs::LogFormat;

use crate::args::ExplainArgs;
use crate::input;
use crate::load;
use crate::output::{Output, Stream, plural};
use crate::status::{Failure, Outcome, Status};

/// Runs `scimkit explain`. Exits 1 only when the input has errors even for a
/// service provider that accepts the detected sender's dialect: deviations
/// that the dialect accepts are what the command explains, not failures.
///
/// # Errors
/// An unreadable input or a broken `--schemas` file.
pub fn run(args: &ExplainArgs, output: &mut Output) -> Outcome {
    let stdin = |p: Option<&std::path::PathBuf>| p.is_none_or(|p| input::is_stdin(p));
    if args.resource.as_ref().is_some_and(|r| input::is_stdin(r)) && stdin(args.file.as_ref()) {
        return Err(Failure::new(
            "the PATCH and its --resource cannot both be read from standard input",
        ));
    }
    let (workspace, _) = load::workspace(&args.schemas.files, None, output)?;
    if let Some(name) = &args.resource_type {
        workspace.resource_type(name).map_err(load::failure)?;
    }
    let source = input::read_or_stdin(args.file.as_ref())?;
    if let Some(status) = output.unreadable(&source)? {
        return Ok(status);
    }
    let target = args.resource.as_deref().map(input::read).transpose()?;
    // A resource that cannot be read as text is its own verdict, as
    // `scimkit patch apply` gives it.
    if let Some(t) = &target {
        if let Some(status) = output.unreadable(t)? {
            return Ok(status);
        }
    }
    let options = ExplainOptions {
        filter: args.filter.then_some(true),
        context: args.context,
        resource_type: args.resource_type.as_deref(),
        target: target.as_ref().map(|t| t.text.as_str()),
    };
    // A filter typed into a file or a pipe ends in a line break that is not
    // part of it; for JSON, trailing whitespace means nothing. Trimming the
    // end keeps every span valid.
    let text = source.text.trim_end_matches(['\n', '\r']);
    // An identity provider's log is explained as `scimkit logs explain`
    // does, unless the caller says what the input is.
    if !args.filter && args.context.is_none() {
        let log = workspace.explain_log(text);
        // A filter that mentions a log's words is still a filter.
        let filter = log.format == LogFormat::Message
            && scimkit::filter::parse_filter_with(text, scimkit::dialect::Dialect::Entra)
                .into_result()
                .is_ok();
        if log.format != LogFormat::Unknown && !filter {
            return crate::commands::logs::render(&log, &source, output);
        }
    }
    let e = workspace.explain(text, &options);
    if args.resource.is_some() && e.input != scimkit::validate::Context::Patch.as_str() {
        output.note(&format!(
            "scimkit: --resource is for a PATCH body; this input was read as {}, so the resource was not used",
            e.input
        ));
    }
    let status = Status::from_valid(e.dialect_verdict.valid);
    if output.is_json() {
        output.json(&e)?;
        return Ok(status);
    }

    let confidence = match e.confidence {
        Confidence::Low => "low",
        Confidence::Medium => "medium",
        Confidence::High => "high",
    };
    output.line(&format!("{}: read as {}", source.display, e.input))?;
    output.line(&format!("  sender:     {}", e.sender_label))?;
    output.line(&format!("  confidence: {confidence}"))?;
    if e.deviations.is_empty() {
        output.line("\nNo deviations from RFC 7643/7644.")?;
    } else {
        output.line(&format!(
            "\n{} from RFC 7643/7644:",
            plural(e.deviations.len(), "deviation")
        ))?;
    }
    for (i, d) in e.deviations.iter().enumerate() {
        let at = match (d.path.as_str(), d.span) {
            ("", Some(s)) => format!("{}:{}:{}", source.display, s.line, s.column),
            (path, Some(s)) => format!("{} ({}:{}:{})", path, source.display, s.line, s.column),
            (path, None) => path.to_string(),
        };
        output.line(&format!("\n{}. {} [{}] at {at}", i + 1, d.title, d.code))?;
        output.line(&format!("   found: {}", d.message))?;
        output.line(&format!("   departs from: {}", d.rfc))?;
        output.line(&format!(
            "   the service provider must accept: {}",
            d.service_provider
        ))?;
        if let Some(idp) = &d.identity_provider {
            output.line(&format!("   on the identity provider: {idp}"))?;
        }
    }
    if !e.signals.is_empty() {
        output.line("\nWhy this sender:")?;
        for s in &e.signals {
            let at = if s.path.is_empty() {
                String::new()
            } else {
                format!(" ({})", s.path)
            };
            output.line(&format!("  - {}: {}{at}", s.sender.label(), s.description))?;
        }
    }

    output.line("")?;
    let verdict = output.verdict("strict (RFC) service provider", &e.strict, Stream::Out);
    output.verdict_line(&verdict)?;
    output.diagnostics(&e.strict.diagnostics, &source, Stream::Out)?;
    let dialect = e.sender.dialect();
    if dialect != scimkit::dialect::Dialect::Strict && e.dialect_verdict == e.strict {
        output.line(&format!(
            "service provider accepting the {dialect} dialect: the same verdict"
        ))?;
    } else if dialect != scimkit::dialect::Dialect::Strict {
        let label = format!("service provider accepting the {dialect} dialect");
        let verdict = output.verdict(&label, &e.dialect_verdict, Stream::Out);
        output.verdict_line(&verdict)?;
        // The quirk warnings are the deviations listed above; show the rest.
        let rest: Vec<Diagnostic> = e
            .dialect_verdict
            .diagnostics
            .iter()
            .filter(|d| {
                !e.deviations
                    .iter()
                    .any(|dev| dev.code == d.code && dev.path == d.path)
            })
            .cloned()
            .collect();
        output.diagnostics(&rest, &source, Stream::Out)?;
    }
    Ok(status)
}
