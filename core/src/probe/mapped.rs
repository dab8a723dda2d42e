//! `--mapping`/`--user`: the requests the admin's own attribute mapping makes
//! for a source user, built by the mapping simulator, sent by the probe in
//! place of its built-in bodies. The admin tests what their identity
//! provider will really send, not what scimkit would.
//!
//! The simulated user is renamed before anything is sent: every value that
//! could match an existing account (userName, externalId, every e-mail,
//! employeeNumber, any attribute the server's schema declares unique, and
//! any other string that looks like an e-mail address) is replaced by a
//! made-up `scimkit-probe-<run>-…` value, e-mails on the reserved domain
//! `example.com` (RFC 2606), so a server that links creates to existing
//! accounts never hands the probe a real one, no invitation reaches a real
//! person, and the cleanup finds what the probe made. The source user only
//! shapes the requests.

use serde_json::Value;

use crate::detect::Sender;
use crate::diagnostics::{Diagnostic, Severity};
use crate::mapping::{
    ApplyOptions, ApplyResult, Environment, IdentityProvider, Method, Operation, apply, apply_text,
    load_text,
};
use crate::schema::{Registry, Uniqueness};

/// The id the simulator is given for the user before the server assigns
/// one; replaced by the real id once the create answers.
pub(super) const ID_PLACEHOLDER: &str = "scimkit-probe-id-placeholder";

/// A mapping that could not be simulated: the probe does not run.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct MappingError {
    /// One sentence for the admin.
    pub message: String,
    /// The configuration's or the source user's diagnostics (pointers and
    /// positions into that file; `in_user` says which).
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the diagnostics point into the source user (else the mapping).
    pub in_user: bool,
}

impl std::fmt::Display for MappingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for MappingError {}

/// One request of the mapping's, as the probe sends it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct MappedRequest {
    pub(super) method: &'static str,
    pub(super) body: Value,
}

/// What the mapping sends for the source user.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Mapped {
    /// The identity provider the mapping is for, in the form it sends.
    pub(super) sender: Sender,
    /// The create (POST) body.
    pub(super) create: Value,
    /// The update (PATCH of every mapped attribute, or Okta's PUT).
    pub(super) update: Option<MappedRequest>,
    /// The deactivation.
    pub(super) deactivate: Option<MappedRequest>,
    /// The lookup filter with the highest matching precedence (read-only).
    pub(super) lookup: Option<String>,
    /// The simulator's findings on the requests, each saying which request.
    pub(super) findings: Vec<Diagnostic>,
}

/// Simulates `config` (any format `scimkit map` reads) on the source user
/// `user` (JSON) for create, update and deactivate.
pub(super) fn simulate(config: &str, user: &str, seed: u64) -> Result<Mapped, MappingError> {
    let env = Environment::default().with_seed(seed);
    let options = |operation| {
        ApplyOptions::new(operation)
            .with_env(env)
            .with_resource_id(ID_PLACEHOLDER)
    };
    // The create from the texts, so that every problem with the mapping or
    // the user has a line and column; the other operations from what that
    // read, once.
    let create = apply_text(config, user, &options(Operation::Create));
    if !create.report.valid || !create.source_report.valid {
        let in_user = create.report.valid;
        let report = if in_user {
            create.source_report
        } else {
            create.report
        };
        return Err(MappingError {
            message: if in_user {
                "the source user does not fit the mapping; `scimkit map apply` shows why".into()
            } else {
                "the mapping has errors; `scimkit map check` shows them".into()
            },
            diagnostics: report.diagnostics,
            in_user,
        });
    }
    let (Some(config), Ok(source)) = (load_text(config).config, crate::json::parse_value(user))
    else {
        return Err(MappingError {
            message: "the mapping cannot be read; `scimkit map check` shows why".into(),
            diagnostics: create.report.diagnostics,
            in_user: false,
        });
    };
    let Some(create_body) = create.request(Method::Post).and_then(|r| r.body.clone()) else {
        return Err(MappingError {
            message: "the mapping sends no create (POST) for this user: is it in scope?".into(),
            diagnostics: create.report.diagnostics,
            in_user: false,
        });
    };
    let mut findings = said_of(&create, "the create");
    let update = apply(&config, &source, &options(Operation::Update));
    findings.extend(said_of(&update, "the update"));
    let deactivate = apply(&config, &source, &options(Operation::Deactivate));
    findings.extend(said_of(&deactivate, "the deactivation"));
    let lookup = create
        .lookups
        .iter()
        .min_by_key(|l| l.precedence)
        .map(|l| l.filter.clone());
    Ok(Mapped {
        sender: sender_of(config.identity_provider, config.entra.aad_optscim062020),
        create: create_body,
        update: writing(&update),
        deactivate: writing(&deactivate),
        lookup,
        findings,
    })
}

/// The first PATCH or PUT of a simulated operation.
fn writing(result: &ApplyResult) -> Option<MappedRequest> {
    result
        .requests
        .iter()
        .find(|r| matches!(r.method, Method::Patch | Method::Put))
        .and_then(|r| {
            Some(MappedRequest {
                method: r.method.as_str(),
                body: r.body.clone()?,
            })
        })
}

