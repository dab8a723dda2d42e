//! Identity-provider dialects: what a service provider must accept beyond the
//! RFC when it talks to Microsoft Entra ID or Okta.
//!
//! `Strict` is RFC 7644 as written. `Entra` and `Okta` accept the documented
//! deviations of those identity providers and report each as a `quirk`
//! warning that names it, so a service-provider developer learns what to
//! accept; the strict verdict on the same input says what the RFC requires.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::diagnostics::Code;

/// Which sender's deviations to accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
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
    /// `quirk-*` code). The quirk catalog (`quirks.json`, [`quirks`]) is the one
    /// place that says which dialect accepts what, so validation, PATCH
    /// checking and PATCH application give the same verdict.
    pub fn accepts(self, code: Code) -> bool {
        quirk(code).is_some_and(|q| q.dialect == self)
    }

    /// The rules a verdict applied, as a verdict card states them:
    /// `strict RFC`, `Entra ID dialect`, `Okta dialect`.
    pub const fn rules(self) -> &'static str {
        match self {
            Dialect::Strict => "strict RFC",
            Dialect::Entra => "Entra ID dialect",
            Dialect::Okta => "Okta dialect",
        }
    }

    /// Whose rules, in a few words: `RFC`, `Entra ID`, `Okta`.
    pub const fn label(self) -> &'static str {
        match self {
            Dialect::Strict => "RFC",
            Dialect::Entra => "Entra ID",
            Dialect::Okta => "Okta",
        }
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

/// Who sent a request, as far as its shape tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Sender {
    /// A client that follows RFC 7643/7644 (nothing points elsewhere).
    Rfc,
    /// Microsoft Entra ID with its default (2017) PATCH behaviour.
    Entra,
    /// Microsoft Entra ID with the `aadOptscim062020` flag on the tenant URL.
    EntraScimCompliant,
    /// Okta.
    Okta,
}

impl Sender {
    /// How the sender reads in a sentence.
    pub const fn label(self) -> &'static str {
        match self {
            Sender::Rfc => "an RFC-conformant SCIM client",
            Sender::Entra => "Microsoft Entra ID (default PATCH behaviour)",
            Sender::EntraScimCompliant => "Microsoft Entra ID with the aadOptscim062020 flag",
            Sender::Okta => "Okta",
        }
    }

    /// How the sender of an explained `input` (`filter`, or a context name
    /// such as `create` or `patch`) reads. Entra ID's PATCH behaviour is
    /// named for a PATCH only, the one request it changes; a client with
    /// no identity provider's signature is called RFC-conformant only when
    /// it is (`conformant`: a strict service provider accepts the input).
    pub fn label_for(self, input: &str, conformant: bool) -> &'static str {
        let patch = input == crate::context::Context::Patch.as_str();
        match self {
            Sender::Rfc if !conformant => "a SCIM client with no identity provider's signature",
            Sender::Entra | Sender::EntraScimCompliant if !patch => "Microsoft Entra ID",
            _ => self.label(),
        }
    }

    /// The dialect that accepts what this sender sends.
    pub const fn dialect(self) -> Dialect {
        match self {
            Sender::Rfc => Dialect::Strict,
            Sender::Entra | Sender::EntraScimCompliant => Dialect::Entra,
            Sender::Okta => Dialect::Okta,
        }
    }
}

/// A catalogued identity-provider deviation (one entry of `quirks.json`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Quirk {
    /// The diagnostic code that reports it.
    pub code: Code,
    /// A one-line name.
    pub title: String,
    /// The RFC section it departs from.
    pub rfc: String,
    /// Who is known to send it.
    pub senders: Vec<Sender>,
    /// The dialect that accepts it.
    pub dialect: Dialect,
    /// What a service provider must accept.
    pub service_provider: String,
    /// What the admin can change on the identity-provider side, when anything.
    pub identity_provider: Option<String>,
    /// Which of scimkit's engines report it (a test holds each to a data case).
    pub found_by: Vec<Engine>,
}

/// An engine of scimkit that reports quirks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Engine {
    /// Validation of a document in a dialect.
    Validate,
    /// PATCH checking and application.
    Patch,
    /// Sender detection (`explain`).
    Detect,
    /// The filter parser in a dialect.
    Filter,
}

/// The quirk catalog.
pub fn quirks() -> &'static [Quirk] {
    static QUIRKS: OnceLock<Vec<Quirk>> = OnceLock::new();
    QUIRKS.get_or_init(|| serde_json::from_str(include_str!("quirks.json")).unwrap_or_default())
}

/// The catalog entry of a quirk code.
pub fn quirk(code: Code) -> Option<&'static Quirk> {
    quirks().iter().find(|q| q.code == code)
}

// ---- how the quirks that validation also finds are worded (PATCH uses the same) ----

/// `quirk-string-boolean`: `"value": "False"` for a boolean.
pub(crate) fn string_boolean(name: &str, text: &str) -> String {
    format!("boolean `{name}` sent as the string \"{text}\"")
}

/// Help for [`string_boolean`].
pub(crate) const STRING_BOOLEAN_HELP: &str = "Microsoft Entra ID sends booleans as \"True\"/\"False\" strings in PATCH unless the aadOptscim062020 flag is set; read them case-insensitively as booleans";

/// `quirk-bare-reference`: the manager sent as its id alone.
pub(crate) fn bare_reference(name: &str, id: &str) -> String {
    format!("`{name}` sent as a bare string \"{id}\" instead of {{\"value\": \"{id}\"}}")
}

/// Help for [`bare_reference`].
pub(crate) const BARE_REFERENCE_HELP: &str = "Microsoft Entra ID sends the manager's id as a plain string in PATCH; read it as {\"value\": id}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_parses_strictly_and_names_each_quirk_code_once() {
        // `quirks()` falls back to an empty catalogue; this is the test that
        // a broken quirks.json fails instead.
        let parsed: Vec<Quirk> = serde_json::from_str(include_str!("quirks.json")).unwrap();
        assert_eq!(parsed.len(), quirks().len());
        let quirk_codes: Vec<Code> = Code::ALL
            .iter()
            .copied()
            .filter(|c| c.as_str().starts_with("quirk-"))
            .collect();
        for code in &quirk_codes {
            let entries = parsed.iter().filter(|q| q.code == *code).count();
            assert_eq!(entries, 1, "{code} has {entries} catalogue entries");
            assert!(quirk(*code).is_some_and(|q| q.dialect != Dialect::Strict));
        }
        assert_eq!(parsed.len(), quirk_codes.len());
    }
}
