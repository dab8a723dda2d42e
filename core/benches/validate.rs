//! Validation throughput, and its ratio to plain `serde_json` parsing of the
//! same text (the physical floor of this work).
//!
//! Run with `cargo bench -p scimkit --bench validate`. The ratio target is
//! validation ≤ 2× `serde_json::from_str::<Value>`; criterion prints both
//! timings per input in the same group, and `BENCHMARKS.md` records them.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use scimkit::schema::{Registry, RegistryBuilder};
use scimkit::validate::{Context, ValidateOptions, Validator};

mod fixtures;

fn inputs() -> Vec<(&'static str, String, Context)> {
    vec![
        (
            "entra-create-user",
            fixtures::entra_create_user(),
            Context::Create,
        ),
        (
            "group-100k-members",
            fixtures::group_with_members(100_000),
            Context::Response,
        ),
        (
            "list-1000-users",
            fixtures::list_of_users(1_000),
            Context::List,
        ),
    ]
}

fn validation(c: &mut Criterion) {
    let validator = Validator::new(Registry::builtin());
    for (name, text, context) in inputs() {
        let mut group = c.benchmark_group(format!("validate/{name}"));
        group.throughput(Throughput::Bytes(text.len() as u64));
        if text.len() > 1_000_000 {
            group.sample_size(20);
        }
        group.bench_with_input(
            BenchmarkId::new("serde_json-parse", text.len()),
            &text,
            |b, t| {
                b.iter(|| black_box(serde_json::from_str::<serde_json::Value>(black_box(t)).ok()))
            },
        );
        group.bench_with_input(
            BenchmarkId::new("scimkit-parse", text.len()),
            &text,
            |b, t| b.iter(|| black_box(scimkit::json::parse(black_box(t)).is_ok())),
        );
        let options = ValidateOptions::new(context);
        group.bench_with_input(
            BenchmarkId::new("scimkit-validate", text.len()),
            &text,
            |b, t| b.iter(|| black_box(validator.validate(black_box(t), &options).valid)),
        );
        group.finish();
    }
}

fn registry(c: &mut Criterion) {
    c.bench_function("registry/build-builtin", |b| {
        b.iter(|| black_box(RegistryBuilder::with_builtins().build().0))
    });
}

criterion_group!(benches, validation, registry);
criterion_main!(benches);
