// Accessibility and phone-size tests of the built playground (playground/dist),
// which `cargo xtask test` serves and passes in SCIMKIT_PLAYGROUND_URL.
//
// What they pin down: axe-core finds no serious or critical violation on any
// tab, in light and dark, before and after each gallery example; the page has
// one h1; every code editor says whether its text has errors (aria-invalid)
// and points at where they are listed (aria-describedby); at 390 px nothing
// widens the page, and the payload's verdict shows without scrolling; a
// pasted mapping configuration is not named after the preset it replaced.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { ROOT, launchBrowser } from "../../test-support/browser.mjs";
import {
  PLAYGROUND_URL,
  axeViolations,
  exampleIds,
  loadExample,
  openPlayground,
  tabIds,
} from "../../test-support/playground.mjs";

let browser;
before(async () => {
  assert.ok(PLAYGROUND_URL, "SCIMKIT_PLAYGROUND_URL is not set: run these tests with `cargo xtask test`");
  browser = await launchBrowser();
  await browser.grantPermissions(["clipboard-read", "clipboard-write"], {
    origin: new URL(PLAYGROUND_URL).origin,
  });
});
after(async () => {
  await browser?.close();
});

const open = (options) => openPlayground(browser, options);

/** The four workspaces every test below expects (more tabs are checked too). */
const WORKSPACES = ["tab-payload", "tab-filter", "tab-patch", "tab-mapping"];

/** Violations axe rates serious or critical, one readable line per node. */
function serious(violations, where) {
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((n) => `${where}: ${v.impact} ${v.id} (${v.help}) at ${n.target}\n    ${n.summary}`));
}

