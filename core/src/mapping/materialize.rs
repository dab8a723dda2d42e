//! Turning mapped values into SCIM resources: `name.givenName` becomes a
//! nested `name` object, `emails[type eq "work"].value` an element
//! `{"type": "work", "value": …}` of `emails`, an enterprise attribute a
//! member of the object under the extension's URN; values are converted to
//! the target attribute's type the way the identity provider sends them.
//! Also reads a value back at a target path (to compare with the service
//! provider's current resource).

use serde_json::{Map, Value as Json};

use crate::diagnostics::escape_pointer_token;
use crate::filter::{CompValue, Path};
use crate::schema::{Attribute, AttributeType};

use super::compile::{Compiled, TargetAttr};

/// How values are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// A resource body (POST, PUT): booleans and numbers as JSON, a
    /// reference such as manager as `{"value": id}`.
    Resource,
    /// An Entra PATCH value without `aadOptscim062020`: booleans stay the
    /// strings "True"/"False"; manager is the bare id.
    EntraPatch,
    /// An Entra PATCH value with `aadOptscim062020`: JSON booleans; manager
    /// still the bare id (the only form observed).
    EntraPatchCompliant,
}

/// Converts `value` for `attr` in `style`.
pub(crate) fn coerce(value: &Json, attr: &TargetAttr<'_>, style: Style) -> Json {
    let leaf = attr.leaf;
    // A single-valued target takes one value.
    let value = match value {
        Json::Array(items) if !leaf.multi_valued && leaf.kind != AttributeType::Complex => {
            items.first().cloned().unwrap_or(Json::Null)
        }
        other => other.clone(),
    };
    match (&value, leaf.kind) {
        (Json::String(s), AttributeType::Boolean) => {
            let b = if s.eq_ignore_ascii_case("true") {
                Some(true)
            } else if s.eq_ignore_ascii_case("false") {
                Some(false)
            } else {
                None
            };
            match (b, style) {
                (Some(_), Style::EntraPatch) => value,
                (Some(b), _) => Json::Bool(b),
                (None, _) => value,
            }
        }
        (Json::String(s), AttributeType::Integer) => {
            s.trim().parse::<i64>().map_or(value.clone(), Json::from)
        }
        (Json::String(s), AttributeType::Decimal) => s
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(value.clone(), Json::Number),
        (Json::String(s), AttributeType::Complex) if leaf.sub_attribute("value").is_some() => {
            match style {
                Style::Resource => {
                    let mut m = Map::new();
                    m.insert("value".into(), Json::String(s.clone()));
                    Json::Object(m)
                }
                _ => value,
            }
        }
        (Json::Array(items), AttributeType::Complex) if leaf.multi_valued => Json::Array(
            items
                .iter()
                .map(|item| match item {
                    // Entra's AppRoleAssignmentsComplex yields JSON text per role.
                    Json::String(s) if s.trim_start().starts_with('{') => {
                        serde_json::from_str(s).unwrap_or_else(|_| element_of(s))
                    }
                    Json::String(s) => element_of(s),
                    other => other.clone(),
                })
                .collect(),
        ),
        (Json::String(_), _) if leaf.multi_valued && !attr.has_sub => Json::Array(vec![value]),
        _ => value,
    }
}

/// `{"value": s}`: a member or multi-valued element given by its value.
fn element_of(s: &str) -> Json {
    let mut m = Map::new();
    m.insert("value".into(), Json::String(s.to_string()));
    Json::Object(m)
}

/// A filter comparison value converted to the sub-attribute's type
/// (`primary eq "True"` selects `"primary": true`).
pub(crate) fn selector_value(value: &CompValue, sub: Option<&Attribute>) -> Json {
    let json = value.to_json();
    match (sub.map(|s| s.kind), &json) {
        (Some(AttributeType::Boolean), Json::String(s)) if s.eq_ignore_ascii_case("true") => {
            Json::Bool(true)
        }
        (Some(AttributeType::Boolean), Json::String(s)) if s.eq_ignore_ascii_case("false") => {
            Json::Bool(false)
        }
        _ => json,
    }
}

