//! The catalogue of provisioning-failure causes (`causes.json`) and the
//! rules that match an event to one of them.
//!
//! The rules read, in this order: the identity provider's error code, the
//! HTTP status the log quotes, the SCIM Error's `scimType` and `detail`,
//! the step that failed, and the rebuilt request's own findings (a quirk
//! the service provider may refuse, a required attribute missing). A cause
//! is `Stated` when the log says it, `Deduced` when only the rebuilt
//! request points at it, and the `unknown` cause says so when nothing fits.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::{Action, Answer, Certainty, Diagnosis, Event};
use crate::diagnostics::{Code, Severity};
use crate::mapping::{IdentityProvider, Method, Request};

/// One cause of the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Cause {
    /// The stable code (`conflict`, `string-boolean-rejected`, …).
    pub code: String,
    /// A one-line title.
    pub title: String,
    /// Why it happens, in general.
    pub why: String,
    /// The quirk code (`quirk-string-boolean`) it is about, when any.
    pub quirk: Option<String>,
    /// What the service provider should change.
    pub service_provider: String,
    /// What to do in Entra ID's console, when anything.
    pub entra: Option<String>,
    /// What to do in Okta's console, when anything.
    pub okta: Option<String>,
    /// The identity provider retries on its own.
    pub transient: bool,
    /// Where the facts behind it are recorded (`idp-facts §7.2`, RFC sections).
    pub sources: Vec<String>,
}

/// The catalogue, in the order of `causes.json`.
pub fn causes() -> &'static [Cause] {
    static CAUSES: OnceLock<Vec<Cause>> = OnceLock::new();
    CAUSES.get_or_init(|| serde_json::from_str(include_str!("causes.json")).unwrap_or_default())
}

/// The catalogue entry of `code`.
pub fn cause(code: &str) -> Option<&'static Cause> {
    causes().iter().find(|c| c.code == code)
}

/// Entra ID error codes (matched as suffixes: gallery apps prefix them with
/// their name, `ContosoEntryConflict`) and the cause each states
/// (idp-facts §7.2).
const ENTRA_CODES: &[(&str, &str)] = &[
    ("DuplicateTargetEntries", "duplicate-match"),
    ("DuplicateSourceEntries", "duplicate-match"),
    ("MultipleEntriesInResponse", "duplicate-match"),
    ("EntryConflict", "conflict"),
    ("Conflict", "conflict"),
    ("CredentialValidationFailure", "credentials-rejected"),
    ("CredentialValidationUnavailable", "credentials-rejected"),
    ("InsufficientRights", "access-denied"),
    ("NotPermitted", "access-denied"),
    ("MethodNotAllowed", "access-denied"),
    ("InvalidAnchor", "not-found-on-update"),
    ("TooManyRequests", "rate-limited"),
    ("InternalServerError", "server-error"),
    ("WebExceptionProtocolError", "server-error"),
    ("Timeout", "server-error"),
    ("MandatoryFieldsMissing", "required-missing"),
    ("MissingValues", "required-missing"),
];

/// Codes that say the request was refused without saying why; the rest of
/// the rules decide (`…BadRequest`, `…ServiceIncompatible`).
const ENTRA_REFUSAL_CODES: &[&str] = &[
    "BadRequest",
    "ServiceIncompatible",
    "ServiceIncompatibleFiltering",
    "UnprocessableEntity",
    "Unauthorized",
];

/// Okta event types that state their cause (idp-facts §7.4).
const OKTA_EVENTS: &[(&str, &str)] = &[
    (
        "application.integration.authentication_failure",
        "credentials-rejected",
    ),
    (
        "application.integration.rate_limit_exceeded",
        "rate-limited",
    ),
];

/// The quirks a rebuilt request can carry, with the cause of a refusal of
/// each and the words an answer uses when it refuses that one.
const QUIRK_CAUSES: &[(Code, &str, &[&str])] = &[
    (
        Code::QuirkStringBoolean,
        "string-boolean-rejected",
        &["boolean", "active", "\"false\"", "'false'"],
    ),
    (
        Code::QuirkMembersRemoveValue,
        "members-remove-value-rejected",
        &["members", "member"],
    ),
    (
        Code::QuirkBareReference,
        "bare-manager-rejected",
        &["manager"],
    ),
    (
        Code::QuirkOpCase,
        "op-case-rejected",
        &[
            "\"op\"",
            "'op'",
            "op name",
            "operation name",
            "case-sensitive",
        ],
    ),
];

