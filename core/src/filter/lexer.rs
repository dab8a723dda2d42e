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

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, ':' | '.' | '_' | '-' | '$' | '+')
}

/// Splits `text` into tokens; never fails (bad characters become `Other`).
pub(crate) fn tokenize(text: &str) -> Vec<Token<'_>> {
    // Filters average about one token per five bytes.
    let mut tokens = Vec::with_capacity(text.len() / 5 + 2);
    let mut chars = text.char_indices().peekable();
    let mut spaced = false;
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            spaced = true;
            continue;
        }
        let single = |kind| Token {
            kind,
            loc: Loc::new(start, start + c.len_utf8()),
            spaced,
        };
        let before = tokens.len();
        match c {
            '(' | ')' | '[' | ']' => {
                chars.next();
                tokens.push(single(match c {
                    '(' => TokenKind::LParen,
                    ')' => TokenKind::RParen,
                    '[' => TokenKind::LBracket,
                    _ => TokenKind::RBracket,
                }));
            }
            '.' if matches!(
                tokens.last(),
                Some(Token {
                    kind: TokenKind::RBracket,
                    ..
                })
            ) =>
            {
                chars.next();
                tokens.push(single(TokenKind::Dot));
            }
            '"' => {
                chars.next();
                tokens.push(string(text, start, &mut chars, spaced));
            }
            c if is_word_char(c) => {
                let mut end = start;
                while let Some(&(i, c)) = chars.peek() {
                    if !is_word_char(c) {
                        break;
                    }
                    end = i + c.len_utf8();
                    chars.next();
                }
                tokens.push(Token {
                    kind: TokenKind::Word(text.get(start..end).unwrap_or("")),
                    loc: Loc::new(start, end),
                    spaced,
                });
            }
            other => {
                chars.next();
                tokens.push(single(TokenKind::Other(other)));
            }
        }
        if tokens.len() > before {
            spaced = false;
        }
    }
    tokens
}

/// Reads a JSON string literal whose opening quote is at `start`.
fn string<'t>(
    text: &'t str,
    start: usize,
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
    spaced: bool,
) -> Token<'t> {
    // Fast path: no escapes and no control characters, so the literal is a
    // slice of the filter text.
    let body = text.get(start + 1..).unwrap_or("");
    if let Some(end) = body
        .bytes()
        .position(|b| b == b'"' || b == b'\\' || b < 0x20)
    {
        if body.as_bytes().get(end) == Some(&b'"') {
            let close = start + 1 + end;
            while chars.next_if(|(i, _)| *i < close).is_some() {}
            chars.next(); // the closing quote
            return Token {
                kind: TokenKind::Str(Cow::Borrowed(body.get(..end).unwrap_or(""))),
                loc: Loc::new(start, close + 1),
                spaced,
            };
        }
    }
    let mut value = String::new();
    let mut error: Option<String> = None;
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                let kind = match error {
                    Some(message) => TokenKind::BadStr(message),
                    None => TokenKind::Str(Cow::Owned(value)),
                };
                return Token {
                    kind,
                    loc: Loc::new(start, i + 1),
                    spaced,
                };
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
                Some('u') => match unicode_escape(chars) {
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
    Token {
        kind: TokenKind::UnterminatedStr,
        loc: Loc::new(start, text.len()),
        spaced,
    }
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
