//! `cargo xtask fuzz [--seconds N] [--target NAME]`: runs every cargo-fuzz
//! target of `fuzz/` for N seconds (default 60), seeded from the cases under
//! `tests/data/`, and fails if any finds a crash.
//!
//! Installs what it needs: the nightly toolchain (libFuzzer's sanitizer
//! coverage needs it) and cargo-fuzz, into `target/tools/` like the other tools.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::tools;
use crate::util::{Result, banner, cmd, files_under, output, path_with, root};

/// The fuzz targets (fuzz/fuzz_targets/*.rs).
const TARGETS: &[&str] = &[
    "validate_document",
    "filter",
    "patch",
    "expressions",
    "explain",
    "mapping",
    "logs",
];

/// The cargo-fuzz release this pipeline installs.
const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// Options of `cargo xtask fuzz`.
pub struct Options {
    /// How long each target runs.
    pub seconds: u64,
    /// Only this target.
    pub target: Option<String>,
}

impl Options {
    /// Parses `--seconds N` and `--target NAME`.
    pub fn parse(args: &[&str]) -> Result<Options> {
        let mut options = Options {
            seconds: 60,
            target: None,
        };
        let mut rest = args.iter();
        while let Some(arg) = rest.next() {
            match *arg {
                "--seconds" => {
                    let n = rest.next().ok_or("--seconds needs a number")?;
                    options.seconds = n
                        .parse()
                        .map_err(|_| format!("--seconds needs a number, not `{n}`"))?;
                }
                "--target" => {
                    let t = rest.next().ok_or("--target needs a name")?;
                    if !TARGETS.contains(t) {
                        return Err(format!(
                            "no fuzz target `{t}` (targets: {})",
                            TARGETS.join(", ")
                        ));
                    }
                    options.target = Some((*t).to_string());
                }
                other => return Err(format!("unknown fuzz argument `{other}`")),
            }
        }
        Ok(options)
    }
}

/// Runs the fuzzers and prints a table of executions; fails on a crash.
pub fn run(options: &Options) -> Result {
    nightly()?;
    let cargo_fuzz = tools::install("cargo-fuzz", "cargo-fuzz", CARGO_FUZZ_VERSION, &[], true)?;
    let bin_dir = cargo_fuzz
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    seed_corpora()?;
    let targets: Vec<&str> = TARGETS
        .iter()
        .copied()
        .filter(|t| options.target.as_deref().is_none_or(|only| only == *t))
        .collect();
    let mut rows = Vec::new();
    let mut crashed = Vec::new();
    for target in targets {
        let started = banner(&format!("fuzz {target} for {} s", options.seconds));
        let out = cmd("cargo")
            .env("PATH", path_with(&bin_dir))
            .args(["+nightly", "fuzz", "run", target, "--"])
            .arg(format!("-max_total_time={}", options.seconds))
            .args(["-rss_limit_mb=4096", "-print_final_stats=1", "-timeout=30"])
            .output()
            .map_err(|e| format!("cargo fuzz: {e}"))?;
        let log = String::from_utf8_lossy(&out.stderr);
        let executions = stat(&log, "stat::number_of_executed_units:").unwrap_or(0);
        let seconds = started.elapsed().as_secs_f64();
        let ok = out.status.success();
        if !ok {
            // The crash report and the artifact path are at the end of the log.
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            for line in tail.iter().rev() {
                eprintln!("{line}");
            }
            crashed.push(target);
        }
        println!(
            "{target}: {executions} executions, {}",
            if ok { "no crash" } else { "CRASH" }
        );
        rows.push((target, executions, seconds, ok));
    }
    println!(
        "\n{:<18} {:>14} {:>10} {:>10}  result",
        "target", "executions", "seconds", "exec/s"
    );
    for (target, executions, seconds, ok) in &rows {
        let rate = if *seconds > 0.0 {
            *executions as f64 / seconds
        } else {
            0.0
        };
        println!(
            "{target:<18} {executions:>14} {seconds:>10.0} {rate:>10.0}  {}",
            if *ok {
                "no crash"
            } else {
                "CRASH (see fuzz/artifacts/)"
            }
        );
    }
    if crashed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "crashes in {}: turn each artifact into a regression case under tests/data/",
            crashed.join(", ")
        ))
    }
}

fn stat(log: &str, key: &str) -> Option<u64> {
    log.lines()
        .rev()
        .find_map(|l| l.strip_prefix(key).and_then(|v| v.trim().parse().ok()))
}

/// The nightly toolchain, installed when missing (minimal profile).
fn nightly() -> Result {
    let list = output(cmd("rustup").args(["toolchain", "list"]))?;
    if list.lines().any(|l| l.starts_with("nightly")) {
        return Ok(());
    }
    crate::util::run(cmd("rustup").args([
        "toolchain",
        "install",
        "nightly",
        "--profile",
        "minimal",
    ]))
}

/// Writes seeds for every target from the data-driven cases: documents,
/// filters and paths, PATCH bodies with their resources, expressions, quirks.
fn seed_corpora() -> Result {
    let data = root().join("tests/data");
    let mut seeds: Vec<(&str, String)> = Vec::new();
    for file in files_under(&data)? {
        if file.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let text =
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let Ok(value) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let cases: Vec<&Value> = match value.get("cases").and_then(Value::as_array) {
            Some(list) => list.iter().collect(),
            None => vec![&value],
        };
        for case in cases {
            collect(case, &mut seeds);
        }
    }
    for (target, seed) in &seeds {
        let dir = root().join("fuzz/corpus").join(target);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let mut h = DefaultHasher::new();
        seed.hash(&mut h);
        let path: PathBuf = dir.join(format!("seed-{:016x}", h.finish()));
        std::fs::write(&path, seed).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    println!(
        "seeded the fuzz corpora with {} inputs from tests/data",
        seeds.len()
    );
    Ok(())
}

fn collect(case: &Value, seeds: &mut Vec<(&'static str, String)>) {
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if let Some(doc) = case.get("text").or_else(|| case.get("document")) {
        seeds.push(("validate_document", text(doc)));
        seeds.push(("explain", text(doc)));
    }
    for key in ["filter", "path"] {
        if let Some(f) = case.get(key).and_then(Value::as_str) {
            seeds.push(("filter", f.to_string()));
            seeds.push(("explain", f.to_string()));
        }
    }
    if let (Some(resource), Some(patch)) = (case.get("resource"), case.get("patch")) {
        seeds.push(("patch", format!("{}\0{}", text(resource), text(patch))));
        seeds.push(("validate_document", text(patch)));
    }
    if let Some(e) = case.get("expression").and_then(Value::as_str) {
        seeds.push(("expressions", e.to_string()));
    }
    if let Some(config) = case.get("config").or_else(|| case.get("configText")) {
        let config = text(config);
        let sources: Vec<&Value> = case
            .get("apply")
            .and_then(Value::as_array)
            .map(|runs| runs.iter().filter_map(|r| r.get("source")).collect())
            .unwrap_or_default();
        if sources.is_empty() {
            seeds.push(("mapping", config));
        } else {
            for source in sources {
                seeds.push(("mapping", format!("{config}\0{}", text(source))));
            }
        }
    }
    if let Some(input) = case.get("input") {
        seeds.push(("explain", text(input)));
    }
    if let Some(log) = case.get("logText").or_else(|| case.get("log")) {
        seeds.push(("logs", text(log)));
    }
}
