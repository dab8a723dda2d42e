//! Service-provider profiles: a provider's own constraints on top of the schemas.
//!
//! A profile is data (JSON): rules on attributes (required beyond the RFC, a
//! pattern, a maximum length) and the protocol features the provider lacks
//! (PATCH, bulk, filtering, sorting, …). Rules carry an admin-facing message
//! and help that says what to change in the identity provider.
//!
//! ```json
//! {
//!   "name": "email-prefix-username",
//!   "title": "userName as e-mail prefix (mail nickname)",
//!   "description": "…",
//!   "rules": [{"resourceType": "User", "attribute": "userName", "required": true,
//!              "pattern": "^[^@\\s]+$", "message": "userName \"{value}\" is not an e-mail prefix",
//!              "help": "In Microsoft Entra ID: … In Okta: …"}],
//!   "features": {"patch": true, "bulk": false, "filter": true, "sort": false}
//! }
//! ```
//!
//! `{value}` and `{attribute}` in `message` are replaced by the offending value
//! and the rule's attribute path.

use std::sync::OnceLock;

use regex_lite::Regex;
use serde::{Deserialize, Serialize};

use crate::context::Context;
use crate::diagnostics::{Code, Diagnostic, LineIndex, Pointer, Report, escape_pointer_token};
use crate::filter::{Path, parse_path};
use crate::json::{Kind, Node};
use crate::schema::Registry;

const BUILTIN_SOURCES: &[&str] = &[include_str!("data/email-prefix-username.json")];

/// A service-provider profile.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    /// Identifier used by `--profile NAME`.
    pub name: String,
    /// A one-line title.
    #[serde(default)]
    pub title: String,
    /// What the profile represents.
    #[serde(default)]
    pub description: String,
    /// Constraints on attributes.
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// Which protocol features the provider supports.
    #[serde(default)]
    pub features: Features,
}

/// A constraint on one attribute of one resource type.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    /// The resource type the rule applies to (`User`).
    pub resource_type: String,
    /// The attribute path (`userName`, `name.familyName`,
    /// `urn:…:enterprise:2.0:User:employeeNumber`).
    pub attribute: String,
    /// Whether the attribute must be present (beyond what the schema requires).
    #[serde(default)]
    pub required: bool,
    /// A regular expression (Rust `regex` syntax) string values must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// The longest string value allowed, in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<usize>,
    /// The message for a violation; `{value}` and `{attribute}` are filled in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// What to do about a violation, in the identity admin's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(skip)]
    compiled: Option<Compiled>,
}

#[derive(Debug, Clone)]
struct Compiled {
    path: Path,
    pattern: Option<Regex>,
}

/// Protocol features a provider supports (all `true` unless the profile says otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Features {
    /// PATCH requests.
    pub patch: bool,
    /// Bulk requests.
    pub bulk: bool,
    /// Filtering in searches.
    pub filter: bool,
    /// Sorting in searches.
    pub sort: bool,
    /// Changing passwords.
    pub change_password: bool,
    /// ETags and versioned requests.
    pub etag: bool,
}

impl Default for Features {
    fn default() -> Features {
        Features {
            patch: true,
            bulk: true,
            filter: true,
            sort: true,
            change_password: true,
            etag: true,
        }
    }
}

/// The built-in profiles.
pub fn builtin() -> &'static [Profile] {
    static BUILTIN: OnceLock<Vec<Profile>> = OnceLock::new();
    BUILTIN.get_or_init(|| {
        BUILTIN_SOURCES
            .iter()
            .filter_map(|source| Profile::from_json(source).ok())
            .collect()
    })
}

/// A built-in profile by name (case-insensitive).
pub fn find_builtin(name: &str) -> Option<&'static Profile> {
    builtin().iter().find(|p| p.name.eq_ignore_ascii_case(name))
}

