//! Diagnostics: what every check in scimkit reports.
//!
//! A [`Diagnostic`] names a problem with a stable [`Code`], a JSON Pointer
//! (RFC 6901) into the input, a message written for an identity admin, and,
//! when the input was text, a [`Span`] locating the offending value. Every
//! feature (document validation, filters, PATCH, mappings, expressions) ends in
//! the same [`Report`], so the CLI, the npm package and the playground render
//! them the same way.
//!
//! Positions are byte offsets inside the core; lines and columns are 1-based and
//! columns count Unicode scalar values. Adapters convert to UTF-16 where an
//! editor needs it ([`Span::to_utf16`]).

mod codes;
mod pointer;
mod render;

pub use codes::{Code, markdown_table as code_table_markdown};
pub use pointer::{Pointer, escape_pointer_token, pointer_from_tokens};
pub use render::{RenderOptions, escape_controls, escape_line, render};

use serde::{Deserialize, Serialize};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input is wrong: a strict service provider rejects it.
    Error,
    /// The input is accepted but probably not what was meant.
    Warning,
    /// Worth knowing; nothing is wrong.
    Info,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a diagnostic points in the original text.
///
/// `start` and `end` are byte offsets (end exclusive); `line` and `column` are
/// 1-based and belong to `start`, with columns counted in Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based column of `start`, in Unicode scalar values.
    pub column: usize,
}

impl Span {
    /// A span over `start..end` of `text`, with line and column computed.
    pub fn locate(text: &str, start: usize, end: usize) -> Span {
        LineIndex::new(text).span(text, start, end)
    }

    /// How messages name a position: `line 3, column 7`, or `column 7` when
    /// `text` is one line (a filter, an expression). Never a byte offset.
    pub fn describe(text: &str, offset: usize) -> String {
        let at = Span::locate(text, offset, offset);
        if text.contains('\n') {
            format!("line {}, column {}", at.line, at.column)
        } else {
            format!("column {}", at.column)
        }
    }

    /// Converts the byte offsets into UTF-16 code-unit offsets, the unit of
    /// JavaScript strings and most editors. Columns stay in scalar values.
    pub fn to_utf16(self, text: &str) -> Span {
        let start = utf16_offset(text, self.start);
        let end = utf16_offset(text, self.end);
        Span { start, end, ..self }
    }
}

fn utf16_offset(text: &str, byte: usize) -> usize {
    let byte = floor_char_boundary(text, byte);
    text.get(..byte)
        .map_or(0, |prefix| prefix.encode_utf16().count())
}

/// Bytes per checkpoint of a [`Utf16Index`].
const UTF16_BLOCK: usize = 256;

/// UTF-16 code units contributed by one UTF-8 byte: a lead byte of a 4-byte
/// sequence is a surrogate pair, other lead bytes one unit, continuation
/// bytes none. Additive over any byte range, so chunks need no char boundaries.
fn utf16_units(byte: u8) -> usize {
    if byte & 0xC0 == 0x80 {
        0
    } else if byte >= 0xF0 {
        2
    } else {
        1
    }
}

/// Converts many byte offsets of one text into UTF-16 offsets, each in
/// bounded time: the identity for ASCII text, otherwise a count from the
/// nearest checkpoint (one every 256 bytes). Converting each span with
/// [`Span::to_utf16`] counts from the start of the text every time, which is
/// quadratic when a large document has many diagnostics (found by the npm
/// package's fuzz test: 400,000 diagnostics on a 1.2 MB text did not finish).
#[derive(Debug, Clone)]
pub struct Utf16Index<'t> {
    text: &'t str,
    /// UTF-16 units before each block, then the total (so that the offset
    /// of the text's end has a checkpoint even when the length is a multiple
    /// of the block size); empty for ASCII text.
    blocks: Vec<usize>,
}

