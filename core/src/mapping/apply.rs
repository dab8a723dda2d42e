//! Applying a mapping configuration to a sample source object: the requests
//! the identity provider would send, each validated against the service
//! provider's schemas (and profile), and a trace from every value back to
//! the mapping that produced it.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use crate::diagnostics::{Code, Diagnostic, Report, Severity};
use crate::dialect::Dialect;
use crate::filter::{CompValue, parse_filter_with, print};
use crate::profile::Profile;
use crate::schema::{Registry, uri};
use crate::validate::{Context, ValidateOptions, Validator};

use super::Environment;
use super::check::{analyze, relocate_expression};
use super::common::Rng;
use super::compile::{Compiled, CompiledObject, Program};
use super::config::{IdentityProvider, MappingConfig, MappingType, ObjectType, OktaIntegration};
use super::evaluate::{Outcome, evaluate, profile_of};
use super::explain::Console;
use super::load::{Loaded, load};
use super::materialize::{Place, Style, coerce, place, read, same_value};
use crate::encode::percent_encode;

/// What the identity provider is doing to the object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Operation {
    /// The object was assigned (or came into scope): look it up, create it.
    #[default]
    Create,
    /// A mapped source attribute changed: update the existing resource.
    Update,
    /// The user was unassigned, disabled or went out of scope: set `active` false.
    Deactivate,
    /// The object was deleted in the identity provider.
    Delete,
}

impl Operation {
    /// `create`, `update`, `deactivate` or `delete`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Operation::Create => "create",
            Operation::Update => "update",
            Operation::Deactivate => "deactivate",
            Operation::Delete => "delete",
        }
    }

    /// Parses an operation name, ignoring case.
    pub fn from_name(name: &str) -> Option<Operation> {
        [
            Operation::Create,
            Operation::Update,
            Operation::Deactivate,
            Operation::Delete,
        ]
        .into_iter()
        .find(|o| o.as_str().eq_ignore_ascii_case(name))
    }
}

/// How to apply a configuration.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApplyOptions<'a> {
    /// What happens to the object.
    pub operation: Operation,
    /// Users or groups (the sample object's kind).
    pub object: ObjectType,
    /// The service provider's profile, checked on every body.
    pub profile: Option<&'a Profile>,
    /// The service provider's schemas; `None` is the built-in registry.
    pub registry: Option<&'a Registry>,
    /// The clock and seed for `Now()`, `Guid()`, `RandomString()` and Okta's
    /// random password.
    pub env: Environment,
    /// The resource as the service provider holds it now (update, deactivate):
    /// only changed attributes are sent (Entra `Add` for attributes it lacks,
    /// `Replace` for changed ones), and Okta's PUT starts from it. Without it,
    /// every mapped value is sent as if it had changed, and Okta's PUT starts
    /// from what the create would have stored.
    pub current: Option<&'a Json>,
    /// The resource's id at the service provider; defaults to `current`'s
    /// `id`, else a UUID derived from the environment's seed.
    pub resource_id: Option<&'a str>,
}

impl<'a> ApplyOptions<'a> {
    /// Options for `operation` on a user, everything else default.
    pub fn new(operation: Operation) -> ApplyOptions<'a> {
        ApplyOptions {
            operation,
            ..ApplyOptions::default()
        }
    }

    /// Sets the object type.
    #[must_use]
    pub fn with_object(mut self, object: ObjectType) -> ApplyOptions<'a> {
        self.object = object;
        self
    }

    /// Sets the profile.
    #[must_use]
    pub fn with_profile(mut self, profile: &'a Profile) -> ApplyOptions<'a> {
        self.profile = Some(profile);
        self
    }

    /// Sets the registry.
    #[must_use]
    pub fn with_registry(mut self, registry: &'a Registry) -> ApplyOptions<'a> {
        self.registry = Some(registry);
        self
    }

    /// Sets the environment.
    #[must_use]
    pub fn with_env(mut self, env: Environment) -> ApplyOptions<'a> {
        self.env = env;
        self
    }

    /// Sets the service provider's current resource.
    #[must_use]
    pub fn with_current(mut self, current: &'a Json) -> ApplyOptions<'a> {
        self.current = Some(current);
        self
    }

    /// Sets the resource id.
    #[must_use]
    pub fn with_resource_id(mut self, id: &'a str) -> ApplyOptions<'a> {
        self.resource_id = Some(id);
        self
    }
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
}

impl Method {
    /// The method as sent: `GET`, `POST`, …
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// One query parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueryParam {
    /// The name (`filter`).
    pub name: String,
    /// The value, not encoded (`userName eq "ada"`).
    pub value: String,
}

/// One request the identity provider sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    /// The method.
    pub method: Method,
    /// The path below the SCIM base URL (`/Users`, `/Users/{id}`).
    pub path: String,
    /// Query parameters, in the order sent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub query: Vec<QueryParam>,
    /// `path` with the percent-encoded query, as it goes on the wire.
    pub url: String,
    /// What the request is for.
    pub purpose: String,
    /// The JSON body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Json>,
    /// Whether the service provider accepts it: the body validated (POST as
    /// create, PUT as replace, PATCH in the identity provider's dialect) with
    /// the profile; for a GET, the filter (pointer `/filter`). Pointers are
    /// into the body.
    pub report: Report,
}

impl Request {
    fn new(method: Method, path: String, purpose: impl Into<String>) -> Request {
        Request {
            method,
            url: path.clone(),
            path,
            query: Vec::new(),
            purpose: purpose.into(),
            body: None,
            report: Report::new(Vec::new()),
        }
    }

    fn with_query(mut self, name: &str, value: impl Into<String>) -> Request {
        self.query.push(QueryParam {
            name: name.to_string(),
            value: value.into(),
        });
        let query: Vec<String> = self
            .query
            .iter()
            .map(|q| format!("{}={}", q.name, percent_encode(&q.value)))
            .collect();
        self.url = format!("{}?{}", self.path, query.join("&"));
        self
    }
}

/// How the identity provider looks the object up before creating it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Lookup {
    /// The matching attribute (target path).
    pub attribute: String,
    /// The mapped value looked for.
    pub value: String,
    /// The filter sent.
    pub filter: String,
    /// The matching precedence (1 is tried first).
    pub precedence: u32,
    /// The index of the mapping that made the value.
    pub mapping: usize,
    /// The index of the GET in `requests`.
    pub request: usize,
}

/// Where one value in the requests came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TraceEntry {
    /// The target attribute path.
    pub target: String,
    /// The index of the mapping in the configuration's list (none for values
    /// the identity provider adds by itself, such as `schemas`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mapping: Option<usize>,
    /// The JSON Pointer of that mapping in the configuration text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_pointer: Option<String>,
    /// The mapping type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mapping_type: Option<MappingType>,
    /// The expression evaluated, in canonical form (`[mailNickname]` for a
    /// direct Entra mapping, the username template for Okta's userName).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
    /// The value sent, as it appears in the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Json>,
    /// The index of the request carrying it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<usize>,
    /// The JSON Pointer of the value in that request's body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// Why the value is what it is, or why it was not sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// One line: `userName ← mailNickname = "ada"`.
    pub summary: String,
}

