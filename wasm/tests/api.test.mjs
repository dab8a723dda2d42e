// Every export of the built npm package (wasm/pkg, from `cargo xtask npm`),
// loaded through its Node entry, with good and bad input. Caller mistakes
// throw ScimkitError with a stable code; problems in the checked input come
// back as diagnostics. After any bad input the next call still works.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";

import { pathToFileURL } from "node:url";

import { ENTERPRISE, LIST_RESPONSE, PATCH_OP, PKG_DIR, USER_SCHEMA, cases, readJson, scimkit, throwsCode } from "./support.mjs";

const {
  ScimkitError,
  Validator,
  validate,
  parseFilter,
  formatFilter,
  checkFilter,
  evaluateFilter,
  traceFilter,
  checkPatch,
  applyPatch,
  assumed,
  checkMapping,
  applyMapping,
  evaluateExpression,
  explain,
  schemas,
  resourceTypes,
  profiles,
  mappingPresets,
  samples,
  codes,
  quirks,
  limits,
  version,
} = scimkit;

const FULL_USER = readJson("tests/data/documents/rfc7643/8.2-full-user.json").document;
const ENTRA_PATCH_CASE = readJson("tests/data/patch/entra.json").cases[0];

/** A known-good call and its known answer: the module still works. */
function stillWorks() {
  assert.deepEqual(validate({ schemas: [USER_SCHEMA], userName: "bjensen" }), { valid: true, diagnostics: [] });
  assert.equal(parseFilter('userName eq "bjensen"').canonical, 'userName eq "bjensen"');
}

const codesOf = (report) => report.diagnostics.map((d) => [d.code, d.path]);

describe("exports", () => {
  test("the module exports exactly the documented API", () => {
    const exported = Object.keys(scimkit).sort();
    assert.deepEqual(exported, [
      "ScimkitError",
      "Validator",
      "applyMapping",
      "applyPatch",
      "assumed",
      "checkFilter",
      "checkMapping",
      "checkPatch",
      "codes",
      "default",
      "evaluateExpression",
      "evaluateFilter",
      "explain",
      "explainLog",
      "formatFilter",
      "initSync",
      "limits",
      "mappingPresets",
      "parseFilter",
      "probe",
      "profiles",
      "quirks",
      "resourceTypes",
      "samples",
      "schemas",
      "traceFilter",
      "validate",
      "version",
    ]);
  });

  test("version() is the package version", () => {
    const pkg = JSON.parse(readFileSync(join(PKG_DIR, "package.json"), "utf8"));
    assert.equal(version(), pkg.version);
    assert.match(version(), /^\d+\.\d+\.\d+/);
  });

  test("init() and initSync() are harmless no-ops in Node", async () => {
    await scimkit.default();
    scimkit.initSync({ module: readFileSync(join(PKG_DIR, "scimkit_bg.wasm")) });
    stillWorks();
  });
});

describe("validate", () => {
  test("the RFC 7643 full user is valid as a create body, with readOnly warnings", () => {
    const report = validate(JSON.stringify(FULL_USER, null, 2), { context: "create" });
    assert.equal(report.valid, true);
    assert.deepEqual(codesOf(report), [
      ["read-only-in-request", "/id"],
      ["read-only-in-request", "/groups"],
      ["read-only-in-request", "/meta"],
    ]);
    assert.ok(report.diagnostics.every((d) => d.severity === "warning"));
  });

  test("text input: a deliberate error has code, path, message and a span on the offending text", () => {
    const doc = structuredClone(FULL_USER);
    doc.emails[1].type = 42;
    const text = JSON.stringify(doc, null, 2);
    const report = validate(text, { context: "create" });
    assert.equal(report.valid, false);
    const [error] = report.diagnostics.filter((d) => d.severity === "error");
    assert.equal(error.code, "invalid-type");
    assert.equal(error.path, "/emails/1/type");
    assert.match(error.message, /type/);
    assert.equal(text.slice(error.span.start, error.span.end), "42");
    assert.equal(text.split("\n")[error.span.line - 1].trim(), '"type": 42');
    // Plain JSON data: no Maps or class instances, only documented fields.
    assert.equal(Object.getPrototypeOf(report), Object.prototype);
    for (const d of report.diagnostics) {
      for (const key of Object.keys(d)) assert.ok(["severity", "code", "path", "message", "span", "help"].includes(key), key);
    }
  });

  test("object input: the same diagnostics without spans", () => {
    const doc = structuredClone(FULL_USER);
    doc.emails[1].type = 42;
    const fromText = validate(JSON.stringify(doc), { context: "create" });
    const fromObject = validate(doc, { context: "create" });
    assert.ok(fromObject.diagnostics.every((d) => d.span === undefined));
    assert.deepEqual(
      fromObject.diagnostics,
      fromText.diagnostics.map(({ span, ...rest }) => rest),
    );
  });

  test("spans are UTF-16 offsets on non-ASCII text, bytes with positionEncoding utf8", () => {
    const text = `{"schemas":["${USER_SCHEMA}"],"userName":"Zoë 😀","active":"yes"}`;
    const utf16 = validate(text).diagnostics[0];
    assert.equal(utf16.path, "/active");
    assert.equal(utf16.span.start, text.indexOf('"yes"'));
    assert.equal(text.slice(utf16.span.start, utf16.span.end), '"yes"');
    const utf8 = validate(text, { positionEncoding: "utf8" }).diagnostics[0];
    const bytes = Buffer.from(text, "utf8");
    assert.equal(utf8.span.start, bytes.indexOf('"yes"'));
    assert.equal(utf8.span.start - utf16.span.start, 3); // ë: 2 bytes/1 unit, 😀: 4 bytes/2 units
    assert.equal(bytes.subarray(utf8.span.start, utf8.span.end).toString(), '"yes"');
    // Line and column do not depend on the encoding (columns count scalar values).
    assert.equal(utf8.span.line, utf16.span.line);
    assert.equal(utf8.span.column, utf16.span.column);
    assert.equal(utf16.span.column, [...text.slice(0, utf16.span.start)].length + 1);
  });

  test("options: context, resourceType, lenient, dialect, profile", () => {
    const user = { schemas: [USER_SCHEMA], userName: "ada@example.com", bogus: 1 };
    assert.deepEqual(codesOf(validate(user)), [["unknown-attribute", "/bogus"]]);
    const lenient = validate(user, { lenient: true });
    assert.equal(lenient.valid, true);
    assert.equal(lenient.diagnostics[0].severity, "warning");
    assert.deepEqual(codesOf(validate({ schemas: [USER_SCHEMA], userName: "x" }, { context: "response", resourceType: "User" })), [["missing-required", "/id"]]);
    const prefix = validate({ schemas: [USER_SCHEMA], userName: "ada@example.com" }, { profile: "email-prefix-username" });
    assert.deepEqual(codesOf(prefix), [["profile-pattern", "/userName"]]);
  });

  test("bad documents are diagnostics, never throws", () => {
    for (const text of ["", "   ", "{", "[1,]", '{"a": 1} {"b": 2}', "nul", "\u0000", '"\\ud800"', "1e999"]) {
      const report = validate(text);
      assert.equal(report.valid, false, JSON.stringify(text));
      assert.ok(report.diagnostics.length >= 1);
    }
    assert.equal(validate("[".repeat(100_000)).diagnostics[0].code, "limit-nesting-depth");
    stillWorks();
  });
});

