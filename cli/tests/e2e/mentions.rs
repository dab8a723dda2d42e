//! Every command that a message, a doc or a `--help` names exists: the
//! strings of the core and the CLI (`core/src`, `cli/src`) and the docs
//! (`README.md`, `docs/*.md`, `examples/README.md`) are scanned for
//! `scimkit <command> [<subcommand>]`, and `scimkit <command> [<subcommand>]
//! --help` must exit 0 for each one found.
//!
//! A mention is `scimkit`, a space and a lower-case word (`scimkit::` paths,
//! `scimkit-probe-…` names and `scimkit@…` package specs have no space).
//! In code (inside backticks, in a fenced block, or, in Rust sources, on a
//! line that starts with the command or pipes into it, as help examples do) the
//! word must be a command, and a second word a subcommand of a command that
//! has them: a misspelt `scimkit map preset` fails. In prose ("scimkit
//! reads …") a word that is no command is English and is left alone.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::{command_tree, repo_root, scimkit};

/// The files to scan: sources and data of the core and the CLI, and the docs.
fn scanned_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path
                .extension()
                .is_some_and(|e| e == "rs" || e == "json" || e == "md")
            {
                out.push(path);
            }
        }
    }
    let root = repo_root();
    let mut files = Vec::new();
    walk(&root.join("core/src"), &mut files);
    walk(&root.join("cli/src"), &mut files);
    files.push(root.join("README.md"));
    files.push(root.join("examples/README.md"));
    for entry in std::fs::read_dir(root.join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// The lower-case word at the start of `text`, when a word boundary ends it.
fn word(text: &str) -> Option<&str> {
    let end = text
        .find(|c: char| !c.is_ascii_lowercase())
        .unwrap_or(text.len());
    let after = text[end..].chars().next();
    (end > 0 && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')).then(|| &text[..end])
}

/// One `scimkit …` mention: where, its words, and whether it stands in code.
struct Mention {
    at: String,
    first: String,
    second: Option<String>,
    code: bool,
}

/// Every mention in `text` (of `file`).
fn mentions(file: &Path, text: &str) -> Vec<Mention> {
    let markdown = file.extension().is_some_and(|e| e == "md");
    let mut found = Vec::new();
    let mut fenced = false;
    for (n, line) in text.lines().enumerate() {
        if markdown && line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        let mut from = 0;
        while let Some(i) = line[from..].find("scimkit ").map(|i| i + from) {
            from = i + "scimkit ".len();
            let before = line[..i].chars().next_back();
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || "_-./:@".contains(c)) {
                continue;
            }
            let Some(first) = word(&line[from..]) else {
                continue;
            };
            let rest = &line[from + first.len()..];
            let second = rest.strip_prefix(' ').and_then(word);
            // In Rust sources a line of a string that starts with the
            // command is a help example; in Markdown it may be prose that
            // wrapped, so only backticks and fences count there.
            let prefix = line[..i].trim_start();
            let example_line = !markdown
                && (prefix.is_empty()
                    || prefix == "$"
                    || prefix.ends_with("| ")
                    || prefix.ends_with("… "));
            let code = fenced || line[..i].matches('`').count() % 2 == 1 || example_line;
            found.push(Mention {
                at: format!(
                    "{}:{}",
                    file.strip_prefix(repo_root()).unwrap_or(file).display(),
                    n + 1
                ),
                first: first.to_string(),
                second: second.map(str::to_string),
                code,
            });
        }
    }
    found
}

/// Checks `found` against the command tree: the problems, and the commands
/// named (each with where it is first named) added to `named`.
fn check(
    tree: &BTreeMap<String, Vec<String>>,
    found: &[Mention],
    named: &mut BTreeMap<Vec<String>, String>,
) -> Vec<String> {
    let mut problems = Vec::new();
    for m in found {
        let Some(subcommands) = tree.get(&m.first) else {
            if m.code {
                problems.push(format!("{}: `scimkit {}` is no command", m.at, m.first));
            }
            continue;
        };
        let mut command = vec![m.first.clone()];
        match &m.second {
            Some(second) if subcommands.contains(second) => command.push(second.clone()),
            Some(second) if m.code && !subcommands.is_empty() => problems.push(format!(
                "{}: `scimkit {} {second}`: `{}` has no subcommand `{second}` (it has {})",
                m.at,
                m.first,
                m.first,
                subcommands.join(", ")
            )),
            _ => {}
        }
        named.entry(command).or_insert_with(|| m.at.clone());
    }
    problems
}

#[test]
fn every_command_named_in_messages_and_docs_exists() {
    let tree = command_tree();
    let mut named: BTreeMap<Vec<String>, String> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut scanned = 0;
    for file in scanned_files() {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        scanned += 1;
        failures.extend(check(&tree, &mentions(&file, &text), &mut named));
    }
    assert!(scanned > 100, "only {scanned} files scanned");
    for (command, at) in &named {
        let out = scimkit().args(command).arg("--help").output().unwrap();
        if out.status.code() != Some(0) {
            failures.push(format!(
                "{at}: `scimkit {} --help` exits {:?}",
                command.join(" "),
                out.status.code()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "commands named that do not exist:\n{}",
        failures.join("\n")
    );
    // The scan sees the mentions it exists for.
    let seen: BTreeSet<String> = named.keys().map(|c| c.join(" ")).collect();
    for expected in [
        "map presets",
        "validate",
        "filter parse",
        "patch apply",
        "probe",
    ] {
        assert!(
            seen.contains(expected),
            "`scimkit {expected}` not found: {seen:?}"
        );
    }
}

#[test]
fn a_misspelt_command_in_code_fails_and_prose_does_not() {
    let tree: BTreeMap<String, Vec<String>> = [
        (
            "map".to_string(),
            vec!["check".to_string(), "presets".to_string()],
        ),
        ("validate".to_string(), Vec::new()),
    ]
    .into_iter()
    .collect();
    // A help text in a Rust source: an example line is code.
    let rust = "Try `scimkit map preset` or `scimkit map presets`, then\n  scimkit valdate a.json\n  scimkit validate a.json\n";
    // Markdown prose, a line of it starting with a word after scimkit.
    let markdown = "scimkit reads files, with scimkit map you can;\nsee scimkit::filter and scimkit-probe-1, or `scimkit valdate`.\n";
    let mut named = BTreeMap::new();
    let mut problems = check(&tree, &mentions(Path::new("x.rs"), rust), &mut named);
    problems.extend(check(
        &tree,
        &mentions(Path::new("x.md"), markdown),
        &mut named,
    ));
    assert_eq!(
        problems,
        [
            "x.rs:1: `scimkit map preset`: `map` has no subcommand `preset` (it has check, presets)",
            "x.rs:2: `scimkit valdate` is no command",
            "x.md:2: `scimkit valdate` is no command",
        ]
    );
    let named: Vec<String> = named.keys().map(|c| c.join(" ")).collect();
    assert_eq!(named, ["map", "map presets", "validate"]);
}
