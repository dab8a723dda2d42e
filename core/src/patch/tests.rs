//! PATCH internals and properties; behaviour cases live as data in `tests/data/patch/`.

use super::*;
use crate::diagnostics::Code;
use crate::schema::Registry;
use proptest::prelude::*;
use serde_json::{Value, json};

const ENT: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

fn user() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "2819c223",
        "userName": "bjensen",
        "name": {"familyName": "Jensen"},
        "emails": [{"value": "b@example.com", "type": "work", "primary": true}],
        "active": true
    })
}

fn apply(resource: &Value, ops: Value, dialect: Dialect) -> PatchOutcome {
    let registry = Registry::builtin();
    let rt = registry.resource_type("User").unwrap();
    apply_patch(
        &registry,
        rt,
        resource,
        &json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": ops}),
        dialect,
    )
}

#[test]
fn too_many_operations_is_a_limit() {
    let ops: Vec<Value> = (0..=crate::limits::MAX_PATCH_OPERATIONS)
        .map(|_| json!({"op": "replace", "path": "title", "value": "x"}))
        .collect();
    let out = apply(&user(), Value::Array(ops), Dialect::Strict);
    assert!(out.report.has(Code::LimitOperations));
    assert_eq!(out.resource, user());
}

#[test]
fn hostile_values_do_not_panic() {
    let mut deep = json!("x");
    for _ in 0..100 {
        deep = json!([deep]);
    }
    for value in [deep.clone(), json!({"a": deep}), json!(null), json!(1e300)] {
        for path in [None, Some("emails"), Some("name"), Some("title"), Some(ENT)] {
            for op in ["add", "replace", "remove"] {
                let mut o = json!({"op": op, "value": value});
                if let Some(p) = path {
                    o["path"] = json!(p);
                }
                let _ = apply(&user(), json!([o]), Dialect::Entra);
            }
        }
    }
    let registry = Registry::builtin();
    let rt = registry.resource_type("User").unwrap();
    for (resource, patch) in [
        ("[]", "{}"),
        ("{}", "[]"),
        ("{", "{}"),
        ("{}", "{\"Operations\": 3}"),
    ] {
        let out = apply_patch_text(&registry, rt, resource, patch, Dialect::Strict);
        assert!(!out.report.valid);
    }
}

