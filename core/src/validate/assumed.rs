//! What a check assumed where its caller left a choice open: the context a
//! body was checked in and the resource type it was read as, whether each
//! was given or detected, and the other contexts the same body may be meant
//! for. Front ends state it next to the verdict ("create (POST) · User ·
//! strict RFC") so an admin sees what the verdict is about, and can switch
//! when detection guessed wrong (issue 25: an Okta PUT body, detected as a
//! create, got a warning it would not get as a replace).

use serde::Serialize;

use super::resource::Inferred;
use super::{Context, ValidateOptions};
use crate::dialect::Dialect;
use crate::json::Node;
use crate::schema::Registry;

/// What a check of a document assumed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Assumed {
    /// The context the document was checked in.
    pub context: Context,
    /// Whether `context` was detected from the document (not given).
    pub context_detected: bool,
    /// The resource type it was read as, when one applies and is known.
    pub resource_type: Option<String>,
    /// Whether `resource_type` was detected (not given): from `schemas`, or
    /// guessed from the attributes when `schemas` names none.
    pub resource_type_detected: bool,
    /// Whether the document has no usable `schemas` (absent, empty or not
    /// an array): what was detected then comes from its attributes (the
    /// resource type) or the default (a resource body).
    pub schemas_missing: bool,
    /// Whose rules: `strict`, `entra` or `okta`.
    pub dialect: Dialect,
    /// The service-provider profile checked on top, by name.
    pub profile: Option<String>,
    /// Other contexts the document may be meant for, the likeliest first;
    /// only when the context was detected.
    pub alternatives: Vec<Alternative>,
}

/// Another context a detected document may be meant for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Alternative {
    /// The context.
    pub context: Context,
    /// Why it may be meant, in a sentence an admin reads.
    pub reason: String,
}

/// What checking `root` with `options` assumes (the same detection
/// [`Validator::validate_node`](super::Validator::validate_node) does).
pub fn assumed(registry: &Registry, root: &Node<'_>, options: &ValidateOptions<'_>) -> Assumed {
    let detected = Context::detect(root);
    let context = options.context.unwrap_or(detected);
    let resource_body = matches!(
        context,
        Context::Create | Context::Replace | Context::Response | Context::Patch
    );
    // As validation reads it (an unknown name given is reported there).
    let resource_type = match options.resource_type {
        Some(name) => registry.resource_type(name),
        None if resource_body && context != Context::Patch => {
            match super::resource::infer_resource_type(registry, root) {
                Inferred::Named(rt) | Inferred::Misspelt(rt) | Inferred::Guessed(rt) => Some(rt),
                Inferred::UnknownSchemas | Inferred::Unknown => None,
            }
        }
        None => None,
    };
    let schemas_missing = root
        .get_ignore_case("schemas")
        .and_then(Node::as_array)
        .is_none_or(|a| a.is_empty());
    let alternatives = if options.context.is_none() && context == Context::Create {
        resource_alternatives(root)
    } else {
        Vec::new()
    };
    Assumed {
        context,
        context_detected: options.context.is_none(),
        resource_type_detected: options.resource_type.is_none() && resource_type.is_some(),
        schemas_missing,
        resource_type: resource_type.map(|rt| rt.name.clone()),
        dialect: options.dialect,
        profile: options.profile.map(|p| p.name.clone()),
        alternatives,
    }
}

/// What a PATCH assumes: applied to `resource_text` (JSON), of
/// `resource_type` when named, else of the type its `schemas` name, in
/// `dialect`. The PATCH context is always given; the resource type may be
/// detected.
pub fn assumed_patch(
    registry: &Registry,
    resource_text: &str,
    resource_type: Option<&str>,
    dialect: Dialect,
) -> Assumed {
    let found = match resource_type {
        Some(name) => registry.resource_type(name),
        None => crate::json::parse(resource_text)
            .ok()
            .and_then(|node| registry.resource_type_of(&node)),
    };
    Assumed {
        context: Context::Patch,
        context_detected: false,
        resource_type_detected: resource_type.is_none() && found.is_some(),
        schemas_missing: false,
        resource_type: found.map(|rt| rt.name.clone()),
        dialect,
        profile: None,
        alternatives: Vec::new(),
    }
}

/// A resource body read as a create: a body with an `id` is likelier a PUT
/// (Okta updates a user by PUT with the whole resource) or a server's answer.
fn resource_alternatives(root: &Node<'_>) -> Vec<Alternative> {
    let has_id = root.get_ignore_case("id").is_some();
    let has_meta = root.get_ignore_case("meta").is_some();
    let replace = Alternative {
        context: Context::Replace,
        reason: if has_id {
            "it carries an `id`, as a PUT does (Okta updates a user by PUT with the whole resource)"
                .to_owned()
        } else {
            "if it is the body of a PUT".to_owned()
        },
    };
    let response = Alternative {
        context: Context::Response,
        reason: if has_meta {
            "it carries `meta`, which the service provider writes in its answers".to_owned()
        } else {
            "if it is what the service provider answered".to_owned()
        },
    };
    if has_meta && !has_id {
        vec![response, replace]
    } else {
        vec![replace, response]
    }
}

impl Assumed {
    /// The assumptions in a line: `create (POST) · User · strict RFC`,
    /// `PATCH on User · Entra ID dialect`, with the profile last.
    pub fn describe(&self) -> String {
        let mut parts = vec![self.subject()];
        parts.push(self.dialect.rules().to_owned());
        if let Some(p) = &self.profile {
            parts.push(format!("profile {p}"));
        }
        parts.join(" · ")
    }

