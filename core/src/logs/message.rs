//! An error message copied out of a console rather than a log export: the
//! "Error code / Error message" of an Entra ID log entry's Troubleshooting
//! tab, or the text of an Okta task ("Automatic provisioning of user … to
//! app … failed: Error while creating user …: Conflict. Errors reported by
//! remote server: …"; idp-facts §7.2, §7.5). It has no structure, so only
//! what its words say is read, and the explanation says the rest is unknown.

use super::{Action, Event, EventStatus, Subject};
use crate::mapping::{IdentityProvider, ObjectType};

/// Most bytes of a pasted message read (a message is a few KB; a larger
/// text is not a copied message).
const MAX_MESSAGE_BYTES: usize = 64 * 1024;

/// Words only Entra ID's messages carry.
const ENTRA_MARKERS: &[&str] = &[
    "systemforcrossdomainidentitymanagement",
    "statuscode:",
    "web response:",
    "this operation was retried",
    "response status code:",
];

/// Words only Okta's messages carry.
const OKTA_MARKERS: &[&str] = &[
    "automatic provisioning of user",
    "automatic profile push of user",
    "errors reported by remote server",
    "error while creating user",
    "error while verifying if user",
    "error while trying to push profile update",
];

/// Which identity provider wrote `text`, when it is a copied message.
pub(super) fn identity_provider(text: &str) -> Option<IdentityProvider> {
    if text.len() > MAX_MESSAGE_BYTES {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    if OKTA_MARKERS.iter().any(|m| lower.contains(m)) {
        Some(IdentityProvider::Okta)
    } else if ENTRA_MARKERS.iter().any(|m| lower.contains(m)) {
        Some(IdentityProvider::Entra)
    } else {
        None
    }
}

/// Reads a copied message as one failed event.
pub(super) fn read(text: &str, idp: IdentityProvider) -> Event {
    let lower = text.to_ascii_lowercase();
    let action = [
        ("error while verifying if user", Action::Match),
        ("failed to match", Action::Match),
        ("error while creating user", Action::Create),
        ("failed to create", Action::Create),
        ("push profile update", Action::Update),
        ("failed to update", Action::Update),
        ("error while deactivating", Action::Disable),
        ("failed to disable", Action::Disable),
        ("failed to delete", Action::Delete),
    ]
    .iter()
    .find(|(words, _)| lower.contains(words))
    .map_or(Action::Other, |(_, a)| *a);
    let object = if lower.contains(" group ") || lower.contains("group '") {
        Some(ObjectType::Group)
    } else {
        Some(ObjectType::User)
    };
    Event {
        idp: Some(idp),
        status: Some(EventStatus::Failure),
        activity: "copied error message".into(),
        action: Some(action),
        subject: Subject {
            object,
            name: okta_login(text),
            ..Subject::default()
        },
        error_code: entra_code(text),
        texts: vec![text.to_string()],
        ..Event::default()
    }
}

/// `SystemForCrossDomainIdentityManagement…` or the word after an "Error
/// code" label.
fn entra_code(text: &str) -> Option<String> {
    let word = |rest: &str| -> Option<String> {
        let w: String = rest
            .trim_start_matches([':', ' ', '\t', '\r', '\n'])
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .take(128)
            .collect();
        (!w.is_empty()).then_some(w)
    };
    let lower = text.to_ascii_lowercase();
    if let Some(at) = lower.find("systemforcrossdomainidentitymanagement") {
        return word(&text[at..]);
    }
    for label in ["errorcode", "error code"] {
        if let Some(at) = lower.find(label) {
            if let Some(w) = word(&text[at + label.len()..]) {
                return Some(w);
            }
        }
    }
    None
}

/// The login after "… user <login>:" in an Okta message.
fn okta_login(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    for lead in [
        "error while creating user ",
        "error while verifying if user ",
        "push profile update for ",
    ] {
        if let Some(at) = lower.find(lead) {
            let rest = &text[at + lead.len()..];
            let login: String = rest
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != ':')
                .take(256)
                .collect();
            let login = login.trim_matches(['\'', '"', '‘', '’']).to_string();
            if !login.is_empty() {
                return Some(login);
            }
        }
    }
    None
}
