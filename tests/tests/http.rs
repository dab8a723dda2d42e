//! Raw HTTP requests pasted as a payload: every file under `tests/data/http/`.
//!
//! A case has `request` (the pasted text: request line, headers, blank line,
//! body; `\n` or `\r\n`), optional `context`, `resourceType` (what the
//! admin had chosen; the request line wins) and `dialect`, and `expect`:
//! `{"valid", "diagnostics"}` as in `check_report` (spans are byte offsets
//! into the pasted text), optional `notContains` (a string, such as a token,
//! that no message, help or masked text may hold) and `masked` (the text
//! `mask_credentials` gives, or `null` when there is nothing to mask).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use scimkit::dialect::Dialect;
use scimkit::http_message::mask_credentials;
use scimkit::validate::Context;
use scimkit::workspace::{ValidateRequest, Workspace};
use scimkit_conformance::{Case, check_report, run_all};
use serde_json::Value;

fn check(workspace: &Workspace, case: &Case) -> Result<(), String> {
    let text = case
        .get("request")
        .as_str()
        .ok_or("a case needs `request`")?;
    let mut request = ValidateRequest::default();
    if let Some(name) = case.get("context").as_str() {
        request.options.context =
            Some(Context::from_name(name).ok_or(format!("unknown context {name}"))?);
    }
    request.options.resource_type = case.get("resourceType").as_str();
    if let Some(name) = case.get("dialect").as_str() {
        request.options.dialect =
            Dialect::from_name(name).ok_or(format!("unknown dialect {name}"))?;
    }
    let report = workspace
        .validate(text, &request)
        .map_err(|e| e.to_string())?;
    let expect = case.get("expect");
    let mut problems: Vec<String> = check_report(expect, &report).err().into_iter().collect();
    let masked = mask_credentials(text);
    if let Some(secret) = expect.get("notContains").and_then(Value::as_str) {
        let shown = serde_json::to_string(&report).unwrap_or_default();
        if shown.contains(secret) {
            problems.push(format!("the report holds {secret:?}: {shown}"));
        }
        if masked.as_deref().is_none_or(|m| m.contains(secret)) {
            problems.push(format!("the masked text holds {secret:?}: {masked:?}"));
        }
    }
    if let Some(want) = expect.get("masked") {
        if want.as_str() != masked.as_deref() {
            problems.push(format!("expected masked text {want}, got {masked:?}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

#[test]
fn http_cases() {
    let workspace = Workspace::builtin();
    let n = run_all("http", |case| check(&workspace, case));
    assert!(n >= 8, "only {n} http cases");
}