    /// What was checked, without whose rules: `create (POST) · User`,
    /// `PATCH on User`, `list response`.
    pub fn subject(&self) -> String {
        match (&self.resource_type, self.context) {
            (Some(rt), Context::Patch) => format!("PATCH on {rt}"),
            (Some(rt), c) => format!("{} · {rt}", c.label()),
            (None, c) => c.label().to_owned(),
        }
    }

    /// What was detected rather than given, in a sentence, or `None` when
    /// the caller chose everything.
    pub fn detected(&self) -> Option<String> {
        let resource_type = self.resource_type_detected && self.resource_type.is_some();
        let what = match (self.context_detected, resource_type) {
            (true, true) => "the context and the resource type",
            (true, false) => "the context",
            (false, true) => "the resource type",
            (false, false) => return None,
        };
        Some(match (self.schemas_missing, resource_type) {
            (false, _) => format!("Detected {what} from `schemas`."),
            (true, true) => {
                format!("Detected {what}: there is no `schemas`, so the attributes decided.")
            }
            (true, false) => {
                format!("Detected {what}: there is no `schemas`, so it is read as a resource.")
            }
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn of(text: &str, options: &ValidateOptions<'_>) -> Assumed {
        let root = crate::json::parse(text).unwrap();
        assumed(&Registry::builtin(), &root, options)
    }

    const USER: &str =
        r#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "a"}"#;
    const OKTA_PUT: &str = r#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "1", "userName": "a", "active": true}"#;

    #[test]
    fn a_detected_resource_body_is_a_create_with_a_switch() {
        let a = of(USER, &ValidateOptions::detect());
        assert_eq!(a.context, Context::Create);
        assert!(a.context_detected);
        assert_eq!(a.resource_type.as_deref(), Some("User"));
        assert!(a.resource_type_detected);
        assert_eq!(a.describe(), "create (POST) · User · strict RFC");
        assert_eq!(a.subject(), "create (POST) · User");
        assert_eq!(
            a.detected().as_deref(),
            Some("Detected the context and the resource type from `schemas`.")
        );
        let contexts: Vec<Context> = a.alternatives.iter().map(|x| x.context).collect();
        assert_eq!(contexts, [Context::Replace, Context::Response]);
        assert_eq!(a.alternatives[0].reason, "if it is the body of a PUT");
    }

    #[test]
    fn an_okta_put_body_points_to_replace() {
        let a = of(OKTA_PUT, &ValidateOptions::detect());
        assert_eq!(a.alternatives[0].context, Context::Replace);
        assert!(
            a.alternatives[0].reason.contains("carries an `id`"),
            "{}",
            a.alternatives[0].reason
        );
    }

    #[test]
    fn chosen_context_and_dialect_are_stated_without_alternatives() {
        let mut o = ValidateOptions::new(Context::Patch).with_dialect(Dialect::Entra);
        o.resource_type = Some("Users");
        let a = of(
            r#"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": []}"#,
            &o,
        );
        assert_eq!(a.describe(), "PATCH on User · Entra ID dialect");
        assert!(a.alternatives.is_empty());
        assert_eq!(a.detected(), None);
    }

    #[test]
    fn a_body_without_schemas_is_read_as_validation_reads_it() {
        let a = of(
            r#"{"userName": "a", "bogus": 1}"#,
            &ValidateOptions::detect(),
        );
        assert_eq!(a.describe(), "create (POST) · User · strict RFC");
        assert!(a.schemas_missing);
        assert_eq!(
            a.detected().as_deref(),
            Some(
                "Detected the context and the resource type: there is no `schemas`, so the attributes decided."
            )
        );
        let misspelt = of(
            r#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Usr"], "userName": "a"}"#,
            &ValidateOptions::detect(),
        );
        assert_eq!(misspelt.resource_type.as_deref(), Some("User"));
        assert!(!misspelt.schemas_missing);
        // Nothing known: no type, and none claimed detected.
        let none = of(r#"{"x": 1}"#, &ValidateOptions::detect());
        assert_eq!(none.resource_type, None);
        assert!(!none.resource_type_detected);
        assert_eq!(
            none.detected().as_deref(),
            Some("Detected the context: there is no `schemas`, so it is read as a resource.")
        );
        // An unknown name given is validation's to report; it is not stated.
        let mut o = ValidateOptions::detect();
        o.resource_type = Some("Nope");
        assert_eq!(of(USER, &o).resource_type, None);
    }

    #[test]
    fn a_patch_is_on_the_resource_it_applies_to() {
        let registry = Registry::builtin();
        let a = assumed_patch(&registry, USER, None, Dialect::Entra);
        assert_eq!(a.describe(), "PATCH on User · Entra ID dialect");
        assert_eq!(
            a.detected().as_deref(),
            Some("Detected the resource type from `schemas`.")
        );
        let named = assumed_patch(&registry, "{oops", Some("Groups"), Dialect::Strict);
        assert_eq!(named.describe(), "PATCH on Group · strict RFC");
        assert_eq!(named.detected(), None);
        assert_eq!(
            assumed_patch(&registry, "[]", None, Dialect::Strict).subject(),
            "PATCH"
        );
    }

    #[test]
    fn messages_have_no_resource_type() {
        let a = of(
            r#"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "Resources": []}"#,
            &ValidateOptions::detect(),
        );
        assert_eq!(a.context, Context::List);
        assert_eq!(a.describe(), "list response · strict RFC");
        assert!(a.alternatives.is_empty());
        assert_eq!(
            a.detected().as_deref(),
            Some("Detected the context from `schemas`.")
        );
    }
}
