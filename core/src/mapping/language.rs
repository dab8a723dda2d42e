//! What the Entra ID and Okta expression languages share around their own
//! grammars: the parsed [`Expression`] (text and tree) with its walk, check
//! and evaluation entry points, the token [`Cursor`] both parsers read with,
//! the checks every parse starts with, and function signatures.
//!
//! Each language supplies only what differs, by implementing [`Language`]:
//! its parser, checker, evaluator and the shape of its tree.

use std::fmt;

use serde_json::Value as Json;

use crate::diagnostics::{Code, Diagnostic, Report};
use crate::limits::MAX_EXPRESSION_BYTES;
use crate::mapping::common::{FunctionRef, source_object};
use crate::mapping::{Environment, TextRange};

/// Only the crate's two languages implement [`Language`].
pub(crate) mod sealed {
    pub trait Sealed {}
}

/// One expression language (implemented by [`crate::mapping::entra::Entra`]
/// and [`crate::mapping::okta::Okta`] only).
pub trait Language: sealed::Sealed + Sized {
    /// A node of the syntax tree.
    type Expr: Clone + fmt::Debug + PartialEq + Eq + fmt::Display;
    /// What an evaluation yields.
    type Outcome;

    /// How the source object is named in "must be a JSON object" errors.
    #[doc(hidden)]
    const SOURCE: &'static str;

    /// Parses `text`: the tree when there was no error, and every problem.
    #[doc(hidden)]
    fn parse(text: &str) -> (Option<Self::Expr>, Vec<Diagnostic>);

    /// Appends what the static check finds in `root`.
    #[doc(hidden)]
    fn check(root: &Self::Expr, diags: &mut Vec<Diagnostic>);

    /// Evaluates `expr` for `user`; the error is located by the caller.
    #[doc(hidden)]
    fn evaluate(
        expr: &Expression<Self>,
        user: &serde_json::Map<String, Json>,
        env: &Environment,
    ) -> Result<Self::Outcome, Diagnostic>;

    /// Pushes the children of `node` onto `stack` in reverse text order.
    #[doc(hidden)]
    fn children<'e>(node: &'e Self::Expr, stack: &mut Vec<&'e Self::Expr>);

    /// The name of the function `node` calls, and its range, when it is a call.
    #[doc(hidden)]
    fn call_name(node: &Self::Expr) -> Option<(&str, TextRange)>;

    /// Whether the language defines a function of exactly this name.
    #[doc(hidden)]
    fn is_function(name: &str) -> bool;
}

/// A parsed expression of language `L`: the text and its syntax tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expression<L: Language> {
    text: String,
    root: L::Expr,
}

impl<L: Language> Expression<L> {
    /// Parses an expression.
    ///
    /// # Errors
    /// A [`Report`] with every syntax error found (`expr-syntax`), or
    /// `limit-expression` when the text is longer than
    /// [`crate::limits::MAX_EXPRESSION_BYTES`] or nests deeper than
    /// [`crate::limits::MAX_EXPRESSION_DEPTH`]. Spans are located in `text`.
    pub fn parse(text: &str) -> Result<Expression<L>, Report> {
        match L::parse(text) {
            (Some(root), _) => Ok(Expression {
                text: text.to_string(),
                root,
            }),
            (None, diags) => Err(Report::new(diags).locate(text)),
        }
    }

    /// The text the expression was parsed from.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The syntax tree.
    pub fn root(&self) -> &L::Expr {
        &self.root
    }

    /// What can be known before evaluation: unknown functions (with a
    /// suggestion), arity, and the types of literal arguments.
    pub fn check(&self) -> Report {
        let mut diags = Vec::new();
        L::check(&self.root, &mut diags);
        Report::new(diags).locate(&self.text)
    }

    /// Evaluates the expression for `user`, a JSON object of source
    /// attribute names and values (`null` is an empty object).
    ///
    /// # Errors
    /// A [`Report`] with the error that stopped evaluation
    /// (`expr-evaluation`, or `expr-unknown-function` / `expr-arity` when
    /// [`Expression::check`] was skipped), spanning the part that failed.
    pub fn evaluate(&self, user: &Json, env: &Environment) -> Result<L::Outcome, Report> {
        let empty = serde_json::Map::new();
        let user = source_object(user, L::SOURCE)?.unwrap_or(&empty);
        L::evaluate(self, user, env).map_err(|d| Report::new(vec![d]).locate(&self.text))
    }

    /// Every function call, in text order (repeats included).
    pub fn functions(&self) -> Vec<FunctionRef> {
        let mut out = Vec::new();
        self.walk(|e| {
            if let Some((name, range)) = L::call_name(e) {
                out.push(FunctionRef {
                    name: name.to_string(),
                    range,
                    known: L::is_function(name),
                });
            }
        });
        out
    }

    /// Visits every node in text order, with an explicit stack (the tree's
    /// depth is bounded by the parser, but the walk does not rely on it).
    pub(crate) fn walk(&self, mut visit: impl FnMut(&L::Expr)) {
        let mut stack = vec![&self.root];
        while let Some(e) = stack.pop() {
            visit(e);
            L::children(e, &mut stack);
        }
    }

