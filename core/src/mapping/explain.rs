//! "Why" and "what to change", in the words of each identity provider's
//! console. Every mapping diagnostic's `help` is built here, so the wording
//! stays consistent: Entra ID's "Provisioning → Mappings → Provision
//! Microsoft Entra ID Users → userName → Source attribute", Okta's "Sign On →
//! Settings → Application username format" and "Provisioning → To App →
//! attribute mappings".

use super::config::{IdentityProvider, Mapping, MappingConfig, MappingType, ObjectType};

/// Where an object's mappings live in the console.
#[derive(Debug, Clone)]
pub(crate) struct Console {
    pub idp: IdentityProvider,
    pub object: ObjectType,
    /// The object mapping's name as the console shows it.
    pub object_name: String,
}

impl Console {
    pub(crate) fn new(config: &MappingConfig, object: ObjectType) -> Console {
        let idp = config.identity_provider;
        let default = match (idp, object) {
            (IdentityProvider::Entra, ObjectType::User) => "Provision Microsoft Entra ID Users",
            (IdentityProvider::Entra, ObjectType::Group) => "Provision Microsoft Entra ID Groups",
            (IdentityProvider::Okta, ObjectType::User) => "attribute mappings",
            (IdentityProvider::Okta, ObjectType::Group) => "Push Groups",
        };
        let object_name = config
            .object(object)
            .and_then(|o| o.name.clone())
            .filter(|_| idp == IdentityProvider::Entra)
            .unwrap_or_else(|| default.to_string());
        Console {
            idp,
            object,
            object_name,
        }
    }

    /// The list of mappings: "Provisioning → Mappings → Provision Microsoft Entra ID Users".
    pub(crate) fn mappings(&self) -> String {
        match (self.idp, self.object) {
            (IdentityProvider::Entra, _) => format!(
                "Enterprise applications → your app → Provisioning → Mappings → {}",
                self.object_name
            ),
            (IdentityProvider::Okta, ObjectType::User) => {
                "Applications → your app → Provisioning → To App → attribute mappings".to_string()
            }
            (IdentityProvider::Okta, ObjectType::Group) => {
                "Applications → your app → Push Groups".to_string()
            }
        }
    }

    /// One mapping, and the field to change in it.
    pub(crate) fn mapping(&self, m: &Mapping, field: &str) -> String {
        if self.idp == IdentityProvider::Okta && m.mapping_type() == Some(MappingType::AppUsername)
        {
            return "Applications → your app → Sign On → Settings → Application username format"
                .to_string();
        }
        let target = m.display_target();
        match self.idp {
            IdentityProvider::Entra => format!("{} → {target} → {field}", self.mappings()),
            IdentityProvider::Okta => format!("{} → {target} (edit) → {field}", self.mappings()),
        }
    }

    /// The source field of a mapping, as the console labels it.
    pub(crate) fn source_field(&self, m: &Mapping) -> &'static str {
        match (self.idp, m.mapping_type()) {
            (IdentityProvider::Entra, Some(MappingType::Expression)) => "Expression",
            (IdentityProvider::Entra, Some(MappingType::Constant)) => "Constant Value",
            (IdentityProvider::Entra, Some(MappingType::None)) => "Default value if null",
            (IdentityProvider::Entra, _) => "Source attribute",
            (IdentityProvider::Okta, _) => "Attribute value (Map from Okta Profile, or Expression)",
        }
    }

    /// Where to add an attribute the service provider has but the console lacks,
    /// or to remove a mapping.
    pub(crate) fn target_list(&self) -> String {
        match self.idp {
            IdentityProvider::Entra => format!(
                "{} → Show advanced options → Edit attribute list",
                self.mappings()
            ),
            IdentityProvider::Okta => {
                "Directory → Profile Editor → your app's User profile (External name and External namespace of the attribute)".to_string()
            }
        }
    }

    /// The matching settings.
    pub(crate) fn matching(&self, m: Option<&Mapping>) -> String {
        match self.idp {
            IdentityProvider::Entra => match m {
                Some(m) => format!(
                    "{} → Match objects using this attribute / Matching precedence",
                    self.mapping_prefix(m)
                ),
                None => format!(
                    "{} → edit the userName mapping → Match objects using this attribute: Yes, Matching precedence: 1",
                    self.mappings()
                ),
            },
            IdentityProvider::Okta => {
                "Okta looks users up by userName (the application username, Sign On → Settings → Application username format)".to_string()
            }
        }
    }

    fn mapping_prefix(&self, m: &Mapping) -> String {
        format!("{} → {}", self.mappings(), m.display_target())
    }

    /// "Apply this mapping" / Okta's apply-on setting.
    pub(crate) fn apply_field(&self) -> &'static str {
        match self.idp {
            IdentityProvider::Entra => "Apply this mapping",
            IdentityProvider::Okta => "Apply on (Create and update / Create only)",
        }
    }

    /// Advice for the source of `userName` when the service provider wants
    /// an e-mail prefix (the case the email-prefix-username profile covers),
    /// or in general for a value the service provider rejects.
    ///
    /// `without_domain` adds how to send the part before the @ instead of an
    /// e-mail address, for values a service provider rejects for their @.
    pub(crate) fn change_source(&self, m: &Mapping, without_domain: bool) -> String {
        let at = self.mapping(m, self.source_field(m));
        if !without_domain {
            return format!("change it in {at}");
        }
        match (self.idp, m.mapping_type()) {
            (IdentityProvider::Okta, Some(MappingType::AppUsername)) => format!(
                "change it in {at} (for the part before the @ choose \"Email prefix\" or \"Okta username prefix\")"
            ),
            (IdentityProvider::Okta, _) => format!(
                "change it in {at} (for the part before the @ use an expression such as String.substringBefore(user.email, \"@\"))"
            ),
            (IdentityProvider::Entra, _) => format!(
                "change it in {at} (for the part before the @ use mailNickname, or an expression such as Replace([userPrincipalName], , \"(?<Suffix>@(.)*)\", \"Suffix\", \"\", , ))"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::presets;

    #[test]
    fn console_words() {
        let config = presets::ENTRA.config();
        let c = Console::new(&config, ObjectType::User);
        let user_name = &config.users.as_ref().unwrap().mappings[0];
        assert_eq!(
            c.mapping(user_name, c.source_field(user_name)),
            "Enterprise applications → your app → Provisioning → Mappings → Provision Microsoft Entra ID Users → userName → Source attribute"
        );
        let okta = presets::OKTA.config();
        let c = Console::new(&okta, ObjectType::User);
        let m = &okta.users.as_ref().unwrap().mappings;
        assert!(
            c.mapping(&m[0], "x")
                .ends_with("Sign On → Settings → Application username format")
        );
        assert!(
            c.mapping(&m[1], "y")
                .contains("To App → attribute mappings → givenName")
        );
    }
}
