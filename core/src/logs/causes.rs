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
    CAUSES.get_or_init(|| {
        // Read through `Value`, whose reader every adapter links already: a
        // derived reader of its own would add to the playground's first load.
        let all: serde_json::Value =
            serde_json::from_str(include_str!("causes.json")).unwrap_or_default();
        all.as_array()
            .map(|list| list.iter().filter_map(read_cause).collect())
            .unwrap_or_default()
    })
}

/// One entry of `causes.json` (a test holds every entry to this shape).
fn read_cause(v: &serde_json::Value) -> Option<Cause> {
    let text = |k: &str| {
        v.get(k)
            .and_then(serde_json::Value::as_str)
            .map(str::to_string)
    };
    Some(Cause {
        code: text("code")?,
        title: text("title")?,
        why: text("why")?,
        quirk: text("quirk"),
        service_provider: text("serviceProvider")?,
        entra: text("entra"),
        okta: text("okta"),
        transient: v.get("transient")?.as_bool()?,
        sources: v
            .get("sources")?
            .as_array()?
            .iter()
            .filter_map(|s| s.as_str().map(str::to_string))
            .collect(),
    })
}

/// The catalogue entry of `code`.
pub fn cause(code: &str) -> Option<&'static Cause> {
    causes().iter().find(|c| c.code == code)
}

/// Entra ID error codes and the cause each states (idp-facts §7.2). Gallery
/// apps prefix a code with their name (`ContosoEntryConflict`), so the long,
/// distinctive codes are matched as suffixes; the short ones (`Conflict`,
/// `Timeout`) only as the whole code or after the SCIM prefix, where a
/// suffix match would read `ImportTimeout` or `…NotAConflict` as them.
const ENTRA_CODES: &[(&str, bool, &str)] = &[
    ("DuplicateTargetEntries", true, "duplicate-match"),
    ("DuplicateSourceEntries", true, "duplicate-match"),
    ("MultipleEntriesInResponse", true, "duplicate-match"),
    ("EntryConflict", true, "conflict"),
    ("Conflict", false, "conflict"),
    ("CredentialValidationFailure", true, "credentials-rejected"),
    (
        "CredentialValidationUnavailable",
        true,
        "credentials-rejected",
    ),
    ("InsufficientRights", false, "access-denied"),
    ("NotPermitted", false, "access-denied"),
    ("MethodNotAllowed", false, "access-denied"),
    ("InvalidAnchor", false, "not-found-on-update"),
    ("TooManyRequests", false, "rate-limited"),
    ("InternalServerError", false, "server-error"),
    ("WebExceptionProtocolError", true, "server-error"),
    ("Timeout", false, "server-error"),
    ("MandatoryFieldsMissing", true, "required-missing"),
    ("MissingValues", false, "required-missing"),
];

/// The prefix of the codes of Entra ID's SCIM client.
const SCIM_PREFIX: &str = "SystemForCrossDomainIdentityManagement";

/// Codes of other Entra ID engines (on-premises Active Directory sync), whose
/// suffixes must not be read as a SCIM application's.
const OTHER_ENGINES: &[&str] = &[
    "HybridSynchronization",
    "HybridIdentityService",
    "AzureActiveDirectory",
    "AzureDirectory",
];

