//! The JSON parser behind [`super::parse`]: recursive descent with an explicit
//! depth limit, so hostile nesting returns a diagnostic instead of overflowing
//! the stack.

use super::{JsonStr, Kind, Member, Node};
use crate::diagnostics::{Code, Diagnostic};
use crate::limits::{MAX_DOCUMENT_BYTES, MAX_JSON_DEPTH};

/// Parses one JSON document.
///
/// # Errors
/// Returns a `json-syntax` diagnostic whose span marks where the text broke,
/// `json-number-out-of-range` for numbers beyond `f64`, `limit-document-size`
/// for text over [`MAX_DOCUMENT_BYTES`] and `limit-nesting-depth` for nesting
/// deeper than [`MAX_JSON_DEPTH`]. Spans have line and column filled in.
pub fn parse(text: &str) -> Result<Node<'_>, Diagnostic> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(Diagnostic::new(
            Code::LimitDocumentSize,
            "",
            format!(
                "the document is {} bytes; scimkit reads documents of at most {} bytes",
                text.len(),
                MAX_DOCUMENT_BYTES
            ),
        )
        .with_span(crate::diagnostics::Span::locate(text, 0, 0)));
    }
    Parser::new(text, None)
        .document()
        .map_err(|e| e.into_diagnostic(text))
}

/// [`parse`], counting the elements of the array in the root object's
/// member `member` (any letter case) while reading: past `max` elements it
/// stops with `limit-operations` at `/member/max`, before the rest of the
/// document is held in memory. PATCH and bulk bodies are read this way: a
/// million operations took 2.1 s and 890 MB before they were refused.
///
/// # Errors
/// As [`parse`], plus that limit.
pub fn parse_counting<'t>(
    text: &'t str,
    member: &'static str,
    max: usize,
) -> Result<Node<'t>, Diagnostic> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return parse(text);
    }
    Parser::new(text, Some((member, max)))
        .document()
        .map_err(|e| {
            let limited = e.code == Code::LimitOperations;
            let mut d = e.into_diagnostic(text);
            if limited {
                d.path = format!("/{member}/{max}");
            }
            d
        })
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Scratch stack of finished array elements; each array drains its own tail.
    nodes: Vec<Node<'a>>,
    /// Scratch stack of finished object members.
    members: Vec<Member<'a>>,
    /// The root object's member whose array is counted, and its maximum.
    counted: Option<(&'static str, usize)>,
}

/// A parse failure before line/column are computed.
struct ParseError {
    code: Code,
    start: usize,
    end: usize,
    message: String,
    help: Option<String>,
}

impl ParseError {
    fn into_diagnostic(self, text: &str) -> Diagnostic {
        let mut d = Diagnostic::new(self.code, "", self.message)
            .with_span(crate::diagnostics::Span::locate(text, self.start, self.end));
        d.help = self.help;
        d
    }
}

type PResult<T> = Result<T, ParseError>;

/// Describes the character at a position for messages: `` `x` `` or "the end of the input".
fn describe(text: &str, pos: usize) -> String {
    match text.get(pos..).and_then(|s| s.chars().next()) {
        None => "the end of the input".to_string(),
        Some('\n') => "a line break".to_string(),
        Some('\t') => "a tab".to_string(),
        Some(c) if c.is_control() => format!("control character U+{:04X}", c as u32),
        Some(c) => format!("`{c}`"),
    }
}

fn char_len_at(text: &str, pos: usize) -> usize {
    text.get(pos..)
        .and_then(|s| s.chars().next())
        .map_or(0, char::len_utf8)
}

