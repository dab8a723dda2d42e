//! Plain-text and ANSI rendering of diagnostics, shared by the CLI and tests.
//!
//! Finding problems and showing them are separate: checks produce
//! [`Diagnostic`]s, and this module paints them as
//! `file:line:column: severity[code] path: message` followed by the source line
//! with carets under the span.

use std::borrow::Cow;
use std::fmt::Write as _;

use super::{Diagnostic, LineIndex, Severity, floor_char_boundary};

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

/// Whether `c` must not reach a terminal as it is: C0 controls but tab and
/// newline, DEL, C1 controls (U+009B is a one-byte CSI, U+0085 a line
/// break), the bidirectional controls that make text read differently from
/// what it is, and the Unicode line and paragraph separators.
fn is_dangerous(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            // Bidirectional overrides, isolates and marks.
            '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                // Line and paragraph separators: what splits lines on them
                // (editors, log viewers, Python's splitlines) would see a
                // line the text does not have.
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// `text` with every character that could drive a terminal written as a
/// visible `\u001b`-style escape; the text itself when there is none.
///
/// Input reaches human output through attribute names, values, messages
/// and file names; printed raw, `\u{1b}]0;…\u{7}` would retitle the
/// terminal and `\u{1b}[2J` clear it, with or without colours.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_dangerous) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_dangerous(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `text` as exactly one line of human output: [`escape_controls`], and
/// newlines and carriage returns written as visible `\n` and `\r`, so that
/// a string from a server or a file cannot start a line of its own (a
/// forged `PASS write.cleanup`, say).
pub fn escape_line(text: &str) -> Cow<'_, str> {
    let escaped = escape_controls(text);
    if !escaped.contains(['\n', '\r']) {
        return escaped;
    }
    Cow::Owned(escaped.replace('\n', "\\n").replace('\r', "\\r"))
}

/// Renders `diagnostics` about `source` (when the input was text) as text.
/// Everything taken from the input is shown through [`escape_line`] (the
/// source excerpt, one line already, through [`escape_controls`]).
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
        let _ = write!(out, "{}{}", paint(BOLD), escape_line(&options.file_name));
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
            let _ = write!(
                out,
                " {}{}{}",
                paint(BOLD),
                escape_line(&d.path),
                paint(RESET)
            );
        }
        // One line each, whatever a name from a schema file or a server holds:
        // a newline in it must not start a line of its own (a forged `PASS`).
        let _ = writeln!(out, ": {}", escape_line(&d.message));
        if let (Some(text), Some(index), Some(span)) = (source, &index, d.span) {
            if span.line > 0 {
                let (start, end) = index.line_range(text, span.line);
                let excerpt = Excerpt::new(text, start, end, span.start, span.end);
                let gutter = span.line.to_string();
                let _ = writeln!(out, " {} | {}", gutter, excerpt.line);
                let pad = excerpt.before.chars().count();
                let width = excerpt.marked.chars().count().max(1);
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
            let _ = writeln!(
                out,
                "  {}help:{} {}",
                paint(DIM),
                paint(RESET),
                escape_line(help)
            );
        }
    }
    out
}

/// A piece of a source line as shown: tabs as spaces, controls escaped (so
/// the carets still line up under what is shown).
fn expand_tabs(s: &str) -> String {
    escape_controls(s).replace('\t', "    ")
}

/// Lines longer than this many bytes are shown as a window around the span.
const MAX_LINE: usize = 200;
/// Bytes of context shown before the span in a window.
const BEFORE: usize = 60;
/// Bytes of the span shown (and marked) at most in a window.
const MARKED: usize = 80;
/// Bytes of context shown after the span in a window.
const AFTER: usize = 40;

/// What is shown of a source line: the line (or a window of it, with `…`
/// where it is cut), the text before the span and the marked text.
///
/// A minified document is one line: printing it whole under every
/// diagnostic would print the document once per diagnostic (gigabytes for a
/// large ListResponse), so long lines are cut around the span.
struct Excerpt {
    line: String,
    before: String,
    marked: String,
}

