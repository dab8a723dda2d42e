//! A raw HTTP request as admins copy it from a proxy, a log or their
//! browser's developer tools: request line, headers, blank line, body.
//!
//! ```text
//! PATCH /scim/v2/Users/2819c223 HTTP/1.1
//! Content-Type: application/scim+json
//! Authorization: Bearer eyJ…
//!
//! {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], …}
//! ```
//!
//! [`read_request`] finds the method, the target, the headers and where the
//! body starts; the method chooses the context (POST → create, PUT → replace,
//! PATCH → patch, POST `…/.search` → search, POST `…/Bulk` → bulk), and the
//! workspace takes the resource type from the path's segments
//! ([`Workspace::validate`](crate::workspace::Workspace::validate)). Headers
//! are commented on: a `Content-Type` that is not `application/scim+json` or
//! `application/json` gets an `http-content-type` note, an `Authorization`
//! header an `http-authorization` warning (a secret was pasted).
//! [`mask_credentials`] replaces the credential of every `Authorization`
//! header, so that what is shown, copied or shared never holds it.
//!
//! One pass over the text; at most [`MAX_HTTP_HEADERS`]
//! header lines are read (the rest is taken as the body).

use crate::context::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::limits::MAX_HTTP_HEADERS;

/// What stands in place of a credential after [`mask_credentials`].
pub const MASK: &str = "********";

const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// A raw HTTP request read from pasted text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest<'a> {
    /// The method, in capitals.
    pub method: &'a str,
    /// The request target (`/scim/v2/Users/2819c223`, or a whole URL).
    pub target: &'a str,
    /// Where the request line ends (byte offset).
    pub line_end: usize,
    /// The context the method and path mean, when they mean one with a body.
    pub context: Option<Context>,
    /// Where the body starts in the pasted text (byte offset; the text's
    /// length when there is none).
    pub body_start: usize,
    /// Notes and warnings about the headers, with spans into the pasted text.
    pub diagnostics: Vec<Diagnostic>,
}

impl HttpRequest<'_> {
    /// The segments of the target's path (`scim`, `v2`, `Users`, `2819c223`).
    pub fn path_segments(&self) -> impl Iterator<Item = &str> {
        let target = self.target.split(['?', '#']).next().unwrap_or("");
        let path = match target.split_once("://") {
            Some((_, rest)) => rest.split_once('/').map_or("", |(_, p)| p),
            None => target,
        };
        path.split('/').filter(|s| !s.is_empty())
    }
}

/// The lines of `text` with their start offsets, without their line ending,
/// and where the next line starts.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str, usize)> {
    let mut at = 0;
    text.split_inclusive('\n').map(move |raw| {
        let start = at;
        at += raw.len();
        (start, raw.trim_end_matches(['\n', '\r']), at)
    })
}

/// The method and target of a request line, `PATCH /Users/1 HTTP/1.1`.
fn request_line(line: &str) -> Option<(&str, &str)> {
    let mut words = line.split_whitespace();
    let method = words.next()?;
    let target = words.next()?;
    let version = words.next();
    let is_request = METHODS.contains(&method)
        && (target.starts_with('/')
            || target.starts_with("http://")
            || target.starts_with("https://"))
        && version.is_none_or(|v| v.starts_with("HTTP/"))
        && words.next().is_none();
    is_request.then_some((method, target))
}

/// Reads `text` as a raw HTTP request, or `None` when its first non-blank
/// line is not a request line (`METHOD /path [HTTP/x.y]`): JSON is never one.
pub fn read_request(text: &str) -> Option<HttpRequest<'_>> {
    let mut all = lines(text).skip_while(|(_, l, _)| l.trim().is_empty());
    let (line_start, line, _) = all.next()?;
    let (method, target) = request_line(line)?;
    let line_end = line_start + line.len();
    let mut request = HttpRequest {
        method,
        target,
        line_end,
        context: context_of(method, target),
        body_start: text.len(),
        diagnostics: Vec::new(),
    };
    for (headers, (start, line, next)) in all.enumerate() {
        if line.trim().is_empty() {
            request.body_start = next;
            break;
        }
        let trimmed = line.trim_start();
        // A body pasted without the blank line before it.
        if headers >= MAX_HTTP_HEADERS || trimmed.starts_with(['{', '[']) {
            request.body_start = start;
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            header(&mut request.diagnostics, start, name, value.trim());
        }
    }
    Some(request)
}

fn context_of(method: &str, target: &str) -> Option<Context> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    match method {
        "POST" if last.eq_ignore_ascii_case(".search") => Some(Context::Search),
        "POST" if last.eq_ignore_ascii_case("Bulk") => Some(Context::Bulk),
        "POST" => Some(Context::Create),
        "PUT" => Some(Context::Replace),
        "PATCH" => Some(Context::Patch),
        _ => None,
    }
}

