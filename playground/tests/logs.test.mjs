// The Logs workspace in a real Chromium: every case of tests/data/logs/
// pasted into it shows the causes `scimkit logs explain` gives for the same
// text (the same core function, through the same adapter as npm
// explainLog); the gallery's Entra ID log shows its three failures with
// request, cause and fix; a rebuilt PATCH opens in the PATCH tab and is
// checked there; a share link carries the log masked; a log's markup stays
// text; nothing leaves the page.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { ROOT } from "../../test-support/browser.mjs";
import { afterRun, download, launchForPlayground, loadExample, openPlayground, shareLink } from "../../test-support/playground.mjs";

const CLI = process.env.SCIMKIT_CLI ?? join(ROOT, "target", "debug", "scimkit");
const dir = mkdtempSync(join(tmpdir(), "scimkit-logs-browser-"));

let browser;
before(async () => {
  assert.ok(existsSync(CLI), `${CLI} is missing: cargo xtask test builds it`);
  browser = await launchForPlayground();
});
after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every case file of tests/data/logs, with the text an admin pastes. */
function logCases() {
  const base = join(ROOT, "tests", "data", "logs");
  const out = [];
  for (const sub of readdirSync(base, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const name of readdirSync(join(base, sub.name)).filter((n) => n.endsWith(".json")).sort()) {
      const c = JSON.parse(readFileSync(join(base, sub.name, name), "utf8"));
      const text = typeof c.logText === "string" ? c.logText : JSON.stringify(c.log, null, 2);
      out.push({ id: `${sub.name}/${name}`, text });
    }
  }
  return out;
}

/** What the CLI says about `text`. */
function cli(text) {
  const file = join(dir, "log.json");
  writeFileSync(file, text);
  const out = spawnSync(CLI, ["logs", "explain", "--format", "json", file], { encoding: "utf8" });
  assert.ok(out.status === 0 || out.status === 1, out.stderr);
  return JSON.parse(out.stdout);
}

/** Each event card: its title, cause code, certainty and request lines. */
async function cards(page) {
  return page.$$eval("#logs-events .log-event", (els) =>
    els.map((e) => ({
      title: e.querySelector(".card-title")?.textContent ?? "",
      cause: e.querySelector(".log-cause-code")?.textContent ?? "",
      certainty: e.querySelector(".log-certainty")?.textContent ?? "",
      requests: [...e.querySelectorAll(".log-request .req-head")].map((h) =>
        `${h.querySelector(".method")?.textContent} ${h.querySelector(".req-url")?.textContent}`,
      ),
    })),
  );
}

/** Replaces the log and waits for the explanation of it. */
async function paste(page, text) {
  await afterRun(page, "#logs-status", () => page.fill("#logs-input", text));
}

