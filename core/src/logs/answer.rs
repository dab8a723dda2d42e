//! The service provider's answer as an identity provider's log quotes it.
//!
//! Entra ID writes `StatusCode: BadRequest … Web Response: {…}` or, for a
//! test connection, `Response Status Code: Unauthorized … Response Content:
//! {…}`, or "returned an error response with the HTTP status code 409";
//! Okta writes "… failed: Error while …: Conflict. Errors reported by
//! remote server: …" (idp-facts §7.2, §7.5). The status is read from any of
//! these, the body from the first JSON object in the text, and a body that
//! is a SCIM Error is validated like any other.

use serde::Serialize;
use serde_json::Value as Json;

use crate::context::Context;
use crate::diagnostics::Report;
use crate::validate::{ValidateOptions, Validator};

/// The answer quoted in a log.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Answer {
    /// The HTTP status, when the log names it (by number or by name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// How the log names the status (`BadRequest`, `409`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_text: Option<String>,
    /// The body, when the log quotes a JSON object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Json>,
    /// The SCIM Error's `scimType`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scim_type: Option<String>,
    /// The SCIM Error's `detail`, or the service provider's words the log
    /// quotes without JSON ("Errors reported by remote server: …").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The body validated as a SCIM Error (RFC 7644 §3.12), when it is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<Report>,
}

/// HTTP status names as .NET's `HttpStatusCode` (Entra ID) and the reason
/// phrases (Okta) spell them, compared without spaces or case.
const STATUS_NAMES: &[(&str, u16)] = &[
    ("badrequest", 400),
    ("unauthorized", 401),
    ("forbidden", 403),
    ("notfound", 404),
    ("methodnotallowed", 405),
    ("conflict", 409),
    ("preconditionfailed", 412),
    ("requestentitytoolarge", 413),
    ("payloadtoolarge", 413),
    ("unprocessableentity", 422),
    ("toomanyrequests", 429),
    ("internalservererror", 500),
    ("notimplemented", 501),
    ("badgateway", 502),
    ("serviceunavailable", 503),
    ("gatewaytimeout", 504),
];

/// Markers after which a log names the status.
const STATUS_MARKERS: &[&str] = &[
    "response status code:",
    "statuscode:",
    "status code:",
    "http status code",
];

/// Most `{` positions tried as the start of a quoted body; each try reads
/// at most the rest of one text, so the work stays linear in the log.
const MAX_BODY_STARTS: usize = 8;

/// Reads the answer from the log's texts (in order; the first status and
/// the first JSON object win). `None` when no text names a status or
/// quotes a body.
pub(super) fn find(texts: &[String], validator: &Validator) -> Option<Answer> {
    let mut status = None;
    let mut body = None;
    let mut remote = None;
    for text in texts {
        if status.is_none() {
            status = status_in(text);
        }
        if body.is_none() {
            body = body_in(text);
        }
        if remote.is_none() {
            remote = remote_words(text);
        }
    }
    let body_status = body
        .as_ref()
        .and_then(|b: &Json| b.get("status"))
        .and_then(|s| match s {
            Json::String(s) => s.trim().parse::<u16>().ok(),
            Json::Number(n) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
            _ => None,
        })
        .filter(|s| (100..600).contains(s));
    if status.is_none() && body.is_none() && remote.is_none() {
        return None;
    }
    let (status, status_text) = match (status, body_status) {
        (Some((code, text)), _) => (Some(code), Some(text)),
        (None, Some(code)) => (Some(code), Some(code.to_string())),
        (None, None) => (None, None),
    };
    let scim_type = body
        .as_ref()
        .and_then(|b| b.get("scimType"))
        .and_then(Json::as_str)
        .map(str::to_string);
    let detail = body
        .as_ref()
        .and_then(|b| b.get("detail").or_else(|| b.get("message")))
        .and_then(Json::as_str)
        .map(super::cut)
        .or(remote.map(|r| super::cut(&r)));
    let report = body
        .as_ref()
        .filter(|b| is_scim_error(b))
        .map(|b| validator.validate_value(b, &ValidateOptions::new(Context::Error)));
    Some(Answer {
        status,
        status_text,
        body,
        scim_type,
        detail,
        report,
    })
}

