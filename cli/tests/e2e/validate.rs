//! `scimkit validate`: formats, exit codes, inputs, options, colours.

use predicates::prelude::*;
use scimkit::schema::Registry;
use scimkit::validate::{Context, ValidateOptions, Validator};
use serde_json::{Value, json};

use crate::{Dir, case, document_text, json_exit, scimkit, stderr, stdout, stdout_json};

const BAD_USER: &str =
    "{\n  \"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"],\n  \"userName\": 42\n}\n";

fn core_report(text: &str, options: &ValidateOptions<'_>) -> Value {
    let report = Validator::new(Registry::builtin()).validate(text, options);
    serde_json::to_value(report).unwrap()
}

#[test]
fn rfc_create_request_is_valid_and_says_so() {
    let dir = Dir::new();
    let file = dir.write(
        "create.json",
        document_text(&case("documents", "rfc7644/3.3-create-user-request")),
    );
    let out = scimkit().arg("validate").arg(&file).assert().success();
    let text = stdout(out.get_output());
    assert_eq!(text, format!("{}: valid\n", file.display()));
}

#[test]
fn errors_render_with_position_source_line_and_caret_and_exit_1() {
    let dir = Dir::new();
    let file = dir.write("bad.json", BAD_USER);
    let out = scimkit().arg("validate").arg(&file).assert().code(1);
    let text = stdout(out.get_output());
    let name = file.display();
    assert!(
        text.starts_with(&format!(
            "{name}:3:15: error[invalid-type] /userName: `userName` must be a string, found the number 42\n 3 |   \"userName\": 42\n   |               ^^\n"
        )),
        "{text}"
    );
    // The verdict, then what it was judged as (detected, so stated).
    assert!(
        text.ends_with(&format!(
            "{name}: invalid (1 error)\n  checked as create (POST) · User · strict RFC. Detected the context and the resource type from `schemas`. Other readings: --context replace, --context response.\n"
        )),
        "{text}"
    );
}

#[test]
fn json_format_prints_exactly_the_core_report() {
    let dir = Dir::new();
    let file = dir.write("bad.json", BAD_USER);
    let out = json_exit(
        scimkit().args(["validate", "--format", "json"]).arg(&file),
        1,
    );
    assert_eq!(out, core_report(BAD_USER, &ValidateOptions::detect()));
}

#[test]
fn several_files_print_an_array_of_file_and_report() {
    let dir = Dir::new();
    let good_text = document_text(&case("documents", "rfc7643/8.4-group"));
    let good = dir.write("group.json", &good_text);
    let bad = dir.write("bad.json", BAD_USER);
    let out = json_exit(
        scimkit()
            .args(["validate", "--format", "json", "--context", "response"])
            .arg(&good)
            .arg(&bad),
        1,
    );
    let options = ValidateOptions::new(Context::Response);
    assert_eq!(
        out,
        json!([
            {"file": good.display().to_string(), "report": core_report(&good_text, &options)},
            {"file": bad.display().to_string(), "report": core_report(BAD_USER, &options)},
        ])
    );
}

#[test]
fn standard_input_with_dash_or_no_file() {
    let text = document_text(&case("documents", "rfc7644/3.3-create-user-request"));
    scimkit()
        .args(["validate", "-"])
        .write_stdin(text.clone())
        .assert()
        .success()
        .stdout("<stdin>: valid\n");
    scimkit()
        .arg("validate")
        .write_stdin(BAD_USER)
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "<stdin>:3:15: error[invalid-type] /userName",
        ));
    let out = json_exit(
        scimkit()
            .args(["validate", "--format", "json", "-"])
            .write_stdin(BAD_USER),
        1,
    );
    assert_eq!(out, core_report(BAD_USER, &ValidateOptions::detect()));
}

