//! Runs the mapping cases under tests/data/mapping (format in that folder's
//! README): each case builds a configuration (inline, as text, or a preset
//! with overrides), then checks it with `mapping::check_text` and/or applies
//! it to a source object with `mapping::apply_text`, and compares what came
//! out with the expectations, which may name only a subset.

use scimkit::mapping::{
    ApplyOptions, ApplyResult, Environment, IdentityProvider, ObjectType, Operation, apply_text,
    check_text, presets,
};
use scimkit::profile::Profile;
use scimkit::schema::Registry;
use scimkit::{Diagnostic, Report};
use scimkit_conformance::{Case, check_report, diagnostic_matches, run_all};
use serde_json::Value;

/// Applies `{"path": pointer, "value": v}` (set or, with `-`, append) and
/// `{"path": pointer, "remove": true}` to a JSON document.
fn apply_overrides(doc: &mut Value, overrides: &Value) {
    for o in overrides.as_array().into_iter().flatten() {
        let path = o["path"].as_str().expect("override path");
        let (parent, last) = path.rsplit_once('/').expect("override path starts with /");
        let last = last.replace("~1", "/").replace("~0", "~");
        let target = if parent.is_empty() {
            &mut *doc
        } else {
            doc.pointer_mut(parent)
                .unwrap_or_else(|| panic!("override parent {parent} not found"))
        };
        let remove = o.get("remove").and_then(Value::as_bool).unwrap_or(false);
        match target {
            Value::Array(items) => {
                if last == "-" {
                    items.push(o["value"].clone());
                } else {
                    let i: usize = last.parse().expect("array index");
                    if remove {
                        items.remove(i);
                    } else {
                        items[i] = o["value"].clone();
                    }
                }
            }
            Value::Object(map) => {
                if remove {
                    map.remove(&last);
                } else {
                    map.insert(last, o["value"].clone());
                }
            }
            other => panic!("override parent is not a container: {other}"),
        }
    }
}

/// The configuration text of a case.
fn config_text(case: &Case) -> String {
    if let Some(text) = case.get("configText").as_str() {
        return text.to_string();
    }
    let config = case.get("config");
    if let Some(name) = config.get("preset").and_then(Value::as_str) {
        let preset = presets::find(name).unwrap_or_else(|| panic!("unknown preset {name}"));
        let mut doc: Value = serde_json::from_str(preset.config_json).unwrap();
        apply_overrides(&mut doc, config.get("overrides").unwrap_or(&Value::Null));
        return serde_json::to_string_pretty(&doc).unwrap();
    }
    serde_json::to_string_pretty(config).unwrap()
}

fn identity_provider(text: &str) -> IdentityProvider {
    let value: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    match value.get("identityProvider").and_then(Value::as_str) {
        Some("okta") => IdentityProvider::Okta,
        Some(_) => IdentityProvider::Entra,
        None if value.get("properties").is_some() => IdentityProvider::Okta,
        None => IdentityProvider::Entra,
    }
}

fn registry(case: &Case) -> Registry {
    let schemas = case.get("schemas");
    if schemas.is_null() {
        return Registry::builtin();
    }
    let mut builder = Registry::builder();
    for s in schemas.as_array().into_iter().flatten() {
        let report = builder.add_json(&s.to_string());
        assert!(report.valid, "{}: bad schema {report:?}", case.id);
    }
    builder.build().0
}

fn profile(case: &Case) -> Option<Profile> {
    match case.get("profile") {
        Value::Null => None,
        Value::String(name) => Some(
            scimkit::profile::find_builtin(name)
                .unwrap_or_else(|| panic!("unknown profile {name}"))
                .clone(),
        ),
        inline => Some(Profile::from_json(&inline.to_string()).expect("inline profile")),
    }
}

