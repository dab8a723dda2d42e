//! Unit tests of the log reader; the corpus of real-shaped entries and
//! their expected causes is `tests/data/logs/` (run by the conformance
//! harness).

use super::*;

fn explain(text: &str) -> LogExplanation {
    explain_log(&Registry::builtin(), text)
}

#[test]
fn the_documented_graph_error_example_is_a_conflict_on_create() {
    let case: Json = serde_json::from_str(include_str!(
        "../../../tests/data/logs/entra/graph-documented-conflict.json"
    ))
    .unwrap_or_default();
    let e = explain(&case["log"].to_string());
    assert_eq!(e.format, LogFormat::EntraProvisioning);
    assert_eq!((e.events, e.statuses.failure), (1, 1));
    let x = &e.explained[0];
    assert_eq!(x.pointer, "/value/0");
    assert_eq!(x.action, Action::Create);
    assert_eq!(x.subject.object, Some(ObjectType::Group));
    assert_eq!(x.cause.code, "conflict");
    assert_eq!(x.cause.certainty, Certainty::Stated);
    assert_eq!(x.answer.as_ref().and_then(|a| a.status), Some(409));
    assert_eq!(
        e.causes,
        vec![CauseCount {
            cause: "conflict",
            count: 1
        }]
    );
}

#[test]
fn not_json_and_not_a_log_are_reported() {
    let e = explain("{\"schemas\": []}");
    assert_eq!(e.format, LogFormat::Unknown);
    assert_eq!(e.report.diagnostics[0].code, Code::LogUnrecognized);
    let e = explain("{");
    assert_eq!(e.report.diagnostics[0].code, Code::JsonSyntax);
}

#[test]
fn broken_json_is_a_syntax_error_even_with_a_log_word_in_it() {
    let e = explain(r#"[{"errorCode": "SystemForCrossDomainIdentityManagementBadRequest", "#);
    assert_eq!(e.format, LogFormat::Unknown);
    assert_eq!(e.report.diagnostics[0].code, Code::JsonSyntax);
}

#[test]
fn items_that_are_not_events_make_one_diagnostic() {
    let mut items = vec![
        r#"{"eventType": "application.provision.user.push", "outcome": {"result": "FAILURE"}}"#
            .to_string(),
    ];
    items.extend(std::iter::repeat_n("1".to_string(), 10_000));
    let e = explain(&format!("[{}]", items.join(",")));
    assert_eq!(e.events, 1);
    assert_eq!(e.report.diagnostics.len(), 1);
    assert_eq!(e.report.diagnostics[0].path, "/1");
    assert!(
        e.report.diagnostics[0]
            .message
            .contains("10000 items in all"),
        "{}",
        e.report.diagnostics[0].message
    );
}

#[test]
fn ids_from_the_log_stay_one_path_segment() {
    for (id, path) in [
        ("../../Groups/x", "/Users/..%2F..%2FGroups%2Fx"),
        (
            "x?attributes=password#f",
            "/Users/x%3Fattributes%3Dpassword%23f",
        ),
        ("..", "/Users/%2E%2E"),
        ("a b\ny", "/Users/a%20b%0Ay"),
    ] {
        let log = serde_json::json!({"value": [{
            "provisioningAction": "update",
            "provisioningStatusInfo": {"status": "failure", "errorInformation": {"reason": "StatusCode: BadRequest"}},
            "sourceIdentity": {"identityType": "User"},
            "targetIdentity": {"id": id, "identityType": "User"},
            "modifiedProperties": [{"displayName": "jobTitle", "oldValue": "a", "newValue": "b"}]
        }]});
        let e = explain(&log.to_string());
        let paths: Vec<&str> = e.explained[0]
            .requests
            .iter()
            .map(|r| r.path.as_str())
            .collect();
        assert_eq!(paths, vec![path], "{id}");
    }
}
