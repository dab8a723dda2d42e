//! The canonical printer: lowercase operators, JSON string escapes, and only
//! the parentheses the structure needs. Its output parses back to the same tree.

use std::fmt::{self, Write};

use super::ast::{AttrPath, CompValue, Filter, Path};

/// Prints a filter canonically.
pub fn filter(f: &Filter) -> String {
    let mut out = String::with_capacity(64);
    // Writing to a String cannot fail.
    let _ = write_filter(&mut out, f);
    out
}

/// Whether `text` is exactly the canonical text of `f` (compared while
/// printing, without building the text).
pub fn is_canonical(text: &str, f: &Filter) -> bool {
    writes_exactly(text, |out| write_filter(out, f))
}

/// Whether `text` is exactly the canonical form of the attribute path `a`.
pub fn is_canonical_attr(text: &str, a: &AttrPath) -> bool {
    writes_exactly(text, |out| a.write_to(out))
}

/// Whether `write` writes exactly `text`.
fn writes_exactly(text: &str, write: impl FnOnce(&mut Matcher<'_>) -> fmt::Result) -> bool {
    let mut matcher = Matcher { rest: text };
    write(&mut matcher).is_ok() && matcher.rest.is_empty()
}

/// Prints a PATCH path or mapping target canonically.
pub fn path(p: &Path) -> String {
    let mut out = String::with_capacity(32);
    // Writing to a String cannot fail.
    let _ = write_path(&mut out, p);
    out
}

/// Prints a comparison value as it is written in a filter.
pub fn comp_value(v: &CompValue) -> String {
    let mut out = String::new();
    let _ = write_comp_value(&mut out, v);
    out
}

// Printing is on the hot path of every `parseFilter` call, so it writes into
// one sink rather than formatting pieces into strings of their own; the sink
// is a `String`, or a `Matcher` that only compares (`is_canonical`).

fn write_comp_value(out: &mut impl Write, v: &CompValue) -> fmt::Result {
    match v {
        CompValue::Null => out.write_str("null"),
        CompValue::Bool(b) => out.write_str(if *b { "true" } else { "false" }),
        CompValue::Number(n) => write!(out, "{n}"),
        CompValue::String(s) => write_json_string(out, s),
    }
}

/// A JSON string literal, escaped as `serde_json` escapes it: `"`, `\\` and
/// the control characters, nothing else.
fn write_json_string(out: &mut impl Write, s: &str) -> fmt::Result {
    out.write_char('"')?;
    let mut rest = s;
    while let Some(i) = rest.find(|c: char| c == '"' || c == '\\' || c < ' ') {
        let (plain, tail) = rest.split_at(i);
        out.write_str(plain)?;
        let mut chars = tail.chars();
        match chars.next() {
            Some('"') => out.write_str("\\\"")?,
            Some('\\') => out.write_str("\\\\")?,
            Some('\n') => out.write_str("\\n")?,
            Some('\r') => out.write_str("\\r")?,
            Some('\t') => out.write_str("\\t")?,
            Some('\u{8}') => out.write_str("\\b")?,
            Some('\u{c}') => out.write_str("\\f")?,
            Some(c) => write!(out, "\\u{:04x}", u32::from(c))?,
            None => {}
        }
        rest = chars.as_str();
    }
    out.write_str(rest)?;
    out.write_char('"')
}

fn write_path(out: &mut impl Write, p: &Path) -> fmt::Result {
    p.attribute.write_to(out)?;
    if let Some(f) = &p.filter {
        out.write_char('[')?;
        write_filter(out, f)?;
        out.write_char(']')?;
    }
    if let Some(sub) = &p.sub_attr {
        out.write_char('.')?;
        out.write_str(sub)?;
    }
    Ok(())
}

/// Binding strength: `or` 1, `and` 2, everything else 3.
fn precedence(f: &Filter) -> u8 {
    match f {
        Filter::Or { .. } => 1,
        Filter::And { .. } => 2,
        _ => 3,
    }
}

fn write_operand(out: &mut impl Write, f: &Filter, min: u8) -> fmt::Result {
    if precedence(f) < min {
        out.write_char('(')?;
        write_filter(out, f)?;
        out.write_char(')')
    } else {
        write_filter(out, f)
    }
}

fn write_filter(out: &mut impl Write, f: &Filter) -> fmt::Result {
    match f {
        Filter::Present { attribute, .. } => {
            attribute.write_to(out)?;
            out.write_str(" pr")
        }
        Filter::Compare {
            attribute,
            op,
            value,
            ..
        } => {
            attribute.write_to(out)?;
            out.write_char(' ')?;
            out.write_str(op.as_str())?;
            out.write_char(' ')?;
            write_comp_value(out, value)
        }
        Filter::Not { filter, .. } => {
            out.write_str("not (")?;
            write_filter(out, filter)?;
            out.write_char(')')
        }
        // Left-associative: a right operand of the same operator needs parentheses
        // to print back to the same tree.
        Filter::And { left, right } => {
            write_operand(out, left, 2)?;
            out.write_str(" and ")?;
            write_operand(out, right, 3)
        }
        Filter::Or { left, right } => {
            write_operand(out, left, 1)?;
            out.write_str(" or ")?;
            write_operand(out, right, 2)
        }
        Filter::ValuePath {
            attribute, filter, ..
        } => {
            attribute.write_to(out)?;
            out.write_char('[')?;
            write_filter(out, filter)?;
            out.write_char(']')
        }
    }
}

/// A sink that compares what is written with `rest` and fails at the first
/// difference, so that checking a text against the printer allocates
/// nothing and stops early.
struct Matcher<'t> {
    rest: &'t str,
}

impl Write for Matcher<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.rest = self.rest.strip_prefix(s).ok_or(fmt::Error)?;
        Ok(())
    }
}

impl std::fmt::Display for Filter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write_filter(f, self)
    }
}

impl std::fmt::Display for Path {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write_path(f, self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_text_is_recognised_without_printing() {
        let f = crate::filter::parse_filter(r#"userName Eq "b" and not (x pr)"#).unwrap();
        assert!(is_canonical(r#"userName eq "b" and not (x pr)"#, &f));
        assert!(!is_canonical(r#"userName Eq "b" and not (x pr)"#, &f));
        assert!(!is_canonical(r#"userName eq "b" and not (x pr) "#, &f));
        assert!(!is_canonical(r#"userName eq "b""#, &f));
    }

    #[test]
    fn string_literals_are_escaped_as_serde_json_escapes_them() {
        let mut all: String = (0u8..0x80).map(char::from).collect();
        all.push_str("é😀\u{2028}\"\\end");
        for s in [all.as_str(), "", "plain", "\"", "a\\b"] {
            let mut out = String::new();
            write_json_string(&mut out, s).unwrap();
            assert_eq!(out, serde_json::Value::String(s.to_string()).to_string());
        }
    }
}
