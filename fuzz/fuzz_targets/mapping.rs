//! Mapping configuration loading, checking and application. The input is a
//! configuration (any supported format) and a sample source object separated
//! by a NUL byte; without one, the whole input is the configuration applied
//! to a fixed source user. Every operation runs, with and without the
//! service provider's current resource and under the built-in profiles.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scimkit::mapping::{ApplyOptions, ObjectType, Operation, apply_text, check_text};
use scimkit::profile;
use scimkit::schema::Registry;

const SOURCE: &str = r#"{"userPrincipalName":"ada@contoso.com","mail":"ada.lovelace@contoso.com","mailNickname":"ada","givenName":"Ada","surname":"Lovelace","displayName":"Ada Lovelace","objectId":"7c9b","proxyAddresses":["SMTP:ada@contoso.com"],"accountEnabled":true,"login":"ada@okta.local","email":"ada@example.com","firstName":"Ada","lastName":"Lovelace","members":["1","2"]}"#;
const CURRENT: &str = r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"42","userName":"old@contoso.com","active":true,"name":{"givenName":"Old"},"emails":[{"value":"old@contoso.com","type":"work","primary":true}]}"#;

const OPERATIONS: [Operation; 4] = [
    Operation::Create,
    Operation::Update,
    Operation::Deactivate,
    Operation::Delete,
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (config, source) = text.split_once('\0').unwrap_or((text, SOURCE));
    let registry = Registry::builtin();
    let current: serde_json::Value = serde_json::from_str(CURRENT).unwrap_or_default();
    for profile in std::iter::once(None).chain(profile::builtin().iter().map(Some)) {
        let _ = check_text(config, &registry, profile);
        for object in [ObjectType::User, ObjectType::Group] {
            for operation in OPERATIONS {
                let mut options = ApplyOptions::new(operation).with_object(object);
                if let Some(p) = profile {
                    options = options.with_profile(p);
                }
                let fresh = apply_text(config, source, &options);
                let updated = apply_text(config, source, &options.with_current(&current));
                for result in [fresh, updated] {
                    // Sending nothing is fine (Okta never deletes users) but
                    // never silent: the report says why.
                    if result.valid && result.requests.is_empty() {
                        assert!(
                            !result.report.diagnostics.is_empty(),
                            "valid {operation:?} without requests or a note why"
                        );
                    }
                }
            }
        }
    }
});