impl<'t> Utf16Index<'t> {
    /// Indexes `text` (one pass; nothing is stored for ASCII text).
    pub fn new(text: &'t str) -> Utf16Index<'t> {
        let mut blocks = Vec::new();
        if !text.is_ascii() {
            blocks.reserve(text.len() / UTF16_BLOCK + 1);
            let mut units = 0;
            for chunk in text.as_bytes().chunks(UTF16_BLOCK) {
                blocks.push(units);
                units += chunk.iter().map(|&b| utf16_units(b)).sum::<usize>();
            }
            blocks.push(units);
        }
        Utf16Index { text, blocks }
    }

    /// The UTF-16 offset of byte offset `byte` (rounded down to a char boundary).
    pub fn offset(&self, byte: usize) -> usize {
        let byte = floor_char_boundary(self.text, byte);
        if self.blocks.is_empty() {
            return byte;
        }
        let block = byte / UTF16_BLOCK;
        let base = self.blocks.get(block).copied().unwrap_or(0);
        let from = block * UTF16_BLOCK;
        base + self
            .text
            .as_bytes()
            .get(from..byte)
            .map_or(0, |bytes| bytes.iter().map(|&b| utf16_units(b)).sum())
    }

    /// `span` with UTF-16 offsets (line and column unchanged).
    pub fn span(&self, span: Span) -> Span {
        Span {
            start: self.offset(span.start),
            end: self.offset(span.end),
            ..span
        }
    }
}

/// The largest char boundary not after `index` (std's is unstable).
pub(crate) fn floor_char_boundary(text: &str, index: usize) -> usize {
    if index >= text.len() {
        return text.len();
    }
    let mut i = index;
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Line starts of a text, built once to turn many byte offsets into lines.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// The 1-based line and column of byte offset `offset` in `text`.
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset);
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let line_start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = text
            .get(line_start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        (line, column)
    }

    /// The byte range of 1-based `line`, without its line break.
    pub fn line_range(&self, text: &str, line: usize) -> (usize, usize) {
        let start = self
            .starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let mut end = self
            .starts
            .get(line)
            .map_or(text.len(), |next| next.saturating_sub(1));
        if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        (start, end.max(start))
    }

    /// Like [`LineIndex::span`], counting the column on from `previous` (the
    /// position of an earlier offset) when it is on the same line and not
    /// after `start`; returns the position of `start` for the next call.
    fn span_after(
        &self,
        text: &str,
        start: usize,
        end: usize,
        previous: Option<Position>,
    ) -> (Span, Position) {
        let start = start.min(text.len());
        let end = end.clamp(start, text.len());
        let offset = floor_char_boundary(text, start);
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let column = match previous {
            Some(p) if p.line == line && p.offset <= offset => {
                p.column + text.get(p.offset..offset).map_or(0, |s| s.chars().count())
            }
            _ => self.line_column(text, offset).1,
        };
        let span = Span {
            start,
            end,
            line,
            column,
        };
        (
            span,
            Position {
                line,
                offset,
                column,
            },
        )
    }

    /// A [`Span`] over `start..end`.
    pub fn span(&self, text: &str, start: usize, end: usize) -> Span {
        let start = start.min(text.len());
        let end = end.clamp(start, text.len());
        let (line, column) = self.line_column(text, start);
        Span {
            start,
            end,
            line,
            column,
        }
    }
}

