// The scimkit npm API. A thin wrapper over the wasm exports (scimkit.js,
// wasm-bindgen's glue): it turns objects into JSON text, parses the JSON text
// every export returns, and throws ScimkitError for caller mistakes. All
// checking happens in the Rust core; nothing here inspects documents.
//
// Browsers and bundlers: `await init()` once before the first call.
// Node: import "scimkit" and call away (node.js initializes synchronously).
import wasmInit, * as wasm from "./scimkit.js";

/** An error in how scimkit was called (not a problem in the checked input). */
export class ScimkitError extends Error {
  constructor(code, message, diagnostics) {
    super(message);
    this.name = "ScimkitError";
    this.code = code;
    if (diagnostics !== undefined) this.diagnostics = diagnostics;
  }
}

// Whether the wasm module is loaded: tracked here rather than guessed from
// the message of whatever the glue throws when it is not.
let initialized = false;

// The module's memory, where parseFilter's fast path leaves its numbers,
// and a 32-bit view of it (made anew when the memory has grown).
let memory = null;
let words = new Uint32Array(0);

function memoryWords() {
  if (words.buffer !== memory.buffer) words = new Uint32Array(memory.buffer);
  return words;
}

/** Loads the wasm module (browsers); a no-op once loaded. */
export default async function init(input) {
  const exports = await wasmInit(input);
  memory = exports.memory;
  initialized = true;
}

/** Loads the wasm module synchronously from its bytes or a compiled module. */
export function initSync(module) {
  const exports = wasm.initSync(module);
  memory = exports.memory;
  initialized = true;
  return exports;
}

function ensureInitialized() {
  if (!initialized) {
    throw new ScimkitError("not-initialized", "scimkit is not initialized: call `await init()` first (browsers)");
  }
}

function describe(e) {
  return e && typeof e === "object" && "message" in e ? e.message : String(e);
}

/**
 * Reads the caller's arguments. Anything that throws while they are read (a
 * Proxy's trap, a getter, a cyclic object) is the caller's mistake:
 * `invalid-argument`, never a raw Error.
 */
function args(read) {
  try {
    return read();
  } catch (e) {
    if (e instanceof ScimkitError) throw e;
    throw new ScimkitError("invalid-argument", `an argument could not be read: ${describe(e)}`);
  }
}

function unwrap(text) {
  const result = JSON.parse(text);
  if (result.ok) return result.value;
  const { code, message, diagnostics } = result.error;
  throw new ScimkitError(code, message, diagnostics);
}

/** Any failure of a wasm call as a ScimkitError. */
function translate(e) {
  if (e instanceof ScimkitError) return e;
  return new ScimkitError("internal", `scimkit failed: ${describe(e)}`);
}

function call(fn) {
  ensureInitialized();
  try {
    return unwrap(fn());
  } catch (e) {
    throw translate(e);
  }
}

/** A JSON input: text (spans are reported) or a value (no spans). */
function input(value, name) {
  if (typeof value === "string") return [value, false];
  if (value === undefined || typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") {
    throw new ScimkitError("invalid-argument", `\`${name}\` must be a JSON string or a JSON value, found ${typeof value}`);
  }
  let text;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw new ScimkitError("invalid-argument", `\`${name}\` cannot be turned into JSON: ${e.message}`);
  }
  return [text, true];
}

function text(value, name) {
  if (typeof value !== "string") {
    throw new ScimkitError("invalid-argument", `\`${name}\` must be a string, found ${value === null ? "null" : typeof value}`);
  }
  return value;
}

function opts(options, name = "options") {
  if (options === undefined || options === null) return "";
  if (typeof options !== "object" || Array.isArray(options)) {
    throw new ScimkitError("invalid-argument", `\`${name}\` must be an object`);
  }
  try {
    return JSON.stringify(options);
  } catch (e) {
    throw new ScimkitError("invalid-argument", `\`${name}\` cannot be turned into JSON: ${describe(e)}`);
  }
}