/// The outcome of applying a configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApplyResult {
    /// No error anywhere: configuration, sample object, or any request.
    pub valid: bool,
    /// The operation simulated.
    pub operation: Operation,
    /// Users or groups.
    pub object: ObjectType,
    /// The identity provider, when the configuration could be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_provider: Option<IdentityProvider>,
    /// The requests, in the order the identity provider sends them.
    pub requests: Vec<Request>,
    /// The lookups by matching attribute (each is also a GET in `requests`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lookups: Vec<Lookup>,
    /// Where every value came from, in mapping order, then values the
    /// identity provider adds itself.
    pub trace: Vec<TraceEntry>,
    /// The configuration's diagnostics (the check's findings and evaluation
    /// errors), pointing into the configuration text.
    pub report: Report,
    /// Problems with the sample source object, pointing into its text.
    pub source_report: Report,
}

impl ApplyResult {
    fn empty(options: &ApplyOptions<'_>) -> ApplyResult {
        ApplyResult {
            valid: false,
            operation: options.operation,
            object: options.object,
            identity_provider: None,
            requests: Vec::new(),
            lookups: Vec::new(),
            trace: Vec::new(),
            report: Report::new(Vec::new()),
            source_report: Report::new(Vec::new()),
        }
    }

    fn finish(mut self) -> ApplyResult {
        self.valid = self.report.valid
            && self.source_report.valid
            && self.requests.iter().all(|r| r.report.valid);
        self
    }

    /// The request at `index` with `method`, for tests and adapters.
    pub fn request(&self, method: Method) -> Option<&Request> {
        self.requests.iter().find(|r| r.method == method)
    }
}

/// Applies a configuration (JSON text, any supported format) to a sample
/// source object (JSON text): the requests the identity provider sends for
/// `options.operation`, validated, with a trace.
pub fn apply_text(config_text: &str, source_text: &str, options: &ApplyOptions<'_>) -> ApplyResult {
    let mut result = ApplyResult::empty(options);
    let (loaded, _, diags) = load(config_text);
    let source = match crate::json::parse(source_text) {
        Ok(node) if node.as_object().is_some() => Some(node.to_value()),
        Ok(node) => {
            let (s, e) = node.range();
            result.source_report = Report::new(vec![
                Diagnostic::new(
                    Code::MappingInvalid,
                    "",
                    format!(
                        "the sample {} must be a JSON object of attributes, found {}",
                        options.object.resource_type().to_lowercase(),
                        node.type_name()
                    ),
                )
                .with_range(s, e),
            ])
            .locate(source_text);
            None
        }
        Err(d) => {
            result.source_report = Report::new(vec![d]).locate(source_text);
            None
        }
    };
    match (loaded, source) {
        (Some(loaded), Some(source)) => {
            let mut out = apply_loaded(&loaded, std::iter::once(&source), options, diags)
                .pop()
                .unwrap_or_else(|| ApplyResult::empty(options));
            out.report = out.report.locate(config_text);
            out.source_report = result.source_report;
            out.finish()
        }
        (loaded, _) => {
            result.identity_provider = loaded.as_ref().map(|l| l.config.identity_provider);
            let mut diags = diags;
            if let Some(loaded) = &loaded {
                let registry = options.registry.cloned().unwrap_or_else(Registry::builtin);
                diags.extend(analyze(loaded, &registry, options.profile).diags);
            }
            result.report = Report::new(diags).locate(config_text);
            result.finish()
        }
    }
}

/// Applies a typed configuration to a source object. Configuration
/// diagnostics carry pointers in scimkit's format and no spans.
pub fn apply(config: &MappingConfig, source: &Json, options: &ApplyOptions<'_>) -> ApplyResult {
    apply_many(config, std::iter::once(source), options)
        .pop()
        .unwrap_or_else(|| ApplyResult::empty(options).finish())
}

/// Applies a typed configuration to many source objects, one result each, in
/// order. The configuration is checked and compiled once, so this is the way
/// to simulate a whole directory; each result is what [`apply`] would return.
pub fn apply_many<'s>(
    config: &MappingConfig,
    sources: impl IntoIterator<Item = &'s Json>,
    options: &ApplyOptions<'_>,
) -> Vec<ApplyResult> {
    let loaded = Loaded::typed(config.clone());
    apply_loaded(&loaded, sources, options, Vec::new())
        .into_iter()
        .map(ApplyResult::finish)
        .collect()
}

/// One mapping's result for this run.
struct Produced<'x, 'c, 'r> {
    c: &'x Compiled<'c, 'r>,
    /// The value before conversion to the target's type.
    value: Option<Json>,
    note: Option<String>,
    /// Whether it takes part in this operation (create-only mappings do not
    /// on update).
    active: bool,
}

struct Run<'a, 'l> {
    loaded: &'a Loaded<'l>,
    options: &'a ApplyOptions<'a>,
    idp: IdentityProvider,
    object: ObjectType,
    console: Console,
    validator: Validator,
    requests: Vec<Request>,
    lookups: Vec<Lookup>,
    trace: Vec<TraceEntry>,
    diags: Vec<Diagnostic>,
}

/// Analyses the configuration once, then runs it on every source.
fn apply_loaded<'s>(
    loaded: &Loaded<'_>,
    sources: impl IntoIterator<Item = &'s Json>,
    options: &ApplyOptions<'_>,
    mut diags: Vec<Diagnostic>,
) -> Vec<ApplyResult> {
    let registry = options.registry.cloned().unwrap_or_else(Registry::builtin);
    let analysis = analyze(loaded, &registry, options.profile);
    // Findings about the other object type's mappings are left to `check`.
    let other = match options.object {
        ObjectType::User => &loaded.origins.groups.object,
        ObjectType::Group => &loaded.origins.users.object,
    };
    diags.extend(
        analysis
            .diags
            .iter()
            .filter(|d| other.is_empty() || !d.path.starts_with(other.as_str()))
            .cloned(),
    );
    let compiled = analysis.object(options.object);
    sources
        .into_iter()
        .map(|source| apply_one(loaded, compiled, &registry, source, options, diags.clone()))
        .collect()
}

