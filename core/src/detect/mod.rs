//! Know the identity provider: given a request body (POST, PUT, PATCH) or a
//! filter, say which sender it looks like — an RFC-conformant client,
//! Microsoft Entra ID (default), Entra ID with the `aadOptscim062020`
//! compatibility flag, or Okta — and list every deviation from RFC 7643/7644
//! it contains, each with the RFC section it departs from, what a service
//! provider must accept, and, where the admin can change it, how.
//!
//! Detection runs the same checks as validation in each dialect: a deviation
//! is a `quirk-*` diagnostic that a dialect accepts (the catalog
//! `quirks.json` describes each), and the sender is decided by those quirks
//! plus the shapes each identity provider is documented to send.
//!
//! ```
//! use scimkit::detect::{explain, ExplainOptions, Sender};
//! use scimkit::schema::Registry;
//!
//! let body = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
//!   "Operations":[{"op":"Replace","path":"active","value":"False"}]}"#;
//! let e = explain(&Registry::builtin(), body, &ExplainOptions::default());
//! assert_eq!(e.sender, Sender::Entra);
//! assert!(!e.strict.valid);
//! assert!(e.dialect_verdict.valid);
//! assert_eq!(e.deviations.len(), 2);
//! ```

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Code, Diagnostic, Report, Span};
use crate::dialect::Dialect;
pub use crate::dialect::{Quirk, Sender, quirk, quirks};
use crate::filter::parse_filter_text;
use crate::json::{Kind, Node};
use crate::patch::{check_patch_node, read_resource};
use crate::schema::{Registry, uri};
use crate::validate::{Context, ValidateOptions, Validator};

/// How sure the detection is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Confidence {
    /// Nothing points to a particular sender.
    Low,
    /// Some shapes point to the sender.
    Medium,
    /// A deviation only this sender is known to make.
    High,
}

/// One deviation found in the input.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Deviation {
    /// The quirk's code.
    pub code: Code,
    /// The quirk's name.
    pub title: String,
    /// Where it is (JSON Pointer; `""` for a filter).
    pub path: String,
    /// Where it is in the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// What exactly was found.
    pub message: String,
    /// The RFC section it departs from.
    pub rfc: String,
    /// The dialect that accepts it (`entra`, `okta`).
    pub accepted_by: Dialect,
    /// What the service provider must accept.
    pub service_provider: String,
    /// How the admin changes it on the identity-provider side, when possible.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_provider: Option<String>,
}

/// A shape that points to a sender.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Signal {
    /// The sender it points to.
    pub sender: Sender,
    /// What was seen.
    pub description: String,
    /// Where (JSON Pointer).
    pub path: String,
}

/// What [`explain`] found.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    /// What the input was read as: `filter`, or a validation context name (`create`, `patch`, …).
    pub input: String,
    /// The sender it most looks like.
    pub sender: Sender,
    /// The sender in words.
    pub sender_label: String,
    /// How sure that is.
    pub confidence: Confidence,
    /// Every deviation from RFC 7643/7644 that an identity-provider dialect accepts.
    pub deviations: Vec<Deviation>,
    /// The shapes that decided the sender.
    pub signals: Vec<Signal>,
    /// The verdict of a strict (RFC) service provider.
    pub strict: Report,
    /// The verdict of a service provider that accepts the detected sender's dialect.
    pub dialect_verdict: Report,
}

/// What to explain the input as.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExplainOptions<'a> {
    /// Force reading the input as a filter (`Some(true)`) or a JSON body
    /// (`Some(false)`); by default text that is not JSON is read as a filter.
    pub filter: Option<bool>,
    /// The context of a JSON body; detected from `schemas` by default.
    pub context: Option<Context>,
    /// The resource type the request is sent to.
    pub resource_type: Option<&'a str>,
    /// The resource a PATCH body is applied to (JSON text). With it, the
    /// two verdicts are the reports of applying the PATCH to it, as
    /// `Workspace::apply_patch` gives them (a resource that is not JSON, or
    /// whose type cannot be told, is their diagnostic), so they agree with a
    /// PATCH tool's answer on the same input. The sender is read from the
    /// body alone. Ignored for a body that is not a PATCH.
    pub target: Option<&'a str>,
}

