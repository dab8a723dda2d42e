//! Identity-provider dialects: what a service provider must accept beyond the
//! RFC when it talks to Microsoft Entra ID or Okta.
//!
//! `Strict` is RFC 7644 as written. `Entra` and `Okta` accept the documented
//! deviations of those identity providers and report each as a `quirk`
//! warning that names it, so a service-provider developer learns what to
//! accept; the strict verdict on the same input says what the RFC requires.

use serde::{Deserialize, Serialize};

/// Which sender's deviations to accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// RFC 7643/7644 only.
    #[default]
    Strict,
    /// Microsoft Entra ID (Azure AD) provisioning.
    Entra,
    /// Okta provisioning.
    Okta,
}

impl Dialect {
    /// Every dialect.
    pub const ALL: &'static [Dialect] = &[Dialect::Strict, Dialect::Entra, Dialect::Okta];

    /// `strict`, `entra` or `okta`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Dialect::Strict => "strict",
            Dialect::Entra => "entra",
            Dialect::Okta => "okta",
        }
    }

    /// Whether this dialect accepts the deviation reported by `quirk` (a
    /// `quirk-*` code). The quirk catalog (`detect/quirks.json`) is the one
    /// place that says which dialect accepts what, so validation, PATCH
    /// checking and PATCH application give the same verdict.
    pub fn accepts(self, quirk: crate::Code) -> bool {
        crate::detect::quirk(quirk).is_some_and(|q| q.dialect == self)
    }

    /// Parses a dialect name (case-insensitive).
    pub fn from_name(name: &str) -> Option<Dialect> {
        Dialect::ALL
            .iter()
            .copied()
            .find(|d| d.as_str().eq_ignore_ascii_case(name))
    }
}

impl std::fmt::Display for Dialect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
