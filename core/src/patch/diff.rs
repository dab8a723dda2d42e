//! The changes a PATCH made: a diff of the resource before and after.
//!
//! Computed once at the end rather than recorded per operation, so pointers
//! stay right when a later operation shifts array elements.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::diagnostics::escape_pointer_token;

/// What happened at a location.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// A value appeared.
    Added,
    /// A value disappeared.
    Removed,
    /// A value changed.
    Replaced,
}

/// One change, for the playground's diff view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// JSON Pointer into the resulting resource; for `removed`, into the
    /// original resource (the value is no longer in the result).
    pub path: String,
    /// What happened.
    pub kind: ChangeKind,
    /// The value before (absent for `added`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    /// The value after (absent for `removed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
}

/// Resources nest three levels (extension, complex, element); deeper
/// differences are reported as one replacement rather than recursed into.
const MAX_DIFF_DEPTH: usize = 8;

/// The changes that turn `old` into `new`.
pub fn diff(old: &Value, new: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    walk(old, new, "", &mut out, 0);
    out
}

fn walk(old: &Value, new: &Value, ptr: &str, out: &mut Vec<Change>, depth: usize) {
    if old == new {
        return;
    }
    match (old, new) {
        (Value::Object(o), Value::Object(n)) if depth < MAX_DIFF_DEPTH => {
            for (k, nv) in n {
                let p = format!("{ptr}/{}", escape_pointer_token(k));
                match o.get(k) {
                    None => out.push(Change {
                        path: p,
                        kind: ChangeKind::Added,
                        old: None,
                        new: Some(nv.clone()),
                    }),
                    Some(ov) => walk(ov, nv, &p, out, depth + 1),
                }
            }
            for (k, ov) in o {
                if !n.contains_key(k) {
                    out.push(Change {
                        path: format!("{ptr}/{}", escape_pointer_token(k)),
                        kind: ChangeKind::Removed,
                        old: Some(ov.clone()),
                        new: None,
                    });
                }
            }
        }
        (Value::Array(o), Value::Array(n)) if depth < MAX_DIFF_DEPTH => {
            array(o, n, ptr, out, depth)
        }
        _ => out.push(Change {
            path: ptr.to_string(),
            kind: ChangeKind::Replaced,
            old: Some(old.clone()),
            new: Some(new.clone()),
        }),
    }
}