/// Recursively merges `patch` into `doc` (objects merge, anything else replaces).
fn merge(doc: &mut Value, patch: &Value) {
    match (doc, patch) {
        (Value::Object(d), Value::Object(p)) => {
            for (k, v) in p {
                merge(d.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
        (d, p) => *d = p.clone(),
    }
}

/// The source object of an apply: the identity provider's sample for the
/// object type, merged with `merge`, or `object` as given, or `text`.
fn source_text(step: &Value, idp: IdentityProvider, object: ObjectType) -> String {
    if let Some(text) = step.get("sourceText").and_then(Value::as_str) {
        return text.to_string();
    }
    match step.get("source") {
        None | Some(Value::Null) => presets::sample(idp, object).to_string(),
        Some(Value::Object(s)) if s.contains_key("merge") || s.contains_key("preset") => {
            let mut doc = presets::sample_value(idp, object);
            if let Some(m) = s.get("merge") {
                merge(&mut doc, m);
            }
            doc.to_string()
        }
        Some(other) => other.to_string(),
    }
}

/// `expected` is contained in `actual`: objects by their listed members,
/// arrays element by element (same length unless `loose`), scalars equal.
fn contains(actual: &Value, expected: &Value) -> bool {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => e
            .iter()
            .all(|(k, ev)| a.get(k).is_some_and(|av| contains(av, ev))),
        (Value::Array(a), Value::Array(e)) => {
            a.len() == e.len() && a.iter().zip(e).all(|(av, ev)| contains(av, ev))
        }
        _ => actual == expected,
    }
}

/// Checks diagnostics like `check_report`, plus `spanText`: the text the
/// diagnostic's span covers in `text`.
fn check_diagnostics(expect: &Value, report: &Report, text: &str) -> Result<(), String> {
    check_report(expect, report)?;
    for e in expect
        .get("diagnostics")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(want) = e.get("spanText").and_then(Value::as_str) else {
            continue;
        };
        let found = report.diagnostics.iter().any(|d: &Diagnostic| {
            diagnostic_matches(e, d)
                && d.span
                    .is_some_and(|s| text.get(s.start..s.end) == Some(want))
        });
        if !found {
            let spans: Vec<String> = report
                .diagnostics
                .iter()
                .filter(|d| diagnostic_matches(e, d))
                .map(|d| {
                    d.span.map_or("no span".into(), |s| {
                        format!("{:?}", text.get(s.start..s.end).unwrap_or(""))
                    })
                })
                .collect();
            return Err(format!(
                "expected {e} to span {want:?}, found spans {spans:?}"
            ));
        }
        let help = e.get("helpContains").and_then(Value::as_str);
        if let Some(help) = help
            && !report.diagnostics.iter().any(|d| {
                diagnostic_matches(e, d) && d.help.as_deref().is_some_and(|h| h.contains(help))
            })
        {
            return Err(format!("expected {e} to have help containing {help:?}"));
        }
    }
    for e in expect
        .get("diagnostics")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|e| e.get("spanText").is_none())
    {
        if let Some(help) = e.get("helpContains").and_then(Value::as_str)
            && !report.diagnostics.iter().any(|d| {
                diagnostic_matches(e, d) && d.help.as_deref().is_some_and(|h| h.contains(help))
            })
        {
            return Err(format!("expected {e} to have help containing {help:?}"));
        }
    }
    Ok(())
}

