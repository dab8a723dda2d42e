//! Precedence-climbing parser for the OEL subset.
//!
//! Operator chains are parsed with loops; recursion happens only for
//! parentheses, arguments, array elements, unary operators and ternary
//! branches, and is capped at [`MAX_EXPRESSION_DEPTH`]. After an error in an
//! argument list the parser resynchronises at the next `,` or `)`, so one
//! expression can report several errors.

use crate::diagnostics::{Code, Diagnostic};
use crate::limits::MAX_EXPRESSION_DEPTH;
use crate::mapping::TextRange;

use super::ast::{BinaryOp, Call, Expr, ExprKind, UnaryOp};
use crate::mapping::language::{Cursor, Describe, Token, parse_tokens};

use super::lexer::{Tok, lex};

/// Parses `text`: the tree when there was no error, and every problem found.
pub(crate) fn parse(text: &str) -> (Option<Expr>, Vec<Diagnostic>) {
    parse_tokens(text, "", lex, "the expression is empty", |p| {
        let expr = p.expression(0);
        if let Some(token) = p.peek().cloned() {
            let message = format!(
                "unexpected {} after the end of the expression",
                token.tok.describe()
            );
            p.error(token.range, message);
        }
        expr
    })
}

type Parser = Cursor<Tok>;

fn binary_op(tok: &Tok) -> Option<BinaryOp> {
    Some(match tok {
        Tok::OrOr => BinaryOp::Or,
        Tok::AndAnd => BinaryOp::And,
        Tok::EqEq => BinaryOp::Eq,
        Tok::Ne => BinaryOp::Ne,
        Tok::Lt => BinaryOp::Lt,
        Tok::Gt => BinaryOp::Gt,
        Tok::Le => BinaryOp::Le,
        Tok::Ge => BinaryOp::Ge,
        Tok::Plus => BinaryOp::Add,
        Tok::Minus => BinaryOp::Sub,
        Tok::Ident(word) if word.eq_ignore_ascii_case("and") => BinaryOp::And,
        Tok::Ident(word) if word.eq_ignore_ascii_case("or") => BinaryOp::Or,
        _ => return None,
    })
}

impl Parser {
    fn deeper(&mut self, depth: usize) -> bool {
        if depth > MAX_EXPRESSION_DEPTH {
            if !self.too_deep {
                let range = self.here();
                self.diags.push(
                    Diagnostic::new(
                        Code::LimitExpression,
                        "",
                        format!("the expression is nested more than {MAX_EXPRESSION_DEPTH} deep"),
                    )
                    .with_range(range.start, range.end),
                );
            }
            self.too_deep = true;
            return false;
        }
        true
    }

    /// `binary [? expression : expression]`.
    fn expression(&mut self, depth: usize) -> Option<Expr> {
        if !self.deeper(depth) {
            return None;
        }
        let cond = self.binary(0, depth)?;
        if self.peek_tok() != Some(&Tok::Question) {
            return Some(cond);
        }
        self.next();
        let then = self.expression(depth + 1)?;
        if self.peek_tok() != Some(&Tok::Colon) {
            let (range, found) = (self.here(), self.found());
            self.error(
                range,
                format!("expected `:` of the conditional `? :`, found {found}"),
            );
            return None;
        }
        self.next();
        let otherwise = self.expression(depth + 1)?;
        let range = cond.range.cover(otherwise.range);
        Some(Expr {
            kind: ExprKind::Ternary(Box::new(cond), Box::new(then), Box::new(otherwise)),
            range,
        })
    }

    /// Operators binding at least as tight as `min`, left-associative.
    fn binary(&mut self, min: u8, depth: usize) -> Option<Expr> {
        let mut left = self.unary(depth)?;
        while let Some(op) = self.peek_tok().and_then(binary_op) {
            if op.precedence() < min {
                break;
            }
            self.next();
            let right = self.binary(op.precedence() + 1, depth)?;
            let range = left.range.cover(right.range);
            left = Expr {
                kind: ExprKind::Binary(op, Box::new(left), Box::new(right)),
                range,
            };
        }
        Some(left)
    }

    fn unary(&mut self, depth: usize) -> Option<Expr> {
        let op = match self.peek_tok() {
            Some(Tok::Bang) => UnaryOp::Not,
            Some(Tok::Minus) => UnaryOp::Neg,
            Some(Tok::Ident(w)) if w.eq_ignore_ascii_case("not") => UnaryOp::Not,
            _ => return self.postfix(depth),
        };
        let start = self.next().map_or(self.here(), |t| t.range);
        if !self.deeper(depth + 1) {
            return None;
        }
        let operand = self.unary(depth + 1)?;
        // Fold `-5` into a literal so it prints back as written.
        let kind = match (op, &operand.kind) {
            (UnaryOp::Neg, ExprKind::Int(n)) => ExprKind::Int(-n),
            (UnaryOp::Neg, ExprKind::Num(n)) => ExprKind::Num(format!("-{n}")),
            _ => ExprKind::Unary(op, Box::new(operand.clone())),
        };
        Some(Expr {
            kind,
            range: start.cover(operand.range),
        })
    }

