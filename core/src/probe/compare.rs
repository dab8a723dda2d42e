//! A PATCH's result as the core computes it, held against what the server
//! holds afterwards. Each write check reads back the one attribute it
//! changed; this finds what else a server gets wrong (a replace that wipes
//! the other attributes, a remove that takes every member, an add that
//! duplicates an element), by applying the same operations with
//! [`apply_patch`] to the resource as the server held it before.
//!
//! What the server adds for itself is not a difference: `meta` and
//! `schemas`, and sub-attributes it fills into what the PATCH wrote (a
//! member's `display` and `$ref`). An attribute the PATCH removed that is
//! still there, a value other than computed, or a different number of
//! elements is.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::detect::Sender;
use crate::diagnostics::{Code, Diagnostic, escape_pointer_token};
use crate::patch::apply_patch;
use crate::schema::{Registry, Returned};

/// Top-level attributes the server keeps for itself.
const SERVER_KEPT: &[&str] = &["meta", "schemas"];

/// At most this many differences are reported for one PATCH.
const MAX_DIFFERENCES: usize = 20;

/// Resources nest three levels (extension, complex, element); below this
/// depth values are compared whole.
const MAX_DEPTH: usize = 8;

/// Values shown in messages are cut to this many characters.
const SHOWN_CHARS: usize = 120;

/// The differences between `after`, the server's resource once it answered
/// the PATCH, and the core's result of applying `patch` to `before`, as
/// `patch-result-differs` diagnostics pointing into `after`. Empty when they
/// agree, and when the core cannot compute a result (an unknown resource
/// type, or a PATCH the core rejects: the comparison has nothing to say).
pub(super) fn patch_differences(
    registry: &Registry,
    resource_type: &str,
    sender: Sender,
    before: &Value,
    patch: &Value,
    after: &Value,
) -> Vec<Diagnostic> {
    let Some(rt) = registry.resource_type(resource_type) else {
        return Vec::new();
    };
    let outcome = apply_patch(registry, rt, before, patch, sender.dialect());
    if !outcome.report.valid {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut walk = Walk { out: &mut out };
    walk.object(
        outcome.resource.as_object(),
        after.as_object(),
        before.as_object(),
        "",
        0,
    );
    out
}

/// The differences between `after` and a PUT's `body` (RFC 7644 §3.5.1:
/// the resource becomes what was sent). Attributes a server never returns
/// (`password`) are not compared, and neither are attributes the PUT left
/// out (a server may keep what it holds for itself).
pub(super) fn put_differences(
    registry: &Registry,
    resource_type: &str,
    body: &Value,
    after: &Value,
) -> Vec<Diagnostic> {
    let Some(rt) = registry.resource_type(resource_type) else {
        return Vec::new();
    };
    let mut sent = body.as_object().cloned().unwrap_or_default();
    let never: Vec<&str> = registry
        .schema(&rt.schema)
        .map(|core| {
            core.attributes
                .iter()
                .filter(|a| a.returned == Returned::Never)
                .map(|a| a.name.as_str())
                .collect()
        })
        .unwrap_or_default();
    sent.retain(|name, _| !never.iter().any(|n| n.eq_ignore_ascii_case(name)));
    let mut out = Vec::new();
    Walk { out: &mut out }.object(Some(&sent), after.as_object(), None, "", 0);
    out
}

struct Walk<'o> {
    out: &'o mut Vec<Diagnostic>,
}