/// Whether `code` is `name`: the whole code, the name after the SCIM
/// prefix, or (for a distinctive name) after an application's name.
fn is_code(code: &str, name: &str, suffix: bool) -> bool {
    if OTHER_ENGINES.iter().any(|p| code.starts_with(p)) {
        return code.eq_ignore_ascii_case(name);
    }
    code.eq_ignore_ascii_case(name)
        || code
            .strip_prefix(SCIM_PREFIX)
            .is_some_and(|rest| rest.eq_ignore_ascii_case(name))
        || (suffix && ends_with(code, name))
}

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
/// each, the word an answer uses for the attribute, and the words that say
/// the form itself was refused (the attribute and one of those make the
/// answer state the cause; the attribute alone only points at it).
const QUIRK_CAUSES: &[(Code, &str, &[&str], &[&str])] = &[
    (
        Code::QuirkStringBoolean,
        "string-boolean-rejected",
        &["active", "boolean"],
        &["boolean", "\"false\"", "'false'"],
    ),
    (
        Code::QuirkMembersRemoveValue,
        "members-remove-value-rejected",
        &["members", "member"],
        &["filter", "value"],
    ),
    (
        Code::QuirkBareReference,
        "bare-manager-rejected",
        &["manager"],
        &["complex", "object", "string", "sub-attribute"],
    ),
    (
        Code::QuirkOpCase,
        "op-case-rejected",
        &["\"op\"", "'op'", "op name", "operation name"],
        &["case"],
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

    // Okta's lookup found several users: "Multiple users found by userName.
    // Expected 0 or 1 results but was 2" (idp-facts §7.5).
    if idp == IdentityProvider::Okta
        && event
            .texts
            .iter()
            .any(|t| t.to_ascii_lowercase().contains("multiple users found"))
    {
        let mut evidence = evidence;
        evidence.insert(
            0,
            "Okta's lookup by userName found more than one user".into(),
        );
        return stated("duplicate-match", evidence);
    }
    if let Some((_, c)) = OKTA_EVENTS
        .iter()
        .find(|(t, _)| event.activity.eq_ignore_ascii_case(t))
    {
        evidence.insert(0, format!("the event type is {}", event.activity));
        return stated(c, evidence);
    }
    if let Some((_, _, c)) = ENTRA_CODES
        .iter()
        .find(|(name, suffix, _)| is_code(code, name, *suffix))
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
        // A 409 on a create is a duplicate; on a change it is the service
        // provider refusing the change, which the detail explains.
        Some(409) if matches!(action, Action::Create | Action::Match | Action::Other) => {
            return stated("conflict", evidence);
        }
        Some(409) => return stated("update-conflict", evidence),
        Some(429) => return stated("rate-limited", evidence),
        Some(s) if (500..600).contains(&s) => return stated("server-error", evidence),
        _ => {}
    }
    if scim_type.eq_ignore_ascii_case("uniqueness") {
        let create = matches!(action, Action::Create | Action::Match | Action::Other);
        return stated(
            if create {
                "conflict"
            } else {
                "update-conflict"
            },
            evidence,
        );
    }
    let refused = matches!(status, Some(400 | 422))
        || ENTRA_REFUSAL_CODES.iter().any(|s| is_code(code, s, false));
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
    let says_required = said.contains("required") || said.contains("mandatory");
    let says_missing = said.contains("missing");
    if refused && (says_required || says_missing || !missing.is_empty()) {
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
                .find(|(q, ..)| q == code)
                .map(|(_, c, ..)| *c)
        })
        .collect();
    // (cause, the answer names its attribute, the answer names its form)
    let named: Vec<(&'static str, bool)> = QUIRK_CAUSES
        .iter()
        .filter(|(_, c, names, _)| causes.contains(c) && names.iter().any(|w| said.contains(w)))
        .map(|(_, c, _, form)| (*c, form.iter().any(|w| said.contains(w))))
        .collect();
    if let [(one, form)] = named.as_slice() {
        let others = causes.iter().copied().filter(|c| c != one).collect();
        let certainty = if *form {
            Certainty::Stated
        } else {
            Certainty::Deduced
        };
        return diagnosis(one, certainty, evidence, others);
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
        if QUIRK_CAUSES.iter().any(|(q, ..)| *q == d.code) && !out.iter().any(|(c, _)| *c == d.code)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_entry_is_read_and_matches_the_derived_reader() {
        let derived: Vec<Cause> =
            serde_json::from_str(include_str!("causes.json")).unwrap_or_default();
        assert!(derived.len() >= 18);
        assert_eq!(causes(), derived.as_slice());
    }
}
