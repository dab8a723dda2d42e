//! The DTO layer of the npm package: plain Rust, unit-tested natively and
//! shared with the playground, so the playground shows exactly what npm users
//! get. Each function parses its input, calls one core function and returns a
//! serializable result; the `#[wasm_bindgen]` exports in `lib.rs` only turn
//! these into JSON text.
//!
//! Inputs arrive as JSON text. A caller that had a JavaScript object
//! stringifies it and says so (`from_object`): spans into text the caller
//! never saw would mislead, so they are dropped. Positions are UTF-16
//! offsets by default (JavaScript strings and editors), or bytes on request,
//! which is what the CLI prints.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use scimkit::detect::{ExplainOptions, Explanation};
use scimkit::dialect::Dialect;
use scimkit::filter::{Filter, Trace, parse_filter_text, parse_filter_with, print};
use scimkit::logs::LogExplanation;
use scimkit::mapping::{ApplyResult, Environment, ObjectType, Operation};
use scimkit::patch::Change;
use scimkit::profile::Profile;
use scimkit::schema::Registry;
use scimkit::validate::{Assumed, Context};
use scimkit::workspace::{MappingRequest, ValidateRequest, Workspace, WorkspaceError};
use scimkit::{Diagnostic, Report, Utf16Index};

/// A failure that is the caller's, not the input's: a bad option value, a
/// filter that does not parse where one is required, an unknown profile.
/// Thrown in JavaScript as `ScimkitError` with this `code`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiError {
    /// A stable code: `invalid-option`, `unknown-profile`, `filter-syntax`, …
    pub code: String,
    /// What to fix.
    pub message: String,
    /// Diagnostics behind the error, when there are some (a filter's syntax errors).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
}

impl ApiError {
    pub(crate) fn new(code: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            code: code.to_string(),
            message: message.into(),
            diagnostics: Vec::new(),
        }
    }

    pub(crate) fn with_diagnostics(mut self, diagnostics: Vec<Diagnostic>) -> ApiError {
        self.diagnostics = diagnostics;
        self
    }
}

impl From<WorkspaceError> for ApiError {
    fn from(e: WorkspaceError) -> ApiError {
        ApiError::new(e.code, e.message).with_diagnostics(e.diagnostics)
    }
}

/// The result of every API function.
pub type ApiResult<T> = Result<T, ApiError>;

/// How positions in diagnostics are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PositionEncoding {
    /// UTF-16 code units: JavaScript string indices (the default).
    #[default]
    Utf16,
    /// UTF-8 bytes, as the CLI and the Rust crate report them.
    Utf8,
}

/// Converts a report about `text` for the caller.
fn finish(report: Report, text: &str, from_object: bool, encoding: PositionEncoding) -> Report {
    let mut report = report;
    if from_object {
        for d in &mut report.diagnostics {
            d.span = None;
        }
        report
    } else if encoding == PositionEncoding::Utf16 {
        report.to_utf16(text)
    } else {
        report
    }
}

fn option<T>(
    value: Option<&str>,
    what: &str,
    parse: impl Fn(&str) -> Option<T>,
    allowed: &str,
) -> ApiResult<Option<T>> {
    match value {
        None => Ok(None),
        Some(v) => parse(v).map(Some).ok_or_else(|| {
            ApiError::new(
                "invalid-option",
                format!("`{what}` must be one of {allowed}, found \"{v}\""),
            )
        }),
    }
}

/// The core's request for `validate` and `assumed` with `opts`.
fn validate_request(opts: &ValidateOpts) -> ApiResult<ValidateRequest<'_>> {
    let mut request = ValidateRequest::default();
    request.options = request
        .options
        .with_lenient(opts.lenient)
        .with_dialect(dialect(opts.dialect.as_deref())?)
        .with_max_diagnostics(
            opts.max_diagnostics
                .unwrap_or(scimkit::limits::DEFAULT_MAX_DIAGNOSTICS),
        );
    request.options.context = context(opts.context.as_deref())?;
    request.options.resource_type = opts.resource_type.as_deref();
    request.profile = opts.profile.as_deref();
    Ok(request)
}

fn dialect(value: Option<&str>) -> ApiResult<Dialect> {
    Ok(option(value, "dialect", Dialect::from_name, "strict, entra, okta")?.unwrap_or_default())
}

fn context(value: Option<&str>) -> ApiResult<Option<Context>> {
    option(
        value,
        "context",
        Context::from_name,
        "create, replace, patch, response, list, search, bulk, bulkResponse, error",
    )
}

