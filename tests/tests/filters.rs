//! Filter and path syntax and schema-check cases: every file under `tests/data/filters/`.
//!
//! A case has `filter` or `path` (the text), optional `resourceType` (then a
//! filter is also checked against that resource type's schemas), optional
//! `dialect` (`strict`, `entra`, `okta`), optional `canonical` (the printed
//! form of the parsed tree), and `expect`:
//! `{"valid": bool, "code"?: …, "span"?: {"start", "end"}, "diagnostics"?: [ … ]}`.
//! `code` (with `span`) asks that some diagnostic has that code (at that
//! span); `diagnostics` lists exactly the errors and warnings (see
//! `check_report`), each optionally with its exact `help` (`hints.json`:
//! hints built from what was typed).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use scimkit::filter::{check_filter_text, parse_filter_text, parse_filter_with, parse_path, print};
use scimkit::schema::Registry;
use scimkit::{Report, dialect::Dialect};
use scimkit_conformance::{Case, check_report, diagnostic_matches, run_all, valid_differs};
use serde_json::Value;

fn check(case: &Case) -> Result<(), String> {
    let registry = Registry::builtin();
    let dialect = match case.get("dialect").as_str() {
        Some(name) => Dialect::from_name(name).ok_or(format!("unknown dialect {name}"))?,
        None => Dialect::Strict,
    };
    let (report, canonical) = if let Some(text) = case.get("filter").as_str() {
        match case.get("resourceType").as_str() {
            Some(rt) => {
                let rt = registry
                    .resource_type(rt)
                    .ok_or(format!("unknown resource type {rt}"))?;
                let parsed = parse_filter_text(text, dialect);
                (
                    check_filter_text(text, &registry, rt, dialect),
                    parsed.value.map(|f| print::filter(&f)),
                )
            }
            None => {
                let parsed = parse_filter_text(text, dialect);
                (
                    Report::new(parsed.diagnostics),
                    parsed.value.map(|f| print::filter(&f)),
                )
            }
        }
    } else if let Some(text) = case.get("path").as_str() {
        match parse_path(text) {
            Ok(p) => (Report::new(Vec::new()), Some(print::path(&p))),
            Err(d) => (Report::new(d), None),
        }
    } else {
        return Err("a case needs `filter` or `path`".to_string());
    };
    let expect = case.get("expect");
    let mut problems: Vec<String> = valid_differs(expect, &report).into_iter().collect();
    if let Some(code) = expect.get("code").and_then(Value::as_str) {
        let want = serde_json::json!({"code": code, "span": expect.get("span")});
        if !report
            .diagnostics
            .iter()
            .any(|d| diagnostic_matches(&want, d))
        {
            problems.push(format!(
                "expected a `{code}` diagnostic at {}, got {}",
                expect.get("span").unwrap_or(&Value::Null),
                serde_json::to_string(&report.diagnostics).unwrap_or_default()
            ));
        }
    }
    if expect.get("diagnostics").is_some() {
        problems.extend(check_report(expect, &report).err());
    }
    let want_canonical = case
        .get("canonical")
        .as_str()
        .or_else(|| expect.get("canonical").and_then(Value::as_str));
    if let Some(want) = want_canonical {
        if canonical.as_deref() != Some(want) {
            problems.push(format!("expected canonical {want:?}, got {canonical:?}"));
        }
        // The canonical form parses back to itself.
        if case.get("filter").is_string() {
            let again = parse_filter_with(want, dialect)
                .value
                .map(|f| print::filter(&f));
            if again.as_deref() != Some(want) {
                problems.push(format!("canonical {want:?} reprints as {again:?}"));
            }
        }
    }
    // Every filter and path that parses round-trips through the printer:
    // the printed text parses to the same tree (RFC examples included).
    if let Some(printed) = &canonical {
        if let Some(text) = case.get("filter").as_str() {
            let original = parse_filter_text(text, dialect).value;
            let again = parse_filter_with(printed, Dialect::Strict).value;
            if original != again {
                problems.push(format!(
                    "{printed:?} does not parse back to the tree of {text:?}"
                ));
            }
        } else if let Some(text) = case.get("path").as_str() {
            if parse_path(text).ok() != parse_path(printed).ok() {
                problems.push(format!(
                    "{printed:?} does not parse back to the path {text:?}"
                ));
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
fn filter_cases() {
    let n = run_all("filters", check);
    assert!(n >= 40, "only {n} filter cases");
}
