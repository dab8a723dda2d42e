//! The README's sample sessions run as written: every `$ scimkit …` line of
//! a ```text block, run from the directory the paragraph before the block
//! names ("run from `examples/readme/`"; the repository's root otherwise),
//! prints exactly the lines that follow it, up to the blank line before the
//! next `$ ` line or the end of the block, and nothing on standard error.

use std::path::PathBuf;

use crate::{repo_root, scimkit, shell_words, stdout};

/// One `$ ` line of a ```text block and the output shown after it.
struct Step {
    /// 1-based line of the `$ ` line in README.md.
    line: usize,
    /// The command as written after `$ `.
    command: String,
    /// Where the README says to run it.
    dir: PathBuf,
    /// The output shown, each line ending in `\n`.
    expected: String,
}

/// The directory a paragraph names with "run from `DIR`".
fn run_from(paragraph: &str) -> Option<&str> {
    let (_, rest) = paragraph.split_once("run from `")?;
    rest.split_once('`').map(|(dir, _)| dir)
}

/// Every `$ ` line of the README's ```text blocks, with its shown output.
fn steps(readme: &str) -> Vec<Step> {
    let lines: Vec<&str> = readme.lines().collect();
    let mut steps = Vec::new();
    // The last paragraph before a block (kept over the blank line after it).
    let mut paragraph = String::new();
    let mut after_blank = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line != "```text" {
            if line.starts_with("```") {
                // Skip any other block whole, so that its lines do not
                // become the paragraph.
                i += 1;
                while i < lines.len() && lines[i] != "```" {
                    i += 1;
                }
                paragraph.clear();
            } else if line.is_empty() {
                after_blank = true;
            } else {
                if after_blank {
                    paragraph.clear();
                    after_blank = false;
                }
                paragraph.push_str(line);
                paragraph.push(' ');
            }
            i += 1;
            continue;
        }
        let dir = run_from(&paragraph).map_or_else(repo_root, |d| repo_root().join(d));
        let start = i + 1;
        let end = start
            + lines[start..]
                .iter()
                .position(|l| *l == "```")
                .expect("an unclosed ```text block");
        let block = &lines[start..end];
        let commands: Vec<usize> = (0..block.len())
            .filter(|&j| block[j].starts_with("$ "))
            .collect();
        for (k, &j) in commands.iter().enumerate() {
            let next = commands.get(k + 1).copied();
            let mut shown = &block[j + 1..next.unwrap_or(block.len())];
            if next.is_some() {
                // The blank line that separates one command from the next.
                match shown.split_last() {
                    Some((&"", rest)) => shown = rest,
                    _ => panic!(
                        "README.md:{}: put a blank line before the next `$ ` line",
                        start + commands[k + 1]
                    ),
                }
            }
            steps.push(Step {
                line: start + j + 1,
                command: block[j]["$ ".len()..].to_string(),
                dir: dir.clone(),
                expected: shown.iter().map(|l| format!("{l}\n")).collect(),
            });
        }
        paragraph.clear();
        i = end + 1;
    }
    steps
}

#[test]
fn every_readme_session_line_prints_what_the_readme_shows() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let mut ran = 0;
    let mut failures = Vec::new();
    for step in steps(&readme) {
        let at = format!("README.md:{}: $ {}", step.line, step.command);
        let mut words = shell_words(&step.command).unwrap_or_else(|e| panic!("{at}: {e}"));
        // Leading `NAME=value` words set the environment, as in a shell.
        let assignments = words
            .iter()
            .take_while(|w| {
                w.split_once('=').is_some_and(|(name, _)| {
                    !name.is_empty() && name.chars().all(|c| c.is_ascii_uppercase() || c == '_')
                })
            })
            .count();
        let env: Vec<(String, String)> = words
            .drain(..assignments)
            .filter_map(|w| {
                w.split_once('=')
                    .map(|(n, v)| (n.to_string(), v.to_string()))
            })
            .collect();
        assert_eq!(
            words.first().map(String::as_str),
            Some("scimkit"),
            "{at}: a `$ ` line in a ```text block must be a scimkit command, so that this test can run it"
        );
        // `scimkit probe` needs a live SCIM server: its session is a recorded
        // run (the probe's own tests start servers), so it is not replayed.
        if words.get(1).map(String::as_str) == Some("probe") {
            continue;
        }
        let out = scimkit()
            .current_dir(&step.dir)
            .env("NO_COLOR", "1")
            .envs(env)
            .args(&words[1..])
            .output()
            .unwrap();
        ran += 1;
        let printed = stdout(&out);
        if printed != step.expected {
            failures.push(format!(
                "{at}\n--- the README shows\n{}--- the command printed (exit {:?})\n{printed}",
                step.expected,
                out.status.code()
            ));
        }
        if !out.stderr.is_empty() {
            failures.push(format!(
                "{at}: printed on standard error:\n{}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        if !matches!(out.status.code(), Some(0 | 1)) {
            failures.push(format!("{at}: exit {:?}", out.status.code()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} README step(s) differ from the README:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(ran >= 8, "only {ran} README steps found");
}