/// Whether a body claims to be a SCIM Error.
fn is_scim_error(body: &Json) -> bool {
    body.get("schemas")
        .and_then(Json::as_array)
        .is_some_and(|s| {
            s.iter().any(|u| {
                u.as_str()
                    .is_some_and(|u| u.eq_ignore_ascii_case(crate::schema::uri::ERROR))
            })
        })
}

/// The status a text names after one of the markers, or as a bare
/// `(409) Conflict` / `: Conflict.` reason phrase.
fn status_in(text: &str) -> Option<(u16, String)> {
    let lower = text.to_ascii_lowercase();
    for marker in STATUS_MARKERS {
        let mut from = 0;
        while let Some(at) = lower[from..].find(marker) {
            let start = from + at + marker.len();
            if let Some(found) = status_word(&text[start..]) {
                return Some(found);
            }
            from = start;
        }
    }
    // Okta: "Error while creating user X: Conflict. Errors reported by
    // remote server: …" and "… : Bad Request." — a reason phrase right
    // after a colon (or after "(409)"), ending its clause. The earliest one
    // in the text wins: a later "not found." inside the service provider's
    // own words is not the status.
    let mut best: Option<(usize, u16, String)> = None;
    for (name, code) in STATUS_NAMES {
        let spaced = spaced_name(name);
        for candidate in [spaced.as_str(), name] {
            let mut from = 0;
            while let Some(at) = lower[from..].find(candidate) {
                let start = from + at;
                let end = start + candidate.len();
                if best.as_ref().is_some_and(|(b, _, _)| *b <= start) {
                    break;
                }
                let before = lower[..start].trim_end();
                let after = lower[end..].trim_start();
                let numbered = before
                    .strip_suffix(')')
                    .and_then(|b| b.get(b.len().saturating_sub(4)..))
                    .is_some_and(|b| b == format!("({code}"));
                if (before.ends_with(':') || numbered)
                    && (after.is_empty() || after.starts_with(['.', ',', ';', '\n']))
                {
                    best = Some((start, *code, text[start..end].to_string()));
                    break;
                }
                from = end;
            }
        }
    }
    best.map(|(_, code, name)| (code, name))
}

/// `badrequest` → `bad request` (the reason phrase Okta writes).
fn spaced_name(name: &str) -> String {
    match name {
        "badrequest" => "bad request",
        "notfound" => "not found",
        "methodnotallowed" => "method not allowed",
        "preconditionfailed" => "precondition failed",
        "requestentitytoolarge" => "request entity too large",
        "payloadtoolarge" => "payload too large",
        "unprocessableentity" => "unprocessable entity",
        "toomanyrequests" => "too many requests",
        "internalservererror" => "internal server error",
        "notimplemented" => "not implemented",
        "badgateway" => "bad gateway",
        "serviceunavailable" => "service unavailable",
        "gatewaytimeout" => "gateway timeout",
        other => other,
    }
    .to_string()
}

/// A status at the start of `rest`: a number (`409`, `(409)`) or a name
/// (`BadRequest`, `Too Many Requests`).
fn status_word(rest: &str) -> Option<(u16, String)> {
    let rest = rest.trim_start().trim_start_matches('(');
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() == 3 {
        let code = digits
            .parse::<u16>()
            .ok()
            .filter(|c| (100..600).contains(c))?;
        return Some((code, digits));
    }
    let word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphabetic() || *c == ' ')
        .take(32)
        .collect();
    let squashed: String = word
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    STATUS_NAMES
        .iter()
        .filter(|(name, _)| squashed.starts_with(name))
        .max_by_key(|(name, _)| name.len())
        .map(|(name, code)| {
            let taken = take_letters(&word, name.len());
            (*code, taken)
        })
}

