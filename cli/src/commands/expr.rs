//! `scimkit expr eval`: the core's Entra ID and Okta expression evaluators.
//!
//! Each expression is parsed, checked, then evaluated (the three steps of
//! `entra::evaluate` / `okta::evaluate`, called one by one so that the
//! check's warnings can be shown beside the value).

use std::time::{SystemTime, UNIX_EPOCH};

use scimkit::datetime::{DateTime, parse_datetime};
use scimkit::diagnostics::{Diagnostic, Report};
use scimkit::mapping::{Environment, entra, okta};
use serde_json::{Value, json};

use crate::args::{ExprEvalArgs, Language};
use crate::input::{self, Source};
use crate::output::{Output, Stream};
use crate::status::{Failure, Outcome, Status};

/// What an evaluation produced.
struct Evaluated {
    /// The value, or `None` when Entra's `IgnoreFlowIfNullOrEmpty` omitted the attribute.
    value: Option<Value>,
    /// Warnings from the check and the evaluation.
    warnings: Vec<Diagnostic>,
}

/// Runs `scimkit expr eval`.
///
/// # Errors
/// An unreadable user file or a `--now` that is not an xsd:dateTime.
pub fn eval(args: &ExprEvalArgs, output: &mut Output) -> Outcome {
    let env = environment(args)?;
    let user = match &args.user {
        None => json!({}),
        Some(path) => {
            let source = input::read(path)?;
            let parsed = match &source.problem {
                Some(d) => Err(d.clone()),
                None => scimkit::json::parse_value(&source.text),
            };
            match parsed {
                Ok(user) => user,
                Err(d) => return fail(output, &Report::new(vec![d]), &source),
            }
        }
    };
    let expression = Source::inline("expression", &args.expression);
    let result = match args.language {
        Language::Entra => eval_entra(&args.expression, &user, &env),
        Language::Okta => eval_okta(&args.expression, &user, &env),
    };
    match result {
        Ok(evaluated) => {
            let value = evaluated.value.clone().unwrap_or(Value::Null);
            if output.is_json() {
                output.json(&json!({
                    "value": value,
                    "omitted": evaluated.value.is_none(),
                    "report": Report::new(evaluated.warnings),
                }))?;
            } else {
                output.diagnostics(&evaluated.warnings, &expression, Stream::Out)?;
                if evaluated.value.is_none() {
                    output.line(
                        "omitted: IgnoreFlowIfNullOrEmpty saw null or \"\", so the target attribute is left out of the request",
                    )?;
                }
                output.json(&value)?;
            }
            Ok(Status::Clean)
        }
        Err(report) => {
            if !output.is_json() {
                if let Some(hint) = other_language_hint(args) {
                    output.diagnostics(&report.diagnostics, &expression, Stream::Out)?;
                    output.line(&hint)?;
                    return Ok(Status::Errors);
                }
            }
            fail(output, &report, &expression)
        }
    }
}

fn eval_entra(text: &str, user: &Value, env: &Environment) -> Result<Evaluated, Report> {
    let expr = entra::Expression::parse(text)?;
    let check = expr.check();
    if !check.valid {
        return Err(check);
    }
    let value = match expr.evaluate(user, env)? {
        entra::Outcome::Value(v) => Some(v.to_json()),
        entra::Outcome::Omitted => None,
    };
    Ok(Evaluated {
        value,
        warnings: check.diagnostics,
    })
}

fn eval_okta(text: &str, user: &Value, env: &Environment) -> Result<Evaluated, Report> {
    let expr = okta::Expression::parse(text)?;
    let check = expr.check();
    if !check.valid {
        return Err(check);
    }
    let evaluation = expr.evaluate(user, env)?;
    let mut warnings = check.diagnostics;
    warnings.extend(evaluation.warnings);
    Ok(Evaluated {
        value: Some(evaluation.value.to_json()),
        warnings,
    })
}

/// When the expression does not parse in its language but parses in the
/// other, say so: `user.firstName` is a common slip into the wrong language.
fn other_language_hint(args: &ExprEvalArgs) -> Option<String> {
    let (parses_in_own, parses_in_other, other) = match args.language {
        Language::Entra => (
            entra::Expression::parse(&args.expression).is_ok(),
            okta::Expression::parse(&args.expression).is_ok(),
            "okta",
        ),
        Language::Okta => (
            okta::Expression::parse(&args.expression).is_ok(),
            entra::Expression::parse(&args.expression).is_ok(),
            "entra",
        ),
    };
    (!parses_in_own && parses_in_other).then(|| {
        format!("hint: the expression parses in the other language: try --language {other}")
    })
}

/// The environment of `Now()` and the random functions.
fn environment(args: &ExprEvalArgs) -> Result<Environment, Failure> {
    let now = match &args.now {
        Some(text) => parse_datetime(text)
            .map_err(|e| Failure::new(format!("--now `{text}` is not an xsd:dateTime: {e}")))?,
        None => {
            let since = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap_or_default();
            DateTime::from_unix(
                i64::try_from(since.as_secs()).unwrap_or(0),
                since.subsec_nanos(),
            )
        }
    };
    Ok(Environment::new(now, args.seed))
}

/// Prints the problems that stop an evaluation and exits 1. The JSON has the
/// same shape as a success (and as the npm package's `ExpressionResult`).
fn fail(output: &mut Output, report: &Report, source: &Source) -> Outcome {
    if output.is_json() {
        output.json(&json!({ "value": Value::Null, "omitted": false, "report": report }))?;
    } else {
        output.diagnostics(&report.diagnostics, source, Stream::Out)?;
    }
    Ok(Status::Errors)
}
