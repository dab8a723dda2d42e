// What admins copy, pasted as it is (issue 25): a filter copied as a query
// string, URL-encoded or inside a request line is decoded and checked, with a
// note saying what was read; a raw HTTP request pasted into the Payload tab
// is checked as its method and path say, its headers are commented on, and
// its bearer token is masked: it never appears in the page, the results or a
// share link.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { launchForPlayground, openPlayground, shareLink } from "../../test-support/playground.mjs";

const TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzY2ltLWFkbWluIn0.c2VjcmV0LXNpZ25hdHVyZQ";

let browser;
before(async () => {
  browser = await launchForPlayground();
});
after(async () => {
  await browser?.close();
});

/** Waits until `selector`'s text matches `pattern`. */
async function waitText(page, selector, pattern) {
  await page.waitForFunction(
    ([s, source, flags]) => new RegExp(source, flags).test(document.querySelector(s)?.textContent ?? ""),
    [selector, pattern.source, pattern.flags],
    { timeout: 10_000 },
  );
}

async function text(page, selector) {
  return (await page.textContent(selector))?.trim() ?? "";
}

/** Everything the page shows or holds as text: markup, editors' values, the address. */
async function everything(page) {
  return page.evaluate(
    () =>
      document.documentElement.outerHTML +
      [...document.querySelectorAll("textarea, input")].map((e) => e.value).join("\n") +
      location.href,
  );
}

const FILTERS = [
  {
    name: "a query-string filter",
    input: 'filter=userName eq "bjensen@example.com"&count=10',
    read: /read as a query string: checked the filter it holds, decoded: userName eq "bjensen@example\.com" \(left aside: `count`\)/,
  },
  {
    name: "a URL-encoded filter (+ for spaces)",
    input: "userName+eq+%22bjensen%40example.com%22",
    read: /read as URL-encoded text: checked the filter it holds, decoded: userName eq "bjensen@example\.com"/,
  },
  {
    name: "a filter inside a request line",
    input: "GET /scim/v2/Users?filter=userName%20eq%20%22bjensen%40example.com%22&startIndex=1 HTTP/1.1",
    read: /read as a request line: checked the filter it holds/,
  },
];

