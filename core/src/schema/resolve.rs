//! Resolving attribute paths against a resource type's schemas: the one
//! resolver behind filters, PATCH, search attributes, profiles and mappings, so that
//! `userName`, `urn:…:User:userName`, `name.givenName`,
//! `urn:…:enterprise:2.0:User:manager.value` and the sub-attributes inside
//! `emails[ … ]` mean the same thing everywhere.

use std::sync::OnceLock;

use super::model::{Attribute, AttributeType, Mutability, ResourceType, Schema};
use super::registry::Registry;
use crate::suggest::closest;

/// An attribute reference as the path grammar reads it: `[URI ":"] name
/// ["." subAttr]`. The filter module's `AttrPath` is one; resolving needs
/// only these parts, so the schemas do not depend on the grammar.
pub trait AttributeReference {
    /// The schema URI prefix, when written.
    fn uri(&self) -> Option<&str>;
    /// The attribute name.
    fn name(&self) -> &str;
    /// The sub-attribute name, when written.
    fn sub_attr(&self) -> Option<&str>;
    /// The reference as written: `urn:…:name.sub`.
    fn written(&self) -> String {
        let mut out = String::new();
        if let Some(uri) = self.uri() {
            out.push_str(uri);
            out.push(':');
        }
        out.push_str(self.name());
        if let Some(sub) = self.sub_attr() {
            out.push('.');
            out.push_str(sub);
        }
        out
    }
}

/// Where an attribute lives and what it is.
#[derive(Debug, Clone, Copy)]
pub struct Resolved<'r> {
    /// The extension schema whose object holds the attribute; `None` for core
    /// and common attributes, which sit at the top level of the resource.
    pub extension: Option<&'r Schema>,
    /// The attribute.
    pub attr: &'r Attribute,
    /// The sub-attribute, when the path names one.
    pub sub: Option<&'r Attribute>,
    /// Whether an extension attribute was written without its schema URI
    /// (RFC 7644 §3.10: extension attributes SHOULD be qualified).
    pub unqualified: bool,
}

impl<'r> Resolved<'r> {
    /// The attribute the path ends in (the sub-attribute when there is one).
    pub fn leaf(&self) -> &'r Attribute {
        self.sub.unwrap_or(self.attr)
    }
}

/// Why a path does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResolveError {
    /// The URI prefix names a schema the resource type does not use.
    UnknownSchema {
        /// The URI as written.
        uri: String,
    },
    /// No attribute of that name.
    UnknownAttribute {
        /// The path as written.
        name: String,
        /// The closest known name, when one is close.
        suggestion: Option<String>,
    },
    /// The attribute has no sub-attribute of that name.
    UnknownSubAttribute {
        /// The attribute.
        attr: String,
        /// The sub-attribute as written.
        sub: String,
        /// The closest known sub-attribute, when one is close.
        suggestion: Option<String>,
    },
    /// A sub-attribute was named on an attribute that is not complex.
    NotComplex {
        /// The attribute.
        attr: String,
        /// The sub-attribute as written.
        sub: String,
    },
}

impl std::fmt::Display for ResolveError {
    /// The message without a resource type's name (see [`ResolveError::message`]).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ResolveError::UnknownSchema { uri } => {
                write!(f, "the resource type does not use the schema `{uri}`")
            }
            ResolveError::UnknownAttribute { name, .. } => {
                write!(f, "the resource type has no attribute `{name}`")
            }
            other => f.write_str(&other.message("")),
        }
    }
}

impl std::error::Error for ResolveError {}

impl ResolveError {
    /// The message, for an admin, naming the resource type.
    pub fn message(&self, resource_type: &str) -> String {
        match self {
            ResolveError::UnknownSchema { uri } => {
                format!("the {resource_type} resource type does not use the schema `{uri}`")
            }
            ResolveError::UnknownAttribute { name, .. } => {
                format!("the {resource_type} resource type has no attribute `{name}`")
            }
            ResolveError::UnknownSubAttribute { attr, sub, .. } => {
                format!("`{attr}` has no sub-attribute `{sub}`")
            }
            ResolveError::NotComplex { attr, sub } => {
                format!("`{attr}` is not a complex attribute, so it has no sub-attribute `{sub}`")
            }
        }
    }

    /// "did you mean …" advice, when there is a close name.
    pub fn help(&self) -> Option<String> {
        match self {
            ResolveError::UnknownAttribute {
                suggestion: Some(s),
                ..
            } => Some(format!("did you mean `{s}`?")),
            ResolveError::UnknownSubAttribute {
                attr,
                suggestion: Some(s),
                ..
            } => Some(format!("did you mean `{attr}.{s}`?")),
            _ => None,
        }
    }
}

