//! `docs/codes.md` is generated from the code table; this test fails when it
//! is stale and, with `SCIMKIT_BLESS=1`, rewrites it.

use std::path::Path;

const HEADER: &str = "# Diagnostic codes\n\nEvery diagnostic scimkit reports carries one of these codes. Codes are stable:\nscripts match on them, so a code is never renamed or reused for another\nmeaning. The severity is the default; lenient mode and identity-provider\ndialects lower some errors to warnings, and each diagnostic's `severity` field\nsays what it is. \"How to fix\" is what an identity admin (or, where the\nfix is theirs, the service provider's developers) does about it in general;\na diagnostic's own `help`, when it has one, is more specific, and the\nplayground shows one or the other under \"How to fix\" for every diagnostic.\n\nGenerated from `core/src/diagnostics/codes.rs` (run\n`SCIMKIT_BLESS=1 cargo test -p scimkit-conformance --test codes_doc` after\nchanging the table).\n\n";

#[test]
fn codes_doc_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/codes.md");
    let expected = format!("{HEADER}{}", scimkit::diagnostics::code_table_markdown());
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    if std::env::var_os("SCIMKIT_BLESS").is_some() {
        std::fs::write(&path, &expected).unwrap();
        return;
    }
    assert!(
        actual == expected,
        "docs/codes.md is stale: run SCIMKIT_BLESS=1 cargo test -p scimkit-conformance --test codes_doc"
    );
}

#[test]
fn limits_doc_lists_every_limit_with_its_value() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/limits.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    for (name, value) in scimkit::limits::ALL {
        let row = doc
            .lines()
            .find(|l| l.starts_with(&format!("| `{name}` |")))
            .unwrap_or_else(|| panic!("docs/limits.md has no row for `{name}`"));
        assert!(
            row.contains(&format!("| {value}")),
            "docs/limits.md gives `{name}` another value than {value}: {row}"
        );
        let code = row
            .split('`')
            .find(|p| p.starts_with("limit-"))
            .unwrap_or("");
        assert!(
            scimkit::Code::from_name(code).is_some(),
            "the row of `{name}` names no code of the table: {row}"
        );
    }
}

/// The check table of docs/probe.md, as `CHECKS` makes it.
fn probe_check_table() -> String {
    let cell = |text: &str| text.replace('|', "\\|");
    let mut table = String::from(
        "| id | checks | senders | reference | when it fails |\n|---|---|---|---|---|\n",
    );
    for check in scimkit::probe::CHECKS {
        table.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            check.id,
            cell(check.title),
            cell(check.senders),
            cell(check.reference),
            cell(check.advice)
        ));
    }
    table
}

/// docs/probe.md's check table is generated from the probe's `CHECKS` (with
/// `SCIMKIT_BLESS=1` this rewrites it): every check with the senders it
/// runs for, its reference and its advice.
#[test]
fn probe_doc_lists_every_check_with_its_reference() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/probe.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let start = doc
        .find("| id | checks |")
        .expect("docs/probe.md has no check table");
    let end = doc[start..]
        .find("\n\n")
        .map_or(doc.len(), |i| start + i + 1);
    let expected = probe_check_table();
    if std::env::var_os("SCIMKIT_BLESS").is_some() {
        let updated = format!("{}{expected}{}", &doc[..start], &doc[end..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    assert!(
        doc[start..end] == expected,
        "docs/probe.md's check table is stale: run SCIMKIT_BLESS=1 cargo test -p scimkit-conformance --test codes_doc"
    );
}
