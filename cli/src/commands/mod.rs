//! One module per command group; each turns parsed arguments into core calls
//! and prints the results through [`crate::output::Output`].

pub mod codes;
pub mod explain;
pub mod expr;
pub mod filter;
pub mod logs;
pub mod map;
pub mod patch;
pub mod probe;
pub mod schemas;
pub mod validate;
