//! scimkit: SCIM 2.0 validation for identity admins and service-provider developers.
//!
//! See `ARCHITECTURE.md` for how the modules fit together.

mod context;
pub mod datetime;
pub mod detect;
pub mod diagnostics;
pub mod dialect;
pub mod encode;
pub mod filter;
pub mod http_message;
pub mod json;
pub mod limits;
pub mod logs;
pub mod mapping;
pub mod order;
pub mod patch;
pub mod probe;
pub mod profile;
pub mod schema;
mod suggest;
pub mod testing;
pub mod validate;
pub mod workspace;

pub use diagnostics::{Code, Diagnostic, Report, Severity, Span, Utf16Index};

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
