//! The compiled set of schemas and resource types that validation runs against.

use std::sync::{Arc, OnceLock};

use super::load::{Definitions, Site, load_definitions};
use super::model::{Attribute, ResourceType, Schema, SchemaExtension};
use crate::diagnostics::{Code, Diagnostic, Report};

/// The built-in definitions: RFC 7643 §8.7 schemas and §8.6 resource types,
/// the discovery endpoints of RFC 7644 §4 as resource types, plus scimkit's
/// pseudo-schema of the common attributes (§3.1).
const BUILTIN_SOURCES: &[(&str, &str)] = &[
    ("user.json", include_str!("data/user.json")),
    ("group.json", include_str!("data/group.json")),
    (
        "enterprise_user.json",
        include_str!("data/enterprise_user.json"),
    ),
    (
        "service_provider_config.json",
        include_str!("data/service_provider_config.json"),
    ),
    (
        "resource_type.json",
        include_str!("data/resource_type.json"),
    ),
    ("schema.json", include_str!("data/schema.json")),
    (
        "resource_types.json",
        include_str!("data/resource_types.json"),
    ),
    (
        "discovery_resource_types.json",
        include_str!("data/discovery_resource_types.json"),
    ),
];

const COMMON_SOURCE: &str = include_str!("data/common.json");

/// Schemas and resource types, compiled once and shared: cloning a `Registry`
/// is a reference-count increment, so build one and reuse it for many
/// validations (and across threads).
#[derive(Debug, Clone)]
pub struct Registry {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    schemas: Vec<Schema>,
    resource_types: Vec<ResourceType>,
    common: Vec<Attribute>,
}

impl Registry {
    /// The built-in schemas (User, Group, Enterprise User, ServiceProviderConfig,
    /// ResourceType, Schema) and resource types (User at `/Users` with the
    /// enterprise extension, Group at `/Groups`). Compiled on first use, then shared.
    pub fn builtin() -> Registry {
        static BUILTIN: OnceLock<Registry> = OnceLock::new();
        BUILTIN
            .get_or_init(|| RegistryBuilder::with_builtins().build().0)
            .clone()
    }

    /// A builder starting from the built-in definitions.
    pub fn builder() -> RegistryBuilder {
        RegistryBuilder::with_builtins()
    }

    /// Every schema.
    pub fn schemas(&self) -> &[Schema] {
        &self.inner.schemas
    }

    /// Every resource type.
    pub fn resource_types(&self) -> &[ResourceType] {
        &self.inner.resource_types
    }

    /// The common attributes `id`, `externalId` and `meta` (RFC 7643 §3.1).
    pub fn common_attributes(&self) -> &[Attribute] {
        &self.inner.common
    }

    /// The common attribute named `name`, ignoring case.
    pub fn common_attribute(&self, name: &str) -> Option<&Attribute> {
        self.inner
            .common
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
    }

    /// The schema with URI `uri`, ignoring case.
    pub fn schema(&self, uri: &str) -> Option<&Schema> {
        self.inner
            .schemas
            .iter()
            .find(|s| s.id.eq_ignore_ascii_case(uri))
    }

    /// The resource type named `name` (or with endpoint `name`, such as
    /// `/Users` or `Users`), ignoring case.
    pub fn resource_type(&self, name: &str) -> Option<&ResourceType> {
        let trimmed = name.trim_start_matches('/');
        self.inner.resource_types.iter().find(|rt| {
            rt.name.eq_ignore_ascii_case(name)
                || rt
                    .endpoint
                    .trim_start_matches('/')
                    .eq_ignore_ascii_case(trimmed)
        })
    }

    /// Why `name` names no resource type, listing the known ones.
    pub fn unknown_resource_type(&self, name: &str) -> String {
        let known: Vec<&str> = self
            .resource_types()
            .iter()
            .map(|rt| rt.name.as_str())
            .collect();
        format!(
            "unknown resource type `{name}`; known: {}",
            known.join(", ")
        )
    }

    /// The resource type whose core schema is `uri`.
    pub fn resource_type_for_schema(&self, uri: &str) -> Option<&ResourceType> {
        self.inner
            .resource_types
            .iter()
            .find(|rt| rt.schema.eq_ignore_ascii_case(uri))
    }

