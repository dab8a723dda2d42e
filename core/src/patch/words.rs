//! The words of PATCH diagnostics that both the checker (`check.rs`, no
//! resource) and the application (`apply.rs`) report, so the same mistake
//! reads the same whether an admin validates a PatchOp body or applies it.

use crate::dialect::Dialect;
pub(crate) use crate::dialect::{
    BARE_REFERENCE_HELP, STRING_BOOLEAN_HELP, bare_reference, string_boolean,
};
pub(crate) use crate::validate::read_only_value;

/// The operation names of RFC 7644 §3.5.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Add,
    Remove,
    Replace,
}

impl Op {
    /// `add`, `remove` or `replace`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Op::Add => "add",
            Op::Remove => "remove",
            Op::Replace => "replace",
        }
    }

    /// Reads an `op` value, ignoring case (whether the case is accepted is
    /// the dialect's decision: `quirk-op-case`).
    pub(crate) fn from_name(name: &str) -> Option<Op> {
        [Op::Add, Op::Remove, Op::Replace]
            .into_iter()
            .find(|op| op.name().eq_ignore_ascii_case(name))
    }

    /// The RFC 7644 section that defines it.
    fn section(self) -> &'static str {
        match self {
            Op::Add => "3.5.2.1",
            Op::Remove => "3.5.2.2",
            Op::Replace => "3.5.2.3",
        }
    }
}

/// An operation without `op`.
pub(crate) const MISSING_OP: &str =
    "the operation has no `op`; it must be \"add\", \"remove\" or \"replace\"";

/// An `op` that is not one of the three.
pub(crate) fn unknown_op(name: &str) -> String {
    format!("`op` must be \"add\", \"remove\" or \"replace\", found \"{name}\" (RFC 7644 §3.5.2)")
}

/// `"op": "Replace"` where the dialect does not accept it.
pub(crate) fn op_case(name: &str, op: Op) -> String {
    format!(
        "`op` is \"{name}\"; RFC 7644 §3.5.2 spells it \"{}\"",
        op.name()
    )
}

/// Help for [`op_case`].
pub(crate) const OP_CASE_HELP: &str = "Microsoft Entra ID sends capitalised op names unless the aadOptscim062020 flag is set: a service provider for Entra ID must compare op case-insensitively (the entra dialect accepts them)";

/// `quirk-op-case`: `"op": "Replace"` accepted.
pub(crate) fn op_case_quirk(name: &str, op: Op) -> String {
    format!(
        "capitalised op name \"{name}\" (RFC 7644 §3.5.2: \"{}\")",
        op.name()
    )
}

/// Help for [`op_case_quirk`].
pub(crate) const OP_CASE_QUIRK_HELP: &str = "Microsoft Entra ID sends Add, Replace and Remove unless the aadOptscim062020 flag is set on the tenant URL; compare op case-insensitively";

/// `add` or `replace` without a `value` (or with `null`).
pub(crate) fn missing_value(op: Op) -> String {
    format!(
        "`{}` needs a `value` (RFC 7644 §{}); to unassign an attribute use remove",
        op.name(),
        op.section()
    )
}

/// `remove` without a `path`.
pub(crate) const REMOVE_NEEDS_PATH: &str =
    "a remove operation needs a `path` (RFC 7644 §3.5.2.2: scimType `noTarget`)";

/// `remove` with a `value` on an attribute that a value cannot narrow.
pub(crate) fn remove_takes_no_value(name: &str) -> String {
    format!(
        "remove takes no `value` (RFC 7644 §3.5.2.2); `{name}` is removed by its path alone (scimType `invalidValue`)"
    )
}

/// A `path` that does not parse: the parser's reason plus the scimType.
pub(crate) fn path_syntax(path: &str, reason: &str) -> String {
    invalid_path(&format!("`{path}` is not a valid path: {reason}"))
}

/// A `path` that cannot be used: the resolver's reason plus the scimType.
pub(crate) fn invalid_path(reason: &str) -> String {
    format!("{reason} (scimType `invalidPath`)")
}

/// An operation whose path or path-less value names a readOnly attribute.
pub(crate) fn read_only_target(name: &str) -> String {
    format!(
        "`{name}` is readOnly: a client cannot add, replace or remove it (RFC 7644 §3.5.2, scimType `mutability`)"
    )
}

