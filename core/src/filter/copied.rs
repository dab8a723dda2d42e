//! Filters as admins copy them: from a log line, the browser's address bar or
//! a request they captured. `filter=userName eq "jdoe"`, `?filter=…&count=10`,
//! `userName%20eq%20%22jdoe%22` (with `+` for spaces), `GET /Users?filter=…
//! HTTP/1.1` and `https://host/scim/v2/Users?filter=…` all hold a filter that
//! the grammar would otherwise reject with advice that does not apply ("use
//! eq" for the `=` of `filter=`).
//!
//! [`decode_copied`] finds the filter inside such text and keeps, for every
//! byte of the decoded filter, where it came from in the copied text, so that
//! every diagnostic and every node of the tree points into what the admin
//! pasted. [`parse_filter_text`] parses either form and says, in a
//! `filter-decoded` note, what was decoded. Decoding is one pass over text
//! already bounded by [`MAX_FILTER_BYTES`](crate::limits::MAX_FILTER_BYTES)
//! (the parser reports longer filters); it never fails, it only declines.

use super::ast::{Filter, Loc};
use super::parser::{Parsed, parse_filter_with};
use crate::diagnostics::{Code, Diagnostic};
use crate::dialect::Dialect;

/// A filter found inside copied text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copied {
    /// The filter, decoded.
    pub filter: String,
    /// What the copied text was: `a request line`, `a request URL`, `a query
    /// string` or `URL-encoded text`.
    pub form: &'static str,
    /// Query parameters other than `filter` that were left aside (`count`, …).
    pub other_parameters: Vec<String>,
    /// Byte offset in the copied text of each byte of `filter`, and of its end.
    offsets: Vec<usize>,
}

impl Copied {
    /// The byte offset in the copied text of byte `decoded` of the filter
    /// (offsets past the end give the end of the filter in the copied text).
    pub fn original(&self, decoded: usize) -> usize {
        self.offsets
            .get(decoded)
            .or_else(|| self.offsets.last())
            .copied()
            .unwrap_or(0)
    }

    /// Where the filter stands in the copied text.
    pub fn span(&self) -> (usize, usize) {
        (self.original(0), self.original(self.filter.len()))
    }

    fn remap(&self, loc: &mut Loc) {
        loc.start = self.original(loc.start);
        loc.end = self.original(loc.end);
    }

    /// Moves the spans of the tree from the decoded filter to the copied text.
    /// An explicit stack: `and`/`or` chains are as long as the filter.
    pub fn remap_tree(&self, filter: &mut Filter) {
        let mut stack = vec![filter];
        while let Some(node) = stack.pop() {
            match node {
                Filter::Present { attribute, loc } => {
                    self.remap(&mut attribute.loc);
                    self.remap(loc);
                }
                Filter::Compare {
                    attribute,
                    value_loc,
                    loc,
                    ..
                } => {
                    self.remap(&mut attribute.loc);
                    self.remap(value_loc);
                    self.remap(loc);
                }
                Filter::Not { filter, loc } => {
                    self.remap(loc);
                    stack.push(filter);
                }
                Filter::And { left, right } | Filter::Or { left, right } => {
                    stack.push(left);
                    stack.push(right);
                }
                Filter::ValuePath {
                    attribute,
                    filter,
                    loc,
                } => {
                    self.remap(&mut attribute.loc);
                    self.remap(loc);
                    stack.push(filter);
                }
            }
        }
    }

    /// Moves the spans of `diagnostics` from the decoded filter to the copied text.
    pub fn remap_diagnostics(&self, diagnostics: &mut [Diagnostic]) {
        for d in diagnostics {
            if let Some(span) = &mut d.span {
                span.start = self.original(span.start);
                span.end = self.original(span.end);
            }
        }
    }

