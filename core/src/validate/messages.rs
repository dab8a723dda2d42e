//! Protocol messages of RFC 7644: ListResponse (§3.4.2), SearchRequest
//! (§3.4.3), PatchOp (§3.5.2), BulkRequest and BulkResponse (§3.7) and Error
//! (§3.12). Each is an envelope of known fields checked from a small table,
//! plus the rules that tie the fields together.

use super::walker::{Direction, Walker};
use crate::diagnostics::{Code, Severity};
use crate::json::{Kind, Member, Node, is_integer_literal};
use crate::limits::MAX_BULK_OPERATIONS;
use crate::schema::uri;

/// The JSON type of an envelope field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldKind {
    Integer,
    String,
    StringArray,
    Array,
    Any,
}

/// One field of a message envelope.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    pub name: &'static str,
    pub kind: FieldKind,
    pub required: bool,
}

/// A field of an envelope table.
pub(crate) const fn field_spec(name: &'static str, kind: FieldKind, required: bool) -> Field {
    Field {
        name,
        kind,
        required,
    }
}

const LIST_FIELDS: &[Field] = &[
    field_spec("totalResults", FieldKind::Integer, true),
    field_spec("itemsPerPage", FieldKind::Integer, false),
    field_spec("startIndex", FieldKind::Integer, false),
    field_spec("Resources", FieldKind::Array, false),
];

const SEARCH_FIELDS: &[Field] = &[
    field_spec("attributes", FieldKind::StringArray, false),
    field_spec("excludedAttributes", FieldKind::StringArray, false),
    field_spec("filter", FieldKind::String, false),
    field_spec("sortBy", FieldKind::String, false),
    field_spec("sortOrder", FieldKind::String, false),
    field_spec("startIndex", FieldKind::Integer, false),
    field_spec("count", FieldKind::Integer, false),
];

const BULK_FIELDS: &[Field] = &[
    field_spec("failOnErrors", FieldKind::Integer, false),
    field_spec("Operations", FieldKind::Array, true),
];

const BULK_OPERATION_FIELDS: &[Field] = &[
    field_spec("method", FieldKind::String, true),
    field_spec("bulkId", FieldKind::String, false),
    field_spec("version", FieldKind::String, false),
    // Reported as bulk-invalid-operation when missing, with what it should be.
    field_spec("path", FieldKind::String, false),
    field_spec("data", FieldKind::Any, false),
];

const BULK_RESPONSE_FIELDS: &[Field] = &[field_spec("Operations", FieldKind::Array, true)];

const BULK_RESPONSE_OPERATION_FIELDS: &[Field] = &[
    field_spec("method", FieldKind::String, true),
    field_spec("bulkId", FieldKind::String, false),
    field_spec("version", FieldKind::String, false),
    field_spec("location", FieldKind::String, false),
    field_spec("status", FieldKind::String, true),
    field_spec("response", FieldKind::Any, false),
];

const ERROR_FIELDS: &[Field] = &[
    field_spec("status", FieldKind::String, true),
    field_spec("scimType", FieldKind::String, false),
    field_spec("detail", FieldKind::String, false),
];

/// The `scimType` values of RFC 7644 §3.12 with the status each goes with.
pub(crate) const SCIM_TYPES: &[(&str, u16)] = &[
    ("invalidFilter", 400),
    ("tooMany", 400),
    ("uniqueness", 409),
    ("mutability", 400),
    ("invalidSyntax", 400),
    ("invalidPath", 400),
    ("noTarget", 400),
    ("invalidValue", 400),
    ("invalidVers", 400),
    ("sensitive", 403),
];