impl Walk<'_> {
    fn push(&mut self, pointer: &str, message: String) {
        if self.out.len() < MAX_DIFFERENCES {
            self.out
                .push(Diagnostic::new(Code::PatchResultDiffers, pointer, message));
        }
    }

    /// Compares two objects: every computed attribute must be held, and an
    /// attribute the PATCH removed (in `before`, not computed) must be gone.
    fn object(
        &mut self,
        computed: Option<&Map<String, Value>>,
        held: Option<&Map<String, Value>>,
        before: Option<&Map<String, Value>>,
        pointer: &str,
        depth: usize,
    ) {
        let empty = Map::new();
        let computed = computed.unwrap_or(&empty);
        let held = held.unwrap_or(&empty);
        let kept =
            |key: &str| depth == 0 && SERVER_KEPT.iter().any(|k| k.eq_ignore_ascii_case(key));
        for (key, want) in computed {
            if kept(key) {
                continue;
            }
            let here = format!("{pointer}/{}", escape_pointer_token(key));
            match get_ci(held, key) {
                Some(got) => {
                    let was = before.and_then(|b| get_ci(b, key));
                    self.value(want, got, was, &here, depth + 1);
                }
                None if is_empty(want) => {}
                None => self.push(
                    &here,
                    format!(
                        "the server does not hold `{key}`; applying the PATCH to the resource it held before gives {}",
                        shown(want)
                    ),
                ),
            }
        }
        for (key, got) in held {
            if kept(key) || get_ci(computed, key).is_some() || is_empty(got) {
                continue;
            }
            // Only what the PATCH removed must be gone; the server may fill
            // in sub-attributes of its own (`display`, `$ref`).
            if before.and_then(|b| get_ci(b, key)).is_some() {
                self.push(
                    &format!("{pointer}/{}", escape_pointer_token(key)),
                    format!(
                        "the server still holds `{key}` = {}, which the PATCH removes",
                        shown(got)
                    ),
                );
            }
        }
    }

    fn value(
        &mut self,
        want: &Value,
        got: &Value,
        was: Option<&Value>,
        pointer: &str,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            if want != got {
                self.differs(want, got, pointer);
            }
            return;
        }
        match (want, got) {
            (Value::Object(w), Value::Object(g)) => {
                self.object(
                    Some(w),
                    Some(g),
                    was.and_then(Value::as_object),
                    pointer,
                    depth,
                );
            }
            (Value::Array(w), Value::Array(g)) => self.array(w, g, pointer, depth),
            (Value::Number(w), Value::Number(g)) if w.as_f64() == g.as_f64() => {}
            _ if want == got => {}
            _ => self.differs(want, got, pointer),
        }
    }

    /// Multi-valued attributes: the same number of elements, and each
    /// computed element held by a distinct element of the server's.
    /// Candidates are looked up by their `value` (members, emails and phone
    /// numbers all carry one), so a large group compares in linear time; only
    /// elements without a `value` (addresses) are tried against each other.
    fn array(&mut self, want: &[Value], got: &[Value], pointer: &str, depth: usize) {
        let mut buckets: HashMap<Option<&str>, Vec<usize>> = HashMap::new();
        for (j, g) in got.iter().enumerate() {
            buckets.entry(element_key(g)).or_default().push(j);
        }
        let mut taken = vec![false; got.len()];
        for (i, w) in want.iter().enumerate() {
            if self.full() {
                return;
            }
            let found = buckets.get(&element_key(w)).and_then(|candidates| {
                candidates.iter().copied().find(|j| {
                    !taken.get(*j).copied().unwrap_or(true)
                        && got.get(*j).is_some_and(|g| holds(w, g, depth))
                })
            });
            match found {
                Some(j) => {
                    if let Some(t) = taken.get_mut(j) {
                        *t = true;
                    }
                }
                None => self.push(
                    &format!("{pointer}/{i}"),
                    format!(
                        "the server holds no element like {}, which applying the PATCH gives",
                        shown(w)
                    ),
                ),
            }
        }
        if got.len() <= want.len() {
            return;
        }
        for (j, g) in got.iter().enumerate() {
            if self.full() {
                return;
            }
            if !taken.get(j).copied().unwrap_or(true) {
                self.push(
                    &format!("{pointer}/{j}"),
                    format!(
                        "the server holds an element {} that applying the PATCH does not give ({} computed, {} held)",
                        shown(g),
                        want.len(),
                        got.len()
                    ),
                );
            }
        }
    }

    /// Whether the differences reported reached their cap (nothing more is compared).
    fn full(&self) -> bool {
        self.out.len() >= MAX_DIFFERENCES
    }

    fn differs(&mut self, want: &Value, got: &Value, pointer: &str) {
        self.push(
            pointer,
            format!(
                "the server holds {}; applying the PATCH to the resource it held before gives {}",
                shown(got),
                shown(want)
            ),
        );
    }
}

/// What an element of a multi-valued attribute is looked up by: its `value`
/// (or the string itself); `None` for elements without one.
fn element_key(element: &Value) -> Option<&str> {
    match element {
        Value::String(s) => Some(s),
        Value::Object(map) => get_ci(map, "value").and_then(Value::as_str),
        _ => None,
    }
}

/// Whether `got` holds everything of `want` (sub-attributes the server adds
/// aside).
fn holds(want: &Value, got: &Value, depth: usize) -> bool {
    let mut out = Vec::new();
    Walk { out: &mut out }.value(want, got, None, "", depth + 1);
    out.is_empty()
}

fn get_ci<'m>(map: &'m Map<String, Value>, key: &str) -> Option<&'m Value> {
    map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// Null and `[]` say "no value" (RFC 7643 §2.5).
fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