    /// The resource type of a document, by the core schema URI it lists in
    /// `schemas` (the member name matched ignoring case, as validation does).
    pub fn resource_type_of(&self, document: &crate::json::Node<'_>) -> Option<&ResourceType> {
        document
            .get_ignore_case("schemas")?
            .as_array()?
            .iter()
            .filter_map(crate::json::Node::as_str)
            .find_map(|uri| self.resource_type_for_schema(&uri))
    }

    /// [`Registry::resource_type_of`] for a parsed value.
    pub fn resource_type_of_value(&self, document: &serde_json::Value) -> Option<&ResourceType> {
        document
            .as_object()?
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("schemas"))?
            .1
            .as_array()?
            .iter()
            .filter_map(serde_json::Value::as_str)
            .find_map(|uri| self.resource_type_for_schema(uri))
    }

    /// The resource type whose endpoint a request path starts with
    /// (`/Users/2819c223` → User), as a bulk operation's `path` names it.
    pub fn resource_type_of_path(&self, path: &str) -> Option<&ResourceType> {
        let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
        self.inner.resource_types.iter().find(|rt| {
            rt.endpoint
                .trim_start_matches('/')
                .eq_ignore_ascii_case(first)
        })
    }

    /// Looks up a schema by URI or by name (`User`, `EnterpriseUser`), for
    /// `scimkit schemas show`.
    pub fn find_schema(&self, name_or_uri: &str) -> Option<&Schema> {
        self.schema(name_or_uri).or_else(|| {
            self.inner.schemas.iter().find(|s| {
                s.name
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(name_or_uri))
            })
        })
    }
}

/// Collects definitions, then compiles them into a [`Registry`].
#[derive(Debug, Clone, Default)]
pub struct RegistryBuilder {
    schemas: Vec<Schema>,
    resource_types: Vec<ResourceType>,
    diagnostics: Vec<Diagnostic>,
    /// Lower-cased ids of the built-in schemas and names of the built-in
    /// resource types still in the builder.
    builtin: std::collections::HashSet<String>,
}

impl RegistryBuilder {
    /// An empty builder: no schemas, no resource types.
    pub fn new() -> RegistryBuilder {
        RegistryBuilder::default()
    }

    /// A builder holding the built-in definitions.
    pub fn with_builtins() -> RegistryBuilder {
        let mut builder = RegistryBuilder::new();
        for (_, source) in BUILTIN_SOURCES {
            // The built-in data is checked by a test; nothing here can fail at run time.
            let defs = load_definitions(source);
            builder.builtin.extend(
                defs.schemas
                    .iter()
                    .map(|s| s.id.to_ascii_lowercase())
                    .chain(
                        defs.resource_types
                            .iter()
                            .map(|r| r.name.to_ascii_lowercase()),
                    ),
            );
            builder.schemas.extend(defs.schemas);
            builder.resource_types.extend(defs.resource_types);
        }
        builder
    }

    /// Adds the definitions in a JSON text (a Schema, a ResourceType, an array
    /// of them, or a ListResponse from `GET /Schemas` or `GET /ResourceTypes`).
    /// Returns the report of that text (line and column filled in).
    ///
    /// A definition with the id of one already added replaces it, and the
    /// report says so at its `id` (`name` for a resource type): a built-in
    /// replaced is `schema-replaces-builtin` (a service provider's own
    /// `/Schemas` is what its endpoints implement, so it wins), another
    /// custom definition `schema-duplicate-id` (the later one wins).
    pub fn add_json(&mut self, text: &str) -> Report {
        let defs = load_definitions(text);
        let mut diagnostics = defs.report.diagnostics;
        let nowhere = Site::default();
        let sites = defs.schema_sites.iter().chain(std::iter::repeat(&nowhere));
        for (schema, site) in defs.schemas.into_iter().zip(sites) {
            diagnostics.extend(self.clash("schema", &schema.id, site));
            self.add_schema(schema);
        }
        let sites = defs
            .resource_type_sites
            .iter()
            .chain(std::iter::repeat(&nowhere));
        for (rt, site) in defs.resource_types.into_iter().zip(sites) {
            diagnostics.extend(self.clash("resource type", &rt.name, site));
            self.add_resource_type(rt);
        }
        Report::new(diagnostics).locate(text)
    }

