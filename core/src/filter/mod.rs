//! The SCIM filter language (RFC 7644 §3.4.2.2) and attribute paths.
//!
//! One lexer and one parser serve filters, PATCH paths (§3.5.2) and mapping
//! targets: [`parse_filter`], [`parse_path`] and [`parse_attr_path`]. Parsing
//! reports every error it can, each with the byte span of the offending token
//! and what was expected there; nesting deeper than
//! [`MAX_FILTER_DEPTH`](crate::limits::MAX_FILTER_DEPTH) is a diagnostic, not a
//! stack overflow. The tree serializes to JSON, and [`print::filter`] prints it
//! back canonically.
//!
//! ```
//! use scimkit::filter::{parse_filter, print};
//!
//! let f = parse_filter(r#"userName Eq "bjensen" and (emails co "@example.com" or not (title pr))"#).unwrap();
//! assert_eq!(print::filter(&f), r#"userName eq "bjensen" and (emails co "@example.com" or not (title pr))"#);
//!
//! let err = parse_filter("userName = \"bjensen\"").unwrap_err();
//! assert_eq!(err[0].span.map(|s| (s.start, s.end)), Some((9, 10)));
//! assert!(err[0].message.starts_with("expected a comparison operator"));
//! // The help repeats the comparison as typed, with the operator fixed.
//! assert_eq!(err[0].help.as_deref(), Some(r#"use eq: userName eq "bjensen""#));
//! ```

mod ast;
pub mod check;
pub mod copied;
mod document;
pub mod eval;
mod lexer;
mod parser;
pub mod print;
pub mod trace;

pub use ast::{AttrPath, CompValue, CompareOp, Filter, Loc, Path};
pub use check::{check_filter, check_filter_text};
pub use copied::{Copied, decode_copied, parse_filter_text};
pub use document::{DocumentEvaluation, evaluate_document};
pub use eval::{Evaluator, Work, resources_in};
pub use parser::{Parsed, parse_attr_path, parse_filter, parse_filter_with, parse_path};
pub use trace::{Trace, TraceKind};

#[cfg(test)]
mod tests;
