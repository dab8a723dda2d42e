//! Attribute values: single vs multi-valued, complex sub-attributes, `primary`,
//! canonical values, and the mutability/returned characteristics.

use super::resource::{is_required, list_names};
use super::walker::{Direction, Walker};
use crate::diagnostics::{Code, Severity};
use crate::json::{Kind, Node};
use crate::schema::{Attribute, AttributeType, Mutability, Returned};

impl<'r, 'a> Walker<'r, 'a> {
    /// Validates the value of `attr` (a top-level attribute, or a sub-attribute of `parent`).
    pub(crate) fn attribute(
        &mut self,
        attr: &'r Attribute,
        node: &Node<'a>,
        dir: Direction,
        parent: Option<&'r Attribute>,
    ) {
        let name = Named(attr, parent);
        if !node.is_null() {
            self.characteristics(attr, node, dir, parent, name);
        }
        // A readOnly value in a request is ignored by the service provider
        // (RFC 7643 §2.2), so a malformed one (`meta.created: "yesterday"`)
        // cannot break anything: its problems are warnings. Sub-attributes of
        // a readOnly parent were already walked under this rule.
        let ignored = matches!(dir, Direction::Create | Direction::Replace)
            && attr.mutability == Mutability::ReadOnly
            && parent.is_none_or(|p| p.mutability != Mutability::ReadOnly);
        let first = self.diagnostics.len();
        self.attribute_value(attr, node, dir, parent, name);
        if ignored {
            for d in self.diagnostics.iter_mut().skip(first) {
                if d.severity == Severity::Error {
                    d.severity = Severity::Warning;
                    d.message.push_str(
                        " (a warning: the service provider ignores readOnly values in requests)",
                    );
                }
            }
        }
    }

    fn attribute_value(
        &mut self,
        attr: &'r Attribute,
        node: &Node<'a>,
        dir: Direction,
        parent: Option<&'r Attribute>,
        name: Named<'_>,
    ) {
        match &node.kind {
            Kind::Null => {}
            Kind::Array(items) if attr.multi_valued => {
                for (i, item) in items.iter().enumerate() {
                    self.ptr.push_index(i);
                    if item.is_null() {
                        self.emit(
                            Code::InvalidType,
                            item,
                            format!("`{name}` contains null; leave the element out instead"),
                        );
                    } else if matches!(item.kind, Kind::Array(_)) {
                        self.emit(
                            Code::InvalidType,
                            item,
                            format!("`{name}` contains an array inside its array; multi-valued attributes are flat"),
                        );
                    } else {
                        self.single_value(attr, item, dir, parent, name);
                    }
                    self.ptr.pop();
                }
                if attr.has_primary() {
                    self.primary(items, name);
                }
            }
            _ if attr.multi_valued => {
                self.emit(
                    Code::ExpectedArray,
                    node,
                    format!(
                        "`{name}` is multi-valued: expected an array, found {}",
                        node.type_name()
                    ),
                )
                .help = Some("wrap the value in [ … ]".to_string());
                // An object sent for a complex attribute is still checked as if
                // it were the only element; a scalar would only repeat the error.
                if attr.kind == AttributeType::Complex && node.as_object().is_some() {
                    self.single_value(attr, node, dir, parent, name);
                }
            }
            Kind::Array(_) => {
                self.emit(
                    Code::ExpectedSingleValue,
                    node,
                    format!(
                        "`{name}` is single-valued: expected {}, found an array",
                        expected_json(attr)
                    ),
                );
            }
            _ => self.single_value(attr, node, dir, parent, name),
        }
    }

