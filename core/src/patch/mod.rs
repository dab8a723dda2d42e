//! SCIM PATCH (RFC 7644 §3.5.2): checking PatchOp bodies against a resource
//! type, applying them with the RFC's semantics, and the identity-provider
//! dialects a service provider meets in practice (see [`apply`] for every rule
//! and choice).
//!
//! ```
//! use scimkit::patch::{Dialect, apply_patch};
//! use scimkit::schema::Registry;
//! use serde_json::json;
//!
//! let registry = Registry::builtin();
//! let user = registry.resource_type("User").unwrap();
//! let patch = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
//!     "Operations": [{"op": "Replace", "path": "active", "value": "False"}]});
//! let strict = apply_patch(&registry, user, &json!({"userName": "b", "active": true}), &patch, Dialect::Strict);
//! assert!(!strict.report.valid);
//! let entra = apply_patch(&registry, user, &json!({"userName": "b", "active": true}), &patch, Dialect::Entra);
//! assert_eq!(entra.resource["active"], json!(false));
//! assert_eq!(entra.report.diagnostics.len(), 2); // two quirk warnings: `Replace` and "False"
//! ```

pub mod apply;
mod check;
mod diff;
mod elements;
mod resource_text;
mod target;
mod value;
pub(crate) mod words;

pub use crate::dialect::Dialect;
pub use apply::{PatchOutcome, apply_patch, apply_patch_text};
pub use check::{check_patch, check_patch_node};
pub use diff::{Change, ChangeKind};
pub use resource_text::{ResourceText, read_resource};

#[cfg(test)]
mod tests;