/// A located character boundary: where [`Report::locate`] left off.
#[derive(Debug, Clone, Copy)]
struct Position {
    line: usize,
    offset: usize,
    column: usize,
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// The stable code.
    pub code: Code,
    /// JSON Pointer (RFC 6901) into the input; `""` is the whole document.
    pub path: String,
    /// What is wrong, for an admin: the attribute, what was found, what is expected.
    pub message: String,
    /// Where it is in the original text, when the input was text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// What to do about it, when there is a concrete fix (often on the identity provider's side).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity.
    pub fn new(code: Code, path: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: code.default_severity(),
            code,
            path: path.into(),
            message: message.into(),
            span: None,
            help: None,
        }
    }

    /// Replaces the severity.
    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }

    /// Adds advice on how to fix the problem.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Sets the span.
    #[must_use]
    pub fn with_span(mut self, span: Span) -> Diagnostic {
        self.span = Some(span);
        self
    }

    /// Sets a byte range whose line and column are filled in later by
    /// [`Report::locate`] (cheap when many diagnostics share one text).
    #[must_use]
    pub fn with_range(mut self, start: usize, end: usize) -> Diagnostic {
        self.span = Some(Span {
            start,
            end,
            line: 0,
            column: 0,
        });
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}[{}]", self.severity, self.code)?;
        if !self.path.is_empty() {
            write!(f, " {}", self.path)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The outcome of a check: valid unless some diagnostic is an error.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Report {
    /// `true` when no diagnostic has severity `error`.
    pub valid: bool,
    /// Every diagnostic found, in document order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// A report over `diagnostics`, sorted by position (then path) so that they
    /// read top to bottom.
    pub fn new(mut diagnostics: Vec<Diagnostic>) -> Report {
        crate::order::sort_stable_by(&mut diagnostics, |a, b| {
            let pos = |d: &Diagnostic| d.span.map_or(usize::MAX, |s| s.start);
            pos(a).cmp(&pos(b)).then_with(|| a.path.cmp(&b.path))
        });
        let valid = !diagnostics.iter().any(Diagnostic::is_error);
        Report { valid, diagnostics }
    }

    /// Fills in line and column of every span set with [`Diagnostic::with_range`].
    ///
    /// Columns count characters from the start of the line, and a minified
    /// document is one line: counting from the line start for each
    /// diagnostic would be quadratic (a 100 MB ListResponse with many
    /// diagnostics took minutes). Diagnostics are in position order
    /// ([`Report::new`]), so each column is counted on from the previous
    /// diagnostic's when both are on the same line.
    #[must_use]
    pub fn locate(mut self, text: &str) -> Report {
        if self.diagnostics.iter().any(|d| d.span.is_some()) {
            let index = LineIndex::new(text);
            let mut previous: Option<Position> = None;
            for d in &mut self.diagnostics {
                if let Some(span) = d.span {
                    let (located, position) =
                        index.span_after(text, span.start, span.end, previous);
                    d.span = Some(located);
                    previous = Some(position);
                }
            }
        }
        self
    }

    /// Converts every span to UTF-16 offsets (for JavaScript callers).
    #[must_use]
    pub fn to_utf16(mut self, text: &str) -> Report {
        if self.diagnostics.iter().any(|d| d.span.is_some()) {
            let index = Utf16Index::new(text);
            for d in &mut self.diagnostics {
                d.span = d.span.map(|s| index.span(s));
            }
        }
        self
    }

    /// Keeps the first `max` diagnostics (in document order) and replaces the
    /// rest by one final `limit-diagnostics` warning that counts them. `valid`
    /// still reflects every diagnostic, so a report whose errors all lie past
    /// the cap stays invalid.
    ///
    /// 150,000 bad `primary` values made a 66 MB JSON report from a 7.8 MB
    /// input; nobody reads past the first few hundred anyway.
    #[must_use]
    pub fn capped(mut self, max: usize) -> Report {
        if self.diagnostics.len() <= max {
            return self;
        }
        let rest = self.diagnostics.split_off(max);
        let errors = rest.iter().filter(|d| d.is_error()).count();
        let others = rest.len() - errors;
        self.diagnostics.push(
            Diagnostic::new(
                Code::LimitDiagnostics,
                "",
                format!(
                    "{} more diagnostics ({errors} errors, {others} warnings or notes) are not listed: a report keeps the first {max}",
                    rest.len()
                ),
            )
            .with_help("fix the ones listed and check again, or raise the cap (--max-diagnostics on the command line, maxDiagnostics in the npm package)"),
        );
        self
    }

    /// The error diagnostics.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    /// Whether some diagnostic has `code`.
    pub fn has(&self, code: Code) -> bool {
        self.diagnostics.iter().any(|d| d.code == code)
    }

    /// Appends the diagnostics of `other`, keeping the order rules of [`Report::new`].
    #[must_use]
    pub fn merge(self, other: Report) -> Report {
        let mut all = self.diagnostics;
        all.extend(other.diagnostics);
        Report::new(all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_scalar_values() {
        let text = "{\n  \"name\": \"Zoë\", \"x\": 1\n}";
        let x = text.find("\"x\"").unwrap_or(0);
        let span = Span::locate(text, x, x + 3);
        assert_eq!((span.line, span.column), (2, 18));
        assert_eq!(span.to_utf16(text).start, x - 1);
    }

    #[test]
    fn utf16_index_agrees_with_counting_from_the_start() {
        let mut text = String::new();
        for piece in ["a", "é", "😀", "\u{800}", "\n", "ü😀"]
            .iter()
            .cycle()
            .take(400)
        {
            text.push_str(piece);
        }
        let index = Utf16Index::new(&text);
        for byte in 0..=text.len() + 2 {
            assert_eq!(index.offset(byte), utf16_offset(&text, byte), "byte {byte}");
        }
        let ascii = "plain ascii text";
        let index = Utf16Index::new(ascii);
        assert!(index.blocks.is_empty());
        assert_eq!(index.offset(5), 5);
        assert_eq!(index.offset(99), ascii.len());
    }

    #[test]
    fn utf16_index_maps_the_end_of_a_text_whose_length_is_a_multiple_of_the_block() {
        // 128 two-byte characters: 256 bytes, 128 UTF-16 units.
        let text = "é".repeat(128);
        assert_eq!(text.len(), UTF16_BLOCK);
        let index = Utf16Index::new(&text);
        assert_eq!(index.offset(text.len()), 128);
        assert_eq!(index.offset(text.len() + 5), 128);
        let span = index.span(Span {
            start: 2,
            end: text.len(),
            line: 1,
            column: 2,
        });
        assert_eq!((span.start, span.end), (1, 128));
        let text = "😀".repeat(128);
        assert_eq!(Utf16Index::new(&text).offset(text.len()), 256);
    }

    #[test]
    fn capped_reports_count_what_they_leave_out_and_stay_invalid() {
        let mut diagnostics: Vec<Diagnostic> = (0..5)
            .map(|i| {
                Diagnostic::new(Code::NonCanonicalValue, format!("/w{i}"), "w").with_range(i, i + 1)
            })
            .collect();
        diagnostics.push(Diagnostic::new(Code::InvalidType, "/e", "e").with_range(10, 11));
        let report = Report::new(diagnostics).capped(3);
        assert!(!report.valid);
        assert_eq!(report.diagnostics.len(), 4);
        let last = &report.diagnostics[3];
        assert_eq!(last.code, Code::LimitDiagnostics);
        assert!(
            last.message
                .starts_with("3 more diagnostics (1 errors, 2 warnings"),
            "{}",
            last.message
        );
        let same = Report::new(vec![Diagnostic::new(Code::InvalidType, "", "x")]);
        assert_eq!(same.clone().capped(1), same);
    }

    #[test]
    fn report_is_valid_without_errors_and_sorted() {
        let report = Report::new(vec![
            Diagnostic::new(Code::NonCanonicalValue, "/b", "later").with_range(9, 10),
            Diagnostic::new(Code::ReadOnlyInRequest, "/a", "earlier").with_range(2, 3),
        ]);
        assert!(report.valid);
        assert_eq!(report.diagnostics[0].path, "/a");
        let report = report.merge(Report::new(vec![Diagnostic::new(
            Code::InvalidType,
            "",
            "x",
        )]));
        assert!(!report.valid);
    }

    #[test]
    fn locate_counts_columns_on_and_agrees_with_span() {
        let text = "{\"a\":\"é\",\"b\":[1,2],\n \"c\":\"ü\", \"d\":3}";
        let offsets = [0, 1, 5, 6, 7, 9, 14, 17, 22, 24, 30, 31, 33, 29, 3];
        let report = Report {
            valid: true,
            diagnostics: offsets
                .iter()
                .map(|&o| Diagnostic::new(Code::InvalidType, "", "x").with_range(o, o + 1))
                .collect(),
        }
        .locate(text);
        for (d, &o) in report.diagnostics.iter().zip(&offsets) {
            assert_eq!(d.span, Some(Span::locate(text, o, o + 1)), "offset {o}");
        }
    }

    #[test]
    fn line_range_excludes_crlf() {
        let text = "ab\r\ncd";
        let index = LineIndex::new(text);
        assert_eq!(index.line_range(text, 1), (0, 2));
        assert_eq!(index.line_range(text, 2), (4, 6));
    }
}
