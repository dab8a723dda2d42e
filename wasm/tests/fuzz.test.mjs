// Fuzz-style test (issue 9): thousands of random and mutated inputs through
// every exported function. Seeds are the RFC example documents, the
// identity-provider payloads, PATCH bodies, filters, expressions and mapping
// presets of the repository; mutations flip bytes, truncate, nest deeply,
// insert huge numbers and random Unicode (lone surrogates included), swap
// types, and scramble options. Every call must return or throw a
// ScimkitError, and afterwards the module must still give the known answer.
//
// Reproducible: the PRNG is seeded (SCIMKIT_FUZZ_SEED, default below), and a
// failure names the seed, the iteration and the input. SCIMKIT_FUZZ_ITERATIONS
// runs longer locally.
import assert from "node:assert/strict";
import { test } from "node:test";

import { cases, readJson, scimkit } from "./support.mjs";

const SEED = Number(process.env.SCIMKIT_FUZZ_SEED ?? 0x5c1a_c17);
const ITERATIONS = Number(process.env.SCIMKIT_FUZZ_ITERATIONS ?? 2000);

/** mulberry32: small, fast, good enough to pick mutations. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(SEED);
const int = (n) => Math.floor(random() * n);
const pick = (list) => list[int(list.length)];
const chance = (p) => random() < p;

// --- seeds -----------------------------------------------------------------

const documents = cases("documents").map((c) => (typeof c.text === "string" ? c.text : JSON.stringify(c.document, null, int(2) * 2)));
documents.push(JSON.stringify(readJson("examples/payloads/entra-create-user.json"), null, 2));
const patchCases = [...cases("patch")];
const patches = patchCases.map((c) => JSON.stringify(c.patch));
const resources = patchCases.map((c) => JSON.stringify(c.resource)).concat(JSON.stringify(readJson("tests/data/samples/users.json").resources));
const filters = [
  ...readJson("examples/filters/idp-filters.json").filters,
  ...cases("filters")
    .map((c) => c.filter ?? c.text)
    .filter((f) => typeof f === "string"),
];
const expressionCases = cases("expressions").filter((c) => typeof c.expression === "string");
const expressions = {
  entra: expressionCases.filter((c) => c.id.startsWith("entra")).map((c) => c.expression),
  okta: expressionCases.filter((c) => c.id.startsWith("okta")).map((c) => c.expression),
};
const logs = cases("logs").map((c) => (typeof c.logText === "string" ? c.logText : JSON.stringify(c.log, null, int(2))));
const presets = scimkit.mappingPresets().map((p) => JSON.stringify(p.config, null, 1));
const sampleUsers = scimkit.samples().map((s) => JSON.stringify(s.source));
const schemaDefinitions = scimkit.schemas().map((s) => JSON.stringify(s));
const profileDefinitions = scimkit.profiles().map((p) => JSON.stringify(p));
assert.ok(documents.length > 40 && patches.length > 20 && filters.length > 20 && expressions.entra.length > 20 && expressions.okta.length > 10);

// --- mutations ---------------------------------------------------------------

const WEIRD = [
  "\u0000",
  "\ud800",
  "\udfff",
  "\ufeff",
  "\u2028",
  "😀",
  "é",
  "\u202e",
  "\uffff",
  "\\",
  '"',
  "\\u0000",
  "\\ud800",
  "\\uD83D\\uDE00",
  "1e999",
  "-1e-999",
  "123456789012345678901234567890",
  "1.7976931348623157e309",
  "-0",
  "NaN",
  "Infinity",
  "null",
  "true",
  "[]",
  "{}",
  "[[[[[[[[",
  "]]]]",
  "}",
  ",",
  ":",
  "__proto__",
  "constructor",
  ' eq "',
  " and ",
  " or not (",
  "[",
  "]",
  "(",
  ")",
  "$",
  "urn:ietf:params:scim:schemas:core:2.0:User:",
];

function randomUnicode() {
  const kinds = [
    () => String.fromCharCode(int(0x80)),
    () => String.fromCharCode(0x80 + int(0x780)),
    () => String.fromCharCode(0x800 + int(0xd000)),
    () => String.fromCodePoint(0x10000 + int(0x100000)),
    () => String.fromCharCode(0xd800 + int(0x800)), // a lone surrogate
  ];
  let s = "";
  for (let i = 1 + int(6); i > 0; i--) s += pick(kinds)();
  return s;
}

function mutateText(text) {
  let s = text;
  for (let steps = 1 + int(3); steps > 0; steps--) {
    const at = int(s.length + 1);
    switch (int(9)) {
      case 0: // flip a bit of one character
        if (s.length > 0) {
          const i = int(s.length);
          s = s.slice(0, i) + String.fromCharCode(s.charCodeAt(i) ^ (1 << int(7))) + s.slice(i + 1);
        }
        break;
      case 1: // truncate
        s = s.slice(0, at);
        break;
      case 2: // delete a run
        s = s.slice(0, at) + s.slice(at + 1 + int(20));
        break;
      case 3: // insert a token that means something to a parser
        s = s.slice(0, at) + pick(WEIRD) + s.slice(at);
        break;
      case 4: // random Unicode
        s = s.slice(0, at) + randomUnicode() + s.slice(at);
        break;
      case 5: // duplicate a run
        s = s.slice(0, at) + s.slice(at, at + int(200)).repeat(1 + int(4)) + s.slice(at);
        break;
      case 6: // deep nesting
        {
          const depth = pick([10, 127, 128, 129, 1000, 20_000]);
          const [open, close] = pick([
            ["[", "]"],
            ['{"a":', "}"],
            ["(", ")"],
            ["not (", ")"],
            ["Trim(", ")"],
          ]);
          s = s.slice(0, at) + open.repeat(depth) + (chance(0.5) ? close.repeat(depth) : "") + s.slice(at);
        }
        break;
      case 7: // a huge number where a value was
        s = s.replace(/-?\d+(\.\d+)?/, pick(["1e400", "9".repeat(400), "-0.0000e-99999", "18446744073709551616", "0." + "0".repeat(500) + "1"]));
        break;
      default: // swap two runs
        if (s.length > 4) {
          const a = int(s.length - 2);
          const b = a + 1 + int(Math.min(40, s.length - a - 1));
          s = s.slice(0, a) + s.slice(b) + s.slice(a, b);
        }
    }
  }
  return s;
}

const VALUES = [null, true, false, 0, -1, 1e308, -0, 2 ** 53 + 1, "", "x", [], {}, [null], { a: {} }, "\ud800", "😀".repeat(50)];

/** Mutates a parsed JSON value: retypes, deletes, adds hostile or odd members. */
function mutateValue(value, depth = 0) {
  if (depth > 6 || chance(0.05)) return pick(VALUES);
  if (Array.isArray(value)) {
    const out = value.map((v) => (chance(0.3) ? mutateValue(v, depth + 1) : v));
    if (chance(0.2)) out.push(pick(VALUES));
    if (chance(0.1)) out.reverse();
    return out;
  }
  if (value !== null && typeof value === "object") {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      if (chance(0.05)) continue;
      const key = chance(0.05) ? pick(["__proto__", "constructor", k.toUpperCase(), k + randomUnicode(), ""]) : k;
      Object.defineProperty(out, key, { value: chance(0.3) ? mutateValue(v, depth + 1) : v, enumerable: true, writable: true, configurable: true });
    }
    if (chance(0.1)) out[randomUnicode()] = pick(VALUES);
    return out;
  }
  return chance(0.5) ? pick(VALUES) : value;
}

