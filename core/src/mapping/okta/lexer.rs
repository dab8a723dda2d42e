//! Splits an Okta expression into tokens, each with its byte range.
//!
//! Strings follow SpEL: single or double quotes, no backslash escapes (`"\"`
//! is a one-character string, as in Okta's `GMAIL\…` example); the quote
//! character itself is written doubled (`'it''s'`).

use crate::diagnostics::Diagnostic;
use crate::mapping::TextRange;
use crate::mapping::common::excerpt;
use crate::mapping::language::{Describe, scan_while, syntax_error};

/// A token kind.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    Ident(String),
    Str(String),
    Int(i64),
    /// A decimal number, kept as written.
    Num(String),
    Plus,
    Minus,
    EqEq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    AndAnd,
    OrOr,
    Bang,
    Question,
    Colon,
    LParen,
    RParen,
    LBrace,
    RBrace,
    Comma,
    Dot,
}

impl Describe for Tok {
    fn describe(&self) -> String {
        let sym = |s: &str| format!("`{s}`");
        match self {
            Tok::Ident(n) => format!("name `{}`", excerpt(n)),
            Tok::Str(s) => format!("string \"{}\"", excerpt(s)),
            Tok::Int(n) => format!("number `{n}`"),
            Tok::Num(n) => format!("number `{n}`"),
            Tok::Plus => sym("+"),
            Tok::Minus => sym("-"),
            Tok::EqEq => sym("=="),
            Tok::Ne => sym("!="),
            Tok::Lt => sym("<"),
            Tok::Gt => sym(">"),
            Tok::Le => sym("<="),
            Tok::Ge => sym(">="),
            Tok::AndAnd => sym("&&"),
            Tok::OrOr => sym("||"),
            Tok::Bang => sym("!"),
            Tok::Question => sym("?"),
            Tok::Colon => sym(":"),
            Tok::LParen => sym("("),
            Tok::RParen => sym(")"),
            Tok::LBrace => sym("{"),
            Tok::RBrace => sym("}"),
            Tok::Comma => sym(","),
            Tok::Dot => sym("."),
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
        let next = chars.peek().map(|&(_, n)| n);
        let mut push = |tok: Tok, len: usize| {
            tokens.push(Token {
                tok,
                range: TextRange::new(start, start + len),
            });
        };
        match c {
            c if c.is_whitespace() => {}
            '+' => push(Tok::Plus, 1),
            '-' => push(Tok::Minus, 1),
            '?' => push(Tok::Question, 1),
            ':' => push(Tok::Colon, 1),
            '(' => push(Tok::LParen, 1),
            ')' => push(Tok::RParen, 1),
            '{' => push(Tok::LBrace, 1),
            '}' => push(Tok::RBrace, 1),
            ',' => push(Tok::Comma, 1),
            '.' if !next.is_some_and(|n| n.is_ascii_digit()) => push(Tok::Dot, 1),
            '=' | '!' | '<' | '>' | '&' | '|' => {
                let two = match (c, next) {
                    ('=', Some('=')) => Some(Tok::EqEq),
                    ('!', Some('=')) => Some(Tok::Ne),
                    ('<', Some('=')) => Some(Tok::Le),
                    ('>', Some('=')) => Some(Tok::Ge),
                    ('&', Some('&')) => Some(Tok::AndAnd),
                    ('|', Some('|')) => Some(Tok::OrOr),
                    _ => None,
                };
                if let Some(tok) = two {
                    chars.next();
                    push(tok, 2);
                    continue;
                }
                match c {
                    '!' => push(Tok::Bang, 1),
                    '<' => push(Tok::Lt, 1),
                    '>' => push(Tok::Gt, 1),
                    '=' => {
                        diags.push(syntax_error(
                            start,
                            start + 1,
                            "`=` is assignment, which Okta expressions do not allow: compare with `==`".into(),
                        ));
                        // Read as `==` so the rest of the expression is still checked.
                        push(Tok::EqEq, 1);
                    }
                    _ => diags.push(syntax_error(
                        start,
                        start + 1,
                        format!("unexpected `{c}`: write `{c}{c}` (or AND / OR)"),
                    )),
                }
            }
            '\'' | '"' => {
                let quote = c;
                let mut value = String::new();
                let mut end = None;
                while let Some((i, n)) = chars.next() {
                    if n == quote {
                        if chars.peek().is_some_and(|&(_, q)| q == quote) {
                            chars.next();
                            value.push(quote);
                            continue;
                        }
                        end = Some(i + 1);
                        break;
                    }
                    value.push(n);
                }
                let end = end.unwrap_or_else(|| {
                    diags.push(syntax_error(
                        start,
                        text.len(),
                        format!("unterminated string: expected a closing `{quote}`"),
                    ));
                    text.len()
                });
                tokens.push(Token {
                    tok: Tok::Str(value),
                    range: TextRange::new(start, end),
                });
            }
            c if c.is_ascii_digit() || c == '.' => {
                let mut end = start + 1;
                let mut decimal = c == '.';
                while let Some(&(i, n)) = chars.peek() {
                    let fraction_dot = n == '.'
                        && !decimal
                        && text
                            .get(i + 1..)
                            .is_some_and(|r| r.starts_with(|d: char| d.is_ascii_digit()));
                    if !(n.is_ascii_digit() || fraction_dot) {
                        break;
                    }
                    decimal |= n == '.';
                    end = i + 1;
                    chars.next();
                }
                let written = text.get(start..end).unwrap_or("0").to_string();
                let tok = if decimal {
                    Tok::Num(written)
                } else {
                    match written.parse::<i64>() {
                        Ok(n) => Tok::Int(n),
                        Err(_) => {
                            diags.push(syntax_error(
                                start,
                                end,
                                format!("number `{written}` is out of range"),
                            ));
                            Tok::Int(0)
                        }
                    }
                };
                tokens.push(Token {
                    tok,
                    range: TextRange::new(start, end),
                });
            }
            c if c.is_alphabetic() || c == '_' || c == '$' => {
                let end = scan_while(&mut chars, start, c, |n| {
                    n.is_alphanumeric() || n == '_' || n == '$'
                });
                tokens.push(Token {
                    tok: Tok::Ident(text.get(start..end).unwrap_or("").to_string()),
                    range: TextRange::new(start, end),
                });
            }
            c => diags.push(syntax_error(
                start,
                start + c.len_utf8(),
                match c {
                    '[' | ']' => format!("unexpected `{c}`: array literals are written {{a, b}}"),
                    '\u{201c}' | '\u{201d}' | '\u{2018}' | '\u{2019}' => {
                        format!("unexpected `{c}`: strings are written in straight quotes")
                    }
                    _ => format!("unexpected character `{c}`"),
                },
            )),
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<Tok> {
        let mut d = Vec::new();
        let t = lex(text, &mut d).into_iter().map(|t| t.tok).collect();
        assert!(d.is_empty(), "{d:?}");
        t
    }

    #[test]
    fn spel_strings() {
        assert_eq!(toks(r#""\""#), vec![Tok::Str("\\".into())]);
        assert_eq!(toks("'it''s'"), vec![Tok::Str("it's".into())]);
        assert_eq!(
            toks("1 3.141 .5"),
            vec![Tok::Int(1), Tok::Num("3.141".into()), Tok::Num(".5".into())]
        );
        assert_eq!(
            toks("a.b(1)&&!c||d!=e"),
            vec![
                Tok::Ident("a".into()),
                Tok::Dot,
                Tok::Ident("b".into()),
                Tok::LParen,
                Tok::Int(1),
                Tok::RParen,
                Tok::AndAnd,
                Tok::Bang,
                Tok::Ident("c".into()),
                Tok::OrOr,
                Tok::Ident("d".into()),
                Tok::Ne,
                Tok::Ident("e".into())
            ]
        );
    }

    #[test]
    fn errors() {
        let mut d = Vec::new();
        lex("a = 'b", &mut d);
        assert_eq!(d.len(), 2);
    }
}
