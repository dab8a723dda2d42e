// Large documents in a real Chromium: a Group of 1,000 and 10,000 members
// pasted (Ctrl+V from the clipboard) over the example reaches its verdict,
// then typing in the largest one; the figures go to BENCHMARKS.md. Issue
// 25's bounds: the 10,000-member paste (about 1.8 MB) reaches its verdict
// within 3 s on the CI machine (Chromium's own paste took 84–95 s before the
// editor inserted pastes itself), and typing in it runs no main-thread task
// over 200 ms. 100,000 members (18 MB) takes 13–37 s to its verdict, too
// long for every run: `SCIMKIT_PASTE_SIZES=1000,10000,100000` measures it.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { afterRun, launchForPlayground, openPlayground } from "../../test-support/playground.mjs";

let browser;
before(async () => {
  browser = await launchForPlayground();
});
after(async () => {
  await browser?.close();
});

/**
 * Puts a Group with `n` members, pretty-printed as an admin would copy it,
 * on the clipboard. It is built in the page, so megabytes do not cross the
 * DevTools protocol; returns its length.
 */
async function copyGroup(page, n) {
  return page.evaluate(async (count) => {
    const members = Array.from({ length: count }, (_, i) => {
      const id = `2819c223-7f76-453a-919d-${String(i).padStart(12, "0")}`;
      return { value: id, $ref: `https://example.com/v2/Users/${id}`, display: `User ${i}` };
    });
    const text = JSON.stringify(
      { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], id: "e9e30dba-f08f-4109-8486-d5c6a331660a", displayName: "Everyone", members },
      null,
      2,
    );
    await navigator.clipboard.writeText(text);
    return text.length;
  }, n);
}

/** Pastes the clipboard over the payload editor's content; the milliseconds to the verdict. */
async function pasteOver(page) {
  await page.focus("#payload-input");
  await page.keyboard.press("Control+A");
  const started = Date.now();
  await afterRun(page, "#payload-status", () => page.keyboard.press("Control+V"), { timeout: 120_000, polling: 50 });
  return Date.now() - started;
}

const SIZES = (process.env.SCIMKIT_PASTE_SIZES ?? "1000,10000").split(",").map(Number);

/**
 * Types `keys` (characters, or key names such as "Enter") at the caret, one
 * at a time, each given time to be checked; the duration of every long task
 * (over 50 ms, as Chromium reports them) the page ran meanwhile.
 */
async function longTasksWhileTyping(page, keys) {
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(Math.round(e.duration));
    }).observe({ type: "longtask" });
  });
  for (const key of keys) {
    // Each keystroke reaches its verdict (the debounce, then the check).
    await afterRun(page, "#payload-status", () => (key.length > 1 ? page.keyboard.press(key) : page.keyboard.type(key)), {
      timeout: 30_000,
      polling: 20,
    });
  }
  await page.waitForTimeout(300);
  return page.evaluate(() => window.__longTasks);
}

test("a pasted Group of 1,000 and 10,000 members reaches its verdict; 10,000 within 3 s", async () => {
  const { page, problems } = await openPlayground(browser);
  const figures = [];
  for (const n of SIZES) {
    const length = await copyGroup(page, n);
    const ms = await pasteOver(page);
    assert.equal(await page.$eval("#payload-input", (t) => t.value.length), length, `${n}: the whole text is in the editor`);
    assert.match(await page.textContent("#payload-status"), /Accepted/, `${n}: the verdict`);
    figures.push(`${n} members (${(length / 1e6).toFixed(2)} MB): ${ms} ms`);
    if (n === 10_000) assert.ok(ms <= 3_000, `10,000 members took ${ms} ms to reach the verdict (bound: 3,000)`);
  }
  console.log(`# paste to verdict: ${figures.join("; ")}`);

  // Typing in the largest document pasted: inside a string (the document
  // stays valid, so each keystroke is a full check), a new line (the gutter
  // grows) and its removal. Issue 25 bounds every main-thread task by 200 ms.
  await page.evaluate(() => {
    const t = document.querySelector("#payload-input");
    const at = t.value.indexOf("Everyone") + "Everyone".length;
    t.setSelectionRange(at, at);
  });
  // An edit says "checking…" until its answer, which replaces the last one.
  const checking = () => page.$eval("#payload-input", (t) => t.closest(".editor").classList.contains("checking"));
  await afterRun(page, "#payload-status", async () => {
    await page.keyboard.type(" ");
    assert.equal(await checking(), true, "checking… after a keystroke");
    assert.match(await page.textContent("#payload-status"), /Accepted/, "the last answer stays");
  });
  assert.equal(await checking(), false, "no checking… once answered");
  const tasks = await longTasksWhileTyping(page, [..."and guests", "Enter", "Backspace", "!"]);
  console.log(`# long tasks while typing in ${SIZES.at(-1)} members: ${tasks.join(", ") || "none"} ms`);
  assert.match(await page.inputValue("#payload-input"), /"Everyone and guests!"/);
  assert.match(await page.textContent("#payload-status"), /Accepted/);
  // The gutter numbers the lines in view wherever the text is scrolled to
  // (it holds only the lines near them): its top line is the textarea's.
  for (const line of [30_001, 1, 59_000]) {
    const shown = await page.evaluate(async (n) => {
      const t = document.querySelector("#payload-input");
      t.scrollTop = (n - 1) * 20;
      t.dispatchEvent(new Event("scroll"));
      await new Promise((r) => requestAnimationFrame(() => r()));
      const gutter = t.closest(".editor").querySelector(".gutter");
      const nums = gutter.querySelector(".gutter-nums");
      const held = nums.textContent.split("\n").map(Number);
      const first = held[0];
      const offset = Number(/translateY\((\d+)px\)/.exec(nums.style.transform)?.[1] ?? 0);
      // Which number sits at the top of the gutter's view, 20 px a line.
      const row = Math.floor((gutter.scrollTop - offset) / 20);
      // The number is one the gutter holds, not a place past its last one.
      const top = row < held.length ? held[row] : null;
      return { top, at: Math.floor(t.scrollTop / 20) + 1, scrolled: gutter.scrollTop === t.scrollTop };
    }, line);
    assert.equal(shown.scrolled, true, `line ${line}: the gutter scrolls with the text`);
    assert.equal(shown.top, shown.at, `line ${line}: the gutter shows ${shown.top} beside line ${shown.at}`);
  }
  if (SIZES.at(-1) === 10_000) {
    const longest = Math.max(0, ...tasks);
    assert.ok(longest <= 200, `typing in 10,000 members: a ${longest} ms task (bound: 200; all: ${tasks})`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});
