//! Resolving an attribute path (`name.givenName`, `urn:…:User:manager`) to
//! its definition for a resource type: one place for PATCH paths, filters,
//! profiles and mapping targets.

use super::model::{Attribute, ResourceType, Schema};
use super::registry::Registry;
use crate::filter::AttrPath;
use crate::validate::closest;

/// What an attribute path names.
#[derive(Debug, Clone, Copy)]
pub enum Resolved<'r> {
    /// An attribute, possibly one of its sub-attributes.
    Attribute {
        /// The schema the attribute belongs to (`None` for `id`, `externalId`, `meta`).
        schema: Option<&'r Schema>,
        /// The attribute.
        attribute: &'r Attribute,
        /// The sub-attribute, when the path has one.
        sub_attribute: Option<&'r Attribute>,
        /// Whether an extension attribute was written without its schema URI.
        unqualified_extension: bool,
    },
    /// A whole extension, written as its schema URI (`urn:…:enterprise:2.0:User`).
    Extension(&'r Schema),
}

impl<'r> Resolved<'r> {
    /// The attribute the path ends in (the sub-attribute if there is one).
    pub fn target(&self) -> Option<&'r Attribute> {
        match self {
            Resolved::Attribute {
                attribute,
                sub_attribute,
                ..
            } => Some(sub_attribute.unwrap_or(attribute)),
            Resolved::Extension(_) => None,
        }
    }

    /// The top-level attribute.
    pub fn attribute(&self) -> Option<&'r Attribute> {
        match self {
            Resolved::Attribute { attribute, .. } => Some(attribute),
            Resolved::Extension(_) => None,
        }
    }
}

impl Registry {
    /// Resolves `path` for resource type `rt`.
    ///
    /// # Errors
    /// A message for an admin, with a suggestion when a name is close to a real one.
    pub fn resolve<'r>(
        &'r self,
        rt: &ResourceType,
        path: &AttrPath,
    ) -> Result<Resolved<'r>, String> {
        let schemas: Vec<&Schema> = std::iter::once(&rt.schema)
            .chain(rt.schema_extensions.iter().map(|e| &e.schema))
            .filter_map(|uri| self.schema(uri))
            .collect();
        let (schema, attribute, unqualified) = match &path.uri {
            Some(uri) => {
                if let Some(schema) = schemas.iter().find(|s| s.id.eq_ignore_ascii_case(uri)) {
                    let Some(attr) = schema.attribute(&path.name) else {
                        return Err(unknown(
                            &path.name,
                            schema.attributes.iter(),
                            schema.name.as_deref().unwrap_or(&schema.id),
                        ));
                    };
                    (Some(*schema), attr, false)
                } else {
                    let whole = format!("{uri}:{}", path.name);
                    if let Some(schema) = schemas.iter().find(|s| s.id.eq_ignore_ascii_case(&whole))
                    {
                        if path.sub_attr.is_none() {
                            return Ok(Resolved::Extension(schema));
                        }
                    }
                    return Err(if self.schema(uri).is_some() {
                        format!("`{uri}` is not a schema of the {} resource type", rt.name)
                    } else {
                        format!("no loaded schema has the URI `{uri}`")
                    });
                }
            }
            None => {
                if let Some(attr) = self.common_attribute(&path.name) {
                    (None, attr, false)
                } else if let Some(attr) =
                    schemas.first().and_then(|core| core.attribute(&path.name))
                {
                    (schemas.first().copied(), attr, false)
                } else if let Some((schema, attr)) = schemas
                    .iter()
                    .skip(1)
                    .find_map(|s| s.attribute(&path.name).map(|a| (*s, a)))
                {
                    (Some(schema), attr, true)
                } else {
                    let all = schemas
                        .first()
                        .into_iter()
                        .flat_map(|s| s.attributes.iter())
                        .chain(self.common_attributes());
                    return Err(unknown(&path.name, all, &rt.name));
                }
            }
        };
        let sub_attribute = match &path.sub_attr {
            None => None,
            Some(sub) => match attribute.sub_attribute(sub) {
                Some(s) => Some(s),
                None if attribute.sub_attributes.is_empty() => {
                    return Err(format!(
                        "`{}` has no sub-attributes, so `{}.{sub}` names nothing",
                        attribute.name, attribute.name
                    ));
                }
                None => {
                    return Err(unknown(
                        sub,
                        attribute.sub_attributes.iter(),
                        &attribute.name,
                    ));
                }
            },
        };
        Ok(Resolved::Attribute {
            schema,
            attribute,
            sub_attribute,
            unqualified_extension: unqualified,
        })
    }
}

fn unknown<'a>(name: &str, candidates: impl Iterator<Item = &'a Attribute>, owner: &str) -> String {
    let names: Vec<&str> = candidates.map(|a| a.name.as_str()).collect();
    match closest(name, names.iter().copied()) {
        Some(c) => format!("`{name}` is not an attribute of {owner}; did you mean `{c}`?"),
        None => format!("`{name}` is not an attribute of {owner}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::parse_attr_path;

    fn resolve(path: &str) -> Result<String, String> {
        let registry = Registry::builtin();
        let rt = registry.resource_type("User").unwrap();
        let r = registry.resolve(rt, &parse_attr_path(path).unwrap())?;
        Ok(match r {
            Resolved::Attribute {
                attribute,
                sub_attribute,
                unqualified_extension,
                ..
            } => format!(
                "{}{}{}",
                attribute.name,
                sub_attribute
                    .map(|s| format!(".{}", s.name))
                    .unwrap_or_default(),
                if unqualified_extension {
                    " (unqualified)"
                } else {
                    ""
                }
            ),
            Resolved::Extension(s) => s.id.clone(),
        })
    }

    #[test]
    fn resolves_paths() {
        assert_eq!(resolve("NAME.givenname").unwrap(), "name.givenName");
        assert_eq!(
            resolve("urn:ietf:params:scim:schemas:core:2.0:User:userName").unwrap(),
            "userName"
        );
        assert_eq!(
            resolve("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value")
                .unwrap(),
            "manager.value"
        );
        assert_eq!(
            resolve("employeeNumber").unwrap(),
            "employeeNumber (unqualified)"
        );
        assert_eq!(
            resolve("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").unwrap(),
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
        );
        assert_eq!(resolve("meta.created").unwrap(), "meta.created");
        assert!(
            resolve("userNam")
                .unwrap_err()
                .contains("did you mean `userName`")
        );
        assert!(
            resolve("name.first")
                .unwrap_err()
                .contains("not an attribute of name")
        );
        assert!(
            resolve("urn:ietf:params:scim:schemas:core:2.0:Group:displayName")
                .unwrap_err()
                .contains("not a schema of the User")
        );
    }
}