    /// A primary followed by `.name` / `.name(args)` members.
    fn postfix(&mut self, depth: usize) -> Option<Expr> {
        let mut expr = self.primary(depth)?;
        while self.peek_tok() == Some(&Tok::Dot) {
            self.next();
            let Some(Token {
                tok: Tok::Ident(name),
                range,
            }) = self.peek().cloned()
            else {
                let (range, found) = (self.here(), self.found());
                self.error(
                    range,
                    format!("expected an attribute or function name after `.`, found {found}"),
                );
                return None;
            };
            self.next();
            if self.peek_tok() == Some(&Tok::LParen) {
                // A method on a value (`user.getLinkedObject("manager")` has
                // already been folded into the call's dotted name).
                let call = self.call(format!("{expr}.{name}"), expr.range.cover(range), depth)?;
                expr = call;
            } else {
                let full = expr.range.cover(range);
                expr = Expr {
                    kind: ExprKind::Member(Box::new(expr), name),
                    range: full,
                };
            }
        }
        Some(expr)
    }

    fn primary(&mut self, depth: usize) -> Option<Expr> {
        let Some(token) = self.peek().cloned() else {
            let range = self.here();
            self.error(range, "expected a value, found the end of the expression");
            return None;
        };
        // Closing tokens stay for the enclosing list to resynchronise on.
        if !matches!(
            token.tok,
            Tok::RParen | Tok::RBrace | Tok::Comma | Tok::Colon
        ) {
            self.pos += 1;
        }
        let leaf = |kind| {
            Some(Expr {
                kind,
                range: token.range,
            })
        };
        match token.tok {
            Tok::Str(s) => leaf(ExprKind::Str(s)),
            Tok::Int(n) => leaf(ExprKind::Int(n)),
            Tok::Num(n) => leaf(ExprKind::Num(n)),
            Tok::LParen => {
                let inner = self.expression(depth + 1)?;
                if self.peek_tok() != Some(&Tok::RParen) {
                    let (range, found) = (self.here(), self.found());
                    self.error(
                        range,
                        format!(
                            "expected `)` to close the `(` at {}, found {found}",
                            self.position(token.range.start)
                        ),
                    );
                    return None;
                }
                let close = self.next().map_or(token.range, |t| t.range);
                Some(Expr {
                    kind: inner.kind,
                    range: token.range.cover(close),
                })
            }
            Tok::LBrace => {
                let (items, close) = self.list(Tok::RBrace, "array", token.range, depth)?;
                Some(Expr {
                    kind: ExprKind::Array(items),
                    range: token.range.cover(close),
                })
            }
            Tok::Ident(first) => {
                match first.to_ascii_lowercase().as_str() {
                    "true" => return leaf(ExprKind::Bool(true)),
                    "false" => return leaf(ExprKind::Bool(false)),
                    "null" => return leaf(ExprKind::Null),
                    _ => {}
                }
                // A dotted name: `user.firstName`, `String.append(…)`.
                let mut path = vec![first];
                let mut range = token.range;
                while self.peek_tok() == Some(&Tok::Dot) {
                    let Some(Token {
                        tok: Tok::Ident(seg),
                        range: seg_range,
                    }) = self.tokens.get(self.pos + 1).cloned()
                    else {
                        break;
                    };
                    self.pos += 2;
                    path.push(seg);
                    range = range.cover(seg_range);
                }
                if self.peek_tok() == Some(&Tok::LParen) {
                    return self.call(path.join("."), range, depth);
                }
                Some(Expr {
                    kind: ExprKind::Ref(path),
                    range,
                })
            }
            other => {
                let message = format!(
                    "expected a value (a string, number, user.attribute, function call, or `(`), found {}",
                    other.describe()
                );
                self.error(token.range, message);
                None
            }
        }
    }

    fn call(&mut self, name: String, name_range: TextRange, depth: usize) -> Option<Expr> {
        let open = self.next().map_or(name_range, |t| t.range);
        let what = format!("the arguments of {name}");
        let (args, close) = self.list(Tok::RParen, &what, open, depth)?;
        Some(Expr {
            kind: ExprKind::Call(Call {
                name,
                name_range,
                args,
            }),
            range: name_range.cover(close),
        })
    }

