//! End-to-end tests of the `scimkit` binary: every command on RFC examples
//! and on the shared case data of `tests/data/` (the same data the core's
//! conformance runners read), exit codes, both output formats, standard
//! input, several files, colours.
//!
//! One test binary (this folder) so that cargo links once; cargo builds the
//! `scimkit` binary once for all of them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod commands;
mod data;
mod filter;
mod large;
mod map;
mod patch;
mod streams;
mod validate;

use std::path::PathBuf;

use assert_cmd::Command;
use scimkit_conformance::Case;
use serde_json::Value;
use tempfile::TempDir;

/// The binary under test, with colour variables of the caller's terminal removed.
pub fn scimkit() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_scimkit"));
    cmd.env_remove("NO_COLOR").env_remove("TERM");
    cmd
}

/// A temporary folder to write inputs into.
pub struct Dir(TempDir);

impl Default for Dir {
    fn default() -> Dir {
        Dir::new()
    }
}

impl Dir {
    pub fn new() -> Dir {
        Dir(tempfile::tempdir().unwrap())
    }

    /// Writes `contents` to `name` and returns the path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.path().join(name);
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// Writes `value` as pretty JSON.
    pub fn json(&self, name: &str, value: &Value) -> PathBuf {
        self.write(name, serde_json::to_string_pretty(value).unwrap())
    }

    pub fn path(&self) -> &std::path::Path {
        self.0.path()
    }
}

/// The case of `area` whose id starts with `prefix`.
pub fn case(area: &str, prefix: &str) -> Case {
    scimkit_conformance::cases(area)
        .into_iter()
        .find(|c| c.id.starts_with(prefix))
        .unwrap_or_else(|| panic!("no {area} case {prefix}"))
}

/// The text a document case validates: `text` as written, or the document pretty-printed.
pub fn document_text(case: &Case) -> String {
    match case.get("text").as_str() {
        Some(text) => text.to_string(),
        None => serde_json::to_string_pretty(case.get("document")).unwrap(),
    }
}

/// Standard output parsed as JSON.
/// Runs `cmd` and holds its JSON output and exit code against what the core
/// gives (`want`, `code`); the error says how they differ.
pub fn same_as_core(cmd: &mut Command, want: &Value, code: i32) -> Result<(), String> {
    let out = cmd.output().unwrap();
    let got = stdout_json(&out);
    if got != *want {
        return Err(format!("CLI {got}\ncore {want}"));
    }
    if out.status.code() != Some(code) {
        return Err(format!(
            "exit status {:?}, expected {code}",
            out.status.code()
        ));
    }
    Ok(())
}

/// Runs `cmd`, asserts its exit code and returns its standard output as JSON.
pub fn json_exit(cmd: &mut Command, code: i32) -> Value {
    stdout_json(cmd.assert().code(code).get_output())
}

pub fn stdout_json(output: &std::process::Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// Standard output as text.
pub fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// Standard error as text.
pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}
