//! `cargo xtask playground`: build the static playground with trunk and serve it.

use std::path::PathBuf;

use crate::csp;
use crate::serve;
use crate::tools;
use crate::util::{Result, banner, cmd, files_under, path_with, print_sizes, root, run};

/// Where trunk writes the site (set in `playground/Trunk.toml`).
pub fn dist_dir() -> PathBuf {
    root().join("playground/dist")
}

/// `trunk build --release` into `playground/dist/`, then the first-load size.
pub fn build() -> Result {
    tools::wasm_target()?;
    let wasm_bindgen = tools::wasm_bindgen()?;
    let trunk = tools::trunk()?;
    let started = banner("playground: trunk build --release");
    // trunk finds wasm-bindgen on PATH and checks its version against
    // Cargo.lock; Trunk.toml forbids downloads (`offline`), so a missing or
    // wrong tool is an error, never a download.
    let bin_dir = wasm_bindgen.parent().unwrap_or(&wasm_bindgen);
    run(cmd(&trunk)
        .args(["build", "--release"])
        .current_dir(root().join("playground"))
        .env("PATH", path_with(bin_dir)))?;
    println!(
        "built the playground into {} in {:.1}s",
        dist_dir().display(),
        started.elapsed().as_secs_f64()
    );
    let dist = dist_dir();
    // The Content-Security-Policy allows trunk's inline loader by its hash.
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index)
        .map_err(|e| format!("cannot read {}: {e}", index.display()))?;
    let pinned = csp::pin_inline_scripts(&html)?;
    std::fs::write(&index, pinned).map_err(|e| format!("cannot write {}: {e}", index.display()))?;
    // Dotfiles (trunk 0.22 leaves an empty `.trunk-lock`) are not part of the site.
    let files: Vec<PathBuf> = files_under(&dist)?
        .into_iter()
        .filter(|f| {
            !f.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    // The page loads every file trunk emits: the HTML, its CSS, the JS glue
    // and the wasm (the browser test checks that nothing else is requested).
    print_sizes(
        "playground first-load transfer (every file in dist; gzip level 6):",
        &dist,
        &files,
    )?;
    Ok(())
}

/// Serves `playground/dist/` on `addr` until interrupted.
pub fn serve_forever(addr: &str) -> Result {
    let dist = dist_dir();
    if !dist.join("index.html").exists() {
        return Err(format!("{} has no index.html: build first", dist.display()));
    }
    let server = serve::start(&dist, addr, true)?;
    println!(
        "\nscimkit playground: {}   (serving {}; Ctrl-C to stop)",
        server.url(),
        dist.display()
    );
    loop {
        std::thread::park();
    }
}