#[test]
fn text_api_locates_diagnostics_in_the_patch() {
    let registry = Registry::builtin();
    let rt = registry.resource_type("User").unwrap();
    let patch = "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": [\n  {\"op\": \"replace\", \"path\": \"nickname2\", \"value\": \"x\"}\n]}";
    let out = apply_patch_text(&registry, rt, &user().to_string(), patch, Dialect::Strict);
    let d = &out.report.diagnostics[0];
    assert_eq!(d.path, "/Operations/0/path");
    let span = d.span.unwrap();
    assert_eq!(&patch[span.start..span.end], "\"nickname2\"");
    assert_eq!((span.line, span.column), (2, 29));
}

#[test]
fn changes_point_into_the_result() {
    let out = apply(
        &user(),
        json!([{"op": "add", "path": "emails", "value": [{"value": "h@example.org", "type": "home", "primary": true}]}]),
        Dialect::Strict,
    );
    let changes: Vec<(String, ChangeKind)> = out
        .changes
        .iter()
        .map(|c| (c.path.clone(), c.kind))
        .collect();
    assert_eq!(
        changes,
        vec![
            ("/emails/0/primary".to_string(), ChangeKind::Replaced),
            ("/emails/1".to_string(), ChangeKind::Added)
        ]
    );
    assert_eq!(out.changes[0].old, Some(json!(true)));
    assert_eq!(out.changes[0].new, Some(json!(false)));
}

/// Attributes the sample user does not have, with a way to write each path.
fn new_attribute() -> impl Strategy<Value = (String, Value)> {
    let string = "[A-Za-z0-9 .@-]{1,12}".prop_map(Value::String);
    let path = prop_oneof![
        Just("title".to_string()),
        Just("nickName".to_string()),
        Just("NICKNAME".to_string()),
        Just("displayName".to_string()),
        Just("name.givenName".to_string()),
        Just("name.middleName".to_string()),
        Just("urn:ietf:params:scim:schemas:core:2.0:User:locale".to_string()),
        Just(format!("{ENT}:employeeNumber")),
        Just(format!("{ENT}:department")),
        Just(format!("{ENT}:manager.value")),
    ];
    (path, string)
}

proptest! {
    /// Adding an attribute the resource lacks and then removing it gives the
    /// original back (including `schemas` when an extension was created).
    #[test]
    fn add_then_remove_is_identity((path, value) in new_attribute(), dialect in prop::sample::select(Dialect::ALL.to_vec())) {
        let original = user();
        let added = apply(&original, json!([{"op": "add", "path": path, "value": value}]), dialect);
        prop_assert!(added.report.valid, "{:?}", added.report);
        prop_assert_ne!(&added.resource, &original);
        let removed = apply(&added.resource, json!([{"op": "remove", "path": path}]), dialect);
        prop_assert!(removed.report.valid, "{:?}", removed.report);
        prop_assert_eq!(&removed.resource, &original);
        let both = apply(&original, json!([{"op": "add", "path": path, "value": value}, {"op": "remove", "path": path}]), dialect);
        prop_assert_eq!(both.resource, original);
        prop_assert!(both.changes.is_empty());
    }

    /// Whatever the operation, a failed PATCH returns the original resource.
    #[test]
    fn failure_is_atomic(op in "add|remove|replace|Add|bogus", path in "[a-zA-Z.\\[\\] \"=]{0,20}", value in prop::option::of("[a-z]{0,5}")) {
        let original = user();
        let mut o = json!({"op": op, "path": path});
        if let Some(v) = value {
            o["value"] = json!(v);
        }
        let out = apply(&original, json!([{"op": "replace", "path": "title", "value": "t"}, o]), Dialect::Strict);
        if !out.report.valid {
            prop_assert_eq!(out.resource, original);
            prop_assert!(out.changes.is_empty());
        }
    }
}

#[test]
fn operations_are_counted_while_the_text_is_read() {
    use crate::limits::MAX_PATCH_OPERATIONS;
    let op = r#"{"op":"add","path":"emails","value":[{"value":"a@example.com"}]}"#;
    let ops = vec![op; 3 * MAX_PATCH_OPERATIONS].join(",");
    let text = format!(
        r#"{{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{ops}]}}"#
    );
    let registry = Registry::builtin();
    let report = crate::patch::check_patch(&registry, &text, Some("User"), Dialect::Strict);
    assert_eq!(report.diagnostics.len(), 1, "{report:#?}");
    let d = &report.diagnostics[0];
    assert_eq!(d.code, Code::LimitOperations);
    assert_eq!(d.path, format!("/Operations/{MAX_PATCH_OPERATIONS}"));
    // The span is the first operation past the limit: reading stopped there.
    let at = text.find(r#"[{"op""#).unwrap() + 1 + MAX_PATCH_OPERATIONS * (op.len() + 1);
    assert_eq!(d.span.map(|s| s.start), Some(at));
    // Exactly the limit reads on.
    let ops = vec![op; MAX_PATCH_OPERATIONS].join(",");
    let text = format!(
        r#"{{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{ops}]}}"#
    );
    let report = crate::patch::check_patch(&registry, &text, Some("User"), Dialect::Strict);
    assert!(!report.has(Code::LimitOperations), "{report:#?}");
}

/// Operations on one multi-valued attribute, as a strategy: adds (some
/// repeating earlier values, in other letter case, with or without a type),
/// replaces of a filtered element's value and removes.
fn email_op() -> impl Strategy<Value = Value> {
    let value = prop_oneof![
        Just("a@x.org"),
        Just("A@X.org"),
        Just("b@x.org"),
        Just("c@x.org")
    ];
    let kind = prop_oneof![Just(None), Just(Some("work")), Just(Some("home"))];
    prop_oneof![
        3 => (value.clone(), kind).prop_map(|(v, t)| {
            let mut e = json!({"value": v});
            if let Some(t) = t {
                e["type"] = json!(t);
            }
            json!({"op": "add", "path": "emails", "value": [e]})
        }),
        1 => (value.clone(), value.clone()).prop_map(|(from, to)| json!({
            "op": "replace", "path": format!("emails[value eq \"{from}\"].value"), "value": to
        })),
        1 => value.prop_map(|v| json!({"op": "remove", "path": format!("emails[value eq \"{v}\"]")})),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Applying operations in one PATCH (where adds share the element index
    /// from one operation to the next) gives what applying them one PATCH at
    /// a time gives (where each add builds it afresh).
    #[test]
    fn one_patch_or_many_give_the_same_resource(ops in proptest::collection::vec(email_op(), 1..12)) {
        let together = apply(&user(), Value::Array(ops.clone()), Dialect::Strict);
        let mut one_by_one = user();
        let mut failed = false;
        for op in &ops {
            let out = apply(&one_by_one, json!([op]), Dialect::Strict);
            if !out.report.valid {
                failed = true;
                break;
            }
            one_by_one = out.resource;
        }
        if failed {
            prop_assert!(!together.report.valid);
        } else {
            prop_assert!(together.report.valid, "{:#?}", together.report);
            prop_assert_eq!(together.resource, one_by_one);
        }
    }
}
