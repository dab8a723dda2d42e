//! Presets: the default attribute mappings a new app starts with in each
//! identity provider, and sample source objects to apply them to. All are
//! JSON data files under `presets/` in scimkit's configuration format.
//!
//! - `entra`: a Microsoft Entra ID non-gallery SCIM application — the 22
//!   user mappings of idp-facts §1.5 (userName ← userPrincipalName as the
//!   matching attribute, `active` from `Switch([IsSoftDeleted], …)`, …) and
//!   the group mappings displayName (matching), objectId → externalId and
//!   members.
//! - `okta`: an Okta SCIM 2.0 application made with the App Integration
//!   Wizard — userName "Configured in Sign On settings" (the application
//!   username format, default "Okta username") and the To App mappings of
//!   idp-facts §4.4; emails, phone numbers and addresses are written to the
//!   primary element (`emails[primary eq true].value`), as Okta's
//!   `.^[primary==true]` external names do.
//!
//! The sample users differ where it matters: the Entra user's
//! userPrincipalName (`ada.lovelace@contoso.onmicrosoft.com`) is not its
//! mail (`ada.lovelace@contoso.com`) and its mailNickname is
//! `ada.lovelace`; the Okta user is in the shape of Okta's Users API
//! (`{"id", "profile": {…}}`, expressions read the profile).

use serde::Serialize;

use super::config::{IdentityProvider, MappingConfig, ObjectType};

/// A preset configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preset {
    /// Its name (`entra`, `okta`).
    pub name: &'static str,
    /// A one-line description.
    pub title: &'static str,
    /// The identity provider.
    pub identity_provider: IdentityProvider,
    /// The configuration, as JSON text in scimkit's format.
    pub config_json: &'static str,
}

/// A sample source object (user or group) of an identity provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Sample {
    /// The identity provider whose object this is.
    pub identity_provider: IdentityProvider,
    /// User or group.
    pub object_type: ObjectType,
    /// The object as JSON text.
    pub json: &'static str,
}

/// The Entra ID preset.
pub const ENTRA: Preset = Preset {
    name: "entra",
    title: "Microsoft Entra ID non-gallery SCIM application, default mappings",
    identity_provider: IdentityProvider::Entra,
    config_json: include_str!("presets/entra-scim.json"),
};

/// The Okta preset.
pub const OKTA: Preset = Preset {
    name: "okta",
    title: "Okta SCIM 2.0 application (App Integration Wizard), default mappings",
    identity_provider: IdentityProvider::Okta,
    config_json: include_str!("presets/okta-scim.json"),
};

/// Every preset.
pub const PRESETS: &[Preset] = &[ENTRA, OKTA];

/// Every sample object.
pub const SAMPLES: &[Sample] = &[
    Sample {
        identity_provider: IdentityProvider::Entra,
        object_type: ObjectType::User,
        json: include_str!("presets/entra-user.json"),
    },
    Sample {
        identity_provider: IdentityProvider::Entra,
        object_type: ObjectType::Group,
        json: include_str!("presets/entra-group.json"),
    },
    Sample {
        identity_provider: IdentityProvider::Okta,
        object_type: ObjectType::User,
        json: include_str!("presets/okta-user.json"),
    },
    Sample {
        identity_provider: IdentityProvider::Okta,
        object_type: ObjectType::Group,
        json: include_str!("presets/okta-group.json"),
    },
];

/// A preset by name (`entra`, `okta`; `entra-scim`/`okta-scim` too), ignoring case.
pub fn find(name: &str) -> Option<&'static Preset> {
    let name = name.trim();
    let short = name
        .strip_suffix("-scim")
        .or_else(|| name.strip_suffix("-SCIM"))
        .unwrap_or(name);
    PRESETS.iter().find(|p| p.name.eq_ignore_ascii_case(short))
}

/// The preset of `idp`.
pub fn for_provider(idp: IdentityProvider) -> &'static Preset {
    match idp {
        IdentityProvider::Entra => &ENTRA,
        IdentityProvider::Okta => &OKTA,
    }
}

/// The sample object of `idp` and `object` as JSON text.
pub fn sample(idp: IdentityProvider, object: ObjectType) -> &'static str {
    SAMPLES
        .iter()
        .find(|s| s.identity_provider == idp && s.object_type == object)
        .map_or("{}", |s| s.json)
}

/// The sample object of `idp` and `object`, parsed.
pub fn sample_value(idp: IdentityProvider, object: ObjectType) -> serde_json::Value {
    serde_json::from_str(sample(idp, object)).unwrap_or_default()
}

impl Preset {
    /// The configuration. The data is checked by a test; if it were ever
    /// unreadable this returns an empty configuration rather than panicking.
    pub fn config(&self) -> MappingConfig {
        serde_json::from_str(self.config_json)
            .unwrap_or_else(|_| MappingConfig::new(self.identity_provider))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_and_samples_parse() {
        for p in PRESETS {
            let config: MappingConfig = serde_json::from_str(p.config_json).unwrap();
            assert_eq!(config.identity_provider, p.identity_provider);
            // The loader reads the same data without complaint.
            let loaded = super::super::load::load_text(p.config_json);
            assert!(loaded.report.diagnostics.is_empty(), "{:#?}", loaded.report);
            assert_eq!(loaded.config.as_ref(), Some(&config));
        }
        let entra = find("Entra-SCIM").unwrap().config();
        assert_eq!(entra.users.as_ref().unwrap().mappings.len(), 22);
        assert_eq!(entra.groups.as_ref().unwrap().mappings.len(), 3);
        assert_eq!(for_provider(IdentityProvider::Okta).name, "okta");
        for s in SAMPLES {
            assert!(
                serde_json::from_str::<serde_json::Value>(s.json)
                    .unwrap()
                    .is_object()
            );
        }
        assert!(find("nope").is_none());
    }
}
