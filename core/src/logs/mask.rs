//! Masking what identifies people in a log before it goes into a share link.
//!
//! A log an admin pastes holds names, logins and e-mail addresses (and, if
//! copied carelessly, a bearer token). The playground puts a workspace into a
//! link, which the admin may post in a ticket; unless they opt in, the log in
//! that link is this masked copy. What explains a failure stays: event types,
//! actions, statuses, error codes, HTTP statuses, ids, attribute names and
//! the service provider's words (with e-mail addresses masked inside them).

use serde_json::{Map, Value as Json};

/// What a masked value reads.
pub const MASK: &str = "(masked)";
/// What a masked e-mail address reads.
pub const MASKED_EMAIL: &str = "masked@example.invalid";

/// Keys whose string values name or identify a person or group.
const PERSONAL_KEYS: &[&str] = &[
    "displayName",
    "alternateId",
    "userPrincipalName",
    "mail",
    "email",
    "login",
    "givenName",
    "surname",
    "ReportableIdentifier",
    "ipAddress",
];

/// Most bytes masked; a larger text is returned as one mask (a share link
/// of a multi-megabyte log is refused elsewhere anyway).
const MAX_MASK_BYTES: usize = 16 * 1024 * 1024;

/// `text` with names, logins, e-mail addresses, changed values and bearer
/// tokens masked. JSON keeps its shape (so it is still explained the same
/// way); any other text has its e-mail addresses and tokens masked.
pub fn mask_personal(text: &str) -> String {
    if text.len() > MAX_MASK_BYTES {
        return MASK.to_string();
    }
    match serde_json::from_str::<Json>(text) {
        Ok(mut value) => {
            walk(&mut value, None);
            serde_json::to_string_pretty(&value).unwrap_or_else(|_| MASK.to_string())
        }
        Err(_) => mask_text(text),
    }
}

/// Masks `value` in place; `key` is the member it is the value of. The
/// recursion is bounded by serde_json's own nesting limit (128), which the
/// parse above enforces.
fn walk(value: &mut Json, key: Option<&str>) {
    match value {
        Json::String(s) => {
            let personal =
                key.is_some_and(|k| PERSONAL_KEYS.iter().any(|p| p.eq_ignore_ascii_case(k)));
            *s = if personal && !s.is_empty() {
                MASK.to_string()
            } else {
                mask_text(s)
            };
        }
        Json::Array(items) => {
            for item in items {
                walk(item, key);
            }
        }
        Json::Object(map) => {
            if is_modified_property(map) {
                for k in ["oldValue", "newValue"] {
                    if let Some(Json::String(v)) = map.get_mut(k) {
                        if !harmless(v) {
                            *v = MASK.to_string();
                        }
                    }
                }
                return;
            }
            for (k, v) in map.iter_mut() {
                walk(v, Some(k));
            }
        }
        _ => {}
    }
}

/// An Entra ID `modifiedProperty`: its `displayName` is an attribute name,
/// its values are the person's data.
fn is_modified_property(map: &Map<String, Json>) -> bool {
    map.contains_key("displayName")
        && (map.contains_key("oldValue") || map.contains_key("newValue"))
}

/// A value that identifies nobody: a boolean, or ids (GUIDs, lists of them).
fn harmless(v: &str) -> bool {
    v.eq_ignore_ascii_case("true")
        || v.eq_ignore_ascii_case("false")
        || v.chars()
            .all(|c| c.is_ascii_hexdigit() || matches!(c, '-' | '[' | ']' | '"' | ',' | ' '))
}

/// E-mail addresses and bearer tokens in free text.
fn mask_text(text: &str) -> String {
    let text = mask_bearer(text);
    let text = mask_okta_name(&text);
    mask_emails(&text)
}

/// The display name in Okta's "… of user <name> to app <App> failed".
fn mask_okta_name(text: &str) -> String {
    const LEAD: &str = " of user ";
    const TAIL: &str = " to app ";
    let lower = text.to_ascii_lowercase();
    let Some(at) = lower.find(LEAD) else {
        return text.to_string();
    };
    let start = at + LEAD.len();
    match lower[start..].find(TAIL) {
        Some(len) if len > 0 && len <= 256 => {
            format!("{}{MASK}{}", &text[..start], &text[start + len..])
        }
        _ => text.to_string(),
    }
}

