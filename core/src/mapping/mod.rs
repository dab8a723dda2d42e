//! Identity-provider attribute mappings (work in progress).

mod common;
mod config;
pub mod entra;
mod import_entra;
mod import_okta;
mod load;
mod locate;
pub mod okta;
pub mod presets;
pub mod sources;

pub use common::{Environment, TextRange};
pub use config::{
    Apply, EntraSettings, IdentityProvider, Mapping, MappingConfig, MappingType, ObjectMapping,
    ObjectType, OktaIntegration, OktaSettings, UsernameFormat,
};
pub use import_okta::scim_path_of_app_attribute;
pub use load::{ConfigFormat, LoadResult, load_text};
mod check;
mod compile;
mod evaluate;
mod explain;
pub use check::{check, check_text};
mod apply;
mod materialize;
pub use apply::{
    ApplyOptions, ApplyResult, Lookup, Method, Operation, QueryParam, Request, TraceEntry, apply,
    apply_text,
};
