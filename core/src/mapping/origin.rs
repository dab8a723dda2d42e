//! Where each part of a mapping configuration stands in its text: the JSON
//! Pointers of every mapping and field, whichever of the three formats it
//! was read from, and serde reading that reports at those pointers. The
//! readers of each format (`load.rs`, `import_entra.rs`, `import_okta.rs`)
//! fill these in; the checks point with them.

use serde::de::DeserializeOwned;

use super::config::{MappingConfig, ObjectType};
use super::locate::Locator;
use crate::diagnostics::{Code, Diagnostic, LineIndex};
use crate::json::Node;
use crate::mapping::common::suggest;

/// One field of a mapping whose position is tracked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Target,
    Type,
    Source,
    Value,
    Expression,
    Default,
    Apply,
    Matching,
}

/// Where one mapping came from in the text.
#[derive(Debug, Clone, Default)]
pub(crate) struct Origin {
    /// Pointer of the mapping (object) itself.
    pub base: String,
    /// Pointers of its fields; a field without one is reported on `base`.
    pub fields: Vec<(Field, String)>,
    /// Fields whose string in the text is exactly the text scimkit parses,
    /// so spans inside it can be mapped back.
    pub verbatim: Vec<Field>,
}

impl Origin {
    /// The native layout: `{base}/target`, `{base}/source`, ….
    pub(crate) fn native(base: String) -> Origin {
        let field = |f: Field, key: &str| (f, format!("{base}/{key}"));
        Origin {
            fields: vec![
                field(Field::Target, "target"),
                field(Field::Type, "type"),
                field(Field::Source, "source"),
                field(Field::Value, "value"),
                field(Field::Expression, "expression"),
                field(Field::Default, "defaultValue"),
                field(Field::Apply, "apply"),
                field(Field::Matching, "matchingPrecedence"),
            ],
            verbatim: vec![Field::Target, Field::Source, Field::Expression],
            base,
        }
    }

    pub(crate) fn pointer(&self, field: Option<Field>) -> &str {
        field
            .and_then(|f| self.fields.iter().find(|(g, _)| *g == f))
            .map_or(&self.base, |(_, p)| p)
    }

    pub(crate) fn is_verbatim(&self, field: Field) -> bool {
        self.verbatim.contains(&field)
    }
}

/// Where one object type's mappings came from.
#[derive(Debug, Clone, Default)]
pub(crate) struct ObjectOrigin {
    /// Pointer of the object mapping.
    pub object: String,
    /// Pointer of its list of mappings.
    pub list: String,
    /// One origin per mapping, index-aligned with the configuration.
    pub mappings: Vec<Origin>,
}

/// Where everything came from.
#[derive(Debug, Clone, Default)]
pub(crate) struct Origins {
    pub users: ObjectOrigin,
    pub groups: ObjectOrigin,
    /// Pointer of the Okta application username format.
    pub username_format: String,
    /// Whether the username format at that pointer is a custom expression
    /// string (so spans inside it can be mapped).
    pub username_format_verbatim: bool,
}

impl Origins {
    /// The pointers of a configuration in scimkit's format.
    pub(crate) fn native(config: &MappingConfig) -> Origins {
        let object = |t: ObjectType| {
            let key = t.key();
            let count = config.object(t).map_or(0, |o| o.mappings.len());
            ObjectOrigin {
                object: format!("/{key}"),
                list: format!("/{key}/mappings"),
                mappings: (0..count)
                    .map(|i| Origin::native(format!("/{key}/mappings/{i}")))
                    .collect(),
            }
        };
        let custom = matches!(
            config.okta.username_format.0,
            super::okta::AppUsernameFormat::Custom(_)
        );
        Origins {
            users: object(ObjectType::User),
            groups: object(ObjectType::Group),
            username_format: if custom {
                "/okta/usernameFormat/template".into()
            } else {
                "/okta/usernameFormat".into()
            },
            username_format_verbatim: custom,
        }
    }

    pub(crate) fn object(&self, t: ObjectType) -> &ObjectOrigin {
        match t {
            ObjectType::User => &self.users,
            ObjectType::Group => &self.groups,
        }
    }

    pub(crate) fn mapping(&self, t: ObjectType, index: usize) -> Option<&Origin> {
        self.object(t).mappings.get(index)
    }
}

/// Deserializes the value `node` (at `pointer`) with serde, turning an error
/// into a `mapping-invalid` diagnostic on the member it names.
pub(crate) fn deserialize<T: DeserializeOwned>(
    locator: &Locator<'_>,
    node: &Node<'_>,
    pointer: &str,
    what: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    let (start, end) = node.range();
    let slice = locator.text().get(start..end).unwrap_or("");
    match serde_json::from_str::<T>(slice) {
        Ok(value) => Some(value),
        Err(e) => {
            let index = LineIndex::new(slice);
            let (line_start, _) = index.line_range(slice, e.line().max(1));
            let offset = start + (line_start + e.column().saturating_sub(1)).min(slice.len());
            // serde reports the position after the offending token; step back
            // into it so the innermost member is found.
            let inner = locator.pointer_at(offset.saturating_sub(1).max(start));
            let at = if inner.len() >= pointer.len() {
                inner
            } else {
                pointer.to_string()
            };
            let full = e.to_string();
            let message = full
                .rfind(" at line ")
                .map_or(full.as_str(), |i| full.get(..i).unwrap_or(&full));
            let mut d = Diagnostic::new(
                Code::MappingInvalid,
                at.clone(),
                format!("{what} is malformed: {message}"),
            );
            if let Some(help) = unknown_field_help(message) {
                d = d.with_help(help);
            }
            let (s, e) = locator.range(&at);
            diags.push(d.with_range(s, e));
            None
        }
    }
}

/// "did you mean" for serde's `unknown field `x`, expected one of `a`, `b``.
fn unknown_field_help(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (name, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    suggest(name, expected.iter().copied()).map(|s| format!("did you mean `{s}`?"))
}
