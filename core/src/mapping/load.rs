//! Reading a mapping configuration from JSON text in any of the three formats
//! (scimkit's own, Entra ID's exported synchronization schema, Okta's
//! property mappings), keeping for every mapping the JSON Pointers of its
//! fields in the text, so later checks can point at the exact string.

use serde::{Deserialize, Serialize};

use super::config::{MappingConfig, ObjectType};
use super::locate::Locator;
use super::origin::{Field, ObjectOrigin, Origin, Origins, deserialize};
use super::{import_entra, import_okta};
use crate::diagnostics::{Code, Diagnostic, Report, escape_pointer_token};
use crate::json::Node;
use crate::mapping::TextRange;
use crate::mapping::common::suggest;

/// Which format a configuration text was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum ConfigFormat {
    /// scimkit's mapping configuration (`{"identityProvider": …}`).
    Scimkit,
    /// Entra ID's synchronization schema as exported from the console
    /// ("Review your schema") or Graph (`{"synchronizationRules": …}`).
    EntraSchema,
    /// Okta's profile mapping (`{"properties": {…}}`), optionally with the
    /// app's `credentials.userNameTemplate`.
    OktaMappings,
}

/// The outcome of reading a configuration text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoadResult {
    /// The configuration, when the text could be read (possibly with some
    /// mappings left out; see the report).
    pub config: Option<MappingConfig>,
    /// The format detected.
    pub format: Option<ConfigFormat>,
    /// Problems reading it, with pointers and spans into the text.
    pub report: Report,
}

/// A configuration with its origins and, when it came from text, the text.
#[derive(Debug)]
pub(crate) struct Loaded<'a> {
    pub config: MappingConfig,
    pub origins: Origins,
    pub locator: Option<Locator<'a>>,
}

impl Loaded<'_> {
    /// A typed configuration: native pointers, no spans.
    pub(crate) fn typed(config: MappingConfig) -> Loaded<'static> {
        let origins = Origins::native(&config);
        Loaded {
            config,
            origins,
            locator: None,
        }
    }

    /// A diagnostic about `field` of mapping `index` of `object`; `inner` is a
    /// range inside that field's string (an expression's own span).
    pub(crate) fn at_mapping(
        &self,
        code: Code,
        object: ObjectType,
        index: usize,
        field: Option<Field>,
        inner: Option<TextRange>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let origin = self.origins.mapping(object, index);
        let pointer = origin.map_or(String::new(), |o| o.pointer(field).to_string());
        let verbatim = match (origin, field) {
            (Some(o), Some(f)) => o.is_verbatim(f),
            _ => false,
        };
        let d = Diagnostic::new(code, pointer.clone(), message);
        self.with_span(d, &pointer, inner.filter(|_| verbatim))
    }

    /// A diagnostic at `pointer`, with `inner` inside its string when given.
    pub(crate) fn at_pointer(
        &self,
        code: Code,
        pointer: &str,
        inner: Option<TextRange>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let d = Diagnostic::new(code, pointer, message);
        self.with_span(d, pointer, inner)
    }

    fn with_span(&self, d: Diagnostic, pointer: &str, inner: Option<TextRange>) -> Diagnostic {
        let Some(locator) = &self.locator else {
            return d;
        };
        let (start, end) = match inner {
            Some(inner) => locator.inner_range(pointer, inner),
            None => locator.range(pointer),
        };
        d.with_range(start, end)
    }
}

