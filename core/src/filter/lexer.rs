//! Tokens of the filter and path grammar.

use std::borrow::Cow;

use super::ast::Loc;

/// A token with its span.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token<'t> {
    pub kind: TokenKind<'t>,
    pub loc: Loc,
    /// Whether white space comes right before the token (RFC 7644's grammar
    /// requires a space around comparison operators).
    pub spaced: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TokenKind<'t> {
    /// A run of name characters: an attribute path, keyword, operator, literal
    /// word (`true`) or number. The parser decides which by position.
    Word(&'t str),
    /// A decoded JSON string literal (borrowed when it has no escapes).
    Str(Cow<'t, str>),
    LParen,
    RParen,
    LBracket,
    RBracket,
    /// `.` directly after `]`, before a sub-attribute.
    Dot,
    /// Anything else (`=`, `'`, `!`, …), kept so the parser can explain it.
    Other(char),
    /// A string literal that is never closed.
    UnterminatedStr,
    /// A string literal with an invalid escape; the message says which.
    BadStr(String),
}

impl Token<'_> {
    /// How the token reads in a message.
    pub fn describe(&self, text: &str) -> String {
        match &self.kind {
            TokenKind::UnterminatedStr => "an unterminated string".to_string(),
            _ => format!("`{}`", text.get(self.loc.start..self.loc.end).unwrap_or("")),
        }
    }
}

/// Splits `text` into tokens; never fails (bad characters become `Other`).
#[cfg(test)]
pub(crate) fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut lexer = Lexer::new(text);
    std::iter::from_fn(|| lexer.next_token()).collect()
}

/// Reads the tokens of a filter one at a time, so that a parse keeps two
/// tokens rather than a vector of them (the lexer runs for every filter an
/// npm caller parses).
///
/// Every character that can start or continue a token is ASCII, so it steps
/// over bytes and decodes a character only for anything else.
#[derive(Debug, Clone)]
pub(crate) struct Lexer<'t> {
    text: &'t str,
    /// Where the next token starts (or white space before it).
    at: usize,
    /// Whether the last token was `]` (a `.` right after it is a `Dot`).
    after_bracket: bool,
}

impl<'t> Lexer<'t> {
    pub(crate) fn new(text: &'t str) -> Lexer<'t> {
        Lexer {
            text,
            at: 0,
            after_bracket: false,
        }
    }

    /// The next token; `None` at the end of the text.
    pub(crate) fn next_token(&mut self) -> Option<Token<'t>> {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut spaced = false;
        loop {
            let i = self.at;
            let b = *bytes.get(i)?;
            let single = |kind, len: usize| Token {
                kind,
                loc: Loc::new(i, i + len),
                spaced,
            };
            let (token, next) = match b {
                // Unicode's White_Space in ASCII: tab, LF, VT, FF, CR and space.
                b'\t'..=b'\r' | b' ' => {
                    self.at += 1;
                    spaced = true;
                    continue;
                }
                b'(' => (single(TokenKind::LParen, 1), i + 1),
                b')' => (single(TokenKind::RParen, 1), i + 1),
                b'[' => (single(TokenKind::LBracket, 1), i + 1),
                b']' => (single(TokenKind::RBracket, 1), i + 1),
                b'.' if self.after_bracket => (single(TokenKind::Dot, 1), i + 1),
                b'"' => string(text, i, spaced),
                b if is_word_byte(b) => {
                    let end = bytes
                        .get(i..)
                        .and_then(|rest| rest.iter().position(|&b| !is_word_byte(b)))
                        .map_or(bytes.len(), |n| i + n);
                    let token = Token {
                        kind: TokenKind::Word(text.get(i..end).unwrap_or("")),
                        loc: Loc::new(i, end),
                        spaced,
                    };
                    (token, end)
                }
                _ => {
                    let c = text
                        .get(i..)
                        .and_then(|rest| rest.chars().next())
                        .unwrap_or('\u{fffd}');
                    let len = c.len_utf8();
                    if c.is_whitespace() {
                        self.at += len;
                        spaced = true;
                        continue;
                    }
                    (single(TokenKind::Other(c), len), i + len)
                }
            };
            self.at = next.max(i + 1);
            self.after_bracket = token.kind == TokenKind::RBracket;
            return Some(token);
        }
    }
}

/// The bytes of a word (attribute path, keyword, operator, number): a table
/// rather than a test, as the lexer asks for every byte of every word.
// Indexes are below 256 by construction (the loop bound, a u8).
#[allow(clippy::indexing_slicing)]
const WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] =
            c.is_ascii_alphanumeric() || matches!(c, b':' | b'.' | b'_' | b'-' | b'$' | b'+');
        b += 1;
    }
    table
};

