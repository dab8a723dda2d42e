//! `scimkit logs explain` (and `scimkit explain` given a log): the JSON on
//! every case of `tests/data/logs/` is the core's answer for the same text,
//! with exit 1 for a log with failures; the human output names the cause,
//! the rebuilt request and the fix, and keeps a log's strings on their line.

use scimkit::logs::explain_log;
use scimkit::schema::Registry;
use scimkit_conformance::{Case, run_all};
use serde_json::{Value, json};

use crate::{Dir, same_as_core, scimkit, stdout};

/// The text an admin pastes for a case: the message, or the log as JSON.
fn log_text(case: &Case) -> String {
    match case.get("logText").as_str() {
        Some(t) => t.to_string(),
        None => serde_json::to_string_pretty(case.get("log")).unwrap(),
    }
}

#[test]
fn every_log_case_gives_the_cores_answer_through_both_commands() {
    let registry = Registry::builtin();
    let dir = Dir::new();
    run_all("logs", |case| {
        let text = log_text(case);
        let path = dir.write("log.json", &text);
        let core = explain_log(&registry, &text);
        let code = if core.statuses.failure > 0 { 1 } else { 0 };
        let want = serde_json::to_value(&core).unwrap();
        same_as_core(
            scimkit()
                .args(["logs", "explain", "--format", "json"])
                .arg(&path),
            &want,
            code,
        )?;
        same_as_core(
            scimkit().args(["explain", "--format", "json"]).arg(&path),
            &want,
            code,
        )
        .map_err(|e| format!("scimkit explain: {e}"))
    });
}

#[test]
fn the_human_output_names_cause_request_and_fix() {
    let case = crate::case("logs", "entra/string-boolean-rejected");
    let dir = Dir::new();
    let path = dir.write("entra.json", log_text(&case));
    let out = scimkit()
        .args(["logs", "explain"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    for want in [
        "Microsoft Entra ID provisioning log, 1 event: 1 failed",
        "1. failed: disable the user \"Ada Lovelace\"",
        "cause: The service provider refused a boolean sent as the string \"True\"/\"False\" [string-boolean-rejected; stated by the log]",
        "also possible: op-case-rejected",
        "changed: accountEnabled (→ active): True → False",
        "the service provider answered HTTP 400: Attribute 'active' must be a boolean",
        "PATCH /Users/2819c223-7f76-453a-919d-413861904646",
        r#""op":"Replace","path":"active","value":"False""#,
        "fix in Microsoft Entra ID: Enterprise applications → your app → Provisioning → Admin Credentials: append ?aadOptscim062020",
        "check your endpoint: scimkit probe https://YOUR-SCIM-BASE-URL --as entra --token-env SCIM_TOKEN --write",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
}

#[test]
fn a_logs_strings_stay_on_their_line_and_a_clean_log_exits_0() {
    // A hostile log: a name with a newline and an escape sequence, an
    // answer detail that forges a line of its own.
    let event = json!({
        "eventType": "application.provision.user.push",
        "outcome": {"result": "FAILURE", "reason": "Error while creating user x: Conflict. Errors reported by remote server: taken\n2. failed: forged \u{1b}[2J"},
        "target": [{"type": "AppUser", "alternateId": "eve\n   fix in Okta: forged", "displayName": "Eve"}],
        "uuid": "1", "published": "2026-11-30T10:00:00Z", "severity": "ERROR"
    });
    let dir = Dir::new();
    let path = dir.json("okta.json", &Value::Array(vec![event]));
    let out = scimkit()
        .args(["logs", "explain"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        !text.contains('\u{1b}'),
        "an escape sequence reached the terminal:\n{text}"
    );
    assert!(
        !text
            .lines()
            .any(|l| l.starts_with("2. failed") || l.starts_with("   fix in Okta: forged")),
        "a log's string started a line of its own:\n{text}"
    );
    assert!(text.contains(r"taken\n2. failed: forged"), "{text}");

    let ok = json!({"value": [{"provisioningAction": "update", "provisioningStatusInfo": {"status": "success"}}]});
    let path = dir.json("ok.json", &ok);
    let out = scimkit()
        .args(["logs", "explain"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).contains("1 event: 0 failed, 1 succeeded"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("Nothing in this log failed."));

    let path = dir.write(
        "not-a-log.json",
        r#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]}"#,
    );
    let out = scimkit()
        .args(["logs", "explain", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("\"log-unrecognized\""),
        "{}",
        stdout(&out)
    );
}
