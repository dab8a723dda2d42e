//! scimkit: SCIM 2.0 validation for identity admins and service-provider developers.
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod datetime;
pub mod diagnostics;
pub mod dialect;
pub mod filter;
pub mod json;
pub mod limits;
pub mod patch;
pub mod schema;

pub use diagnostics::{Code, Diagnostic, Report, Severity, Span};