/// Explains a request body or a filter.
pub fn explain(registry: &Registry, text: &str, options: &ExplainOptions<'_>) -> Explanation {
    let trimmed = text.trim_start();
    let looks_like_json = trimmed.starts_with('{') || trimmed.starts_with('[');
    if options.filter.unwrap_or(!looks_like_json) {
        return explain_filter(text);
    }
    match crate::json::parse(text) {
        Ok(root) => explain_document(registry, text, &root, options),
        Err(d) => {
            let report = Report::new(vec![d]);
            finish(
                "document".to_string(),
                Vec::new(),
                Vec::new(),
                report.clone(),
                report,
            )
        }
    }
}

fn explain_filter(text: &str) -> Explanation {
    // A filter copied inside a URL, query string or request line is read as
    // the filter checks read it: the filter it holds, spans into `text`.
    let strict_report =
        Report::new(parse_filter_text(text, Dialect::Strict).diagnostics).locate(text);
    let entra_report =
        Report::new(parse_filter_text(text, Dialect::Entra).diagnostics).locate(text);
    let deviations = deviations_from(&entra_report.diagnostics);
    let signals = deviation_signals(&deviations);
    finish(
        "filter".to_string(),
        deviations,
        signals,
        strict_report,
        entra_report,
    )
}

fn explain_document(
    registry: &Registry,
    text: &str,
    root: &Node<'_>,
    options: &ExplainOptions<'_>,
) -> Explanation {
    let context = options.context.unwrap_or_else(|| Context::detect(root));
    let validator = Validator::new(registry.clone());
    // The sender is read from the body alone, with or without a target: who
    // sent a PATCH does not depend on the resource it lands on.
    let verdict = |dialect: Dialect| -> Report {
        let report = if context == Context::Patch {
            check_patch_node(registry, root, options.resource_type, dialect)
        } else {
            let mut o = ValidateOptions::new(context).with_dialect(dialect);
            o.resource_type = options.resource_type;
            validator.validate_node(root, &o)
        };
        report.locate(text)
    };
    let strict = verdict(Dialect::Strict);
    // A dialect only accepts what strict validation refuses: a document it
    // finds nothing in reads the same in every dialect (tests/tests/
    // documents.rs holds every case and mutation to it), and two walks of a
    // large document are saved. PATCH bodies are checked in every dialect.
    let (entra, okta) = if strict.diagnostics.is_empty() && context != Context::Patch {
        (strict.clone(), strict.clone())
    } else {
        (verdict(Dialect::Entra), verdict(Dialect::Okta))
    };
    let mut all = entra.diagnostics.clone();
    all.extend(okta.diagnostics.iter().cloned());
    let deviations = deviations_from(&all);
    let mut signals = deviation_signals(&deviations);
    shape_signals(root, context, &mut signals);
    let mut explanation = finish(
        context.as_str().to_string(),
        deviations,
        signals,
        strict,
        Report::default(),
    );
    explanation.dialect_verdict = match explanation.sender.dialect() {
        Dialect::Strict => explanation.strict.clone(),
        Dialect::Entra => entra,
        Dialect::Okta => okta,
    };
    // With the resource, the two verdicts are those of applying the PATCH to
    // it: twice at most (strict, and the sender's dialect when it differs),
    // the resource read once. A resource that cannot take the PATCH at all
    // is both verdicts' one diagnostic, as `Workspace::apply_patch` says it.
    if let Some(target) = options.target.filter(|_| context == Context::Patch) {
        let resource = read_resource(registry, target, options.resource_type);
        let verdict_on = |dialect| match &resource {
            Ok(resource) => resource.apply(registry, text, dialect).report,
            Err(message) => Report::new(vec![Diagnostic::new(
                Code::UnknownResourceType,
                "",
                message.clone(),
            )]),
        };
        explanation.strict = verdict_on(Dialect::Strict);
        explanation.dialect_verdict = match explanation.sender.dialect() {
            Dialect::Strict => explanation.strict.clone(),
            dialect => verdict_on(dialect),
        };
        explanation.sender_label = explanation
            .sender
            .label_for(&explanation.input, explanation.strict.valid)
            .to_string();
    }
    explanation
}

