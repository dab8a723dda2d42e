// Shared helpers of the JavaScript tests (wasm/tests, playground/tests): start
// Debian's Chromium through playwright-core, serve a folder over HTTP, and the
// paths `cargo xtask test` passes in. Never downloads a browser: playwright-core
// has no browser of its own, and we point it at /usr/bin/chromium.
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = process.env.SCIMKIT_ROOT ?? resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** The built npm package (`cargo xtask npm`). */
export const PKG_DIR = process.env.SCIMKIT_PKG_DIR ?? join(ROOT, "wasm", "pkg");
/** Debian's Chromium. */
export const CHROMIUM = process.env.SCIMKIT_CHROMIUM ?? "/usr/bin/chromium";
/** Where screenshots go (`target/screenshots/`). */
export const SCREENSHOTS = process.env.SCIMKIT_SCREENSHOTS ?? join(ROOT, "target", "screenshots");

// Without the background-networking switches Chromium phones home at start
// (updates, safe browsing, …); this machine's closed network refuses that.
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

/**
 * Starts Chromium with a fresh, empty profile folder. Returns a Playwright
 * BrowserContext; `close()` also deletes the profile. Throws (failing the
 * test) when Chromium is missing: browser tests never pass silently.
 */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium) to run the browser tests`);
  }
  const { chromium } = await import("playwright-core");
  const profile = mkdtempSync(join(tmpdir(), "scimkit-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1000, height: 700 },
  });
  const close = context.close.bind(context);
  context.close = async () => {
    await close();
    rmSync(profile, { recursive: true, force: true });
  };
  return context;
}

/** Saves a screenshot of `page` as `target/screenshots/<name>.png`. */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
};

/**
 * Serves `dir` on a free loopback port (for pages the tests build themselves;
 * the playground is served by xtask). Returns `{ url, close }`.
 */
export async function serveDir(dir) {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = resolve(root, "." + path);
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(400).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": MIME[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((ok) => server.close(ok)),
  };
}