    /// The `filter-decoded` note: what was read, and the filter it held.
    pub fn note(&self) -> Diagnostic {
        let aside = if self.other_parameters.is_empty() {
            String::new()
        } else {
            format!(
                " (left aside: {})",
                self.other_parameters
                    .iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let (start, end) = self.span();
        Diagnostic::new(
            Code::FilterDecoded,
            "",
            format!(
                "read as {}: checked the filter it holds, decoded: {}{aside}",
                self.form, self.filter
            ),
        )
        .with_range(start, end)
    }
}

/// The filter inside copied text, or `None` when the text is not one of the
/// copied forms (a filter as typed is checked as it is).
///
/// Recognised, after surrounding whitespace:
/// - a request line, `GET /scim/v2/Users?filter=… HTTP/1.1` (any method in
///   capitals; the query may hold raw spaces);
/// - a URL, `https://…?filter=…` or `/Users?filter=…`;
/// - a query string holding a `filter` parameter: `filter=…`, `?filter=…&count=10`;
/// - URL-encoded text without spaces, `userName%20eq%20%22jdoe%22` or
///   `userName+eq+%22jdoe%22` (a filter as typed always holds a space).
///
/// In the last three forms `+` is a space and `%XX` a byte; the decoded
/// bytes must be UTF-8. A URL without a `filter` parameter is not decoded.
pub fn decode_copied(text: &str) -> Option<Copied> {
    let trimmed = text.trim_start();
    let base = text.len() - trimmed.len();
    let trimmed = trimmed.trim_end();

    // A request line: METHOD target [HTTP/x.y].
    if let Some((method, rest)) = trimmed.split_once(' ') {
        if !method.is_empty() && method.bytes().all(|b| b.is_ascii_uppercase()) {
            let skipped = trimmed.len() - rest.len();
            let target = rest.trim_start();
            let start = base + skipped + (rest.len() - target.len());
            let target = match target.rfind(" HTTP/") {
                Some(at) => target.get(..at).unwrap_or(target).trim_end(),
                None => target,
            };
            if target.starts_with('/') || target.starts_with("http") {
                return from_url(target, start, "a request line");
            }
        }
    }
    if trimmed.starts_with('/') || trimmed.starts_with("http://") || trimmed.starts_with("https://")
    {
        return from_url(trimmed, base, "a request URL");
    }
    let query = trimmed.strip_prefix('?').unwrap_or(trimmed);
    if has_filter_parameter(query) {
        let start = base + trimmed.len() - query.len();
        return from_query(query, start, "a query string");
    }
    let percent = trimmed
        .as_bytes()
        .windows(3)
        .any(|w| w.first() == Some(&b'%') && w.iter().skip(1).all(u8::is_ascii_hexdigit));
    if !trimmed.bytes().any(|b| b.is_ascii_whitespace()) && (percent || trimmed.contains('+')) {
        return decode(trimmed, base, "URL-encoded text", Vec::new());
    }
    None
}

/// Parses `text` as a filter, or, when it is a copied form ([`decode_copied`]),
/// the filter it holds: every span (diagnostics and tree) points into `text`,
/// and a `filter-decoded` note says what was decoded.
pub fn parse_filter_text(text: &str, dialect: Dialect) -> Parsed<Filter> {
    let Some(copied) = decode_copied(text) else {
        return parse_filter_with(text, dialect);
    };
    let mut parsed = parse_filter_with(&copied.filter, dialect);
    copied.remap_diagnostics(&mut parsed.diagnostics);
    if let Some(filter) = &mut parsed.value {
        copied.remap_tree(filter);
    }
    parsed.diagnostics.push(copied.note());
    parsed
}

fn has_filter_parameter(query: &str) -> bool {
    query.split('&').any(|p| {
        p.split_once('=')
            .is_some_and(|(name, _)| name.trim().eq_ignore_ascii_case("filter"))
    })
}

/// The `filter` parameter of the query of `url` (which starts at `start`).
fn from_url(url: &str, start: usize, form: &'static str) -> Option<Copied> {
    let (before, query) = url.split_once('?')?;
    let query = query.split('#').next().unwrap_or(query);
    from_query(query, start + before.len() + 1, form)
}

/// The `filter` parameter of `query` (which starts at `start`).
fn from_query(query: &str, start: usize, form: &'static str) -> Option<Copied> {
    let mut at = start;
    let mut found = None;
    let mut others = Vec::new();
    for part in query.split('&') {
        match part.split_once('=') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("filter") => {
                if found.is_none() {
                    found = Some((value, at + name.len() + 1));
                }
            }
            _ => {
                let name = part.split('=').next().unwrap_or(part).trim();
                if !name.is_empty() {
                    others.push(name.to_owned());
                }
            }
        }
        at += part.len() + 1;
    }
    let (value, value_start) = found?;
    decode(value, value_start, form, others)
}

/// Percent-decodes `value` (at `start` in the copied text), `+` as a space.
fn decode(
    value: &str,
    start: usize,
    form: &'static str,
    other_parameters: Vec<String>,
) -> Option<Copied> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut offsets = Vec::with_capacity(bytes.len() + 1);
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        offsets.push(start + i);
        let escaped = match (b, bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) => hex(h).zip(hex(l)).map(|(h, l)| h * 16 + l),
            _ => None,
        };
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(if b == b'+' { b' ' } else { b });
                i += 1;
            }
        }
    }
    offsets.push(start + bytes.len());
    let filter = String::from_utf8(out).ok()?;
    if filter.trim().is_empty() {
        return None;
    }
    Some(Copied {
        filter,
        form,
        other_parameters,
        offsets,
    })
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(text: &str) -> Option<(String, &'static str, (usize, usize))> {
        decode_copied(text).map(|c| (c.filter.clone(), c.form, c.span()))
    }

    #[test]
    fn copied_forms_give_their_filter() {
        let f = r#"userName eq "jdoe""#;
        assert_eq!(
            decoded(r#"filter=userName eq "jdoe""#),
            Some((f.into(), "a query string", (7, 25)))
        );
        assert_eq!(
            decoded("?filter=userName%20eq%20%22jdoe%22&count=10").map(|d| d.0),
            Some(f.into())
        );
        assert_eq!(
            decoded("userName%20eq%20%22jdoe%22").map(|d| d.1),
            Some("URL-encoded text")
        );
        assert_eq!(
            decoded("userName+eq+%22jdoe%22").map(|d| d.0),
            Some(f.into())
        );
        assert_eq!(
            decoded(r#"GET /scim/v2/Users?filter=userName eq "jdoe" HTTP/1.1"#),
            Some((f.into(), "a request line", (26, 44)))
        );
        assert_eq!(
            decoded("https://h.example/scim/v2/Users?startIndex=1&filter=userName+eq+%22jdoe%22")
                .map(|d| d.0),
            Some(f.into())
        );
    }

    #[test]
    fn filters_as_typed_and_other_text_are_left_alone() {
        for text in [
            r#"userName eq "jdoe""#,
            r#"displayName = "Ada""#,
            "title pr",
            "/Users",
            "GET /Users HTTP/1.1",
            "%FF%FE",
            "",
            "filter=",
        ] {
            assert_eq!(decoded(text), None, "{text}");
        }
    }

    #[test]
    fn positions_point_into_the_copied_text() {
        let text = "filter=userName%20eq%20%22jdoe%22x";
        let parsed = parse_filter_text(text, Dialect::Strict);
        let syntax = parsed
            .diagnostics
            .iter()
            .find(|d| d.code == Code::FilterSyntax)
            .and_then(|d| d.span);
        // The decoded filter breaks at `x`, the last byte of the copied text.
        assert_eq!(syntax.map(|s| (s.start, s.end)), Some((33, 34)));
        let ok = parse_filter_text("filter=title%20pr", Dialect::Strict);
        assert_eq!(
            ok.value.map(|f| (f.loc().start, f.loc().end)),
            Some((7, 17))
        );
    }
}
