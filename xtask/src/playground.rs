//! `cargo xtask playground`: build the static playground with trunk and serve it.

use std::path::PathBuf;

use crate::serve;
use crate::tools;
use crate::util::{Result, banner, cmd, files_under, print_sizes, root, run};

/// Where trunk writes the site (set in `playground/Trunk.toml`).
pub fn dist_dir() -> PathBuf {
    root().join("playground/dist")
}

/// `trunk build --release` into `playground/dist/`, then the first-load size.
pub fn build() -> Result {
    tools::wasm_target()?;
    // trunk finds this wasm-bindgen on PATH (see util::cmd) and checks its
    // version against Cargo.lock; Trunk.toml forbids downloads (`offline`).
    tools::wasm_bindgen()?;
    let trunk = tools::trunk()?;
    let started = banner("playground: trunk build --release");
    run(cmd(&trunk)
        .args(["build", "--release"])
        .current_dir(root().join("playground")))?;
    println!(
        "built the playground into {} in {:.1}s",
        dist_dir().display(),
        started.elapsed().as_secs_f64()
    );
    let dist = dist_dir();
    let files = files_under(&dist)?;
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
