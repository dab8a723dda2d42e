//! Runs every case under `tests/data/documents/`: each document is validated
//! in its context, then each mutation of it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
use scimkit::schema::Registry;
use scimkit::validate::{Context, ValidateOptions, Validator};
use scimkit_conformance::{Case, check_report, run_all};
use serde_json::Value;

fn validate(validator: &Validator, case: &Case, text: &str) -> scimkit::Report {
    let context = Context::from_name(case.str("context"))
        .unwrap_or_else(|| panic!("{}: unknown context {:?}", case.id, case.str("context")));
    let mut options = ValidateOptions::new(context);
    let rt = case.get("resourceType").as_str();
    if let Some(rt) = rt {
        options = options.with_resource_type(rt);
    }
    options.lenient = case.get("lenient").as_bool().unwrap_or(false);
    let profile = case.get("profile").as_str().map(|name| {
        scimkit::profile::find_builtin(name).unwrap_or_else(|| panic!("no profile {name}"))
    });
    if let Some(p) = profile {
        options = options.with_profile(p);
    }
    validator.validate(text, &options)
}

/// Applies `remove` then `set` (JSON Pointers) to a document.
fn mutate(document: &Value, mutation: &Value) -> Value {
    let mut doc = document.clone();
    for pointer in mutation
        .get("remove")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let pointer = pointer.as_str().unwrap();
        let (parent, last) = split(pointer);
        match doc.pointer_mut(&parent) {
            Some(Value::Object(map)) => {
                map.shift_remove(&last)
                    .unwrap_or_else(|| panic!("remove {pointer}: no such member"));
            }
            Some(Value::Array(items)) => {
                items.remove(last.parse::<usize>().unwrap());
            }
            _ => panic!("remove {pointer}: no parent"),
        }
    }
    for (pointer, value) in mutation
        .get("set")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let (parent, last) = split(pointer);
        match doc.pointer_mut(&parent) {
            Some(Value::Object(map)) => {
                map.insert(last, value.clone());
            }
            Some(Value::Array(items)) => {
                let i: usize = last.parse().unwrap();
                if i == items.len() {
                    items.push(value.clone());
                } else {
                    items[i] = value.clone();
                }
            }
            _ => panic!("set {pointer}: no parent"),
        }
    }
    doc
}

fn split(pointer: &str) -> (String, String) {
    let (parent, last) = pointer.rsplit_once('/').unwrap_or(("", pointer));
    (
        parent.to_string(),
        last.replace("~1", "/").replace("~0", "~"),
    )
}

#[test]
fn documents() {
    let validator = Validator::new(Registry::builtin());
    let mut mutations = 0;
    let cases = run_all("documents", |case| {
        let text = match case.get("text").as_str() {
            Some(text) => text.to_string(),
            None => serde_json::to_string_pretty(case.get("document")).unwrap(),
        };
        let report = validate(&validator, case, &text);
        let mut problems = Vec::new();
        if let Err(e) = check_report(case.get("expect"), &report) {
            problems.push(format!("document: {e}"));
        }
        for (i, mutation) in case
            .get("mutations")
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            mutations += 1;
            let doc = mutate(case.get("document"), mutation);
            let text = serde_json::to_string_pretty(&doc).unwrap();
            let report = validate(&validator, case, &text);
            if let Err(e) = check_report(mutation.get("expect").unwrap_or(&Value::Null), &report) {
                let name = mutation.get("name").and_then(Value::as_str).unwrap_or("");
                problems.push(format!("mutation {i} ({name}): {e}"));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n"))
        }
    });
    eprintln!("{cases} document cases, {mutations} mutations");
}
