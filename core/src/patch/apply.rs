//! Applying a PatchOp to a resource with RFC 7644 §3.5.2 semantics.
//!
//! [`apply_patch`] first reads the body the way `check_patch` does, without
//! the resource: a body that is wrong whatever the resource holds (no
//! `schemas`, an unknown `op`, a path or value the schema rejects) is
//! rejected with exactly the checker's diagnostics, so validating a PatchOp
//! and applying it never word the same mistake differently. Otherwise it
//! runs the operations in order on a copy of the resource. A PATCH is atomic
//! (§3.5.2: "If a single operation encounters an error condition, the
//! original SCIM resource MUST be restored"), so on the first error the
//! outcome holds the original resource, the error, and no changes.
//!
//! Semantics, with the choices made where the RFC is silent:
//! - `add` to a multi-valued attribute appends each new value unless an
//!   identical one is there (§3.5.2.1: "no changes SHOULD be made"); two
//!   complex values are identical when their `value` (case rule of the
//!   schema) and `type` agree, or, without `value`, when every sub-attribute
//!   agrees. A matching element takes the new readWrite sub-attributes (so
//!   `primary: true` on an existing email applies) and keeps its immutable
//!   ones (a Group member's `display`).
//! - `add` to a single-valued attribute replaces it; to a complex attribute it
//!   merges the sub-attributes; `add`/`replace` with `name.givenName` creates
//!   `name` when absent.
//! - without `path`, `add` and `replace` take `value` as attributes by name,
//!   extension attributes inside their URN key (§3.5.2.1, §3.5.2.3);
//!   `replace` of a multi-valued attribute replaces all its values, of a
//!   complex attribute merges (§3.5.2.3 "sub-attributes that are not
//!   specified … are left unchanged"), of an absent one adds it.
//! - `replace` with a value filter replaces each matching element whole, or
//!   its sub-attribute; no match is `noTarget` (§3.5.2.3). `add` with a value
//!   filter that matches nothing is `noTarget` too: §3.5.2.1 gives no way to
//!   build an element from a filter.
//! - `remove` needs a path (`noTarget` without, §3.5.2.2); removing an absent
//!   attribute changes nothing; a filter that matches nothing is `noTarget`
//!   (§3.12: "the specified path value contains a filter that yields no
//!   match"); an array or complex value left empty is removed, and so is an
//!   extension object left empty, with its URI in `schemas`. Adding to an
//!   extension that is absent creates it and lists its URI in `schemas`.
//! - setting `primary: true` on an element clears `primary` on the others (§3.5.2).
//! - readOnly attributes cannot be touched; immutable ones only set when they
//!   have no value (§3.5.2, scimType `mutability`); required attributes cannot
//!   be removed (`patch-remove-required`).
//! - attribute names are case-insensitive; an existing key keeps its spelling,
//!   a new one gets the schema's.
//!
//! Dialects: [`Dialect::Strict`] is the RFC. [`Dialect::Entra`] accepts what
//! Microsoft Entra ID sends (capitalized `op`, `"True"`/`"False"` strings for
//! booleans, path-keyed path-less values, a bare manager id, member removal
//! with `path: "members"` and a `value`, filtered paths that create the
//! element), [`Dialect::Okta`] what Okta sends (the readOnly `id` in a group
//! rename). Each accepted deviation is a `quirk` warning that names it and
//! says what a service provider must accept; the other dialects reject it
//! with the strict error.

use serde_json::{Map, Value};

use super::check::check_patch_node;
use super::diff::{Change, diff};
use super::elements::ElementIndex;
use super::target::{Target, resolve_target};
use super::words::{self, Op};
use crate::diagnostics::{Code, Diagnostic, Report, Severity, escape_pointer_token};
use crate::dialect::Dialect;
use crate::filter::eval::get_ci;
use crate::filter::{AttrPath, CompareOp, Evaluator, Filter, parse_path, print};
use crate::json::{Node, value_type_name};
use crate::limits::MAX_PATCH_OPERATIONS;
use crate::schema::resolve::resolve;
use crate::schema::{Attribute, AttributeType, Mutability, Registry, ResourceType, Schema};

/// The result of applying a PATCH (serializes as `{resource, report, changes}`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PatchOutcome {
    /// The patched resource, or the original when an operation failed.
    pub resource: Value,
    /// Errors and quirk warnings; paths are JSON Pointers into the PATCH
    /// document (`/Operations/1/path`).
    pub report: Report,
    /// What changed, in document order of the result (empty when the PATCH failed).
    pub changes: Vec<Change>,
}

/// Applies `patch` (a PatchOp body) to `resource`, a resource of `resource_type`.
pub fn apply_patch(
    registry: &Registry,
    resource_type: &ResourceType,
    resource: &Value,
    patch: &Value,
    dialect: Dialect,
) -> PatchOutcome {
    // The checker reads the positioned tree; its spans would point into this
    // serialization, which the caller never saw, so they are dropped.
    let checked =
        crate::json::parse_counting(&patch.to_string(), "Operations", MAX_PATCH_OPERATIONS)
            .map(|root| check_first(registry, resource_type, &root, dialect))
            .unwrap_or_default()
            .into_iter()
            .map(|mut d| {
                d.span = None;
                d
            })
            .collect();
    apply_checked(registry, resource_type, resource, patch, dialect, checked)
}

/// The checker's diagnostics on the PatchOp body alone, when the registry
/// knows the resource type (a resource type built outside it is applied
/// without them).
fn check_first(
    registry: &Registry,
    resource_type: &ResourceType,
    patch: &Node<'_>,
    dialect: Dialect,
) -> Vec<Diagnostic> {
    if registry.resource_type(&resource_type.name).is_none() {
        return Vec::new();
    }
    check_patch_node(registry, patch, Some(&resource_type.name), dialect).diagnostics
}