describe("Validator", () => {
  const EXT = "urn:ietf:params:scim:schemas:extension:acme:2.0:User";
  const extension = {
    id: EXT,
    name: "AcmeUser",
    attributes: [
      { name: "badge", type: "string", multiValued: false, required: true, caseExact: false, mutability: "readWrite", returned: "default", uniqueness: "none" },
    ],
  };
  const userType = {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
    id: "User",
    name: "User",
    endpoint: "/Users",
    schema: USER_SCHEMA,
    schemaExtensions: [
      { schema: ENTERPRISE, required: false },
      { schema: EXT, required: false },
    ],
  };
  const profile = {
    name: "acme",
    title: "Acme",
    description: "Acme's userName is its badge holder's short name",
    rules: [{ resourceType: "User", attribute: "userName", pattern: "^[a-z]+$" }],
  };

  test("custom schemas (an extension) and a custom profile", () => {
    const v = new Validator({ schemas: [extension, JSON.stringify(userType)], profiles: [profile] });
    // Redefining the User resource type replaces the built-in one, and says so at its name.
    const replaced = v.setup.inputs[1].report.diagnostics;
    assert.deepEqual(codesOf({ diagnostics: replaced }), [["schema-replaces-builtin", "/name"]]);
    assert.equal(replaced[0].severity, "warning");
    assert.deepEqual(v.setup, {
      valid: true,
      inputs: [
        { kind: "schemas", index: 0, report: { valid: true, diagnostics: [] } },
        { kind: "schemas", index: 1, report: { valid: true, diagnostics: replaced } },
        { kind: "profiles", index: 0, report: { valid: true, diagnostics: [] } },
      ],
    });
    const good = { schemas: [USER_SCHEMA, EXT], userName: "abe", [EXT]: { badge: "7" } };
    assert.deepEqual(v.validate(good, { profile: "acme" }), { valid: true, diagnostics: [] });
    const bad = { schemas: [USER_SCHEMA, EXT], userName: "Abe Smith", [EXT]: { badge: 7 } };
    assert.deepEqual(codesOf(v.validate(bad, { profile: "acme" })), [
      ["profile-pattern", "/userName"],
      ["invalid-type", `/${EXT}/badge`],
    ]);
    // The extension's attributes are known to filters and the catalogs.
    assert.deepEqual(v.checkFilter(`${EXT}:badge eq "7"`), { valid: true, diagnostics: [] });
    assert.ok(v.schemas().some((s) => s.id === EXT));
    assert.deepEqual(v.profiles().map((p) => p.name), ["acme", "email-prefix-username"]);
    assert.ok(v.resourceTypes().find((r) => r.name === "User").schemaExtensions.some((e) => e.schema === EXT));
    // The built-in validator does not know them.
    assert.equal(validate(good).valid, false);
    assert.equal(checkFilter(`${EXT}:badge eq "7"`).valid, false);
    throwsCode(() => validate(good, { profile: "acme" }), "unknown-profile");
    v.free();
  });

  test("the setup report lists broken definitions; the rest are used", () => {
    const v = new Validator({
      schemas: ['{"id": ', { id: "urn:x:2.0:Thing", attributes: [{ name: "n", type: "text" }] }, extension],
      profiles: ['{"name": 1}', profile],
    });
    assert.equal(v.setup.valid, false);
    const byIndex = v.setup.inputs.map((i) => [i.kind, i.index, i.report.valid, i.report.diagnostics[0]?.code]);
    assert.deepEqual(byIndex.slice(0, 3), [
      ["schemas", 0, false, "json-syntax"],
      ["schemas", 1, false, "schema-unknown-type"],
      ["schemas", 2, true, undefined],
    ]);
    const profileInputs = byIndex.filter(([kind]) => kind === "profiles");
    assert.deepEqual(
      profileInputs.map(([, index, valid]) => [index, valid]),
      [
        [0, false],
        [1, true],
      ],
    );
    // Spans of setup diagnostics point into the definition text.
    assert.equal(v.setup.inputs[0].report.diagnostics[0].span.start, 7);
    assert.deepEqual(v.profiles().map((p) => p.name), ["acme", "email-prefix-username"]);
    assert.equal(v.validate({ schemas: [USER_SCHEMA], userName: "Abe" }, { profile: "acme" }).valid, false);
  });

  test("constructor misuse throws ScimkitError", () => {
    throwsCode(() => new Validator(5), "invalid-argument");
    throwsCode(() => new Validator([]), "invalid-argument");
    throwsCode(() => new Validator(null), "invalid-argument");
    throwsCode(() => new Validator({ schemas: [undefined] }), "invalid-argument");
    throwsCode(() => new Validator({ profiles: [() => 1] }), "invalid-argument");
    stillWorks();
  });
});

