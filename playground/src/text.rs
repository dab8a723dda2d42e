//! What the page says about a report, as plain strings (unit-tested natively).

use scimkit::{Diagnostic, Report};

/// The one-line status above the diagnostics list.
pub fn status(report: &Report, empty_input: bool) -> String {
    if empty_input {
        return "Paste JSON above to check it.".to_owned();
    }
    let errors = report.errors().count();
    match (report.valid, errors) {
        (true, _) if report.diagnostics.is_empty() => "Valid JSON: no problems found.".to_owned(),
        (true, _) => format!("Valid, with {} note(s).", report.diagnostics.len()),
        (false, 1) => "1 error.".to_owned(),
        (false, n) => format!("{n} errors."),
    }
}

/// One list item: `line 3, column 8: error [json-syntax] message (help)`.
pub fn describe(diagnostic: &Diagnostic) -> String {
    let mut out = String::new();
    if let Some(span) = diagnostic.span {
        out.push_str(&format!("line {}, column {}: ", span.line, span.column));
    }
    out.push_str(&format!(
        "{} [{}] {}",
        diagnostic.severity, diagnostic.code, diagnostic.message
    ));
    if !diagnostic.path.is_empty() {
        out.push_str(&format!(" (at {})", diagnostic.path));
    }
    if let Some(help) = &diagnostic.help {
        out.push_str(&format!(" Help: {help}"));
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn validate(text: &str) -> scimkit::Report {
        scimkit_wasm::api::Session::builtin()
            .validate(text, false, &scimkit_wasm::api::ValidateOpts::default())
            .unwrap()
    }

    #[test]
    fn describes_a_syntax_error_with_its_line() {
        let report = validate("{\n  \"a\": 1,\n  \"b\": tru\n}");
        let line = describe(&report.diagnostics[0]);
        assert!(
            line.starts_with("line 3, column 8: error [json-syntax] "),
            "{line}"
        );
        assert_eq!(status(&report, false), "1 error.");
    }

    #[test]
    fn valid_and_empty_input() {
        let report = validate(
            r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a"}"#,
        );
        assert_eq!(status(&report, false), "Valid JSON: no problems found.");
        assert_eq!(status(&report, true), "Paste JSON above to check it.");
    }
}
