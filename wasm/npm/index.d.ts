// Types of the scimkit npm package. Hand-written to describe the exact JSON
// the Rust core produces; `cargo xtask test` compiles a consumer against them
// with `tsc --strict`.

/** Any JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * A document, filter tree or configuration: JSON text (diagnostics then
 * carry spans into it) or an already-parsed value (no spans).
 */
export type JsonInput = string | JsonValue;

/** How serious a diagnostic is. */
export type Severity = "error" | "warning" | "info";

/**
 * Where a diagnostic points in the checked text. `start` and `end` are UTF-16
 * code-unit offsets (JavaScript string indices, end exclusive) unless
 * `positionEncoding: "utf8"` asked for bytes; `line` and `column` are 1-based,
 * columns counted in Unicode scalar values.
 */
export interface Span {
  start: number;
  end: number;
  line: number;
  column: number;
}

/** One problem found in the input. */
export interface Diagnostic {
  severity: Severity;
  /** A stable code such as `unknown-attribute`; see `codes()`. Codes are never renamed or reused. */
  code: string;
  /** JSON Pointer (RFC 6901) into the input; `""` is the whole document. */
  path: string;
  /** What is wrong, written for an identity admin. */
  message: string;
  /** Where it is in the text; absent when the input was an object. */
  span?: Span;
  /** What to do about it, when there is a concrete fix (often on the identity provider's side). */
  help?: string;
}

/** The outcome of a check: `valid` unless some diagnostic is an error. */
export interface Report {
  valid: boolean;
  diagnostics: Diagnostic[];
}

/** Where a document appears. */
export type Context = "create" | "replace" | "patch" | "response" | "list" | "search" | "bulk" | "bulkResponse" | "error";

/** Which identity provider's deviations to accept (as `quirk-*` warnings). */
export type Dialect = "strict" | "entra" | "okta";

/** How span offsets are counted. */
export type PositionEncoding = "utf16" | "utf8";

/** Thrown for caller mistakes (bad options, unknown profile, a filter that does not parse where one is required); never for problems in the checked input, which come back as diagnostics. */
export declare class ScimkitError extends Error {
  readonly name: "ScimkitError";
  /** `invalid-argument`, `invalid-option`, `unknown-profile`, `unknown-resource-type`, `filter-syntax`, `invalid-ast`, `invalid-json`, `not-initialized` (before `init()` in browsers), `freed` (a `Validator` after `free()`), `limit-filter-work` (evaluateFilter/traceFilter past `limits().maxFilterWork`), `invalid-mapping` (probe's `mapping`/`user` cannot be simulated), `internal`. */
  readonly code: string;
  /** The diagnostics behind the error (a filter's syntax errors). */
  readonly diagnostics?: Diagnostic[];
}

export interface ValidateOptions {
  /** Default: detected from the document's `schemas` (PatchOp, ListResponse, …), otherwise `create`. */
  context?: Context;
  /** `User`, `Group` or a custom resource type; default: from the core schema in `schemas`. */
  resourceType?: string;
  /** A service-provider profile name (`profiles()`, or one given to the `Validator`). */
  profile?: string;
  /** Report unknown attributes as warnings. */
  lenient?: boolean;
  dialect?: Dialect;
  /** Diagnostics the report lists (default 1000, `limits().defaultMaxDiagnostics`); the rest are counted in one final `limit-diagnostics` warning. */
  maxDiagnostics?: number;
  positionEncoding?: PositionEncoding;
}

export interface FilterOptions {
  /** The resource type filters are checked against (default `User`) and evaluated against (default: each resource's own, from its `schemas`, else `User`). */
  resourceType?: string;
  /** `entra` accepts `emails[type eq "work"].value eq "x"` with a warning. */
  dialect?: Dialect;
  positionEncoding?: PositionEncoding;
  /** `parseFilter` only: `false` returns `ast: null` (validity, canonical text and diagnostics only). Default `true`. */
  ast?: boolean;
}

