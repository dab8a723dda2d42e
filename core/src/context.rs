//! Where a document appears (a POST body, a PATCH, a ListResponse, …),
//! which decides the rules that apply to it. Validation, profiles, PATCH
//! and detection all speak of it, so it sits below them. Reading it from a
//! document's `schemas` ([`Context::detect`]) is validation's, in
//! `validate/mod.rs`.

use serde::{Deserialize, Serialize};

/// Where a document appears, which decides the rules that apply to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Context {
    /// A resource in a POST body.
    Create,
    /// A resource in a PUT body.
    Replace,
    /// A PatchOp body.
    Patch,
    /// A resource returned by GET, POST or PUT.
    Response,
    /// A ListResponse.
    List,
    /// A SearchRequest (POST .search).
    Search,
    /// A BulkRequest.
    Bulk,
    /// A BulkResponse.
    BulkResponse,
    /// An Error response.
    Error,
}

impl Context {
    /// Every context, in the order the CLI lists them.
    pub const ALL: &'static [Context] = &[
        Context::Create,
        Context::Replace,
        Context::Patch,
        Context::Response,
        Context::List,
        Context::Search,
        Context::Bulk,
        Context::BulkResponse,
        Context::Error,
    ];

    /// The name used by the CLI, the npm package and data files.
    pub const fn as_str(self) -> &'static str {
        match self {
            Context::Create => "create",
            Context::Replace => "replace",
            Context::Patch => "patch",
            Context::Response => "response",
            Context::List => "list",
            Context::Search => "search",
            Context::Bulk => "bulk",
            Context::BulkResponse => "bulkResponse",
            Context::Error => "error",
        }
    }

    /// How the context reads in a sentence: `create (POST)`, `PATCH`,
    /// `list response`, …
    pub const fn label(self) -> &'static str {
        match self {
            Context::Create => "create (POST)",
            Context::Replace => "replace (PUT)",
            Context::Patch => "PATCH",
            Context::Response => "response",
            Context::List => "list response",
            Context::Search => "search request",
            Context::Bulk => "bulk request",
            Context::BulkResponse => "bulk response",
            Context::Error => "error response",
        }
    }

    /// Parses a context name (case-insensitive).
    pub fn from_name(name: &str) -> Option<Context> {
        Context::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(name))
    }

    /// The message's name in RFC 7644 (`ListResponse`, `PatchOp`, …), or
    /// `resource` for the resource contexts.
    pub fn message_name(self) -> &'static str {
        match self {
            Context::Patch => "PatchOp",
            Context::List => "ListResponse",
            Context::Search => "SearchRequest",
            Context::Bulk => "BulkRequest",
            Context::BulkResponse => "BulkResponse",
            Context::Error => "Error",
            Context::Create | Context::Replace | Context::Response => "resource",
        }
    }

    /// Like [`Context::detect`], on JSON text; `create` when the text is not JSON.
    pub fn detect_text(text: &str) -> Context {
        crate::json::parse(text).map_or(Context::Create, |node| Context::detect(&node))
    }
}

impl std::fmt::Display for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
