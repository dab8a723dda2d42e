//! The command line, declared with clap's derive API.
//!
//! The names of commands, arguments and values are a contract (scripts and the
//! README use them): extend freely, never rename. Values that name core
//! concepts (contexts, dialects) are parsed by the core's own `from_name`, so
//! the CLI accepts exactly what the core knows.

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use scimkit::dialect::Dialect;
use scimkit::validate::Context;

const AFTER_HELP: &str = "\
Exit status: 0 when no errors were found (warnings allowed), 1 when the input
has errors, 2 for usage or I/O errors (a missing file, a broken --schemas or
--profile file).

Output: `human` (the default) prints each diagnostic as
`file:line:column: severity[code] path: message` with the source line and a
caret under the problem; colours are used only when standard output is a
terminal, NO_COLOR is unset and TERM is not `dumb` (or with --color always).
`human` stays the default when output is piped: ask for `--format json`
explicitly in scripts. Results and the diagnostics about the input go to
standard output (the diagnostics first, then the value a command prints);
standard error gets only usage and I/O errors.

A FILE of `-` (or no FILE) reads standard input.

The examples in each command's --help use the files of the repository's
examples/ folder (examples/README.md says what each shows): run them from the
repository's root.";

/// scimkit: validate SCIM 2.0 documents (RFC 7643/7644), filters, PATCH
/// requests and identity-provider attribute expressions.
#[derive(Debug, Parser)]
#[command(name = "scimkit", version, about, long_about = None, after_help = AFTER_HELP)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,

    /// Output format.
    #[arg(long, value_enum, global = true, default_value_t = Format::Human)]
    pub format: Format,

    /// When to colour human output.
    #[arg(long, value_enum, global = true, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Diagnostics with source lines and carets; values as pretty JSON.
    Human,
    /// The core's JSON objects, unchanged.
    Json,
    /// JUnit XML (`scimkit probe` only; other commands print human output).
    Junit,
}

/// When to paint human output with ANSI colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When the stream is a terminal, NO_COLOR is unset and TERM is not `dumb`.
    Auto,
    /// Always, even when piped.
    Always,
    /// Never.
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate SCIM documents: resources and protocol messages.
    #[command(after_help = "\
