//! `cargo xtask bench-js` and `cargo xtask bench-peers`: scimkit against the
//! SCIM libraries people would otherwise use, on the same inputs, measured the
//! same way (warm-up, then the median of five timed samples).
//!
//! - Inputs: `core/examples/bench_peers.rs write-inputs` writes the Entra ID
//!   create-user body, 10,000- and 100,000-member Groups and the IdP filters
//!   into `target/bench-peers/inputs/`; every tool reads those files.
//! - Native: the same example, release-built, times scimkit (`run`) and
//!   measures peak memory on the 100,000-member Group (`memory`).
//! - JavaScript: `bench/js/bench.mjs` runs the npm package and the JS peers
//!   (scimmy, scim2-parse-filter) in one Node process.
//! - Python: `bench/python/bench.py` runs scim2-models and scim2-filter-parser.
//!
//! Peers are installed into scratch folders under `target/bench-peers/` (npm
//! and a virtualenv from the machine's python3), never into the repository's
//! lockfile. These commands may download; `cargo xtask test` never runs them.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::npm;
use crate::util::{Result, banner, cargo, cmd, output, root, run, target_dir};

/// The JS peers, pinned so that reruns compare the same code.
const JS_PEERS: &[&str] = &["scimmy@1.3.5", "scim2-parse-filter@0.2.10"];
/// The Python peers, pinned likewise.
const PY_PEERS: &[&str] = &["scim2-models==0.12.3", "scim2-filter-parser==0.7.0"];

/// Tasks in table order.
const TASKS: &[&str] = &[
    "validate Entra create-user body",
    "validate 10,000-member Group",
    "validate 100,000-member Group",
    "parse IdP filters",
    "parse RFC 7644 filters",
    "parse a typical IdP filter (Entra lookup)",
    "build the built-in schema registry",
];

const NATIVE: &str = "scimkit (native)";
const NPM: &str = "scimkit (npm, wasm)";

fn scratch() -> PathBuf {
    target_dir().join("bench-peers")
}

fn inputs_dir() -> PathBuf {
    scratch().join("inputs")
}

/// One measurement line printed by a bench program.
#[derive(Debug, Clone)]
struct Row {
    task: String,
    tool: String,
    /// Operations per second (median), or why the tool cannot do the task.
    result: std::result::Result<f64, String>,
}

/// Reads the `{"task", "tool", "opsPerSec" | "na"}` lines a bench program printed.
fn parse_rows(text: &str) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    for line in text.lines().filter(|l| l.trim_start().starts_with('{')) {
        let field = |name: &str| json_field(line, name);
        let (Some(task), Some(tool)) = (field("task"), field("tool")) else {
            return Err(format!("bench output line without task/tool: {line}"));
        };
        let result = match (field("opsPerSec"), field("na")) {
            (Some(ops), _) => ops
                .parse::<f64>()
                .map_err(|e| format!("bad opsPerSec in {line}: {e}"))?,
            (None, Some(why)) => {
                rows.push(Row {
                    task,
                    tool,
                    result: Err(why),
                });
                continue;
            }
            (None, None) => return Err(format!("bench output line without a result: {line}")),
        };
        rows.push(Row {
            task,
            tool,
            result: Ok(result),
        });
    }
    Ok(rows)
}

/// The value of `"name": …` in one flat JSON line (a string without escapes,
/// or a number). xtask has no JSON dependency, and the bench programs print
/// exactly this shape.
fn json_field(line: &str, name: &str) -> Option<String> {
    let key = format!("\"{name}\":");
    let rest = line.get(line.find(&key)? + key.len()..)?.trim_start();
    if let Some(string) = rest.strip_prefix('"') {
        string
            .find('"')
            .and_then(|end| string.get(..end))
            .map(str::to_owned)
    } else {
        let end = rest.find([',', '}']).unwrap_or(rest.len());
        rest.get(..end).map(|v| v.trim().to_owned())
    }
}

/// `12,345` / `12.3` / `0.231`.
fn ops(value: f64) -> String {
    if value >= 100.0 {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let whole = value.round() as u64;
        let digits = whole.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    } else if value >= 1.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.3}")
    }
}

/// The table: task, tool, ops/s, ratio to the reference tool of the task.
fn table(rows: &[Row], reference: &str, extra_tasks: bool) -> String {
    let mut tasks: Vec<&str> = TASKS.to_vec();
    if extra_tasks {
        for row in rows {
            if !tasks.contains(&row.task.as_str()) {
                tasks.push(&row.task);
            }
        }
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| task | tool | ops/s (median) | ratio to {reference} |"
    );
    let _ = writeln!(out, "|---|---|---:|---:|");
    for task in tasks {
        let in_task: Vec<&Row> = rows.iter().filter(|r| r.task == task).collect();
        let base = in_task
            .iter()
            .find(|r| r.tool == reference)
            .and_then(|r| r.result.as_ref().ok().copied());
        for row in in_task {
            let (value, ratio) = match &row.result {
                Ok(v) => (
                    ops(*v),
                    base.map_or_else(|| "-".to_string(), |b| format!("{:.3}×", v / b)),
                ),
                Err(why) => (format!("n/a: {why}"), "-".to_string()),
            };
            let _ = writeln!(out, "| {task} | {} | {value} | {ratio} |", row.tool);
        }
    }
    out
}

/// Release-builds the native bench example; returns its path.
fn native_bench() -> Result<PathBuf> {
    run(cargo().args([
        "build",
        "--locked",
        "--release",
        "-p",
        "scimkit",
        "--example",
        "bench_peers",
    ]))?;
    Ok(target_dir()
        .join("release")
        .join("examples")
        .join(format!("bench_peers{}", std::env::consts::EXE_SUFFIX)))
}