/// The simulator's errors and warnings on an operation's requests, each
/// saying which request it is about (the pointers are into that body).
fn said_of(result: &ApplyResult, what: &str) -> Vec<Diagnostic> {
    result
        .requests
        .iter()
        .filter(|r| r.body.is_some())
        .flat_map(|r| {
            r.report
                .diagnostics
                .iter()
                // The sender's quirks are what the identity provider sends
                // whatever the mapping says; the probe judges the server on them.
                .filter(|d| d.severity != Severity::Info && !d.code.as_str().starts_with("quirk-"))
                .map(move |d| {
                    let mut d = d.clone();
                    d.message = format!("{what} ({} {}): {}", r.method.as_str(), r.path, d.message);
                    d.span = None;
                    d
                })
        })
        .collect()
}

/// The attributes that identify an account whatever the schema says.
const IDENTIFYING: &[&str] = &["userName", "externalId", "employeeNumber"];

/// Multi-valued attributes whose `value`s identify an account (and reach a
/// person): e-mails and phone numbers.
const IDENTIFYING_VALUES: &[&str] = &["emails", "phoneNumbers"];

/// The names of the User attributes (core and extensions, top level and
/// sub-attributes) that `registry` declares unique (`uniqueness` server or
/// global).
pub(super) fn unique_attributes(registry: &Registry) -> Vec<String> {
    let mut names = Vec::new();
    let Some(user) = registry.resource_type("User") else {
        return names;
    };
    let uris =
        std::iter::once(&user.schema).chain(user.schema_extensions.iter().map(|e| &e.schema));
    for uri in uris {
        let Some(schema) = registry.schema(uri) else {
            continue;
        };
        for attribute in &schema.attributes {
            for a in std::iter::once(attribute).chain(&attribute.sub_attributes) {
                if a.uniqueness != Uniqueness::None && !names.contains(&a.name) {
                    names.push(a.name.clone());
                }
            }
        }
    }
    names
}

/// Collects into `out` (once each, in order) every string of `body` that
/// could match an existing account: the values of identifying or `unique`
/// attributes, e-mail values, the values of PATCH operations whose path
/// names one, and anything shaped like an e-mail address.
pub(super) fn identifying(body: &Value, unique: &[String], out: &mut Vec<String>) {
    let named = |name: &str| {
        IDENTIFYING.iter().any(|i| i.eq_ignore_ascii_case(name))
            || unique.iter().any(|u| u.eq_ignore_ascii_case(name))
            // The manager names another account: a made-up value, never a
            // real person's id, is sent.
            || name.eq_ignore_ascii_case("manager")
    };
    let holds_values = |name: &str| {
        IDENTIFYING_VALUES
            .iter()
            .any(|a| a.eq_ignore_ascii_case(name))
    };
    let mut add = |text: &str| {
        if !text.is_empty() && !out.iter().any(|o| o == text) {
            out.push(text.to_string());
        }
    };
    // Bounded by the body, which the simulator built within its limits;
    // the walk is a stack, not recursion. The flag: the values here are
    // e-mails, phone numbers or the manager's.
    let mut stack = vec![(body, false)];
    while let Some((value, in_values)) = stack.pop() {
        match value {
            // Also an address inside a longer text ("UPN: a@b.example").
            Value::String(s) => email_words(s).for_each(&mut add),
            Value::Array(items) => stack.extend(items.iter().map(|v| (v, in_values))),
            Value::Object(map) => {
                // A PATCH operation: the path names the attribute.
                let path = map.get("path").and_then(Value::as_str).unwrap_or("");
                let first = path.split(['[', '.']).next().unwrap_or("");
                let first = first.rsplit(':').next().unwrap_or("");
                let last = path
                    .rsplit([':', '.'])
                    .next()
                    .unwrap_or("")
                    .split('[')
                    .next()
                    .unwrap_or("");
                let op_identifies =
                    map.contains_key("op") && (named(last) || named(first) || holds_values(first));
                for (key, v) in map {
                    let identifies = named(key)
                        || (in_values && key.eq_ignore_ascii_case("value"))
                        || (op_identifies && key == "value");
                    match v {
                        Value::String(s) if identifies => add(s),
                        _ => stack.push((
                            v,
                            holds_values(key)
                                || key.eq_ignore_ascii_case("manager")
                                || (op_identifies && key == "value"),
                        )),
                    }
                }
            }
            _ => {}
        }
    }
}

/// The words of `text` shaped like e-mail addresses.
fn email_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || ",;<>()[]\"':".contains(c))
        .filter(|w| looks_like_email(w))
}

/// Whether `text` looks like an e-mail address (something@domain.tld).
fn looks_like_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !text.contains(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    }
}

