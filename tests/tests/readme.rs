//! The README's mapping-configuration example is a valid configuration (its
//! Rust examples run as doctests of the core).

use scimkit::schema::Registry;

#[test]
fn readme_mapping_example_is_valid() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let blocks: Vec<&str> = readme
        .split("```json\n")
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .collect();
    assert!(!blocks.is_empty(), "the README has no JSON example");
    for block in blocks {
        let report = scimkit::mapping::check_text(block, &Registry::builtin(), None);
        assert!(report.valid, "{report:#?}");
    }
}