/// Applies a PATCH whose body the checker has read: a body that is wrong
/// whatever the resource holds is rejected with exactly the checker's
/// diagnostics (so `validate --context patch` and `patch apply` word it the
/// same); otherwise the application adds what only the resource can tell
/// (noTarget, immutable values already set) and settles the checker's doubts
/// about immutable targets.
fn apply_checked(
    registry: &Registry,
    resource_type: &ResourceType,
    resource: &Value,
    patch: &Value,
    dialect: Dialect,
    checked: Vec<Diagnostic>,
) -> PatchOutcome {
    if checked.iter().any(Diagnostic::is_error) {
        return PatchOutcome {
            resource: resource.clone(),
            report: Report::new(checked),
            changes: Vec::new(),
        };
    }
    let mut session = Session {
        registry,
        rt: resource_type,
        dialect,
        diags: Vec::new(),
        op_ptr: String::new(),
        index_cache: None,
        offered_cache: None,
    };
    let result = session.run(resource, patch);
    // What the checker could only suspect, the resource settles: immutable
    // targets, and whether the `id` in Okta's rename is the group's own.
    let mut diags: Vec<Diagnostic> = checked
        .into_iter()
        .filter(|d| {
            !(d.code == Code::PatchMutability && d.severity == Severity::Warning
                || d.code == Code::QuirkReadOnlyInValue)
        })
        .collect();
    for d in session.diags {
        let said = diags
            .iter()
            .any(|c| c.code == d.code && c.path == d.path && c.message == d.message);
        if !said {
            diags.push(d);
        }
    }
    match result {
        Ok(result) => PatchOutcome {
            changes: diff(resource, &result),
            resource: result,
            report: Report::new(diags),
        },
        Err(Failed) => PatchOutcome {
            resource: resource.clone(),
            report: Report::new(diags),
            changes: Vec::new(),
        },
    }
}

/// [`apply_patch`] on JSON texts: diagnostics get spans (with lines and
/// columns) into `patch_text`. A resource text that is not JSON is reported
/// without a span (it points into the other text), and the outcome's resource
/// is then `null`.
pub fn apply_patch_text(
    registry: &Registry,
    resource_type: &ResourceType,
    resource_text: &str,
    patch_text: &str,
    dialect: Dialect,
) -> PatchOutcome {
    match crate::json::parse_value(resource_text) {
        Ok(resource) => apply_patch_to_text(registry, resource_type, resource, patch_text, dialect),
        Err(d) => PatchOutcome {
            resource: Value::Null,
            report: Report::new(vec![resource_not_json(d)]),
            changes: Vec::new(),
        },
    }
}

/// A resource's syntax error as a PATCH outcome states it: without a span,
/// since the outcome's spans point into the PATCH.
pub(crate) fn resource_not_json(mut d: Diagnostic) -> Diagnostic {
    d.message = format!("the resource is not valid JSON: {}", d.message);
    d.span = None;
    d
}

/// [`apply_patch_text`] for a resource already read (the façade reads it
/// once to tell its type).
pub(crate) fn apply_patch_to_text(
    registry: &Registry,
    resource_type: &ResourceType,
    resource: Value,
    patch_text: &str,
    dialect: Dialect,
) -> PatchOutcome {
    let node = match crate::json::parse_counting(patch_text, "Operations", MAX_PATCH_OPERATIONS) {
        Ok(n) => n,
        Err(d) => {
            return PatchOutcome {
                resource,
                report: Report::new(crate::json::syntax_errors(patch_text, d)),
                changes: Vec::new(),
            };
        }
    };
    let checked = check_first(registry, resource_type, &node, dialect);
    let mut outcome = apply_checked(
        registry,
        resource_type,
        &resource,
        &node.to_value(),
        dialect,
        checked,
    );
    for d in &mut outcome.report.diagnostics {
        if d.span.is_some() {
            continue;
        }
        let (n, exact) = node.resolve_pointer(&d.path);
        if exact {
            let (start, end) = n.range();
            *d = d.clone().with_range(start, end);
        } else if d
            .path
            .rsplit_once('/')
            .is_some_and(|(parent, _)| node.resolve_pointer(parent).1)
        {
            // A member that is missing (`op`, `value`, `path`): point at the
            // opening brace of the operation that lacks it, as the checker does.
            let (start, _) = n.range();
            *d = d.clone().with_range(start, start + 1);
        }
    }
    outcome.report = Report::new(outcome.report.diagnostics).locate(patch_text);
    outcome
}

/// Marks that an error diagnostic was recorded and the PATCH stops.
#[derive(Debug)]
pub(super) struct Failed;

/// The state of one PATCH application.
pub(super) struct Session<'a> {
    registry: &'a Registry,
    rt: &'a ResourceType,
    dialect: Dialect,
    diags: Vec<Diagnostic>,
    /// Pointer to the current operation, e.g. `/Operations/2`.
    op_ptr: String,
    /// The element index of the multi-valued attribute the previous
    /// operation added to, kept so that many small adds to one Group stay
    /// linear (10,000 single-member adds took 52 s when each rebuilt it).
    /// Only an add to the same attribute takes it; every other operation
    /// drops it, so it never describes an array something else changed.
    index_cache: Option<IndexCache>,
    /// The previous operation's cache while the current one runs.
    offered_cache: Option<IndexCache>,
}

/// An [`ElementIndex`] with what it indexes.
struct IndexCache {
    /// The extension URN (or "") and the attribute name, lower-cased.
    attribute: (String, String),
    /// The array's length when the index was last brought up to date.
    len: usize,
    index: ElementIndex,
}

fn member<'v>(obj: &'v Map<String, Value>, name: &str) -> Option<(&'v str, &'v Value)> {
    obj.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(k, v)| (k.as_str(), v))
}

fn find_key(map: &Map<String, Value>, name: &str) -> Option<String> {
    if map.contains_key(name) {
        return Some(name.to_string());
    }
    map.keys().find(|k| k.eq_ignore_ascii_case(name)).cloned()
}