/// Matches an event to a cause.
pub(super) fn diagnose(
    idp: IdentityProvider,
    action: Action,
    event: &Event,
    answer: Option<&Answer>,
    requests: &[Request],
) -> Diagnosis {
    let status = answer.and_then(|a| a.status);
    let code = event.error_code.as_deref().unwrap_or("");
    let scim_type = answer.and_then(|a| a.scim_type.as_deref()).unwrap_or("");
    // What the service provider said, lower-cased, for the word rules.
    let said = answer
        .and_then(|a| a.detail.as_deref())
        .unwrap_or("")
        .to_ascii_lowercase();
    let mut evidence = Vec::new();
    if !code.is_empty() {
        // Okta's events carry no error code, only the legacy event type of
        // the Events API they replaced (`app.api.error.create_user`).
        evidence.push(match idp {
            IdentityProvider::Okta => format!("Okta's legacy event type is {code}"),
            _ => format!("the identity provider's error code is {code}"),
        });
    }
    if let Some(a) = answer {
        if let Some(s) = a.status {
            evidence.push(format!(
                "the service provider answered HTTP {s}{}",
                a.status_text
                    .as_deref()
                    .filter(|t| *t != s.to_string())
                    .map(|t| format!(" ({t})"))
                    .unwrap_or_default()
            ));
        }
        if !scim_type.is_empty() {
            evidence.push(format!("its SCIM Error has scimType {scim_type}"));
        }
        if let Some(d) = &a.detail {
            evidence.push(format!("it said: {}", super::cut(d)));
        }
    }
    let stated = |c: &'static str, evidence: Vec<String>| {
        diagnosis(c, Certainty::Stated, evidence, Vec::new())
    };

    if let Some((_, c)) = OKTA_EVENTS
        .iter()
        .find(|(t, _)| event.activity.eq_ignore_ascii_case(t))
    {
        evidence.insert(0, format!("the event type is {}", event.activity));
        return stated(c, evidence);
    }
    if let Some((_, c)) = ENTRA_CODES
        .iter()
        .find(|(suffix, _)| ends_with(code, suffix))
    {
        // A documented code states the cause, unless the status says more
        // precisely that the credentials were refused.
        if !(status == Some(401) && *c == "access-denied") {
            return stated(c, evidence);
        }
    }
    match status {
        Some(401) => return stated("credentials-rejected", evidence),
        Some(403) => return stated("access-denied", evidence),
        Some(404) => {
            let update = matches!(
                action,
                Action::Update
                    | Action::Disable
                    | Action::Delete
                    | Action::AddMembers
                    | Action::RemoveMembers
            );
            return stated(
                if update {
                    "not-found-on-update"
                } else {
                    "endpoint-not-found"
                },
                evidence,
            );
        }
        Some(409) => return stated("conflict", evidence),
        Some(429) => return stated("rate-limited", evidence),
        Some(s) if (500..600).contains(&s) => return stated("server-error", evidence),
        _ => {}
    }
    if scim_type.eq_ignore_ascii_case("uniqueness") {
        return stated("conflict", evidence);
    }
    let refused =
        matches!(status, Some(400 | 422)) || ENTRA_REFUSAL_CODES.iter().any(|s| ends_with(code, s));
    if scim_type.eq_ignore_ascii_case("invalidFilter")
        || (refused && (action == Action::Match || ends_with(code, "ServiceIncompatibleFiltering")))
    {
        if action == Action::Match {
            evidence
                .push("the step that failed is the matching lookup (a GET with a filter)".into());
        }
        if let Some(r) = requests.iter().find(|r| r.method == Method::Get) {
            evidence.push(format!("the lookup sent: GET {}", r.url));
        }
        let certainty =
            if scim_type.eq_ignore_ascii_case("invalidFilter") || action == Action::Match {
                Certainty::Stated
            } else {
                Certainty::Deduced
            };
        return diagnosis("matching-filter-rejected", certainty, evidence, Vec::new());
    }
    let missing = missing_required(requests);
    let says_required = said.contains("required") || said.contains("missing");
    if refused && (says_required || !missing.is_empty()) {
        for m in &missing {
            evidence.push(format!(
                "the rebuilt request has no {m}, which the schema requires"
            ));
        }
        let certainty = if says_required {
            Certainty::Stated
        } else {
            Certainty::Deduced
        };
        return diagnosis("required-missing", certainty, evidence, Vec::new());
    }
    if refused {
        let found = quirks_in(requests);
        if idp == IdentityProvider::Entra && !found.is_empty() {
            return refused_quirk(found, &said, evidence);
        }
        if status.is_some() || !code.is_empty() {
            return diagnosis("bad-request", Certainty::Unknown, evidence, Vec::new());
        }
    }
    if evidence.is_empty() {
        evidence.push("the log names no error code, no HTTP status and no answer".into());
    } else if !code.is_empty() {
        evidence.push(format!("{code} is not a code scimkit knows"));
    }
    diagnosis("unknown", Certainty::Unknown, evidence, Vec::new())
}

