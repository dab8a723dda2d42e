// Browser tests of the built playground (playground/dist), which `cargo xtask
// test` serves on a free port and passes in SCIMKIT_PLAYGROUND_URL.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { launchBrowser, screenshot } from "../../test-support/browser.mjs";

const URL_ = process.env.SCIMKIT_PLAYGROUND_URL;

let browser;
before(async () => {
  assert.ok(URL_, "SCIMKIT_PLAYGROUND_URL is not set: run these tests with `cargo xtask test`");
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Opens the playground and waits until the wasm has run (status filled in). */
async function open() {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(URL_, { waitUntil: "load" });
  await page.waitForFunction(() => document.getElementById("status")?.textContent !== "Loading…", null, {
    timeout: 30_000,
  });
  return { page, problems, requests };
}

test("the page loads, is titled scimkit and the wasm runs", async () => {
  const { page, problems, requests } = await open();
  assert.match(await page.title(), /scimkit/);
  assert.equal(await page.textContent("#status"), "Paste JSON above to check it.");
  // Every request of the first load stays on the serving origin.
  const origin = new URL(URL_).origin;
  assert.ok(requests.length >= 3, `expected the page, its JS and its wasm, got ${requests}`);
  for (const url of requests) assert.equal(new URL(url).origin, origin, url);
  assert.deepEqual(problems, []);
  await screenshot(page, "playground-loaded");
  await page.close();
});

test("pasting invalid JSON lists the error with its line", async () => {
  const { page, problems } = await open();
  await page.fill("#input", '{\n  "userName": "bjensen",\n  "active": tru\n}');
  await page.waitForSelector("#diagnostics li");
  const items = await page.$$eval("#diagnostics li", (lis) => lis.map((li) => li.textContent));
  assert.equal(items.length, 1);
  assert.match(items[0], /^line 3, column 13: error \[json-syntax\] /);
  assert.equal(await page.textContent("#status"), "1 error.");
  await screenshot(page, "playground-invalid-json");

  // Fixing it clears the list.
  await page.fill("#input", '{\n  "userName": "bjensen",\n  "active": true\n}');
  await page.waitForFunction(() => document.querySelectorAll("#diagnostics li").length === 0);
  assert.equal(await page.textContent("#status"), "Valid JSON: no problems found.");
  assert.deepEqual(problems, []);
  await screenshot(page, "playground-valid-json");
  await page.close();
});

test("diagnostics are inserted as text, never as HTML", async () => {
  const { page, problems } = await open();
  // The message quotes the key, markup and all.
  await page.fill("#input", '{"<img src=x onerror=document.title=\'pwned\'>" 1}');
  await page.waitForSelector("#diagnostics li");
  assert.match(await page.textContent("#diagnostics li"), /"<img src=x onerror=document\.title='pwned'>"/);
  assert.equal(await page.$$eval("#diagnostics *", (els) => els.filter((e) => e.tagName !== "LI").length), 0);
  assert.match(await page.title(), /scimkit/);
  assert.deepEqual(problems, []);
  await page.close();
});

test("no network request after load", async () => {
  const { page, problems } = await open();
  const after = [];
  page.on("request", (r) => after.push(`${r.method()} ${r.url()}`));
  await page.fill("#input", '{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "bjensen"}');
  await page.fill("#input", '{"userName": }');
  await page.waitForSelector("#diagnostics li");
  await page.type("#input", " more typing", { delay: 5 });
  await page.waitForTimeout(500);
  assert.deepEqual(after, []);
  assert.deepEqual(problems, []);
  await page.close();
});