/// Options of [`Session::new`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SessionOptions {
    /// Custom schema and resource-type definitions, each a JSON text (a
    /// Schema, a ResourceType, an array, or a ListResponse from /Schemas).
    #[serde(default)]
    pub schemas: Vec<String>,
    /// Custom service-provider profiles, each a JSON text.
    #[serde(default)]
    pub profiles: Vec<String>,
}

/// What loading the custom definitions found.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SetupReport {
    /// `valid` unless some definition had an error.
    pub valid: bool,
    /// One report per input, in order: `schemas` first, then `profiles`.
    pub inputs: Vec<SetupInput>,
}

/// The report of one custom definition text.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SetupInput {
    /// `schemas` or `profiles`.
    pub kind: &'static str,
    /// The index in its list.
    pub index: usize,
    /// Its diagnostics (positions in UTF-16).
    pub report: Report,
}

/// The npm `Validator`: the core's [`Workspace`] (built-in and custom
/// schemas and profiles, built once, then reused for every call), with the
/// setup report's positions in UTF-16. Each method turns the JavaScript
/// options into the workspace's typed request, makes the one workspace
/// call, and presents the result (positions in UTF-16, spans dropped for
/// inputs given as objects).
#[derive(Debug, Clone)]
pub struct Session {
    workspace: Workspace,
    setup: SetupReport,
}

impl Default for Session {
    fn default() -> Session {
        Session::builtin()
    }
}

/// Options of [`Session::validate`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ValidateOpts {
    /// The context; detected from `schemas` when absent.
    pub context: Option<String>,
    /// The resource type; taken from `schemas` when absent.
    pub resource_type: Option<String>,
    /// A profile name (built-in or given to the validator).
    pub profile: Option<String>,
    /// Unknown attributes as warnings.
    #[serde(default)]
    pub lenient: bool,
    /// `strict`, `entra` or `okta`.
    pub dialect: Option<String>,
    /// Diagnostics the report keeps (default `limits::DEFAULT_MAX_DIAGNOSTICS`).
    pub max_diagnostics: Option<usize>,
    /// `utf16` (default) or `utf8`.
    #[serde(default)]
    pub position_encoding: PositionEncoding,
}

/// Options of the filter functions.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FilterOpts {
    /// The resource type filters are checked against (default `User`) and
    /// evaluated against (default: each resource's own, from its `schemas`).
    pub resource_type: Option<String>,
    /// `strict` or `entra` (Entra's `emails[type eq "work"].value eq "x"` form).
    pub dialect: Option<String>,
    /// `parseFilter` only: `false` leaves the tree out of the result (validity,
    /// canonical text and diagnostics only).
    pub ast: Option<bool>,
    /// `utf16` (default) or `utf8`.
    #[serde(default)]
    pub position_encoding: PositionEncoding,
}

/// Options of the PATCH functions.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PatchOpts {
    /// The resource type the PATCH is sent to; inferred when absent.
    pub resource_type: Option<String>,
    /// `strict` (default), `entra` or `okta`.
    pub dialect: Option<String>,
    /// `utf16` (default) or `utf8`.
    #[serde(default)]
    pub position_encoding: PositionEncoding,
}

/// Options of the mapping functions.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MappingOpts {
    /// `create` (default), `update`, `deactivate` or `delete`.
    pub operation: Option<String>,
    /// `User` (default) or `Group`.
    pub object: Option<String>,
    /// A profile name.
    pub profile: Option<String>,
    /// The current time for `Now()`/`Time.now` (xsd:dateTime).
    pub now: Option<String>,
    /// The seed for `Guid()`/`RandomString()`.
    pub seed: Option<u64>,
    /// The service provider's current resource (JSON text), so updates send differences.
    pub current: Option<String>,
    /// The id the service provider assigned, for update URLs.
    pub resource_id: Option<String>,
    /// `utf16` (default) or `utf8`.
    #[serde(default)]
    pub position_encoding: PositionEncoding,
}

/// Options of [`evaluate_expression`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExpressionOpts {
    /// `entra` (default) or `okta`.
    pub language: Option<String>,
    /// The current time (xsd:dateTime).
    pub now: Option<String>,
    /// The random seed.
    pub seed: Option<u64>,
    /// `utf16` (default) or `utf8`.
    #[serde(default)]
    pub position_encoding: PositionEncoding,
}

/// Options of [`Session::explain`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExplainOpts {
    /// Read the input as a filter (`true`) or a JSON body (`false`); by default by its look.
    pub filter: Option<bool>,
    /// The context of a JSON body.
    pub context: Option<String>,
    /// The resource type the request is sent to.
    pub resource_type: Option<String>,
    /// The resource (JSON text) a PATCH body is applied to: the verdicts
    /// are then those of applying it, as `applyPatch` gives.
    pub target: Option<String>,
}

