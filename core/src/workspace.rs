//! The façade: one [`Workspace`] owns what every check needs (the schema
//! registry with the service provider's own definitions, the profiles, and
//! what loading them found) and has one method per thing a user does:
//! validate a document, check or evaluate a filter, check or apply a PATCH,
//! check or apply a mapping, explain who sent a request, probe a server.
//!
//! The CLI's commands, the npm package's exports and the playground's
//! actions call these methods, so the same input gets the same answer from
//! each by construction; the adapters only read their inputs and present
//! the result (the npm package turns positions into UTF-16, the CLI renders
//! them for a terminal). Decisions such as "which resource type is this
//! PATCH for" or "which profile is meant" are made here, once.
//!
//! ```
//! use scimkit::workspace::{Workspace, ValidateRequest};
//!
//! let workspace = Workspace::builtin();
//! let report = workspace
//!     .validate(r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":42}"#,
//!         &ValidateRequest::default())
//!     .unwrap();
//! assert!(!report.valid);
//! assert_eq!(report.diagnostics[0].path, "/userName");
//! ```

use serde::Serialize;

use crate::detect::{ExplainOptions, Explanation, explain};
use crate::diagnostics::{Code, Diagnostic, Report};
use crate::dialect::Dialect;
use crate::filter::{DocumentEvaluation, Filter, check_filter_text, evaluate_document};
use crate::http_message;
use crate::logs::{LogExplanation, explain_log};
use crate::mapping::{self, ApplyOptions, ApplyResult, Environment, ObjectType, Operation};
use crate::patch::{PatchOutcome, check_patch, read_resource};
use crate::probe::{Plan, ProbeOptions};
use crate::profile::{self, Profile};
use crate::schema::{Registry, RegistryBuilder, ResourceType};
use crate::validate::{Assumed, ValidateOptions, Validator, assumed};

/// Why a request could not be answered at all (as opposed to an input with
/// problems, which is a report).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct WorkspaceError {
    /// A stable code: `unknown-profile`, `unknown-resource-type`,
    /// `invalid-json`, or the code of a limit (`limit-filter-work`).
    pub code: &'static str,
    /// What to fix.
    pub message: String,
    /// Diagnostics behind the error, when there are some.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
}

impl WorkspaceError {
    fn new(code: &'static str, message: impl Into<String>) -> WorkspaceError {
        WorkspaceError {
            code,
            message: message.into(),
            diagnostics: Vec::new(),
        }
    }
}

impl std::fmt::Display for WorkspaceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for WorkspaceError {}

/// What loading the custom definitions found, one report per input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Setup {
    /// `true` unless some definition had an error.
    pub valid: bool,
    /// The schema inputs first, then the profiles, each in its order. A
    /// last `schemas` entry (index = the number of schema inputs) carries
    /// problems between definitions (an extension naming a missing schema).
    pub inputs: Vec<SetupInput>,
}

/// The report of one custom definition text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetupInput {
    /// `schemas` or `profiles`.
    pub kind: &'static str,
    /// The index in its list.
    pub index: usize,
    /// Its diagnostics, with positions in that text.
    pub report: Report,
}

/// How to validate a document ([`Workspace::validate`]): the validator's
/// options, with the profile named rather than given (the workspace's own
/// profiles first, then the built-in ones; `options.profile` is not read).
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct ValidateRequest<'a> {
    /// Context, resource type, leniency, dialect and diagnostics cap.
    pub options: ValidateOptions<'a>,
    /// A profile name.
    pub profile: Option<&'a str>,
}

impl Default for ValidateRequest<'_> {
    fn default() -> Self {
        ValidateRequest {
            options: ValidateOptions::detect(),
            profile: None,
        }
    }
}

