//! Filter evaluation cases: every file under `tests/data/filter-eval/`.
//!
//! A case: `{"filter", "resourceType", "dialect"?, "schemas"?: [extra schema
//! definitions], "resources": [ … ] | "resourcesFile": "samples/users.json",
//! "expect": [true, false, …], "trace"?: [{"resource": i, "nodes": [{"expression",
//! "matched"?, "ruleContains"?, "matchedElements"?}]}]}`. `resourcesFile` is
//! relative to `tests/data/` and holds `{"resources": [ … ]}`. Trace nodes are
//! found by their printed expression anywhere in the resource's trace tree.

use scimkit::dialect::Dialect;
use scimkit::filter::{Evaluator, parse_filter_with};
use scimkit::schema::Registry;
use scimkit_conformance::{Case, data_dir, run_all};
use serde_json::Value;

fn resources(case: &Case) -> Result<Vec<Value>, String> {
    if let Some(list) = case.get("resources").as_array() {
        return Ok(list.clone());
    }
    let file = case
        .get("resourcesFile")
        .as_str()
        .ok_or("a case needs `resources` or `resourcesFile`")?;
    let text =
        std::fs::read_to_string(data_dir().join(file)).map_err(|e| format!("{file}: {e}"))?;
    let data: Value = serde_json::from_str(&text).map_err(|e| format!("{file}: {e}"))?;
    data.get("resources")
        .and_then(Value::as_array)
        .cloned()
        .ok_or(format!("{file} has no `resources` array"))
}

fn registry(case: &Case) -> Result<Registry, String> {
    let Some(extra) = case.get("schemas").as_array() else {
        return Ok(Registry::builtin());
    };
    let mut builder = Registry::builder();
    for schema in extra {
        let report = builder.add_json(&schema.to_string());
        if !report.valid {
            return Err(format!("invalid schema in case: {report:?}"));
        }
    }
    Ok(builder.build().0)
}

fn check(case: &Case) -> Result<(), String> {
    let registry = registry(case)?;
    let rt_name = case.get("resourceType").as_str().unwrap_or("User");
    let rt = registry
        .resource_type(rt_name)
        .ok_or(format!("unknown resource type {rt_name}"))?;
    let dialect = case
        .get("dialect")
        .as_str()
        .and_then(Dialect::from_name)
        .unwrap_or_default();
    let text = case.str("filter");
    let parsed = parse_filter_with(text, dialect);
    let filter = parsed
        .value
        .ok_or_else(|| format!("filter does not parse: {:?}", parsed.diagnostics))?;
    let resources = resources(case)?;
    let evaluator = Evaluator::new(&registry, rt);
    let got = evaluator.filter_list(&filter, &resources);
    let want: Vec<bool> = case
        .get("expect")
        .as_array()
        .ok_or("`expect` must be an array of booleans")?
        .iter()
        .map(|v| v.as_bool().unwrap_or(false))
        .collect();
    let mut problems = Vec::new();
    if got != want {
        problems.push(format!("expected {want:?}\n     got {got:?}"));
    }
    for (i, r) in resources.iter().enumerate() {
        // The trace must always agree with `matches`.
        let t = evaluator.trace(&filter, r);
        if t.matched != got[i] {
            problems.push(format!(
                "resource {i}: trace says {}, matches says {}",
                t.matched, got[i]
            ));
        }
    }
    for expectation in case.get("trace").as_array().into_iter().flatten() {
        let index = expectation
            .get("resource")
            .and_then(Value::as_u64)
            .unwrap_or(0) as usize;
        let resource = resources.get(index).ok_or(format!("no resource {index}"))?;
        let trace = evaluator.trace(&filter, resource);
        let json = serde_json::to_value(&trace).unwrap();
        for want in expectation
            .get("nodes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let expression = want.get("expression").and_then(Value::as_str).unwrap_or("");
            let Some(node) = trace
                .nodes()
                .into_iter()
                .find(|n| n.expression == expression)
            else {
                problems.push(format!(
                    "resource {index}: no trace node `{expression}` in {json}"
                ));
                continue;
            };
            if let Some(m) = want
                .get("matched")
                .and_then(Value::as_bool)
                .filter(|m| *m != node.matched)
            {
                problems.push(format!(
                    "resource {index}: `{expression}` matched={}, expected {m}",
                    node.matched
                ));
            }
            if let Some(rule) = want
                .get("ruleContains")
                .and_then(Value::as_str)
                .filter(|r| !node.rule.contains(r))
            {
                problems.push(format!(
                    "resource {index}: `{expression}` rule {:?} lacks {rule:?}",
                    node.rule
                ));
            }
            if let Some(elements) = want.get("matchedElements") {
                let got = serde_json::to_value(&node.matched_elements).unwrap();
                if &got != elements {
                    problems.push(format!("resource {index}: `{expression}` matchedElements {got}, expected {elements}"));
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

#[test]
fn filter_eval_cases() {
    let n = run_all("filter-eval", check);
    assert!(n >= 40, "only {n} evaluation cases");
}

#[test]
fn trace_serializes_in_camel_case() {
    let registry = Registry::builtin();
    let rt = registry.resource_type("User").unwrap();
    let filter = parse_filter_with(
        r#"emails[type eq "work"] and not (title pr)"#,
        Dialect::Strict,
    )
    .value
    .unwrap();
    let user = serde_json::json!({"emails": [{"type": "home"}, {"type": "work"}]});
    let json = serde_json::to_value(Evaluator::new(&registry, rt).trace(&filter, &user)).unwrap();
    assert_eq!(json["kind"], "and");
    assert_eq!(json["children"][0]["kind"], "valuePath");
    assert_eq!(
        json["children"][0]["matchedElements"],
        serde_json::json!([1])
    );
    assert_eq!(
        json["children"][0]["elements"][1]["trace"]["rule"],
        "case-insensitive comparison"
    );
    assert_eq!(json["children"][1]["kind"], "not");
    assert_eq!(
        json["children"][1]["children"][0]["rule"],
        "attribute absent"
    );
}
