//! Checking a parsed filter against a resource type's schemas.
//!
//! What RFC 7644 §3.4.2.2 makes a service provider answer with
//! `400 invalidFilter` is an error here: unknown attributes, ordering
//! operators on boolean and binary attributes, a comparison on a complex
//! attribute without a sub-attribute, and comparison values that cannot match
//! the attribute's type. Decisions where the RFC is silent are documented on
//! [`check_filter`].

use super::ast::{AttrPath, CompValue, CompareOp, Filter, Loc};
use crate::datetime::parse_datetime;
use crate::diagnostics::{Code, Diagnostic, Report, Severity};
use crate::dialect::Dialect;
use crate::schema::ResolveError;
use crate::schema::resolve::{resolve, resolve_in_element};
use crate::schema::{Attribute, AttributeType, Registry, ResourceType};

/// Checks `filter` against the schemas of `resource_type`.
///
/// Diagnostics carry `path: ""` and a span whose `start`/`end` are byte
/// offsets into the filter text the tree was parsed from, with `line` and
/// `column` left at 0: call [`Report::locate`] with that text to fill them in
/// (or use [`check_filter_text`], which does).
///
/// Rules:
/// - attribute names resolve case-insensitively against the core schema, the
///   common attributes (`id`, `externalId`, `meta`), `schemas`, and the
///   extensions (qualified with their URI or not, RFC 7644 §3.10);
///   attributes inside `emails[ … ]` are sub-attributes of `emails`;
/// - `gt`/`ge`/`lt`/`le` on boolean or binary attributes: `filter-invalid-operator`
///   (RFC 7644 §3.4.2.2, "SHALL cause a failed response … invalidFilter");
/// - `co`/`sw`/`ew` on boolean, integer or decimal attributes:
///   `filter-invalid-operator` (Table 3 defines them as substring matches,
///   which only text has); on dateTime attributes a warning, since they then
///   compare the text and not the instant;
/// - a comparison on a complex attribute without a sub-attribute:
///   `filter-complex-comparison` ("a fully qualified sub-attribute MUST be
///   specified"), except on a multi-valued complex attribute with a `value`
///   sub-attribute, where RFC 7644's own examples (`emails co "example.com"`
///   next to `emails.value co "example.org"`) compare `value`;
/// - a value that cannot match the type: `filter-value-type` (a string for a
///   boolean or a number, a number or boolean for a string, a string that is
///   not an xsd:dateTime for a dateTime); `null` is accepted with `eq` and
///   `ne` (RFC 7643 §2.5: null means unassigned) and nothing else.
pub fn check_filter(
    filter: &Filter,
    registry: &Registry,
    resource_type: &ResourceType,
) -> Vec<Diagnostic> {
    let mut checker = Checker {
        registry,
        resource_type,
        out: Vec::new(),
    };
    checker.node(filter, None);
    checker.out
}

/// Checks the filter of a value path (`emails[type eq "work"]`) whose
/// attribute names are sub-attributes of `parent` (PATCH paths use it).
pub(crate) fn check_value_filter(
    filter: &Filter,
    registry: &Registry,
    resource_type: &ResourceType,
    parent: &Attribute,
) -> Vec<Diagnostic> {
    let mut checker = Checker {
        registry,
        resource_type,
        out: Vec::new(),
    };
    checker.node(filter, Some(parent));
    checker.out
}

/// Parses `text` with `dialect` and checks it: syntax errors, dialect quirks
/// and schema problems in one report, with lines and columns into `text`.
/// A filter copied inside a query string, a URL or a request line, or
/// URL-encoded, is decoded first ([`parse_filter_text`](super::parse_filter_text)).
pub fn check_filter_text(
    text: &str,
    registry: &Registry,
    resource_type: &ResourceType,
    dialect: Dialect,
) -> Report {
    let parsed = super::parse_filter_text(text, dialect);
    let mut diagnostics = parsed.diagnostics;
    if let Some(filter) = &parsed.value {
        diagnostics.extend(check_filter(filter, registry, resource_type));
    }
    Report::new(diagnostics).locate(text)
}

