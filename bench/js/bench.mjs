// The JavaScript side of `cargo xtask bench-js` and `cargo xtask bench-peers`:
// the npm package (wasm/pkg) and the JS peers, measured in ONE Node process on
// the same input files (written by `bench_peers write-inputs`).
//
//   node bench/js/bench.mjs INPUTS_DIR PEERS_NODE_MODULES
//
// Prints one JSON object per line: {task, tool, opsPerSec, samples} or
// {task, tool, na: "why"}. Every tool is given the JSON text, as it arrives
// over HTTP, so parsing is part of each measurement; scimkit's object input
// (JSON.stringify in the wrapper, no spans) is measured as its own row.
//
// Timing: 300 ms warm-up, then the median of 5 samples of at least 500 ms,
// the same as the native and Python sides.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [inputsDir, peersDir] = process.argv.slice(2);
if (!inputsDir || !peersDir) {
  console.error("usage: node bench/js/bench.mjs INPUTS_DIR PEERS_NODE_MODULES");
  process.exit(2);
}
const ROOT = resolve(new URL("../..", import.meta.url).pathname);
const PKG_DIR = process.env.SCIMKIT_PKG_DIR ?? join(ROOT, "wasm", "pkg");

const scimkit = await import(pathToFileURL(join(PKG_DIR, "node.js")).href);
const { default: SCIMMY } = await import(pathToFileURL(join(peersDir, "scimmy", "dist", "scimmy.js")).href);
const scim2ParseFilter = (await import(pathToFileURL(join(peersDir, "scim2-parse-filter", "lib", "src", "index.js")).href)).default;

const WARM_UP_MS = 300;
const SAMPLE_MS = 500;
const SAMPLES = 5;

function measure(ops, fn) {
  const warm = performance.now();
  while (performance.now() - warm < WARM_UP_MS) fn();
  const samples = [];
  for (let s = 0; s < SAMPLES; s++) {
    const start = performance.now();
    let calls = 0;
    while (calls === 0 || performance.now() - start < SAMPLE_MS) {
      fn();
      calls += 1;
    }
    samples.push((calls * ops) / ((performance.now() - start) / 1000));
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return { opsPerSec: sorted[Math.floor(SAMPLES / 2)], samples };
}

function report(task, tool, ops, fn) {
  console.log(JSON.stringify({ task, tool, ...measure(ops, fn) }));
}

function na(task, tool, why) {
  console.log(JSON.stringify({ task, tool, na: why }));
}

const read = (name) => readFileSync(join(inputsDir, name), "utf8");
const NPM = `scimkit (npm, wasm)`;
const NPM_OBJECT = `scimkit (npm, object input)`;
const SCIMMY_TOOL = `scimmy ${peerVersion("scimmy")}`;
const PARSE_FILTER_TOOL = `scim2-parse-filter ${peerVersion("scim2-parse-filter")}`;

function peerVersion(name) {
  return JSON.parse(readFileSync(join(peersDir, name, "package.json"), "utf8")).version;
}

// scimmy validates by coercing through a schema class: the path its
// Resources take for a write (`new Schemas.User(body, "in")`) and a read
// (`new Schemas.Group(resource, "out")`). The Entra body carries the
// enterprise extension, so the User schema is extended with it once.
SCIMMY.Schemas.User.extend(SCIMMY.Schemas.EnterpriseUser, false);

// --- validate the Entra ID create-user body ---------------------------------
{
  const task = "validate Entra create-user body";
  const text = read("entra-create-user.json");
  assert.equal(scimkit.validate(text, { context: "create" }).valid, true);
  const user = new SCIMMY.Schemas.User(JSON.parse(text), "in");
  assert.equal(user.userName, JSON.parse(text).userName);
  assert.ok(user[SCIMMY.Schemas.EnterpriseUser.id]?.employeeNumber, "scimmy dropped the enterprise extension");
  report(task, NPM, 1, () => scimkit.validate(text, { context: "create" }));
  const object = JSON.parse(text);
  report(task, NPM_OBJECT, 1, () => scimkit.validate(object, { context: "create" }));
  report(task, SCIMMY_TOOL, 1, () => new SCIMMY.Schemas.User(JSON.parse(text), "in"));
  na(task, PARSE_FILTER_TOOL, "filters only");
}

// --- validate Groups --------------------------------------------------------
for (const [task, file] of [
  ["validate 10,000-member Group", "group-10k.json"],
  ["validate 100,000-member Group", "group-100k.json"],
]) {
  const text = read(file);
  assert.equal(scimkit.validate(text, { context: "response" }).valid, true);
  const group = new SCIMMY.Schemas.Group(JSON.parse(text), "out");
  assert.equal(group.members.length, JSON.parse(text).members.length);
  report(task, NPM, 1, () => scimkit.validate(text, { context: "response" }));
  if (file === "group-10k.json") {
    const object = JSON.parse(text);
    report(task, NPM_OBJECT, 1, () => scimkit.validate(object, { context: "response" }));
  }
  report(task, SCIMMY_TOOL, 1, () => new SCIMMY.Schemas.Group(JSON.parse(text), "out"));
  na(task, PARSE_FILTER_TOOL, "filters only");
}

// --- parse filters: the ones identity providers send, and the RFC's -------
// parseFilter builds the whole documented result (tree, canonical text,
// diagnostics); a row reads every tree's root type so that no tool is
// measured without its tree.
for (const [task, file] of [
  ["parse IdP filters", "idp-filters.json"],
  ["parse RFC 7644 filters", "rfc-filters.json"],
]) {
  const filters = JSON.parse(read(file)).filters;
  for (const f of filters) {
    const parsed = scimkit.parseFilter(f);
    assert.equal(parsed.ok, true, f);
    assert.equal(typeof parsed.ast.type, "string", f);
    scim2ParseFilter.parse(f);
    new SCIMMY.Types.Filter(f);
  }
  let sink = 0;
  report(task, NPM, filters.length, () => {
    for (const f of filters) sink += scimkit.parseFilter(f).ast.type.length;
  });
  report(task, `${NPM}, { ast: false }`, filters.length, () => {
    for (const f of filters) sink += scimkit.parseFilter(f, { ast: false }).canonical.length;
  });
  report(task, PARSE_FILTER_TOOL, filters.length, () => {
    for (const f of filters) sink += scim2ParseFilter.parse(f).op.length;
  });
  report(task, SCIMMY_TOOL, filters.length, () => {
    for (const f of filters) sink += new SCIMMY.Types.Filter(f).length;
  });
  assert.ok(sink > 0);
}

// --- where the time of a wasm call goes (npm only) --------------------------
// The package hands the wasm JSON text and JSON.parse-s the answer. For an
// object, the wrapper first runs JSON.stringify. These rows split the cost.
{
  const text = read("group-10k.json");
  const object = JSON.parse(text);
  const task = "crossing: 10,000-member Group";
  report(task, "JSON.stringify(object) alone", 1, () => JSON.stringify(object));
  report(task, "JSON.parse(text) alone", 1, () => JSON.parse(text));
  const small = read("entra-create-user.json");
  const smallObject = JSON.parse(small);
  const task2 = "crossing: Entra create-user body";
  report(task2, "JSON.stringify(object) alone", 1, () => JSON.stringify(smallObject));
  report(task2, "JSON.parse(text) alone", 1, () => JSON.parse(small));
  report(task2, "scimkit.version() (an empty wasm call)", 1, () => scimkit.version());
}