export interface PatchOptions {
  /** The resource type the PATCH is sent to; default: from the resource, or inferred from the paths. */
  resourceType?: string;
  dialect?: Dialect;
  positionEncoding?: PositionEncoding;
}

export interface MappingOptions {
  operation?: "create" | "update" | "deactivate" | "delete";
  object?: "User" | "Group";
  profile?: string;
  /** The current time for Now()/Time.now, as xsd:dateTime; default 2026-01-01T00:00:00Z (reproducible). */
  now?: string;
  /** Seed of Guid()/RandomString(). */
  seed?: number;
  /** The service provider's current resource, so updates send only differences. */
  current?: JsonInput;
  /** The id the service provider assigned, for update URLs. */
  resourceId?: string;
  positionEncoding?: PositionEncoding;
}

export interface ExpressionOptions {
  /** `entra` (default) or `okta`. */
  language?: "entra" | "okta";
  now?: string;
  seed?: number;
  positionEncoding?: PositionEncoding;
}

/** What a check assumed (see `assumed`). */
export interface Assumed {
  context: Context;
  contextDetected: boolean;
  resourceType: string | null;
  resourceTypeDetected: boolean;
  /** The document has no usable `schemas`: what was detected came from its attributes or the default. */
  schemasMissing: boolean;
  dialect: Dialect;
  profile: string | null;
  /** Other contexts the document may be meant for, the likeliest first (only when the context was detected). */
  alternatives: { context: Context; reason: string }[];
}

export interface ExplainOptions {
  /** Read the input as a filter (`true`) or a JSON body (`false`); default by its look. */
  filter?: boolean;
  context?: Context;
  resourceType?: string;
  /**
   * For a PATCH body: the resource it is applied to (JSON text or a value).
   * The two verdicts are then those of `applyPatch` on the same inputs: a
   * resource that is not JSON, or whose type cannot be told, is their
   * diagnostic. Ignored for a body that is not a PATCH.
   */
  target?: JsonInput;
}

export interface ValidatorOptions {
  /** Custom Schema / ResourceType definitions: each a Schema, a ResourceType, an array, or a ListResponse from /Schemas. */
  schemas?: JsonInput | JsonInput[];
  /** Custom service-provider profiles. */
  profiles?: JsonInput | JsonInput[];
}

/** What loading the custom schemas and profiles found. */
export interface SetupReport {
  valid: boolean;
  inputs: { kind: "schemas" | "profiles"; index: number; report: Report }[];
}

export type CompareOp = "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "lt" | "ge" | "le";

/** A filter tree. Attribute paths are strings (`name.familyName`, `urn:…:User:manager`). */
export type FilterAst =
  | { type: "present"; attribute: string }
  | { type: "compare"; attribute: string; op: CompareOp; value: null | boolean | number | string }
  | { type: "not"; filter: FilterAst }
  | { type: "and"; left: FilterAst; right: FilterAst }
  | { type: "or"; left: FilterAst; right: FilterAst }
  | { type: "valuePath"; attribute: string; filter: FilterAst };

export interface ParsedFilter {
  ok: boolean;
  ast: FilterAst | null;
  /** The canonical text, when it parsed. */
  canonical: string | null;
  /** Syntax errors (each span is the offending token: `start` = offset, `end - start` = length), and quirk warnings. */
  diagnostics: Diagnostic[];
}

/** One node of a filter evaluation trace. */
export interface Trace {
  kind: "and" | "or" | "not" | "present" | "compare" | "valuePath";
  /** The sub-expression, printed canonically. */
  expression: string;
  matched: boolean;
  /** The rule that decided, in words (caseExact comparison, any element matched, dateTime as instants, …). */
  rule: string;
  /** Offsets of the sub-expression in the filter text. */
  start: number;
  end: number;
  children?: Trace[];
  /** The attribute values tested. */
  values?: JsonValue[];
  /** Indexes of the multi-valued elements that matched. */
  matchedElements?: number[];
  /** For value paths, the inner filter on each element. */
  elements?: { index: number; matched: boolean; trace: Trace }[];
}

