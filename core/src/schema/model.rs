//! The attribute model of RFC 7643 §2 and §7.

use serde::{Deserialize, Serialize};

/// An attribute's data type (RFC 7643 §2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AttributeType {
    /// A sequence of characters (§2.3.1).
    String,
    /// `true` or `false` (§2.3.2).
    Boolean,
    /// A real number (§2.3.3).
    Decimal,
    /// A whole number (§2.3.4).
    Integer,
    /// An xsd:dateTime (§2.3.5).
    DateTime,
    /// Base64-encoded bytes (§2.3.6).
    Binary,
    /// A URI of a resource (§2.3.7).
    Reference,
    /// A set of sub-attributes (§2.3.8).
    Complex,
}

impl AttributeType {
    /// The name used in schema definitions (`dateTime`, `reference`, …).
    pub const fn as_str(self) -> &'static str {
        match self {
            AttributeType::String => "string",
            AttributeType::Boolean => "boolean",
            AttributeType::Decimal => "decimal",
            AttributeType::Integer => "integer",
            AttributeType::DateTime => "dateTime",
            AttributeType::Binary => "binary",
            AttributeType::Reference => "reference",
            AttributeType::Complex => "complex",
        }
    }

    /// Parses a schema `type` value. RFC 7643 §7 spells them exactly; other
    /// casings are accepted here and reported by the loader.
    pub fn from_name(name: &str) -> Option<AttributeType> {
        Some(match name.to_ascii_lowercase().as_str() {
            "string" => AttributeType::String,
            "boolean" => AttributeType::Boolean,
            "decimal" => AttributeType::Decimal,
            "integer" => AttributeType::Integer,
            "datetime" => AttributeType::DateTime,
            "binary" => AttributeType::Binary,
            "reference" => AttributeType::Reference,
            "complex" => AttributeType::Complex,
            _ => return None,
        })
    }
}

/// When an attribute may be written (RFC 7643 §7, `mutability`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Mutability {
    /// Set by the service provider only; ignored in requests.
    ReadOnly,
    /// May be updated and read at any time.
    #[default]
    ReadWrite,
    /// May be set once (at creation) and not changed afterwards.
    Immutable,
    /// May be written but is never returned (passwords).
    WriteOnly,
}

/// When an attribute is returned in responses (RFC 7643 §7, `returned`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Returned {
    /// Always returned, whatever `attributes` asks for.
    Always,
    /// Never returned.
    Never,
    /// Returned unless excluded.
    #[default]
    Default,
    /// Returned only when requested.
    Request,
}

/// How the service provider enforces uniqueness (RFC 7643 §7, `uniqueness`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Uniqueness {
    /// No uniqueness.
    #[default]
    None,
    /// Unique within the service provider.
    Server,
    /// Globally unique.
    Global,
}

/// An attribute definition with every characteristic of RFC 7643 §2.2 and §7.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attribute {
    /// The attribute's name, as the schema spells it.
    pub name: String,
    /// The data type.
    #[serde(rename = "type")]
    pub kind: AttributeType,
    /// Whether the value is an array.
    pub multi_valued: bool,
    /// Human-readable description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether the attribute must be present.
    pub required: bool,
    /// Suggested values (string attributes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub canonical_values: Vec<String>,
    /// Whether string comparison is case-sensitive.
    pub case_exact: bool,
    /// When the attribute may be written.
    pub mutability: Mutability,
    /// When it is returned.
    pub returned: Returned,
    /// How uniqueness is enforced.
    pub uniqueness: Uniqueness,
    /// For `reference` attributes: resource type names, `external` or `uri`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reference_types: Vec<String>,
    /// For `complex` attributes: the sub-attributes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sub_attributes: Vec<Attribute>,
}

impl Attribute {
    /// An attribute with RFC 7643 §2.2's defaults: string, single-valued,
    /// optional, case-insensitive, readWrite, returned by default, not unique.
    pub fn new(name: impl Into<String>, kind: AttributeType) -> Attribute {
        Attribute {
            name: name.into(),
            kind,
            multi_valued: false,
            description: None,
            required: false,
            canonical_values: Vec::new(),
            case_exact: false,
            mutability: Mutability::ReadWrite,
            returned: Returned::Default,
            uniqueness: Uniqueness::None,
            reference_types: Vec::new(),
            sub_attributes: Vec::new(),
        }
    }

    /// The sub-attribute named `name`, ignoring case (RFC 7643 §2.1).
    pub fn sub_attribute(&self, name: &str) -> Option<&Attribute> {
        self.sub_attributes
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
    }

    /// Whether this is a complex attribute whose elements carry a `primary` flag.
    pub fn has_primary(&self) -> bool {
        self.kind == AttributeType::Complex && self.sub_attribute("primary").is_some()
    }
}

/// A schema (RFC 7643 §7): a URN and its attributes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Schema {
    /// The schema URI, e.g. `urn:ietf:params:scim:schemas:core:2.0:User`.
    pub id: String,
    /// Human-readable name, e.g. `User`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Human-readable description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The attributes.
    pub attributes: Vec<Attribute>,
}

impl Schema {
    /// The top-level attribute named `name`, ignoring case.
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
    }
}

/// A schema extension of a resource type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SchemaExtension {
    /// The extension's schema URI.
    pub schema: String,
    /// Whether every resource of the type must carry the extension.
    pub required: bool,
}

/// A resource type (RFC 7643 §6): an endpoint, a core schema and extensions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceType {
    /// The resource type's name, e.g. `User`.
    pub name: String,
    /// The server-unique id (usually the name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The HTTP path, e.g. `/Users`.
    pub endpoint: String,
    /// Human-readable description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The core schema URI.
    pub schema: String,
    /// The extensions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schema_extensions: Vec<SchemaExtension>,
}

impl ResourceType {
    /// Whether `uri` is the core schema or one of the extensions (ignoring case).
    pub fn uses_schema(&self, uri: &str) -> bool {
        self.schema.eq_ignore_ascii_case(uri)
            || self
                .schema_extensions
                .iter()
                .any(|e| e.schema.eq_ignore_ascii_case(uri))
    }
}