/** Mutated text, or a mutated value, or the seed itself. */
function input(seedText) {
  const r = random();
  if (r < 0.55) return mutateText(seedText);
  if (r < 0.9) {
    try {
      return mutateValue(JSON.parse(seedText));
    } catch {
      return mutateText(seedText);
    }
  }
  return seedText;
}

const OPTION_VALUES = {
  context: ["create", "replace", "patch", "response", "list", "search", "bulk", "bulkResponse", "error", "post", "", 5],
  resourceType: ["User", "Group", "ServiceProviderConfig", "Schema", "ResourceType", "/Users", "Nope", null],
  profile: ["email-prefix-username", "nope"],
  lenient: [true, false, "yes"],
  dialect: ["strict", "entra", "okta", "azure"],
  positionEncoding: ["utf16", "utf8", "utf32"],
  language: ["entra", "okta", "cel"],
  operation: ["create", "update", "deactivate", "delete", "sync"],
  object: ["User", "Group", "Device"],
  now: ["2026-01-01T00:00:00Z", "2026-13-45T99:99:99Z", "yesterday"],
  seed: [0, 7, -1, 2 ** 64, "x"],
  resourceId: ["23a35c27", "", "../../etc"],
  filter: [true, false, "yes"],
  target: ['{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "1", "userName": "a"}', '{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "g"}', "{oops", "[]", 7],
  bogus: [1],
};

