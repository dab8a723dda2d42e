//! Every "idp-facts §N.M" that code, data cases and docs cite names a section
//! of `docs/idp-facts.md`, so a citation can always be followed (and a
//! renumbered section fails here rather than leaving dangling references).

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The section numbers of `docs/idp-facts.md` (`## 3.` and `### 3.3` headings).
fn sections() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("docs/idp-facts.md")).unwrap();
    text.lines()
        .filter_map(|line| line.strip_prefix("### ").or(line.strip_prefix("## ")))
        .filter_map(|heading| heading.split_whitespace().next())
        .map(|number| number.trim_end_matches('.').to_string())
        .filter(|number| number.starts_with(|c: char| c.is_ascii_digit()))
        .collect()
}

/// The section numbers cited in `text`: "idp-facts §3.3", and the further
/// "§" numbers of a list that follows it ("idp-facts §3.3, §6").
fn citations(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices("idp-facts") {
        let mut rest = &text[at + "idp-facts".len()..];
        rest = rest.strip_prefix(".md").unwrap_or(rest);
        rest = rest.trim_start();
        while let Some(after) = rest.strip_prefix('§') {
            let end = after
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(after.len());
            out.push(after[..end].trim_end_matches('.').to_string());
            rest = after[end..].trim_start_matches([',', ' ']);
        }
    }
    out
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "rs" || e == "json" || e == "md")
        {
            out.push(path);
        }
    }
}

#[test]
fn every_cited_section_exists() {
    let sections = sections();
    assert!(sections.contains(&"3.3".to_string()), "{sections:?}");
    let mut paths = Vec::new();
    for dir in [
        "core/src",
        "cli/src",
        "wasm/src",
        "tests/data",
        "examples",
        "docs",
    ] {
        files(&root().join(dir), &mut paths);
    }
    let mut cited = 0;
    let mut missing = Vec::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        for number in citations(&text) {
            cited += 1;
            if !sections.contains(&number) {
                missing.push(format!("{}: §{number}", path.display()));
            }
        }
    }
    assert!(cited > 50, "only {cited} citations found");
    assert!(
        missing.is_empty(),
        "cited sections not in docs/idp-facts.md:\n{}",
        missing.join("\n")
    );
}

#[test]
fn citation_lists_are_read() {
    assert_eq!(
        citations("see idp-facts §3.3, §6 (the string) and idp-facts.md §1.4"),
        ["3.3", "6", "1.4"]
    );
}
