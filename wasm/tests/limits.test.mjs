// The documented limits are the same natively and in wasm: each one that JS
// can reach is exercised at the limit and just past it, through the npm
// package and through the CLI binary (SCIMKIT_CLI), and both must report the
// same codes. The 128 MiB document limit is not exercised here (it would
// need a 128 MiB string in both processes); the core's unit tests cover it.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";

import { PATCH_OP, USER_SCHEMA, cliJson, scimkit, throwsCode } from "./support.mjs";

const { validate, parseFilter, checkPatch, applyPatch, evaluateExpression, evaluateFilter, limits } = scimkit;

const dir = mkdtempSync(join(tmpdir(), "scimkit-limits-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
function file(text) {
  const path = join(dir, `input-${files++}.json`);
  writeFileSync(path, text);
  return path;
}

const codes = (diagnostics) => diagnostics.map((d) => d.code);
const LIMIT = limits();

describe("JSON depth", () => {
  const nested = (depth) => "[".repeat(depth) + "]".repeat(depth);
  test(`${LIMIT.maxJsonDepth} levels parse; ${LIMIT.maxJsonDepth + 1} are limit-nesting-depth, as in the CLI`, () => {
    for (const [depth, limited] of [
      [LIMIT.maxJsonDepth, false],
      [LIMIT.maxJsonDepth + 1, true],
    ]) {
      const text = nested(depth);
      const npm = validate(text, { positionEncoding: "utf8" });
      assert.equal(codes(npm.diagnostics).includes("limit-nesting-depth"), limited, `depth ${depth}`);
      const cli = cliJson(["validate", file(text)]);
      assert.deepEqual(npm, cli, `depth ${depth}`);
    }
  });

  test("nesting inside a document: one level past the limit inside an attribute", () => {
    const inside = (depth) => `{"schemas":["${USER_SCHEMA}"],"userName":"a","x":${nested(depth - 1)}}`;
    for (const [depth, limited] of [
      [LIMIT.maxJsonDepth, false],
      [LIMIT.maxJsonDepth + 1, true],
    ]) {
      const npm = validate(inside(depth), { positionEncoding: "utf8" });
      assert.equal(codes(npm.diagnostics).includes("limit-nesting-depth"), limited, `depth ${depth}`);
      assert.deepEqual(npm, cliJson(["validate", file(inside(depth))]));
    }
  });
});

describe("filters", () => {
  /** The CLI's `filter parse --format json` answer, reduced to codes. */
  function cliFilterCodes(text) {
    const out = cliJson(["filter", "parse", text]);
    return out.errors ? out.errors.map((e) => e.code) : [];
  }

  test(`length: ${LIMIT.maxFilterBytes} bytes parse, one more is limit-filter-length`, () => {
    const filter = (bytes) => `userName eq "${"a".repeat(bytes - 'userName eq ""'.length)}"`;
    assert.equal(Buffer.byteLength(filter(LIMIT.maxFilterBytes)), LIMIT.maxFilterBytes);
    const ok = parseFilter(filter(LIMIT.maxFilterBytes));
    assert.equal(ok.ok, true);
    assert.deepEqual(cliFilterCodes(filter(LIMIT.maxFilterBytes)), []);
    const over = parseFilter(filter(LIMIT.maxFilterBytes + 1));
    assert.deepEqual(codes(over.diagnostics), ["limit-filter-length"]);
    assert.deepEqual(cliFilterCodes(filter(LIMIT.maxFilterBytes + 1)), ["limit-filter-length"]);
  });

  test(`depth: ${LIMIT.maxFilterDepth} nested parentheses parse, one more is limit-filter-depth`, () => {
    const filter = (depth) => "(".repeat(depth) + "title pr" + ")".repeat(depth);
    assert.equal(parseFilter(filter(LIMIT.maxFilterDepth)).ok, true);
    assert.deepEqual(cliFilterCodes(filter(LIMIT.maxFilterDepth)), []);
    const over = parseFilter(filter(LIMIT.maxFilterDepth + 1));
    assert.deepEqual(codes(over.diagnostics), ["limit-filter-depth"]);
    assert.deepEqual(cliFilterCodes(filter(LIMIT.maxFilterDepth + 1)), ["limit-filter-depth"]);
    // `not` and value-path brackets count too.
    const nots = "not (".repeat(LIMIT.maxFilterDepth + 1) + "title pr" + ")".repeat(LIMIT.maxFilterDepth + 1);
    assert.deepEqual(codes(parseFilter(nots).diagnostics), ["limit-filter-depth"]);
  });
});

describe("PATCH operations", () => {
  const user = { schemas: [USER_SCHEMA], id: "1", userName: "bjensen" };
  const patch = (n) =>
    JSON.stringify({
      schemas: [PATCH_OP],
      Operations: Array.from({ length: n }, (_, i) => ({ op: "replace", path: "title", value: `t${i}` })),
    });

  test(`${LIMIT.maxPatchOperations} operations apply; ${LIMIT.maxPatchOperations + 1} are limit-operations, as in the CLI`, () => {
    const userFile = file(JSON.stringify(user));
    for (const [n, limited] of [
      [LIMIT.maxPatchOperations, false],
      [LIMIT.maxPatchOperations + 1, true],
    ]) {
      const body = patch(n);
      // Both as text: spans are kept only when every input is text.
      const npm = applyPatch(JSON.stringify(user), body, { positionEncoding: "utf8" });
      assert.equal(npm.report.valid, !limited, `${n} operations`);
      assert.equal(codes(npm.report.diagnostics).includes("limit-operations"), limited);
      if (limited) assert.deepEqual(npm.resource, user);
      else assert.equal(npm.resource.title, `t${n - 1}`);
      const cli = cliJson(["patch", "apply", userFile, file(body)]);
      assert.deepEqual(npm.report, cli.report, `${n} operations`);
      assert.deepEqual(npm.resource, cli.resource);
      // checkPatch and validate in the patch context agree.
      assert.equal(codes(checkPatch(body).diagnostics).includes("limit-operations"), limited);
      const asDocument = validate(body, { context: "patch", resourceType: "User", positionEncoding: "utf8" });
      assert.deepEqual(asDocument, cliJson(["validate", "--context", "patch", "--resource-type", "User", file(body)]));
    }
  });
});

describe("bulk operations", () => {
  test(`${LIMIT.maxBulkOperations} bulk operations validate; one more is limit-operations, as in the CLI`, () => {
    const bulk = (n) =>
      JSON.stringify({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
        Operations: Array.from({ length: n }, (_, i) => ({
          method: "POST",
          path: "/Users",
          bulkId: `b${i}`,
          data: { schemas: [USER_SCHEMA], userName: `u${i}` },
        })),
      });
    for (const [n, limited] of [
      [LIMIT.maxBulkOperations, false],
      [LIMIT.maxBulkOperations + 1, true],
    ]) {
      const text = bulk(n);
      const npm = validate(text, { context: "bulk", positionEncoding: "utf8" });
      assert.equal(codes(npm.diagnostics).includes("limit-operations"), limited, `${n} operations`);
      assert.deepEqual(npm, cliJson(["validate", "--context", "bulk", file(text)]));
    }
  });
});

describe("expressions", () => {
  const cliExpression = (expression, language) => cliJson(["expr", "eval", "--language", language, "--now", "2026-01-01T00:00:00Z", expression]);

  test(`length: ${LIMIT.maxExpressionBytes} bytes evaluate, one more is limit-expression (Entra ID and Okta)`, () => {
    const cases = {
      entra: (bytes) => `"${"a".repeat(bytes - 2)}"`,
      okta: (bytes) => `"${"a".repeat(bytes - 2)}"`,
    };
    for (const [language, make] of Object.entries(cases)) {
      for (const [bytes, limited] of [
        [LIMIT.maxExpressionBytes, false],
        [LIMIT.maxExpressionBytes + 1, true],
      ]) {
        const text = make(bytes);
        const npm = evaluateExpression(text, undefined, { language, now: "2026-01-01T00:00:00Z", positionEncoding: "utf8" });
        assert.equal(codes(npm.report.diagnostics).includes("limit-expression"), limited, `${language} ${bytes}`);
        assert.deepEqual(npm, cliExpression(text, language), `${language} ${bytes}`);
      }
    }
  });

  test(`depth: ${LIMIT.maxExpressionDepth} nested calls evaluate, one more is limit-expression`, () => {
    const entra = (depth) => "Trim(".repeat(depth) + '"x"' + ")".repeat(depth);
    const okta = (depth) => "(".repeat(depth) + '"x"' + ")".repeat(depth);
    for (const [language, make] of [
      ["entra", entra],
      ["okta", okta],
    ]) {
      for (const [depth, limited] of [
        [LIMIT.maxExpressionDepth, false],
        [LIMIT.maxExpressionDepth + 1, true],
      ]) {
        const text = make(depth);
        const npm = evaluateExpression(text, undefined, { language, now: "2026-01-01T00:00:00Z", positionEncoding: "utf8" });
        assert.equal(codes(npm.report.diagnostics).includes("limit-expression"), limited, `${language} depth ${depth}: ${JSON.stringify(npm.report)}`);
        assert.deepEqual(npm, cliExpression(text, language), `${language} depth ${depth}`);
      }
    }
  });
});

describe("expression output", () => {
  const cliExpression = (expression, language) => cliJson(["expr", "eval", "--language", language, "--now", "2026-01-01T00:00:00Z", expression]);
  // Each level quadruples "aaaa": 8 levels make exactly the limit, 9 pass it.
  const nest = {
    entra: (levels) => {
      let e = '"aaaa"';
      for (let i = 0; i < levels; i++) e = `Replace(${e}, "a", , , "aaaa", , )`;
      return e;
    },
    okta: (levels) => {
      let e = '"aaaa"';
      for (let i = 0; i < levels; i++) e = `String.replace(${e}, "a", "aaaa")`;
      return e;
    },
  };

  test(`a value of ${LIMIT.maxExpressionValueBytes} bytes evaluates, four times that is limit-expression-output, as in the CLI`, () => {
    assert.equal(4 ** 9, LIMIT.maxExpressionValueBytes);
    for (const [language, make] of Object.entries(nest)) {
      for (const [levels, limited] of [
        [8, false],
        [9, true],
        [20, true],
      ]) {
        const text = make(levels);
        const npm = evaluateExpression(text, undefined, { language, now: "2026-01-01T00:00:00Z", positionEncoding: "utf8" });
        assert.equal(codes(npm.report.diagnostics).includes("limit-expression-output"), limited, `${language} ${levels}`);
        if (!limited) assert.equal(npm.value.length, LIMIT.maxExpressionValueBytes);
        assert.deepEqual(npm, cliExpression(text, language), `${language} ${levels}`);
      }
    }
  });
});

describe("diagnostics per report", () => {
  const user = (bad) =>
    JSON.stringify({
      schemas: [USER_SCHEMA],
      userName: "u",
      emails: Array.from({ length: bad }, (_, i) => ({ value: `u${i}@example.com`, primary: "yes" })),
    });

  test(`${LIMIT.defaultMaxDiagnostics} diagnostics are listed; one more is replaced by limit-diagnostics, as in the CLI`, () => {
    for (const [bad, limited] of [
      [LIMIT.defaultMaxDiagnostics, false],
      [LIMIT.defaultMaxDiagnostics + 1, true],
    ]) {
      const text = user(bad);
      const npm = validate(text, { positionEncoding: "utf8" });
      assert.equal(npm.valid, false);
      assert.equal(npm.diagnostics.length, LIMIT.defaultMaxDiagnostics + (limited ? 1 : 0));
      assert.equal(codes(npm.diagnostics).includes("limit-diagnostics"), limited, `${bad} bad values`);
      assert.deepEqual(npm, cliJson(["validate", file(text)]), `${bad} bad values`);
    }
    // Configurable the same way on both sides.
    const text = user(50);
    const npm = validate(text, { positionEncoding: "utf8", maxDiagnostics: 5 });
    assert.equal(npm.diagnostics.length, 6);
    assert.match(npm.diagnostics[5].message, /^45 more diagnostics \(45 errors/);
    assert.deepEqual(npm, cliJson(["validate", "--max-diagnostics", "5", file(text)]));
  });
});

describe("filter evaluation work", () => {
  // 2,000 operands cost 2,001 units per user (the `or` and each comparison).
  const filter = Array.from({ length: 2000 }, () => 'userName eq "x"').join(" or ");
  const list = (users) =>
    JSON.stringify({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      totalResults: users,
      Resources: Array.from({ length: users }, (_, i) => ({ schemas: [USER_SCHEMA], userName: `u${i}` })),
    });

  test(`${LIMIT.maxFilterWork} units evaluate; past them is limit-filter-work, as in the CLI`, () => {
    const fits = Math.floor(LIMIT.maxFilterWork / 2001);
    for (const [users, limited] of [
      [fits, false],
      [fits + 1, true],
    ]) {
      const text = list(users);
      const path = file(text);
      if (limited) {
        const e = throwsCode(() => evaluateFilter(filter, text), "limit-filter-work");
        assert.equal(e.diagnostics[0].path, `/Resources/${users - 1}`);
        const cli = cliJson(["filter", "eval", filter, path]);
        assert.deepEqual(codes(cli.diagnostics), ["limit-filter-work"]);
        assert.equal(cli.diagnostics[0].message, e.diagnostics[0].message);
      } else {
        const verdicts = evaluateFilter(filter, text);
        assert.equal(verdicts.length, users);
        assert.deepEqual(verdicts, cliJson(["filter", "eval", filter, path]));
      }
    }
  });
});
