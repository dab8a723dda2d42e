//! Reading JSON text into a tree that remembers where everything came from.
//!
//! scimkit does not validate on `serde_json::Value`: a `Value` owns a copy of
//! every string and a map per object, which for a 10 MB Group is about four
//! times the text, and it forgets positions. [`parse`] builds a [`Node`] tree
//! whose strings and numbers are slices of the input and whose every node
//! carries its byte span, so diagnostics point at the exact text. The tree is
//! about 2.4× the text for the worst shape (a Group's 100,000 three-member
//! objects; BENCHMARKS.md), against serde_json's ~4×. Arrays and objects are
//! exact-size boxed slices, filled from one scratch stack; the outermost
//! array takes the stack itself, so the largest array is never held twice.
//!
//! The grammar is RFC 8259, strictly: no comments, no trailing commas, no
//! single quotes, no lone surrogates. A leading byte-order mark is skipped, as
//! RFC 8259 §8.1 allows. Errors say what was expected and where.

mod parser;
mod recover;

use std::borrow::Cow;

pub use parser::{parse, parse_counting};
pub use recover::syntax_errors;

use serde_json::{Map, Number, Value};

/// A JSON value with the byte range it occupies in the source text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    /// Byte offset of the first character of the value.
    pub start: u32,
    /// Byte offset one past the last character.
    pub end: u32,
    /// The value.
    pub kind: Kind<'a>,
}

/// The value of a [`Node`].
#[derive(Debug, Clone, PartialEq)]
pub enum Kind<'a> {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number, as its literal text (so integers and decimals stay distinguishable).
    Number(&'a str),
    /// A string.
    String(JsonStr<'a>),
    /// An array.
    Array(Box<[Node<'a>]>),
    /// An object, members in document order (duplicates kept).
    Object(Box<[Member<'a>]>),
}

/// A string as it appears between the quotes, decoded on demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonStr<'a> {
    raw: &'a str,
    escaped: bool,
}

/// One `"key": value` pair of an object.
///
/// The key's parts are stored inline rather than as a [`JsonStr`] so that the
/// member stays at 56 bytes (see the memory note in the module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct Member<'a> {
    key_raw: &'a str,
    key_start: u32,
    key_escaped: bool,
    /// The value.
    pub value: Node<'a>,
}

impl<'a> Member<'a> {
    /// The key.
    pub fn key(&self) -> JsonStr<'a> {
        JsonStr {
            raw: self.key_raw,
            escaped: self.key_escaped,
        }
    }

    /// The byte range of the key, quotes included.
    pub fn key_range(&self) -> (usize, usize) {
        let start = self.key_start as usize;
        (start, start + self.key_raw.len() + 2)
    }
}

impl<'a> JsonStr<'a> {
    /// The text between the quotes, escapes not decoded.
    pub fn raw(&self) -> &'a str {
        self.raw
    }

    /// Whether the string contains escapes (and so [`JsonStr::decode`] allocates).
    pub fn is_escaped(&self) -> bool {
        self.escaped
    }

    /// The decoded string; borrowed unless it contains escapes.
    pub fn decode(&self) -> Cow<'a, str> {
        if self.escaped {
            Cow::Owned(parser::unescape(self.raw))
        } else {
            Cow::Borrowed(self.raw)
        }
    }

    /// Compares the decoded value with `other`, ignoring ASCII case, without allocating
    /// for unescaped strings.
    pub fn eq_ignore_ascii_case(&self, other: &str) -> bool {
        if self.escaped {
            self.decode().eq_ignore_ascii_case(other)
        } else {
            self.raw.eq_ignore_ascii_case(other)
        }
    }

    /// Compares the decoded value with `other` exactly.
    pub fn eq_str(&self, other: &str) -> bool {
        if self.escaped {
            self.decode() == other
        } else {
            self.raw == other
        }
    }
}

impl<'a> Node<'a> {
    /// The byte range as `usize`s.
    pub fn range(&self) -> (usize, usize) {
        (self.start as usize, self.end as usize)
    }