fn to_u32(n: usize) -> u32 {
    // The document size limit keeps every offset far below u32::MAX.
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl<'a> Parser<'a> {
    fn new(text: &'a str, counted: Option<(&'static str, usize)>) -> Parser<'a> {
        Parser {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            nodes: Vec::new(),
            members: Vec::new(),
            counted,
        }
    }

    fn error(&self, start: usize, message: impl Into<String>) -> ParseError {
        let end = start + char_len_at(self.text, start).max(usize::from(start < self.text.len()));
        ParseError {
            code: Code::JsonSyntax,
            start,
            end,
            message: message.into(),
            help: None,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn document(&mut self) -> PResult<Node<'a>> {
        if self.text.starts_with('\u{feff}') {
            self.pos = 3;
        }
        self.skip_ws();
        if self.peek().is_none() {
            return Err(self.error(self.pos, "the document is empty: expected a JSON value"));
        }
        let root = self.value(0)?;
        self.skip_ws();
        if self.pos < self.bytes.len() {
            let mut e = self.error(
                self.pos,
                format!(
                    "unexpected {} after the end of the JSON value",
                    describe(self.text, self.pos)
                ),
            );
            if matches!(self.peek(), Some(b'{' | b'[' | b'"')) {
                e.help = Some(
                    "a document holds one JSON value; to send several resources wrap them in an array or a ListResponse"
                        .into(),
                );
            }
            return Err(e);
        }
        Ok(root)
    }

    fn value(&mut self, depth: usize) -> PResult<Node<'a>> {
        let start = self.pos;
        let kind = match self.peek() {
            Some(b'{') => return self.object(depth),
            Some(b'[') => return self.array(depth, None),
            Some(b'"') => Kind::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => Kind::Number(self.number()?),
            Some(b't') => self.literal("true", Kind::Bool(true))?,
            Some(b'f') => self.literal("false", Kind::Bool(false))?,
            Some(b'n') => self.literal("null", Kind::Null)?,
            Some(b'\'') => {
                let mut e = self.error(start, "JSON strings must use double quotes, found `'`");
                e.help = Some("replace the single quotes with double quotes".into());
                return Err(e);
            }
            Some(b'T' | b'F')
                if self.word_at(start).eq_ignore_ascii_case("true")
                    || self.word_at(start).eq_ignore_ascii_case("false") =>
            {
                let word = self.word_at(start);
                let mut e = self.error(
                    start,
                    format!(
                        "`{word}` is not a JSON value; booleans are lowercase `true` and `false`"
                    ),
                );
                e.end = start + word.len();
                return Err(e);
            }
            _ => {
                if let Some(e) = self.comment_at(start) {
                    return Err(e);
                }
                return Err(self.error(
                    start,
                    format!(
                        "expected a JSON value, found {}",
                        describe(self.text, start)
                    ),
                ));
            }
        };
        Ok(Node {
            start: to_u32(start),
            end: to_u32(self.pos),
            kind,
        })
    }

    fn word_at(&self, start: usize) -> &'a str {
        let rest = self.text.get(start..).unwrap_or("");
        let len = rest
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .unwrap_or(rest.len());
        rest.get(..len).unwrap_or("")
    }

    fn literal(&mut self, word: &str, kind: Kind<'a>) -> PResult<Kind<'a>> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word.as_bytes()) {
            self.pos += word.len();
            Ok(kind)
        } else {
            let found = self.word_at(self.pos);
            let mut e = self.error(self.pos, format!("expected `{word}`, found `{found}`"));
            e.end = self.pos + found.len().max(1);
            if found.is_empty() {
                e.message = format!(
                    "expected a JSON value, found {}",
                    describe(self.text, self.pos)
                );
            } else if !matches!(found, "true" | "false" | "null") {
                e.message = format!(
                    "`{found}` is not a JSON value: strings need double quotes, and the only bare words are true, false and null"
                );
            }
            Err(e)
        }
    }

    fn enter(&self, depth: usize, start: usize) -> PResult<()> {
        if depth >= MAX_JSON_DEPTH {
            return Err(ParseError {
                code: Code::LimitNestingDepth,
                start,
                end: start + 1,
                message: format!(
                    "arrays and objects are nested more than {MAX_JSON_DEPTH} levels deep; SCIM documents never need this"
                ),
                help: None,
            });
        }
        Ok(())
    }

    fn array(&mut self, depth: usize, max: Option<usize>) -> PResult<Node<'a>> {
        let start = self.pos;
        self.enter(depth, start)?;
        self.pos += 1; // `[`
        let base = self.nodes.len();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
        } else {
            loop {
                self.skip_ws();
                if self.peek() == Some(b']') && self.nodes.len() > base {
                    return Err(self.trailing_comma(']'));
                }
                if let Some(max) = max.filter(|&m| self.nodes.len() - base >= m) {
                    return Err(ParseError {
                        code: Code::LimitOperations,
                        start: self.pos,
                        end: self.pos + 1,
                        message: format!(
                            "more than {max} operations; scimkit reads at most {max} and stopped reading at this one"
                        ),
                        help: Some(format!(
                            "split the request into several of at most {max} operations"
                        )),
                    });
                }
                let item = self.value(depth + 1)?;
                self.nodes.push(item);
                self.skip_ws();
                match self.peek() {
                    Some(b',') => self.pos += 1,
                    Some(b']') => {
                        self.pos += 1;
                        break;
                    }
                    None => return Err(self.unclosed(start, '[')),
                    Some(_) => {
                        return Err(self.error(
                            self.pos,
                            format!(
                                "expected `,` or `]` after an array element, found {}",
                                describe(self.text, self.pos)
                            ),
                        ));
                    }
                }
            }
        }
        let items: Box<[Node<'a>]> = if base == 0 {
            // The outermost array (a Group's members, a list's Resources):
            // shrink the scratch in place instead of copying it, so the
            // largest array never exists twice at the peak.
            std::mem::take(&mut self.nodes).into_boxed_slice()
        } else {
            self.nodes.drain(base..).collect()
        };
        Ok(Node {
            start: to_u32(start),
            end: to_u32(self.pos),
            kind: Kind::Array(items),
        })
    }

    fn object(&mut self, depth: usize) -> PResult<Node<'a>> {
        let start = self.pos;
        self.enter(depth, start)?;
        self.pos += 1; // `{`
        let base = self.members.len();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
        } else {
            loop {
                self.skip_ws();
                let key_start = self.pos;
                match self.peek() {
                    Some(b'"') => {}
                    Some(b'}') if self.members.len() > base => return Err(self.trailing_comma('}')),
                    None => return Err(self.unclosed(start, '{')),
                    Some(b'\'') => {
                        let mut e = self
                            .error(key_start, "object keys must be in double quotes, found `'`");
                        e.help = Some("replace the single quotes with double quotes".into());
                        return Err(e);
                    }
                    Some(_) => {
                        if let Some(e) = self.comment_at(key_start) {
                            return Err(e);
                        }
                        let word = self.word_at(key_start);
                        let mut e = self.error(
                            key_start,
                            format!(
                                "expected an object key in double quotes, found {}",
                                describe(self.text, key_start)
                            ),
                        );
                        if !word.is_empty() {
                            e.end = key_start + word.len();
                            e.help = Some(format!("write the key as \"{word}\""));
                        }
                        return Err(e);
                    }
                }
                let key = self.string()?;
                self.skip_ws();
                if self.peek() != Some(b':') {
                    return Err(self.error(
                        self.pos,
                        format!(
                            "expected `:` after the key \"{}\", found {}",
                            key.decode(),
                            describe(self.text, self.pos)
                        ),
                    ));
                }
                self.pos += 1;
                self.skip_ws();
                let value = match self.counted {
                    Some((member, max))
                        if depth == 0
                            && self.peek() == Some(b'[')
                            && key.decode().eq_ignore_ascii_case(member) =>
                    {
                        self.array(depth + 1, Some(max))?
                    }
                    _ => self.value(depth + 1)?,
                };
                self.members.push(Member {
                    key_raw: key.raw,
                    key_start: to_u32(key_start),
                    key_escaped: key.escaped,
                    value,
                });
                self.skip_ws();
                match self.peek() {
                    Some(b',') => self.pos += 1,
                    Some(b'}') => {
                        self.pos += 1;
                        break;
                    }
                    None => return Err(self.unclosed(start, '{')),
                    Some(b'"') => {
                        return Err(self.error(
                            self.pos,
                            "expected `,` between object members, found `\"`: a comma is missing",
                        ));
                    }
                    Some(_) => {
                        return Err(self.error(
                            self.pos,
                            format!(
                                "expected `,` or `}}` after an object member, found {}",
                                describe(self.text, self.pos)
                            ),
                        ));
                    }
                }
            }
        }
        let members: Box<[Member<'a>]> = if base == 0 {
            std::mem::take(&mut self.members).into_boxed_slice()
        } else {
            self.members.drain(base..).collect()
        };
        Ok(Node {
            start: to_u32(start),
            end: to_u32(self.pos),
            kind: Kind::Object(members),
        })
    }

    /// The error for a `//` or `/* */` comment starting at `start`, if one does.
    fn comment_at(&self, start: usize) -> Option<ParseError> {
        let rest = self.text.get(start..)?;
        let len = if rest.starts_with("//") {
            rest.find('\n').unwrap_or(rest.len())
        } else if rest.starts_with("/*") {
            rest.find("*/").map_or(rest.len(), |n| n + 2)
        } else {
            return None;
        };
        let mut e = self.error(start, "JSON has no comments");
        e.end = start + len;
        e.help = Some("delete the comment".into());
        Some(e)
    }

    fn trailing_comma(&self, close: char) -> ParseError {
        // Point at the comma itself, which is what must be deleted.
        let comma = self
            .text
            .get(..self.pos)
            .and_then(|s| s.rfind(','))
            .unwrap_or(self.pos);
        let mut e = self.error(
            comma,
            format!("trailing comma before `{close}`: JSON does not allow it"),
        );
        e.help = Some("delete the comma".into());
        e
    }

    fn unclosed(&self, open: usize, bracket: char) -> ParseError {
        let (line, column) =
            crate::diagnostics::LineIndex::new(self.text).line_column(self.text, open);
        let mut e = self.error(
            self.pos,
            format!(
                "the document ends before the `{bracket}` opened at line {line}, column {column} is closed"
            ),
        );
        e.help = Some("the text looks cut off: paste the whole document".into());
        e
    }

    fn string(&mut self) -> PResult<JsonStr<'a>> {
        let open = self.pos;
        self.pos += 1; // opening quote
        let content_start = self.pos;
        let mut escaped = false;
        loop {
            match self.peek() {
                Some(b'"') => break,
                Some(b'\\') => {
                    escaped = true;
                    self.escape()?;
                }
                Some(b) if b < 0x20 => {
                    let mut e = self.error(
                        self.pos,
                        format!(
                            "{} inside a string: control characters must be escaped",
                            describe(self.text, self.pos)
                        ),
                    );
                    if b == b'\n' {
                        e.message = format!(
                            "the string starting at {} is not closed on its line (line breaks inside strings must be written \\n)",
                            crate::diagnostics::Span::describe(self.text, open)
                        );
                    }
                    return Err(e);
                }
                Some(_) => self.pos += 1,
                None => {
                    let mut e = self.error(open, "the string is never closed: a `\"` is missing");
                    e.end = self.bytes.len();
                    return Err(e);
                }
            }
        }
        let raw = self.text.get(content_start..self.pos).unwrap_or("");
        self.pos += 1; // closing quote
        Ok(JsonStr { raw, escaped })
    }

    /// Checks one escape sequence starting at the backslash.
    fn escape(&mut self) -> PResult<()> {
        let at = self.pos;
        self.pos += 1;
        match self.peek() {
            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                self.pos += 1;
                Ok(())
            }
            Some(b'u') => {
                self.pos += 1;
                let unit = self.hex4(at)?;
                if (0xDC00..0xE000).contains(&unit) {
                    return Err(self.surrogate_error(
                        at,
                        "a low surrogate without a high surrogate before it",
                    ));
                }
                if (0xD800..0xDC00).contains(&unit) {
                    if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                        return Err(self.surrogate_error(
                            at,
                            "a high surrogate not followed by a low surrogate",
                        ));
                    }
                    self.pos += 2;
                    let low = self.hex4(at)?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err(self.surrogate_error(
                            at,
                            "a high surrogate not followed by a low surrogate",
                        ));
                    }
                }
                Ok(())
            }
            None => Err(self.error(at, "the string ends inside an escape sequence")),
            Some(_) => {
                let mut e = self.error(
                    at,
                    format!(
                        "invalid escape `\\{}` in a string; JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX",
                        self.text.get(self.pos..).and_then(|s| s.chars().next()).unwrap_or(' ')
                    ),
                );
                e.end = at + 1 + char_len_at(self.text, self.pos);
                e.help = Some("to write a backslash itself, double it: \\\\".into());
                Err(e)
            }
        }
    }

    fn surrogate_error(&self, at: usize, what: &str) -> ParseError {
        let mut e = self.error(at, format!("invalid Unicode escape: {what}"));
        e.end = self.pos.max(at + 1);
        e
    }

    fn hex4(&mut self, escape_start: usize) -> PResult<u32> {
        let digits = self.bytes.get(self.pos..self.pos + 4);
        let value = digits
            .filter(|d| d.iter().all(u8::is_ascii_hexdigit))
            .and_then(|d| std::str::from_utf8(d).ok())
            .and_then(|d| u32::from_str_radix(d, 16).ok());
        match value {
            Some(v) => {
                self.pos += 4;
                Ok(v)
            }
            None => {
                let mut e = self.error(
                    escape_start,
                    "`\\u` must be followed by four hexadecimal digits",
                );
                e.end = (self.pos + 4).min(self.bytes.len()).max(escape_start + 1);
                Err(e)
            }
        }
    }

    fn number(&mut self) -> PResult<&'a str> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if matches!(self.peek(), Some(b'0'..=b'9')) {
                    let mut e = self.error(start, "numbers cannot have leading zeros");
                    e.end = self.pos + 1;
                    e.help = Some(
                        "if this is an identifier, send it as a string in double quotes".into(),
                    );
                    return Err(e);
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => {
                return Err(self.error(
                    self.pos,
                    format!("expected a digit, found {}", describe(self.text, self.pos)),
                ));
            }
        }
        let mut plain = true;
        if self.peek() == Some(b'.') {
            plain = false;
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error(self.pos, "expected a digit after the decimal point"));
            }
            self.digits();
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            plain = false;
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error(self.pos, "expected a digit in the exponent"));
            }
            self.digits();
        }
        let raw = self.text.get(start..self.pos).unwrap_or("0");
        // Short plain integers always fit an f64; only check the others.
        if (!plain || raw.len() > 15) && raw.parse::<f64>().map_or(true, f64::is_infinite) {
            return Err(ParseError {
                code: Code::JsonNumberOutOfRange,
                start,
                end: self.pos,
                message: format!(
                    "the number {} is too large to be represented",
                    abbreviate(raw)
                ),
                help: Some("if this is an identifier, send it as a string in double quotes".into()),
            });
        }
        Ok(raw)
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
    }
}