    /// Comma-separated expressions up to `close`; returns them and the closing range.
    fn list(
        &mut self,
        close: Tok,
        what: &str,
        open: TextRange,
        depth: usize,
    ) -> Option<(Vec<Expr>, TextRange)> {
        let mut items = Vec::new();
        let mut ok = true;
        if self.peek_tok() == Some(&close) {
            let end = self.next().map_or(open, |t| t.range);
            return Some((items, end));
        }
        loop {
            match self.expression(depth + 1) {
                Some(e) => items.push(e),
                None => {
                    if self.too_deep {
                        return None;
                    }
                    ok = false;
                    self.skip_to_separator();
                }
            }
            match self.peek_tok() {
                Some(Tok::Comma) => {
                    self.next();
                }
                Some(t) if *t == close => {
                    let end = self.next().map_or(open, |t| t.range);
                    return ok.then_some((items, end));
                }
                None => {
                    // An error already reaching the end (an unterminated string) covers this one.
                    if self.error_at_end() {
                        return None;
                    }
                    let range = self.here();
                    let closing = Tok::describe(&close);
                    self.error(
                        range,
                        format!("expected `,` or {closing} in {what}, found the end of the expression (opened at {})", self.position(open.start)),
                    );
                    return None;
                }
                Some(_) => {
                    let (range, found) = (self.here(), self.found());
                    let closing = Tok::describe(&close);
                    self.error(
                        range,
                        format!(
                            "expected `,` or {closing} after item {} of {what}, found {found}",
                            items.len().max(1)
                        ),
                    );
                    self.skip_to_separator();
                    match self.peek_tok() {
                        Some(Tok::Comma) => {
                            self.next();
                            ok = false;
                        }
                        Some(_) => {
                            self.next();
                            return None;
                        }
                        None => return None,
                    }
                }
            }
        }
    }

    fn skip_to_separator(&mut self) {
        let mut level = 0usize;
        while let Some(tok) = self.peek_tok() {
            match tok {
                Tok::LParen | Tok::LBrace => level += 1,
                Tok::RParen | Tok::RBrace if level == 0 => return,
                Tok::RParen | Tok::RBrace => level -= 1,
                Tok::Comma if level == 0 => return,
                _ => {}
            }
            self.pos += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> String {
        let (e, d) = parse(text);
        assert!(d.is_empty(), "{text}: {d:?}");
        e.unwrap().to_string()
    }

    fn errs(text: &str) -> Vec<(Code, usize, usize, String)> {
        let (e, d) = parse(text);
        assert!(e.is_none());
        d.into_iter()
            .map(|d| {
                let s = d.span.unwrap();
                (d.code, s.start, s.end, d.message)
            })
            .collect()
    }

    #[test]
    fn precedence_and_printing() {
        assert_eq!(ok("user.a + '.' + user.b"), r#"user.a + "." + user.b"#);
        assert_eq!(ok("a == 1 && b != 2 || !c"), "a == 1 AND b != 2 OR !c");
        assert_eq!(ok("(a OR b) and c"), "(a OR b) AND c");
        assert_eq!(
            ok("x ? y ? 1 : 2 : z ? 3 : 4"),
            "x ? (y ? 1 : 2) : z ? 3 : 4"
        );
        assert_eq!(
            ok("String.join(',', {1, -2, 3.5})"),
            r#"String.join(",", {1, -2, 3.5})"#
        );
        assert_eq!(
            ok("getManagerUser('ad').lastName"),
            r#"getManagerUser("ad").lastName"#
        );
        assert_eq!(ok("a - (b - c)"), "a - (b - c)");
    }

    #[test]
    fn positioned_errors() {
        let e = errs("String.append('a' 'b')");
        assert_eq!(e.len(), 1);
        assert_eq!((e[0].1, e[0].2), (18, 21));
        assert!(
            e[0].3
                .contains("after item 1 of the arguments of String.append"),
            "{}",
            e[0].3
        );
        assert_eq!(errs("user.a ? 'x'").len(), 1);
        assert_eq!(errs("String.len('a', ) + )").len(), 2);
        assert_eq!(errs("user.a = 'x'")[0].0, Code::ExprSyntax);
    }

    #[test]
    fn depth_limit() {
        let deep = format!(
            "{}1{}",
            "(".repeat(MAX_EXPRESSION_DEPTH + 2),
            ")".repeat(MAX_EXPRESSION_DEPTH + 2)
        );
        let e = errs(&deep);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].0, Code::LimitExpression);
        assert_eq!(errs(&"!".repeat(5000))[0].0, Code::LimitExpression);
        assert_eq!(errs(&"(".repeat(10_000))[0].0, Code::LimitExpression);
        assert!(
            parse(&format!("{}1{}", "(".repeat(20), ")".repeat(20)))
                .0
                .is_some()
        );
        let long_chain = vec!["1"; 2000].join(" + ");
        assert!(parse(&long_chain).0.is_some());
    }
}
