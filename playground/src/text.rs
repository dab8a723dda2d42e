//! What the page says, as plain strings (unit-tested natively): summaries,
//! severity labels, positions. User and document text is only ever inserted
//! as text nodes; nothing here builds markup.

use scimkit::{Diagnostic, Report, Severity};

/// The icon shown with a severity, so colour is never the only signal.
pub const fn severity_icon(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "✖",
        Severity::Warning => "▲",
        Severity::Info => "ℹ",
    }
}

/// The word shown with a severity.
pub const fn severity_label(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
        Severity::Info => "Info",
    }
}

/// Counts of errors, warnings and notes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Notes (info).
    pub infos: usize,
}

impl Counts {
    /// The counts of some diagnostics.
    pub fn of<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> Counts {
        let mut c = Counts::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Info => c.infos += 1,
            }
        }
        c
    }

    /// `2 errors, 1 warning` (or `no problems`).
    pub fn describe(self) -> String {
        let mut parts = Vec::new();
        if self.errors > 0 {
            parts.push(plural(self.errors, "error"));
        }
        if self.warnings > 0 {
            parts.push(plural(self.warnings, "warning"));
        }
        if self.infos > 0 {
            parts.push(plural(self.infos, "note"));
        }
        if parts.is_empty() {
            "no problems".to_owned()
        } else {
            parts.join(", ")
        }
    }
}

/// `1 error`, `3 errors`.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The verdict line of a report: what a strict service provider would say.
pub fn verdict(report: &Report) -> String {
    let counts = Counts::of(&report.diagnostics);
    if report.valid {
        if report.diagnostics.is_empty() {
            "Accepted: no problems found".to_owned()
        } else {
            format!("Accepted, with {}", counts.describe())
        }
    } else {
        format!("Rejected: {}", counts.describe())
    }
}

/// Milliseconds for the status line: `0.42 ms`, `12 ms`.
pub fn millis(ms: f64) -> String {
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

/// The UTF-16 offset of byte `byte` in `text` (filter trees carry bytes;
/// the textarea counts UTF-16 code units).
pub fn utf16_offset(text: &str, byte: usize) -> usize {
    let mut byte = byte.min(text.len());
    while byte > 0 && !text.is_char_boundary(byte) {
        byte -= 1;
    }
    text.get(..byte).map_or(0, |p| p.encode_utf16().count())
}

/// The 1-based line of UTF-16 offset `offset` in `text`.
pub fn line_of_utf16(text: &str, offset: usize) -> usize {
    let mut units = 0;
    let mut line = 1;
    for c in text.chars() {
        if units >= offset {
            break;
        }
        units += c.len_utf16();
        if c == '\n' {
            line += 1;
        }
    }
    line
}

/// How many characters lie between UTF-16 offsets `start` and `end`.
pub fn chars_in_utf16_range(text: &str, start: usize, end: usize) -> usize {
    let mut units = 0;
    let mut count = 0;
    for c in text.chars() {
        if units >= end {
            break;
        }
        if units >= start {
            count += 1;
        }
        units += c.len_utf16();
    }
    count
}

/// The number of lines of `text` (an empty text has one).
pub fn line_count(text: &str) -> usize {
    text.bytes().filter(|&b| b == b'\n').count() + 1
}

/// The text of 1-based `line`.
pub fn line_text(text: &str, line: usize) -> &str {
    text.split('\n')
        .nth(line.saturating_sub(1))
        .unwrap_or("")
        .trim_end_matches('\r')
}

/// A caret line under `line_text` for a diagnostic at 1-based `column`
/// (Unicode scalar values) spanning `width` characters: `      ^^^`.
pub fn caret(column: usize, width: usize) -> String {
    format!(
        "{}{}",
        " ".repeat(column.saturating_sub(1)),
        "^".repeat(width.max(1))
    )
}

/// Bytes as `812 B`, `1.2 KB`.
pub fn size(bytes: usize) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    }
}

/// `text` with its first letter in upper case ("disable the user" → "Disable the user").
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
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
        let d = &report.diagnostics[0];
        assert_eq!(d.code.as_str(), "json-syntax");
        assert_eq!((d.span.unwrap().line, d.span.unwrap().column), (3, 8));
        assert_eq!(verdict(&report), "Rejected: 1 error");
    }

    #[test]
    fn verdicts_and_counts() {
        let report = validate(
            r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a"}"#,
        );
        assert_eq!(verdict(&report), "Accepted: no problems found");
        let c = Counts {
            errors: 2,
            warnings: 1,
            infos: 0,
        };
        assert_eq!(c.describe(), "2 errors, 1 warning");
        assert_eq!(Counts::default().describe(), "no problems");
        assert_eq!(severity_icon(Severity::Warning), "▲");
    }

    #[test]
    fn positions_in_utf16() {
        let text = "é\n𝄞x\ny";
        assert_eq!(utf16_offset(text, 2), 1);
        assert_eq!(utf16_offset(text, 7), 4);
        assert_eq!(line_of_utf16(text, 0), 1);
        assert_eq!(line_of_utf16(text, 2), 2);
        assert_eq!(line_of_utf16(text, 6), 3);
        assert_eq!(line_count(text), 3);
        assert_eq!(chars_in_utf16_range(text, 2, 5), 2);
        assert_eq!(line_text(text, 2), "𝄞x");
        assert_eq!(caret(3, 2), "  ^^");
        assert_eq!(millis(0.123), "0.12 ms");
        assert_eq!(size(2048), "2.0 KB");
    }
}
