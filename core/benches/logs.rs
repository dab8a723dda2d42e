//! Explaining a 10,000-event Entra ID provisioning-log export: every event
//! failed (1,000 explained in full, the rest counted by cause) and a
//! realistic cycle (5 % failed). The events are the corpus's own
//! (`tests/data/logs/entra/`), repeated with new ids.
//! Run with `cargo bench -p scimkit --bench logs`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use scimkit::logs::explain_log;
use scimkit::schema::Registry;
use serde_json::{Value, json};

/// The corpus's Entra ID events (Graph pages), failed ones and successes.
fn corpus() -> (Vec<Value>, Vec<Value>) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/data/logs/entra");
    let mut failed = Vec::new();
    let mut succeeded = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return (failed, succeeded);
    };
    for entry in entries.flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        let case: Value = serde_json::from_str(&text).unwrap_or_default();
        let events = case
            .pointer("/log/value")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for e in events {
            let status = e.pointer("/provisioningStatusInfo/status");
            if status.and_then(Value::as_str) == Some("success") {
                succeeded.push(e);
            } else if e.get("provisioningStatusInfo").is_some() {
                failed.push(e);
            }
        }
    }
    (failed, succeeded)
}

/// A Graph page of `n` events, `failed_every`-th one failed.
fn page(n: usize, failed_every: usize) -> String {
    let (failed, succeeded) = corpus();
    let events: Vec<Value> = (0..n)
        .map(|i| {
            let pool = if i % failed_every == 0 || succeeded.is_empty() {
                &failed
            } else {
                &succeeded
            };
            let mut e = pool.get(i % pool.len().max(1)).cloned().unwrap_or_default();
            if let Some(m) = e.as_object_mut() {
                m.insert("id".into(), json!(format!("event-{i}")));
            }
            e
        })
        .collect();
    json!({"value": events}).to_string()
}

fn explain(c: &mut Criterion) {
    let registry = Registry::builtin();
    let mut g = c.benchmark_group("logs/explain-10k-events");
    g.sample_size(10);
    for (name, every) in [("all-failed", 1), ("5pct-failed", 20)] {
        let text = page(10_000, every);
        g.bench_function(name, |b| {
            b.iter(|| black_box(explain_log(&registry, black_box(&text)).explained.len()))
        });
    }
    g.finish();
}

criterion_group!(benches, explain);
criterion_main!(benches);
