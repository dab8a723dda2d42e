//! Tests of the mapping entry points: the documented format, the typed
//! twins, the serialized contract, and that no input panics.

use proptest::prelude::*;
use serde_json::{Value as Json, json};

use super::*;
use crate::Code;
use crate::schema::Registry;

/// The complete example of the module documentation.
const DOC_EXAMPLE: &str = r#"{
  "identityProvider": "entra",
  "name": "Talend Cloud",
  "entra": {"aadOptscim062020": false},
  "users": {
    "name": "Provision Microsoft Entra ID Users",
    "enabled": true,
    "sourceAttributes": ["extension_0123456789abcdef0123456789abcdef_costCenter"],
    "mappings": [
      {"target": "userName", "type": "direct", "source": "mailNickname", "matchingPrecedence": 1},
      {"target": "active", "type": "expression",
       "expression": "Switch([IsSoftDeleted], , \"False\", \"True\", \"True\", \"False\")"},
      {"target": "emails[type eq \"work\"].value", "source": "mail"},
      {"target": "name.formatted", "expression": "Join(\" \", [givenName], [surname])"},
      {"target": "title", "source": "jobTitle", "defaultValue": "Staff", "apply": "onCreate"},
      {"target": "userType", "type": "constant", "value": "Employee"},
      {"target": "nickName", "type": "none", "defaultValue": "n/a"},
      {"target": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "source": "manager"}
    ]
  },
  "groups": {
    "mappings": [
      {"target": "displayName", "source": "displayName", "matchingPrecedence": 1},
      {"target": "externalId", "source": "objectId"},
      {"target": "members", "source": "members"}
    ]
  }
}"#;

#[test]
fn the_documented_example_reads_checks_and_round_trips() {
    let loaded = load_text(DOC_EXAMPLE);
    assert!(loaded.report.diagnostics.is_empty(), "{:#?}", loaded.report);
    let config = loaded.config.unwrap();
    let report = check_text(DOC_EXAMPLE, &Registry::builtin(), None);
    // Only the documented caveat: group displayName is not unique in RFC 7643.
    let codes: Vec<Code> = report.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::MappingMatching], "{report:#?}");
    let text = serde_json::to_string(&config).unwrap();
    assert_eq!(load_text(&text).config, Some(config.clone()));
    let options = ApplyOptions::new(Operation::Create);
    let user = presets::sample_value(IdentityProvider::Entra, ObjectType::User);
    let result = apply(&config, &user, &options);
    assert!(result.valid, "{:#?}", result.requests);
    let body = result.request(Method::Post).unwrap().body.clone().unwrap();
    assert_eq!(body["userType"], "Employee");
    assert_eq!(body["nickName"], "n/a");
    assert_eq!(body["title"], "Analyst");
}

#[test]
fn typed_twins_use_native_pointers_without_spans() {
    let mut config = presets::ENTRA.config();
    config
        .mapping_mut(ObjectType::User, "userName")
        .unwrap()
        .source = Some("mailNicknme".into());
    let report = check(&config, &Registry::builtin(), None);
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code == Code::MappingUnknownSource)
        .unwrap();
    assert_eq!(d.path, "/users/mappings/0/source");
    assert!(d.span.is_none());
    let result = apply(
        &config,
        &json!("not an object"),
        &ApplyOptions::new(Operation::Create),
    );
    assert!(!result.valid);
    assert_eq!(
        result.source_report.diagnostics[0].code,
        Code::MappingInvalid
    );
}

#[test]
fn results_serialize_in_camel_case() {
    let result = apply_text(
        presets::OKTA.config_json,
        presets::sample(IdentityProvider::Okta, ObjectType::User),
        &ApplyOptions::new(Operation::Create),
    );
    let json = serde_json::to_value(&result).unwrap();
    for key in [
        "valid",
        "operation",
        "object",
        "identityProvider",
        "requests",
        "lookups",
        "trace",
        "report",
        "sourceReport",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    assert_eq!(json["operation"], "create");
    assert_eq!(json["requests"][1]["method"], "POST");
    assert!(json["trace"][0].get("configPointer").is_some());
    let back: ApplyResult = serde_json::from_value(json).unwrap();
    assert_eq!(back, result);
}

#[test]
fn every_preset_operation_is_valid_without_a_profile() {
    for preset in presets::PRESETS {
        for object in ObjectType::ALL {
            for op in [
                Operation::Create,
                Operation::Update,
                Operation::Deactivate,
                Operation::Delete,
            ] {
                let result = apply_text(
                    preset.config_json,
                    presets::sample(preset.identity_provider, object),
                    &ApplyOptions::new(op).with_object(object),
                );
                assert!(
                    result.valid,
                    "{} {object:?} {op:?}: {:#?}",
                    preset.name, result
                );
            }
        }
    }
}

#[test]
fn environment_makes_results_reproducible() {
    let config = r#"{"identityProvider": "entra", "users": {"mappings": [
        {"target": "userName", "source": "mailNickname", "matchingPrecedence": 1},
        {"target": "externalId", "expression": "Guid()"}]}}"#;
    let user = r#"{"mailNickname": "a"}"#;
    let run = |seed| {
        let options =
            ApplyOptions::new(Operation::Create).with_env(Environment::default().with_seed(seed));
        apply_text(config, user, &options)
    };
    assert_eq!(run(1), run(1));
    assert_ne!(
        run(1).requests[1].body.as_ref().unwrap()["externalId"],
        run(2).requests[1].body.as_ref().unwrap()["externalId"]
    );
}