export interface Change {
  /** JSON Pointer into the result (into the original for `removed`). */
  path: string;
  kind: "added" | "removed" | "replaced";
  old?: JsonValue;
  new?: JsonValue;
}

export interface PatchResult {
  /** The resulting resource (the original when the PATCH failed). */
  resource: JsonValue;
  report: Report;
  changes: Change[];
}

export interface MappingRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Below the SCIM base URL (`/Users`, `/Users/{id}`). */
  path: string;
  query?: { name: string; value: string }[];
  /** `path` with the percent-encoded query, as sent. */
  url: string;
  purpose: string;
  body?: JsonValue;
  /** Whether the service provider accepts the body (validated in the identity provider's dialect, with the profile). */
  report: Report;
}

export interface MappingTraceEntry {
  target: string;
  mapping?: number;
  configPointer?: string;
  mappingType?: "direct" | "constant" | "expression" | "none" | "appUsername";
  expression?: string;
  value?: JsonValue;
  request?: number;
  pointer?: string;
  note?: string;
  /** One line: `userName ← mailNickname = "ada"`. */
  summary: string;
}

export interface MappingResult {
  valid: boolean;
  operation: "create" | "update" | "deactivate" | "delete";
  object: "User" | "Group";
  identityProvider?: "entra" | "okta";
  requests: MappingRequest[];
  lookups?: { attribute: string; value: string; filter: string; precedence: number; mapping: number; request: number }[];
  trace: MappingTraceEntry[];
  /** The configuration's diagnostics, spans into the configuration text. */
  report: Report;
  /** Problems with the sample source user. */
  sourceReport: Report;
}

export interface ExpressionResult {
  value: JsonValue;
  /** Entra's IgnoreFlowIfNullOrEmpty: the attribute would not be sent. */
  omitted: boolean;
  report: Report;
}

export type Sender = "rfc" | "entra" | "entraScimCompliant" | "okta";

export interface Deviation {
  code: string;
  title: string;
  path: string;
  span?: Span;
  message: string;
  /** The RFC section it departs from. */
  rfc: string;
  acceptedBy: Dialect;
  /** What the service provider must accept. */
  serviceProvider: string;
  /** How the admin changes it on the identity-provider side, when possible. */
  identityProvider?: string;
}

export interface Explanation {
  /** `filter`, or the context the body was read as. */
  input: string;
  sender: Sender;
  senderLabel: string;
  confidence: "low" | "medium" | "high";
  deviations: Deviation[];
  signals: { sender: Sender; description: string; path: string }[];
  /** The verdict of an RFC-strict service provider. */
  strict: Report;
  /** The verdict of a service provider that accepts the detected sender's dialect. */
  dialectVerdict: Report;
}

export interface LogOptions {
  positionEncoding?: PositionEncoding;
}

/** A cause of the catalogue (`core/src/logs/causes.json`). */
export type LogCause =
  | "string-boolean-rejected" | "members-remove-value-rejected" | "bare-manager-rejected" | "op-case-rejected"
  | "dialect-rejected" | "conflict" | "duplicate-match" | "required-missing" | "matching-filter-rejected"
  | "update-conflict" | "credentials-rejected" | "access-denied" | "not-found-on-update" | "endpoint-not-found"
  | "rate-limited" | "server-error" | "bad-request" | "unknown";