/// Reads `text` in whichever format it is. `None` when nothing usable could
/// be read (not JSON, not an object, no identity provider).
pub(crate) fn load(text: &str) -> (Option<Loaded<'_>>, Option<ConfigFormat>, Vec<Diagnostic>) {
    let root = match crate::json::parse(text) {
        Ok(root) => root,
        Err(d) => return (None, None, crate::json::syntax_errors(text, d)),
    };
    let locator = Locator::new(text, root);
    let mut diags = Vec::new();
    let root = locator.root();
    let Some(members) = root.as_object() else {
        let (s, e) = root.range();
        diags.push(
            Diagnostic::new(
                Code::MappingInvalid,
                "",
                format!(
                    "a mapping configuration must be a JSON object, found {}",
                    root.type_name()
                ),
            )
            .with_range(s, e),
        );
        return (None, None, diags);
    };
    let has = |k: &str| members.iter().any(|m| m.key().eq_str(k));
    let format = if has("identityProvider") {
        ConfigFormat::Scimkit
    } else if has("synchronizationRules") || has("objectMappings") || has("attributeMappings") {
        ConfigFormat::EntraSchema
    } else if has("properties") {
        ConfigFormat::OktaMappings
    } else {
        let (s, _) = root.range();
        diags.push(
            Diagnostic::new(
                Code::MappingInvalid,
                "",
                "this is not a mapping configuration: expected \"identityProvider\" (scimkit's format), \"synchronizationRules\" (an Entra ID provisioning schema) or \"properties\" (an Okta profile mapping)",
            )
            .with_range(s, s + 1)
            .with_help("start from a preset (`scimkit map presets`) or paste what the console exports: Entra ID → Provisioning → Mappings → Show advanced options → Review your schema; Okta → the Mappings API (GET /api/v1/mappings/{id})"),
        );
        return (None, None, diags);
    };
    let imported = match format {
        ConfigFormat::Scimkit => read_native(&locator, &mut diags),
        ConfigFormat::EntraSchema => import_entra::import(&locator, &mut diags),
        ConfigFormat::OktaMappings => import_okta::import(&locator, &mut diags),
    };
    let loaded = imported.map(|(config, origins)| Loaded {
        config,
        origins,
        locator: Some(locator),
    });
    (loaded, Some(format), diags)
}

const TOP_KEYS: &[&str] = &[
    "identityProvider",
    "name",
    "entra",
    "okta",
    "users",
    "groups",
];
const OBJECT_KEYS: &[&str] = &["name", "enabled", "sourceAttributes", "mappings"];

