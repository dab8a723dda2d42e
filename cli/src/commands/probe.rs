//! `scimkit probe`: the core's sans-IO probe plan driven over HTTP(S).
//!
//! All judging is the core's ([`scimkit::probe`]); this module owns the
//! transport (ureq with rustls: timeouts, no redirects followed, bodies read
//! to at most [`MAX_PROBE_RESPONSE_BYTES`]), the token (from the environment or a
//! file, never an argument, never printed) and the three output formats.

use std::io::Read as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use scimkit::detect::Sender;
use scimkit::limits::MAX_PROBE_RESPONSE_BYTES;
use scimkit::probe::{
    Auth, Check, Plan, ProbeOptions, ProbeReport, Request, Response, Status, TransportError,
    WRONG_TOKEN, sender_named,
};

use crate::args::{Format, ProbeArgs};
use crate::input;
use crate::output::{Output, Stream};
use crate::status::{Failure, Outcome};

/// The variable the token is read from unless `--token-env` names another.
const TOKEN_ENV: &str = "SCIMKIT_TOKEN";

/// Runs the probe.
///
/// # Errors
/// Usage problems (a base URL that is not http(s), an unreadable token file)
/// and a probe that could not run at all (nothing answers at the base URL).
pub fn run(args: &ProbeArgs, output: &mut Output) -> Outcome {
    let base = args.base_url.trim_end_matches('/').to_string();
    if !(base.starts_with("http://") || base.starts_with("https://")) {
        return Err(Failure::new(format!(
            "`{}` is not an http:// or https:// URL",
            args.base_url
        )));
    }
    let token = token(args)?;
    if token.is_none() {
        // A server that lets anonymous requests in is a finding; one that
        // refuses them fails nearly every check, and this says why.
        output.note(&format!(
            "scimkit: no token: {TOKEN_ENV} is not set, so requests carry no Authorization header"
        ));
    }
    let options = options(args, &base, output)?;
    let sender = options.sender;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(args.timeout.max(1))))
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into();
    let human = !output.is_json() && !is_junit(output);
    if human {
        output.line(&format!(
            "Probing {base} as {} (seed {})",
            sender.label(),
            options.seed
        ))?;
    }
    let mut plan = Plan::new(options);
    // The first Ctrl-C stops the probe after the request in flight and
    // still removes what --write created; a second one exits at once.
    let interrupts = Arc::new(AtomicUsize::new(0));
    {
        let interrupts = Arc::clone(&interrupts);
        // Without a handler (another is installed) Ctrl-C simply ends the process.
        let _ = ctrlc::set_handler(move || {
            if interrupts.fetch_add(1, Ordering::SeqCst) >= 1 {
                std::process::exit(130);
            }
        });
    }
    let mut interrupted = false;
    let mut shown = 0;
    while let Some(request) = plan.next_request() {
        let outcome = send(&agent, &base, token.as_deref(), &request);
        plan.receive(outcome);
        if !interrupted && interrupts.load(Ordering::SeqCst) > 0 {
            interrupted = true;
            plan.interrupt();
            output.note(
                "scimkit: interrupted: removing what the probe created (Ctrl-C again to quit now)",
            );
        }
        // A live checklist: each check as soon as it is decided.
        if human {
            for check in plan.checks().iter().skip(shown) {
                output.line(&checklist_line(check))?;
            }
            output.flush()?;
            shown = plan.checks().len();
        }
    }
    let report = plan.finish();
    if interrupted {
        let cleanup = report.checks.iter().find(|c| c.id == "write.cleanup");
        return Err(Failure::new(match cleanup {
            Some(c) => format!("interrupted; {}", c.message),
            None => "interrupted".to_string(),
        }));
    }
    if let Some(error) = &report.error {
        return Err(Failure::io(format!(
            "the probe could not run: {base}/ServiceProviderConfig got no answer ({error})"
        )));
    }
    if output.is_json() {
        output.json(&report)?;
    } else if is_junit(output) {
        output.print(&junit(&report))?;
    } else {
        for check in report.checks.iter().skip(shown) {
            output.line(&checklist_line(check))?;
        }
        human_details(&report, &base, &token_reference(args), output)?;
    }
    Ok(crate::status::Status::from_valid(
        report.summary.failed == 0,
    ))
}

