//! Filter parsing on the filters identity providers send, and evaluation over
//! 10,000 users. Run with `cargo bench -p scimkit --bench filter`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use scimkit::filter::{Evaluator, parse_filter};
use scimkit::schema::Registry;

mod fixtures;

fn idp_filters() -> Vec<String> {
    let data: serde_json::Value =
        serde_json::from_str(include_str!("../../examples/filters/idp-filters.json"))
            .unwrap_or_default();
    data.get("filters")
        .and_then(serde_json::Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|f| f.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn parsing(c: &mut Criterion) {
    let filters = idp_filters();
    let mut group = c.benchmark_group("filter/parse");
    group.throughput(Throughput::Elements(filters.len() as u64));
    group.bench_function("idp-filters (all, per list)", |b| {
        b.iter(|| {
            for f in &filters {
                black_box(parse_filter(black_box(f)).is_ok());
            }
        })
    });
    group.finish();
    let typical = r#"userName eq "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee""#;
    c.bench_function("filter/parse/typical-entra-lookup", |b| {
        b.iter(|| black_box(parse_filter(black_box(typical)).is_ok()))
    });
}

fn evaluation(c: &mut Criterion) {
    let registry = Registry::builtin();
    let Some(user) = registry.resource_type("User") else {
        return;
    };
    let users: Vec<serde_json::Value> = (0..10_000)
        .filter_map(|i| serde_json::from_str(&fixtures::user(i)).ok())
        .collect();
    let evaluator = Evaluator::new(&registry, user);
    let mut group = c.benchmark_group("filter/eval-10k-users");
    group.throughput(Throughput::Elements(users.len() as u64));
    for (name, text) in [
        ("userName eq", r#"userName eq "user5000@example.com""#),
        (
            "emails value path",
            r#"emails[type eq "work" and value co "@example.com"]"#,
        ),
        (
            "dateTime gt and active",
            r#"meta.lastModified gt "2011-01-01T00:00:00Z" and active eq true"#,
        ),
    ] {
        let Ok(filter) = parse_filter(text) else {
            continue;
        };
        group.bench_function(name, |b| {
            b.iter(|| black_box(evaluator.filter_list(&filter, black_box(&users))))
        });
    }
    group.finish();
}

criterion_group!(benches, parsing, evaluation);
criterion_main!(benches);
