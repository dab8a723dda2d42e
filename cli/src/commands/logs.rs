//! `scimkit logs explain`: why provisioning failed, from the identity
//! provider's own log (the core's `logs::explain_log`). `scimkit explain`
//! hands a log to the same renderer.

use scimkit::diagnostics::escape_line;
use scimkit::logs::{EventExplanation, EventStatus, LogExplanation};

use crate::args::LogsExplainArgs;
use crate::input::{self, Source};
use crate::load;
use crate::output::{Output, Stream, plural};
use crate::status::{Outcome, Status};

/// Runs `scimkit logs explain`. Exits 1 when the log has failed events (or
/// is not a log), 0 when nothing in it failed.
///
/// # Errors
/// An unreadable input or a broken `--schemas` file.
pub fn explain(args: &LogsExplainArgs, output: &mut Output) -> Outcome {
    let (workspace, _) = load::workspace(&args.schemas.files, None, output)?;
    let source = input::read_or_stdin(args.file.as_ref())?;
    if let Some(status) = output.unreadable(&source)? {
        return Ok(status);
    }
    let e = workspace.explain_log(&source.text);
    render(&e, &source, output)
}

/// Prints an explanation (JSON: the core's object as it is).
///
/// # Errors
/// When standard output cannot be written.
pub fn render(e: &LogExplanation, source: &Source, output: &mut Output) -> Outcome {
    let status = if e.report.valid && e.statuses.failure == 0 {
        Status::Clean
    } else {
        Status::Errors
    };
    if output.is_json() {
        output.json(e)?;
        return Ok(status);
    }
    if !e.report.diagnostics.is_empty() {
        output.diagnostics(&e.report.diagnostics, source, Stream::Out)?;
        if e.events == 0 {
            return Ok(status);
        }
        output.line("")?;
    }
    output.line(&format!(
        "{}: {}, {}: {}",
        source.display,
        e.format_label,
        plural(e.events, "event"),
        e.statuses.describe()
    ))?;
    if e.explained.is_empty() {
        output.line("\nNothing in this log failed.")?;
    }
    for (i, x) in e.explained.iter().enumerate() {
        event(i + 1, x, source, output)?;
    }
    if e.omitted > 0 {
        output.line(&format!(
            "\n… and {} more failed or warning events, counted below (scimkit explains {} in full).",
            e.omitted,
            e.explained.len()
        ))?;
    }
    if e.causes.len() > 1 || e.omitted > 0 {
        output.line("\nCauses:")?;
        for c in &e.causes {
            output.line(&format!("  {:>6}  {}", c.count, c.cause))?;
        }
    }
    Ok(status)
}

/// One explained event, every string from the log escaped onto its line.
fn event(n: usize, x: &EventExplanation, source: &Source, output: &mut Output) -> Outcome {
    let status = match x.status {
        EventStatus::Failure => "failed",
        EventStatus::Warning => "warning",
        _ => "event",
    };
    let who = x
        .subject
        .name
        .as_deref()
        .map(|n| format!(" \"{}\"", escape_line(n)))
        .unwrap_or_default();
    let at = match x.span {
        Some(s) if !x.pointer.is_empty() => format!(
            " at {}:{}:{} ({})",
            source.display, s.line, s.column, x.pointer
        ),
        Some(s) => format!(" at {}:{}:{}", source.display, s.line, s.column),
        None => String::new(),
    };
    let when = x
        .time
        .as_deref()
        .map(|t| format!(", {}", escape_line(t)))
        .unwrap_or_default();
    output.line(&format!(
        "\n{n}. {status}: {}{who} ({}{when}){at}",
        x.summary,
        escape_line(&x.activity)
    ))?;
    let certainty = x.cause.certainty.label();
    output.line(&format!(
        "   cause: {} [{}; {certainty}]",
        x.cause.title, x.cause.code
    ))?;
    output.line(&format!("   why: {}", x.cause.why))?;
    for ev in &x.cause.evidence {
        output.line(&format!("     - {}", escape_line(ev)))?;
    }
    if !x.cause.candidates.is_empty() {
        output.line(&format!(
            "   also possible: {}",
            x.cause.candidates.join(", ")
        ))?;
    }
    if x.cause.transient {
        output.line("   transient: the identity provider retries on its own")?;
    }
    for c in &x.changes {
        let target = c
            .target
            .as_deref()
            .map(|t| format!(" (→ {})", escape_line(t)))
            .unwrap_or_default();
        output.line(&format!(
            "   changed: {}{target}: {} → {}",
            escape_line(&c.attribute),
            escape_line(c.old.as_deref().unwrap_or("(none)")),
            escape_line(c.new.as_deref().unwrap_or("(none)"))
        ))?;
    }
    if let Some(a) = &x.answer {
        let status = a
            .status
            .map(|s| format!("HTTP {s}"))
            .unwrap_or_else(|| "no status".into());
        let detail = a
            .detail
            .as_deref()
            .map(|d| format!(": {}", escape_line(d)))
            .unwrap_or_default();
        output.line(&format!(
            "   the service provider answered {status}{detail}"
        ))?;
    }
    if !x.requests.is_empty() {
        let who = x.identity_provider.label();
        output.line(&format!(
            "   what {who} sent (rebuilt from the log and its default mappings):"
        ))?;
        for r in &x.requests {
            let method = serde_json::to_value(r.method).ok();
            let method = method.as_ref().and_then(|m| m.as_str()).unwrap_or("");
            output.line(&format!("     {method} {}", escape_line(&r.url)))?;
            if let Some(body) = &r.body {
                output.line(&format!("       {}", escape_line(&body.to_string())))?;
            }
        }
    }
    output.line(&format!(
        "   fix at the service provider: {}",
        x.fix.service_provider
    ))?;
    output.line(&format!(
        "   fix in {}: {}",
        x.identity_provider.label(),
        x.fix.identity_provider
    ))?;
    for u in &x.unknown {
        output.line(&format!("   not in the log: {u}"))?;
    }
    output.line(&format!("   check your endpoint: {}", x.probe))?;
    Ok(Status::Clean)
}
