//! Recursive-descent parser for the grammar of idp-facts §2.1.
//!
//! Recursion follows call nesting only and stops at
//! [`MAX_EXPRESSION_DEPTH`]: deeper calls are reported and skipped with an
//! iterative scan, so hostile input (10,000 nested calls) costs a diagnostic,
//! never the stack. After an error the parser resynchronises at the next `,`
//! or `)` of the same call, so one expression can report several errors.

use crate::diagnostics::{Code, Diagnostic};
use crate::limits::MAX_EXPRESSION_DEPTH;
use crate::mapping::TextRange;

use super::ast::{Argument, Call, CompareMode, Comparison, Expr, ExprKind};
use crate::mapping::language::{Cursor, Describe, parse_tokens};

use super::lexer::{Tok, lex};

/// Parses `text`, returning the tree (when there was no error) and every
/// problem found.
pub(crate) fn parse(text: &str) -> (Option<Expr>, Vec<Diagnostic>) {
    parse_tokens(
        text,
        " (Entra ID's own limit is 10,000 characters)",
        lex,
        "the expression is empty: expected a function call, an [attribute], a string or a number",
        |parser| {
            let expr = parser.expression(0);
            if let Some(token) = parser.peek().cloned() {
                let message = if token.tok == Tok::RParen {
                    "unexpected `)`: there is no `(` for it to close".to_string()
                } else {
                    format!(
                        "unexpected {} after the end of the expression; an expression is one function call, attribute or literal",
                        token.tok.describe()
                    )
                };
                parser.error(token.range, message);
            }
            expr
        },
    )
}

type Parser = Cursor<Tok>;

/// Why a bare name that is not followed by `(` is not an expression.
fn unexpected_name(name: &str) -> String {
    if ["True", "False", "true", "false"].contains(&name) {
        format!("there are no boolean literals: write the string \"{name}\"")
    } else if ["Null", "Nothing", "null", "NULL"].contains(&name) {
        format!(
            "there is no `{name}` literal: an absent attribute is null; test it with IsNull([attribute])"
        )
    } else if name.eq_ignore_ascii_case("vbTextCompare")
        || name.eq_ignore_ascii_case("vbBinaryCompare")
    {
        format!(
            "`{name}` is not a known name; names are case-sensitive: write vbTextCompare or vbBinaryCompare"
        )
    } else {
        format!(
            "unexpected name `{name}`: expected `(` after a function name, or an attribute reference written `[{name}]`"
        )
    }
}

impl Parser {
    /// `primary [op primary]`.
    fn expression(&mut self, depth: usize) -> Option<Expr> {
        let left = self.primary(depth)?;
        let Some(Tok::Op(op)) = self.peek_tok().cloned() else {
            return Some(left);
        };
        self.next();
        let right = self.primary(depth)?;
        if let Some(Tok::Op(second)) = self.peek_tok().cloned() {
            let range = self.here();
            self.error(
                range,
                format!(
                    "comparisons cannot be chained (`a {} b {} c`); nest IIF calls instead",
                    op.as_str(),
                    second.as_str()
                ),
            );
            return None;
        }
        let range = left.range.cover(right.range);
        Some(Expr {
            kind: ExprKind::Comparison(Box::new(Comparison { op, left, right })),
            range,
        })
    }

    fn primary(&mut self, depth: usize) -> Option<Expr> {
        let Some(token) = self.peek().cloned() else {
            let range = self.here();
            self.error(
                range,
                "expected an expression (a function call, an [attribute], a string or a number), found the end of the expression",
            );
            return None;
        };
        let leaf = |kind| {
            Some(Expr {
                kind,
                range: token.range,
            })
        };
        let kind = match token.tok {
            Tok::Str(s) => ExprKind::String(s),
            Tok::Int(n) => ExprKind::Integer(n),
            Tok::Hex(n) => ExprKind::Hex(n),
            Tok::Attribute(name) => ExprKind::Attribute(name),
            Tok::Ident(name) => {
                self.next();
                if self.peek_tok() == Some(&Tok::LParen) {
                    return self.call(name, token.range, depth + 1);
                }
                return match name.as_str() {
                    "vbTextCompare" => leaf(ExprKind::Compare(CompareMode::Text)),
                    "vbBinaryCompare" => leaf(ExprKind::Compare(CompareMode::Binary)),
                    other => {
                        self.error(token.range, unexpected_name(other));
                        None
                    }
                };
            }
            _ => {
                let message = format!(
                    "expected an expression (a function call, an [attribute], a string or a number), found {}",
                    token.tok.describe()
                );
                self.error(token.range, message);
                return None;
            }
        };
        self.next();
        leaf(kind)
    }