/// The plan's options: the sender, and the admin's mapping when given.
///
/// # Errors
/// Unreadable files, a mapping that cannot be simulated (its diagnostics go
/// to standard error), or `--as` naming another sender than the mapping's.
fn options(args: &ProbeArgs, base: &str, output: &mut Output) -> Result<ProbeOptions, Failure> {
    // clap accepts only SENDER_NAMES, so the fallback is never taken.
    let named = args
        .sender
        .as_deref()
        .map(|name| sender_named(name).unwrap_or(Sender::Rfc));
    let options = ProbeOptions::new(base, named.unwrap_or(Sender::Rfc))
        .with_seed(args.seed.unwrap_or_else(clock_seed))
        .with_write(args.write);
    let (Some(mapping), Some(user)) = (&args.mapping, &args.user) else {
        return Ok(options);
    };
    let config = input::read(mapping)?;
    let source = input::read(user)?;
    for file in [&config, &source] {
        if let Some(problem) = &file.problem {
            return Err(Failure::io(format!(
                "{}: {}",
                file.display, problem.message
            )));
        }
    }
    let options = match options.with_mapping(&config.text, &source.text) {
        Ok(options) => options,
        Err(e) => {
            let file = if e.in_user { &source } else { &config };
            if !output.is_json() {
                output.diagnostics(&e.diagnostics, file, Stream::Err)?;
            }
            return Err(Failure::new(format!("{}: {}", file.display, e.message)));
        }
    };
    match options.sender_conflict(named) {
        Some(why) => Err(Failure::new(format!("--as {why}; leave --as out"))),
        None => Ok(options),
    }
}

/// A seed that differs from run to run: a run that was killed before its
/// cleanup must not collide with its own leftovers the next time.
fn clock_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| {
            d.as_secs()
                .wrapping_mul(1_000_000_007)
                .wrapping_add(u64::from(d.subsec_nanos()))
        })
}

fn is_junit(output: &Output) -> bool {
    output.format() == Format::Junit
}

/// The token: `--token-file`, else the variable `--token-env` names, else
/// `SCIMKIT_TOKEN`; none at all is allowed (servers without authentication).
fn token(args: &ProbeArgs) -> Result<Option<String>, Failure> {
    if let Some(path) = &args.token_file {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Failure::io(format!(
                "cannot read the token file `{}`: {e}",
                path.display()
            ))
        })?;
        let first = text.lines().next().unwrap_or("").trim().to_string();
        if first.is_empty() {
            return Err(Failure::new(format!(
                "the token file `{}` is empty",
                path.display()
            )));
        }
        return Ok(Some(first));
    }
    let var = args.token_env.as_deref().unwrap_or(TOKEN_ENV);
    match std::env::var(var) {
        Ok(t) if !t.trim().is_empty() => Ok(Some(t.trim().to_string())),
        _ if args.token_env.is_some() => Err(Failure::new(format!(
            "the environment variable {var} (--token-env) is not set"
        ))),
        _ => Ok(None),
    }
}

/// Sends one request of the plan.
fn send(
    agent: &ureq::Agent,
    base: &str,
    token: Option<&str>,
    request: &Request,
) -> Result<Response, TransportError> {
    let url = format!("{base}{}", request.target());
    let mut builder = ureq::http::Request::builder()
        .method(request.method)
        .uri(&url)
        .header("Accept", "application/scim+json, application/json");
    let bearer = match request.auth {
        Auth::Token => token,
        Auth::WrongToken => Some(WRONG_TOKEN),
    };
    if let Some(bearer) = bearer {
        builder = builder.header("Authorization", format!("Bearer {bearer}"));
    }
    if request.body.is_some() {
        builder = builder.header("Content-Type", "application/scim+json");
    }
    let http = builder
        .body(request.body.clone().unwrap_or_default().into_bytes())
        .map_err(|e| TransportError {
            message: format!("cannot build the request for {url}: {e}"),
        })?;
    let response = agent.run(http).map_err(|e| TransportError {
        message: transport_message(&e),
    })?;
    let status = response.status().as_u16();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let content_type = header("content-type");
    let etag = header("etag");
    let mut bytes = Vec::new();
    let limit = u64::try_from(MAX_PROBE_RESPONSE_BYTES).unwrap_or(u64::MAX) + 1;
    response
        .into_body()
        .into_reader()
        .take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| TransportError {
            message: format!("the answer broke off: {e}"),
        })?;
    let truncated = bytes.len() > MAX_PROBE_RESPONSE_BYTES;
    bytes.truncate(MAX_PROBE_RESPONSE_BYTES);
    Ok(Response {
        status,
        content_type,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        truncated,
        etag,
    })
}

/// ureq's error in an admin's words, never with the token (it is not in
/// the URL, and ureq does not print headers).
fn transport_message(error: &ureq::Error) -> String {
    match error {
        ureq::Error::Timeout(_) => "timed out".to_string(),
        ureq::Error::ConnectionFailed => "connection failed".to_string(),
        ureq::Error::HostNotFound => "host not found".to_string(),
        ureq::Error::Io(e) => e.to_string(),
        other => other.to_string(),
    }
}

fn mark(status: Status) -> &'static str {
    match status {
        Status::Pass => "PASS",
        Status::Fail => "FAIL",
        Status::Warn => "WARN",
        Status::Skip => "SKIP",
    }
}

