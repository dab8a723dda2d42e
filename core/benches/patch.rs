//! Applying a PATCH that removes one member from a 100,000-member Group, and
//! one that adds 10,000 or 100,000 members.
//! Run with `cargo bench -p scimkit --bench patch`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use scimkit::patch::{Dialect, apply_patch};
use scimkit::schema::{Registry, ResourceType};
use serde_json::{Value, json};

mod fixtures;

/// Applies `patch` (strict dialect) and keeps the verdict from being optimised away.
fn valid_after(registry: &Registry, rt: &ResourceType, group: &Value, patch: &Value) -> bool {
    black_box(
        apply_patch(registry, rt, group, patch, Dialect::Strict)
            .report
            .valid,
    )
}

fn remove_member(c: &mut Criterion) {
    let registry = Registry::builtin();
    let Some(group_type) = registry.resource_type("Group") else {
        return;
    };
    let group: serde_json::Value =
        serde_json::from_str(&fixtures::group_with_members(100_000)).unwrap_or_default();
    let patch = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "remove", "path": "members[value eq \"2819c223-7f76-453a-919d-000000054321\"]"}]
    });
    let mut g = c.benchmark_group("patch/remove-one-member-100k-group");
    g.sample_size(20);
    g.bench_function("apply", |b| {
        b.iter(|| valid_after(&registry, group_type, black_box(&group), &patch))
    });
    g.finish();
}

/// Adding N new members to a Group in one operation: linear since issue 15
/// (20,000 members took 49 s when each new member was compared with every
/// stored one).
fn add_members(c: &mut Criterion) {
    let registry = Registry::builtin();
    let Some(group_type) = registry.resource_type("Group") else {
        return;
    };
    let group: serde_json::Value =
        serde_json::from_str(&fixtures::group_with_members(0)).unwrap_or_default();
    let mut g = c.benchmark_group("patch/add-members");
    g.sample_size(10);
    for n in [10_000usize, 100_000] {
        let members: Vec<serde_json::Value> = (0..n)
            .map(|i| json!({"value": format!("2819c223-7f76-453a-919d-{i:012}")}))
            .collect();
        let patch = json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "add", "path": "members", "value": members}]
        });
        g.bench_function(format!("{n}"), |b| {
            b.iter(|| valid_after(&registry, group_type, &group, black_box(&patch)))
        });
    }
    // 10,000 operations of one member each (52 s before the element index
    // was kept from one add to the next).
    let ops: Vec<serde_json::Value> = (0..10_000)
        .map(|i| json!({"op": "add", "path": "members", "value": [{"value": format!("2819c223-7f76-453a-919d-{i:012}")}]}))
        .collect();
    let patch =
        json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": ops});
    g.bench_function("10000-operations", |b| {
        b.iter(|| valid_after(&registry, group_type, &group, black_box(&patch)))
    });
    g.finish();
}

criterion_group!(benches, remove_member, add_members);
criterion_main!(benches);
