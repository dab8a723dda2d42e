//! What the probe is pointed at and with what: the base URL and the bearer
//! token are checked here once, for the CLI and the npm package alike, and
//! server-supplied path pieces are made safe to put into a URL.

use crate::encode::percent_encode;
use crate::limits::MAX_PROBE_TOKEN_BYTES;

/// Why a base URL cannot be probed. The message never repeats a password
/// the URL carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrlError(pub String);

impl std::fmt::Display for BaseUrlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BaseUrlError {}

/// Checks a base URL and returns it without trailing slashes: `http://` or
/// `https://`, a host, no user name or password (the token is the only
/// credential, and a password in a URL ends up in every report), no query
/// (it would be glued before every path) and no fragment (it would send
/// every request to the base path).
///
/// # Errors
/// What is wrong, in words an admin can act on.
pub fn check_base_url(url: &str) -> Result<String, BaseUrlError> {
    let trimmed = url.trim();
    let lower = trimmed.to_ascii_lowercase();
    let Some(scheme_end) = ["http://", "https://"]
        .iter()
        .find(|s| lower.starts_with(*s))
        .map(|s| s.len())
    else {
        return Err(BaseUrlError(
            "the base URL is not an http:// or https:// URL".to_string(),
        ));
    };
    let rest = trimmed.get(scheme_end..).unwrap_or("");
    if has_credentials(rest) {
        return Err(BaseUrlError(
            "the base URL carries a user name or password before `@`: leave credentials out of the URL (the bearer token comes from SCIMKIT_TOKEN, --token-env or --token-file), so that no report shows them".to_string(),
        ));
    }
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    if rest.get(..authority_end).unwrap_or("").is_empty() {
        return Err(BaseUrlError("the base URL has no host".to_string()));
    }
    // The URL is not repeated in these messages: whatever it holds stays
    // out of logs.
    if trimmed.contains('#') {
        return Err(BaseUrlError(
            "the base URL has a fragment (`#…`), which is never sent to the server: every request would go to the base path; remove it".to_string(),
        ));
    }
    if trimmed.contains('?') {
        return Err(BaseUrlError(
            "the base URL has a query (`?…`): the probe appends paths such as /Users to the base URL, so the query would end up before them; give the base URL without it".to_string(),
        ));
    }
    if trimmed.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(BaseUrlError(
            "the base URL contains spaces or control characters".to_string(),
        ));
    }
    Ok(trimmed.trim_end_matches('/').to_string())
}

/// Whether what follows `scheme://` starts with user information, also
/// when a password holds `/`, `?` or `#` (which would end the authority
/// before its `@` if taken as written): an `@` before the first `/`, or a
/// `:` before it followed by something that is not a port number and,
/// later, an `@`.
fn has_credentials(rest: &str) -> bool {
    let Some(at) = rest.find('@') else {
        return false;
    };
    let slash = rest.find('/').unwrap_or(rest.len());
    if at < slash {
        return true;
    }
    let head = rest.get(..slash).unwrap_or("");
    match head.split_once(':') {
        // `host:port/…a@b` is a path holding `@`; `user:pa/ss@host` is not.
        Some((_, after)) => after.is_empty() || !after.chars().all(|c| c.is_ascii_digit()),
        None => false,
    }
}

/// Why a bearer token cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenError(pub String);

impl std::fmt::Display for TokenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TokenError {}

/// Checks a bearer token read from `source` (an environment variable or a
/// file, for the message) and returns it trimmed: a byte-order mark and
/// surrounding white space are dropped, and what is left must be visible
/// ASCII (RFC 6750's `b64token` and every token format in use), at most
/// [`MAX_PROBE_TOKEN_BYTES`] bytes. A file's first line is the token.
/// The message never contains the token.
///
/// # Errors
/// Empty, too long, or with characters an HTTP header cannot carry.
pub fn check_token(bytes: &[u8], source: &str) -> Result<String, TokenError> {
    if bytes.len() > MAX_PROBE_TOKEN_BYTES {
        return Err(TokenError(format!(
            "{source} holds more than {MAX_PROBE_TOKEN_BYTES} bytes, which is no bearer token"
        )));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| TokenError(format!("{source} is not valid UTF-8 text")))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("").trim();
    if first.is_empty() {
        return Err(TokenError(format!("{source} is empty")));
    }
    if let Some((at, c)) = first
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_graphic())
    {
        let what = if c == ' ' || c == '\t' {
            "a space".to_string()
        } else if c.is_ascii_control() {
            format!("a control character (U+{:04X})", u32::from(c))
        } else {
            format!("the non-ASCII character U+{:04X}", u32::from(c))
        };
        return Err(TokenError(format!(
            "the token in {source} contains {what} at character {}: a bearer token is visible ASCII only (RFC 6750 §2.1)",
            at + 1
        )));
    }
    Ok(first.to_string())
}

