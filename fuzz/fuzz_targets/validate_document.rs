//! Document validation from raw bytes, in every context, strict and lenient,
//! in every dialect: it must return a report, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scimkit::dialect::Dialect;
use scimkit::schema::Registry;
use scimkit::validate::{Context, ValidateOptions, Validator};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let validator = Validator::new(Registry::builtin());
    let profile = scimkit::profile::find_builtin("email-prefix-username");
    for (i, context) in Context::ALL.iter().enumerate() {
        let mut options = ValidateOptions::new(*context).with_lenient(i % 2 == 0);
        options.dialect = Dialect::ALL[i % Dialect::ALL.len()];
        if let Some(p) = profile.filter(|_| i % 3 == 0) {
            options = options.with_profile(p);
        }
        let report = validator.validate(text, &options);
        // Spans must lie inside the text they point into.
        for d in &report.diagnostics {
            if let Some(span) = d.span {
                assert!(span.start <= span.end && span.end <= text.len(), "span out of bounds: {d:?}");
            }
        }
    }
    let _ = validator.validate(text, &ValidateOptions::detect());
});