function texts(list, name) {
  if (list === undefined || list === null) return [];
  const items = Array.isArray(list) ? list : [list];
  return items.map((item, i) => input(item, `${name}[${i}]`)[0]);
}

/**
 * A validator built once from the built-in schemas plus custom schemas and
 * profiles, then reused. Every function below is also a method here.
 */
export class Validator {
  constructor(options = {}) {
    if (typeof options !== "object" || options === null || Array.isArray(options)) {
      throw new ScimkitError("invalid-argument", "`options` must be an object");
    }
    const config = args(() =>
      JSON.stringify({
        schemas: texts(options.schemas, "schemas"),
        profiles: texts(options.profiles, "profiles"),
      }),
    );
    ensureInitialized();
    this._freed = false;
    try {
      this._session = new wasm.Session(config);
    } catch (e) {
      // The constructor throws the error envelope as a string.
      if (typeof e === "string") unwrap(e);
      throw translate(e);
    }
    /** What loading the custom schemas and profiles found. */
    this.setup = call(() => this._session.setup());
  }

  /** The session, or `freed` once `free()` was called. */
  _live() {
    if (this._freed) {
      throw new ScimkitError("freed", "this Validator was freed with free(); create a new one");
    }
    return this._session;
  }

  validate(document, options) {
    const [doc, fromObject, o] = args(() => [...input(document, "document"), opts(options)]);
    const session = this._live();
    return call(() => session.validate(doc, fromObject, o));
  }

  assumed(document, options) {
    const [doc, , o] = args(() => [...input(document, "document"), opts(options)]);
    const session = this._live();
    return call(() => session.assumed(doc, o));
  }

  checkFilter(filter, options) {
    const [f, o] = args(() => [text(filter, "filter"), opts(options)]);
    const session = this._live();
    return call(() => session.checkFilter(f, o));
  }

  evaluateFilter(filter, resources, options) {
    return this._evaluate(filter, resources, options, false);
  }

  traceFilter(filter, resources, options) {
    return this._evaluate(filter, resources, options, true);
  }

  _evaluate(filter, resources, options, trace) {
    const [ast, f, r, o] = args(() => {
      const ast = typeof filter !== "string";
      return [ast, ast ? input(filter, "filter")[0] : filter, input(resources, "resources")[0], opts(options)];
    });
    const session = this._live();
    return call(() => session.evaluateFilter(f, ast, r, o, trace));
  }

  checkPatch(patch, options) {
    const [p, fromObject, o] = args(() => [...input(patch, "patch"), opts(options)]);
    const session = this._live();
    return call(() => session.checkPatch(p, fromObject, o));
  }

  applyPatch(resource, patch, options) {
    const [r, objectResource, p, objectPatch, o] = args(() => [...input(resource, "resource"), ...input(patch, "patch"), opts(options)]);
    const session = this._live();
    return call(() => session.applyPatch(r, p, objectResource || objectPatch, o));
  }

  checkMapping(config, options) {
    const [c, fromObject, o] = args(() => [...input(config, "config"), opts(options)]);
    const session = this._live();
    return call(() => session.checkMapping(c, fromObject, o));
  }

  applyMapping(config, sourceUser, options) {
    const [c, objectConfig, u, objectUser, o] = args(() => {
      let o = options;
      if (o && typeof o === "object" && o.current !== undefined && typeof o.current !== "string") {
        o = { ...o, current: input(o.current, "options.current")[0] };
      }
      return [...input(config, "config"), ...input(sourceUser, "sourceUser"), opts(o)];
    });
    const session = this._live();
    return call(() => session.applyMapping(c, u, objectConfig || objectUser, o));
  }

  explainLog(log, options) {
    const [l, fromObject, o] = args(() => [...input(log, "log"), opts(options)]);
    const session = this._live();
    return call(() => session.explainLog(l, fromObject, o));
  }

