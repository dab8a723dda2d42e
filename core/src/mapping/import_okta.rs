//! Importing an Okta profile mapping (Mappings API,
//! `GET /api/v1/mappings/{mappingId}`; idp-facts §4.3):
//!
//! ```json
//! {"source": {"type": "user"}, "target": {"type": "appuser"},
//!  "properties": {"givenName": {"expression": "user.firstName", "pushStatus": "PUSH"}}}
//! ```
//!
//! Each property is an app user attribute; its SCIM attribute comes from the
//! SCIM 2.0 template app's external names (`data/okta-app-attributes.json`);
//! an unlisted property is sent under its own name. `pushStatus` `PUSH` →
//! apply always, `DONT_PUSH` → on create only; a `null` property is a removed
//! mapping. The mapping JSON does not carry the application username format;
//! paste it alongside as the app's `"credentials": {"userNameTemplate": {…}}`
//! (or `"userNameTemplate"`), else Okta's default ("Okta username") is used.
//! When there is no `userName` property, userName is "Configured in Sign On
//! settings" (a mapping of type `appUsername`, the matching attribute).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::config::{
    Apply, IdentityProvider, Mapping, MappingConfig, MappingType, ObjectMapping, OktaSettings,
    UsernameFormat,
};
use super::locate::Locator;
use super::origin::{Field, ObjectOrigin, Origin, Origins, deserialize};
use crate::diagnostics::{Code, Diagnostic, escape_pointer_token};
use crate::json::Node;

#[derive(Debug, Default, Deserialize)]
struct AppAttributes {
    attributes: BTreeMap<String, String>,
}

/// The SCIM attribute path an Okta SCIM 2.0 app user attribute is sent as.
pub fn scim_path_of_app_attribute(name: &str) -> Option<&'static str> {
    static TABLE: OnceLock<AppAttributes> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            serde_json::from_str(include_str!("data/okta-app-attributes.json")).unwrap_or_default()
        })
        .attributes
        .get(name)
        .map(String::as_str)
}

fn problem(locator: &Locator<'_>, pointer: &str, message: impl Into<String>) -> Diagnostic {
    let (s, e) = locator.range(pointer);
    Diagnostic::new(Code::MappingInvalid, pointer, message).with_range(s, e)
}