fn shown(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= SHOWN_CHARS {
        return format!("`{text}`");
    }
    let cut: String = text.chars().take(SHOWN_CHARS).collect();
    format!("`{cut}…`")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    fn user() -> Value {
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "id": "u1",
            "userName": "ada@example.com",
            "displayName": "Ada",
            "emails": [{"value": "ada@example.com", "primary": true}],
            "meta": {"resourceType": "User", "lastModified": "2026-01-01T00:00:00Z"}
        })
    }

    fn differences(before: &Value, patch: Value, after: &Value) -> Vec<Diagnostic> {
        patch_differences(
            &Registry::builtin(),
            "User",
            Sender::Rfc,
            before,
            &patch,
            after,
        )
    }

    fn replace_display_name() -> Value {
        json!({"schemas": [PATCH_OP], "Operations": [
            {"op": "replace", "path": "displayName", "value": "Ada L."}
        ]})
    }

    #[test]
    fn a_server_that_does_what_the_rfc_says_differs_in_nothing() {
        let mut after = user();
        after["displayName"] = json!("Ada L.");
        after["meta"]["lastModified"] = json!("2026-01-02T00:00:00Z");
        assert!(differences(&user(), replace_display_name(), &after).is_empty());
    }

    #[test]
    fn a_replace_that_wipes_other_attributes_is_a_difference() {
        let mut after = user();
        after["displayName"] = json!("Ada L.");
        after.as_object_mut().map(|o| o.remove("emails"));
        let found = differences(&user(), replace_display_name(), &after);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].code, Code::PatchResultDiffers);
        assert_eq!(found[0].path, "/emails");
    }

    #[test]
    fn a_value_other_than_computed_is_a_difference_at_its_pointer() {
        let mut after = user();
        after["displayName"] = json!("Ada");
        let found = differences(&user(), replace_display_name(), &after);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, "/displayName");
        assert!(
            found[0].message.contains("`\"Ada\"`"),
            "{}",
            found[0].message
        );
        assert!(
            found[0].message.contains("`\"Ada L.\"`"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn an_attribute_the_patch_removed_must_be_gone() {
        let patch = json!({"schemas": [PATCH_OP], "Operations": [
            {"op": "remove", "path": "displayName"}
        ]});
        let found = differences(&user(), patch, &user());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, "/displayName");
        assert!(found[0].message.contains("which the PATCH removes"));
    }

    #[test]
    fn an_added_element_held_twice_is_a_difference_but_filled_in_sub_attributes_are_not() {
        let patch = json!({"schemas": [PATCH_OP], "Operations": [
            {"op": "add", "path": "emails", "value": [{"value": "ada@example.org"}]}
        ]});
        let mut after = user();
        after["emails"] = json!([
            {"value": "ada@example.com", "primary": true},
            {"value": "ada@example.org", "type": "other"}
        ]);
        assert!(differences(&user(), patch.clone(), &after).is_empty());
        after["emails"] = json!([
            {"value": "ada@example.com", "primary": true},
            {"value": "ada@example.org"},
            {"value": "ada@example.org"}
        ]);
        let found = differences(&user(), patch, &after);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, "/emails/2");
    }

    #[test]
    fn a_patch_the_core_rejects_is_not_compared() {
        let patch = json!({"schemas": [PATCH_OP], "Operations": [{"op": "jump"}]});
        assert!(differences(&user(), patch, &json!({})).is_empty());
    }

    #[test]
    fn a_large_group_is_matched_by_member_value() {
        let members = |n: usize| -> Vec<Value> {
            (0..n)
                .map(|i| json!({"value": format!("u{i}"), "display": format!("U{i}")}))
                .collect()
        };
        let before =
            json!({"schemas": [], "id": "g1", "displayName": "big", "members": members(30_000)});
        let patch = json!({"schemas": [PATCH_OP], "Operations": [
            {"op": "add", "path": "members", "value": [{"value": "new"}]}
        ]});
        let mut after = before.clone();
        if let Some(m) = after["members"].as_array_mut() {
            m.insert(
                0,
                json!({"value": "new", "display": "New", "$ref": "Users/new"}),
            );
        }
        let registry = Registry::builtin();
        let differences = |after: &Value| {
            patch_differences(&registry, "Group", Sender::Rfc, &before, &patch, after)
        };
        let found = differences(&after);
        assert!(found.is_empty(), "{found:?}");
        // One member lost is found, at its place in the server's list.
        if let Some(m) = after["members"].as_array_mut() {
            m.remove(5);
        }
        let found = differences(&after);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, "/members/4");
    }

    #[test]
    fn differences_are_capped() {
        let before = json!({"schemas": [], "id": "u1", "userName": "a",
            "emails": (0..50).map(|i| json!({"value": format!("{i}@x")})).collect::<Vec<_>>()});
        let mut after = before.clone();
        after["emails"] = json!(
            (0..50)
                .map(|i| json!({"value": format!("{i}@y")}))
                .collect::<Vec<_>>()
        );
        let patch = json!({"schemas": [PATCH_OP], "Operations": [
            {"op": "replace", "path": "userName", "value": "b"}
        ]});
        after["userName"] = json!("b");
        assert_eq!(differences(&before, patch, &after).len(), MAX_DIFFERENCES);
    }
}