#[inline]
fn is_word_byte(b: u8) -> bool {
    WORD_BYTES.get(usize::from(b)).copied().unwrap_or(false)
}

/// Reads a JSON string literal whose opening quote is at `start`: the token
/// and where the next one starts.
fn string(text: &str, start: usize, spaced: bool) -> (Token<'_>, usize) {
    let body = text.get(start + 1..).unwrap_or("");
    // Fast path: no escapes and no control characters, so the literal is a
    // slice of the filter text.
    if let Some(end) = body
        .bytes()
        .position(|b| b == b'"' || b == b'\\' || b < 0x20)
    {
        if body.as_bytes().get(end) == Some(&b'"') {
            let close = start + 1 + end;
            let token = Token {
                kind: TokenKind::Str(Cow::Borrowed(body.get(..end).unwrap_or(""))),
                loc: Loc::new(start, close + 1),
                spaced,
            };
            return (token, close + 1);
        }
    }
    let mut chars = body.char_indices().peekable();
    let mut value = String::new();
    let mut error: Option<String> = None;
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                let kind = match error {
                    Some(message) => TokenKind::BadStr(message),
                    None => TokenKind::Str(Cow::Owned(value)),
                };
                let end = start + 1 + i + 1;
                let token = Token {
                    kind,
                    loc: Loc::new(start, end),
                    spaced,
                };
                return (token, end);
            }
            '\\' => match chars.next().map(|(_, e)| e) {
                Some('"') => value.push('"'),
                Some('\\') => value.push('\\'),
                Some('/') => value.push('/'),
                Some('b') => value.push('\u{8}'),
                Some('f') => value.push('\u{c}'),
                Some('n') => value.push('\n'),
                Some('r') => value.push('\r'),
                Some('t') => value.push('\t'),
                Some('u') => match unicode_escape(&mut chars) {
                    Ok(c) => value.push(c),
                    Err(message) => {
                        error.get_or_insert(message);
                    }
                },
                Some(other) => {
                    error.get_or_insert(format!(
                        "invalid escape `\\{other}` in a string; use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX"
                    ));
                }
                None => break,
            },
            c if (c as u32) < 0x20 => {
                error.get_or_insert(
                    "control characters inside a string must be escaped".to_string(),
                );
            }
            c => value.push(c),
        }
    }
    let token = Token {
        kind: TokenKind::UnterminatedStr,
        loc: Loc::new(start, text.len()),
        spaced,
    };
    (token, text.len())
}

fn hex4(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>) -> Option<u32> {
    let mut v = 0;
    for _ in 0..4 {
        let (_, c) = chars.peek().copied()?;
        let d = c.to_digit(16)?;
        chars.next();
        v = v * 16 + d;
    }
    Some(v)
}

fn unicode_escape(
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
) -> Result<char, String> {
    let bad = || "`\\u` must be followed by four hexadecimal digits".to_string();
    let high = hex4(chars).ok_or_else(bad)?;
    if (0xDC00..0xE000).contains(&high) {
        return Err("invalid Unicode escape: a low surrogate without a high surrogate".into());
    }
    if (0xD800..0xDC00).contains(&high) {
        let lone = || {
            "invalid Unicode escape: a high surrogate not followed by a low surrogate".to_string()
        };
        if chars.next().map(|(_, c)| c) != Some('\\') || chars.next().map(|(_, c)| c) != Some('u') {
            return Err(lone());
        }
        let low = hex4(chars).ok_or_else(bad)?;
        if !(0xDC00..0xE000).contains(&low) {
            return Err(lone());
        }
        let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
        return char::from_u32(code).ok_or_else(lone);
    }
    char::from_u32(high).ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<TokenKind<'_>> {
        tokenize(text).into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn tokens() {
        assert_eq!(
            kinds(r#"emails[type eq "w\"ork"].value"#),
            vec![
                TokenKind::Word("emails"),
                TokenKind::LBracket,
                TokenKind::Word("type"),
                TokenKind::Word("eq"),
                TokenKind::Str("w\"ork".into()),
                TokenKind::RBracket,
                TokenKind::Dot,
                TokenKind::Word("value"),
            ]
        );
        assert_eq!(
            kinds("a = 1"),
            vec![
                TokenKind::Word("a"),
                TokenKind::Other('='),
                TokenKind::Word("1")
            ]
        );
        assert_eq!(kinds("\"abc"), vec![TokenKind::UnterminatedStr]);
        assert!(matches!(kinds("\"\\q\"")[0], TokenKind::BadStr(_)));
        assert_eq!(
            kinds("\"\\ud83d\\ude00\""),
            vec![TokenKind::Str("😀".into())]
        );
    }
}
