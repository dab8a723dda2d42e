//! The changes a PATCH made: a diff of the resource before and after.
//!
//! Computed once at the end rather than recorded per operation, so pointers
//! stay right when a later operation shifts array elements.

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
/// others, an old and a new element that [`correspond`] are diffed member by
/// member, and the rest were added or removed.
fn array(o: &[Value], n: &[Value], ptr: &str, out: &mut Vec<Change>, depth: usize) {
    let mut old_used = vec![false; o.len()];
    let mut new_used = vec![false; n.len()];
    for (j, nv) in n.iter().enumerate() {
        if let Some(i) = o
            .iter()
            .enumerate()
            .position(|(i, ov)| !old_used.get(i).copied().unwrap_or(true) && ov == nv)
        {
            if let Some(u) = old_used.get_mut(i) {
                *u = true;
            }
            if let Some(u) = new_used.get_mut(j) {
                *u = true;
            }
        }
    }
    let old_left: Vec<usize> = (0..o.len())
        .filter(|i| !old_used.get(*i).copied().unwrap_or(true))
        .collect();
    let new_left: Vec<usize> = (0..n.len())
        .filter(|j| !new_used.get(*j).copied().unwrap_or(true))
        .collect();
    let mut old_paired = vec![false; o.len()];
    for j in &new_left {
        let (Some(nv), p) = (n.get(*j), format!("{ptr}/{j}")) else {
            continue;
        };
        let partner = old_left.iter().copied().find(|i| {
            !old_paired.get(*i).copied().unwrap_or(true)
                && o.get(*i).is_some_and(|ov| correspond(ov, nv))
        });
        match partner.and_then(|i| o.get(i).map(|ov| (i, ov))) {
            Some((i, ov)) => {
                if let Some(u) = old_paired.get_mut(i) {
                    *u = true;
                }
                walk(ov, nv, &p, out, depth + 1);
            }
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

/// Whether two elements are the same record changed: objects with the same
/// `value`, or else the same `type` (the work address before and after).
fn correspond(a: &Value, b: &Value) -> bool {
    let member = |v: &Value, k: &str| {
        v.as_object().and_then(|m| {
            m.iter()
                .find(|(x, _)| x.eq_ignore_ascii_case(k))
                .map(|(_, v)| v.clone())
        })
    };
    if !a.is_object() || !b.is_object() {
        return false;
    }
    match (member(a, "value"), member(b, "value")) {
        (Some(x), Some(y)) if x == y => true,
        _ => matches!((member(a, "type"), member(b, "type")), (Some(x), Some(y)) if x == y),
    }
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