    /// The diagnostic for adding `id` when a definition of that id is already
    /// here, at `site`.
    fn clash(&self, what: &str, id: &str, site: &Site) -> Option<Diagnostic> {
        let exists = if what == "schema" {
            self.schemas.iter().any(|s| s.id.eq_ignore_ascii_case(id))
        } else {
            self.resource_types
                .iter()
                .any(|r| r.name.eq_ignore_ascii_case(id))
        };
        if !exists {
            return None;
        }
        let (code, message) = if self.builtin.contains(&id.to_ascii_lowercase()) {
            (
                Code::SchemaReplacesBuiltin,
                format!(
                    "this {what} `{id}` replaces scimkit's built-in definition (RFC 7643 §8.7) for everything checked with these definitions"
                ),
            )
        } else {
            (
                Code::SchemaDuplicateId,
                format!(
                    "the {what} `{id}` is defined more than once; this later definition replaces the earlier one"
                ),
            )
        };
        Some(
            Diagnostic::new(code, site.pointer.clone(), message)
                .with_range(site.start, site.end)
                .with_help(if code == Code::SchemaReplacesBuiltin {
                    "keep it if your service provider really defines it this way; otherwise give your schema its own id, e.g. urn:ietf:params:scim:schemas:extension:acme:2.0:User"
                } else {
                    "remove one of the two definitions, or give them different ids"
                }),
        )
    }

    /// Adds already-loaded definitions.
    pub fn add_definitions(&mut self, defs: Definitions) {
        for schema in defs.schemas {
            self.add_schema(schema);
        }
        for rt in defs.resource_types {
            self.add_resource_type(rt);
        }
    }

    /// Adds (or replaces) one schema.
    pub fn add_schema(&mut self, schema: Schema) -> &mut RegistryBuilder {
        self.builtin.remove(&schema.id.to_ascii_lowercase());
        self.schemas
            .retain(|s| !s.id.eq_ignore_ascii_case(&schema.id));
        self.schemas.push(schema);
        self
    }

    /// Adds (or replaces) one resource type.
    pub fn add_resource_type(&mut self, rt: ResourceType) -> &mut RegistryBuilder {
        self.builtin.remove(&rt.name.to_ascii_lowercase());
        self.resource_types
            .retain(|r| !r.name.eq_ignore_ascii_case(&rt.name));
        self.resource_types.push(rt);
        self
    }