  explain(request, options) {
    // A target resource may be a value, as applyPatch's resource may.
    const withTarget = (o) =>
      o && typeof o === "object" && !Array.isArray(o) && o.target !== undefined && o.target !== null && typeof o.target !== "string"
        ? { ...o, target: input(o.target, "options.target")[0] }
        : o;
    const [r, fromObject, o] = args(() => [...input(request, "request"), opts(withTarget(options))]);
    const session = this._live();
    return call(() => session.explain(r, fromObject, o));
  }

  schemas() {
    const session = this._live();
    return call(() => session.catalog("schemas"));
  }

  resourceTypes() {
    const session = this._live();
    return call(() => session.catalog("resourceTypes"));
  }

  profiles() {
    const session = this._live();
    return call(() => session.catalog("profiles"));
  }

  /** Frees the wasm memory now (otherwise freed when garbage-collected); later calls throw `freed`. */
  free() {
    if (this._freed) return;
    this._freed = true;
    this._session.free();
  }
}

let builtin;
function defaultValidator() {
  if (builtin === undefined) builtin = new Validator();
  return builtin;
}

/** Validates a SCIM document with the built-in schemas. */
export const validate = (document, options) => defaultValidator().validate(document, options);
/** What validate assumes where the options leave a choice open: the context and resource type, detected or given. */
export const assumed = (document, options) => defaultValidator().assumed(document, options);
/** Checks a filter's syntax and its attributes against a resource type. */
export const checkFilter = (filter, options) => defaultValidator().checkFilter(filter, options);
/** Whether resources match a filter: a boolean for one, an array for several. */
export const evaluateFilter = (filter, resources, options) => defaultValidator().evaluateFilter(filter, resources, options);
/** The evaluation trace: which sub-expression decided, and by which rule. */
export const traceFilter = (filter, resources, options) => defaultValidator().traceFilter(filter, resources, options);
/** Checks a PatchOp body against a resource type, in a dialect. */
export const checkPatch = (patch, options) => defaultValidator().checkPatch(patch, options);
/** Applies a PatchOp to a resource with RFC 7644 semantics, in a dialect. */
export const applyPatch = (resource, patch, options) => defaultValidator().applyPatch(resource, patch, options);
/** Checks an identity-provider mapping configuration. */
export const checkMapping = (config, options) => defaultValidator().checkMapping(config, options);
/** The requests an identity provider sends for a source user, validated. */
export const applyMapping = (config, sourceUser, options) => defaultValidator().applyMapping(config, sourceUser, options);
/** Which identity provider a request or filter looks like, and its deviations. */
export const explain = (request, options) => defaultValidator().explain(request, options);
/** Why provisioning failed, from an Entra ID provisioning log, Okta System Log events or a copied console message. */
export const explainLog = (log, options) => defaultValidator().explainLog(log, options);
/** The built-in schemas. */
export const schemas = () => defaultValidator().schemas();
/** The built-in resource types. */
export const resourceTypes = () => defaultValidator().resourceTypes();
/** The built-in service-provider profiles. */
export const profiles = () => defaultValidator().profiles();

const catalog = (name) => call(() => defaultValidator()._session.catalog(name));
/** The default mappings of Entra ID and Okta. */
export const mappingPresets = () => catalog("mappingPresets");
/** Sample source users and groups of Entra ID and Okta. */
export const samples = () => catalog("samples");
/** Every diagnostic code with its area, default severity and meaning. */
export const codes = () => catalog("codes");
/** The identity-provider quirks scimkit knows. */
export const quirks = () => catalog("quirks");
/** The documented maximums. */
export const limits = () => catalog("limits");