/// Each deviation points to the senders the catalog says make it.
fn deviation_signals(deviations: &[Deviation]) -> Vec<Signal> {
    let mut signals = Vec::new();
    for d in deviations {
        for sender in quirk(d.code).map_or(&[][..], |q| q.senders.as_slice()) {
            signals.push(Signal {
                sender: *sender,
                description: d.title.clone(),
                path: d.path.clone(),
            });
        }
    }
    signals
}

/// Entra ID's two modes are one identity provider.
fn same_family(a: Sender, b: Sender) -> bool {
    let family = |s: Sender| match s {
        Sender::Entra | Sender::EntraScimCompliant => 1,
        Sender::Okta => 2,
        Sender::Rfc => 0,
    };
    family(a) == family(b)
}

/// Turns quirk diagnostics into deviations (each code and place once).
fn deviations_from(diagnostics: &[Diagnostic]) -> Vec<Deviation> {
    let mut out: Vec<Deviation> = Vec::new();
    for d in diagnostics {
        let Some(q) = quirk(d.code) else { continue };
        if out.iter().any(|o| o.code == d.code && o.path == d.path) {
            continue;
        }
        out.push(Deviation {
            code: d.code,
            title: q.title.clone(),
            path: d.path.clone(),
            span: d.span,
            message: d.message.clone(),
            rfc: q.rfc.clone(),
            accepted_by: q.dialect,
            service_provider: q.service_provider.clone(),
            identity_provider: q.identity_provider.clone(),
        });
    }
    out
}