fn mask_bearer(text: &str) -> String {
    const LEAD: &str = "bearer ";
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    while let Some(at) = lower.get(copied..).and_then(|rest| rest.find(LEAD)) {
        let start = copied + at + LEAD.len();
        let end = text
            .get(start..)
            .and_then(|rest| rest.find(|c: char| c.is_whitespace() || c == '"' || c == '\''))
            .map_or(text.len(), |i| start + i);
        out.push_str(text.get(copied..start).unwrap_or(""));
        out.push_str(MASK);
        copied = end;
    }
    out.push_str(text.get(copied..).unwrap_or(""));
    out
}

fn mask_emails(text: &str) -> String {
    let bytes = text.as_bytes();
    let local = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-');
    let domain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-');
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes.get(i) == Some(&b'@') {
            let mut s = i;
            while s > copied && bytes.get(s - 1).copied().is_some_and(local) {
                s -= 1;
            }
            let mut e = i + 1;
            while bytes.get(e).copied().is_some_and(domain) {
                e += 1;
            }
            let host = text.get(i + 1..e).unwrap_or("");
            if s < i && host.contains('.') {
                out.push_str(text.get(copied..s).unwrap_or(""));
                out.push_str(MASKED_EMAIL);
                copied = e;
                i = e;
                continue;
            }
        }
        i += 1;
    }
    out.push_str(text.get(copied..).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_emails_values_and_tokens_are_masked_and_the_cause_stays() {
        let log = r#"{"value": [{"provisioningAction": "update",
            "sourceIdentity": {"id": "4b1c", "displayName": "Ada Lovelace", "identityType": "User"},
            "provisioningStatusInfo": {"status": "failure", "errorInformation": {"errorCode": "X",
              "reason": "StatusCode: Conflict Web Response: {\"detail\": \"ada@contoso.com exists\"} Authorization: Bearer eyJ0eXAi.secret"}},
            "modifiedProperties": [{"displayName": "mail", "oldValue": null, "newValue": "ada@contoso.com"},
                                   {"displayName": "accountEnabled", "oldValue": "True", "newValue": "False"},
                                   {"displayName": "manager", "oldValue": null, "newValue": "5d1a2b3c-4e5f"}]}]}"#;
        let masked = mask_personal(log);
        for gone in ["Ada Lovelace", "ada@contoso.com", "eyJ0eXAi"] {
            assert!(!masked.contains(gone), "{gone} left in {masked}");
        }
        for kept in [
            "\"mail\"",
            "\"accountEnabled\"",
            "\"False\"",
            "5d1a2b3c-4e5f",
            "StatusCode: Conflict",
            "4b1c",
        ] {
            assert!(masked.contains(kept), "{kept} lost from {masked}");
        }
        let registry = crate::schema::Registry::builtin();
        let before = crate::logs::explain_log(&registry, log);
        let after = crate::logs::explain_log(&registry, &masked);
        assert_eq!(
            before.explained[0].cause.code,
            after.explained[0].cause.code
        );
    }

    #[test]
    fn many_tokens_mask_without_recursion() {
        let text = "Bearer a ".repeat(100_000);
        let masked = mask_personal(&text);
        assert_eq!(masked.matches(MASK).count(), 100_000);
        assert!(!masked.contains(" a "));
    }

    #[test]
    fn an_okta_task_message_loses_the_name() {
        assert_eq!(
            mask_personal("Automatic provisioning of user Ada Lovelace to app Acme failed"),
            "Automatic provisioning of user (masked) to app Acme failed"
        );
    }

    #[test]
    fn a_copied_message_keeps_its_words() {
        let m = mask_personal(
            "Error while creating user ada@example.com: Conflict. Errors reported by remote server: taken",
        );
        assert_eq!(
            m,
            "Error while creating user masked@example.invalid: Conflict. Errors reported by remote server: taken"
        );
    }
}
