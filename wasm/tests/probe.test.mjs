// probe(): the core's probe plan driven by fetch, against a real scim2-server
// on loopback (SCIMKIT_SCIM2_SERVER, installed by `cargo xtask test`), and
// compared with `scimkit probe` on the same server: the same checks decide
// the same way, because both run the same plan.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { after, before, describe, test } from "node:test";

import { join } from "node:path";

import { ROOT, cliJson, readJson, scimkit } from "./support.mjs";

const { probe, ScimkitError } = scimkit;
const TOKEN = "npm-probe-token-3d9a";

async function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

let server;
let url;
before(async () => {
  const program = process.env.SCIMKIT_SCIM2_SERVER;
  assert.ok(program, "SCIMKIT_SCIM2_SERVER: run these through `cargo xtask test`");
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  server = spawn(program, ["--hostname", "127.0.0.1", "--port", String(port), "--bearer-token", TOKEN], { stdio: "ignore" });
  // Bounded wait for the server to answer: 20 s at most.
  for (let i = 0; i < 200; i++) {
    try {
      await fetch(`${url}/ServiceProviderConfig`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error("scim2-server did not start");
});
after(() => server?.kill());

const verdicts = (report) => report.checks.map((c) => [c.id, c.status]);

describe("probe", () => {
  for (const as of ["rfc", "entra", "okta"]) {
    test(`--write as ${as}: the same verdicts as the CLI, and the server left as found`, async () => {
      const users = async () => (await fetch(`${url}/Users`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json();
      const before = await users();
      const report = await probe(url, { token: TOKEN, as, write: true, seed: 7 });
      assert.equal(report.target, url);
      assert.equal(report.as, as);
      assert.ok(report.checks.length >= 25, `${report.checks.length} checks`);
      const cli = cliJson(["probe", url, "--write", "--as", as, "--seed", "7"], undefined, { SCIMKIT_TOKEN: TOKEN });
      assert.deepEqual(verdicts(report), verdicts(cli));
      assert.deepEqual(report.summary, cli.summary);
      assert.equal(report.ok, cli.ok);
      assert.deepEqual(report.leftovers, []);
      const failed = report.checks.filter((c) => c.status === "fail").map((c) => c.id);
      assert.deepEqual(failed, as === "entra" ? ["write.remove-member", "write.manager-set"] : []);
      assert.ok(!JSON.stringify(report).includes(TOKEN), "the token is not in the report");
      assert.deepEqual(await users(), before);
    });
  }

  test("mapping and user: the mapping's requests, the same verdicts as the CLI", async () => {
    const mapping = "core/src/mapping/presets/okta-scim.json";
    const user = "core/src/mapping/presets/okta-user.json";
    // As values (the CLI reads the same files as text).
    const report = await probe(url, { token: TOKEN, write: true, seed: 11, mapping: readJson(mapping), user: readJson(user) });
    assert.equal(report.as, "okta");
    const cli = cliJson(["probe", url, "--write", "--seed", "11", "--mapping", join(ROOT, mapping), "--user", join(ROOT, user)], undefined, {
      SCIMKIT_TOKEN: TOKEN,
    });
    assert.deepEqual(verdicts(report), verdicts(cli));
    const create = report.checks.find((c) => c.id === "write.create-user");
    assert.match(JSON.parse(create.request.body).userName, /^scimkit-probe-[0-9a-f]{12}-\d+-\d+@example\.com$/);
    assert.deepEqual(report.checks.find((c) => c.id === "mapping.requests").diagnostics.map((d) => [d.code, d.path]), [["read-only-in-request", "/groups"]]);
    assert.deepEqual(report.checks.filter((c) => c.status === "fail"), []);
  });

  test("a mapping that cannot be simulated is an invalid-mapping error with its diagnostics", async () => {
    const broken = { identityProvider: "entra", users: { mappings: [{ target: "userName", type: "expression", expression: "Join(" }] } };
    await assert.rejects(
      () => probe(url, { mapping: broken, user: "{}" }),
      (e) => e instanceof ScimkitError && e.code === "invalid-mapping" && e.diagnostics.some((d) => d.code === "expr-syntax"),
    );
    await assert.rejects(
      () => probe(url, { mapping: broken }),
      (e) => e instanceof ScimkitError && e.code === "invalid-option",
    );
    await assert.rejects(
      () => probe(url, { as: "rfc", mapping: readJson("core/src/mapping/presets/okta-scim.json"), user: readJson("core/src/mapping/presets/okta-user.json") }),
      (e) => e instanceof ScimkitError && e.code === "invalid-option" && /does not match the mapping/.test(e.message),
    );
  });

  test("nothing listening: a report with the error, no checks", async () => {
    const report = await probe(`http://127.0.0.1:${await freePort()}`, { timeout: 5 });
    assert.ok(report.error, JSON.stringify(report));
    assert.deepEqual(report.checks, []);
  });

  test("bad arguments are typed errors", async () => {
    for (const [call, code] of [
      [() => probe("ftp://x"), "invalid-argument"],
      [() => probe(url, { as: "nobody" }), "invalid-option"],
      [() => probe(url, { token: 42 }), "invalid-argument"],
      [() => probe(url, { bogus: true }), "invalid-option"],
      // The core's rules, as the CLI's: no credentials, query or fragment in
      // the URL; timeouts and deadlines in range; a visible-ASCII token.
      [() => probe("http://admin:hunter2@127.0.0.1:9"), "invalid-argument"],
      [() => probe(`${url}?tenant=acme`), "invalid-argument"],
      [() => probe(`${url}#x`), "invalid-argument"],
      [() => probe(url, { timeout: 0 }), "invalid-argument"],
      [() => probe(url, { timeout: 1e20 }), "invalid-argument"],
      [() => probe(url, { timeout: "10" }), "invalid-argument"],
      [() => probe(url, { deadline: 3601 }), "invalid-argument"],
      [() => probe(url, { token: "t\u00f6ken" }), "invalid-argument"],
    ]) {
      await assert.rejects(call, (e) => e instanceof ScimkitError && e.code === code && !/hunter2|t\u00f6ken/.test(e.message));
    }
  });

  test("a token the server echoes back is masked everywhere in the report", async () => {
    // A server that answers every request with the request's headers.
    const { createServer: createHttp } = await import("node:http");
    const echo = createHttp((req, res) => {
      res.writeHead(req.url.startsWith("/ServiceProviderConfig") ? 200 : 500, { "Content-Type": "application/scim+json" });
      res.end(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "500", detail: `you sent ${req.headers.authorization}` }));
    });
    await new Promise((r) => echo.listen(0, "127.0.0.1", r));
    try {
      const report = await probe(`http://127.0.0.1:${echo.address().port}`, { token: ` ${TOKEN}\n`, seed: 1, strict: true });
      assert.equal(report.ok, false);
      const text = JSON.stringify(report);
      assert.ok(report.checks.length > 3, text);
      assert.ok(!text.includes(TOKEN), text);
      assert.ok(text.includes("you sent Bearer ****"), text);
      assert.deepEqual(report.leftovers, []);
    } finally {
      echo.close();
    }
  });
});
