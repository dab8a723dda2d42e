//! Unit tests for the Okta evaluator and checker (the documented vectors
//! live in tests/data/expressions/okta.json).

use serde_json::json;

use super::*;
use crate::diagnostics::Code;

fn val(text: &str, user: Json) -> Json {
    evaluate(text, &user, &Environment::default())
        .unwrap_or_else(|r| panic!("{text}: {r:?}"))
        .value
        .to_json()
}

fn codes(text: &str) -> Vec<(Code, usize, usize)> {
    crate::mapping::language::spans(&check(text))
}

fn first_code(text: &str) -> Code {
    codes(text)[0].0
}

#[test]
fn operators_and_types() {
    let u = json!({"a": 3, "b": 2.5, "s": "x", "t": true, "arr": ["p", "q"]});
    assert_eq!(val("user.a + 1", u.clone()), json!(4));
    assert_eq!(val("user.a + user.b", u.clone()), json!(5.5));
    assert_eq!(val("user.a + 'x'", u.clone()), json!("3x"));
    assert_eq!(val("user.a - 5", u.clone()), json!(-2));
    assert_eq!(val("user.a == 3.0", u.clone()), json!(true));
    assert_eq!(
        val("user.s != 'x' || user.t && !false", u.clone()),
        json!(true)
    );
    assert_eq!(val("user.a > 2 AND user.s < 'y'", u.clone()), json!(true));
    assert_eq!(val("user.missing == null", u.clone()), json!(true));
    assert_eq!(
        val(
            "user.a > 5 ? 'big' : user.a > 2 ? 'mid' : 'small'",
            u.clone()
        ),
        json!("mid")
    );
    assert_eq!(val("user.arr", u.clone()), json!(["p", "q"]));
    let d = evaluate("user.s ? 1 : 2", &u, &Environment::default()).unwrap_err();
    assert_eq!(d.diagnostics[0].code, Code::ExprEvaluation);
    assert_eq!(
        d.diagnostics[0].span.map(|s| (s.start, s.end)),
        Some((0, 6))
    );
    assert!(evaluate("user.s AND true", &u, &Environment::default()).is_err());
}

#[test]
fn null_concatenation_warns() {
    let r = evaluate(
        "user.firstName + ' ' + user.middleName",
        &json!({"firstName": "A"}),
        &Environment::default(),
    )
    .unwrap();
    assert_eq!(r.value, Value::string("A null"));
    assert_eq!(r.warnings.len(), 1);
    assert_eq!(r.warnings[0].span.map(|s| (s.start, s.end)), Some((23, 38)));
}

#[test]
fn string_function_edges() {
    let u = json!({"e": "abc@okta.com"});
    assert_eq!(
        val("String.substringBefore(user.e, '#')", u.clone()),
        json!("abc@okta.com")
    );
    assert_eq!(
        val("String.substringAfter(user.e, '#')", u.clone()),
        json!("")
    );
    assert_eq!(
        val("String.substringAfter(user.e, '@')", u.clone()),
        json!("okta.com")
    );
    assert_eq!(val("String.toUpperCase(user.none)", u.clone()), json!(null));
    assert_eq!(val("String.len(user.none)", u.clone()), json!(0));
    assert_eq!(
        val("String.replace('a.b.c', '\\.', '-')", u.clone()),
        json!("a-b-c")
    );
    assert_eq!(
        val("String.replaceFirst('aaa', 'a', 'b')", u.clone()),
        json!("baa")
    );
    assert_eq!(
        val(
            "String.replace('John Smith', '(\\w+) (\\w+)', '$2, $1')",
            u.clone()
        ),
        json!("Smith, John")
    );
    assert_eq!(
        val("String.join('-', {'a', 'b'}, 'c')", u.clone()),
        json!("a-b-c")
    );
    assert!(evaluate("String.substring('abc', 2, 9)", &u, &Environment::default()).is_err());
    assert_eq!(val("'it''s'", u), json!("it's"));
}

#[test]
fn arrays_and_conversions() {
    let u = json!({"groups": ["a", "b"]});
    assert_eq!(
        val("Arrays.add(user.groups, 'c')", u.clone()),
        json!(["a", "b", "c"])
    );
    assert_eq!(
        val("Arrays.remove(user.groups, 'a')", u.clone()),
        json!(["b"])
    );
    assert_eq!(val("Arrays.clear(user.groups)", u.clone()), json!([]));
    assert_eq!(val("Arrays.get(user.groups, 1)", u.clone()), json!("b"));
    assert_eq!(val("Arrays.get(user.groups, 5)", u.clone()), json!(null));
    assert_eq!(
        val("Arrays.flatten(10, {20, {30}}, user.groups)", u.clone()),
        json!([10, 20, 30, "a", "b"])
    );
    assert_eq!(val("Arrays.contains({10, 20}, 20)", u.clone()), json!(true));
    assert_eq!(val("Arrays.size({10, 20, 30})", u.clone()), json!(3));
    assert_eq!(val("Convert.toInt('1234')", u.clone()), json!(1234));
    assert_eq!(val("Convert.toInt(123.5)", u.clone()), json!(124));
    assert_eq!(val("Convert.toInt(123.4)", u.clone()), json!(123));
    assert_eq!(val("Convert.toNum('3.5')", u.clone()), json!(3.5));
    assert_eq!(
        val("Iso3166Convert.toNumeric('US')", u.clone()),
        json!("840")
    );
    assert_eq!(val("Iso3166Convert.toName('XX')", u), json!(null));
}