/// One line of the live checklist (printed with [`Output::line`], which
/// escapes what the server put into the message).
fn checklist_line(check: &Check) -> String {
    format!(
        "  {} {:<34} {}",
        mark(check.status),
        check.id,
        check.message
    )
}

/// The failures and warnings expanded, a copyable curl for each, and the totals.
/// How a copyable `curl` refers to the token, never the token itself: the
/// variable it came from, or the first line of the token file.
fn token_reference(args: &ProbeArgs) -> String {
    match (&args.token_file, &args.token_env) {
        (Some(path), _) => format!(
            "$(head -n 1 '{}')",
            path.display().to_string().replace('\'', "'\\''")
        ),
        (None, Some(var)) => format!("${var}"),
        (None, None) => format!("${TOKEN_ENV}"),
    }
}

fn human_details(
    report: &ProbeReport,
    base: &str,
    token: &str,
    output: &mut Output,
) -> Result<(), Failure> {
    for check in report
        .checks
        .iter()
        .filter(|c| matches!(c.status, Status::Fail | Status::Warn))
    {
        output.line("")?;
        output.line(&format!(
            "{} {}: {}",
            mark(check.status),
            check.id,
            check.title
        ))?;
        output.line(&format!("  found:     {}", check.message))?;
        output.line(&format!("  reference: {}", check.reference))?;
        if let Some(request) = &check.request {
            output.line(&format!(
                "  request:   {} {}  (Authorization: {})",
                request.method, request.target, request.authorization
            ))?;
            let auth = if request.authorization.contains("wrong") {
                format!("Bearer {WRONG_TOKEN}")
            } else {
                format!("Bearer {token}")
            };
            let method = if request.method == "GET" {
                String::new()
            } else {
                format!("-X {} ", request.method)
            };
            let data = request.body.as_ref().map_or(String::new(), |b| {
                format!(
                    " -H 'Content-Type: application/scim+json' --data '{}'",
                    b.replace('\'', "'\\''")
                )
            });
            output.line(&format!(
                "  try:       curl -i {method}-H \"Authorization: {auth}\"{data} '{base}{}'",
                request.target
            ))?;
        }
        if let Some(response) = &check.response {
            let excerpt: String = response.body.chars().take(300).collect();
            output.line(&format!(
                "  response:  {} {}  {}",
                response.status,
                response
                    .content_type
                    .as_deref()
                    .unwrap_or("(no Content-Type)"),
                excerpt.replace('\n', " ")
            ))?;
        }
        for d in check.diagnostics.iter().take(5) {
            output.line(&format!(
                "  {}[{}] {}: {}",
                d.severity, d.code, d.path, d.message
            ))?;
        }
        if check.diagnostics.len() > 5 {
            output.line(&format!(
                "  … and {} more diagnostics",
                check.diagnostics.len() - 5
            ))?;
        }
        if let Some(advice) = check.advice {
            output.line(&format!("  fix:       {advice}"))?;
        }
    }
    let s = report.summary;
    output.line("")?;
    output.line(&format!(
        "{base}: {} passed, {} failed, {} warnings, {} skipped",
        s.passed, s.failed, s.warnings, s.skipped
    ))
}

/// JUnit XML: one test case per check; failures and warnings carry the message.
fn junit(report: &ProbeReport) -> String {
    let s = report.summary;
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"scimkit probe {}\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">\n",
        xml(&report.target),
        report.checks.len(),
        s.failed,
        s.skipped
    );
    for c in &report.checks {
        out.push_str(&format!(
            "  <testcase classname=\"{}\" name=\"{}\">",
            xml(c.id.split('.').next().unwrap_or("probe")),
            xml(c.id)
        ));
        match c.status {
            Status::Fail => out.push_str(&format!(
                "<failure message=\"{}\">{}</failure>",
                xml(&c.message),
                xml(c.advice.unwrap_or(""))
            )),
            Status::Skip => out.push_str(&format!("<skipped message=\"{}\"/>", xml(&c.message))),
            Status::Warn => out.push_str(&format!(
                "<system-out>warning: {}</system-out>",
                xml(&c.message)
            )),
            Status::Pass => {}
        }
        out.push_str("</testcase>\n");
    }
    out.push_str("</testsuite>\n");
    out
}

/// Text escaped for XML, control characters dropped.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn junit_escapes_and_counts() {
        let report = scimkit::probe::run(ProbeOptions::new("http://x/<a>", Sender::Rfc), |_| {
            Ok(Response::scim(500, "\"oops\" & <b>"))
        });
        let xml = junit(&report);
        assert!(
            xml.contains("name=\"scimkit probe http://x/&lt;a&gt;\""),
            "{xml}"
        );
        assert!(
            xml.contains("<failure message=\"expected 200, got 500\">"),
            "{xml}"
        );
        assert_eq!(xml.matches("<testcase").count(), report.checks.len());
    }
}