impl Profile {
    /// Reads a profile from JSON text, checking its patterns and paths.
    ///
    /// # Errors
    /// A report of `profile-invalid` (or JSON syntax) diagnostics with positions.
    pub fn from_json(text: &str) -> Result<Profile, Report> {
        let root = crate::json::parse(text).map_err(|d| Report::new(vec![d]))?;
        let mut profile: Profile = serde_json::from_str(text).map_err(|e| {
            let index = LineIndex::new(text);
            let line = e.line().max(1);
            let (line_start, _) = index.line_range(text, line);
            let start = (line_start + e.column().saturating_sub(1)).min(text.len());
            Report::new(vec![
                Diagnostic::new(
                    Code::ProfileInvalid,
                    "",
                    format!("the profile is malformed: {e}"),
                )
                .with_range(start, start),
            ])
            .locate(text)
        })?;
        let mut diagnostics = Vec::new();
        let rules = root
            .get("rules")
            .and_then(Node::as_array)
            .unwrap_or_default();
        for (i, rule) in profile.rules.iter_mut().enumerate() {
            let node = rules.get(i);
            let at = |key: &str| {
                let n = node.and_then(|n| n.get(key)).or(node);
                n.map_or((0, 0), Node::range)
            };
            let path = match parse_path(&rule.attribute) {
                Ok(path) => Some(path),
                Err(errors) => {
                    for e in errors {
                        diagnostics.push(
                            Diagnostic::new(
                                Code::ProfileInvalid,
                                format!("/rules/{i}/attribute"),
                                format!("the rule's attribute path does not parse: {}", e.message),
                            )
                            .with_range(at("attribute").0, at("attribute").1),
                        );
                    }
                    None
                }
            };
            let pattern = match rule.pattern.as_deref().map(Regex::new) {
                None => None,
                Some(Ok(re)) => Some(re),
                Some(Err(e)) => {
                    diagnostics.push(
                        Diagnostic::new(
                            Code::ProfileInvalid,
                            format!("/rules/{i}/pattern"),
                            format!("the rule's pattern is not a valid regular expression: {e}"),
                        )
                        .with_range(at("pattern").0, at("pattern").1),
                    );
                    None
                }
            };
            rule.compiled = path.map(|path| Compiled { path, pattern });
        }
        if diagnostics.is_empty() {
            Ok(profile)
        } else {
            Err(Report::new(diagnostics).locate(text))
        }
    }

    /// Applies the profile to a document validated in `context`.
    pub fn check_document(
        &self,
        registry: &Registry,
        root: &Node<'_>,
        context: Context,
        resource_type: Option<&str>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let mut ptr = Pointer::root();
        let unsupported = |feature: &str, what: &str| {
            Diagnostic::new(
                Code::ProfileUnsupported,
                "",
                format!(
                    "the service provider ({}) does not support {what}",
                    self.title_or_name()
                ),
            )
            .with_help(format!(
                "the profile `{}` has \"features\": {{\"{feature}\": false}}",
                self.name
            ))
            .with_range(root.range().0, root.range().0 + 1)
        };
        match context {
            Context::Create | Context::Replace | Context::Response => {
                self.check_resource(registry, root, resource_type, &mut ptr, diagnostics);
            }
            Context::List => {
                if let Some(items) = root.get_ignore_case("Resources").and_then(Node::as_array) {
                    ptr.push_key("Resources");
                    for (i, item) in items.iter().enumerate() {
                        ptr.push_index(i);
                        self.check_resource(registry, item, resource_type, &mut ptr, diagnostics);
                        ptr.pop();
                    }
                }
            }
            Context::Patch if !self.features.patch => {
                diagnostics.push(unsupported("patch", "PATCH"))
            }
            Context::Patch => self.check_patch_values(root, resource_type, diagnostics),
            Context::Bulk if !self.features.bulk => {
                diagnostics.push(unsupported("bulk", "bulk requests"))
            }
            Context::Bulk => {
                if let Some(ops) = root.get_ignore_case("Operations").and_then(Node::as_array) {
                    ptr.push_key("Operations");
                    for (i, op) in ops.iter().enumerate() {
                        let method = op.get_ignore_case("method").and_then(Node::as_str);
                        let data = op.get_ignore_case("data");
                        let rt = op
                            .get_ignore_case("path")
                            .and_then(Node::as_str)
                            .and_then(|p| registry.resource_type_of_path(&p))
                            .map(|rt| rt.name.clone());
                        if let (Some(m), Some(data)) = (method, data) {
                            if m == "POST" || m == "PUT" {
                                ptr.push_index(i);
                                ptr.push_key("data");
                                self.check_resource(
                                    registry,
                                    data,
                                    rt.as_deref(),
                                    &mut ptr,
                                    diagnostics,
                                );
                                ptr.pop();
                                ptr.pop();
                            }
                        }
                    }
                }
            }
            Context::Search => {
                if !self.features.filter && root.get_ignore_case("filter").is_some() {
                    diagnostics.push(unsupported("filter", "filtering"));
                }
                if !self.features.sort && root.get_ignore_case("sortBy").is_some() {
                    diagnostics.push(unsupported("sort", "sorting"));
                }
            }
            Context::BulkResponse | Context::Error => {}
        }
    }

    fn title_or_name(&self) -> &str {
        if self.title.is_empty() {
            &self.name
        } else {
            &self.title
        }
    }

