//! Resource-level rules: the resource type, `schemas`, which attributes may
//! appear, required attributes, extensions, duplicate keys and Group members.

use std::borrow::Cow;
use std::collections::HashMap;

use super::walker::{Direction, Walker};
use crate::diagnostics::Code;
use crate::json::{Kind, Member, Node};
use crate::schema::{Attribute, Mutability, Registry, ResourceType, Returned, Schema, uri};
use crate::suggest;

/// Objects with more members than this use a hash map to find duplicate keys,
/// so hostile input with many keys stays linear.
const SMALL_OBJECT: usize = 32;

impl<'r, 'a> Walker<'r, 'a> {
    /// A whole document that is a resource.
    pub(crate) fn resource_document(
        &mut self,
        root: &Node<'a>,
        rt_name: Option<&str>,
        dir: Direction,
    ) {
        self.resource(root, rt_name, dir);
    }

    /// Validates one resource (a document, a ListResponse entry or bulk data).
    pub(crate) fn resource(&mut self, node: &Node<'a>, rt_name: Option<&str>, dir: Direction) {
        let Some(members) = node.as_object() else {
            self.emit(
                Code::ExpectedObject,
                node,
                format!(
                    "expected a SCIM resource (a JSON object), found {}",
                    node.type_name()
                ),
            );
            return;
        };
        let registry = self.registry;
        let schemas = node.get_ignore_case("schemas");
        let rt = match rt_name {
            Some(name) => match registry.resource_type(name) {
                Some(rt) => rt,
                None => {
                    let known: Vec<&str> = registry
                        .resource_types()
                        .iter()
                        .map(|r| r.name.as_str())
                        .collect();
                    self.emit(
                        Code::UnknownResourceType,
                        node,
                        format!(
                            "`{name}` is not a known resource type (known: {})",
                            known.join(", ")
                        ),
                    );
                    return;
                }
            },
            None => match self.infer_resource_type(node, schemas) {
                Some(rt) => rt,
                None => return,
            },
        };
        let Some(core) = registry.schema(&rt.schema) else {
            return;
        };
        let listed = self.check_schemas_list(node, schemas, rt, dir == Direction::Response);
        let present = self.resource_members(node, members, rt, core, dir);
        self.check_extensions_listed(members, &listed, &present, rt);
        self.required_attributes(node, &core.attributes, dir, None);
        // ServiceProviderConfig has no id and a ResourceType's is optional (RFC 7643 §5, §6).
        // A schema that defines `id` itself (the Schema schema) reports it above.
        let needs_id = !matches!(rt.name.as_str(), "ServiceProviderConfig" | "ResourceType")
            && core.attribute("id").is_none();
        if dir == Direction::Response
            && needs_id
            && node.get_ignore_case("id").is_none_or(Node::is_null)
        {
            let (start, _) = node.range();
            self.emit_at(
                Code::MissingRequired,
                self.ptr.with_key("id"),
                (start, start + 1),
                format!(
                    "the {} has no `id`; every resource a service provider returns carries the id it assigned",
                    rt.name
                ),
            );
        }
        for ext in &rt.schema_extensions {
            let data = node.get_ignore_case(&ext.schema).filter(|n| !n.is_null());
            if ext.required && data.is_none() && dir != Direction::Response {
                let (start, _) = node.range();
                self.emit_at(
                    Code::MissingRequired,
                    self.ptr.with_key(&ext.schema),
                    (start, start + 1),
                    format!(
                        "the {} resource type requires the extension `{}`",
                        rt.name, ext.schema
                    ),
                );
            }
        }
        if rt.schema.eq_ignore_ascii_case(uri::GROUP) {
            self.group_members(node);
        }
        self.meta_resource_type(node, rt);
    }

