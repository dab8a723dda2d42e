//! `scimkit filter parse|check|eval`: RFC 7644 filters and the shared filter
//! and evaluation cases, compared with the core.

use predicates::prelude::*;
use scimkit::dialect::Dialect;
use scimkit::filter::{
    Evaluator, check_filter_text, parse_filter, parse_filter_text, parse_filter_with,
};
use scimkit::schema::Registry;
use scimkit_conformance::{Case, data_dir, run_all};
use serde_json::{Value, json};

use crate::{Dir, case, json_exit, same_as_core, scimkit, stdout, stdout_json};

fn dialect(case: &Case) -> Dialect {
    case.get("dialect")
        .as_str()
        .and_then(Dialect::from_name)
        .unwrap_or_default()
}

#[test]
fn parse_prints_the_canonical_filter() {
    scimkit()
        .args([
            "filter",
            "parse",
            r#"userName Eq "bjensen" and (emails co "@example.com" or not (title pr))"#,
        ])
        .assert()
        .success()
        .stdout("userName eq \"bjensen\" and (emails co \"@example.com\" or not (title pr))\n");
}

#[test]
fn parse_json_prints_the_syntax_tree() {
    let text = r#"emails[type eq "work" and value co "@example.com"]"#;
    let out = json_exit(
        scimkit().args(["filter", "parse", "--format", "json", text]),
        0,
    );
    let tree = out;
    assert_eq!(
        tree,
        serde_json::to_value(parse_filter(text).unwrap()).unwrap()
    );
    assert_eq!(tree["type"], json!("valuePath"));
    assert_eq!(tree["filter"]["right"]["op"], json!("co"));
}

#[test]
fn an_invalid_filter_prints_offset_length_message_and_exits_1() {
    let out = scimkit()
        .args(["filter", "parse", "--format", "json"])
        .arg(r#"userName = "bjensen""#)
        .assert()
        .code(1);
    let printed = stdout_json(out.get_output());
    assert_eq!(printed["valid"], json!(false));
    let error = &printed["errors"][0];
    assert_eq!(error["offset"], json!(9));
    assert_eq!(error["length"], json!(1));
    assert_eq!(error["code"], json!("filter-syntax"));
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .starts_with("expected a comparison operator")
    );
    // Human: the core's rendering, on standard output like every
    // command's diagnostics.
    scimkit()
        .args(["filter", "parse", r#"userName = "bjensen""#])
        .assert()
        .code(1)
        .stderr("")
        .stdout(predicate::str::starts_with(
            "filter:1:10: error[filter-syntax]: expected a comparison operator",
        ))
        .stdout(predicate::str::contains(
            " 1 | userName = \"bjensen\"\n   |          ^\n",
        ));
}

#[test]
fn parse_with_the_entra_dialect_reads_its_filter_form() {
    let text = r#"emails[type eq "work"].value eq "x""#;
    scimkit().args(["filter", "parse", text]).assert().code(1);
    scimkit()
        .args(["filter", "parse", "--dialect", "entra", text])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "filter:1:1: warning[quirk-filter-value-path]",
        ))
        .stdout(predicate::str::ends_with(
            "\nemails[type eq \"work\" and value eq \"x\"]\n",
        ))
        .stderr("");
    // JSON output is the tree alone.
    let tree = json_exit(
        scimkit().args([
            "filter",
            "parse",
            "--dialect",
            "entra",
            "--format",
            "json",
            text,
        ]),
        0,
    );
    assert_eq!(tree["filter"]["type"], json!("and"), "{tree}");
}

