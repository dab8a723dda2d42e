//! What a PATCH `path` points at (RFC 7644 §3.5.2, Figure 1 `PATH`).

use crate::filter::check::check_value_filter;
use crate::filter::{Filter, Path, print};
use crate::schema::resolve::{resolve, resolve_extension};
use crate::schema::{Attribute, AttributeType, Registry, ResourceType, Schema};

/// A resolved PATCH target.
#[derive(Debug, Clone)]
pub(super) enum Target<'r> {
    /// A whole extension object: `path` is the extension's URI.
    Extension(&'r Schema),
    /// An attribute, optionally narrowed by a value filter and a sub-attribute.
    Attr {
        /// The extension holding the attribute (`None`: top level).
        ext: Option<&'r Schema>,
        /// The attribute.
        attr: &'r Attribute,
        /// `emails[type eq "work"]`: the elements the operation applies to.
        filter: Option<Filter>,
        /// `name.givenName` or `emails[…].value`: the sub-attribute.
        sub: Option<&'r Attribute>,
        /// An extension attribute written without its schema URI.
        unqualified: bool,
    },
}

/// Why a path cannot be used: message and optional help (scimType `invalidPath`).
pub(super) struct Invalid {
    pub message: String,
    pub help: Option<String>,
}

/// Resolves a parsed path against the resource type.
pub(super) fn resolve_target<'r>(
    registry: &'r Registry,
    resource_type: &ResourceType,
    path: &Path,
) -> Result<Target<'r>, Invalid> {
    let a = &path.attribute;
    if path.filter.is_none() {
        if let Some(ext) = resolve_extension(registry, resource_type, a) {
            return Ok(Target::Extension(ext));
        }
    }
    let resolved = resolve(registry, resource_type, a).map_err(|e| Invalid {
        message: e.message(&resource_type.name),
        help: e.help(),
    })?;
    let printed = print::path(path);
    let mut sub = resolved.sub;
    if let Some(filter) = &path.filter {
        if !resolved.attr.multi_valued {
            return Err(Invalid {
                message: format!(
                    "`{printed}`: a value filter selects elements of a multi-valued attribute, and `{}` is single-valued",
                    resolved.attr.name
                ),
                help: Some(format!("write the path without `[ … ]`: {}", a)),
            });
        }
        let problems = check_value_filter(filter, registry, resource_type, resolved.attr);
        if let Some(p) = problems.iter().find(|d| d.is_error()) {
            return Err(Invalid {
                message: format!("`{printed}`: {}", p.message),
                help: p.help.clone(),
            });
        }
        if let Some(name) = &path.sub_attr {
            match resolved.attr.sub_attribute(name) {
                Some(s) => sub = Some(s),
                None => {
                    return Err(Invalid {
                        message: format!("`{}` has no sub-attribute `{name}`", resolved.attr.name),
                        help: None,
                    });
                }
            }
        }
    } else if let (Some(s), true) = (sub, resolved.attr.multi_valued) {
        return Err(Invalid {
            message: format!(
                "`{printed}` names the sub-attribute `{}` of every element of the multi-valued `{}`; RFC 7644 §3.5.2 selects elements with a value filter",
                s.name, resolved.attr.name
            ),
            help: Some(format!(
                "write {}[type eq \"work\"].{} (or another filter)",
                resolved.attr.name, s.name
            )),
        });
    }
    if resolved.attr.kind != AttributeType::Complex && path.filter.is_some() {
        // A filter on a multi-valued simple attribute (`schemas[…]`) has no sub-attributes to test.
        return Err(Invalid {
            message: format!(
                "`{printed}`: a value filter needs a multi-valued complex attribute; `{}` has no sub-attributes",
                resolved.attr.name
            ),
            help: None,
        });
    }
    Ok(Target::Attr {
        ext: resolved.extension,
        attr: resolved.attr,
        filter: path.filter.clone(),
        sub,
        unqualified: resolved.unqualified,
    })
}