/// Elements equal on both sides are unchanged wherever they moved; of the
/// others, an old and a new element that are the same record are diffed member by
/// member, and the rest were added or removed.
///
/// Linear in the array length: the common prefix and suffix are skipped (a
/// PATCH usually touches a few elements of a 100,000-member group), equal
/// elements are matched through a structural hash, and corresponding records
/// through an index of their `value` and `type`.
fn array(o: &[Value], n: &[Value], ptr: &str, out: &mut Vec<Change>, depth: usize) {
    let prefix = o.iter().zip(n).take_while(|(a, b)| a == b).count();
    let rest_o = o.get(prefix..).unwrap_or_default();
    let rest_n = n.get(prefix..).unwrap_or_default();
    let suffix = rest_o
        .iter()
        .rev()
        .zip(rest_n.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let o_mid: Vec<usize> = (prefix..o.len().saturating_sub(suffix)).collect();
    let n_mid: Vec<usize> = (prefix..n.len().saturating_sub(suffix)).collect();

    // Equal elements that moved are unchanged.
    let mut by_hash: HashMap<u64, Vec<usize>> = HashMap::new();
    for &i in &o_mid {
        if let Some(v) = o.get(i) {
            by_hash.entry(hash_value(v)).or_default().push(i);
        }
    }
    let mut old_used = vec![false; o.len()];
    let mut new_left = Vec::new();
    for &j in &n_mid {
        let Some(nv) = n.get(j) else { continue };
        let found = by_hash.get_mut(&hash_value(nv)).and_then(|candidates| {
            let k = candidates.iter().position(|&i| o.get(i) == Some(nv))?;
            Some(candidates.remove(k))
        });
        match found {
            Some(i) => {
                if let Some(u) = old_used.get_mut(i) {
                    *u = true;
                }
            }
            None => new_left.push(j),
        }
    }
    let old_left: Vec<usize> = o_mid
        .into_iter()
        .filter(|i| !old_used.get(*i).copied().unwrap_or(true))
        .collect();

    // Changed records: the same `value`, or else the same `type`.
    let mut by_value: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_type: HashMap<String, Vec<usize>> = HashMap::new();
    for &i in &old_left {
        if let Some(v) = o.get(i).and_then(|v| member(v, "value")) {
            by_value.entry(v.to_string()).or_default().push(i);
        }
        if let Some(t) = o.get(i).and_then(|v| member(v, "type")) {
            by_type.entry(t.to_string()).or_default().push(i);
        }
    }
    let mut old_paired = vec![false; o.len()];
    let take =
        |index: &mut HashMap<String, Vec<usize>>, key: Option<&Value>, paired: &mut Vec<bool>| {
            let list = index.get_mut(&key?.to_string())?;
            while let Some(i) = list.first().copied() {
                list.remove(0);
                if !paired.get(i).copied().unwrap_or(true) {
                    if let Some(p) = paired.get_mut(i) {
                        *p = true;
                    }
                    return Some(i);
                }
            }
            None
        };
    for j in new_left {
        let Some(nv) = n.get(j) else { continue };
        let p = format!("{ptr}/{j}");
        let partner = if nv.is_object() {
            take(&mut by_value, member(nv, "value"), &mut old_paired)
                .or_else(|| take(&mut by_type, member(nv, "type"), &mut old_paired))
        } else {
            None
        };
        match partner.and_then(|i| o.get(i)) {
            Some(ov) => walk(ov, nv, &p, out, depth + 1),
            None => out.push(Change {
                path: p,
                kind: ChangeKind::Added,
                old: None,
                new: Some(nv.clone()),
            }),
        }
    }
    for i in old_left
        .iter()
        .filter(|i| !old_paired.get(**i).copied().unwrap_or(true))
    {
        if let Some(ov) = o.get(*i) {
            out.push(Change {
                path: format!("{ptr}/{i}"),
                kind: ChangeKind::Removed,
                old: Some(ov.clone()),
                new: None,
            });
        }
    }
}

/// A member of an object element, looked up ignoring case.
fn member<'v>(v: &'v Value, key: &str) -> Option<&'v Value> {
    v.as_object()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

/// A structural hash of a JSON value (equal values hash equally). The tree
/// is depth-limited by the JSON reader, so the recursion is bounded.
fn hash_value(v: &Value) -> u64 {
    fn feed(v: &Value, h: &mut DefaultHasher) {
        match v {
            Value::Null => 0u8.hash(h),
            Value::Bool(b) => (1u8, b).hash(h),
            Value::Number(n) => (2u8, n.to_string()).hash(h),
            Value::String(s) => (3u8, s).hash(h),
            Value::Array(items) => {
                (4u8, items.len()).hash(h);
                for item in items {
                    feed(item, h);
                }
            }
            Value::Object(map) => {
                (5u8, map.len()).hash(h);
                // serde_json compares maps regardless of key order.
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                crate::order::sort_stable_by(&mut entries, |a, b| a.0.cmp(b.0));
                for (k, v) in entries {
                    k.hash(h);
                    feed(v, h);
                }
            }
        }
    }
    let mut h = DefaultHasher::new();
    feed(v, &mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diffs_objects_and_arrays() {
        let old =
            json!({"a": 1, "m": [{"value": "x"}, {"value": "y"}, {"value": "z"}], "n": {"g": "B"}});
        let new = json!({"a": 2, "m": [{"value": "x"}, {"value": "z"}], "n": {"g": "B", "f": "J"}, "t": "T"});
        let changes = diff(&old, &new);
        let summary: Vec<(String, ChangeKind)> =
            changes.iter().map(|c| (c.path.clone(), c.kind)).collect();
        assert_eq!(
            summary,
            vec![
                ("/a".to_string(), ChangeKind::Replaced),
                ("/m/1".to_string(), ChangeKind::Removed),
                ("/n/f".to_string(), ChangeKind::Added),
                ("/t".to_string(), ChangeKind::Added),
            ]
        );
    }
}
