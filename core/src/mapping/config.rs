//! The mapping-configuration model: what an admin configured in the identity
//! provider's console, as serializable data (the JSON format is documented
//! with a complete example in the module docs of [`crate::mapping`]).

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::okta::AppUsernameFormat;

/// Which identity provider the configuration belongs to; it decides the
/// expression language and what goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum IdentityProvider {
    /// Microsoft Entra ID (Azure AD) provisioning to a non-gallery SCIM app.
    Entra,
    /// Okta provisioning to a SCIM 2.0 app.
    Okta,
}

impl IdentityProvider {
    /// `entra` or `okta`.
    pub const fn as_str(self) -> &'static str {
        match self {
            IdentityProvider::Entra => "entra",
            IdentityProvider::Okta => "okta",
        }
    }

    /// The dialect that accepts what this identity provider sends.
    pub const fn dialect(self) -> crate::dialect::Dialect {
        match self {
            IdentityProvider::Entra => crate::dialect::Dialect::Entra,
            IdentityProvider::Okta => crate::dialect::Dialect::Okta,
        }
    }

    /// The product name, for messages.
    pub const fn label(self) -> &'static str {
        match self {
            IdentityProvider::Entra => "Microsoft Entra ID",
            IdentityProvider::Okta => "Okta",
        }
    }
}

/// The kind of object a list of mappings provisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum ObjectType {
    /// Users (`/Users`).
    #[default]
    User,
    /// Groups (`/Groups`).
    Group,
}

impl ObjectType {
    /// Both object types.
    pub const ALL: [ObjectType; 2] = [ObjectType::User, ObjectType::Group];

    /// The SCIM resource type name: `User` or `Group`.
    pub const fn resource_type(self) -> &'static str {
        match self {
            ObjectType::User => "User",
            ObjectType::Group => "Group",
        }
    }

    /// The key of the object's mappings in the configuration: `users` or `groups`.
    pub const fn key(self) -> &'static str {
        match self {
            ObjectType::User => "users",
            ObjectType::Group => "groups",
        }
    }

    /// Parses `User`/`Group` (or `users`/`groups`), ignoring case.
    pub fn from_name(name: &str) -> Option<ObjectType> {
        ObjectType::ALL.into_iter().find(|t| {
            t.resource_type().eq_ignore_ascii_case(name) || t.key().eq_ignore_ascii_case(name)
        })
    }
}

/// Entra ID settings that change the wire format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EntraSettings {
    /// The `aadOptscim062020` feature flag on the Tenant URL: SCIM-compliant
    /// PATCH (lower-case ops, JSON booleans, merged single-valued replaces,
    /// `members[value eq "…"]` removal). Fact sheet §3.4.
    #[serde(rename = "aadOptscim062020", default)]
    pub aad_optscim062020: bool,
}

/// What kind of Okta app integration it is; it decides which updates are PUT
/// and which are PATCH (Okta SCIM 2.0 reference).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OktaIntegration {
    /// A custom app made with the App Integration Wizard: every update,
    /// deactivation included, is a PUT of the full resource.
    #[default]
    Aiw,
    /// An Okta Integration Network app: profile updates are PUT; activation,
    /// deactivation and password sync are PATCH.
    Oin,
}

/// Okta settings that change the wire format.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OktaSettings {
    /// Sign On → Settings → Application username format; it feeds `userName`
    /// (the mapping of type `appUsername`, "Configured in Sign On settings").
    #[serde(default)]
    pub username_format: UsernameFormat,
    /// AIW (PUT for everything) or OIN (PATCH for deactivation).
    #[serde(default)]
    pub integration: OktaIntegration,
}

/// Okta's application username format, serialized as its name
/// (`"emailPrefix"`; the console label `"Email prefix"` is accepted too) or as
/// Okta's own template object `{"template": "…", "type": "BUILT_IN"|"CUSTOM",
/// "userSuffix": "…"}` (the app's `credentials.userNameTemplate`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsernameFormat(pub AppUsernameFormat);

impl Default for UsernameFormat {
    /// Okta's default: "Okta username" (`${source.login}`).
    fn default() -> UsernameFormat {
        UsernameFormat(AppUsernameFormat::OktaUsername)
    }
}

