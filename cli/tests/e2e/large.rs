//! Large documents: a ListResponse generated at test time (never committed)
//! is read once and validated. No time is asserted; the test checks that the
//! run completes with the right status.
//!
//! The default run uses about 20 MB. The 100 MB case is `#[ignore]`d to keep
//! `cargo test` quick in debug builds; run it with
//! `cargo test -p scimkit-cli -- --ignored`.

use std::io::Write;
use std::path::Path;

use serde_json::json;

use crate::{Dir, json_exit, scimkit, stdout_json};

/// Writes a ListResponse of distinct Users of about `bytes` bytes; returns their number.
fn write_list(path: &Path, bytes: usize) -> usize {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let user = |i: usize| {
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "id": format!("2819c223-7f76-453a-919d-{i:012}"),
            "userName": format!("user{i}@example.com"),
            "name": {"givenName": format!("Given{i}"), "familyName": "Jensen"},
            "emails": [{"value": format!("user{i}@example.com"), "type": "work", "primary": true}],
            "active": true,
            "meta": {"resourceType": "User", "created": "2010-01-23T04:56:22Z",
                     "lastModified": "2011-05-13T04:42:34Z",
                     "location": format!("https://example.com/v2/Users/{i}")}
        })
        .to_string()
    };
    let one = user(0).len() + 1;
    let n = bytes / one;
    write!(
        file,
        r#"{{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":{n},"itemsPerPage":{n},"startIndex":1,"Resources":["#
    )
    .unwrap();
    for i in 0..n {
        if i > 0 {
            file.write_all(b",").unwrap();
        }
        file.write_all(user(i).as_bytes()).unwrap();
    }
    file.write_all(b"]}").unwrap();
    file.flush().unwrap();
    n
}

fn validate_large(bytes: usize) {
    let dir = Dir::new();
    let path = dir.path().join("large.json");
    write_list(&path, bytes);
    assert!(std::fs::metadata(&path).unwrap().len() as usize > bytes * 9 / 10);
    let out = scimkit()
        .args(["validate", "--format", "json"])
        .arg(&path)
        .assert()
        .success();
    assert_eq!(
        stdout_json(out.get_output()),
        json!({"valid": true, "diagnostics": []})
    );
    // One error in the same document is found and the status says so.
    let text = std::fs::read_to_string(&path).unwrap();
    let broken = text.replacen("\"active\":true", "\"active\":\"yes\"", 1);
    drop(text);
    let path = dir.write("broken.json", broken);
    let report = json_exit(
        scimkit().args(["validate", "--format", "json"]).arg(&path),
        1,
    );
    assert_eq!(report["diagnostics"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        report["diagnostics"][0]["path"],
        json!("/Resources/0/active")
    );
}

#[test]
fn a_20_mb_list_response_validates() {
    validate_large(20 * 1024 * 1024);
}

#[test]
#[ignore = "100 MB: run with --ignored (about 90 s in a debug build)"]
fn a_100_mb_list_response_validates() {
    validate_large(100 * 1024 * 1024);
}