fn abbreviate(s: &str) -> String {
    if s.len() <= 24 {
        s.to_string()
    } else {
        format!("{}… ({} characters)", s.get(..20).unwrap_or(s), s.len())
    }
}

/// Decodes the escapes of a string the parser has already checked. Invalid
/// sequences (impossible after parsing) become U+FFFD rather than panicking.
pub(super) fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('u') => {
                let high = hex_from(&mut chars);
                let code = if (0xD800..0xDC00).contains(&high) {
                    // The parser guarantees `\uXXXX` follows.
                    chars.next();
                    chars.next();
                    let low = hex_from(&mut chars);
                    0x10000 + ((high - 0xD800) << 10) + (low.wrapping_sub(0xDC00) & 0x3FF)
                } else {
                    high
                };
                out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

fn hex_from(chars: &mut std::str::Chars<'_>) -> u32 {
    (0..4).fold(0, |acc, _| {
        acc * 16 + chars.next().and_then(|c| c.to_digit(16)).unwrap_or(0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> Diagnostic {
        match parse(text) {
            Ok(_) => panic!("expected an error for {text:?}"),
            Err(d) => d,
        }
    }

    #[test]
    fn spans_cover_values() {
        let text = r#" {"a": [1, "x"], "b": null} "#;
        let Ok(root) = parse(text) else { panic!() };
        assert_eq!(root.range(), (1, 27));
        let a = root.get("a").map(Node::range);
        assert_eq!(a, Some((7, 15)));
        let members = root.as_object().unwrap_or_default();
        assert_eq!(members[1].key_range(), (17, 20));
    }

    #[test]
    fn decodes_escapes_and_surrogate_pairs() {
        let Ok(root) = parse(r#""a\"b\\c\/\n\u00e9\ud83d\ude00""#) else {
            panic!()
        };
        assert_eq!(root.as_str().as_deref(), Some("a\"b\\c/\né😀"));
    }

    #[test]
    fn reports_syntax_errors_with_positions() {
        let cases = [
            ("{\"a\":1,}", "trailing comma", 1, 7),
            ("{\"a\" 1}", "expected `:`", 1, 6),
            ("[1 2]", "expected `,` or `]`", 1, 4),
            ("{\"a\":1 \"b\":2}", "a comma is missing", 1, 8),
            ("{a:1}", "double quotes", 1, 2),
            ("\"abc", "never closed", 1, 1),
            ("{\"a\": True}", "booleans are lowercase", 1, 7),
            ("\"\\x\"", "invalid escape", 1, 2),
            ("\"\\ud800\"", "high surrogate", 1, 2),
            ("\"\\udc00\"", "low surrogate", 1, 2),
            ("01", "leading zeros", 1, 1),
            (
                "{\"a\":\n [1,\n 2",
                "ends before the `[` opened at line 2, column 2",
                3,
                3,
            ),
            ("{} {}", "after the end", 1, 4),
            ("", "empty", 1, 1),
            ("nul", "`nul` is not a JSON value", 1, 1),
            ("1e999", "too large", 1, 1),
        ];
        for (text, needle, line, column) in cases {
            let d = err(text);
            assert!(d.message.contains(needle), "{text:?}: {}", d.message);
            let span = d.span.unwrap_or(crate::diagnostics::Span {
                start: 0,
                end: 0,
                line: 0,
                column: 0,
            });
            assert_eq!(
                (span.line, span.column),
                (line, column),
                "{text:?}: {}",
                d.message
            );
        }
        assert_eq!(err("1e999").code, Code::JsonNumberOutOfRange);
    }

    #[test]
    fn deep_nesting_is_a_diagnostic_not_a_crash() {
        let text = "[".repeat(10_000) + &"]".repeat(10_000);
        assert_eq!(err(&text).code, Code::LimitNestingDepth);
        let ok = "[".repeat(MAX_JSON_DEPTH) + &"]".repeat(MAX_JSON_DEPTH);
        assert!(parse(&ok).is_ok());
        let over = "[".repeat(MAX_JSON_DEPTH + 1) + &"]".repeat(MAX_JSON_DEPTH + 1);
        assert_eq!(err(&over).code, Code::LimitNestingDepth);
    }

    #[test]
    fn accepts_bom_and_big_integers_as_text() {
        assert!(parse("\u{feff}{}").is_ok());
        let Ok(n) = parse("123456789012345678901234567890") else {
            panic!()
        };
        assert_eq!(n.as_i64(), None);
        assert!(n.as_f64().is_some());
    }
}
