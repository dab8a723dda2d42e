//! SCIM schemas (RFC 7643): the attribute model, the built-in schemas and
//! resource types, loading custom definitions, and the compiled [`Registry`].
//!
//! The built-in schemas are JSON data files (`core/src/schema/data/`),
//! transcribed from RFC 7643 §8.7; corrections to the RFC's printed JSON are
//! listed in that folder's README.

mod load;
mod model;
mod registry;
pub mod resolve;

pub use load::{Definitions, is_attribute_name, load_definitions, load_definitions_node};
pub use model::{
    Attribute, AttributeType, Mutability, ResourceType, Returned, Schema, SchemaExtension,
    Uniqueness,
};
pub use registry::{Registry, RegistryBuilder};
pub use resolve::{AttributeReference, ResolveError, Resolved};

/// Schema URIs of the core schemas and protocol messages.
pub mod uri {
    /// The User core schema.
    pub const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
    /// The Group core schema.
    pub const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
    /// The Enterprise User extension.
    pub const ENTERPRISE_USER: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    /// The ServiceProviderConfig schema.
    pub const SERVICE_PROVIDER_CONFIG: &str =
        "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    /// The ResourceType schema.
    pub const RESOURCE_TYPE: &str = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
    /// The Schema schema.
    pub const SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Schema";
    /// A ListResponse message.
    pub const LIST_RESPONSE: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    /// A SearchRequest message.
    pub const SEARCH_REQUEST: &str = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
    /// A PatchOp message.
    pub const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    /// A BulkRequest message.
    pub const BULK_REQUEST: &str = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    /// A BulkResponse message.
    pub const BULK_RESPONSE: &str = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";
    /// An Error message.
    pub const ERROR: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
}
