//! Provisioning-log explanation (and the share-link masking) on arbitrary
//! text: Entra ID and Okta logs, copied messages, anything else.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scimkit::logs::{explain_log, mask_personal};
use scimkit::schema::Registry;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let registry = Registry::builtin();
    let _ = explain_log(&registry, text);
    let _ = explain_log(&registry, &mask_personal(text));
});