#[test]
fn time_uses_the_injected_clock() {
    let env = Environment::default();
    let now = |t: &str| evaluate(t, &json!({}), &env).unwrap().value;
    assert_eq!(now("Time.now()"), Value::string("2026-01-01T00:00:00.000Z"));
    assert_eq!(
        now("Time.now('+05:30')"),
        Value::string("2026-01-01T05:30:00.000+05:30")
    );
    assert_eq!(
        now("Time.now('UTC', 'yyyy-MM-dd HH:mm:ss')"),
        Value::string("2026-01-01 00:00:00")
    );
    assert_eq!(
        now("Time.fromUnixToIso8601(0)"),
        Value::string("1970-01-01T00:00:00Z")
    );
    assert_eq!(
        now("Time.fromIso8601ToUnix('1970-01-02T00:00:00Z')"),
        Value::string("86400")
    );
    assert!(
        evaluate(
            "Time.fromIso8601ToWindows('999999-01-01T00:00:00Z')",
            &json!({}),
            &env
        )
        .is_err()
    );
    assert_eq!(
        now("Time.fromIso8601ToWindows('1601-01-01T00:00:00Z')"),
        Value::string("0")
    );
    let err = evaluate("Time.now('America/New_York')", &json!({}), &env).unwrap_err();
    assert_eq!(err.diagnostics[0].code, Code::ExprUnsupported);
}

#[test]
fn checks() {
    assert_eq!(
        codes("appuser.firstName"),
        vec![(Code::ExprUnsupported, 0, 17)]
    );
    assert_eq!(first_code("org.name"), Code::ExprUnsupported);
    assert_eq!(
        first_code("active_directory.managerUpn"),
        Code::ExprUnsupported
    );
    assert_eq!(
        codes("getManagerUser('active_directory').lastName").len(),
        2
    );
    assert_eq!(
        first_code("user.getLinkedObject('manager').lastName"),
        Code::ExprUnsupported
    );
    assert_eq!(
        first_code("isMemberOfGroupName('x') ? 'a' : 'b'"),
        Code::ExprUnsupported
    );
    assert_eq!(first_code("firstName"), Code::ExprSyntax);
    let report = check("String.toUppercase(user.a)");
    assert_eq!(report.diagnostics[0].code, Code::ExprUnknownFunction);
    assert!(report.diagnostics[0].message.contains("String.toUpperCase"));
    assert_eq!(first_code("String.append('a')"), Code::ExprArity);
    assert_eq!(
        first_code("String.stringSwitch('a', 'b', 'c')"),
        Code::ExprArity
    );
    assert_eq!(
        codes("String.substring('abc', '1', 2)"),
        vec![(Code::ExprArgumentType, 24, 27)]
    );
    assert_eq!(first_code("Arrays.size('abc')"), Code::ExprArgumentType);
    assert_eq!(
        first_code("Arrays.size(user.a) > 1 ? 'x' : 'y'"),
        Code::ExprArgumentType
    );
    assert!(codes("user.a == null ? 'x' : String.toLowerCase(user.a)").is_empty());
}

#[test]
fn references_and_display() {
    let expr =
        Expression::parse("toUpperCase(user.a) + String.append(source.b, appuser.c)").unwrap();
    let attrs: Vec<(String, String, usize)> = expr
        .attributes()
        .into_iter()
        .map(|a| (a.object, a.name, a.range.start))
        .collect();
    assert_eq!(
        attrs,
        vec![
            ("user".into(), "a".into(), 12),
            ("source".into(), "b".into(), 36),
            ("appuser".into(), "c".into(), 46)
        ]
    );
    assert_eq!(
        crate::mapping::language::called(&expr),
        vec![("toUpperCase".into(), true), ("String.append".into(), true)]
    );
    assert_eq!(
        expr.to_string(),
        "toUpperCase(user.a) + String.append(source.b, appuser.c)"
    );
    let e = Expression::parse("(user.a=='x')&&user.b||!user.c ? 'it''s' : null").unwrap();
    assert_eq!(
        e.to_string(),
        "user.a == \"x\" AND user.b OR !user.c ? \"it's\" : null"
    );
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn on_token_soup(parts in proptest::collection::vec(prop_oneof![
            Just("String.substring("), Just("String.replace("), Just("Arrays.flatten("), Just("Arrays.get("),
            Just("Convert.toInt("), Just("Time.now("), Just("Iso3166Convert.toName("), Just("String.stringSwitch("),
            Just(")"), Just(","), Just("{"), Just("}"), Just("user.a"), Just("user.n"), Just("appuser.x"),
            Just("'x'"), Just("\"(\""), Just("-1"), Just("2.5"), Just("+"), Just("-"), Just("=="), Just("<"),
            Just("&&"), Just("OR"), Just("!"), Just("?"), Just(":"), Just("("), Just("null"), Just("'"), Just(".")
        ], 0..24)) {
            let text = parts.concat();
            let user = json!({"a": "Zoë", "n": 9_223_372_036_854_775_807i64});
            if let Ok(expr) = Expression::parse(&text) {
                let _ = expr.check();
                let _ = expr.evaluate(&user, &Environment::default());
                let _ = expr.to_string();
            }
        }
    }
}
