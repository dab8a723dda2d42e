//! A resource given as JSON text for a PATCH to apply to, read once: its
//! type (named, or told by its `schemas`) and its value, or its syntax
//! error. `Workspace::apply_patch` and `detect::explain` with a target both
//! read it here, so a PATCH tool and an identity-provider card answer alike.

use serde_json::Value;

use super::apply::{PatchOutcome, apply_patch_to_text, resource_not_json};
use crate::diagnostics::{Diagnostic, Report};
use crate::dialect::Dialect;
use crate::schema::{Registry, ResourceType};

/// A resource read for a PATCH: its type, and its value or why it is not JSON.
#[derive(Debug, Clone)]
pub struct ResourceText<'r> {
    resource_type: &'r ResourceType,
    value: Result<Value, Diagnostic>,
}

/// Reads `text` as the resource a PATCH applies to. Its type is
/// `resource_type` when given, else the one its `schemas` name; a text that
/// is not JSON is read as any type (`resource_type`, else User) and reported
/// when applied.
///
/// # Errors
/// Why no PATCH can be applied at all (code `unknown-resource-type`): the
/// name is unknown, or the resource's `schemas` name no resource type.
pub fn read_resource<'r>(
    registry: &'r Registry,
    text: &str,
    resource_type: Option<&str>,
) -> Result<ResourceText<'r>, String> {
    let named = |name: &str| {
        registry
            .resource_type(name)
            .ok_or_else(|| registry.unknown_resource_type(name))
    };
    let value = crate::json::parse_value(text).map_err(resource_not_json);
    let resource_type = match (&value, resource_type) {
        (_, Some(name)) => named(name)?,
        // The outcome reports the resource's syntax; any type will do.
        (Err(_), None) => named("User")?,
        (Ok(v), None) => registry.resource_type_of_value(v).ok_or_else(|| {
            "cannot tell the resource type from the resource's `schemas`; name it".to_owned()
        })?,
    };
    Ok(ResourceText {
        resource_type,
        value,
    })
}

impl ResourceText<'_> {
    /// Applies `patch_text` in `dialect`; diagnostics have spans into it. A
    /// resource that was not JSON is the outcome's one diagnostic.
    pub fn apply(&self, registry: &Registry, patch_text: &str, dialect: Dialect) -> PatchOutcome {
        match &self.value {
            Ok(value) => apply_patch_to_text(
                registry,
                self.resource_type,
                value.clone(),
                patch_text,
                dialect,
            ),
            Err(d) => PatchOutcome {
                resource: Value::Null,
                report: Report::new(vec![d.clone()]),
                changes: Vec::new(),
            },
        }
    }
}