    /// Locates diagnostics found while evaluating in this expression's text.
    pub(crate) fn locate(&self, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        Report::new(diags).locate(&self.text).diagnostics
    }
}

/// Prints the canonical form (see the language's `Expr`'s `Display`).
impl<L: Language> fmt::Display for Expression<L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.root)
    }
}

/// Parses and checks `text`: the syntax errors, or else the check's findings.
pub(crate) fn check<L: Language>(text: &str) -> Report {
    match Expression::<L>::parse(text) {
        Ok(expr) => expr.check(),
        Err(report) => report,
    }
}

/// Parses and checks `text`: the expression, or the syntax or check errors.
pub(crate) fn parse_checked<L: Language>(text: &str) -> Result<Expression<L>, Report> {
    let expr = Expression::<L>::parse(text)?;
    let report = expr.check();
    if !report.valid {
        return Err(report);
    }
    Ok(expr)
}

/// A node of an expression's syntax tree and the byte range it covers
/// (each language has its own kinds of node).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node<K> {
    /// What the node is.
    pub kind: K,
    /// Where it is in the expression text.
    pub range: TextRange,
}

/// A token and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token<T> {
    pub(crate) tok: T,
    pub(crate) range: TextRange,
}

/// Consumes the characters after `first` (at `start`) while `more` holds,
/// and returns where the run ends.
pub(crate) fn scan_while(
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
    start: usize,
    first: char,
    more: impl Fn(char) -> bool,
) -> usize {
    let mut end = start + first.len_utf8();
    while let Some(&(i, n)) = chars.peek() {
        if !more(n) {
            break;
        }
        end = i + n.len_utf8();
        chars.next();
    }
    end
}

/// An `expr-syntax` error spanning `start..end`.
pub(crate) fn syntax_error(start: usize, end: usize, message: String) -> Diagnostic {
    Diagnostic::new(Code::ExprSyntax, "", message).with_range(start, end)
}

/// How a token is named in "found …" messages.
pub(crate) trait Describe {
    fn describe(&self) -> String;
}

/// The position of a parser in its tokens, and what it has found so far.
pub(crate) struct Cursor<T> {
    pub(crate) tokens: Vec<Token<T>>,
    pub(crate) pos: usize,
    /// The length of the text: where "the end of the expression" is.
    pub(crate) end: usize,
    pub(crate) diags: Vec<Diagnostic>,
    /// Set once the depth limit is hit: parsing stops without further errors.
    pub(crate) too_deep: bool,
    /// The text (at most `MAX_EXPRESSION_BYTES`), for positions in messages.
    pub(crate) text: String,
}

impl<T: Clone + Describe> Cursor<T> {
    pub(crate) fn peek(&self) -> Option<&Token<T>> {
        self.tokens.get(self.pos)
    }

    pub(crate) fn peek_tok(&self) -> Option<&T> {
        self.peek().map(|t| &t.tok)
    }

    pub(crate) fn next(&mut self) -> Option<Token<T>> {
        let token = self.tokens.get(self.pos).cloned();
        if token.is_some() {
            self.pos += 1;
        }
        token
    }

    /// Range of the next token, or an empty range at the end of the text.
    pub(crate) fn here(&self) -> TextRange {
        self.peek()
            .map_or(TextRange::new(self.end, self.end), |t| t.range)
    }

    /// Where byte `offset` is, as messages name it (`column 7`).
    pub(crate) fn position(&self, offset: usize) -> String {
        crate::diagnostics::Span::describe(&self.text, offset)
    }

    /// The next token as messages name it.
    pub(crate) fn found(&self) -> String {
        self.peek_tok()
            .map_or_else(|| "the end of the expression".to_string(), T::describe)
    }

    /// Whether the last error reported already reaches the end of the text
    /// (an unterminated string), so that "found the end" would repeat it.
    pub(crate) fn error_at_end(&self) -> bool {
        self.diags
            .last()
            .and_then(|d| d.span)
            .is_some_and(|s| s.end >= self.end)
    }

    /// Reports a syntax error, unless the depth limit already stopped parsing.
    pub(crate) fn error(&mut self, range: TextRange, message: impl Into<String>) {
        if !self.too_deep {
            self.diags.push(
                Diagnostic::new(Code::ExprSyntax, "", message).with_range(range.start, range.end),
            );
        }
    }
}

