//! `scimkit probe`: the core's sans-IO probe plan driven over HTTP(S).
//!
//! All judging, what may be written, the base-URL and token rules, the
//! deadline and the redaction of secrets are the core's
//! ([`scimkit::probe`]); this module owns the transport (ureq with rustls:
//! timeouts, no redirects followed, bodies read to at most
//! [`MAX_PROBE_RESPONSE_BYTES`]), reading the token (from the environment
//! or a file, never an argument, never printed), the signals, and the
//! three output formats. Every string it prints passes the core's
//! [`Redactor`] first, and every copyable command is built by
//! [`shell_quote`].

use std::io::Read as _;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use scimkit::detect::Sender;
use scimkit::diagnostics::{Severity, escape_line};
use scimkit::encode::markup;
use scimkit::limits::{MAX_PROBE_RESPONSE_BYTES, MAX_PROBE_TOKEN_BYTES};
use scimkit::probe::{
    Auth, Check, Leftover, Plan, ProbeOptions, ProbeReport, Redactor, Request, Response, Status,
    TransportError, WRONG_TOKEN, check_base_url, check_token, sender_named,
};

use crate::args::{Format, ProbeArgs};
use crate::input;
use crate::output::{Output, Stream};
use crate::status::{Failure, Outcome};

/// The variable the token is read from unless `--token-env` names another.
const TOKEN_ENV: &str = "SCIMKIT_TOKEN";

/// Diagnostics shown per check in human output (the JSON report has all).
const SHOWN_DIAGNOSTICS: usize = 5;

/// Runs the probe.
///
/// # Errors
/// Usage problems (a base URL that is not a plain http(s) URL, a token that
/// cannot be read or used) and a probe that could not run at all (nothing
/// answers at the base URL), or was stopped.
pub fn run(args: &ProbeArgs, output: &mut Output) -> Outcome {
    let base = check_base_url(&args.base_url).map_err(|e| Failure::new(e.0))?;
    let token = token(args)?;
    // The token is masked in everything printed, server answers included.
    let redactor = Redactor::new(token.iter());
    if token.is_none() {
        // A server that lets anonymous requests in is a finding; one that
        // refuses them fails nearly every check, and this says why.
        output.note(&format!(
            "scimkit: no token: {TOKEN_ENV} is not set, so requests carry no Authorization header"
        ));
    }
    let options = options(args, &base, output)?.with_secrets(redactor.clone());
    let sender = options.sender;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(args.timeout)))
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
    let token_ref = token_reference(args);
    let mut plan = Plan::new(options);
    let signals = Signals::install();
    signals.keep(&plan, &redactor, output, &base, &token_ref);
    let started = Instant::now();
    let mut interrupted = false;
    let mut shown = 0;
    loop {
        let budget = plan.tick(started.elapsed());
        let Some(request) = plan.next_request() else {
            break;
        };
        let timeout = budget.min(Duration::from_secs(args.timeout));
        let outcome = send(&agent, &base, token.as_deref(), &request, timeout);
        plan.receive(outcome);
        if !interrupted && signals.interrupts.load(Ordering::SeqCst) > 0 {
            interrupted = true;
            plan.interrupt();
            output.note(
                "scimkit: interrupted: removing what the probe created (Ctrl-C again to quit now; what is left is then listed)",
            );
        }
        // A live checklist: each check as soon as it is decided.
        if human {
            for check in plan.checks().iter().skip(shown) {
                output.line(&checklist_line(check, &redactor))?;
            }
            output.flush()?;
            shown = plan.checks().len();
        }
        // What a second Ctrl-C or SIGTERM prints before the process ends.
        signals.keep(&plan, &redactor, output, &base, &token_ref);
    }
    let mut report = plan.finish();
    report.redact(&redactor);
    // The final output is written whole: a signal now waits for it.
    let _printing = signals.finishing();
    if let Some(error) = &report.error {
        return Err(Failure::io(format!(
            "the probe could not run: {base}/ServiceProviderConfig got no answer ({error})"
        )));
    }
    if output.is_json() {
        output.json(&report)?;
    } else if is_junit(output) {
        // Once more over the finished XML: dropping what XML forbids could
        // join a secret a server split with such characters.
        output.print(&redactor.text(&junit(&report, args.strict)))?;
    } else {
        for check in report.checks.iter().skip(shown) {
            output.line(&checklist_line(check, &redactor))?;
        }
        human_details(&report, &base, &token_ref, output)?;
    }
    if interrupted {
        let cleanup = report.checks.iter().find(|c| c.id == "write.cleanup");
        return Err(Failure::new(match cleanup {
            Some(c) => format!("interrupted; {}", c.message),
            None => "interrupted".to_string(),
        }));
    }
    Ok(crate::status::Status::from_valid(report.ok))
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
        .with_write(args.write)
        .with_strict(args.strict)
        .with_deadline(Duration::from_secs(args.deadline));
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
/// `SCIMKIT_TOKEN`; none at all is allowed (servers without
/// authentication), but a token that is there and unusable is an error.
fn token(args: &ProbeArgs) -> Result<Option<String>, Failure> {
    if let Some(path) = &args.token_file {
        // The path is not repeated: a token given by mistake in its place
        // would be printed.
        let source = "the file given with --token-file".to_string();
        let file = std::fs::File::open(path)
            .map_err(|e| Failure::io(format!("cannot read {source}: {e}")))?;
        // One byte past the limit says the file is too long.
        let limit = u64::try_from(MAX_PROBE_TOKEN_BYTES).unwrap_or(u64::MAX) + 1;
        let mut bytes = Vec::new();
        file.take(limit)
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::io(format!("cannot read {source}: {e}")))?;
        return check_token(&bytes, &source)
            .map(Some)
            .map_err(|e| Failure::new(e.0));
    }
    let var = args.token_env.as_deref().unwrap_or(TOKEN_ENV);
    if !is_variable_name(var) {
        // The value is not repeated: it may be the token itself.
        return Err(Failure::new(
            "--token-env needs the name of an environment variable (letters, digits and _, not starting with a digit), not its value".to_string(),
        ));
    }
    let source = format!("the environment variable {var}");
    match std::env::var_os(var) {
        Some(value) if !value.is_empty() => check_token(&os_bytes(&value), &source)
            .map(Some)
            .map_err(|e| Failure::new(e.0)),
        _ if args.token_env.is_some() => Err(Failure::new(format!(
            "the environment variable {var} (--token-env) is not set"
        ))),
        _ => Ok(None),
    }
}