/// How to apply a mapping ([`Workspace::apply_mapping`]).
#[derive(Debug, Clone, Copy, Default)]
#[non_exhaustive]
pub struct MappingRequest<'a> {
    /// What happens to the object.
    pub operation: Operation,
    /// Users or groups.
    pub object: ObjectType,
    /// A profile name.
    pub profile: Option<&'a str>,
    /// The clock and seed of `Now()`, `Guid()`, `RandomString()`.
    pub env: Environment,
    /// The resource as the service provider holds it (JSON text).
    pub current: Option<&'a str>,
    /// The id the service provider assigned.
    pub resource_id: Option<&'a str>,
}

/// The schemas, resource types and profiles every check of a session uses.
#[derive(Debug, Clone)]
pub struct Workspace {
    validator: Validator,
    profiles: Vec<Profile>,
    setup: Setup,
}

impl Default for Workspace {
    fn default() -> Workspace {
        Workspace::builtin()
    }
}

impl Workspace {
    /// The built-in schemas, resource types and profiles.
    pub fn builtin() -> Workspace {
        Workspace {
            validator: Validator::new(Registry::builtin()),
            profiles: Vec::new(),
            setup: Setup {
                valid: true,
                inputs: Vec::new(),
            },
        }
    }

    /// The built-ins plus custom definitions: `schemas` texts (a Schema, a
    /// ResourceType, an array, or a ListResponse from `/Schemas` or
    /// `/ResourceTypes`) and `profiles` texts. Definitions with errors are
    /// reported in [`Workspace::setup`] and left out; the rest are used.
    pub fn new<S: AsRef<str>, P: AsRef<str>>(schemas: &[S], profiles: &[P]) -> Workspace {
        let mut builder = RegistryBuilder::with_builtins();
        let mut inputs = Vec::new();
        for (index, text) in schemas.iter().enumerate() {
            let report = builder.add_json(text.as_ref());
            inputs.push(SetupInput {
                kind: "schemas",
                index,
                report,
            });
        }
        let (registry, cross) = builder.build();
        if !cross.diagnostics.is_empty() {
            inputs.push(SetupInput {
                kind: "schemas",
                index: schemas.len(),
                report: cross,
            });
        }
        let mut loaded = Vec::new();
        for (index, text) in profiles.iter().enumerate() {
            let report = match Profile::from_json(text.as_ref()) {
                Ok(p) => {
                    loaded.push(p);
                    Report::new(Vec::new())
                }
                Err(report) => report,
            };
            inputs.push(SetupInput {
                kind: "profiles",
                index,
                report,
            });
        }
        let valid = inputs.iter().all(|i| i.report.valid);
        Workspace {
            validator: Validator::new(registry),
            profiles: loaded,
            setup: Setup { valid, inputs },
        }
    }

    /// What loading the custom definitions found.
    pub fn setup(&self) -> &Setup {
        &self.setup
    }

    /// The schema registry.
    pub fn registry(&self) -> &Registry {
        self.validator.registry()
    }

    /// The custom profiles, then the built-in ones.
    pub fn profiles(&self) -> Vec<&Profile> {
        self.profiles.iter().chain(profile::builtin()).collect()
    }

    /// The profile named `name` (ignoring case): the workspace's own first.
    ///
    /// # Errors
    /// `unknown-profile`, listing the known names.
    pub fn profile(&self, name: &str) -> Result<&Profile, WorkspaceError> {
        self.profiles
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
            .or_else(|| profile::find_builtin(name))
            .ok_or_else(|| {
                let known: Vec<&str> = self.profiles().iter().map(|p| p.name.as_str()).collect();
                WorkspaceError::new(
                    "unknown-profile",
                    format!("no profile named \"{name}\" (known: {})", known.join(", ")),
                )
            })
    }

    fn profile_opt(&self, name: Option<&str>) -> Result<Option<&Profile>, WorkspaceError> {
        name.map(|n| self.profile(n)).transpose()
    }

    /// The resource type named `name` (or with that endpoint).
    ///
    /// # Errors
    /// `unknown-resource-type`, listing the known names.
    pub fn resource_type(&self, name: &str) -> Result<&ResourceType, WorkspaceError> {
        self.registry().resource_type(name).ok_or_else(|| {
            WorkspaceError::new(
                "unknown-resource-type",
                self.registry().unknown_resource_type(name),
            )
        })
    }