/// The `schemas` attribute every resource carries (RFC 7643 §3). It belongs to
/// no schema, so it is described here for filters such as
/// `schemas eq "urn:…:enterprise:2.0:User"` (RFC 7644 §3.4.2.2, Figure 2).
pub(crate) fn schemas_attribute() -> &'static Attribute {
    static SCHEMAS: OnceLock<Attribute> = OnceLock::new();
    SCHEMAS.get_or_init(|| {
        let mut a = Attribute::new("schemas", AttributeType::Reference);
        a.multi_valued = true;
        a.mutability = Mutability::ReadOnly;
        a
    })
}

/// The schemas of a resource type: core first, then extensions (unknown URIs skipped).
pub(crate) fn schemas_of<'r>(
    registry: &'r Registry,
    resource_type: &ResourceType,
) -> (Option<&'r Schema>, Vec<&'r Schema>) {
    let core = registry.schema(&resource_type.schema);
    let extensions = resource_type
        .schema_extensions
        .iter()
        .filter_map(|e| registry.schema(&e.schema))
        .collect();
    (core, extensions)
}

/// Resolves a top-level attribute path. Without a URI the name is looked up in
/// the core schema, the common attributes, `schemas`, then the extensions
/// (RFC 7644 §3.10 lets clients omit the core URI and only says extension
/// attributes SHOULD be qualified).
pub fn resolve<'r>(
    registry: &'r Registry,
    resource_type: &ResourceType,
    path: &impl AttributeReference,
) -> Result<Resolved<'r>, ResolveError> {
    let (core, extensions) = schemas_of(registry, resource_type);
    let (extension, attr) = match path.uri() {
        Some(uri) => {
            if resource_type.schema.eq_ignore_ascii_case(uri) {
                let attr = core
                    .and_then(|s| s.attribute(path.name()))
                    .or_else(|| registry.common_attribute(path.name()));
                (None, attr)
            } else if let Some(ext) = extensions.iter().find(|s| s.id.eq_ignore_ascii_case(uri)) {
                (Some(*ext), ext.attribute(path.name()))
            } else {
                return Err(ResolveError::UnknownSchema {
                    uri: uri.to_string(),
                });
            }
        }
        None => {
            let top = core
                .and_then(|s| s.attribute(path.name()))
                .or_else(|| registry.common_attribute(path.name()))
                .or_else(|| {
                    path.name()
                        .eq_ignore_ascii_case("schemas")
                        .then(schemas_attribute)
                });
            match top {
                Some(a) => (None, Some(a)),
                None => extensions
                    .iter()
                    .find_map(|s| s.attribute(path.name()).map(|a| (Some(*s), Some(a))))
                    .unwrap_or((None, None)),
            }
        }
    };
    let Some(attr) = attr else {
        let candidates = candidate_names(registry, core, extension, &extensions, path);
        return Err(ResolveError::UnknownAttribute {
            name: path.written(),
            suggestion: closest(path.name(), candidates.iter().map(String::as_str))
                .map(|s| qualify(path, s)),
        });
    };
    let sub = match path.sub_attr() {
        Some(sub) => Some(sub_attribute(attr, sub)?),
        None => None,
    };
    Ok(Resolved {
        extension,
        attr,
        sub,
        unqualified: extension.is_some() && path.uri().is_none(),
    })
}

/// Resolves a path written inside `parent[ … ]`: its name is a sub-attribute
/// of the multi-valued parent (RFC 7644 Figure 1, `valuePath`).
pub fn resolve_in_element<'r>(
    parent: &'r Attribute,
    path: &impl AttributeReference,
) -> Result<&'r Attribute, ResolveError> {
    if path.uri().is_some() || path.sub_attr().is_some() {
        return Err(ResolveError::UnknownSubAttribute {
            attr: parent.name.clone(),
            sub: path.written(),
            suggestion: None,
        });
    }
    sub_attribute(parent, path.name())
}

fn sub_attribute<'r>(attr: &'r Attribute, sub: &str) -> Result<&'r Attribute, ResolveError> {
    if attr.kind != AttributeType::Complex {
        return Err(ResolveError::NotComplex {
            attr: attr.name.clone(),
            sub: sub.to_string(),
        });
    }
    attr.sub_attribute(sub)
        .ok_or_else(|| ResolveError::UnknownSubAttribute {
            attr: attr.name.clone(),
            sub: sub.to_string(),
            suggestion: closest(sub, attr.sub_attributes.iter().map(|a| a.name.as_str()))
                .map(str::to_string),
        })
}

