// The package as users get it: `npm pack` wasm/pkg, install the tarball into a
// fresh project, then use it from Node, from TypeScript, from a Vite production
// build and from a plain <script type="module"> page, the last two in headless
// Chromium. A broken `files` list or `exports` map fails here.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { PKG_DIR, ROOT, launchBrowser, screenshot, serveDir } from "../../test-support/browser.mjs";

let project; // a fresh npm project with the packed tarball installed

function sh(cmd, args, cwd) {
  return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

before(() => {
  project = mkdtempSync(join(tmpdir(), "scimkit-consumer-"));
  sh("npm", ["pack", PKG_DIR, "--pack-destination", project, "--silent"], project);
  const tarball = readdirSync(project).find((f) => f.endsWith(".tgz"));
  assert.ok(tarball, "npm pack wrote no tarball");
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  // The package has no dependencies, so this touches no registry.
  sh("npm", ["install", "--no-audit", "--no-fund", "--offline", `./${tarball}`], project);
});

after(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

test("the tarball holds exactly the package files", () => {
  const files = readdirSync(join(project, "node_modules", "scimkit")).sort();
  assert.deepEqual(files, ["README.md", "node.js", "package.json", "scimkit.d.ts", "scimkit.js", "scimkit_bg.wasm"]);
});

test("Node imports the installed package by name, with no init call", () => {
  writeFileSync(
    join(project, "node-check.mjs"),
    `import { checkJson, version } from "scimkit";
     const report = checkJson('{"a": 1,}');
     console.log(JSON.stringify({ version: version(), valid: report.valid, code: report.diagnostics[0].code, line: report.diagnostics[0].span.line }));`,
  );
  const out = JSON.parse(sh("node", ["node-check.mjs"], project));
  assert.deepEqual(out, { version: out.version, valid: false, code: "json-syntax", line: 1 });
  assert.match(out.version, /^\d+\.\d+\.\d+/);
});

const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
const tscArgs = ["--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022"];

test("the TypeScript types are exact (tsc accepts good use)", () => {
  writeFileSync(
    join(project, "good.mts"),
    `import init, { checkJson, version, type Report, type Diagnostic, type Severity } from "scimkit";
     await init();
     const report: Report = checkJson("{}");
     const first: Diagnostic | undefined = report.diagnostics[0];
     const severity: Severity | undefined = first?.severity;
     const line: number | undefined = first?.span?.line;
     const v: string = version();
     export { severity, line, v };`,
  );
  sh("node", [tsc, ...tscArgs, "good.mts"], project);
});

test("the TypeScript types are exact (tsc rejects misuse)", () => {
  writeFileSync(
    join(project, "bad.mts"),
    `import { checkJson } from "scimkit";
     const a: number = checkJson("{}").valid;   // boolean, not number
     checkJson(42);                             // text must be a string
     const c: "fatal" = checkJson("{}").diagnostics[0]!.severity; // not a Severity
     export { a, c };`,
  );
  let output = "";
  try {
    sh("node", [tsc, ...tscArgs, "bad.mts"], project);
  } catch (error) {
    output = String(error.stdout);
  }
  const errors = output.split("\n").filter((l) => l.includes("error TS"));
  assert.equal(errors.length, 3, output);
});

test("a Vite production build runs in Chromium and computes a real report", { timeout: 180_000 }, async () => {
  const app = join(project, "vite-app");
  mkdirSync(app);
  writeFileSync(
    join(app, "index.html"),
    `<!doctype html><html><head><meta charset="utf-8"><title>vite consumer</title><link rel="icon" href="data:,"></head>
     <body><pre id="out">pending</pre><script type="module" src="./main.js"></script></body></html>`,
  );
  writeFileSync(
    join(app, "main.js"),
    `import init, { checkJson, version } from "scimkit";
     init().then(() => {
       const report = checkJson('{\\n  "userName": "bjensen",\\n}');
       document.getElementById("out").textContent = JSON.stringify({ version: version(), report });
     }, (error) => { document.getElementById("out").textContent = "init failed: " + error; });`,
  );
  const { build } = await import("vite");
  await build({ root: app, logLevel: "warn", build: { outDir: join(app, "dist"), emptyOutDir: true } });
  const assets = readdirSync(join(app, "dist", "assets"));
  assert.ok(assets.some((f) => f.endsWith(".wasm")), `no .wasm asset emitted: ${assets}`);

  const result = await runPage(join(app, "dist"), "", "npm-vite-build");
  assert.equal(result.report.valid, false);
  assert.equal(result.report.diagnostics[0].code, "json-syntax");
  assert.equal(result.report.diagnostics[0].span.line, 2);
});

test("a page without a bundler loads the package with <script type=module> and init()", { timeout: 120_000 }, async () => {
  writeFileSync(
    join(project, "plain.html"),
    `<!doctype html><html><head><meta charset="utf-8"><title>plain consumer</title><link rel="icon" href="data:,"></head>
     <body><pre id="out">pending</pre>
     <script type="module">
       import init, { checkJson, version } from "./node_modules/scimkit/scimkit.js";
       await init();
       document.getElementById("out").textContent = JSON.stringify({ version: version(), report: checkJson("[1, 2,]") });
     </script></body></html>`,
  );
  const result = await runPage(project, "plain.html", "npm-plain-module");
  assert.equal(result.report.valid, false);
  assert.equal(result.report.diagnostics[0].code, "json-syntax");
});

/** Serves `dir`, opens `page` in Chromium, waits for #out and returns its JSON. */
async function runPage(dir, page, name) {
  const server = await serveDir(dir);
  const browser = await launchBrowser();
  try {
    const tab = await browser.newPage();
    const errors = [];
    tab.on("pageerror", (e) => errors.push(String(e)));
    const wasm = [];
    tab.on("response", (r) => {
      if (r.url().endsWith(".wasm")) wasm.push(r.headers()["content-type"]);
    });
    await tab.goto(server.url + page);
    await tab.waitForFunction(() => document.getElementById("out")?.textContent !== "pending", null, { timeout: 30_000 });
    await screenshot(tab, name);
    const text = await tab.textContent("#out");
    assert.deepEqual(errors, []);
    assert.deepEqual(wasm, ["application/wasm"]);
    const result = JSON.parse(text);
    assert.match(result.version, /^\d+\.\d+\.\d+/);
    return result;
  } finally {
    await browser.close();
    await server.close();
  }
}