describe("filters", () => {
  test("parseFilter: the tree and canonical text, or errors with offset and length", () => {
    const ok = parseFilter('userName Eq "bjensen" and not (title pr)');
    assert.equal(ok.ok, true);
    assert.equal(ok.canonical, 'userName eq "bjensen" and not (title pr)');
    assert.deepEqual(ok.ast, {
      type: "and",
      left: { type: "compare", attribute: "userName", op: "eq", value: "bjensen" },
      right: { type: "not", filter: { type: "present", attribute: "title" } },
    });
    assert.deepEqual(ok.diagnostics, []);

    // Without the tree: the same answer otherwise.
    const lean = parseFilter('userName Eq "bjensen" and not (title pr)', { ast: false });
    assert.deepEqual(lean, { ...ok, ast: null });
    assert.deepEqual(parseFilter('userName = "x"', { ast: false }).diagnostics, parseFilter('userName = "x"').diagnostics);

    const text = 'userName = "bjensen"';
    const bad = parseFilter(text);
    assert.equal(bad.ok, false);
    assert.equal(bad.ast, null);
    assert.equal(bad.canonical, null);
    const [d] = bad.diagnostics;
    assert.equal(d.code, "filter-syntax");
    assert.equal(d.span.start, 9); // offset
    assert.equal(d.span.end - d.span.start, 1); // length
    assert.equal(text.slice(d.span.start, d.span.end), "=");
    assert.match(d.help, /eq/);

    const end = parseFilter('userName eq "x" and');
    assert.equal(end.diagnostics[0].span.start, 19);
    assert.equal(end.diagnostics[0].span.end, 19);
    // Offsets are UTF-16 by default, bytes on request.
    const unicode = 'displayName eq "Zoë" and =';
    assert.equal(parseFilter(unicode).diagnostics[0].span.start, unicode.indexOf("="));
    assert.equal(parseFilter(unicode, { positionEncoding: "utf8" }).diagnostics[0].span.start, unicode.indexOf("=") + 1);
  });

  test("parseFilter: the Entra value-path form is an error in strict, a quirk warning in the entra dialect", () => {
    const text = 'emails[type eq "work"].value eq "ada@example.com"';
    assert.equal(parseFilter(text).ok, false);
    const entra = parseFilter(text, { dialect: "entra" });
    assert.equal(entra.ok, true);
    assert.equal(entra.canonical, 'emails[type eq "work" and value eq "ada@example.com"]');
    assert.equal(entra.diagnostics[0].code, "quirk-filter-value-path");
  });

  test("parseFilter's fast path gives what the full JSON result gives, on every filter case", async () => {
    // The fast path (wasm/src/compact.rs) sends numbers, not JSON; the raw
    // export parseFilter is the JSON result it must equal, tree included.
    const raw = await import(pathToFileURL(join(PKG_DIR, "scimkit.js")).href);
    const extra = ['a eq 1.50e1', 'a eq -0', 'a eq 12345678901234567890', 'x eq "😀" and y pr', '(Username  Eq "b")', 'a eq "x\\"y"', "not (a pr) or b[c ne null and not (d eq false)]"];
    const texts = [...cases("filters").map((c) => c.filter).filter((f) => typeof f === "string"), ...extra];
    let checked = 0;
    for (const filter of texts) {
      for (const options of [undefined, { dialect: "entra" }, { ast: false }]) {
        const fast = parseFilter(filter, options);
        const full = JSON.parse(raw.parseFilter(filter, options === undefined ? "" : JSON.stringify(options))).value;
        assert.deepStrictEqual(fast, full, `${filter} ${JSON.stringify(options)}`);
        assert.equal(JSON.stringify(fast), JSON.stringify(full), filter);
        checked += 1;
      }
    }
    assert.ok(checked > 300, `only ${checked} filters checked`);
    // ...and the fast path is really taken: every IdP filter (canonical, no
    // escapes) and a non-canonical one come back as numbers (a non-zero
    // address), a string with an escape and a syntax error do not.
    for (const filter of [...readJson("examples/filters/idp-filters.json").filters, '(Username  Eq "b")']) {
      assert.notEqual(raw.parseFilterFast(filter, undefined), 0, filter);
    }
    assert.equal(raw.parseFilterFast('a eq "x\\"y"', undefined), 0);
    assert.equal(raw.parseFilterFast('userName = "x"', undefined), 0);
  });

  test("formatFilter round-trips every IdP filter", () => {
    for (const filter of readJson("examples/filters/idp-filters.json").filters) {
      const parsed = parseFilter(filter);
      assert.equal(parsed.ok, true, filter);
      assert.equal(formatFilter(parsed.ast), parsed.canonical);
      assert.deepEqual(parseFilter(parsed.canonical).ast, parsed.ast, filter);
    }
  });

  test("formatFilter misuse", () => {
    throwsCode(() => formatFilter({ type: "nope" }), "invalid-ast");
    throwsCode(() => formatFilter({ type: "compare", attribute: "a", op: "zz", value: 1 }), "invalid-ast");
    throwsCode(() => formatFilter(null), "invalid-argument");
    throwsCode(() => formatFilter('userName eq "x"'), "invalid-argument");
    stillWorks();
  });

  test("checkFilter: attributes and values against the resource type", () => {
    assert.deepEqual(checkFilter('userName eq "bjensen"'), { valid: true, diagnostics: [] });
    assert.deepEqual(codesOf(checkFilter("bogus pr")), [["filter-unknown-attribute", ""]]);
    assert.equal(checkFilter('members.value eq "1"', { resourceType: "Group" }).valid, true);
    assert.equal(checkFilter('members.value eq "1"').valid, false);
    assert.equal(checkFilter("userName =").diagnostics[0].code, "filter-syntax");
    throwsCode(() => checkFilter("a pr", { resourceType: "Nope" }), "unknown-resource-type");
    throwsCode(() => checkFilter(42), "invalid-argument");
    stillWorks();
  });

  const users = [
    { schemas: [USER_SCHEMA], userName: "bjensen", emails: [{ type: "work", value: "b@example.com" }] },
    { schemas: [USER_SCHEMA], userName: "ada", emails: [{ type: "home", value: "a@example.com" }] },
  ];

  test("evaluateFilter: one resource → boolean, array → boolean[], ListResponse → boolean[]", () => {
    const filter = 'emails[type eq "work"]';
    assert.equal(evaluateFilter(filter, users[0]), true);
    assert.equal(evaluateFilter(filter, JSON.stringify(users[1])), false);
    assert.deepEqual(evaluateFilter(filter, users), [true, false]);
    const list = { schemas: [LIST_RESPONSE], totalResults: 2, Resources: users };
    assert.deepEqual(evaluateFilter(filter, list), [true, false]);
    assert.deepEqual(evaluateFilter('userName eq "BJENSEN"', users), [true, false]); // caseExact false
    // A tree from parseFilter works as well as text.
    assert.deepEqual(evaluateFilter(parseFilter(filter).ast, users), [true, false]);
  });

  test("evaluateFilter: each resource is evaluated as its own type unless resourceType says otherwise, as in the CLI", () => {
    const group = {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "Staff",
      members: [{ value: "u1" }],
    };
    const filter = 'members[value eq "U1"]';
    assert.deepEqual(evaluateFilter(filter, [users[0], group]), [false, true]);
    // The trace says which schema decided: Group's members.value, or none for a User.
    const rule = (options) => traceFilter(filter, [group], options)[0].elements[0].trace.rule;
    assert.equal(rule(undefined), "case-insensitive comparison");
    assert.match(rule({ resourceType: "User" }), /not in the schema/);
    // Without the ListResponse URN an object is one resource, whatever its members.
    assert.equal(evaluateFilter('userName eq "bjensen"', { Resources: users }), false);
  });

  test("evaluateFilter: an invalid filter throws filter-syntax with diagnostics", () => {
    const error = throwsCode(() => evaluateFilter("userName =", users), "filter-syntax");
    assert.equal(error.diagnostics[0].code, "filter-syntax");
    assert.equal(error.diagnostics[0].span.start, 9);
    throwsCode(() => evaluateFilter('userName eq "x"', "{not json"), "invalid-json");
    throwsCode(() => evaluateFilter({ type: "bogus" }, users), "invalid-ast");
    throwsCode(() => evaluateFilter("a pr", users, { resourceType: "Nope" }), "unknown-resource-type");
    throwsCode(() => evaluateFilter("a pr", undefined), "invalid-argument");
    stillWorks();
  });

  test("traceFilter: which sub-expression decided, and by which rule", () => {
    const trace = traceFilter('userName eq "bjensen" and emails[type eq "work"]', users[0]);
    assert.equal(trace.kind, "and");
    assert.equal(trace.matched, true);
    assert.equal(trace.children.length, 2);
    assert.equal(trace.children[0].kind, "compare");
    assert.match(trace.children[0].rule, /case-insensitive/);
    assert.deepEqual(trace.children[0].values, ["bjensen"]);
    assert.equal(trace.children[1].kind, "valuePath");
    assert.deepEqual(trace.children[1].matchedElements, [0]);
    const traces = traceFilter('userName eq "ada"', users);
    assert.deepEqual(
      traces.map((t) => t.matched),
      [false, true],
    );
    assert.equal(traces[0].start, 0);
    assert.equal(traces[0].end, 'userName eq "ada"'.length);
  });
});