    /// Validates a document (JSON text) in its context.
    ///
    /// A raw HTTP request (request line, headers, blank line, body;
    /// [`http_message::read_request`]) is understood: its method chooses the
    /// context and its path the resource type (over `request`'s), its body is
    /// checked with spans into `text`, and its headers are commented on, after
    /// an `http-request` note saying what was read.
    ///
    /// # Errors
    /// `unknown-profile`; problems in the document are the report's.
    pub fn validate(
        &self,
        text: &str,
        request: &ValidateRequest<'_>,
    ) -> Result<Report, WorkspaceError> {
        let (options, http) = self.validate_options(text, request)?;
        let Some(http) = http else {
            return Ok(self.validator.validate(text, &options));
        };
        let resource_type = http
            .path_segments()
            .find_map(|segment| self.registry().resource_type(segment));
        let body = text.get(http.body_start..).unwrap_or("");
        let checked = match (options.context, body.trim().is_empty()) {
            (Some(context), _) if http.context.is_some() => {
                let on = resource_type.map_or(String::new(), |rt| format!(" on {}", rt.name));
                format!("checked the body as {}{on}", context.as_str())
            }
            (_, true) => format!("a {} request has no body to check", http.method),
            _ => "checked the body".to_owned(),
        };
        let mut diagnostics = if body.trim().is_empty() && http.context.is_none() {
            Vec::new()
        } else {
            let mut body_report = self.validator.validate(body, &options);
            for d in &mut body_report.diagnostics {
                if let Some(span) = &mut d.span {
                    span.start += http.body_start;
                    span.end += http.body_start;
                }
            }
            body_report.diagnostics
        };
        let line_start = text.len() - text.trim_start().len();
        diagnostics.push(
            Diagnostic::new(
                Code::HttpRequest,
                "",
                format!(
                    "read as an HTTP request, {} {}: {checked}",
                    http.method, http.target
                ),
            )
            .with_range(line_start, http.line_end),
        );
        diagnostics.extend(http.diagnostics);
        Ok(Report::new(diagnostics).locate(text))
    }

    /// The options [`Workspace::validate`] checks `text` with: the profile
    /// looked up, and for a raw HTTP request the context its method means and
    /// the resource type its path names (returned with the request).
    fn validate_options<'s, 't>(
        &'s self,
        text: &'t str,
        request: &ValidateRequest<'s>,
    ) -> Result<(ValidateOptions<'s>, Option<http_message::HttpRequest<'t>>), WorkspaceError> {
        let mut options = request.options;
        options.profile = self.profile_opt(request.profile)?;
        let http = http_message::read_request(text);
        if let Some(http) = &http {
            if let Some(context) = http.context {
                options.context = Some(context);
            }
            let resource_type = http
                .path_segments()
                .find_map(|segment| self.registry().resource_type(segment));
            if let Some(rt) = resource_type {
                options.resource_type = Some(rt.name.as_str());
            }
        }
        Ok((options, http))
    }

    /// What [`Workspace::validate`] assumes for `text` where `request` leaves
    /// a choice open (the context, the resource type), for a front end to
    /// state next to the verdict; `None` when the text (or a raw HTTP
    /// request's body) is not JSON.
    ///
    /// # Errors
    /// `unknown-profile`.
    pub fn assumed(
        &self,
        text: &str,
        request: &ValidateRequest<'_>,
    ) -> Result<Option<Assumed>, WorkspaceError> {
        let (options, http) = self.validate_options(text, request)?;
        let body = match &http {
            Some(h) => text.get(h.body_start..).unwrap_or(""),
            None => text,
        };
        Ok(crate::json::parse(body)
            .ok()
            .map(|root| assumed(self.registry(), &root, &options)))
    }