/// The prefix of `word` holding `letters` letters (spaces kept).
fn take_letters(word: &str, letters: usize) -> String {
    let mut seen = 0;
    let mut end = 0;
    for (i, c) in word.char_indices() {
        if seen == letters {
            break;
        }
        if c.is_ascii_alphabetic() {
            seen += 1;
        }
        end = i + c.len_utf8();
    }
    word[..end].to_string()
}

/// The first JSON object in `text` (`Web Response: {…}`, `Response Content:
/// {…}`), read leniently: what follows the object is ignored.
fn body_in(text: &str) -> Option<Json> {
    text.match_indices('{')
        .take(MAX_BODY_STARTS)
        .find_map(|(at, _)| {
            let mut stream = serde_json::Deserializer::from_str(&text[at..]).into_iter::<Json>();
            match stream.next() {
                Some(Ok(value @ Json::Object(_))) => Some(value),
                _ => None,
            }
        })
}

/// The service provider's words an Okta reason quotes without JSON:
/// "Errors reported by remote server: <words>".
fn remote_words(text: &str) -> Option<String> {
    const MARKER: &str = "errors reported by remote server:";
    let lower = text.to_ascii_lowercase();
    let at = lower.find(MARKER)?;
    let words = text[at + MARKER.len()..].trim();
    (!words.is_empty()).then(|| words.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn validator() -> Validator {
        Validator::new(crate::schema::Registry::builtin())
    }

    fn answer(text: &str) -> Answer {
        find(&[text.to_string()], &validator()).unwrap()
    }

    #[test]
    fn entra_web_response_gives_status_and_scim_error() {
        let a = answer(
            r#"StatusCode: Conflict Message: Processing of the HTTP request resulted in an exception. Please see the HTTP response returned by the 'Response' property of this exception for details. Web Response: { "schemas" : [ "urn:ietf:params:scim:api:messages:2.0:Error" ], "status" : "409", "detail" : "User must be Active." }. This operation was retried 0 times."#,
        );
        assert_eq!(a.status, Some(409));
        assert_eq!(a.status_text.as_deref(), Some("Conflict"));
        assert_eq!(a.detail.as_deref(), Some("User must be Active."));
        assert!(a.report.as_ref().is_some_and(|r| r.valid));
    }

    #[test]
    fn statuses_by_number_name_and_reason_phrase() {
        assert_eq!(
            answer("returned an error response with the HTTP status code 409.  This").status,
            Some(409)
        );
        assert_eq!(
            answer("Response Status Code: Unauthorized\n Response Headers:").status,
            Some(401)
        );
        assert_eq!(answer("StatusCode: TooManyRequests").status, Some(429));
        assert_eq!(
            answer("Error while creating user ada: Bad Request. Errors reported by remote server: userName is required").status,
            Some(400)
        );
        let a = answer(
            "Error while creating user ada: Conflict. Errors reported by remote server: exists",
        );
        assert_eq!((a.status, a.detail.as_deref()), (Some(409), Some("exists")));
        assert!(find(&["The user is out of scope".to_string()], &validator()).is_none());
        // The earliest phrase is the status; words of the answer are not.
        let a = answer(
            "failed: Error while creating user x: Conflict. Errors reported by remote server: its manager (id 00u9) not found.",
        );
        assert_eq!(a.status, Some(409));
        assert!(find(&["the user (ada) not found.".to_string()], &validator()).is_none());
        assert_eq!(answer("Error (404) Not Found.").status, Some(404));
        // "status:" followed by a number is not an HTTP status.
        assert!(
            find(
                &["Quarantine status: 500 consecutive escrow failures".to_string()],
                &validator()
            )
            .is_none()
        );
    }

    #[test]
    fn a_body_without_a_named_status_gives_its_own() {
        let a = answer(
            r#"Web Response: {"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"400","scimType":"invalidFilter","detail":"bad"}"#,
        );
        assert_eq!(
            (a.status, a.scim_type.as_deref()),
            (Some(400), Some("invalidFilter"))
        );
    }

    #[test]
    fn a_broken_body_is_not_read_and_the_search_is_bounded() {
        let text = "{".repeat(10_000);
        assert!(find(&[text], &validator()).is_none());
    }
}