/// Options of `explainLog`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LogOpts {
    /// `utf16` (default) or `utf8`.
    #[serde(default)]
    pub position_encoding: PositionEncoding,
}

/// A parsed filter: the tree, or the errors (with offsets) that prevented it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParsedFilter {
    /// Whether the filter parsed.
    pub ok: bool,
    /// The syntax tree, when it parsed.
    pub ast: Option<Filter>,
    /// The canonical text, when it parsed.
    pub canonical: Option<String>,
    /// Errors, and warnings for accepted dialect quirks.
    pub diagnostics: Vec<Diagnostic>,
}

/// A PATCH applied to a resource.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PatchResult {
    /// The resulting resource (the original when the PATCH failed).
    pub resource: Value,
    /// Problems, with spans into the PATCH text.
    pub report: Report,
    /// What changed, for a diff view.
    pub changes: Vec<Change>,
}

/// An expression's value for a sample user.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExpressionResult {
    /// The value (`null` when null or omitted).
    pub value: Value,
    /// Entra's IgnoreFlowIfNullOrEmpty: the attribute would not be sent.
    pub omitted: bool,
    /// Syntax, check and evaluation diagnostics, spans into the expression.
    pub report: Report,
}

impl Session {
    /// The built-in schemas, resource types and profiles.
    pub fn builtin() -> Session {
        Session {
            workspace: Workspace::builtin(),
            setup: SetupReport {
                valid: true,
                inputs: Vec::new(),
            },
        }
    }

    /// The built-ins plus custom schemas and profiles. Definitions with errors
    /// are reported in [`Session::setup`]; the rest are used.
    pub fn new(options: &SessionOptions) -> Session {
        let workspace = Workspace::new(&options.schemas, &options.profiles);
        let setup = workspace.setup();
        let inputs = setup
            .inputs
            .iter()
            .map(|input| {
                let texts = if input.kind == "schemas" {
                    &options.schemas
                } else {
                    &options.profiles
                };
                // The last `schemas` entry (problems between definitions)
                // points into no one text.
                let report = match texts.get(input.index) {
                    Some(text) => input.report.clone().to_utf16(text),
                    None => input.report.clone(),
                };
                SetupInput {
                    kind: input.kind,
                    index: input.index,
                    report,
                }
            })
            .collect();
        let setup = SetupReport {
            valid: setup.valid,
            inputs,
        };
        Session { workspace, setup }
    }

    /// What loading the custom definitions found.
    pub fn setup(&self) -> &SetupReport {
        &self.setup
    }

    /// The registry (for the catalog).
    pub fn registry(&self) -> &Registry {
        self.workspace.registry()
    }

    /// The custom profiles, then the built-in ones.
    pub fn profiles(&self) -> Vec<&Profile> {
        self.workspace.profiles()
    }

    /// `validate(document, options)`.
    ///
    /// # Errors
    /// An [`ApiError`] for a bad option or an unknown profile; problems in the
    /// document itself are diagnostics in the report.
    pub fn validate(
        &self,
        document: &str,
        from_object: bool,
        opts: &ValidateOpts,
    ) -> ApiResult<Report> {
        let report = self
            .workspace
            .validate(document, &validate_request(opts)?)?;
        Ok(finish(
            report,
            document,
            from_object,
            opts.position_encoding,
        ))
    }

    /// What `validate(document, options)` assumes where the options leave
    /// a choice open: the context and resource type it checks as, whether
    /// each was detected, and the other contexts the document may be meant
    /// for. `None` when the document is not JSON.
    ///
    /// # Errors
    /// An [`ApiError`] for a bad option or an unknown profile.
    pub fn assumed(&self, document: &str, opts: &ValidateOpts) -> ApiResult<Option<Assumed>> {
        Ok(self.workspace.assumed(document, &validate_request(opts)?)?)
    }

    /// `checkFilter(filter, options)`: syntax and schema problems.
    ///
    /// # Errors
    /// An [`ApiError`] for a bad option or an unknown resource type.
    pub fn check_filter(&self, filter: &str, opts: &FilterOpts) -> ApiResult<Report> {
        let report = self.workspace.check_filter(
            filter,
            opts.resource_type.as_deref(),
            dialect(opts.dialect.as_deref())?,
        )?;
        Ok(finish(report, filter, false, opts.position_encoding))
    }

