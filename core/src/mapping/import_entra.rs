//! Importing Entra ID's provisioning schema, as the console exports it
//! (Provisioning → Mappings → Show advanced options → Review your schema →
//! Download) or Graph returns it (`GET /servicePrincipals/{id}/synchronization/jobs/{jobId}/schema`).
//!
//! Shape (idp-facts §1.1): `synchronizationRules[].objectMappings[]`, each
//! with `name`, `enabled`, `sourceObjectName` (`User`/`Group`) and
//! `attributeMappings[]` of
//! `{targetAttributeName, source: {type: Attribute|Constant|Function, name,
//! expression, parameters}, defaultValue, flowType, matchingPriority}`.
//! A bare `{"objectMappings": […]}` or a single object mapping is accepted
//! too. Mapping types: `source.type` Attribute → direct (`source.name`),
//! Constant → constant (`source.name` is the literal), Function → expression
//! (`source.expression`; rebuilt from the function tree when an export lacks
//! it); `source: null` with a `defaultValue` → None. `flowType`
//! `ObjectAddOnly` → apply on create only; `Always` (or absent) → always.

use super::config::{
    Apply, IdentityProvider, Mapping, MappingConfig, MappingType, ObjectMapping, ObjectType,
};
use super::locate::Locator;
use super::origin::{Field, ObjectOrigin, Origin, Origins};
use crate::diagnostics::{Code, Diagnostic};
use crate::json::Node;

