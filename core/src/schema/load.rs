//! Loading schema and resource-type definitions from JSON, with the same
//! positioned diagnostics as documents.
//!
//! Accepts one Schema or ResourceType resource, an array of them, or a
//! ListResponse as returned by `GET /Schemas` and `GET /ResourceTypes`. The
//! definitions themselves are checked (RFC 7643 §2, §6, §7): an unknown `type`,
//! `subAttributes` on a non-complex attribute, a complex sub-attribute,
//! `canonicalValues` on a non-string, names that repeat ignoring case,
//! characteristic values outside the RFC's lists.

use super::model::{
    Attribute, AttributeType, Mutability, ResourceType, Returned, Schema, SchemaExtension,
    Uniqueness,
};
use crate::diagnostics::{Code, Diagnostic, Pointer, Report};
use crate::json::{Kind, Node};

/// What a JSON text of definitions contained.
#[derive(Debug, Clone, Default)]
pub struct Definitions {
    /// The schemas that loaded (possibly with problems reported).
    pub schemas: Vec<Schema>,
    /// The resource types that loaded.
    pub resource_types: Vec<ResourceType>,
    /// Problems found, with line and column when loaded from text.
    pub report: Report,
    /// Where each schema's `id` stands, in the order of `schemas`.
    pub(crate) schema_sites: Vec<Site>,
    /// Where each resource type's `name` stands, in the order of `resource_types`.
    pub(crate) resource_type_sites: Vec<Site>,
}

/// Where a definition's identifying member stands in its text, so that a
/// clash found later (with a built-in, or with another file) points there.
#[derive(Debug, Clone, Default)]
pub(crate) struct Site {
    pub(crate) pointer: String,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// The words of `mutability` (RFC 7643 §7).
const MUTABILITY: &[(&str, Mutability)] = &[
    ("readOnly", Mutability::ReadOnly),
    ("readWrite", Mutability::ReadWrite),
    ("immutable", Mutability::Immutable),
    ("writeOnly", Mutability::WriteOnly),
];

/// The words of `returned` (RFC 7643 §7).
const RETURNED: &[(&str, Returned)] = &[
    ("always", Returned::Always),
    ("never", Returned::Never),
    ("default", Returned::Default),
    ("request", Returned::Request),
];

/// The words of `uniqueness` (RFC 7643 §7).
const UNIQUENESS: &[(&str, Uniqueness)] = &[
    ("none", Uniqueness::None),
    ("server", Uniqueness::Server),
    ("global", Uniqueness::Global),
];

impl Site {
    fn of(ptr: &Pointer<'_>, node: &Node<'_>, key: &str) -> Site {
        let (start, end) = node.get_ignore_case(key).unwrap_or(node).range();
        Site {
            pointer: ptr.with_key(key),
            start,
            end,
        }
    }
}

const LIST_RESPONSE: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

/// Reads schema and resource-type definitions from JSON text.
pub fn load_definitions(text: &str) -> Definitions {
    match crate::json::parse(text) {
        Ok(root) => {
            let mut defs = load_definitions_node(&root);
            defs.report = defs.report.locate(text);
            defs
        }
        Err(d) => Definitions {
            report: Report::new(crate::json::syntax_errors(text, d)),
            ..Definitions::default()
        },
    }
}

/// Reads definitions from an already-parsed tree (spans are byte ranges; call
/// [`Report::locate`] with the text for lines and columns).
pub fn load_definitions_node(root: &Node<'_>) -> Definitions {
    let mut loader = Loader::default();
    let mut ptr = Pointer::root();
    match &root.kind {
        Kind::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                ptr.push_index(i);
                loader.definition(item, &mut ptr);
                ptr.pop();
            }
        }
        Kind::Object(_) if is_list_response(root) => {
            ptr.push_key("Resources");
            match root.get_ignore_case("Resources") {
                Some(Node {
                    kind: Kind::Array(items),
                    ..
                }) => {
                    for (i, item) in items.iter().enumerate() {
                        ptr.push_index(i);
                        loader.definition(item, &mut ptr);
                        ptr.pop();
                    }
                }
                other => loader.problem(
                    Code::SchemaInvalid,
                    &ptr,
                    other.unwrap_or(root),
                    "a ListResponse of definitions needs a `Resources` array",
                ),
            }
        }
        _ => loader.definition(root, &mut ptr),
    }
    Definitions {
        schemas: loader.schemas,
        resource_types: loader.resource_types,
        report: Report::new(loader.diagnostics),
        schema_sites: loader.schema_sites,
        resource_type_sites: loader.resource_type_sites,
    }
}

