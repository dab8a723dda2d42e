//! Identity-provider detection on arbitrary request bodies and filters.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scimkit::detect::{ExplainOptions, explain};
use scimkit::schema::Registry;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let registry = Registry::builtin();
    let _ = explain(&registry, text, &ExplainOptions::default());
    let as_filter = ExplainOptions { filter: Some(true), ..ExplainOptions::default() };
    let _ = explain(&registry, text, &as_filter);
});
