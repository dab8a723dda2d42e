//! PATCH (RFC 7644 §3.5.2): checking PatchOp bodies against a resource type,
//! with identity-provider dialects.

mod check;

pub use crate::dialect::Dialect;
pub use check::{check_patch, check_patch_node};
