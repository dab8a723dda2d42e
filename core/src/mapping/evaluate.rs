//! Evaluating one compiled mapping for a source object, with each identity
//! provider's rules for null, empty and default values.
//!
//! - Entra ID never sends null (an absent source leaves the attribute out);
//!   a direct mapping of an empty string counts as empty too;
//!   `IgnoreFlowIfNullOrEmpty` drops the attribute; the "Default value if
//!   null" is used only when the object is created (idp-facts §1.2). An
//!   expression that yields `""` is sent as `""`: that is why
//!   `IgnoreFlowIfNullOrEmpty` exists.
//! - Okta leaves out null and empty values (its default `emailType` mapping
//!   yields `''` precisely when there is no e-mail to type); it has no
//!   default values.

use serde_json::Value as Json;

use crate::diagnostics::Report;

use super::Environment;
use super::compile::{Compiled, Program};
use super::config::{IdentityProvider, MappingType};
use super::{entra, okta};

/// What a mapping yields for one source object.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Outcome {
    /// The value to send (Entra: a string or an array of strings; Okta: typed JSON).
    Value(Json),
    /// No value: the attribute is not sent.
    Null,
    /// `IgnoreFlowIfNullOrEmpty` dropped the attribute.
    Omitted,
    /// Evaluation failed (the report's spans are in the expression).
    Failed(Report),
}

/// The outcome and how it came about.
#[derive(Debug, Clone)]
pub(crate) struct Evaluated {
    pub outcome: Outcome,
    /// Why the value is what it is, for the trace.
    pub note: Option<String>,
    /// Warnings from the evaluator (Okta's `null + "x"`), spans in the expression.
    pub warnings: Vec<crate::Diagnostic>,
}

impl Evaluated {
    fn plain(outcome: Outcome) -> Evaluated {
        Evaluated {
            outcome,
            note: None,
            warnings: Vec::new(),
        }
    }
}

/// The object expressions read: Okta's Users API shape `{"id", "profile":
/// {…}}` reads the profile; anything else is read as it is.
pub(crate) fn profile_of(idp: IdentityProvider, source: &Json) -> &Json {
    match (idp, source.get("profile")) {
        (IdentityProvider::Okta, Some(p)) if p.is_object() => p,
        _ => source,
    }
}

/// Evaluates `c` for `source` (already reduced with [`profile_of`]).
/// `create` says whether defaults apply.
pub(crate) fn evaluate(
    c: &Compiled<'_, '_>,
    idp: IdentityProvider,
    source: &Json,
    env: &Environment,
    create: bool,
) -> Evaluated {
    let mut evaluated = match &c.program {
        Program::Entra(e) => match e.evaluate(source, env) {
            Ok(entra::Outcome::Omitted) => Evaluated {
                outcome: Outcome::Omitted,
                note: Some("IgnoreFlowIfNullOrEmpty: the value is null or empty, so the attribute is not sent".into()),
                warnings: Vec::new(),
            },
            Ok(entra::Outcome::Value(v)) => {
                let direct = c.kind == Some(MappingType::Direct);
                if v.is_null() || (direct && v.is_null_or_empty()) {
                    Evaluated {
                        outcome: Outcome::Null,
                        note: Some(empty_note(c)),
                        warnings: Vec::new(),
                    }
                } else {
                    Evaluated::plain(Outcome::Value(v.to_json()))
                }
            }
            Err(report) => Evaluated::plain(Outcome::Failed(report)),
        },
        Program::Okta(e) => match e.evaluate(source, env) {
            Ok(ev) => okta_value(c, ev),
            Err(report) => Evaluated::plain(Outcome::Failed(report)),
        },
        Program::AppUsername(format) => match format.compute(source, env) {
            Ok(ev) => {
                let mut out = okta_value(c, ev);
                if out.outcome == Outcome::Null {
                    out.note = Some(format!(
                        "the application username format \"{}\" ({}) gives no value for this user",
                        format.label(),
                        format.template()
                    ));
                }
                out
            }
            Err(report) => Evaluated::plain(Outcome::Failed(report)),
        },
        Program::Constant(v) => Evaluated::plain(Outcome::Value(Json::String(v.clone()))),
        Program::Nothing => Evaluated {
            outcome: Outcome::Null,
            note: (c.kind == Some(MappingType::None))
                .then(|| "mapping type None: the target is left alone".to_string()),
            warnings: Vec::new(),
        },
    };
    if idp == IdentityProvider::Entra && evaluated.outcome == Outcome::Null {
        if let Some(default) = &c.mapping.default_value {
            if create {
                evaluated.outcome = Outcome::Value(Json::String(default.clone()));
                evaluated.note = Some(match evaluated.note {
                    Some(n) => format!("{n}; \"Default value if null\" used (on create only)"),
                    None => "\"Default value if null\" used (on create only)".to_string(),
                });
            } else {
                evaluated.note = Some(match evaluated.note {
                    Some(n) => format!("{n}; the default value applies only on create"),
                    None => "the default value applies only on create".to_string(),
                });
            }
        }
    }
    evaluated
}

