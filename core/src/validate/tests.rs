//! Properties and limits of validation; behaviour cases are data in
//! `tests/data/documents/`.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::{Context, ValidateOptions, Validator};
use crate::diagnostics::Code;
use crate::limits::{MAX_BULK_OPERATIONS, MAX_DOCUMENT_BYTES};
use crate::schema::Registry;

/// Arbitrary JSON, biased towards SCIM-looking keys so the walk goes deep.
fn arb_json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("schemas".to_string()),
        Just("userName".to_string()),
        Just("emails".to_string()),
        Just("members".to_string()),
        Just("Operations".to_string()),
        Just("Resources".to_string()),
        Just("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User".to_string()),
        Just("primary".to_string()),
        Just("value".to_string()),
        "[a-zA-Z$.:]{0,12}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|i| json!(i)),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        ".{0,16}".prop_map(Value::String),
        Just(json!("urn:ietf:params:scim:schemas:core:2.0:User")),
        Just(json!("urn:ietf:params:scim:api:messages:2.0:PatchOp")),
    ];
    leaf.prop_recursive(6, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn validating_any_json_terminates_without_panic(value in arb_json()) {
        let validator = Validator::new(Registry::builtin());
        let text = value.to_string();
        for context in Context::ALL {
            for rt in [None, Some("User"), Some("Group")] {
                let mut options = ValidateOptions::new(*context);
                options.resource_type = rt;
                let report = validator.validate(&text, &options);
                prop_assert_eq!(report.valid, !report.diagnostics.iter().any(|d| d.is_error()));
            }
        }
    }
}

#[test]
fn document_size_limit_at_and_past() {
    let validator = Validator::new(Registry::builtin());
    let body = r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a"}"#;
    let mut at = String::with_capacity(MAX_DOCUMENT_BYTES + 1);
    at.push_str(body);
    at.push_str(&" ".repeat(MAX_DOCUMENT_BYTES - body.len()));
    assert_eq!(at.len(), MAX_DOCUMENT_BYTES);
    assert!(
        validator
            .validate(&at, &ValidateOptions::new(Context::Create))
            .valid
    );
    at.push(' ');
    let report = validator.validate(&at, &ValidateOptions::new(Context::Create));
    assert_eq!(report.diagnostics.len(), 1);
    assert_eq!(report.diagnostics[0].code, Code::LimitDocumentSize);
}

#[test]
fn bulk_operation_limit_at_and_past() {
    let validator = Validator::new(Registry::builtin());
    let bulk = |n: usize| {
        let ops: Vec<Value> = (0..n)
            .map(|i| json!({"method": "DELETE", "path": format!("/Users/{i}")}))
            .collect();
        json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": ops})
            .to_string()
    };
    let at = validator.validate(
        &bulk(MAX_BULK_OPERATIONS),
        &ValidateOptions::new(Context::Bulk),
    );
    assert!(at.valid, "{:?}", at.diagnostics.first());
    let past = validator.validate(
        &bulk(MAX_BULK_OPERATIONS + 1),
        &ValidateOptions::new(Context::Bulk),
    );
    assert!(!past.valid);
    assert_eq!(
        past.diagnostics
            .iter()
            .filter(|d| d.code == Code::LimitOperations)
            .count(),
        1
    );
}

#[test]
fn a_message_in_the_wrong_context_says_which_context_fits() {
    let validator = Validator::new(Registry::builtin());
    let list = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"Resources":[]}"#;
    for given in [Context::Response, Context::Create, Context::Patch] {
        let report = validator.validate(list, &ValidateOptions::new(given));
        assert_eq!(report.diagnostics.len(), 1, "{report:#?}");
        let d = &report.diagnostics[0];
        assert_eq!(
            (d.code, d.path.as_str()),
            (Code::ContextMismatch, "/schemas")
        );
        assert!(
            d.message.contains("ListResponse") && d.message.contains("`list` context"),
            "{}",
            d.message
        );
    }
    let error = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"404"}"#;
    let report = validator.validate(error, &ValidateOptions::new(Context::Response));
    assert!(report.has(Code::ContextMismatch) && !report.has(Code::UnknownResourceType));
    // The fitting context, or none, validates as before.
    assert!(
        validator
            .validate(list, &ValidateOptions::new(Context::List))
            .valid
    );
    assert!(validator.validate(error, &ValidateOptions::detect()).valid);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the document, a report holds at most the cap plus the one
    /// diagnostic that counts the rest, and stays invalid when any error was cut.
    #[test]
    fn reports_never_pass_the_diagnostics_cap(doc in arb_json(), max in 0usize..6) {
        let validator = Validator::new(Registry::builtin());
        let text = doc.to_string();
        let full = validator.validate(&text, &ValidateOptions::detect().with_max_diagnostics(usize::MAX));
        let capped = validator.validate(&text, &ValidateOptions::detect().with_max_diagnostics(max));
        prop_assert!(capped.diagnostics.len() <= max + 1);
        prop_assert_eq!(capped.valid, full.valid);
        if full.diagnostics.len() > max {
            prop_assert_eq!(capped.diagnostics.last().map(|d| d.code), Some(Code::LimitDiagnostics));
            prop_assert_eq!(&capped.diagnostics[..max], &full.diagnostics[..max]);
        } else {
            prop_assert_eq!(capped, full);
        }
    }
}

#[test]
fn attribute_names_in_another_case_are_accepted_with_a_note() {
    let validator = Validator::new(Registry::builtin());
    let text = r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"UserName":"bjensen","emails":[{"Value":"b@example.com","Primary":true}]}"#;
    let report = validator.validate(text, &ValidateOptions::new(Context::Create));
    assert!(report.valid, "{report:#?}");
    let notes: Vec<(Code, &str, crate::Severity)> = report
        .diagnostics
        .iter()
        .map(|d| (d.code, d.path.as_str(), d.severity))
        .collect();
    assert_eq!(
        notes,
        [
            (Code::AttributeNameCase, "/UserName", crate::Severity::Info),
            (
                Code::AttributeNameCase,
                "/emails/0/Value",
                crate::Severity::Info
            ),
            (
                Code::AttributeNameCase,
                "/emails/0/Primary",
                crate::Severity::Info
            ),
        ]
    );
}
