//! Filter and path parsing, schema checking and evaluation. A filter that
//! parses must print to text that parses back to the same tree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scimkit::dialect::Dialect;
use scimkit::filter::{Evaluator, check_filter, parse_filter, parse_filter_with, parse_path, print};
use scimkit::schema::Registry;

const USER: &str = r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"1","userName":"bjensen","name":{"givenName":"Barbara","familyName":"Jensen"},"active":true,"emails":[{"value":"bjensen@example.com","type":"work","primary":true},{"value":"babs@jensen.org","type":"home"}],"meta":{"created":"2010-01-23T04:56:22Z","lastModified":"2011-05-13T04:42:34Z"}}"#;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = parse_path(text);
    let _ = parse_filter_with(text, Dialect::Entra);
    let Ok(filter) = parse_filter(text) else { return };
    let printed = print::filter(&filter);
    let reparsed = parse_filter(&printed);
    assert_eq!(reparsed.as_ref().ok(), Some(&filter), "printed: {printed}");
    let registry = Registry::builtin();
    for rt in ["User", "Group"] {
        let Some(rt) = registry.resource_type(rt) else { continue };
        let _ = check_filter(&filter, &registry, rt);
        let user: serde_json::Value = serde_json::from_str(USER).unwrap_or_default();
        let evaluator = Evaluator::new(&registry, rt);
        let matched = evaluator.matches(&filter, &user);
        let trace = evaluator.trace(&filter, &user);
        assert_eq!(trace.matched, matched, "trace disagrees with matches for {printed}");
    }
});