fn ptr(base: &str, key: &str) -> String {
    format!("{base}/{}", escape_pointer_token(key))
}

/// The object holding the attributes of `ext` (the resource itself for core
/// attributes), created (and listed in `schemas`) when `create` is set.
fn container<'w>(
    root: &'w mut Map<String, Value>,
    ext: Option<&Schema>,
    create: bool,
) -> Option<&'w mut Map<String, Value>> {
    let Some(ext) = ext else {
        return Some(root);
    };
    let key = match find_key(root, &ext.id) {
        Some(k) => k,
        None if create => {
            if let Some(Value::Array(list)) =
                find_key(root, "schemas").and_then(|k| root.get_mut(&k))
            {
                if !list
                    .iter()
                    .any(|u| u.as_str().is_some_and(|u| u.eq_ignore_ascii_case(&ext.id)))
                {
                    list.push(Value::String(ext.id.clone()));
                }
            }
            root.insert(ext.id.clone(), Value::Object(Map::new()));
            ext.id.clone()
        }
        None => return None,
    };
    let slot = root.get_mut(&key)?;
    if !slot.is_object() && create {
        *slot = Value::Object(Map::new());
    }
    slot.as_object_mut()
}

/// Removes the extension object of `ext` when it is empty, and its URI from `schemas`.
fn prune_extension(root: &mut Map<String, Value>, ext: Option<&Schema>) {
    let Some(ext) = ext else { return };
    let Some(key) = find_key(root, &ext.id) else {
        return;
    };
    if root
        .get(&key)
        .and_then(Value::as_object)
        .is_some_and(Map::is_empty)
    {
        root.shift_remove(&key);
        if let Some(Value::Array(list)) = find_key(root, "schemas").and_then(|k| root.get_mut(&k)) {
            list.retain(|u| !u.as_str().is_some_and(|u| u.eq_ignore_ascii_case(&ext.id)));
        }
    }
}

fn unassigned(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// Equality of two values of `attr` under its case rule.
pub(super) fn scalar_eq(attr: &Attribute, a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => match attr.kind {
            AttributeType::DateTime => {
                match (
                    crate::datetime::parse_datetime(x),
                    crate::datetime::parse_datetime(y),
                ) {
                    (Ok(p), Ok(q)) => p.instant() == q.instant(),
                    _ => x == y,
                }
            }
            AttributeType::Binary => x == y,
            _ if attr.case_exact => x == y,
            _ => x.to_lowercase() == y.to_lowercase(),
        },
        _ => a == b,
    }
}

/// Sets `primary: false` on every element but the last written one that has
/// `primary: true` (RFC 7644 §3.5.2).
fn enforce_primary(attr: &Attribute, items: &mut [Value], written: &[usize]) {
    if !attr.has_primary() {
        return;
    }
    let is_primary = |v: &Value| get_ci(v, "primary") == Some(&Value::Bool(true));
    let Some(keep) = written
        .iter()
        .rev()
        .copied()
        .find(|i| items.get(*i).is_some_and(is_primary))
    else {
        return;
    };
    for (j, item) in items.iter_mut().enumerate() {
        if j != keep && is_primary(item) {
            if let Some(obj) = item.as_object_mut() {
                if let Some(k) = find_key(obj, "primary") {
                    obj.insert(k, Value::Bool(false));
                }
            }
        }
    }
}

/// The element a filter such as `type eq "work" and primary eq true`
/// describes; `None` unless it is a conjunction of `eq` comparisons on
/// sub-attributes.
fn element_from_filter(attr: &Attribute, filter: &Filter) -> Option<Map<String, Value>> {
    if matches!(filter, Filter::Or { .. }) {
        return None;
    }
    let mut element = Map::new();
    for f in filter.operands() {
        let Filter::Compare {
            attribute,
            op: CompareOp::Eq,
            value,
            ..
        } = f
        else {
            return None;
        };
        if attribute.uri.is_some() || attribute.sub_attr.is_some() {
            return None;
        }
        let sub = attr.sub_attribute(&attribute.name)?;
        let v = value.to_json();
        if v.is_null() {
            return None;
        }
        element.insert(sub.name.clone(), v);
    }
    Some(element)
}

impl<'a> Session<'a> {
    /// Whether the dialect accepts the deviation a `quirk-*` code reports.
    pub(super) fn accepts(&self, quirk: Code) -> bool {
        self.dialect.accepts(quirk)
    }

    /// Records an accepted deviation: `what` is worded by `words`, as the
    /// checker words it.
    pub(super) fn quirk(&mut self, which: Code, ptr: String, what: &str, help: &str) {
        self.diags.push(
            Diagnostic::new(which, ptr, words::quirk(self.dialect, what))
                .with_severity(Severity::Warning)
                .with_help(help),
        );
    }

    /// Records an error; the PATCH stops.
    pub(super) fn fail(
        &mut self,
        code: Code,
        ptr: String,
        message: String,
        help: Option<String>,
    ) -> Failed {
        let mut d = Diagnostic::new(code, ptr, message).with_severity(Severity::Error);
        d.help = help;
        self.diags.push(d);
        Failed
    }