    fn filter_of(&self, filter: &FilterInput<'_>, opts: &FilterOpts) -> ApiResult<Filter> {
        match filter {
            FilterInput::Ast(json) => serde_json::from_str(json).map_err(|e| {
                ApiError::new(
                    "invalid-ast",
                    format!("the filter tree is not one parseFilter returns: {e}"),
                )
            }),
            FilterInput::Text(text) => {
                let parsed = parse_filter_text(text, dialect(opts.dialect.as_deref())?);
                parsed.value.ok_or_else(|| {
                    let report = finish(
                        Report::new(parsed.diagnostics),
                        text,
                        false,
                        opts.position_encoding,
                    );
                    let first = report
                        .diagnostics
                        .first()
                        .map_or_else(String::new, |d| d.message.clone());
                    ApiError {
                        code: "filter-syntax".to_string(),
                        message: format!("the filter does not parse: {first}"),
                        diagnostics: report.diagnostics,
                    }
                })
            }
        }
    }

    /// `evaluateFilter(filter, resources)`: `true`/`false` for one resource, an
    /// array for an array or a ListResponse; with `trace`, the traces instead.
    ///
    /// # Errors
    /// An [`ApiError`] when the filter does not parse or the resources are not JSON.
    pub fn evaluate_filter(
        &self,
        filter_input: &FilterInput<'_>,
        resources: &str,
        opts: &FilterOpts,
        trace: bool,
    ) -> ApiResult<Value> {
        let (traces, matched, single) = self.evaluate(filter_input, resources, opts, trace)?;
        let mut results: Vec<Value> = if trace {
            traces
                .into_iter()
                .map(|t| serde_json::to_value(t).unwrap_or(Value::Null))
                .collect()
        } else {
            matched.into_iter().map(Value::Bool).collect()
        };
        Ok(if single {
            results.pop().unwrap_or(Value::Null)
        } else {
            Value::Array(results)
        })
    }

    /// The evaluation behind [`Session::evaluate_filter`]: the traces (with
    /// `trace`, positions in the requested encoding), the matches, and
    /// whether the resources were one resource.
    fn evaluate(
        &self,
        filter_input: &FilterInput<'_>,
        resources: &str,
        opts: &FilterOpts,
        trace: bool,
    ) -> ApiResult<(Vec<Trace>, Vec<bool>, bool)> {
        let filter = self.filter_of(filter_input, opts)?;
        let mut evaluation = self.workspace.evaluate_filter(
            &filter,
            resources,
            opts.resource_type.as_deref(),
            trace,
        )?;
        if let FilterInput::Text(t) = filter_input {
            if opts.position_encoding == PositionEncoding::Utf16 {
                let index = Utf16Index::new(t);
                for t in &mut evaluation.traces {
                    trace_to_utf16(t, &index);
                }
            }
        }
        Ok((evaluation.traces, evaluation.matched, evaluation.single))
    }

    /// `traceFilter(filter, resource)`: the evaluation trace of one resource
    /// (the traces as the core made them: no JSON round trip, whose
    /// `Deserialize` cost the playground's first load).
    ///
    /// # Errors
    /// As [`Session::evaluate_filter`].
    pub fn trace_filter(
        &self,
        filter: &FilterInput<'_>,
        resource: &str,
        opts: &FilterOpts,
    ) -> ApiResult<Vec<Trace>> {
        Ok(self.evaluate(filter, resource, opts, true)?.0)
    }

    /// `checkPatch(patch, options)`.
    ///
    /// # Errors
    /// An [`ApiError`] for a bad option.
    pub fn check_patch(
        &self,
        patch: &str,
        from_object: bool,
        opts: &PatchOpts,
    ) -> ApiResult<Report> {
        let report = self.workspace.check_patch(
            patch,
            opts.resource_type.as_deref(),
            dialect(opts.dialect.as_deref())?,
        );
        Ok(finish(report, patch, from_object, opts.position_encoding))
    }

    /// `applyPatch(resource, patch, options)`.
    ///
    /// # Errors
    /// An [`ApiError`] for a bad option or an unknown resource type.
    pub fn apply_patch(
        &self,
        resource: &str,
        patch: &str,
        from_object: bool,
        opts: &PatchOpts,
    ) -> ApiResult<PatchResult> {
        let outcome = self.workspace.apply_patch(
            resource,
            patch,
            opts.resource_type.as_deref(),
            dialect(opts.dialect.as_deref())?,
        )?;
        Ok(PatchResult {
            resource: outcome.resource,
            report: finish(outcome.report, patch, from_object, opts.position_encoding),
            changes: outcome.changes,
        })
    }

