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

import { cases, cliJson, mutate, runCli, scimkit } from "./support.mjs";

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

// The other commands: each data case through the npm export and the CLI
// command that answer the same question, compared deeply (byte positions,
// `positionEncoding: "utf8"`, where the export offers it). Both call the
// same core Workspace method; this pins that the adapters add nothing.
let counter = 0;
const file = (value) => {
  const path = join(dir, `input-${counter++}.json`);
  writeFileSync(path, typeof value === "string" ? value : JSON.stringify(value, null, 2));
  return path;
};
const text = (value) => (typeof value === "string" ? value : JSON.stringify(value, null, 2));

test("filter check: the same report from checkFilter and `scimkit filter check`", () => {
  let compared = 0;
  for (const c of cases("filters")) {
    if (c.path !== undefined) continue; // attribute paths are checked as PATCH paths elsewhere
    const rt = c.resourceType ?? "User";
    const dialect = c.dialect ?? "strict";
    const npm = scimkit.checkFilter(c.filter, { resourceType: rt, dialect, positionEncoding: "utf8" });
    const cli = cliJson(["filter", "check", "--resource-type", rt, "--dialect", dialect, "--", c.filter]);
    assert.deepEqual(npm, cli, c.id);
    compared++;
  }
  assert.ok(compared > 100, `${compared} filters`);
});

test("patch apply: the same outcome from applyPatch and `scimkit patch apply`", () => {
  let compared = 0;
  for (const c of cases("patch")) {
    const options = { dialect: c.dialect ?? "strict", positionEncoding: "utf8" };
    const args = ["patch", "apply", "--dialect", options.dialect];
    if (c.resourceType) {
      options.resourceType = c.resourceType;
      args.push("--resource-type", c.resourceType);
    }
    const resource = text(c.resource);
    const patch = text(c.patch);
    let npm;
    try {
      npm = scimkit.applyPatch(resource, patch, options);
    } catch (e) {
      // The same refusal: a usage error (exit 2) in the CLI.
      assert.equal(e.code, "unknown-resource-type", c.id);
      assert.equal(runCli([...args, file(resource), file(patch)]).status, 2, c.id);
      compared++;
      continue;
    }
    assert.deepEqual(npm, cliJson([...args, file(resource), file(patch)]), c.id);
    compared++;
  }
  assert.ok(compared > 100, `${compared} PATCH cases`);
});

test("map check and map apply: the same answers from checkMapping/applyMapping and the CLI", () => {
  let checked = 0;
  let applied = 0;
  for (const c of cases("mapping")) {
    if (c.schemas !== undefined) continue; // custom schemas: no CLI flag on `map`
    const config = c.configText ?? (c.config === undefined ? undefined : text(c.config));
    if (config === undefined) continue;
    const profileArgs = typeof c.profile === "string" ? ["--profile", c.profile] : [];
    const profile = typeof c.profile === "string" ? { profile: c.profile } : {};
    const configFile = file(config);
    assert.deepEqual(
      scimkit.checkMapping(config, { ...profile, positionEncoding: "utf8" }),
      cliJson(["map", "check", ...profileArgs, configFile]),
      `${c.id} check`,
    );
    checked++;
    const runs = c.apply === undefined ? [] : Array.isArray(c.apply) ? c.apply : [c.apply];
    for (const run of runs) {
      const options = { ...profile, now: "2026-01-01T00:00:00Z", seed: 3, positionEncoding: "utf8" };
      const args = ["map", "apply", ...profileArgs, "--now", options.now, "--seed", "3"];
      if (run.operation) {
        options.operation = run.operation;
        args.push("--operation", run.operation);
      }
      if (run.object) {
        options.object = run.object;
        args.push("--object", run.object.toLowerCase());
      }
      if (run.current !== undefined || run.resourceId !== undefined || run.source === undefined) continue; // npm-only options
      const source = text(run.source ?? {});
      assert.deepEqual(scimkit.applyMapping(config, source, options), cliJson([...args, configFile, file(source)]), `${c.id} apply`);
      applied++;
    }
  }
  assert.ok(checked > 50 && applied >= 15, `${checked} checked, ${applied} applied`);
});

test("explain: the same explanation from explain() and `scimkit explain`", () => {
  let compared = 0;
  for (const c of cases("quirks")) {
    if (c.schemas !== undefined) continue;
    const input = text(c.input);
    const isFilter = typeof c.input === "string";
    const options = { filter: isFilter };
    const args = ["explain"];
    if (isFilter) args.push("--filter");
    if (c.context) {
      options.context = c.context;
      args.push("--context", c.context);
    }
    if (c.resourceType) {
      options.resourceType = c.resourceType;
      args.push("--resource-type", c.resourceType);
    }
    assert.deepEqual(scimkit.explain(input, options), cliJson([...args, file(input)]), c.id);
    compared++;
  }
  assert.ok(compared >= 10, `${compared} explained`);
});

test("expr eval: the same result from evaluateExpression and `scimkit expr eval`", () => {
  let compared = 0;
  for (const c of cases("expressions")) {
    if (c.usernameTemplate !== undefined) continue; // templates have no CLI form
    const language = c.id.startsWith("okta") ? "okta" : "entra";
    const now = c.now ?? "2026-01-01T00:00:00Z";
    const user = text(c.user ?? {});
    const npm = scimkit.evaluateExpression(c.expression, user, { language, now, positionEncoding: "utf8" });
    const cli = cliJson(["expr", "eval", "--language", language, "--now", now, "--", c.expression, file(user)]);
    assert.deepEqual(npm, cli, c.id);
    compared++;
  }
  assert.ok(compared > 100, `${compared} expressions`);
});
