//! `probe`: test a live SCIM endpoint the way identity providers use it,
//! without doing any I/O here.
//!
//! A [`Plan`] yields requests and consumes responses; the caller's transport
//! sends them (the CLI uses an HTTP client, tests use recorded exchanges).
//! Every response body is validated in its context with the ordinary
//! validator, against the schemas the server itself publishes at `/Schemas`,
//! so every diagnostic scimkit knows applies to live answers too. The
//! checks, their ids and references are the table in [`CHECKS`].
//!
//! ```
//! use scimkit::detect::Sender;
//! use scimkit::probe::{run, ProbeOptions, Response, TransportError};
//!
//! // A "server" that refuses every connection: the probe cannot run.
//! let report = run(ProbeOptions::new("http://127.0.0.1:9", Sender::Rfc), |_| {
//!     Err(TransportError { message: "connection refused".into() })
//! });
//! assert_eq!(report.error.as_deref(), Some("connection refused"));
//! assert!(report.checks.is_empty());
//! ```
//!
//! Read-only unless [`ProbeOptions::with_write`]: then it also runs the
//! identity providers' writing sequence (create users, a duplicate, a
//! lookup in other letter case, update, deactivate, a group with members,
//! rename, the manager, delete), reading every change back and holding each
//! PATCH result against the core's own application of it, and removes what
//! it made at the end whatever failed. [`ProbeOptions::with_mapping`] sends
//! the requests an admin's own attribute mapping makes instead of the
//! built-in bodies. At the end, what `/ServiceProviderConfig` claims (patch,
//! filter, ETags, sorting) is held against what the run saw.

mod checks;
mod claims;
mod compare;
mod exchange;
mod ledger;
mod mapped;
mod plan;
mod redact;
mod step;
mod target;
mod write;

pub use checks::{CHECKS, Check, CheckInfo, Shown, ShownResponse, Status};
pub use exchange::{Auth, Request, Response, TransportError, WRONG_TOKEN};
pub use ledger::Leftover;
pub use mapped::MappingError;
pub use plan::{Plan, ProbeOptions, ProbeReport, SENDER_NAMES, Summary, sender_name, sender_named};
pub use redact::{MASK, Redactor};
pub use target::{BaseUrlError, TokenError, check_base_url, check_token, segment};

/// Runs a whole plan with `send` as the transport.
pub fn run(
    options: ProbeOptions,
    mut send: impl FnMut(&Request) -> Result<Response, TransportError>,
) -> ProbeReport {
    let mut plan = Plan::new(options);
    while let Some(request) = plan.next_request() {
        let outcome = send(&request);
        plan.receive(outcome);
    }
    plan.finish()
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod safety_tests;