    /// The JSON type name, as an admin reads it: `string`, `number`, `boolean`,
    /// `object`, `array` or `null`.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            Kind::Null => "null",
            Kind::Bool(_) => "boolean",
            Kind::Number(_) => "number",
            Kind::String(_) => "string",
            Kind::Array(_) => "array",
            Kind::Object(_) => "object",
        }
    }

    /// The value a JSON Pointer (RFC 6901) designates, or its nearest
    /// existing ancestor, and whether it was found exactly. A key given twice
    /// designates its last value, as when the text is read into a `Value`.
    pub fn resolve_pointer(&self, pointer: &str) -> (&Node<'a>, bool) {
        let mut node = self;
        if pointer.is_empty() {
            return (node, true);
        }
        for token in pointer.split('/').skip(1) {
            let token = token.replace("~1", "/").replace("~0", "~");
            let next = match &node.kind {
                Kind::Object(members) => members
                    .iter()
                    .rev()
                    .find(|m| m.key().eq_str(&token))
                    .map(|m| &m.value),
                Kind::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => return (node, false),
            }
        }
        (node, true)
    }

    /// Whether the value is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self.kind, Kind::Null)
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&[Member<'a>]> {
        match &self.kind {
            Kind::Object(members) => Some(members),
            _ => None,
        }
    }

    /// The elements, if this is an array.
    pub fn as_array(&self) -> Option<&[Node<'a>]> {
        match &self.kind {
            Kind::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The decoded string, if this is a string.
    pub fn as_str(&self) -> Option<Cow<'a, str>> {
        match &self.kind {
            Kind::String(s) => Some(s.decode()),
            _ => None,
        }
    }

    /// The boolean, if this is `true` or `false`.
    pub fn as_bool(&self) -> Option<bool> {
        match self.kind {
            Kind::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The number as `f64`, if this is a number.
    pub fn as_f64(&self) -> Option<f64> {
        match self.kind {
            Kind::Number(raw) => raw.parse().ok(),
            _ => None,
        }
    }

    /// The number as `i64`, if this is a number written without fraction or
    /// exponent that fits.
    pub fn as_i64(&self) -> Option<i64> {
        match self.kind {
            Kind::Number(raw) => raw.parse().ok(),
            _ => None,
        }
    }

    /// The first member whose key equals `key` exactly.
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        self.as_object()?
            .iter()
            .find(|m| m.key().eq_str(key))
            .map(|m| &m.value)
    }

    /// The first member whose key equals `key` ignoring ASCII case (SCIM
    /// attribute names are case-insensitive, RFC 7643 §2.1).
    pub fn get_ignore_case(&self, key: &str) -> Option<&Node<'a>> {
        self.as_object()?
            .iter()
            .find(|m| m.key().eq_ignore_ascii_case(key))
            .map(|m| &m.value)
    }

    /// Converts to a `serde_json::Value` (for PATCH application, mappings and
    /// anything else that edits documents).
    pub fn to_value(&self) -> Value {
        match &self.kind {
            Kind::Null => Value::Null,
            Kind::Bool(b) => Value::Bool(*b),
            Kind::Number(raw) => number_value(raw),
            Kind::String(s) => Value::String(s.decode().into_owned()),
            Kind::Array(items) => Value::Array(items.iter().map(Node::to_value).collect()),
            Kind::Object(members) => {
                let mut map = Map::with_capacity(members.len());
                for m in members.iter() {
                    map.insert(m.key().decode().into_owned(), m.value.to_value());
                }
                Value::Object(map)
            }
        }
    }
}

/// A number literal as a `serde_json` number: integers stay integers.
fn number_value(raw: &str) -> Value {
    if let Ok(i) = raw.parse::<i64>() {
        return Value::Number(i.into());
    }
    if let Ok(u) = raw.parse::<u64>() {
        return Value::Number(u.into());
    }
    raw.parse::<f64>()
        .ok()
        .and_then(Number::from_f64)
        .map_or(Value::Null, Value::Number)
}

/// Parses `text` and converts it to a `serde_json::Value`, with the same
/// positioned diagnostics as [`parse`].
///
/// # Errors
/// A [`crate::diagnostics::Diagnostic`] (`json-syntax` or a limit) when the
/// text is not JSON.
pub fn parse_value(text: &str) -> Result<Value, crate::diagnostics::Diagnostic> {
    parse(text).map(|node| node.to_value())
}

/// Whether a number literal is written as an integer (no fraction, no exponent).
pub fn is_integer_literal(raw: &str) -> bool {
    !raw.contains(['.', 'e', 'E'])
}

/// A parsed `Value`'s type, named as [`Node::type_name`] names it, so
/// messages about values read the same whichever form they came in.
pub fn value_type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_resolve_exactly_or_to_the_nearest_ancestor() {
        let text = r#"{"a/b": {"x": 1, "x": 2}, "list": [{"k": true}], "t~": 3}"#;
        let root = parse(text).unwrap();
        let at = |p: &str| {
            let (n, exact) = root.resolve_pointer(p);
            let (s, e) = n.range();
            (&text[s..e], exact)
        };
        assert_eq!(at(""), (text, true));
        assert_eq!(at("/a~1b/x"), ("2", true)); // a repeated key: its last value
        assert_eq!(at("/list/0/k"), ("true", true));
        assert_eq!(at("/t~0"), ("3", true));
        assert_eq!(at("/list/0/missing"), (r#"{"k": true}"#, false));
        assert_eq!(at("/list/7/k"), (r#"[{"k": true}]"#, false));
    }

    #[test]
    fn node_stays_small() {
        // The memory target (peak < 3x input for a 10 MB Group) depends on this.
        assert_eq!(std::mem::size_of::<Node<'_>>(), 32);
        assert_eq!(std::mem::size_of::<Member<'_>>(), 56);
    }

    #[test]
    fn converts_to_value_keeping_integers() {
        let node = parse(r#"{"a":[1,2.5,-3,"x\u00e9",true,null],"b":{}}"#);
        let value = node.map(|n| n.to_value()).unwrap_or(Value::Null);
        assert_eq!(
            value,
            serde_json::json!({"a":[1,2.5,-3,"xé",true,null],"b":{}})
        );
    }

    #[test]
    fn lookups_by_key() {
        let Ok(node) = parse(r#"{"userName":"a","Active":true}"#) else {
            panic!("valid JSON")
        };
        assert!(node.get("active").is_none());
        assert_eq!(
            node.get_ignore_case("active").and_then(Node::as_bool),
            Some(true)
        );
        assert_eq!(
            node.get("userName").and_then(Node::as_str).as_deref(),
            Some("a")
        );
    }
}
