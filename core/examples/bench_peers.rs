//! The native side of `cargo xtask bench-peers` and `cargo xtask bench-js`:
//! writes the shared benchmark inputs, times scimkit on them, and measures
//! peak memory. Not criterion: it prints one JSON object per measurement so
//! xtask can put native, npm and peer numbers in one table, measured the same
//! way (warm-up, then the median of several timed samples).
//!
//! ```text
//! bench_peers write-inputs DIR   entra-create-user.json, group-10k.json, group-100k.json, idp-filters.json, rfc-filters.json
//! bench_peers run DIR            one JSON line per task: {"task", "tool", "opsPerSec", "samples"}
//! bench_peers memory FILE        validate FILE once; print input size and peak RSS (VmHWM)
//! ```
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stdout
)]

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use scimkit::filter::parse_filter;
use scimkit::schema::{Registry, RegistryBuilder};
use scimkit::validate::{Context, ValidateOptions, Validator};

#[path = "../benches/fixtures.rs"]
mod fixtures;

/// Warm-up before the samples, and the length of each sample.
const WARM_UP: Duration = Duration::from_millis(300);
const SAMPLE: Duration = Duration::from_millis(500);
const SAMPLES: usize = 5;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["write-inputs", dir] => write_inputs(Path::new(dir)),
        ["run", dir] => run(Path::new(dir)),
        ["memory", file] => memory(Path::new(file)),
        _ => {
            eprintln!("usage: bench_peers write-inputs DIR | run DIR | memory FILE");
            std::process::exit(2);
        }
    }
}

fn write_inputs(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
    write("entra-create-user.json", &fixtures::entra_create_user());
    write("group-10k.json", &fixtures::group_with_members(10_000));
    write("group-100k.json", &fixtures::group_with_members(100_000));
    write(
        "idp-filters.json",
        include_str!("../../examples/filters/idp-filters.json"),
    );
    write("rfc-filters.json", &rfc_filters().to_string());
}

/// Every valid filter of the RFC 7644 cases in `tests/data/filters` (the
/// corpus of RFC-valid filters the peers are compared on), as
/// `{"filters": [...]}` like `idp-filters.json`.
fn rfc_filters() -> serde_json::Value {
    let data: serde_json::Value =
        serde_json::from_str(include_str!("../../tests/data/filters/rfc7644.json")).unwrap();
    let filters: Vec<&serde_json::Value> = data["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["expect"]["valid"] != serde_json::json!(false))
        .filter_map(|c| c.get("filter"))
        .collect();
    serde_json::json!({
        "description": "The valid filters of tests/data/filters/rfc7644.json (RFC 7644 §3.4.2.2 and the RFC's other examples), written by bench_peers write-inputs.",
        "filters": filters,
    })
}

/// Operations per second of `f` (which performs `ops` operations per call):
/// the median of [`SAMPLES`] samples after a warm-up.
fn measure(ops: usize, mut f: impl FnMut()) -> (f64, Vec<f64>) {
    let start = Instant::now();
    while start.elapsed() < WARM_UP {
        f();
    }
    let mut samples = Vec::with_capacity(SAMPLES);
    for _ in 0..SAMPLES {
        let start = Instant::now();
        let mut calls = 0usize;
        while calls == 0 || start.elapsed() < SAMPLE {
            f();
            calls += 1;
        }
        #[allow(clippy::cast_precision_loss)]
        samples.push((calls * ops) as f64 / start.elapsed().as_secs_f64());
    }
    let mut sorted = samples.clone();
    sorted.sort_by(f64::total_cmp);
    (sorted[SAMPLES / 2], samples)
}

fn report(task: &str, ops: usize, f: impl FnMut()) {
    let (median, samples) = measure(ops, f);
    println!(
        "{}",
        serde_json::json!({"task": task, "tool": "scimkit (native)", "opsPerSec": median, "samples": samples})
    );
}

fn run(dir: &Path) {
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let validator = Validator::new(Registry::builtin());

    let entra = read("entra-create-user.json");
    let create = ValidateOptions::new(Context::Create);
    assert!(validator.validate(&entra, &create).valid);
    report("validate Entra create-user body", 1, || {
        black_box(validator.validate(black_box(&entra), &create).valid);
    });

    let response = ValidateOptions::new(Context::Response);
    for (task, file) in [
        ("validate 10,000-member Group", "group-10k.json"),
        ("validate 100,000-member Group", "group-100k.json"),
    ] {
        let group = read(file);
        assert!(validator.validate(&group, &response).valid);
        report(task, 1, || {
            black_box(validator.validate(black_box(&group), &response).valid);
        });
    }

    for (task, file) in [
        ("parse IdP filters", "idp-filters.json"),
        ("parse RFC 7644 filters", "rfc-filters.json"),
    ] {
        let data: serde_json::Value = serde_json::from_str(&read(file)).unwrap();
        let filters: Vec<String> = data["filters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap().to_string())
            .collect();
        assert!(filters.iter().all(|f| parse_filter(f).is_ok()));
        report(task, filters.len(), || {
            for f in &filters {
                black_box(parse_filter(black_box(f)).is_ok());
            }
        });
    }
    let typical = r#"userName eq "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee""#;
    report("parse a typical IdP filter (Entra lookup)", 1, || {
        black_box(parse_filter(black_box(typical)).is_ok());
    });
    // `Registry::builtin()` is built once per process; this builds it anew.
    report("build the built-in schema registry", 1, || {
        black_box(RegistryBuilder::with_builtins().build().0);
    });
}

/// Peak resident set size so far (`VmHWM`, Linux), in bytes.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

fn memory(file: &Path) {
    let validator = Validator::new(Registry::builtin());
    let baseline = peak_rss();
    let text = std::fs::read_to_string(file).unwrap();
    let after_read = peak_rss();
    let report = validator.validate(&text, &ValidateOptions::new(Context::Response));
    let peak = peak_rss();
    println!(
        "{}",
        serde_json::json!({
            "file": file.display().to_string(),
            "inputBytes": text.len(),
            "valid": report.valid,
            "baselineRss": baseline,
            "afterReadRss": after_read,
            "peakRss": peak,
        })
    );
}
