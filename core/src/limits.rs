//! The documented maximums, in one place, enforced the same natively and in wasm.
//!
//! Each limit has a diagnostic code (`limit-…` or `json-…`) that names it when
//! exceeded. The values are far beyond what identity providers send; they exist
//! so that hostile input costs bounded time and memory and never overflows the
//! stack (wasm's is 1 MiB).

/// Largest document accepted, in bytes (128 MiB).
pub const MAX_DOCUMENT_BYTES: usize = 128 * 1024 * 1024;
/// Deepest nesting of arrays and objects in a JSON document.
pub const MAX_JSON_DEPTH: usize = 128;
/// Longest filter or attribute path, in bytes.
pub const MAX_FILTER_BYTES: usize = 64 * 1024;
/// Deepest nesting of parentheses, `not` and value-path brackets in a filter.
pub const MAX_FILTER_DEPTH: usize = 64;
/// Longest identity-provider expression, in bytes (Entra ID's own limit is 10,000 characters).
pub const MAX_EXPRESSION_BYTES: usize = 10_000;
/// Deepest nesting of function calls and parentheses in an expression.
pub const MAX_EXPRESSION_DEPTH: usize = 64;
/// Largest value one step of an identity-provider expression may produce, in
/// bytes (256 KiB): each function call, operator and literal array. Nesting
/// `Replace` or `Join` multiplies the output per level, so without it a
/// 600-byte expression asks for gigabytes. Source attributes read as they are
/// do not count (they are input, bounded by [`MAX_DOCUMENT_BYTES`]).
pub const MAX_EXPRESSION_VALUE_BYTES: usize = 256 * 1024;
/// Most bytes all the steps of one expression evaluation may produce together
/// (16 MiB), so that many steps each under [`MAX_EXPRESSION_VALUE_BYTES`] stay
/// bounded too.
pub const MAX_EXPRESSION_WORK_BYTES: usize = 16 * 1024 * 1024;
/// Most attribute comparisons one filter evaluation may make over all the
/// resources it is given (10 million): a 64 KB filter against a 28 MB list
/// would otherwise run for minutes.
pub const MAX_FILTER_WORK: usize = 10_000_000;
/// Bytes of a live server's answer `scimkit probe` reads at most (1 MiB); a
/// larger body is judged as far as read, with a `limit-response-size` warning.
pub const MAX_PROBE_RESPONSE_BYTES: usize = 1024 * 1024;
/// Seconds `scimkit probe --timeout` (npm `probe()`'s `timeout`) may wait
/// for one answer at most (10 minutes); the default is
/// [`DEFAULT_PROBE_TIMEOUT_SECS`].
pub const MAX_PROBE_TIMEOUT_SECS: u64 = 600;
/// Seconds the probe waits for one answer unless told otherwise.
pub const DEFAULT_PROBE_TIMEOUT_SECS: u64 = 10;
/// Seconds a whole probe run may take before it stops its checks and
/// removes what it made (`--deadline`, npm `deadline`; 5 minutes).
pub const DEFAULT_PROBE_DEADLINE_SECS: u64 = 300;
/// The longest deadline that may be set (one hour).
pub const MAX_PROBE_DEADLINE_SECS: u64 = 3_600;
/// Seconds the cleanup may still take once the deadline has passed; then
/// the probe stops and lists what is left, so a run never takes longer
/// than its deadline plus this.
pub const PROBE_CLEANUP_GRACE_SECS: u64 = 60;
/// Bytes of a token file (or variable) the probe reads at most (16 KiB):
/// bearer tokens are a few KB at most, and `/dev/zero` is not one.
pub const MAX_PROBE_TOKEN_BYTES: usize = 16 * 1024;
/// Diagnostics a report keeps by default; the rest are counted in one final
/// `limit-diagnostics` diagnostic. Callers can choose another cap
/// (`--max-diagnostics`, `maxDiagnostics`).
pub const DEFAULT_MAX_DIAGNOSTICS: usize = 1_000;
/// Most operations in one PatchOp body (counted while the body is read, so a
/// larger one is refused before it is held in memory).
pub const MAX_PATCH_OPERATIONS: usize = 10_000;
/// Most operations in one BulkRequest.
pub const MAX_BULK_OPERATIONS: usize = 10_000;

/// Failed and warning events of a provisioning log that `explain_log`
/// explains in full (rebuilt requests, answer, cause, fix); the others are
/// counted by cause, so a 100,000-event export still costs bounded work and
/// output.
pub const MAX_LOG_EXPLANATIONS: usize = 1_000;
/// Bytes of each identity-provider text (a reason, an answer's detail) an
/// explanation keeps; longer ones are cut with a note of how much was left.
/// An output bound, not a refusal, so it has no code and is not in [`ALL`].
pub const MAX_LOG_TEXT_BYTES: usize = 4 * 1024;
/// Header lines of a raw HTTP request (pasted into the payload check) read
/// at most; what follows is taken as the body. An input bound without a code.
pub const MAX_HTTP_HEADERS: usize = 100;

/// Changed attributes of one log event that are rebuilt into requests
/// (the mapping simulator grows with each); more are listed as changed but
/// left out of the rebuilt request, and the explanation says so. An output
/// bound, not in [`ALL`].
pub const MAX_LOG_CHANGES: usize = 256;

/// Every limit with its name, for documentation and the npm package.
pub const ALL: &[(&str, usize)] = &[
    ("maxDocumentBytes", MAX_DOCUMENT_BYTES),
    ("maxJsonDepth", MAX_JSON_DEPTH),
    ("maxFilterBytes", MAX_FILTER_BYTES),
    ("maxFilterDepth", MAX_FILTER_DEPTH),
    ("maxExpressionBytes", MAX_EXPRESSION_BYTES),
    ("maxExpressionDepth", MAX_EXPRESSION_DEPTH),
    ("maxExpressionValueBytes", MAX_EXPRESSION_VALUE_BYTES),
    ("maxExpressionWorkBytes", MAX_EXPRESSION_WORK_BYTES),
    ("maxFilterWork", MAX_FILTER_WORK),
    ("maxProbeResponseBytes", MAX_PROBE_RESPONSE_BYTES),
    ("defaultMaxDiagnostics", DEFAULT_MAX_DIAGNOSTICS),
    ("maxPatchOperations", MAX_PATCH_OPERATIONS),
    ("maxBulkOperations", MAX_BULK_OPERATIONS),
    ("maxLogExplanations", MAX_LOG_EXPLANATIONS),
];