/** One failed (or warning) event of a provisioning log, explained. */
export interface LogEvent {
  index: number;
  /** JSON pointer to the event in the input ("" for a copied message). */
  pointer: string;
  span?: Span;
  identityProvider: "entra" | "okta";
  id?: string;
  time?: string;
  status: "failure" | "warning" | "skipped" | "success" | "unknown" | "unrelated";
  /** The log's own name for what happened (`update`, `application.provision.user.push`). */
  activity: string;
  action: "create" | "update" | "disable" | "delete" | "addMembers" | "removeMembers" | "match" | "authenticate" | "other";
  /** `action` in a sentence ("disable the user"). */
  summary: string;
  subject: { object?: "User" | "Group"; name?: string; sourceId?: string; targetId?: string; application?: string };
  changes?: { attribute: string; target?: string; old: string | null; new: string | null }[];
  errorCode?: string;
  /** The identity provider's own words (cut at 4 KiB). */
  reason?: string;
  failedStep?: string;
  /** The service provider's answer, as the log quotes it. */
  answer?: { status?: number; statusText?: string; body?: JsonValue; scimType?: string; detail?: string; report?: Report };
  /** The requests the identity provider sent, rebuilt in its dialect, each validated. */
  requests: MappingRequest[];
  cause: {
    code: LogCause;
    title: string;
    /** `stated` by the log, `deduced` from the rebuilt request, or `unknown`. */
    certainty: "stated" | "deduced" | "unknown";
    why: string;
    evidence: string[];
    /** Other causes that fit as well. */
    candidates?: LogCause[];
    /** The identity provider retries on its own. */
    transient: boolean;
  };
  fix: { serviceProvider: string; identityProvider: string };
  /** What the log does not say. */
  unknown?: string[];
  /** A `scimkit probe` command line for this sender (the base URL is a placeholder). */
  probe: string;
}

/** What `explainLog` found. */
export interface LogExplanation {
  format: "entraProvisioning" | "oktaSystemLog" | "message" | "unknown";
  formatLabel: string;
  events: number;
  /** `unrelated`: events that are not about provisioning (Okta sign-ins and the like), counted only. */
  statuses: { failure: number; warning: number; skipped: number; success: number; unknown: number; unrelated: number };
  /** The failed and warning events, at most `limits().maxLogExplanations`. */
  explained: LogEvent[];
  /** Failed and warning events beyond the limit, counted in `causes` only. */
  omitted: number;
  causes: { cause: LogCause; count: number }[];
  /** Problems with the input itself: `json-syntax`, `log-unrecognized`, `limit-log-events`. */
  report: Report;
}

export interface SchemaAttribute {
  name: string;
  type: "string" | "boolean" | "decimal" | "integer" | "dateTime" | "binary" | "reference" | "complex";
  multiValued: boolean;
  description?: string;
  required: boolean;
  canonicalValues?: string[];
  caseExact: boolean;
  mutability: "readOnly" | "readWrite" | "immutable" | "writeOnly";
  returned: "always" | "never" | "default" | "request";
  uniqueness: "none" | "server" | "global";
  referenceTypes?: string[];
  subAttributes?: SchemaAttribute[];
}

export interface Schema {
  id: string;
  name?: string;
  description?: string;
  attributes: SchemaAttribute[];
}

export interface ResourceType {
  name: string;
  id?: string;
  endpoint: string;
  description?: string;
  schema: string;
  schemaExtensions?: { schema: string; required: boolean }[];
}

export interface Profile {
  name: string;
  title: string;
  description: string;
  rules: { resourceType: string; attribute: string; required: boolean; pattern?: string; maxLength?: number; message?: string; help?: string }[];
  features: { patch: boolean; bulk: boolean; filter: boolean; sort: boolean; changePassword: boolean; etag: boolean };
}

export interface Quirk {
  code: string;
  title: string;
  rfc: string;
  senders: Sender[];
  dialect: Dialect;
  serviceProvider: string;
  identityProvider: string | null;
  /** Which of scimkit's engines report it. */
  foundBy: ("validate" | "patch" | "detect" | "filter")[];
}