/** Usually valid options for `keys`, sometimes wrong ones. */
function options(keys) {
  if (chance(0.05)) return pick([null, undefined, "create", 5, [], () => 1]);
  const out = {};
  for (const key of keys) if (chance(0.4)) out[key] = pick(OPTION_VALUES[key]);
  if (chance(0.03)) out[pick(Object.keys(OPTION_VALUES))] = pick(OPTION_VALUES.bogus);
  return out;
}

// --- the calls ---------------------------------------------------------------

const validator = new scimkit.Validator();
const CALLS = [
  ["validate", () => [input(pick(documents)), options(["context", "resourceType", "profile", "lenient", "dialect", "positionEncoding"])], (a) => scimkit.validate(...a)],
  ["assumed", () => [input(pick(documents)), options(["context", "resourceType", "profile", "dialect"])], (a) => scimkit.assumed(...a)],
  ["Validator#validate", () => [input(pick(documents)), options(["context", "resourceType", "dialect"])], (a) => validator.validate(...a)],
  ["parseFilter", () => [chance(0.95) ? mutateText(pick(filters)) : pick(VALUES), options(["dialect", "positionEncoding"])], (a) => scimkit.parseFilter(...a)],
  ["formatFilter", () => [input(JSON.stringify(scimkit.parseFilter(pick(filters.slice(0, 17))).ast))], (a) => scimkit.formatFilter(...a)],
  ["checkFilter", () => [mutateText(pick(filters)), options(["resourceType", "dialect", "positionEncoding"])], (a) => scimkit.checkFilter(...a)],
  ["evaluateFilter", () => [chance(0.7) ? mutateText(pick(filters)) : pick(filters), input(pick(resources)), options(["resourceType", "dialect"])], (a) => scimkit.evaluateFilter(...a)],
  ["traceFilter", () => [chance(0.5) ? mutateText(pick(filters)) : pick(filters), input(pick(resources)), options(["resourceType", "dialect", "positionEncoding"])], (a) => scimkit.traceFilter(...a)],
  ["checkPatch", () => [input(pick(patches)), options(["resourceType", "dialect", "positionEncoding"])], (a) => scimkit.checkPatch(...a)],
  ["applyPatch", () => [chance(0.7) ? pick(resources) : input(pick(resources)), input(pick(patches)), options(["resourceType", "dialect", "positionEncoding"])], (a) => scimkit.applyPatch(...a)],
  ["checkMapping", () => [input(pick(presets)), options(["profile", "positionEncoding"])], (a) => scimkit.checkMapping(...a)],
  [
    "applyMapping",
    () => [input(pick(presets)), chance(0.6) ? pick(sampleUsers) : input(pick(sampleUsers)), options(["operation", "object", "profile", "now", "seed", "resourceId", "positionEncoding"])],
    (a) => scimkit.applyMapping(...a),
  ],
  [
    "evaluateExpression",
    () => {
      const language = pick(["entra", "okta"]);
      return [mutateText(pick(expressions[language])), chance(0.8) ? pick(sampleUsers) : input(pick(sampleUsers)), { ...options(["now", "seed", "positionEncoding"]), language }];
    },
    (a) => scimkit.evaluateExpression(...a),
  ],
  ["explain", () => [chance(0.5) ? input(pick(patches)) : mutateText(pick(filters)), options(["context", "resourceType", "filter", "target"])], (a) => scimkit.explain(...a)],
  ["explainLog", () => [chance(0.8) ? mutateText(pick(logs)) : input(pick(logs)), options(["positionEncoding"])], (a) => scimkit.explainLog(...a)],
  ["new Validator", () => [{ schemas: [input(pick(schemaDefinitions))], profiles: chance(0.5) ? [input(pick(profileDefinitions))] : [] }], (a) => new scimkit.Validator(...a).setup],
];