    fn infer_resource_type(
        &mut self,
        node: &Node<'a>,
        schemas: Option<&Node<'a>>,
    ) -> Option<&'r ResourceType> {
        let registry = self.registry;
        match infer_resource_type(registry, node) {
            Inferred::Named(rt) | Inferred::Misspelt(rt) => Some(rt),
            Inferred::UnknownSchemas => {
                self.ptr.push_key("schemas");
                let known: Vec<String> = registry
                    .resource_types()
                    .iter()
                    .map(|r| format!("{} ({})", r.name, r.schema))
                    .collect();
                if let Some(s) = schemas {
                    self.emit(
                        Code::UnknownResourceType,
                        s,
                        "`schemas` names no core schema of a resource type, so the resource type is unknown",
                    )
                    .help = Some(format!("list one of: {}", known.join(", ")));
                }
                self.ptr.pop();
                None
            }
            Inferred::Guessed(rt) => Some(rt),
            Inferred::Unknown => {
                self.check_schemas_list(node, schemas, None, false);
                None
            }
        }
    }

    /// Checks `schemas` and returns the URIs it lists (with their index and node).
    fn check_schemas_list(
        &mut self,
        node: &Node<'a>,
        schemas: Option<&Node<'a>>,
        rt: impl Into<Option<&'r ResourceType>>,
        response: bool,
    ) -> Vec<(usize, Cow<'a, str>, Node<'a>)> {
        let rt: Option<&ResourceType> = rt.into();
        let registry = self.registry;
        let example = rt.map_or_else(
            || format!("[\"{}\"]", uri::USER),
            |rt| format!("[\"{}\"]", rt.schema),
        );
        let schemas = match schemas {
            Some(s) if !s.is_null() => s,
            _ => {
                let (start, _) = node.range();
                let d = self.emit_at(
                    Code::SchemasMissing,
                    self.ptr.with_key("schemas"),
                    (start, start + 1),
                    "the resource has no `schemas`; every SCIM resource lists the URIs of its schemas",
                );
                d.help = Some(format!("add \"schemas\": {example}"));
                // In a response whose type is clear from where it stands
                // (RFC 7644 §3.4.2.5 returns `{"userName": …}` for
                // attributes=userName; RFC 7643 §8.7 prints Schemas without
                // it), the attributes are still checked and this is a warning.
                if response && rt.is_some() {
                    d.severity = crate::diagnostics::Severity::Warning;
                }
                return Vec::new();
            }
        };
        self.ptr.push_key("schemas");
        let Some(items) = schemas.as_array() else {
            self.emit(
                Code::SchemasMissing,
                schemas,
                format!(
                    "`schemas` must be an array of schema URIs, found {}",
                    schemas.type_name()
                ),
            )
            .help = Some(format!("write \"schemas\": {example}"));
            self.ptr.pop();
            return Vec::new();
        };
        if items.is_empty() {
            self.emit(
                Code::SchemasMissing,
                schemas,
                "`schemas` is empty; it must list the resource's schema URIs",
            )
            .help = Some(format!("write \"schemas\": {example}"));
        }
        let mut listed = Vec::new();
        for (i, item) in items.iter().enumerate() {
            self.ptr.push_index(i);
            match item.as_str() {
                None => {
                    self.emit(
                        Code::InvalidType,
                        item,
                        format!(
                            "`schemas` entries must be URI strings, found {}",
                            item.type_name()
                        ),
                    );
                }
                Some(s) => {
                    if registry.schema(&s).is_none() {
                        let severity = self.strictness();
                        let candidates = registry.schemas().iter().map(|s| s.id.as_str());
                        let help = match suggest::closest(&s, candidates) {
                            Some(close) => format!("did you mean `{close}`?"),
                            None => "load the schema's definition (CLI: --schemas FILE; npm: schemas option)".to_string(),
                        };
                        let d = self.emit(
                            Code::SchemasUnknownUri,
                            item,
                            format!("`{s}` is not a known schema URI"),
                        );
                        d.severity = severity;
                        d.help = Some(help);
                    } else if let Some(rt) = rt.filter(|rt| !rt.uses_schema(&s)) {
                        self.emit(
                            Code::SchemasNotAllowed,
                            item,
                            format!("`{s}` is not a schema of the {} resource type", rt.name),
                        );
                    }
                    listed.push((i, s, item.clone()));
                }
            }
            self.ptr.pop();
        }
        if let Some(rt) = rt {
            if !items.is_empty()
                && !listed
                    .iter()
                    .any(|(_, s, _)| s.eq_ignore_ascii_case(&rt.schema))
            {
                self.emit(
                    Code::SchemasMissingCore,
                    schemas,
                    format!(
                        "`schemas` does not list `{}`, the core schema of a {}",
                        rt.schema, rt.name
                    ),
                );
            }
        }
        self.ptr.pop();
        listed
    }

    /// Walks the members of a resource; returns the extension URIs whose data is present.
    fn resource_members(
        &mut self,
        node: &Node<'a>,
        members: &[Member<'a>],
        rt: &'r ResourceType,
        core: &'r Schema,
        dir: Direction,
    ) -> Vec<String> {
        let registry = self.registry;
        self.check_duplicate_keys(members);
        let mut present = Vec::new();
        for member in members {
            let key = member.key().decode();
            if key.eq_ignore_ascii_case("schemas") {
                continue;
            }
            self.ptr.push_key(key.clone());
            if let Some(attr) = registry.common_attribute(&key) {
                self.name_case(member, &key, attr);
                self.attribute(attr, &member.value, dir, None);
            } else if let Some(ext) = rt
                .schema_extensions
                .iter()
                .find(|e| e.schema.eq_ignore_ascii_case(&key))
            {
                present.push(ext.schema.clone());
                if let Some(schema) = registry.schema(&ext.schema) {
                    self.extension(schema, &member.value, dir);
                }
            } else if let Some(attr) = core.attribute(&key) {
                self.name_case(member, &key, attr);
                self.attribute(attr, &member.value, dir, None);
            } else {
                self.unknown_member(member, &key, rt, node);
            }
            self.ptr.pop();
        }
        present
    }

    fn extension(&mut self, schema: &'r Schema, value: &Node<'a>, dir: Direction) {
        if value.is_null() {
            return;
        }
        let Some(members) = value.as_object() else {
            self.emit(
                Code::InvalidType,
                value,
                format!(
                    "the extension `{}` must be an object of its attributes, found {}",
                    schema.id,
                    value.type_name()
                ),
            );
            return;
        };
        self.check_duplicate_keys(members);
        for member in members {
            let key = member.key().decode();
            self.ptr.push_key(key.clone());
            match schema.attribute(&key) {
                Some(attr) => {
                    self.name_case(member, &key, attr);
                    self.attribute(attr, &member.value, dir, None);
                }
                None => {
                    let names = schema.attributes.iter().map(|a| a.name.as_str());
                    let message = format!(
                        "`{key}` is not an attribute of the extension `{}` (it has {})",
                        schema.name.as_deref().unwrap_or(&schema.id),
                        list_names(names.clone())
                    );
                    self.unknown_attribute(member, message, names);
                }
            }
            self.ptr.pop();
        }
        self.required_attributes(value, &schema.attributes, dir, None);
    }

    /// Extension data present but not listed in `schemas`, and listed extensions without data.
    fn check_extensions_listed(
        &mut self,
        members: &[Member<'a>],
        listed: &[(usize, Cow<'a, str>, Node<'a>)],
        present: &[String],
        rt: &ResourceType,
    ) {
        if listed.is_empty() {
            // `schemas` itself is missing or empty, already reported.
            return;
        }
        for uri in present {
            if !listed.iter().any(|(_, s, _)| s.eq_ignore_ascii_case(uri)) {
                if let Some(member) = members.iter().find(|m| m.key().eq_ignore_ascii_case(uri)) {
                    let (start, end) = member.key_range();
                    let custom = !uri.eq_ignore_ascii_case(crate::schema::uri::ENTERPRISE_USER);
                    if custom && self.dialect.accepts(Code::QuirkExtensionNotListed) {
                        self.emit_at(
                            Code::QuirkExtensionNotListed,
                            self.ptr.with_key(&member.key().decode()),
                            (start, end),
                            format!("Entra ID quirk: data for the custom extension `{uri}` without its URN in `schemas`"),
                        )
                        .help = Some("Microsoft Entra ID lists only the core and enterprise schemas; accept extension data by its key".to_string());
                        continue;
                    }
                    self.emit_at(
                        Code::SchemasMissingExtension,
                        self.ptr.with_key(&member.key().decode()),
                        (start, end),
                        format!("the document has data for the extension `{uri}` but `schemas` does not list it"),
                    )
                    .help = Some(format!("add \"{uri}\" to `schemas`"));
                }
            }
        }
        for (i, s, node) in listed {
            let is_extension = rt
                .schema_extensions
                .iter()
                .any(|e| e.schema.eq_ignore_ascii_case(s));
            if is_extension && !present.iter().any(|p| p.eq_ignore_ascii_case(s)) {
                let path = format!("{}/{i}", self.ptr.with_key("schemas"));
                self.emit_at(
                    Code::SchemasUnusedExtension,
                    path,
                    node.range(),
                    format!(
                        "`schemas` lists the extension `{s}` but the document has no data for it"
                    ),
                )
                .help =
                    Some("remove it from `schemas`, or add the extension's attributes".to_string());
            }
        }
    }

    fn unknown_member(
        &mut self,
        member: &Member<'a>,
        key: &str,
        rt: &'r ResourceType,
        _node: &Node<'a>,
    ) {
        let registry = self.registry;
        let core = registry.schema(&rt.schema);
        let mut help = None;
        let mut message = format!("`{key}` is not an attribute of a {}", rt.name);
        if let Some((head, _)) = key.split_once('.').filter(|_| !key.contains(':')) {
            if core.and_then(|c| c.attribute(head)).is_some() {
                let (head, tail) = key.split_once('.').unwrap_or((key, ""));
                message = format!("`{key}` is an attribute path, not an attribute name");
                help = Some(format!(
                    "nest it as an object: \"{head}\": {{\"{tail}\": …}}"
                ));
            }
        }
        if help.is_none() {
            // `urn:…:User:employeeNumber` as a key: a path where a nested object belongs.
            for ext in &rt.schema_extensions {
                if key.len() > ext.schema.len() + 1
                    && key
                        .get(..ext.schema.len())
                        .is_some_and(|p| p.eq_ignore_ascii_case(&ext.schema))
                {
                    let attr = key.get(ext.schema.len() + 1..).unwrap_or("");
                    message = format!("`{key}` is an attribute path, not an attribute name");
                    help = Some(format!(
                        "put it inside the extension object: \"{}\": {{\"{attr}\": …}}",
                        ext.schema
                    ));
                }
            }
        }
        if help.is_none() {
            for ext in &rt.schema_extensions {
                if let Some(attr) = registry.schema(&ext.schema).and_then(|s| s.attribute(key)) {
                    message = format!(
                        "`{key}` is not a core attribute of a {}; `{}` belongs to the extension `{}`",
                        rt.name, attr.name, ext.schema
                    );
                    help = Some(format!(
                        "move it inside \"{}\": {{ … }} and list that URI in `schemas`",
                        ext.schema
                    ));
                }
            }
        }
        if help.is_none() && key.starts_with("urn:") {
            message = format!("`{key}` is not a known schema of a {}", rt.name);
            help = Some("load the extension's schema definition (CLI: --schemas FILE)".to_string());
        }
        if help.is_none() {
            let names = core
                .into_iter()
                .flat_map(|c| c.attributes.iter())
                .chain(registry.common_attributes())
                .map(|a| a.name.as_str());
            help = suggest::closest(key, names).map(|c| format!("did you mean `{c}`?"));
        }
        self.unknown_attribute_with_help(member, message, help);
    }

    /// Reports keys that name the same attribute twice (exactly or differing in case).
    pub(crate) fn check_duplicate_keys(&mut self, members: &[Member<'a>]) {
        if members.len() < 2 {
            return;
        }
        let mut first_index: HashMap<String, usize> = HashMap::new();
        for (i, member) in members.iter().enumerate() {
            let key = member.key();
            let earlier = if members.len() <= SMALL_OBJECT {
                members
                    .iter()
                    .take(i)
                    .position(|m| m.key().decode().eq_ignore_ascii_case(&key.decode()))
            } else {
                let lower = key.decode().to_ascii_lowercase();
                match first_index.get(&lower) {
                    Some(&j) => Some(j),
                    None => {
                        first_index.insert(lower, i);
                        None
                    }
                }
            };
            let Some(j) = earlier else { continue };
            let Some(first) = members.get(j) else {
                continue;
            };
            let (a, b) = (first.key().decode(), key.decode());
            let message = if a == b {
                format!("`{b}` appears twice in the same object; which value counts is undefined")
            } else {
                format!(
                    "`{a}` and `{b}` differ only in case; SCIM attribute names are case-insensitive, so this sets the attribute twice"
                )
            };
            let (start, end) = member.key_range();
            self.emit_at(
                Code::DuplicateAttribute,
                self.ptr.with_key(&b),
                (start, end),
                message,
            );
        }
    }

    /// Reports the required attributes of `attributes` that `object` lacks.
    pub(crate) fn required_attributes(
        &mut self,
        object: &Node<'a>,
        attributes: &'r [Attribute],
        dir: Direction,
        parent: Option<&Attribute>,
    ) {
        if object.as_object().is_none() {
            return;
        }
        for attr in attributes {
            if !is_required(attr, dir) {
                continue;
            }
            let value = object.get_ignore_case(&attr.name);
            // RFC 7643 §2.5: an empty string is unassigned, like null.
            let empty = value.is_some_and(|v| v.as_str().is_some_and(|s| s.is_empty()));
            let missing = value.is_none_or(Node::is_null) || empty;
            if !missing {
                continue;
            }
            let name = match parent {
                Some(p) => format!("{}.{}", p.name, attr.name),
                None => attr.name.clone(),
            };
            let message = if empty {
                format!(
                    "`{name}` is an empty string, but it is required (RFC 7643 §2.5 treats an empty value as unassigned)"
                )
            } else if value.is_some() {
                format!("`{name}` is null, but it is required")
            } else {
                format!("the required attribute `{name}` is missing")
            };
            let range = match value {
                Some(v) => v.range(),
                None => {
                    let (start, _) = object.range();
                    (start, start + 1)
                }
            };
            self.emit_at(
                Code::MissingRequired,
                self.ptr.with_key(&attr.name),
                range,
                message,
            );
        }
    }

    /// Group `members` entries: each needs `value`, and `type` is User or Group.
    fn group_members(&mut self, node: &Node<'a>) {
        let Some(members) = node.get_ignore_case("members").and_then(Node::as_array) else {
            return;
        };
        let key = node
            .as_object()
            .and_then(|m| m.iter().find(|m| m.key().eq_ignore_ascii_case("members")))
            .map_or(Cow::Borrowed("members"), |m| m.key().decode());
        self.ptr.push_key(key);
        self.member_entries(members);
        self.ptr.pop();
    }

    /// Each entry of a `members` array (at the current pointer) needs `value`.
    pub(crate) fn member_entries(&mut self, members: &[Node<'a>]) {
        for (i, member) in members.iter().enumerate() {
            self.ptr.push_index(i);
            self.member_entry(member);
            self.ptr.pop();
        }
    }

    /// One Group member (at the current pointer): it needs a non-empty `value`.
    pub(crate) fn member_entry(&mut self, member: &Node<'a>) {
        if member.as_object().is_none() {
            return; // reported as a type error
        }
        match member.get_ignore_case("value") {
            Some(Node {
                kind: Kind::String(s),
                ..
            }) if !s.raw().is_empty() => {}
            Some(v) if !v.is_null() && v.as_str().is_none() => {} // a type error, reported
            other => {
                let range = other.map_or_else(
                    || {
                        let (s, _) = member.range();
                        (s, s + 1)
                    },
                    Node::range,
                );
                self.emit_at(
                    Code::InvalidMember,
                    self.ptr.with_key("value"),
                    range,
                    "a group member needs `value`, the `id` of the user or group at the service provider",
                );
            }
        }
    }

    fn meta_resource_type(&mut self, node: &Node<'a>, rt: &ResourceType) {
        let Some(value) = node
            .get_ignore_case("meta")
            .and_then(|m| m.get_ignore_case("resourceType"))
        else {
            return;
        };
        let Some(found) = value.as_str() else { return };
        if found != rt.name.as_str() {
            let meta_key = node
                .as_object()
                .and_then(|m| m.iter().find(|m| m.key().eq_ignore_ascii_case("meta")))
                .map_or(Cow::Borrowed("meta"), |m| m.key().decode());
            let path = format!("{}/resourceType", self.ptr.with_key(&meta_key));
            let message = if found.eq_ignore_ascii_case(&rt.name) {
                format!(
                    "`meta.resourceType` is \"{found}\"; resource type names are case-exact: \"{}\"",
                    rt.name
                )
            } else {
                format!(
                    "`meta.resourceType` is \"{found}\" but the document is a {}",
                    rt.name
                )
            };
            self.emit_at(Code::MetaResourceTypeMismatch, path, value.range(), message);
        }
    }
}

/// Whether `attr` must be present in a resource going in `dir`.
pub(crate) fn is_required(attr: &Attribute, dir: Direction) -> bool {
    attr.required
        && match dir {
            // The service provider assigns readOnly attributes; clients cannot send them.
            Direction::Create | Direction::Replace | Direction::Patch => {
                attr.mutability != Mutability::ReadOnly
            }
            Direction::Response => {
                attr.returned != Returned::Never && attr.mutability != Mutability::WriteOnly
            }
        }
}

/// `a, b, c` (at most eight names, then `…`).
pub(crate) fn list_names<'n>(names: impl Iterator<Item = &'n str>) -> String {
    let names: Vec<&str> = names.collect();
    let mut out = names.iter().take(8).copied().collect::<Vec<_>>().join(", ");
    if names.len() > 8 {
        out.push_str(", …");
    }
    out
}

/// How the resource type of a resource without a given type was found.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Inferred<'r> {
    /// `schemas` names its core schema.
    Named(&'r ResourceType),
    /// `schemas` names a misspelling of its core schema: read as the type it
    /// is closest to, so that the rest is checked (the URN is reported).
    Misspelt(&'r ResourceType),
    /// `schemas` lists URIs, none of a resource type's core schema.
    UnknownSchemas,
    /// No usable `schemas`: guessed from the attributes (RFC 7643 §8.7 prints
    /// Schema and ResourceType representations without `schemas`).
    Guessed(&'r ResourceType),
    /// No usable `schemas`, and the attributes say nothing.
    Unknown,
}

/// The resource type validation reads `node` as when none is given: the one
/// its `schemas` name, else a guess from its attributes. Validation and
/// [`assumed`](super::assumed) both ask this, so what a verdict says it
/// checked is what it checked.
pub(crate) fn infer_resource_type<'r>(registry: &'r Registry, node: &Node<'_>) -> Inferred<'r> {
    let schemas = node.get_ignore_case("schemas").and_then(Node::as_array);
    let uris: Vec<Cow<'_, str>> = schemas
        .map(|a| a.iter().filter_map(Node::as_str).collect())
        .unwrap_or_default();
    if let Some(rt) = uris
        .iter()
        .find_map(|u| registry.resource_type_for_schema(u))
    {
        return Inferred::Named(rt);
    }
    let cores = registry.resource_types().iter().map(|r| r.schema.as_str());
    if let Some(rt) = uris
        .iter()
        .filter(|u| registry.schema(u).is_none())
        .find_map(|u| suggest::closest(u, cores.clone()))
        .and_then(|close| registry.resource_type_for_schema(close))
    {
        return Inferred::Misspelt(rt);
    }
    if schemas.is_some_and(|a| !a.is_empty()) {
        return Inferred::UnknownSchemas;
    }
    let has = |name: &str| node.get_ignore_case(name).is_some();
    let guess = if has("userName") {
        registry.resource_type_for_schema(uri::USER)
    } else if has("attributes") && has("id") {
        registry.resource_type("Schema")
    } else if has("endpoint") && has("schema") {
        registry.resource_type("ResourceType")
    } else if has("patch") && has("filter") && has("authenticationSchemes") {
        registry.resource_type("ServiceProviderConfig")
    } else if has("members") || has("displayName") {
        registry.resource_type_for_schema(uri::GROUP)
    } else {
        None
    };
    guess.map_or(Inferred::Unknown, Inferred::Guessed)
}