/** A validator built once (built-in plus custom schemas and profiles), then reused. */
export declare class Validator {
  constructor(options?: ValidatorOptions);
  /** What loading the custom schemas and profiles found. */
  readonly setup: SetupReport;
  validate(document: JsonInput, options?: ValidateOptions): Report;
  assumed(document: JsonInput, options?: ValidateOptions): Assumed | null;
  checkFilter(filter: string, options?: FilterOptions): Report;
  evaluateFilter(filter: string | FilterAst, resource: JsonInput, options?: FilterOptions): boolean | boolean[];
  traceFilter(filter: string | FilterAst, resource: JsonInput, options?: FilterOptions): Trace | Trace[];
  checkPatch(patch: JsonInput, options?: PatchOptions): Report;
  applyPatch(resource: JsonInput, patch: JsonInput, options?: PatchOptions): PatchResult;
  checkMapping(config: JsonInput, options?: MappingOptions): Report;
  applyMapping(config: JsonInput, sourceUser: JsonInput, options?: MappingOptions): MappingResult;
  explain(request: JsonInput, options?: ExplainOptions): Explanation;
  explainLog(log: JsonInput, options?: LogOptions): LogExplanation;
  schemas(): Schema[];
  resourceTypes(): ResourceType[];
  profiles(): Profile[];
  /** Frees the wasm memory now (otherwise when garbage-collected). */
  free(): void;
}

/** Validates a SCIM document (resource or message) with the built-in schemas. */
export declare function validate(document: JsonInput, options?: ValidateOptions): Report;
/**
 * What `validate` assumes where the options leave a choice open: the context
 * and resource type it checks as, whether each was detected, and the other
 * contexts the document may be meant for. `null` when it is not JSON.
 */
export declare function assumed(document: JsonInput, options?: ValidateOptions): Assumed | null;
/** Parses a filter: the tree, or the errors with their offsets. Never throws for bad filters. */
export declare function parseFilter(filter: string, options?: FilterOptions): ParsedFilter;
/** The canonical text of a filter tree. */
export declare function formatFilter(ast: FilterAst): string;
/** Checks a filter's syntax and its attributes and values against a resource type. */
export declare function checkFilter(filter: string, options?: FilterOptions): Report;
/**
 * Whether a resource matches a filter (`boolean`), or each of an array or a
 * ListResponse's `Resources` (`boolean[]`).
 * @throws {ScimkitError} `filter-syntax` when the filter does not parse.
 */
export declare function evaluateFilter(filter: string | FilterAst, resource: JsonInput, options?: FilterOptions): boolean | boolean[];
/** The evaluation trace of one resource (`Trace`) or several (`Trace[]`). */
export declare function traceFilter(filter: string | FilterAst, resource: JsonInput, options?: FilterOptions): Trace | Trace[];
/** Checks a PatchOp body against a resource type, in a dialect. */
export declare function checkPatch(patch: JsonInput, options?: PatchOptions): Report;
/** Applies a PatchOp to a resource with RFC 7644 semantics, in a dialect. */
export declare function applyPatch(resource: JsonInput, patch: JsonInput, options?: PatchOptions): PatchResult;
/** Checks an identity-provider mapping configuration (scimkit's format, Entra's exported schema, or Okta's mappings). */
export declare function checkMapping(config: JsonInput, options?: MappingOptions): Report;
/** The requests the identity provider sends for a source user, each validated. */
export declare function applyMapping(config: JsonInput, sourceUser: JsonInput, options?: MappingOptions): MappingResult;
/** Evaluates an Entra ID or Okta expression for a source user. */
export declare function evaluateExpression(expression: string, sourceUser?: JsonInput, options?: ExpressionOptions): ExpressionResult;
/** Which identity provider a request or filter looks like, and every deviation it contains. */
export declare function explain(request: JsonInput, options?: ExplainOptions): Explanation;
/** Why provisioning failed: each failed event of an Entra ID provisioning log, Okta System Log events or a copied console message, with the request rebuilt, the answer quoted, the cause and the fix. */
export declare function explainLog(log: JsonInput, options?: LogOptions): LogExplanation;
export declare function schemas(): Schema[];
export declare function resourceTypes(): ResourceType[];
export declare function profiles(): Profile[];
export declare function mappingPresets(): { name: string; title: string; identityProvider: "entra" | "okta"; config: JsonValue }[];
export declare function samples(): { identityProvider: "entra" | "okta"; object: "User" | "Group"; source: JsonValue }[];
/** Every diagnostic code: its area, default severity, meaning, and how an admin fixes it in general (a diagnostic's own `help` is more specific). */
export declare function codes(): { code: string; area: string; severity: Severity; description: string; fix: string }[];
export declare function quirks(): Quirk[];
export declare function limits(): { [name: string]: number };
export declare function version(): string;

