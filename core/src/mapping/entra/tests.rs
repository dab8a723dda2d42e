//! Unit tests for the Entra evaluator and checker: the edge cases
//! docs/idp-facts.md lists (the documented vectors live in tests/data/expressions).

use serde_json::json;

use super::*;
use crate::diagnostics::{Code, Diagnostic};

fn run(text: &str, user: Json) -> Outcome {
    evaluate(text, &user, &Environment::default()).unwrap_or_else(|r| panic!("{text}: {r:?}"))
}

fn val(text: &str, user: Json) -> Json {
    match run(text, user) {
        Outcome::Value(v) => v.to_json(),
        Outcome::Omitted => json!("<omitted>"),
    }
}

fn codes(text: &str) -> Vec<(Code, usize, usize)> {
    crate::mapping::language::spans(&check(text))
}

fn first_code(text: &str) -> Code {
    codes(text)[0].0
}

fn eval_error(text: &str, user: Json) -> Diagnostic {
    match evaluate(text, &user, &Environment::default()) {
        Err(r) => r.diagnostics[0].clone(),
        Ok(o) => panic!("{text} evaluated to {o:?}"),
    }
}

#[test]
fn left_mid_word_item_edges() {
    let u = json!({});
    assert_eq!(val(r#"Left("John Doe", -1)"#, u.clone()), json!("John Doe"));
    assert_eq!(val(r#"Left("John Doe", 0)"#, u.clone()), json!(""));
    assert_eq!(val(r#"Left("John", 10)"#, u.clone()), json!("John"));
    assert_eq!(val(r#"Left([missing], 3)"#, u.clone()), json!(""));
    assert_eq!(val(r#"Mid("John", 3, 10)"#, u.clone()), json!("hn"));
    assert_eq!(val(r#"Mid("John", 9, 1)"#, u.clone()), json!(""));
    assert_eq!(val(r#"Word("a b c", 4, " ")"#, u.clone()), json!(""));
    assert_eq!(val(r#"Word("a b c", 0, " ")"#, u.clone()), json!(""));
    assert_eq!(val(r#"Word([missing], 1, " ")"#, u.clone()), json!(""));
    let p = json!({"proxyAddresses": ["SMTP:a@x", "smtp:b@x"]});
    assert_eq!(
        val("Item([proxyAddresses], 1)", p.clone()),
        json!("SMTP:a@x")
    );
    assert_eq!(val("Item([proxyAddresses], 3)", p.clone()), json!(null));
    assert_eq!(val("Count([proxyAddresses])", p.clone()), json!("2"));
    assert_eq!(val("Count([missing])", p), json!("0"));
    assert_eq!(
        first_code("Item([proxyAddresses], 0)"),
        Code::ExprArgumentType
    );
}

#[test]
fn join_coalesce_switch_instr() {
    let u = json!({"givenName": "John", "surname": "Doe", "empty": ""});
    assert_eq!(
        val(r#"Join(", ", "", [surname], [givenName])"#, u.clone()),
        json!("Doe, John")
    );
    assert_eq!(
        val(r#"Join(", ", [missing], [empty], [surname])"#, u.clone()),
        json!("Doe")
    );
    assert_eq!(
        val(r#"Coalesce([missing], [surname])"#, u.clone()),
        json!("Doe")
    );
    assert_eq!(val(r#"Coalesce([empty], [surname])"#, u.clone()), json!(""));
    assert_eq!(
        val(r#"Coalesce([missing], [other])"#, u.clone()),
        json!(null)
    );
    assert_eq!(
        val(r#"Switch([surname], "default", "X", "1")"#, u.clone()),
        json!("default")
    );
    assert_eq!(
        val(r#"Switch([surname], , "X", "1")"#, u.clone()),
        json!(null)
    );
    assert_eq!(
        val(r#"Switch([missing], "d", "", "empty")"#, u.clone()),
        json!("empty")
    );
    assert_eq!(
        val(r#"InStr("The quick brown fox", "slow")"#, u.clone()),
        json!("0")
    );
    assert_eq!(val(r#"InStr("abcabc", "c", 4)"#, u.clone()), json!("6"));
    assert_eq!(
        val(r#"InStr("ABC", "b", 1, vbTextCompare)"#, u.clone()),
        json!("2")
    );
    assert_eq!(
        val(r#"InStr("ABC", "b", 1, vbBinaryCompare)"#, u),
        json!("0")
    );
}

#[test]
fn predicates_and_booleans() {
    let u = json!({"a": "", "b": "x", "enabled": false, "n": 5});
    for (text, expected) in [
        ("IsNull([missing])", "True"),
        ("IsNull([a])", "False"),
        ("IsNullOrEmpty([a])", "True"),
        ("IsPresent([a])", "False"),
        ("IsPresent([b])", "True"),
        ("IsString([b])", "True"),
        ("IsString([missing])", "False"),
        ("Not(\"True\")", "False"),
        ("Not(\"anything\")", "True"),
        ("CBool([n] = 5)", "True"),
        ("CBool([b] <> \"x\")", "False"),
        ("CBool(\"0\")", "False"),
        ("CStr([enabled])", "False"),
        ("IIF([n] > 3, \"big\", \"small\")", "big"),
        ("IIF([n] <= 3, \"big\", \"small\")", "small"),
    ] {
        assert_eq!(val(text, u.clone()), json!(expected), "{text}");
    }
    let d = eval_error(r#"IIF([a] = "", "Other", [a])"#, u);
    assert_eq!(d.code, Code::ExprEvaluation);
    assert_eq!(d.span.map(|s| (s.start, s.end)), Some((4, 7)));
    assert!(d.help.unwrap_or_default().contains("Switch"));
}

#[test]
fn is_soft_deleted_is_computed() {
    let expr = r#"Switch([IsSoftDeleted], , "False", "True", "True", "False")"#;
    assert_eq!(val(expr, json!({})), json!("True"));
    assert_eq!(val(expr, json!({"accountEnabled": false})), json!("False"));
    assert_eq!(val(expr, json!({"isSoftDeleted": true})), json!("False"));
}

#[test]
fn lookup_is_case_insensitive_exact_first() {
    assert_eq!(
        val("[UserPrincipalName]", json!({"userPrincipalName": "a"})),
        json!("a")
    );
    assert_eq!(
        val("[Mail]", json!({"mail": "lower", "Mail": "exact"})),
        json!("exact")
    );
    assert_eq!(
        val(
            "[extension_abc_costCenter]",
            json!({"extension_abc_costCenter": 42})
        ),
        json!("42")
    );
}

#[test]
fn multi_valued_functions() {
    let u = json!({"p": ["A", "b", "A", ""], "roles": ["Admin", {"value": "25", "displayName": "Role1234"}]});
    assert_eq!(val("ToLower([p])", u.clone()), json!(["a", "b", "a", ""]));
    assert_eq!(
        val("RemoveDuplicates([p])", u.clone()),
        json!(["A", "b", ""])
    );
    assert_eq!(
        val(r#"Split("a,b,,c", ",")"#, u.clone()),
        json!(["a", "b", "", "c"])
    );
    assert_eq!(val(r#"Split("a, b", ",")"#, u.clone()), json!(["a", " b"]));
    assert_eq!(
        val("SingleAppRoleAssignment([roles])", u.clone()),
        json!("Admin")
    );
    let complex = val("AppRoleAssignmentsComplex([roles])", u);
    let second: Json = serde_json::from_str(complex[1].as_str().unwrap()).unwrap();
    assert_eq!(
        second,
        json!({"primary": false, "type": "WindowsAzureActiveDirectoryRole", "display": "Role1234", "value": "25"})
    );
}

#[test]
fn replace_modes() {
    let u = json!({"mail": "john.doe@contoso.com", "upn": "a.b@x.com"});
    assert_eq!(
        val(r#"Replace("x", "x", , , , , "Hello x!")"#, u.clone()),
        json!("Hello x!")
    );
    assert_eq!(
        val(
            r#"Replace([upn], "{user}", , , , , "name: {user}")"#,
            u.clone()
        ),
        json!("name: a.b@x.com")
    );
    assert_eq!(
        val(
            r#"Replace([mail], , "(\\w+)\\.(\\w+)@", , "$2.$1@", , )"#,
            u.clone()
        ),
        json!("doe.john@contoso.com")
    );
    assert_eq!(
        val(r#"Replace([missing], "a", , , "b", , )"#, u.clone()),
        json!(null)
    );
    // Fact sheet §6: the doc's claimed "19998887777" is wrong; the class has no `+`.
    let phone = json!({"mobile": "+1 (999) 888-7777"});
    assert_eq!(
        val(r#"Replace([mobile], , "[()\\s-]+", , "", , )"#, phone),
        json!("+19998887777")
    );
    // Invalid regex: an evaluation error with the pattern's span, at check time
    // for a literal and at evaluation time for a computed pattern.
    assert_eq!(
        codes(r#"Replace([mail], , "(a", , "", , )"#),
        vec![(Code::ExprEvaluation, 18, 22)]
    );
    let d = eval_error(
        r#"Replace([mail], , Append("(", "a"), , "", , )"#,
        u.clone(),
    );
    assert_eq!(
        (d.code, d.span.map(|s| s.start)),
        (Code::ExprEvaluation, Some(18))
    );
    assert_eq!(
        first_code(r#"Replace([mail], , , , "", , )"#),
        Code::ExprArgumentType
    );
    assert_eq!(
        codes(r#"Replace([mail], , "(?<a>x)", "b", "", , )"#)[0].0,
        Code::ExprArgumentType
    );
    assert!(codes(r#"Replace([mail], "a", , , "b", , )"#).is_empty());
}

#[test]
fn ignore_flow_and_lazy_branches() {
    assert_eq!(
        run("IgnoreFlowIfNullOrEmpty([missing])", json!({})),
        Outcome::Omitted
    );
    assert_eq!(
        run(r#"IgnoreFlowIfNullOrEmpty("")"#, json!({})),
        Outcome::Omitted
    );
    assert_eq!(
        val(r#"IgnoreFlowIfNullOrEmpty("x")"#, json!({})),
        json!("x")
    );
    assert_eq!(
        val(
            r#"IIF("1" = "1", "kept", IgnoreFlowIfNullOrEmpty([missing]))"#,
            json!({})
        ),
        json!("kept")
    );
}

#[test]
fn deterministic_functions_use_the_environment() {
    let env = Environment::default().with_seed(42);
    let a = Expression::parse("Join(\"|\", Guid(), RandomString(12, 2, 2, 2, 2, \"0O\"), Now())")
        .unwrap();
    let first = a.evaluate(&json!({}), &env).unwrap();
    assert_eq!(first, a.evaluate(&json!({}), &env).unwrap());
    let Outcome::Value(Value::String(s)) = first else {
        panic!()
    };
    let parts: Vec<&str> = s.split('|').collect();
    assert_eq!(parts[0].len(), 36);
    assert_eq!(parts[0].as_bytes()[14], b'4');
    assert_eq!(parts[1].chars().count(), 12);
    assert!(!parts[1].contains('0') && !parts[1].contains('O'));
    assert!(parts[1].chars().filter(char::is_ascii_digit).count() >= 2);
    assert_eq!(parts[2], "1/1/2026 12:00:00 AM");
    let other = a.evaluate(&json!({}), &env.with_seed(43)).unwrap();
    assert_ne!(other, a.evaluate(&json!({}), &env).unwrap());
    assert_eq!(
        first_code("RandomString(4, 2, 2, 2, 2)"),
        Code::ExprArgumentType
    );
    assert_eq!(
        first_code("RandomString(300, 0, 0, 0, 0)"),
        Code::ExprArgumentType
    );
    let huge = "RandomString(8, 9223372036854775807, 9223372036854775807, 9223372036854775807, 1)";
    assert_eq!(first_code(huge), Code::ExprArgumentType);
    let computed = "RandomString(8, [n], [n], [n], [n])";
    let d = eval_error(computed, json!({"n": "9223372036854775807"}));
    assert_eq!(d.code, Code::ExprEvaluation);
}

#[test]
fn check_unknown_and_arity() {
    let report = check("toLower([mail])");
    let d = &report.diagnostics[0];
    assert_eq!(d.code, Code::ExprUnknownFunction);
    assert!(
        d.message.contains("case-sensitive; did you mean `ToLower`"),
        "{}",
        d.message
    );
    assert_eq!(d.span.map(|s| (s.start, s.end)), Some((0, 7)));
    let report = check("Appnd([a], \"x\")");
    assert!(
        report.diagnostics[0]
            .message
            .contains("did you mean `Append`")
    );
    let report = check("Left([a])");
    assert_eq!(report.diagnostics[0].code, Code::ExprArity);
    assert!(
        report.diagnostics[0]
            .message
            .contains("Left(string, numChars)")
    );
    assert_eq!(first_code(r#"Switch([a], "d", "k")"#), Code::ExprArity);
    assert!(codes(r#"Switch([a], , "k", "v")"#).is_empty());
    assert_eq!(first_code("Guid(1)"), Code::ExprArity);
    // Several independent problems are all reported.
    assert_eq!(
        codes(r#"Join(toLower([a]), Left([b]), DateAdd("q", 1, Now()))"#).len(),
        3
    );
}

#[test]
fn check_argument_types() {
    assert_eq!(
        codes(r#"Left([a], "three")"#),
        vec![(Code::ExprArgumentType, 10, 17)]
    );
    assert!(codes(r#"Left([a], "3")"#).is_empty());
    assert_eq!(
        codes(r#"DateAdd("q", 1, Now())"#)[0].0,
        Code::ExprArgumentType
    );
    assert_eq!(
        codes(r#"DateAdd(1, 1, Now())"#)[0].0,
        Code::ExprArgumentType
    );
    assert_eq!(
        first_code(r#"InStr("a", "b", 1, "vbTextCompare")"#),
        Code::ExprArgumentType
    );
    assert_eq!(
        first_code(r#"Join(vbTextCompare, "a")"#),
        Code::ExprArgumentType
    );
    assert_eq!(
        first_code(r#"Join(" ", [a] = [b])"#),
        Code::ExprArgumentType
    );
    assert_eq!(first_code("[a] = [b]"), Code::ExprArgumentType);
    assert_eq!(first_code("Left([a], )"), Code::ExprArgumentType);
}

#[test]
fn evaluation_errors_are_positioned() {
    let d = eval_error(r#"DateAdd("d", 1, [hired])"#, json!({"hired": "someday"}));
    assert_eq!(d.code, Code::ExprEvaluation);
    assert_eq!(d.span.map(|s| (s.start, s.end)), Some((16, 23)));
    let d = eval_error(r#"Left("abc", [n])"#, json!({"n": "x"}));
    assert_eq!(d.span.map(|s| s.start), Some(12));
    let d = eval_error(
        r#"FormatDateTime([d], , "yyyyMMdd", "yyyy")"#,
        json!({"d": "2020-01-01"}),
    );
    assert!(d.message.contains("does not match the format"));
}

#[test]
fn canonical_display_and_references() {
    let expr = Expression::parse("Replace( [x] ,,\"a\\\\b\\\"\",\n, \"\",  , )").unwrap();
    assert_eq!(expr.to_string(), r#"Replace([x], , "a\\b\"", , "", , )"#);
    let again = Expression::parse(&expr.to_string()).unwrap();
    assert_eq!(again.to_string(), expr.to_string());
    let expr = Expression::parse("IIF([a]>=&HF, toLower([b]), Join(\"\", [a], -3))").unwrap();
    assert_eq!(
        expr.to_string(),
        "IIF([a] >= &HF, toLower([b]), Join(\"\", [a], -3))"
    );
    let attrs: Vec<(String, usize)> = expr
        .attributes()
        .into_iter()
        .map(|a| (a.name, a.range.start))
        .collect();
    assert_eq!(
        attrs,
        vec![("a".into(), 4), ("b".into(), 22), ("a".into(), 37)]
    );
    assert_eq!(
        crate::mapping::language::called(&expr),
        vec![
            ("IIF".into(), true),
            ("toLower".into(), false),
            ("Join".into(), true)
        ]
    );
}

#[test]
fn every_documented_function_evaluates() {
    for f in FUNCTIONS {
        let args: Vec<&str> = (0..f.min_args)
            .map(|i| match f.param(i).map(|p| p.1) {
                Some(ParamKind::Number) => "1",
                Some(ParamKind::Interval) => "\"d\"",
                Some(ParamKind::Condition) => "\"1\" = \"1\"",
                _ if f.name == "Replace" && i == 1 => "\"a\"",
                _ if f.name.starts_with("Date") || f.name == "NumFromDate" || f.name == "CDate" => {
                    "\"2020-01-01\""
                }
                _ if f.name == "FormatDateTime" && i == 2 => "\"yyyy-MM-dd\"",
                _ => "\"a\"",
            })
            .collect();
        let text = format!("{}({})", f.name, args.join(", "))
            .replace("RandomString(1,", "RandomString(8,");
        let text = if f.name == "Replace" {
            r#"Replace("a", "a", , , "b", , )"#.to_string()
        } else {
            text
        };
        let text = if f.name == "FormatDateTime" {
            "FormatDateTime(\"2020-01-01\", , \"yyyy-MM-dd\", \"d\")".to_string()
        } else {
            text
        };
        assert!(check(&text).valid, "{text}: {:?}", check(&text));
        assert!(
            evaluate(&text, &json!({}), &Environment::default()).is_ok(),
            "{text}"
        );
    }
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn on_token_soup(parts in proptest::collection::vec(prop_oneof![
            Just("Replace("), Just("Switch("), Just("IIF("), Just("Left("), Just("Mid("), Just("DateAdd("),
            Just("FormatDateTime("), Just("Join("), Just("Word("), Just("RandomString("), Just("CDate("),
            Just("InStr("), Just("Item("), Just("toLower("), Just(")"), Just(","), Just(", ,"), Just("[a]"),
            Just("[n]"), Just("\"d\""), Just("\"(?<g>x)\""), Just("\"yyyy\""), Just("-3"), Just("0"), Just("&HFF"),
            Just("="), Just("<>"), Just("vbTextCompare"), Just("\"\\\\\""), Just("\""), Just("["), Just("ë")
        ], 0..24)) {
            let text = parts.concat();
            let user = json!({"a": "Zoë Doe", "n": "2", "d": "2020-01-01"});
            if let Ok(expr) = Expression::parse(&text) {
                let _ = expr.check();
                let _ = expr.evaluate(&user, &Environment::default());
                let _ = expr.to_string();
            }
        }
    }
}

mod bounded_output {
    use super::*;
    use crate::limits::MAX_EXPRESSION_VALUE_BYTES;
    use proptest::prelude::*;

    /// Expressions that grow their input: each level is one of the functions
    /// that repeat text, around the level below.
    fn growing() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![Just("[big]".to_string()), Just("\"aaaa\"".to_string())];
        leaf.prop_recursive(12, 64, 4, |inner| {
            prop_oneof![
                inner
                    .clone()
                    .prop_map(|e| format!(r#"Replace({e}, "a", , , "aaaaaaaa", , )"#)),
                inner
                    .clone()
                    .prop_map(|e| format!(r#"Replace({e}, , "(a)", , "$1$1$1$_", , )"#)),
                (inner.clone(), inner.clone())
                    .prop_map(|(a, b)| format!(r#"Join({a}, {b}, {b}, {b})"#)),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("Append({a}, {b})")),
                inner.clone().prop_map(|e| format!("Split({e}, \"a\")")),
                inner.prop_map(|e| format!("ToUpper({e})")),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// Every value is under the limit, or the evaluation stops with the limit's code.
        #[test]
        fn values_never_pass_the_limit(text in growing()) {
            let user = json!({"big": "a".repeat(2000)});
            let Ok(expr) = Expression::parse(&text) else { return Ok(()) };
            match expr.evaluate(&user, &Environment::default()) {
                Ok(Outcome::Value(v)) => {
                    let bytes: usize = v.texts().iter().map(String::len).sum();
                    prop_assert!(bytes <= MAX_EXPRESSION_VALUE_BYTES);
                }
                Ok(Outcome::Omitted) => {}
                Err(report) => prop_assert!(
                    report.diagnostics.iter().any(|d| d.code == Code::LimitExpressionOutput
                        || d.code == Code::LimitExpression
                        || d.code == Code::ExprEvaluation),
                    "{report:#?}"
                ),
            }
        }
    }
}
