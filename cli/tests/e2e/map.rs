//! `scimkit map check|apply` on the Entra ID and Okta presets, pinned to the
//! core's own answers (`mapping::check_text`, `mapping::apply_text`).

use scimkit::mapping::{ApplyOptions, Operation, apply_text, check_text, presets};
use scimkit::schema::Registry;
use serde_json::Value;

use crate::{Dir, scimkit};

fn preset(name: &str) -> &'static str {
    presets::find(name).map(|p| p.config_json).unwrap()
}

fn sample(idp: &str) -> &'static str {
    presets::SAMPLES
        .iter()
        .find(|s| s.identity_provider.as_str() == idp && s.object_type.key() == "users")
        .map(|s| s.json)
        .unwrap()
}

#[test]
fn check_presets_json_equals_the_core() {
    let dir = Dir::new();
    for name in ["entra", "okta"] {
        let file = dir.write(&format!("{name}.json"), preset(name));
        let out = scimkit()
            .args(["map", "check", "--format", "json"])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
        let core =
            serde_json::to_value(check_text(preset(name), &Registry::builtin(), None)).unwrap();
        assert_eq!(printed, core, "{name}");
    }
}

#[test]
fn profile_conflict_exits_1_and_says_what_to_change_in_the_console() {
    let dir = Dir::new();
    let file = dir.write("entra.json", preset("entra"));
    let out = scimkit()
        .args(["map", "check", "--profile", "email-prefix-username"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("error[mapping-profile-conflict] /users/mappings/0/source"),
        "{text}"
    );
    assert!(
        text.contains("Provision Microsoft Entra ID Users → userName → Source attribute"),
        "{text}"
    );
}

#[test]
fn apply_prints_the_requests_and_matches_the_core() {
    let dir = Dir::new();
    for name in ["entra", "okta"] {
        let config = dir.write(&format!("{name}.json"), preset(name));
        let user = dir.write(&format!("{name}-user.json"), sample(name));
        for (op, operation) in [
            ("create", Operation::Create),
            ("update", Operation::Update),
            ("deactivate", Operation::Deactivate),
        ] {
            let out = scimkit()
                .args(["map", "apply", "--format", "json", "--operation", op])
                .arg(&config)
                .arg(&user)
                .output()
                .unwrap();
            let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
            let registry = Registry::builtin();
            let options = ApplyOptions::new(operation).with_registry(&registry);
            let core = apply_text(preset(name), sample(name), &options);
            assert_eq!(printed, serde_json::to_value(&core).unwrap(), "{name} {op}");
            assert_eq!(
                out.status.code(),
                Some(if core.valid { 0 } else { 1 }),
                "{name} {op}"
            );
        }
    }
    let config = dir.write("e.json", preset("entra"));
    let user = dir.write("u.json", sample("entra"));
    let out = scimkit()
        .args(["map", "apply"])
        .arg(&config)
        .arg(&user)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("POST /Users    (create the user)"), "{text}");
    assert!(
        text.contains("GET /Users?filter=userName%20eq%20"),
        "{text}"
    );
    assert!(text.contains("userName ← userPrincipalName"), "{text}");
}

#[test]
fn email_prefix_flips_with_mail_nickname() {
    let dir = Dir::new();
    let config: Value = serde_json::from_str(preset("entra")).unwrap();
    let mut fixed = config.clone();
    fixed["users"]["mappings"][0]["source"] = Value::from("mailNickname");
    let bad = dir.json("bad.json", &config);
    let good = dir.json("good.json", &fixed);
    let user = dir.write("u.json", sample("entra"));
    let run = |file: &std::path::Path| {
        scimkit()
            .args(["map", "apply", "--profile", "email-prefix-username"])
            .arg(file)
            .arg(&user)
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(run(&bad), Some(1));
    assert_eq!(run(&good), Some(0));
}

#[test]
fn missing_mapping_file_is_a_usage_error() {
    let out = scimkit()
        .args(["map", "check", "no-such-mapping.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-mapping.json"));
}

#[test]
fn presets_lists_every_builtin_mapping_and_profile() {
    let out = scimkit().args(["map", "presets"]).assert().success();
    assert_eq!(
        crate::stdout(out.get_output()),
        "\
Attribute mappings (`scimkit map presets NAME` prints one to start yours from):
  entra                  Microsoft Entra ID non-gallery SCIM application, default mappings
  okta                   Okta SCIM 2.0 application (App Integration Wizard), default mappings

Service-provider profiles (`--profile NAME`):
  email-prefix-username  userName as e-mail prefix (mail nickname)
"
    );
    // JSON: one object per preset, from the core's tables.
    let listed = crate::json_exit(scimkit().args(["map", "presets", "--format", "json"]), 0);
    let mut want: Vec<Value> = presets::PRESETS
        .iter()
        .map(|p| {
            serde_json::json!({"name": p.name, "kind": "mapping",
                "identityProvider": p.identity_provider.as_str(), "description": p.title})
        })
        .collect();
    want.extend(
        scimkit::profile::builtin().iter().map(
            |p| serde_json::json!({"name": p.name, "kind": "profile", "description": p.title}),
        ),
    );
    assert_eq!(listed, Value::Array(want));
}

#[test]
fn presets_name_prints_a_mapping_file_or_profile_to_start_from() {
    let dir = Dir::new();
    for name in ["entra", "okta"] {
        let out = scimkit().args(["map", "presets", name]).assert().success();
        let text = crate::stdout(out.get_output());
        assert_eq!(text.trim_end(), preset(name).trim_end());
        let file = dir.write(&format!("{name}.json"), &text);
        scimkit()
            .args(["map", "check"])
            .arg(&file)
            .assert()
            .success();
    }
    // A printed profile is a --profile file.
    let out = scimkit()
        .args(["map", "presets", "email-prefix-username"])
        .assert()
        .success();
    let profile = dir.write("profile.json", &out.get_output().stdout);
    let user = dir.write(
        "user.json",
        r#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "ada@example.com"}"#,
    );
    let out = scimkit()
        .args(["validate", "--profile"])
        .arg(&profile)
        .arg(&user)
        .assert()
        .code(1);
    assert!(crate::stdout(out.get_output()).contains("error[profile-pattern]"));
    // An unknown name is a usage error that lists the known ones.
    let out = scimkit().args(["map", "presets", "azure"]).assert().code(2);
    assert_eq!(
        String::from_utf8_lossy(&out.get_output().stderr),
        "scimkit: error: no built-in mapping or profile is named `azure`; there are entra, okta, email-prefix-username\n"
    );
}