/// The bytes of an environment value, as the system holds them.
#[cfg(unix)]
fn os_bytes(value: &std::ffi::OsStr) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt as _;
    value.as_bytes().to_vec()
}

/// The bytes of an environment value (not UTF-8: not a token).
#[cfg(not(unix))]
fn os_bytes(value: &std::ffi::OsStr) -> Vec<u8> {
    value
        .to_str()
        .map_or_else(|| vec![0xff], |s| s.as_bytes().to_vec())
}

/// Whether `name` can be written as `$name` in a shell.
fn is_variable_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Sends one request of the plan, waiting at most `timeout`.
fn send(
    agent: &ureq::Agent,
    base: &str,
    token: Option<&str>,
    request: &Request,
    timeout: Duration,
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
    let http = agent
        .configure_request(http)
        .timeout_global(Some(timeout))
        .build();
    let response = agent.run(http).map_err(|e| TransportError {
        message: transport_message(&e, timeout),
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

/// ureq's error in an admin's words (the token is not in the URL, ureq
/// does not print headers, and every message is redacted before it is shown).
fn transport_message(error: &ureq::Error, timeout: Duration) -> String {
    match error {
        ureq::Error::Timeout(_) => format!("timed out after {} s", timeout.as_secs_f32()),
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

/// One line of the live checklist: the message redacted and kept on one
/// line, whatever the server put into it.
fn checklist_line(check: &Check, redactor: &Redactor) -> String {
    format!(
        "  {} {:<34} {}",
        mark(check.status),
        check.id,
        escape_line(&redactor.text(&check.message))
    )
}

/// `text` as one POSIX shell word: single-quoted, each `'` written `'\''`.
/// Nothing inside single quotes is expanded, so a server's `$(…)` or
/// backquotes stay text.
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// How a copyable `curl` refers to the token, never the token itself: the
/// variable it came from, or the first line of the token file. Used inside
/// double quotes (`"Authorization: Bearer …"`).
fn token_reference(args: &ProbeArgs) -> String {
    match (&args.token_file, &args.token_env) {
        (Some(path), _) => format!("$(head -n 1 {})", shell_quote(&path.display().to_string())),
        // Checked by `token` to be a variable name.
        (None, Some(var)) => format!("${var}"),
        (None, None) => format!("${TOKEN_ENV}"),
    }
}

/// A copyable curl command: every argument but the Authorization header
/// single-quoted by [`shell_quote`]; the header names the token's variable
/// (or file), which is ours, never the server's.
fn curl(method: &str, url: &str, authorization: &str, body: Option<&str>) -> String {
    let mut line = String::from("curl -i");
    if method != "GET" {
        line.push_str(&format!(" -X {}", shell_quote(method)));
    }
    line.push_str(&format!(" -H \"Authorization: {authorization}\""));
    if let Some(body) = body {
        line.push_str(&format!(
            " -H 'Content-Type: application/scim+json' --data {}",
            shell_quote(body)
        ));
    }
    line.push(' ');
    line.push_str(&shell_quote(url));
    line
}

/// The failures and warnings expanded, a copyable curl for each, what is
/// left on the server, and the totals. `report` is redacted already.
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
        let mut lines = vec![
            format!("{} {}: {}", mark(check.status), check.id, check.title),
            format!("  found:     {}", escape_line(&check.message)),
            format!("  reference: {}", check.reference),
        ];
        if let Some(request) = &check.request {
            lines.push(format!(
                "  request:   {} {}  (Authorization: {})",
                request.method,
                escape_line(&request.url),
                request.authorization
            ));
            let auth = if request.authorization.contains("wrong") {
                format!("Bearer {WRONG_TOKEN}")
            } else {
                format!("Bearer {token}")
            };
            let url = &request.url;
            if request.removed {
                lines.push(
                    "  note:      the probe removed this object at its cleanup: run the command against one of your own"
                        .to_string(),
                );
            }
            lines.push(format!(
                "  try:       {}",
                curl(request.method, url, &auth, request.body.as_deref())
            ));
        }
        if let Some(response) = &check.response {
            let excerpt: String = response.body.chars().take(300).collect();
            lines.push(format!(
                "  response:  {} {}  {}",
                response.status,
                escape_line(
                    response
                        .content_type
                        .as_deref()
                        .unwrap_or("(no Content-Type)")
                ),
                escape_line(&excerpt)
            ));
        }
        for d in check.diagnostics.iter().take(SHOWN_DIAGNOSTICS) {
            lines.push(format!(
                "  {}[{}] {}: {}",
                d.severity,
                d.code,
                escape_line(&d.path),
                escape_line(&d.message)
            ));
        }
        let hidden = &check.diagnostics.get(SHOWN_DIAGNOSTICS..).unwrap_or(&[]);
        if !hidden.is_empty() {
            let count =
                |severity: Severity| hidden.iter().filter(|d| d.severity == severity).count();
            lines.push(format!(
                "  … and {} more diagnostics ({} errors, {} warnings, {} notes; --format json lists them all)",
                hidden.len(),
                count(Severity::Error),
                count(Severity::Warning),
                count(Severity::Info)
            ));
        }
        if let Some(advice) = check.advice {
            lines.push(format!("  fix:       {advice}"));
        }
        // One line each, whatever a server put into them (a line break in
        // a path would split a copyable command in two).
        for line in lines {
            output.line(&escape_line(&line))?;
        }
    }
    leftovers_section(&report.leftovers, base, token, output)?;
    let s = report.summary;
    output.line("")?;
    if let Some(stopped) = &report.stopped {
        output.line(&format!("stopped: {}", escape_line(stopped)))?;
    }
    output.line(&format!(
        "{base}: {} passed, {} failed, {} warnings, {} skipped",
        s.passed, s.failed, s.warnings, s.skipped
    ))
}

/// What is left on the server, each with a safe DELETE to copy.
fn leftovers_lines(leftovers: &[Leftover], base: &str, token: &str) -> Vec<String> {
    if leftovers.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        String::new(),
        format!(
            "Left on the server ({}): delete by hand what you recognise",
            leftovers.len()
        ),
    ];
    for left in leftovers {
        lines.push(format!(
            "  {} `{}` (id {}){}: {}",
            left.resource_type,
            escape_line(&left.name),
            escape_line(&left.id),
            if left.proven {
                ""
            } else {
                ", not proven the probe's"
            },
            escape_line(&left.reason)
        ));
        let url = format!("{base}{}", left.target);
        let auth = format!("Bearer {token}");
        lines.push(if left.id.is_empty() {
            // No id yet: find it first (the target is the lookup by name).
            format!("  look up:   {}", curl("GET", &url, &auth, None))
        } else {
            format!("  delete:    {}", curl("DELETE", &url, &auth, None))
        });
    }
    lines
}

fn leftovers_section(
    leftovers: &[Leftover],
    base: &str,
    token: &str,
    output: &mut Output,
) -> Result<(), Failure> {
    for line in leftovers_lines(leftovers, base, token) {
        output.line(&escape_line(&line))?;
    }
    Ok(())
}

/// JUnit XML: one test case per check; failures and warnings carry the
/// message (with `strict`, warnings are failures). `report` is redacted
/// already.
fn junit(report: &ProbeReport, strict: bool) -> String {
    let s = report.summary;
    let failures = s.failed + if strict { s.warnings } else { 0 };
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"scimkit probe {}\" tests=\"{}\" failures=\"{failures}\" skipped=\"{}\">\n",
        markup(&report.target),
        report.checks.len(),
        s.skipped
    );
    for c in &report.checks {
        out.push_str(&format!(
            "  <testcase classname=\"{}\" name=\"{}\">",
            markup(c.id.split('.').next().unwrap_or("probe")),
            markup(c.id)
        ));
        match c.status {
            Status::Fail => out.push_str(&format!(
                "<failure message=\"{}\">{}</failure>",
                markup(&c.message),
                markup(c.advice.unwrap_or(""))
            )),
            Status::Skip => out.push_str(&format!("<skipped message=\"{}\"/>", markup(&c.message))),
            // With --strict a warning fails the run, so CI shows it as one.
            Status::Warn if !strict => out.push_str(&format!(
                "<system-out>warning: {}</system-out>",
                markup(&c.message)
            )),
            Status::Warn => out.push_str(&format!(
                "<failure message=\"warning: {}\">{}</failure>",
                markup(&c.message),
                markup(c.advice.unwrap_or(""))
            )),
            Status::Pass => {}
        }
        out.push_str("</testcase>\n");
    }
    if !report.leftovers.is_empty() {
        let left: Vec<String> = report
            .leftovers
            .iter()
            .map(|l| format!("{} {} (id {}): {}", l.resource_type, l.name, l.id, l.reason))
            .collect();
        out.push_str(&format!(
            "  <system-err>left on the server: {}</system-err>\n",
            markup(&left.join("; "))
        ));
    }
    out.push_str("</testsuite>\n");
    out
}

/// SIGINT and SIGTERM. The first Ctrl-C stops the probe after the request
/// in flight and still removes what `--write` created; a second Ctrl-C or a
/// SIGTERM ends the process at once, after printing what is left on the
/// server (in JSON, the report so far).
struct Signals {
    interrupts: Arc<AtomicUsize>,
    /// What to print when the process ends abruptly, kept current by
    /// [`Signals::keep`]; its lock is held while the final output is written.
    last_words: Arc<Mutex<LastWords>>,
}

#[derive(Default)]
struct LastWords {
    /// The report so far (JSON) or the leftovers (human), per signal.
    interrupt: String,
    terminate: String,
    /// The final output has been written: nothing more to say.
    done: bool,
}

impl Signals {
    fn install() -> Signals {
        let signals = Signals {
            interrupts: Arc::new(AtomicUsize::new(0)),
            last_words: Arc::new(Mutex::new(LastWords::default())),
        };
        signals.listen();
        signals
    }

    #[cfg(unix)]
    fn listen(&self) {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let Ok(mut incoming) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
            return;
        };
        let interrupts = Arc::clone(&self.interrupts);
        let last_words = Arc::clone(&self.last_words);
        std::thread::spawn(move || {
            for signal in incoming.forever() {
                let terminate = signal == SIGTERM;
                if !terminate && interrupts.fetch_add(1, Ordering::SeqCst) == 0 {
                    continue;
                }
                Signals::last_words(&last_words, terminate);
            }
        });
    }

    #[cfg(not(unix))]
    fn listen(&self) {
        let interrupts = Arc::clone(&self.interrupts);
        let last_words = Arc::clone(&self.last_words);
        // Without a handler (another is installed) Ctrl-C simply ends the process.
        let _ = ctrlc::set_handler(move || {
            if interrupts.fetch_add(1, Ordering::SeqCst) >= 1 {
                Signals::last_words(&last_words, false);
            }
        });
    }

    /// Prints what is left and ends the process (130 for Ctrl-C, 143 for
    /// SIGTERM, as shells report them).
    fn last_words(last_words: &Mutex<LastWords>, terminate: bool) {
        use std::io::Write as _;
        static ONCE: AtomicBool = AtomicBool::new(false);
        if ONCE.swap(true, Ordering::SeqCst) {
            return;
        }
        let code = if terminate { 143 } else { 130 };
        let words = last_words
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !words.done {
            let text = if terminate {
                &words.terminate
            } else {
                &words.interrupt
            };
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(text.as_bytes());
            let _ = stdout.flush();
        }
        std::process::exit(code);
    }

    /// Prepares what a second Ctrl-C or SIGTERM prints now.
    fn keep(&self, plan: &Plan, redactor: &Redactor, output: &Output, base: &str, token: &str) {
        let words = |why: &str| {
            let mut report = plan.snapshot(why);
            report.redact(redactor);
            if output.is_json() {
                let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
                text.push('\n');
                text
            } else {
                let mut lines = leftovers_lines(&report.leftovers, base, token);
                lines.push(format!("stopped: {why}"));
                lines
                    .iter()
                    .map(|l| format!("{}\n", escape_line(l)))
                    .collect()
            }
        };
        let interrupt = words("interrupted a second time: the probe stopped at once");
        let terminate = words("terminated (SIGTERM): the probe stopped at once");
        let mut last = self
            .last_words
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        last.interrupt = interrupt;
        last.terminate = terminate;
    }

    /// Marks the final output as begun; the guard holds the lock so that a
    /// signal arriving meanwhile waits for it and adds nothing.
    fn finishing(&self) -> std::sync::MutexGuard<'_, LastWords> {
        let mut guard = self
            .last_words
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        guard.done = true;
        guard
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn junit_escapes_and_counts() {
        let report = scimkit::probe::run(ProbeOptions::new("http://x/<a>", Sender::Rfc), |_| {
            Ok(Response::scim(500, "\"oops\" & <b>"))
        });
        let xml = junit(&report, false);
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

    #[test]
    fn xml_drops_what_xml_forbids_and_keeps_line_breaks_as_references() {
        assert_eq!(
            markup("a\u{FFFE}b\u{FFFF}c\u{1}d\ne\u{10000}"),
            "abcd&#10;e\u{10000}"
        );
    }

    #[test]
    fn shell_words_are_single_quoted() {
        assert_eq!(shell_quote("it's $(x)"), "'it'\\''s $(x)'");
        let line = curl(
            "DELETE",
            "http://h/Users/a'b",
            "Bearer $SCIMKIT_TOKEN",
            Some("{\"a\":\"'\"}"),
        );
        assert_eq!(
            line,
            "curl -i -X 'DELETE' -H \"Authorization: Bearer $SCIMKIT_TOKEN\" -H 'Content-Type: application/scim+json' --data '{\"a\":\"'\\''\"}' 'http://h/Users/a'\\''b'"
        );
    }

    #[test]
    fn token_variables_are_shell_names() {
        assert!(is_variable_name("SCIMKIT_TOKEN"));
        assert!(is_variable_name("_t1"));
        assert!(!is_variable_name("1T"));
        assert!(!is_variable_name("A$(x)"));
        assert!(!is_variable_name(""));
    }
}