/// A path a server gave (a `meta.location`) made safe to request and to
/// print: every byte but unreserved characters, `/`, `:`, `@` and complete
/// `%XX` escapes percent-encoded, so no quote, space, line break or `$(`
/// survives as it is.
pub(super) fn sanitize_path(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = String::with_capacity(path.len());
    for (i, &b) in bytes.iter().enumerate() {
        let escape = b == b'%'
            && bytes
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
        if b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/' | b':' | b'@')
            || escape
        {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `id` as one path segment: percent-encoded, so that `a/b` stays one
/// segment and quotes or `$(…)` never reach a URL as they are.
pub fn segment(id: &str) -> String {
    percent_encode(id)
}

/// A path from a server (a ResourceType's `endpoint`) with each segment
/// percent-encoded, starting with `/`.
pub(super) fn safe_path(path: &str) -> String {
    let segments: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(percent_encode)
        .collect();
    format!("/{}", segments.join("/"))
}

/// Where a ResourceType's `endpoint` leads, seen from the base URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Endpoint {
    /// A path below the base URL (`/Users`), segments percent-encoded.
    Below(String),
    /// Anywhere else: another origin, or a path outside the base URL's
    /// (the whole URL, for the report).
    Elsewhere(String),
}

/// Resolves a ResourceType `endpoint` against `base` (checked by
/// [`check_base_url`]). RFC 7643 §6 says the endpoint is relative to the
/// base URL (`/Users`), but servers also publish it as an absolute path
/// that repeats the base URL's path (`/scim/v2/Users`) or as an absolute
/// URL; each form is read as such (RFC 3986 §5.2), and only what lands
/// below the base URL is followed.
pub(super) fn resolve_endpoint(base: &str, endpoint: &str) -> Endpoint {
    let (origin, base_path) = split_origin(base);
    let below = |path: &str| {
        path.strip_prefix(base_path)
            .filter(|rest| rest.starts_with('/') || (base_path.is_empty() && !rest.is_empty()))
            .map(|rest| Endpoint::Below(safe_path(rest)))
    };
    let lower = endpoint.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        let (their_origin, path) = split_origin(endpoint);
        if !their_origin.eq_ignore_ascii_case(origin) {
            return Endpoint::Elsewhere(endpoint.to_string());
        }
        return below(path).unwrap_or_else(|| Endpoint::Elsewhere(endpoint.to_string()));
    }
    if endpoint.starts_with("//") || endpoint.contains("://") {
        return Endpoint::Elsewhere(endpoint.to_string());
    }
    if !base_path.is_empty() && endpoint.starts_with('/') {
        if let Some(below) = below(endpoint) {
            return below;
        }
    }
    // Relative to the base URL, as RFC 7643 §6 writes it.
    Endpoint::Below(safe_path(endpoint))
}

/// `scheme://authority` and the path of a URL (without a trailing slash).
pub(super) fn split_origin(url: &str) -> (&str, &str) {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let path_start = url
        .get(after_scheme..)
        .and_then(|rest| rest.find('/'))
        .map_or(url.len(), |i| after_scheme + i);
    let origin = url.get(..path_start).unwrap_or(url);
    let path = url.get(path_start..).unwrap_or("").trim_end_matches('/');
    (origin, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_with_credentials_query_or_fragment_are_refused() {
        assert_eq!(
            check_base_url("https://h.example/scim/v2/").unwrap(),
            "https://h.example/scim/v2"
        );
        let e = check_base_url("https://admin:hunter2@h.example/scim").unwrap_err();
        assert!(!e.0.contains("hunter2"), "{e}");
        assert!(e.0.contains("user name or password"), "{e}");
        for (url, secret) in [
            ("http://admin:s3cret#x@127.0.0.1:1/", "s3cret"),
            ("http://admin:hun?ter2@127.0.0.1:1/", "ter2"),
            ("http://admin:hun/ter2@127.0.0.1:1/", "ter2"),
            ("http://admin@127.0.0.1:1/", "admin"),
        ] {
            let e = check_base_url(url).unwrap_err();
            assert!(e.0.contains("user name or password"), "{url}: {e}");
            assert!(!e.0.contains(secret), "{url}: {e}");
        }
        assert!(check_base_url("https://h:8443/scim/a@b").is_ok());
        assert!(
            check_base_url("https://h/v2?tenant=acme")
                .unwrap_err()
                .0
                .contains("query")
        );
        assert!(
            check_base_url("https://h/v2#x")
                .unwrap_err()
                .0
                .contains("fragment")
        );
        assert!(
            check_base_url("ftp://h")
                .unwrap_err()
                .0
                .contains("not an http")
        );
        assert!(
            check_base_url("https://")
                .unwrap_err()
                .0
                .contains("no host")
        );
        // `@` after the authority is a path character, not credentials.
        assert!(check_base_url("https://h/scim/a@b").is_ok());
    }

    #[test]
    fn tokens_are_visible_ascii_within_the_limit() {
        assert_eq!(
            check_token(b"\xef\xbb\xbfabc.def\r\nrest", "f").unwrap(),
            "abc.def"
        );
        assert_eq!(check_token(b"  t0k  ", "f").unwrap(), "t0k");
        let e = check_token(b"\xff\xfe", "SCIMKIT_TOKEN").unwrap_err();
        assert_eq!(e.0, "SCIMKIT_TOKEN is not valid UTF-8 text");
        let e = check_token("tök".as_bytes(), "f").unwrap_err();
        assert!(e.0.contains("U+00F6 at character 2"), "{e}");
        assert!(!e.0.contains("tök"));
        assert!(check_token(b"a b", "f").unwrap_err().0.contains("a space"));
        assert!(
            check_token(b"\n\n", "f")
                .unwrap_err()
                .0
                .contains("is empty")
        );
        let long = vec![b'a'; MAX_PROBE_TOKEN_BYTES + 1];
        assert!(check_token(&long, "f").unwrap_err().0.contains("more than"));
    }

    #[test]
    fn endpoints_resolve_in_every_form_servers_publish() {
        let base = "http://h:8/scim/v2";
        let below = |p: &str| Endpoint::Below(p.to_string());
        assert_eq!(resolve_endpoint(base, "/Users"), below("/Users"));
        assert_eq!(resolve_endpoint(base, "Users"), below("/Users"));
        assert_eq!(resolve_endpoint(base, "/scim/v2/Users"), below("/Users"));
        assert_eq!(
            resolve_endpoint(base, "http://h:8/scim/v2/Users"),
            below("/Users")
        );
        assert_eq!(
            resolve_endpoint(base, "HTTP://H:8/scim/v2/Users/"),
            below("/Users")
        );
        assert_eq!(
            resolve_endpoint(base, "http://other:8/scim/v2/Users"),
            Endpoint::Elsewhere("http://other:8/scim/v2/Users".into())
        );
        assert_eq!(
            resolve_endpoint(base, "http://h:8/elsewhere/Users"),
            Endpoint::Elsewhere("http://h:8/elsewhere/Users".into())
        );
        assert!(matches!(
            resolve_endpoint(base, "//evil/Users"),
            Endpoint::Elsewhere(_)
        ));
        assert_eq!(resolve_endpoint("http://h:8", "/Users"), below("/Users"));
        assert_eq!(
            resolve_endpoint("http://h:8", "http://h:8/Users"),
            below("/Users")
        );
    }

    #[test]
    fn server_path_pieces_become_safe_segments() {
        assert_eq!(segment("a/b c'$(x)"), "a%2Fb%20c%27%24%28x%29");
        assert_eq!(
            safe_path("Users'$(touch${IFS}/tmp/x)'"),
            "/Users%27%24%28touch%24%7BIFS%7D/tmp/x%29%27"
        );
        assert_eq!(safe_path("/scim/v2/Users"), "/scim/v2/Users");
        assert_eq!(
            sanitize_path("/v2/Users/x\n  PASS ; touch PWNED ; '%2F%zz"),
            "/v2/Users/x%0A%20%20PASS%20%3B%20touch%20PWNED%20%3B%20%27%2F%25zz"
        );
    }
}