/// The names of the built-in formats in configuration files.
const FORMAT_NAMES: &[(&str, AppUsernameFormat)] = &[
    ("oktaUsername", AppUsernameFormat::OktaUsername),
    ("oktaUsernamePrefix", AppUsernameFormat::OktaUsernamePrefix),
    ("email", AppUsernameFormat::Email),
    ("emailLowercase", AppUsernameFormat::EmailLowercase),
    ("emailPrefix", AppUsernameFormat::EmailPrefix),
    ("adSamAccountName", AppUsernameFormat::AdSamAccountName),
    (
        "adSamAccountNameLowercase",
        AppUsernameFormat::AdSamAccountNameLowercase,
    ),
    (
        "adUserPrincipalName",
        AppUsernameFormat::AdUserPrincipalName,
    ),
    (
        "adUserPrincipalNamePrefix",
        AppUsernameFormat::AdUserPrincipalNamePrefix,
    ),
    ("adEmployeeId", AppUsernameFormat::AdEmployeeId),
];

impl UsernameFormat {
    /// Every name accepted for a built-in format.
    pub fn names() -> impl Iterator<Item = &'static str> {
        FORMAT_NAMES.iter().map(|(n, _)| *n)
    }

    /// A built-in format by configuration name or console label, ignoring case.
    pub fn from_name(name: &str) -> Option<UsernameFormat> {
        FORMAT_NAMES
            .iter()
            .find(|(n, f)| n.eq_ignore_ascii_case(name) || f.label().eq_ignore_ascii_case(name))
            .map(|(_, f)| UsernameFormat(f.clone()))
    }

    /// The configuration name of a built-in format without parameters.
    pub fn name(&self) -> Option<&'static str> {
        FORMAT_NAMES
            .iter()
            .find(|(_, f)| *f == self.0)
            .map(|(n, _)| *n)
    }
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct TemplateRepr {
    template: String,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    user_suffix: Option<String>,
    /// Okta's `pushStatus` of a custom template; accepted and ignored.
    #[serde(default, skip_serializing)]
    #[allow(dead_code)]
    push_status: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum FormatRepr {
    Name(String),
    Template(TemplateRepr),
}

impl Serialize for UsernameFormat {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if let Some(name) = self.name() {
            return serializer.serialize_str(name);
        }
        let user_suffix = match &self.0 {
            AppUsernameFormat::LdapUidCustomSuffix { suffix } => Some(suffix.clone()),
            _ => None,
        };
        let template = match &self.0 {
            // The naming context is not part of Okta's template; keep it visible.
            AppUsernameFormat::AdSamAccountNameDomain { naming_context } => {
                format!("${{source.samAccountName}}@{naming_context}")
            }
            other => other.template(),
        };
        TemplateRepr {
            template,
            kind: Some(self.0.template_type().to_string()),
            user_suffix,
            push_status: None,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for UsernameFormat {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match FormatRepr::deserialize(deserializer)? {
            FormatRepr::Name(name) => UsernameFormat::from_name(&name).ok_or_else(|| {
                D::Error::custom(format!(
                    "unknown application username format `{name}`; expected one of {}, or {{\"template\": \"…\", \"type\": \"CUSTOM\"}}",
                    UsernameFormat::names().collect::<Vec<_>>().join(", ")
                ))
            }),
            FormatRepr::Template(t) => {
                if t.kind.as_deref().is_some_and(|k| k.eq_ignore_ascii_case("CUSTOM")) {
                    return Ok(UsernameFormat(AppUsernameFormat::Custom(t.template)));
                }
                if let Some(context) = t
                    .template
                    .strip_prefix("${source.samAccountName}@")
                    .filter(|c| !c.contains("${"))
                {
                    return Ok(UsernameFormat(AppUsernameFormat::AdSamAccountNameDomain {
                        naming_context: context.to_string(),
                    }));
                }
                Ok(UsernameFormat(AppUsernameFormat::from_template(
                    &t.template,
                    t.user_suffix.as_deref(),
                )))
            }
        }
    }
}

/// How a mapping computes its value (the console's "Mapping type").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum MappingType {
    /// The value of one source attribute (`source`).
    Direct,
    /// A fixed string (`value`).
    Constant,
    /// An expression in the identity provider's language (`expression`).
    Expression,
    /// Entra's "None": the target is left alone; only `defaultValue` is
    /// written, when the object is created.
    None,
    /// Okta's userName "Configured in Sign On settings": the application
    /// username format of [`OktaSettings::username_format`].
    AppUsername,
}

impl MappingType {
    /// The name used in configuration files.
    pub const fn as_str(self) -> &'static str {
        match self {
            MappingType::Direct => "direct",
            MappingType::Constant => "constant",
            MappingType::Expression => "expression",
            MappingType::None => "none",
            MappingType::AppUsername => "appUsername",
        }
    }
}