fn header(out: &mut Vec<Diagnostic>, start: usize, name: &str, value: &str) {
    let span = (start, start + name.len());
    if name.trim().eq_ignore_ascii_case("content-type") {
        let media = value.split(';').next().unwrap_or("").trim();
        if !media.eq_ignore_ascii_case("application/scim+json")
            && !media.eq_ignore_ascii_case("application/json")
        {
            let mut d = Diagnostic::new(
                Code::HttpContentType,
                "",
                format!(
                    "Content-Type is `{media}`: SCIM bodies are `application/scim+json` \
                     (RFC 7644 §3.1), and most service providers also take `application/json`"
                ),
            )
            .with_range(span.0, span.1);
            d.help = Some(
                "Send `Content-Type: application/scim+json`; Entra ID and Okta do. If your own \
                 client or script sent this request, set the header there."
                    .to_owned(),
            );
            out.push(d);
        }
    } else if name.trim().eq_ignore_ascii_case("authorization") {
        let scheme = value.split_whitespace().next().unwrap_or("");
        let mut d = Diagnostic::new(
            Code::HttpAuthorization,
            "",
            format!(
                "an Authorization header ({scheme} …) was pasted: it is a secret; it is masked \
                 here and never put into a share link"
            ),
        )
        .with_range(span.0, span.1);
        d.help = Some(
            "Leave the Authorization header out when you paste or share a request. If a live \
             token was shared, generate a new one: in Entra ID the Secret Token of the \
             provisioning Admin Credentials, in Okta the API token of the app's Provisioning \
             Integration, and revoke the old one at the service provider."
                .to_owned(),
        );
        out.push(d);
    }
}

/// `text` with the credential of every `Authorization` header of a raw
/// request replaced by [`MASK`] (the scheme, `Bearer`, stays), or `None` when
/// there is nothing to mask (not a request, no such header, or masked already).
pub fn mask_credentials(text: &str) -> Option<String> {
    let request = read_request(text)?;
    let headers = text.get(request.line_end..request.body_start)?;
    let mut out = String::with_capacity(text.len());
    out.push_str(text.get(..request.line_end)?);
    let mut changed = false;
    for raw in headers.split_inclusive('\n') {
        let (name, rest) = raw.split_once(':').unwrap_or((raw, ""));
        if !name.trim().eq_ignore_ascii_case("authorization") || rest.is_empty() {
            out.push_str(raw);
            continue;
        }
        let body = rest.trim_end_matches(['\n', '\r']);
        let ending = rest.get(body.len()..).unwrap_or("");
        let value = body.trim();
        let (scheme, credential) = value.split_once(char::is_whitespace).unwrap_or(("", value));
        let credential = credential.trim();
        if credential.is_empty() || credential == MASK {
            out.push_str(raw);
            continue;
        }
        changed = true;
        out.push_str(name);
        out.push_str(": ");
        if !scheme.is_empty() {
            out.push_str(scheme);
            out.push(' ');
        }
        out.push_str(MASK);
        out.push_str(ending);
    }
    out.push_str(text.get(request.body_start..)?);
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATCH: &str = "PATCH /scim/v2/Users/2819c223 HTTP/1.1\r\nContent-Type: text/plain\r\nAuthorization: Bearer eyJhbGciOi.secret\r\n\r\n{\"a\":1}";

    #[test]
    fn a_request_gives_its_context_headers_and_body() {
        let r = read_request(PATCH).unwrap();
        assert_eq!((r.method, r.context), ("PATCH", Some(Context::Patch)));
        assert_eq!(
            r.path_segments().collect::<Vec<_>>(),
            ["scim", "v2", "Users", "2819c223"]
        );
        assert_eq!(PATCH.get(r.body_start..), Some("{\"a\":1}"));
        let codes: Vec<_> = r.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::HttpContentType, Code::HttpAuthorization]);
        assert!(r.diagnostics.iter().all(|d| !d.message.contains("eyJ")));
    }

    #[test]
    fn json_and_other_text_are_not_requests() {
        for text in [
            "{\"a\":1}",
            "",
            "GET",
            "userName eq \"x\"",
            "FETCH /Users",
            "GET /Users HTTP/1.1 x",
        ] {
            assert_eq!(read_request(text), None, "{text}");
        }
        let r = read_request("POST https://h.example/scim/v2/Users/.search\n{}").unwrap();
        assert_eq!(r.context, Some(Context::Search));
        assert_eq!(
            r.path_segments().collect::<Vec<_>>(),
            ["scim", "v2", "Users", ".search"]
        );
    }

    #[test]
    fn credentials_are_masked_once() {
        let masked = mask_credentials(PATCH).unwrap();
        assert!(!masked.contains("eyJ"));
        assert!(masked.contains("Authorization: Bearer ********\r\n\r\n{\"a\":1}"));
        assert_eq!(mask_credentials(&masked), None);
        assert_eq!(mask_credentials("{}"), None);
    }
}
