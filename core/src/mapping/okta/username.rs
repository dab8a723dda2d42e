//! Application username formats (the Sign On tab's "Application username
//! format", idp-facts §4.5): each built-in template, its OEL equivalent,
//! and the app username it yields for a user.

use serde_json::Value as Json;

use crate::diagnostics::Report;
use crate::mapping::Environment;

use super::{Evaluation, Expression, Value};

/// One application username format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppUsernameFormat {
    /// `${source.login}` (the default).
    OktaUsername,
    /// `${fn:substringBefore(source.login, "@")}`.
    OktaUsernamePrefix,
    /// `${source.email}`.
    Email,
    /// `${fn:toLowerCase(source.email)}`.
    EmailLowercase,
    /// `${fn:substringBefore(source.email, "@")}`.
    EmailPrefix,
    /// `${source.samAccountName}` (read from the AD app user).
    AdSamAccountName,
    /// `${fn:toLowerCase(source.samAccountName)}`.
    AdSamAccountNameLowercase,
    /// `${source.samAccountName}@${source.instance.namingContext}`; the
    /// naming context is a property of the AD instance, so it is given here.
    AdSamAccountNameDomain {
        /// The AD instance's naming context (its DNS domain), e.g. `corp.example.com`.
        naming_context: String,
    },
    /// `${source.userName}` (the AD user principal name).
    AdUserPrincipalName,
    /// `${fn:substringBefore(source.userName, "@")}`.
    AdUserPrincipalNamePrefix,
    /// `${source.employeeID}`.
    AdEmployeeId,
    /// `${source.userName}${instance.userSuffix}`; the suffix is the
    /// template's `userSuffix`.
    LdapUidCustomSuffix {
        /// The custom suffix appended to the LDAP UID.
        suffix: String,
    },
    /// Template type `CUSTOM`: any OEL expression.
    Custom(String),
}