/** Parses a filter: the tree, or the errors with their offsets. */
export function parseFilter(filter, options) {
  text(filter, "filter");
  const o = options === undefined ? undefined : args(() => opts(options));
  ensureInitialized();
  let at;
  try {
    at = wasm.parseFilterFast(filter, o);
  } catch (e) {
    throw translate(e);
  }
  // 0: a diagnostic, a string with an escape, or an option the fast path
  // leaves to the full result. Otherwise the byte address of
  // [canonical address, canonical length, 1 or 0 (no tree), tree…] in the
  // module's memory. See wasm/src/compact.rs.
  if (at === 0) return call(() => wasm.parseFilter(filter, o ?? ""));
  const numbers = memoryWords();
  const base = at >>> 2;
  const length = numbers[base + 1];
  const canonical = length === 0 ? filter : utf8.decode(new Uint8Array(memory.buffer, numbers[base], length));
  const ast = numbers[base + 2] === 1 ? decodeFilter(filter, numbers, base + 3) : null;
  return { ok: true, ast, canonical, diagnostics: [] };
}

const utf8 = new TextDecoder();

// The fast path's tree (wasm/src/compact.rs: node tags, operator indexes and
// UTF-16 offsets into the filter) decoded into the objects JSON.parse would
// build from the tree's JSON. A module-level cursor rather than closures, as
// this runs for every parseFilter call; the depth is the filter's, which the
// core bounds (limits().maxFilterDepth). Nothing here calls into the module,
// so the numbers stay where they are until the tree is built.
let treeText = "";
let treeNumbers = words;
let treeAt = 0;

// CompareOp::ALL's order (the compare node carries an index into it).
const OPERATORS = ["eq", "ne", "co", "sw", "ew", "gt", "lt", "ge", "le"];

function decodeFilter(filter, numbers, at) {
  treeText = filter;
  treeNumbers = numbers;
  treeAt = at;
  const tree = treeNode();
  treeText = "";
  return tree;
}

function treeSlice() {
  const start = treeNumbers[treeAt];
  const end = treeNumbers[treeAt + 1];
  treeAt += 2;
  return treeText.slice(start, end);
}

function treeNode() {
  switch (treeNumbers[treeAt++]) {
    case 5: {
      const attribute = treeSlice();
      const op = OPERATORS[treeNumbers[treeAt++]];
      return { type: "compare", attribute, op, value: treeValue() };
    }
    case 1: {
      const left = treeNode();
      return { type: "and", left, right: treeNode() };
    }
    case 2: {
      const left = treeNode();
      return { type: "or", left, right: treeNode() };
    }
    case 3:
      return { type: "not", filter: treeNode() };
    case 4:
      return { type: "present", attribute: treeSlice() };
    case 6: {
      const attribute = treeSlice();
      return { type: "valuePath", attribute, filter: treeNode() };
    }
    default:
      throw new ScimkitError("internal", "scimkit returned a filter tree it cannot read");
  }
}

function treeValue() {
  switch (treeNumbers[treeAt++]) {
    case 4:
      return treeSlice();
    case 0:
      return null;
    case 1:
      return true;
    case 2:
      return false;
    case 3:
      return Number(treeSlice());
    default:
      throw new ScimkitError("internal", "scimkit returned a filter value it cannot read");
  }
}

/** The canonical text of a filter tree. */
export function formatFilter(ast) {
  if (ast === null || typeof ast !== "object") {
    throw new ScimkitError("invalid-argument", "`ast` must be a filter tree as parseFilter returns it");
  }
  const tree = args(() => input(ast, "ast")[0]);
  return call(() => wasm.formatFilter(tree));
}

/** Evaluates an Entra ID or Okta mapping expression for a source user. */
export function evaluateExpression(expression, sourceUser, options) {
  const [e, user, o] = args(() => [
    text(expression, "expression"),
    sourceUser === undefined || sourceUser === null ? "" : input(sourceUser, "sourceUser")[0],
    opts(options),
  ]);
  return call(() => wasm.evaluateExpression(e, user, o));
}

/** The scimkit version. */
export function version() {
  ensureInitialized();
  try {
    return wasm.version();
  } catch (e) {
    throw translate(e);
  }
}