struct Checker<'a> {
    registry: &'a Registry,
    resource_type: &'a ResourceType,
    out: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    fn push(&mut self, code: Code, loc: Loc, message: String, help: Option<String>) {
        let mut d = Diagnostic::new(code, "", message).with_range(loc.start, loc.end);
        d.help = help;
        self.out.push(d);
    }

    /// Recursion follows only `not ( … )` and `[ … ]`, whose nesting the parser limits.
    fn node(&mut self, filter: &Filter, parent: Option<&'a Attribute>) {
        match filter {
            Filter::And { .. } | Filter::Or { .. } => {
                for operand in filter.operands() {
                    self.node(operand, parent);
                }
            }
            Filter::Not { filter, .. } => self.node(filter, parent),
            Filter::Present { attribute, .. } => {
                self.resolve(attribute, parent);
            }
            Filter::Compare {
                attribute,
                op,
                value,
                value_loc,
                loc,
            } => {
                if let Some(leaf) = self.resolve(attribute, parent) {
                    self.comparison(attribute, leaf, *op, value, *value_loc, *loc);
                }
            }
            Filter::ValuePath {
                attribute, filter, ..
            } => {
                let Some(attr) = self.resolve(attribute, parent) else {
                    return;
                };
                if attr.kind != AttributeType::Complex {
                    self.push(
                        Code::FilterInvalidOperator,
                        attribute.loc,
                        format!(
                            "a value filter `{attribute}[ … ]` selects elements of a multi-valued complex attribute; `{attribute}` is {}",
                            describe_type(attr)
                        ),
                        Some(format!("compare it directly, e.g. {attribute} eq \"…\"")),
                    );
                    return;
                }
                self.node(filter, Some(attr));
            }
        }
    }

    /// The attribute a path names (the sub-attribute when it has one), or a
    /// `filter-unknown-attribute` diagnostic.
    fn resolve(&mut self, path: &AttrPath, parent: Option<&'a Attribute>) -> Option<&'a Attribute> {
        let result = match parent {
            Some(p) => resolve_in_element(p, path).map_err(|e| (e, Some(p.name.as_str()))),
            None => resolve(self.registry, self.resource_type, path)
                .map(|r| r.leaf())
                .map_err(|e| (e, None)),
        };
        match result {
            Ok(a) => Some(a),
            Err((e, parent_name)) => {
                let message = match (&e, parent_name) {
                    (ResolveError::UnknownSubAttribute { sub, .. }, Some(p)) => format!(
                        "`{p}` has no sub-attribute `{sub}` (inside `{p}[ … ]` names are sub-attributes of `{p}`)"
                    ),
                    _ => e.message(&self.resource_type.name),
                };
                self.push(Code::FilterUnknownAttribute, path.loc, message, e.help());
                None
            }
        }
    }

    fn comparison(
        &mut self,
        path: &AttrPath,
        leaf: &Attribute,
        op: CompareOp,
        value: &CompValue,
        value_loc: Loc,
        loc: Loc,
    ) {
        let leaf = if leaf.kind == AttributeType::Complex {
            match leaf.sub_attribute("value").filter(|_| leaf.multi_valued) {
                Some(value_sub) => value_sub,
                None => {
                    let example = leaf
                        .sub_attributes
                        .first()
                        .map_or("value".to_string(), |s| s.name.clone());
                    self.push(
                        Code::FilterComplexComparison,
                        path.loc,
                        format!(
                            "`{path}` is a complex attribute: a comparison must name one of its sub-attributes (RFC 7644 §3.4.2.2)"
                        ),
                        Some(format!("write {path}.{example} {} …", op.as_str())),
                    );
                    return;
                }
            }
        } else {
            leaf
        };
        if !self.operator(path, leaf, op, loc) {
            return;
        }
        self.value(path, leaf, op, value, value_loc);
    }

    /// False when the operator cannot apply (then the value is not checked).
    fn operator(&mut self, path: &AttrPath, leaf: &Attribute, op: CompareOp, loc: Loc) -> bool {
        let kind = leaf.kind;
        if op.is_ordering() && matches!(kind, AttributeType::Boolean | AttributeType::Binary) {
            self.push(
                Code::FilterInvalidOperator,
                loc,
                format!(
                    "`{}` orders values, but `{path}` is {}: RFC 7644 §3.4.2.2 makes the service provider reject this with invalidFilter",
                    op.as_str(),
                    describe_type(leaf)
                ),
                Some("use eq or ne".to_string()),
            );
            return false;
        }
        if op.is_substring() {
            match kind {
                AttributeType::Boolean | AttributeType::Integer | AttributeType::Decimal => {
                    self.push(
                        Code::FilterInvalidOperator,
                        loc,
                        format!(
                            "`{}` matches part of a text (RFC 7644 §3.4.2.2, Table 3), but `{path}` is {}",
                            op.as_str(),
                            describe_type(leaf)
                        ),
                        Some(if kind == AttributeType::Boolean {
                            "use eq or ne".to_string()
                        } else {
                            "use eq, ne, gt, ge, lt or le".to_string()
                        }),
                    );
                    return false;
                }
                AttributeType::DateTime => {
                    let mut d = Diagnostic::new(
                        Code::FilterInvalidOperator,
                        "",
                        format!(
                            "`{}` on the dateTime `{path}` compares the text as written, not the instant: the same moment written with another offset does not match",
                            op.as_str()
                        ),
                    )
                    .with_range(loc.start, loc.end)
                    .with_help("compare instants with gt, ge, lt or le");
                    d.severity = Severity::Warning;
                    self.out.push(d);
                }
                _ => {}
            }
        }
        true
    }

    fn value(
        &mut self,
        path: &AttrPath,
        leaf: &Attribute,
        op: CompareOp,
        value: &CompValue,
        loc: Loc,
    ) {
        let wrong = |expected: &str| {
            format!(
                "`{path}` is {}, so {} cannot match it: expected {expected}",
                describe_type(leaf),
                value.describe()
            )
        };
        let (message, help) = match (leaf.kind, value) {
            (_, CompValue::Null) => {
                if matches!(op, CompareOp::Eq | CompareOp::Ne) {
                    return;
                }
                (
                    format!(
                        "null can only be compared with eq or ne (`{path} eq null` means `{path}` is unassigned), not with {}",
                        op.as_str()
                    ),
                    Some(format!("write not ({path} pr) or {path} pr")),
                )
            }
            (
                AttributeType::String | AttributeType::Reference | AttributeType::Binary,
                CompValue::String(_),
            )
            | (AttributeType::Boolean, CompValue::Bool(_))
            | (AttributeType::Integer | AttributeType::Decimal, CompValue::Number(_))
            | (AttributeType::Complex, _) => return,
            (
                AttributeType::String | AttributeType::Reference | AttributeType::Binary,
                CompValue::Bool(_) | CompValue::Number(_),
            ) => (
                wrong("a string in double quotes"),
                Some(format!(
                    "write {path} {} \"{}\"",
                    op.as_str(),
                    super::print::comp_value(value)
                )),
            ),
            (AttributeType::Boolean, CompValue::String(s)) => {
                let help = ["true", "false"]
                    .iter()
                    .find(|b| b.eq_ignore_ascii_case(s))
                    .map(|b| format!("write {b} without quotes"));
                (wrong("true or false"), help)
            }
            (AttributeType::Boolean, CompValue::Number(_)) => (wrong("true or false"), None),
            (AttributeType::Integer | AttributeType::Decimal, CompValue::String(s)) => {
                let help = s
                    .trim()
                    .parse::<f64>()
                    .is_ok()
                    .then(|| format!("write the number without quotes: {}", s.trim()));
                (wrong("a number"), help)
            }
            (AttributeType::Integer | AttributeType::Decimal, CompValue::Bool(_)) => {
                (wrong("a number"), None)
            }
            (AttributeType::DateTime, CompValue::String(s)) => {
                if op.is_substring() {
                    return;
                }
                match parse_datetime(s) {
                    Ok(_) => return,
                    Err(e) => (
                        format!("`{path}` is a dateTime, but \"{s}\" is not an xsd:dateTime: {e}"),
                        Some("write an instant such as \"2011-05-13T04:42:34Z\"".to_string()),
                    ),
                }
            }
            (AttributeType::DateTime, _) => (
                wrong("an xsd:dateTime string such as \"2011-05-13T04:42:34Z\""),
                None,
            ),
        };
        self.push(Code::FilterValueType, loc, message, help);
    }
}