fn is_list_response(node: &Node<'_>) -> bool {
    node.get_ignore_case("schemas")
        .and_then(Node::as_array)
        .is_some_and(|s| {
            s.iter().any(|u| {
                u.as_str()
                    .is_some_and(|u| u.eq_ignore_ascii_case(LIST_RESPONSE))
            })
        })
}

#[derive(Default)]
struct Loader {
    /// The id of the schema being read: RFC 7643 §7 lets the Schema
    /// meta-schema (and only it) nest a complex attribute in a complex one.
    current_schema: String,
    schemas: Vec<Schema>,
    resource_types: Vec<ResourceType>,
    schema_sites: Vec<Site>,
    resource_type_sites: Vec<Site>,
    diagnostics: Vec<Diagnostic>,
}

impl Loader {
    fn problem(
        &mut self,
        code: Code,
        ptr: &Pointer<'_>,
        node: &Node<'_>,
        message: impl Into<String>,
    ) {
        let (start, end) = node.range();
        self.diagnostics
            .push(Diagnostic::new(code, ptr.to_string(), message).with_range(start, end));
    }

    fn problem_at(
        &mut self,
        code: Code,
        path: String,
        node: &Node<'_>,
        message: impl Into<String>,
    ) {
        let (start, end) = node.range();
        self.diagnostics
            .push(Diagnostic::new(code, path, message).with_range(start, end));
    }

    /// Whether `node` is an object; if not, reports that `what` was expected.
    fn is_object(&mut self, node: &Node<'_>, ptr: &Pointer<'_>, what: &str) -> bool {
        let object = node.as_object().is_some();
        if !object {
            let message = format!("expected {what}, found {}", node.type_name());
            self.problem(Code::SchemaInvalid, ptr, node, message);
        }
        object
    }

    fn definition(&mut self, node: &Node<'_>, ptr: &mut Pointer<'_>) {
        if !self.is_object(node, ptr, "a Schema or ResourceType object") {
            return;
        }
        if node.get_ignore_case("endpoint").is_some() {
            if let Some(rt) = self.resource_type(node, ptr) {
                self.resource_types.push(rt);
                self.resource_type_sites.push(Site::of(ptr, node, "name"));
            }
        } else if node.get_ignore_case("attributes").is_some() {
            if let Some(schema) = self.schema(node, ptr) {
                self.schemas.push(schema);
                self.schema_sites.push(Site::of(ptr, node, "id"));
            }
        } else {
            self.problem(
                Code::SchemaInvalid,
                ptr,
                node,
                "this object is neither a Schema (it has no `attributes`) nor a ResourceType (it has no `endpoint`)",
            );
        }
    }

    fn string_field(
        &mut self,
        node: &Node<'_>,
        ptr: &Pointer<'_>,
        key: &str,
        required: bool,
    ) -> Option<String> {
        match node.get_ignore_case(key) {
            Some(Node {
                kind: Kind::String(s),
                ..
            }) => Some(s.decode().into_owned()),
            Some(other) if !other.is_null() => {
                self.problem_at(
                    Code::SchemaInvalid,
                    ptr.with_key(key),
                    other,
                    format!("`{key}` must be a string, found {}", other.type_name()),
                );
                None
            }
            _ => {
                if required {
                    self.problem_at(
                        Code::SchemaInvalid,
                        ptr.with_key(key),
                        node,
                        format!("the definition has no `{key}`"),
                    );
                }
                None
            }
        }
    }

    fn bool_field(&mut self, node: &Node<'_>, ptr: &Pointer<'_>, key: &str, default: bool) -> bool {
        match node.get_ignore_case(key) {
            None => default,
            Some(n) if n.is_null() => default,
            Some(n) => n.as_bool().unwrap_or_else(|| {
                self.problem_at(
                    Code::SchemaInvalid,
                    ptr.with_key(key),
                    n,
                    format!("`{key}` must be true or false, found {}", n.type_name()),
                );
                default
            }),
        }
    }