#[test]
fn parse_and_check_equal_the_core_on_every_filter_case() {
    let registry = Registry::builtin();
    run_all("filters", |case| {
        let Some(text) = case.get("filter").as_str() else {
            return Ok(()); // PATCH paths are not a CLI command of their own
        };
        let d = dialect(case);
        let parsed = parse_filter_text(text, d);
        let out = scimkit()
            .args(["filter", "parse", "--format", "json"])
            .args(["--dialect", d.as_str(), "--", text])
            .output()
            .unwrap();
        let got = stdout_json(&out);
        match &parsed.value {
            Some(tree) => {
                if got != serde_json::to_value(tree).unwrap() || out.status.code() != Some(0) {
                    return Err(format!("parse: CLI {got} (exit {:?})", out.status.code()));
                }
            }
            None => {
                let want: Vec<Value> = scimkit::Report::new(parsed.diagnostics)
                    .diagnostics
                    .iter()
                    .filter(|d| d.is_error())
                    .map(|d| {
                        let s = d.span.unwrap();
                        json!([s.start, s.end - s.start, d.message])
                    })
                    .collect();
                let got_errors: Vec<Value> = got["errors"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| json!([e["offset"], e["length"], e["message"]]))
                    .collect();
                if got_errors != want || out.status.code() != Some(1) {
                    return Err(format!("parse errors: CLI {got}\ncore {want:?}"));
                }
            }
        }
        if let Some(rt) = case.get("resourceType").as_str() {
            let want = check_filter_text(text, &registry, registry.resource_type(rt).unwrap(), d);
            let code = if want.valid { 0 } else { 1 };
            let want = serde_json::to_value(want).unwrap();
            same_as_core(
                scimkit()
                    .args(["filter", "check", "--format", "json", "--resource-type", rt])
                    .args(["--dialect", d.as_str(), "--", text]),
                &want,
                code,
            )
            .map_err(|e| format!("check: {e}"))?;
        }
        Ok(())
    });
}

#[test]
fn check_renders_problems_and_a_verdict() {
    scimkit()
        .args(["filter", "check", r#"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#])
        .assert()
        .success()
        .stdout("filter: valid\n");
    scimkit()
        .args(["filter", "check", "title gt true"])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "filter:1:10: error[filter-value-type]",
        ))
        .stdout(predicate::str::ends_with("filter: invalid (1 error)\n"));
    scimkit()
        .args([
            "filter",
            "check",
            "--resource-type",
            "Group",
            r#"members.value eq "2819c223""#,
        ])
        .assert()
        .success();
    scimkit()
        .args(["filter", "check", "--resource-type", "Device", "id pr"])
        .assert()
        .code(2);
}

/// The resources of a filter-eval case.
fn resources(case: &Case) -> Value {
    if let Some(list) = case.get("resources").as_array() {
        return Value::Array(list.clone());
    }
    let file = case.str("resourcesFile");
    let data: Value =
        serde_json::from_str(&std::fs::read_to_string(data_dir().join(file)).unwrap()).unwrap();
    data["resources"].clone()
}

#[test]
fn eval_equals_the_core_on_every_evaluation_case() {
    let dir = Dir::new();
    run_all("filter-eval", |case| {
        let mut builder = Registry::builder();
        let mut args = vec![
            "filter".to_string(),
            "eval".into(),
            "--format".into(),
            "json".into(),
        ];
        if let Some(extra) = case.get("schemas").as_array() {
            for (i, schema) in extra.iter().enumerate() {
                builder.add_json(&schema.to_string());
                let file = dir.json(&format!("schema{i}.json"), schema);
                args.extend(["--schemas".into(), file.display().to_string()]);
            }
        }
        let registry = builder.build().0;
        let rt_name = case.get("resourceType").as_str().unwrap_or("User");
        let rt = registry.resource_type(rt_name).unwrap();
        let d = dialect(case);
        let filter = parse_filter_with(case.str("filter"), d).value.unwrap();
        let resources = resources(case);
        let list = resources.as_array().unwrap();
        let evaluator = Evaluator::new(&registry, rt);
        let want = evaluator.filter_list(&filter, list);
        let file = dir.json("resources.json", &resources);
        args.extend([
            "--resource-type".into(),
            rt_name.into(),
            "--dialect".into(),
            d.as_str().into(),
        ]);
        let out = scimkit()
            .args(&args)
            .arg("--")
            .arg(case.str("filter"))
            .arg(&file)
            .output()
            .unwrap();
        if stdout_json(&out) != json!(want) {
            return Err(format!("CLI {} core {want:?}", stdout(&out)));
        }
        // The trace, as JSON, is the core's trace of each resource.
        let out = scimkit()
            .args(&args)
            .arg("--trace")
            .arg("--")
            .arg(case.str("filter"))
            .arg(&file)
            .output()
            .unwrap();
        let traces: Vec<_> = list.iter().map(|r| evaluator.trace(&filter, r)).collect();
        if stdout_json(&out) != serde_json::to_value(&traces).unwrap() {
            return Err(format!("trace differs: {}", stdout(&out)));
        }
        Ok(())
    });
}

