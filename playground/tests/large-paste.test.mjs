// Large documents in a real Chromium: a Group of 1,000 and 10,000 members
// pasted (Ctrl+V from the clipboard) over the example reaches its verdict,
// and the figures go to BENCHMARKS.md. 100,000 members (18 MB) takes about
// 36 s to its verdict and over two minutes in all, too long for every run:
// `SCIMKIT_PASTE_SIZES=1000,10000,100000` measures it. The 10,000-member paste
// (about 1.6 MB) is held to issue 25's bound: its verdict within 3 s on the
// CI machine (Chromium's own paste took 84–95 s before the editor inserted
// pastes itself).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { launchForPlayground, openPlayground } from "../../test-support/playground.mjs";

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
  const runs = Number(await page.getAttribute("#payload-status", "data-runs"));
  const started = Date.now();
  await page.keyboard.press("Control+V");
  await page.waitForFunction((n) => Number(document.querySelector("#payload-status")?.dataset.runs) > n, runs, {
    timeout: 120_000,
    polling: 50,
  });
  return Date.now() - started;
}

const SIZES = (process.env.SCIMKIT_PASTE_SIZES ?? "1000,10000").split(",").map(Number);

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
  assert.deepEqual(problems, []);
  await page.close();
});