    fn string_list(&mut self, node: &Node<'_>, ptr: &Pointer<'_>, key: &str) -> Vec<String> {
        let Some(list) = node.get_ignore_case(key) else {
            return Vec::new();
        };
        let Some(items) = list.as_array() else {
            if !list.is_null() {
                self.problem_at(
                    Code::SchemaInvalid,
                    ptr.with_key(key),
                    list,
                    format!(
                        "`{key}` must be an array of strings, found {}",
                        list.type_name()
                    ),
                );
            }
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item.as_str() {
                Some(s) => out.push(s.into_owned()),
                None => self.problem_at(
                    Code::SchemaInvalid,
                    format!("{}/{i}", ptr.with_key(key)),
                    item,
                    format!(
                        "`{key}` entries must be strings, found {}",
                        item.type_name()
                    ),
                ),
            }
        }
        out
    }

    fn schema(&mut self, node: &Node<'_>, ptr: &mut Pointer<'_>) -> Option<Schema> {
        let id = self.string_field(node, ptr, "id", true)?;
        if !id.contains(':') {
            self.problem_at(
                Code::SchemaInvalid,
                ptr.with_key("id"),
                node.get_ignore_case("id").unwrap_or(node),
                format!("the schema id `{id}` is not a URI (expected e.g. urn:ietf:params:scim:schemas:extension:acme:2.0:User)"),
            );
        }
        let name = self.string_field(node, ptr, "name", false);
        let description = self.string_field(node, ptr, "description", false);
        self.current_schema.clone_from(&id);
        let mut attributes = Vec::new();
        ptr.push_key("attributes");
        match node.get_ignore_case("attributes") {
            Some(Node {
                kind: Kind::Array(items),
                ..
            }) => {
                attributes = self.attribute_list(items, ptr, false);
            }
            Some(other) => self.problem(
                Code::SchemaInvalid,
                ptr,
                other,
                format!("`attributes` must be an array, found {}", other.type_name()),
            ),
            None => {}
        }
        ptr.pop();
        Some(Schema {
            id,
            name,
            description,
            attributes,
        })
    }

    fn attribute_list(
        &mut self,
        items: &[Node<'_>],
        ptr: &mut Pointer<'_>,
        inside_complex: bool,
    ) -> Vec<Attribute> {
        let mut out: Vec<Attribute> = Vec::with_capacity(items.len());
        // Lower-cased names seen so far: a linear scan per attribute made a
        // 100,000-attribute schema take 27 s to load.
        let mut seen: std::collections::HashMap<String, usize> =
            std::collections::HashMap::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            ptr.push_index(i);
            if let Some(attr) = self.attribute(item, ptr, inside_complex) {
                let lower = attr.name.to_ascii_lowercase();
                if let Some(first) = seen.get(&lower).and_then(|&at| out.get(at)) {
                    let message = if first.name == attr.name {
                        format!("the attribute `{}` is defined twice", attr.name)
                    } else {
                        format!(
                            "the attributes `{}` and `{}` differ only in case; SCIM attribute names are case-insensitive",
                            first.name, attr.name
                        )
                    };
                    self.problem_at(
                        Code::SchemaDuplicateAttribute,
                        ptr.with_key("name"),
                        item.get_ignore_case("name").unwrap_or(item),
                        message,
                    );
                } else {
                    seen.insert(lower, out.len());
                    out.push(attr);
                }
            }
            ptr.pop();
        }
        out
    }