    fn rules_for<'p>(
        &'p self,
        resource_type: &'p str,
    ) -> impl Iterator<Item = (&'p Rule, &'p Compiled)> {
        self.rules.iter().filter_map(move |r| {
            let compiled = r.compiled.as_ref()?;
            r.resource_type
                .eq_ignore_ascii_case(resource_type)
                .then_some((r, compiled))
        })
    }

    fn check_resource<'a>(
        &self,
        registry: &Registry,
        node: &Node<'a>,
        resource_type: Option<&str>,
        ptr: &mut Pointer<'a>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let rt_name = resource_type
            .and_then(|n| registry.resource_type(n))
            .or_else(|| registry.resource_type_of(node))
            .map(|rt| rt.name.clone());
        let Some(rt_name) = rt_name else { return };
        for (rule, compiled) in self.rules_for(&rt_name) {
            let found = resolve(node, &compiled.path);
            if found.is_empty() && rule.required {
                let (start, _) = node.range();
                let message = format!(
                    "the service provider requires `{}`, which is missing",
                    rule.attribute
                );
                diagnostics.push(missing_diagnostic(
                    rule,
                    ptr,
                    &compiled.path,
                    message,
                    (start, start + 1),
                ));
            }
            for (pointer_tail, value) in found {
                self.check_value(
                    rule,
                    compiled,
                    value,
                    &format!("{ptr}{pointer_tail}"),
                    diagnostics,
                );
            }
        }
    }

    fn check_value(
        &self,
        rule: &Rule,
        compiled: &Compiled,
        value: &Node<'_>,
        path: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let Some(text) = value.as_str() else { return };
        let bad_pattern = compiled
            .pattern
            .as_ref()
            .is_some_and(|re| !re.is_match(&text));
        let too_long = rule
            .max_length
            .is_some_and(|max| text.chars().count() > max);
        if !bad_pattern && !too_long {
            return;
        }
        let default = if too_long {
            format!(
                "`{}` is {} characters long; the service provider accepts at most {}",
                rule.attribute,
                text.chars().count(),
                rule.max_length.unwrap_or(0)
            )
        } else {
            format!(
                "`{}` \"{text}\" does not match the format the service provider requires ({})",
                rule.attribute,
                rule.pattern.as_deref().unwrap_or("")
            )
        };
        let message = match (&rule.message, bad_pattern) {
            (Some(m), true) => m
                .replace("{value}", &text)
                .replace("{attribute}", &rule.attribute),
            _ => default,
        };
        let (start, end) = value.range();
        let mut d = Diagnostic::new(Code::ProfilePattern, path, message).with_range(start, end);
        d.help.clone_from(&rule.help);
        diagnostics.push(d);
    }

    /// PATCH values that set a ruled attribute: `{"path": "userName", "value": …}`
    /// or a path-less value object containing it.
    fn check_patch_values(
        &self,
        root: &Node<'_>,
        resource_type: Option<&str>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let Some(rt) = resource_type else { return };
        let Some(ops) = root.get_ignore_case("Operations").and_then(Node::as_array) else {
            return;
        };
        for (i, op) in ops.iter().enumerate() {
            let Some(value) = op.get_ignore_case("value") else {
                continue;
            };
            let base = format!("/Operations/{i}/value");
            match op.get_ignore_case("path").and_then(Node::as_str) {
                Some(path) => {
                    for (rule, compiled) in self.rules_for(rt) {
                        if parse_path(&path).is_ok_and(|p| same_target(&p, &compiled.path)) {
                            self.check_value(rule, compiled, value, &base, diagnostics);
                        }
                    }
                }
                None => {
                    for (rule, compiled) in self.rules_for(rt) {
                        for (tail, v) in resolve(value, &compiled.path) {
                            self.check_value(
                                rule,
                                compiled,
                                v,
                                &format!("{base}{tail}"),
                                diagnostics,
                            );
                        }
                    }
                }
            }
        }
    }
}

/// A `profile-missing-required` diagnostic pointing where the attribute would be.
fn missing_diagnostic(
    rule: &Rule,
    ptr: &Pointer<'_>,
    path: &Path,
    message: String,
    range: (usize, usize),
) -> Diagnostic {
    let mut pointer = ptr.to_string();
    if let Some(uri) = &path.attribute.uri {
        pointer.push('/');
        pointer.push_str(&escape_pointer_token(uri));
    }
    pointer.push('/');
    pointer.push_str(&escape_pointer_token(&path.attribute.name));
    if let Some(sub) = path.final_sub_attr() {
        pointer.push('/');
        pointer.push_str(&escape_pointer_token(sub));
    }
    let mut d = Diagnostic::new(Code::ProfileMissingRequired, pointer, message)
        .with_range(range.0, range.1);
    d.help.clone_from(&rule.help);
    d
}