/// Loose equality for selector matching and change detection: strings
/// compare ignoring ASCII case against booleans' "True"/"False".
pub(crate) fn same_value(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::String(s), Json::Bool(v)) | (Json::Bool(v), Json::String(s)) => {
            s.eq_ignore_ascii_case(if *v { "true" } else { "false" })
        }
        (Json::String(x), Json::String(y)) => x == y,
        _ => a == b,
    }
}

fn key_eq(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// The member of `map` named `name` ignoring case, created with `make` if absent.
fn entry<'m>(
    map: &'m mut Map<String, Json>,
    name: &str,
    make: fn() -> Json,
) -> (String, &'m mut Json) {
    let key = map
        .keys()
        .find(|k| key_eq(k, name))
        .cloned()
        .unwrap_or_else(|| name.to_string());
    let slot = map.entry(key.clone()).or_insert_with(make);
    (key, slot)
}

fn object() -> Json {
    Json::Object(Map::new())
}

fn array() -> Json {
    Json::Array(Vec::new())
}

/// Options of [`place`].
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Place {
    /// Entra ID marks the work e-mail it creates `"primary": true`.
    pub entra_primary_work_email: bool,
}

/// Writes `value` (already coerced) at `c`'s target in `body`; returns the
/// JSON Pointer of the value written.
pub(crate) fn place(
    body: &mut Map<String, Json>,
    c: &Compiled<'_, '_>,
    value: Json,
    options: Place,
) -> Option<String> {
    let path = c.path.as_ref()?;
    let attr = c.attr?;
    let mut pointer = String::new();
    let container: &mut Map<String, Json> = match &path.attribute.uri {
        Some(uri) if attr.extension.is_some() => {
            let (key, slot) = entry(body, uri, object);
            if !slot.is_object() {
                *slot = object();
            }
            pointer.push('/');
            pointer.push_str(&escape_pointer_token(&key));
            slot.as_object_mut()?
        }
        _ => body,
    };
    let name = path.attribute.name.as_str();
    match (&path.filter, &c.selector) {
        (Some(_), Some(selector)) => {
            let (key, slot) = entry(container, name, array);
            if !slot.is_array() {
                *slot = array();
            }
            pointer.push('/');
            pointer.push_str(&escape_pointer_token(&key));
            let items = slot.as_array_mut()?;
            let wanted: Vec<(String, Json)> = selector
                .iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        selector_value(v, attr.attribute.sub_attribute(k)),
                    )
                })
                .collect();
            let found = items.iter().position(|item| {
                wanted.iter().all(|(k, v)| {
                    item.as_object().is_some_and(|m| {
                        m.iter().any(|(ik, iv)| key_eq(ik, k) && same_value(iv, v))
                    })
                })
            });
            let index = match found {
                Some(i) => i,
                None => {
                    let mut element = Map::new();
                    let work_email = options.entra_primary_work_email
                        && key_eq(name, "emails")
                        && wanted
                            .iter()
                            .any(|(k, v)| key_eq(k, "type") && same_value(v, &Json::from("work")));
                    if work_email && !wanted.iter().any(|(k, _)| key_eq(k, "primary")) {
                        element.insert("primary".into(), Json::Bool(true));
                    }
                    for (k, v) in wanted {
                        element.insert(k, v);
                    }
                    items.push(Json::Object(element));
                    items.len() - 1
                }
            };
            pointer.push_str(&format!("/{index}"));
            let element = items.get_mut(index)?.as_object_mut()?;
            match &path.sub_attr {
                Some(sub) => {
                    let (k, slot) = entry(element, sub, || Json::Null);
                    *slot = value;
                    pointer.push('/');
                    pointer.push_str(&escape_pointer_token(&k));
                }
                None => match value {
                    Json::Object(fields) => element.extend(fields),
                    other => {
                        element.insert("value".into(), other);
                        pointer.push_str("/value");
                    }
                },
            }
        }
        _ => match &path.attribute.sub_attr {
            Some(sub) => {
                let (key, slot) = entry(container, name, object);
                if !slot.is_object() {
                    *slot = object();
                }
                pointer.push('/');
                pointer.push_str(&escape_pointer_token(&key));
                let (k, inner) = entry(slot.as_object_mut()?, sub, || Json::Null);
                *inner = value;
                pointer.push('/');
                pointer.push_str(&escape_pointer_token(&k));
            }
            None => {
                let (key, slot) = entry(container, name, || Json::Null);
                *slot = value;
                pointer.push('/');
                pointer.push_str(&escape_pointer_token(&key));
            }
        },
    }
    Some(pointer)
}

