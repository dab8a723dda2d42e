//! PATCH cases: every file under `tests/data/patch/`.
//!
//! A case: `{"name", "source", "resourceType", "dialect", "resource", "patch",
//! "expect": {"result": <resource> | "unchanged", "diagnostics": [{"code",
//! "path", "severity"?, "messageContains"?}], "changes"?: [{"path", "kind"}]}}`.
//! `diagnostics` lists exactly the errors and warnings. Every case also runs
//! through the text API, which must agree and give every diagnostic a span.

use scimkit::dialect::Dialect;
use scimkit::patch::{apply_patch, apply_patch_text, check_patch};
use scimkit::schema::Registry;
use scimkit::{Code, Diagnostic};
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
    // The same diagnostics; the order may differ (by position in the text,
    // by pointer without one).
    let key = |r: &scimkit::Report| -> Vec<(String, String)> {
        let mut keys: Vec<(String, String)> = r
            .diagnostics
            .iter()
            .map(|d| (d.code.to_string(), d.path.clone()))
            .collect();
        keys.sort();
        keys
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

/// What only applying can know: it depends on the resource (a filter that
/// matches nothing, an immutable attribute that already has a value, an
/// element a filter creates, whether the `id` in Okta's rename is the
/// group's).
fn depends_on_resource(d: &Diagnostic) -> bool {
    matches!(
        d.code,
        Code::PatchNoTarget
            | Code::PatchMutability
            | Code::QuirkValueFilterNoMatch
            | Code::QuirkReadOnlyInValue
    )
}

/// Checking a PatchOp body without the resource (`validate --context
/// patch`, `checkPatch`) and applying it judge the same body alike: what
/// checking rejects, applying rejects with the same diagnostics; applying
/// adds only what the resource decides; everything else it reports,
/// checking reports word for word at the same pointer.
#[test]
fn checking_and_applying_agree() {
    let registry = Registry::builtin();
    let mut problems = Vec::new();
    let mut compared = 0;
    let key = |d: &Diagnostic| (d.code, d.path.clone(), d.severity, d.message.clone());
    for case in scimkit_conformance::cases("patch") {
        let rt_name = case.str("resourceType");
        let rt = registry.resource_type(rt_name).unwrap();
        let dialect = case
            .get("dialect")
            .as_str()
            .and_then(Dialect::from_name)
            .unwrap_or(Dialect::Strict);
        let text = serde_json::to_string(case.get("patch")).unwrap();
        let checked = check_patch(&registry, &text, Some(rt_name), dialect);
        let applied = apply_patch(
            &registry,
            rt,
            case.get("resource"),
            case.get("patch"),
            dialect,
        )
        .report;
        // Compared as sets: without a text, the value API orders by pointer.
        let mut checked_keys: Vec<_> = checked.diagnostics.iter().map(key).collect();
        checked_keys.sort();
        if !checked.valid {
            let mut applied_keys: Vec<_> = applied.diagnostics.iter().map(key).collect();
            applied_keys.sort();
            if applied_keys != checked_keys {
                problems.push(format!(
                    "{}: checking rejects the body, but applying reports {:?}, not {:?}",
                    case.id, applied_keys, checked_keys
                ));
            }
            continue;
        }
        for d in &applied.diagnostics {
            if depends_on_resource(d) {
                continue;
            }
            compared += 1;
            if !checked_keys.contains(&key(d)) {
                problems.push(format!(
                    "{}: applying reports {} {} \"{}\"; checking does not (it reports {:?})",
                    case.id, d.code, d.path, d.message, checked_keys
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(compared >= 20, "only {compared} diagnostics compared");
}