Examples:
  scimkit validate examples/payloads/entra-create-user.json
  scimkit validate --context replace --resource-type User examples/payloads/okta-put-user.json
  scimkit validate --profile email-prefix-username examples/payloads/email-prefix-failing.json
  scimkit validate --format json examples/payloads/*.json
  curl -s https://sp.example.com/scim/v2/Users | scimkit validate --context list -

The context is detected from `schemas` (PatchOp, ListResponse, SearchRequest,
BulkRequest, BulkResponse, Error); anything else is validated as `create`.
The resource type is taken from the core schema URN in `schemas`.")]
    Validate(ValidateArgs),

    /// Parse, check and evaluate SCIM filters (RFC 7644 §3.4.2.2).
    #[command(subcommand)]
    Filter(FilterCommand),

    /// Apply PATCH requests (RFC 7644 §3.5.2).
    #[command(subcommand)]
    Patch(PatchCommand),

    /// Check and apply identity-provider attribute mappings.
    #[command(subcommand)]
    Map(MapCommand),

    /// Evaluate Microsoft Entra ID and Okta attribute-mapping expressions.
    #[command(subcommand)]
    Expr(ExprCommand),

    /// List and show the schemas and resource types scimkit knows.
    #[command(subcommand)]
    Schemas(SchemasCommand),

    /// Tell which identity provider sent a request body or filter, and list
    /// every deviation from the RFCs with what to do about it.
    #[command(after_help = "\
Examples:
  scimkit explain examples/patch/entra-user-patch.json
  echo 'emails[type eq \"work\"].value eq \"x\"' | scimkit explain -
  scimkit explain --format json examples/payloads/okta-create-user.json

Prints the detected sender and confidence, each deviation with its RFC
section, what the service provider must accept and how the admin changes it on
the identity-provider side, then the strict (RFC) verdict and the verdict of a
service provider that accepts the sender's dialect. Exits 1 only when even that
dialect rejects the input.

Given an identity provider's provisioning log instead (Entra ID provisioning
log, Okta System Log), it explains each failed event as `scimkit logs explain`
does.")]
    Explain(ExplainArgs),

    /// Explain provisioning failures from Entra ID's provisioning log or
    /// Okta's System Log.
    #[command(subcommand)]
    Logs(LogsCommand),

    /// Test a live SCIM endpoint the way Entra ID and Okta use it.
    #[command(after_help = "\
Examples:
  SCIMKIT_TOKEN=… scimkit probe https://scim.example.com/scim/v2
  scimkit probe https://scim.example.com/scim/v2 --write --as entra
  scimkit probe http://127.0.0.1:8000 --as okta --token-file token.txt
  scimkit probe https://scim.example.com/scim/v2 --format junit > probe.xml

Read-only unless --write: then it also creates two users and a group
(named scimkit-probe-…), updates, deactivates, changes membership, renames
and deletes them in the sender's request forms, reads every change back, and
removes everything it made at the end, also after failures. It writes only to
what it proved it created (a create answered with an existing account stops
the writing), counts an object removed only when a GET answers 404, and lists
what is left with a DELETE command to copy. Ctrl-C stops and cleans up; a
second Ctrl-C or SIGTERM ends at once and prints what is left.
The bearer token comes from the environment variable SCIMKIT_TOKEN (or
--token-env / --token-file), never from an argument, and is never printed.
Each check is judged with scimkit's validation; every response body is
validated against the schemas the server publishes at /Schemas. Exits 0 when
no check failed (warnings allowed), 1 when one did, 2 when the probe could
not run (usage, nothing answering at BASE_URL, TLS).")]
    Probe(ProbeArgs),

    /// Print the table of diagnostic codes (Markdown; JSON with --format json).
    #[command(after_help = "\
Examples:
  scimkit codes
  scimkit codes --format json")]
    Codes,
}

/// `scimkit validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Documents to validate (`-` or none: standard input).
    #[arg(value_name = "FILE|-")]
    pub files: Vec<PathBuf>,

    /// Where the documents appear; detected from `schemas` by default.
    #[arg(long, value_parser = context_parser(), ignore_case = true)]
    pub context: Option<Context>,

    /// Resource type name or endpoint (`User`, `/Groups`); from `schemas` by default.
    #[arg(long, value_name = "NAME")]
    pub resource_type: Option<String>,

    #[command(flatten)]
    pub schemas: SchemaFiles,

    /// A service-provider profile: a built-in name or a profile JSON file.
    #[arg(long, value_name = "NAME|FILE")]
    pub profile: Option<String>,

    /// Report unknown attributes as warnings instead of errors.
    #[arg(long)]
    pub lenient: bool,

    /// Accept an identity provider's documented deviations as `quirk` warnings.
    #[arg(long, value_parser = dialect_parser(), ignore_case = true, default_value = "strict")]
    pub dialect: Dialect,

    /// Diagnostics listed per document; the rest are counted in one final
    /// `limit-diagnostics` warning.
    #[arg(long, value_name = "N", default_value_t = scimkit::limits::DEFAULT_MAX_DIAGNOSTICS)]
    pub max_diagnostics: usize,
}

/// `scimkit probe`.
#[derive(Debug, Args)]
pub struct ProbeArgs {
    /// The SCIM base URL (`https://host/scim/v2`), http or https.
    #[arg(value_name = "BASE_URL")]
    pub base_url: String,

    /// Also create, update and delete test objects named scimkit-probe-… (removed at the end).
    #[arg(long)]
    pub write: bool,

    /// Warnings fail the run too (exit 1): for a service provider's CI, where
    /// RFC deviations that identity providers tolerate should not ship.
    #[arg(long)]
    pub strict: bool,

    /// Whose request forms to send: rfc (default), entra, entra-scim-compliant
    /// or okta; with --mapping, the mapping's identity provider.
    #[arg(long = "as", value_name = "SENDER", value_parser = clap::builder::PossibleValuesParser::new(scimkit::probe::SENDER_NAMES))]
    pub sender: Option<String>,

    /// Send what this attribute mapping (any format `scimkit map` reads) makes
    /// of the --user: its lookup, and with --write its create, update and
    /// deactivation (the user renamed scimkit-probe-…).
    #[arg(long, value_name = "FILE", requires = "user")]
    pub mapping: Option<PathBuf>,

    /// The source user (JSON) the --mapping is applied to.
    #[arg(long, value_name = "FILE", requires = "mapping")]
    pub user: Option<PathBuf>,

    /// Read the bearer token from this environment variable (default SCIMKIT_TOKEN).
    #[arg(long, value_name = "VAR", conflicts_with = "token_file")]
    pub token_env: Option<String>,

    /// Read the bearer token from this file (its first line; at most 16 KiB
    /// read, visible ASCII only).
    #[arg(long, value_name = "PATH")]
    pub token_file: Option<PathBuf>,

    /// Seconds to wait for each answer (1 to 600).
    #[arg(long, value_name = "SECS", default_value_t = scimkit::limits::DEFAULT_PROBE_TIMEOUT_SECS,
          value_parser = clap::value_parser!(u64).range(1..=scimkit::limits::MAX_PROBE_TIMEOUT_SECS))]
    pub timeout: u64,

    /// Seconds the whole run may take (1 to 3600): then no further check is
    /// sent and what --write made is removed, within 60 s more.
    #[arg(long, value_name = "SECS", default_value_t = scimkit::limits::DEFAULT_PROBE_DEADLINE_SECS,
          value_parser = clap::value_parser!(u64).range(1..=scimkit::limits::MAX_PROBE_DEADLINE_SECS))]
    pub deadline: u64,

    /// Seed of the names the probe makes up, to repeat a run exactly
    /// (default: from the clock, so each run makes new names; shown in the
    /// human output).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
}

/// Extra schema and resource-type definitions.
#[derive(Debug, Args)]
pub struct SchemaFiles {
    /// Load schema or resource-type definitions (a Schema, a ResourceType, an
    /// array of them, or a ListResponse from /Schemas or /ResourceTypes); repeatable.
    #[arg(long = "schemas", id = "schema_files", value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// `scimkit filter …`.
#[derive(Debug, Subcommand)]
pub enum FilterCommand {
    /// Parse a filter and print it canonically (or its syntax tree as JSON).
    #[command(after_help = r#"Examples:
  scimkit filter parse 'userName Eq "bjensen" and not (title pr)'
  scimkit filter parse --format json 'emails[type eq "work" and value co "@example.com"]'
  scimkit filter parse --dialect entra 'emails[type eq "work"].value eq "x"'

An invalid filter prints each error (offset, length, message) and exits 1."#)]
    Parse(FilterParseArgs),

    /// Check a filter against a resource type's schemas.
    #[command(after_help = r#"Examples:
  scimkit filter check 'userName eq "bjensen"'
  scimkit filter check --resource-type Group 'members.value eq "2819c223"'
  scimkit filter check --schemas examples/schemas/acme-extension.json 'urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge eq "7"'"#)]
    Check(FilterCheckArgs),

    /// Evaluate a filter against a resource, an array of resources or a ListResponse.
    #[command(after_help = r#"Examples:
  scimkit filter eval 'emails[type eq "work"]' examples/readme/full-user.json
  scimkit filter eval --trace 'userName sw "b"' examples/payloads/user-list.json
  cat examples/payloads/user-list.json | scimkit filter eval --format json 'active eq true'

Prints `true` or `false` for one resource, and a JSON array of booleans for an
array or a ListResponse. With --trace, prints the evaluation trace of each
resource (an indented tree; the core's Trace JSON with --format json)."#)]
    Eval(FilterEvalArgs),
}

/// `scimkit filter parse`.
#[derive(Debug, Args)]
pub struct FilterParseArgs {
    /// The filter.
    #[arg(value_name = "EXPR")]
    pub expr: String,

    /// Accept an identity provider's filter deviations (Entra ID's
    /// `emails[type eq "work"].value eq "x"`) as quirk warnings.
    #[arg(long, value_parser = dialect_parser(), ignore_case = true, default_value = "strict")]
    pub dialect: Dialect,
}

/// `scimkit filter check`.
#[derive(Debug, Args)]
pub struct FilterCheckArgs {
    /// The filter.
    #[arg(value_name = "EXPR")]
    pub expr: String,

    /// Resource type the filter is sent to (name or endpoint).
    #[arg(long, value_name = "NAME", default_value = "User")]
    pub resource_type: String,

    #[command(flatten)]
    pub schemas: SchemaFiles,

    /// Accept an identity provider's filter deviations as quirk warnings.
    #[arg(long, value_parser = dialect_parser(), ignore_case = true, default_value = "strict")]
    pub dialect: Dialect,
}

/// `scimkit filter eval`.
#[derive(Debug, Args)]
pub struct FilterEvalArgs {
    /// The filter.
    #[arg(value_name = "EXPR")]
    pub expr: String,

    /// A resource, an array of resources or a ListResponse (`-` or none: standard input).
    #[arg(value_name = "FILE|-")]
    pub file: Option<PathBuf>,

    /// Print the evaluation trace of each resource.
    #[arg(long)]
    pub trace: bool,

    /// Resource type of every resource; by default each resource's core schema
    /// URN in `schemas` decides, and `User` when it names none.
    #[arg(long, value_name = "NAME")]
    pub resource_type: Option<String>,

    #[command(flatten)]
    pub schemas: SchemaFiles,

    /// Accept an identity provider's filter deviations as quirk warnings.
    #[arg(long, value_parser = dialect_parser(), ignore_case = true, default_value = "strict")]
    pub dialect: Dialect,
}

/// `scimkit patch …`.
#[derive(Debug, Subcommand)]
pub enum PatchCommand {
    /// Apply a PatchOp body to a resource and print the result.
    #[command(after_help = r#"Examples:
  scimkit patch apply --dialect okta examples/patch/okta-group.json examples/patch/okta-group-membership-patch.json
  scimkit patch apply --dialect entra examples/patch/entra-user.json examples/patch/entra-user-patch.json
  scimkit patch apply --format json examples/readme/entra-user.json examples/readme/entra-disable.json

Prints the diagnostics, then the resulting resource as JSON and the list of
changes (no resource when the PATCH fails: it is atomic). With --format json,
prints the core's outcome: {resource, report, changes}."#)]
    Apply(PatchApplyArgs),
}

/// `scimkit patch apply`.
#[derive(Debug, Args)]
pub struct PatchApplyArgs {
    /// The resource to patch (`-`: standard input).
    #[arg(value_name = "RESOURCE_FILE")]
    pub resource: PathBuf,

    /// The PatchOp body (`-`: standard input).
    #[arg(value_name = "PATCH_FILE")]
    pub patch: PathBuf,

    /// Which identity provider's PATCH deviations to accept (as quirk warnings).
    #[arg(long, value_parser = dialect_parser(), ignore_case = true, default_value = "strict")]
    pub dialect: Dialect,

    /// Resource type of the resource; from its `schemas` by default.
    #[arg(long, value_name = "NAME")]
    pub resource_type: Option<String>,

    #[command(flatten)]
    pub schemas: SchemaFiles,
}

/// `scimkit map …`.
#[derive(Debug, Subcommand)]
pub enum MapCommand {
    /// Check an attribute-mapping configuration.
    #[command(after_help = "\
Examples:
  scimkit map check examples/mappings/entra-mapping.json
  scimkit map check --profile email-prefix-username examples/mappings/okta-mapping.json")]
    Check(MapCheckArgs),

    /// Apply a mapping to a source user: print the request the identity
    /// provider would send (method, path, body) and its validation report.
    #[command(after_help = "\
Examples:
  scimkit map apply examples/mappings/entra-mapping.json examples/mappings/entra-source-user.json
  scimkit map apply --operation update --format json examples/mappings/okta-mapping.json examples/mappings/okta-source-user.json")]
    Apply(MapApplyArgs),

    /// List the built-in mappings and service-provider profiles, or print one.
    #[command(after_help = "\
Examples:
  scimkit map presets
  scimkit map presets --format json
  scimkit map presets entra > my-mapping.json

A mapping printed this way is a MAPPING_FILE for map check and map apply, to
edit into your own; a profile's name is what --profile takes.")]
    Presets(MapPresetsArgs),
}

/// `scimkit map check`.
#[derive(Debug, Args)]
pub struct MapCheckArgs {
    /// The mapping configuration.
    #[arg(value_name = "MAPPING_FILE")]
    pub mapping: PathBuf,

    /// A service-provider profile: a built-in name or a profile JSON file.
    #[arg(long, value_name = "NAME|FILE")]
    pub profile: Option<String>,
}

/// Which provisioning request `map apply` simulates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Operation {
    /// The lookup and the POST that create the user.
    Create,
    /// The PATCH (Entra ID, Okta OIN apps) or PUT (Okta AIW apps) that updates it.
    Update,
    /// The request that disables the user (`active` false).
    Deactivate,
    /// The DELETE (Entra ID on hard delete; Okta never deletes users).
    Delete,
}

/// Which object a mapping is applied to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MapObject {
    /// Users (the default).
    User,
    /// Groups.
    Group,
}

/// `scimkit map apply`.
#[derive(Debug, Args)]
pub struct MapApplyArgs {
    /// The mapping configuration.
    #[arg(value_name = "MAPPING_FILE")]
    pub mapping: PathBuf,

    /// The source user (`-`: standard input).
    #[arg(value_name = "SOURCE_USER_FILE")]
    pub source: PathBuf,

    /// Which request to simulate.
    #[arg(long, value_enum, default_value_t = Operation::Create)]
    pub operation: Operation,

    /// A service-provider profile: a built-in name or a profile JSON file.
    #[arg(long, value_name = "NAME|FILE")]
    pub profile: Option<String>,

    /// Apply the user or the group mappings.
    #[arg(long, value_enum, default_value_t = MapObject::User)]
    pub object: MapObject,

    /// The time `Now()` and `Time.now()` return (xsd:dateTime); default
    /// 2026-01-01T00:00:00Z, so output is reproducible.
    #[arg(long, value_name = "DATETIME")]
    pub now: Option<String>,

    /// The seed of `Guid()` and `RandomString()`.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
}

/// `scimkit map presets`.
#[derive(Debug, Args)]
pub struct MapPresetsArgs {
    /// A preset to print (its configuration, or the profile): `entra`,
    /// `okta` or a profile name; without it, the list.
    #[arg(value_name = "NAME")]
    pub name: Option<String>,
}

/// `scimkit expr …`.
#[derive(Debug, Subcommand)]
pub enum ExprCommand {
    /// Evaluate an expression for a source user and print the value as JSON.
    #[command(after_help = r#"Examples:
  scimkit expr eval 'Join(" ", [givenName], [surname])' examples/mappings/entra-source-user.json
  scimkit expr eval --language okta 'user.firstName + "." + user.lastName' examples/mappings/okta-source-user.json
  scimkit expr eval --now 2026-03-04T05:06:07Z 'DateAdd("d", 7, Now())'

Without SOURCE_USER_FILE the user is empty ({}). `Now()`/`Time.now()` read
--now (default: the current time); `Guid()`/`RandomString()` read --seed."#)]
    Eval(ExprEvalArgs),
}

/// An expression language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Language {
    /// Microsoft Entra ID attribute-mapping expressions.
    Entra,
    /// The Okta Expression Language.
    Okta,
}

/// `scimkit expr eval`.
#[derive(Debug, Args)]
pub struct ExprEvalArgs {
    /// The expression.
    #[arg(value_name = "EXPRESSION")]
    pub expression: String,

    /// The source user as a JSON object (`-`: standard input).
    #[arg(value_name = "SOURCE_USER_FILE")]
    pub user: Option<PathBuf>,

    /// The expression language.
    #[arg(long, value_enum, default_value_t = Language::Entra)]
    pub language: Language,

    /// The instant `Now()` / `Time.now()` return (xsd:dateTime); default: now.
    #[arg(long, value_name = "DATETIME")]
    pub now: Option<String>,

    /// Seed of the generator behind `Guid()` and `RandomString()`.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
}

/// `scimkit schemas …`.
#[derive(Debug, Subcommand)]
pub enum SchemasCommand {
    /// List the schemas and resource types.
    #[command(after_help = "\
Examples:
  scimkit schemas list
  scimkit schemas list --schemas examples/schemas/acme-extension.json --format json")]
    List(SchemasListArgs),

    /// Show one schema's attributes and their characteristics.
    #[command(after_help = "\
Examples:
  scimkit schemas show User
  scimkit schemas show urn:ietf:params:scim:schemas:extension:enterprise:2.0:User
  scimkit schemas show --format json Group")]
    Show(SchemasShowArgs),
}

/// `scimkit schemas list`.
#[derive(Debug, Args)]
pub struct SchemasListArgs {
    #[command(flatten)]
    pub schemas: SchemaFiles,
}

/// `scimkit schemas show`.
#[derive(Debug, Args)]
pub struct SchemasShowArgs {
    /// A schema URN or name (`User`, `EnterpriseUser`).
    #[arg(value_name = "NAME_OR_URN")]
    pub name: String,

    #[command(flatten)]
    pub schemas: SchemaFiles,
}

/// `scimkit logs …`.
#[derive(Debug, Subcommand)]
pub enum LogsCommand {
    /// Explain every failed event of a provisioning log: what was tried, the
    /// request the identity provider sent (rebuilt), the answer, the cause
    /// and the fix on each side.
    #[command(after_help = "\
Examples:
  scimkit logs explain examples/logs/entra-provisioning-log.json
  scimkit logs explain --format json examples/logs/okta-system-log.json

Reads Microsoft Entra ID provisioning logs (Enterprise applications → your
app → Provisioning logs → Download logs as JSON, or Microsoft Graph
GET /auditLogs/provisioning), Okta System Log events (Reports → System Log,
or GET /api/v1/logs), or an error message copied from either console. The
log stays on this machine. Exits 1 when the log has failed events.")]
    Explain(LogsExplainArgs),
}

/// `scimkit logs explain`.
#[derive(Debug, Args)]
pub struct LogsExplainArgs {
    /// The log: a JSON export, one event, or a copied error message (`-` or
    /// none: standard input).
    #[arg(value_name = "FILE|-")]
    pub file: Option<PathBuf>,

    #[command(flatten)]
    pub schemas: SchemaFiles,
}

/// `scimkit explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A request body or a filter (`-` or none: standard input). Text that is
    /// not JSON is read as a filter.
    #[arg(value_name = "FILE|-")]
    pub file: Option<PathBuf>,

    /// Read the input as a filter even if it looks like JSON.
    #[arg(long)]
    pub filter: bool,

    /// The context of a JSON body; detected from `schemas` by default.
    #[arg(long, value_parser = context_parser(), ignore_case = true)]
    pub context: Option<Context>,

    /// The resource type the request is sent to.
    #[arg(long, value_name = "NAME")]
    pub resource_type: Option<String>,

    /// For a PATCH body: the resource it is applied to (a JSON file). The
    /// verdicts are then those of `scimkit patch apply` on the same files.
    #[arg(long, value_name = "RESOURCE_FILE")]
    pub resource: Option<PathBuf>,

    #[command(flatten)]
    pub schemas: SchemaFiles,
}

/// Context names as the core spells them (`create`, …, `bulkResponse`, `error`).
fn context_parser() -> impl TypedValueParser<Value = Context> {
    PossibleValuesParser::new(Context::ALL.iter().map(|c| c.as_str())).try_map(|name: String| {
        Context::from_name(&name).ok_or_else(|| format!("unknown context `{name}`"))
    })
}

/// Dialect names as the core spells them (`strict`, `entra`, `okta`).
fn dialect_parser() -> impl TypedValueParser<Value = Dialect> {
    PossibleValuesParser::new(Dialect::ALL.iter().map(|d| d.as_str())).try_map(|name: String| {
        Dialect::from_name(&name).ok_or_else(|| format!("unknown dialect `{name}`"))
    })
}

/// Whether the raw arguments ask for `--format json` (read without clap, for
/// when clap itself refused them).
pub fn json_requested(args: impl IntoIterator<Item = std::ffi::OsString>) -> bool {
    let args: Vec<String> = args
        .into_iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    args.iter().enumerate().any(|(i, a)| {
        a.eq_ignore_ascii_case("--format=json")
            || (a == "--format"
                && args
                    .get(i + 1)
                    .is_some_and(|v| v.eq_ignore_ascii_case("json")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
