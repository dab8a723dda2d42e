//! One output convention for every command (the probe's own tests cover
//! it): results and the diagnostics about the input on standard output,
//! standard error only for usage and I/O errors (exit 2).

use crate::{Dir, scimkit, stdout};

/// Runs `args` in `dir` and returns (exit code, stdout, stderr).
fn run(dir: &Dir, args: &[&str]) -> (Option<i32>, String, String) {
    let out = scimkit()
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        stdout(&out),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Inputs with problems, one set for every command.
fn inputs() -> Dir {
    let dir = Dir::new();
    dir.write(
        "user.json",
        r#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": 42}"#,
    );
    dir.write(
        "group.json",
        r#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "id": "1", "displayName": "Guides"}"#,
    );
    dir.write(
        "patch.json",
        r#"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "Replace", "path": "displayName", "value": "x"}]}"#,
    );
    dir.write(
        "mapping.json",
        r#"{"identityProvider": "entra", "users": {"mappings": [{"target": "userName", "type": "expression", "expression": "ToLowr([mailNickname])"}]}}"#,
    );
    dir.write("source.json", r#"{"mailNickname": "ada"}"#);
    dir.write("broken.json", "{\"schemas\": }");
    dir
}

#[test]
fn diagnostics_about_the_input_go_to_standard_output() {
    let dir = inputs();
    let commands: &[&[&str]] = &[
        &["validate", "user.json"],
        &["filter", "parse", r#"userName = "bjensen""#],
        &["filter", "check", r#"badge eq "7""#],
        &["filter", "eval", "userName =", "user.json"],
        &["filter", "eval", "userName pr", "broken.json"],
        &["patch", "apply", "group.json", "patch.json"],
        &["patch", "apply", "broken.json", "patch.json"],
        &["map", "check", "mapping.json"],
        &["map", "apply", "mapping.json", "source.json"],
        &["expr", "eval", "ToLowr([givenName])"],
        &["expr", "eval", "[givenName]", "broken.json"],
        &["explain", "broken.json"],
    ];
    for args in commands {
        let (code, out, err) = run(&dir, args);
        let shown = format!("scimkit {}", args.join(" "));
        assert_eq!(code, Some(1), "{shown}: exit {code:?}\n{out}{err}");
        assert_eq!(err, "", "{shown}: standard error should be empty");
        assert!(
            out.contains(": error["),
            "{shown}: no diagnostic on standard output:\n{out}"
        );
    }
}

#[test]
fn io_and_usage_errors_go_to_standard_error_with_exit_2() {
    let dir = inputs();
    let commands: &[&[&str]] = &[
        &["validate", "missing.json"],
        &[
            "filter",
            "check",
            "--schemas",
            "missing.json",
            "userName pr",
        ],
        &["filter", "eval", "userName pr", "missing.json"],
        &["patch", "apply", "missing.json", "patch.json"],
        &["patch", "apply", "group.json", "missing.json"],
        &["map", "check", "missing.json"],
        &["map", "apply", "mapping.json", "missing.json"],
        &["expr", "eval", "[givenName]", "missing.json"],
        &["explain", "missing.json"],
        &["schemas", "list", "--schemas", "missing.json"],
    ];
    for args in commands {
        let (code, out, err) = run(&dir, args);
        let shown = format!("scimkit {}", args.join(" "));
        assert_eq!(code, Some(2), "{shown}: exit {code:?}\n{out}{err}");
        assert_eq!(out, "", "{shown}: standard output should be empty");
        assert!(
            err.starts_with("scimkit: error: cannot read `missing.json`: "),
            "{shown}: {err}"
        );
    }
    // A usage error: the message on standard error only.
    let (code, out, err) = run(&dir, &["schemas", "show", "Device"]);
    assert_eq!((code, out.as_str()), (Some(2), ""));
    assert!(
        err.starts_with("scimkit: error: no schema named `Device`"),
        "{err}"
    );
}
