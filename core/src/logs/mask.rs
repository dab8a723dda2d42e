//! Masking what identifies people in a log before it goes into a share link.
//!
//! A log an admin pastes holds names, logins and e-mail addresses (and, if
//! copied carelessly, a bearer token). The playground puts a workspace into a
//! link, which the admin may post in a ticket; unless they opt in, the log in
//! that link is this masked copy. What explains a failure stays: event types,
//! actions, statuses, error codes, HTTP statuses, ids, attribute names and
//! the service provider's words (with what identifies someone masked inside
//! them). It fails closed: a text that looks like JSON but cannot be read is
//! masked whole.

use serde_json::{Map, Value as Json};

/// What a masked value reads.
pub const MASK: &str = "(masked)";
/// What a masked e-mail address reads.
pub const MASKED_EMAIL: &str = "masked@example.invalid";

/// Keys whose string values name or identify a person or group (compared
/// without case).
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

/// Keys under which everything is about the person's device, network or
/// session, never about the failure (Okta's LogEvent).
const PERSONAL_SUBTREES: &[&str] = &[
    "client",
    "request",
    "geographicalContext",
    "ipChain",
    "detailEntry",
    "device",
    "userAgent",
    "securityContext",
    "authenticationContext",
];

/// Words after which the next word is a login (Okta's task messages).
const LOGIN_LEADS: &[&str] = &[
    "error while creating user ",
    "error while verifying if user ",
    "push profile update for ",
    "error while deactivating user ",
    "error while updating user ",
];

/// Words after which a token follows.
const TOKEN_LEADS: &[&str] = &[
    "bearer",
    "basic ",
    "ssws ",
    "access_token=",
    "token=",
    "authorization:",
];

/// Most bytes masked; a larger text is returned as one mask (a share link
/// of a multi-megabyte log is refused elsewhere anyway).
const MAX_MASK_BYTES: usize = 16 * 1024 * 1024;

/// `text` with names, logins, e-mail addresses, changed values and tokens
/// masked. JSON keeps its shape (so it is still explained the same way);
/// any other text has its e-mail addresses, logins, quoted names and
/// tokens masked; JSON that cannot be read is masked whole.
pub fn mask_personal(text: &str) -> String {
    if text.len() > MAX_MASK_BYTES {
        return MASK.to_string();
    }
    match serde_json::from_str::<Json>(text) {
        Ok(mut value) => {
            walk(&mut value, None);
            serde_json::to_string_pretty(&value).unwrap_or_else(|_| MASK.to_string())
        }
        Err(_) if text.trim_start().starts_with(['{', '[']) => MASK.to_string(),
        Err(_) => mask_text(text),
    }
}

fn key_in(key: &str, keys: &[&str]) -> bool {
    keys.iter().any(|k| k.eq_ignore_ascii_case(key))
}

