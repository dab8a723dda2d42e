//! Splits an Entra expression into tokens, each with its byte range.
//!
//! The lexer never stops at the first problem: a bad character or an
//! unterminated string is reported and lexing goes on, so the parser can
//! report the errors after it too.

use crate::diagnostics::Diagnostic;
use crate::mapping::TextRange;
use crate::mapping::common::excerpt;
use crate::mapping::language::{Describe, scan_while, syntax_error};

use super::ast::CompareOp;

/// A token kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok {
    LParen,
    RParen,
    Comma,
    /// `[name]`, the name without brackets.
    Attribute(String),
    /// A string literal, unescaped.
    Str(String),
    /// An integer literal (the sign is part of it).
    Int(i64),
    /// `&H…`.
    Hex(u64),
    /// A bare name: a function name or an enum name.
    Ident(String),
    /// A comparison operator.
    Op(CompareOp),
}

impl Describe for Tok {
    /// How the token is named in "found …" messages.
    fn describe(&self) -> String {
        match self {
            Tok::LParen => "`(`".into(),
            Tok::RParen => "`)`".into(),
            Tok::Comma => "`,`".into(),
            Tok::Attribute(name) => format!("attribute `[{}]`", excerpt(name)),
            Tok::Str(s) => format!("string \"{}\"", excerpt(s)),
            Tok::Int(n) => format!("number `{n}`"),
            Tok::Hex(n) => format!("number `&H{n:X}`"),
            Tok::Ident(name) => format!("name `{}`", excerpt(name)),
            Tok::Op(op) => format!("operator `{}`", op.as_str()),
        }
    }
}

/// A token and where it is.
pub(crate) type Token = crate::mapping::language::Token<Tok>;