/// A remove of a required attribute.
pub(crate) fn remove_required(name: &str, resource_type: &str) -> String {
    format!(
        "`{name}` is required: removing it would leave the {resource_type} invalid (RFC 7643 §2.2)"
    )
}

/// Help for [`remove_required`].
pub(crate) const REMOVE_REQUIRED_HELP: &str = "replace it with a new value instead";

/// An extension attribute named at the top of a path-less value.
pub(crate) fn extension_attribute_at_top(key: &str, extension: &str) -> String {
    format!(
        "`{key}` belongs to the extension `{extension}`: without a path, extension attributes go inside the extension's key (scimType `invalidValue`)"
    )
}

/// A quirk warning: `Entra ID quirk: <what>`, named for the dialect that
/// accepts it.
pub(crate) fn quirk(dialect: Dialect, what: &str) -> String {
    let sender = match dialect {
        Dialect::Entra => "Entra ID",
        Dialect::Okta => "Okta",
        Dialect::Strict => "identity provider",
    };
    format!("{sender} quirk: {what}")
}

/// `quirk-path-keys`: a path-less value keyed by an attribute path.
pub(crate) fn path_key(key: &str) -> String {
    format!("attribute path `{key}` used as a key of a path-less value")
}

/// Help for [`path_key`].
pub(crate) const PATH_KEY_HELP: &str = "Microsoft Entra ID (aadOptscim062020) merges single-valued changes into one replace keyed by attribute paths; apply each key as if it were the operation's path";

/// A path-less value keyed by an attribute path, where the dialect does not
/// accept it.
pub(crate) fn path_key_error(key: &str) -> String {
    format!(
        "`{key}` is an attribute path; in a path-less add or replace the keys of `value` must be attribute names (RFC 7644 §3.5.2.1)"
    )
}

/// Help for [`path_key_error`]: the RFC's nested form of `key` for a
/// resource type whose core schema is `core_schema`.
pub(crate) fn path_key_error_help(key: &str, core_schema: &str) -> String {
    let nested = match crate::filter::parse_attr_path(key) {
        Ok(p) => match (&p.uri, &p.sub_attr) {
            (Some(uri), None) if !uri.eq_ignore_ascii_case(core_schema) => {
                format!("{{\"{uri}\": {{\"{}\": …}}}}", p.name)
            }
            (_, Some(sub)) => format!("{{\"{}\": {{\"{sub}\": …}}}}", p.name),
            _ => format!("{{\"{}\": …}}", p.name),
        },
        Err(_) => "nested objects".to_string(),
    };
    format!(
        "write {nested}, or send `\"path\": \"{key}\"`; Microsoft Entra ID sends this form with the aadOptscim062020 flag (the entra dialect accepts it)"
    )
}

/// `quirk-members-remove-value`: `{"op":"remove","path":"members","value":[…]}`.
pub(crate) fn members_remove(name: &str) -> String {
    format!("remove of `{name}` with a `value` list (RFC 7644: {name}[value eq \"…\"])")
}

/// Help for [`members_remove`].
pub(crate) const MEMBERS_REMOVE_HELP: &str = "Microsoft Entra ID removes group members this way unless the aadOptscim062020 flag is set; remove only the listed elements, never all of them";

/// The same form where the dialect does not accept it.
pub(crate) fn members_remove_error(name: &str) -> String {
    format!(
        "a remove of `{name}` without a filter removes every element; RFC 7644 §3.5.2.2 has no `value` for remove, so the listed values do not limit it"
    )
}

/// Help for [`members_remove_error`].
pub(crate) fn members_remove_error_help(name: &str) -> String {
    format!(
        "to remove one element write \"path\": \"{name}[value eq \\\"…\\\"]\"; Microsoft Entra ID sends this form unless the aadOptscim062020 flag is set (the entra dialect accepts it)"
    )
}

/// `quirk-read-only-in-value`: Okta's group rename carrying the group's id.
pub(crate) const READ_ONLY_ID: &str = "the group's `id` inside a path-less replace value";

/// Help for [`READ_ONLY_ID`].
pub(crate) const READ_ONLY_ID_HELP: &str = "Okta sends {\"op\":\"replace\",\"value\":{\"id\":…,\"displayName\":…}} to rename a pushed group; ignore `id` when it equals the resource's id";
