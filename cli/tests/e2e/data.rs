//! "Same answer everywhere": the CLI's JSON output on every case of the
//! shared data under `tests/data/` equals what the core returns for the same
//! input. Documents (with every mutation), identity-provider detection, and
//! expressions live here; filters and PATCH in their own modules.

use scimkit::detect::{ExplainOptions, explain};
use scimkit::mapping::{Environment, entra, okta};
use scimkit::schema::Registry;
use scimkit::validate::{Context, ValidateOptions, Validator};
use scimkit_conformance::{Case, run_all};
use serde_json::{Value, json};

use crate::{Dir, document_text, same_as_core, scimkit, stdout, stdout_json};

/// The CLI arguments that say what a document case validates as.
fn document_args(case: &Case) -> Vec<String> {
    let mut args = vec![
        "validate".to_string(),
        "--format".into(),
        "json".into(),
        "--context".into(),
        case.str("context").to_string(),
    ];
    if let Some(rt) = case.get("resourceType").as_str() {
        args.extend(["--resource-type".into(), rt.to_string()]);
    }
    if case.get("lenient").as_bool() == Some(true) {
        args.push("--lenient".into());
    }
    if let Some(profile) = case.get("profile").as_str() {
        args.extend(["--profile".into(), profile.to_string()]);
    }
    args
}

/// What the core says about `text` for `case`.
fn core_report(validator: &Validator, case: &Case, text: &str) -> Value {
    let context = Context::from_name(case.str("context")).unwrap();
    let mut options = ValidateOptions::new(context);
    options.resource_type = case.get("resourceType").as_str();
    options.lenient = case.get("lenient").as_bool().unwrap_or(false);
    options.profile = case
        .get("profile")
        .as_str()
        .map(|p| scimkit::profile::find_builtin(p).unwrap());
    serde_json::to_value(validator.validate(text, &options)).unwrap()
}

#[test]
fn validate_json_equals_the_core_on_every_document_case_and_mutation() {
    let validator = Validator::new(Registry::builtin());
    let dir = Dir::new();
    let mut mutations = 0;
    let cases = run_all("documents", |case| {
        let mut problems = Vec::new();
        let text = document_text(case);
        // The document as a file …
        let file = dir.write("case.json", &text);
        let want = core_report(&validator, case, &text);
        let code = if want["valid"] == json!(true) { 0 } else { 1 };
        let mut cmd = scimkit();
        cmd.args(document_args(case)).arg(&file);
        if let Err(problem) = same_as_core(&mut cmd, &want, code) {
            problems.push(format!("document: {problem}"));
        }
        // … and each mutation on standard input.
        for (i, _, text) in scimkit_conformance::mutations(case) {
            mutations += 1;
            let out = scimkit()
                .args(document_args(case))
                .arg("-")
                .write_stdin(text.clone())
                .output()
                .unwrap();
            let want = core_report(&validator, case, &text);
            let got = stdout_json(&out);
            if got != want {
                problems.push(format!("mutation {i}: CLI {got}\ncore {want}"));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n"))
        }
    });
    assert!(
        cases >= 50 && mutations >= 200,
        "{cases} cases, {mutations} mutations"
    );
}

#[test]
fn several_document_cases_in_one_run_give_the_array_of_core_reports() {
    // Every response-context case in one invocation: the JSON array shape.
    let validator = Validator::new(Registry::builtin());
    let dir = Dir::new();
    let cases: Vec<Case> = scimkit_conformance::cases("documents")
        .into_iter()
        .filter(|c| {
            c.str("context") == "response"
                && c.get("lenient").is_null()
                && c.get("profile").is_null()
                && c.get("resourceType").is_string()
        })
        .collect();
    assert!(cases.len() >= 5, "{} response cases", cases.len());
    let mut args = vec![
        "validate".to_string(),
        "--format".into(),
        "json".into(),
        "--context".into(),
        "response".into(),
    ];
    let mut want = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let text = document_text(case);
        let file = dir.write(&format!("{i}.json"), &text);
        args.push(file.display().to_string());
        // The resource type comes from `schemas` here, as the CLI detects it.
        let report = validator.validate(&text, &ValidateOptions::new(Context::Response));
        want.push(json!({"file": file.display().to_string(), "report": report}));
    }
    let out = scimkit().args(&args).output().unwrap();
    assert_eq!(stdout_json(&out), Value::Array(want));
}

