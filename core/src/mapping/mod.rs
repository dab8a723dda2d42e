//! Identity-provider attribute mappings: what Microsoft Entra ID or Okta
//! will send to a SCIM service provider, and whether it will be accepted —
//! known before anything is provisioned.
//!
//! An admin pastes their mapping configuration (scimkit's format below, or
//! what their console exports) and a sample user; scimkit shows the exact
//! requests the identity provider sends (lookup, POST, PATCH/PUT,
//! deactivation), validates each against the service provider's schemas and
//! profile, traces every value back to the mapping that made it, and says
//! what to change in the identity provider's console.
//!
//! # Entry points
//!
//! One function per verb, taking JSON text so that diagnostics carry spans
//! (the CLI's `scimkit map check|apply`, the npm package's `checkMapping` /
//! `applyMapping` and the playground call these), each with a typed twin:
//!
//! - [`check_text`]`(config_text, &Registry, Option<&Profile>) -> Report` and
//!   [`check`]`(&MappingConfig, …)`: everything knowable without a user.
//! - [`apply_text`]`(config_text, source_text, &ApplyOptions) -> ApplyResult`
//!   and [`apply`]`(&MappingConfig, &Value, …)`: the requests for one
//!   [`Operation`] (`create`, `update`, `deactivate`, `delete`);
//!   [`apply_many`] runs one configuration over many source objects,
//!   checking and compiling it once (about 2× faster per user).
//! - [`load_text`]`(text) -> LoadResult`: reads any supported format into a
//!   [`MappingConfig`] (to convert a console export into scimkit's format).
//!
//! ```
//! use scimkit::mapping::{self, ApplyOptions, Method, Operation, presets};
//! use scimkit::profile::find_builtin;
//! use scimkit::schema::Registry;
//!
//! let registry = Registry::builtin();
//! let profile = find_builtin("email-prefix-username");
//! // Entra ID's defaults send userPrincipalName as userName: the profile rejects it…
//! let report = mapping::check_text(presets::ENTRA.config_json, &registry, profile);
//! assert!(report.has(scimkit::Code::MappingProfileConflict));
//!
//! // …until userName's source is mailNickname.
//! let fixed = presets::ENTRA.config_json.replacen("\"userPrincipalName\"", "\"mailNickname\"", 1);
//! let options = ApplyOptions::new(Operation::Create).with_profile(profile.unwrap());
//! let result = mapping::apply_text(&fixed, presets::sample(presets::ENTRA.identity_provider, mapping::ObjectType::User), &options);
//! assert!(result.valid);
//! assert_eq!(result.requests[0].url, "/Users?filter=userName%20eq%20%22ada.lovelace%22");
//! let post = result.request(Method::Post).unwrap();
//! assert_eq!(post.body.as_ref().unwrap()["userName"], "ada.lovelace");
//! assert_eq!(result.trace[0].summary, "userName ← mailNickname = \"ada.lovelace\"");
//! ```
//!
//! # The configuration format
//!
//! JSON, camelCase. A complete example (Entra ID; every field shown):
//!
//! ```json
//! {
//!   "identityProvider": "entra",
//!   "name": "Talend Cloud",
//!   "entra": {"aadOptscim062020": false},
//!   "users": {
//!     "name": "Provision Microsoft Entra ID Users",
//!     "enabled": true,
//!     "sourceAttributes": ["extension_0123456789abcdef0123456789abcdef_costCenter"],
//!     "mappings": [
//!       {"target": "userName", "type": "direct", "source": "mailNickname", "matchingPrecedence": 1},
//!       {"target": "active", "type": "expression",
//!        "expression": "Switch([IsSoftDeleted], , \"False\", \"True\", \"True\", \"False\")"},
//!       {"target": "emails[type eq \"work\"].value", "source": "mail"},
//!       {"target": "name.formatted", "expression": "Join(\" \", [givenName], [surname])"},
//!       {"target": "title", "source": "jobTitle", "defaultValue": "Staff", "apply": "onCreate"},
//!       {"target": "userType", "type": "constant", "value": "Employee"},
//!       {"target": "nickName", "type": "none", "defaultValue": "n/a"},
//!       {"target": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "source": "manager"}
//!     ]
//!   },
//!   "groups": {
//!     "mappings": [
//!       {"target": "displayName", "source": "displayName", "matchingPrecedence": 1},
//!       {"target": "externalId", "source": "objectId"},
//!       {"target": "members", "source": "members"}
//!     ]
//!   }
//! }
//! ```
//!
//! - `identityProvider`: `entra` or `okta`; it picks the expression language
//!   ([`entra`], [`okta`]) and the wire format.
//! - `entra.aadOptscim062020`: the Tenant URL feature flag for SCIM-compliant
//!   PATCH (lower-case ops, JSON booleans, several single-valued changes merged
//!   into one path-less `replace` keyed by path, members removed with
//!   `members[value eq "…"]`).
//! - `okta` (for Okta): `{"usernameFormat": "emailPrefix", "integration": "aiw"}`.
//!   `usernameFormat` is the Sign On tab's application username format by name
//!   (`oktaUsername` — the default —, `oktaUsernamePrefix`, `email`,
//!   `emailLowercase`, `emailPrefix`, `adSamAccountName`, …; the console label
//!   such as `"Email prefix"` works too) or as Okta's template object
//!   `{"template": "user.firstName + \".\" + user.lastName", "type": "CUSTOM"}`.
//!   `integration`: `aiw` (App Integration Wizard: every update, deactivation
//!   included, is a PUT) or `oin` (profile updates are PUT; deactivation and
//!   group updates are PATCH).
//! - `users` / `groups`: `name` (the console's name for the object mapping),
//!   `enabled` (default true), `sourceAttributes` (sources to accept besides the
//!   provider's built-in ones, see [`sources`]) and `mappings`, in console order.
//! - A mapping: `target` (a SCIM path, parsed with the one path grammar of
//!   [`crate::filter`]); `type` — `direct` (`source`), `constant` (`value`),
//!   `expression` (`expression`), `none` (Entra's "None": only `defaultValue`,
//!   on create) or `appUsername` (Okta's userName "Configured in Sign On
//!   settings") — inferred when absent from which of `source`/`value`/`expression`
//!   is present; `defaultValue` (Entra's "Default value if null", used only when
//!   the object is created); `apply` (`always` — default — or `onCreate`:
//!   Entra's "Only during object creation", Okta's `DONT_PUSH`);
//!   `matchingPrecedence` (a matching attribute when > 0; 1 is tried first);
//!   `label` (how the console names the target, e.g. Okta's `givenName`).
//!
//! For Okta, direct sources and expressions read the Okta user profile
//! (`user.firstName`); a source object in the Users API shape
//! `{"id", "profile": {…}}` is read through its profile.
//!
//! # Console exports
//!
//! [`check_text`], [`apply_text`] and [`load_text`] also read, detected by their
//! top-level members:
//!
//! - **Entra ID's provisioning schema** (`{"synchronizationRules": …}`, from
//!   Provisioning → Mappings → Show advanced options → Review your schema, or
//!   Graph's `…/synchronization/jobs/{id}/schema`):
//!   `synchronizationRules[].objectMappings[]` with `sourceObjectName`
//!   `User`/`Group`, each `attributeMappings[]` entry
//!   `{targetAttributeName, source: {type: Attribute|Constant|Function, name,
//!   expression, parameters}, defaultValue, flowType, matchingPriority}` (fact
//!   sheet §1.1). Diagnostics point into it, e.g. at
//!   `/synchronizationRules/0/objectMappings/0/attributeMappings/2/source/expression`.
//!   The flag `aadOptscim062020` is part of the Tenant URL, not the schema:
//!   convert with [`load_text`] and set it.
//! - **Okta's profile mapping** (`{"properties": {"givenName": {"expression":
//!   "user.firstName", "pushStatus": "PUSH"}}}`, from the Mappings API), with
//!   the app's `"credentials": {"userNameTemplate": {…}}` alongside when the
//!   username format is not the default. App attributes map to SCIM paths by the
//!   SCIM 2.0 template app's external names ([`scim_path_of_app_attribute`]).
//!
//! # Modules
//!
//! | file | owns |
//! |---|---|
//! | `config.rs` | the configuration model ([`MappingConfig`]) |
//! | `load.rs`, `locate.rs` | reading text in any format, pointers and spans of every field |
//! | `import_entra.rs`, `import_okta.rs` | the two console exports |
//! | `presets.rs`, `presets/` | default mappings and sample objects (data) |
//! | `sources.rs`, `data/` | the identity providers' source attributes (data) |
//! | `compile.rs` | targets parsed and resolved, expressions parsed, per mapping |
//! | `check.rs` | the static checks |
//! | `evaluate.rs` | one mapping for one source object (nulls, defaults, omissions) |
//! | `materialize.rs` | paths into resources, values into the target's type |
//! | `apply.rs` | requests per identity provider and operation, validation, trace |
//! | `explain.rs` | console locations for every `help` |
//! | `entra/`, `okta/` | the two expression languages |
//!
//! # Decisions where the documentation is silent
//!
//! Each is exercised by a case under `tests/data/mapping/`.
//! - Entra ID converts values to the target's type on create: `"True"` into a
//!   boolean `true`, digits into an integer, a reference source (manager) into
//!   `{"value": id}`; in PATCH without the flag booleans stay `"True"`/`"False"`
//!   and manager is the bare id (the only observed form), with the flag
//!   booleans are JSON. A lone single-valued change keeps its path even with the
//!   flag (the documented disable is `{"op":"replace","path":"active","value":false}`).
//! - Entra ID sends an expression's `""` (that is what `IgnoreFlowIfNullOrEmpty`
//!   is for) but treats an empty direct source as empty; Okta sends neither null
//!   nor `""` (its default `emailType` mapping yields `''` when there is no e-mail).
//! - Without the service provider's current resource, an update sends every
//!   mapped value as changed (`Replace`); with it, only differences (`Add` for
//!   attributes the resource lacks). Okta's PUT starts from the current
//!   resource, or from what the create would have stored.
//! - Entra ID sends `schemas` core + enterprise for users (even without
//!   enterprise data), `meta.resourceType`, `roles: []`, and `"primary": true` on
//!   the work e-mail it creates; groups are created without members, which a
//!   PATCH adds. Okta adds `externalId` (the Okta user id), `groups: []`, a random
//!   `password` and `active: true`, and lists the extensions it writes in `schemas`.
//! - Profile conflicts are judged on the identity provider's sample user (a user
//!   principal name always has an @), so they are reported as what the mapping
//!   produces for that user.

mod apply;
mod check;
mod common;
mod compile;
mod config;
pub mod entra;
mod evaluate;
mod explain;
mod import_entra;
mod import_okta;
mod language;
mod load;
mod locate;
mod materialize;
pub mod okta;
mod origin;
pub(crate) mod output;
pub mod presets;
pub mod sources;

pub use apply::{
    ApplyOptions, ApplyResult, Lookup, Method, Operation, QueryParam, Request, TraceEntry, apply,
    apply_many, apply_text,
};
pub use check::{check, check_text};
pub(crate) use common::Rng;
pub use common::{Environment, TextRange};
pub use config::{
    Apply, EntraSettings, IdentityProvider, Mapping, MappingConfig, MappingType, ObjectMapping,
    ObjectType, OktaIntegration, OktaSettings, UsernameFormat,
};
pub use import_okta::scim_path_of_app_attribute;
pub use language::{Expression, FunctionInfo, Language, Node};
pub use load::{ConfigFormat, LoadResult, load_text};

#[cfg(test)]
mod tests;
