//! PATCH checking and application. The input is a resource and a PatchOp
//! separated by a NUL byte; without one, the whole input is the PatchOp
//! applied to a fixed user.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scimkit::patch::{Dialect, apply_patch_text, check_patch};
use scimkit::schema::Registry;

const USER: &str = r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"id":"1","userName":"bjensen","name":{"givenName":"Barbara"},"active":true,"emails":[{"value":"a@example.com","type":"work","primary":true}],"addresses":[{"type":"home","locality":"Oslo"}],"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"7"}}"#;
const GROUP: &str = r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"g","displayName":"Staff","members":[{"value":"1","type":"User"},{"value":"2","type":"User"}]}"#;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (resource, patch) = match text.split_once('\0') {
        Some((r, p)) => (r.to_string(), p),
        None => (if text.len() % 2 == 0 { USER } else { GROUP }.to_string(), text),
    };
    let registry = Registry::builtin();
    for rt_name in ["User", "Group"] {
        let Some(rt) = registry.resource_type(rt_name) else { continue };
        for dialect in Dialect::ALL {
            let _ = check_patch(&registry, patch, Some(rt_name), *dialect);
            let outcome = apply_patch_text(&registry, rt, &resource, patch, *dialect);
            if !outcome.report.valid {
                // A failed PATCH leaves the resource unchanged (RFC 7644 §3.5.2).
                assert!(outcome.changes.is_empty(), "changes reported for a failed PATCH");
            }
        }
    }
});