#[test]
fn a_missing_file_exits_2_and_names_it() {
    scimkit()
        .args(["validate", "no-such-file.json"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("cannot read `no-such-file.json`"));
}

#[test]
fn a_missing_file_among_others_still_reports_the_others() {
    let dir = Dir::new();
    let bad = dir.write("bad.json", BAD_USER);
    let out = scimkit()
        .args(["validate", "--format", "json", "missing.json"])
        .arg(&bad)
        .assert()
        .code(2);
    let reports = stdout_json(out.get_output());
    assert_eq!(reports.as_array().map(Vec::len), Some(1));
    assert_eq!(reports[0]["file"], json!(bad.display().to_string()));
    assert!(stderr(out.get_output()).contains("`missing.json`"));
}

#[test]
fn invalid_utf8_is_a_diagnostic_with_its_line_and_column() {
    let dir = Dir::new();
    let file = dir.write(
        "latin1.json",
        b"{\n  \"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"],\n  \"userName\": \"b\xe9j\"\n}\n",
    );
    let out = scimkit()
        .args(["validate", "--format", "json"])
        .arg(&file)
        .assert()
        .code(1);
    let report = stdout_json(out.get_output());
    let d = &report["diagnostics"][0];
    assert_eq!(report["valid"], json!(false));
    assert_eq!(d["code"], json!("json-syntax"));
    assert_eq!(
        d["span"],
        json!({"start": 79, "end": 80, "line": 3, "column": 17})
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("at line 3, column 17")
    );
    // Human output shows the line with a caret, and does not crash on the bytes.
    let out = scimkit().arg("validate").arg(&file).assert().code(1);
    let text = stdout(out.get_output());
    assert!(text.contains(":3:17: error[json-syntax]"), "{text}");
    assert!(text.contains("\n   |                 ^\n"), "{text}");
}

#[test]
fn context_and_resource_type_options() {
    let dir = Dir::new();
    let minimal = case("documents", "rfc7643/8.1-minimal-user");
    let file = dir.write("minimal.json", document_text(&minimal));
    // As a create (the default for a resource), the readOnly id and meta are warnings.
    scimkit()
        .arg("validate")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "warning[read-only-in-request] /id",
        ));
    // As a response they are expected.
    scimkit()
        .args(["validate", "--context", "response"])
        .arg(&file)
        .assert()
        .success()
        .stdout(format!("{}: valid\n", file.display()));
    // Validated as a Group, a User's schemas do not fit.
    let out = json_exit(
        scimkit()
            .args(["validate", "--format", "json", "--context", "response"])
            .args(["--resource-type", "Group"])
            .arg(&file),
        1,
    );
    let text = document_text(&minimal);
    assert_eq!(
        out,
        core_report(
            &text,
            &ValidateOptions::new(Context::Response).with_resource_type("Group")
        )
    );
    // An unknown resource type or context is a usage error.
    scimkit()
        .args(["validate", "--resource-type", "Device"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown resource type `Device`"));
    scimkit()
        .args(["validate", "--context", "upsert"])
        .arg(&file)
        .assert()
        .code(2);
}

#[test]
fn context_is_detected_from_schemas() {
    let dir = Dir::new();
    let patch = case("documents", "rfc7644/3.5.2.1-patch-add-member");
    let file = dir.write("patch.json", document_text(&patch));
    let out = json_exit(
        scimkit()
            .args(["validate", "--format", "json", "--resource-type", "Group"])
            .arg(&file),
        0,
    );
    let text = document_text(&patch);
    assert_eq!(
        out,
        core_report(
            &text,
            &ValidateOptions::new(Context::Patch).with_resource_type("Group")
        )
    );
}

#[test]
fn lenient_turns_unknown_attributes_into_warnings() {
    let text =
        r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"b","badge":7}"#;
    scimkit()
        .arg("validate")
        .write_stdin(text)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("error[unknown-attribute] /badge"));
    scimkit()
        .args(["validate", "--lenient"])
        .write_stdin(text)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "warning[unknown-attribute] /badge",
        ));
}

#[test]
fn custom_schemas_are_loaded_and_broken_ones_exit_2() {
    let dir = Dir::new();
    let schema = dir.json(
        "acme.json",
        &json!({"id": "urn:ietf:params:scim:schemas:extension:acme:2.0:User",
                "name": "AcmeUser",
                "attributes": [{"name": "badge", "type": "string", "multiValued": false}]}),
    );
    let text = r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:acme:2.0:User"],
"userName":"b","urn:ietf:params:scim:schemas:extension:acme:2.0:User":{"badge":"7"}}"#;
    scimkit().arg("validate").write_stdin(text).assert().code(1);
    scimkit()
        .args(["validate", "--schemas"])
        .arg(&schema)
        .write_stdin(text)
        .assert()
        .success();
    let broken = dir.write(
        "broken.json",
        r#"{"id": "urn:x", "attributes": [{"name": "a", "type": "text"}]}"#,
    );
    scimkit()
        .args(["validate", "--schemas"])
        .arg(&broken)
        .write_stdin(text)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("schema-unknown-type"))
        .stderr(predicate::str::contains("have errors"));
    scimkit()
        .args(["validate", "--schemas", "missing-schema.json"])
        .write_stdin(text)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`missing-schema.json`"));
}

