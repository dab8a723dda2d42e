//! Runs every case under `tests/data/documents/`: each document is validated
//! in its context, then each mutation of it.

use scimkit::dialect::Dialect;
use scimkit::schema::Registry;
use scimkit::validate::{Context, ValidateOptions, Validator};
use scimkit_conformance::{Case, check_report, run_all};
use serde_json::Value;

fn validate(validator: &Validator, case: &Case, text: &str) -> scimkit::Report {
    validate_in(validator, case, text, Dialect::Strict)
}

fn validate_in(
    validator: &Validator,
    case: &Case,
    text: &str,
    dialect: Dialect,
) -> scimkit::Report {
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
    validator.validate(text, &options.with_dialect(dialect))
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
        clean_everywhere(&validator, case, &text, &report, &mut problems);
        if let Err(e) = check_report(case.get("expect"), &report) {
            problems.push(format!("document: {e}"));
        }
        for (i, mutation, text) in scimkit_conformance::mutations(case) {
            mutations += 1;
            let report = validate(&validator, case, &text);
            clean_everywhere(&validator, case, &text, &report, &mut problems);
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

/// A dialect only accepts what a strict service provider refuses, so a text
/// strict validation finds nothing in reads the same in every dialect:
/// `detect::explain` relies on it to skip the dialect walks for such a text.
fn clean_everywhere(
    validator: &Validator,
    case: &Case,
    text: &str,
    strict: &scimkit::Report,
    problems: &mut Vec<String>,
) {
    if !strict.diagnostics.is_empty() {
        return;
    }
    for dialect in [Dialect::Entra, Dialect::Okta] {
        let report = validate_in(validator, case, text, dialect);
        if !report.diagnostics.is_empty() {
            problems.push(format!(
                "clean strictly, not in {dialect}: {:?}",
                report.diagnostics
            ));
        }
    }
}
