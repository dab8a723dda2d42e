// Prototype pollution (issue 10): keys `__proto__`, `constructor` and
// `prototype` in documents, PATCH paths and values, and mapping
// configurations go through the PACKED package (npm pack, installed into a
// fresh project) without touching Object.prototype: results are plain data
// with own properties, and the keys are reported as unknown attributes.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";

import { GROUP_SCHEMA, PATCH_OP, USER_SCHEMA, installPacked } from "./support.mjs";

let project;
let scimkit;

before(async () => {
  project = installPacked();
  // What the `node` export condition resolves `import "scimkit"` to.
  scimkit = await import(pathToFileURL(join(project.dir, "node_modules", "scimkit", "node.js")).href);
});
after(() => project?.cleanup());

const HOSTILE = ["__proto__", "constructor", "prototype"];

/** Nothing reachable from a fresh object, array or function was added. */
function assertNotPolluted(label) {
  for (const probe of [{}, [], () => {}, Object.create(Object.prototype)]) {
    assert.equal(probe.polluted, undefined, `${label}: Object.prototype.polluted`);
    assert.equal(probe.isAdmin, undefined, `${label}: Object.prototype.isAdmin`);
  }
  assert.equal(Object.prototype.polluted, undefined, label);
  assert.equal(Array.prototype.polluted, undefined, label);
  assert.equal(Function.prototype.polluted, undefined, label);
  assert.deepEqual(Object.keys(Object.prototype), [], label);
}

/** Every object in `value` is plain, and hostile keys are own data properties. */
function assertPlain(value, label, path = "") {
  if (value === null || typeof value !== "object") return;
  const proto = Object.getPrototypeOf(value);
  assert.ok(proto === Object.prototype || proto === Array.prototype, `${label}${path}: prototype was replaced`);
  for (const key of Object.keys(value)) {
    if (HOSTILE.includes(key)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      assert.ok(descriptor && "value" in descriptor, `${label}${path}/${key}: not an own data property`);
    }
    assertPlain(value[key], label, `${path}/${key}`);
  }
}

// A document with the hostile keys at the top level and inside complex and
// multi-valued attributes, as text (JSON.parse makes `__proto__` an own key).
const HOSTILE_DOC = `{
  "schemas": ["${USER_SCHEMA}"],
  "userName": "bjensen",
  "__proto__": {"polluted": true, "isAdmin": true},
  "constructor": {"prototype": {"polluted": true}},
  "prototype": {"polluted": true},
  "name": {"givenName": "Barbara", "__proto__": {"polluted": true}},
  "emails": [{"value": "b@example.com", "__proto__": {"isAdmin": true}, "constructor": {"prototype": {"isAdmin": true}}}]
}`;

describe("validate on the packed package", () => {
  test("hostile keys are unknown attributes, in text and in objects", () => {
    const expected = [
      ["unknown-attribute", "/__proto__"],
      ["unknown-attribute", "/constructor"],
      ["unknown-attribute", "/prototype"],
      ["unknown-attribute", "/name/__proto__"],
      ["unknown-attribute", "/emails/0/__proto__"],
      ["unknown-attribute", "/emails/0/constructor"],
    ];
    const fromText = scimkit.validate(HOSTILE_DOC, { context: "create" });
    assert.deepEqual(
      fromText.diagnostics.map((d) => [d.code, d.path]),
      expected,
    );
    assertNotPolluted("validate text");
    const object = JSON.parse(HOSTILE_DOC);
    assert.ok(Object.hasOwn(object, "__proto__"));
    const fromObject = scimkit.validate(object, { context: "create" });
    assert.deepEqual(
      fromObject.diagnostics.map((d) => [d.code, d.path]),
      expected,
    );
    assertPlain(fromObject, "report");
    assertNotPolluted("validate object");
  });

  test("hostile keys in custom schemas and profiles given to a Validator", () => {
    const v = new scimkit.Validator({
      schemas: ['{"id": "urn:x:2.0:T", "__proto__": {"polluted": true}, "attributes": [{"name": "constructor", "type": "string"}]}'],
      profiles: ['{"name": "p", "__proto__": {"polluted": true}, "rules": []}'],
    });
    assertPlain(v.setup, "setup");
    // Definitions ignore members they do not know (a /Schemas response carries
    // meta, schemas, …); `constructor` is a legal attribute name.
    assert.equal(v.setup.valid, true);
    assert.deepEqual(
      v.schemas().find((s) => s.id === "urn:x:2.0:T").attributes.map((a) => a.name),
      ["constructor"],
    );
    assert.ok(v.profiles().some((p) => p.name === "p"));
    assertNotPolluted("Validator");
    v.free();
  });
});

