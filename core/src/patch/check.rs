//! Checking PatchOp bodies (RFC 7644 §3.5.2) against a resource type: the
//! envelope, each operation's `op`, `path` (by the filter module's path
//! grammar) and `value`, mutability, removal of required attributes, and the
//! identity-provider quirks that a dialect accepts with a warning.

use super::target::{Target, resolve_target};
use super::words::{self, Op};
use crate::diagnostics::{Code, Diagnostic, Report, Severity};
use crate::dialect::Dialect;
use crate::filter::{Path, parse_path};
use crate::json::{Kind, Node};
use crate::limits::MAX_PATCH_OPERATIONS;
use crate::schema::{Attribute, Mutability, Registry, ResourceType, uri};
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
    match crate::json::parse_counting(text, "Operations", MAX_PATCH_OPERATIONS) {
        Ok(root) => check_patch_node(registry, &root, resource_type, dialect).locate(text),
        Err(d) => Report::new(crate::json::syntax_errors(text, d)),
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

impl<'r, 'a> Walker<'r, 'a> {
    /// `value` is missing from an operation that needs one: reported at the
    /// operation's opening brace.
    fn missing_value(&mut self, op_node: &Node<'a>, op: Op) {
        let (start, _) = op_node.range();
        self.emit_at(
            Code::PatchMissingValue,
            self.ptr.to_string(),
            (start, start + 1),
            words::missing_value(op),
        );
    }

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
                        // Application words the reason the same way, without
                        // the position inside the string.
                        let errors = errors
                            .into_iter()
                            .map(|mut d| {
                                d.message = words::path_syntax(&text, &d.message);
                                d
                            })
                            .collect();
                        self.ptr.push_key("path");
                        self.embed(errors, path_node, Code::PatchInvalidPath);
                        self.ptr.pop();
                    }
                }
            }
            None => self.operation_without_path(op, value, op_node, rt),
        }
    }

    /// Reads `op`; case variants are a quirk the entra dialect accepts.
    fn operation_name(&mut self, op_node: &Node<'a>) -> Option<Op> {
        let Some(node) = op_node.get_ignore_case("op").filter(|o| !o.is_null()) else {
            let (start, _) = op_node.range();
            self.emit_at(
                Code::PatchInvalidOp,
                self.ptr.with_key("op"),
                (start, start + 1),
                words::MISSING_OP,
            );
            return None;
        };
        let name = node.as_str()?;
        self.ptr.push_key("op");
        let op = Op::from_name(&name);
        match op {
            None => {
                self.emit(Code::PatchInvalidOp, node, words::unknown_op(&name));
            }
            Some(op) if name != op.name() => {
                if self.dialect.accepts(Code::QuirkOpCase) {
                    self.quirk(
                        Code::QuirkOpCase,
                        node,
                        words::op_case_quirk(&name, op),
                        words::OP_CASE_QUIRK_HELP,
                    );
                } else {
                    let d = self.emit(Code::PatchInvalidOp, node, words::op_case(&name, op));
                    d.help = Some(words::OP_CASE_HELP.to_string());
                }
            }
            Some(_) => {}
        }
        self.ptr.pop();
        op
    }

    /// Reports a quirk the current dialect accepts.
    pub(crate) fn quirk(&mut self, code: Code, node: &Node<'a>, what: String, help: &str) {
        let dialect = self.dialect;
        let d = self.emit(code, node, words::quirk(dialect, &what));
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
        // The same resolver as PATCH application, so a path is usable or not,
        // with the same reason, whether or not a resource is at hand.
        let (attribute, target, target_parent) = match resolve_target(registry, rt, path) {
            Ok(Target::Attr {
                attr,
                sub,
                ext,
                unqualified,
                ..
            }) => {
                if let (true, Some(schema)) = (unqualified, ext) {
                    let d = self.emit(
                        Code::PatchInvalidPath,
                        path_node,
                        format!(
                            "`{}` belongs to the extension `{}`; write its full path",
                            attr.name, schema.id
                        ),
                    );
                    d.severity = Severity::Warning;
                    d.help = Some(format!("{}:{path}", schema.id));
                }
                (attr, sub.unwrap_or(attr), sub.map(|_| attr))
            }
            Ok(Target::Extension(schema)) => {
                self.ptr.pop();
                self.whole_extension_operation(op, schema, value, op_node);
                return;
            }
            Err(invalid) => {
                let d = self.emit(
                    Code::PatchInvalidPath,
                    path_node,
                    words::invalid_path(&invalid.message),
                );
                d.help = invalid.help;
                self.ptr.pop();
                return;
            }
        };
        let name = match target_parent {
            Some(p) => format!("{}.{}", p.name, target.name),
            None => target.name.clone(),
        };
        // Name the readOnly attribute itself (`meta`, not `meta.created`).
        let read_only = if attribute.mutability == Mutability::ReadOnly {
            Some(attribute.name.as_str())
        } else {
            (target.mutability == Mutability::ReadOnly).then_some(name.as_str())
        };
        if let Some(read_only) = read_only {
            self.emit(
                Code::PatchMutability,
                path_node,
                words::read_only_target(read_only),
            );
            // The value of an attribute no PATCH may touch is moot.
            self.ptr.pop();
            return;
        } else if target.mutability == Mutability::Immutable && op != Op::Add {
            if pinned_and_changed(path, target, value) {
                // `members[value eq "a"].value` replaced by "b": every element
                // the filter selects has a value, and it would change.
                self.emit(
                    Code::PatchMutability,
                    path_node,
                    format!("`{name}` is immutable: the filter selects elements whose `{}` is set, and the {} changes it (RFC 7643 §2.2, scimType `mutability`)", target.name, op.name()),
                );
            } else {
                // Whether this fails depends on the resource (RFC 7643 §2.2:
                // set once, then never changed), which only applying knows.
                let d = self.emit(
                    Code::PatchMutability,
                    path_node,
                    format!("`{name}` is immutable: the {} fails unless `{name}` has no value yet (or the same value, for replace)", op.name()),
                );
                d.severity = Severity::Warning;
            }
        }
        if op == Op::Remove
            && path.filter.is_none()
            && target.required
            && (target_parent.is_none() || attribute.required)
        {
            self.emit(
                Code::PatchRemoveRequired,
                path_node,
                words::remove_required(&name, &rt.name),
            )
            .help = Some(words::REMOVE_REQUIRED_HELP.to_string());
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
                        words::remove_takes_no_value(&name),
                    );
                }
            }
            (_, None) => {
                self.missing_value(op_node, op);
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
            self.patch_element(attr, value, parent);
        } else {
            self.attribute(attr, value, Direction::Patch, parent);
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
        if !self.dialect.accepts(Code::QuirkMembersRemoveValue) {
            self.emit(
                Code::PatchInvalidValue,
                v,
                words::members_remove_error(name),
            )
            .help = Some(words::members_remove_error_help(name));
        } else {
            self.quirk(
                Code::QuirkMembersRemoveValue,
                v,
                words::members_remove(name),
                words::MEMBERS_REMOVE_HELP,
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
            (Op::Remove, None) => {}
            (Op::Remove, Some(v)) => {
                self.emit(
                    Code::PatchInvalidValue,
                    v,
                    words::remove_takes_no_value(&schema.id),
                );
            }
            (_, None) => {
                self.missing_value(op_node, op);
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
                Some(attr) => self.attribute(attr, &member.value, Direction::Patch, None),
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
                words::REMOVE_NEEDS_PATH,
            );
            return;
        }
        self.ptr.push_key("value");
        let Some(value) = value else {
            self.missing_value(op_node, op);
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
                    self.attribute(attr, &member.value, Direction::Patch, None);
                }
            } else {
                self.attribute_path_key(&key, member, rt);
            }
            self.ptr.pop();
        }
        self.ptr.pop();
    }

    fn read_only_in_value(&mut self, attr: &Attribute, value: Node<'a>, key: &str) {
        if self.dialect.accepts(Code::QuirkReadOnlyInValue) && attr.name == "id" {
            self.quirk(
                Code::QuirkReadOnlyInValue,
                &value,
                words::READ_ONLY_ID.to_string(),
                words::READ_ONLY_ID_HELP,
            );
        } else {
            self.emit(Code::PatchMutability, &value, words::read_only_target(key));
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
            extension,
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
        if let (Some(schema), false) = (extension, key.contains(['.', ':'])) {
            // A plain name of an extension attribute: not a path, misplaced.
            self.emit_at(
                Code::PatchInvalidValue,
                self.ptr.to_string(),
                (start, end),
                words::extension_attribute_at_top(key, &schema.id),
            );
            return;
        }
        if !self.dialect.accepts(Code::QuirkPathKeys) {
            self.emit_at(
                Code::PatchInvalidValue,
                self.ptr.to_string(),
                (start, end),
                words::path_key_error(key),
            )
            .help = Some(words::path_key_error_help(key, &rt.schema));
        } else {
            let key_node = Node {
                start: u32::try_from(start).unwrap_or(0),
                end: u32::try_from(end).unwrap_or(0),
                kind: Kind::Null,
            };
            self.quirk(
                Code::QuirkPathKeys,
                &key_node,
                words::path_key(key),
                words::PATH_KEY_HELP,
            );
        }
        let target = sub_attribute.unwrap_or(attribute);
        let parent = sub_attribute.map(|_| attribute);
        self.attribute(target, &member.value, Direction::Patch, parent);
    }
}

/// Whether `path`'s filter pins `target` to one value (`members[value eq
/// "a"].value`) and `value` is a different one: then replacing or removing
/// changes an immutable value whatever the resource holds.
fn pinned_and_changed(path: &Path, target: &Attribute, value: Option<&Node<'_>>) -> bool {
    let Some(crate::filter::Filter::Compare {
        attribute,
        op: crate::filter::CompareOp::Eq,
        value: crate::filter::CompValue::String(pinned),
        ..
    }) = &path.filter
    else {
        return false;
    };
    let same_attribute = attribute.uri.is_none()
        && attribute.sub_attr.is_none()
        && attribute.name.eq_ignore_ascii_case(&target.name);
    let equal = |new: &str| {
        if target.case_exact {
            new == pinned
        } else {
            new.eq_ignore_ascii_case(pinned)
        }
    };
    same_attribute
        && path
            .final_sub_attr()
            .is_some_and(|s| s.eq_ignore_ascii_case(&target.name))
        && value.is_none_or(|v| v.as_str().is_none_or(|new| !equal(&new)))
}