#[test]
fn eval_prints_a_boolean_for_one_resource_and_an_array_for_a_list() {
    let dir = Dir::new();
    let user = case("documents", "rfc7643/8.2-full-user");
    let file = dir.json("user.json", user.get("document"));
    scimkit()
        .args(["filter", "eval", r#"userName eq "bjensen@example.com""#])
        .arg(&file)
        .assert()
        .success()
        .stdout("true\n");
    scimkit()
        .args([
            "filter",
            "eval",
            r#"emails[type eq "home" and value ew "@example.org"]"#,
            "-",
        ])
        .write_stdin(serde_json::to_string(user.get("document")).unwrap())
        .assert()
        .success()
        .stdout("false\n");
    // A ListResponse (RFC 7644 §3.4.2) gives one boolean per resource.
    let list = case("documents", "rfc7644/3.4.2-list-response");
    let file = dir.json("list.json", list.get("document"));
    let n = list.get("document")["Resources"].as_array().unwrap().len();
    let out = scimkit()
        .args(["filter", "eval", "userName pr"])
        .arg(&file)
        .assert()
        .success();
    assert_eq!(
        stdout(out.get_output()),
        format!("{}\n", json!(vec![true; n]))
    );
    // An array, from standard input.
    scimkit()
        .args(["filter", "eval", r#"userName sw "b""#])
        .write_stdin(r#"[{"userName":"bjensen"},{"userName":"jsmith"}]"#)
        .assert()
        .success()
        .stdout("[true,false]\n");
}

#[test]
fn eval_trace_prints_an_indented_tree() {
    let dir = Dir::new();
    let user = case("documents", "rfc7643/8.2-full-user");
    let file = dir.json("user.json", user.get("document"));
    let out = scimkit()
        .args([
            "filter",
            "eval",
            "--trace",
            r#"userName sw "b" and emails[type eq "work"]"#,
        ])
        .arg(&file)
        .assert()
        .success();
    let text = stdout(out.get_output());
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], format!("{}: true", file.display()));
    assert!(
        lines[1].starts_with(
            "  ✓ userName sw \"b\" and emails[type eq \"work\"]  — and: every operand matched"
        ),
        "{text}"
    );
    assert!(
        lines[2].starts_with("    ✓ userName sw \"b\"  — case-insensitive comparison"),
        "{text}"
    );
    assert!(
        text.contains("      element 1: no match\n        ✗ type eq \"work\""),
        "{text}"
    );
}

#[test]
fn eval_problems_exit_1() {
    scimkit()
        .args(["filter", "eval", "userName ="])
        .write_stdin("{}")
        .assert()
        .code(1)
        .stderr("")
        .stdout(predicate::str::contains("error[filter-syntax]"));
    let out = scimkit()
        .args(["filter", "eval", "userName pr"])
        .write_stdin("{\"userName\": }")
        .assert()
        .code(1)
        .stderr("");
    assert!(stdout(out.get_output()).starts_with("<stdin>:1:14: error[json-syntax]"));
}

#[test]
fn a_filter_copied_from_a_url_is_decoded_and_checked() {
    let out = scimkit()
        .args(["filter", "check", "--"])
        .arg("GET /scim/v2/Users?filter=userName%20eq%20%22bjensen%22&count=10 HTTP/1.1")
        .assert()
        .success();
    let text = stdout(out.get_output());
    assert!(
        text.contains("filter:1:27: info[filter-decoded]: read as a request line"),
        "{text}"
    );
    assert!(!text.contains("use eq"), "{text}");
    scimkit()
        .args(["filter", "parse", "filter=userName+eq+%22bjensen%22"])
        .assert()
        .success()
        .stdout(predicate::str::ends_with("userName eq \"bjensen\"\n"));
}