impl AppUsernameFormat {
    /// The option's label in the Okta admin console.
    pub fn label(&self) -> &'static str {
        match self {
            AppUsernameFormat::OktaUsername => "Okta username",
            AppUsernameFormat::OktaUsernamePrefix => "Okta username prefix",
            AppUsernameFormat::Email => "Email",
            AppUsernameFormat::EmailLowercase => "Email (lowercase)",
            AppUsernameFormat::EmailPrefix => "Email prefix",
            AppUsernameFormat::AdSamAccountName => "AD SAM account name",
            AppUsernameFormat::AdSamAccountNameLowercase => "AD SAM account name (lowercase)",
            AppUsernameFormat::AdSamAccountNameDomain { .. } => "AD SAM account name + domain",
            AppUsernameFormat::AdUserPrincipalName => "AD user principal name",
            AppUsernameFormat::AdUserPrincipalNamePrefix => "AD user principal name prefix",
            AppUsernameFormat::AdEmployeeId => "AD Employee ID",
            AppUsernameFormat::LdapUidCustomSuffix { .. } => "LDAP UID + custom suffix",
            AppUsernameFormat::Custom(_) => "Custom",
        }
    }

    /// The template string Okta stores (`credentials.userNameTemplate.template`);
    /// for `Custom`, the expression.
    pub fn template(&self) -> String {
        match self {
            AppUsernameFormat::OktaUsername => "${source.login}".into(),
            AppUsernameFormat::OktaUsernamePrefix => {
                "${fn:substringBefore(source.login, \"@\")}".into()
            }
            AppUsernameFormat::Email => "${source.email}".into(),
            AppUsernameFormat::EmailLowercase => "${fn:toLowerCase(source.email)}".into(),
            AppUsernameFormat::EmailPrefix => "${fn:substringBefore(source.email, \"@\")}".into(),
            AppUsernameFormat::AdSamAccountName => "${source.samAccountName}".into(),
            AppUsernameFormat::AdSamAccountNameLowercase => {
                "${fn:toLowerCase(source.samAccountName)}".into()
            }
            AppUsernameFormat::AdSamAccountNameDomain { .. } => {
                "${source.samAccountName}@${source.instance.namingContext}".into()
            }
            AppUsernameFormat::AdUserPrincipalName => "${source.userName}".into(),
            AppUsernameFormat::AdUserPrincipalNamePrefix => {
                "${fn:substringBefore(source.userName, \"@\")}".into()
            }
            AppUsernameFormat::AdEmployeeId => "${source.employeeID}".into(),
            AppUsernameFormat::LdapUidCustomSuffix { .. } => {
                "${source.userName}${instance.userSuffix}".into()
            }
            AppUsernameFormat::Custom(expression) => expression.clone(),
        }
    }

    /// The template type: `BUILT_IN` or `CUSTOM`.
    pub fn template_type(&self) -> &'static str {
        match self {
            AppUsernameFormat::Custom(_) => "CUSTOM",
            _ => "BUILT_IN",
        }
    }

    /// The equivalent OEL expression over the Okta user (`user.*`), for the
    /// formats that read the Okta profile; the AD and LDAP formats read the
    /// directory's app user and have none.
    pub fn oel(&self) -> Option<String> {
        Some(match self {
            AppUsernameFormat::OktaUsername => "user.login".into(),
            AppUsernameFormat::OktaUsernamePrefix => {
                "String.substringBefore(user.login, \"@\")".into()
            }
            AppUsernameFormat::Email => "user.email".into(),
            AppUsernameFormat::EmailLowercase => "String.toLowerCase(user.email)".into(),
            AppUsernameFormat::EmailPrefix => "String.substringBefore(user.email, \"@\")".into(),
            AppUsernameFormat::Custom(expression) => expression.clone(),
            _ => return None,
        })
    }

    /// The expression evaluated over the source object (`source.*`), and the
    /// attribute whose absence makes the username null.
    fn source_expression(&self) -> (String, Option<&'static str>) {
        let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        match self {
            AppUsernameFormat::OktaUsername => ("source.login".into(), Some("login")),
            AppUsernameFormat::OktaUsernamePrefix => (
                "String.substringBefore(source.login, \"@\")".into(),
                Some("login"),
            ),
            AppUsernameFormat::Email => ("source.email".into(), Some("email")),
            AppUsernameFormat::EmailLowercase => {
                ("String.toLowerCase(source.email)".into(), Some("email"))
            }
            AppUsernameFormat::EmailPrefix => (
                "String.substringBefore(source.email, \"@\")".into(),
                Some("email"),
            ),
            AppUsernameFormat::AdSamAccountName => {
                ("source.samAccountName".into(), Some("samAccountName"))
            }
            AppUsernameFormat::AdSamAccountNameLowercase => (
                "String.toLowerCase(source.samAccountName)".into(),
                Some("samAccountName"),
            ),
            AppUsernameFormat::AdSamAccountNameDomain { naming_context } => (
                format!("source.samAccountName + \"@\" + {}", quote(naming_context)),
                Some("samAccountName"),
            ),
            AppUsernameFormat::AdUserPrincipalName => ("source.userName".into(), Some("userName")),
            AppUsernameFormat::AdUserPrincipalNamePrefix => (
                "String.substringBefore(source.userName, \"@\")".into(),
                Some("userName"),
            ),
            AppUsernameFormat::AdEmployeeId => ("source.employeeID".into(), Some("employeeID")),
            AppUsernameFormat::LdapUidCustomSuffix { suffix } => (
                format!("source.userName + {}", quote(suffix)),
                Some("userName"),
            ),
            AppUsernameFormat::Custom(expression) => (expression.clone(), None),
        }
    }

    /// Recognises a stored template: a built-in one (spaces ignored), else a
    /// custom expression. `user_suffix` is the template's `userSuffix`.
    pub fn from_template(template: &str, user_suffix: Option<&str>) -> AppUsernameFormat {
        let compact: String = template.chars().filter(|c| !c.is_whitespace()).collect();
        let built_in = [
            AppUsernameFormat::OktaUsername,
            AppUsernameFormat::OktaUsernamePrefix,
            AppUsernameFormat::Email,
            AppUsernameFormat::EmailLowercase,
            AppUsernameFormat::EmailPrefix,
            AppUsernameFormat::AdSamAccountName,
            AppUsernameFormat::AdSamAccountNameLowercase,
            AppUsernameFormat::AdUserPrincipalName,
            AppUsernameFormat::AdUserPrincipalNamePrefix,
            AppUsernameFormat::AdEmployeeId,
            AppUsernameFormat::LdapUidCustomSuffix {
                suffix: user_suffix.unwrap_or("").to_string(),
            },
        ];
        built_in
            .into_iter()
            .find(|f| {
                f.template()
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect::<String>()
                    == compact
            })
            .unwrap_or_else(|| AppUsernameFormat::Custom(template.to_string()))
    }

    /// The app username for `user` (the Okta user for Okta formats, the
    /// directory's app user for AD/LDAP ones). A null value means the
    /// source attribute is absent.
    ///
    /// # Errors
    /// The expression's syntax, check or evaluation errors (only a custom
    /// expression can have them).
    pub fn compute(&self, user: &Json, env: &Environment) -> Result<Evaluation, Report> {
        let (expression, needed) = self.source_expression();
        if let Some(attribute) = needed {
            if user.get(attribute).is_none_or(Json::is_null) {
                return Ok(Evaluation {
                    value: Value::Null,
                    warnings: Vec::new(),
                });
            }
        }
        let expr = Expression::parse(&expression)?;
        let report = expr.check();
        if !report.valid {
            return Err(report);
        }
        expr.evaluate(user, env)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(format: &AppUsernameFormat, user: &Json) -> Value {
        format.compute(user, &Environment::default()).unwrap().value
    }

    #[test]
    fn built_in_formats() {
        let user =
            serde_json::json!({"login": "winston.churchill@corp.com", "email": "W.C@gmail.com"});
        assert_eq!(
            name(&AppUsernameFormat::OktaUsername, &user),
            Value::string("winston.churchill@corp.com")
        );
        assert_eq!(
            name(&AppUsernameFormat::OktaUsernamePrefix, &user),
            Value::string("winston.churchill")
        );
        assert_eq!(
            name(&AppUsernameFormat::Email, &user),
            Value::string("W.C@gmail.com")
        );
        assert_eq!(
            name(&AppUsernameFormat::EmailLowercase, &user),
            Value::string("w.c@gmail.com")
        );
        assert_eq!(
            name(&AppUsernameFormat::EmailPrefix, &user),
            Value::string("W.C")
        );
        assert_eq!(
            name(&AppUsernameFormat::AdSamAccountName, &user),
            Value::Null
        );
        let ad = serde_json::json!({"samAccountName": "WChurchill", "userName": "wc@corp.local", "employeeID": "42"});
        let domain = AppUsernameFormat::AdSamAccountNameDomain {
            naming_context: "corp.local".into(),
        };
        assert_eq!(name(&domain, &ad), Value::string("WChurchill@corp.local"));
        assert_eq!(
            name(&AppUsernameFormat::AdSamAccountNameLowercase, &ad),
            Value::string("wchurchill")
        );
        assert_eq!(
            name(&AppUsernameFormat::AdUserPrincipalNamePrefix, &ad),
            Value::string("wc")
        );
        assert_eq!(
            name(&AppUsernameFormat::AdEmployeeId, &ad),
            Value::string("42")
        );
        let ldap = AppUsernameFormat::LdapUidCustomSuffix {
            suffix: "@ldap.example".into(),
        };
        assert_eq!(
            name(&ldap, &serde_json::json!({"userName": "wc"})),
            Value::string("wc@ldap.example")
        );
    }

    #[test]
    fn templates_round_trip() {
        for f in [
            AppUsernameFormat::OktaUsername,
            AppUsernameFormat::EmailPrefix,
            AppUsernameFormat::AdEmployeeId,
            AppUsernameFormat::LdapUidCustomSuffix {
                suffix: "@x".into(),
            },
        ] {
            assert_eq!(
                AppUsernameFormat::from_template(&f.template(), Some("@x")),
                f
            );
            assert_eq!(f.template_type(), "BUILT_IN");
        }
        assert_eq!(
            AppUsernameFormat::from_template("${fn:substringBefore( source.email , \"@\" )}", None),
            AppUsernameFormat::EmailPrefix
        );
        let custom =
            AppUsernameFormat::from_template("user.firstName + \".\" + user.lastName", None);
        assert_eq!(custom.template_type(), "CUSTOM");
        let user = serde_json::json!({"firstName": "Winston", "lastName": "Churchill"});
        assert_eq!(name(&custom, &user), Value::string("Winston.Churchill"));
        assert_eq!(
            AppUsernameFormat::EmailPrefix.oel().as_deref(),
            Some("String.substringBefore(user.email, \"@\")")
        );
        assert_eq!(AppUsernameFormat::AdSamAccountName.oel(), None);
    }
}