/// scimkit's own format, read piecewise so one bad mapping does not hide
/// the others.
fn read_native(
    locator: &Locator<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<(MappingConfig, Origins)> {
    let root = locator.root();
    let members = root.as_object()?;
    let mut config: Option<MappingConfig> = None;
    let idp_node = root.get("identityProvider")?;
    if let Some(idp) = deserialize(
        locator,
        idp_node,
        "/identityProvider",
        "`identityProvider` (\"entra\" or \"okta\")",
        diags,
    ) {
        config = Some(MappingConfig::new(idp));
    }
    let mut config = config?;
    let mut origins = Origins::native(&config);
    for member in members {
        let key = member.key().decode();
        let pointer = format!("/{}", escape_pointer_token(&key));
        match key.as_ref() {
            "identityProvider" => {}
            "name" => config.name = deserialize(locator, &member.value, &pointer, "`name`", diags),
            "entra" => {
                if let Some(s) = deserialize(
                    locator,
                    &member.value,
                    &pointer,
                    "the Entra ID settings",
                    diags,
                ) {
                    config.entra = s;
                }
            }
            "okta" => {
                if let Some(s) =
                    deserialize(locator, &member.value, &pointer, "the Okta settings", diags)
                {
                    config.okta = s;
                }
            }
            "users" | "groups" => {
                let t = if key == "users" {
                    ObjectType::User
                } else {
                    ObjectType::Group
                };
                let (object, origin) = read_object(locator, &member.value, &pointer, diags);
                *match t {
                    ObjectType::User => &mut origins.users,
                    ObjectType::Group => &mut origins.groups,
                } = origin;
                match t {
                    ObjectType::User => config.users = object,
                    ObjectType::Group => config.groups = object,
                }
            }
            other => diags.push(unknown_key(locator, member, &pointer, other, TOP_KEYS)),
        }
    }
    let custom = Origins::native(&config);
    origins.username_format = custom.username_format;
    origins.username_format_verbatim = custom.username_format_verbatim;
    Some((config, origins))
}

fn unknown_key(
    locator: &Locator<'_>,
    member: &crate::json::Member<'_>,
    pointer: &str,
    key: &str,
    known: &[&str],
) -> Diagnostic {
    let _ = locator;
    let (s, e) = member.key_range();
    let mut d = Diagnostic::new(
        Code::MappingInvalid,
        pointer,
        format!(
            "`{key}` is not a field of a mapping configuration here (expected {})",
            known.join(", ")
        ),
    )
    .with_range(s, e);
    if let Some(s) = suggest(key, known.iter().copied()) {
        d = d.with_help(format!("did you mean `{s}`?"));
    }
    d
}

fn read_object(
    locator: &Locator<'_>,
    node: &Node<'_>,
    pointer: &str,
    diags: &mut Vec<Diagnostic>,
) -> (Option<super::config::ObjectMapping>, ObjectOrigin) {
    let mut origin = ObjectOrigin {
        object: pointer.to_string(),
        list: format!("{pointer}/mappings"),
        mappings: Vec::new(),
    };
    let Some(members) = node.as_object() else {
        let (s, e) = node.range();
        diags.push(
            Diagnostic::new(
                Code::MappingInvalid,
                pointer,
                format!(
                    "`{}` must be an object with \"mappings\", found {}",
                    pointer.trim_start_matches('/'),
                    node.type_name()
                ),
            )
            .with_range(s, e),
        );
        return (None, origin);
    };
    let mut object = super::config::ObjectMapping {
        enabled: true,
        ..Default::default()
    };
    for member in members {
        let key = member.key().decode();
        let at = format!("{pointer}/{}", escape_pointer_token(&key));
        match key.as_ref() {
            "name" => object.name = deserialize(locator, &member.value, &at, "`name`", diags),
            "enabled" => {
                if let Some(b) = deserialize(locator, &member.value, &at, "`enabled`", diags) {
                    object.enabled = b;
                }
            }
            "sourceAttributes" => {
                if let Some(list) = deserialize(
                    locator,
                    &member.value,
                    &at,
                    "`sourceAttributes` (a list of attribute names)",
                    diags,
                ) {
                    object.source_attributes = list;
                }
            }
            "mappings" => {
                let Some(items) = member.value.as_array() else {
                    let (s, e) = member.value.range();
                    diags.push(
                        Diagnostic::new(
                            Code::MappingInvalid,
                            at.clone(),
                            format!(
                                "`mappings` must be a list, found {}",
                                member.value.type_name()
                            ),
                        )
                        .with_range(s, e),
                    );
                    continue;
                };
                for (i, item) in items.iter().enumerate() {
                    let item_at = format!("{at}/{i}");
                    if let Some(m) =
                        deserialize(locator, item, &item_at, &format!("mapping {i}"), diags)
                    {
                        object.mappings.push(m);
                        origin.mappings.push(Origin::native(item_at));
                    }
                }
            }
            other => diags.push(unknown_key(locator, member, &at, other, OBJECT_KEYS)),
        }
    }
    (Some(object), origin)
}

/// Reads any supported format into a configuration (for adapters that
/// convert an Entra ID or Okta export into scimkit's format).
pub fn load_text(text: &str) -> LoadResult {
    let (loaded, format, diags) = load(text);
    LoadResult {
        config: loaded.map(|l| l.config),
        format,
        report: Report::new(diags).locate(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn native_errors_point_at_the_member() {
        let text = r#"{"identityProvider": "entra",
 "users": {"mappings": [
   {"target": "userName", "sorce": "mail"},
   {"target": "displayName", "source": "displayName"},
   {"target": 7}
 ]},
 "grups": {}}"#;
        let result = load_text(text);
        let config = result.config.unwrap();
        assert_eq!(config.users.unwrap().mappings.len(), 1);
        let d = &result.report.diagnostics;
        assert_eq!(d.len(), 3, "{d:#?}");
        assert_eq!(d[0].path, "/users/mappings/0/sorce");
        assert_eq!(d[0].help.as_deref(), Some("did you mean `source`?"));
        assert_eq!(d[1].path, "/users/mappings/2/target");
        assert_eq!(d[2].path, "/grups");
        assert_eq!(d[2].help.as_deref(), Some("did you mean `groups`?"));
        assert_eq!(result.format, Some(ConfigFormat::Scimkit));
    }

    #[test]
    fn unknown_formats_and_bad_json_are_reported() {
        let r = load_text("{\"foo\": 1}");
        assert!(r.config.is_none());
        assert_eq!(r.report.diagnostics[0].code, Code::MappingInvalid);
        let r = load_text("[1]");
        assert_eq!(r.report.diagnostics[0].code, Code::MappingInvalid);
        let r = load_text("{");
        assert_eq!(r.report.diagnostics[0].code, Code::JsonSyntax);
        let r = load_text(r#"{"identityProvider": "azure"}"#);
        assert!(r.config.is_none());
        assert_eq!(r.report.diagnostics[0].path, "/identityProvider");
    }
}
