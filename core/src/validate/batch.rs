//! Checks across the resources of one batch (a ListResponse or a
//! BulkRequest): duplicate `userName`, `externalId` or `id`; Group members
//! pointing at ids the batch does not contain; and `bulkId:` references that
//! are unresolved or circular (RFC 7644 §3.7.1).

use std::collections::HashMap;

use super::walker::Walker;
use crate::diagnostics::{Code, Severity, escape_pointer_token};
use crate::json::{Kind, Node};
use crate::schema::{Registry, ResourceType};

/// A `bulkId:` reference: the id, the pointer of the value, its byte range.
type BulkRef = (String, String, (usize, usize));

/// One resource of a batch with where it sits.
pub(crate) struct Entry<'n, 'a> {
    /// JSON Pointer of the resource.
    pub pointer: String,
    /// The resource.
    pub node: &'n Node<'a>,
    /// Its resource type, when known.
    pub rt: Option<&'n ResourceType>,
}

impl<'r, 'a> Walker<'r, 'a> {
    /// Reports resources of a batch that share `userName` (compared as the
    /// schema's caseExact says), `externalId` or `id`, and Group members that
    /// point at ids absent from the batch (as info).
    pub(crate) fn batch_duplicates(&mut self, entries: &[Entry<'_, 'a>]) {
        let registry = self.registry;
        for (attr, by_schema_case) in [("id", false), ("externalId", false), ("userName", true)] {
            let mut seen: HashMap<(String, String), &str> = HashMap::new();
            for entry in entries {
                let Some(rt) = entry.rt else { continue };
                let Some(member) = entry
                    .node
                    .as_object()
                    .and_then(|m| m.iter().find(|m| m.key().eq_ignore_ascii_case(attr)))
                else {
                    continue;
                };
                let Some(value) = member.value.as_str() else {
                    continue;
                };
                let case_exact = if by_schema_case {
                    case_exact(registry, rt, attr)
                } else {
                    true // id and externalId are caseExact (RFC 7643 §3.1)
                };
                let key_value = if case_exact {
                    value.to_string()
                } else {
                    value.to_lowercase()
                };
                let key = (rt.name.clone(), key_value);
                let path = format!(
                    "{}/{}",
                    entry.pointer,
                    escape_pointer_token(&member.key().decode())
                );
                match seen.get(&key) {
                    Some(first) => {
                        let how = if case_exact {
                            ""
                        } else {
                            " (ignoring case, as the schema compares it)"
                        };
                        self.emit_at(
                            Code::BatchDuplicate,
                            path,
                            member.value.range(),
                            format!("{} `{attr}` \"{value}\" appears twice in the batch{how}; the first is at {first}", rt.name),
                        );
                    }
                    None => {
                        seen.insert(key, entry.pointer.as_str());
                    }
                }
            }
        }
        self.unresolved_members(entries);
    }

    fn unresolved_members(&mut self, entries: &[Entry<'_, 'a>]) {
        let ids: Vec<String> = entries
            .iter()
            .filter_map(|e| e.node.get_ignore_case("id").and_then(Node::as_str))
            .map(|s| s.into_owned())
            .collect();
        // Only meaningful when the batch carries ids at all (a ListResponse of users and groups).
        if ids.is_empty() {
            return;
        }
        for entry in entries {
            let Some(members) = entry
                .node
                .get_ignore_case("members")
                .and_then(Node::as_array)
            else {
                continue;
            };
            for (i, member) in members.iter().enumerate() {
                let Some(value) = member.get_ignore_case("value") else {
                    continue;
                };
                let Some(text) = value.as_str() else { continue };
                if text.starts_with("bulkId:") || ids.iter().any(|id| *id == text) {
                    continue;
                }
                let path = format!("{}/members/{i}/value", entry.pointer);
                self.emit_at(
                    Code::BatchUnresolvedMember,
                    path,
                    value.range(),
                    format!("the member \"{text}\" is not among the resources of this batch"),
                );
            }
        }
    }

