// explainLog(): the npm package gives the CLI's answer (`scimkit logs
// explain --format json`) on every case of tests/data/logs/, byte offsets
// included (positionEncoding "utf8"); a log passed as an object has no
// spans; positions are UTF-16 by default; a bad option is refused.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

import { cases, runCli, scimkit, throwsCode } from "./support.mjs";

const dir = mkdtempSync(join(tmpdir(), "scimkit-logs-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const text = (c) => (typeof c.logText === "string" ? c.logText : JSON.stringify(c.log, null, 2));

test("explainLog gives the CLI's answer on every log case", () => {
  const all = cases("logs");
  assert.ok(all.length >= 27, `only ${all.length} log cases`);
  for (const c of all) {
    const file = join(dir, "log.json");
    writeFileSync(file, text(c));
    const out = runCli(["logs", "explain", "--format", "json", file]);
    const cli = JSON.parse(out.stdout);
    const npm = scimkit.explainLog(text(c), { positionEncoding: "utf8" });
    assert.deepEqual(npm, cli, c.id);
    assert.equal(out.status, npm.statuses.failure > 0 ? 1 : 0, c.id);
    for (const want of c.expect.explained ?? []) {
      const got = npm.explained.find((e) => e.pointer === want.pointer);
      assert.equal(got?.cause.code, want.cause, `${c.id} ${want.pointer}`);
    }
  }
});

test("a log given as an object has no spans; text positions are UTF-16 by default", () => {
  const c = cases("logs").find((x) => x.id === "entra/string-boolean-rejected.json");
  const fromObject = scimkit.explainLog(c.log);
  assert.equal(fromObject.explained[0].cause.code, "string-boolean-rejected");
  assert.equal(fromObject.explained[0].span, undefined);
  // A name with characters outside the BMP before the event shifts UTF-16
  // offsets by two per character and UTF-8 offsets by four.
  const prefixed = `{"note": "😀😀", "value": ${JSON.stringify(c.log.value)}}`;
  const utf16 = scimkit.explainLog(prefixed).explained[0].span;
  const utf8 = scimkit.explainLog(prefixed, { positionEncoding: "utf8" }).explained[0].span;
  assert.equal(prefixed.indexOf("[") + 1, utf16.start);
  assert.equal(utf8.start - utf16.start, 4);
  throwsCode(() => scimkit.explainLog("{}", { positionEncoding: "utf32" }), "invalid-option");
});

test("not a log: a report that says so, nothing thrown", () => {
  const e = scimkit.explainLog('{"schemas": []}');
  assert.equal(e.format, "unknown");
  assert.deepEqual(e.report.diagnostics.map((d) => d.code), ["log-unrecognized"]);
  const broken = scimkit.explainLog("{");
  assert.equal(broken.report.diagnostics[0].code, "json-syntax");
});
