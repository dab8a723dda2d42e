// Probe reports and reports to hand over, in a real Chromium: a real
// `scimkit probe --format json` report (examples/probe/, made against
// scim2-server) pasted into the Probe tab shows its checks, outcomes,
// request URLs and advice as the report states them; "Download report"
// (HTML and JSON) and "Copy as Markdown" carry the input, the options,
// scimkit's version and the verdicts with their fixes, made in the page
// (blob: URLs under the page's CSP); markup in the input is inert in the
// HTML report; an input holding a bearer token gets no share link.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { ROOT } from "../../test-support/browser.mjs";
import { afterRun, axeViolations, download, launchForPlayground, openPlayground } from "../../test-support/playground.mjs";

const WRITE_REPORT = readFileSync(join(ROOT, "examples", "probe", "scim2-server-entra-write.json"), "utf8");

let browser;
before(async () => {
  browser = await launchForPlayground();
});
after(async () => {
  await browser?.close();
});

/** Replaces the text of editor `id` and waits for the run on it. */
async function paste(page, id, status, text) {
  await afterRun(page, status, () => page.fill(id, text));
}

test("a probe report renders as its checklist: statuses, messages, request URLs and advice", async () => {
  const { page, problems, requests } = await openPlayground(browser, { fragment: "#probe" });
  const before = requests.length;
  assert.match(await page.textContent("#probe-status"), /Paste or drop a probe report/);
  await paste(page, "#probe-input", "#probe-status", WRITE_REPORT);
  const report = JSON.parse(WRITE_REPORT);
  const { passed, failed, warnings, skipped } = report.summary;
  assert.match(
    await page.textContent("#probe-status"),
    new RegExp(`Fails: ${failed} failed, ${warnings} with a warning, ${passed} passed, ${skipped} skipped`),
  );
  assert.match(await page.textContent("#probe-meta"), /Target: http:\/\/127\.0\.0\.1:8091 · sent as: entra · 37 checks/);
  const checks = await page.$$eval("#probe-checks .probe-check", (els) =>
    els.map((e) => ({
      status: e.dataset.status,
      title: e.querySelector(".probe-title")?.textContent,
      url: e.querySelector(".req-url")?.textContent ?? null,
      method: e.querySelector(".method")?.textContent ?? null,
      advice: e.querySelector(".probe-advice")?.textContent ?? null,
    })),
  );
  assert.deepEqual(checks.map((c) => c.status), report.checks.map((c) => c.status));
  assert.deepEqual(checks.map((c) => c.title), report.checks.map((c) => c.title));
  assert.deepEqual(checks.map((c) => c.url), report.checks.map((c) => c.request?.url ?? null));
  const i = report.checks.findIndex((c) => c.id === "write.remove-member");
  assert.equal(checks[i].status, "fail");
  assert.equal(checks[i].method, "PATCH");
  assert.match(checks[i].url, /^http:\/\/127\.0\.0\.1:8091\/Groups\//);
  assert.equal(checks[i].advice, `What to change: ${report.checks[i].advice}`);
  assert.match(await page.textContent(`#probe-check-${i} .badge`), /failed/);
  assert.match(await page.textContent("#probe-check-0"), /discovery\.service-provider-config · RFC 7644 §4/);
  // Not JSON, or JSON of another kind: said so, never a crash.
  await paste(page, "#probe-input", "#probe-status", "{ not json");
  assert.match(await page.textContent("#probe-status"), /Not JSON \(line 1, column 3\)/);
  assert.equal(await page.getAttribute("#probe-input", "aria-invalid"), "true");
  await paste(page, "#probe-input", "#probe-status", '{"checks": 5}');
  assert.match(await page.textContent("#probe-status"), /Not a probe report/);
  // Hostile and oversized: text only, bounded.
  const hostile = {
    target: "<img src=x onerror=\"document.body.dataset.pwned=1\">",
    as: "rfc",
    checks: Array.from({ length: 400 }, (_, n) => ({
      id: `c${n}`, title: "<b id=pwned>t</b>", status: n % 2 ? "fail" : "<i>", message: "m".repeat(3_000),
      request: { method: "<script>", url: "javascript:alert(1)" }, diagnostics: [{ severity: 1 }],
    })),
    summary: { passed: "x" }, ok: false, leftovers: [{ name: "<u>x</u>" }],
  };
  await paste(page, "#probe-input", "#probe-status", JSON.stringify(hostile));
  assert.equal(await page.$$eval("#probe-checks .probe-check", (e) => e.length), 300);
  assert.match(await page.textContent("#probe-checks"), /… and 100 more checks, not shown/);
  assert.equal(await page.$("#panel-probe img, #pwned, #panel-probe script, #panel-probe u"), null);
  assert.ok((await page.textContent("#probe-check-1 .probe-message")).length <= 2001);
  assert.equal(await page.evaluate(() => document.body.dataset.pwned), undefined);
  assert.equal(requests.length, before, `the page asked for ${requests.slice(before).join(", ")}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test("Download report (HTML and JSON) and Copy as Markdown carry input, options, version and verdicts", async () => {
  const { page, problems, requests } = await openPlayground(browser);
  const before = requests.length;
  // The first-load payload: Entra ID's create, one warning (read-only meta).
  const version = (await page.textContent("#version")).replace("scimkit ", "");
  assert.match(version, /^\d+\.\d+\.\d+/);
  // A user with two type errors, each with its fix, checked as a create.
  await paste(page, "#payload-input", "#payload-status", readFileSync(join(ROOT, "examples", "readme", "broken-user.json"), "utf8"));
  await page.selectOption("#payload-context", "create");
  await page.waitForFunction(() => /Rejected/.test(document.querySelector("#payload-status")?.textContent ?? ""));
  const input = await page.inputValue("#payload-input");

  const html = await download(page, "#report-html-button");
  assert.equal(html.name, "scimkit-payload-report.html");
  assert.ok(html.text.includes(`scimkit ${version}`));
  assert.ok(html.text.includes("invalid-type"), "the finding's code");
  assert.match(html.text, /<i>Fix:<\/i> \S/);
  assert.match(html.text, /<th>context<\/th><td>create<\/td>/);
  assert.match(html.text, /Rejected: 2 errors/);
  assert.ok(html.text.includes("&quot;userName&quot;"), "the input, escaped");
  assert.match(html.text, /<a href="http:\/\/127\.0\.0\.1:\d+\/#payload\/v1\.[A-Za-z0-9_-]+">/);

  const json = JSON.parse((await download(page, "#report-json-button")).text);
  assert.equal(json.scimkit, version);
  assert.equal(json.workspace, "Payload");
  assert.equal(json.input.document, input);
  assert.equal(json.options.context, "create");
  assert.match(json.verdict, /Rejected: 2 errors/);
  const bad = json.findings.filter((f) => f.code === "invalid-type");
  assert.equal(bad.length, 2, JSON.stringify(json.findings));
  assert.ok(bad.every((f) => f.level === "error" && f.where.startsWith("/") && f.fix.length > 0), JSON.stringify(bad));
  assert.match(JSON.stringify(json.results), /"code":"invalid-type"/, "the API results, as Copy results gives them");
  assert.match(json.shareLink, /#payload\/v1\./);

  await page.click("#markdown-button");
  await page.waitForFunction(() => /Markdown/.test(document.querySelector("#toast")?.textContent ?? ""));
  const md = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(md.startsWith("# scimkit report: Payload\n"), md.slice(0, 80));
  assert.ok(md.includes(`scimkit ${version}`));
  assert.ok(md.includes("- context: `create`"));
  assert.ok(md.includes(input), "the input, verbatim in a fence");
  assert.match(md, /- \*\*error\*\* `invalid-type` at `\/userName`: .+ Fix: \S/);
  assert.match(md, /<http:\/\/127\.0\.0\.1:\d+\/#payload\/v1\./);

  // The probe report too: each check's outcome and advice.
  await page.click("#tab-probe");
  await paste(page, "#probe-input", "#probe-status", WRITE_REPORT);
  const probe = JSON.parse((await download(page, "#report-json-button")).text);
  assert.equal(probe.workspace, "Probe");
  const fail = probe.findings.find((f) => f.code === "write.remove-member");
  assert.equal(fail.level, "fail");
  assert.ok(fail.fix.length > 0);
  assert.equal(requests.filter((u) => !u.startsWith("blob:")).length, before, "nothing but blob: downloads");
  assert.deepEqual(problems, []);
  await page.close();
});

test("markup in the input is inert in the HTML report", async () => {
  const { page, problems } = await openPlayground(browser);
  const hostile = JSON.stringify({
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName: "<script>document.title='pwned'</script><img src=x onerror=\"alert(1)\">",
    "</pre><h1 id=x>": 1,
  }, null, 2);
  await paste(page, "#payload-input", "#payload-status", hostile);
  const { text } = await download(page, "#report-html-button");
  assert.ok(!text.includes("<script>document"), "a script survived");
  assert.ok(!text.includes("<img"), "an img survived");
  assert.ok(!text.includes("<h1 id=x>"), "a heading survived");
  assert.ok(text.includes("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;"));
  // Opened as a page: the text is there, as text, and nothing ran.
  const view = await browser.newPage();
  await view.setContent(text);
  assert.equal(await view.$("img, h1#x, body script"), null);
  assert.match(await view.textContent("body"), /<script>document\.title='pwned'<\/script>/);
  assert.notEqual(await view.title(), "pwned");
  await view.close();
  assert.deepEqual(problems, []);
  await page.close();
});

test("no share link for an input that holds a bearer token", async () => {
  const { page, problems } = await openPlayground(browser);
  const doc = JSON.stringify({
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName: "bjensen",
    title: "Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.sig",
  }, null, 2);
  await paste(page, "#payload-input", "#payload-status", doc);
  const json = JSON.parse((await download(page, "#report-json-button")).text);
  assert.equal(json.shareLink, null);
  assert.match(json.shareLinkNote, /bearer token/);
  const html = (await download(page, "#report-html-button")).text;
  assert.doesNotMatch(html, /#payload\/v1\./);
  await page.click("#markdown-button");
  await page.waitForFunction(() => /Markdown/.test(document.querySelector("#toast")?.textContent ?? ""));
  const md = await page.evaluate(() => navigator.clipboard.readText());
  assert.doesNotMatch(md, /#payload\/v1\./);
  assert.match(md, /No share link: the input holds a bearer token/);
  // The Share link button refuses it too.
  const url = page.url();
  await page.click("#share-button");
  await page.waitForFunction(() => /No share link/.test(document.querySelector("#toast")?.textContent ?? ""));
  assert.equal(page.url(), url);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a rendered probe report passes axe in light and dark, and fits 390 px", async () => {
  for (const dark of [false, true]) {
    const { page, problems } = await openPlayground(browser, { fragment: "#probe", width: 390, height: 844, dark });
    await paste(page, "#probe-input", "#probe-status", WRITE_REPORT);
    await page.click("#probe-check-0 summary");
    const serious = (await axeViolations(page)).filter((v) => v.impact === "serious" || v.impact === "critical");
    assert.deepEqual(serious, [], `${dark ? "dark" : "light"}: ${JSON.stringify(serious, null, 1)}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the Probe tab is ${width}px wide at 390px`);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

/** Puts a Group with `n` members into the payload editor, as a paste would. */
async function bigGroup(page, n) {
  await afterRun(page, "#payload-status", () => page.evaluate((count) => {
    const members = Array.from({ length: count }, (_, i) => ({ value: `id-${i}`, display: `User ${i}` }));
    const t = document.querySelector("#payload-input");
    t.value = JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Everyone", members }, null, 2);
    t.dispatchEvent(new Event("input"));
  }, n), { timeout: 30_000 });
}

test("what is handed over is taken at the click: a tab switched or an edit made while the link is made changes nothing", async () => {
  const { page, problems } = await openPlayground(browser, { fragment: "#payload" });
  await bigGroup(page, 20_000);
  // The click and the tab switch in one task: the link is made after both.
  const file = await download(page, () =>
    page.evaluate(() => {
      document.querySelector("#report-json-button").click();
      document.querySelector("#tab-logs").click();
    }),
  );
  assert.equal(file.name, "scimkit-payload-report.json");
  const report = JSON.parse(file.text);
  assert.equal(report.workspace, "Payload");
  assert.match(report.input.document, /"displayName": "Everyone"/);
  assert.match(report.verdict, /Accepted/);

  // Share, then edit at once: the address bar never holds the state before the edit.
  await page.click("#tab-payload");
  await page.evaluate(() => {
    document.querySelector("#toast").textContent = "";
  });
  await page.evaluate(() => {
    document.querySelector("#share-button").click();
    const t = document.querySelector("#payload-input");
    t.value += " ";
    t.dispatchEvent(new Event("input"));
  });
  await page.waitForFunction(() => /Share link copied/.test(document.querySelector("#toast").textContent), null, { timeout: 30_000 });
  assert.equal(new URL(page.url()).hash, "#payload", "the link of the state before the edit is not in the address bar");
  assert.deepEqual(problems, []);
  await page.close();
});

test("a report taken while an edit waits for its check has the answer to that edit", async () => {
  const { page, problems } = await openPlayground(browser, { fragment: "#payload" });
  await paste(page, "#payload-input", "#payload-status", '{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "ok"}');
  // The edit and the click in one task: the check (120 ms after it) has not run.
  const file = await download(page, () =>
    page.evaluate(() => {
      const t = document.querySelector("#payload-input");
      t.value = t.value.replace('"ok"', "42");
      t.dispatchEvent(new Event("input"));
      document.querySelector("#report-json-button").click();
    }),
  );
  const report = JSON.parse(file.text);
  assert.match(report.input.document, /"userName": 42/);
  assert.match(report.verdict, /Rejected/);
  assert.deepEqual(report.findings.map((f) => f.code), ["invalid-type"]);
  assert.deepEqual(problems, []);
  await page.close();
});