fn candidate_names(
    registry: &Registry,
    core: Option<&Schema>,
    extension: Option<&Schema>,
    extensions: &[&Schema],
    path: &impl AttributeReference,
) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    match (path.uri(), extension) {
        (Some(_), Some(ext)) => names.extend(ext.attributes.iter().map(|a| a.name.clone())),
        _ => {
            names.extend(
                core.iter()
                    .flat_map(|s| s.attributes.iter().map(|a| a.name.clone())),
            );
            names.extend(registry.common_attributes().iter().map(|a| a.name.clone()));
            if path.uri().is_none() {
                names.extend(
                    extensions
                        .iter()
                        .flat_map(|s| s.attributes.iter().map(|a| a.name.clone())),
                );
            }
        }
    }
    names
}

fn qualify(path: &impl AttributeReference, name: &str) -> String {
    match path.uri() {
        Some(uri) => format!("{uri}:{name}"),
        None => name.to_string(),
    }
}

/// A path that names a whole extension of `resource_type` by its URI
/// (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`), which the
/// grammar splits into a URI and a last name.
pub fn resolve_extension<'r>(
    registry: &'r Registry,
    resource_type: &ResourceType,
    path: &impl AttributeReference,
) -> Option<&'r Schema> {
    let uri = path.uri()?;
    if path.sub_attr().is_some() {
        return None;
    }
    let whole = format!("{uri}:{}", path.name());
    resource_type
        .schema_extensions
        .iter()
        .find(|e| e.schema.eq_ignore_ascii_case(&whole))
        .and_then(|e| registry.schema(&e.schema))
}

impl Registry {
    /// Resolves `path` for `resource_type`; see [`resolve`].
    ///
    /// # Errors
    /// A [`ResolveError`] naming what does not exist, with a suggestion when a
    /// name is close to a real one.
    pub fn resolve<'r>(
        &'r self,
        resource_type: &ResourceType,
        path: &impl AttributeReference,
    ) -> Result<Resolved<'r>, ResolveError> {
        resolve(self, resource_type, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::{AttrPath, parse_attr_path};

    #[test]
    fn resolves_core_common_extension_and_sub_attributes() {
        let registry = Registry::builtin();
        let user = registry.resource_type("User").unwrap();
        let r = resolve(
            &registry,
            user,
            &AttrPath::new("NAME").with_sub_attr("givenname"),
        )
        .unwrap();
        assert_eq!(
            (r.attr.name.as_str(), r.sub.map(|s| s.name.as_str())),
            ("name", Some("givenName"))
        );
        let r = resolve(
            &registry,
            user,
            &AttrPath::new("employeeNumber")
                .with_uri("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"),
        )
        .unwrap();
        assert!(r.extension.is_some());
        assert!(
            resolve(
                &registry,
                user,
                &AttrPath::new("meta").with_sub_attr("created")
            )
            .is_ok()
        );
        assert!(resolve(&registry, user, &AttrPath::new("schemas")).is_ok());
        let err = resolve(&registry, user, &AttrPath::new("usrName")).unwrap_err();
        assert_eq!(err.help().as_deref(), Some("did you mean `userName`?"));
        assert!(matches!(
            resolve(
                &registry,
                user,
                &AttrPath::new("userName").with_sub_attr("x")
            ),
            Err(ResolveError::NotComplex { .. })
        ));
        assert!(matches!(
            resolve(&registry, user, &AttrPath::new("x").with_uri("urn:acme")),
            Err(ResolveError::UnknownSchema { .. })
        ));
    }

    #[test]
    fn whole_extensions_and_unqualified_extension_attributes() {
        let registry = Registry::builtin();
        let user = registry.resource_type("User").unwrap();
        let whole =
            parse_attr_path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").unwrap();
        assert!(resolve_extension(&registry, user, &whole).is_some());
        let qualified = parse_attr_path(
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
        )
        .unwrap();
        let r = registry.resolve(user, &qualified).unwrap();
        assert_eq!(
            (
                r.attr.name.as_str(),
                r.sub.map(|s| s.name.as_str()),
                r.unqualified
            ),
            ("manager", Some("value"), false)
        );
        let bare = registry
            .resolve(user, &parse_attr_path("employeeNumber").unwrap())
            .unwrap();
        assert!(bare.unqualified);
        let e = registry
            .resolve(user, &parse_attr_path("userNam").unwrap())
            .unwrap_err();
        assert_eq!(e.help().as_deref(), Some("did you mean `userName`?"));
    }
}
