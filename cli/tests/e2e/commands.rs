//! `schemas`, `explain`, `expr`, `codes`, `map`, help and usage errors.

use predicates::prelude::*;
use scimkit::diagnostics::{Code, code_table_markdown};
use scimkit::schema::Registry;
use serde_json::json;

use crate::{Dir, case, json_exit, scimkit, stdout, stdout_json};

#[test]
fn schemas_list_names_every_schema_and_resource_type() {
    let out = scimkit().args(["schemas", "list"]).assert().success();
    let text = stdout(out.get_output());
    let registry = Registry::builtin();
    for s in registry.schemas() {
        assert!(text.contains(&s.id), "{} missing:\n{text}", s.id);
    }
    for rt in registry.resource_types() {
        assert!(text.contains(&rt.endpoint), "{} missing", rt.endpoint);
    }
    let listed = json_exit(scimkit().args(["schemas", "list", "--format", "json"]), 0);
    assert_eq!(
        listed["schemas"].as_array().map(Vec::len),
        Some(registry.schemas().len())
    );
    assert_eq!(
        listed["resourceTypes"],
        serde_json::to_value(registry.resource_types()).unwrap()
    );
}

#[test]
fn schemas_list_includes_loaded_definitions() {
    let dir = Dir::new();
    let schema = dir.json(
        "acme.json",
        &json!({"id": "urn:ietf:params:scim:schemas:extension:acme:2.0:User", "name": "AcmeUser",
                "attributes": [{"name": "badge", "type": "string"}]}),
    );
    scimkit()
        .args(["schemas", "list", "--schemas"])
        .arg(&schema)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "+ urn:ietf:params:scim:schemas:extension:acme:2.0:User (optional)",
        ));
}