/// When a mapping is applied (Entra's "Apply this mapping", Okta's push status).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Apply {
    /// On create and update (Entra `Always`, Okta `PUSH`).
    #[default]
    Always,
    /// Only when the object is created (Entra `ObjectAddOnly`, "Only during
    /// object creation"; Okta `DONT_PUSH`).
    OnCreate,
}

impl Apply {
    fn is_always(&self) -> bool {
        *self == Apply::Always
    }
}

/// One attribute mapping: a target SCIM attribute and how its value is made.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Mapping {
    /// The target SCIM attribute path, in the core path grammar
    /// (`userName`, `name.givenName`, `emails[type eq "work"].value`,
    /// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager`).
    pub target: String,
    /// The mapping type. When absent it is inferred from which of `source`,
    /// `value`, `expression` is present (`none` when only `defaultValue` is).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<MappingType>,
    /// Direct mappings: the source attribute (`mailNickname`, Okta `email`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Constant mappings: the constant value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Expression mappings: the expression text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
    /// Entra's "Default value if null": used when the value is null, and only
    /// when the object is created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_value: Option<String>,
    /// When the mapping applies.
    #[serde(default, skip_serializing_if = "Apply::is_always")]
    pub apply: Apply,
    /// "Match objects using this attribute": the matching precedence (1 is
    /// tried first); absent or 0 when this is not a matching attribute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matching_precedence: Option<u32>,
    /// How the console names the target when that is not the SCIM path
    /// (Okta's app attribute variable, e.g. `givenName` for `name.givenName`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

impl Mapping {
    /// The mapping type, given or inferred (`None` when it cannot be inferred:
    /// nothing or several of `source`/`value`/`expression` are present).
    pub fn mapping_type(&self) -> Option<MappingType> {
        if let Some(kind) = self.kind {
            return Some(kind);
        }
        match (
            self.source.is_some(),
            self.value.is_some(),
            self.expression.is_some(),
        ) {
            (true, false, false) => Some(MappingType::Direct),
            (false, true, false) => Some(MappingType::Constant),
            (false, false, true) => Some(MappingType::Expression),
            (false, false, false) if self.default_value.is_some() => Some(MappingType::None),
            _ => None,
        }
    }

    /// Whether this is a matching attribute.
    pub fn is_matching(&self) -> bool {
        self.matching_precedence.is_some_and(|p| p > 0)
    }

    /// How the console names the target.
    pub fn display_target(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.target)
    }
}

fn default_true() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

/// The mappings of one object type (Entra's object mapping, Okta's To App
/// attribute mappings).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ObjectMapping {
    /// The console's name for it ("Provision Microsoft Entra ID Users").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Whether the object type is provisioned at all (Entra lets admins
    /// disable group provisioning).
    #[serde(default = "default_true", skip_serializing_if = "is_true")]
    pub enabled: bool,
    /// Source attributes to accept besides the identity provider's built-in
    /// ones (directory extensions, custom Okta profile attributes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source_attributes: Vec<String>,
    /// The mappings, in console order.
    #[serde(default)]
    pub mappings: Vec<Mapping>,
}

/// A mapping configuration: the identity provider, its wire settings, and the
/// attribute mappings of users and groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MappingConfig {
    /// Which identity provider.
    pub identity_provider: IdentityProvider,
    /// A name for the configuration (the app's name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Entra ID settings (ignored for Okta).
    #[serde(default, skip_serializing_if = "is_default")]
    pub entra: EntraSettings,
    /// Okta settings (ignored for Entra ID).
    #[serde(default, skip_serializing_if = "is_default")]
    pub okta: OktaSettings,
    /// User mappings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users: Option<ObjectMapping>,
    /// Group mappings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<ObjectMapping>,
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