    /// `checkMapping(config, options)`.
    ///
    /// # Errors
    /// An [`ApiError`] for an unknown profile.
    pub fn check_mapping(
        &self,
        config: &str,
        from_object: bool,
        opts: &MappingOpts,
    ) -> ApiResult<Report> {
        let report = self
            .workspace
            .check_mapping(config, opts.profile.as_deref())?;
        Ok(finish(report, config, from_object, opts.position_encoding))
    }

    /// `applyMapping(config, sourceUser, options)`.
    ///
    /// # Errors
    /// An [`ApiError`] for a bad option or an unknown profile.
    pub fn apply_mapping(
        &self,
        config: &str,
        source: &str,
        from_object: bool,
        opts: &MappingOpts,
    ) -> ApiResult<ApplyResult> {
        let operation = option(
            opts.operation.as_deref(),
            "operation",
            Operation::from_name,
            "create, update, deactivate, delete",
        )?
        .unwrap_or(Operation::Create);
        let object = option(
            opts.object.as_deref(),
            "object",
            ObjectType::from_name,
            "User, Group",
        )?
        .unwrap_or(ObjectType::User);
        let mut request = MappingRequest::default();
        request.operation = operation;
        request.object = object;
        request.profile = opts.profile.as_deref();
        request.env = environment(opts.now.as_deref(), opts.seed)?;
        request.current = opts.current.as_deref();
        request.resource_id = opts.resource_id.as_deref();
        let mut result = self.workspace.apply_mapping(config, source, &request)?;
        result.report = finish(result.report, config, from_object, opts.position_encoding);
        result.source_report = finish(
            result.source_report,
            source,
            from_object,
            opts.position_encoding,
        );
        Ok(result)
    }

    /// `explainLog(log, options)`: the core's explanation of a provisioning
    /// log, with every span in the requested encoding (none for an object).
    ///
    /// # Errors
    /// None today; the result type keeps the adapter uniform.
    pub fn explain_log(
        &self,
        input: &str,
        from_object: bool,
        opts: &LogOpts,
    ) -> ApiResult<LogExplanation> {
        let mut e = self.workspace.explain_log(input);
        e.report = finish(e.report, input, from_object, opts.position_encoding);
        let index = Utf16Index::new(input);
        for x in &mut e.explained {
            x.span = match (from_object, opts.position_encoding) {
                (true, _) => None,
                (false, PositionEncoding::Utf16) => x.span.map(|s| index.span(s)),
                (false, _) => x.span,
            };
        }
        Ok(e)
    }

    /// `explain(input, options)`: identity-provider detection.
    ///
    /// # Errors
    /// An [`ApiError`] for a bad option.
    pub fn explain(
        &self,
        input: &str,
        from_object: bool,
        opts: &ExplainOpts,
    ) -> ApiResult<Explanation> {
        let options = ExplainOptions {
            filter: opts.filter,
            context: context(opts.context.as_deref())?,
            resource_type: opts.resource_type.as_deref(),
            target: opts.target.as_deref(),
        };
        let mut e = self.workspace.explain(input, &options);
        e.strict = finish(e.strict, input, from_object, PositionEncoding::Utf16);
        e.dialect_verdict = finish(
            e.dialect_verdict,
            input,
            from_object,
            PositionEncoding::Utf16,
        );
        let index = Utf16Index::new(input);
        for d in &mut e.deviations {
            d.span = if from_object {
                None
            } else {
                d.span.map(|s| index.span(s))
            };
        }
        Ok(e)
    }
}