    fn run(&mut self, resource: &Value, patch: &Value) -> Result<Value, Failed> {
        if !resource.is_object() {
            return Err(self.fail(
                Code::ExpectedObject,
                String::new(),
                "the resource to patch must be a JSON object".to_string(),
                None,
            ));
        }
        let Some(body) = patch.as_object() else {
            return Err(self.fail(
                Code::ExpectedObject,
                String::new(),
                "a PATCH body must be a JSON object with `schemas` and `Operations` (RFC 7644 §3.5.2)".to_string(),
                None,
            ));
        };
        let Some((ops_key, ops)) = member(body, "Operations") else {
            return Err(self.fail(
                Code::PatchNoOperations,
                String::new(),
                "the PATCH body has no `Operations` (RFC 7644 §3.5.2)".to_string(),
                None,
            ));
        };
        let ops_ptr = ptr("", ops_key);
        let ops = match ops {
            Value::Array(list) if !list.is_empty() => list,
            _ => {
                return Err(self.fail(
                    Code::PatchNoOperations,
                    ops_ptr,
                    "`Operations` must be a non-empty array of operations (RFC 7644 §3.5.2)"
                        .to_string(),
                    None,
                ));
            }
        };
        if ops.len() > MAX_PATCH_OPERATIONS {
            return Err(self.fail(
                Code::LimitOperations,
                ops_ptr,
                format!(
                    "the PATCH has {} operations; scimkit applies at most {MAX_PATCH_OPERATIONS}",
                    ops.len()
                ),
                None,
            ));
        }
        let mut work = resource.clone();
        for (i, op) in ops.iter().enumerate() {
            self.op_ptr = format!("{ops_ptr}/{i}");
            let Some(root) = work.as_object_mut() else {
                break;
            };
            self.operation(root, op)?;
        }
        Ok(work)
    }

    fn operation(&mut self, root: &mut Map<String, Value>, op: &Value) -> Result<(), Failed> {
        // Offered to this operation's first add to the same attribute only.
        let cache = self.index_cache.take();
        self.offered_cache = cache;
        let result = self.operation_body(root, op);
        self.offered_cache = None;
        result
    }