describe("PATCH", () => {
  const { resource, patch } = ENTRA_PATCH_CASE;

  test("checkPatch: strict rejects Entra's capitalised ops, the entra dialect warns", () => {
    const strict = checkPatch(patch);
    assert.equal(strict.valid, false);
    assert.deepEqual(codesOf(strict)[0], ["patch-invalid-op", "/Operations/0/op"]);
    const text = JSON.stringify(patch, null, 2);
    const entra = checkPatch(text, { dialect: "entra" });
    assert.equal(entra.valid, true);
    assert.deepEqual(codesOf(entra), [
      ["quirk-op-case", "/Operations/0/op"],
      ["quirk-op-case", "/Operations/1/op"],
    ]);
    assert.equal(text.slice(entra.diagnostics[0].span.start, entra.diagnostics[0].span.end), '"Replace"');
  });

  test("applyPatch: strict leaves the resource unchanged, entra applies with changes", () => {
    const strict = applyPatch(resource, patch);
    assert.equal(strict.report.valid, false);
    assert.deepEqual(strict.resource, resource);
    assert.deepEqual(strict.changes, []);
    const entra = applyPatch(JSON.stringify(resource), JSON.stringify(patch), { dialect: "entra" });
    assert.equal(entra.report.valid, true);
    assert.equal(entra.resource.name.familyName, "updatedFamilyName");
    assert.equal(entra.resource.emails[0].value, "updatedEmail@microsoft.com");
    assert.deepEqual(entra.changes, [
      { path: "/name/familyName", kind: "replaced", old: "Wilber", new: "updatedFamilyName" },
      { path: "/emails/0/value", kind: "replaced", old: "Alex.Wilber@contoso.com", new: "updatedEmail@microsoft.com" },
    ]);
  });

  test("PATCH misuse and bad bodies", () => {
    throwsCode(() => applyPatch(resource, patch, { dialect: "azure" }), "invalid-option");
    throwsCode(() => applyPatch(resource, patch, { resourceType: "Nope" }), "unknown-resource-type");
    throwsCode(() => applyPatch(resource), "invalid-argument");
    throwsCode(() => checkPatch(Symbol("x")), "invalid-argument");
    assert.equal(checkPatch("{").diagnostics[0].code, "json-syntax");
    const broken = applyPatch(resource, '{"Operations": [');
    assert.equal(broken.report.valid, false);
    assert.deepEqual(broken.resource, resource);
    stillWorks();
  });
});