    fn attribute(
        &mut self,
        node: &Node<'_>,
        ptr: &mut Pointer<'_>,
        inside_complex: bool,
    ) -> Option<Attribute> {
        if !self.is_object(node, ptr, "an attribute definition object") {
            return None;
        }
        let name = self.string_field(node, ptr, "name", true)?;
        if !is_attribute_name(&name) {
            self.problem_at(
                Code::SchemaInvalid,
                ptr.with_key("name"),
                node.get_ignore_case("name").unwrap_or(node),
                format!(
                    "`{name}` is not a valid attribute name (RFC 7643 §2.1: a letter followed by letters, digits, `-` or `_`)"
                ),
            );
        }
        let kind = match node.get_ignore_case("type") {
            Some(t) => match t.as_str() {
                Some(s) => match AttributeType::from_name(&s) {
                    Some(kind) if kind.as_str() == s => kind,
                    Some(kind) => {
                        self.problem_at(
                            Code::SchemaUnknownType,
                            ptr.with_key("type"),
                            t,
                            format!("the type `{s}` must be spelled `{}`", kind.as_str()),
                        );
                        kind
                    }
                    None => {
                        self.problem_at(
                            Code::SchemaUnknownType,
                            ptr.with_key("type"),
                            t,
                            format!(
                                "`{s}` is not a SCIM type of attribute `{name}`; use string, boolean, decimal, integer, dateTime, binary, reference or complex"
                            ),
                        );
                        return None;
                    }
                },
                None => {
                    self.problem_at(
                        Code::SchemaUnknownType,
                        ptr.with_key("type"),
                        t,
                        format!("`type` of attribute `{name}` must be a string"),
                    );
                    return None;
                }
            },
            // RFC 7643 §2.2: the type defaults to string.
            None => AttributeType::String,
        };
        let mut attr = Attribute::new(name.clone(), kind);
        attr.multi_valued = self.bool_field(node, ptr, "multiValued", false);
        attr.required = self.bool_field(node, ptr, "required", false);
        attr.case_exact = self.bool_field(node, ptr, "caseExact", false);
        attr.description = self.string_field(node, ptr, "description", false);
        attr.mutability = self
            .enum_field(node, ptr, "mutability", MUTABILITY)
            .unwrap_or_default();
        attr.returned = self
            .enum_field(node, ptr, "returned", RETURNED)
            .unwrap_or_default();
        attr.uniqueness = self
            .enum_field(node, ptr, "uniqueness", UNIQUENESS)
            .unwrap_or_default();
        attr.canonical_values = self.string_list(node, ptr, "canonicalValues");
        if !attr.canonical_values.is_empty() && kind != AttributeType::String {
            self.problem_at(
                Code::SchemaCanonicalNotString,
                ptr.with_key("canonicalValues"),
                node.get_ignore_case("canonicalValues").unwrap_or(node),
                format!(
                    "`canonicalValues` on `{name}`, whose type is {}: canonical values are only defined for string attributes",
                    kind.as_str()
                ),
            );
        }
        attr.reference_types = self.string_list(node, ptr, "referenceTypes");
        if kind == AttributeType::Reference && attr.reference_types.is_empty() {
            // RFC 7643 §7 requires referenceTypes on reference attributes; the
            // validator then accepts any URI.
            self.problem_at(
                Code::SchemaInvalid,
                ptr.with_key("referenceTypes"),
                node,
                format!("the reference attribute `{name}` has no `referenceTypes`"),
            );
            if let Some(d) = self.diagnostics.last_mut() {
                d.severity = crate::Severity::Warning;
            }
        }
        match node.get_ignore_case("subAttributes") {
            Some(Node {
                kind: Kind::Array(items),
                ..
            }) => {
                if kind != AttributeType::Complex {
                    if !items.is_empty() {
                        self.problem_at(
                            Code::SchemaSubAttributesNotComplex,
                            ptr.with_key("subAttributes"),
                            node.get_ignore_case("subAttributes").unwrap_or(node),
                            format!(
                                "`{name}` has sub-attributes but its type is {}; only complex attributes have sub-attributes",
                                kind.as_str()
                            ),
                        );
                    }
                } else {
                    ptr.push_key("subAttributes");
                    attr.sub_attributes = self.attribute_list(items, ptr, true);
                    ptr.pop();
                }
            }
            Some(other) if !other.is_null() => self.problem_at(
                Code::SchemaInvalid,
                ptr.with_key("subAttributes"),
                other,
                format!(
                    "`subAttributes` must be an array, found {}",
                    other.type_name()
                ),
            ),
            _ => {}
        }
        let meta_schema = self.current_schema.eq_ignore_ascii_case(super::uri::SCHEMA);
        if kind == AttributeType::Complex && inside_complex && !meta_schema {
            self.problem_at(
                Code::SchemaNestedComplex,
                ptr.with_key("type"),
                node.get_ignore_case("type").unwrap_or(node),
                format!(
                    "`{name}` is a complex attribute inside a complex attribute; RFC 7643 §2.3.8 does not allow nesting complex attributes"
                ),
            );
            attr.sub_attributes.clear();
        }
        Some(attr)
    }

    fn enum_field<T: Copy>(
        &mut self,
        node: &Node<'_>,
        ptr: &Pointer<'_>,
        key: &str,
        values: &[(&str, T)],
    ) -> Option<T> {
        let field = node.get_ignore_case(key)?;
        if field.is_null() {
            return None;
        }
        let text = field.as_str();
        let found = text
            .as_deref()
            .and_then(|t| values.iter().find(|(name, _)| name.eq_ignore_ascii_case(t)));
        match found {
            Some((_, value)) => Some(*value),
            None => {
                let allowed: Vec<&str> = values.iter().map(|(n, _)| *n).collect();
                self.problem_at(
                    Code::SchemaInvalidCharacteristic,
                    ptr.with_key(key),
                    field,
                    format!(
                        "`{key}` must be one of {}, found {}",
                        allowed.join(", "),
                        text.map_or_else(|| field.type_name().to_string(), |t| format!("`{t}`"))
                    ),
                );
                None
            }
        }
    }

