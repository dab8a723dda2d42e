//! The conformance harness: loads the data-driven cases under `tests/data/`.
//!
//! Each area (`documents`, `schemas`, `filters`, `patch`, `mapping`,
//! `expressions`, …) is a folder of JSON files. A file holds either one case
//! object or `{"cases": [ … ]}`. Adding a case is adding a file or an entry,
//! never code: the runner of the area (`tests/tests/<area>.rs`) reads every
//! case and checks it against the core. The CLI's end-to-end tests read the
//! same data.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// One case read from a data file.
#[derive(Debug, Clone)]
pub struct Case {
    /// `file.json` or `file.json#3` (the fourth entry of a `cases` list), for failure messages.
    pub id: String,
    /// The file the case came from.
    pub file: PathBuf,
    /// The case object.
    pub data: Value,
}

impl Case {
    /// A field of the case, or `Value::Null`.
    pub fn get(&self, key: &str) -> &Value {
        self.data.get(key).unwrap_or(&Value::Null)
    }

    /// A string field, or "".
    pub fn str(&self, key: &str) -> &str {
        self.get(key).as_str().unwrap_or("")
    }
}

/// The folder holding all case data.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// Every case of `area`, sorted by file name. Panics (failing the test) when
/// the folder is missing or a file is not valid JSON, so a typo never silently
/// drops cases.
pub fn cases(area: &str) -> Vec<Case> {
    let dir = data_dir().join(area);
    let mut files = Vec::new();
    collect(&dir, &mut files);
    assert!(!files.is_empty(), "no case files under {}", dir.display());
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let text =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let data: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: not valid JSON: {e}", file.display()));
        let name = file
            .strip_prefix(&dir)
            .unwrap_or(&file)
            .display()
            .to_string();
        match data.get("cases").and_then(Value::as_array) {
            Some(list) => {
                for (i, case) in list.iter().enumerate() {
                    let label = case
                        .get("name")
                        .and_then(Value::as_str)
                        .map_or(String::new(), |n| format!(" ({n})"));
                    out.push(Case {
                        id: format!("{name}#{i}{label}"),
                        file: file.clone(),
                        data: case.clone(),
                    });
                }
            }
            None => out.push(Case {
                id: name,
                file: file.clone(),
                data,
            }),
        }
    }
    out
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "json") {
            files.push(path);
        }
    }
}

/// Runs `check` on every case and reports all failures at once, so one broken
/// case does not hide the others. Returns the number of cases run.
pub fn run_all(area: &str, mut check: impl FnMut(&Case) -> Result<(), String>) -> usize {
    let cases = cases(area);
    let mut failures = Vec::new();
    for case in &cases {
        if let Err(message) = check(case) {
            failures.push(format!("--- {}\n{message}", case.id));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} `{area}` cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    cases.len()
}

/// A diagnostic expectation: `{"code": …, "path": …}` with optional `severity`,
/// `messageContains`, `help` (the exact help text) and `span`
/// (`{"start": N, "end": M}`, byte offsets).
pub fn diagnostic_matches(expected: &Value, actual: &scimkit::Diagnostic) -> bool {
    let field = |k: &str| expected.get(k).and_then(Value::as_str);
    let span_ok = match expected.get("span") {
        None | Some(Value::Null) => true,
        Some(want) => actual.span.is_some_and(|s| {
            want.get("start").and_then(Value::as_u64) == Some(s.start as u64)
                && want.get("end").and_then(Value::as_u64) == Some(s.end as u64)
        }),
    };
    field("code").is_none_or(|c| c == actual.code.as_str())
        && field("path").is_none_or(|p| p == actual.path)
        && field("severity").is_none_or(|s| s == actual.severity.as_str())
        && field("messageContains").is_none_or(|m| actual.message.contains(m))
        && field("help").is_none_or(|h| actual.help.as_deref() == Some(h))
        && span_ok
}

/// The problem when `expect` names a `valid` the report does not have.
pub fn valid_differs(expect: &Value, report: &scimkit::Report) -> Option<String> {
    let valid = expect.get("valid").and_then(Value::as_bool)?;
    (valid != report.valid).then(|| {
        format!(
            "expected valid={valid}, got {}",
            serde_json::to_string(report).unwrap_or_default()
        )
    })
}

/// Checks a report against `{"valid": bool, "diagnostics": [...]}`: `valid`
/// must match, and the listed diagnostics must be exactly the report's errors
/// and warnings (in any order); info diagnostics only count when listed.
pub fn check_report(expect: &Value, report: &scimkit::Report) -> Result<(), String> {
    let mut problems: Vec<String> = valid_differs(expect, report).into_iter().collect();
    let expected: Vec<&Value> = expect
        .get("diagnostics")
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let mut unmatched: Vec<&scimkit::Diagnostic> = report.diagnostics.iter().collect();
    for e in &expected {
        match unmatched.iter().position(|d| diagnostic_matches(e, d)) {
            Some(i) => {
                unmatched.remove(i);
            }
            None => problems.push(format!("missing expected diagnostic {e}")),
        }
    }
    let exact = expect.get("exact").and_then(Value::as_bool).unwrap_or(true);
    if exact {
        for d in unmatched
            .iter()
            .filter(|d| d.severity != scimkit::Severity::Info)
        {
            problems.push(format!(
                "unexpected diagnostic {}",
                serde_json::to_string(d).unwrap_or_default()
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// Each mutation of a document case: its index, the mutation itself, and
/// the mutated document as pretty-printed JSON text.
pub fn mutations(case: &Case) -> Vec<(usize, &Value, String)> {
    case.get("mutations")
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, mutation)| {
            let doc = mutate(case.get("document"), mutation);
            (
                i,
                mutation,
                serde_json::to_string_pretty(&doc).unwrap_or_default(),
            )
        })
        .collect()
}

/// Applies a case's mutation to its document: `remove` (a list of JSON
/// Pointers), then `set` (pointer → value; the last step is created, and an
/// array index equal to the length appends). Panics on a pointer that does not
/// fit, so a broken case fails loudly.
pub fn mutate(document: &Value, mutation: &Value) -> Value {
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
