//! Validation of SCIM documents: resources and protocol messages, in the
//! context they appear in.
//!
//! ```
//! use scimkit::schema::Registry;
//! use scimkit::validate::{Context, ValidateOptions, Validator};
//!
//! let validator = Validator::new(Registry::builtin());
//! let report = validator.validate(
//!     r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":42}"#,
//!     &ValidateOptions::new(Context::Create),
//! );
//! assert!(!report.valid);
//! assert_eq!(report.diagnostics[0].code.as_str(), "invalid-type");
//! assert_eq!(report.diagnostics[0].path, "/userName");
//! ```
//!
//! One file per rule family: [`resource`](self) structure and `schemas`,
//! attribute values and characteristics, scalar types, protocol messages, and
//! suggestions for misspelt attribute names.

mod assumed;
mod attribute;
mod batch;
mod messages;
mod resource;
mod search;
mod types;
pub(crate) mod walker;

pub use crate::suggest::closest;
pub use assumed::{Alternative, Assumed, assumed, assumed_patch};
pub(crate) use messages::{Field, FieldKind, field_spec};
pub use types::{is_base64, is_uri_reference};

use serde_json::Value;

use crate::diagnostics::{Code, Diagnostic, Report};
use crate::dialect::Dialect;
use crate::json::Node;
use crate::profile::Profile;
use crate::schema::{Registry, uri};
use walker::Walker;

pub use crate::context::Context;

impl Context {
    /// The context a document declares through its `schemas`: a PatchOp,
    /// ListResponse, SearchRequest, BulkRequest, BulkResponse or Error message;
    /// anything else is read as a resource to create.
    pub fn detect(document: &Node<'_>) -> Context {
        let Some(schemas) = document.get_ignore_case("schemas").and_then(Node::as_array) else {
            return Context::Create;
        };
        for s in schemas {
            let Some(s) = s.as_str() else { continue };
            let context = [
                (uri::PATCH_OP, Context::Patch),
                (uri::LIST_RESPONSE, Context::List),
                (uri::SEARCH_REQUEST, Context::Search),
                (uri::BULK_REQUEST, Context::Bulk),
                (uri::BULK_RESPONSE, Context::BulkResponse),
                (uri::ERROR, Context::Error),
            ]
            .into_iter()
            .find(|(u, _)| u.eq_ignore_ascii_case(&s));
            if let Some((_, context)) = context {
                return context;
            }
        }
        Context::Create
    }
}

/// What to validate a document as.
#[derive(Debug, Clone, Copy)]
pub struct ValidateOptions<'a> {
    /// The context; `None` detects it from the document ([`Context::detect`]).
    pub context: Option<Context>,
    /// The resource type (name or endpoint); `None` takes it from the core
    /// schema URI in `schemas`.
    pub resource_type: Option<&'a str>,
    /// A service-provider profile whose constraints apply on top of the schemas.
    pub profile: Option<&'a Profile>,
    /// Report unknown attributes (and a few other tolerable deviations) as
    /// warnings instead of errors.
    pub lenient: bool,
    /// Which identity provider's deviations to accept as quirk warnings
    /// (PATCH bodies, string booleans, custom extensions not in `schemas`).
    pub dialect: Dialect,
    /// Diagnostics the report keeps (see [`Report::capped`]); by default
    /// [`DEFAULT_MAX_DIAGNOSTICS`](crate::limits::DEFAULT_MAX_DIAGNOSTICS).
    pub max_diagnostics: usize,
}

impl<'a> ValidateOptions<'a> {
    /// Options for `context`, everything else default.
    pub fn new(context: Context) -> ValidateOptions<'a> {
        ValidateOptions {
            context: Some(context),
            resource_type: None,
            profile: None,
            lenient: false,
            dialect: Dialect::Strict,
            max_diagnostics: crate::limits::DEFAULT_MAX_DIAGNOSTICS,
        }
    }

    /// Options that detect the context from the document.
    pub fn detect() -> ValidateOptions<'a> {
        ValidateOptions {
            context: None,
            ..ValidateOptions::new(Context::Create)
        }
    }

    /// Sets the resource type.
    #[must_use]
    pub fn with_resource_type(mut self, resource_type: &'a str) -> ValidateOptions<'a> {
        self.resource_type = Some(resource_type);
        self
    }

    /// Sets the profile.
    #[must_use]
    pub fn with_profile(mut self, profile: &'a Profile) -> ValidateOptions<'a> {
        self.profile = Some(profile);
        self
    }

    /// Sets the identity-provider dialect.
    #[must_use]
    pub fn with_dialect(mut self, dialect: Dialect) -> ValidateOptions<'a> {
        self.dialect = dialect;
        self
    }

    /// Sets how many diagnostics a report keeps.
    #[must_use]
    pub fn with_max_diagnostics(mut self, max: usize) -> ValidateOptions<'a> {
        self.max_diagnostics = max;
        self
    }

    /// Sets lenient mode.
    #[must_use]
    pub fn with_lenient(mut self, lenient: bool) -> ValidateOptions<'a> {
        self.lenient = lenient;
        self
    }
}