describe("mappings and expressions", () => {
  const presets = mappingPresets();
  const entraPreset = presets.find((p) => p.name === "entra");
  const oktaPreset = presets.find((p) => p.name === "okta");
  const entraSample = samples().find((s) => s.identityProvider === "entra" && s.object === "User").source;
  const oktaSample = samples().find((s) => s.identityProvider === "okta" && s.object === "User").source;
  const profile = "email-prefix-username";

  test("the presets and samples catalogs", () => {
    assert.deepEqual(presets.map((p) => [p.name, p.identityProvider]), [
      ["entra", "entra"],
      ["okta", "okta"],
    ]);
    assert.equal(entraPreset.config.users.mappings[0].target, "userName");
    assert.equal(entraPreset.config.users.mappings[0].source, "userPrincipalName");
    assert.equal(entraSample.userPrincipalName, "ada.lovelace@contoso.onmicrosoft.com");
  });

  test("Entra preset: the e-mail-prefix profile fails with userPrincipalName …", () => {
    const check = checkMapping(entraPreset.config, { profile });
    assert.equal(check.valid, false);
    assert.deepEqual(codesOf(check)[0], ["mapping-profile-conflict", "/users/mappings/0/source"]);
    assert.match(check.diagnostics[0].help, /Provision Microsoft Entra ID Users/);
    const result = applyMapping(entraPreset.config, entraSample, { profile });
    assert.equal(result.valid, false);
    assert.equal(result.identityProvider, "entra");
    assert.deepEqual(
      result.requests.map((r) => r.method),
      ["GET", "POST"],
    );
    const post = result.requests[1];
    assert.equal(post.body.userName, "ada.lovelace@contoso.onmicrosoft.com");
    assert.ok(post.report.diagnostics.some((d) => d.code === "profile-pattern" && d.path === "/userName"));
  });

  test("… and passes after changing the userName source to mailNickname", () => {
    const config = structuredClone(entraPreset.config);
    config.users.mappings[0].source = "mailNickname";
    const text = JSON.stringify(config, null, 2);
    const check = checkMapping(text, { profile });
    assert.equal(check.valid, true);
    const result = applyMapping(text, entraSample, { profile });
    assert.equal(result.valid, true);
    assert.equal(result.requests[0].query[0].value, 'userName eq "ada.lovelace"');
    assert.equal(result.requests[1].body.userName, "ada.lovelace");
    assert.equal(result.requests[1].report.valid, true);
    assert.ok(result.trace.some((t) => t.summary === 'userName ← mailNickname = "ada.lovelace"'));
    const update = applyMapping(text, entraSample, { profile, operation: "update", resourceId: "23a35c27", current: result.requests[1].body });
    assert.equal(update.valid, true);
  });

  test("Okta: username format Email fails the profile, Email prefix passes", () => {
    const email = structuredClone(oktaPreset.config);
    email.okta.usernameFormat = "email";
    const failing = checkMapping(email, { profile });
    assert.equal(failing.valid, false);
    assert.deepEqual(codesOf(failing)[0], ["mapping-profile-conflict", "/okta/usernameFormat"]);
    assert.match(failing.diagnostics[0].help, /Application username format/);
    const failedApply = applyMapping(email, oktaSample, { profile });
    assert.equal(failedApply.valid, false);
    assert.equal(failedApply.requests[1].body.userName, "ada.lovelace@example.com");

    const prefix = structuredClone(oktaPreset.config);
    prefix.okta.usernameFormat = "Email prefix";
    assert.equal(checkMapping(prefix, { profile }).valid, true);
    const passing = applyMapping(prefix, oktaSample, { profile });
    assert.equal(passing.valid, true);
    assert.equal(passing.identityProvider, "okta");
    assert.equal(passing.requests[1].body.userName, "ada.lovelace");
  });

  test("mapping misuse", () => {
    throwsCode(() => checkMapping(entraPreset.config, { profile: "nope" }), "unknown-profile");
    throwsCode(() => applyMapping(entraPreset.config, entraSample, { operation: "sync" }), "invalid-option");
    throwsCode(() => applyMapping(entraPreset.config, entraSample, { object: "Device" }), "invalid-option");
    throwsCode(() => applyMapping(entraPreset.config, entraSample, { now: "yesterday" }), "invalid-option");
    throwsCode(() => applyMapping(entraPreset.config, entraSample, { current: "{" }), "invalid-json");
    throwsCode(() => applyMapping(entraPreset.config, entraSample, { seed: "x" }), "invalid-option");
    throwsCode(() => applyMapping(entraPreset.config), "invalid-argument");
    // A broken configuration or source is a report, not a throw.
    assert.equal(checkMapping("{").diagnostics[0].code, "json-syntax");
    assert.equal(applyMapping(entraPreset.config, "{").sourceReport.valid, false);
    stillWorks();
  });

  test("evaluateExpression: Entra ID and Okta", () => {
    const entra = evaluateExpression('Join(" ", [givenName], [surname])', entraSample);
    assert.deepEqual(entra, { value: "Ada Lovelace", omitted: false, report: { valid: true, diagnostics: [] } });
    const omitted = evaluateExpression("IgnoreFlowIfNullOrEmpty([nothing])", {});
    assert.equal(omitted.omitted, true);
    const okta = evaluateExpression('user.firstName + "." + user.lastName', oktaSample.profile ?? oktaSample, { language: "okta" });
    assert.equal(okta.value, "Ada.Lovelace");
    const now = evaluateExpression('FormatDateTime(Now(), , "yyyy-MM-ddTHH:mm:ssZ", "yyyyMMdd")', undefined, { now: "2026-03-04T05:06:07Z" });
    assert.equal(now.value, "20260304");
    const text = "Join(, [a]";
    const broken = evaluateExpression(text);
    assert.equal(broken.report.valid, false);
    assert.ok(broken.report.diagnostics[0].span.end <= text.length);
    throwsCode(() => evaluateExpression("x", {}, { language: "cel" }), "invalid-option");
    throwsCode(() => evaluateExpression("[a]", "{oops"), "invalid-json");
    throwsCode(() => evaluateExpression(7), "invalid-argument");
    stillWorks();
  });
});