fn check_requests(expect: &Value, result: &ApplyResult) -> Result<(), String> {
    let Some(want) = expect.get("requests").and_then(Value::as_array) else {
        return Ok(());
    };
    let got = &result.requests;
    if want.len() != got.len() {
        return Err(format!(
            "expected {} requests, got {}: {}",
            want.len(),
            got.len(),
            got.iter()
                .map(|r| format!("{:?} {}", r.method, r.url))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    for (i, (w, r)) in want.iter().zip(got).enumerate() {
        let actual = serde_json::to_value(r).unwrap();
        let mut problems = Vec::new();
        for key in ["method", "path", "url"] {
            if let Some(v) = w.get(key)
                && actual.get(key) != Some(v)
            {
                problems.push(format!("{key}: expected {v}, got {}", actual[key]));
            }
        }
        if let Some(q) = w.get("query").and_then(Value::as_object) {
            for (name, value) in q {
                let found = r
                    .query
                    .iter()
                    .find(|p| &p.name == name)
                    .map(|p| Value::from(p.value.clone()));
                if found.as_ref() != Some(value) {
                    problems.push(format!("query {name}: expected {value}, got {found:?}"));
                }
            }
        }
        if let Some(body) = w.get("body")
            && actual.get("body").unwrap_or(&Value::Null) != body
        {
            problems.push(format!(
                "body: expected {body}\n      got {}",
                actual.get("body").unwrap_or(&Value::Null)
            ));
        }
        if let Some(body) = w.get("bodyIncludes")
            && !contains(actual.get("body").unwrap_or(&Value::Null), body)
        {
            problems.push(format!(
                "body does not include {body}\n      got {}",
                actual.get("body").unwrap_or(&Value::Null)
            ));
        }
        for absent in w
            .get("bodyLacks")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let pointer = absent.as_str().unwrap_or("");
            if actual
                .get("body")
                .and_then(|b| b.pointer(pointer))
                .is_some()
            {
                problems.push(format!("body should not have {pointer}"));
            }
        }
        if let Some(report) = w.get("report")
            && let Err(e) = check_report(report, &r.report)
        {
            problems.push(format!("report: {e}"));
        }
        if !problems.is_empty() {
            return Err(format!("request {i}:\n  {}", problems.join("\n  ")));
        }
    }
    Ok(())
}

fn check_list(what: &str, expected: &Value, actual: &Value) -> Result<(), String> {
    let Some(want) = expected.as_array() else {
        return Ok(());
    };
    let got = actual.as_array().cloned().unwrap_or_default();
    for w in want {
        if !got.iter().any(|a| contains(a, w)) {
            return Err(format!(
                "no {what} entry matches {w}; got:\n{}",
                got.iter()
                    .map(|a| format!("  {a}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
        }
    }
    Ok(())
}

fn run_apply(case: &Case, step: &Value, text: &str) -> Result<(), String> {
    let idp = identity_provider(text);
    let object = step
        .get("object")
        .and_then(Value::as_str)
        .map_or(ObjectType::User, |o| {
            ObjectType::from_name(o).expect("object")
        });
    let operation = step
        .get("operation")
        .and_then(Value::as_str)
        .map_or(Operation::Create, |o| {
            Operation::from_name(o).expect("operation")
        });
    let source = source_text(step, idp, object);
    let registry = registry(case);
    let profile = profile(case);
    let mut env = Environment::default();
    if let Some(seed) = step.get("seed").and_then(Value::as_u64) {
        env.seed = seed;
    }
    let current = step.get("current").cloned();
    let mut options = ApplyOptions::new(operation)
        .with_object(object)
        .with_registry(&registry)
        .with_env(env);
    if let Some(p) = &profile {
        options = options.with_profile(p);
    }
    if let Some(c) = &current {
        options = options.with_current(c);
    }
    if let Some(id) = step.get("resourceId").and_then(Value::as_str) {
        options = options.with_resource_id(id);
    }
    let result = apply_text(text, &source, &options);
    let expect = step.get("expect").unwrap_or(&Value::Null);
    let mut problems = Vec::new();
    if let Some(valid) = expect.get("valid").and_then(Value::as_bool)
        && valid != result.valid
    {
        problems.push(format!("expected valid={valid}, got {}", result.valid));
    }
    if let Err(e) = check_requests(expect, &result) {
        problems.push(e);
    }
    let json = serde_json::to_value(&result).unwrap();
    for (key, field) in [("lookups", "lookups"), ("trace", "trace")] {
        if let Some(w) = expect.get(key)
            && let Err(e) = check_list(key, w, &json[field])
        {
            problems.push(e);
        }
    }
    if let Some(r) = expect.get("report")
        && let Err(e) = check_diagnostics(r, &result.report, text)
    {
        problems.push(format!("configuration report: {e}"));
    }
    if let Some(r) = expect.get("sourceReport")
        && let Err(e) = check_report(r, &result.source_report)
    {
        problems.push(format!("source report: {e}"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}\n(result: {})",
            problems.join("\n"),
            serde_json::to_string(&result.requests).unwrap_or_default()
        ))
    }
}

fn run_case(case: &Case) -> Result<(), String> {
    let text = config_text(case);
    let mut problems = Vec::new();
    if let Some(expect) = case.data.get("check") {
        let registry = registry(case);
        let profile = profile(case);
        let report = check_text(&text, &registry, profile.as_ref());
        if let Err(e) = check_diagnostics(expect, &report, &text) {
            problems.push(format!(
                "check: {e}\n(report: {})",
                serde_json::to_string(&report).unwrap()
            ));
        }
    }
    let steps: Vec<Value> = match case.get("apply") {
        Value::Array(list) => list.clone(),
        Value::Null => Vec::new(),
        one => vec![one.clone()],
    };
    for (i, step) in steps.iter().enumerate() {
        if let Err(e) = run_apply(case, step, &text) {
            problems.push(format!("apply {i}: {e}"));
        }
    }
    if case.data.get("check").is_none() && steps.is_empty() {
        problems.push("the case has neither \"check\" nor \"apply\"".into());
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

#[test]
fn mapping_cases() {
    let n = run_all("mapping", run_case);
    assert!(n >= 30, "only {n} mapping cases");
}
