//! The words of PATCH diagnostics that both the checker (`check.rs`, no
//! resource) and the application (`apply.rs`) report, so the same mistake
//! reads the same whether an admin validates a PatchOp body or applies it.

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

/// `"op": "Replace"` accepted as a quirk.
pub(crate) fn op_case_quirk(name: &str, op: Op) -> String {
    format!(
        "Entra ID quirk: capitalised op name \"{name}\" (RFC 7644 §3.5.2: \"{}\")",
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

/// A readOnly attribute inside an operation's value.
pub(crate) fn read_only_value(name: &str) -> String {
    format!("`{name}` is readOnly: a client cannot set it (RFC 7644 §3.5.2, scimType `mutability`)")
}
