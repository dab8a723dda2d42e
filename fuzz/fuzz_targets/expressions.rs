//! Entra ID and Okta expression parsing, checking and evaluation, and Okta
//! username formats, against a fixed source user.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scimkit::mapping::{Environment, entra, okta};

const USER: &str = r#"{"userPrincipalName":"ada@contoso.com","mail":"ada.lovelace@contoso.com","mailNickname":"ada","givenName":"Ada","surname":"Lovelace","proxyAddresses":["SMTP:ada@contoso.com","smtp:al@contoso.com"],"accountEnabled":true,"login":"ada@okta.local","email":"ada@example.com","firstName":"Ada","lastName":"Lovelace","telephoneNumber":"+91 9998887777"}"#;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let user: serde_json::Value = serde_json::from_str(USER).unwrap_or_default();
    let env = Environment::default();
    if let Ok(expr) = entra::Expression::parse(text) {
        let _ = expr.check();
        let _ = expr.evaluate(&user, &env);
        // The canonical form parses again.
        let printed = expr.to_string();
        assert!(entra::Expression::parse(&printed).is_ok(), "canonical Entra form does not parse: {printed}");
    }
    if let Ok(expr) = okta::Expression::parse(text) {
        let _ = expr.check();
        let _ = expr.evaluate(&user, &env);
    }
    let _ = okta::AppUsernameFormat::from_template(text, None).compute(&user, &env);
});