for (const f of FILTERS) {
  test(`the Filter tab decodes ${f.name} and checks the filter it holds`, async () => {
    const { page, problems, requests } = await openPlayground(browser, { fragment: "#filter" });
    const before = requests.length;
    await page.fill("#filter-input", f.input);
    await waitText(page, "#filter-diagnostics", /filter-decoded/);
    assert.match(await text(page, "#filter-diagnostics"), f.read);
    // Not the advice a filter typed with `=` gets.
    assert.doesNotMatch(await text(page, "#filter-diagnostics"), /use eq/);
    assert.doesNotMatch(await text(page, "#filter-status"), /does not parse|Rejected/);
    assert.match(await text(page, "#filter-tree"), /userName\s*eq\s*"bjensen@example\.com"/);
    assert.ok(await page.$("#filter-results li.match"), "the sample user bjensen matches");
    // The note's position is in the pasted text, as line and column.
    assert.match(await text(page, "#filter-diagnostics .diag.info .diag-loc"), /^1:\d+$/);
    assert.equal(requests.length, before, `requests after load: ${requests.slice(before)}`);
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test("an Entra ID filter copied in a request line: the identity-provider card points into the pasted text", async () => {
  const { page, problems } = await openPlayground(browser, { fragment: "#filter" });
  const input = "GET /scim/v2/Users?filter=emails%5Btype%20eq%20%22work%22%5D.value%20eq%20%22a%40b.c%22 HTTP/1.1";
  await page.fill("#filter-input", input);
  await page.waitForSelector("#filter-explain:not([hidden])");
  assert.match(await text(page, "#filter-explain"), /Looks likeMicrosoft Entra ID/);
  await page.click("#filter-explain .dev-at .chip");
  const [start, end] = await page.$eval("#filter-input", (t) => [t.selectionStart, t.selectionEnd]);
  assert.equal(start, input.indexOf("emails"), "the deviation selects the encoded filter, not the start of the line");
  assert.ok(end > start && end <= input.indexOf(" HTTP"), `${start}..${end}`);
  assert.deepEqual(problems, []);
  await page.close();
});

const REQUEST = [
  "PATCH /scim/v2/Users/2819c223-7f76-453a-919d-413861904646 HTTP/1.1",
  "Host: app.example.com",
  "Content-Type: text/plain",
  `Authorization: Bearer ${TOKEN}`,
  "",
  "{",
  '  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],',
  '  "Operations": [{"op": "replace", "path": "active", "value": "no"}]',
  "}",
].join("\n");

test("a raw HTTP request in the Payload tab is checked as its request line says, and its token never shows", async () => {
  const { page, problems, requests } = await openPlayground(browser, { fragment: "#payload" });
  const before = requests.length;
  await page.fill("#payload-input", REQUEST);
  await waitText(page, "#payload-diagnostics", /http-request/);
  const diagnostics = await text(page, "#payload-diagnostics");
  assert.match(diagnostics, /read as an HTTP request, PATCH \/scim\/v2\/Users\/2819c223-7f76-453a-919d-413861904646: checked the body as patch on User/);
  assert.match(diagnostics, /http-content-type/);
  assert.match(diagnostics, /Content-Type is `text\/plain`/);
  assert.match(diagnostics, /http-authorization/);
  assert.match(diagnostics, /a secret/);
  // The body's error, at its line in the pasted text (line 8 holds the operation).
  assert.match(await text(page, "#payload-status"), /Rejected: 1 error/);
  const locs = await page.$$eval("#payload-diagnostics .diag.error .diag-loc", (l) => l.map((e) => e.textContent));
  assert.ok(locs.every((l) => l.startsWith("8:")), `error positions: ${locs}`);
  // The token is masked in the editor and shows nowhere.
  assert.match(await page.inputValue("#payload-input"), /Authorization: Bearer \*{8}\n/);
  assert.ok(!(await everything(page)).includes(TOKEN), "the token is in the page");
  await page.click("#copy-button").catch(() => {});

  // Nor in a share link, or the page it opens.
  const link = await shareLink(page);
  assert.ok(!link.includes(TOKEN));
  const reopened = await openPlayground(browser, { fragment: new URL(link).hash });
  const shared = await reopened.page.inputValue("#payload-input");
  assert.match(shared, /^PATCH \/scim\/v2\/Users\//);
  assert.match(shared, /Authorization: Bearer \*{8}/);
  assert.ok(!(await everything(reopened.page)).includes(TOKEN));
  await reopened.page.close();

  assert.equal(requests.length, before, `requests after load: ${requests.slice(before)}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test("every diagnostic has a How to fix, also for codes whose check gives no help of its own", async () => {
  const { page, problems } = await openPlayground(browser, { fragment: "#payload" });
  await page.selectOption("#payload-context", "create");
  await page.fill(
    "#payload-input",
    JSON.stringify(
      {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        id: "2819c223",
        userName: 42,
        emails: [
          { value: "a@example.com", primary: true },
          { value: "b@example.com", primary: true },
        ],
      },
      null,
      2,
    ),
  );
  await waitText(page, "#payload-diagnostics", /multiple-primary/);
  const entries = await page.$$eval("#payload-diagnostics li.diag", (l) =>
    l.map((e) => ({
      code: e.querySelector(".diag-code")?.textContent,
      fix: e.querySelector(".diag-help")?.textContent ?? "",
    })),
  );
  const codes = entries.map((e) => e.code);
  for (const code of ["multiple-primary", "read-only-in-request", "invalid-type"]) {
    assert.ok(codes.includes(code), `${code} in ${codes}`);
  }
  for (const e of entries) assert.match(e.fix, /^How to fix\S/, `${e.code} has no fix`);
  const fix = (code) => entries.find((e) => e.code === code).fix;
  assert.match(fix("multiple-primary"), /Primary flag on one mapping/);
  assert.match(fix("read-only-in-request"), /Remove the mapping that writes it/);
  // A numeric userName: where the value comes from, not "put the value in double quotes".
  assert.match(fix("invalid-type"), /Entra ID.*CStr.*Okta.*Profile Editor/);
  assert.doesNotMatch(await text(page, "#payload-diagnostics"), /double quotes|offset \d|byte \d/);
  assert.deepEqual(problems, []);
  await page.close();
});

test("the identity-provider card of a pasted request points into its body", async () => {
  const { page, problems } = await openPlayground(browser, { fragment: "#payload" });
  const request = [
    "PATCH /scim/v2/Users/2819c223 HTTP/1.1",
    "Content-Type: application/scim+json",
    "",
    '{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],',
    ' "Operations": [{"op": "Replace", "path": "active", "value": "False"}]}',
  ].join("\n");
  await page.fill("#payload-input", request);
  await waitText(page, "#payload-explain", /Entra ID/);
  await page.click("#payload-explain .chip");
  const selected = await page.$eval("#payload-input", (t) => t.value.slice(t.selectionStart, t.selectionEnd));
  assert.match(selected, /^"(Replace|False)"$/);
  assert.deepEqual(problems, []);
  await page.close();
});

test("every editor opens a local file and takes a dropped one, read in the page", async () => {
  const { page, problems, requests } = await openPlayground(browser);
  const before = requests.length;
  const tabs = await page.$$eval("[role=tab]", (t) => t.map((e) => e.id));
  const user = '{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "from-a-file"}';
  let editors = 0;
  for (const tab of tabs) {
    await page.click(`#${tab}`);
    const panel = `#${await page.getAttribute(`#${tab}`, "aria-controls")}`;
    const ids = await page.$$eval(`${panel} textarea.code`, (t) => t.map((e) => e.id));
    for (const id of ids) {
      editors += 1;
      // "Open file…": a labelled file input in the editor's title row.
      assert.equal(await page.textContent(`label[for="${id}-file"]`), "Open file…", id);
      await page.setInputFiles(`#${id}-file`, { name: "user.json", mimeType: "application/json", buffer: Buffer.from(user) });
      await page.waitForFunction(([i, v]) => document.getElementById(i).value === v, [id, user]);
      // A file dropped on the editor goes in too, instead of the browser opening it.
      const dropped = `${id} dropped`;
      const prevented = await page.evaluate(
        ([i, text]) => {
          const transfer = new DataTransfer();
          transfer.items.add(new File([text], "dropped.txt", { type: "text/plain" }));
          const event = new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true });
          document.getElementById(i).dispatchEvent(event);
          return event.defaultPrevented;
        },
        [id, dropped],
      );
      assert.equal(prevented, true, `${id}: the browser does not open the dropped file`);
      await page.waitForFunction(([i, v]) => document.getElementById(i).value === v, [id, dropped]);
    }
  }
  assert.ok(editors >= 9, `${editors} editors`);
  assert.equal(requests.length, before, `requests after load: ${requests.slice(before)}`);
  assert.deepEqual(problems, []);
  await page.close();
});