fn okta_value(c: &Compiled<'_, '_>, ev: okta::Evaluation) -> Evaluated {
    let empty = match &ev.value {
        okta::Value::Null => true,
        okta::Value::String(s) => s.is_empty(),
        okta::Value::Array(items) => items.is_empty(),
        _ => false,
    };
    Evaluated {
        outcome: if empty {
            Outcome::Null
        } else {
            Outcome::Value(ev.value.to_json())
        },
        note: empty.then(|| empty_note(c)),
        warnings: ev.warnings,
    }
}

fn empty_note(c: &Compiled<'_, '_>) -> String {
    // An expression that is just a reference reads like a direct mapping.
    let reference = match &c.program {
        Program::Entra(e) => match &e.root().kind {
            entra::ExprKind::Attribute(name) => Some(name.clone()),
            _ => None,
        },
        Program::Okta(e) => match &e.root().kind {
            okta::ExprKind::Ref(path) => Some(path.join(".")),
            _ => None,
        },
        _ => None,
    };
    match c.direct_source().map(str::to_string).or(reference) {
        Some(source) => format!("source `{source}` is empty: not sent"),
        None => "the value is empty: not sent".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::compile::compile_object;
    use crate::mapping::config::ObjectType;
    use crate::mapping::load::Loaded;
    use crate::schema::Registry;

    fn outcomes(config: &str, user: Json, create: bool) -> Vec<Outcome> {
        let config = serde_json::from_str(config).unwrap();
        let loaded = Loaded::typed(config);
        let registry = Registry::builtin();
        let mut diags = Vec::new();
        let object = compile_object(&loaded, &registry, ObjectType::User, &mut diags).unwrap();
        assert!(diags.is_empty(), "{diags:#?}");
        let idp = loaded.config.identity_provider;
        object
            .mappings
            .iter()
            .map(|c| {
                evaluate(
                    c,
                    idp,
                    profile_of(idp, &user),
                    &Environment::default(),
                    create,
                )
                .outcome
            })
            .collect()
    }

    #[test]
    fn entra_nulls_defaults_and_omissions() {
        let config = r#"{"identityProvider": "entra", "users": {"mappings": [
            {"target": "title", "source": "jobTitle", "defaultValue": "Staff"},
            {"target": "nickName", "expression": "IgnoreFlowIfNullOrEmpty([nick])"},
            {"target": "displayName", "source": "displayName"},
            {"target": "locale", "expression": "Switch([x], \"\", \"a\", \"b\")"},
            {"target": "userType", "type": "none", "defaultValue": "Employee"}
        ]}}"#;
        let user = serde_json::json!({"displayName": ""});
        assert_eq!(
            outcomes(config, user.clone(), true),
            vec![
                Outcome::Value(Json::from("Staff")),
                Outcome::Omitted,
                Outcome::Null,
                Outcome::Value(Json::from("")),
                Outcome::Value(Json::from("Employee")),
            ]
        );
        let update = outcomes(config, user, false);
        assert_eq!(update[0], Outcome::Null);
        assert_eq!(update[4], Outcome::Null);
    }

    #[test]
    fn okta_reads_the_profile_and_drops_empty_values() {
        let config = r#"{"identityProvider": "okta", "okta": {"usernameFormat": "emailPrefix"},
          "users": {"mappings": [
            {"target": "userName", "type": "appUsername"},
            {"target": "emails[primary eq true].type", "expression": "(user.email != null && user.email != '') ? 'work' : ''"},
            {"target": "active", "expression": "true"}
        ]}}"#;
        let user = serde_json::json!({"id": "00u1", "profile": {"email": "abc@okta.com"}});
        assert_eq!(
            outcomes(config, user, true),
            vec![
                Outcome::Value(Json::from("abc")),
                Outcome::Value(Json::from("work")),
                Outcome::Value(Json::Bool(true)),
            ]
        );
        let none = outcomes(config, serde_json::json!({"profile": {}}), true);
        assert_eq!(none[0], Outcome::Null);
        assert_eq!(none[1], Outcome::Null);
    }
}