impl Excerpt {
    fn new(text: &str, start: usize, end: usize, span_start: usize, span_end: usize) -> Excerpt {
        let s = span_start.clamp(start, end);
        let e = span_end.clamp(s, end);
        let slice = |a: usize, b: usize| text.get(a..b).unwrap_or("");
        if end - start <= MAX_LINE {
            return Excerpt {
                line: expand_tabs(slice(start, end)),
                before: expand_tabs(slice(start, s)),
                marked: expand_tabs(slice(s, e)),
            };
        }
        let from = if s - start > BEFORE {
            floor_char_boundary(text, s - BEFORE).max(start)
        } else {
            start
        };
        let shown_end = ceil_char_boundary(text, e.min(s + MARKED)).min(e);
        let to = ceil_char_boundary(text, shown_end + AFTER).min(end);
        let cut_before = if from > start { "…" } else { "" };
        let cut_after = if to < end { "…" } else { "" };
        Excerpt {
            line: format!("{cut_before}{}{cut_after}", expand_tabs(slice(from, to))),
            before: format!("{cut_before}{}", expand_tabs(slice(from, s))),
            marked: expand_tabs(slice(s, shown_end)),
        }
    }
}

/// The smallest char boundary not before `index` (std's is unstable).
fn ceil_char_boundary(text: &str, index: usize) -> usize {
    let mut i = index.min(text.len());
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Code, Report};

    #[test]
    fn one_line_stays_one_line() {
        assert_eq!(
            escape_line("ok\n  PASS write.cleanup\r\u{1b}[2J"),
            "ok\\n  PASS write.cleanup\\u000d\\u001b[2J"
        );
        assert_eq!(
            escape_line("a\u{2028}b\u{2029}c\u{85}d\u{200f}e\u{61c}"),
            "a\\u2028b\\u2029c\\u0085d\\u200fe\\u061c"
        );
        assert!(matches!(escape_line("plain"), Cow::Borrowed("plain")));
    }

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

    #[test]
    fn long_lines_are_cut_around_the_span() {
        // A minified document: one line of about 10 KB, the problem in the middle.
        let filler = "\"x\":\"é\",".repeat(1000);
        let text = format!("{{{filler}\"userName\":42,{filler}\"end\":1}}");
        let start = text.find("42").unwrap_or(0);
        let report = Report::new(vec![
            Diagnostic::new(Code::InvalidType, "/userName", "expected a string")
                .with_range(start, start + 2),
        ])
        .locate(&text);
        let options = RenderOptions {
            color: false,
            file_name: "min.json".into(),
        };
        let out = render(&report.diagnostics, Some(&text), &options);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3, "{out}");
        assert!(lines[1].len() < 250, "the line is cut: {}", lines[1]);
        assert!(lines[1].contains("…") && lines[1].ends_with('…'));
        // The caret sits under `42`.
        let caret = lines[2].find('^').unwrap_or(0);
        let shown: String = lines[1]
            .chars()
            .take(lines[2][..caret].chars().count())
            .collect();
        assert!(lines[1][shown.len()..].starts_with("42"), "{out}");
        assert_eq!(lines[2].matches('^').count(), 2);
    }

    #[test]
    fn input_cannot_drive_the_terminal() {
        // A raw ESC in the text (a syntax error) and decoded ones in the message.
        let text = "{\"a\": \"\u{1b}[2J\"}";
        let start = text.find('\u{1b}').unwrap_or(0);
        let report = Report::new(vec![
            Diagnostic::new(
                Code::UnknownAttribute,
                "/\u{1b}]0;pwned\u{7}",
                "unknown attribute `\u{1b}]0;pwned\u{7}` \u{9b}31m \u{202e}",
            )
            .with_range(start, start + 1)
            .with_help("\u{1b}[2J"),
        ])
        .locate(text);
        let options = RenderOptions {
            color: false,
            file_name: "a\u{1b}[2Jb.json".into(),
        };
        let out = render(&report.diagnostics, Some(text), &options);
        assert!(!out.chars().any(is_dangerous), "{out:?}");
        assert!(out.contains("a\\u001b[2Jb.json"), "{out}");
        assert!(
            out.contains("`\\u001b]0;pwned\\u0007` \\u009b31m \\u202e"),
            "{out}"
        );
        assert!(out.contains("help: \\u001b[2J"), "{out}");
        // The caret stays under the escaped character.
        let lines: Vec<&str> = out.lines().collect();
        let caret = lines[2].find('^').unwrap_or(0);
        assert_eq!(&lines[1][caret..caret + 6], "\\u001b", "{out}");
        assert_eq!(escape_controls("plain\ttext\n"), "plain\ttext\n");
    }
}