    fn resource_type(&mut self, node: &Node<'_>, ptr: &mut Pointer<'_>) -> Option<ResourceType> {
        let name = self.string_field(node, ptr, "name", true)?;
        let endpoint = self.string_field(node, ptr, "endpoint", true)?;
        let schema = self.string_field(node, ptr, "schema", true)?;
        let id = self.string_field(node, ptr, "id", false);
        let description = self.string_field(node, ptr, "description", false);
        let mut schema_extensions = Vec::new();
        if let Some(list) = node.get_ignore_case("schemaExtensions") {
            ptr.push_key("schemaExtensions");
            match list.as_array() {
                Some(items) => {
                    for (i, item) in items.iter().enumerate() {
                        ptr.push_index(i);
                        if let Some(schema) = self.string_field(item, ptr, "schema", true) {
                            let required = self.bool_field(item, ptr, "required", false);
                            schema_extensions.push(SchemaExtension { schema, required });
                        }
                        ptr.pop();
                    }
                }
                None if list.is_null() => {}
                None => self.problem(
                    Code::SchemaInvalid,
                    ptr,
                    list,
                    format!(
                        "`schemaExtensions` must be an array, found {}",
                        list.type_name()
                    ),
                ),
            }
            ptr.pop();
        }
        Some(ResourceType {
            name,
            id,
            endpoint,
            description,
            schema,
            schema_extensions,
        })
    }
}

/// RFC 7643 §2.1: `ATTRNAME = ALPHA *(nameChar)`, plus the reserved `$ref`.
pub fn is_attribute_name(name: &str) -> bool {
    if name == "$ref" {
        return true;
    }
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(defs: &Definitions) -> Vec<(&'static str, String)> {
        defs.report
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.path.clone()))
            .collect()
    }

    #[test]
    fn loads_a_schema_with_defaults() {
        let defs = load_definitions(
            r#"{"id":"urn:acme:2.0:Badge","name":"Badge","attributes":[
                {"name":"number","type":"integer","required":true},
                {"name":"label"}]}"#,
        );
        assert!(defs.report.valid, "{:?}", defs.report);
        let schema = &defs.schemas[0];
        assert_eq!(schema.attributes[0].kind, AttributeType::Integer);
        assert!(schema.attributes[0].required);
        assert_eq!(schema.attributes[1].kind, AttributeType::String);
        assert_eq!(schema.attributes[1].mutability, Mutability::ReadWrite);
    }

    #[test]
    fn reports_every_definition_problem() {
        let defs = load_definitions(
            r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"Resources":[
              {"id":"urn:acme:2.0:X","attributes":[
                {"name":"a","type":"text"},
                {"name":"b","type":"string","subAttributes":[{"name":"c"}]},
                {"name":"d","type":"complex","subAttributes":[{"name":"e","type":"complex"}]},
                {"name":"f","type":"integer","canonicalValues":["1"]},
                {"name":"g"},{"name":"G"},
                {"name":"h","mutability":"sometimes"}
              ]}]}"#,
        );
        assert_eq!(
            codes(&defs),
            vec![
                (
                    "schema-unknown-type",
                    "/Resources/0/attributes/0/type".to_string()
                ),
                (
                    "schema-subattributes-not-complex",
                    "/Resources/0/attributes/1/subAttributes".into()
                ),
                (
                    "schema-nested-complex",
                    "/Resources/0/attributes/2/subAttributes/0/type".into()
                ),
                (
                    "schema-canonical-not-string",
                    "/Resources/0/attributes/3/canonicalValues".into()
                ),
                (
                    "schema-duplicate-attribute",
                    "/Resources/0/attributes/5/name".into()
                ),
                (
                    "schema-invalid-characteristic",
                    "/Resources/0/attributes/6/mutability".into()
                ),
            ]
        );
        let first = defs.report.diagnostics[0].span.unwrap();
        assert_eq!(first.line, 3);
    }

    #[test]
    fn loads_resource_types() {
        let defs = load_definitions(
            r#"[{"name":"Device","endpoint":"/Devices","schema":"urn:acme:2.0:Device",
                 "schemaExtensions":[{"schema":"urn:acme:2.0:Ext","required":true}]}]"#,
        );
        assert!(defs.report.valid);
        assert!(defs.resource_types[0].schema_extensions[0].required);
    }
}