/// Validates documents against a [`Registry`]. Build once, validate many times;
/// cloning is cheap.
#[derive(Debug, Clone)]
pub struct Validator {
    registry: Registry,
}

impl Validator {
    /// A validator over `registry`.
    pub fn new(registry: Registry) -> Validator {
        Validator { registry }
    }

    /// The registry.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// Validates JSON text; diagnostics carry spans with lines and columns.
    pub fn validate(&self, text: &str, options: &ValidateOptions<'_>) -> Report {
        // PatchOp and BulkRequest bodies are counted while read (see
        // `json::parse_counting`); other documents have no `Operations`.
        let parsed = match options.context {
            Some(Context::Patch | Context::Bulk) | None => crate::json::parse_counting(
                text,
                "Operations",
                crate::limits::MAX_PATCH_OPERATIONS.max(crate::limits::MAX_BULK_OPERATIONS),
            ),
            Some(_) => crate::json::parse(text),
        };
        match parsed {
            Ok(root) => self.validate_node(&root, options).locate(text),
            Err(d) => Report::new(crate::json::syntax_errors(text, d)),
        }
    }

    /// Validates an already-parsed document. Diagnostics have no spans.
    pub fn validate_value(&self, value: &Value, options: &ValidateOptions<'_>) -> Report {
        // One validator: print and re-read rather than walk a second tree type.
        let text = value.to_string();
        let mut report = self.validate(&text, options);
        for d in &mut report.diagnostics {
            d.span = None;
        }
        report
    }

    /// Validates a parsed tree. Spans are byte ranges without line and column;
    /// call [`Report::locate`] with the source text to fill them in.
    pub fn validate_node(&self, root: &Node<'_>, options: &ValidateOptions<'_>) -> Report {
        let detected = Context::detect(root);
        let context = options.context.unwrap_or(detected);
        if let Some(d) = context_mismatch(root, context, detected) {
            return Report::new(vec![d]);
        }
        let mut walker = Walker::new(&self.registry, options.lenient);
        walker.dialect = options.dialect;
        walker.document(root, context, options.resource_type);
        if let Some(profile) = options.profile {
            profile.check_document(
                &self.registry,
                root,
                context,
                options.resource_type,
                &mut walker.diagnostics,
            );
        }
        Report::new(walker.diagnostics).capped(options.max_diagnostics)
    }
}

/// A message whose `schemas` name one kind of message (a ListResponse, an
/// Error, …) validated as something else: say which context fits instead of
/// reading its envelope as resource attributes.
fn context_mismatch(root: &Node<'_>, given: Context, detected: Context) -> Option<Diagnostic> {
    let is_message = !matches!(
        detected,
        Context::Create | Context::Replace | Context::Response
    );
    if !is_message || given == detected {
        return None;
    }
    let schemas = root.get_ignore_case("schemas");
    let (start, end) = schemas.unwrap_or(root).range();
    Some(
        Diagnostic::new(
            Code::ContextMismatch,
            "/schemas",
            format!(
                "the document is a {} message (its `schemas` say so), so the `{given}` context does not fit; validate it in the `{detected}` context",
                detected.message_name()
            ),
        )
        .with_range(start, end)
        .with_help(format!(
            "use --context {detected} (context: \"{detected}\" in the npm package), or leave the context out to detect it"
        )),
    )
}

#[cfg(test)]
mod tests;

/// A readOnly attribute inside an operation's value.
pub(crate) fn read_only_value(name: &str) -> String {
    format!("`{name}` is readOnly: a client cannot set it (RFC 7644 §3.5.2, scimType `mutability`)")
}