/// The cause of a refused request that carries `found` quirks: the one the
/// answer names, else the most specific one (the capitalised op rides on
/// every Entra ID PATCH, so a refusal is rarely about it alone), with the
/// others as candidates.
fn refused_quirk(found: Vec<(Code, String)>, said: &str, mut evidence: Vec<String>) -> Diagnosis {
    for (_, message) in &found {
        evidence.push(format!("the rebuilt request: {message}"));
    }
    let causes: Vec<&'static str> = found
        .iter()
        .filter_map(|(code, _)| {
            QUIRK_CAUSES
                .iter()
                .find(|(q, _, _)| q == code)
                .map(|(_, c, _)| *c)
        })
        .collect();
    let named: Vec<&'static str> = QUIRK_CAUSES
        .iter()
        .filter(|(_, c, words)| causes.contains(c) && words.iter().any(|w| said.contains(w)))
        .map(|(_, c, _)| *c)
        .collect();
    if let [one] = named.as_slice() {
        let others = causes.iter().copied().filter(|c| c != one).collect();
        return diagnosis(one, Certainty::Stated, evidence, others);
    }
    let specific: Vec<&'static str> = causes
        .iter()
        .copied()
        .filter(|c| *c != "op-case-rejected")
        .collect();
    match (specific.as_slice(), causes.as_slice()) {
        ([one], _) | ([], [one]) => {
            let others = causes.iter().copied().filter(|c| c != one).collect();
            diagnosis(one, Certainty::Deduced, evidence, others)
        }
        _ => diagnosis("dialect-rejected", Certainty::Unknown, evidence, causes),
    }
}

/// The quirks the rebuilt requests carry, with their messages, once each.
fn quirks_in(requests: &[Request]) -> Vec<(Code, String)> {
    let mut out: Vec<(Code, String)> = Vec::new();
    for d in requests.iter().flat_map(|r| r.report.diagnostics.iter()) {
        if QUIRK_CAUSES.iter().any(|(q, _, _)| *q == d.code)
            && !out.iter().any(|(c, _)| *c == d.code)
        {
            out.push((d.code, d.message.clone()));
        }
    }
    out
}

/// The required attributes a rebuilt create lacks.
fn missing_required(requests: &[Request]) -> Vec<String> {
    requests
        .iter()
        .flat_map(|r| r.report.diagnostics.iter())
        .filter(|d| d.code == Code::MissingRequired && d.severity == Severity::Error)
        .map(|d| {
            if d.path.is_empty() {
                d.message.clone()
            } else {
                d.path.clone()
            }
        })
        .collect()
}

/// Whether `code` ends with `suffix`, ignoring case.
fn ends_with(code: &str, suffix: &str) -> bool {
    code.len() >= suffix.len()
        && code
            .get(code.len() - suffix.len()..)
            .is_some_and(|end| end.eq_ignore_ascii_case(suffix))
}

/// A diagnosis of catalogue cause `code`.
fn diagnosis(
    code: &'static str,
    certainty: Certainty,
    evidence: Vec<String>,
    candidates: Vec<&'static str>,
) -> Diagnosis {
    let entry = cause(code);
    Diagnosis {
        code,
        title: entry.map_or("", |c| c.title.as_str()),
        certainty,
        why: entry.map(|c| c.why.clone()).unwrap_or_default(),
        evidence,
        candidates,
        transient: entry.is_some_and(|c| c.transient),
    }
}