describe("assumed", () => {
  test("a detected resource body: create, the type from schemas, and the PUT it may be", () => {
    const put = { schemas: [USER_SCHEMA], id: "00u1", userName: "ada" };
    assert.deepEqual(assumed(put), {
      context: "create",
      contextDetected: true,
      resourceType: "User",
      resourceTypeDetected: true,
      schemasMissing: false,
      dialect: "strict",
      profile: null,
      alternatives: [
        { context: "replace", reason: "it carries an `id`, as a PUT does (Okta updates a user by PUT with the whole resource)" },
        { context: "response", reason: "if it is what the service provider answered" },
      ],
    });
    const given = assumed(JSON.stringify(put), { context: "replace", resourceType: "Users", dialect: "okta" });
    assert.equal(given.contextDetected, false);
    assert.equal(given.resourceType, "User");
    assert.equal(given.dialect, "okta");
    assert.deepEqual(given.alternatives, []);
    assert.equal(assumed("{oops"), null);
    throwsCode(() => assumed("{}", { context: "put" }), "invalid-option");
    stillWorks();
  });
});

describe("explain", () => {
  test("an Entra PATCH is recognised as sent by Entra ID", () => {
    const e = explain(ENTRA_PATCH_CASE.patch);
    assert.equal(e.sender, "entra");
    assert.equal(e.input, "patch");
    assert.equal(e.confidence, "high");
    assert.deepEqual(
      e.deviations.map((d) => [d.code, d.path]),
      [
        ["quirk-op-case", "/Operations/0/op"],
        ["quirk-op-case", "/Operations/1/op"],
      ],
    );
    assert.equal(e.strict.valid, false);
    assert.equal(e.dialectVerdict.valid, true);
  });

  test("with a target resource, the verdicts are applyPatch's (the case where the playground's cards once disagreed)", () => {
    const c = readJson("tests/data/quirks/resource-decides.json").cases[0];
    const patch = JSON.stringify(c.input, null, 2);
    const target = JSON.stringify(c.apply.resource);
    const alone = explain(patch);
    assert.equal(alone.dialectVerdict.valid, true);
    const e = explain(patch, { target });
    assert.equal(e.sender, "entra");
    assert.equal(e.senderLabel, "Microsoft Entra ID (default PATCH behaviour)");
    for (const [verdict, dialect] of [[e.strict, "strict"], [e.dialectVerdict, "entra"]]) {
      const applied = applyPatch(target, patch, { dialect });
      assert.deepEqual(codesOf(verdict), codesOf(applied.report), dialect);
      assert.equal(verdict.valid, applied.report.valid, dialect);
    }
    assert.deepEqual(codesOf(e.dialectVerdict), [
      ["quirk-op-case", "/Operations/0/op"],
      ["patch-invalid-path", "/Operations/0/path"],
    ]);
    // A value, as applyPatch takes; a resource it cannot apply to is the verdict.
    assert.deepEqual(explain(patch, { target: c.apply.resource }), e);
    assert.deepEqual(codesOf(explain(patch, { target: "{oops" }).dialectVerdict).map(([code]) => code), ["json-syntax"]);
    assert.deepEqual(codesOf(explain(patch, { target: { userName: "a" } }).dialectVerdict).map(([code]) => code), ["unknown-resource-type"]);
  });

  test("sender labels describe the sender: Entra's PATCH behaviour only on a PATCH; RFC-conformant only when it is", () => {
    assert.equal(explain('emails[type eq "work"].value eq "x"').senderLabel, "Microsoft Entra ID");
    assert.equal(explain({ schemas: [USER_SCHEMA], userName: "a", active: "True" }).senderLabel, "Microsoft Entra ID");
    assert.equal(explain({ schemas: [USER_SCHEMA], userName: "a" }).senderLabel, "an RFC-conformant SCIM client");
    assert.equal(explain({ schemas: [USER_SCHEMA], userName: 7 }).senderLabel, "a SCIM client with no identity provider's signature");
  });

  test("an Entra filter, and an RFC request", () => {
    const text = 'emails[type eq "work"].value eq "x"';
    const e = explain(text);
    assert.equal(e.input, "filter");
    assert.equal(e.sender, "entra");
    assert.equal(e.deviations[0].span.start, 0);
    assert.equal(e.deviations[0].span.end, text.length);
    const rfc = explain({ schemas: [PATCH_OP], Operations: [{ op: "replace", path: "title", value: "x" }] });
    assert.equal(rfc.sender, "rfc");
    assert.deepEqual(rfc.deviations, []);
    throwsCode(() => explain("{}", { context: "put" }), "invalid-option");
    throwsCode(() => explain("{}", { filters: true }), "invalid-option");
    stillWorks();
  });
});