impl<'r, 'a> Walker<'r, 'a> {
    /// Checks a message envelope: an object whose `schemas` is `[urn]`, with the
    /// fields of `fields` (types, required) and no others. Returns the members.
    pub(crate) fn envelope<'n>(
        &mut self,
        node: &'n Node<'a>,
        urn: Option<&str>,
        what: &str,
        fields: &[Field],
    ) -> Option<&'n [Member<'a>]> {
        let Some(members) = node.as_object() else {
            self.emit(
                Code::ExpectedObject,
                node,
                format!(
                    "expected a {what} (a JSON object), found {}",
                    node.type_name()
                ),
            );
            return None;
        };
        self.check_duplicate_keys(members);
        if let Some(urn) = urn {
            self.message_schemas(node, urn, what);
        }
        for member in members {
            let key = member.key().decode();
            if urn.is_some() && key.eq_ignore_ascii_case("schemas") {
                continue;
            }
            self.ptr.push_key(key.clone());
            match fields.iter().find(|f| f.name.eq_ignore_ascii_case(&key)) {
                Some(f) => {
                    if f.name != key {
                        // RFC 7644 spells message fields exactly; most servers
                        // match them case-insensitively, so only warn.
                        let (start, end) = member.key_range();
                        self.emit_at(
                            Code::UnknownAttribute,
                            self.ptr.to_string(),
                            (start, end),
                            format!("`{key}` should be spelled `{}`", f.name),
                        )
                        .severity = Severity::Warning;
                    }
                    self.field_type(f, &member.value);
                }
                None => {
                    let severity = self.strictness();
                    let known: Vec<&str> = fields.iter().map(|f| f.name).collect();
                    let (start, end) = member.key_range();
                    let d = self.emit_at(
                        Code::UnknownAttribute,
                        self.ptr.to_string(),
                        (start, end),
                        format!(
                            "`{key}` is not a field of a {what} (it has {})",
                            known.join(", ")
                        ),
                    );
                    d.severity = severity;
                    d.help = crate::suggest::closest(&key, known.iter().copied())
                        .map(|c| format!("did you mean `{c}`?"));
                }
            }
            self.ptr.pop();
        }
        for f in fields.iter().filter(|f| f.required) {
            if node.get_ignore_case(f.name).is_none_or(Node::is_null) {
                let (start, _) = node.range();
                self.emit_at(
                    Code::MissingRequired,
                    self.ptr.with_key(f.name),
                    (start, start + 1),
                    format!("a {what} requires `{}`", f.name),
                );
            }
        }
        Some(members)
    }

    fn message_schemas(&mut self, node: &Node<'a>, urn: &str, what: &str) {
        let help = format!("write \"schemas\": [\"{urn}\"]");
        let Some(schemas) = node.get_ignore_case("schemas").filter(|s| !s.is_null()) else {
            let (start, _) = node.range();
            self.emit_at(
                Code::SchemasMissing,
                self.ptr.with_key("schemas"),
                (start, start + 1),
                format!("the {what} has no `schemas`"),
            )
            .help = Some(help);
            return;
        };
        self.ptr.push_key("schemas");
        match schemas.as_array() {
            None => {
                self.emit(
                    Code::SchemasMissing,
                    schemas,
                    format!("`schemas` must be an array, found {}", schemas.type_name()),
                )
                .help = Some(help);
            }
            Some(items) => {
                let mut found = false;
                for (i, item) in items.iter().enumerate() {
                    let s = item.as_str();
                    if s.as_deref().is_some_and(|s| s.eq_ignore_ascii_case(urn)) {
                        found = true;
                    } else {
                        self.ptr.push_index(i);
                        self.emit(
                            Code::SchemasNotAllowed,
                            item,
                            format!("a {what} lists only `{urn}` in `schemas`"),
                        );
                        self.ptr.pop();
                    }
                }
                if !found {
                    self.emit(
                        Code::SchemasMissingCore,
                        schemas,
                        format!("`schemas` of a {what} must contain `{urn}`"),
                    )
                    .help = Some(help);
                }
            }
        }
        self.ptr.pop();
    }

    fn field_type(&mut self, field: &Field, value: &Node<'a>) {
        if value.is_null() {
            return;
        }
        let name = field.name;
        match (field.kind, &value.kind) {
            (FieldKind::Any, _)
            | (FieldKind::String, Kind::String(_))
            | (FieldKind::Array, Kind::Array(_)) => {}
            (FieldKind::Integer, Kind::Number(raw)) => {
                if !is_integer_literal(raw) || raw.parse::<i64>().is_err() {
                    self.emit(
                        Code::InvalidInteger,
                        value,
                        format!("`{name}` must be an integer, found {raw}"),
                    );
                }
            }
            (FieldKind::StringArray, Kind::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    if item.as_str().is_none() {
                        self.ptr.push_index(i);
                        self.emit(
                            Code::InvalidType,
                            item,
                            format!("`{name}` must contain strings, found {}", item.type_name()),
                        );
                        self.ptr.pop();
                    }
                }
            }
            (FieldKind::Array | FieldKind::StringArray, _) => {
                self.emit(
                    Code::ExpectedArray,
                    value,
                    format!("`{name}` must be an array, found {}", value.type_name()),
                )
                .help = Some("wrap the value in [ … ]".to_string());
            }
            (kind, _) => {
                let expected = match kind {
                    FieldKind::Integer => "an integer",
                    FieldKind::String => "a string",
                    FieldKind::StringArray => "an array of strings",
                    FieldKind::Array => "an array",
                    FieldKind::Any => "a value",
                };
                let severity = if kind == FieldKind::String && matches!(value.kind, Kind::Number(_))
                {
                    // `"status": 400` instead of "400" is a common, tolerable slip.
                    self.strictness()
                } else {
                    Severity::Error
                };
                let d = self.emit(
                    Code::InvalidType,
                    value,
                    format!("`{name}` must be {expected}, found {}", value.type_name()),
                );
                d.severity = severity;
                if kind == FieldKind::String && matches!(value.kind, Kind::Number(_)) {
                    d.help = Some(
                        "the client that built this request must send the field as a JSON \
                         string (text)"
                            .to_string(),
                    );
                }
            }
        }
    }

    /// A number field's value, when it is an integer.
    fn int_field(node: &Node<'a>, name: &str) -> Option<(i64, Node<'a>)> {
        let value = node.get_ignore_case(name)?;
        value.as_i64().map(|i| (i, value.clone()))
    }

    /// ListResponse (RFC 7644 §3.4.2).
    pub(crate) fn list_response(&mut self, node: &Node<'a>, resource_type: Option<&str>) {
        if self
            .envelope(node, Some(uri::LIST_RESPONSE), "ListResponse", LIST_FIELDS)
            .is_none()
        {
            return;
        }
        let total = Self::int_field(node, "totalResults");
        let per_page = Self::int_field(node, "itemsPerPage");
        let start_index = Self::int_field(node, "startIndex");
        let resources = node.get_ignore_case("Resources");
        let count = resources.and_then(Node::as_array).map(<[Node<'a>]>::len);
        if let Some((t, n)) = &total {
            if *t < 0 {
                self.at_key(
                    "totalResults",
                    n,
                    Code::ListInconsistent,
                    format!("`totalResults` cannot be negative ({t})"),
                );
            }
        }
        if let Some((s, n)) = &start_index {
            if *s < 1 {
                self.at_key(
                    "startIndex",
                    n,
                    Code::ListInconsistent,
                    format!("`startIndex` is 1-based; found {s}"),
                );
            }
        }
        if let (Some((t, n)), Some(c)) = (&total, count) {
            if usize::try_from(*t).is_ok_and(|t| t < c) {
                self.at_key(
                    "totalResults",
                    n,
                    Code::ListInconsistent,
                    format!("`totalResults` is {t} but the page holds {c} resources"),
                );
            }
        }
        if let (Some((p, n)), Some(c)) = (&per_page, count) {
            if usize::try_from(*p).ok() != Some(c) {
                // A warning: RFC 7644 §3.4.3's own example (and Entra ID's
                // documentation) sends the page size asked for, not the count.
                let d = self.at_key(
                    "itemsPerPage",
                    n,
                    Code::ListInconsistent,
                    format!("`itemsPerPage` is {p} but `Resources` holds {c}"),
                );
                d.severity = crate::diagnostics::Severity::Warning;
                d.help = Some("RFC 7644 §3.4.2 defines itemsPerPage as the number of resources returned in this page; some clients read it to page on".into());
            }
        }
        let partial = matches!((&total, count), (Some((t, _)), Some(c)) if usize::try_from(*t).is_ok_and(|t| t > c));
        if let Some((t, _)) = &total {
            if *t > 0 && resources.is_none_or(Node::is_null) {
                let (start, _) = node.range();
                self.emit_at(
                    Code::MissingRequired,
                    self.ptr.with_key("Resources"),
                    (start, start + 1),
                    format!("`totalResults` is {t}, so `Resources` is required"),
                );
            }
        }
        if partial {
            for name in ["itemsPerPage", "startIndex"] {
                if node.get_ignore_case(name).is_none() {
                    let (start, _) = node.range();
                    self.emit_at(
                        Code::MissingRequired,
                        self.ptr.with_key(name),
                        (start, start + 1),
                        format!("the list is one page of a larger result (totalResults exceeds the resources returned), so `{name}` is required"),
                    );
                }
            }
        }
        if let Some(items) = resources.and_then(Node::as_array) {
            self.ptr.push_key("Resources");
            for (i, item) in items.iter().enumerate() {
                self.ptr.push_index(i);
                self.resource(item, resource_type, Direction::Response);
                self.ptr.pop();
            }
            self.ptr.pop();
            let registry = self.registry;
            let given = resource_type.and_then(|n| registry.resource_type(n));
            let entries: Vec<_> = items
                .iter()
                .enumerate()
                .map(|(i, node)| super::batch::Entry {
                    pointer: format!("{}/{i}", self.ptr.with_key("Resources")),
                    node,
                    rt: given.or_else(|| registry.resource_type_of(node)),
                })
                .collect();
            self.batch_duplicates(&entries);
        }
    }

    fn at_key(
        &mut self,
        key: &str,
        node: &Node<'a>,
        code: Code,
        message: String,
    ) -> &mut crate::diagnostics::Diagnostic {
        self.emit_at(code, self.ptr.with_key(key), node.range(), message)
    }

    /// SearchRequest (RFC 7644 §3.4.3).
    pub(crate) fn search_request(&mut self, node: &Node<'a>, resource_type: Option<&str>) {
        if self
            .envelope(
                node,
                Some(uri::SEARCH_REQUEST),
                "SearchRequest",
                SEARCH_FIELDS,
            )
            .is_none()
        {
            return;
        }
        if let Some(order) = node.get_ignore_case("sortOrder") {
            if let Some(s) = order.as_str() {
                if s != "ascending" && s != "descending" {
                    self.at_key(
                        "sortOrder",
                        order,
                        Code::SearchInvalid,
                        format!(
                            "`sortOrder` must be \"ascending\" or \"descending\", found \"{s}\""
                        ),
                    );
                }
            }
        }
        if let Some((s, n)) = Self::int_field(node, "startIndex").filter(|(s, _)| *s < 1) {
            self.at_key(
                "startIndex",
                &n,
                Code::SearchInvalid,
                format!("`startIndex` is 1-based; {s} is read as 1"),
            );
            if let Some(d) = self.diagnostics.last_mut() {
                d.severity = Severity::Warning;
            }
        }
        if let Some((c, n)) = Self::int_field(node, "count").filter(|(c, _)| *c < 0) {
            self.at_key(
                "count",
                &n,
                Code::SearchInvalid,
                format!("`count` cannot be negative; {c} is read as 0"),
            );
            if let Some(d) = self.diagnostics.last_mut() {
                d.severity = Severity::Warning;
            }
        }
        if let (Some(_), Some(excluded)) = (
            node.get_ignore_case("attributes"),
            node.get_ignore_case("excludedAttributes"),
        ) {
            self.at_key(
                "excludedAttributes",
                excluded,
                Code::SearchInvalid,
                "use either `attributes` or `excludedAttributes`, not both (RFC 7644 §3.4.2.5)"
                    .to_string(),
            );
        }
        self.search_expressions(node, resource_type);
    }

    /// PatchOp (RFC 7644 §3.5.2), strict dialect.
    pub(crate) fn patch_request(&mut self, node: &Node<'a>, resource_type: Option<&str>) {
        let dialect = self.dialect;
        self.patch_body(node, resource_type, dialect);
    }

    /// BulkRequest (RFC 7644 §3.7).
    pub(crate) fn bulk_request(&mut self, node: &Node<'a>) {
        if self
            .envelope(node, Some(uri::BULK_REQUEST), "BulkRequest", BULK_FIELDS)
            .is_none()
        {
            return;
        }
        let Some(ops) = node.get_ignore_case("Operations").and_then(Node::as_array) else {
            return;
        };
        self.ptr.push_key("Operations");
        if ops.len() > MAX_BULK_OPERATIONS {
            self.emit(
                Code::LimitOperations,
                node,
                format!("the BulkRequest has {} operations; scimkit checks at most {MAX_BULK_OPERATIONS}", ops.len()),
            );
        }
        for (i, op) in ops.iter().take(MAX_BULK_OPERATIONS).enumerate() {
            self.ptr.push_index(i);
            self.bulk_operation(op);
            self.ptr.pop();
        }
        self.ptr.pop();
        let ops = ops
            .get(..MAX_BULK_OPERATIONS.min(ops.len()))
            .unwrap_or_default();
        let registry = self.registry;
        let entries: Vec<_> = ops
            .iter()
            .enumerate()
            .filter(|(_, op)| {
                op.get_ignore_case("method")
                    .and_then(Node::as_str)
                    .is_some_and(|m| m == "POST" || m == "PUT")
            })
            .filter_map(|(i, op)| {
                let node = op.get_ignore_case("data")?;
                let rt = op
                    .get_ignore_case("path")
                    .and_then(Node::as_str)
                    .and_then(|p| registry.resource_type_of_path(&p));
                Some(super::batch::Entry {
                    pointer: format!("{}/{i}/data", self.ptr.with_key("Operations")),
                    node,
                    rt,
                })
            })
            .collect();
        self.batch_duplicates(&entries);
        self.bulk_references(ops);
    }

    fn bulk_operation(&mut self, op: &Node<'a>) {
        if self
            .envelope(op, None, "bulk operation", BULK_OPERATION_FIELDS)
            .is_none()
        {
            return;
        }
        let method = op.get_ignore_case("method").and_then(Node::as_str);
        let method_node = op.get_ignore_case("method");
        let known = ["POST", "PUT", "PATCH", "DELETE"];
        let method = match (method, method_node) {
            (Some(m), Some(n)) if !known.contains(&m.as_ref()) => {
                let d = self.emit_at(
                    Code::BulkInvalidOperation,
                    self.ptr.with_key("method"),
                    n.range(),
                    format!("`method` must be POST, PUT, PATCH or DELETE, found \"{m}\""),
                );
                if known.iter().any(|k| k.eq_ignore_ascii_case(&m)) {
                    d.help = Some(format!(
                        "write \"{}\" (HTTP methods are case-sensitive)",
                        m.to_ascii_uppercase()
                    ));
                }
                return;
            }
            (Some(m), _) => m,
            _ => return,
        };
        let path_node = op.get_ignore_case("path").filter(|p| !p.is_null());
        let path = path_node.and_then(Node::as_str);
        if path_node.is_none() {
            let (start, _) = op.range();
            let example = if method == "POST" {
                "\"/Users\""
            } else {
                "\"/Users/2819c223-7f76-453a-919d-413861904646\""
            };
            self.emit_at(
                Code::BulkInvalidOperation,
                self.ptr.with_key("path"),
                (start, start + 1),
                format!("a bulk operation needs a `path`, e.g. {example}"),
            );
        }
        let data = op.get_ignore_case("data").filter(|d| !d.is_null());
        if method == "POST" && op.get_ignore_case("bulkId").is_none_or(Node::is_null) {
            let (start, _) = op.range();
            self.emit_at(
                Code::BulkInvalidOperation,
                self.ptr.with_key("bulkId"),
                (start, start + 1),
                "a POST operation needs a `bulkId`, so that the response (and other operations) can refer to the new resource",
            );
        }
        let registry = self.registry;
        let mut rt = None;
        if let (Some(path), Some(path_node)) = (path.as_deref(), path_node) {
            let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
            let first = segments.first().copied().unwrap_or("");
            rt = registry.resource_types().iter().find(|rt| {
                rt.endpoint
                    .trim_start_matches('/')
                    .eq_ignore_ascii_case(first)
            });
            let well_formed = path.starts_with('/')
                && rt.is_some()
                && match method.as_ref() {
                    "POST" => segments.len() == 1,
                    _ => segments.len() == 2 && segments.get(1).is_some_and(|s| !s.is_empty()),
                };
            if !well_formed {
                let expected = if method == "POST" {
                    "a resource endpoint such as \"/Users\""
                } else {
                    "a resource path such as \"/Users/2819c223-7f76-453a-919d-413861904646\" or \"/Users/bulkId:qwerty\""
                };
                self.emit_at(
                    Code::BulkInvalidOperation,
                    self.ptr.with_key("path"),
                    path_node.range(),
                    format!("`path` of a {method} operation must be {expected}, found \"{path}\""),
                );
            }
        }
        match (method.as_ref(), data) {
            ("DELETE", Some(d)) => {
                self.emit_at(
                    Code::BulkInvalidOperation,
                    self.ptr.with_key("data"),
                    d.range(),
                    "a DELETE operation carries no `data`",
                )
                .severity = Severity::Warning;
            }
            ("DELETE", None) => {}
            (_, None) => {
                let (start, _) = op.range();
                self.emit_at(
                    Code::BulkInvalidOperation,
                    self.ptr.with_key("data"),
                    (start, start + 1),
                    format!("a {method} operation needs `data`"),
                );
            }
            (m, Some(d)) => {
                let Some(rt) = rt else { return };
                let rt_name = rt.name.clone();
                self.ptr.push_key("data");
                match m {
                    "POST" => self.resource(d, Some(&rt_name), Direction::Create),
                    "PUT" => self.resource(d, Some(&rt_name), Direction::Replace),
                    _ => self.patch_body(d, Some(&rt_name), crate::dialect::Dialect::Strict),
                }
                self.ptr.pop();
            }
        }
    }

    /// BulkResponse (RFC 7644 §3.7).
    pub(crate) fn bulk_response(&mut self, node: &Node<'a>) {
        if self
            .envelope(
                node,
                Some(uri::BULK_RESPONSE),
                "BulkResponse",
                BULK_RESPONSE_FIELDS,
            )
            .is_none()
        {
            return;
        }
        let Some(ops) = node.get_ignore_case("Operations").and_then(Node::as_array) else {
            return;
        };
        self.ptr.push_key("Operations");
        for (i, op) in ops.iter().take(MAX_BULK_OPERATIONS).enumerate() {
            self.ptr.push_index(i);
            if self
                .envelope(
                    op,
                    None,
                    "bulk operation result",
                    BULK_RESPONSE_OPERATION_FIELDS,
                )
                .is_some()
            {
                let status = op.get_ignore_case("status");
                let code = status.and_then(status_code);
                let textual =
                    status.is_some_and(|s| matches!(s.kind, Kind::String(_) | Kind::Number(_)));
                if let (Some(status), None, true) = (status, code, textual) {
                    self.at_key(
                        "status",
                        status,
                        Code::BulkInvalidOperation,
                        "`status` must be an HTTP status code such as \"201\"".to_string(),
                    );
                }
                if let Some(location) = op.get_ignore_case("location").and_then(Node::as_str) {
                    if !super::is_uri_reference(&location) {
                        if let Some(n) = op.get_ignore_case("location") {
                            self.at_key(
                                "location",
                                n,
                                Code::InvalidReference,
                                format!("`location` must be a URI, found \"{location}\""),
                            );
                        }
                    }
                }
                let method = op.get_ignore_case("method").and_then(Node::as_str);
                let failed = code.is_some_and(|c| c >= 400);
                let (start, _) = op.range();
                // RFC 7644 §3.7: location is REQUIRED except when a POST failed;
                // a failed operation carries the error as its response.
                if code.is_some()
                    && !(failed && method.as_deref() == Some("POST"))
                    && op.get_ignore_case("location").is_none()
                {
                    self.emit_at(
                        Code::MissingRequired,
                        self.ptr.with_key("location"),
                        (start, start + 1),
                        "a bulk operation result needs `location`, the URL of the resource (only a failed POST has none)",
                    );
                }
                match op.get_ignore_case("response") {
                    Some(response) if failed => {
                        self.ptr.push_key("response");
                        self.error_response(response);
                        self.ptr.pop();
                    }
                    None if failed => {
                        self.emit_at(
                            Code::MissingRequired,
                            self.ptr.with_key("response"),
                            (start, start + 1),
                            "a failed bulk operation needs `response`, the SCIM Error that explains it",
                        );
                    }
                    _ => {}
                }
            }
            self.ptr.pop();
        }
        self.ptr.pop();
    }

    /// Error (RFC 7644 §3.12).
    pub(crate) fn error_response(&mut self, node: &Node<'a>) {
        if self
            .envelope(node, Some(uri::ERROR), "SCIM Error", ERROR_FIELDS)
            .is_none()
        {
            return;
        }
        let status = node.get_ignore_case("status");
        let code = status.and_then(status_code);
        if let Some(status) = status.filter(|s| !s.is_null()) {
            match code {
                Some(c) if (300..600).contains(&c) => {}
                _ => {
                    self.at_key(
                        "status",
                        status,
                        Code::ErrorInvalid,
                        "`status` must be the HTTP error status, e.g. \"400\" or \"404\""
                            .to_string(),
                    );
                }
            }
        }
        if let Some(scim_type) = node.get_ignore_case("scimType").filter(|s| !s.is_null()) {
            let Some(text) = scim_type.as_str() else {
                return;
            };
            match SCIM_TYPES.iter().find(|(name, _)| *name == text) {
                None => {
                    let names: Vec<&str> = SCIM_TYPES.iter().map(|(n, _)| *n).collect();
                    let d = self.emit_at(
                        Code::ErrorInvalid,
                        self.ptr.with_key("scimType"),
                        scim_type.range(),
                        format!(
                            "\"{text}\" is not a scimType of RFC 7644 §3.12 ({})",
                            names.join(", ")
                        ),
                    );
                    d.help = crate::suggest::closest(&text, names.iter().copied())
                        .map(|c| format!("did you mean \"{c}\"?"));
                }
                Some((name, expected)) => {
                    if let Some(c) = code.filter(|c| c != expected) {
                        self.emit_at(
                            Code::ErrorInvalid,
                            self.ptr.with_key("scimType"),
                            scim_type.range(),
                            format!("the scimType \"{name}\" goes with status {expected}, but `status` is {c}"),
                        )
                        .severity = Severity::Warning;
                    }
                }
            }
        }
    }
}

/// An HTTP status code written as a string (or, tolerated, a number).
fn status_code(node: &Node<'_>) -> Option<u16> {
    match &node.kind {
        Kind::String(s) => s.decode().trim().parse().ok(),
        Kind::Number(raw) => raw.parse().ok(),
        _ => None,
    }
}