/// One source object through an analysed configuration.
fn apply_one(
    loaded: &Loaded<'_>,
    compiled: Option<&CompiledObject<'_, '_>>,
    registry: &Registry,
    source: &Json,
    options: &ApplyOptions<'_>,
    diags: Vec<Diagnostic>,
) -> ApplyResult {
    let config = &loaded.config;
    let idp = config.identity_provider;
    let mut result = ApplyResult::empty(options);
    result.identity_provider = Some(idp);
    if !source.is_object() {
        result.report = Report::new(diags);
        result.source_report = Report::new(vec![Diagnostic::new(
            Code::MappingInvalid,
            "",
            "the sample source object must be a JSON object of attributes",
        )]);
        return result;
    }
    let object = options.object;
    let mut run = Run {
        loaded,
        options,
        idp,
        object,
        console: Console::new(config, object),
        validator: Validator::new(registry.clone()),
        requests: Vec::new(),
        lookups: Vec::new(),
        trace: Vec::new(),
        diags,
    };
    match (config.object(object), compiled) {
        (Some(om), Some(compiled)) if om.enabled => run.object(compiled, source),
        (Some(_), _) => run.diags.push(
            loaded
                .at_pointer(
                    Code::MappingInvalid,
                    &loaded.origins.object(object).object,
                    None,
                    format!(
                        "{} provisioning is disabled in this configuration, so nothing is sent",
                        object.resource_type()
                    ),
                )
                .with_severity(Severity::Info),
        ),
        (None, _) => run.diags.push(loaded.at_pointer(
            Code::MappingRequiredUnmapped,
            "",
            None,
            format!(
                "the configuration has no \"{}\" mappings to apply to the sample {}",
                object.key(),
                object.resource_type().to_lowercase()
            ),
        )),
    }
    run.explain();
    result.requests = run.requests;
    result.lookups = run.lookups;
    result.trace = run.trace;
    result.report = Report::new(run.diags);
    result
}

impl Run<'_, '_> {
    fn endpoint(&self, compiled: &CompiledObject<'_, '_>) -> String {
        compiled.rt.map_or_else(
            || format!("/{}s", self.object.resource_type()),
            |rt| rt.endpoint.clone(),
        )
    }

    /// `{endpoint}/{id}`, the id percent-encoded as one path segment: an id
    /// given by the caller (or read from a log) cannot add segments, a query
    /// or a fragment.
    fn resource_path(&self, endpoint: &str) -> String {
        format!(
            "{endpoint}/{}",
            crate::encode::path_segment(&self.resource_id())
        )
    }

    fn dialect(&self) -> Dialect {
        self.idp.dialect()
    }