/// `a boolean`, `a multi-valued complex attribute`, … for messages.
pub(crate) fn describe_type(attr: &Attribute) -> String {
    let article = |t: &str| {
        if t.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        }
    };
    let t = attr.kind.as_str();
    if attr.multi_valued {
        format!("a multi-valued {t} attribute")
    } else {
        format!("{} {t}", article(t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::parse_filter;

    fn codes(text: &str, rt: &str) -> Vec<(String, usize, usize)> {
        let registry = Registry::builtin();
        let rt = registry.resource_type(rt).unwrap();
        let f = parse_filter(text).unwrap();
        check_filter(&f, &registry, rt)
            .into_iter()
            .map(|d| {
                let s = d.span.unwrap();
                (d.code.as_str().to_string(), s.start, s.end)
            })
            .collect()
    }

    #[test]
    fn clean_filters_have_no_diagnostics() {
        for text in [
            r#"userName eq "bjensen""#,
            r#"emails co "example.com" or emails.value co "example.org""#,
            r#"emails[type eq "work" and value co "@example.com"]"#,
            r#"meta.lastModified gt "2011-05-13T04:42:34Z""#,
            r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "x""#,
            r#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J""#,
            r#"schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User""#,
            "title pr and not (active eq false)",
            "name pr",
        ] {
            assert_eq!(codes(text, "User"), vec![], "{text}");
        }
    }

    #[test]
    fn problems_are_positioned() {
        assert_eq!(
            codes(r#"usrName eq "x""#, "User"),
            vec![("filter-unknown-attribute".into(), 0, 7)]
        );
        assert_eq!(
            codes("active gt true", "User"),
            vec![("filter-invalid-operator".into(), 0, 14)]
        );
        assert_eq!(
            codes(r#"active eq "true""#, "User"),
            vec![("filter-value-type".into(), 10, 16)]
        );
        assert_eq!(
            codes(r#"name eq "x""#, "User"),
            vec![("filter-complex-comparison".into(), 0, 4)]
        );
        assert_eq!(
            codes(r#"emails[kind eq "work"]"#, "User"),
            vec![("filter-unknown-attribute".into(), 7, 11)]
        );
    }

    #[test]
    fn long_chains_do_not_recurse() {
        let text = vec!["title pr"; 5000].join(" or ");
        assert_eq!(codes(&text, "User"), vec![]);
    }
}