/// Masks `value` in place; `key` is the member it is the value of. The
/// recursion is bounded by serde_json's own nesting limit (128), which the
/// parse above enforces.
fn walk(value: &mut Json, key: Option<&str>) {
    if key.is_some_and(|k| key_in(k, PERSONAL_SUBTREES)) {
        if !value.is_null() {
            *value = Json::String(MASK.to_string());
        }
        return;
    }
    match value {
        Json::String(s) => {
            let personal = key.is_some_and(|k| key_in(k, PERSONAL_KEYS));
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
                for (k, v) in map.iter_mut() {
                    if (k.eq_ignore_ascii_case("oldValue") || k.eq_ignore_ascii_case("newValue"))
                        && !harmless(v)
                    {
                        *v = Json::String(MASK.to_string());
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
    let has = |name: &str| map.keys().any(|k| k.eq_ignore_ascii_case(name));
    has("displayName") && (has("oldValue") || has("newValue"))
}

/// A value that identifies nobody: nothing, a boolean, or ids (GUIDs, or a
/// list of them as a JSON text).
fn harmless(v: &Json) -> bool {
    match v {
        Json::Null | Json::Bool(_) => true,
        Json::String(s) => {
            s.eq_ignore_ascii_case("true")
                || s.eq_ignore_ascii_case("false")
                || s.is_empty()
                || s.split(['[', ']', '"', ',', ' '])
                    .filter(|t| !t.is_empty())
                    .all(is_guid)
        }
        _ => false,
    }
}

/// `8-4-4-4-12` hex digits.
fn is_guid(t: &str) -> bool {
    let parts: Vec<&str> = t.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The next occurrence of any of several needles in a text, each needle's
/// next position remembered, so a needle that never comes again is not
/// searched for again: linear in the text, whatever the needles.
struct Finder<'t> {
    lower: &'t str,
    needles: Vec<(&'t str, Option<usize>)>,
}

impl<'t> Finder<'t> {
    fn new(lower: &'t str, needles: &[&'t str]) -> Finder<'t> {
        Finder {
            lower,
            needles: needles.iter().map(|n| (*n, lower.find(n))).collect(),
        }
    }

    /// The first occurrence at or after `at`: its position and length.
    fn next(&mut self, at: usize) -> Option<(usize, usize)> {
        let lower = self.lower;
        for (needle, next) in &mut self.needles {
            if next.is_some_and(|n| n < at) {
                *next = lower
                    .get(at..)
                    .and_then(|r| r.find(*needle))
                    .map(|i| at + i);
            }
        }
        self.needles
            .iter()
            .filter_map(|(n, next)| next.map(|i| (i, n.len())))
            .min_by_key(|(i, _)| *i)
    }
}

/// Tokens, logins, names and e-mail addresses in free text.
fn mask_text(text: &str) -> String {
    let text = mask_after(
        text,
        TOKEN_LEADS,
        |c| c.is_whitespace() || matches!(c, '"' | '\'' | ',' | ';'),
        true,
    );
    let text = mask_after(&text, LOGIN_LEADS, |c| c.is_whitespace() || c == ':', false);
    let text = mask_between(&text, " of user ", " to app ");
    let text = mask_quoted_names(&text);
    mask_emails(&text)
}

/// The word after each of `leads` (compared without case) masked: from the
/// lead (skipping blanks, and for tokens a `:` or a scheme word such as
/// "Bearer") to the first character `ends` accepts.
fn mask_after(text: &str, leads: &[&str], ends: impl Fn(char) -> bool, token: bool) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut at = 0;
    let mut finder = Finder::new(&lower, leads);
    while at < text.len() {
        let Some((start, len)) = finder.next(at) else {
            break;
        };
        let mut from = start + len;
        let rest = text.get(from..).unwrap_or("");
        let skipped = rest.len() - rest.trim_start_matches([' ', '\t', ':']).len();
        from += skipped;
        if token {
            // "Authorization: Bearer x": the scheme is not the secret.
            let rest = text.get(from..).unwrap_or("");
            for scheme in ["bearer", "basic", "ssws"] {
                if rest.len() > scheme.len()
                    && rest
                        .get(..scheme.len())
                        .is_some_and(|w| w.eq_ignore_ascii_case(scheme))
                    && rest
                        .get(scheme.len()..)
                        .is_some_and(|r| r.starts_with([' ', '\t']))
                {
                    let r = &rest[scheme.len()..];
                    from += scheme.len() + (r.len() - r.trim_start().len());
                    break;
                }
            }
        }
        let end = text
            .get(from..)
            .and_then(|rest| rest.find(|c: char| ends(c)))
            .map_or(text.len(), |i| from + i);
        if end > from {
            out.push_str(text.get(copied..from).unwrap_or(""));
            out.push_str(MASK);
            copied = end;
        }
        at = end.max(start + len);
    }
    out.push_str(text.get(copied..).unwrap_or(""));
    out
}

/// Every `…{lead}X{tail}…` with X masked (Okta's "of user Ada Lovelace to
/// app Acme"), X at most 256 bytes.
fn mask_between(text: &str, lead: &str, tail: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut at = 0;
    while let Some(i) = lower.get(at..).and_then(|r| r.find(lead)) {
        let start = at + i + lead.len();
        // The name is short: look for the tail only just after the lead.
        let window = lower.get(start..).map(|r| {
            let mut end = r.len().min(256 + tail.len());
            while !r.is_char_boundary(end) {
                end -= 1;
            }
            &r[..end]
        });
        match window.and_then(|r| r.find(tail)) {
            Some(len) if len > 0 && len <= 256 => {
                out.push_str(text.get(copied..start).unwrap_or(""));
                out.push_str(MASK);
                copied = start + len;
                at = copied;
            }
            _ => at = start,
        }
    }
    out.push_str(text.get(copied..).unwrap_or(""));
    out
}

/// A name quoted after "User"/"Group"/"userName" (Entra ID's step
/// descriptions: "Failed to create User 'Ada Lovelace' in Acme").
fn mask_quoted_names(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let lower = text.to_ascii_lowercase();
    let mut at = 0;
    while let Some(i) = lower.get(at..).and_then(|r| r.find(['\'', '"', '‘', '“'])) {
        let open = at + i;
        let quote = text
            .get(open..)
            .and_then(|r| r.chars().next())
            .unwrap_or('\'');
        let close_char = match quote {
            '‘' => '’',
            '“' => '”',
            q => q,
        };
        let inner_start = open + quote.len_utf8();
        let before = lower.get(..open).unwrap_or("").trim_end();
        let named = ["user", "group", "username"]
            .iter()
            .any(|w| before.ends_with(w));
        let Some(len) = text.get(inner_start..).and_then(|r| r.find(close_char)) else {
            break;
        };
        if named && len > 0 && len <= 256 {
            out.push_str(text.get(copied..inner_start).unwrap_or(""));
            out.push_str(MASK);
            copied = inner_start + len;
        }
        at = inner_start + len + close_char.len_utf8();
    }
    out.push_str(text.get(copied..).unwrap_or(""));
    out
}

/// E-mail addresses, also with the `@` written `\u0040` or `%40`, and with
/// letters beyond ASCII.
fn mask_emails(text: &str) -> String {
    let local = |c: char| c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
    let domain = |c: char| c.is_alphanumeric() || matches!(c, '.' | '-');
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut at = 0;
    let mut finder = Finder::new(&lower, &["@", "\\u0040", "%40"]);
    while at < text.len() {
        let Some((sign, len)) = finder.next(at) else {
            break;
        };
        let head = text.get(copied..sign).unwrap_or("");
        // RFC 5321 bounds a local part at 64 octets and a domain at 255:
        // the scans stop there, so a long run of address characters costs
        // little per sign.
        let local_len: usize = head
            .chars()
            .rev()
            .take(64)
            .take_while(|c| local(*c))
            .map(char::len_utf8)
            .sum();
        let host_len: usize = text
            .get(sign + len..)
            .unwrap_or("")
            .chars()
            .take(255)
            .take_while(|c| domain(*c))
            .map(char::len_utf8)
            .sum();
        if local_len > 0 && host_len > 0 {
            out.push_str(text.get(copied..sign - local_len).unwrap_or(""));
            out.push_str(MASKED_EMAIL);
            copied = sign + len + host_len;
            at = copied;
        } else {
            at = sign + len;
        }
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
            "provisioningSteps": [{"provisioningStepType": "export", "status": "failure", "description": "Failed to update User 'Ada Lovelace' in Acme"}],
            "modifiedProperties": [{"displayName": "mail", "oldValue": null, "newValue": "ada@contoso.com"},
                                   {"DisplayName": "givenName", "OldValue": "Bede", "NewValue": "Ada"},
                                   {"displayName": "telephoneNumber", "oldValue": null, "newValue": "555-0100"},
                                   {"displayName": "accountEnabled", "oldValue": "True", "newValue": "False"},
                                   {"displayName": "manager", "oldValue": null, "newValue": "5d1a2b3c-4e5f-4a6b-8c7d-9e0f1a2b3c4d"}]}]}"#;
        let masked = mask_personal(log);
        for gone in [
            "Ada",
            "Bede",
            "555-0100",
            "ada@contoso.com",
            "eyJ0eXAi",
            "Lovelace",
        ] {
            assert!(!masked.contains(gone), "{gone} left in {masked}");
        }
        for kept in [
            "\"mail\"",
            "\"accountEnabled\"",
            "\"False\"",
            "5d1a2b3c-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
            "StatusCode: Conflict",
            "4b1c",
            "Failed to update User '(masked)' in Acme",
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
    fn tokens_in_every_spelling_are_masked() {
        for text in [
            "Authorization: eyJhbGciOi.x.y",
            "Authorization: Bearer eyJhbGciOi.x.y",
            "Bearer\teyJhbGciOi.x.y",
            "Bearer:eyJhbGciOi.x.y",
            "Authorization: Basic dXNlcjpwYXNz",
            "Authorization: SSWS 00aBcDeFgHiJ",
            "https://x/cb?access_token=abc123&x=1",
        ] {
            let m = mask_personal(text);
            for secret in ["eyJhbGciOi", "dXNlcjpwYXNz", "00aBcDeFgHiJ", "abc123"] {
                assert!(!m.contains(secret), "{text} → {m}");
            }
        }
    }

    #[test]
    fn emails_in_odd_spellings_and_okta_logins_are_masked() {
        let m = mask_personal(
            r#"a ada\u0040contoso.com b ada%40contoso.com c josé@exämple.com d ada@localhost"#,
        );
        assert_eq!(m.matches(MASKED_EMAIL).count(), 4, "{m}");
        assert_eq!(
            mask_personal(
                "Automatic provisioning of user Ada Lovelace to app Acme failed: Error while creating user alovelace: Conflict. Automatic profile push of user Bede to app Acme"
            ),
            "Automatic provisioning of user (masked) to app Acme failed: Error while creating user (masked): Conflict. Automatic profile push of user (masked) to app Acme"
        );
    }

    #[test]
    fn unreadable_json_is_masked_whole_and_okta_context_goes() {
        assert_eq!(
            mask_personal(r#"[{"n": 1e400, "displayName": "Ada"}]"#),
            MASK
        );
        assert_eq!(mask_personal(r#"{"a": "\ud800 Ada"}"#), MASK);
        let m = mask_personal(
            r#"[{"eventType": "application.provision.user.push", "client": {"geographicalContext": {"city": "London"}, "ipAddress": "203.0.113.9"}, "target": [{"alternateId": "ada", "detailEntry": {"x": "Ada"}}]}]"#,
        );
        for gone in ["London", "203.0.113.9", "\"ada\"", "Ada"] {
            assert!(!m.contains(gone), "{gone} in {m}");
        }
        assert!(m.contains("application.provision.user.push"));
    }

    #[test]
    fn many_tokens_and_emails_mask_in_linear_time() {
        let text = "Bearer a ".repeat(100_000);
        let masked = mask_personal(&text);
        assert_eq!(masked.matches(MASK).count(), 100_000);
        let text = "x@y ".repeat(100_000);
        assert_eq!(mask_personal(&text).matches(MASKED_EMAIL).count(), 100_000);
        // A long run of address characters, then many signs without a host.
        let text = format!("{}{}", "a".repeat(100_000), "%40".repeat(100_000));
        assert!(mask_personal(&text).len() >= 100_000);
        let text = " of user x".repeat(100_000);
        assert_eq!(mask_personal(&text), text);
    }

    #[test]
    fn a_copied_message_keeps_its_words() {
        let m = mask_personal(
            "Error while creating user ada@example.com: Conflict. Errors reported by remote server: taken",
        );
        assert_eq!(
            m,
            "Error while creating user (masked): Conflict. Errors reported by remote server: taken"
        );
    }
}