#[test]
fn profiles_by_name_or_file() {
    let user = r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bjensen@example.com"}"#;
    let profile = scimkit::profile::find_builtin("email-prefix-username").unwrap();
    let expected = serde_json::to_value(
        Validator::new(Registry::builtin())
            .validate(user, &ValidateOptions::detect().with_profile(profile)),
    )
    .unwrap();
    assert_eq!(expected["valid"], json!(false));
    let out = scimkit()
        .args([
            "validate",
            "--format",
            "json",
            "--profile",
            "email-prefix-username",
        ])
        .write_stdin(user)
        .assert()
        .code(1);
    assert_eq!(stdout_json(out.get_output()), expected);

    let dir = Dir::new();
    let file = dir.json("profile.json", &serde_json::to_value(profile).unwrap());
    let out = scimkit()
        .args(["validate", "--format", "json", "--profile"])
        .arg(&file)
        .write_stdin(user)
        .assert()
        .code(1);
    assert_eq!(stdout_json(out.get_output()), expected);

    scimkit()
        .args(["validate", "--profile", "no-such-profile"])
        .write_stdin(user)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("email-prefix-username"));
    let broken = dir.write("broken-profile.json", r#"{"name": 7}"#);
    scimkit()
        .args(["validate", "--profile"])
        .arg(&broken)
        .write_stdin(user)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("profile-invalid"));
}

#[test]
fn dialect_accepts_quirks_as_warnings() {
    let text = r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"b","active":"True"}"#;
    scimkit().arg("validate").write_stdin(text).assert().code(1);
    let out = scimkit()
        .args(["validate", "--format", "json", "--dialect", "entra"])
        .write_stdin(text)
        .assert();
    let expected = serde_json::to_value(Validator::new(Registry::builtin()).validate(
        text,
        &ValidateOptions::detect().with_dialect(scimkit::dialect::Dialect::Entra),
    ))
    .unwrap();
    assert_eq!(stdout_json(out.get_output()), expected);
}

#[test]
fn piped_output_and_no_color_have_no_ansi_codes() {
    let has_ansi = |o: &std::process::Output| o.stdout.contains(&0x1b);
    let out = scimkit()
        .arg("validate")
        .write_stdin(BAD_USER)
        .output()
        .unwrap();
    assert!(!has_ansi(&out), "piped output is plain");
    let out = scimkit()
        .arg("validate")
        .env("NO_COLOR", "1")
        .write_stdin(BAD_USER)
        .output()
        .unwrap();
    assert!(!has_ansi(&out));
    let out = scimkit()
        .args(["validate", "--color", "always"])
        .write_stdin(BAD_USER)
        .output()
        .unwrap();
    assert!(has_ansi(&out), "--color always paints even when piped");
}

/// On a real terminal (a pseudo-terminal made by util-linux `script`),
/// colours are on unless NO_COLOR is set.
#[test]
fn terminal_output_is_coloured_unless_no_color() {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    let dir = Dir::new();
    let file = dir.write("bad.json", BAD_USER);
    let run = |no_color: bool| {
        let command = format!(
            "{} validate {}",
            env!("CARGO_BIN_EXE_scimkit"),
            file.display()
        );
        let mut cmd = std::process::Command::new("script");
        cmd.args(["-qec", &command, "/dev/null"])
            .env_remove("NO_COLOR")
            .env("TERM", "xterm");
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        cmd.output().unwrap()
    };
    let coloured = run(false);
    assert!(coloured.stdout.contains(&0x1b), "{}", stdout(&coloured));
    let plain = run(true);
    assert!(!plain.stdout.contains(&0x1b), "{}", stdout(&plain));
    assert!(stdout(&plain).contains("error[invalid-type]"));
}

