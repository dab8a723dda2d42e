// The package as users get it: `npm pack` wasm/pkg, install the tarball into a
// fresh project, then use it from Node, from TypeScript, from a Vite production
// build and from a plain <script type="module"> page, the last two in headless
// Chromium. A broken `files` list or `exports` map fails here.
//
// Issue 6's "done when": `npm install ./scimkit-x.y.z.tgz` in an empty project,
// then `import { … } from "scimkit"` in Node and in a Vite-built page validates
// the RFC 7643 full-user example and reports a deliberate error with the right
// path.
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { launchBrowser, screenshot, serveDir } from "../../test-support/browser.mjs";
import { ROOT, installPacked, readJson } from "./support.mjs";

let project; // a fresh npm project with the packed tarball installed

before(() => {
  project = installPacked();
});

after(() => project?.cleanup());

const sh = (cmd, args) => project.sh(cmd, args);

// The RFC 7643 §8.2 full user, and the same with a deliberate error: the
// second e-mail's `type` is a number (invalid-type at /emails/1/type).
const FULL_USER = readJson("tests/data/documents/rfc7643/8.2-full-user.json").document;
const BROKEN_USER = structuredClone(FULL_USER);
BROKEN_USER.emails[1].type = 42;

/** The check every consumer runs, as JavaScript source (the same in Node and browsers). */
const CONSUMER_CHECK = `
  const FULL_USER = ${JSON.stringify(FULL_USER)};
  const BROKEN_USER = ${JSON.stringify(BROKEN_USER)};
  const full = validate(JSON.stringify(FULL_USER, null, 2), { context: "create" });
  const brokenText = JSON.stringify(BROKEN_USER, null, 2);
  const broken = validate(brokenText, { context: "create" });
  const error = broken.diagnostics.find((d) => d.severity === "error");
  const summary = {
    version: version(),
    full: { valid: full.valid, codes: full.diagnostics.map((d) => d.code) },
    broken: { valid: broken.valid, code: error.code, path: error.path, line: error.span.line, text: brokenText.slice(error.span.start, error.span.end) },
    filter: parseFilter('userName Eq "bjensen"').canonical,
  };`;

function assertConsumerSummary(summary) {
  assert.match(summary.version, /^\d+\.\d+\.\d+/);
  assert.deepEqual(summary.full, { valid: true, codes: ["read-only-in-request", "read-only-in-request", "read-only-in-request"] });
  assert.deepEqual(summary.broken, { valid: false, code: "invalid-type", path: "/emails/1/type", line: 27, text: "42" });
  assert.equal(summary.filter, 'userName eq "bjensen"');
}

test("the tarball holds exactly the package files", () => {
  assert.match(project.tarball, /^scimkit-\d+\.\d+\.\d+\.tgz$/);
  const files = readdirSync(join(project.dir, "node_modules", "scimkit")).sort();
  assert.deepEqual(files, ["README.md", "index.d.ts", "index.js", "node.js", "package.json", "scimkit.js", "scimkit_bg.wasm"]);
});

test("Node imports the installed package by name, with no init call, and validates the RFC 7643 full user", () => {
  writeFileSync(
    join(project.dir, "node-check.mjs"),
    `import { validate, parseFilter, version } from "scimkit";
     ${CONSUMER_CHECK}
     console.log(JSON.stringify(summary));`,
  );
  assertConsumerSummary(JSON.parse(sh("node", ["node-check.mjs"])));
});

test("CommonJS-free: the package is ESM only and says so", () => {
  const manifest = JSON.parse(sh("node", ["-e", "process.stdout.write(require('fs').readFileSync('node_modules/scimkit/package.json','utf8'))"]));
  assert.equal(manifest.type, "module");
  assert.equal(manifest.exports["."].node, "./node.js");
  assert.equal(manifest.exports["."].import, "./index.js");
  assert.deepEqual(manifest.dependencies, undefined);
});

const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
const tscArgs = ["--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022"];