/// The made-up value for each original, in the probe's namespace: e-mails
/// as `<made_up>-<n>@example.com`, phone numbers as fictional `+1 555 01nn`,
/// everything else as `<made_up>-<n>`.
pub(super) fn rewrites(originals: &[String], made_up: &str) -> Vec<(String, String)> {
    originals
        .iter()
        .enumerate()
        .map(|(i, original)| {
            let n = i + 1;
            let digits = original.chars().filter(char::is_ascii_digit).count();
            let phone = digits >= 6
                && original
                    .chars()
                    .all(|c| c.is_ascii_digit() || " +-().".contains(c));
            let to = if original.contains('@') {
                format!("{made_up}-{n}@example.com")
            } else if phone {
                // 555-0100 to 555-0199 are reserved for fiction (NANP), so a
                // server that checks the shape of a number still takes it.
                format!("+1 555 01{:02}", n % 100)
            } else {
                format!("{made_up}-{n}")
            };
            (original.clone(), to)
        })
        .collect()
}

/// `value` with every string equal to one of `from` replaced by its `to`,
/// and e-mail addresses (a `from` holding `@`) also inside longer strings.
pub(super) fn renamed(value: &Value, pairs: &[(&str, &str)]) -> Value {
    match value {
        Value::String(s) => match pairs.iter().find(|(from, _)| from == s) {
            Some((_, to)) => Value::String((*to).to_string()),
            None => {
                let mut text = s.clone();
                for (from, to) in pairs.iter().filter(|(from, _)| from.contains('@')) {
                    if text.contains(from) {
                        text = text.replace(from, to);
                    }
                }
                Value::String(text)
            }
        },
        Value::Array(items) => Value::Array(items.iter().map(|v| renamed(v, pairs)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), renamed(v, pairs)))
                .collect(),
        ),
        _ => value.clone(),
    }
}

/// The form a mapping's identity provider sends in.
fn sender_of(identity_provider: IdentityProvider, aad_optscim062020: bool) -> Sender {
    match identity_provider {
        IdentityProvider::Okta => Sender::Okta,
        IdentityProvider::Entra if aad_optscim062020 => Sender::EntraScimCompliant,
        IdentityProvider::Entra => Sender::Entra,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const OKTA: &str = include_str!("../mapping/presets/okta-scim.json");
    const OKTA_USER: &str = include_str!("../mapping/presets/okta-user.json");
    const ENTRA: &str = include_str!("../mapping/presets/entra-scim.json");
    const ENTRA_USER: &str = include_str!("../mapping/presets/entra-user.json");

    #[test]
    fn okta_sends_a_put_for_updates_and_looks_the_user_up_by_user_name() {
        let mapped = simulate(OKTA, OKTA_USER, 3).unwrap();
        assert_eq!(mapped.sender, Sender::Okta);
        assert_eq!(mapped.create["userName"], json!("ada.lovelace@example.com"));
        assert_eq!(mapped.update.as_ref().map(|r| r.method), Some("PUT"));
        assert_eq!(
            mapped.lookup.as_deref(),
            Some("userName eq \"ada.lovelace@example.com\"")
        );
        // The PUT names the simulator's placeholder id, replaced when sent.
        let update = mapped.update.unwrap();
        assert_eq!(update.body["id"], json!(ID_PLACEHOLDER));
    }

    #[test]
    fn entra_sends_patches_and_its_quirks_are_not_findings() {
        let mapped = simulate(ENTRA, ENTRA_USER, 3).unwrap();
        assert_eq!(mapped.sender, Sender::Entra);
        assert_eq!(mapped.update.as_ref().map(|r| r.method), Some("PATCH"));
        assert_eq!(mapped.deactivate.as_ref().map(|r| r.method), Some("PATCH"));
        assert!(
            mapped
                .findings
                .iter()
                .all(|d| !d.code.as_str().starts_with("quirk-")),
            "{:?}",
            mapped.findings
        );
        // Each finding says which request it is about.
        assert!(
            mapped
                .findings
                .iter()
                .all(|d| d.message.starts_with("the "))
        );
    }

    #[test]
    fn a_broken_mapping_or_user_is_an_error_with_positions_in_its_file() {
        let broken = r#"{"identityProvider": "entra", "users": {"mappings": [
            {"target": "userName", "type": "expression", "expression": "Join(", "matchingPrecedence": 1}]}}"#;
        let e = simulate(broken, ENTRA_USER, 0).unwrap_err();
        assert!(!e.in_user);
        let syntax = e
            .diagnostics
            .iter()
            .find(|d| d.code == crate::Code::ExprSyntax);
        assert_eq!(syntax.and_then(|d| d.span.map(|s| s.line)), Some(2));
        let e = simulate(ENTRA, "{not json", 0).unwrap_err();
        assert!(e.in_user);
        assert!(!e.diagnostics.is_empty());
    }

    #[test]
    fn renaming_replaces_whole_strings_only() {
        let body =
            json!({"userName": "ada", "emails": [{"value": "ada"}], "displayName": "ada lovelace"});
        let renamed = renamed(&body, &[("ada", "scimkit-probe-1-ada")]);
        assert_eq!(
            renamed,
            json!({"userName": "scimkit-probe-1-ada", "emails": [{"value": "scimkit-probe-1-ada"}], "displayName": "ada lovelace"})
        );
    }
}