/// A filter given as text, or as the tree `parseFilter` returned (JSON).
#[derive(Debug, Clone, Copy)]
pub enum FilterInput<'a> {
    /// Filter text.
    Text(&'a str),
    /// A `Filter` tree as JSON.
    Ast(&'a str),
}

/// Trace offsets in UTF-16 code units (the tree is as deep as the filter,
/// which the parser bounds).
fn trace_to_utf16(trace: &mut Trace, index: &Utf16Index<'_>) {
    trace.start = index.offset(trace.start);
    trace.end = index.offset(trace.end);
    for child in &mut trace.children {
        trace_to_utf16(child, index);
    }
    for element in &mut trace.elements {
        trace_to_utf16(&mut element.trace, index);
    }
}

fn environment(now: Option<&str>, seed: Option<u64>) -> ApiResult<Environment> {
    let mut env = Environment::default();
    if let Some(now) = now {
        let t = scimkit::datetime::parse_datetime(now).map_err(|e| {
            ApiError::new(
                "invalid-option",
                format!("`now` must be an xsd:dateTime: {e}"),
            )
        })?;
        env = env.with_now(t);
    }
    if let Some(seed) = seed {
        env = env.with_seed(seed);
    }
    Ok(env)
}

/// `parseFilter(text, options)`.
///
/// # Errors
/// An [`ApiError`] for a bad option; syntax errors are in the result.
pub fn parse_filter(text: &str, opts: &FilterOpts) -> ApiResult<ParsedFilter> {
    let parsed = parse_filter_text(text, dialect(opts.dialect.as_deref())?);
    let report = finish(
        Report::new(parsed.diagnostics),
        text,
        false,
        opts.position_encoding,
    );
    Ok(ParsedFilter {
        ok: parsed.value.is_some(),
        canonical: parsed.value.as_ref().map(print::filter),
        ast: parsed.value.filter(|_| opts.ast != Some(false)),
        diagnostics: report.diagnostics,
    })
}

/// `parseFilter`'s fast path (see [`crate::compact`]): for a filter that
/// parses without a diagnostic, appends 1 and its tree as numbers to `tree`
/// (0 alone when the options say `ast: false`), puts the canonical text in
/// `canonical` when it differs from `text` (leaves it empty otherwise) and
/// returns true; false for everything else, which takes [`parse_filter`]
/// (so a bad option is reported there).
pub fn parse_filter_fast(
    text: &str,
    opts: &FilterOpts,
    tree: &mut Vec<u32>,
    canonical: &mut String,
) -> bool {
    let Ok(dialect) = dialect(opts.dialect.as_deref()) else {
        return false;
    };
    let parsed = parse_filter_with(text, dialect);
    let Some(filter) = parsed.value.filter(|_| parsed.diagnostics.is_empty()) else {
        return false;
    };
    if !print::is_canonical(text, &filter) {
        // Writing to a String cannot fail.
        let _ = write!(canonical, "{filter}");
    }
    if opts.ast == Some(false) {
        tree.push(0);
        return true;
    }
    tree.push(1);
    crate::compact::encode(text, &filter, tree)
}

/// `formatFilter(ast)`: the canonical text of a tree.
///
/// # Errors
/// An [`ApiError`] when the JSON is not a filter tree.
pub fn format_filter(ast: &str) -> ApiResult<String> {
    let filter: Filter = serde_json::from_str(ast).map_err(|e| {
        ApiError::new(
            "invalid-ast",
            format!("not a filter tree as parseFilter returns it: {e}"),
        )
    })?;
    Ok(print::filter(&filter))
}

/// `evaluateExpression(expression, sourceUser, options)`.
///
/// # Errors
/// An [`ApiError`] for a bad option or a source user that is not JSON.
pub fn evaluate_expression(
    expression: &str,
    user: Option<&str>,
    opts: &ExpressionOpts,
) -> ApiResult<ExpressionResult> {
    let env = environment(opts.now.as_deref(), opts.seed)?;
    let user = match user {
        Some(text) => scimkit::json::parse_value(text).map_err(|d| {
            ApiError::new(
                "invalid-json",
                format!("the source user is not JSON: {}", d.message),
            )
        })?,
        None => Value::Object(serde_json::Map::new()),
    };
    let language = opts.language.as_deref().unwrap_or("entra");
    let (value, omitted, report) = match language.to_ascii_lowercase().as_str() {
        "entra" => match scimkit::mapping::entra::evaluate(expression, &user, &env) {
            Ok(scimkit::mapping::entra::Outcome::Value(v)) => (
                v.to_json(),
                false,
                scimkit::mapping::entra::check(expression),
            ),
            Ok(scimkit::mapping::entra::Outcome::Omitted) => (
                Value::Null,
                true,
                scimkit::mapping::entra::check(expression),
            ),
            Err(report) => (Value::Null, false, report),
        },
        "okta" => match scimkit::mapping::okta::evaluate(expression, &user, &env) {
            Ok(evaluation) => (
                evaluation.value.to_json(),
                false,
                Report::new(evaluation.warnings),
            ),
            Err(report) => (Value::Null, false, report),
        },
        other => {
            return Err(ApiError::new(
                "invalid-option",
                format!("`language` must be entra or okta, found \"{other}\""),
            ));
        }
    };
    Ok(ExpressionResult {
        value,
        omitted,
        report: finish(report, expression, false, opts.position_encoding),
    })
}

/// The built-in catalogs: schemas, resource types, profiles, mapping presets
/// and samples, diagnostic codes, quirks and limits.
///
/// # Errors
/// An [`ApiError`] for an unknown catalog name.
pub fn catalog(session: &Session, name: &str) -> ApiResult<Value> {
    let value = match name {
        "schemas" => serde_json::to_value(session.registry().schemas()),
        "resourceTypes" => serde_json::to_value(session.registry().resource_types()),
        "profiles" => serde_json::to_value(session.profiles()),
        "mappingPresets" => Ok(Value::Array(
            scimkit::mapping::presets::PRESETS
                .iter()
                .map(|p| {
                    serde_json::json!({
                        "name": p.name,
                        "title": p.title,
                        "identityProvider": p.identity_provider,
                        "config": serde_json::from_str::<Value>(p.config_json).unwrap_or(Value::Null),
                    })
                })
                .collect(),
        )),
        "samples" => Ok(Value::Array(
            scimkit::mapping::presets::SAMPLES
                .iter()
                .map(|s| {
                    serde_json::json!({
                        "identityProvider": s.identity_provider,
                        "object": s.object_type,
                        "source": serde_json::from_str::<Value>(s.json).unwrap_or(Value::Null),
                    })
                })
                .collect(),
        )),
        "codes" => Ok(Value::Array(
            scimkit::Code::ALL
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "code": c.as_str(),
                        "area": c.area(),
                        "severity": c.default_severity(),
                        "description": c.description(),
                        "fix": c.fix(),
                    })
                })
                .collect(),
        )),
        "quirks" => serde_json::to_value(scimkit::detect::quirks()),
        "limits" => Ok(Value::Object(
            scimkit::limits::ALL
                .iter()
                .map(|(k, v)| ((*k).to_string(), Value::from(*v)))
                .collect(),
        )),
        other => return Err(ApiError::new("invalid-option", format!("no catalog named \"{other}\""))),
    };
    value.map_err(|e| ApiError::new("internal", e.to_string()))
}