    /// A filter's syntax and schema problems, checked against `resource_type`
    /// (default `User`).
    ///
    /// # Errors
    /// `unknown-resource-type`.
    pub fn check_filter(
        &self,
        text: &str,
        resource_type: Option<&str>,
        dialect: Dialect,
    ) -> Result<Report, WorkspaceError> {
        let rt = self.resource_type(resource_type.unwrap_or("User"))?;
        Ok(check_filter_text(text, self.registry(), rt, dialect))
    }

    /// Evaluates `filter` over what a JSON document holds: one resource, an
    /// array of them, or a ListResponse's `Resources`; each is read as
    /// `resource_type` when given, else as the type its `schemas` name.
    ///
    /// # Errors
    /// `unknown-resource-type`, `invalid-json`, or the limit that stopped
    /// the evaluation (`limit-filter-work`), with its diagnostic.
    pub fn evaluate_filter(
        &self,
        filter: &Filter,
        document: &str,
        resource_type: Option<&str>,
        trace: bool,
    ) -> Result<DocumentEvaluation, WorkspaceError> {
        let forced = resource_type.map(|n| self.resource_type(n)).transpose()?;
        let root = crate::json::parse(document).map_err(|d| WorkspaceError {
            code: "invalid-json",
            message: format!("the resources are not JSON: {}", d.message),
            diagnostics: vec![d],
        })?;
        evaluate_document(self.registry(), filter, &root, forced, trace).map_err(|d| {
            WorkspaceError {
                code: d.code.as_str(),
                message: d.message.clone(),
                diagnostics: vec![d],
            }
        })
    }

    /// A PatchOp body's problems, without a resource.
    pub fn check_patch(&self, text: &str, resource_type: Option<&str>, dialect: Dialect) -> Report {
        check_patch(self.registry(), text, resource_type, dialect)
    }

    /// Applies a PatchOp (text) to a resource (text). The resource type is
    /// `resource_type` when given, else the one the resource's `schemas`
    /// name; a resource that is not JSON is reported in the outcome.
    ///
    /// # Errors
    /// `unknown-resource-type`: the name is unknown, or the resource's
    /// `schemas` name no resource type (the PATCH cannot be read without
    /// knowing which attributes exist).
    pub fn apply_patch(
        &self,
        resource: &str,
        patch: &str,
        resource_type: Option<&str>,
        dialect: Dialect,
    ) -> Result<PatchOutcome, WorkspaceError> {
        // The resource is read once: for its type and to apply to.
        let resource = read_resource(self.registry(), resource, resource_type)
            .map_err(|message| WorkspaceError::new("unknown-resource-type", message))?;
        Ok(resource.apply(self.registry(), patch, dialect))
    }

    /// A mapping configuration's problems (any format `scimkit map` reads).
    ///
    /// # Errors
    /// `unknown-profile`.
    pub fn check_mapping(
        &self,
        config: &str,
        profile: Option<&str>,
    ) -> Result<Report, WorkspaceError> {
        let profile = self.profile_opt(profile)?;
        Ok(mapping::check_text(config, self.registry(), profile))
    }

    /// The requests a mapping makes for a source user (or group).
    ///
    /// # Errors
    /// `unknown-profile`, or `invalid-json` for a `current` that is not JSON.
    pub fn apply_mapping(
        &self,
        config: &str,
        source: &str,
        request: &MappingRequest<'_>,
    ) -> Result<ApplyResult, WorkspaceError> {
        let profile = self.profile_opt(request.profile)?;
        let current = request
            .current
            .map(|text| {
                crate::json::parse_value(text).map_err(|d| WorkspaceError {
                    code: "invalid-json",
                    message: format!("the current resource is not JSON: {}", d.message),
                    diagnostics: vec![d],
                })
            })
            .transpose()?;
        let mut options = ApplyOptions::new(request.operation)
            .with_object(request.object)
            .with_registry(self.registry())
            .with_env(request.env);
        if let Some(p) = profile {
            options = options.with_profile(p);
        }
        if let Some(c) = &current {
            options = options.with_current(c);
        }
        if let Some(id) = request.resource_id {
            options = options.with_resource_id(id);
        }
        Ok(mapping::apply_text(config, source, &options))
    }

