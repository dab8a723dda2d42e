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

use serde_json::Value as Json;

use crate::diagnostics::{Diagnostic, Report};
pub use crate::mapping::common::FunctionRef;
use crate::mapping::language;
use crate::mapping::{Environment, Language, TextRange};

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

/// The Okta Expression Language (the [`Language`] of [`Expression`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Okta;

/// A parsed Okta expression. Evaluation reads `user`, the Okta user profile
/// as a JSON object (`user.x` and `source.x` both read it).
pub type Expression = crate::mapping::Expression<Okta>;

impl language::sealed::Sealed for Okta {}

impl Language for Okta {
    type Expr = Expr;
    type Outcome = Evaluation;
    const SOURCE: &'static str = "user";

    fn parse(text: &str) -> (Option<Expr>, Vec<Diagnostic>) {
        parser::parse(text)
    }

    fn check(root: &Expr, diags: &mut Vec<Diagnostic>) {
        functions::check(root, diags);
    }

    fn evaluate(
        expr: &Expression,
        user: &serde_json::Map<String, Json>,
        env: &Environment,
    ) -> Result<Evaluation, Diagnostic> {
        let mut evaluator = eval::Evaluator::new(user, env);
        let value = evaluator.eval(expr.root())?;
        Ok(Evaluation {
            value,
            warnings: expr.locate(evaluator.warnings),
        })
    }

    fn children<'e>(node: &'e Expr, stack: &mut Vec<&'e Expr>) {
        match &node.kind {
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

    fn call_name(node: &Expr) -> Option<(&str, TextRange)> {
        match &node.kind {
            ExprKind::Call(call) => Some((&call.name, call.name_range)),
            _ => None,
        }
    }

    fn is_function(name: &str) -> bool {
        function(name).is_some()
    }
}

impl Expression {
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
}

/// Parses and checks `text`: the syntax errors, or else the check's findings.
pub fn check(text: &str) -> Report {
    language::check::<Okta>(text)
}

/// Parses, checks and evaluates `text` for `user`.
///
/// # Errors
/// The syntax or check errors, or the evaluation error.
pub fn evaluate(text: &str, user: &Json, env: &Environment) -> Result<Evaluation, Report> {
    language::parse_checked::<Okta>(text)?.evaluate(user, env)
}

#[cfg(test)]
mod tests;
