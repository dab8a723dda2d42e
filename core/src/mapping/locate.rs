//! Finding things in the configuration text: the node a JSON Pointer names,
//! and where a byte of a decoded string (an expression, a target path) sits
//! in the raw JSON text, so diagnostics about an expression point inside the
//! `"expression"` string even when it contains `\"` escapes.

use crate::json::{Kind, Node};
use crate::mapping::TextRange;

/// A parsed text that pointers are resolved against.
#[derive(Debug)]
pub(crate) struct Locator<'a> {
    text: &'a str,
    root: Node<'a>,
}

impl<'a> Locator<'a> {
    pub(crate) fn new(text: &'a str, root: Node<'a>) -> Locator<'a> {
        Locator { text, root }
    }

    pub(crate) fn root(&self) -> &Node<'a> {
        &self.root
    }

    pub(crate) fn text(&self) -> &'a str {
        self.text
    }

    /// The byte range of the value at `pointer`, or of its nearest existing
    /// ancestor (a missing member is reported on the object that lacks it).
    pub(crate) fn range(&self, pointer: &str) -> (usize, usize) {
        let node = self.nearest(pointer);
        node.range()
    }

    /// The range of `inner` (bytes of the decoded string at `pointer`) in the
    /// raw text; the whole value when the pointer does not name a string.
    pub(crate) fn inner_range(&self, pointer: &str, inner: TextRange) -> (usize, usize) {
        let (node, exact) = self.resolve(pointer);
        match (&node.kind, exact) {
            (Kind::String(s), true) => {
                let base = node.start as usize + 1;
                let raw = s.raw();
                let start = base + decoded_to_raw(raw, inner.start);
                let end = base + decoded_to_raw(raw, inner.end);
                (start, end.max(start))
            }
            _ => node.range(),
        }
    }

    fn nearest(&self, pointer: &str) -> &Node<'a> {
        self.resolve(pointer).0
    }

    /// The node at `pointer` and whether it exists (else its nearest ancestor).
    fn resolve(&self, pointer: &str) -> (&Node<'a>, bool) {
        self.root.resolve_pointer(pointer)
    }

    /// The pointer of the deepest value containing byte `offset` (for errors
    /// reported by position only, such as serde's).
    pub(crate) fn pointer_at(&self, offset: usize) -> String {
        let mut pointer = String::new();
        let mut node = &self.root;
        // Bounded by the JSON reader's depth limit.
        loop {
            let next = match &node.kind {
                Kind::Object(members) => members.iter().find_map(|m| {
                    let (ks, _) = m.key_range();
                    let (_, ve) = m.value.range();
                    (ks <= offset && offset < ve.max(ks + 1)).then(|| {
                        let key = m.key().decode();
                        (
                            format!("/{}", crate::diagnostics::escape_pointer_token(&key)),
                            &m.value,
                        )
                    })
                }),
                Kind::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
                    let (s, e) = item.range();
                    (s <= offset && offset < e).then(|| (format!("/{i}"), item))
                }),
                _ => None,
            };
            match next {
                Some((token, n)) => {
                    pointer.push_str(&token);
                    node = n;
                }
                None => return pointer,
            }
        }
    }
}

/// The offset in `raw` (a JSON string's text between the quotes) of byte
/// `decoded` of its decoded value.
pub(crate) fn decoded_to_raw(raw: &str, decoded: usize) -> usize {
    let bytes = raw.as_bytes();
    let mut r = 0;
    let mut d = 0;
    while r < bytes.len() && d < decoded {
        match bytes.get(r) {
            Some(b'\\') => match bytes.get(r + 1) {
                Some(b'u') => {
                    let code = raw
                        .get(r + 2..r + 6)
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .unwrap_or(0);
                    // A surrogate pair is two escapes for one 4-byte char.
                    if (0xD800..0xDC00).contains(&code) {
                        r += 12;
                        d += 4;
                    } else {
                        r += 6;
                        d += char::from_u32(code).map_or(3, char::len_utf8);
                    }
                }
                _ => {
                    r += 2;
                    d += 1;
                }
            },
            Some(_) => {
                let len = raw
                    .get(r..)
                    .and_then(|s| s.chars().next())
                    .map_or(1, char::len_utf8);
                r += len;
                d += len;
            }
            None => break,
        }
    }
    r.min(bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoded_offsets_skip_escapes() {
        // Decoded: Join(" ", [a])
        let raw = r#"Join(\" \", [a])"#;
        assert_eq!(decoded_to_raw(raw, 0), 0);
        assert_eq!(decoded_to_raw(raw, 5), 5);
        assert_eq!(decoded_to_raw(raw, 6), 7);
        assert_eq!(decoded_to_raw(raw, 10), 12);
        assert_eq!(decoded_to_raw(r"\u00e9x", 2), 6);
        assert_eq!(decoded_to_raw(r"\ud83d\ude00x", 4), 12);
    }

    #[test]
    fn pointers_resolve_and_are_found_by_offset() {
        let text = r#"{"a": [{"b": "x\"y"}, 2], "c~/": 1}"#;
        let root = crate::json::parse(text).unwrap();
        let loc = Locator::new(text, root);
        let (s, e) = loc.range("/a/0/b");
        assert_eq!(&text[s..e], r#""x\"y""#);
        let (s, e) = loc.inner_range("/a/0/b", TextRange::new(1, 3));
        assert_eq!(&text[s..e], r#"\"y"#);
        assert_eq!(loc.range("/a/7"), loc.range("/a"));
        let (s, _) = loc.range("/c~0~1");
        assert_eq!(&text[s..s + 1], "1");
        let offset = text.find("x\\").unwrap();
        assert_eq!(loc.pointer_at(offset), "/a/0/b");
        assert_eq!(loc.pointer_at(text.find("2]").unwrap()), "/a/1");
    }
}