/// Tokenizes `text`, appending problems to `diags`.
pub(crate) fn lex(text: &str, diags: &mut Vec<Diagnostic>) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let single = |tok: Tok| Token {
            tok,
            range: TextRange::new(start, start + c.len_utf8()),
        };
        match c {
            c if c.is_whitespace() => {}
            '(' => tokens.push(single(Tok::LParen)),
            ')' => tokens.push(single(Tok::RParen)),
            ',' => tokens.push(single(Tok::Comma)),
            '=' => tokens.push(single(Tok::Op(CompareOp::Eq))),
            '<' | '>' => {
                let (op, len) = match (c, chars.peek().map(|&(_, n)| n)) {
                    ('<', Some('>')) => (CompareOp::Ne, 2),
                    ('<', Some('=')) => (CompareOp::Le, 2),
                    ('>', Some('=')) => (CompareOp::Ge, 2),
                    ('<', _) => (CompareOp::Lt, 1),
                    _ => (CompareOp::Gt, 1),
                };
                if len == 2 {
                    chars.next();
                }
                tokens.push(Token {
                    tok: Tok::Op(op),
                    range: TextRange::new(start, start + len),
                });
            }
            '[' => {
                let mut name = String::new();
                let mut end = None;
                for (i, n) in chars.by_ref() {
                    if n == ']' {
                        end = Some(i + 1);
                        break;
                    }
                    name.push(n);
                }
                let end = match end {
                    Some(end) => end,
                    None => {
                        diags.push(syntax_error(
                            start,
                            text.len(),
                            format!(
                                "unterminated attribute reference `[{}`: expected `]`",
                                excerpt(&name)
                            ),
                        ));
                        text.len()
                    }
                };
                if name.trim().is_empty() {
                    diags.push(syntax_error(
                        start,
                        end,
                        "empty attribute reference `[]`: expected an attribute name such as `[mail]`"
                            .into(),
                    ));
                }
                tokens.push(Token {
                    tok: Tok::Attribute(name),
                    range: TextRange::new(start, end),
                });
            }
            '"' => {
                let mut value = String::new();
                let mut end = None;
                while let Some((i, n)) = chars.next() {
                    match n {
                        '"' => {
                            end = Some(i + 1);
                            break;
                        }
                        // `\\` and `\"` are the only escapes; any other
                        // backslash is kept as written (regex patterns such as
                        // "\d" would otherwise silently lose it).
                        '\\' => match chars.peek() {
                            Some(&(_, e @ ('\\' | '"'))) => {
                                value.push(e);
                                chars.next();
                            }
                            _ => value.push('\\'),
                        },
                        n => value.push(n),
                    }
                }
                let end = end.unwrap_or_else(|| {
                    diags.push(syntax_error(
                        start,
                        text.len(),
                        "unterminated string: expected a closing `\"` (write `\\\"` for a quote inside a string)"
                            .into(),
                    ));
                    text.len()
                });
                tokens.push(Token {
                    tok: Tok::Str(value),
                    range: TextRange::new(start, end),
                });
            }
            '&' if chars.peek().is_some_and(|&(_, n)| n == 'H' || n == 'h') => {
                chars.next();
                let digits_start = start + 2;
                let mut end = digits_start;
                while let Some(&(i, n)) = chars.peek() {
                    if !n.is_ascii_hexdigit() {
                        break;
                    }
                    end = i + 1;
                    chars.next();
                }
                let digits = text.get(digits_start..end).unwrap_or("");
                let value = if digits.is_empty() {
                    diags.push(syntax_error(
                        start,
                        end,
                        "expected hexadecimal digits after `&H` (e.g. `&HF7`)".into(),
                    ));
                    0
                } else {
                    u64::from_str_radix(digits, 16).unwrap_or_else(|_| {
                        diags.push(syntax_error(
                            start,
                            end,
                            format!(
                                "hexadecimal number `&H{digits}` is too large (at most 16 digits)"
                            ),
                        ));
                        0
                    })
                };
                tokens.push(Token {
                    tok: Tok::Hex(value),
                    range: TextRange::new(start, end),
                });
            }
            c if c.is_ascii_digit()
                || (c == '-' && chars.peek().is_some_and(|&(_, n)| n.is_ascii_digit())) =>
            {
                let mut end = start + 1;
                while let Some(&(i, n)) = chars.peek() {
                    if !n.is_ascii_digit() {
                        break;
                    }
                    end = i + 1;
                    chars.next();
                }
                let digits = text.get(start..end).unwrap_or("0");
                let value = digits.parse::<i64>().unwrap_or_else(|_| {
                    diags.push(syntax_error(
                        start,
                        end,
                        format!("number `{digits}` is out of range (at most 19 digits)"),
                    ));
                    0
                });
                if chars.peek().is_some_and(|&(_, n)| n == '.') {
                    diags.push(syntax_error(
                        start,
                        end + 1,
                        "decimal numbers are not part of the expression language: write integers, or a string such as \"1.5\"".into(),
                    ));
                }
                tokens.push(Token {
                    tok: Tok::Int(value),
                    range: TextRange::new(start, end),
                });
            }
            c if c.is_alphabetic() || c == '_' => {
                let end = scan_while(&mut chars, start, c, |n| n.is_alphanumeric() || n == '_');
                tokens.push(Token {
                    tok: Tok::Ident(text.get(start..end).unwrap_or("").to_string()),
                    range: TextRange::new(start, end),
                });
            }
            '\'' => {
                // A single-quoted string: report it, but read it as a string
                // so the rest of the expression is still checked.
                let mut value = String::new();
                let mut end = text.len();
                for (i, n) in chars.by_ref() {
                    if n == '\'' {
                        end = i + 1;
                        break;
                    }
                    value.push(n);
                }
                diags.push(syntax_error(
                    start,
                    end,
                    "strings are written in double quotes, e.g. \"text\" (single quotes are not part of the language)".into(),
                ));
                tokens.push(Token {
                    tok: Tok::Str(value),
                    range: TextRange::new(start, end),
                });
            }
            c => {
                let end = start + c.len_utf8();
                let message = match c {
                    '\u{201c}' | '\u{201d}' => format!(
                        "unexpected `{c}`: strings are written in straight double quotes, e.g. \"text\""
                    ),
                    '&' | '+' => format!(
                        "unexpected `{c}`: there is no concatenation operator; use Join(\"\", …) or Append(…)"
                    ),
                    _ => format!("unexpected character `{c}`"),
                };
                diags.push(syntax_error(start, end, message));
            }
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> (Vec<Tok>, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let t = lex(text, &mut d).into_iter().map(|t| t.tok).collect();
        (t, d)
    }

    #[test]
    fn strings_and_escapes() {
        let (t, d) = toks(r#""a\\b\"c" "\d""#);
        assert!(d.is_empty());
        assert_eq!(t, vec![Tok::Str("a\\b\"c".into()), Tok::Str("\\d".into())]);
    }

    #[test]
    fn numbers_hex_ops() {
        let (t, d) = toks("-10 &HF7 <> >= < [a b]");
        assert!(d.is_empty());
        assert_eq!(
            t,
            vec![
                Tok::Int(-10),
                Tok::Hex(0xF7),
                Tok::Op(CompareOp::Ne),
                Tok::Op(CompareOp::Ge),
                Tok::Op(CompareOp::Lt),
                Tok::Attribute("a b".into())
            ]
        );
    }

    #[test]
    fn errors_keep_going() {
        let mut d = Vec::new();
        let t = lex("\"abc", &mut d);
        assert_eq!(t.len(), 1);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].span.map(|s| (s.start, s.end)), Some((0, 4)));
        let (_, d) = toks("'x' + [y");
        assert_eq!(d.len(), 3);
    }
}
