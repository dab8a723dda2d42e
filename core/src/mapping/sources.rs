//! The source attributes each identity provider's user and group objects
//! have (data in `data/entra-sources.json` and `data/okta-sources.json`),
//! used to flag unknown sources with a "did you mean".

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::common::suggest;
use super::config::{IdentityProvider, ObjectType};

/// What kind of value a source attribute holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SourceKind {
    /// Text.
    #[default]
    String,
    /// A boolean (Entra reads it as `"True"`/`"False"`).
    Boolean,
    /// Several values (proxyAddresses, otherMails, members).
    Multi,
    /// Another object (manager): the value sent is that object's id at the
    /// service provider.
    Reference,
    /// A date and time.
    DateTime,
}

/// One known source attribute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceAttribute {
    /// The name as the console shows it.
    pub name: String,
    /// The kind of value.
    #[serde(rename = "type", default)]
    pub kind: SourceKind,
}

#[derive(Debug, Default, Deserialize)]
struct Table {
    #[serde(default)]
    user: Vec<SourceAttribute>,
    #[serde(default)]
    group: Vec<SourceAttribute>,
}

const ENTRA: &str = include_str!("data/entra-sources.json");
const OKTA: &str = include_str!("data/okta-sources.json");

fn table(idp: IdentityProvider) -> &'static Table {
    static ENTRA_TABLE: OnceLock<Table> = OnceLock::new();
    static OKTA_TABLE: OnceLock<Table> = OnceLock::new();
    // The data is checked by a test; a broken file degrades to "nothing known".
    match idp {
        IdentityProvider::Entra => {
            ENTRA_TABLE.get_or_init(|| serde_json::from_str(ENTRA).unwrap_or_default())
        }
        IdentityProvider::Okta => {
            OKTA_TABLE.get_or_init(|| serde_json::from_str(OKTA).unwrap_or_default())
        }
    }
}

/// The built-in source attributes of `object` at `idp`.
pub fn known_sources(idp: IdentityProvider, object: ObjectType) -> &'static [SourceAttribute] {
    let t = table(idp);
    match object {
        ObjectType::User => &t.user,
        ObjectType::Group => &t.group,
    }
}

/// Looks a source attribute up: Entra compares names ignoring case (as its
/// evaluator does), Okta exactly (OEL names are variables).
pub fn find_source(
    idp: IdentityProvider,
    object: ObjectType,
    name: &str,
) -> Option<&'static SourceAttribute> {
    known_sources(idp, object).iter().find(|s| match idp {
        IdentityProvider::Entra => s.name.eq_ignore_ascii_case(name),
        IdentityProvider::Okta => s.name == name,
    })
}

/// Whether `name` is a directory extension attribute
/// (`extension_<application id without dashes>_<name>`), which Entra lets
/// admins add to the source list.
fn is_directory_extension(name: &str) -> bool {
    let Some(rest) = name.strip_prefix("extension_") else {
        return false;
    };
    match rest.split_once('_') {
        Some((app, attr)) => {
            app.len() == 32 && app.chars().all(|c| c.is_ascii_hexdigit()) && !attr.is_empty()
        }
        None => false,
    }
}

/// Whether `name` is a source `object` has at `idp`, counting the
/// configuration's own `extra` sources.
pub fn is_known_source(
    idp: IdentityProvider,
    object: ObjectType,
    name: &str,
    extra: &[String],
) -> bool {
    find_source(idp, object, name).is_some()
        || extra.iter().any(|e| match idp {
            IdentityProvider::Entra => e.eq_ignore_ascii_case(name),
            IdentityProvider::Okta => e == name,
        })
        || (idp == IdentityProvider::Entra && is_directory_extension(name))
}

/// The known source closest to `name`, for "did you mean".
pub fn suggest_source(
    idp: IdentityProvider,
    object: ObjectType,
    name: &str,
    extra: &[String],
) -> Option<String> {
    let names = known_sources(idp, object)
        .iter()
        .map(|s| s.name.as_str())
        .chain(extra.iter().map(String::as_str));
    suggest(name, names).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_loads() {
        for idp in [IdentityProvider::Entra, IdentityProvider::Okta] {
            let t: Table = serde_json::from_str(if idp == IdentityProvider::Entra {
                ENTRA
            } else {
                OKTA
            })
            .unwrap();
            assert!(t.user.len() > 20 && !t.group.is_empty());
            assert_eq!(known_sources(idp, ObjectType::User).len(), t.user.len());
        }
    }

    #[test]
    fn lookups() {
        use IdentityProvider::{Entra, Okta};
        assert!(is_known_source(
            Entra,
            ObjectType::User,
            "MailNickname",
            &[]
        ));
        assert!(!is_known_source(Okta, ObjectType::User, "Email", &[]));
        assert!(is_known_source(
            Entra,
            ObjectType::User,
            "extension_0123456789abcdef0123456789abcdef_costCenter",
            &[]
        ));
        assert!(is_known_source(
            Okta,
            ObjectType::User,
            "badge",
            &["badge".into()]
        ));
        assert_eq!(
            suggest_source(Entra, ObjectType::User, "userPrincipleName", &[]).as_deref(),
            Some("userPrincipalName")
        );
        assert_eq!(
            find_source(Entra, ObjectType::User, "accountenabled").map(|s| s.kind),
            Some(SourceKind::Boolean)
        );
    }
}
