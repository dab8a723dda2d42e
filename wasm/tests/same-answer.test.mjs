// "Same answer everywhere": every case under tests/data/documents/ (and each
// of its mutations) is validated by the npm package and by the CLI binary
// (SCIMKIT_CLI) from the same text, with the same context and resource type,
// and the two reports must be deeply equal: codes, paths, messages, help and
// byte spans (`positionEncoding: "utf8"`, what the CLI prints).
//
// Cases are grouped by their CLI arguments, so each group is one CLI run over
// many files (`--format json` then prints `[{file, report}]`).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

import { cases, cliJson, mutate, scimkit } from "./support.mjs";

const dir = mkdtempSync(join(tmpdir(), "scimkit-same-answer-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The npm options and CLI arguments that say what a case validates as. */
function settings(c) {
  const options = { context: c.context, positionEncoding: "utf8" };
  const args = ["validate", "--context", c.context];
  if (typeof c.resourceType === "string") {
    options.resourceType = c.resourceType;
    args.push("--resource-type", c.resourceType);
  }
  if (c.lenient === true) {
    options.lenient = true;
    args.push("--lenient");
  }
  if (typeof c.profile === "string") {
    options.profile = c.profile;
    args.push("--profile", c.profile);
  }
  return { options, args };
}

/** Every document text to compare: each case as written, then its mutations. */
function inputs() {
  const out = [];
  for (const c of cases("documents")) {
    const text = typeof c.text === "string" ? c.text : JSON.stringify(c.document, null, 2);
    out.push({ id: c.id, text, ...settings(c) });
    (c.mutations ?? []).forEach((m, i) => {
      out.push({ id: `${c.id} mutation ${i} (${m.name ?? ""})`, text: JSON.stringify(mutate(c.document, m), null, 2), ...settings(c) });
    });
  }
  return out;
}

test("the npm package and the CLI give the same report on every document case and mutation", () => {
  const all = inputs();
  const groups = new Map();
  all.forEach((input, i) => {
    input.file = join(dir, `doc-${i}.json`);
    writeFileSync(input.file, input.text);
    const key = JSON.stringify(input.args);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(input);
  });
  let compared = 0;
  const differences = [];
  for (const group of groups.values()) {
    const cli = cliJson([...group[0].args, ...group.map((g) => g.file)]);
    assert.equal(cli.length, group.length);
    group.forEach((input, i) => {
      assert.equal(cli[i].file, input.file);
      const npm = scimkit.validate(input.text, input.options);
      try {
        assert.deepEqual(npm, cli[i].report);
      } catch (error) {
        differences.push(`${input.id}: ${error.message}`);
      }
      compared += 1;
    });
  }
  assert.deepEqual(differences, []);
  assert.equal(compared, all.length);
  assert.ok(compared >= 250, `only ${compared} documents compared`);
});

test("every case has the fields the comparison reads", () => {
  for (const c of cases("documents")) {
    assert.ok(typeof c.context === "string", c.id);
    assert.ok(typeof c.text === "string" || (c.document !== null && typeof c.document === "object"), c.id);
  }
});
