//! Every syntax error of a document, not just the first.
//!
//! JSON pasted from documentation often has several problems of the same
//! kinds: comments, trailing commas, single quotes, unquoted keys, Python's
//! `True`/`None`, a missing comma. The parser stops at the first error (its
//! tree would mean nothing after it); this scanner then reads on from there
//! with a bracket stack, reporting each further problem it can recognise,
//! one diagnostic per problem, and stops at the first one it cannot step
//! over (an unclosed string, a bracket that does not match), so that it never
//! guesses.

use crate::diagnostics::{Code, Diagnostic, Span};

/// Most further syntax errors reported after the first.
const MAX_MORE: usize = 100;

/// `first` (the parser's error on `text`) and the further syntax errors the
/// scanner finds after it, in text order.
pub fn syntax_errors(text: &str, first: Diagnostic) -> Vec<Diagnostic> {
    if first.code != Code::JsonSyntax {
        return vec![first];
    }
    let after = first.span.map_or(usize::MAX, |s| s.start);
    let mut out = vec![first];
    let mut scanner = Scanner::new(text);
    scanner.run();
    for (start, end, message, help) in scanner.problems {
        if start <= after {
            continue;
        }
        if out.len() > MAX_MORE {
            break;
        }
        let mut d = Diagnostic::new(Code::JsonSyntax, "", message)
            .with_span(Span::locate(text, start, end));
        d.help = help;
        out.push(d);
    }
    out
}

/// What the scanner expects next inside the innermost container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    /// A value (top level, array element, after a key's colon).
    Value,
    /// An object key (or the end of the object).
    Key,
    /// The colon after a key.
    Colon,
    /// A comma or the end of the container.
    Next,
}