#[test]
fn standard_input_given_twice_is_a_usage_error() {
    scimkit()
        .args(["validate", "-", "-"])
        .write_stdin(BAD_USER)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "`-` (standard input) is given more than once",
        ));
}

#[test]
fn with_format_json_a_command_that_cannot_run_still_prints_json() {
    // An unreadable file: the I/O error object, and the note on stderr.
    let out = scimkit()
        .args(["validate", "--format", "json", "no-such-file.json"])
        .assert()
        .code(2);
    let error = stdout_json(out.get_output());
    assert_eq!(error["exitCode"], json!(2));
    assert_eq!(error["error"]["code"], json!("io"));
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("cannot read `no-such-file.json`"),
        "{error}"
    );
    // A usage error found by the argument parser.
    let out = scimkit()
        .args(["validate", "--format=json", "--no-such-flag"])
        .assert()
        .code(2);
    let error = stdout_json(out.get_output());
    assert_eq!(error["error"]["code"], json!("usage"));
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("--no-such-flag"),
        "{error}"
    );
    // A usage error found by the command.
    let out = scimkit()
        .args(["validate", "--format", "json", "-", "-"])
        .write_stdin("{}")
        .assert()
        .code(2);
    assert_eq!(
        stdout_json(out.get_output())["error"]["code"],
        json!("usage")
    );
    // Without --format json, stdout stays empty.
    scimkit()
        .args(["validate", "--no-such-flag"])
        .assert()
        .code(2)
        .stdout("");
}

#[test]
fn terminal_escapes_from_the_input_are_shown_escaped() {
    let dir = Dir::new();
    let file = dir.write(
        "esc.json",
        r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"x","\u001b]0;pwned\u0007\u001b[2J":1}"#,
    );
    for color in ["never", "always"] {
        let out = scimkit()
            .args(["validate", "--color", color])
            .arg(&file)
            .assert()
            .code(1);
        let text = stdout(out.get_output());
        assert!(
            text.contains("`\\u001b]0;pwned\\u0007\\u001b[2J` is not an attribute"),
            "{text}"
        );
        assert!(
            !text.contains("\u{1b}]0") && !text.contains("\u{1b}[2J"),
            "{text:?}"
        );
        assert!(!text.contains('\u{7}'), "{text:?}");
    }
}

#[test]
fn diagnostics_are_capped_with_a_final_count() {
    let emails: Vec<Value> = (0..1500)
        .map(|i| json!({"value": format!("u{i}@example.com"), "primary": "yes"}))
        .collect();
    let doc = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "u",
        "emails": emails,
    })
    .to_string();
    let out = scimkit()
        .args(["validate", "--format", "json", "-"])
        .write_stdin(doc.clone())
        .assert()
        .code(1);
    let report = stdout_json(out.get_output());
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(
        diagnostics.len(),
        scimkit::limits::DEFAULT_MAX_DIAGNOSTICS + 1
    );
    let last = diagnostics.last().unwrap();
    assert_eq!(last["code"], json!("limit-diagnostics"));
    assert!(
        last["message"]
            .as_str()
            .unwrap()
            .starts_with("500 more diagnostics (500 errors"),
        "{last}"
    );
    assert_eq!(report["valid"], json!(false));
    let out = scimkit()
        .args([
            "validate",
            "--format",
            "json",
            "--max-diagnostics",
            "10",
            "-",
        ])
        .write_stdin(doc)
        .assert()
        .code(1);
    let report = stdout_json(out.get_output());
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 11);
}

#[test]
fn a_raw_http_request_is_checked_as_its_request_line_says_and_its_token_never_printed() {
    let dir = Dir::new();
    let file = dir.write(
        "request.http",
        b"PATCH /scim/v2/Users/1 HTTP/1.1\nContent-Type: application/scim+json\nAuthorization: Bearer s3cr3t-t0ken\n\n{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\n \"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}\n",
    );
    let out = scimkit().arg("validate").arg(&file).assert().code(0);
    let text = stdout(out.get_output());
    assert!(text.contains("info[http-request]"), "{text}");
    assert!(text.contains("checked the body as patch on User"), "{text}");
    assert!(text.contains(":3:1: warning[http-authorization]"), "{text}");
    assert!(!text.contains("s3cr3t"), "{text}");
}
