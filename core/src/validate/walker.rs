//! The state of one validation: the registry, the pointer to where the walk
//! is, and the diagnostics found so far.

use super::Context;
use crate::diagnostics::{Code, Diagnostic, Pointer, Severity};
use crate::dialect::Dialect;
use crate::json::Node;
use crate::schema::Registry;

/// Whether a resource is being sent to the service provider or returned by it;
/// mutability, `returned` and `required` depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    /// A POST body.
    Create,
    /// A PUT body.
    Replace,
    /// A resource the service provider returns.
    Response,
    /// The value of a PATCH operation: readOnly attributes are errors
    /// (RFC 7644 §3.5.2: a client "MUST NOT modify" them), as when the
    /// PATCH is applied.
    Patch,
}

pub(crate) struct Walker<'r, 'a> {
    pub registry: &'r Registry,
    pub lenient: bool,
    /// Which identity provider's deviations are accepted as quirks.
    pub dialect: Dialect,
    pub diagnostics: Vec<Diagnostic>,
    pub ptr: Pointer<'a>,
}

impl<'r, 'a> Walker<'r, 'a> {
    pub fn new(registry: &'r Registry, lenient: bool) -> Walker<'r, 'a> {
        Walker {
            registry,
            lenient,
            dialect: Dialect::Strict,
            diagnostics: Vec::new(),
            ptr: Pointer::root(),
        }
    }

    /// Reports a problem with `node` at the current pointer.
    pub fn emit(
        &mut self,
        code: Code,
        node: &Node<'_>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let path = self.ptr.to_string();
        let (start, end) = node.range();
        self.push(Diagnostic::new(code, path, message).with_range(start, end))
    }

    /// Reports a problem at an explicit path with an explicit byte range.
    pub fn emit_at(
        &mut self,
        code: Code,
        path: String,
        range: (usize, usize),
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push(Diagnostic::new(code, path, message).with_range(range.0, range.1))
    }

    // The index is the element just pushed, so it always exists; this is not
    // an input-dependent access.
    #[allow(clippy::indexing_slicing)]
    fn push(&mut self, d: Diagnostic) -> &mut Diagnostic {
        self.diagnostics.push(d);
        let last = self.diagnostics.len() - 1;
        &mut self.diagnostics[last]
    }

    /// Reports `member` as an unknown attribute (an error, or a warning in
    /// lenient mode), spanning its key, with a "did you mean" among `names`.
    pub fn unknown_attribute<'n>(
        &mut self,
        member: &crate::json::Member<'_>,
        message: String,
        names: impl Iterator<Item = &'n str> + Clone,
    ) {
        let key = member.key().decode();
        let help = crate::suggest::closest(&key, names).map(|c| format!("did you mean `{c}`?"));
        self.unknown_attribute_with_help(member, message, help);
    }

    /// Reports `member` as an unknown attribute with a help of the caller's.
    pub fn unknown_attribute_with_help(
        &mut self,
        member: &crate::json::Member<'_>,
        message: String,
        help: Option<String>,
    ) {
        let severity = self.strictness();
        let (start, end) = member.key_range();
        let d = self.emit_at(
            Code::UnknownAttribute,
            self.ptr.to_string(),
            (start, end),
            message,
        );
        d.severity = severity;
        d.help = help;
    }

    /// The severity of a tolerable deviation: an error, or a warning in lenient mode.
    pub fn strictness(&self) -> Severity {
        if self.lenient {
            Severity::Warning
        } else {
            Severity::Error
        }
    }

    /// Validates a whole document in `context`.
    pub fn document(&mut self, root: &Node<'a>, context: Context, resource_type: Option<&str>) {
        match context {
            Context::Create => self.resource_document(root, resource_type, Direction::Create),
            Context::Replace => self.resource_document(root, resource_type, Direction::Replace),
            Context::Response => self.resource_document(root, resource_type, Direction::Response),
            Context::List => self.list_response(root, resource_type),
            Context::Search => self.search_request(root, resource_type),
            Context::Patch => self.patch_request(root, resource_type),
            Context::Bulk => self.bulk_request(root),
            Context::BulkResponse => self.bulk_response(root),
            Context::Error => self.error_response(root),
        }
    }
}