test("the TypeScript types are exact (tsc --strict accepts a consumer of every export and type)", () => {
  writeFileSync(
    join(project.dir, "good.mts"),
    `import init, {
       initSync, version, validate, parseFilter, formatFilter, checkFilter, evaluateFilter, traceFilter,
       checkPatch, applyPatch, checkMapping, applyMapping, evaluateExpression, explain, explainLog,
       schemas, resourceTypes, profiles, mappingPresets, samples, codes, quirks, limits,
       Validator, ScimkitError,
       type JsonValue, type JsonInput, type Severity, type Span, type Diagnostic, type Report,
       type Context, type Dialect, type PositionEncoding, type ValidateOptions, type FilterOptions,
       type PatchOptions, type MappingOptions, type ExpressionOptions, type ExplainOptions,
       type ValidatorOptions, type SetupReport, type CompareOp, type FilterAst, type ParsedFilter,
       type Trace, type Change, type PatchResult, type MappingRequest, type MappingTraceEntry,
       type MappingResult, type ExpressionResult, type Sender, type Deviation, type Explanation,
       type SchemaAttribute, type Schema, type ResourceType, type Profile, type Quirk,
       type LogOptions, type LogExplanation, type LogEvent, type LogCause,
     } from "scimkit";

     await init();
     const v: string = version();
     const doc: JsonInput = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "bjensen" };
     const context: Context = "create";
     const dialect: Dialect = "entra";
     const encoding: PositionEncoding = "utf8";
     const vo: ValidateOptions = { context, resourceType: "User", profile: "email-prefix-username", lenient: true, dialect, positionEncoding: encoding };
     const report: Report = validate(doc, vo);
     const first: Diagnostic | undefined = report.diagnostics[0];
     const severity: Severity | undefined = first?.severity;
     const span: Span | undefined = first?.span;
     const line: number | undefined = span?.line;

     const fo: FilterOptions = { resourceType: "User", dialect: "strict", positionEncoding: "utf16" };
     const parsed: ParsedFilter = parseFilter('userName eq "x"', fo);
     const ast: FilterAst | null = parsed.ast;
     const op: CompareOp | undefined = ast?.type === "compare" ? ast.op : undefined;
     const canonical: string = ast ? formatFilter(ast) : "";
     const checked: Report = checkFilter("title pr", fo);
     const matched: boolean | boolean[] = evaluateFilter(ast ?? "title pr", [doc], fo);
     const trace: Trace | Trace[] = traceFilter("title pr", doc);

     const po: PatchOptions = { resourceType: "User", dialect: "okta", positionEncoding: "utf8" };
     const patch = { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "add", path: "title", value: "x" }] };
     const patchReport: Report = checkPatch(patch, po);
     const patched: PatchResult = applyPatch(doc, patch, po);
     const change: Change | undefined = patched.changes[0];
     const kind: "added" | "removed" | "replaced" | undefined = change?.kind;

     const mo: MappingOptions = { operation: "update", object: "User", profile: "email-prefix-username", now: "2026-01-01T00:00:00Z", seed: 7, current: doc, resourceId: "1", positionEncoding: "utf16" };
     const preset = mappingPresets()[0]!;
     const sample = samples()[0]!;
     const mappingReport: Report = checkMapping(preset.config, mo);
     const mapped: MappingResult = applyMapping(preset.config, sample.source, mo);
     const request: MappingRequest | undefined = mapped.requests[0];
     const entry: MappingTraceEntry | undefined = mapped.trace[0];

     const eo: ExpressionOptions = { language: "okta", now: "2026-01-01T00:00:00Z", seed: 1, positionEncoding: "utf8" };
     const value: ExpressionResult = evaluateExpression("user.login", { login: "x" }, eo);
     const json: JsonValue = value.value;

     const xo: ExplainOptions = { filter: false, context: "patch", resourceType: "User" };
     const explanation: Explanation = explain(patch, xo);
     const sender: Sender = explanation.sender;
     const deviation: Deviation | undefined = explanation.deviations[0];

     const lo: LogOptions = { positionEncoding: "utf8" };
     const logs: LogExplanation = explainLog({ value: [] }, lo);
     const event: LogEvent | undefined = logs.explained[0];
     const cause: LogCause | undefined = event?.cause.code;
     const certainty: "stated" | "deduced" | "unknown" | undefined = event?.cause.certainty;
     const rebuilt: MappingRequest | undefined = event?.requests[0];

     const allSchemas: Schema[] = schemas();
     const attribute: SchemaAttribute | undefined = allSchemas[0]?.attributes[0];
     const types: ResourceType[] = resourceTypes();
     const allProfiles: Profile[] = profiles();
     const allQuirks: Quirk[] = quirks();
     const codeList: string[] = codes().map((c) => c.code);
     const maxDepth: number | undefined = limits()["maxJsonDepth"];

     const options: ValidatorOptions = { schemas: [JSON.stringify(allSchemas[0])], profiles: [allProfiles[0] as unknown as JsonValue] };
     const validator = new Validator(options);
     const setup: SetupReport = validator.setup;
     validator.validate(doc, { context: "replace" });
     validator.free();

     try {
       validate(doc, { context: "create" });
     } catch (e) {
       if (e instanceof ScimkitError) {
         const code: string = e.code;
         const diagnostics: Diagnostic[] | undefined = e.diagnostics;
         console.log(code, diagnostics);
       }
     }
     initSync(new Uint8Array(0));

     export { v, cause, certainty, rebuilt, severity, line, op, canonical, checked, matched, trace, patchReport, kind, mappingReport, request, entry, json, sender, deviation, attribute, types, allQuirks, codeList, maxDepth, setup };`,
  );
  sh("node", [tsc, ...tscArgs, "good.mts"]);
});