/// The value at `c`'s target in `resource` (for change detection), if any.
pub(crate) fn read(resource: &Json, c: &Compiled<'_, '_>) -> Option<Json> {
    let path: &Path = c.path.as_ref()?;
    let attr = c.attr?;
    let get = |m: &Map<String, Json>, k: &str| {
        m.iter()
            .find(|(mk, _)| key_eq(mk, k))
            .map(|(_, v)| v.clone())
    };
    let mut container = resource.as_object()?.clone();
    if let (Some(uri), Some(_)) = (&path.attribute.uri, attr.extension) {
        container = get(&container, uri)?.as_object()?.clone();
    }
    let top = get(&container, &path.attribute.name)?;
    let found = match (&path.filter, &c.selector) {
        (Some(_), Some(selector)) => {
            let element = top.as_array()?.iter().find(|item| {
                selector.iter().all(|(k, v)| {
                    let want = selector_value(v, attr.attribute.sub_attribute(k));
                    item.as_object()
                        .and_then(|m| get(m, k))
                        .is_some_and(|iv| same_value(&iv, &want))
                })
            })?;
            match &path.sub_attr {
                Some(sub) => get(element.as_object()?, sub)?,
                None => element.clone(),
            }
        }
        _ => match &path.attribute.sub_attr {
            Some(sub) => get(top.as_object()?, sub)?,
            None => top,
        },
    };
    (!found.is_null()).then_some(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::compile::compile_object;
    use crate::mapping::config::ObjectType;
    use crate::mapping::load::Loaded;
    use crate::schema::Registry;

    #[test]
    fn places_values_at_their_paths() {
        let config = serde_json::from_str(
            r#"{"identityProvider": "entra", "users": {"mappings": [
              {"target": "name.givenName", "source": "a"},
              {"target": "emails[type eq \"work\"].value", "source": "b"},
              {"target": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "source": "manager"},
              {"target": "roles[primary eq \"True\"].value", "source": "c"},
              {"target": "active", "source": "d"},
              {"target": "name.familyName", "source": "e"}
            ]}}"#,
        )
        .unwrap();
        let loaded = Loaded::typed(config);
        let registry = Registry::builtin();
        let mut diags = Vec::new();
        let object = compile_object(&loaded, &registry, ObjectType::User, &mut diags).unwrap();
        assert!(diags.is_empty(), "{diags:#?}");
        let mut body = Map::new();
        let values = ["Ada", "ada@x", "m1", "Admin", "True", "Lovelace"];
        let options = Place {
            entra_primary_work_email: true,
        };
        let mut pointers = Vec::new();
        for (c, v) in object.mappings.iter().zip(values) {
            let value = coerce(&Json::from(v), &c.attr.unwrap(), Style::Resource);
            pointers.push(place(&mut body, c, value, options).unwrap());
        }
        assert_eq!(
            Json::Object(body.clone()),
            serde_json::json!({
                "name": {"givenName": "Ada", "familyName": "Lovelace"},
                "emails": [{"primary": true, "type": "work", "value": "ada@x"}],
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": {"value": "m1"}},
                "roles": [{"primary": true, "value": "Admin"}],
                "active": true
            })
        );
        assert_eq!(
            pointers,
            [
                "/name/givenName",
                "/emails/0/value",
                "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/manager",
                "/roles/0/value",
                "/active",
                "/name/familyName"
            ]
        );
        let resource = Json::Object(body);
        assert_eq!(
            read(&resource, &object.mappings[1]),
            Some(Json::from("ada@x"))
        );
        assert_eq!(
            read(&resource, &object.mappings[2]),
            Some(serde_json::json!({"value": "m1"}))
        );
        assert_eq!(
            read(&resource, &object.mappings[3]),
            Some(Json::from("Admin"))
        );
        let patch = coerce(
            &Json::from("False"),
            &object.mappings[4].attr.unwrap(),
            Style::EntraPatch,
        );
        assert_eq!(patch, Json::from("False"));
    }
}