/// Reads the mapping at the locator's root.
pub(crate) fn import(
    locator: &Locator<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<(MappingConfig, Origins)> {
    let root = locator.root();
    let object_type = |key: &str| {
        root.get(key)
            .and_then(|n| n.get("type"))
            .and_then(Node::as_str)
            .map(|s| s.to_ascii_lowercase())
    };
    if object_type("source").as_deref() == Some("appuser")
        || object_type("target").as_deref() == Some("user")
    {
        diags.push(problem(
            locator,
            "/source",
            "this mapping goes from the app to Okta (App to Okta); scimkit simulates what Okta sends to the app: export the Okta to App mapping instead",
        ));
        return None;
    }
    let mut config = MappingConfig::new(IdentityProvider::Okta);
    let mut origins = Origins::default();
    let mut settings = OktaSettings::default();
    let template = root
        .get("credentials")
        .and_then(|c| c.get("userNameTemplate"))
        .map(|n| (n, "/credentials/userNameTemplate"))
        .or_else(|| {
            root.get("userNameTemplate")
                .map(|n| (n, "/userNameTemplate"))
        });
    if let Some((node, pointer)) = template {
        if let Some(f) = deserialize::<UsernameFormat>(
            locator,
            node,
            pointer,
            "the application username template",
            diags,
        ) {
            origins.username_format_verbatim =
                matches!(f.0, super::okta::AppUsernameFormat::Custom(_));
            origins.username_format = format!("{pointer}/template");
            settings.username_format = f;
        }
    } else {
        origins.username_format = "/properties".into();
    }
    config.okta = settings;

    let Some(properties) = root.get("properties").and_then(Node::as_object) else {
        diags.push(problem(
            locator,
            "/properties",
            "`properties` must be an object of app attributes, each {\"expression\": …, \"pushStatus\": …}",
        ));
        return None;
    };
    let mut object = ObjectMapping {
        name: Some("Okta User to App attribute mappings".into()),
        enabled: true,
        ..ObjectMapping::default()
    };
    let mut origin = ObjectOrigin {
        object: "/properties".into(),
        list: "/properties".into(),
        mappings: Vec::new(),
    };
    let mut has_username = false;
    for member in properties {
        let key = member.key().decode().into_owned();
        let base = format!("/properties/{}", escape_pointer_token(&key));
        if member.value.is_null() {
            continue;
        }
        let Some(expression) = member
            .value
            .get("expression")
            .and_then(Node::as_str)
            .map(std::borrow::Cow::into_owned)
        else {
            diags.push(problem(
                locator,
                &base,
                format!("the mapping of `{key}` has no \"expression\" string"),
            ));
            continue;
        };
        let push = member
            .value
            .get("pushStatus")
            .and_then(Node::as_str)
            .unwrap_or_default();
        let apply = match push.as_ref() {
            "DONT_PUSH" => Apply::OnCreate,
            "PUSH" | "" => Apply::Always,
            other => {
                diags.push(
                    problem(
                        locator,
                        &format!("{base}/pushStatus"),
                        format!("pushStatus `{other}` is not PUSH or DONT_PUSH; read as PUSH"),
                    )
                    .with_severity(crate::Severity::Warning),
                );
                Apply::Always
            }
        };
        let target = scim_path_of_app_attribute(&key).unwrap_or(&key).to_string();
        has_username |= target == "userName";
        object.mappings.push(Mapping {
            matching_precedence: (target == "userName").then_some(1),
            target,
            kind: Some(MappingType::Expression),
            expression: Some(expression),
            apply,
            label: Some(key.clone()),
            ..Mapping::default()
        });
        origin.mappings.push(Origin {
            fields: vec![
                (Field::Expression, format!("{base}/expression")),
                (Field::Apply, format!("{base}/pushStatus")),
            ],
            verbatim: vec![Field::Expression],
            base,
        });
    }
    if !has_username {
        object.mappings.insert(
            0,
            Mapping {
                target: "userName".into(),
                kind: Some(MappingType::AppUsername),
                matching_precedence: Some(1),
                label: Some("userName".into()),
                ..Mapping::default()
            },
        );
        let at = origins.username_format.clone();
        origin.mappings.insert(
            0,
            Origin {
                fields: vec![(Field::Expression, at.clone())],
                verbatim: if origins.username_format_verbatim {
                    vec![Field::Expression]
                } else {
                    Vec::new()
                },
                base: at,
            },
        );
    }
    config.users = Some(object);
    origins.users = origin;
    Some((config, origins))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::load::{ConfigFormat, load_text};
    use crate::mapping::okta::AppUsernameFormat;

    #[test]
    fn the_app_attribute_table_parses_strictly() {
        // The lookup falls back to an empty table; this test is what a broken
        // data file fails.
        let table: AppAttributes =
            serde_json::from_str(include_str!("data/okta-app-attributes.json")).unwrap();
        assert!(table.attributes.len() > 10, "{}", table.attributes.len());
        assert_eq!(
            scim_path_of_app_attribute("givenName"),
            Some("name.givenName")
        );
    }

    #[test]
    fn imports_properties_and_template() {
        let text = r#"{
  "id": "prm1", "source": {"id": "oty1", "name": "user", "type": "user"},
  "target": {"id": "0oa1", "name": "scim2app", "type": "appuser"},
  "credentials": {"userNameTemplate": {"template": "${fn:substringBefore(source.email, \"@\")}", "type": "BUILT_IN"}},
  "properties": {
    "givenName": {"expression": "user.firstName", "pushStatus": "PUSH"},
    "email": {"expression": "user.email", "pushStatus": "DONT_PUSH"},
    "badge": {"expression": "user.badge", "pushStatus": "PUSH"},
    "nickName": null
  }
}"#;
        let r = load_text(text);
        assert_eq!(r.format, Some(ConfigFormat::OktaMappings));
        assert!(r.report.diagnostics.is_empty(), "{:#?}", r.report);
        let config = r.config.unwrap();
        assert_eq!(
            config.okta.username_format.0,
            AppUsernameFormat::EmailPrefix
        );
        let m = &config.users.unwrap().mappings;
        assert_eq!(m.len(), 4);
        assert_eq!(m[0].mapping_type(), Some(MappingType::AppUsername));
        assert_eq!(m[1].target, "name.givenName");
        assert_eq!(m[2].target, "emails[primary eq true].value");
        assert_eq!(m[2].apply, Apply::OnCreate);
        assert_eq!(m[3].target, "badge");
    }

    #[test]
    fn app_to_okta_mappings_are_refused() {
        let r = load_text(r#"{"source": {"type": "appuser"}, "properties": {}}"#);
        assert!(r.config.is_none());
        assert_eq!(r.report.diagnostics[0].code, Code::MappingInvalid);
    }
}