impl MappingConfig {
    /// An empty configuration for `identity_provider`.
    pub fn new(identity_provider: IdentityProvider) -> MappingConfig {
        MappingConfig {
            identity_provider,
            name: None,
            entra: EntraSettings::default(),
            okta: OktaSettings::default(),
            users: None,
            groups: None,
        }
    }

    /// The mappings of `object`, if configured.
    pub fn object(&self, object: ObjectType) -> Option<&ObjectMapping> {
        match object {
            ObjectType::User => self.users.as_ref(),
            ObjectType::Group => self.groups.as_ref(),
        }
    }

    /// The mappings of `object`, created empty if absent.
    pub fn object_mut(&mut self, object: ObjectType) -> &mut ObjectMapping {
        let slot = match object {
            ObjectType::User => &mut self.users,
            ObjectType::Group => &mut self.groups,
        };
        slot.get_or_insert_with(ObjectMapping::default)
    }

    /// The first mapping of `object` whose target is `target` (compared
    /// ignoring ASCII case and spaces), for programmatic edits such as
    /// changing the source of `userName`.
    pub fn mapping_mut(&mut self, object: ObjectType, target: &str) -> Option<&mut Mapping> {
        let wanted = compact(target);
        match object {
            ObjectType::User => self.users.as_mut(),
            ObjectType::Group => self.groups.as_mut(),
        }?
        .mappings
        .iter_mut()
        .find(|m| compact(&m.target) == wanted)
    }
}

fn compact(path: &str) -> String {
    path.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn username_formats_round_trip() {
        for name in UsernameFormat::names() {
            let f: UsernameFormat = serde_json::from_value(serde_json::json!(name)).unwrap();
            assert_eq!(serde_json::to_value(&f).unwrap(), serde_json::json!(name));
        }
        let f: UsernameFormat = serde_json::from_str("\"Email prefix\"").unwrap();
        assert_eq!(f.0, AppUsernameFormat::EmailPrefix);
        let f: UsernameFormat = serde_json::from_str(
            r#"{"template":"${fn:substringBefore(source.email, \"@\")}","type":"BUILT_IN"}"#,
        )
        .unwrap();
        assert_eq!(f.0, AppUsernameFormat::EmailPrefix);
        let custom: UsernameFormat =
            serde_json::from_str(r#"{"template":"user.firstName","type":"CUSTOM"}"#).unwrap();
        assert_eq!(custom.0, AppUsernameFormat::Custom("user.firstName".into()));
        let json = serde_json::to_value(&custom).unwrap();
        assert_eq!(json["type"], "CUSTOM");
        let ad: UsernameFormat =
            serde_json::from_str(r#"{"template":"${source.samAccountName}@corp.example"}"#)
                .unwrap();
        assert_eq!(
            ad.0,
            AppUsernameFormat::AdSamAccountNameDomain {
                naming_context: "corp.example".into()
            }
        );
        assert_eq!(
            serde_json::from_value::<UsernameFormat>(serde_json::to_value(&ad).unwrap()).unwrap(),
            ad
        );
        assert!(serde_json::from_str::<UsernameFormat>("\"nope\"").is_err());
    }

    #[test]
    fn mapping_types_are_inferred() {
        let m: Mapping =
            serde_json::from_str(r#"{"target":"userName","source":"mailNickname"}"#).unwrap();
        assert_eq!(m.mapping_type(), Some(MappingType::Direct));
        let m: Mapping =
            serde_json::from_str(r#"{"target":"title","defaultValue":"Staff"}"#).unwrap();
        assert_eq!(m.mapping_type(), Some(MappingType::None));
        let m: Mapping =
            serde_json::from_str(r#"{"target":"title","source":"a","value":"b"}"#).unwrap();
        assert_eq!(m.mapping_type(), None);
        assert!(serde_json::from_str::<Mapping>(r#"{"target":"x","sorce":"a"}"#).is_err());
    }

    #[test]
    fn mapping_mut_finds_targets_loosely() {
        let mut config = MappingConfig::new(IdentityProvider::Entra);
        config.object_mut(ObjectType::User).mappings.push(Mapping {
            target: "emails[type eq \"work\"].value".into(),
            ..Mapping::default()
        });
        assert!(
            config
                .mapping_mut(ObjectType::User, "Emails[type  eq \"work\"].value")
                .is_some()
        );
        assert!(config.mapping_mut(ObjectType::Group, "x").is_none());
    }
}
