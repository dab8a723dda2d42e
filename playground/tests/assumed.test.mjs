// Issue 25, "say what was assumed, agree everywhere", in a real Chromium:
// every verdict card states what it checked; a detected context says so and
// offers the other readings with one click; sender labels describe the
// sender; and the PATCH tab's identity-provider card and its verdict card
// give one answer, on the case where they once disagreed and on every quirk
// case that carries a resource (tests/data/quirks/).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { ROOT } from "../../test-support/browser.mjs";
import { afterRun, launchForPlayground, loadExample, openPlayground } from "../../test-support/playground.mjs";

let browser;
before(async () => {
  browser = await launchForPlayground();
});
after(async () => {
  await browser?.close();
});

const text = async (page, selector) => ((await page.textContent(selector)) ?? "").trim();

/** The identity-provider card's verdict rows: who, and what they say. */
async function idpVerdicts(page, card) {
  return page.$$eval(`${card} .verdict`, (rows) =>
    rows.map((r) => [r.querySelector(".v-who").textContent, r.querySelector(".v-what").textContent]),
  );
}

const CLI = process.env.SCIMKIT_CLI ?? join(ROOT, "target", "debug", "scimkit");
const QUIRKS = join(ROOT, "tests", "data", "quirks");
const WITH_RESOURCE = readdirSync(QUIRKS)
  .filter((f) => f.endsWith(".json"))
  .flatMap((f) => JSON.parse(readFileSync(join(QUIRKS, f), "utf8")).cases.map((c, i) => ({ ...c, id: `${f}#${i}` })))
  .filter((c) => c.apply && typeof c.input === "object");

const DIALECT_OF = { rfc: "", entra: "entra", entraScimCompliant: "entra", okta: "okta" };
const ROW_OF = { "": "Strict RFC service provider", entra: "Tolerating Entra ID's deviations", okta: "Tolerating Okta's deviations" };

test("a detected body says what it was checked as, and one click checks it as the PUT it is", async () => {
  const { page, problems } = await openPlayground(browser);
  await loadExample(page, "okta-put-user");
  await afterRun(page, "#payload-status", () => page.selectOption("#payload-context", ""));
  const scope = await text(page, "#payload-scope");
  assert.match(scope, /^Checked as create \(POST\) · User · strict RFC\. Detected the context and the resource type from `schemas`\./);
  assert.match(scope, /Check as replace \(PUT\) it carries an `id`, as a PUT does/);
  assert.match(await text(page, "#payload-status"), /warning/);
  assert.match(await text(page, "#payload-explain"), /Checked as create \(POST\) · User/);

  // The CLI says the same of the same file (one core answer: Assumed).
  const file = join(ROOT, "examples", "payloads", "okta-put-user.json");
  assert.equal(await page.inputValue("#payload-input"), readFileSync(file, "utf8"), "the example is the file");
  const cli = spawnSync(CLI, ["validate", file], { encoding: "utf8" }).stdout.trimEnd().split("\n").at(-1);
  const said = scope.slice(0, scope.indexOf("Check as"));
  assert.equal(cli, `  ${said.replace(/^Checked/, "checked")} Other readings: --context replace, --context response.`);

  await afterRun(page, "#payload-status", () => page.click("#payload-scope [data-context=replace]"));
  assert.equal(await page.inputValue("#payload-context"), "replace");
  assert.match(await text(page, "#payload-scope"), /^Checked as replace \(PUT\) · User · strict RFC\. Detected the resource type from `schemas`\.$/);
  assert.doesNotMatch(await text(page, "#payload-status"), /warning/);
  assert.equal(await page.locator("#payload-scope [data-context]").count(), 0, "a chosen context offers no switch");
  assert.deepEqual(problems, []);
  await page.close();
});

