//! Assertions for a service provider's own Rust tests.
//!
//! Validate a response body from any HTTP client (reqwest, hyper, axum's
//! test client, a fixture file) and, when it is wrong, fail with a message
//! that lists every diagnostic with its path and the offending line, so the
//! failing test explains itself.
//!
//! ```
//! use scimkit::testing::{assert_valid, check};
//! use scimkit::validate::Context;
//!
//! // A body your server returned for GET /Users/2819c223…
//! let body = r#"{
//!   "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
//!   "id": "2819c223-7f76-453a-919d-413861904646",
//!   "userName": "bjensen@example.com",
//!   "meta": {"resourceType": "User"}
//! }"#;
//! assert_valid(body, Context::Response);
//!
//! // The same check without panicking, e.g. to assert on a specific code.
//! let failure = check(r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"b","password":"x","id":"1"}"#, Context::Response)
//!     .unwrap_err();
//! assert!(failure.report.has(scimkit::Code::NeverReturned));
//! assert!(failure.to_string().contains("/password"));
//! ```
// Panicking with a readable message is the purpose of assertion helpers.
#![allow(clippy::panic)]

use std::fmt;

use crate::diagnostics::{RenderOptions, Report, render};
use crate::schema::Registry;
use crate::validate::{Context, ValidateOptions, Validator};

/// A validation that found errors: the report and the text it is about.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The full report (errors and warnings).
    pub report: Report,
    /// The validated text.
    pub text: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self.report.errors().count();
        writeln!(
            f,
            "the SCIM document is invalid ({errors} error{}, {} diagnostic{} in all):",
            if errors == 1 { "" } else { "s" },
            self.report.diagnostics.len(),
            if self.report.diagnostics.len() == 1 {
                ""
            } else {
                "s"
            }
        )?;
        let options = RenderOptions {
            color: false,
            file_name: "body".to_string(),
        };
        f.write_str(&render(
            &self.report.diagnostics,
            Some(&self.text),
            &options,
        ))
    }
}

impl std::error::Error for Failure {}

/// Validates `body` (UTF-8 JSON bytes or text) with the built-in schemas.
///
/// # Errors
/// A [`Failure`] when the report has errors (warnings alone pass).
pub fn check(body: impl AsRef<[u8]>, context: Context) -> Result<Report, Failure> {
    check_with(
        &Validator::new(Registry::builtin()),
        body,
        &ValidateOptions::new(context),
    )
}

/// Validates `body` with your own validator (custom schemas) and options
/// (resource type, profile, lenient, dialect).
///
/// # Errors
/// A [`Failure`] when the report has errors.
pub fn check_with(
    validator: &Validator,
    body: impl AsRef<[u8]>,
    options: &ValidateOptions<'_>,
) -> Result<Report, Failure> {
    let text = String::from_utf8_lossy(body.as_ref()).into_owned();
    let report = validator.validate(&text, options);
    if report.valid {
        Ok(report)
    } else {
        Err(Failure { report, text })
    }
}

/// Panics with every diagnostic unless `body` is valid in `context`.
///
/// # Panics
/// When the body has errors; the message lists each with its path and line.
#[track_caller]
pub fn assert_valid(body: impl AsRef<[u8]>, context: Context) {
    if let Err(failure) = check(body, context) {
        panic!("{failure}");
    }
}

/// Panics unless `body` is a valid resource of `resource_type` (`User`,
/// `Group`, or a custom type of `validator`) in `context`.
///
/// # Panics
/// When the body has errors.
#[track_caller]
pub fn assert_valid_resource(
    validator: &Validator,
    body: impl AsRef<[u8]>,
    context: Context,
    resource_type: &str,
) {
    let options = ValidateOptions::new(context).with_resource_type(resource_type);
    if let Err(failure) = check_with(validator, body, &options) {
        panic!("{failure}");
    }
}

/// Panics unless validating `body` reports `code` at `path` (a JSON Pointer).
///
/// # Panics
/// When no diagnostic has that code and path; the message shows what was reported.
#[track_caller]
pub fn assert_reports(body: impl AsRef<[u8]>, context: Context, code: crate::Code, path: &str) {
    let text = String::from_utf8_lossy(body.as_ref()).into_owned();
    let report =
        Validator::new(Registry::builtin()).validate(&text, &ValidateOptions::new(context));
    if !report
        .diagnostics
        .iter()
        .any(|d| d.code == code && d.path == path)
    {
        let failure = Failure { report, text };
        panic!("expected {code} at `{path}`, but {failure}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_message_lists_every_diagnostic_with_its_line() {
        let body = "{\n  \"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"],\n  \"userName\": 7,\n  \"active\": \"yes\"\n}";
        let failure = check(body, Context::Create).unwrap_err();
        let message = failure.to_string();
        assert!(
            message.starts_with("the SCIM document is invalid (2 errors, 2 diagnostics in all):"),
            "{message}"
        );
        assert!(
            message.contains("body:3:15: error[invalid-type] /userName:"),
            "{message}"
        );
        assert!(message.contains(" 4 |   \"active\": \"yes\""), "{message}");
    }

    #[test]
    #[should_panic(expected = "/userName")]
    fn assert_valid_panics_with_the_path() {
        assert_valid(
            r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"]}"#,
            Context::Create,
        );
    }

    #[test]
    fn assert_reports_finds_the_code() {
        assert_reports(
            r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"]}"#,
            Context::Create,
            crate::Code::MissingRequired,
            "/userName",
        );
    }
}
