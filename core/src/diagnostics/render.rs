//! Plain-text and ANSI rendering of diagnostics, shared by the CLI and tests.
//!
//! Finding problems and showing them are separate: checks produce
//! [`Diagnostic`]s, and this module paints them as
//! `file:line:column: severity[code] path: message` followed by the source line
//! with carets under the span.

use std::fmt::Write as _;

use super::{Diagnostic, LineIndex, Severity};

/// How to render diagnostics.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Paint with ANSI colours.
    pub color: bool,
    /// The name printed before the position (a file name, or `-` for stdin).
    pub file_name: String,
}

const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const BLUE: &str = "\x1b[1;34m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// Renders `diagnostics` about `source` (when the input was text) as text.
pub fn render(diagnostics: &[Diagnostic], source: Option<&str>, options: &RenderOptions) -> String {
    let index = source.map(LineIndex::new);
    let mut out = String::new();
    for d in diagnostics {
        let paint = |code: &'static str| if options.color { code } else { "" };
        let colour = match d.severity {
            Severity::Error => RED,
            Severity::Warning => YELLOW,
            Severity::Info => BLUE,
        };
        let (line, column) = d.span.map_or((0, 0), |s| (s.line, s.column));
        let _ = write!(out, "{}{}", paint(BOLD), options.file_name);
        if line > 0 {
            let _ = write!(out, ":{line}:{column}");
        }
        let _ = write!(
            out,
            ":{} {}{}[{}]{}",
            paint(RESET),
            paint(colour),
            d.severity,
            d.code,
            paint(RESET)
        );
        if !d.path.is_empty() {
            let _ = write!(out, " {}{}{}", paint(BOLD), d.path, paint(RESET));
        }
        let _ = writeln!(out, ": {}", d.message);
        if let (Some(text), Some(index), Some(span)) = (source, &index, d.span) {
            if span.line > 0 {
                let (start, end) = index.line_range(text, span.line);
                let line_text = text.get(start..end).unwrap_or("");
                let gutter = span.line.to_string();
                let _ = writeln!(out, " {} | {}", gutter, expand_tabs(line_text));
                let prefix = text.get(start..span.start.clamp(start, end)).unwrap_or("");
                let marked = text
                    .get(span.start.clamp(start, end)..span.end.clamp(start, end))
                    .unwrap_or("");
                let pad = expand_tabs(prefix).chars().count();
                let width = expand_tabs(marked).chars().count().max(1);
                let _ = writeln!(
                    out,
                    " {} | {}{}{}{}",
                    " ".repeat(gutter.len()),
                    " ".repeat(pad),
                    paint(colour),
                    "^".repeat(width),
                    paint(RESET)
                );
            }
        }
        if let Some(help) = &d.help {
            let _ = writeln!(out, "  {}help:{} {}", paint(DIM), paint(RESET), help);
        }
    }
    out
}

fn expand_tabs(s: &str) -> String {
    s.replace('\t', "    ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Code, Report};

    #[test]
    fn renders_position_and_caret() {
        let text = "{\n  \"userName\": 42\n}";
        let start = text.find("42").unwrap_or(0);
        let report = Report::new(vec![
            Diagnostic::new(Code::InvalidType, "/userName", "expected a string")
                .with_range(start, start + 2),
        ])
        .locate(text);
        let options = RenderOptions {
            color: false,
            file_name: "user.json".into(),
        };
        let out = render(&report.diagnostics, Some(text), &options);
        assert_eq!(
            out,
            "user.json:2:15: error[invalid-type] /userName: expected a string\n 2 |   \"userName\": 42\n   |               ^^\n"
        );
    }
}