    /// Mutability and `returned` rules for a present value.
    fn characteristics(
        &mut self,
        attr: &Attribute,
        node: &Node<'a>,
        dir: Direction,
        parent: Option<&Attribute>,
        name: Named<'_>,
    ) {
        let parent_read_only = parent.is_some_and(|p| p.mutability == Mutability::ReadOnly);
        match dir {
            Direction::Create | Direction::Replace
                if attr.mutability == Mutability::ReadOnly && !parent_read_only =>
            {
                // Clients commonly send back the whole resource they read (Okta's
                // PUT does), so in a PUT this is only worth an info.
                let severity = if dir == Direction::Create {
                    Severity::Warning
                } else {
                    Severity::Info
                };
                self.emit(
                    Code::ReadOnlyInRequest,
                    node,
                    format!("`{name}` is readOnly: the service provider sets it and ignores the value sent"),
                )
                .severity = severity;
            }
            Direction::Patch if attr.mutability == Mutability::ReadOnly && !parent_read_only => {
                let d = self.emit(
                    Code::PatchMutability,
                    node,
                    super::read_only_value(&name.to_string()),
                );
                d.help = Some(format!("leave `{}` out of the value", attr.name));
            }
            Direction::Response
                if attr.returned == Returned::Never || attr.mutability == Mutability::WriteOnly =>
            {
                self.emit(
                    Code::NeverReturned,
                    node,
                    format!(
                        "`{name}` is {}: a service provider must never return it",
                        if attr.mutability == Mutability::WriteOnly {
                            "writeOnly"
                        } else {
                            "never returned"
                        }
                    ),
                )
                .help = Some(format!("remove `{name}` from responses"));
            }
            _ => {}
        }
    }

    /// One value (not an array) of `attr`.
    fn single_value(
        &mut self,
        attr: &'r Attribute,
        node: &Node<'a>,
        dir: Direction,
        parent: Option<&'r Attribute>,
        name: Named<'_>,
    ) {
        if attr.kind == AttributeType::Complex {
            self.complex(attr, node, dir, name);
        } else {
            self.scalar(attr, node, parent, name);
        }
    }

    /// One element (or the single value) of `attr` in a PATCH value.
    pub(crate) fn patch_element(
        &mut self,
        attr: &'r Attribute,
        node: &Node<'a>,
        parent: Option<&'r Attribute>,
    ) {
        let name = Named(attr, parent);
        if !node.is_null() {
            self.characteristics(attr, node, Direction::Patch, parent, name);
        }
        self.single_value(attr, node, Direction::Patch, parent, name);
    }

    fn complex(&mut self, attr: &'r Attribute, node: &Node<'a>, dir: Direction, name: Named<'_>) {
        if self.dialect.accepts(Code::QuirkBareReference) && attr.sub_attribute("value").is_some() {
            if let Some(id) = node.as_str() {
                self.quirk(
                    Code::QuirkBareReference,
                    node,
                    crate::dialect::bare_reference(&name.to_string(), &id),
                    crate::dialect::BARE_REFERENCE_HELP,
                );
                return;
            }
        }
        let Some(members) = node.as_object() else {
            let subs = list_names(attr.sub_attributes.iter().map(|a| a.name.as_str()));
            let d = self.emit(
                Code::InvalidType,
                node,
                format!(
                    "`{name}` is complex: expected an object with {subs}, found {}",
                    node.type_name()
                ),
            );
            if attr.sub_attribute("value").is_some() && matches!(node.kind, Kind::String(_)) {
                d.help = Some(format!(
                    "write {{\"value\": …}} instead of a bare string for `{name}`"
                ));
            }
            return;
        };
        self.check_duplicate_keys(members);
        for member in members {
            let key = member.key().decode();
            self.ptr.push_key(key.clone());
            match attr.sub_attribute(&key) {
                Some(sub)
                    if sub.kind == AttributeType::Complex && sub.sub_attributes.is_empty() =>
                {
                    // Only the RFC's own Schema schema nests complex attributes
                    // without describing the inner ones; accept any object there.
                }
                Some(sub) => {
                    self.name_case(member, &key, sub);
                    self.attribute(sub, &member.value, dir, Some(attr));
                }
                None => {
                    let names = attr.sub_attributes.iter().map(|a| a.name.as_str());
                    let message = format!(
                        "`{key}` is not a sub-attribute of `{name}` (it has {})",
                        list_names(names.clone())
                    );
                    self.unknown_attribute(member, message, names);
                }
            }
            self.ptr.pop();
        }
        let required_dir = match dir {
            // In a readOnly complex attribute sent by a client, nothing is required.
            Direction::Create | Direction::Replace | Direction::Patch
                if attr.mutability == Mutability::ReadOnly =>
            {
                return;
            }
            d => d,
        };
        if attr
            .sub_attributes
            .iter()
            .any(|s| is_required(s, required_dir))
        {
            self.required_attributes(node, &attr.sub_attributes, required_dir, Some(attr));
        }
    }

