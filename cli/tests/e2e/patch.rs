//! `scimkit patch apply`: RFC 7644 §3.5.2 examples and every shared PATCH
//! case, compared with the core's `apply_patch_text`.

use predicates::prelude::*;
use scimkit::dialect::Dialect;
use scimkit::patch::apply_patch_text;
use scimkit::schema::Registry;
use scimkit_conformance::run_all;
use serde_json::{Value, json};

use crate::{Dir, case, same_as_core, scimkit, stdout, stdout_json};

/// Human output of a PATCH that applied: the resource as JSON, then the
/// lines that follow it (the changes).
fn resource_and_changes(output: &std::process::Output) -> (Value, String) {
    let text = stdout(output);
    let mut values = serde_json::Deserializer::from_str(&text).into_iter::<Value>();
    let resource = values
        .next()
        .unwrap_or_else(|| panic!("no resource in:\n{text}"))
        .unwrap_or_else(|e| panic!("the resource is not JSON ({e}):\n{text}"));
    let rest = text.get(values.byte_offset()..).unwrap().to_string();
    (resource, rest)
}

#[test]
fn apply_prints_the_resulting_resource() {
    let dir = Dir::new();
    let c = case("patch", "rfc7644.json#0");
    let resource = dir.json("group.json", c.get("resource"));
    let patch = dir.json("add-member.json", c.get("patch"));
    let out = scimkit()
        .args(["patch", "apply"])
        .arg(&resource)
        .arg(&patch)
        .assert()
        .success();
    let (resource, changes) = resource_and_changes(out.get_output());
    assert_eq!(resource, c.get("expect")["result"]);
    assert_eq!(changes, "\nadded    /members/1\n");
    assert!(out.get_output().stderr.is_empty());
}

#[test]
fn a_failing_patch_prints_its_diagnostics_and_no_resource_and_exits_1() {
    let dir = Dir::new();
    let c = case("patch", "entra.json#0");
    assert_eq!(c.str("dialect"), "strict");
    let resource = dir.json("user.json", c.get("resource"));
    let patch = dir.json("patch.json", c.get("patch"));
    scimkit()
        .args(["patch", "apply"])
        .arg(&resource)
        .arg(&patch)
        .assert()
        .code(1)
        .stderr("")
        .stdout(predicate::str::contains(
            "error[patch-invalid-op] /Operations/0/op",
        ))
        .stdout(predicate::str::ends_with(
            "patch.json: the PATCH was not applied (it is atomic: one failing operation rejects all)\n",
        ))
        .stdout(predicate::str::contains("{").not());
    // The Entra dialect accepts it with quirk warnings, printed before the resource.
    scimkit()
        .args(["patch", "apply", "--dialect", "entra"])
        .arg(&resource)
        .arg(&patch)
        .assert()
        .success()
        .stderr("")
        .stdout(predicate::str::contains("warning[quirk-op-case]"))
        .stdout(predicate::str::contains("\n{\n"));
}

#[test]
fn json_prints_the_core_outcome_on_every_patch_case() {
    let registry = Registry::builtin();
    let dir = Dir::new();
    run_all("patch", |case| {
        let rt_name = case.str("resourceType");
        let rt = registry.resource_type(rt_name).unwrap();
        let d = case
            .get("dialect")
            .as_str()
            .and_then(Dialect::from_name)
            .unwrap_or_default();
        let resource_text = serde_json::to_string_pretty(case.get("resource")).unwrap();
        let patch_text = serde_json::to_string_pretty(case.get("patch")).unwrap();
        let want = apply_patch_text(&registry, rt, &resource_text, &patch_text, d);
        let resource = dir.write("resource.json", &resource_text);
        let patch = dir.write("patch.json", &patch_text);
        let code = if want.report.valid { 0 } else { 1 };
        let want = serde_json::to_value(&want).unwrap();
        same_as_core(
            scimkit()
                .args(["patch", "apply", "--format", "json"])
                .args(["--resource-type", rt_name, "--dialect", d.as_str()])
                .arg(&resource)
                .arg(&patch),
            &want,
            code,
        )
    });
}

#[test]
fn the_resource_type_comes_from_schemas_or_the_option() {
    let dir = Dir::new();
    let patch = dir.write(
        "patch.json",
        r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"displayName","value":"Guides"}]}"#,
    );
    let bare = dir.write("bare.json", r#"{"displayName":"Tour Guides","id":"1"}"#);
    scimkit()
        .args(["patch", "apply"])
        .arg(&bare)
        .arg(&patch)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pass --resource-type"));
    let out = scimkit()
        .args(["patch", "apply", "--resource-type", "Group"])
        .arg(&bare)
        .arg(&patch)
        .assert()
        .success();
    let (resource, changes) = resource_and_changes(out.get_output());
    assert_eq!(resource, json!({"displayName": "Guides", "id": "1"}));
    assert_eq!(changes, "\nreplaced /displayName\n");
}

#[test]
fn input_problems() {
    let dir = Dir::new();
    let patch = dir.write("patch.json", "{}");
    let broken = dir.write("broken.json", "{\n  \"id\": \n}");
    scimkit()
        .args(["patch", "apply"])
        .arg(&broken)
        .arg(&patch)
        .assert()
        .code(1)
        .stderr("")
        .stdout(predicate::str::contains(
            "broken.json:3:1: error[json-syntax]",
        ));
    // JSON output keeps the core's shape.
    let out = scimkit()
        .args([
            "patch",
            "apply",
            "--format",
            "json",
            "--resource-type",
            "User",
        ])
        .arg(&broken)
        .arg(&patch)
        .assert()
        .code(1);
    let got = stdout_json(out.get_output());
    assert_eq!(got["resource"], Value::Null);
    assert_eq!(
        got["report"]["diagnostics"][0]["code"],
        json!("json-syntax")
    );
    scimkit()
        .args(["patch", "apply", "-", "-"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("both"));
    scimkit()
        .args(["patch", "apply", "nothing.json"])
        .arg(&patch)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`nothing.json`"));
}
