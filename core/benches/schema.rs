//! Loading a custom schema of 10,000 and 100,000 attributes: linear since
//! issue 15 (100,000 attributes took 27 s when each new name was compared
//! with every earlier one). Run with `cargo bench -p scimkit --bench schema`.

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use scimkit::schema::Registry;

fn schema_with_attributes(n: usize) -> String {
    let mut s = String::from(
        r#"{"id":"urn:ietf:params:scim:schemas:extension:acme:2.0:User","attributes":["#,
    );
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        let _ = write!(
            s,
            r#"{{"name":"attr{i}","type":"string","mutability":"readWrite"}}"#
        );
    }
    s.push_str("]}");
    s
}

fn load(c: &mut Criterion) {
    let mut g = c.benchmark_group("schema/load");
    g.sample_size(10);
    for n in [10_000usize, 100_000] {
        let text = schema_with_attributes(n);
        g.bench_function(format!("{n}-attributes"), |b| {
            b.iter(|| {
                let mut builder = Registry::builder();
                let report = builder.add_json(black_box(&text));
                black_box(report.valid)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
