//! `examples/`: every file has its line in `examples/README.md`, whose
//! commands run with the exit status it states; and the examples in every
//! `--help` name files that exist there, and run.

use std::collections::BTreeSet;
use std::path::Path;

use crate::{command_tree, repo_root, scimkit, shell_words, stdout};

/// Runs `words` (a `scimkit …` command line) from the repository's root:
/// (exit code, stdout, stderr).
fn run_from_root(words: &[String]) -> (Option<i32>, String, String) {
    let out = scimkit()
        .current_dir(repo_root())
        .env("NO_COLOR", "1")
        .args(&words[1..])
        .output()
        .unwrap();
    (
        out.status.code(),
        stdout(&out),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every file under `dir`, as paths relative to `base` with `/`.
fn files(dir: &Path, base: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, base, out);
        } else {
            let relative = path.strip_prefix(base).unwrap();
            out.insert(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// `` `text` `` → `text`.
fn unquote(cell: &str) -> &str {
    cell.trim()
        .strip_prefix('`')
        .and_then(|c| c.strip_suffix('`'))
        .unwrap_or_else(|| panic!("expected `…` in the cell {cell:?}"))
}

#[test]
fn every_example_file_has_its_line_and_its_command_runs() {
    let root = repo_root().join("examples");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let rows: Vec<Vec<&str>> = readme
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split(" | ").collect();
            assert_eq!(cells.len(), 4, "file | shows | command | exit: {l}");
            cells
        })
        .collect();
    let mut listed = BTreeSet::new();
    let mut failures = Vec::new();
    for row in &rows {
        let file = unquote(row[0]);
        assert!(listed.insert(file.to_string()), "{file} is listed twice");
        let command = unquote(row[2]);
        let exit: i32 = row[3]
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{file}: the exit status {:?} is no number", row[3]));
        let words = shell_words(command).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(words[0], "scimkit", "{file}: {command}");
        let (code, out, err) = run_from_root(&words);
        if code != Some(exit) || !err.is_empty() {
            failures.push(format!(
                "{file}: `{command}` exited {code:?} (the README says {exit})\n{out}{err}"
            ));
        }
    }
    let mut present = BTreeSet::new();
    files(&root, &root, &mut present);
    present.remove("README.md");
    let missing: Vec<&String> = present.difference(&listed).collect();
    let gone: Vec<&String> = listed.difference(&present).collect();
    assert!(
        missing.is_empty() && gone.is_empty(),
        "examples/README.md lacks a line for {missing:?} and lists files that do not exist: {gone:?}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Whether `path` (relative to the repository's root, `*` allowed in its
/// file name) names at least one file.
fn exists(path: &str) -> bool {
    let root = repo_root();
    match path.rsplit_once('/') {
        Some((dir, pattern)) if pattern.contains('*') => {
            let (prefix, suffix) = pattern.split_once('*').unwrap();
            std::fs::read_dir(root.join(dir)).is_ok_and(|mut entries| {
                entries.any(|e| {
                    let name = e.unwrap().file_name().to_string_lossy().into_owned();
                    name.starts_with(prefix) && name.ends_with(suffix)
                })
            })
        }
        _ => root.join(path).is_file(),
    }
}

#[test]
fn help_examples_name_files_in_examples_and_run() {
    let mut failures = Vec::new();
    let mut ran = 0;
    for (command, subcommands) in command_tree() {
        // The probe's examples need a live server; the probe's tests run them.
        if command == "probe" {
            continue;
        }
        let paths: Vec<Vec<&str>> = if subcommands.is_empty() {
            vec![vec![command.as_str()]]
        } else {
            subcommands
                .iter()
                .map(|s| vec![command.as_str(), s.as_str()])
                .collect()
        };
        for path in paths {
            let out = scimkit().args(&path).arg("--help").output().unwrap();
            let help = stdout(&out);
            let examples: Vec<&str> = help
                .lines()
                .skip_while(|l| !l.starts_with("Examples"))
                .skip(1)
                .take_while(|l| !l.is_empty())
                .map(str::trim)
                .collect();
            for example in examples {
                let at = format!("`scimkit {} --help`: {example}", path.join(" "));
                // Every file it names, except where output is redirected to.
                let tokens: Vec<&str> = example.split_whitespace().collect();
                for (i, token) in tokens.iter().enumerate() {
                    let token = token.trim_matches(|c| c == '\'' || c == '"');
                    let redirected = i > 0 && tokens[i - 1] == ">";
                    if token.ends_with(".json") && !redirected {
                        if !token.starts_with("examples/") {
                            failures.push(format!("{at}: name a file in examples/, not {token}"));
                        } else if !exists(token) {
                            failures.push(format!("{at}: {token} does not exist"));
                        }
                    }
                }
                // Examples that need a shell (pipes, redirection, globs) are
                // only checked for their files.
                let Ok(words) = shell_words(example) else {
                    continue;
                };
                if words.first().map(String::as_str) != Some("scimkit") {
                    continue;
                }
                ran += 1;
                let (code, out, err) = run_from_root(&words);
                if !matches!(code, Some(0 | 1)) || !err.is_empty() {
                    failures.push(format!("{at}: exit {code:?}\n{out}{err}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(ran >= 20, "only {ran} help examples ran");
}