/** Loads the wasm module (browsers, bundlers); resolves at once in Node. */
export default function init(input?: unknown): Promise<void>;
/** Loads the wasm module synchronously from its bytes. */
export declare function initSync(module: { module: BufferSource | WebAssembly.Module } | BufferSource | WebAssembly.Module): unknown;

/** Options of `probe()`. */
export interface ProbeOptions {
  /** The bearer token: visible ASCII, masked as `****` wherever it appears in the report (server answers included). */
  token?: string;
  /** Whose request forms to send. Default `rfc`. */
  as?: "rfc" | "entra" | "entra-scim-compliant" | "okta";
  /** Also create, change and delete test objects named `scimkit-probe-…` (removed at the end). */
  write?: boolean;
  /** Seconds to wait for each answer, 1 to 600. Default 10. */
  timeout?: number;
  /** Warnings fail the run too (`ok` is false): for a service provider's CI. */
  strict?: boolean;
  /** Seconds the whole run may take, 1 to 3600 (default 300): then no further check is sent and what `write` made is removed, within 60 s more. */
  deadline?: number;
  /** Seed of the names the probe makes up, to repeat a run (default: random, so each run makes new names). */
  seed?: number;
  /** The admin's attribute mapping (a configuration `applyMapping` reads, as text or value): its lookup is tried, and with `write` the first test user is created, updated and deactivated with its requests (renamed `scimkit-probe-…`). Needs `user`; the sender becomes the mapping's identity provider. */
  mapping?: string | object;
  /** The source user the mapping is applied to (text or value). */
  user?: string | object;
  /** The `fetch` to use (default `globalThis.fetch`). */
  fetch?: typeof fetch;
}

/** One check of a probe. */
export interface ProbeCheck {
  readonly id: string;
  readonly title: string;
  readonly reference: string;
  readonly status: "pass" | "fail" | "warn" | "skip";
  readonly message: string;
  readonly request?: { readonly method: string; readonly target: string; readonly url: string; readonly authorization: string; readonly body?: string; readonly removed?: boolean };
  readonly response?: { readonly status: number; readonly contentType: string | null; readonly body: string };
  readonly diagnostics: Diagnostic[];
  readonly advice?: string;
}

/** What `probe()` found: the same object as `scimkit probe --format json`. */
export interface ProbeReport {
  readonly target: string;
  readonly as: "rfc" | "entra" | "entra-scim-compliant" | "okta";
  readonly checks: ProbeCheck[];
  readonly summary: { readonly passed: number; readonly failed: number; readonly warnings: number; readonly skipped: number };
  /** No check failed (and with `strict`, none warned): what `scimkit probe` exits 0 for. */
  readonly ok: boolean;
  /** Set when nothing answered at the base URL. */
  readonly error?: string;
  /** Why the run ended before its last check (the deadline). */
  readonly stopped?: string;
  /** What the probe made (or found carrying its run's name) and could not confirm removed; empty when the server is left as it was found. */
  readonly leftovers: ProbeLeftover[];
}

/** An object left on the server by a probe. */
export interface ProbeLeftover {
  readonly resourceType: "User" | "Group";
  readonly id: string;
  /** Its userName or displayName. */
  readonly name: string;
  /** Its path below the base URL (the id percent-encoded): where a DELETE by hand goes. */
  readonly target: string;
  /** Whether the probe proved it created it (else it was only found by its run's name). */
  readonly proven: boolean;
  readonly reason: string;
}

/** Probes a live SCIM endpoint the way Entra ID and Okta use it (see `scimkit probe`). */
export declare function probe(baseUrl: string, options?: ProbeOptions): Promise<ProbeReport>;
