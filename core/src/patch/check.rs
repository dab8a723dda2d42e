//! Checking PatchOp bodies (RFC 7644 §3.5.2) against a resource type: the
//! envelope, each operation's `op`, `path` (by the filter module's path
//! grammar) and `value`, mutability, removal of required attributes, and the
//! identity-provider quirks that a dialect accepts with a warning.

use crate::diagnostics::{Code, Diagnostic, Report, Severity};
use crate::dialect::Dialect;
use crate::filter::{Filter, Path, parse_path};
use crate::json::{Kind, Node};
use crate::limits::MAX_PATCH_OPERATIONS;
use crate::schema::{Attribute, AttributeType, Mutability, Registry, ResourceType, uri};
use crate::validate::walker::{Direction, Walker};
use crate::validate::{FieldKind, field_spec};

// `Operations` and `op` are required, but reported with their own codes below.
const PATCH_FIELDS: &[crate::validate::Field] =
    &[field_spec("Operations", FieldKind::Array, false)];
const OPERATION_FIELDS: &[crate::validate::Field] = &[
    field_spec("op", FieldKind::String, false),
    field_spec("path", FieldKind::String, false),
    field_spec("value", FieldKind::Any, false),
];

/// Checks a PatchOp body given as text. `resource_type` names what the PATCH
/// is sent to (`User`, `/Groups`); when `None` it is inferred from the paths.
pub fn check_patch(
    registry: &Registry,
    text: &str,
    resource_type: Option<&str>,
    dialect: Dialect,
) -> Report {
    match crate::json::parse(text) {
        Ok(root) => check_patch_node(registry, &root, resource_type, dialect).locate(text),
        Err(d) => Report::new(vec![d]),
    }
}

/// Checks a parsed PatchOp body (spans are byte ranges; see [`Report::locate`]).
pub fn check_patch_node(
    registry: &Registry,
    root: &Node<'_>,
    resource_type: Option<&str>,
    dialect: Dialect,
) -> Report {
    let mut walker = Walker::new(registry, false);
    walker.patch_body(root, resource_type, dialect);
    Report::new(walker.diagnostics)
}

/// The operation names of RFC 7644 §3.5.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Add,
    Remove,
    Replace,
}

impl<'r, 'a> Walker<'r, 'a> {
    /// A PatchOp body, validated for `dialect`.
    pub(crate) fn patch_body(&mut self, node: &Node<'a>, rt_name: Option<&str>, dialect: Dialect) {
        let saved = self.dialect;
        self.dialect = dialect;
        self.patch_body_inner(node, rt_name);
        self.dialect = saved;
    }

    fn patch_body_inner(&mut self, node: &Node<'a>, rt_name: Option<&str>) {
        if self
            .envelope(node, Some(uri::PATCH_OP), "PatchOp", PATCH_FIELDS)
            .is_none()
        {
            return;
        }
        let Some(ops_node) = node.get_ignore_case("Operations").filter(|o| !o.is_null()) else {
            let (start, _) = node.range();
            self.emit_at(
                Code::PatchNoOperations,
                self.ptr.with_key("Operations"),
                (start, start + 1),
                "the PatchOp has no `Operations`; a PATCH needs at least one operation",
            );
            return;
        };
        let Some(ops) = ops_node.as_array() else {
            return;
        };
        self.ptr.push_key("Operations");
        if ops.is_empty() {
            self.emit(
                Code::PatchNoOperations,
                ops_node,
                "`Operations` is empty; a PATCH needs at least one operation",
            );
        }
        if ops.len() > MAX_PATCH_OPERATIONS {
            self.emit(
                Code::LimitOperations,
                ops_node,
                format!(
                    "the PATCH has {} operations; scimkit checks at most {MAX_PATCH_OPERATIONS}",
                    ops.len()
                ),
            );
        }
        let registry = self.registry;
        let rt = match rt_name {
            Some(name) => registry.resource_type(name),
            None => self.infer_patch_target(ops),
        };
        if rt.is_none() {
            if let Some(name) = rt_name {
                self.emit(
                    Code::UnknownResourceType,
                    node,
                    format!("`{name}` is not a known resource type"),
                );
            }
        }
        for (i, op) in ops.iter().take(MAX_PATCH_OPERATIONS).enumerate() {
            self.ptr.push_index(i);
            self.patch_operation(op, rt);
            self.ptr.pop();
        }
        self.ptr.pop();
    }

