// Shared helpers of the npm package's Node tests: the built package, the CLI
// binary they compare with, the shared case data, and a fresh project with
// the packed tarball installed. Not a test file itself (no `.test.mjs`).
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

import { PKG_DIR, ROOT } from "../../test-support/browser.mjs";

export { PKG_DIR, ROOT };

/** The built package (`wasm/pkg`), through its Node entry. */
export const scimkit = await import(pathToFileURL(join(PKG_DIR, "node.js")).href);

/** `JSON.parse` of a file below the repository root. */
export function readJson(relative) {
  return JSON.parse(readFileSync(join(ROOT, relative), "utf8"));
}

/** The text of a file below the repository root. */
export function readText(relative) {
  return readFileSync(join(ROOT, relative), "utf8");
}

/**
 * The CLI binary (`cargo build -p scimkit-cli`); `cargo xtask test` passes its
 * path in SCIMKIT_CLI. Missing is a failure, never a skip.
 */
export const CLI = process.env.SCIMKIT_CLI ?? join(ROOT, "target", "debug", "scimkit");

/** Runs the CLI; returns `{status, stdout, stderr}`. */
export function runCli(args, input, env = {}) {
  assert.ok(existsSync(CLI), `${CLI} is missing: build it with \`cargo build -p scimkit-cli\` (cargo xtask test does)`);
  const out = spawnSync(CLI, args, {
    input: input ?? "",
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: "1", ...env },
  });
  if (out.error) throw out.error;
  return out;
}

/** Runs the CLI with `--format json` and parses what it prints on standard output. */
export function cliJson(args, input, env) {
  const out = runCli(["--format", "json", ...args], input, env);
  assert.ok(out.status === 0 || out.status === 1, `scimkit ${args.join(" ")} exited ${out.status}: ${out.stderr}`);
  return JSON.parse(out.stdout);
}

function jsonFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? jsonFiles(join(dir, e.name)) : e.name.endsWith(".json") ? [join(dir, e.name)] : []))
    .sort();
}

/** Every case of a `tests/data/<area>` folder, as `{id, ...case}`. */
export function cases(area) {
  const dir = join(ROOT, "tests", "data", area);
  const out = [];
  for (const file of jsonFiles(dir)) {
    const data = JSON.parse(readFileSync(file, "utf8"));
    const name = file.slice(dir.length + 1);
    if (Array.isArray(data.cases)) data.cases.forEach((c, i) => out.push({ id: `${name}#${i}`, ...c }));
    else out.push({ id: name, ...data });
  }
  assert.ok(out.length > 0, `no cases under ${dir}`);
  return out;
}

function split(pointer) {
  const i = pointer.lastIndexOf("/");
  return [pointer.slice(0, i), pointer.slice(i + 1).replaceAll("~1", "/").replaceAll("~0", "~")];
}

function at(doc, pointer) {
  if (pointer === "") return doc;
  return pointer
    .slice(1)
    .split("/")
    .map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce((node, key) => node?.[key], doc);
}

/** A document case's mutation (`remove` then `set`), as the Rust runners apply it. */
export function mutate(document, mutation) {
  const doc = structuredClone(document);
  for (const pointer of mutation.remove ?? []) {
    const [parent, last] = split(pointer);
    const node = at(doc, parent);
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  }
  for (const [pointer, value] of Object.entries(mutation.set ?? {})) {
    const [parent, last] = split(pointer);
    const node = at(doc, parent);
    if (Array.isArray(node) && Number(last) === node.length) node.push(value);
    else node[last] = value;
  }
  return doc;
}

/**
 * `npm pack`s the built package and installs the tarball into a fresh npm
 * project, as a user would. Returns `{dir, tarball, cleanup}`. The package
 * has no dependencies, so the install touches no registry (`--offline`).
 */
export function installPacked() {
  const dir = mkdtempSync(join(tmpdir(), "scimkit-consumer-"));
  const sh = (cmd, args) => execFileSync(cmd, args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  sh("npm", ["pack", PKG_DIR, "--pack-destination", dir, "--silent"]);
  const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"));
  assert.ok(tarball, "npm pack wrote no tarball");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  sh("npm", ["install", "--no-audit", "--no-fund", "--offline", `./${tarball}`]);
  return { dir, tarball, sh, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Asserts `fn` throws a ScimkitError with `code`; returns the error. */
export function throwsCode(fn, code, label = "") {
  let error;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  assert.ok(error !== undefined, `${label}: expected a ScimkitError ${code}, nothing was thrown`);
  assert.ok(error instanceof scimkit.ScimkitError, `${label}: expected a ScimkitError, got ${error}`);
  assert.equal(error.name, "ScimkitError", label);
  assert.equal(error.code, code, `${label}: ${error.message}`);
  assert.ok(typeof error.message === "string" && error.message.length > 0, label);
  return error;
}

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