test("every log case shows the CLI's causes, requests and counts", async () => {
  const { page, problems, requests } = await openPlayground(browser, { fragment: "#logs" });
  const before = requests.length;
  const all = logCases();
  assert.ok(all.length >= 27, `only ${all.length} cases`);
  for (const c of all) {
    await paste(page, c.text);
    const want = cli(c.text);
    const got = await cards(page);
    assert.deepEqual(got.map((g) => g.cause), want.explained.map((e) => e.cause.code), c.id);
    assert.deepEqual(
      got.map((g) => g.requests),
      want.explained.map((e) => e.requests.map((r) => `${r.method} ${r.url}`)),
      c.id,
    );
    const status = await page.textContent("#logs-status");
    assert.match(status, new RegExp(`${want.events} events?: ${want.statuses.failure} failed`), `${c.id}: ${status}`);
  }
  assert.equal(requests.length, before, `the page asked for ${requests.slice(before).join(", ")}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test("the Entra ID example: three failures with request, cause and fix; a rebuilt PATCH opens in the PATCH tab", async () => {
  const { page, problems } = await openPlayground(browser);
  await loadExample(page, "entra-provisioning-log");
  assert.equal(new URL(page.url()).hash, "#logs");
  assert.match(await page.textContent("#logs-status"), /Microsoft Entra ID provisioning log · 4 events: 3 failed, 1 succeeded/);
  const got = await cards(page);
  assert.deepEqual(got.map((c) => c.cause), ["string-boolean-rejected", "members-remove-value-rejected", "conflict"]);
  assert.match(got[0].title, /^1\. Disable the user “Ada Lovelace”/);
  assert.match(got[0].certainty, /stated by the log/);
  const first = await page.textContent("#logs-event-0");
  assert.match(first, /"value": "False"/);
  assert.match(first, /append \?aadOptscim062020 to the Tenant URL/);
  assert.match(first, /scimkit probe https:\/\/YOUR-SCIM-BASE-URL --as entra --token-env SCIM_TOKEN --write/);

  // The member removal opens in the PATCH tab, in Entra ID's dialect, on a
  // group holding the member it removes.
  await page.click("#logs-request-1-0 .log-open");
  assert.equal(await page.isVisible("#panel-patch"), true);
  assert.equal(new URL(page.url()).hash, "#patch");
  await page.waitForFunction(() => /Remove/.test(document.querySelector("#patch-input")?.value ?? ""));
  assert.match(await page.inputValue("#patch-input"), /"path": "members"/);
  assert.match(await page.textContent("#patch-diagnostics"), /quirk-members-remove-value/);
  assert.match(await page.textContent("#patch-result-status"), /Applied/);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a downloaded report holds the masked log and its masked findings, unless the admin opts in", async () => {
  const { page, problems } = await openPlayground(browser);
  await loadExample(page, "okta-system-log");
  const names = /ada@example\.com|Ada Lovelace/;
  assert.match(await page.inputValue("#logs-input"), names, "the example has the names to mask");
  const masked = JSON.parse((await download(page, "#report-json-button")).text);
  // The log's login nowhere; its names not in the input, the findings or what
  // the events say (the rebuilt requests carry the simulator's sample user,
  // who happens to be called Ada Lovelace too).
  assert.doesNotMatch(JSON.stringify(masked), /ada@example\.com/);
  const said = masked.results.explained.map((e) => [e.subject, e.reason, e.answer]);
  assert.doesNotMatch(JSON.stringify([masked.input, masked.findings, said]), names);
  assert.ok(masked.findings.length > 0, "the findings are there, masked");
  assert.doesNotMatch((await download(page, "#report-html-button")).text, /ada@example\.com/);
  await page.check("#logs-personal");
  const kept = JSON.parse((await download(page, "#report-json-button")).text);
  assert.match(JSON.stringify(kept), names);
  assert.equal(kept.findings.length, masked.findings.length);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a share link carries the log with names and e-mail addresses masked, unless the admin opts in", async () => {
  const { page, problems } = await openPlayground(browser);
  await loadExample(page, "okta-system-log");
  const masked = await shareLink(page);
  assert.match(new URL(masked).hash, /^#logs\/v1\./);
  const reopened = await openPlayground(browser, { fragment: new URL(masked).hash });
  const text = await reopened.page.inputValue("#logs-input");
  assert.doesNotMatch(text, /ada@example\.com|Ada Lovelace/);
  assert.match(text, /application\.provision\.user\.push/);
  assert.deepEqual((await cards(reopened.page)).map((c) => c.cause), ["conflict", "credentials-rejected"]);
  await reopened.page.close();

  await page.check("#logs-personal");
  const kept = await openPlayground(browser, { fragment: new URL(await shareLink(page)).hash });
  assert.match(await kept.page.inputValue("#logs-input"), /ada@example\.com/);
  assert.equal(await kept.page.isChecked("#logs-personal"), true);
  await kept.page.close();
  assert.deepEqual(problems, []);
  await page.close();
});

test("a log's markup stays text", async () => {
  const { page, problems } = await openPlayground(browser, { fragment: "#logs" });
  const hostile = JSON.stringify([
    {
      eventType: "application.provision.user.push",
      outcome: { result: "FAILURE", reason: "Error while creating user x: Conflict. Errors reported by remote server: <img src=x onerror=\"document.body.dataset.pwned=1\">" },
      target: [{ type: "AppUser", alternateId: "<b id=\"pwned\">eve</b>" }],
      uuid: "1",
    },
  ]);
  await paste(page, hostile);
  assert.equal(await page.$("#logs-events img, #pwned"), null);
  assert.match(await page.textContent("#logs-event-0"), /<b id="pwned">eve<\/b>/);
  assert.equal(await page.evaluate(() => document.body.dataset.pwned), undefined);
  assert.deepEqual(problems, []);
  await page.close();
});