describe("catalogs", () => {
  test("schemas, resourceTypes, profiles, codes, quirks, limits", () => {
    assert.deepEqual(
      schemas().map((s) => s.id),
      [
        USER_SCHEMA,
        "urn:ietf:params:scim:schemas:core:2.0:Group",
        ENTERPRISE,
        "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig",
        "urn:ietf:params:scim:schemas:core:2.0:ResourceType",
        "urn:ietf:params:scim:schemas:core:2.0:Schema",
      ],
    );
    const userName = schemas()[0].attributes.find((a) => a.name === "userName");
    assert.equal(userName.required, true);
    assert.equal(userName.uniqueness, "server");
    assert.deepEqual(
      resourceTypes().map((r) => [r.name, r.endpoint]),
      [
        ["User", "/Users"],
        ["Group", "/Groups"],
        ["ServiceProviderConfig", "/ServiceProviderConfig"],
        ["ResourceType", "/ResourceTypes"],
        ["Schema", "/Schemas"],
      ],
    );
    assert.deepEqual(profiles().map((p) => p.name), ["email-prefix-username"]);
    const all = codes();
    assert.ok(all.length > 50);
    for (const c of all) {
      assert.match(c.code, /^[a-z0-9-]+$/);
      assert.ok(["error", "warning", "info"].includes(c.severity), c.code);
      assert.ok(c.description.length > 0, c.code);
      assert.ok(c.fix.length > 0, `${c.code} has no fix`);
    }
    assert.equal(new Set(all.map((c) => c.code)).size, all.length);
    assert.ok(all.some((c) => c.code === "unknown-attribute" && c.severity === "error"));
    const q = quirks();
    assert.ok(q.some((x) => x.code === "quirk-op-case" && x.senders.includes("entra")));
    assert.deepEqual(limits(), {
      maxDocumentBytes: 134217728,
      maxJsonDepth: 128,
      maxFilterBytes: 65536,
      maxFilterDepth: 64,
      maxExpressionBytes: 10000,
      maxExpressionDepth: 64,
      maxExpressionValueBytes: 262144,
      maxExpressionWorkBytes: 16777216,
      maxFilterWork: 10000000,
      maxProbeResponseBytes: 1048576,
      defaultMaxDiagnostics: 1000,
      maxPatchOperations: 10000,
      maxBulkOperations: 10000,
      maxLogExplanations: 1000,
    });
  });

  test("catalogs return fresh objects: mutating one does not change the next", () => {
    schemas()[0].attributes.length = 0;
    limits().maxJsonDepth = 1;
    assert.ok(schemas()[0].attributes.length > 0);
    assert.equal(limits().maxJsonDepth, 128);
  });
});

