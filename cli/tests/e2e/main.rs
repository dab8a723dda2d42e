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
mod examples;
mod filter;
mod large;
mod logs;
mod map;
mod mentions;
mod patch;
mod readme;
mod streams;
mod validate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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

/// The repository's root (the workspace above `cli/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Splits a command line the way a POSIX shell does for the quoting the
/// documentation uses: words separated by blanks, `'…'` taken literally,
/// `"…"` with `\"`, `\\`, `\$` and `` \` `` escapes, and `\` before any
/// character outside quotes.
///
/// # Errors
/// An unclosed quote, or an unquoted character that would make the shell do
/// more than run one command (`|`, `>`, `<`, `;`, `&`, `$`, `` ` ``, `*`,
/// `?`, `(`, `)`): such a line cannot be run without a shell.
pub fn shell_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => {
                words.extend(word.take());
            }
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => w.push(c),
                        None => return Err(format!("unclosed ' in {line}")),
                    }
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(e @ ('"' | '\\' | '$' | '`')) => w.push(e),
                            Some(other) => {
                                w.push('\\');
                                w.push(other);
                            }
                            None => return Err(format!("unclosed \" in {line}")),
                        },
                        Some(c @ ('$' | '`')) => {
                            return Err(format!(
                                "`{c}` inside double quotes needs a shell: {line}"
                            ));
                        }
                        Some(c) => w.push(c),
                        None => return Err(format!("unclosed \" in {line}")),
                    }
                }
            }
            '\\' => match chars.next() {
                Some(e) => word.get_or_insert_with(String::new).push(e),
                None => return Err(format!("a trailing \\ in {line}")),
            },
            '|' | '>' | '<' | ';' | '&' | '$' | '`' | '*' | '?' | '(' | ')' => {
                return Err(format!("`{c}` needs a shell: {line}"));
            }
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    Ok(words)
}

/// The names under `Commands:` in a `--help` text (without `help`).
fn commands_in_help(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        // Entries are indented by two spaces; wrapped descriptions by more.
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

/// Every command of the binary and its subcommands (empty for a command
/// without any), read from clap's own `--help` output, so the tests follow
/// the command line as it is.
pub fn command_tree() -> BTreeMap<String, Vec<String>> {
    let help = |args: &[&str]| {
        let out = scimkit().args(args).arg("--help").output().unwrap();
        assert_eq!(out.status.code(), Some(0), "scimkit {args:?} --help");
        stdout(&out)
    };
    let tree: BTreeMap<String, Vec<String>> = commands_in_help(&help(&[]))
        .into_iter()
        .map(|command| {
            let subcommands = commands_in_help(&help(&[&command]));
            (command, subcommands)
        })
        .collect();
    assert!(
        tree.len() >= 9 && tree.get("map").is_some_and(|s| s.len() >= 3),
        "the help was not read: {tree:?}"
    );
    tree
}

#[test]
fn shell_words_split_like_a_shell() {
    assert_eq!(
        shell_words(r#"scimkit filter parse 'userName eq "a b"' --x"#).unwrap(),
        ["scimkit", "filter", "parse", r#"userName eq "a b""#, "--x"]
    );
    assert_eq!(
        shell_words(r#"expr eval "Join(\" \", [a])" f.json"#).unwrap(),
        ["expr", "eval", r#"Join(" ", [a])"#, "f.json"]
    );
    assert_eq!(shell_words("a''b  \\ c").unwrap(), ["ab", " c"]);
    assert!(shell_words("scimkit codes | head").is_err());
    assert!(shell_words("scimkit map presets entra > m.json").is_err());
    assert!(shell_words("scimkit validate 'a").is_err());
}