    fn resource_id(&self) -> String {
        if let Some(id) = self.options.resource_id {
            return id.to_string();
        }
        if let Some(id) = self
            .options
            .current
            .and_then(|c| c.get("id"))
            .and_then(Json::as_str)
        {
            return id.to_string();
        }
        let mut rng = Rng::new(self.options.env.seed ^ 0x5C1A_C0DE);
        let a = rng.next_u64();
        let b = rng.next_u64();
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xFFFF,
            a & 0x0FFF,
            ((b >> 48) & 0x3FFF) | 0x8000,
            b & 0xFFFF_FFFF_FFFF
        )
    }

    fn object(&mut self, compiled: &CompiledObject<'_, '_>, source: &Json) {
        let op = self.options.operation;
        let mut input = profile_of(self.idp, source).clone();
        if self.idp == IdentityProvider::Entra && op == Operation::Deactivate {
            // Unassignment, soft delete, disabling or leaving scope all make
            // IsSoftDeleted true (idp-facts §1.7).
            if let Some(map) = input.as_object_mut() {
                map.retain(|k, _| !k.eq_ignore_ascii_case("IsSoftDeleted"));
                map.insert("IsSoftDeleted".into(), Json::from("True"));
            }
        }
        let create = op == Operation::Create;
        if create && self.idp == IdentityProvider::Entra && self.object == ObjectType::User {
            self.disabled_user_warning(&input);
        }
        let mut produced = Vec::with_capacity(compiled.mappings.len());
        for c in &compiled.mappings {
            let active = create || c.mapping.apply == super::config::Apply::Always;
            let ev = evaluate(c, self.idp, &input, &self.options.env, create);
            for w in ev.warnings {
                let moved = relocate_expression(self.loaded, self.object, c, w);
                self.diags.push(moved);
            }
            let (value, note) = match ev.outcome {
                Outcome::Value(v) => (Some(v), ev.note),
                Outcome::Null | Outcome::Omitted => {
                    if active && !matches!(c.kind, Some(MappingType::None)) {
                        let msg = ev.note.clone().unwrap_or_else(|| "no value".into());
                        let d = relocate_expression(
                            self.loaded,
                            self.object,
                            c,
                            Diagnostic::new(
                                Code::MappingEmptySource,
                                "",
                                format!("`{}`: {msg}", c.target),
                            ),
                        );
                        self.diags.push(d);
                    }
                    (None, ev.note)
                }
                Outcome::Failed(report) => {
                    for d in report.diagnostics {
                        let moved = relocate_expression(self.loaded, self.object, c, d);
                        self.diags.push(moved);
                    }
                    (
                        None,
                        Some("the expression failed for this user: not sent".into()),
                    )
                }
            };
            let note = if active {
                note
            } else {
                Some("applies only when the object is created: not sent on this operation".into())
            };
            produced.push(Produced {
                c,
                value,
                note,
                active,
            });
        }
        match (self.idp, op) {
            (_, Operation::Create) => self.create(compiled, &produced, source),
            (IdentityProvider::Entra, Operation::Update) => {
                self.entra_patch(compiled, &produced, false)
            }
            (IdentityProvider::Entra, Operation::Deactivate) => {
                self.entra_patch(compiled, &produced, true)
            }
            (IdentityProvider::Okta, Operation::Update) => {
                self.okta_update(compiled, &produced, source, false)
            }
            (IdentityProvider::Okta, Operation::Deactivate) => {
                self.okta_update(compiled, &produced, source, true)
            }
            (_, Operation::Delete) => self.delete(compiled),
        }
        // Mappings that produced nothing still get a trace line.
        for p in &produced {
            if !self.trace.iter().any(|t| t.mapping == Some(p.c.index)) {
                self.trace_mapping(p, None, None, None);
            }
        }
        crate::order::sort_stable_by_key(&mut self.trace, |t| t.mapping.unwrap_or(usize::MAX));
    }

    /// Entra ID does not provision a user who is disabled or soft-deleted
    /// (idp-facts §1.7).
    fn disabled_user_warning(&mut self, input: &Json) {
        let soft_deleted = super::entra::Expression::parse("[IsSoftDeleted]")
            .ok()
            .and_then(|e| e.evaluate(input, &self.options.env).ok())
            .is_some_and(|o| o == super::entra::Outcome::Value(super::entra::Value::bool(true)));
        if soft_deleted {
            self.diags.push(
                self.loaded
                    .at_pointer(
                        Code::MappingInvalid,
                        &self.loaded.origins.object(self.object).object,
                        None,
                        "the sample user is disabled (accountEnabled false) or soft-deleted: Entra ID does not provision disabled users, so it would not send this create (shown for inspection)",
                    )
                    .with_severity(Severity::Warning),
            );
        }
    }

    fn trace_mapping(
        &mut self,
        p: &Produced<'_, '_, '_>,
        value: Option<Json>,
        request: Option<usize>,
        pointer: Option<String>,
    ) {
        let c = p.c;
        let expression = match &c.program {
            Program::Entra(e) => Some(e.to_string()),
            Program::Okta(e) => Some(e.to_string()),
            Program::AppUsername(f) => Some(f.template()),
            Program::Constant(v) => Some(format!("\"{v}\"")),
            Program::Nothing => None,
        };
        let from = match (c.kind, &c.program) {
            (Some(MappingType::Direct), _) => c.direct_source().unwrap_or_default().to_string(),
            (Some(MappingType::AppUsername), Program::AppUsername(f)) => {
                format!("{} ({})", f.label(), f.template())
            }
            (Some(MappingType::Constant), _) => {
                format!(
                    "\"{}\" (constant)",
                    c.mapping.value.as_deref().unwrap_or_default()
                )
            }
            (Some(MappingType::None), _) => "None".to_string(),
            _ => expression.clone().unwrap_or_default(),
        };
        let summary = match (&value, &p.note) {
            (Some(v), _) => format!("{} ← {from} = {v}", c.target),
            (None, Some(note)) => format!("{} ← {from}: {note}", c.target),
            (None, None) => format!("{} ← {from}: not sent", c.target),
        };
        let config_pointer = self
            .loaded
            .origins
            .mapping(self.object, c.index)
            .map(|o| o.base.clone());
        self.trace.push(TraceEntry {
            target: c.target.clone(),
            mapping: Some(c.index),
            config_pointer,
            mapping_type: c.kind,
            expression,
            value,
            request,
            pointer,
            note: p.note.clone(),
            summary,
        });
    }

    fn trace_implicit(
        &mut self,
        target: &str,
        value: Json,
        request: usize,
        pointer: String,
        note: &str,
    ) {
        self.trace.push(TraceEntry {
            target: target.to_string(),
            mapping: None,
            config_pointer: None,
            mapping_type: None,
            expression: None,
            summary: format!("{target} = {value} ({note})"),
            value: Some(value),
            request: Some(request),
            pointer: Some(pointer),
            note: Some(note.to_string()),
        });
    }

    fn by(&self) -> &'static str {
        match self.idp {
            IdentityProvider::Entra => "added by Entra ID",
            IdentityProvider::Okta => "added by Okta",
        }
    }

    /// The matching lookups, then the POST (and, for groups, the members).
    fn create(
        &mut self,
        compiled: &CompiledObject<'_, '_>,
        produced: &[Produced<'_, '_, '_>],
        source: &Json,
    ) {
        let endpoint = self.endpoint(compiled);
        // Okta pushes groups without a lookup.
        let looks_up = !(self.idp == IdentityProvider::Okta && self.object == ObjectType::Group);
        if looks_up && !self.lookups(compiled, produced, &endpoint) {
            return;
        }
        let group = self.object == ObjectType::Group;
        let mut body = Map::new();
        let schemas = self.create_schemas(compiled, produced);
        body.insert("schemas".into(), schemas.clone());
        let index = self.requests.len();
        let mut placed = Vec::new();
        let mut members = None;
        for p in produced {
            let (Some(value), Some(attr)) = (&p.value, p.c.attr) else {
                continue;
            };
            if group && attr.attribute.name.eq_ignore_ascii_case("members") {
                members = Some((p, coerce(value, &attr, Style::Resource)));
                continue;
            }
            let v = coerce(value, &attr, Style::Resource);
            let pointer = place(
                &mut body,
                p.c,
                v.clone(),
                Place {
                    entra_primary_work_email: self.idp == IdentityProvider::Entra,
                },
            );
            placed.push((p, v, pointer));
        }
        for (p, v, pointer) in placed {
            self.trace_mapping(p, Some(v), Some(index), pointer);
        }
        self.trace_implicit("schemas", schemas, index, "/schemas".into(), self.by());
        self.create_extras(&mut body, source, index, group, members.is_some());
        let purpose = format!("create the {}", self.object.resource_type().to_lowercase());
        let mut request = Request::new(Method::Post, endpoint.clone(), purpose);
        request.body = Some(Json::Object(body));
        self.validate(&mut request, compiled, Context::Create);
        self.requests.push(request);
        if let Some((p, value)) = members {
            self.members_after_create(compiled, p, value, &endpoint);
        }
    }

    /// `schemas` of a create: Entra sends core + enterprise for users (even
    /// without enterprise data) and never a custom extension's URN; Okta
    /// sends core plus the extensions it writes.
    fn create_schemas(
        &self,
        compiled: &CompiledObject<'_, '_>,
        produced: &[Produced<'_, '_, '_>],
    ) -> Json {
        let core = compiled.rt.map_or(
            match self.object {
                ObjectType::User => uri::USER,
                ObjectType::Group => uri::GROUP,
            },
            |rt| rt.schema.as_str(),
        );
        let mut schemas = vec![Json::from(core)];
        match self.idp {
            IdentityProvider::Entra if self.object == ObjectType::User => {
                schemas.push(Json::from(uri::ENTERPRISE_USER));
            }
            IdentityProvider::Entra => {}
            IdentityProvider::Okta => {
                for p in produced.iter().filter(|p| p.value.is_some()) {
                    if let (Some(ext), Some(path)) = (p.c.attr.and_then(|a| a.extension), &p.c.path)
                    {
                        let written = path
                            .attribute
                            .uri
                            .clone()
                            .unwrap_or_else(|| ext.to_string());
                        if !schemas
                            .iter()
                            .any(|s| s.as_str().is_some_and(|s| s.eq_ignore_ascii_case(&written)))
                        {
                            schemas.push(Json::from(written));
                        }
                    }
                }
            }
        }
        Json::Array(schemas)
    }

    /// What the identity provider adds to a create body by itself.
    fn create_extras(
        &mut self,
        body: &mut Map<String, Json>,
        source: &Json,
        index: usize,
        group: bool,
        has_members: bool,
    ) {
        let by = self.by();
        let mut add = |run: &mut Self, key: &str, value: Json, note: &str| {
            if body.keys().any(|k| k.eq_ignore_ascii_case(key)) {
                return;
            }
            body.insert(key.to_string(), value.clone());
            run.trace_implicit(key, value, index, format!("/{key}"), note);
        };
        match self.idp {
            IdentityProvider::Entra => {
                if !group {
                    add(
                        self,
                        "roles",
                        Json::Array(Vec::new()),
                        "added by Entra ID: an empty roles list is sent when no role is mapped",
                    );
                }
                let mut meta = Map::new();
                meta.insert(
                    "resourceType".into(),
                    Json::from(self.object.resource_type()),
                );
                add(self, "meta", Json::Object(meta), by);
                if group && has_members {
                    self.trace.push(TraceEntry {
                        target: "members".into(),
                        mapping: None,
                        config_pointer: None,
                        mapping_type: None,
                        expression: None,
                        value: None,
                        request: Some(index),
                        pointer: None,
                        note: Some("Entra ID creates groups without members and adds them with a PATCH afterwards".into()),
                        summary: "members: not in the POST; added by the next PATCH".into(),
                    });
                }
            }
            IdentityProvider::Okta => {
                if group {
                    add(self, "members", Json::Array(Vec::new()), by);
                    return;
                }
                if let Some(id) = source.get("id").and_then(Json::as_str) {
                    add(
                        self,
                        "externalId",
                        Json::from(id),
                        "added by Okta: the Okta user id",
                    );
                }
                add(self, "groups", Json::Array(Vec::new()), by);
                let password = random_password(&self.options.env);
                add(
                    self,
                    "password",
                    Json::from(password),
                    "added by Okta: a random password (the real one only with Sync Password)",
                );
                add(self, "active", Json::Bool(true), by);
            }
        }
    }

    /// The GETs by matching attribute, in precedence order. Returns whether
    /// the create can go on (some matching attribute has a value).
    fn lookups(
        &mut self,
        compiled: &CompiledObject<'_, '_>,
        produced: &[Produced<'_, '_, '_>],
        endpoint: &str,
    ) -> bool {
        let mut matching: Vec<&Produced<'_, '_, '_>> = produced
            .iter()
            .filter(|p| p.c.mapping.is_matching())
            .collect();
        if matching.is_empty() && self.idp == IdentityProvider::Okta {
            matching = produced
                .iter()
                .filter(|p| p.c.attr.is_some_and(|a| a.attribute.name == "userName"))
                .take(1)
                .collect();
        }
        crate::order::sort_stable_by_key(&mut matching, |p| {
            p.c.mapping.matching_precedence.unwrap_or(1)
        });
        let mut any = false;
        for p in &matching {
            let Some(value) = p.value.as_ref().and_then(|v| match v {
                Json::String(s) => Some(s.clone()),
                Json::Array(items) => items.first().and_then(Json::as_str).map(str::to_string),
                Json::Null => None,
                other => Some(other.to_string()),
            }) else {
                continue;
            };
            any = true;
            let filter = format!(
                "{} eq {}",
                p.c.target,
                print::comp_value(&CompValue::String(value.clone()))
            );
            let kind = self.object.resource_type().to_lowercase();
            let mut request = Request::new(
                Method::Get,
                endpoint.to_string(),
                format!(
                    "look the {kind} up by its matching attribute {}",
                    p.c.target
                ),
            );
            request = match (self.idp, self.object) {
                (IdentityProvider::Entra, ObjectType::Group) => request
                    .with_query("excludedAttributes", "members")
                    .with_query("filter", filter.clone()),
                (IdentityProvider::Okta, _) => request
                    .with_query("filter", filter.clone())
                    .with_query("startIndex", "1")
                    .with_query("count", "100"),
                _ => request.with_query("filter", filter.clone()),
            };
            let parsed = parse_filter_with(&filter, self.dialect());
            let mut diags: Vec<Diagnostic> = parsed
                .diagnostics
                .into_iter()
                .map(|mut d| {
                    d.path = "/filter".into();
                    d.span = None;
                    d
                })
                .collect();
            if let Some(profile) = self.options.profile {
                if !profile.features.filter {
                    diags.push(Diagnostic::new(
                        Code::ProfileUnsupported,
                        "/filter",
                        format!(
                            "the service provider ({}) does not support filtering, so this lookup fails",
                            profile.name
                        ),
                    ));
                }
            }
            request.report = Report::new(diags);
            self.lookups.push(Lookup {
                attribute: p.c.target.clone(),
                value,
                filter,
                precedence: p.c.mapping.matching_precedence.unwrap_or(1),
                mapping: p.c.index,
                request: self.requests.len(),
            });
            self.requests.push(request);
        }
        if !any {
            let kind = self.object.resource_type().to_lowercase();
            let list = &self.loaded.origins.object(self.object).list;
            let message = if matching.is_empty() {
                format!(
                    "no matching attribute is mapped, so the {kind} cannot be looked up and is not created"
                )
            } else {
                format!(
                    "every matching attribute is empty for this {kind}, so it cannot be looked up and is not provisioned (each {kind} needs a value for at least one matching attribute)"
                )
            };
            self.diags.push(
                self.loaded
                    .at_pointer(Code::MappingMatching, list, None, message)
                    .with_severity(Severity::Error)
                    .with_help(self.console.matching(None)),
            );
        }
        let _ = compiled;
        any
    }

    /// Entra ID creates a group without members, then PATCHes them in; Okta
    /// (OIN) PATCHes them in, AIW apps PUT the group.
    fn members_after_create(
        &mut self,
        compiled: &CompiledObject<'_, '_>,
        p: &Produced<'_, '_, '_>,
        members: Json,
        endpoint: &str,
    ) {
        let ids = member_ids(&members);
        if ids.is_empty() {
            return;
        }
        let id = self.resource_id();
        let path = self.resource_path(endpoint);
        match (self.idp, self.loaded.config.okta.integration) {
            (IdentityProvider::Okta, OktaIntegration::Aiw) => {
                let mut body = self
                    .requests
                    .last()
                    .and_then(|r| r.body.clone())
                    .and_then(|b| b.as_object().cloned())
                    .unwrap_or_default();
                body.insert("id".into(), Json::from(id.clone()));
                body.insert("members".into(), members.clone());
                let index = self.requests.len();
                let mut request = Request::new(Method::Put, path, "push the group's members");
                request.body = Some(Json::Object(body));
                self.trace_mapping(p, Some(members), Some(index), Some("/members".into()));
                self.validate(&mut request, compiled, Context::Replace);
                self.requests.push(request);
            }
            _ => {
                let compliant = self.compliant();
                let mut op = Map::new();
                op.insert("op".into(), Json::from(self.op_name("add", compliant)));
                op.insert("path".into(), Json::from("members"));
                op.insert("value".into(), members_value(&ids, self.idp));
                let value = op.get("value").cloned();
                let index = self.requests.len();
                let mut request = Request::new(Method::Patch, path, "add the group's members");
                request.body = Some(patch_body(vec![Json::Object(op)]));
                self.trace_mapping(p, value, Some(index), Some("/Operations/0/value".into()));
                self.validate_patch(&mut request, compiled);
                self.requests.push(request);
            }
        }
    }

    fn compliant(&self) -> bool {
        self.idp == IdentityProvider::Okta || self.loaded.config.entra.aad_optscim062020
    }

    /// `Add`/`Replace`/`Remove` as Entra writes them without the flag.
    fn op_name(&self, op: &str, compliant: bool) -> String {
        if compliant {
            op.to_string()
        } else {
            let mut chars = op.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        }
    }

    /// Entra ID's PATCH: one operation per attribute (capitalised op names,
    /// string booleans), or with `aadOptscim062020` one path-less replace of
    /// the single-valued attributes keyed by path plus one operation per
    /// filtered attribute. `deactivate` sends only what the `active` mapping
    /// yields once IsSoftDeleted is true.
    fn entra_patch(
        &mut self,
        compiled: &CompiledObject<'_, '_>,
        produced: &[Produced<'_, '_, '_>],
        deactivate: bool,
    ) {
        let compliant = self.compliant();
        let style = if compliant {
            Style::EntraPatchCompliant
        } else {
            Style::EntraPatch
        };
        let group = self.object == ObjectType::Group;
        if deactivate && group {
            self.diags.push(
                self.loaded
                    .at_pointer(
                        Code::MappingInvalid,
                        &self.loaded.origins.object(self.object).object,
                        None,
                        "Entra ID does not deactivate groups: a group that leaves scope is deleted (operation \"delete\")",
                    )
                    .with_severity(Severity::Info),
            );
            return;
        }
        let current = self.options.current;
        let mut merged = Map::new();
        let mut merged_from: Vec<(&Produced<'_, '_, '_>, Json, &str)> = Vec::new();
        let mut ops: Vec<PatchOp<'_, '_, '_, '_>> = Vec::new();
        let mut unchanged = Vec::new();
        for p in produced.iter().filter(|p| p.active) {
            let Some(attr) = p.c.attr else { continue };
            if group && attr.attribute.name.eq_ignore_ascii_case("members") {
                // An empty member list still removes the members the group has.
                let ids = p
                    .value
                    .as_ref()
                    .map(|v| member_ids(&coerce(v, &attr, Style::Resource)))
                    .unwrap_or_default();
                self.member_ops(&ids, current, compliant, p, &mut ops);
                continue;
            }
            let Some(value) = &p.value else { continue };
            if deactivate && !attr.attribute.name.eq_ignore_ascii_case("active") {
                continue;
            }
            let v = coerce(value, &attr, style);
            let existing = current.and_then(|cur| read(cur, p.c));
            if let Some(old) = &existing {
                let comparable = coerce(value, &attr, Style::Resource);
                if same_value(old, &v) || same_value(old, &comparable) {
                    unchanged.push(p);
                    continue;
                }
            }
            let op = if existing.is_none() && current.is_some() {
                "add"
            } else {
                "replace"
            };
            let single = p.c.path.as_ref().is_some_and(|path| path.filter.is_none())
                && attr.leaf.kind != crate::schema::AttributeType::Complex;
            if compliant && single {
                merged_from.push((p, v, op));
            } else {
                let mut o = Map::new();
                o.insert("op".into(), Json::from(self.op_name(op, compliant)));
                o.insert("path".into(), Json::from(p.c.target.clone()));
                o.insert("value".into(), v.clone());
                ops.push((Some(p), Json::Object(o), Some((v, "value"))));
            }
        }
        let mut operations = Vec::new();
        let index = self.requests.len();
        let mut traced = Vec::new();
        // With the flag, several single-valued changes share one path-less
        // replace keyed by path (idp-facts §3.4); a lone change keeps its
        // path, as the documented disable `{"op":"replace","path":"active","value":false}`.
        if merged_from.len() >= 2 {
            for (p, v, _) in merged_from {
                let key = p.c.target.clone();
                let pointer = format!(
                    "/Operations/0/value/{}",
                    crate::diagnostics::escape_pointer_token(&key)
                );
                merged.insert(key, v.clone());
                traced.push((p, v, pointer));
            }
            let mut o = Map::new();
            o.insert("op".into(), Json::from("replace"));
            o.insert("value".into(), Json::Object(merged));
            operations.push(Json::Object(o));
        } else {
            for (p, v, op) in merged_from {
                let mut o = Map::new();
                o.insert("op".into(), Json::from(op));
                o.insert("path".into(), Json::from(p.c.target.clone()));
                o.insert("value".into(), v.clone());
                ops.insert(0, (Some(p), Json::Object(o), Some((v, "value"))));
            }
        }
        for (p, op, v) in ops {
            let i = operations.len();
            if let (Some(p), Some((v, field))) = (p, v) {
                traced.push((p, v, format!("/Operations/{i}/{field}")));
            }
            operations.push(op);
        }
        for (p, v, pointer) in traced {
            self.trace_mapping(p, Some(v), Some(index), Some(pointer));
        }
        for p in unchanged {
            let mut note = p.note.clone();
            note.get_or_insert_with(|| "unchanged at the service provider: not sent".into());
            let q = Produced {
                c: p.c,
                value: None,
                note,
                active: p.active,
            };
            self.trace_mapping(&q, None, None, None);
        }
        let kind = self.object.resource_type().to_lowercase();
        if operations.is_empty() {
            let message = if deactivate {
                "no `active` mapping yields a value once IsSoftDeleted is True, so Entra ID sends nothing when this user is disabled or unassigned".to_string()
            } else {
                format!(
                    "nothing to update: no mapped value differs from the {kind} at the service provider"
                )
            };
            let mut d = self.loaded.at_pointer(
                Code::MappingEmptySource,
                &self.loaded.origins.object(self.object).list,
                None,
                message,
            );
            if deactivate {
                d.severity = Severity::Warning;
                d.help = Some(format!(
                    "keep the default mapping Switch([IsSoftDeleted], , \"False\", \"True\", \"True\", \"False\") → active in {}",
                    self.console.mappings()
                ));
            }
            self.diags.push(d);
            return;
        }
        let purpose = if deactivate {
            format!("deactivate the {kind} (active false)")
        } else {
            format!("update the {kind}")
        };
        let path = self.resource_path(&self.endpoint(compiled));
        let mut request = Request::new(Method::Patch, path, purpose);
        request.body = Some(patch_body(operations));
        self.validate_patch(&mut request, compiled);
        self.requests.push(request);
    }

    /// Group membership changes as PATCH operations.
    fn member_ops<'p, 'x, 'c, 'r>(
        &self,
        ids: &[String],
        current: Option<&Json>,
        compliant: bool,
        p: &'p Produced<'x, 'c, 'r>,
        ops: &mut Vec<PatchOp<'p, 'x, 'c, 'r>>,
    ) {
        let existing: Vec<String> = current
            .and_then(|c| c.get("members"))
            .map(member_ids)
            .unwrap_or_default();
        // Sets, so that large groups stay linear.
        let had: HashSet<&String> = existing.iter().collect();
        let has: HashSet<&String> = ids.iter().collect();
        let added: Vec<String> = ids.iter().filter(|i| !had.contains(i)).cloned().collect();
        let removed: Vec<String> = existing
            .iter()
            .filter(|e| !has.contains(e))
            .cloned()
            .collect();
        if !removed.is_empty() {
            if compliant {
                for id in &removed {
                    let mut o = Map::new();
                    o.insert("op".into(), Json::from("remove"));
                    let path = Json::from(format!(
                        "members[value eq {}]",
                        print::comp_value(&CompValue::String(id.clone()))
                    ));
                    o.insert("path".into(), path.clone());
                    ops.push((Some(p), Json::Object(o), Some((path, "path"))));
                }
            } else {
                let mut o = Map::new();
                let value = members_value(&removed, self.idp);
                o.insert("op".into(), Json::from("Remove"));
                o.insert("path".into(), Json::from("members"));
                o.insert("value".into(), value.clone());
                ops.push((Some(p), Json::Object(o), Some((value, "value"))));
            }
        }
        if !added.is_empty() {
            let value = members_value(&added, self.idp);
            let mut o = Map::new();
            o.insert("op".into(), Json::from(self.op_name("add", compliant)));
            o.insert("path".into(), Json::from("members"));
            o.insert("value".into(), value.clone());
            ops.push((Some(p), Json::Object(o), Some((value, "value"))));
        }
    }

    /// Okta: GET the resource, then PUT it with the changed attributes (both
    /// AIW and OIN apps update profiles with PUT). Deactivation is a PATCH
    /// `{"op": "replace", "value": {"active": false}}` for OIN apps and a PUT
    /// with `"active": false` for AIW apps.
    fn okta_update(
        &mut self,
        compiled: &CompiledObject<'_, '_>,
        produced: &[Produced<'_, '_, '_>],
        source: &Json,
        deactivate: bool,
    ) {
        let endpoint = self.endpoint(compiled);
        let id = self.resource_id();
        let path = self.resource_path(&endpoint);
        let kind = self.object.resource_type().to_lowercase();
        let oin = self.loaded.config.okta.integration == OktaIntegration::Oin;
        if deactivate && self.object == ObjectType::Group {
            self.diags.push(
                self.loaded
                    .at_pointer(
                        Code::MappingInvalid,
                        &self.loaded.origins.object(self.object).object,
                        None,
                        "Okta does not deactivate pushed groups; unlinking a pushed group can delete it (operation \"delete\")",
                    )
                    .with_severity(Severity::Info),
            );
            return;
        }
        if oin && self.object == ObjectType::Group {
            self.okta_group_patch(compiled, produced, &path, &id);
            return;
        }
        if deactivate && oin {
            let mut value = Map::new();
            value.insert("active".into(), Json::Bool(false));
            let mut op = Map::new();
            op.insert("op".into(), Json::from("replace"));
            op.insert("value".into(), Json::Object(value));
            let mut request = Request::new(Method::Patch, path, format!("deactivate the {kind}"));
            request.body = Some(patch_body(vec![Json::Object(op)]));
            let index = self.requests.len();
            self.trace_implicit(
                "active",
                Json::Bool(false),
                index,
                "/Operations/0/value/active".into(),
                "added by Okta: deactivation",
            );
            self.validate_patch(&mut request, compiled);
            self.requests.push(request);
            return;
        }
        // The resource Okta reads first, then modifies.
        let mut body = match self.options.current.and_then(Json::as_object) {
            Some(current) => current.clone(),
            None => {
                let mut stored = Map::new();
                let schemas = self.create_schemas(compiled, produced);
                stored.insert("schemas".into(), schemas);
                stored.insert("id".into(), Json::from(id.clone()));
                for p in produced {
                    if let (Some(v), Some(attr)) = (&p.value, p.c.attr) {
                        let v = coerce(v, &attr, Style::Resource);
                        place(&mut stored, p.c, v, Place::default());
                    }
                }
                if self.object == ObjectType::User {
                    if let Some(okta_id) = source.get("id").and_then(Json::as_str) {
                        stored
                            .entry("externalId".to_string())
                            .or_insert_with(|| Json::from(okta_id));
                    }
                    stored.insert("active".into(), Json::Bool(true));
                    stored.insert("groups".into(), Json::Array(Vec::new()));
                }
                let mut meta = Map::new();
                meta.insert(
                    "resourceType".into(),
                    Json::from(self.object.resource_type()),
                );
                stored.insert("meta".into(), Json::Object(meta));
                stored
            }
        };
        let get = Request::new(
            Method::Get,
            path.clone(),
            format!("read the {kind} before updating it"),
        );
        self.requests.push(get);
        let index = self.requests.len();
        let mut placed = Vec::new();
        for p in produced.iter().filter(|p| p.active) {
            let (Some(value), Some(attr)) = (&p.value, p.c.attr) else {
                continue;
            };
            if deactivate {
                continue;
            }
            let v = coerce(value, &attr, Style::Resource);
            let pointer = place(&mut body, p.c, v.clone(), Place::default());
            placed.push((p, v, pointer));
        }
        for (p, v, pointer) in placed {
            self.trace_mapping(p, Some(v), Some(index), pointer);
        }
        // The extensions written are listed in `schemas`, as in a create.
        if let Json::Array(wanted) = self.create_schemas(compiled, produced) {
            let listed = body
                .entry("schemas".to_string())
                .or_insert_with(|| Json::Array(Vec::new()));
            if let Json::Array(listed) = listed {
                for uri in wanted {
                    let known = listed.iter().any(|l| {
                        l.as_str()
                            .zip(uri.as_str())
                            .is_some_and(|(a, b)| a.eq_ignore_ascii_case(b))
                    });
                    if !known {
                        listed.push(uri);
                    }
                }
            }
        }
        if self.object == ObjectType::User {
            let active = !deactivate;
            body.insert("active".into(), Json::Bool(active));
            if deactivate {
                self.trace_implicit(
                    "active",
                    Json::Bool(false),
                    index,
                    "/active".into(),
                    "added by Okta: deactivation (AIW apps send a PUT)",
                );
            }
        }
        let purpose = if deactivate {
            format!("deactivate the {kind} (PUT with active false)")
        } else {
            format!("update the {kind}")
        };
        let mut request = Request::new(Method::Put, path, purpose);
        request.body = Some(Json::Object(body));
        self.validate(&mut request, compiled, Context::Replace);
        self.requests.push(request);
    }

    /// Okta OIN apps update a pushed group with PATCH: a path-less replace
    /// of `id` and `displayName` (sent with every membership change), then
    /// the membership changes.
    fn okta_group_patch(
        &mut self,
        compiled: &CompiledObject<'_, '_>,
        produced: &[Produced<'_, '_, '_>],
        path: &str,
        id: &str,
    ) {
        let mut value = Map::new();
        value.insert("id".into(), Json::from(id));
        let mut ops: Vec<PatchOp<'_, '_, '_, '_>> = Vec::new();
        let mut traced = Vec::new();
        for p in produced.iter().filter(|p| p.active) {
            let Some(attr) = p.c.attr else { continue };
            if attr.attribute.name.eq_ignore_ascii_case("members") {
                let ids = p
                    .value
                    .as_ref()
                    .map(|v| member_ids(&coerce(v, &attr, Style::Resource)))
                    .unwrap_or_default();
                self.member_ops(&ids, self.options.current, true, p, &mut ops);
            } else if let Some(v) = &p.value {
                let v = coerce(v, &attr, Style::Resource);
                let key = p.c.target.clone();
                traced.push((
                    p,
                    v.clone(),
                    format!(
                        "/Operations/0/value/{}",
                        crate::diagnostics::escape_pointer_token(&key)
                    ),
                ));
                value.insert(key, v);
            }
        }
        let mut replace = Map::new();
        replace.insert("op".into(), Json::from("replace"));
        replace.insert("value".into(), Json::Object(value));
        let mut operations = vec![Json::Object(replace)];
        for (p, op, v) in ops {
            let i = operations.len();
            if let (Some(p), Some((v, field))) = (p, v) {
                traced.push((p, v, format!("/Operations/{i}/{field}")));
            }
            operations.push(op);
        }
        let index = self.requests.len();
        for (p, v, pointer) in traced {
            self.trace_mapping(p, Some(v), Some(index), Some(pointer));
        }
        let mut request = Request::new(Method::Patch, path.to_string(), "update the group");
        request.body = Some(patch_body(operations));
        self.validate_patch(&mut request, compiled);
        self.requests.push(request);
    }

    fn delete(&mut self, compiled: &CompiledObject<'_, '_>) {
        if self.idp == IdentityProvider::Okta && self.object == ObjectType::User {
            self.diags.push(
                self.loaded
                    .at_pointer(
                        Code::MappingInvalid,
                        "",
                        None,
                        "Okta never sends DELETE /Users: deleting a user in Okta sends nothing (it was deactivated before)",
                    )
                    .with_severity(Severity::Info),
            );
            return;
        }
        let path = self.resource_path(&self.endpoint(compiled));
        let purpose = format!("delete the {}", self.object.resource_type().to_lowercase());
        self.requests
            .push(Request::new(Method::Delete, path, purpose));
    }

    fn validate(&self, request: &mut Request, compiled: &CompiledObject<'_, '_>, context: Context) {
        let Some(body) = &request.body else { return };
        let mut options =
            ValidateOptions::new(context).with_resource_type(self.object.resource_type());
        if let Some(profile) = self.options.profile {
            options = options.with_profile(profile);
        }
        let _ = compiled;
        request.report = self.validator.validate_value(body, &options);
    }

    fn validate_patch(&self, request: &mut Request, compiled: &CompiledObject<'_, '_>) {
        let Some(body) = &request.body else { return };
        let _ = compiled;
        let text = body.to_string();
        let registry = self.validator.registry();
        let rt = self.object.resource_type();
        let mut report = crate::patch::check_patch(registry, &text, Some(rt), self.dialect());
        if let (Some(profile), Ok(root)) = (self.options.profile, crate::json::parse(&text)) {
            let mut diags = Vec::new();
            profile.check_document(registry, &root, Context::Patch, Some(rt), &mut diags);
            report = report.merge(Report::new(diags));
        }
        for d in &mut report.diagnostics {
            d.span = None;
        }
        request.report = report;
    }

    /// Adds to each request diagnostic the mapping its value came from, and
    /// what to change in the console.
    fn explain(&mut self) {
        let loaded = self.loaded;
        let object = self.object;
        let Some(om) = loaded.config.object(object) else {
            return;
        };
        for (i, request) in self.requests.iter_mut().enumerate() {
            // Quirks are about what the service provider must accept, not
            // about the mapping.
            for d in request.report.diagnostics.iter_mut().filter(|d| {
                !d.code.as_str().starts_with("quirk-")
                    && !matches!(
                        d.code,
                        Code::SchemasMissingExtension
                            | Code::SchemasUnusedExtension
                            | Code::SchemasMissing
                            | Code::SchemasMissingCore
                    )
            }) {
                let entry = self
                    .trace
                    .iter()
                    .filter(|t| t.request == Some(i) && t.mapping.is_some())
                    .filter_map(|t| {
                        let p = t.pointer.as_deref()?;
                        let hit = d.path == p
                            || d.path.starts_with(&format!("{p}/"))
                            || p.starts_with(&format!("{}/", d.path));
                        hit.then_some((p.len(), t))
                    })
                    .max_by_key(|(len, _)| *len)
                    .map(|(_, t)| t)
                    .or_else(|| {
                        // A required attribute that was not sent.
                        let top = d.path.trim_start_matches('/').split('/').next()?;
                        self.trace.iter().find(|t| {
                            t.mapping.is_some()
                                && t.value.is_none()
                                && t.target.eq_ignore_ascii_case(top)
                        })
                    });
                let Some(t) = entry else { continue };
                let Some(m) = t.mapping.and_then(|m| om.mappings.get(m)) else {
                    continue;
                };
                let with_at = d.code == Code::ProfilePattern
                    && t.value
                        .as_ref()
                        .and_then(Json::as_str)
                        .is_some_and(|v| v.contains('@'));
                let why = format!(
                    "the value comes from mapping {} ({}); {}",
                    t.mapping.unwrap_or_default(),
                    t.summary,
                    self.console.change_source(m, with_at)
                );
                // A profile's advice for every identity provider gives way
                // to this one's; other advice (on SCIM itself) is kept.
                d.help = Some(match d.help.take() {
                    Some(h) if !h.contains("Entra") && !h.contains("Okta") => {
                        format!("{h} — {why}")
                    }
                    _ => why,
                });
            }
        }
    }
}

/// A PATCH operation being built: the mapping it comes from, the operation,
/// and the value to trace with the member of the operation holding it.
type PatchOp<'p, 'x, 'c, 'r> = (
    Option<&'p Produced<'x, 'c, 'r>>,
    Json,
    Option<(Json, &'static str)>,
);

/// The member ids in a members value (`["id"]` or `[{"value": "id"}]`).
fn member_ids(members: &Json) -> Vec<String> {
    members
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|m| match m {
                    Json::String(s) => Some(s.clone()),
                    Json::Object(o) => o.get("value").and_then(Json::as_str).map(str::to_string),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Members as a PATCH value: Entra writes `{"$ref": null, "value": id}`
/// (idp-facts §3.6), Okta `{"value": id}`.
fn members_value(ids: &[String], idp: IdentityProvider) -> Json {
    Json::Array(
        ids.iter()
            .map(|id| {
                let mut m = Map::new();
                if idp == IdentityProvider::Entra {
                    m.insert("$ref".into(), Json::Null);
                }
                m.insert("value".into(), Json::from(id.clone()));
                Json::Object(m)
            })
            .collect(),
    )
}

fn patch_body(operations: Vec<Json>) -> Json {
    let mut body = Map::new();
    body.insert(
        "schemas".into(),
        Json::Array(vec![Json::from(uri::PATCH_OP)]),
    );
    body.insert("Operations".into(), Json::Array(operations));
    Json::Object(body)
}

/// Okta's create password: random unless Sync Password is on; 8 lower-case
/// letters and digits like the documented `1mz050nq`, from the seed.
fn random_password(env: &Environment) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = Rng::new(env.seed ^ 0x0C7A_7A55);
    (0..8)
        .map(|_| {
            ALPHABET
                .get(rng.below(ALPHABET.len()))
                .map_or('x', |b| char::from(*b))
        })
        .collect()
}
