//! PATCH cases: every file under `tests/data/patch/`.
//!
//! A case: `{"name", "source", "resourceType", "dialect", "resource", "patch",
//! "expect": {"result": <resource> | "unchanged", "diagnostics": [{"code",
//! "path", "severity"?, "messageContains"?}], "changes"?: [{"path", "kind"}]}}`.
//! `diagnostics` lists exactly the errors and warnings. Every case also runs
//! through the text API, which must agree and give every diagnostic a span.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use scimkit::dialect::Dialect;
use scimkit::patch::{apply_patch, apply_patch_text};
use scimkit::schema::Registry;
use scimkit_conformance::{Case, check_report, run_all};
use serde_json::Value;

fn check(case: &Case) -> Result<(), String> {
    let registry = Registry::builtin();
    let rt_name = case.str("resourceType");
    let rt = registry
        .resource_type(rt_name)
        .ok_or(format!("unknown resource type `{rt_name}`"))?;
    let dialect = match case.get("dialect").as_str() {
        Some(d) => Dialect::from_name(d).ok_or(format!("unknown dialect `{d}`"))?,
        None => Dialect::Strict,
    };
    let resource = case.get("resource");
    let patch = case.get("patch");
    let expect = case.get("expect");
    let outcome = apply_patch(&registry, rt, resource, patch, dialect);
    let mut problems = Vec::new();
    let want = match expect.get("result") {
        Some(Value::String(s)) if s == "unchanged" => resource.clone(),
        Some(v) => v.clone(),
        None => return Err("`expect.result` is required".to_string()),
    };
    if outcome.resource != want {
        problems.push(format!(
            "result differs\nexpected {}\n     got {}",
            serde_json::to_string(&want).unwrap(),
            serde_json::to_string(&outcome.resource).unwrap()
        ));
    }
    if let Err(e) = check_report(expect, &outcome.report) {
        problems.push(e);
    }
    if !outcome.report.valid && (outcome.resource != *resource || !outcome.changes.is_empty()) {
        problems
            .push("a failed PATCH must return the original resource and no changes".to_string());
    }
    if let Some(changes) = expect.get("changes").and_then(Value::as_array) {
        let got: Vec<Value> = outcome
            .changes
            .iter()
            .map(|c| serde_json::json!({"path": c.path, "kind": c.kind}))
            .collect();
        if &got != changes {
            problems.push(format!(
                "changes differ\nexpected {}\n     got {}",
                Value::Array(changes.clone()),
                Value::Array(got)
            ));
        }
    }
    // The text API agrees and locates every diagnostic in the PATCH text.
    let patch_text = serde_json::to_string_pretty(patch).unwrap();
    let text = apply_patch_text(
        &registry,
        rt,
        &serde_json::to_string(resource).unwrap(),
        &patch_text,
        dialect,
    );
    if text.resource != outcome.resource {
        problems.push("apply_patch_text gives another resource".to_string());
    }
    let key = |r: &scimkit::Report| -> Vec<(String, String)> {
        r.diagnostics
            .iter()
            .map(|d| (d.code.to_string(), d.path.clone()))
            .collect()
    };
    if key(&text.report) != key(&outcome.report) {
        problems.push(format!(
            "apply_patch_text reports {:?}, apply_patch {:?}",
            key(&text.report),
            key(&outcome.report)
        ));
    }
    for d in &text.report.diagnostics {
        if d.span.is_none_or(|s| s.line == 0) {
            problems.push(format!("no located span for {} at {}", d.code, d.path));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

#[test]
fn patch_cases() {
    let n = run_all("patch", check);
    assert!(n >= 50, "only {n} PATCH cases");
}
