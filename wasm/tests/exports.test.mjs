// Every export of the built npm package (wasm/pkg, from `cargo xtask npm`),
// loaded through its Node entry, with good and bad input.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";

import { PKG_DIR } from "../../test-support/browser.mjs";

const pkg = JSON.parse(readFileSync(join(PKG_DIR, "package.json"), "utf8"));
const scimkit = await import(pathToFileURL(join(PKG_DIR, "node.js")).href);
const { checkJson, version } = scimkit;

test("version() is the package version", () => {
  assert.equal(version(), pkg.version);
  assert.match(version(), /^\d+\.\d+\.\d+/);
});

test("checkJson accepts a valid document with an empty report", () => {
  const report = checkJson('{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "bjensen"}');
  assert.deepEqual(report, { valid: true, diagnostics: [] });
});

test("checkJson reports a syntax error with code, path, message and span", () => {
  const text = '{\n  "userName": "bjensen",\n  "active": tru\n}';
  const report = checkJson(text);
  assert.equal(report.valid, false);
  assert.equal(report.diagnostics.length, 1);
  const [d] = report.diagnostics;
  assert.equal(d.severity, "error");
  assert.equal(d.code, "json-syntax");
  assert.equal(d.path, "");
  assert.match(d.message, /tru/);
  assert.deepEqual(Object.keys(d.span).sort(), ["column", "end", "line", "start"]);
  assert.equal(d.span.line, 3);
  assert.equal(d.span.column, 13);
  assert.equal(text.slice(d.span.start, d.span.end), "tru");
  // Plain JSON data: no Maps, no class instances, only the documented fields.
  assert.equal(Object.getPrototypeOf(report), Object.prototype);
  for (const key of Object.keys(d)) {
    assert.ok(["severity", "code", "path", "message", "span", "help"].includes(key), key);
  }
});

test("spans are UTF-16 offsets (JavaScript string indices)", () => {
  const text = '["é😀" x]';
  const [d] = checkJson(text).diagnostics;
  assert.equal(d.span.start, text.indexOf("x"));
  assert.equal(d.span.column, 7); // scalar values: [ " é 😀 " space x
});

test("checkJson reports empty input and trailing garbage", () => {
  for (const text of ["", "   ", '{"a": 1} {"b": 2}', "{", "[1,]"]) {
    const report = checkJson(text);
    assert.equal(report.valid, false, JSON.stringify(text));
    assert.ok(report.diagnostics.length >= 1);
    assert.ok(report.diagnostics.every((d) => typeof d.code === "string" && d.code.length > 0));
  }
});

test("hostile nesting is a diagnostic, not a crash", () => {
  const report = checkJson("[".repeat(100_000));
  assert.equal(report.valid, false);
  assert.equal(report.diagnostics[0].code, "limit-nesting-depth");
  // The module still works afterwards.
  assert.deepEqual(checkJson("[]"), { valid: true, diagnostics: [] });
});

test("checkJson throws a TypeError for a non-string argument", () => {
  for (const bad of [undefined, null, 42, {}, ["{}"], Symbol("x")]) {
    assert.throws(() => checkJson(bad), TypeError, String(bad?.toString?.() ?? bad));
  }
  assert.throws(() => checkJson(), TypeError);
});

test("init() and initSync() are harmless no-ops in Node", async () => {
  assert.equal(typeof scimkit.default, "function");
  await scimkit.default();
  scimkit.initSync({ module: readFileSync(join(PKG_DIR, "scimkit_bg.wasm")) });
  assert.equal(checkJson("{}").valid, true);
});
