//! Identity-provider attribute mappings: the two expression languages admins
//! write in Microsoft Entra ID and Okta provisioning.
//!
//! - [`entra`]: Entra ID's VBA-flavoured attribute-mapping expressions
//!   (`Switch([IsSoftDeleted], , "False", "True", "True", "False")`).
//! - [`okta`]: the subset of the Okta Expression Language used in app
//!   mappings (`user.firstName + "." + user.lastName`) and the application
//!   username formats of the Sign On tab.
//!
//! Both languages parse into a positioned AST (every diagnostic carries a byte
//! span into the expression), are checked before evaluation, and evaluate
//! against a source user given as a `serde_json::Value` object. Functions whose
//! result depends on the moment or on chance (`Now`, `Guid`, `RandomString`,
//! `Time.now`) read an [`Environment`], so results are reproducible.
//!
//! The mapping-configuration model (object mappings, presets, apply) will live
//! beside these modules.

mod common;
pub mod entra;
pub mod okta;

pub use common::{Environment, TextRange};
