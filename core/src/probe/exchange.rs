//! What the probe sends and receives, without any HTTP: the transport (ureq
//! in the CLI, recorded exchanges in tests) turns a [`Request`] into a
//! [`Response`] or a [`TransportError`].

use serde::Serialize;

use crate::encode::percent_encode;

/// What the authentication check sends instead of the caller's token (the
/// transport sends it for [`Auth::WrongToken`]).
pub const WRONG_TOKEN: &str = "scimkit-probe-wrong-token";

/// Which credentials a request carries. The plan never sees the token: the
/// transport adds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Auth {
    /// The bearer token the probe was given.
    Token,
    /// A bearer token that cannot be valid (the authentication check).
    WrongToken,
}

/// One request of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Request {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    pub method: &'static str,
    /// The path below the base URL, starting with `/` (`/Users`).
    pub path: String,
    /// Query parameters, in order, not yet percent-encoded.
    pub query: Vec<(String, String)>,
    /// The credentials to send.
    pub auth: Auth,
    /// A JSON body, for the writing requests.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

impl Request {
    /// A GET of `path` with the probe's token.
    pub fn get(path: impl Into<String>) -> Request {
        Request {
            method: "GET",
            path: path.into(),
            query: Vec::new(),
            auth: Auth::Token,
            body: None,
        }
    }

    /// Adds a query parameter.
    #[must_use]
    pub fn with_query(mut self, name: &str, value: impl Into<String>) -> Request {
        self.query.push((name.to_string(), value.into()));
        self
    }

    /// Replaces the credentials.
    #[must_use]
    pub fn with_auth(mut self, auth: Auth) -> Request {
        self.auth = auth;
        self
    }

    /// The path and query as they go on the wire (`/Users?count=1`),
    /// percent-encoded.
    pub fn target(&self) -> String {
        let mut out = self.path.clone();
        for (i, (name, value)) in self.query.iter().enumerate() {
            out.push(if i == 0 { '?' } else { '&' });
            out.push_str(&percent_encode(name));
            out.push('=');
            out.push_str(&percent_encode(value));
        }
        out
    }
}

/// What the service provider answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Response {
    /// The HTTP status.
    pub status: u16,
    /// The `Content-Type` header, if any.
    #[serde(rename = "contentType")]
    pub content_type: Option<String>,
    /// The body as text (at most [`MAX_PROBE_RESPONSE_BYTES`](crate::limits::MAX_PROBE_RESPONSE_BYTES); invalid UTF-8 replaced).
    pub body: String,
    /// Whether the body was cut at [`MAX_PROBE_RESPONSE_BYTES`](crate::limits::MAX_PROBE_RESPONSE_BYTES).
    pub truncated: bool,
    /// The `ETag` header, if any (RFC 7644 §3.14).
    pub etag: Option<String>,
}

impl Response {
    /// A response with `status`, a SCIM content type and `body`.
    pub fn scim(status: u16, body: impl Into<String>) -> Response {
        Response {
            status,
            content_type: Some("application/scim+json".to_string()),
            body: body.into(),
            truncated: false,
            etag: None,
        }
    }
}

/// Why no response arrived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TransportError {
    /// What happened, for the report (`timed out after 10 s`, `connection refused`).
    pub message: String,
}

impl std::fmt::Display for TransportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TransportError {}
