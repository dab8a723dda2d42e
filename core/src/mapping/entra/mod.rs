//! Microsoft Entra ID attribute-mapping expressions.
//!
//! The language is VBA-flavoured (idp-facts §2): function calls whose
//! positional arguments may be left empty, `[attribute]` references, string
//! literals with `\\` and `\"` escapes, integers, `&H` hex numbers, the enum
//! names `vbTextCompare`/`vbBinaryCompare`, and comparisons inside IIF
//! conditions and CBool. Function names are case-sensitive.
//!
//! ```
//! use scimkit::mapping::{Environment, entra};
//!
//! let expr = entra::Expression::parse(r#"Join(" ", [givenName], [surname])"#).unwrap();
//! assert!(expr.check().valid);
//! let user = serde_json::json!({"givenName": "John", "surname": "Doe"});
//! let outcome = expr.evaluate(&user, &Environment::default()).unwrap();
//! assert_eq!(outcome, entra::Outcome::Value(entra::Value::string("John Doe")));
//! ```
//!
//! Decisions where the documentation is silent (each is exercised by a test):
//! - Attribute lookup is case-insensitive (see [`Expression::evaluate`]).
//! - String functions applied to a multi-valued value apply to each value.
//! - `Coalesce` skips only null (absent) values, not `""`; `Join` skips both.
//! - `Switch` matches a null source against a `""` key.
//! - `InStr` returns 0 when the text is not found (VB's convention).
//! - `Word` treats a run of delimiters as one; `Split` does not trim parts.
//! - A comparison whose attribute operand is null or empty is an evaluation
//!   error, because Entra fails such IIF conditions (idp-facts §2.3).
//!
//! Not a test vector on purpose: the doc's `Replace([mobile], , "[()\\s-]+", , "", , )`
//! on `+1 (999) 888-7777` claims `19998887777`, but the class has no `+`,
//! so .NET (and this evaluator) give `+19998887777` (idp-facts §6).

mod ast;
mod dates;
mod eval;
mod functions;
mod lexer;
mod parser;
mod replace;
mod text;
mod value;

use std::fmt;

use serde_json::Value as Json;

use crate::diagnostics::Report;
pub use crate::mapping::common::FunctionRef;
use crate::mapping::common::{parsed, source_object};
use crate::mapping::{Environment, TextRange};

pub use ast::{Argument, Call, CompareMode, CompareOp, Comparison, Expr, ExprKind};
pub use functions::{FUNCTIONS, FunctionInfo, ParamKind, function};
pub use value::Value;

/// What an expression yields for one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The value to write to the target attribute (null means the attribute
    /// is not sent, as Entra never sends null values).
    Value(Value),
    /// `IgnoreFlowIfNullOrEmpty` saw null or `""`: the target attribute is
    /// left out of the request altogether.
    Omitted,
}

/// A source attribute an expression reads, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeRef {
    /// The name between the brackets.
    pub name: String,
    /// The range of `[name]` in the expression.
    pub range: TextRange,
}

/// A parsed Entra expression: the text and its syntax tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expression {
    text: String,
    root: Expr,
}

impl Expression {
    /// Parses an expression.
    ///
    /// # Errors
    /// A [`Report`] with every syntax error found (`expr-syntax`), or
    /// `limit-expression` when the text is longer than
    /// [`crate::limits::MAX_EXPRESSION_BYTES`] or calls nest deeper than
    /// [`crate::limits::MAX_EXPRESSION_DEPTH`]. Spans are located in `text`.
    pub fn parse(text: &str) -> Result<Expression, Report> {
        let (text, root) = parsed(text, parser::parse(text))?;
        Ok(Expression { text, root })
    }

    /// The text the expression was parsed from.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The syntax tree.
    pub fn root(&self) -> &Expr {
        &self.root
    }

    /// Checks what can be known before evaluation: unknown functions (with a
    /// suggestion), arity, and argument types of literals (numbers,
    /// intervals, compare modes, regex patterns, Replace's argument shape).
    pub fn check(&self) -> Report {
        let mut diags = Vec::new();
        functions::check(&self.root, &mut diags);
        Report::new(diags).locate(&self.text)
    }

    /// Evaluates the expression for `user`, a JSON object mapping Entra
    /// attribute names to strings, booleans, numbers or arrays (absent or
    /// null means null).
    ///
    /// Attribute lookup is case-insensitive, an exact match winning: Entra's
    /// attribute names are case-insensitive in practice and the doc itself
    /// writes `[givenName]` and `[GivenName]`. `[IsSoftDeleted]` is computed
    /// when absent: `"True"` if `accountEnabled` is `false`, else `"False"`.
    ///
    /// # Errors
    /// A [`Report`] with one `expr-evaluation` error (or `expr-unknown-function`
    /// / `expr-arity` when [`Expression::check`] was skipped) spanning the
    /// argument that failed.
    pub fn evaluate(&self, user: &Json, env: &Environment) -> Result<Outcome, Report> {
        let empty = serde_json::Map::new();
        let user = source_object(user, "source user")?.unwrap_or(&empty);
        let mut evaluator = eval::Evaluator::new(user, env);
        match evaluator.eval(&self.root) {
            Ok(_) if evaluator.omit => Ok(Outcome::Omitted),
            Ok(value) => Ok(Outcome::Value(value)),
            Err(d) => Err(Report::new(vec![d]).locate(&self.text)),
        }
    }

    /// Every attribute reference, in text order (repeats included).
    pub fn attributes(&self) -> Vec<AttributeRef> {
        let mut out = Vec::new();
        self.walk(|e| {
            if let ExprKind::Attribute(name) = &e.kind {
                out.push(AttributeRef {
                    name: name.clone(),
                    range: e.range,
                });
            }
        });
        out
    }

    /// Every function call, in text order (repeats included).
    pub fn functions(&self) -> Vec<FunctionRef> {
        let mut out = Vec::new();
        self.walk(|e| {
            if let ExprKind::Call(call) = &e.kind {
                out.push(FunctionRef {
                    name: call.name.clone(),
                    range: call.name_range,
                    known: function(&call.name).is_some(),
                });
            }
        });
        out
    }

    /// Visits every node in text order, with an explicit stack.
    fn walk(&self, mut visit: impl FnMut(&Expr)) {
        let mut stack = vec![&self.root];
        while let Some(e) = stack.pop() {
            visit(e);
            match &e.kind {
                ExprKind::Call(call) => {
                    stack.extend(call.args.iter().rev().filter_map(|a| a.expr.as_ref()))
                }
                ExprKind::Comparison(c) => {
                    stack.push(&c.right);
                    stack.push(&c.left);
                }
                _ => {}
            }
        }
    }
}

/// Prints the canonical form (see [`Expr`]'s `Display`).
impl fmt::Display for Expression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.root)
    }
}

/// Parses and checks `text`: the syntax errors, or else the check's findings.
pub fn check(text: &str) -> Report {
    match Expression::parse(text) {
        Ok(expr) => expr.check(),
        Err(report) => report,
    }
}

/// Parses, checks and evaluates `text` for `user`.
///
/// # Errors
/// The syntax or check errors, or the evaluation error.
pub fn evaluate(text: &str, user: &Json, env: &Environment) -> Result<Outcome, Report> {
    let expr = Expression::parse(text)?;
    let report = expr.check();
    if !report.valid {
        return Err(report);
    }
    expr.evaluate(user, env)
}

#[cfg(test)]
mod tests;