    /// Compiles the registry. Resource types that name unknown schemas are
    /// reported; a loaded schema whose URI ends in `:User` or `:Group` and that
    /// no resource type lists is attached to that resource type as an optional
    /// extension, which is how identity providers' custom extension schemas
    /// (`urn:ietf:params:scim:schemas:extension:Acme:2.0:User`) are meant.
    pub fn build(self) -> (Registry, Report) {
        let RegistryBuilder {
            schemas,
            mut resource_types,
            mut diagnostics,
            builtin: _,
        } = self;
        for rt in &resource_types {
            for uri in
                std::iter::once(&rt.schema).chain(rt.schema_extensions.iter().map(|e| &e.schema))
            {
                if !schemas.iter().any(|s| s.id.eq_ignore_ascii_case(uri)) {
                    diagnostics.push(Diagnostic::new(
                        Code::ResourceTypeUnknownSchema,
                        "",
                        format!(
                            "the resource type `{}` uses the schema `{uri}`, which is not loaded",
                            rt.name
                        ),
                    ));
                }
            }
        }
        for schema in &schemas {
            let listed = resource_types.iter().any(|rt| rt.uses_schema(&schema.id));
            if listed {
                continue;
            }
            let target = schema.id.rsplit(':').next().unwrap_or("");
            if let Some(rt) = resource_types
                .iter_mut()
                .find(|rt| rt.name.eq_ignore_ascii_case(target))
            {
                rt.schema_extensions.push(SchemaExtension {
                    schema: schema.id.clone(),
                    required: false,
                });
            }
        }
        let common = load_definitions(COMMON_SOURCE)
            .schemas
            .into_iter()
            .next()
            .map(|s| s.attributes)
            .unwrap_or_default();
        let registry = Registry {
            inner: Arc::new(Inner {
                schemas,
                resource_types,
                common,
            }),
        };
        (registry, Report::new(diagnostics))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::AttributeType;

    #[test]
    fn resource_type_from_schemas() {
        let registry = Registry::builtin();
        let group = serde_json::json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"]});
        assert_eq!(
            registry
                .resource_type_of_value(&group)
                .map(|rt| rt.name.as_str()),
            Some("Group")
        );
        assert!(
            registry
                .resource_type_of_value(&serde_json::json!({}))
                .is_none()
        );
        // The member name in any case, as validation reads it; the text form agrees.
        let text = r#"{"Schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]}"#;
        let node = crate::json::parse(text).unwrap();
        assert_eq!(
            registry.resource_type_of(&node).map(|rt| rt.name.as_str()),
            Some("User")
        );
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(
            registry
                .resource_type_of_value(&value)
                .map(|rt| rt.name.as_str()),
            Some("User")
        );
    }

    #[test]
    fn builtin_data_loads_without_problems() {
        for (name, source) in BUILTIN_SOURCES
            .iter()
            .chain([&("common.json", COMMON_SOURCE)])
        {
            let defs = load_definitions(source);
            assert!(
                defs.report.diagnostics.is_empty(),
                "{name}: {:#?}",
                defs.report
            );
        }
        let (_, report) = RegistryBuilder::with_builtins().build();
        assert!(report.diagnostics.is_empty(), "{report:#?}");
    }

    #[test]
    fn builtin_lookups() {
        let registry = Registry::builtin();
        let user = registry.resource_type("user").unwrap();
        assert_eq!(user.endpoint, "/Users");
        assert_eq!(registry.resource_type("/Groups").unwrap().name, "Group");
        assert!(user.uses_schema("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"));
        let schema = registry.find_schema("enterpriseuser").unwrap();
        assert_eq!(
            schema.attribute("manager").unwrap().kind,
            AttributeType::Complex
        );
        assert_eq!(
            registry
                .common_attribute("META")
                .unwrap()
                .sub_attributes
                .len(),
            5
        );
    }

    #[test]
    fn custom_extension_attaches_to_its_resource_type() {
        let mut builder = Registry::builder();
        let report = builder.add_json(
            r#"{"id":"urn:ietf:params:scim:schemas:extension:Acme:2.0:User","attributes":[{"name":"badge","type":"string"}]}"#,
        );
        assert!(report.valid);
        let (registry, report) = builder.build();
        assert!(report.valid);
        assert!(
            registry
                .resource_type("User")
                .unwrap()
                .uses_schema("urn:ietf:params:scim:schemas:extension:acme:2.0:User")
        );
    }

    #[test]
    fn a_custom_schema_with_a_builtin_id_replaces_it_and_says_so() {
        let mut builder = Registry::builder();
        let text = r#"[
  {"id":"urn:ietf:params:scim:schemas:core:2.0:User","attributes":[{"name":"userName","type":"string","required":true}]},
  {"id":"urn:acme:Badge","attributes":[{"name":"badge","type":"string"}]},
  {"id":"urn:acme:badge","attributes":[{"name":"level","type":"integer"}]}
]"#;
        let report = builder.add_json(text);
        assert!(report.valid, "{report:#?}");
        let codes: Vec<(Code, &str)> = report
            .diagnostics
            .iter()
            .map(|d| (d.code, d.path.as_str()))
            .collect();
        assert_eq!(
            codes,
            [
                (Code::SchemaReplacesBuiltin, "/0/id"),
                (Code::SchemaDuplicateId, "/2/id")
            ]
        );
        assert_eq!(report.diagnostics[0].span.map(|s| s.line), Some(2));
        let (registry, _) = builder.build();
        let user = registry
            .schema("urn:ietf:params:scim:schemas:core:2.0:User")
            .unwrap();
        assert_eq!(user.attributes.len(), 1, "the custom User schema wins");
        let badge = registry.schema("urn:acme:Badge").unwrap();
        assert_eq!(
            badge.attributes[0].name, "level",
            "the later duplicate wins"
        );
        // A second custom User replaces the first custom one: a duplicate now.
        let report = builder_with(&[
            text,
            r#"{"id":"urn:ietf:params:scim:schemas:core:2.0:User","attributes":[]}"#,
        ]);
        assert!(report.has(Code::SchemaDuplicateId));
        assert!(!report.has(Code::SchemaReplacesBuiltin));
    }

    fn builder_with(texts: &[&str]) -> Report {
        let mut builder = Registry::builder();
        let mut last = Report::default();
        for text in texts {
            last = builder.add_json(text);
        }
        last
    }

    #[test]
    fn unknown_schema_of_resource_type_is_reported() {
        let mut builder = RegistryBuilder::new();
        builder.add_json(r#"{"name":"Device","endpoint":"/Devices","schema":"urn:acme:Device"}"#);
        let (_, report) = builder.build();
        assert!(report.has(Code::ResourceTypeUnknownSchema));
    }
}