    /// The resource type whose schema resolves the most paths of `ops` (User on a tie).
    fn infer_patch_target(&self, ops: &[Node<'a>]) -> Option<&'r ResourceType> {
        let registry = self.registry;
        let user = registry.resource_type_for_schema(uri::USER);
        let group = registry.resource_type_for_schema(uri::GROUP);
        let score = |rt: &ResourceType| {
            ops.iter()
                .filter_map(|op| op.get_ignore_case("path").and_then(Node::as_str))
                .filter_map(|p| parse_path(&p).ok())
                .filter(|p| registry.resolve(rt, &p.attribute).is_ok())
                .count()
        };
        match (user, group) {
            (Some(u), Some(g)) if score(g) > score(u) => Some(g),
            (Some(u), _) => Some(u),
            (None, g) => g,
        }
    }

    fn patch_operation(&mut self, op_node: &Node<'a>, rt: Option<&'r ResourceType>) {
        if self
            .envelope(op_node, None, "PATCH operation", OPERATION_FIELDS)
            .is_none()
        {
            return;
        }
        let Some(op) = self.operation_name(op_node) else {
            return;
        };
        let value = op_node.get_ignore_case("value").filter(|v| !v.is_null());
        let path_node = op_node.get_ignore_case("path").filter(|p| !p.is_null());
        let Some(rt) = rt else { return };
        match path_node {
            Some(path_node) => {
                let Some(text) = path_node.as_str() else {
                    return;
                };
                match parse_path(&text) {
                    Ok(path) => self.operation_with_path(op, &path, path_node, value, op_node, rt),
                    Err(errors) => {
                        self.ptr.push_key("path");
                        self.embed(errors, path_node, Code::PatchInvalidPath);
                        self.ptr.pop();
                    }
                }
            }
            None => self.operation_without_path(op, value, op_node, rt),
        }
    }

    /// Reads `op`; case variants are a quirk outside strict mode.
    fn operation_name(&mut self, op_node: &Node<'a>) -> Option<Op> {
        let Some(node) = op_node.get_ignore_case("op").filter(|o| !o.is_null()) else {
            let (start, _) = op_node.range();
            self.emit_at(
                Code::PatchInvalidOp,
                self.ptr.with_key("op"),
                (start, start + 1),
                "the operation has no `op`; it must be \"add\", \"remove\" or \"replace\"",
            );
            return None;
        };
        let name = node.as_str()?;
        let op = match name.to_ascii_lowercase().as_str() {
            "add" => Op::Add,
            "remove" => Op::Remove,
            "replace" => Op::Replace,
            _ => {
                self.ptr.push_key("op");
                self.emit(
                    Code::PatchInvalidOp,
                    node,
                    format!("`op` must be \"add\", \"remove\" or \"replace\", found \"{name}\""),
                );
                self.ptr.pop();
                return None;
            }
        };
        if name.chars().any(|c| c.is_ascii_uppercase()) {
            let lower = name.to_ascii_lowercase();
            self.ptr.push_key("op");
            if self.dialect == Dialect::Strict {
                self.emit(
                    Code::PatchInvalidOp,
                    node,
                    format!("`op` is \"{name}\"; RFC 7644 §3.5.2 spells it \"{lower}\""),
                )
                .help = Some(
                    "Microsoft Entra ID sends capitalised op names unless the aadOptscim062020 flag is set: a service provider for Entra ID must compare op case-insensitively (check with --dialect entra)".to_string(),
                );
            } else {
                self.quirk(
                    Code::QuirkOpCase,
                    node,
                    format!("capitalised op name \"{name}\" (RFC 7644: \"{lower}\")"),
                    "Microsoft Entra ID sends Add, Replace and Remove unless the aadOptscim062020 flag is set on the tenant URL; compare op case-insensitively",
                );
            }
            self.ptr.pop();
        }
        Some(op)
    }

    /// Reports a quirk the current dialect accepts.
    pub(crate) fn quirk(&mut self, code: Code, node: &Node<'a>, what: String, help: &str) {
        let dialect = self.dialect;
        let d = self.emit(
            code,
            node,
            format!("{} quirk: {what}", dialect_label(dialect)),
        );
        d.severity = Severity::Warning;
        d.help = Some(help.to_string());
    }

    /// Re-points diagnostics about a string's content (a path or filter) into
    /// the document: same pointer as the string, spans shifted into it.
    pub(crate) fn embed(&mut self, errors: Vec<Diagnostic>, string: &Node<'a>, code: Code) {
        let escaped = matches!(&string.kind, Kind::String(s) if s.is_escaped());
        let (start, end) = string.range();
        for mut d in errors {
            d.path = self.ptr.to_string();
            if d.code == Code::FilterSyntax {
                d.code = code;
            }
            let inner = d.span.map(|s| (s.start, s.end));
            d.span = None;
            let range = match inner {
                Some((s, e)) if !escaped => (start + 1 + s, (start + 1 + e).min(end)),
                _ => (start, end),
            };
            self.diagnostics
                .push(d.with_range(range.0, range.1.max(range.0)));
        }
    }

    fn operation_with_path(
        &mut self,
        op: Op,
        path: &Path,
        path_node: &Node<'a>,
        value: Option<&Node<'a>>,
        op_node: &Node<'a>,
        rt: &'r ResourceType,
    ) {
        let registry = self.registry;
        self.ptr.push_key("path");
        if path.filter.is_none() {
            if let Some(schema) =
                crate::schema::resolve::resolve_extension(registry, rt, &path.attribute)
            {
                self.ptr.pop();
                self.whole_extension_operation(op, schema, value, op_node);
                return;
            }
        }
        let resolved = match registry.resolve(rt, &path.attribute) {
            Ok(r) => r,
            Err(e) => {
                let d = self.emit(
                    Code::PatchInvalidPath,
                    path_node,
                    format!(
                        "the path `{path}` names no attribute: {}",
                        e.message(&rt.name)
                    ),
                );
                d.help = Some(e.help().unwrap_or_else(|| {
                    "RFC 7644 §3.5.2 answers an unresolvable path with scimType invalidPath"
                        .to_string()
                }));
                self.ptr.pop();
                return;
            }
        };
        if let (true, Some(schema)) = (resolved.unqualified, resolved.extension) {
            let d = self.emit(
                Code::PatchInvalidPath,
                path_node,
                format!(
                    "`{}` belongs to the extension `{}`; write its full path",
                    resolved.attr.name, schema.id
                ),
            );
            d.severity = Severity::Warning;
            d.help = Some(format!("{}:{path}", schema.id));
        }
        let (attribute, parent_for_value) = (resolved.attr, resolved.sub);
        // A filter selects elements of a multi-valued complex attribute; what
        // follows `].` is a sub-attribute of those elements.
        let mut target: &'r Attribute = parent_for_value.unwrap_or(attribute);
        let mut target_parent = parent_for_value.map(|_| attribute);
        if let Some(filter) = &path.filter {
            if !attribute.multi_valued {
                self.emit(
                    Code::PatchInvalidPath,
                    path_node,
                    format!("`{}` is single-valued, so a value filter `[…]` cannot select elements of it", attribute.name),
                );
                self.ptr.pop();
                return;
            }
            if let Some(problem) = filter_names_problem(filter, attribute) {
                self.emit(Code::PatchInvalidPath, path_node, problem);
                self.ptr.pop();
                return;
            }
            if let Some(sub) = &path.sub_attr {
                match attribute.sub_attribute(sub) {
                    Some(s) => {
                        target = s;
                        target_parent = Some(attribute);
                    }
                    None => {
                        self.emit(
                            Code::PatchInvalidPath,
                            path_node,
                            format!("`{sub}` is not a sub-attribute of `{}`", attribute.name),
                        );
                        self.ptr.pop();
                        return;
                    }
                }
            }
        }
        let name = match target_parent {
            Some(p) => format!("{}.{}", p.name, target.name),
            None => target.name.clone(),
        };
        let read_only = target.mutability == Mutability::ReadOnly
            || attribute.mutability == Mutability::ReadOnly;
        if read_only {
            self.emit(
                Code::PatchMutability,
                path_node,
                format!(
                    "`{name}` is readOnly: a PATCH cannot change it (RFC 7644 scimType mutability)"
                ),
            );
        } else if target.mutability == Mutability::Immutable && op != Op::Add {
            self.emit(
                Code::PatchMutability,
                path_node,
                format!("`{name}` is immutable: it can be set once but not replaced or removed"),
            );
        }
        if op == Op::Remove
            && path.filter.is_none()
            && target.required
            && (target_parent.is_none() || attribute.required)
        {
            self.emit(
                Code::PatchRemoveRequired,
                path_node,
                format!("`{name}` is required; removing it leaves the resource invalid"),
            );
        }
        self.ptr.pop();
        self.ptr.push_key("value");
        match (op, value) {
            (Op::Remove, None) => {}
            (Op::Remove, Some(v)) => {
                if attribute.multi_valued
                    && path.filter.is_none()
                    && path.final_sub_attr().is_none()
                {
                    self.members_remove_with_value(attribute, v);
                } else {
                    self.emit(
                        Code::PatchInvalidValue,
                        v,
                        "a remove operation takes no `value`; it is ignored",
                    )
                    .severity = Severity::Warning;
                }
            }
            (_, None) => {
                let (start, _) = op_node.range();
                self.emit_at(
                    Code::PatchMissingValue,
                    self.ptr.to_string(),
                    (start, start + 1),
                    format!(
                        "an {} operation needs a `value`",
                        if op == Op::Add { "add" } else { "replace" }
                    ),
                );
            }
            (_, Some(v)) => {
                if path.filter.is_some() && path.sub_attr.is_none() {
                    // The value replaces or adds one element.
                    if matches!(v.kind, Kind::Array(_)) {
                        if let Some(items) = v.as_array() {
                            for (i, item) in items.iter().enumerate() {
                                self.ptr.push_index(i);
                                self.patch_value(attribute, item, None, true);
                                self.ptr.pop();
                            }
                        }
                    } else {
                        self.patch_value(attribute, v, None, true);
                    }
                } else {
                    self.patch_value(target, v, target_parent, false);
                }
            }
        }
        self.ptr.pop();
    }

    /// Validates a PATCH value for `attr`; `element` when it is one element
    /// of a multi-valued attribute. Multi-valued targets accept one element
    /// or an array of them.
    fn patch_value(
        &mut self,
        attr: &'r Attribute,
        value: &Node<'a>,
        parent: Option<&'r Attribute>,
        element: bool,
    ) {
        let first = self.diagnostics.len();
        let single = attr.multi_valued && (element || !matches!(value.kind, Kind::Array(_)));
        if single {
            self.single_value_pub(attr, value, parent);
        } else {
            self.attribute(attr, value, Direction::Create, parent);
        }
        if attr.name == "members" && parent.is_none() {
            match &value.kind {
                Kind::Array(items) => self.member_entries(items),
                Kind::Object(_) => self.member_entry(value),
                _ => {}
            }
        }
        // A value that does not fit the target as a whole is RFC 7644's
        // invalidValue; problems deeper inside keep their specific codes.
        let here = self.ptr.to_string();
        for d in self.diagnostics.iter_mut().skip(first) {
            let type_error = matches!(
                d.code,
                Code::InvalidType
                    | Code::InvalidInteger
                    | Code::ExpectedArray
                    | Code::ExpectedSingleValue
            );
            if type_error && d.path == here {
                d.code = Code::PatchInvalidValue;
            }
        }
    }

    /// `{"op":"remove","path":"members","value":[…]}`.
    fn members_remove_with_value(&mut self, attribute: &Attribute, v: &Node<'a>) {
        let name = &attribute.name;
        if self.dialect == Dialect::Strict {
            self.emit(
                Code::PatchInvalidValue,
                v,
                format!(
                    "a remove of `{name}` without a filter removes every element; RFC 7644 §3.5.2.2 has no `value` for remove, so the listed values do not limit it"
                ),
            )
            .help = Some(format!(
                "to remove one element write \"path\": \"{name}[value eq \\\"…\\\"]\"; Microsoft Entra ID sends this form unless the aadOptscim062020 flag is set (check with --dialect entra)"
            ));
        } else {
            self.quirk(
                Code::QuirkMembersRemoveValue,
                v,
                format!("remove of `{name}` with a `value` list (RFC 7644: {name}[value eq \"…\"])"),
                "Microsoft Entra ID removes group members this way unless the aadOptscim062020 flag is set; remove only the listed elements, never all of them",
            );
        }
    }

    fn whole_extension_operation(
        &mut self,
        op: Op,
        schema: &'r crate::schema::Schema,
        value: Option<&Node<'a>>,
        op_node: &Node<'a>,
    ) {
        self.ptr.push_key("value");
        match (op, value) {
            (Op::Remove, _) => {}
            (_, None) => {
                let (start, _) = op_node.range();
                self.emit_at(
                    Code::PatchMissingValue,
                    self.ptr.to_string(),
                    (start, start + 1),
                    "an add or replace needs a `value`",
                );
            }
            (_, Some(v)) => self.partial_object(&schema.attributes, v, &schema.id),
        }
        self.ptr.pop();
    }

    /// Checks the members of a partial resource (a PATCH value): names, types
    /// and mutability, but not required attributes.
    fn partial_object(&mut self, attributes: &'r [Attribute], value: &Node<'a>, owner: &str) {
        let Some(members) = value.as_object() else {
            self.emit(
                Code::PatchInvalidValue,
                value,
                format!(
                    "expected an object of attributes of `{owner}`, found {}",
                    value.type_name()
                ),
            );
            return;
        };
        self.check_duplicate_keys(members);
        for member in members {
            let key = member.key().decode();
            self.ptr.push_key(key.clone());
            match attributes
                .iter()
                .find(|a| a.name.eq_ignore_ascii_case(&key))
            {
                Some(attr) => self.attribute(attr, &member.value, Direction::Create, None),
                None => {
                    let names = attributes.iter().map(|a| a.name.as_str());
                    self.unknown_attribute(
                        member,
                        format!("`{key}` is not an attribute of `{owner}`"),
                        names,
                    );
                }
            }
            self.ptr.pop();
        }
    }

    /// A path-less add or replace: `value` is an object of attributes.
    fn operation_without_path(
        &mut self,
        op: Op,
        value: Option<&Node<'a>>,
        op_node: &Node<'a>,
        rt: &'r ResourceType,
    ) {
        let registry = self.registry;
        if op == Op::Remove {
            let (start, _) = op_node.range();
            self.emit_at(
                Code::PatchNoTarget,
                self.ptr.with_key("path"),
                (start, start + 1),
                "a remove operation needs a `path` (RFC 7644 §3.5.2.2: scimType noTarget)",
            );
            return;
        }
        self.ptr.push_key("value");
        let Some(value) = value else {
            let (start, _) = op_node.range();
            self.emit_at(
                Code::PatchMissingValue,
                self.ptr.to_string(),
                (start, start + 1),
                "an add or replace needs a `value`",
            );
            self.ptr.pop();
            return;
        };
        let Some(members) = value.as_object() else {
            self.emit(
                Code::PatchInvalidValue,
                value,
                format!(
                    "without a `path`, `value` must be an object of attributes, found {}",
                    value.type_name()
                ),
            );
            self.ptr.pop();
            return;
        };
        self.check_duplicate_keys(members);
        let core = registry.schema(&rt.schema);
        for member in members {
            let key = member.key().decode();
            self.ptr.push_key(key.clone());
            let ext = rt
                .schema_extensions
                .iter()
                .find(|e| e.schema.eq_ignore_ascii_case(&key));
            let attr = registry
                .common_attribute(&key)
                .or_else(|| core.and_then(|c| c.attribute(&key)));
            if key.eq_ignore_ascii_case("schemas") {
                // Some clients repeat the resource's schemas; harmless.
            } else if let Some(ext) = ext {
                if let Some(schema) = registry.schema(&ext.schema) {
                    self.partial_object(&schema.attributes, &member.value, &schema.id);
                }
            } else if let Some(attr) = attr {
                if attr.mutability == Mutability::ReadOnly {
                    self.read_only_in_value(attr, member.value.clone(), &key);
                } else {
                    self.attribute(attr, &member.value, Direction::Create, None);
                }
            } else {
                self.attribute_path_key(&key, member, rt);
            }
            self.ptr.pop();
        }
        self.ptr.pop();
    }

    fn read_only_in_value(&mut self, attr: &Attribute, value: Node<'a>, key: &str) {
        if self.dialect == Dialect::Okta && attr.name == "id" {
            self.quirk(
                Code::QuirkReadOnlyInValue,
                &value,
                "the group's `id` inside a path-less replace value".to_string(),
                "Okta sends {\"op\":\"replace\",\"value\":{\"id\":…,\"displayName\":…}} to rename a pushed group; ignore `id` when it equals the resource's id",
            );
        } else {
            self.emit(
                Code::PatchMutability,
                &value,
                format!(
                    "`{key}` is readOnly: a PATCH cannot change it (RFC 7644 scimType mutability)"
                ),
            );
        }
    }

    /// A key of a path-less value that is not an attribute name: an attribute
    /// path such as `name.givenName` or `urn:…:User:employeeNumber`.
    fn attribute_path_key(
        &mut self,
        key: &str,
        member: &crate::json::Member<'a>,
        rt: &'r ResourceType,
    ) {
        let registry = self.registry;
        let resolved = parse_path(key)
            .ok()
            .filter(|p| p.filter.is_none())
            .and_then(|p| registry.resolve(rt, &p.attribute).ok());
        let (start, end) = member.key_range();
        let Some(crate::schema::Resolved {
            attr: attribute,
            sub: sub_attribute,
            ..
        }) = resolved
        else {
            let core = registry.schema(&rt.schema);
            let names = core
                .into_iter()
                .flat_map(|c| c.attributes.iter())
                .map(|a| a.name.as_str());
            self.unknown_attribute(
                member,
                format!("`{key}` is not an attribute of a {}", rt.name),
                names,
            );
            return;
        };
        if self.dialect == Dialect::Strict {
            self.emit_at(
                Code::PatchInvalidValue,
                self.ptr.to_string(),
                (start, end),
                format!("`{key}` is an attribute path; in a path-less add or replace the keys of `value` must be attribute names (RFC 7644 §3.5.2.1)"),
            )
            .help = Some(
                "Microsoft Entra ID with the aadOptscim062020 flag merges changed attributes into one path-less replace keyed by paths: a service provider for Entra ID must apply each key as a path (check with --dialect entra)".to_string(),
            );
        } else {
            let key_node = Node {
                start: u32::try_from(start).unwrap_or(0),
                end: u32::try_from(end).unwrap_or(0),
                kind: Kind::Null,
            };
            self.quirk(
                Code::QuirkPathKeys,
                &key_node,
                format!("attribute path `{key}` used as a key of a path-less value"),
                "Microsoft Entra ID (aadOptscim062020) merges single-valued changes into one replace keyed by attribute paths; apply each key as if it were the operation's path",
            );
        }
        let target = sub_attribute.unwrap_or(attribute);
        let parent = sub_attribute.map(|_| attribute);
        self.attribute(target, &member.value, Direction::Create, parent);
    }
}

/// A label for quirk messages.
pub(crate) fn dialect_label(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Entra => "Entra ID",
        Dialect::Okta => "Okta",
        Dialect::Strict => "identity provider",
    }
}

/// Names in a value filter must be sub-attributes of the filtered attribute.
fn filter_names_problem(filter: &Filter, attribute: &Attribute) -> Option<String> {
    let check = |name: &str| {
        if attribute.kind != AttributeType::Complex {
            // A multi-valued simple attribute's elements are compared as `value`.
            return (!name.eq_ignore_ascii_case("value")).then(|| {
                format!(
                    "the elements of `{}` have no sub-attribute `{name}`; compare them as `value`",
                    attribute.name
                )
            });
        }
        attribute.sub_attribute(name).is_none().then(|| {
            format!(
                "`{name}` is not a sub-attribute of `{}`, so the filter cannot use it",
                attribute.name
            )
        })
    };
    match filter {
        Filter::Present { attribute: a, .. } | Filter::Compare { attribute: a, .. } => {
            check(&a.name)
        }
        Filter::Not { filter, .. } => filter_names_problem(filter, attribute),
        Filter::And { left, right } | Filter::Or { left, right } => {
            filter_names_problem(left, attribute).or_else(|| filter_names_problem(right, attribute))
        }
        Filter::ValuePath { attribute: a, .. } => Some(format!(
            "value paths cannot be nested (`{}[…]` inside a filter)",
            a.name
        )),
    }
}