    /// Who sent a request body or filter, and every deviation it carries.
    pub fn explain(&self, text: &str, options: &ExplainOptions<'_>) -> Explanation {
        explain(self.registry(), text, options)
    }

    /// Why provisioning failed, from the identity provider's own log (an
    /// Entra ID provisioning log entry or export, Okta System Log events, or
    /// a copied error message): each failed event with the request rebuilt,
    /// the answer quoted, the cause and the fix.
    pub fn explain_log(&self, text: &str) -> LogExplanation {
        explain_log(self.registry(), text)
    }

    /// A probe of a live endpoint (sans-IO: drive it with a transport).
    pub fn probe(&self, options: ProbeOptions) -> Plan {
        Plan::new(options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const USER: &str =
        r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada"}"#;

    #[test]
    fn custom_definitions_are_used_and_their_problems_reported() {
        let schema = r#"{"id":"urn:acme:2.0:Badge","name":"Badge","attributes":[
            {"name":"number","type":"string","multiValued":false,"required":true}]}"#;
        let rt = r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
            "id":"Badge","name":"Badge","endpoint":"/Badges","schema":"urn:acme:2.0:Badge"}"#;
        let w = Workspace::new(&[schema, rt, "{"], &["{}"]);
        assert!(!w.setup().valid);
        let kinds: Vec<(&str, usize, bool)> = w
            .setup()
            .inputs
            .iter()
            .map(|i| (i.kind, i.index, i.report.valid))
            .collect();
        assert_eq!(
            kinds,
            [
                ("schemas", 0, true),
                ("schemas", 1, true),
                ("schemas", 2, false),
                ("profiles", 0, false)
            ]
        );
        assert_eq!(
            w.resource_type("/Badges").map(|rt| rt.name.as_str()),
            Ok("Badge")
        );
    }

    #[test]
    fn unknown_names_are_errors_that_list_the_known_ones() {
        let w = Workspace::builtin();
        let e = w.resource_type("Badge").unwrap_err();
        assert_eq!(e.code, "unknown-resource-type");
        assert!(e.message.contains("User, Group"), "{}", e.message);
        let request = ValidateRequest {
            profile: Some("nope"),
            ..ValidateRequest::default()
        };
        assert_eq!(
            w.validate(USER, &request).unwrap_err().code,
            "unknown-profile"
        );
    }

    #[test]
    fn a_patch_needs_a_resource_type_it_can_tell() {
        let w = Workspace::builtin();
        let patch = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations":[{"op":"replace","path":"displayName","value":"Ada"}]}"#;
        let outcome = w.apply_patch(USER, patch, None, Dialect::Strict).unwrap();
        assert_eq!(outcome.resource["displayName"], "Ada");
        let e = w.apply_patch(r#"{"userName":"ada"}"#, patch, None, Dialect::Strict);
        assert_eq!(e.unwrap_err().code, "unknown-resource-type");
        let named = w.apply_patch(
            r#"{"userName":"ada"}"#,
            patch,
            Some("User"),
            Dialect::Strict,
        );
        assert!(named.unwrap().report.valid);
        // A resource that is not JSON is the outcome's problem, not an error.
        let broken = w.apply_patch("{", patch, None, Dialect::Strict).unwrap();
        assert!(!broken.report.valid);
    }

    #[test]
    fn filters_are_evaluated_over_what_a_document_holds() {
        let w = Workspace::builtin();
        let filter = crate::filter::parse_filter("userName eq \"ADA\"").unwrap();
        let list = format!(
            r#"{{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":1,"Resources":[{USER}]}}"#
        );
        let e = w.evaluate_filter(&filter, &list, None, false).unwrap();
        assert_eq!(e.matched, [true]);
        assert_eq!(
            w.evaluate_filter(&filter, "[", None, false)
                .unwrap_err()
                .code,
            "invalid-json"
        );
    }
}