#[test]
fn schemas_show_by_name_or_urn() {
    let out = scimkit()
        .args(["schemas", "show", "User"])
        .assert()
        .success();
    let text = stdout(out.get_output());
    assert!(text.starts_with("urn:ietf:params:scim:schemas:core:2.0:User (User)\n"));
    assert!(
        text.lines().any(|l| l.starts_with("  userName ")
            && l.contains("string")
            && l.contains("required")
            && l.contains("unique (server)")),
        "{text}"
    );
    assert!(
        text.contains("\n    givenName "),
        "sub-attributes are indented:\n{text}"
    );
    let urn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    let out = scimkit()
        .args(["schemas", "show", "--format", "json", urn])
        .assert()
        .success();
    let registry = Registry::builtin();
    assert_eq!(
        stdout_json(out.get_output()),
        serde_json::to_value(registry.schema(urn).unwrap()).unwrap()
    );
    scimkit()
        .args(["schemas", "show", "Device"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no schema named `Device`"));
}

#[test]
fn explain_tells_the_sender_and_each_deviation() {
    let dir = Dir::new();
    let c = case("patch", "entra.json#1");
    let file = dir.json("entra-patch.json", c.get("patch"));
    let out = scimkit().arg("explain").arg(&file).assert().success();
    let text = stdout(out.get_output());
    assert!(text.contains("  sender:     Microsoft Entra ID"), "{text}");
    assert!(text.contains("  confidence: high"), "{text}");
    assert!(text.contains("[quirk-op-case]"), "{text}");
    assert!(text.contains("departs from: RFC 7644 §3.5.2"), "{text}");
    assert!(text.contains("the service provider must accept:"), "{text}");
    assert!(text.contains("on the identity provider:"), "{text}");
    assert!(
        text.contains("strict (RFC) service provider: invalid"),
        "{text}"
    );
    assert!(
        text.contains("service provider accepting the entra dialect: valid"),
        "{text}"
    );
    // A filter from standard input.
    scimkit()
        .arg("explain")
        .write_stdin("emails[type eq \"work\"].value eq \"x\"\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("read as filter"))
        .stdout(predicate::str::contains("[quirk-filter-value-path]"));
    // An RFC request explains as RFC-conformant.
    let rfc = case("documents", "rfc7644/3.3-create-user-request");
    let file = dir.json("rfc.json", rfc.get("document"));
    scimkit()
        .arg("explain")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "No deviations from RFC 7643/7644.",
        ));
}

#[test]
fn expr_eval_prints_the_value_as_json() {
    let dir = Dir::new();
    let user = dir.write("user.json", r#"{"givenName": "John", "surname": "Doe"}"#);
    scimkit()
        .args(["expr", "eval", r#"Join(" ", [givenName], [surname])"#])
        .arg(&user)
        .assert()
        .success()
        .stdout("\"John Doe\"\n");
    scimkit()
        .args([
            "expr",
            "eval",
            "--language",
            "okta",
            r#"user.firstName + "." + user.lastName"#,
            "-",
        ])
        .write_stdin(r#"{"firstName": "Winston", "lastName": "Churchill"}"#)
        .assert()
        .success()
        .stdout("\"Winston.Churchill\"\n");
    // No user: an empty one.
    scimkit()
        .args(["expr", "eval", "--language", "okta", "String.len(\"This\")"])
        .assert()
        .success()
        .stdout("4\n");
    scimkit()
        .args([
            "expr",
            "eval",
            "--now",
            "2026-03-04T05:06:07Z",
            r#"DateAdd("d", 7, Now())"#,
        ])
        .assert()
        .success()
        .stdout("\"3/11/2026 5:06:07 AM\"\n");
}

#[test]
fn expr_problems() {
    scimkit()
        .args(["expr", "eval", "ToLowr([givenName])"])
        .assert()
        .code(1)
        .stderr("")
        .stdout(predicate::str::starts_with(
            "expression:1:1: error[expr-unknown-function]: unknown function `ToLowr`: did you mean `ToLower`?",
        ));
    // An Okta expression evaluated as Entra gets a hint.
    scimkit()
        .args(["expr", "eval", "user.firstName"])
        .assert()
        .code(1)
        .stderr("")
        .stdout(predicate::str::ends_with(
            "\nhint: the expression parses in the other language: try --language okta\n",
        ));
    scimkit()
        .args(["expr", "eval", "--now", "yesterday", "Now()"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--now `yesterday`"));
    scimkit()
        .args(["expr", "eval", "[a]", "missing-user.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`missing-user.json`"));
}

#[test]
fn codes_prints_the_core_table() {
    scimkit()
        .arg("codes")
        .assert()
        .success()
        .stdout(code_table_markdown());
    let out = json_exit(scimkit().args(["codes", "--format", "json"]), 0);
    let rows = out;
    assert_eq!(rows.as_array().map(Vec::len), Some(Code::ALL.len()));
    assert_eq!(rows[0]["code"], json!(Code::ALL[0].as_str()));
}

#[test]
fn help_documents_an_example_per_subcommand() {
    for command in [
        &["validate"][..],
        &["filter", "parse"],
        &["filter", "check"],
        &["filter", "eval"],
        &["patch", "apply"],
        &["map", "check"],
        &["map", "apply"],
        &["expr", "eval"],
        &["schemas", "list"],
        &["schemas", "show"],
        &["explain"],
        &["codes"],
    ] {
        let out = scimkit().args(command).arg("--help").assert().success();
        let text = stdout(out.get_output());
        assert!(text.contains("Examples:"), "{command:?}:\n{text}");
        assert!(
            text.contains(&format!("scimkit {}", command.join(" "))),
            "{command:?} has no example of itself:\n{text}"
        );
    }
    scimkit()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit status: 0 when no errors"));
}

#[test]
fn usage_errors_exit_2() {
    scimkit().assert().code(2);
    scimkit().arg("frobnicate").assert().code(2);
    scimkit()
        .args(["validate", "--format", "xml"])
        .assert()
        .code(2);
    scimkit().args(["filter", "parse"]).assert().code(2);
}

#[test]
fn a_closed_output_pipe_is_not_an_error() {
    // `scimkit codes | head -1`: the reader stops early; no panic, no message.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_scimkit"))
        .arg("codes")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