// The body limit and the wrong token come from the core (`limits()` and
// each request), so the CLI and this driver cannot drift apart.
async function probeSend(fetchImpl, base, token, request, timeoutMs, maxBody) {
  const headers = { Accept: "application/scim+json, application/json" };
  const bearer = request.bearer ?? token;
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  if (request.body !== null && request.body !== undefined) headers["Content-Type"] = "application/scim+json";
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetchImpl(base + request.target, {
      method: request.method,
      headers,
      body: request.body ?? undefined,
      redirect: "manual",
      signal: controller.signal,
    });
    // Read at most the limit, as the CLI does.
    const chunks = [];
    let size = 0;
    let truncated = false;
    if (response.body) {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        size += value.length;
        if (size > maxBody) {
          truncated = true;
          await reader.cancel();
          break;
        }
      }
    }
    const bytes = new Uint8Array(Math.min(size, maxBody));
    let at = 0;
    for (const c of chunks) {
      const part = c.subarray(0, Math.max(0, bytes.length - at));
      bytes.set(part, at);
      at += part.length;
    }
    return {
      status: response.status,
      contentType: response.headers.get("content-type"),
      etag: response.headers.get("etag"),
      body: new TextDecoder().decode(bytes),
      truncated,
    };
  } catch (e) {
    return { error: controller.signal.aborted ? `timed out after ${timeoutMs / 1000} s` : describe(e) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Probes a live SCIM endpoint the way Entra ID and Okta use it: the same plan
 * and checks as `scimkit probe`, sent with `fetch`. Resolves to the same report.
 */
export async function probe(baseUrl, options) {
  const [base, o] = args(() => {
    const base = text(baseUrl, "baseUrl");
    if (options !== undefined && (options === null || typeof options !== "object" || Array.isArray(options))) {
      throw new ScimkitError("invalid-argument", "`options` must be an object");
    }
    return [base, { ...(options ?? {}) }];
  });
  const { token, timeout = 10, fetch: fetchImpl = globalThis.fetch, mapping, user, ...planOptions } = o;
  // As the CLI: new made-up names each run unless a seed repeats one.
  if (planOptions.seed === undefined) planOptions.seed = Math.floor(Math.random() * Number.MAX_SAFE_INTEGER);
  // The mapping and the user may be given as JSON values or as text.
  for (const [name, value] of [["mapping", mapping], ["user", user]]) {
    if (value !== undefined) planOptions[name] = args(() => input(value, `options.${name}`))[0];
  }
  if (token !== undefined && typeof token !== "string") {
    throw new ScimkitError("invalid-argument", "`options.token` must be a string");
  }
  if (typeof timeout !== "number") {
    throw new ScimkitError("invalid-argument", "`options.timeout` must be a number of seconds from 1 to 600");
  }
  if (typeof fetchImpl !== "function") {
    throw new ScimkitError("invalid-argument", "no `fetch`: pass options.fetch (Node >= 18 has one)");
  }
  ensureInitialized();
  let plan;
  try {
    // The core checks the base URL, the token, the timeout and the deadline.
    plan = new wasm.ProbePlan(opts({ target: base, timeout, ...planOptions }), token ?? "");
  } catch (e) {
    if (typeof e === "string") unwrap(e);
    throw translate(e);
  }
  const maxBody = catalog("limits").maxProbeResponseBytes;
  const started = Date.now();
  try {
    const target = plan.target();
    const bearer = plan.bearer() ?? undefined;
    for (;;) {
      // The core's deadline: the longest the next answer may take.
      const budget = plan.tick(Date.now() - started);
      const request = call(() => plan.nextRequest());
      if (request === null) break;
      const wait = Math.max(1, Math.min(timeout * 1000, budget));
      const outcome = await probeSend(fetchImpl, target, bearer, request, wait, maxBody);
      call(() => plan.receive(JSON.stringify(outcome)));
    }
    return call(() => plan.finish());
  } finally {
    plan.free();
  }
}