test("sender labels describe the sender, not a PATCH behaviour, on bodies and filters", async () => {
  const { page, problems } = await openPlayground(browser);
  await loadExample(page, "entra-create-user");
  assert.match(await text(page, "#payload-explain"), /Looks likeMicrosoft Entra ID(?! \()/);
  await afterRun(page, "#payload-status", () => page.fill("#payload-input", '{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": 7}'));
  const broken = await text(page, "#payload-explain");
  assert.match(broken, /Looks likea SCIM client with no identity provider's signature/);
  assert.doesNotMatch(broken, /RFC-conformant/);
  await loadExample(page, "entra-filter");
  await page.waitForSelector("#filter-explain:not([hidden])");
  assert.match(await text(page, "#filter-explain"), /Looks likeMicrosoft Entra ID(?! \()/);
  assert.match(await text(page, "#filter-explain"), /Checked as the filter's syntax/);
  const dialect = await page.inputValue("#filter-dialect");
  const rules = { "": "strict RFC", strict: "strict RFC", entra: "Entra ID dialect", okta: "Okta dialect" }[dialect];
  assert.equal(await text(page, "#filter-scope"), `Checked as a filter on User · ${rules}`);
  await loadExample(page, "entra-patch-user");
  assert.match(await text(page, "#patch-explain"), /Microsoft Entra ID \(default PATCH behaviour\)/);
  assert.deepEqual(problems, []);
  await page.close();
});

test("the PATCH tab's two cards give one verdict: a group's member removal sent to a user, and every quirk case with a resource", async () => {
  const { page, problems } = await openPlayground(browser, { fragment: "#patch" });
  assert.ok(WITH_RESOURCE.length >= 3, `${WITH_RESOURCE.length} cases`);
  for (const c of WITH_RESOURCE) {
    // Each row of the identity-provider card (strict, and the detected
    // sender's dialect) against the verdict card set to the same rules.
    const sender = DIALECT_OF[c.expect.detect.sender];
    for (const dialect of sender ? ["", sender] : [""]) {
      await afterRun(page, "#patch-status", async () => {
        await page.selectOption("#patch-dialect", dialect);
        await page.selectOption("#patch-resource-type", c.resourceType ?? "");
        await page.fill("#patch-resource", JSON.stringify(c.apply.resource, null, 2));
        await page.fill("#patch-input", JSON.stringify(c.input, null, 2));
      });
      const main = (await text(page, "#patch-status")).replace(/^[^A-Z]+/, "");
      const rows = Object.fromEntries(await idpVerdicts(page, "#patch-explain"));
      const row = rows[ROW_OF[dialect]];
      assert.ok(row, `${c.id}: the identity-provider card has a row for ${dialect || "strict"} (${Object.keys(rows)})`);
      assert.equal(row, main, `${c.id}, ${dialect || "strict"}: identity-provider card vs verdict card`);
      // The data's own verdict for these rules, where it states one.
      const want = dialect === "" ? c.apply.strict : (c.apply.dialect ?? sender) === dialect ? c.apply.lenient : null;
      if (want) assert.equal(/^Rejected/.test(main), !want.valid, `${c.id}, ${dialect || "strict"}: ${main}`);
      if (c.id.startsWith("resource-decides.json") && dialect === "entra") {
        // The case: Entra ID's dialect, a User, a group's member removal.
        assert.equal(main, "Rejected: 1 error, 1 warning");
        assert.match(await text(page, "#patch-diagnostics"), /patch-invalid-path/);
      }
      const rt = c.resourceType ?? c.apply.resource.schemas[0].split(":").pop();
      const rules = { "": "strict RFC", entra: "Entra ID dialect", okta: "Okta dialect" }[dialect];
      assert.ok((await text(page, "#patch-scope")).startsWith(`Checked as PATCH on ${rt} · ${rules}`), c.id);
      assert.match(await text(page, "#patch-explain"), new RegExp(`Checked as PATCH on ${rt}`), c.id);
    }
  }
  assert.ok(WITH_RESOURCE.some((c) => c.id.startsWith("resource-decides.json")), "the issue's case is among them");

  // A resource the PATCH cannot be checked against (no type to tell, not
  // JSON, nothing): the verdict card says why, and no identity-provider
  // card gives a verdict of its own.
  const patch = JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "Replace", path: "active", value: "False" }] });
  for (const [resource, said] of [
    ['{"id": "1", "userName": "ada"}', /cannot tell the resource type/],
    ["[]", /cannot tell the resource type/],
    ["   \n ", /The resource/],
  ]) {
    await afterRun(page, "#patch-status", async () => {
      await page.selectOption("#patch-dialect", "entra");
      await page.selectOption("#patch-resource-type", "");
      await page.fill("#patch-resource", resource);
      await page.fill("#patch-input", patch);
    });
    assert.match(await text(page, "#patch-status"), said, resource);
    assert.equal(await page.isVisible("#patch-explain"), false, `${JSON.stringify(resource)}: no identity-provider card`);
  }

  // The gallery's PATCH examples: every row of the identity-provider card
  // against the verdict card set to the same rules.
  const DIALECT_OF_ROW = Object.fromEntries(Object.entries(ROW_OF).map(([d, row]) => [row, d]));
  for (const example of ["entra-patch-user", "okta-group-membership"]) {
    await loadExample(page, example);
    await page.waitForFunction(() => !document.querySelector("#panel-patch .editor.checking"));
    const rows = (await idpVerdicts(page, "#patch-explain")).map(([who]) => who);
    assert.ok(rows.length >= 2, `${example}: ${rows}`);
    for (const who of rows) {
      const dialect = DIALECT_OF_ROW[who];
      await afterRun(page, "#patch-status", () => page.selectOption("#patch-dialect", dialect));
      const main = (await text(page, "#patch-status")).replace(/^[^A-Z]+/, "");
      const now = Object.fromEntries(await idpVerdicts(page, "#patch-explain"));
      assert.equal(now[who], main, `${example}, ${who}`);
    }
  }
  assert.deepEqual(problems, []);
  await page.close();
});