fn same_target(a: &Path, b: &Path) -> bool {
    a.attribute.name.eq_ignore_ascii_case(&b.attribute.name)
        && a.final_sub_attr().map(str::to_ascii_lowercase)
            == b.final_sub_attr().map(str::to_ascii_lowercase)
}

/// The values a path selects in a resource, with their pointer relative to it.
/// Value filters select the elements whose members equal the filter's string
/// comparisons (`emails[type eq "work"].value`), which is all profiles need.
fn resolve<'n, 'a>(node: &'n Node<'a>, path: &Path) -> Vec<(String, &'n Node<'a>)> {
    let mut out = Vec::new();
    let Some(members) = node.as_object() else {
        return out;
    };
    let (container, prefix) = match &path.attribute.uri {
        Some(uri) => {
            let Some(m) = members.iter().find(|m| m.key().eq_ignore_ascii_case(uri)) else {
                // `urn:…:User:userName` names a core attribute by its full path.
                return resolve_in(node, path, String::new());
            };
            (
                &m.value,
                format!("/{}", escape_pointer_token(&m.key().decode())),
            )
        }
        None => (node, String::new()),
    };
    out.extend(resolve_in(container, path, prefix));
    out
}

fn resolve_in<'n, 'a>(
    container: &'n Node<'a>,
    path: &Path,
    prefix: String,
) -> Vec<(String, &'n Node<'a>)> {
    let mut out = Vec::new();
    let Some(member) = container.as_object().and_then(|m| {
        m.iter()
            .find(|m| m.key().eq_ignore_ascii_case(&path.attribute.name))
    }) else {
        return out;
    };
    let base = format!("{prefix}/{}", escape_pointer_token(&member.key().decode()));
    let sub = path.final_sub_attr();
    let pick = |element: &'n Node<'a>, at: String, out: &mut Vec<(String, &'n Node<'a>)>| match sub
    {
        None => {
            if !element.is_null() {
                out.push((at, element));
            }
        }
        Some(sub) => {
            if let Some(m) = element
                .as_object()
                .and_then(|m| m.iter().find(|m| m.key().eq_ignore_ascii_case(sub)))
            {
                if !m.value.is_null() {
                    out.push((
                        format!("{at}/{}", escape_pointer_token(&m.key().decode())),
                        &m.value,
                    ));
                }
            }
        }
    };
    match &member.value.kind {
        Kind::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if path.filter.as_ref().is_none_or(|f| simple_match(f, item)) {
                    pick(item, format!("{base}/{i}"), &mut out);
                }
            }
        }
        _ => pick(&member.value, base, &mut out),
    }
    out
}

/// Matches `a eq "x"` comparisons joined by `and` against an element's string
/// members; anything else in a profile path selects every element.
fn simple_match(filter: &crate::filter::Filter, element: &Node<'_>) -> bool {
    use crate::filter::{CompValue, CompareOp, Filter};
    match filter {
        Filter::And { left, right } => simple_match(left, element) && simple_match(right, element),
        Filter::Compare {
            attribute,
            op: CompareOp::Eq,
            value,
            ..
        } => {
            let found = element.get_ignore_case(&attribute.name);
            match (found.map(|f| &f.kind), value) {
                (Some(Kind::String(s)), CompValue::String(v)) => s.decode().eq_ignore_ascii_case(v),
                (Some(Kind::Bool(b)), CompValue::Bool(v)) => b == v,
                _ => false,
            }
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_profiles_load() {
        assert_eq!(builtin().len(), BUILTIN_SOURCES.len());
        let p = find_builtin("EMAIL-PREFIX-USERNAME").unwrap();
        assert!(!p.features.bulk);
        assert!(p.rules[0].compiled.is_some());
    }

    #[test]
    fn invalid_profiles_are_reported() {
        let err = Profile::from_json(r#"{"name":"x","rules":[{"resourceType":"User","attribute":"userName","pattern":"("}]}"#).unwrap_err();
        assert_eq!(err.diagnostics[0].code, Code::ProfileInvalid);
        assert_eq!(err.diagnostics[0].path, "/rules/0/pattern");
        let err = Profile::from_json(r#"{"name":1}"#).unwrap_err();
        assert_eq!(err.diagnostics[0].code, Code::ProfileInvalid);
    }
}