type Problem = (usize, usize, String, Option<String>);

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Open containers: `b'{'` or `b'['`.
    stack: Vec<u8>,
    want: Want,
    /// Where the last comma was, while nothing followed it yet.
    comma: Option<usize>,
    problems: Vec<Problem>,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Scanner<'a> {
        Scanner {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            stack: Vec::new(),
            want: Want::Value,
            comma: None,
            problems: Vec::new(),
        }
    }

    fn problem(&mut self, start: usize, end: usize, message: impl Into<String>, help: &str) {
        let help = (!help.is_empty()).then(|| help.to_string());
        self.problems.push((start, end, message.into(), help));
    }

    fn in_object(&self) -> bool {
        self.stack.last() == Some(&b'{')
    }

    /// After a complete value: a comma or the end of the container is next.
    fn after_value(&mut self) {
        self.want = Want::Next;
        self.comma = None;
    }

    /// A value or key starts where a comma was expected: say so once and read on.
    fn missing_comma(&mut self, at: usize) {
        if self.want == Want::Next && !self.stack.is_empty() {
            self.problem(at, at + 1, "expected `,` between two values", "add a comma");
            self.want = if self.in_object() {
                Want::Key
            } else {
                Want::Value
            };
        }
    }

    fn run(&mut self) {
        while self.pos < self.bytes.len() && self.problems.len() <= MAX_MORE {
            let start = self.pos;
            let Some(&b) = self.bytes.get(start) else {
                return;
            };
            match b {
                b' ' | b'\t' | b'\n' | b'\r' => self.pos += 1,
                b'/' if self.bytes.get(start + 1) == Some(&b'/') => {
                    let end = self
                        .text
                        .get(start..)
                        .and_then(|s| s.find('\n'))
                        .map_or(self.bytes.len(), |n| start + n);
                    self.problem(start, end, "JSON has no comments", "delete the comment");
                    self.pos = end;
                }
                b'/' if self.bytes.get(start + 1) == Some(&b'*') => {
                    let Some(close) = self.text.get(start + 2..).and_then(|s| s.find("*/")) else {
                        return;
                    };
                    let end = start + 2 + close + 2;
                    self.problem(start, end, "JSON has no comments", "delete the comment");
                    self.pos = end;
                }
                b'{' | b'[' => {
                    self.missing_comma(start);
                    self.stack.push(b);
                    self.want = if b == b'{' { Want::Key } else { Want::Value };
                    self.comma = None;
                    self.pos += 1;
                }
                b'}' | b']' => {
                    let open = if b == b'}' { b'{' } else { b'[' };
                    if self.stack.pop() != Some(open) {
                        return; // mismatched brackets: anything further would be a guess
                    }
                    if let Some(comma) = self.comma.take() {
                        self.problem(
                            comma,
                            comma + 1,
                            format!(
                                "trailing comma before `{}`: JSON does not allow it",
                                b as char
                            ),
                            "delete the comma",
                        );
                    }
                    self.pos += 1;
                    self.after_value();
                }
                b',' => {
                    self.comma = Some(start);
                    self.want = if self.in_object() {
                        Want::Key
                    } else {
                        Want::Value
                    };
                    self.pos += 1;
                }
                b':' => {
                    self.want = Want::Value;
                    self.pos += 1;
                }
                b'"' | b'\'' => {
                    self.missing_comma(start);
                    let Some(end) = self.string_end(start, b) else {
                        return; // an unclosed string: the rest cannot be read
                    };
                    if b == b'\'' {
                        self.problem(
                            start,
                            end,
                            "JSON strings must use double quotes, found `'`",
                            "replace the single quotes with double quotes",
                        );
                    }
                    self.pos = end;
                    self.string_done();
                }
                _ => {
                    self.missing_comma(start);
                    let end = self.word_end(start);
                    if end == start {
                        // A character no JSON token starts with.
                        let len = self
                            .text
                            .get(start..)
                            .and_then(|s| s.chars().next())
                            .map_or(1, char::len_utf8);
                        self.problem(start, start + len, "unexpected character", "");
                        self.pos = start + len;
                        continue;
                    }
                    let word = self.text.get(start..end).unwrap_or("");
                    self.word(start, end, word);
                    self.pos = end;
                }
            }
        }
    }

    /// After a string: in an object where a key is wanted it is a key.
    fn string_done(&mut self) {
        if self.in_object() && self.want == Want::Key {
            self.want = Want::Colon;
            self.comma = None;
        } else {
            self.after_value();
        }
    }

    fn word(&mut self, start: usize, end: usize, word: &str) {
        if self.in_object() && self.want == Want::Key {
            self.problem(
                start,
                end,
                format!("object keys must be in double quotes, found `{word}`"),
                &format!("write the key as \"{word}\""),
            );
            self.want = Want::Colon;
            self.comma = None;
            return;
        }
        let known = matches!(word, "true" | "false" | "null")
            || word.starts_with(|c: char| c == '-' || c.is_ascii_digit());
        if !known {
            let help = match word {
                "True" | "TRUE" => "write `true`",
                "False" | "FALSE" => "write `false`",
                "None" | "undefined" | "NULL" | "Null" => "write `null`",
                _ => "put text in double quotes",
            };
            self.problem(start, end, format!("`{word}` is not a JSON value"), help);
        }
        self.after_value();
    }

    /// One past the closing quote of the string opening at `start`.
    fn string_end(&self, start: usize, quote: u8) -> Option<usize> {
        let mut i = start + 1;
        while let Some(&c) = self.bytes.get(i) {
            match c {
                b'\\' => i += 2,
                b'\n' => return None,
                c if c == quote => return Some(i + 1),
                _ => i += 1,
            }
        }
        None
    }

    fn word_end(&self, start: usize) -> usize {
        let mut i = start;
        while let Some(&c) = self.bytes.get(i) {
            if c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'+' | b'.' | b'$') {
                i += 1;
            } else {
                break;
            }
        }
        i
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<(usize, String)> {
        let first = crate::json::parse(text).unwrap_err();
        syntax_errors(text, first)
            .into_iter()
            .map(|d| (d.span.map_or(0, |s| s.line), d.message))
            .collect()
    }

    #[test]
    fn every_recoverable_problem_of_a_pasted_example_is_reported_once() {
        let text = "{\n  // the user\n  \"userName\": 'bjensen',\n  active: True,\n  \"emails\": [\"a\", \"b\",],\n  /* gone */ \"x\": 1\n  \"y\": None,\n}";
        let got = errors(text);
        let lines: Vec<usize> = got.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [2, 3, 4, 4, 5, 6, 7, 7, 7], "{got:#?}");
        assert_eq!(got[0].1, "JSON has no comments", "{got:#?}");
        assert!(got[1].1.contains("double quotes, found `'`"));
        assert!(
            got[2]
                .1
                .contains("keys must be in double quotes, found `active`")
        );
        assert!(got[3].1.contains("`True` is not a JSON value"));
        assert!(got[4].1.starts_with("trailing comma before `]`"));
        assert_eq!(got[5].1, "JSON has no comments");
        assert_eq!(got[6].1, "expected `,` between two values");
        assert!(got[7].1.contains("`None`"));
        assert!(got[8].1.starts_with("trailing comma before `}`"));
    }

    #[test]
    fn scanning_stops_where_it_would_guess() {
        // An unclosed string: only the parser's error.
        assert_eq!(errors("{\"a\": \"x, 'b': 1, // c\n}").len(), 1);
        // Mismatched brackets after a first error: the comment after them is not reported.
        assert_eq!(errors("{\"a\": 'x', \"b\": [1}, // c\n}").len(), 1);
        // A valid rest adds nothing.
        assert_eq!(errors("{\"a\": 1,}").len(), 1);
    }
}