#[test]
fn explain_json_equals_the_core_on_every_quirk_case() {
    let dir = Dir::new();
    run_all("quirks", |case| {
        let mut builder = Registry::builder();
        let mut args = vec!["explain".to_string(), "--format".into(), "json".into()];
        if let Some(schemas) = case.data.get("schemas") {
            builder.add_json(&schemas.to_string());
            let file = dir.json("schemas.json", schemas);
            args.extend(["--schemas".into(), file.display().to_string()]);
        }
        let (registry, _) = builder.build();
        let (text, filter) = match case.get("input") {
            Value::String(s) => (s.clone(), true),
            other => (serde_json::to_string_pretty(other).unwrap(), false),
        };
        if filter {
            args.push("--filter".into());
        }
        if let Some(c) = case.get("context").as_str() {
            args.extend(["--context".into(), c.to_string()]);
        }
        if let Some(rt) = case.get("resourceType").as_str() {
            args.extend(["--resource-type".into(), rt.to_string()]);
        }
        // A case with a resource explains the PATCH applied to it (`--resource`).
        let target = case.data.get("apply").map(|a| a["resource"].to_string());
        if let Some(resource) = case.data.get("apply").map(|a| &a["resource"]) {
            let file = dir.json("resource.json", resource);
            args.extend(["--resource".into(), file.display().to_string()]);
        }
        let options = ExplainOptions {
            filter: Some(filter),
            context: case.get("context").as_str().and_then(Context::from_name),
            resource_type: case.get("resourceType").as_str(),
            target: target.as_deref(),
        };
        let want = serde_json::to_value(explain(&registry, &text, &options)).unwrap();
        let code = if want["dialectVerdict"]["valid"] == json!(true) {
            0
        } else {
            1
        };
        same_as_core(scimkit().args(&args).write_stdin(text), &want, code)
    });
}

/// The environment arguments of an expression case.
fn environment(case: &Case) -> (Environment, Vec<String>) {
    let mut env = Environment::default();
    let mut args = Vec::new();
    let now = case.get("now").as_str().unwrap_or("2026-01-01T00:00:00Z");
    env.now = scimkit::datetime::parse_datetime(now).unwrap();
    args.extend(["--now".to_string(), now.to_string()]);
    if let Some(seed) = case.get("seed").as_u64() {
        env.seed = seed;
        args.extend(["--seed".to_string(), seed.to_string()]);
    }
    (env, args)
}

#[test]
fn expr_eval_equals_the_core_on_every_expression_case() {
    let dir = Dir::new();
    let mut run = 0;
    run_all("expressions", |case| {
        let Some(expression) = case.get("expression").as_str() else {
            return Ok(()); // username templates are not a CLI command
        };
        run += 1;
        let okta_file = case
            .file
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("okta");
        let (env, env_args) = environment(case);
        let user = case.get("user");
        // What the core gives: the value (null when omitted) or the failing report.
        let want: Result<(Value, bool), Value> = if okta_file {
            okta::evaluate(expression, user, &env)
                .map(|e| (e.value.to_json(), false))
                .map_err(|r| serde_json::to_value(r).unwrap())
        } else {
            entra::evaluate(expression, user, &env)
                .map(|o| match o {
                    entra::Outcome::Value(v) => (v.to_json(), false),
                    entra::Outcome::Omitted => (Value::Null, true),
                })
                .map_err(|r| serde_json::to_value(r).unwrap())
        };
        let file = dir.json("user.json", user);
        let language = if okta_file { "okta" } else { "entra" };
        let out = scimkit()
            .args(["expr", "eval", "--format", "json", "--language", language])
            .args(&env_args)
            .arg(expression)
            .arg(&file)
            .output()
            .unwrap();
        let got = stdout_json(&out);
        match want {
            Ok((value, omitted)) => {
                if got["value"] != value || got["omitted"] != json!(omitted) {
                    return Err(format!("CLI {got}\ncore value {value}, omitted {omitted}"));
                }
                if out.status.code() != Some(0) {
                    return Err(format!("exit {:?}", out.status.code()));
                }
                // Human output: the warnings (and whether the value is
                // omitted) first, then the value as JSON, all on stdout.
                let human = scimkit()
                    .args(["expr", "eval", "--language", language])
                    .args(&env_args)
                    .arg(expression)
                    .arg(&file)
                    .output()
                    .unwrap();
                let printed = stdout(&human);
                let value_text = format!("{}\n", serde_json::to_string_pretty(&value).unwrap());
                if !printed.ends_with(&value_text) || !human.stderr.is_empty() {
                    return Err(format!("human output {printed:?}, core {value_text:?}"));
                }
                if printed.lines().any(|l| l.starts_with("omitted: ")) != omitted {
                    return Err(format!("omitted {omitted}, human output {printed:?}"));
                }
            }
            Err(report) => {
                if got["report"] != report || out.status.code() != Some(1) {
                    return Err(format!(
                        "exit {:?}, CLI {got}\ncore report {report}",
                        out.status.code()
                    ));
                }
            }
        }
        Ok(())
    });
    assert!(run >= 100, "{run} expression cases through the CLI");
}
