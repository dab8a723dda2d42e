//! Runs the expression cases under tests/data/expressions: `entra*.json`
//! through `scimkit::mapping::entra`, `okta*.json` through
//! `scimkit::mapping::okta`.
//!
//! A case: `{"name", "source", "expression" | "usernameTemplate", "user",
//! "now"?, "seed"?, "expect": {"value"} | {"evaluationResult"} |
//! {"omitted": true} | {"diagnostics": [{"code", "span"?, "messageContains"?,
//! "severity"?}]}}`. Listed diagnostics must match the report's errors and
//! warnings exactly (in any order).

use scimkit::mapping::{Environment, entra, okta};
use scimkit::{Diagnostic, Report, Severity};
use scimkit_conformance::{Case, diagnostic_matches, run_all};
use serde_json::Value;

fn environment(case: &Case) -> Environment {
    let mut env = Environment::default();
    if let Some(now) = case.get("now").as_str() {
        env.now = scimkit::datetime::parse_datetime(now).unwrap();
    }
    if let Some(seed) = case.get("seed").as_u64() {
        env.seed = seed;
    }
    env
}

fn span_matches(expected: &Value, d: &Diagnostic) -> bool {
    let Some(span) = expected.get("span") else {
        return true;
    };
    let field = |k: &str| span.get(k).and_then(Value::as_u64).map(|n| n as usize);
    d.span.is_some_and(|s| {
        field("start").is_none_or(|v| v == s.start) && field("end").is_none_or(|v| v == s.end)
    })
}

/// The listed diagnostics must be exactly the errors and warnings given.
fn check_diagnostics(expect: &Value, diags: &[Diagnostic]) -> Result<(), String> {
    let expected = expect
        .get("diagnostics")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut unmatched: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| d.severity != Severity::Info)
        .collect();
    let mut problems = Vec::new();
    for e in &expected {
        match unmatched
            .iter()
            .position(|d| diagnostic_matches(e, d) && span_matches(e, d))
        {
            Some(i) => {
                unmatched.remove(i);
            }
            None => problems.push(format!("missing expected diagnostic {e}")),
        }
    }
    for d in unmatched {
        problems.push(format!(
            "unexpected diagnostic {}",
            serde_json::to_string(d).unwrap()
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// What a case produced: a value (or omission) with warnings, or a failing report.
enum Produced {
    Value(Value, Vec<Diagnostic>),
    Omitted,
    EvaluationResult(Vec<String>),
    Failed(Report),
}

fn run_entra(case: &Case) -> Produced {
    match entra::evaluate(case.str("expression"), case.get("user"), &environment(case)) {
        Ok(entra::Outcome::Omitted) => Produced::Omitted,
        Ok(entra::Outcome::Value(v)) if case.get("expect").get("evaluationResult").is_some() => {
            Produced::EvaluationResult(v.to_evaluation_result())
        }
        Ok(entra::Outcome::Value(v)) => Produced::Value(v.to_json(), Vec::new()),
        Err(report) => Produced::Failed(report),
    }
}

fn run_okta(case: &Case) -> Produced {
    let env = environment(case);
    let result = match case.get("usernameTemplate").as_str() {
        Some(template) => {
            okta::AppUsernameFormat::from_template(template, None).compute(case.get("user"), &env)
        }
        None => okta::evaluate(case.str("expression"), case.get("user"), &env),
    };
    match result {
        Ok(e) => Produced::Value(e.value.to_json(), e.warnings),
        Err(report) => Produced::Failed(report),
    }
}

fn check_case(case: &Case, produced: Produced) -> Result<(), String> {
    let expect = case.get("expect");
    match produced {
        Produced::Failed(report) => {
            if expect.get("diagnostics").is_none() {
                return Err(format!(
                    "expected {expect}, got errors {}",
                    serde_json::to_string(&report).unwrap()
                ));
            }
            check_diagnostics(expect, &report.diagnostics)
        }
        Produced::Omitted => {
            if expect.get("omitted") == Some(&Value::Bool(true)) {
                Ok(())
            } else {
                Err(format!("expected {expect}, got an omitted attribute"))
            }
        }
        Produced::EvaluationResult(list) => {
            let want = expect.get("evaluationResult").unwrap();
            if *want == serde_json::json!(list) {
                Ok(())
            } else {
                Err(format!("expected evaluationResult {want}, got {list:?}"))
            }
        }
        Produced::Value(value, warnings) => {
            let Some(want) = expect.get("value") else {
                return Err(format!("expected {expect}, got value {value}"));
            };
            if *want != value {
                return Err(format!("expected value {want}, got {value}"));
            }
            check_diagnostics(expect, &warnings)
        }
    }
}

#[test]
fn expression_cases() {
    let (mut entra_count, mut okta_count) = (0, 0);
    let total = run_all("expressions", |case| {
        let file = case.file.file_name().and_then(|f| f.to_str()).unwrap_or("");
        if file.starts_with("entra") {
            entra_count += 1;
            check_case(case, run_entra(case))
        } else if file.starts_with("okta") {
            okta_count += 1;
            check_case(case, run_okta(case))
        } else {
            Err(format!(
                "{file}: files must be named entra*.json or okta*.json"
            ))
        }
    });
    assert!(
        entra_count >= 35 && okta_count >= 17,
        "{entra_count} Entra and {okta_count} Okta cases"
    );
    assert_eq!(total, entra_count + okta_count);
}