#[test]
fn apply_many_gives_each_source_what_apply_gives_it() {
    let config = presets::for_provider(IdentityProvider::Entra).config();
    let sample = presets::sample_value(IdentityProvider::Entra, ObjectType::User);
    let mut renamed = sample.clone();
    renamed["userPrincipalName"] = json!("grace.hopper@contoso.onmicrosoft.com");
    let mut broken = sample.clone();
    broken["accountEnabled"] = json!("maybe");
    let sources = [sample, json!(["not", "an", "object"]), renamed, broken];
    for op in [Operation::Create, Operation::Update] {
        let options = ApplyOptions::new(op);
        let many = apply_many(&config, &sources, &options);
        let one_by_one: Vec<ApplyResult> = sources
            .iter()
            .map(|s| apply(&config, s, &options))
            .collect();
        assert_eq!(many, one_by_one, "{op:?}");
    }
    let results = apply_many(&config, &sources, &ApplyOptions::new(Operation::Create));
    assert!(results[0].valid);
    assert_eq!(
        results[1].source_report.diagnostics[0].code,
        Code::MappingInvalid
    );
    assert!(!results[1].valid);
    let user_name = |r: &ApplyResult| {
        r.request(Method::Post)
            .and_then(|q| q.body.as_ref())
            .map(|b| b["userName"].clone())
    };
    assert_eq!(
        user_name(&results[0]),
        Some(json!("ada.lovelace@contoso.onmicrosoft.com"))
    );
    assert_eq!(
        user_name(&results[2]),
        Some(json!("grace.hopper@contoso.onmicrosoft.com"))
    );
}

fn fragments() -> impl Strategy<Value = Vec<&'static str>> {
    proptest::collection::vec(
        prop_oneof![
            Just("{"),
            Just("}"),
            Just("["),
            Just("]"),
            Just(","),
            Just(":"),
            Just("\"identityProvider\""),
            Just("\"entra\""),
            Just("\"okta\""),
            Just("\"users\""),
            Just("\"groups\""),
            Just("\"mappings\""),
            Just("\"target\""),
            Just("\"source\""),
            Just("\"expression\""),
            Just("\"value\""),
            Just("\"type\""),
            Just("\"matchingPrecedence\""),
            Just("1"),
            Just("null"),
            Just("true"),
            Just("\"userName\""),
            Just("\"emails[type eq \\\"work\\\"].value\""),
            Just("\"name.givenName\""),
            Just("\"members\""),
            Just("\"mail\""),
            Just("\"Join(\\\" \\\", [a]\""),
            Just("\"Switch([IsSoftDeleted], , \\\"False\\\")\""),
            Just("\"user.email + \""),
            Just("\"appUsername\""),
            Just("\"none\""),
            Just("\"synchronizationRules\""),
            Just("\"objectMappings\""),
            Just("\"attributeMappings\""),
            Just("\"properties\""),
            Just("\"sourceObjectName\""),
            Just("\"User\""),
            Just("\"targetAttributeName\""),
            Just("\"Function\""),
            Just("\"okta\""),
            Just("\"usernameFormat\""),
            Just("\"emailPrefix\""),
            Just("\"\\u00e9\""),
        ],
        0..40,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Arbitrary token soup, and well-formed configurations with arbitrary
    /// parts, never panic in any entry point.
    #[test]
    fn no_input_panics(parts in fragments(), object in 0usize..2, op in 0usize..4) {
        let text = parts.concat();
        let registry = Registry::builtin();
        let profile = crate::profile::find_builtin("email-prefix-username");
        let _ = load_text(&text);
        let _ = check_text(&text, &registry, profile);
        let object = ObjectType::ALL[object];
        let ops = [Operation::Create, Operation::Update, Operation::Deactivate, Operation::Delete];
        let mut options = ApplyOptions::new(ops[op]).with_object(object);
        if let Some(p) = profile {
            options = options.with_profile(p);
        }
        let current = json!({"id": "x", "members": [{"value": "m"}], "emails": "odd"});
        options = options.with_current(&current);
        let _ = apply_text(&text, &text, &options);
        let _ = apply_text(&text, "{\"mail\": \"a@b\", \"members\": [1, {}]}", &options);
    }

    #[test]
    fn arbitrary_mappings_never_panic(
        target in "[a-zA-Z.\\[\\]\" :]{0,30}",
        source in "[a-zA-Z\\[\\]\"(),. ]{0,30}",
        kind in 0usize..5,
        okta in any::<bool>(),
    ) {
        let kinds = ["direct", "constant", "expression", "none", "appUsername"];
        let field = ["source", "value", "expression", "defaultValue", "source"][kind];
        let config: Json = json!({
            "identityProvider": if okta { "okta" } else { "entra" },
            "users": {"mappings": [
                {"target": target, "type": kinds[kind], field: source, "matchingPrecedence": 1}
            ]}
        });
        let text = config.to_string();
        let _ = check_text(&text, &Registry::builtin(), None);
        let result = apply_text(&text, "{\"a\": [\"x\"], \"profile\": {\"a\": 1}}", &ApplyOptions::new(Operation::Update));
        let _ = serde_json::to_string(&result);
    }
}