test("axe-core: no serious or critical violation on any tab, light and dark, with every example", async (t) => {
  for (const dark of [false, true]) {
    const scheme = dark ? "dark" : "light";
    const { page, problems } = await open({ dark });
    const tabs = await tabIds(page);
    for (const tab of WORKSPACES) assert.ok(tabs.includes(tab), `${tab} is missing from ${tabs}`);
    const found = [];
    let others = 0;
    const check = async (where) => {
      // A toast fading in is half transparent: contrast is judged once it is not.
      await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running"));
      const violations = await axeViolations(page);
      found.push(...serious(violations, where));
      others += violations.filter((v) => v.impact !== "serious" && v.impact !== "critical").length;
    };
    // Every tab as it opens, then every example in the tab it loads into.
    for (const tab of tabs) {
      await page.click(`#${tab}`);
      await check(`${scheme} ${tab}`);
    }
    const examples = await exampleIds(page);
    assert.ok(examples.length >= 10, `the gallery lists ${examples.length} examples`);
    for (const id of examples) {
      await loadExample(page, id);
      await check(`${scheme} example ${id}`);
    }
    t.diagnostic(`${scheme}: ${tabs.length} tabs and ${examples.length} examples checked; ${found.length} serious or critical nodes; ${others} minor or moderate violations`);
    for (const line of found) console.log(line);
    assert.deepEqual(found, [], `axe-core, ${scheme}:\n${found.join("\n")}`);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test("the page has exactly one h1, on every tab", async () => {
  const { page, problems } = await open();
  for (const tab of await tabIds(page)) {
    await page.click(`#${tab}`);
    const h1s = await page.$$eval("h1", (hs) => hs.map((h) => h.textContent.replace(/\s+/g, " ").trim()));
    assert.deepEqual(h1s, ["scimkit playground"], tab);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

/** `aria-invalid` and the ids in `aria-describedby` of the textarea `#id`. */
async function aria(page, id) {
  return page.$eval(`#${id}`, (e) => ({
    invalid: e.getAttribute("aria-invalid"),
    describedBy: (e.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean),
  }));
}

/** Waits until the textarea `#id` has `aria-invalid="<value>"`. */
async function waitInvalid(page, id, value) {
  await page.waitForFunction(
    ([i, v]) => document.getElementById(i)?.getAttribute("aria-invalid") === v,
    [id, value],
    { timeout: 10_000 },
  );
}

/** The text of the elements `ids` names, as a screen reader would join them. */
async function describedText(page, ids) {
  return page.evaluate((list) => list.map((i) => document.getElementById(i)?.textContent ?? "").join(" "), ids);
}

// Each editor, the status line that sums its problems up and the list that
// names them.
const EDITORS = {
  "payload-input": ["payload-status", "payload-diagnostics"],
  "payload-schemas": ["payload-setup-diagnostics"],
  "payload-profile-json": ["payload-setup-diagnostics"],
  "filter-input": ["filter-status", "filter-diagnostics"],
  "filter-users": ["filter-eval-status"],
  "patch-resource": ["patch-status", "patch-diagnostics"],
  "patch-input": ["patch-status", "patch-diagnostics"],
  "mapping-config": ["mapping-status", "mapping-diagnostics"],
  "mapping-source": ["mapping-status", "mapping-diagnostics"],
};

test("every code editor has aria-invalid and aria-describedby pointing at its diagnostics", async () => {
  const { page, problems } = await open();
  // Every editor on the page (a tab added later included) says both.
  const editors = await page.$$eval("textarea.code", (ts) =>
    ts.map((t) => ({
      id: t.id,
      invalid: t.getAttribute("aria-invalid"),
      ids: (t.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean),
      missing: (t.getAttribute("aria-describedby") ?? "")
        .split(/\s+/)
        .filter((i) => i && !document.getElementById(i)),
      lists: (t.getAttribute("aria-describedby") ?? "")
        .split(/\s+/)
        .filter((i) => document.getElementById(i)?.matches("ul.diags, [role=status]")).length,
    })),
  );
  for (const id of Object.keys(EDITORS)) assert.ok(editors.some((e) => e.id === id), `#${id} is missing`);
  for (const e of editors) {
    assert.ok(["true", "false"].includes(e.invalid), `#${e.id} aria-invalid=${e.invalid}`);
    assert.ok(e.ids.length > 0, `#${e.id} has no aria-describedby`);
    assert.deepEqual(e.missing, [], `#${e.id} points at elements that do not exist`);
    assert.ok(e.lists > 0, `#${e.id} points at no diagnostics list or status line`);
  }
  for (const [id, ids] of Object.entries(EDITORS)) {
    assert.deepEqual((await aria(page, id)).describedBy, ids, `#${id}`);
  }

  // The first-load document has a warning only: not invalid.
  await waitInvalid(page, "payload-input", "false");
  assert.match(await describedText(page, EDITORS["payload-input"]), /Accepted, with 1 warning.*read-only-in-request/s);

  // A profile error makes it invalid, and what it points at names the error.
  await loadExample(page, "email-prefix-failing");
  await waitInvalid(page, "payload-input", "true");
  assert.match(await describedText(page, EDITORS["payload-input"]), /Rejected: 1 error.*profile-pattern/s);
  await loadExample(page, "email-prefix-passing");
  await waitInvalid(page, "payload-input", "false");

  // Broken JSON in the PATCH's resource: that editor, not the PatchOp (an
  // accepted one: the first-load PATCH is a rejected one).
  await loadExample(page, "entra-patch-user");
  await waitInvalid(page, "patch-input", "false");
  await page.fill("#patch-resource", '{"userName": "bjensen",}');
  await waitInvalid(page, "patch-resource", "true");
  assert.equal((await aria(page, "patch-input")).invalid, "false");
  assert.match(await describedText(page, EDITORS["patch-resource"]), /The resource is not valid JSON.*json-syntax/s);

  // A filter that does not parse, and sample users that are not JSON.
  await page.click("#tab-filter");
  await page.fill("#filter-input", 'userName eq "bjensen" and');
  await waitInvalid(page, "filter-input", "true");
  assert.match(await describedText(page, EDITORS["filter-input"]), /filter-syntax/);
  assert.equal((await aria(page, "filter-users")).invalid, "false");
  await page.fill("#filter-input", 'userName eq "bjensen"');
  await waitInvalid(page, "filter-input", "false");
  await page.fill("#filter-users", "[{");
  await waitInvalid(page, "filter-users", "true");
  assert.match(await describedText(page, EDITORS["filter-users"]), /The sample users are not JSON/);

  // A mapping configuration that does not parse.
  await page.click("#tab-mapping");
  await waitInvalid(page, "mapping-config", "false");
  await page.fill("#mapping-config", '{"identityProvider": "entra", ');
  await waitInvalid(page, "mapping-config", "true");
  assert.equal((await aria(page, "mapping-source")).invalid, "false");
  assert.match(await describedText(page, EDITORS["mapping-config"]), /The configuration is not valid JSON.*json-syntax/s);
  assert.deepEqual(problems, []);
  await page.close();
});

test("at 390 px no tab is wider than the screen, with any gallery example loaded", async (t) => {
  const { page, problems } = await open({ width: 390, height: 844 });
  const tabs = await tabIds(page);
  const examples = await exampleIds(page);
  const wide = [];
  let widest = 0;
  for (const example of [null, ...examples]) {
    if (example) await loadExample(page, example);
    for (const tab of tabs) {
      await page.click(`#${tab}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      widest = Math.max(widest, width);
      if (width > 390) wide.push(`${tab} after ${example ?? "the first load"}: ${width}px`);
    }
  }
  t.diagnostic(`${tabs.length} tabs × ${examples.length + 1} states; widest document ${widest}px`);
  assert.deepEqual(wide, [], `wider than 390px:\n${wide.join("\n")}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test("at 390×844 the payload's verdict is on screen after load, without scrolling", async (t) => {
  const { page, problems } = await open({ width: 390, height: 844 });
  await page.waitForSelector("#payload-status.warn");
  const at = await page.evaluate(() => {
    const r = document.getElementById("payload-status").getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, height: innerHeight, scrolled: scrollY, text: document.getElementById("payload-status").textContent };
  });
  t.diagnostic(`verdict at ${Math.round(at.top)}–${Math.round(at.bottom)}px of ${at.height}px`);
  assert.match(at.text, /Accepted, with 1 warning/);
  assert.equal(at.scrolled, 0);
  assert.ok(at.top >= 0 && at.bottom <= at.height, `the verdict is at ${at.top}–${at.bottom}px, below the ${at.height}px screen`);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a pasted mapping configuration is named as the admin's own, not as the preset", async () => {
  const { page, problems } = await open();
  await page.click("#tab-mapping");
  const chosen = () => page.$eval("#mapping-preset", (s) => ({ value: s.value, label: s.selectedOptions[0]?.textContent }));
  assert.deepEqual(await chosen(), { value: "entra", label: "Entra ID default mappings" });
  await page.waitForFunction(() => /"objectId"/.test(document.getElementById("mapping-source").value));
  const trace = () => page.textContent("#mapping-trace");
  await page.waitForFunction(() => /userName←/.test(document.getElementById("mapping-trace")?.textContent ?? ""));
  assert.doesNotMatch(await trace(), /userName←\[mailNickname\]/, "the preset maps userName from userPrincipalName");

  // Pasted with the keyboard from the clipboard, as an admin does.
  const own = readFileSync(join(ROOT, "examples/mappings/entra-mapping.json"), "utf8");
  await page.evaluate((text) => navigator.clipboard.writeText(text), own);
  await page.click("#mapping-config");
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("ControlOrMeta+V");
  assert.equal(await page.inputValue("#mapping-config"), own);
  assert.deepEqual(await chosen(), { value: "", label: "Your own configuration" });
  // What is checked is the pasted configuration (its userName comes from mailNickname).
  await page.waitForFunction(
    () => /userName←\[mailNickname\]/.test(document.getElementById("mapping-trace")?.textContent ?? ""),
    null,
    { timeout: 10_000 },
  );

  // Another object type still gets the preset's sample, and keeps the own configuration.
  const userSample = await page.inputValue("#mapping-source");
  await page.selectOption("#mapping-object", "Group");
  await page.waitForFunction((before) => document.getElementById("mapping-source").value !== before, userSample);
  assert.equal(await page.inputValue("#mapping-config"), own);
  assert.deepEqual(await chosen(), { value: "", label: "Your own configuration" });

  // Choosing a preset again brings its configuration back.
  await page.selectOption("#mapping-preset", "entra");
  assert.notEqual(await page.inputValue("#mapping-config"), own);
  assert.deepEqual(await chosen(), { value: "entra", label: "Entra ID default mappings" });
  assert.deepEqual(problems, []);
  await page.close();
});