describe("applyPatch on the packed package", () => {
  const user = { schemas: [USER_SCHEMA], id: "2819c223", userName: "bjensen", name: { givenName: "Barbara" } };

  for (const path of [...HOSTILE, "__proto__.polluted", "constructor.prototype.polluted", "name.__proto__", "name.constructor", 'emails[type eq "work"].__proto__']) {
    test(`path ${path} is an invalid path naming an unknown attribute, and pollutes nothing`, () => {
      for (const op of ["add", "replace", "remove"]) {
        const patch = { schemas: [PATCH_OP], Operations: [{ op, path, value: { polluted: true, isAdmin: true } }] };
        const result = scimkit.applyPatch(user, patch);
        assert.equal(result.report.valid, false, `${op} ${path}`);
        assert.deepEqual(
          result.report.diagnostics.map((d) => [d.code, d.path]),
          [["patch-invalid-path", "/Operations/0/path"]],
        );
        assert.match(result.report.diagnostics[0].message, /__proto__|constructor|prototype/);
        assert.deepEqual(result.resource, user);
        assert.deepEqual(result.changes, []);
        assertPlain(result, "result");
        assertNotPolluted(`${op} ${path}`);
      }
    });
  }

  test("hostile keys inside a value are unknown attributes; the resource is unchanged", () => {
    // Applying rejects them with the checker's diagnostic, as `checkPatch` does.
    const values = [
      '{"__proto__": {"polluted": true}}',
      '{"constructor": {"prototype": {"polluted": true}}}',
      '{"prototype": {"polluted": true}}',
      '{"name": {"__proto__": {"polluted": true}}}',
    ];
    for (const value of values) {
      const patch = `{"schemas": ["${PATCH_OP}"], "Operations": [{"op": "add", "value": ${value}}]}`;
      for (const [resource, body] of [
        [JSON.stringify(user), patch],
        [user, JSON.parse(patch)],
      ]) {
        const result = scimkit.applyPatch(resource, body);
        assert.equal(result.report.valid, false, value);
        const [d] = result.report.diagnostics;
        assert.equal(d.code, "unknown-attribute", value);
        assert.match(d.path, /^\/Operations\/0\/value\/(name\/)?(__proto__|constructor|prototype)$/);
        assert.match(d.message, /`(__proto__|constructor|prototype)` is not an? (sub-)?attribute/);
        assert.deepEqual(result.resource, user);
        assertPlain(result, "result");
        assertNotPolluted(value);
      }
    }
  });

  test("a resource that already holds hostile keys keeps them as own data, and they are reported", () => {
    const hostile = `{"schemas": ["${GROUP_SCHEMA}"], "id": "g1", "displayName": "All", "__proto__": {"polluted": true}}`;
    const patch = { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "displayName", value: "Everyone" }] };
    const result = scimkit.applyPatch(hostile, patch);
    assertPlain(result, "result");
    assertNotPolluted("hostile resource");
    // PATCH checks the operations, not the stored resource: it applies, and
    // the hostile key stays an own data member of the result.
    assert.equal(result.report.valid, true);
    assert.ok(Object.hasOwn(result.resource, "__proto__"));
    assert.deepEqual(result.resource.__proto__, { polluted: true });
    assert.equal(result.resource.displayName, "Everyone");
    const report = scimkit.validate(JSON.stringify(result.resource), { context: "response" });
    assert.ok(report.diagnostics.some((d) => d.code === "unknown-attribute" && d.path === "/__proto__"));
  });
});

describe("mappings on the packed package", () => {
  const config = `{
    "identityProvider": "entra",
    "__proto__": {"polluted": true},
    "users": {"mappings": [
      {"target": "userName", "source": "mailNickname", "matchingPrecedence": 1},
      {"target": "__proto__", "source": "mail"},
      {"target": "constructor", "source": "mail"},
      {"target": "prototype", "source": "mail"},
      {"target": "name.__proto__", "source": "givenName"}
    ]}
  }`;
  const source = '{"mailNickname": "ada", "mail": "ada@example.com", "givenName": "Ada", "__proto__": {"polluted": true}, "constructor": {"prototype": {"isAdmin": true}}}';

  test("checkMapping reports hostile keys and targets", () => {
    const report = scimkit.checkMapping(config);
    assert.equal(report.valid, false);
    const found = report.diagnostics.map((d) => [d.code, d.path]);
    assert.deepEqual(found, [
      ["mapping-invalid", "/__proto__"],
      ["mapping-invalid", "/users/mappings/1/target"],
      ["mapping-unknown-target", "/users/mappings/2/target"],
      ["mapping-unknown-target", "/users/mappings/3/target"],
      ["mapping-invalid", "/users/mappings/4/target"],
    ]);
    assert.match(report.diagnostics[2].message, /no attribute `constructor`/);
    assertPlain(report, "report");
    assertNotPolluted("checkMapping");
  });

  test("applyMapping sends none of them, and pollutes nothing (text and objects)", () => {
    for (const [c, s] of [
      [config, source],
      [JSON.parse(config), JSON.parse(source)],
    ]) {
      const result = scimkit.applyMapping(c, s);
      assert.equal(result.valid, false);
      const post = result.requests.find((r) => r.method === "POST");
      assert.equal(post.body.userName, "ada");
      for (const key of HOSTILE) assert.ok(!Object.hasOwn(post.body, key), key);
      assert.equal(post.report.valid, true);
      assertPlain(result, "result");
      assertNotPolluted("applyMapping");
    }
  });

  test("evaluateExpression and evaluateFilter read hostile keys as plain data", () => {
    const user = JSON.parse(source);
    // Own data is read as data; nothing is inherited from Object.prototype.
    assert.equal(scimkit.evaluateExpression("[__proto__]", user).value, '{"polluted":true}');
    assert.equal(scimkit.evaluateExpression("[toString]", {}).value, null);
    assert.equal(scimkit.evaluateExpression("[constructor]", {}).value, null);
    assert.equal(scimkit.evaluateExpression("user.constructor", user, { language: "okta" }).report.diagnostics[0].code, "expr-unsupported");
    assert.equal(scimkit.evaluateExpression("user.toString", {}, { language: "okta" }).value, null);
    assert.equal(scimkit.evaluateFilter("constructor pr", {}), false);
    assert.equal(scimkit.evaluateFilter("toString pr", {}), false);
    assert.equal(scimkit.evaluateFilter('userName eq "x"', [JSON.parse('{"__proto__": {"userName": "x"}}')])[0], false);
    assertNotPolluted("expressions and filters");
  });
});