/// Serializes an API result the one way the package does: `{"ok": true,
/// "value": …}` or `{"ok": false, "error": {code, message, diagnostics?}}`.
///
/// Serialized straight to text, without an intermediate `serde_json::Value`
/// (building that tree was most of the cost of a small call such as
/// `parseFilter` in the size-tuned wasm build).
pub fn envelope<T: Serialize>(result: ApiResult<T>) -> String {
    #[derive(Serialize)]
    struct Success<'a, T> {
        ok: bool,
        value: &'a T,
    }
    #[derive(Serialize)]
    struct Failure<'a> {
        ok: bool,
        error: &'a ApiError,
    }
    let text = match &result {
        Ok(value) => serde_json::to_string(&Success { ok: true, value }),
        Err(error) => serde_json::to_string(&Failure { ok: false, error }),
    };
    text.unwrap_or_else(|e| {
        serde_json::json!({"ok": false, "error": {"code": "internal", "message": e.to_string()}})
            .to_string()
    })
}

/// Parses an options object given as JSON text (`""` means none).
///
/// # Errors
/// An [`ApiError`] (`invalid-option`) naming the unknown or mistyped option.
pub fn options<T: for<'de> Deserialize<'de> + Default>(json: &str) -> ApiResult<T> {
    if json.trim().is_empty() {
        return Ok(T::default());
    }
    serde_json::from_str(json)
        .map_err(|e| ApiError::new("invalid-option", format!("invalid options: {e}")))
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;

    const USER: &str = r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"Zoë","active":"yes"}"#;

    #[test]
    fn validate_reports_utf16_or_utf8_spans() {
        let s = Session::builtin();
        let utf16 = s
            .validate(USER, false, &options("{\"context\":\"create\"}").unwrap())
            .unwrap();
        let utf8 = s
            .validate(
                USER,
                false,
                &options("{\"context\":\"create\",\"positionEncoding\":\"utf8\"}").unwrap(),
            )
            .unwrap();
        assert_eq!(utf16.diagnostics[0].path, "/active");
        assert_eq!(
            utf8.diagnostics[0].span.unwrap().start,
            USER.find("\"yes\"").unwrap()
        );
        assert_eq!(
            utf16.diagnostics[0].span.unwrap().start,
            utf8.diagnostics[0].span.unwrap().start - 1
        );
        let from_object = s.validate(USER, true, &ValidateOpts::default()).unwrap();
        assert!(from_object.diagnostics.iter().all(|d| d.span.is_none()));
    }

    #[test]
    fn bad_options_are_api_errors() {
        let err = options::<ValidateOpts>("{\"contxt\":\"create\"}").unwrap_err();
        assert_eq!(err.code, "invalid-option");
        assert!(err.message.contains("contxt"));
        let s = Session::builtin();
        let err = s
            .validate(
                "{}",
                false,
                &ValidateOpts {
                    context: Some("post".into()),
                    ..ValidateOpts::default()
                },
            )
            .unwrap_err();
        assert_eq!(err.code, "invalid-option");
        let err = s
            .validate(
                "{}",
                false,
                &ValidateOpts {
                    profile: Some("nope".into()),
                    ..ValidateOpts::default()
                },
            )
            .unwrap_err();
        assert_eq!(err.code, "unknown-profile");
    }

    #[test]
    fn a_tree_nested_past_the_json_depth_limit_is_refused_not_recursed_into() {
        // formatFilter and evaluateFilter take trees from JavaScript; serde_json's
        // depth limit (128) stops one before printing or evaluating recurses.
        let depth = 10_000;
        let tree = format!(
            "{}{{\"type\":\"present\",\"attribute\":\"title\"}}{}",
            "{\"type\":\"not\",\"filter\":".repeat(depth),
            "}".repeat(depth)
        );
        assert_eq!(format_filter(&tree).unwrap_err().code, "invalid-ast");
        let users = r#"[{"title":"x"}]"#;
        let e = Session::builtin()
            .evaluate_filter(
                &FilterInput::Ast(&tree),
                users,
                &FilterOpts::default(),
                false,
            )
            .unwrap_err();
        assert_eq!(e.code, "invalid-ast");
    }

    #[test]
    fn filters_parse_format_and_evaluate() {
        let parsed = parse_filter("userName eq \"bjensen\"", &FilterOpts::default()).unwrap();
        assert!(parsed.ok);
        let ast = serde_json::to_string(&parsed.ast).unwrap();
        assert_eq!(format_filter(&ast).unwrap(), "userName eq \"bjensen\"");
        let bad = parse_filter("userName = 1", &FilterOpts::default()).unwrap();
        assert!(!bad.ok);
        assert_eq!(bad.diagnostics[0].span.unwrap().start, 9);
        let s = Session::builtin();
        let users = r#"[{"userName":"bjensen"},{"userName":"x"}]"#;
        let result = s
            .evaluate_filter(
                &FilterInput::Text("userName eq \"BJENSEN\""),
                users,
                &FilterOpts::default(),
                false,
            )
            .unwrap();
        assert_eq!(result, serde_json::json!([true, false]));
        let err = s
            .evaluate_filter(
                &FilterInput::Text("userName ="),
                users,
                &FilterOpts::default(),
                false,
            )
            .unwrap_err();
        assert_eq!(err.code, "filter-syntax");
        assert!(!err.diagnostics.is_empty());
    }

    #[test]
    fn custom_schemas_and_profiles_load_with_reports() {
        let s = Session::new(&SessionOptions {
            schemas: vec![r#"{"id":"urn:ietf:params:scim:schemas:extension:Acme:2.0:User","attributes":[{"name":"badge","type":"text"}]}"#.into()],
            profiles: vec![r#"{"name":"acme","rules":[{"resourceType":"User","attribute":"userName","pattern":"^a"}]}"#.into()],
        });
        assert!(!s.setup().valid);
        assert_eq!(
            s.setup().inputs[0].report.diagnostics[0].code.as_str(),
            "schema-unknown-type"
        );
        let report = s
            .validate(
                r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bob"}"#,
                false,
                &ValidateOpts {
                    profile: Some("acme".into()),
                    ..ValidateOpts::default()
                },
            )
            .unwrap();
        assert_eq!(report.diagnostics[0].code.as_str(), "profile-pattern");
    }

    #[test]
    fn envelope_shapes() {
        assert_eq!(envelope::<u8>(Ok(1)), r#"{"ok":true,"value":1}"#);
        let e = envelope::<u8>(Err(ApiError::new("invalid-option", "x")));
        assert_eq!(
            e,
            r#"{"ok":false,"error":{"code":"invalid-option","message":"x"}}"#
        );
    }

    #[test]
    fn expressions_and_catalogs() {
        let r = evaluate_expression(
            "ToLower([mail])",
            Some(r#"{"mail":"ADA@X.COM"}"#),
            &ExpressionOpts::default(),
        )
        .unwrap();
        assert_eq!(r.value, serde_json::json!("ada@x.com"));
        let r = evaluate_expression(
            "String.toUpperCase(user.login)",
            Some(r#"{"login":"a"}"#),
            &ExpressionOpts {
                language: Some("okta".into()),
                ..ExpressionOpts::default()
            },
        )
        .unwrap();
        assert_eq!(r.value, serde_json::json!("A"));
        let s = Session::builtin();
        for name in [
            "schemas",
            "resourceTypes",
            "profiles",
            "mappingPresets",
            "samples",
            "codes",
            "quirks",
            "limits",
        ] {
            let v = catalog(&s, name).unwrap();
            assert!(v.as_array().is_none_or(|a| !a.is_empty()), "{name}");
        }
    }
}
