//! Applying a PATCH that removes one member from a 100,000-member Group.
//! Run with `cargo bench -p scimkit --bench patch`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use scimkit::patch::{Dialect, apply_patch};
use scimkit::schema::Registry;
use serde_json::json;

mod fixtures;

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
        b.iter(|| {
            black_box(
                apply_patch(
                    &registry,
                    group_type,
                    black_box(&group),
                    &patch,
                    Dialect::Strict,
                )
                .report
                .valid,
            )
        })
    });
    g.finish();
}

criterion_group!(benches, remove_member);
criterion_main!(benches);