describe("caller mistakes", () => {
  // Every entry: a call, the ScimkitError code it must throw.
  const mistakes = [
    ["validate()", () => validate(), "invalid-argument"],
    ["validate(fn)", () => validate(() => 1), "invalid-argument"],
    ["validate(bigint)", () => validate(10n), "invalid-argument"],
    ["validate(cyclic)", () => { const a = {}; a.self = a; return validate(a); }, "invalid-argument"],
    ["validate options string", () => validate("{}", "create"), "invalid-argument"],
    ["validate options array", () => validate("{}", ["create"]), "invalid-argument"],
    ["validate unknown option", () => validate("{}", { contxt: "create" }), "invalid-option"],
    ["validate bad context", () => validate("{}", { context: "post" }), "invalid-option"],
    ["validate bad dialect", () => validate("{}", { dialect: "azure" }), "invalid-option"],
    ["validate bad encoding", () => validate("{}", { positionEncoding: "utf32" }), "invalid-option"],
    ["validate mistyped option", () => validate("{}", { lenient: "yes" }), "invalid-option"],
    ["validate unknown profile", () => validate("{}", { profile: "nope" }), "unknown-profile"],
    ["parseFilter(number)", () => parseFilter(42), "invalid-argument"],
    ["parseFilter(null)", () => parseFilter(null), "invalid-argument"],
    ["parseFilter bad dialect", () => parseFilter("a pr", { dialect: "x" }), "invalid-option"],
    ["checkFilter unknown option", () => checkFilter("a pr", { resource: "User" }), "invalid-option"],
    ["evaluateFilter syntax", () => evaluateFilter("(", {}), "filter-syntax"],
    ["traceFilter syntax", () => traceFilter("a eq", {}), "filter-syntax"],
    ["traceFilter resources missing", () => traceFilter("a pr"), "invalid-argument"],
    ["checkPatch unknown option", () => checkPatch("{}", { op: "add" }), "invalid-option"],
    ["checkMapping unknown profile", () => checkMapping("{}", { profile: "x" }), "unknown-profile"],
    ["applyMapping negative seed", () => applyMapping("{}", "{}", { seed: -1 }), "invalid-option"],
    ["evaluateExpression unknown option", () => evaluateExpression("1", {}, { lang: "okta" }), "invalid-option"],
    ["explain()", () => explain(), "invalid-argument"],
    ["formatFilter(undefined)", () => formatFilter(), "invalid-argument"],
  ];
  for (const [label, call, code] of mistakes) {
    test(`${label} throws ScimkitError ${code}, and the next call works`, () => {
      throwsCode(call, code, label);
      stillWorks();
    });
  }

  test("ScimkitError is an Error with name, code and message", () => {
    const e = throwsCode(() => validate("{}", { context: "post" }), "invalid-option");
    assert.ok(e instanceof Error);
    assert.match(e.message, /context/);
    assert.match(e.message, /post/);
    assert.equal(typeof e.stack, "string");
  });

  test("a freed Validator throws ScimkitError, others keep working", () => {
    const v = new Validator();
    v.free();
    const e = (() => {
      try {
        v.validate("{}");
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    assert.ok(e instanceof ScimkitError, String(e));
    assert.equal(e.code, "freed");
    for (const call of [() => v.checkFilter("a pr"), () => v.schemas(), () => v.applyPatch("{}", "{}")]) {
      throwsCode(call, "freed");
    }
    v.free(); // a second free is harmless
    stillWorks();
  });

  test("arguments that throw while read (Proxy traps, getters, cycles) are invalid-argument", () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error("trap");
        },
        ownKeys() {
          throw new Error("trap");
        },
      },
    );
    const cyclic = {};
    cyclic.self = cyclic;
    for (const call of [
      () => validate(hostile),
      () => validate("{}", hostile),
      () => validate(cyclic),
      () => checkFilter("a pr", hostile),
      () => applyPatch(hostile, "{}"),
      () => applyMapping("{}", "{}", hostile),
      () => evaluateExpression("x", hostile),
      () => formatFilter(hostile),
      () => new Validator(hostile),
      () => new Validator({ schemas: [cyclic] }),
    ]) {
      const e = throwsCode(call, "invalid-argument");
      assert.ok(e instanceof ScimkitError);
    }
    stillWorks();
  });
});
