//! The documented maximums, in one place, enforced the same natively and in wasm.
//!
//! Each limit has a diagnostic code (`limit-…` or `json-…`) that names it when
//! exceeded. The values are far beyond what identity providers send; they exist
//! so that hostile input costs bounded time and memory and never overflows the
//! stack (wasm's is 1 MiB).

/// Largest document accepted, in bytes (128 MiB).
pub const MAX_DOCUMENT_BYTES: usize = 128 * 1024 * 1024;
/// Deepest nesting of arrays and objects in a JSON document.
pub const MAX_JSON_DEPTH: usize = 128;
/// Longest filter or attribute path, in bytes.
pub const MAX_FILTER_BYTES: usize = 64 * 1024;
/// Deepest nesting of parentheses, `not` and value-path brackets in a filter.
pub const MAX_FILTER_DEPTH: usize = 64;
/// Longest identity-provider expression, in bytes (Entra ID's own limit is 10,000 characters).
pub const MAX_EXPRESSION_BYTES: usize = 10_000;
/// Deepest nesting of function calls and parentheses in an expression.
pub const MAX_EXPRESSION_DEPTH: usize = 64;
/// Most operations in one PatchOp body.
pub const MAX_PATCH_OPERATIONS: usize = 10_000;
/// Most operations in one BulkRequest.
pub const MAX_BULK_OPERATIONS: usize = 10_000;

/// Every limit with its name, for documentation and the npm package.
pub const ALL: &[(&str, usize)] = &[
    ("maxDocumentBytes", MAX_DOCUMENT_BYTES),
    ("maxJsonDepth", MAX_JSON_DEPTH),
    ("maxFilterBytes", MAX_FILTER_BYTES),
    ("maxFilterDepth", MAX_FILTER_DEPTH),
    ("maxExpressionBytes", MAX_EXPRESSION_BYTES),
    ("maxExpressionDepth", MAX_EXPRESSION_DEPTH),
    ("maxPatchOperations", MAX_PATCH_OPERATIONS),
    ("maxBulkOperations", MAX_BULK_OPERATIONS),
];
