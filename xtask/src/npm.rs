//! `cargo xtask npm`: the npm package `scimkit` in `wasm/pkg/`.
//!
//! Layout (one package for Node, bundlers and plain browsers):
//! - `scimkit.js`, `scimkit_bg.wasm`, `scimkit.d.ts`: wasm-bindgen's
//!   `--target web` output. It is plain ES modules and locates the wasm with
//!   `new URL("scimkit_bg.wasm", import.meta.url)`, which Vite, webpack 5 and
//!   browsers without a bundler all understand. In browsers, `await init()`
//!   (the default export) loads the wasm before the first call.
//! - `node.js` (from `wasm/npm/node.js`): the Node entry, chosen by the
//!   `node` export condition. It reads the wasm with `fs` and calls `initSync`
//!   at import, so `import { checkJson } from "scimkit"` works in Node ≥ 18
//!   with no flags and no init call (calling `init()` anyway is a no-op).
//! - `package.json` (from the `wasm/npm/package.json` template, with the
//!   crate's version) and `README.md` (from `wasm/npm/README.md`).

use std::path::{Path, PathBuf};

use crate::tools::{self, WASM_TARGET};
use crate::util::{Result, banner, cargo, cmd, output, print_sizes, root, run, target_dir};

/// The cargo profile of the npm package's wasm (workspace Cargo.toml:
/// speed-tuned; the playground's `wasm-release` is size-tuned).
pub const WASM_PROFILE: &str = "wasm-npm";

/// The package folder.
pub fn pkg_dir() -> PathBuf {
    root().join("wasm/pkg")
}

/// Builds the package into `wasm/pkg/` (replacing what was there) and prints sizes.
pub fn build() -> Result {
    tools::wasm_target()?;
    let wasm_bindgen = tools::wasm_bindgen()?;

    let started = banner("npm package: cargo build (wasm32, wasm-npm)");
    run(cargo().args([
        "build",
        "--locked",
        "-p",
        "scimkit-wasm",
        "--lib",
        "--target",
        WASM_TARGET,
        "--profile",
        WASM_PROFILE,
    ]))?;
    let wasm = target_dir()
        .join(WASM_TARGET)
        .join(WASM_PROFILE)
        .join("scimkit_wasm.wasm");

    let pkg = pkg_dir();
    if pkg.exists() {
        std::fs::remove_dir_all(&pkg).map_err(|e| format!("{}: {e}", pkg.display()))?;
    }
    std::fs::create_dir_all(&pkg).map_err(|e| format!("{}: {e}", pkg.display()))?;
    // --weak-refs: a Validator's wasm memory is freed when it is garbage
    // collected (FinalizationRegistry); --no-typescript: index.d.ts is the
    // hand-written, exact contract.
    run(cmd(&wasm_bindgen)
        .args([
            "--target",
            "web",
            "--weak-refs",
            "--no-typescript",
            "--out-name",
            "scimkit",
            "--out-dir",
        ])
        .arg(&pkg)
        .arg(&wasm))?;

    let template = root().join("wasm/npm");
    for file in ["node.js", "index.js", "index.d.ts"] {
        copy(&template.join(file), &pkg.join(file))?;
    }
    copy(&template.join("README.md"), &pkg.join("README.md"))?;
    let version = crate_version("scimkit-wasm")?;
    let manifest = read(&template.join("package.json"))?;
    if !manifest.contains("{{version}}") {
        return Err("wasm/npm/package.json must contain the placeholder {{version}}".into());
    }
    write(
        &pkg.join("package.json"),
        &manifest.replace("{{version}}", &version),
    )?;

    println!(
        "built scimkit {version} into {} in {:.1}s",
        pkg.display(),
        started.elapsed().as_secs_f64()
    );
    let files: Vec<PathBuf> = ["scimkit_bg.wasm", "scimkit.js", "index.js", "node.js"]
        .iter()
        .map(|f| pkg.join(f))
        .collect();
    print_sizes("npm package sizes (gzip level 6):", &pkg, &files)?;
    Ok(())
}

/// The version of a workspace crate, from `cargo pkgid`
/// (`path+file:///…/wasm#scimkit-wasm@0.1.0` or `…#0.1.0`).
pub fn crate_version(krate: &str) -> Result<String> {
    let id = output(cargo().args(["pkgid", "-p", krate]))?;
    id.rsplit(['@', '#'])
        .next()
        .filter(|v| v.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .map(str::to_owned)
        .ok_or_else(|| format!("no version in `{id}`"))
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn copy(from: &Path, to: &Path) -> Result {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("{} → {}: {e}", from.display(), to.display()))
}