/// Reads the schema at the locator's root.
pub(crate) fn import(
    locator: &Locator<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<(MappingConfig, Origins)> {
    let root = locator.root();
    let mut object_mappings: Vec<(String, &Node<'_>)> = Vec::new();
    if let Some(rules) = root.get("synchronizationRules") {
        match rules.as_array() {
            Some(rules) => {
                for (r, rule) in rules.iter().enumerate() {
                    if let Some(list) = rule.get("objectMappings").and_then(Node::as_array) {
                        for (o, om) in list.iter().enumerate() {
                            object_mappings.push((
                                format!("/synchronizationRules/{r}/objectMappings/{o}"),
                                om,
                            ));
                        }
                    }
                }
            }
            None => diags.push(problem(
                locator,
                "/synchronizationRules",
                "`synchronizationRules` must be a list",
            )),
        }
    } else if let Some(list) = root.get("objectMappings").and_then(Node::as_array) {
        for (o, om) in list.iter().enumerate() {
            object_mappings.push((format!("/objectMappings/{o}"), om));
        }
    } else if root.get("attributeMappings").is_some() {
        object_mappings.push((String::new(), root));
    }

    let mut config = MappingConfig::new(IdentityProvider::Entra);
    let mut origins = Origins::default();
    for (pointer, om) in object_mappings {
        let source_object = om
            .get("sourceObjectName")
            .and_then(Node::as_str)
            .unwrap_or_default();
        let Some(object) = ObjectType::from_name(&source_object) else {
            diags.push(
                problem(
                    locator,
                    &format!("{pointer}/sourceObjectName"),
                    format!(
                        "the object mapping for `{source_object}` is skipped: scimkit simulates User and Group provisioning"
                    ),
                )
                .with_severity(crate::Severity::Info),
            );
            continue;
        };
        if config.object(object).is_some() {
            diags.push(
                problem(
                    locator,
                    &pointer,
                    format!(
                        "a second object mapping for {} objects is skipped; the first one is used",
                        object.resource_type()
                    ),
                )
                .with_severity(crate::Severity::Warning),
            );
            continue;
        }
        let (mapping, origin) = object_mapping(locator, om, &pointer, diags);
        match object {
            ObjectType::User => {
                config.users = Some(mapping);
                origins.users = origin;
            }
            ObjectType::Group => {
                config.groups = Some(mapping);
                origins.groups = origin;
            }
        }
    }
    if config.users.is_none() && config.groups.is_none() {
        diags.push(problem(
            locator,
            "",
            "the schema has no object mapping for users or groups (synchronizationRules[].objectMappings[] with sourceObjectName \"User\" or \"Group\")",
        ));
    }
    origins.username_format = String::new();
    Some((config, origins))
}

fn problem(locator: &Locator<'_>, pointer: &str, message: impl Into<String>) -> Diagnostic {
    let (s, e) = locator.range(pointer);
    Diagnostic::new(Code::MappingInvalid, pointer, message).with_range(s, e)
}

fn string(node: &Node<'_>, key: &str) -> Option<String> {
    node.get(key)
        .and_then(Node::as_str)
        .map(std::borrow::Cow::into_owned)
}

fn object_mapping(
    locator: &Locator<'_>,
    om: &Node<'_>,
    pointer: &str,
    diags: &mut Vec<Diagnostic>,
) -> (ObjectMapping, ObjectOrigin) {
    let mut mapping = ObjectMapping {
        name: string(om, "name"),
        enabled: om.get("enabled").and_then(Node::as_bool).unwrap_or(true),
        ..ObjectMapping::default()
    };
    let mut origin = ObjectOrigin {
        object: pointer.to_string(),
        list: format!("{pointer}/attributeMappings"),
        mappings: Vec::new(),
    };
    let Some(items) = om.get("attributeMappings").and_then(Node::as_array) else {
        diags.push(problem(
            locator,
            pointer,
            "the object mapping has no `attributeMappings` list",
        ));
        return (mapping, origin);
    };
    for (i, item) in items.iter().enumerate() {
        let base = format!("{pointer}/attributeMappings/{i}");
        if let Some((m, o)) = attribute_mapping(locator, item, base, diags) {
            mapping.mappings.push(m);
            origin.mappings.push(o);
        }
    }
    (mapping, origin)
}

fn attribute_mapping(
    locator: &Locator<'_>,
    item: &Node<'_>,
    base: String,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Mapping, Origin)> {
    let Some(target) = string(item, "targetAttributeName") else {
        diags.push(problem(
            locator,
            &base,
            "the attribute mapping has no `targetAttributeName`",
        ));
        return None;
    };
    let at = |key: &str| format!("{base}/{key}");
    let mut origin = Origin {
        fields: vec![
            (Field::Target, at("targetAttributeName")),
            (Field::Type, at("source/type")),
            (Field::Default, at("defaultValue")),
            (Field::Apply, at("flowType")),
            (Field::Matching, at("matchingPriority")),
        ],
        verbatim: vec![Field::Target],
        base: base.clone(),
    };
    let mut mapping = Mapping {
        target,
        default_value: string(item, "defaultValue").filter(|d| !d.is_empty()),
        ..Mapping::default()
    };
    if let Some(p) = item.get("matchingPriority").and_then(Node::as_i64) {
        if p > 0 {
            mapping.matching_precedence = u32::try_from(p).ok();
        }
    }
    let flow = string(item, "flowType").unwrap_or_else(|| "Always".into());
    mapping.apply = match flow.as_str() {
        "Always" => Apply::Always,
        "ObjectAddOnly" => Apply::OnCreate,
        other => {
            diags.push(
                problem(
                    locator,
                    &at("flowType"),
                    format!(
                        "flowType `{other}` (API-only) is simulated as \"Always\"; the console offers only Always and ObjectAddOnly (\"Only during object creation\")"
                    ),
                )
                .with_severity(crate::Severity::Warning),
            );
            Apply::Always
        }
    };
    match item.get("source").filter(|s| !s.is_null()) {
        None => mapping.kind = Some(MappingType::None),
        Some(source) => {
            let kind = string(source, "type").unwrap_or_default();
            match kind.as_str() {
                "Attribute" => {
                    mapping.kind = Some(MappingType::Direct);
                    mapping.source = string(source, "name");
                    origin.fields.push((Field::Source, at("source/name")));
                    origin.verbatim.push(Field::Source);
                }
                "Constant" => {
                    mapping.kind = Some(MappingType::Constant);
                    mapping.value = string(source, "name");
                    origin.fields.push((Field::Value, at("source/name")));
                }
                "Function" => {
                    mapping.kind = Some(MappingType::Expression);
                    match string(source, "expression").filter(|e| !e.trim().is_empty()) {
                        Some(expression) => {
                            mapping.expression = Some(expression);
                            origin
                                .fields
                                .push((Field::Expression, at("source/expression")));
                            origin.verbatim.push(Field::Expression);
                        }
                        None => {
                            mapping.expression = Some(rebuild(source, 0));
                            origin.fields.push((Field::Expression, at("source")));
                            diags.push(
                                problem(
                                    locator,
                                    &at("source"),
                                    "the function source has no `expression` text; it was rebuilt from `name` and `parameters` in the listed order",
                                )
                                .with_severity(crate::Severity::Info),
                            );
                        }
                    }
                }
                other => {
                    diags.push(problem(
                        locator,
                        &at("source/type"),
                        format!(
                            "source type `{other}` is not one of Attribute, Constant, Function"
                        ),
                    ));
                    return None;
                }
            }
        }
    }
    Some((mapping, origin))
}

/// Rebuilds expression text from a Graph attributeMappingSource tree.
/// Depth is bounded by the JSON reader's nesting limit.
fn rebuild(source: &Node<'_>, depth: usize) -> String {
    let name = string(source, "name").unwrap_or_default();
    match string(source, "type").as_deref() {
        Some("Attribute") => format!("[{name}]"),
        Some("Constant") => {
            let escaped = name.replace('\\', "\\\\").replace('"', "\\\"");
            format!("\"{escaped}\"")
        }
        _ if depth > crate::limits::MAX_JSON_DEPTH => String::new(),
        _ => {
            let args: Vec<String> = source
                .get("parameters")
                .and_then(Node::as_array)
                .unwrap_or_default()
                .iter()
                .map(|p| {
                    p.get("value")
                        .filter(|v| !v.is_null())
                        .map(|v| rebuild(v, depth + 1))
                        .unwrap_or_default()
                })
                .collect();
            format!("{name}({})", args.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::mapping::load::{ConfigFormat, load_text};
    use crate::mapping::{Apply, MappingType, ObjectType};

    const SCHEMA: &str = r#"{
  "id": "scim.abc",
  "synchronizationRules": [{
    "name": "USER_OUTBOUND_USER",
    "objectMappings": [
      {"name": "Provision Microsoft Entra ID Users", "enabled": true, "flowTypes": "Add, Update, Delete",
       "sourceObjectName": "User", "targetObjectName": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
       "attributeMappings": [
         {"targetAttributeName": "userName", "defaultValue": null, "flowType": "Always", "matchingPriority": 1,
          "source": {"type": "Attribute", "name": "userPrincipalName", "expression": "[userPrincipalName]", "parameters": []}},
         {"targetAttributeName": "active", "flowType": "Always", "matchingPriority": 0,
          "source": {"type": "Function", "name": "Switch", "expression": "Switch([IsSoftDeleted], , \"False\", \"True\", \"True\", \"False\")", "parameters": []}},
         {"targetAttributeName": "title", "flowType": "ObjectAddOnly", "matchingPriority": 0,
          "source": {"type": "Constant", "name": "Staff"}},
         {"targetAttributeName": "nickName", "defaultValue": "n/a", "source": null},
         {"targetAttributeName": "displayName",
          "source": {"type": "Function", "name": "Join", "parameters": [
            {"key": "separator", "value": {"type": "Constant", "name": " "}},
            {"key": "source", "value": {"type": "Attribute", "name": "givenName"}},
            {"key": "source", "value": {"type": "Attribute", "name": "surname"}}]}}
       ]},
      {"name": "Provision Microsoft Entra ID Contacts", "sourceObjectName": "Contact", "attributeMappings": []}
    ]
  }]
}"#;

    #[test]
    fn imports_attribute_mappings() {
        let r = load_text(SCHEMA);
        assert_eq!(r.format, Some(ConfigFormat::EntraSchema));
        let config = r.config.unwrap();
        let users = config.object(ObjectType::User).unwrap();
        assert_eq!(
            users.name.as_deref(),
            Some("Provision Microsoft Entra ID Users")
        );
        let m = &users.mappings;
        assert_eq!(m.len(), 5);
        assert_eq!(m[0].mapping_type(), Some(MappingType::Direct));
        assert_eq!(m[0].source.as_deref(), Some("userPrincipalName"));
        assert_eq!(m[0].matching_precedence, Some(1));
        assert_eq!(m[1].mapping_type(), Some(MappingType::Expression));
        assert_eq!(m[1].matching_precedence, None);
        assert_eq!(m[2].value.as_deref(), Some("Staff"));
        assert_eq!(m[2].apply, Apply::OnCreate);
        assert_eq!(m[3].mapping_type(), Some(MappingType::None));
        assert_eq!(m[3].default_value.as_deref(), Some("n/a"));
        assert_eq!(
            m[4].expression.as_deref(),
            Some("Join(\" \", [givenName], [surname])")
        );
        // Contacts are skipped (info); the rebuilt expression is noted (info).
        assert!(r.report.valid);
        assert_eq!(r.report.diagnostics.len(), 2);
    }

    #[test]
    fn bad_schemas_are_reported() {
        let r = load_text(r#"{"synchronizationRules": {}}"#);
        assert!(!r.report.valid);
        let r = load_text(
            r#"{"objectMappings": [{"sourceObjectName": "User", "attributeMappings": [{"source": null}, {"targetAttributeName": "x", "source": {"type": "Magic"}}]}]}"#,
        );
        let paths: Vec<&str> = r
            .report
            .diagnostics
            .iter()
            .map(|d| d.path.as_str())
            .collect();
        assert_eq!(
            paths,
            [
                "/objectMappings/0/attributeMappings/0",
                "/objectMappings/0/attributeMappings/1/source/type"
            ]
        );
    }
}