/** The known answer of a known-good call: the module is alive and correct. */
function knownAnswer() {
  const text = '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bjensen","active":"yes"}';
  const report = scimkit.validate(text, { context: "create" });
  assert.deepEqual(
    report.diagnostics.map((d) => [d.code, d.path, d.span.start]),
    [["invalid-type", "/active", text.indexOf('"yes"')]],
  );
  assert.equal(scimkit.parseFilter('userName Eq "bjensen"').canonical, 'userName eq "bjensen"');
  assert.equal(scimkit.evaluateExpression("ToLower([a])", { a: "X" }).value, "x");
}

function describeInput(args) {
  try {
    const text = JSON.stringify(args);
    return text.length > 600 ? `${text.slice(0, 600)}… (${text.length} chars)` : text;
  } catch {
    return String(args);
  }
}

test(`${ITERATIONS} rounds of mutated input through every export (seed ${SEED})`, { timeout: 120_000 }, () => {
  const started = performance.now();
  const outcomes = Object.fromEntries(CALLS.map(([name]) => [name, { returned: 0, threw: {} }]));
  for (let i = 0; i < ITERATIONS; i++) {
    for (const [name, make, call] of CALLS) {
      const args = make();
      try {
        const result = call(args);
        assert.notEqual(result, undefined, name);
        outcomes[name].returned += 1;
      } catch (error) {
        if (!(error instanceof scimkit.ScimkitError)) {
          assert.fail(`seed ${SEED}, iteration ${i}: ${name} threw ${error?.stack ?? error}\ninput: ${describeInput(args)}`);
        }
        assert.ok(typeof error.code === "string" && error.code !== "internal", `seed ${SEED}, iteration ${i}: ${name} threw ${error.code}: ${error.message}\ninput: ${describeInput(args)}`);
        outcomes[name].threw[error.code] = (outcomes[name].threw[error.code] ?? 0) + 1;
      }
    }
    if (i % 500 === 0) knownAnswer();
  }
  knownAnswer();
  const seconds = (performance.now() - started) / 1000;
  console.log(`fuzz: ${ITERATIONS * CALLS.length} calls in ${seconds.toFixed(1)} s`);
  for (const [name, o] of Object.entries(outcomes)) console.log(`  ${name.padEnd(20)} returned ${String(o.returned).padStart(5)}  threw ${JSON.stringify(o.threw)}`);
  // Every function really returned sometimes (the mutations are not all rejected at the door).
  for (const [name, o] of Object.entries(outcomes)) assert.ok(o.returned > ITERATIONS / 20, `${name} returned only ${o.returned} times`);
});

test("huge and hostile single inputs", () => {
  const huge = [
    "[".repeat(1_000_000),
    // 20,000 duplicate unknown members: 40,000 diagnostics (about 0.5 s in
    // wasm; diagnostics cost about 12 µs each, so 200,000 take seconds).
    "{" + '"a":1,'.repeat(20_000) + '"b":2}',
    "{" + '"é":1,'.repeat(20_000) + '"b":2}',
    '"' + "\\u0000".repeat(100_000) + '"',
    "9".repeat(1_000_000),
    '{"userName":"' + "😀".repeat(200_000) + '"}',
    "\ud800".repeat(100_000),
  ];
  for (const text of huge) {
    assert.equal(scimkit.validate(text).valid, false);
    assert.equal(scimkit.parseFilter(text).ok, false);
    assert.equal(typeof scimkit.checkPatch(text).valid, "boolean");
    assert.equal(typeof scimkit.evaluateExpression(text).report.valid, "boolean");
    assert.equal(typeof scimkit.explain(text).sender, "string");
  }
  knownAnswer();
});