    fn operation_body(&mut self, root: &mut Map<String, Value>, op: &Value) -> Result<(), Failed> {
        let op_ptr = self.op_ptr.clone();
        let Some(obj) = op.as_object() else {
            // Worded as the checker's envelope rules word it.
            return Err(self.fail(
                Code::ExpectedObject,
                op_ptr,
                format!(
                    "expected a PATCH operation (a JSON object), found {}",
                    value_type_name(op)
                ),
                None,
            ));
        };
        let kind = match member(obj, "op") {
            Some((key, Value::String(name))) => {
                let Some(kind) = Op::from_name(name) else {
                    return Err(self.fail(
                        Code::PatchInvalidOp,
                        ptr(&op_ptr, key),
                        words::unknown_op(name),
                        None,
                    ));
                };
                if name != kind.name() {
                    if self.accepts(Code::QuirkOpCase) {
                        self.quirk(
                            Code::QuirkOpCase,
                            ptr(&op_ptr, key),
                            &words::op_case_quirk(name, kind),
                            words::OP_CASE_QUIRK_HELP,
                        );
                    } else {
                        return Err(self.fail(
                            Code::PatchInvalidOp,
                            ptr(&op_ptr, key),
                            words::op_case(name, kind),
                            Some(words::OP_CASE_HELP.to_string()),
                        ));
                    }
                }
                kind
            }
            Some((key, other)) => {
                return Err(self.fail(
                    Code::InvalidType,
                    ptr(&op_ptr, key),
                    format!("`op` must be a string, found {}", value_type_name(other)),
                    None,
                ));
            }
            None => {
                return Err(self.fail(
                    Code::PatchInvalidOp,
                    format!("{op_ptr}/op"),
                    words::MISSING_OP.to_string(),
                    None,
                ));
            }
        };
        let path = match member(obj, "path") {
            None | Some((_, Value::Null)) => None,
            Some((key, Value::String(p))) => Some((p.as_str(), ptr(&op_ptr, key))),
            Some((key, other)) => {
                return Err(self.fail(
                    Code::InvalidType,
                    ptr(&op_ptr, key),
                    format!("`path` must be a string, found {}", value_type_name(other)),
                    None,
                ));
            }
        };
        let value = member(obj, "value")
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (v, ptr(&op_ptr, k)));
        match kind {
            Op::Add | Op::Replace => {
                let Some((value, vptr)) = value else {
                    return Err(self.fail(
                        Code::PatchMissingValue,
                        format!("{op_ptr}/value"),
                        words::missing_value(kind),
                        None,
                    ));
                };
                match path {
                    None => self.pathless(root, kind, value, &vptr),
                    Some((text, pptr)) => {
                        let target = self.target(text, &pptr)?;
                        self.write(root, kind, &target, value, &vptr, &pptr)
                    }
                }
            }
            Op::Remove => match path {
                None => Err(self.fail(
                    Code::PatchNoTarget,
                    format!("{op_ptr}/path"),
                    words::REMOVE_NEEDS_PATH.to_string(),
                    None,
                )),
                Some((text, pptr)) => {
                    let target = self.target(text, &pptr)?;
                    self.remove(root, &target, value, &pptr)
                }
            },
        }
    }

    fn target(&mut self, text: &str, pptr: &str) -> Result<Target<'a>, Failed> {
        let path = match parse_path(text) {
            Ok(p) => p,
            Err(ds) => {
                let detail = ds.first().map_or(String::new(), |d| d.message.clone());
                let help = ds.first().and_then(|d| d.help.clone());
                return Err(self.fail(
                    Code::PatchInvalidPath,
                    pptr.to_string(),
                    words::path_syntax(text, &detail),
                    help,
                ));
            }
        };
        resolve_target(self.registry, self.rt, &path).map_err(|inv| {
            self.fail(
                Code::PatchInvalidPath,
                pptr.to_string(),
                words::invalid_path(&inv.message),
                inv.help,
            )
        })
    }

    /// `add`/`replace` at a resolved target. `at` points where mutability
    /// and noTarget errors go (the path, or the value key of a path-less op).
    fn write(
        &mut self,
        root: &mut Map<String, Value>,
        kind: Op,
        target: &Target<'a>,
        value: &Value,
        vptr: &str,
        at: &str,
    ) -> Result<(), Failed> {
        match target {
            Target::Extension(ext) => {
                let Some(obj) = value.as_object() else {
                    return Err(self.fail(
                        Code::PatchInvalidValue,
                        vptr.to_string(),
                        format!("`{}` is an extension: its value must be an object of its attributes (scimType `invalidValue`)", ext.id),
                        None,
                    ));
                };
                for (key, v) in obj {
                    let kptr = ptr(vptr, key);
                    let Some(attr) = ext.attribute(key) else {
                        return Err(self.unknown_in_extension(ext, key, kptr));
                    };
                    self.set_attr(root, kind, Some(ext), attr, v, &kptr, &kptr)?;
                }
                Ok(())
            }
            Target::Attr {
                ext,
                attr,
                filter: None,
                sub: None,
                ..
            } => self.set_attr(root, kind, *ext, attr, value, vptr, at),
            Target::Attr {
                ext,
                attr,
                filter: None,
                sub: Some(sub),
                ..
            } => self.set_sub(root, kind, *ext, attr, sub, value, vptr, at),
            Target::Attr {
                ext,
                attr,
                filter: Some(filter),
                sub,
                ..
            } => self.set_filtered(root, kind, *ext, attr, filter, *sub, value, vptr, at),
        }
    }

    fn unknown_in_extension(&mut self, ext: &Schema, key: &str, kptr: String) -> Failed {
        let help = crate::validate::closest(key, ext.attributes.iter().map(|a| a.name.as_str()))
            .map(|s| format!("did you mean `{s}`?"));
        self.fail(
            Code::PatchInvalidValue,
            kptr,
            format!(
                "the extension `{}` has no attribute `{key}` (scimType `invalidValue`)",
                ext.id
            ),
            help,
        )
    }

    fn mutability(
        &mut self,
        attr: &Attribute,
        existing: Option<&Value>,
        new: Option<&Value>,
        at: &str,
    ) -> Result<(), Failed> {
        match attr.mutability {
            Mutability::ReadOnly => Err(self.fail(
                Code::PatchMutability,
                at.to_string(),
                words::read_only_target(&attr.name),
                None,
            )),
            Mutability::Immutable => {
                let has = existing.is_some_and(|v| !unassigned(v));
                let same = match (existing, new) {
                    (Some(e), Some(n)) => scalar_eq(attr, e, n) || e == n,
                    _ => false,
                };
                if has && !same {
                    Err(self.fail(
                        Code::PatchMutability,
                        at.to_string(),
                        format!(
                            "`{}` is immutable and already has a value: it can be set once, not changed or removed (RFC 7644 §3.5.2, scimType `mutability`)",
                            attr.name
                        ),
                        None,
                    ))
                } else {
                    Ok(())
                }
            }
            Mutability::ReadWrite | Mutability::WriteOnly => Ok(()),
        }
    }

    /// Merges the sub-attributes of `new` into the complex value `target`,
    /// checking each one's mutability.
    fn merge_complex(
        &mut self,
        attr: &Attribute,
        target: &mut Map<String, Value>,
        new: &Value,
        at: &str,
    ) -> Result<(), Failed> {
        let Some(new) = new.as_object() else {
            return Ok(());
        };
        for (k, v) in new {
            let Some(sub) = attr.sub_attribute(k) else {
                continue;
            };
            let key = find_key(target, &sub.name).unwrap_or_else(|| sub.name.clone());
            self.mutability(sub, target.get(&key), Some(v), at)?;
            target.insert(key, v.clone());
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn set_attr(
        &mut self,
        root: &mut Map<String, Value>,
        kind: Op,
        ext: Option<&Schema>,
        attr: &Attribute,
        value: &Value,
        vptr: &str,
        at: &str,
    ) -> Result<(), Failed> {
        if attr.mutability == Mutability::ReadOnly {
            return self.mutability(attr, None, None, at);
        }
        let coerced = self.coerce_attr(attr, value, vptr)?;
        // Adding values to a multi-valued immutable attribute is allowed
        // (RFC 7643 §7: set "at record addition"); replacing them is not.
        if attr.mutability == Mutability::ReadOnly
            || (attr.mutability == Mutability::Immutable
                && (!attr.multi_valued || kind == Op::Replace))
        {
            // Cloned only here: copying a 100,000-member array for every
            // add would make many small adds quadratic.
            let existing = container(root, ext, false)
                .and_then(|c| find_key(c, &attr.name).and_then(|k| c.get(&k).cloned()));
            self.mutability(attr, existing.as_ref(), Some(&coerced), at)?;
        }
        let Some(c) = container(root, ext, true) else {
            return Ok(());
        };
        let key = find_key(c, &attr.name).unwrap_or_else(|| attr.name.clone());
        if attr.multi_valued {
            let Value::Array(new_items) = coerced else {
                return Ok(());
            };
            if kind == Op::Replace {
                if new_items.is_empty() {
                    c.shift_remove(&key);
                    prune_extension(root, ext);
                    return Ok(());
                }
                let written: Vec<usize> = (0..new_items.len()).collect();
                let mut items = new_items;
                enforce_primary(attr, &mut items, &written);
                c.insert(key, Value::Array(items));
                return Ok(());
            }
            let slot = c.entry(key).or_insert_with(|| Value::Array(Vec::new()));
            if !slot.is_array() {
                *slot = Value::Array(Vec::new());
            }
            let Value::Array(items) = slot else {
                return Ok(());
            };
            let mut written = Vec::new();
            let identity = (
                ext.map_or_else(String::new, |e| e.id.to_ascii_lowercase()),
                attr.name.to_ascii_lowercase(),
            );
            let mut index = match self.offered_cache.take() {
                Some(cache) if cache.attribute == identity && cache.len == items.len() => {
                    cache.index
                }
                _ => ElementIndex::new(attr, items),
            };
            for item in new_items {
                match index.find(attr, &item) {
                    Some(i) => {
                        // Already there (RFC 7644 §3.5.2.1): take only readWrite sub-attributes.
                        if let (Some(Value::Object(existing)), Value::Object(new)) =
                            (items.get_mut(i), &item)
                        {
                            // Taking a `type` changes what the element matches.
                            let before = Value::Object(existing.clone());
                            index.remove(attr, &before, i);
                            for (k, v) in new {
                                if let Some(sub) = attr.sub_attribute(k).filter(|s| {
                                    matches!(
                                        s.mutability,
                                        Mutability::ReadWrite | Mutability::WriteOnly
                                    )
                                }) {
                                    let key = find_key(existing, &sub.name)
                                        .unwrap_or_else(|| sub.name.clone());
                                    // Equal under the case rule: keep the stored spelling.
                                    if existing.get(&key).is_some_and(|old| scalar_eq(sub, old, v))
                                    {
                                        continue;
                                    }
                                    existing.insert(key, v.clone());
                                }
                            }
                            index.insert(attr, &Value::Object(existing.clone()), i);
                        }
                        written.push(i);
                    }
                    None => {
                        index.insert(attr, &item, items.len());
                        items.push(item);
                        written.push(items.len() - 1);
                    }
                }
            }
            enforce_primary(attr, items, &written);
            // `primary` is part of the key of elements without a `value`
            // (addresses), and enforce_primary may just have changed it.
            if attr.kind != AttributeType::Complex || attr.sub_attribute("value").is_some() {
                self.index_cache = Some(IndexCache {
                    attribute: identity,
                    len: items.len(),
                    index,
                });
            }
            if items.is_empty() {
                if let Some(k) = find_key(c, &attr.name) {
                    c.shift_remove(&k);
                }
                prune_extension(root, ext);
            }
        } else if attr.kind == AttributeType::Complex {
            let slot = c.entry(key).or_insert_with(|| Value::Object(Map::new()));
            if !slot.is_object() {
                *slot = Value::Object(Map::new());
            }
            if let Value::Object(target) = slot {
                self.merge_complex(attr, target, &coerced, at)?;
            }
        } else {
            c.insert(key, coerced);
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn set_sub(
        &mut self,
        root: &mut Map<String, Value>,
        _kind: Op,
        ext: Option<&Schema>,
        attr: &Attribute,
        sub: &Attribute,
        value: &Value,
        vptr: &str,
        at: &str,
    ) -> Result<(), Failed> {
        if attr.mutability == Mutability::ReadOnly {
            return self.mutability(attr, None, None, at);
        }
        let coerced = self.coerce_attr(sub, value, vptr)?;
        let Some(c) = container(root, ext, true) else {
            return Ok(());
        };
        let pkey = find_key(c, &attr.name).unwrap_or_else(|| attr.name.clone());
        let parent = c.entry(pkey).or_insert_with(|| Value::Object(Map::new()));
        if !parent.is_object() {
            *parent = Value::Object(Map::new());
        }
        let Value::Object(parent) = parent else {
            return Ok(());
        };
        let skey = find_key(parent, &sub.name).unwrap_or_else(|| sub.name.clone());
        self.mutability(sub, parent.get(&skey), Some(&coerced), at)?;
        parent.insert(skey, coerced);
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn set_filtered(
        &mut self,
        root: &mut Map<String, Value>,
        kind: Op,
        ext: Option<&Schema>,
        attr: &Attribute,
        filter: &Filter,
        sub: Option<&Attribute>,
        value: &Value,
        vptr: &str,
        at: &str,
    ) -> Result<(), Failed> {
        if attr.mutability == Mutability::ReadOnly {
            return self.mutability(attr, None, None, at);
        }
        let coerced = match sub {
            Some(s) => self.coerce_attr(s, value, vptr)?,
            None => self.coerce_single(attr, value, vptr)?,
        };
        let evaluator = Evaluator::new(self.registry, self.rt);
        let matches: Vec<usize> = container(root, ext, false)
            .and_then(|c| find_key(c, &attr.name).and_then(|k| c.get(&k)))
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| evaluator.element_matches(attr, filter, e))
                    .map(|(i, _)| i)
                    .collect()
            })
            .unwrap_or_default();
        let printed_path = match sub {
            Some(s) => format!("{}[{}].{}", attr.name, print::filter(filter), s.name),
            None => format!("{}[{}]", attr.name, print::filter(filter)),
        };
        if matches.is_empty() {
            let element = element_from_filter(attr, filter);
            let rule = if kind == Op::Replace {
                "RFC 7644 §3.5.2.3 answers this with scimType `noTarget`"
            } else {
                "RFC 7644 §3.5.2.1 gives no way to build an element from a value filter, so a service provider answers scimType `noTarget`"
            };
            let message = format!(
                "no element of `{}` matches `{}`: {rule}",
                attr.name,
                print::filter(filter)
            );
            let Some(mut element) = element.filter(|_| self.accepts(Code::QuirkValueFilterNoMatch))
            else {
                let help = element_from_filter(attr, filter).map(|e| {
                    format!(
                        "Entra ID sends such operations expecting the element {} to be created; choose the entra dialect to accept them",
                        Value::Object(e)
                    )
                });
                return Err(self.fail(Code::PatchNoTarget, at.to_string(), message, help));
            };
            match sub {
                Some(s) => {
                    element.insert(s.name.clone(), coerced);
                }
                None => {
                    if let Value::Object(fields) = coerced {
                        for (k, v) in fields {
                            element.insert(k, v);
                        }
                    }
                }
            }
            let created = Value::Object(element);
            self.quirk(
                Code::QuirkValueFilterNoMatch,
                at.to_string(),
                &format!(
                    "`{}` with `{printed_path}` when no element matches the filter; created the element {created}",
                    kind.name()
                ),
                "service providers that Entra ID provisions must create the element from the filter's eq conditions instead of answering noTarget (e.g. a work address when the user has none)",
            );
            let Some(c) = container(root, ext, true) else {
                return Ok(());
            };
            let key = find_key(c, &attr.name).unwrap_or_else(|| attr.name.clone());
            let slot = c.entry(key).or_insert_with(|| Value::Array(Vec::new()));
            if !slot.is_array() {
                *slot = Value::Array(Vec::new());
            }
            if let Value::Array(items) = slot {
                items.push(created);
                let written = [items.len() - 1];
                enforce_primary(attr, items, &written);
            }
            return Ok(());
        }
        let Some(items) = container(root, ext, false)
            .and_then(|c| find_key(c, &attr.name).and_then(|k| c.get_mut(&k)))
            .and_then(Value::as_array_mut)
        else {
            return Ok(());
        };
        for &i in &matches {
            let Some(element) = items.get_mut(i) else {
                continue;
            };
            match (sub, kind) {
                (Some(s), _) => {
                    if let Value::Object(obj) = element {
                        let key = find_key(obj, &s.name).unwrap_or_else(|| s.name.clone());
                        self.mutability(s, obj.get(&key), Some(&coerced), at)?;
                        obj.insert(key, coerced.clone());
                    }
                }
                (None, Op::Replace) => {
                    for s in attr
                        .sub_attributes
                        .iter()
                        .filter(|s| s.mutability != Mutability::ReadWrite)
                    {
                        let old = get_ci(element, &s.name).cloned();
                        let new = get_ci(&coerced, &s.name).cloned();
                        if old != new {
                            self.mutability(s, old.as_ref(), new.as_ref(), at)?;
                        }
                    }
                    *element = coerced.clone();
                }
                (None, _) => {
                    if !element.is_object() {
                        *element = Value::Object(Map::new());
                    }
                    if let Value::Object(obj) = element {
                        self.merge_complex(attr, obj, &coerced, at)?;
                    }
                }
            }
        }
        enforce_primary(attr, items, &matches);
        Ok(())
    }

    /// `add`/`replace` without a path: `value` holds attributes by name.
    fn pathless(
        &mut self,
        root: &mut Map<String, Value>,
        kind: Op,
        value: &Value,
        vptr: &str,
    ) -> Result<(), Failed> {
        let Some(obj) = value.as_object() else {
            return Err(self.fail(
                Code::PatchInvalidValue,
                vptr.to_string(),
                format!(
                    "without a `path`, the value of `{}` must be an object of attributes (RFC 7644 §3.5.2.{}) (scimType `invalidValue`)",
                    kind.name(),
                    if kind == Op::Add { 1 } else { 3 }
                ),
                None,
            ));
        };
        for (key, v) in obj {
            let kptr = ptr(vptr, key);
            if let Some(ext) = self
                .rt
                .schema_extensions
                .iter()
                .find(|e| e.schema.eq_ignore_ascii_case(key))
                .and_then(|e| self.registry.schema(&e.schema))
            {
                let target = Target::Extension(ext);
                self.write(root, kind, &target, v, &kptr, &kptr)?;
                continue;
            }
            if key.contains(['.', ':']) {
                if !self.accepts(Code::QuirkPathKeys) {
                    return Err(self.path_key_error(key, kptr));
                }
                self.quirk(
                    Code::QuirkPathKeys,
                    kptr.clone(),
                    &words::path_key(key),
                    words::PATH_KEY_HELP,
                );
                let target = self.target(key, &kptr)?;
                self.write(root, kind, &target, v, &kptr, &kptr)?;
                continue;
            }
            match resolve(self.registry, self.rt, &AttrPath::new(key.as_str())) {
                Ok(r) if r.extension.is_none() => {
                    if r.attr.name == "id"
                        && kind == Op::Replace
                        && self.accepts(Code::QuirkReadOnlyInValue)
                    {
                        let current = find_key(root, "id").and_then(|k| root.get(&k));
                        if current.is_none_or(|c| c == v) {
                            self.quirk(
                                Code::QuirkReadOnlyInValue,
                                kptr,
                                words::READ_ONLY_ID,
                                words::READ_ONLY_ID_HELP,
                            );
                            continue;
                        }
                    }
                    self.set_attr(root, kind, None, r.attr, v, &kptr, &kptr)?;
                }
                Ok(r) => {
                    let uri = r.extension.map_or("", |e| e.id.as_str()).to_string();
                    return Err(self.fail(
                        Code::PatchInvalidValue,
                        kptr,
                        words::extension_attribute_at_top(key, &uri),
                        Some(format!("write {{\"{uri}\": {{\"{}\": …}}}}", r.attr.name)),
                    ));
                }
                Err(e) => {
                    return Err(self.fail(
                        Code::PatchInvalidValue,
                        kptr,
                        format!("{} (scimType `invalidValue`)", e.message(&self.rt.name)),
                        e.help(),
                    ));
                }
            }
        }
        Ok(())
    }

    fn path_key_error(&mut self, key: &str, kptr: String) -> Failed {
        self.fail(
            Code::PatchInvalidValue,
            kptr,
            words::path_key_error(key),
            Some(words::path_key_error_help(key, &self.rt.schema)),
        )
    }

    fn remove(
        &mut self,
        root: &mut Map<String, Value>,
        target: &Target<'a>,
        value: Option<(&Value, String)>,
        pptr: &str,
    ) -> Result<(), Failed> {
        let (ext, attr, filter, sub) = match target {
            Target::Extension(ext) => {
                if let Some((_, vptr)) = value {
                    return Err(self.remove_value_error(&ext.id, vptr, false));
                }
                if self
                    .rt
                    .schema_extensions
                    .iter()
                    .any(|e| e.required && e.schema.eq_ignore_ascii_case(&ext.id))
                {
                    return Err(self.fail(
                        Code::PatchRemoveRequired,
                        pptr.to_string(),
                        format!(
                            "the extension `{}` is required for {} resources and cannot be removed",
                            ext.id, self.rt.name
                        ),
                        None,
                    ));
                }
                if let Some(c) = container(root, Some(ext), false) {
                    c.clear();
                }
                prune_extension(root, Some(ext));
                return Ok(());
            }
            Target::Attr {
                ext,
                attr,
                filter,
                sub,
                ..
            } => (*ext, *attr, filter.as_ref(), *sub),
        };
        if let Some((listed, vptr)) = value {
            if !(attr.multi_valued && filter.is_none() && sub.is_none()) {
                let name = sub.map_or_else(
                    || attr.name.clone(),
                    |s| format!("{}.{}", attr.name, s.name),
                );
                return Err(self.remove_value_error(&name, vptr, false));
            }
            if !self.accepts(Code::QuirkMembersRemoveValue) {
                return Err(self.remove_value_error(&attr.name, vptr, true));
            }
            self.quirk(
                Code::QuirkMembersRemoveValue,
                vptr.clone(),
                &words::members_remove(&attr.name),
                words::MEMBERS_REMOVE_HELP,
            );
            self.mutability(attr, None, None, pptr)?;
            let listed = self.coerce_attr(attr, listed, &vptr)?;
            let listed = listed.as_array().cloned().unwrap_or_default();
            if let Some(c) = container(root, ext, false) {
                if let Some(key) = find_key(c, &attr.name) {
                    if let Some(Value::Array(items)) = c.get_mut(&key) {
                        let listed = ElementIndex::new(attr, &listed);
                        items.retain(|e| listed.find(attr, e).is_none());
                        if items.is_empty() {
                            c.shift_remove(&key);
                        }
                    }
                }
            }
            prune_extension(root, ext);
            return Ok(());
        }
        // Cloned only where needed: for a filter the array is moved out of
        // the working copy (a failed PATCH returns the original resource).
        let existing = |root: &mut Map<String, Value>| {
            container(root, ext, false)
                .and_then(|c| find_key(c, &attr.name).and_then(|k| c.get(&k).cloned()))
        };
        match (filter, sub) {
            (None, None) => {
                let Some(existing) = existing(root).filter(|v| !unassigned(v)) else {
                    return Ok(());
                };
                if attr.required {
                    return Err(self.required_error(&attr.name, pptr));
                }
                self.mutability(attr, Some(&existing), None, pptr)?;
                if let Some(c) = container(root, ext, false) {
                    if let Some(k) = find_key(c, &attr.name) {
                        c.shift_remove(&k);
                    }
                }
            }
            (None, Some(sub)) => {
                if attr.mutability == Mutability::ReadOnly {
                    return self.mutability(attr, None, None, pptr);
                }
                let existing = existing(root);
                let Some(old) = existing
                    .as_ref()
                    .and_then(|p| get_ci(p, &sub.name))
                    .filter(|v| !unassigned(v))
                else {
                    return Ok(());
                };
                if sub.required {
                    return Err(self.required_error(&format!("{}.{}", attr.name, sub.name), pptr));
                }
                let old = old.clone();
                self.mutability(sub, Some(&old), None, pptr)?;
                if let Some(c) = container(root, ext, false) {
                    if let Some(pk) = find_key(c, &attr.name) {
                        let now_empty = match c.get_mut(&pk) {
                            Some(Value::Object(parent)) => {
                                if let Some(sk) = find_key(parent, &sub.name) {
                                    parent.shift_remove(&sk);
                                }
                                parent.is_empty()
                            }
                            _ => false,
                        };
                        if now_empty {
                            c.shift_remove(&pk);
                        }
                    }
                }
            }
            (Some(filter), sub) => {
                if attr.mutability == Mutability::ReadOnly {
                    return self.mutability(attr, None, None, pptr);
                }
                let evaluator = Evaluator::new(self.registry, self.rt);
                let items: Vec<Value> = match container(root, ext, false)
                    .and_then(|c| find_key(c, &attr.name).and_then(|k| c.get_mut(&k)))
                {
                    Some(Value::Array(a)) => std::mem::take(a),
                    _ => Vec::new(),
                };
                let matches: Vec<bool> = items
                    .iter()
                    .map(|e| evaluator.element_matches(attr, filter, e))
                    .collect();
                if !matches.contains(&true) {
                    return Err(self.fail(
                        Code::PatchNoTarget,
                        pptr.to_string(),
                        format!(
                            "no element of `{}` matches `{}`: a path whose filter yields no match is scimType `noTarget` (RFC 7644 §3.12)",
                            attr.name,
                            print::filter(filter)
                        ),
                        None,
                    ));
                }
                let mut kept = Vec::with_capacity(items.len());
                for (i, mut element) in items.into_iter().enumerate() {
                    if !matches.get(i).copied().unwrap_or(false) {
                        kept.push(element);
                        continue;
                    }
                    let Some(s) = sub else { continue };
                    if s.required {
                        return Err(self.required_error(&format!("{}.{}", attr.name, s.name), pptr));
                    }
                    if let Value::Object(obj) = &mut element {
                        if let Some(k) = find_key(obj, &s.name) {
                            let old = obj.get(&k).cloned();
                            self.mutability(s, old.as_ref(), None, pptr)?;
                            obj.shift_remove(&k);
                        }
                        if !obj.is_empty() {
                            kept.push(element);
                        }
                    }
                }
                if let Some(c) = container(root, ext, false) {
                    if let Some(k) = find_key(c, &attr.name) {
                        if kept.is_empty() {
                            c.shift_remove(&k);
                        } else {
                            c.insert(k, Value::Array(kept));
                        }
                    }
                }
            }
        }
        prune_extension(root, ext);
        Ok(())
    }

    fn required_error(&mut self, name: &str, pptr: &str) -> Failed {
        self.fail(
            Code::PatchRemoveRequired,
            pptr.to_string(),
            words::remove_required(name, &self.rt.name),
            Some(words::REMOVE_REQUIRED_HELP.to_string()),
        )
    }

    fn remove_value_error(&mut self, name: &str, vptr: String, entra_form: bool) -> Failed {
        if entra_form {
            self.fail(
                Code::PatchInvalidValue,
                vptr,
                words::members_remove_error(name),
                Some(words::members_remove_error_help(name)),
            )
        } else {
            self.fail(
                Code::PatchInvalidValue,
                vptr,
                words::remove_takes_no_value(name),
                None,
            )
        }
    }
}