fn write_inputs(bin: &Path) -> Result {
    run(cmd(bin).arg("write-inputs").arg(inputs_dir()))
}

/// `npm install`s the JS peers into `target/bench-peers/js/`; returns its node_modules.
fn install_js_peers() -> Result<PathBuf> {
    let dir = scratch().join("js");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let manifest = dir.join("package.json");
    std::fs::write(
        &manifest,
        "{\"name\": \"scimkit-bench-peers\", \"private\": true, \"type\": \"module\"}\n",
    )
    .map_err(|e| format!("{}: {e}", manifest.display()))?;
    run(cmd("npm")
        .current_dir(&dir)
        .args(["install", "--no-audit", "--no-fund", "--no-save"])
        .args(JS_PEERS))?;
    Ok(dir.join("node_modules"))
}

/// A virtualenv in `target/bench-peers/venv/` with the Python peers; returns its python.
fn install_py_peers() -> Result<PathBuf> {
    let venv = scratch().join("venv");
    let python = venv.join("bin").join("python");
    if !python.exists() {
        run(cmd("python3").arg("-m").arg("venv").arg(&venv))?;
    }
    run(cmd(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .args(PY_PEERS))?;
    Ok(python)
}

/// Runs a bench program, echoing and parsing its lines.
fn collect(command: &mut std::process::Command, what: &str) -> Result<Vec<Row>> {
    let timer = banner(&format!("bench: {what}"));
    let text = output(command)?;
    println!("{text}");
    println!("({what}: {:.0} s)", timer.elapsed().as_secs_f64());
    parse_rows(&text)
}

fn node_bench(peers: &Path) -> std::process::Command {
    let mut command = cmd("node");
    command
        .arg(root().join("bench/js/bench.mjs"))
        .arg(inputs_dir())
        .arg(peers)
        .env("SCIMKIT_PKG_DIR", npm::pkg_dir());
    command
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let node = output(cmd("node").arg("--version")).unwrap_or_default();
    let rustc = output(cmd("rustc").arg("--version")).unwrap_or_default();
    format!("{cpu}, {cores} cores; {rustc}; node {node}")
}

/// `cargo xtask bench-js`: the npm package against the JS peers, in one Node process.
pub fn bench_js() -> Result {
    npm::build()?;
    let bin = native_bench()?;
    write_inputs(&bin)?;
    let peers = install_js_peers()?;
    let rows = collect(&mut node_bench(&peers), "npm package and JS peers (node)")?;
    println!("\nmachine: {}\n", machine());
    println!("{}", table(&rows, NPM, true));
    Ok(())
}

/// `cargo xtask bench-peers`: native, npm and every peer in one table.
pub fn bench_peers() -> Result {
    npm::build()?;
    let bin = native_bench()?;
    write_inputs(&bin)?;
    let js_peers = install_js_peers()?;
    let python = install_py_peers()?;

    let mut rows = collect(cmd(&bin).arg("run").arg(inputs_dir()), "scimkit native")?;
    let js = collect(
        &mut node_bench(&js_peers),
        "npm package and JS peers (node)",
    )?;
    rows.extend(js.into_iter().filter(|r| !r.task.starts_with("crossing")));
    rows.extend(collect(
        cmd(&python)
            .arg(root().join("bench/python/bench.py"))
            .arg(inputs_dir()),
        "Python peers",
    )?);

    let timer = banner("bench: peak memory validating the 100,000-member Group (native)");
    let memory = output(
        cmd(&bin)
            .arg("memory")
            .arg(inputs_dir().join("group-100k.json")),
    )?;
    println!("{memory} ({:.0} s)", timer.elapsed().as_secs_f64());
    let field = |name: &str| {
        json_field(&memory, name)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    let (input, peak, baseline) = (field("inputBytes"), field("peakRss"), field("baselineRss"));

    println!("\nmachine: {}\n", machine());
    println!("{}", table(&rows, NATIVE, false));
    if input > 0.0 {
        println!(
            "peak RSS validating group-100k.json ({:.1} MB): {:.1} MB = {:.2}× the input ({:.2}× above the {:.1} MB process baseline)",
            input / 1e6,
            peak / 1e6,
            peak / input,
            (peak - baseline) / input,
            baseline / 1e6
        );
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn reads_bench_lines() {
        let text = "noise\n{\"task\":\"parse IdP filters\",\"tool\":\"scimkit (native)\",\"opsPerSec\":2218680.3,\"samples\":[1,2]}\n{\"task\": \"parse IdP filters\", \"tool\": \"scim2-models 0.12.3\", \"na\": \"no filter parser\"}\n";
        let rows = parse_rows(text).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].result, Ok(2_218_680.3));
        assert_eq!(rows[1].tool, "scim2-models 0.12.3");
        assert_eq!(rows[1].result, Err("no filter parser".to_string()));
    }

    #[test]
    fn formats_ops() {
        assert_eq!(ops(2_218_680.3), "2,218,680");
        assert_eq!(ops(204.7), "205");
        assert_eq!(ops(14.58), "14.6");
        assert_eq!(ops(0.2307), "0.231");
    }

    #[test]
    fn tables_name_missing_support() {
        let rows = vec![
            Row {
                task: TASKS[0].into(),
                tool: NATIVE.into(),
                result: Ok(100.0),
            },
            Row {
                task: TASKS[0].into(),
                tool: "peer".into(),
                result: Ok(25.0),
            },
            Row {
                task: TASKS[0].into(),
                tool: "filters".into(),
                result: Err("filters only".into()),
            },
        ];
        let t = table(&rows, NATIVE, false);
        assert!(t.contains("| peer | 25.0 | 0.250× |"), "{t}");
        assert!(t.contains("| filters | n/a: filters only | - |"), "{t}");
    }
}