    /// `Name ( [arg {, arg}] )`, the name already consumed and `(` next.
    fn call(&mut self, name: String, name_range: TextRange, depth: usize) -> Option<Expr> {
        let open = self.next().map_or(name_range, |t| t.range);
        if depth > MAX_EXPRESSION_DEPTH {
            self.diags.push(
                Diagnostic::new(
                    Code::LimitExpression,
                    "",
                    format!("function calls are nested more than {MAX_EXPRESSION_DEPTH} deep"),
                )
                .with_range(name_range.start, open.end),
            );
            self.skip_balanced();
            return None;
        }
        let mut args = Vec::new();
        let mut ok = true;
        let call = |name, args, close: TextRange| Expr {
            kind: ExprKind::Call(Call {
                name,
                name_range,
                args,
            }),
            range: name_range.cover(close),
        };
        if self.peek_tok() == Some(&Tok::RParen) {
            let close = self.next().map_or(open, |t| t.range);
            return Some(call(name, args, close));
        }
        let mut arg_start = open.end;
        loop {
            let index = args.len() + 1;
            match self.peek_tok() {
                Some(Tok::Comma | Tok::RParen) => {
                    let at = self.here().start;
                    args.push(Argument {
                        expr: None,
                        range: TextRange::new(arg_start, at),
                    });
                }
                None => {}
                Some(_) => match self.expression(depth) {
                    Some(expr) => {
                        let range = expr.range;
                        args.push(Argument {
                            expr: Some(expr),
                            range,
                        });
                    }
                    None => {
                        ok = false;
                        args.push(Argument {
                            expr: None,
                            range: TextRange::new(arg_start, self.here().start),
                        });
                        self.skip_to_separator();
                    }
                },
            }
            match self.peek_tok() {
                Some(Tok::Comma) => {
                    arg_start = self.next().map_or(arg_start, |t| t.range.end);
                }
                Some(Tok::RParen) => {
                    let close = self.next().map_or(open, |t| t.range);
                    return ok.then(|| call(name, args, close));
                }
                None => {
                    // An error already reported at the very end covers this one.
                    if self.error_at_end() {
                        return None;
                    }
                    let range = self.here();
                    let message = format!(
                        "expected `,` or `)` after argument {index} of {name}, found the end of the expression (the `(` at {} is not closed)",
                        self.position(open.start)
                    );
                    self.error(range, message);
                    return None;
                }
                Some(_) => {
                    let range = self.here();
                    let found = self.found();
                    self.error(
                        range,
                        format!(
                            "expected `,` or `)` after argument {index} of {name}, found {found}"
                        ),
                    );
                    ok = false;
                    self.skip_to_separator();
                    self.peek()?;
                }
            }
        }
    }

    /// Skips to the next `,` or `)` at the current nesting level (not past it).
    fn skip_to_separator(&mut self) {
        let mut level = 0usize;
        while let Some(tok) = self.peek_tok() {
            match tok {
                Tok::LParen => level += 1,
                Tok::RParen if level == 0 => return,
                Tok::RParen => level -= 1,
                Tok::Comma if level == 0 => return,
                _ => {}
            }
            self.pos += 1;
        }
    }

    /// After a `(`, skips to just past its matching `)` (iteratively).
    fn skip_balanced(&mut self) {
        let mut level = 1usize;
        while let Some(token) = self.next() {
            match token.tok {
                Tok::LParen => level += 1,
                Tok::RParen => {
                    level -= 1;
                    if level == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<(Code, usize, usize, String)> {
        let (expr, diags) = parse(text);
        assert!(expr.is_none(), "{text} parsed");
        diags
            .into_iter()
            .map(|d| {
                let s = d.span.unwrap();
                (d.code, s.start, s.end, d.message)
            })
            .collect()
    }

    #[test]
    fn parses_empty_arguments() {
        let (expr, diags) = parse(r#"Replace([x], , "re", , "", , )"#);
        assert!(diags.is_empty());
        let Some(Expr {
            kind: ExprKind::Call(call),
            ..
        }) = expr
        else {
            panic!("not a call")
        };
        assert_eq!(call.args.len(), 7);
        assert!(call.args[1].expr.is_none());
        assert!(call.args[6].expr.is_none());
        assert_eq!((call.args[1].range.start, call.args[1].range.end), (12, 13));
    }

    #[test]
    fn zero_arguments_and_comparisons() {
        let (expr, diags) = parse("IIF([a] >= 3, Guid(), \"x\")");
        assert!(diags.is_empty());
        assert!(expr.is_some());
    }

    #[test]
    fn missing_comma_is_positioned() {
        let e = errors(r#"Replace([x] "a", , , "b", , )"#);
        assert_eq!(e.len(), 1);
        assert_eq!((e[0].1, e[0].2), (12, 15));
        assert!(
            e[0].3
                .contains("expected `,` or `)` after argument 1 of Replace, found string \"a\""),
            "{}",
            e[0].3
        );
    }

    #[test]
    fn reports_several_errors() {
        let e = errors(r#"Join(" ", [a] [b], Left("x" 3), ) )"#);
        assert_eq!(e.len(), 3, "{e:?}");
    }

    #[test]
    fn unclosed_call() {
        let e = errors("ToLower(Join(\",\", [a]");
        assert_eq!(e.len(), 1);
        assert!(
            e[0].3.contains("after argument 2 of Join, found the end"),
            "{}",
            e[0].3
        );
    }

    #[test]
    fn depth_limit() {
        let deep = format!(
            "{}[x]{}",
            "Not(".repeat(MAX_EXPRESSION_DEPTH + 1),
            ")".repeat(MAX_EXPRESSION_DEPTH + 1)
        );
        let e = errors(&deep);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].0, Code::LimitExpression);
        let ok = format!(
            "{}[x]{}",
            "Not(".repeat(MAX_EXPRESSION_DEPTH),
            ")".repeat(MAX_EXPRESSION_DEPTH)
        );
        assert!(parse(&ok).0.is_some());
        // 2,400 nested calls fit in the length limit and must not overflow the stack.
        let hostile = format!("{}{}", "A(".repeat(2400), ")".repeat(2400));
        assert_eq!(errors(&hostile)[0].0, Code::LimitExpression);
        let huge = "Not(".repeat(10_000);
        assert_eq!(errors(&huge)[0].0, Code::LimitExpression);
    }

    #[test]
    fn literal_errors() {
        assert!(errors("True").iter().any(|e| e.3.contains("boolean")));
        assert!(
            errors("[a] = [b] = [c]")
                .iter()
                .any(|e| e.3.contains("chained"))
        );
        assert!(errors("Trim([a]))").iter().any(|e| e.3.contains("no `(`")));
        assert!(errors("").iter().any(|e| e.3.contains("empty")));
    }
}
