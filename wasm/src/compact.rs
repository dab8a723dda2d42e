//! `parseFilter`'s fast path: the tree of a filter as numbers, most of them
//! offsets into the filter text the caller already holds.
//!
//! Building the tree as JSON and `JSON.parse`-ing it costs more than a whole
//! parse by a JavaScript filter parser, and so does decoding a returned
//! string (BENCHMARKS.md). Every attribute path, number and string without
//! escapes in a parsed filter is a slice of its text, so the tree crosses as
//! numbers (node tags, operator indexes and UTF-16 offsets) that
//! `decodeFilter` in `npm/index.js` turns into the objects the JSON would
//! give, from slices of the caller's string; a test holds the two equal on
//! every filter case. The canonical text crosses only when it differs from
//! the filter. A filter with a diagnostic, a string that has an escape, or
//! a number not written as serde_json prints it takes the JSON path.
//!
//! The numbers, in prefix order (a slice is its `start, end` offsets):
//!
//! | node | numbers |
//! |---|---|
//! | `and` / `or` | 1 / 2, the left operand, the right operand |
//! | `not` | 3, the operand |
//! | `present` | 4, attribute slice |
//! | `compare` | 5, attribute slice, operator index in [`CompareOp::ALL`], value |
//! | `valuePath` | 6, attribute slice, the inner filter |
//!
//! A value is 0 (null), 1 (true), 2 (false), 3 and the number's slice, or 4
//! and the slice between the string's quotes.

use scimkit::Utf16Index;
use scimkit::filter::{AttrPath, CompValue, CompareOp, Filter, print};

/// Appends the numbers of `filter`, parsed from `text`, to `numbers`; false
/// (with `numbers` partly written) when some part of the tree is not a plain
/// slice of `text`, which is checked piece by piece rather than assumed.
pub fn encode(text: &str, filter: &Filter, numbers: &mut Vec<u32>) -> bool {
    let mut out = Encoder {
        text,
        index: Utf16Index::new(text),
        numbers,
    };
    out.filter(filter).is_some()
}

struct Encoder<'t, 'n> {
    text: &'t str,
    index: Utf16Index<'t>,
    numbers: &'n mut Vec<u32>,
}

impl Encoder<'_, '_> {
    /// The tree is as deep as the filter's nesting, which the parser bounds
    /// (`limits::MAX_FILTER_DEPTH`).
    fn filter(&mut self, filter: &Filter) -> Option<()> {
        match filter {
            Filter::And { left, right } | Filter::Or { left, right } => {
                self.numbers.push(if matches!(filter, Filter::And { .. }) {
                    1
                } else {
                    2
                });
                self.filter(left)?;
                self.filter(right)
            }
            Filter::Not { filter, .. } => {
                self.numbers.push(3);
                self.filter(filter)
            }
            Filter::Present { attribute, .. } => {
                self.numbers.push(4);
                self.attribute(attribute)
            }
            Filter::Compare {
                attribute,
                op,
                value,
                value_loc,
                ..
            } => {
                self.numbers.push(5);
                self.attribute(attribute)?;
                let index = CompareOp::ALL.iter().position(|o| o == op)?;
                self.numbers.push(u32::try_from(index).ok()?);
                self.value(value, value_loc.start, value_loc.end)
            }
            Filter::ValuePath {
                attribute, filter, ..
            } => {
                self.numbers.push(6);
                self.attribute(attribute)?;
                self.filter(filter)
            }
        }
    }

    fn attribute(&mut self, attribute: &AttrPath) -> Option<()> {
        let (start, end) = (attribute.loc.start, attribute.loc.end);
        print::is_canonical_attr(self.text.get(start..end)?, attribute)
            .then(|| self.slice(start, end))
    }

    fn value(&mut self, value: &CompValue, start: usize, end: usize) -> Option<()> {
        match value {
            CompValue::Null => self.numbers.push(0),
            CompValue::Bool(b) => self.numbers.push(if *b { 1 } else { 2 }),
            CompValue::Number(n) => {
                // Only a number written as serde_json prints it: `-0` and
                // `1.50e1` are read differently by Number() than JSON.parse
                // reads serde_json's `0` and `15.0`.
                if self.text.get(start..end)? != n.to_string() {
                    return None;
                }
                self.numbers.push(3);
                self.slice(start, end);
            }
            CompValue::String(s) => {
                let inner = (start + 1, end.checked_sub(1)?);
                if self.text.get(inner.0..inner.1)? != s {
                    return None;
                }
                self.numbers.push(4);
                self.slice(inner.0, inner.1);
            }
        }
        Some(())
    }

    fn slice(&mut self, start: usize, end: usize) {
        for byte in [start, end] {
            let unit = self.index.offset(byte);
            self.numbers.push(u32::try_from(unit).unwrap_or(u32::MAX));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scimkit::filter::parse_filter;

    fn encoded(text: &str) -> Option<Vec<u32>> {
        let mut numbers = Vec::new();
        encode(
            text,
            &parse_filter(text).unwrap_or_else(|e| panic!("{e:?}")),
            &mut numbers,
        )
        .then_some(numbers)
    }

    #[test]
    fn every_node_and_value_kind() {
        assert_eq!(
            encoded(r#"userName eq "b""#),
            Some(vec![5, 0, 8, 0, 4, 13, 14])
        );
        assert_eq!(
            encoded("a pr and not (b gt 5) or c ne null"),
            Some(vec![
                2, 1, 4, 0, 1, 3, 5, 14, 15, 5, 3, 19, 20, 5, 25, 26, 1, 0
            ])
        );
        assert_eq!(
            encoded(r#"emails[type eq "work" and primary eq false]"#),
            Some(vec![6, 0, 6, 1, 5, 7, 11, 0, 4, 16, 20, 5, 26, 33, 0, 2])
        );
        // Offsets are UTF-16 code units: 😀 is two.
        assert_eq!(
            encoded(r#"x eq "😀" and y pr"#),
            Some(vec![1, 5, 0, 1, 0, 4, 6, 8, 4, 14, 15])
        );
        // Not canonical, but every part is still a slice of the text.
        assert_eq!(
            encoded(r#"(Username  Eq "b")"#),
            Some(vec![5, 1, 9, 0, 4, 15, 16])
        );
    }

    #[test]
    fn a_string_with_an_escape_takes_the_json_path() {
        assert_eq!(encoded(r#"a eq "x\"y""#), None);
        assert_eq!(encoded(r#"a eq "\u0041""#), None);
        // A number not written as serde_json prints it.
        assert_eq!(encoded("a eq -0"), None);
        assert_eq!(encoded("a eq 1.50e1"), None);
        assert_eq!(encoded("a eq 15.0"), Some(vec![5, 0, 1, 0, 3, 5, 9]));
    }
}
