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

use serde_json::Value as Json;

use crate::diagnostics::{Diagnostic, Report};
pub use crate::mapping::common::FunctionRef;
use crate::mapping::language;
use crate::mapping::{Environment, Language, TextRange};

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

/// The Entra ID expression language (the [`Language`] of [`Expression`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entra;

/// A parsed Entra expression: the text and its syntax tree.
///
/// Evaluation reads `user`, a JSON object mapping Entra attribute names to
/// strings, booleans, numbers or arrays (absent or null means null).
/// Attribute lookup is case-insensitive, an exact match winning: Entra's
/// attribute names are case-insensitive in practice and the doc itself
/// writes `[givenName]` and `[GivenName]`. `[IsSoftDeleted]` is computed
/// when absent: `"True"` if `accountEnabled` is `false`, else `"False"`.
pub type Expression = crate::mapping::Expression<Entra>;

impl language::sealed::Sealed for Entra {}

impl Language for Entra {
    type Expr = Expr;
    type Outcome = Outcome;
    const SOURCE: &'static str = "source user";

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
    ) -> Result<Outcome, Diagnostic> {
        let mut evaluator = eval::Evaluator::new(user, env);
        let value = evaluator.eval(expr.root())?;
        Ok(if evaluator.omit {
            Outcome::Omitted
        } else {
            Outcome::Value(value)
        })
    }

    fn children<'e>(node: &'e Expr, stack: &mut Vec<&'e Expr>) {
        match &node.kind {
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
}

/// Parses and checks `text`: the syntax errors, or else the check's findings.
pub fn check(text: &str) -> Report {
    language::check::<Entra>(text)
}

/// Parses, checks and evaluates `text` for `user`.
///
/// # Errors
/// The syntax or check errors, or the evaluation error.
pub fn evaluate(text: &str, user: &Json, env: &Environment) -> Result<Outcome, Report> {
    language::parse_checked::<Entra>(text)?.evaluate(user, env)
}

#[cfg(test)]
mod tests;
