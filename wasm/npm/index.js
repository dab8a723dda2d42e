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

/** Loads the wasm module (browsers); a no-op once loaded. */
export default async function init(input) {
  await wasmInit(input);
}
export { initSync } from "./scimkit.js";

function unwrap(text) {
  const result = JSON.parse(text);
  if (result.ok) return result.value;
  const { code, message, diagnostics } = result.error;
  throw new ScimkitError(code, message, diagnostics);
}

/** Any failure of a wasm call as a ScimkitError. */
function translate(e) {
  if (e instanceof ScimkitError) return e;
  if (e instanceof TypeError && /undefined|initSync|__wbindgen/.test(String(e.message))) {
    return new ScimkitError("not-initialized", "scimkit is not initialized: call `await init()` first (browsers)");
  }
  return new ScimkitError("internal", `scimkit failed: ${e && e.message ? e.message : e}`);
}

function call(fn) {
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
  return JSON.stringify(options);
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
    const config = JSON.stringify({
      schemas: texts(options.schemas, "schemas"),
      profiles: texts(options.profiles, "profiles"),
    });
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

  validate(document, options) {
    const [doc, fromObject] = input(document, "document");
    return call(() => this._session.validate(doc, fromObject, opts(options)));
  }

  checkFilter(filter, options) {
    return call(() => this._session.checkFilter(text(filter, "filter"), opts(options)));
  }

  evaluateFilter(filter, resources, options) {
    return this._evaluate(filter, resources, options, false);
  }

  traceFilter(filter, resources, options) {
    return this._evaluate(filter, resources, options, true);
  }

  _evaluate(filter, resources, options, trace) {
    const ast = typeof filter !== "string";
    const f = ast ? input(filter, "filter")[0] : filter;
    const [r] = input(resources, "resources");
    return call(() => this._session.evaluateFilter(f, ast, r, opts(options), trace));
  }

  checkPatch(patch, options) {
    const [p, fromObject] = input(patch, "patch");
    return call(() => this._session.checkPatch(p, fromObject, opts(options)));
  }

  applyPatch(resource, patch, options) {
    const [r, objectResource] = input(resource, "resource");
    const [p, objectPatch] = input(patch, "patch");
    return call(() => this._session.applyPatch(r, p, objectResource || objectPatch, opts(options)));
  }

  checkMapping(config, options) {
    const [c, fromObject] = input(config, "config");
    return call(() => this._session.checkMapping(c, fromObject, opts(options)));
  }

  applyMapping(config, sourceUser, options) {
    const [c, objectConfig] = input(config, "config");
    const [u, objectUser] = input(sourceUser, "sourceUser");
    let o = options;
    if (o && o.current !== undefined && typeof o.current !== "string") {
      o = { ...o, current: input(o.current, "options.current")[0] };
    }
    return call(() => this._session.applyMapping(c, u, objectConfig || objectUser, opts(o)));
  }

  explain(request, options) {
    const [r, fromObject] = input(request, "request");
    return call(() => this._session.explain(r, fromObject, opts(options)));
  }

  schemas() {
    return call(() => this._session.catalog("schemas"));
  }

  resourceTypes() {
    return call(() => this._session.catalog("resourceTypes"));
  }

  profiles() {
    return call(() => this._session.catalog("profiles"));
  }

  /** Frees the wasm memory now (otherwise freed when garbage-collected). */
  free() {
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
  return call(() => wasm.parseFilter(text(filter, "filter"), opts(options)));
}

/** The canonical text of a filter tree. */
export function formatFilter(ast) {
  if (ast === null || typeof ast !== "object") {
    throw new ScimkitError("invalid-argument", "`ast` must be a filter tree as parseFilter returns it");
  }
  return call(() => wasm.formatFilter(JSON.stringify(ast)));
}

/** Evaluates an Entra ID or Okta mapping expression for a source user. */
export function evaluateExpression(expression, sourceUser, options) {
  const e = text(expression, "expression");
  const user = sourceUser === undefined || sourceUser === null ? "" : input(sourceUser, "sourceUser")[0];
  return call(() => wasm.evaluateExpression(e, user, opts(options)));
}

/** The scimkit version. */
export function version() {
  try {
    return wasm.version();
  } catch (e) {
    throw translate(e);
  }
}