    /// A note when `key` names `attr` in another letter case (`UserName`,
    /// `Primary`, as Entra ID sends some): RFC 7643 §2.1 makes names
    /// case-insensitive, so it is accepted, but a service provider that
    /// matches keys exactly would miss it.
    pub(crate) fn name_case(
        &mut self,
        member: &crate::json::Member<'_>,
        key: &str,
        attr: &Attribute,
    ) {
        if key == attr.name {
            return;
        }
        let (start, end) = member.key_range();
        let d = self.emit_at(
            Code::AttributeNameCase,
            self.ptr.to_string(),
            (start, end),
            format!(
                "`{key}` is the attribute `{}` in another letter case: accepted (RFC 7643 §2.1: attribute names are case-insensitive)",
                attr.name
            ),
        );
        d.severity = Severity::Info;
        d.help = Some(format!(
            "a service provider that compares keys exactly misses it; the schema spells it `{}`",
            attr.name
        ));
    }

    /// At most one element of a multi-valued complex attribute may be primary.
    fn primary(&mut self, items: &[Node<'a>], name: Named<'_>) {
        let mut first: Option<usize> = None;
        for (i, item) in items.iter().enumerate() {
            let Some(member) = item
                .as_object()
                .and_then(|m| m.iter().find(|m| m.key().eq_ignore_ascii_case("primary")))
            else {
                continue;
            };
            if member.value.as_bool() != Some(true) {
                continue;
            }
            match first {
                None => first = Some(i),
                Some(f) => {
                    let path = format!("{}/{}", self.ptr.with_index(i), member.key().decode());
                    self.emit_at(
                        Code::MultiplePrimary,
                        path,
                        member.value.range(),
                        format!(
                            "more than one element of `{name}` is primary (element {f} already is); at most one may have \"primary\": true"
                        ),
                    );
                }
            }
        }
    }

    /// Canonical values: a warning, except for Group member `type`, which must be User or Group.
    pub(crate) fn canonical(
        &mut self,
        attr: &Attribute,
        parent: Option<&Attribute>,
        node: &Node<'a>,
        value: &str,
        name: Named<'_>,
    ) {
        if attr.canonical_values.is_empty() {
            return;
        }
        let matches = attr.canonical_values.iter().any(|c| {
            if attr.case_exact {
                c == value
            } else {
                c.eq_ignore_ascii_case(value)
            }
        });
        if matches {
            return;
        }
        let allowed = attr.canonical_values.join(", ");
        let is_member_type = attr.name == "type" && parent.is_some_and(|p| p.name == "members");
        if is_member_type {
            self.emit(
                Code::InvalidMember,
                node,
                format!("a group member's `type` must be one of {allowed}, found \"{value}\""),
            );
        } else {
            self.emit(
                Code::NonCanonicalValue,
                node,
                format!("\"{value}\" is not one of the canonical values of `{name}` ({allowed})"),
            );
        }
    }
}

/// An attribute's name for messages: `emails.type` for a sub-attribute,
/// `userName` for a top-level one. Formatted only when a diagnostic is made,
/// so clean documents never allocate it.
#[derive(Clone, Copy)]
pub(crate) struct Named<'x>(pub &'x Attribute, pub Option<&'x Attribute>);

impl std::fmt::Display for Named<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(p) = self.1 {
            write!(f, "{}.", p.name)?;
        }
        f.write_str(&self.0.name)
    }
}

/// What JSON an attribute's single value is, for messages.
pub(crate) fn expected_json(attr: &Attribute) -> &'static str {
    match attr.kind {
        AttributeType::String => "a string",
        AttributeType::Boolean => "true or false",
        AttributeType::Decimal => "a number",
        AttributeType::Integer => "an integer",
        AttributeType::DateTime => "a dateTime string such as \"2008-01-23T04:56:22Z\"",
        AttributeType::Binary => "a base64 string",
        AttributeType::Reference => "a URI string",
        AttributeType::Complex => "an object",
    }
}