    /// `bulkId:` references in a BulkRequest: each must name the `bulkId` of
    /// some operation; cycles are reported once, at the reference that closes
    /// them (a warning: RFC 7644 §3.7.1 asks servers to try to resolve them).
    pub(crate) fn bulk_references(&mut self, ops: &[Node<'a>]) {
        let mut defined: HashMap<String, usize> = HashMap::new();
        for (i, op) in ops.iter().enumerate() {
            if let Some(id) = op.get_ignore_case("bulkId").and_then(Node::as_str) {
                defined.entry(id.into_owned()).or_insert(i);
            }
        }
        // References of each operation: (target bulkId, pointer, node range).
        let mut refs: Vec<Vec<BulkRef>> = Vec::with_capacity(ops.len());
        for (i, op) in ops.iter().enumerate() {
            let mut found = Vec::new();
            if let Some(data) = op.get_ignore_case("data") {
                collect_refs(data, &format!("/Operations/{i}/data"), &mut found, 0);
            }
            if let Some(path) = op.get_ignore_case("path") {
                if let Some(text) = path.as_str() {
                    if let Some(id) = text
                        .rsplit('/')
                        .next()
                        .and_then(|s| s.strip_prefix("bulkId:"))
                    {
                        found.push((
                            id.to_string(),
                            format!("/Operations/{i}/path"),
                            path.range(),
                        ));
                    }
                }
            }
            refs.push(found);
        }
        let base = self.ptr.to_string();
        for op_refs in &refs {
            for (id, pointer, range) in op_refs {
                if !defined.contains_key(id) {
                    self.emit_at(
                        Code::BulkIdUnresolved,
                        format!("{base}{pointer}"),
                        *range,
                        format!("`bulkId:{id}` refers to no operation of this request (no POST has \"bulkId\": \"{id}\")"),
                    );
                }
            }
        }
        // Depth-first search over "operation i references the resource created by j".
        let mut state = vec![0u8; ops.len()]; // 0 new, 1 on the stack, 2 done
        for start in 0..ops.len() {
            if state.get(start) != Some(&0) {
                continue;
            }
            let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
            if let Some(s) = state.get_mut(start) {
                *s = 1;
            }
            while let Some((op, next)) = stack.last().copied() {
                let edges = refs.get(op).map_or(&[][..], Vec::as_slice);
                match edges.get(next) {
                    None => {
                        if let Some(s) = state.get_mut(op) {
                            *s = 2;
                        }
                        stack.pop();
                    }
                    Some((id, pointer, range)) => {
                        if let Some(top) = stack.last_mut() {
                            top.1 += 1;
                        }
                        let Some(&target) = defined.get(id) else {
                            continue;
                        };
                        match state.get(target) {
                            Some(0) => {
                                if let Some(s) = state.get_mut(target) {
                                    *s = 1;
                                }
                                stack.push((target, 0));
                            }
                            Some(1) => {
                                self.emit_at(
                                    Code::BulkIdCircular,
                                    format!("{base}{pointer}"),
                                    *range,
                                    format!("`bulkId:{id}` closes a cycle of bulkId references; the service provider may fail to resolve it (RFC 7644 §3.7.1)"),
                                )
                                .severity = Severity::Warning;
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
    }
}

/// Collects `bulkId:` string values under `node`.
fn collect_refs(
    node: &Node<'_>,
    pointer: &str,
    out: &mut Vec<(String, String, (usize, usize))>,
    depth: usize,
) {
    // The tree is already depth-limited by the JSON reader; this bound is belt and braces.
    if depth > crate::limits::MAX_JSON_DEPTH {
        return;
    }
    match &node.kind {
        Kind::String(s) => {
            if let Some(id) = s.decode().strip_prefix("bulkId:") {
                out.push((id.to_string(), pointer.to_string(), node.range()));
            }
        }
        Kind::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect_refs(item, &format!("{pointer}/{i}"), out, depth + 1);
            }
        }
        Kind::Object(members) => {
            for m in members.iter() {
                let key = escape_pointer_token(&m.key().decode()).into_owned();
                collect_refs(&m.value, &format!("{pointer}/{key}"), out, depth + 1);
            }
        }
        _ => {}
    }
}

fn case_exact(registry: &Registry, rt: &ResourceType, attr: &str) -> bool {
    registry
        .schema(&rt.schema)
        .and_then(|s| s.attribute(attr))
        .is_some_and(|a| a.case_exact)
}