/// The frame of every parse: the length limit, lexing, the empty
/// expression, and dropping the tree when there was an error. `body` parses
/// the tokens (including what may trail the expression).
pub(crate) fn parse_tokens<T: Clone + Describe, E>(
    text: &str,
    limit_note: &str,
    lex: fn(&str, &mut Vec<Diagnostic>) -> Vec<Token<T>>,
    empty: &str,
    body: impl FnOnce(&mut Cursor<T>) -> Option<E>,
) -> (Option<E>, Vec<Diagnostic>) {
    if text.len() > MAX_EXPRESSION_BYTES {
        let diag = Diagnostic::new(
            Code::LimitExpression,
            "",
            format!(
                "the expression is {} bytes long; at most {MAX_EXPRESSION_BYTES} are accepted{limit_note}",
                text.len()
            ),
        )
        .with_range(MAX_EXPRESSION_BYTES.min(text.len()), text.len());
        return (None, vec![diag]);
    }
    let mut diags = Vec::new();
    let tokens = lex(text, &mut diags);
    let mut cursor = Cursor {
        tokens,
        pos: 0,
        end: text.len(),
        diags,
        too_deep: false,
        text: text.to_owned(),
    };
    let expr = if cursor.tokens.is_empty() {
        if cursor.diags.is_empty() {
            cursor
                .diags
                .push(Diagnostic::new(Code::ExprSyntax, "", empty).with_range(0, text.len()));
        }
        None
    } else {
        body(&mut cursor)
    };
    if cursor.diags.iter().any(Diagnostic::is_error) {
        (None, cursor.diags)
    } else {
        (expr, cursor.diags)
    }
}

/// One function of an expression language: its name, signature and
/// parameters, for the checker, the evaluator and the documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FunctionInfo<K: 'static> {
    /// The exact, case-sensitive name (Okta's is dotted: `String.toUpperCase`).
    pub name: &'static str,
    /// The signature as the identity provider documents it, for messages.
    pub signature: &'static str,
    /// Fewest arguments.
    pub min_args: usize,
    /// Most arguments; `None` when the last `repeat` parameters repeat.
    pub max_args: Option<usize>,
    /// Parameter names and what each accepts.
    pub params: &'static [(&'static str, K)],
    /// How many trailing parameters repeat (1 for Entra's Join sources, 2
    /// for Switch's key/value pairs).
    pub repeat: usize,
    /// One line on what it does (empty where the table has none).
    pub summary: &'static str,
    /// The name that replaces a deprecated form (Okta's un-prefixed string
    /// functions: `toUpperCase` → `String.toUpperCase`).
    pub replaced_by: Option<&'static str>,
}

impl<K: Copy> FunctionInfo<K> {
    /// The name and kind of argument `index` (0-based), if the function has
    /// one there: its own parameter, or one of the repeating ones.
    pub fn param(&self, index: usize) -> Option<(&'static str, K)> {
        if let Some(p) = self.params.get(index) {
            return Some(*p);
        }
        if self.repeat == 0 || self.max_args.is_some_and(|m| index >= m) {
            return None;
        }
        let len = self.params.len();
        let first = len.checked_sub(self.repeat)?;
        self.params
            .get(first + (index - len) % self.repeat)
            .copied()
    }

    /// Whether `n` arguments fit (in whole pairs when the repeating tail is
    /// a pair).
    pub fn accepts(&self, n: usize) -> bool {
        n >= self.min_args
            && self.max_args.is_none_or(|m| n <= m)
            && (self.repeat != 2 || n % 2 == 0)
    }

    /// `expr-arity` spanning `range` when `given` arguments do not fit.
    pub(crate) fn check_arity(&self, given: usize, range: TextRange) -> Result<(), Diagnostic> {
        if self.accepts(given) {
            return Ok(());
        }
        Err(Diagnostic::new(
            Code::ExprArity,
            "",
            format!(
                "{} is given {given} arguments: {}",
                self.name, self.signature
            ),
        )
        .with_range(range.start, range.end))
    }
}

/// The code and byte range of each diagnostic of `report`, for tests.
#[cfg(test)]
pub(crate) fn spans(report: &Report) -> Vec<(Code, usize, usize)> {
    report
        .diagnostics
        .iter()
        .map(|d| match d.span {
            Some(s) => (d.code, s.start, s.end),
            None => panic!("{:?} has no span", d.code),
        })
        .collect()
}

/// Each function an expression calls, with whether the language knows it, for tests.
#[cfg(test)]
pub(crate) fn called<L: Language>(expr: &Expression<L>) -> Vec<(String, bool)> {
    expr.functions()
        .into_iter()
        .map(|f| (f.name, f.known))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeating_parameters() {
        let switch = FunctionInfo {
            name: "Switch",
            signature: "Switch(source, default, key, value, …)",
            min_args: 2,
            max_args: None,
            params: &[("source", 1), ("default", 1), ("key", 2), ("value", 3)],
            repeat: 2,
            summary: "",
            replaced_by: None,
        };
        assert_eq!(switch.param(0), Some(("source", 1)));
        assert_eq!(switch.param(4), Some(("key", 2)));
        assert_eq!(switch.param(7), Some(("value", 3)));
        assert!(switch.accepts(4));
        assert!(!switch.accepts(5));
        let err = switch.check_arity(3, TextRange::new(0, 6)).unwrap_err();
        assert_eq!(err.code, Code::ExprArity);
        let limited = FunctionInfo {
            max_args: Some(4),
            ..switch
        };
        assert_eq!(limited.param(4), None);
        assert!(!limited.accepts(6));
    }
}
