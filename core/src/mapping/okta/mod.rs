//! The Okta Expression Language subset used in app mappings, and the
//! application username formats.
//!
//! Supported (idp-facts §4.6): `user.x` / `source.x` references, strings in
//! single or double quotes without backslash escapes (SpEL: `"\"` is one
//! backslash; a quote is written doubled), integers and decimals,
//! `true`/`false`/`null`, `+` (concatenation or addition), `-`, `== != < > <= >=`,
//! `AND OR !` and `&& ||`, nestable `? :`, parentheses, `{a, b}` arrays, and the
//! functions in [`FUNCTIONS`]. References to other objects (`appuser.`,
//! `org.`, `app.`, `<app>.`) and functions that need groups or linked users
//! (`isMemberOfGroupName`, `getManagerUser`, …) are recognised and reported as
//! `expr-unsupported` rather than evaluating to a silent null.
//!
//! ```
//! use scimkit::mapping::{Environment, okta};
//!
//! let user = serde_json::json!({"firstName": "Winston", "lastName": "Churchill"});
//! let result = okta::evaluate(r#"user.firstName + "." + user.lastName"#, &user, &Environment::default()).unwrap();
//! assert_eq!(result.value, okta::Value::string("Winston.Churchill"));
//! ```
//!
//! Decisions where the documentation is silent (each is exercised by a test):
//! - Profile attribute names are case-sensitive (they are variable names).
//! - `String.replace`/`replaceFirst` treat `match` as a regular expression,
//!   as Java's `replaceAll`/`replaceFirst` do.
//! - `substringBefore`/`substringAfter` follow Apache Commons Lang when the
//!   search string is absent (whole input / empty string).
//! - String transforms of null give null; `String.len(null)` is 0;
//!   `String.append`/`String.join` treat null as empty.
//! - `null + "x"` gives `"nullx"` as in SpEL, with a warning.

mod ast;
mod eval;
mod functions;
mod iso3166;
mod lexer;
mod parser;
mod username;
mod value;

use std::fmt;

use serde_json::Value as Json;

use crate::diagnostics::{Diagnostic, Report};
pub use crate::mapping::common::FunctionRef;
use crate::mapping::common::{parsed, source_object};
use crate::mapping::{Environment, TextRange};

pub use ast::{BinaryOp, Call, Expr, ExprKind, UnaryOp};
pub use functions::{FUNCTIONS, FunctionInfo, ParamKind, UNSUPPORTED, function};
pub use username::AppUsernameFormat;
pub use value::Value;

/// The result of an evaluation: the value and any warnings (such as a null
/// turned into the text `null` by `+`).
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// The computed value.
    pub value: Value,
    /// Warnings found while computing it, with spans.
    pub warnings: Vec<Diagnostic>,
}

/// A profile attribute an expression reads, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeRef {
    /// `user` or `source` (or another object, which the checker reports).
    pub object: String,
    /// The attribute name (`firstName`).
    pub name: String,
    /// The range of the whole reference.
    pub range: TextRange,
}

/// A parsed Okta expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expression {
    text: String,
    root: Expr,
}

impl Expression {
    /// Parses an expression.
    ///
    /// # Errors
    /// A [`Report`] with every syntax error (`expr-syntax`) or
    /// `limit-expression` (too long or nested too deep), located in `text`.
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

    /// Unknown and unsupported functions and references, arity, literal
    /// argument types, and functions Okta forbids inside conditions.
    pub fn check(&self) -> Report {
        let mut diags = Vec::new();
        functions::check(&self.root, &mut diags);
        Report::new(diags).locate(&self.text)
    }

    /// Evaluates the expression for `user`, the Okta user profile as a JSON
    /// object (`user.x` and `source.x` both read it).
    ///
    /// # Errors
    /// A [`Report`] with the error that stopped evaluation (`expr-evaluation`,
    /// `expr-unsupported`, …), spanning the part that failed.
    pub fn evaluate(&self, user: &Json, env: &Environment) -> Result<Evaluation, Report> {
        let empty = serde_json::Map::new();
        let user = source_object(user, "user")?.unwrap_or(&empty);
        let mut evaluator = eval::Evaluator::new(user, env);
        match evaluator.eval(&self.root) {
            Ok(value) => {
                let warnings = Report::new(evaluator.warnings)
                    .locate(&self.text)
                    .diagnostics;
                Ok(Evaluation { value, warnings })
            }
            Err(d) => Err(Report::new(vec![d]).locate(&self.text)),
        }
    }

    /// Every reference (`user.x`, `appuser.y`, …) in text order.
    pub fn attributes(&self) -> Vec<AttributeRef> {
        let mut out = Vec::new();
        self.walk(|e| {
            if let ExprKind::Ref(path) = &e.kind {
                out.push(AttributeRef {
                    object: path.first().cloned().unwrap_or_default(),
                    name: path.get(1..).map(|p| p.join(".")).unwrap_or_default(),
                    range: e.range,
                });
            }
        });
        out
    }

    /// Every function call in text order.
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

    fn walk(&self, mut visit: impl FnMut(&Expr)) {
        let mut stack = vec![&self.root];
        while let Some(e) = stack.pop() {
            visit(e);
            match &e.kind {
                ExprKind::Array(items) => stack.extend(items.iter().rev()),
                ExprKind::Call(call) => stack.extend(call.args.iter().rev()),
                ExprKind::Member(target, _) | ExprKind::Unary(_, target) => stack.push(target),
                ExprKind::Binary(_, l, r) => {
                    stack.push(r);
                    stack.push(l);
                }
                ExprKind::Ternary(c, t, f) => {
                    stack.push(f);
                    stack.push(t);
                    stack.push(c);
                }
                _ => {}
            }
        }
    }
}

/// Prints the canonical form.
impl fmt::Display for Expression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.root)
    }
}

/// Parses and checks `text`.
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
pub fn evaluate(text: &str, user: &Json, env: &Environment) -> Result<Evaluation, Report> {
    let expr = Expression::parse(text)?;
    let report = expr.check();
    if !report.valid {
        return Err(report);
    }
    expr.evaluate(user, env)
}

#[cfg(test)]
mod tests;