/// Shapes each identity provider is documented to send (idp-facts §3, §4).
fn shape_signals(root: &Node<'_>, context: Context, signals: &mut Vec<Signal>) {
    let mut add = |sender: Sender, description: &str, path: &str| {
        signals.push(Signal {
            sender,
            description: description.to_string(),
            path: path.to_string(),
        });
    };
    match context {
        Context::Create => {
            let schemas: Vec<String> = root
                .get_ignore_case("schemas")
                .and_then(Node::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Node::as_str)
                        .map(|s| s.into_owned())
                        .collect()
                })
                .unwrap_or_default();
            let lists_enterprise = schemas
                .iter()
                .any(|s| s.eq_ignore_ascii_case(uri::ENTERPRISE_USER));
            if lists_enterprise && root.get_ignore_case(uri::ENTERPRISE_USER).is_none() {
                add(
                    Sender::Entra,
                    "lists the enterprise extension in `schemas` without enterprise data, as Entra ID's create does",
                    "/schemas",
                );
            }
            let meta_only_type = root
                .get_ignore_case("meta")
                .and_then(Node::as_object)
                .is_some_and(|m| {
                    m.len() == 1
                        && m.iter()
                            .any(|m| m.key().eq_ignore_ascii_case("resourceType"))
                });
            if meta_only_type {
                add(
                    Sender::Entra,
                    "sends `meta.resourceType` in a create, as Entra ID does",
                    "/meta",
                );
            }
            if root
                .get_ignore_case("roles")
                .and_then(Node::as_array)
                .is_some_and(<[Node<'_>]>::is_empty)
            {
                add(
                    Sender::Entra,
                    "sends an empty `roles` array, as Entra ID does",
                    "/roles",
                );
            }
            if root.get_ignore_case("password").is_some() {
                add(
                    Sender::Okta,
                    "sends a `password` with the create, as Okta does (a random one unless Sync Password is on)",
                    "/password",
                );
            }
            if root
                .get_ignore_case("groups")
                .and_then(Node::as_array)
                .is_some_and(<[Node<'_>]>::is_empty)
            {
                add(
                    Sender::Okta,
                    "sends an empty `groups` array, as Okta does",
                    "/groups",
                );
            }
        }
        Context::Replace
            if root.get_ignore_case("id").is_some() && root.get_ignore_case("meta").is_some() =>
        {
            add(
                Sender::Okta,
                "a PUT of the whole resource including `id` and `meta`, as Okta sends profile updates",
                "",
            );
        }
        Context::Patch => patch_signals(root, &mut add),
        _ => {}
    }
}

fn patch_signals(root: &Node<'_>, add: &mut impl FnMut(Sender, &str, &str)) {
    let Some(ops) = root.get_ignore_case("Operations").and_then(Node::as_array) else {
        return;
    };
    let lower = |s: &str| s.chars().all(|c| !c.is_ascii_uppercase());
    for (i, op) in ops.iter().enumerate() {
        let name = op.get_ignore_case("op").and_then(Node::as_str);
        let Some(name) = name else { continue };
        let path = op.get_ignore_case("path").and_then(Node::as_str);
        let value = op.get_ignore_case("value");
        let at = format!("/Operations/{i}");
        if !lower(&name) {
            continue; // capitalised ops are a quirk, counted already
        }
        match (name.as_ref(), path.as_deref(), value.map(|v| &v.kind)) {
            ("replace", None, Some(Kind::Object(m)))
                if m.len() == 1 && m.iter().any(|m| m.key().eq_ignore_ascii_case("active")) =>
            {
                add(
                    Sender::Okta,
                    "deactivates with a path-less replace of `active`, as Okta does",
                    &at,
                );
            }
            ("replace", Some(p), Some(Kind::Bool(_))) if p.eq_ignore_ascii_case("active") => {
                add(
                    Sender::EntraScimCompliant,
                    "sets `active` with a lower-case replace and a JSON boolean, as Entra ID with aadOptscim062020 does",
                    &at,
                );
            }
            ("remove", Some(p), None) if p.to_ascii_lowercase().starts_with("members[value eq") => {
                add(
                    Sender::EntraScimCompliant,
                    "removes a member with members[value eq …], as Entra ID with aadOptscim062020 (and Okta) do",
                    &at,
                );
                add(
                    Sender::Okta,
                    "removes a member with members[value eq …], as Okta (and Entra ID with aadOptscim062020) do",
                    &at,
                );
            }
            ("add", Some(p), Some(Kind::Array(items)))
                if p.eq_ignore_ascii_case("members")
                    && items.iter().any(|m| m.get_ignore_case("display").is_some()) =>
            {
                add(
                    Sender::Okta,
                    "adds members with `display`, as Okta's group push does",
                    &at,
                );
            }
            _ => {}
        }
    }
}

fn finish(
    input: String,
    deviations: Vec<Deviation>,
    signals: Vec<Signal>,
    strict: Report,
    dialect_verdict: Report,
) -> Explanation {
    // Deviations weigh three times as much as shapes: only one sender makes them.
    let score = |sender: Sender| {
        signals
            .iter()
            .filter(|s| s.sender == sender)
            .map(|s| {
                if deviations
                    .iter()
                    .any(|d| d.path == s.path && d.title == s.description)
                {
                    3
                } else {
                    1
                }
            })
            .sum::<usize>()
    };
    let candidates = [Sender::Entra, Sender::EntraScimCompliant, Sender::Okta];
    // On a tie the earlier candidate wins: Entra ID's default mode is the
    // common configuration.
    let best = candidates.iter().copied().map(|s| (score(s), s)).fold(
        None,
        |best: Option<(usize, Sender)>, (score, s)| match best {
            Some((b, _)) if b >= score => best,
            _ if score > 0 => Some((score, s)),
            _ => best,
        },
    );
    let (sender, confidence) = match best {
        None => (Sender::Rfc, Confidence::Low),
        Some((score, sender)) => {
            let unique_deviation = deviations
                .iter()
                .filter_map(|d| quirk(d.code))
                .any(|q| q.senders.iter().all(|s| same_family(*s, sender)));
            let confidence = if unique_deviation {
                Confidence::High
            } else if score >= 2 {
                Confidence::Medium
            } else {
                Confidence::Low
            };
            (sender, confidence)
        }
    };
    let sender_label = sender.label_for(&input, strict.valid).to_string();
    Explanation {
        input,
        sender,
        sender_label,
        confidence,
        deviations,
        signals,
        strict,
        dialect_verdict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_covers_every_quirk_code() {
        for code in Code::ALL
            .iter()
            .filter(|c| c.as_str().starts_with("quirk-"))
        {
            assert!(quirk(*code).is_some(), "{code} is not in quirks.json");
        }
        assert_eq!(
            quirks().len(),
            Code::ALL
                .iter()
                .filter(|c| c.as_str().starts_with("quirk-"))
                .count()
        );
    }

    #[test]
    fn filter_form_points_to_entra() {
        let e = explain(
            &Registry::builtin(),
            "emails[type eq \"work\"].value eq \"a@b.c\"",
            &ExplainOptions::default(),
        );
        assert_eq!(e.input, "filter");
        assert_eq!(e.sender, Sender::Entra);
        assert!(!e.strict.valid);
        assert!(e.dialect_verdict.valid);
        let plain = explain(
            &Registry::builtin(),
            "userName eq \"ada\"",
            &ExplainOptions::default(),
        );
        assert_eq!(plain.sender, Sender::Rfc);
        assert!(plain.deviations.is_empty());
    }

    /// A resource the PATCH cannot be applied to is the verdicts' diagnostic,
    /// as `Workspace::apply_patch` says it, never a quiet fallback to the
    /// body alone; and the sender does not depend on the resource.
    #[test]
    fn an_unusable_target_is_the_verdict() {
        let registry = Registry::builtin();
        let patch = r#"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "Replace", "path": "active", "value": "False"}]}"#;
        let alone = explain(&registry, patch, &ExplainOptions::default());
        assert!(alone.dialect_verdict.valid);
        let codes =
            |r: &Report| -> Vec<&str> { r.diagnostics.iter().map(|d| d.code.as_str()).collect() };
        for (target, resource_type, code) in [
            (r#"{"schemas": ["#, None, "json-syntax"),
            (
                r#"{"id": "1", "userName": "a"}"#,
                None,
                "unknown-resource-type",
            ),
            (
                r#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "x": 1e999}"#,
                None,
                "json-number-out-of-range",
            ),
            (
                r#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]}"#,
                Some("Nope"),
                "unknown-resource-type",
            ),
        ] {
            let options = ExplainOptions {
                target: Some(target),
                resource_type,
                ..ExplainOptions::default()
            };
            let e = explain(&registry, patch, &options);
            assert_eq!(e.sender, alone.sender, "{target}");
            assert!(!e.dialect_verdict.valid, "{target}");
            assert!(
                codes(&e.dialect_verdict).contains(&code),
                "{target}: {:?}",
                codes(&e.dialect_verdict)
            );
            assert!(
                codes(&e.strict).contains(&code),
                "{target}: {:?}",
                codes(&e.strict)
            );
        }
        // A body that is not a PATCH ignores the target.
        let user =
            r#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "a"}"#;
        let e = explain(
            &registry,
            user,
            &ExplainOptions {
                target: Some("{oops"),
                ..ExplainOptions::default()
            },
        );
        assert!(e.strict.valid);
    }

    /// A filter copied from a request line is explained as the filter it
    /// holds, with its deviation pointing into the copied text.
    #[test]
    fn a_copied_filter_is_explained_where_it_stands() {
        let text = "GET /scim/v2/Users?filter=emails%5Btype%20eq%20%22work%22%5D.value%20eq%20%22a%40b.c%22 HTTP/1.1";
        let e = explain(&Registry::builtin(), text, &ExplainOptions::default());
        assert_eq!(e.input, "filter");
        assert_eq!(e.sender, Sender::Entra);
        let span = e.deviations.first().and_then(|d| d.span).unwrap();
        assert_eq!(span.start, text.find("emails").unwrap());
        assert!(span.end > span.start && span.end <= text.find(" HTTP").unwrap());
        assert!(
            e.strict
                .diagnostics
                .iter()
                .any(|d| d.code == Code::FilterDecoded)
        );
    }
}
