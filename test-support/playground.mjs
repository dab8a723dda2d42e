// Helpers of the playground's browser tests (playground/tests/*.test.mjs):
// open the built page and wait for its wasm, load a gallery example, list the
// tabs and examples the page has, and run axe-core on it.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

import { launchBrowser } from "./browser.mjs";

/** The served playground (`cargo xtask test` serves dist and sets it). */
export const PLAYGROUND_URL = process.env.SCIMKIT_PLAYGROUND_URL;

/**
 * Starts Chromium for the playground's tests: the served page is required
 * (`cargo xtask test` sets SCIMKIT_PLAYGROUND_URL), and the page may use the
 * clipboard (copy buttons, pastes).
 */
export async function launchForPlayground() {
  if (!PLAYGROUND_URL) throw new Error("SCIMKIT_PLAYGROUND_URL is not set: run these tests with `cargo xtask test`");
  const browser = await launchBrowser();
  await browser.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(PLAYGROUND_URL).origin });
  return browser;
}

/**
 * Opens the playground in `browser` (a context from `launchBrowser`) and
 * waits until the wasm has built the page. `problems` collects page errors
 * and console errors; `requests` every URL the page asked for. `url` is
 * another server of the same page (the share-link test records requests).
 */
export async function openPlayground(browser, { fragment = "", width = 1280, height = 900, dark = false, url = PLAYGROUND_URL } = {}) {
  const page = await browser.newPage();
  await page.setViewportSize({ width, height });
  await page.emulateMedia({ colorScheme: dark ? "dark" : "light" });
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(url + fragment, { waitUntil: "load" });
  await page.waitForSelector("html[data-ready]", { timeout: 30_000 });
  return { page, problems, requests };
}

/** Opens the gallery and loads example `id` (into its own tab). */
export async function loadExample(page, id) {
  await page.click("#gallery-button");
  await page.click(`#example-${id}`);
  await page.waitForSelector("#gallery", { state: "hidden" });
}

/** The ids of the workspace tabs, in order (`tab-payload`, …): whatever the page has. */
export async function tabIds(page) {
  return page.$$eval("[role=tab]", (tabs) => tabs.map((t) => t.id));
}

/** The ids of the gallery's examples (`entra-create-user`, …), in gallery order. */
export async function exampleIds(page) {
  return page.$$eval("#gallery [id^=example-]", (items) => items.map((e) => e.id.slice("example-".length)));
}

// axe-core from node_modules (an exact-pinned devDependency): nothing is
// downloaded when the tests run.
const AXE_SOURCE = readFileSync(
  join(dirname(createRequire(import.meta.url).resolve("axe-core")), "axe.min.js"),
  "utf8",
);

/**
 * Runs axe-core on the whole page and returns its violations. axe goes in
 * with `page.evaluate` (the DevTools protocol), which the page's CSP does not
 * govern: `addScriptTag` would add an inline script the CSP rightly refuses,
 * and `bypassCSP` would test the page under a policy it does not ship.
 */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) {
    await page.evaluate(AXE_SOURCE);
  }
  return page.evaluate(async () => {
    const results = await window.axe.run(document, { resultTypes: ["violations"] });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
    }));
  });
}

/**
 * Clicks "Share link" and returns the page's URL once the link is in the
 * address bar: the page deflates with the browser's CompressionStream, so
 * the link arrives after the click, with the "Share link copied" toast.
 */
export async function shareLink(page) {
  await page.evaluate(() => {
    document.querySelector("#toast").textContent = "";
  });
  await page.click("#share-button");
  await page.waitForFunction(() => /Share link copied/.test(document.querySelector("#toast").textContent));
  return page.url();
}

/**
 * Clicks `button` (a selector), or runs `button` (a function of no
 * arguments), and returns the downloaded file's name and text.
 */
export async function download(page, button) {
  const act = typeof button === "function" ? button() : page.click(button);
  const [file] = await Promise.all([page.waitForEvent("download"), act]);
  const stream = await file.createReadStream();
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  return { name: file.suggestedFilename(), text: Buffer.concat(chunks).toString("utf8") };
}

/**
 * Runs `act` (an async function) and waits until the status line `status`
 * (`#payload-status`, …) has counted a new run and no editor of its tab
 * waits for a check ("checking…"): the page's answer to what `act` did.
 */
export async function afterRun(page, status, act, { timeout = 10_000, polling = "raf" } = {}) {
  const runs = Number((await page.getAttribute(status, "data-runs")) ?? 0);
  await act();
  await page.waitForFunction(
    ([s, n]) => {
      const line = document.querySelector(s);
      const panel = line?.closest("[role=tabpanel]");
      return Number(line?.dataset.runs ?? 0) > n && !panel?.querySelector(".editor.checking");
    },
    [status, runs],
    { timeout, polling },
  );
}