test("the TypeScript types are exact (tsc --strict rejects misuse)", () => {
  // One mistake per line; every one of these lines must be an error.
  const mistakes = [
    'const a: number = validate("{}").valid;',
    'validate("{}", { context: "post" });',
    "parseFilter(42);",
    'formatFilter("userName eq \\"x\\"");',
    'const c: "fatal" = validate("{}").diagnostics[0]!.severity;',
    'evaluateExpression("x", {}, { language: "cel" });',
    'applyMapping({}, {}, { operation: "sync" });',
    'checkPatch("{}", { dialect: "azure" });',
    'const m: boolean = evaluateFilter("a pr", []) && "x";',
    'new Validator({ schemas: () => 1 });',
    'const o: "moved" = applyPatch({}, {}).changes[0]!.kind;',
    "explain({}, { filters: true });",
    "limits().maxJsonDepth.toUpperCase();",
    'explainLog("x", { positionEncoding: "utf32" });',
    'const k: "fatal" = explainLog("x").explained[0]!.cause.certainty;',
  ];
  const header = 'import { validate, parseFilter, formatFilter, evaluateExpression, applyMapping, checkPatch, evaluateFilter, Validator, applyPatch, explain, explainLog, limits } from "scimkit";';
  writeFileSync(join(project.dir, "bad.mts"), [header, ...mistakes, "export {};"].join("\n"));
  let output = "";
  try {
    sh("node", [tsc, ...tscArgs, "bad.mts"]);
  } catch (error) {
    output = String(error.stdout);
  }
  const lines = new Set(
    output
      .split("\n")
      .map((l) => /^bad\.mts\((\d+),\d+\): error TS/.exec(l))
      .filter(Boolean)
      .map((m) => Number(m[1])),
  );
  const expected = mistakes.map((_, i) => i + 2);
  assert.deepEqual([...lines].sort((a, b) => a - b), expected, output);
});

/** Serves `dir`, opens `page` in Chromium, waits for #out and returns its JSON. */
async function runPage(dir, page, name) {
  const server = await serveDir(dir);
  const browser = await launchBrowser();
  try {
    const tab = await browser.newPage();
    const errors = [];
    tab.on("pageerror", (e) => errors.push(String(e)));
    const wasm = [];
    tab.on("response", (r) => {
      if (r.url().endsWith(".wasm")) wasm.push(r.headers()["content-type"]);
    });
    await tab.goto(server.url + page);
    await tab.waitForFunction(() => document.getElementById("out")?.textContent !== "pending", null, { timeout: 30_000 });
    await screenshot(tab, name);
    const text = await tab.textContent("#out");
    assert.deepEqual(errors, []);
    assert.deepEqual(wasm, ["application/wasm"]);
    return JSON.parse(text);
  } finally {
    await browser.close();
    await server.close();
  }
}

test("a Vite production build imports the package by name and validates the RFC 7643 full user in Chromium", { timeout: 180_000 }, async () => {
  const app = join(project.dir, "vite-app");
  mkdirSync(app);
  writeFileSync(
    join(app, "index.html"),
    `<!doctype html><html><head><meta charset="utf-8"><title>vite consumer</title><link rel="icon" href="data:,"></head>
     <body><pre id="out">pending</pre><script type="module" src="./main.js"></script></body></html>`,
  );
  writeFileSync(
    join(app, "main.js"),
    `import init, { validate, parseFilter, version } from "scimkit";
     const out = document.getElementById("out");
     init().then(() => {
       ${CONSUMER_CHECK}
       out.textContent = JSON.stringify(summary);
     }).catch((error) => { out.textContent = JSON.stringify({ error: String(error) }); });`,
  );
  const { build } = await import("vite");
  await build({ root: app, logLevel: "warn", build: { outDir: join(app, "dist"), emptyOutDir: true } });
  const assets = readdirSync(join(app, "dist", "assets"));
  assert.ok(
    assets.some((f) => f.endsWith(".wasm")),
    `no .wasm asset emitted: ${assets}`,
  );
  assertConsumerSummary(await runPage(join(app, "dist"), "", "npm-vite-build"));
});

test("a page without a bundler loads the package with <script type=module> and an explicit init()", { timeout: 120_000 }, async () => {
  writeFileSync(
    join(project.dir, "plain.html"),
    `<!doctype html><html><head><meta charset="utf-8"><title>plain consumer</title><link rel="icon" href="data:,"></head>
     <body><pre id="out">pending</pre>
     <script type="module">
       import init, { validate, parseFilter, version, ScimkitError } from "./node_modules/scimkit/index.js";
       const out = document.getElementById("out");
       try {
         // Before init, calls throw ScimkitError not-initialized.
         const before = [];
         for (const early of [() => validate("{}"), () => version()]) {
           try { early(); before.push("returned"); } catch (e) { before.push(e instanceof ScimkitError ? e.code : String(e)); }
         }
         await init();
         ${CONSUMER_CHECK}
         summary.before = before;
         out.textContent = JSON.stringify(summary);
       } catch (error) {
         out.textContent = JSON.stringify({ error: String(error) });
       }
     </script></body></html>`,
  );
  const result = await runPage(project.dir, "plain.html", "npm-plain-module");
  assert.deepEqual(result.before, ["not-initialized", "not-initialized"]);
  delete result.before;
  assertConsumerSummary(result);
});
