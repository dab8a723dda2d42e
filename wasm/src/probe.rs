//! The DTOs of the npm package's `probe()`: the core's sans-IO plan, driven
//! by `fetch` in `wasm/npm/index.js`. The token is checked and masked here
//! by the core's rules, never put into a request: a request only says
//! whether it carries the token or a wrong one, and `fetch` adds it.

use serde::{Deserialize, Serialize};

use scimkit::detect::Sender;
use scimkit::limits::{MAX_PROBE_DEADLINE_SECS, MAX_PROBE_TIMEOUT_SECS};
use scimkit::probe::{
    Auth, Plan, ProbeOptions, ProbeReport, Redactor, Response, SENDER_NAMES, TransportError,
    WRONG_TOKEN, check_base_url, check_token, sender_named,
};

use crate::api::{ApiError, ApiResult};

/// The options of `probe()` that reach the plan (`token`, `timeout` and
/// `fetch` stay in JavaScript).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProbeOpts {
    /// The base URL, for the report.
    pub target: String,
    /// `rfc` (default), `entra`, `entra-scim-compliant` or `okta`.
    #[serde(rename = "as")]
    pub sender: Option<String>,
    /// Run the writing sequence too.
    #[serde(default)]
    pub write: bool,
    /// Seed of the names the probe makes up.
    #[serde(default)]
    pub seed: u64,
    /// The admin's attribute mapping (text in any format `scimkit map`
    /// reads); with `user`, its requests are sent.
    pub mapping: Option<String>,
    /// The source user (JSON text) the mapping is applied to.
    pub user: Option<String>,
    /// Seconds the whole run may take (1 to 3600; default 300).
    pub deadline: Option<f64>,
    /// Warnings fail the run too (`ok`).
    #[serde(default)]
    pub strict: bool,
    /// Seconds to wait for one answer (1 to 600), checked here; `fetch`
    /// applies it.
    pub timeout: Option<f64>,
}

/// One request for `fetch`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProbeRequest {
    /// The HTTP method.
    pub method: &'static str,
    /// Path and query below the base URL, percent-encoded.
    pub target: String,
    /// The bearer token to send instead of the caller's (the authentication
    /// check's wrong one); absent: the caller's token.
    pub bearer: Option<&'static str>,
    /// The JSON body, if any.
    pub body: Option<String>,
}

/// What `fetch` brought back, or why nothing came.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProbeOutcome {
    /// The HTTP status.
    #[serde(default)]
    pub status: u16,
    /// The `Content-Type`.
    pub content_type: Option<String>,
    /// The body text (at most the probe's limit).
    #[serde(default)]
    pub body: String,
    /// Whether the body was cut.
    #[serde(default)]
    pub truncated: bool,
    /// The `ETag` header.
    pub etag: Option<String>,
    /// Set when no answer came (timeout, connection refused).
    pub error: Option<String>,
}

/// `--as` names, as the CLI spells them.
pub fn sender(name: Option<&str>) -> ApiResult<Sender> {
    let name = name.unwrap_or("rfc");
    sender_named(name).ok_or_else(|| {
        ApiError::new(
            "invalid-option",
            format!(
                "`as` must be one of {}, found `{name}`",
                SENDER_NAMES.join(", ")
            ),
        )
    })
}

/// A new plan.
///
/// # Errors
/// `invalid-option` for an unknown sender or `mapping` without `user` (or
/// the other way round); `invalid-mapping` (with the diagnostics) for a
/// mapping or user the simulator cannot use; `invalid-option` for `as`
/// naming another sender than the mapping's.
pub fn plan(opts: &ProbeOpts, secrets: Redactor) -> ApiResult<Plan> {
    let named = opts
        .sender
        .as_deref()
        .map(|n| sender(Some(n)))
        .transpose()?;
    let target = check_base_url(&opts.target)
        .map_err(|e| ApiError::new("invalid-argument", format!("`baseUrl`: {e}")))?;
    seconds(opts.timeout, "timeout", MAX_PROBE_TIMEOUT_SECS)?;
    let deadline = seconds(opts.deadline, "deadline", MAX_PROBE_DEADLINE_SECS)?;
    let mut options = ProbeOptions::new(target, named.unwrap_or(Sender::Rfc))
        .with_seed(opts.seed)
        .with_write(opts.write)
        .with_strict(opts.strict)
        .with_secrets(secrets);
    if let Some(deadline) = deadline {
        options = options.with_deadline(deadline);
    }
    let options = match (&opts.mapping, &opts.user) {
        (None, None) => options,
        (Some(mapping), Some(user)) => options.with_mapping(mapping, user).map_err(|e| {
            let which = if e.in_user { "user" } else { "mapping" };
            ApiError::new("invalid-mapping", format!("`{which}`: {}", e.message))
                .with_diagnostics(e.diagnostics)
        })?,
        _ => {
            return Err(ApiError::new(
                "invalid-option",
                "`mapping` and `user` go together: the mapping is applied to the user",
            ));
        }
    };
    match options.sender_conflict(named) {
        Some(why) => Err(ApiError::new(
            "invalid-option",
            format!("`as`: {why}; leave `as` out"),
        )),
        None => Ok(Plan::new(options)),
    }
}

/// A number of seconds from 1 to `max`, as the CLI's `--timeout` and
/// `--deadline` take them.
fn seconds(value: Option<f64>, name: &str, max: u64) -> ApiResult<Option<std::time::Duration>> {
    let Some(value) = value else {
        return Ok(None);
    };
    // `max` is small, so the conversion is exact.
    #[allow(clippy::cast_precision_loss)]
    let in_range = value.is_finite() && (1.0..=max as f64).contains(&value);
    if !in_range {
        return Err(ApiError::new(
            "invalid-argument",
            format!("`{name}` must be a number of seconds from 1 to {max}, found {value}"),
        ));
    }
    Ok(Some(std::time::Duration::from_secs_f64(value)))
}

/// The caller's token checked by the core's rules (`""`: none).
///
/// # Errors
/// `invalid-argument` naming what is wrong, never the token.
pub fn token(token: &str) -> ApiResult<Option<String>> {
    if token.is_empty() {
        return Ok(None);
    }
    check_token(token.as_bytes(), "`token`")
        .map(Some)
        .map_err(|e| ApiError::new("invalid-argument", e.0))
}

/// The plan's next request, for `fetch`.
pub fn next_request(plan: &mut Plan) -> Option<ProbeRequest> {
    plan.next_request().map(|r| ProbeRequest {
        method: r.method,
        target: r.target(),
        bearer: (r.auth == Auth::WrongToken).then_some(WRONG_TOKEN),
        body: r.body,
    })
}

/// Hands what `fetch` brought back to the plan.
pub fn receive(plan: &mut Plan, outcome: ProbeOutcome) {
    plan.receive(match outcome.error {
        Some(message) => Err(TransportError { message }),
        None => Ok(Response {
            status: outcome.status,
            content_type: outcome.content_type,
            body: outcome.body,
            truncated: outcome.truncated,
            etag: outcome.etag,
        }),
    });
}

/// The report, `redactor`'s secrets masked.
pub fn finish(plan: Plan, redactor: &Redactor) -> ProbeReport {
    let mut report = plan.finish();
    report.redact(redactor);
    report
}
