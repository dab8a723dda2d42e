//! Runs every case under `tests/data/quirks/`: the strict verdict, the verdict
//! in the detected identity provider's dialect, and the detection itself.

use scimkit::detect::{ExplainOptions, explain};
use scimkit::filter::{Evaluator, parse_filter};
use scimkit::patch::apply_patch;
use scimkit::schema::Registry;
use scimkit::validate::Context;
use scimkit_conformance::{check_report, run_all};
use serde_json::Value;

#[test]
fn quirks() {
    run_all("quirks", |case| {
        let mut builder = Registry::builder();
        if let Some(schemas) = case.data.get("schemas") {
            let report = builder.add_json(&schemas.to_string());
            assert!(report.valid, "{}: {report:?}", case.id);
        }
        let (registry, _) = builder.build();
        let (text, filter) = match case.get("input") {
            Value::String(s) => (s.clone(), true),
            other => (serde_json::to_string_pretty(other).unwrap(), false),
        };
        let options = ExplainOptions {
            filter: Some(filter),
            context: case.get("context").as_str().and_then(Context::from_name),
            resource_type: case.get("resourceType").as_str(),
            ..ExplainOptions::default()
        };
        let e = explain(&registry, &text, &options);
        let expect = case.get("expect");
        let mut problems = Vec::new();
        if let Err(p) = check_report(&expect["strict"], &e.strict) {
            problems.push(format!("strict: {p}"));
        }
        if let Err(p) = check_report(&expect["lenient"], &e.dialect_verdict) {
            problems.push(format!("lenient: {p}"));
        }
        let detect = &expect["detect"];
        let sender = serde_json::to_value(e.sender).unwrap();
        if detect["sender"] != sender {
            problems.push(format!(
                "sender: expected {}, got {sender}",
                detect["sender"]
            ));
        }
        let confidence = serde_json::to_value(e.confidence).unwrap();
        if !detect["confidence"].is_null() && detect["confidence"] != confidence {
            problems.push(format!(
                "confidence: expected {}, got {confidence}",
                detect["confidence"]
            ));
        }
        let mut want: Vec<String> = detect["deviations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        let mut got: Vec<String> = e
            .deviations
            .iter()
            .map(|d| d.code.as_str().to_string())
            .collect();
        want.sort();
        got.sort();
        if want != got {
            problems.push(format!("deviations: expected {want:?}, got {got:?}"));
        }
        // Quirks that depend on the resource: the PATCH applied strictly and in
        // the detected sender's dialect.
        if let Some(apply) = case.data.get("apply") {
            let rt = match case.get("resourceType").as_str() {
                Some(name) => registry.resource_type(name),
                None => registry.resource_type_of_value(&apply["resource"]),
            }
            .unwrap();
            let patch = case.get("input");
            let strict = apply_patch(
                &registry,
                rt,
                &apply["resource"],
                patch,
                scimkit::dialect::Dialect::Strict,
            );
            let dialect = apply["dialect"]
                .as_str()
                .and_then(scimkit::dialect::Dialect::from_name)
                .unwrap_or(e.sender.dialect());
            let lenient = apply_patch(&registry, rt, &apply["resource"], patch, dialect);
            if let Err(p) = check_report(&apply["strict"], &strict.report) {
                problems.push(format!("apply strict: {p}"));
            }
            if let Err(p) = check_report(&apply["lenient"], &lenient.report) {
                problems.push(format!("apply lenient: {p}"));
            }
            // Explained with the resource, the verdicts are these very
            // reports: an identity-provider card and a PATCH tool can never
            // disagree on the same input (issue 25).
            let target = apply["resource"].to_string();
            let with = explain(
                &registry,
                &text,
                &ExplainOptions {
                    target: Some(&target),
                    ..options
                },
            );
            if with.sender != e.sender {
                problems.push("the resource changed who the PATCH looks sent by".into());
            }
            if !same(&with.strict, &strict.report) {
                problems.push(
                    "explained with the resource, the strict verdict differs from applying it"
                        .into(),
                );
            }
            let sender_dialect = apply_patch(
                &registry,
                rt,
                &apply["resource"],
                patch,
                with.sender.dialect(),
            );
            if !same(&with.dialect_verdict, &sender_dialect.report) {
                problems.push(
                    "explained with the resource, the sender's verdict differs from applying it"
                        .into(),
                );
            }
            for (pointer, want) in apply["lenientResult"].as_object().into_iter().flatten() {
                if lenient.resource.pointer(pointer) != Some(want) {
                    problems.push(format!(
                        "apply lenient: {pointer} is {:?}, expected {want}",
                        lenient.resource.pointer(pointer)
                    ));
                }
            }
        }
        // Quirks of evaluation: what the filter matches, and the rule that decided.
        if let Some(evaluate) = case.data.get("evaluate") {
            let filter = parse_filter(&text).unwrap();
            let rt = registry.resource_type("User").unwrap();
            let evaluator = Evaluator::new(&registry, rt);
            let resources = evaluate["resources"].as_array().unwrap();
            let got: Vec<Value> = resources
                .iter()
                .map(|r| Value::Bool(evaluator.matches(&filter, r)))
                .collect();
            if Value::Array(got.clone()) != evaluate["expect"] {
                problems.push(format!(
                    "evaluate: expected {}, got {got:?}",
                    evaluate["expect"]
                ));
            }
            if let Some(rule) = evaluate["ruleContains"].as_str() {
                for r in resources {
                    let trace = evaluator.trace(&filter, r);
                    if !trace.nodes().iter().any(|n| n.rule.contains(rule)) {
                        problems.push(format!(
                            "evaluate: no trace rule mentions {rule:?}: {}",
                            trace.rule
                        ));
                    }
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n"))
        }
    });
}

/// Two reports say the same: validity and each diagnostic's code and path.
fn same(a: &scimkit::Report, b: &scimkit::Report) -> bool {
    let key = |r: &scimkit::Report| -> Vec<(bool, String, String)> {
        r.diagnostics
            .iter()
            .map(|d| (r.valid, d.code.as_str().to_owned(), d.path.clone()))
            .collect()
    };
    a.valid == b.valid && key(a) == key(b)
}

/// Each entry of the quirk catalogue is exercised by a data case of every
/// engine its `foundBy` names: validation in the dialect (the `lenient`
/// verdict of a quirk case), detection (its `deviations`), PATCH (a case
/// under `patch/` or a quirk case's `apply`), the filter parser (a case
/// under `filters/`).
#[test]
fn every_catalogued_quirk_is_exercised_by_each_engine_that_reports_it() {
    use scimkit::dialect::{Engine, quirks};
    let quirk_cases = scimkit_conformance::cases("quirks");
    let mentions =
        |cases: &[scimkit_conformance::Case], code: &str, part: &dyn Fn(&Value) -> Value| {
            cases
                .iter()
                .any(|c| part(&c.data).to_string().contains(&format!("\"{code}\"")))
        };
    let patch_cases = scimkit_conformance::cases("patch");
    let filter_cases = scimkit_conformance::cases("filters");
    let mut missing = Vec::new();
    for quirk in quirks() {
        let code = quirk.code.as_str();
        assert!(!quirk.found_by.is_empty(), "{code}: foundBy is empty");
        for engine in &quirk.found_by {
            let exercised = match engine {
                Engine::Validate => {
                    mentions(&quirk_cases, code, &|c| c["expect"]["lenient"].clone())
                }
                Engine::Detect => mentions(&quirk_cases, code, &|c| {
                    c["expect"]["detect"]["deviations"].clone()
                }),
                Engine::Patch => {
                    mentions(&patch_cases, code, &|c| c["expect"].clone())
                        || mentions(&quirk_cases, code, &|c| c["apply"].clone())
                }
                Engine::Filter => mentions(&filter_cases, code, &|c| c.clone()),
                _ => false,
            };
            if !exercised {
                missing.push(format!("{code} by {engine:?}"));
            }
        }
    }
    assert!(missing.is_empty(), "no data case exercises: {missing:#?}");
}
