//! The scimkit playground: a static page where pasted JSON is checked by the
//! core as you type, entirely in the browser.
//!
//! This is the minimal first version that proves the pipeline (trunk build,
//! static serving, browser tests); the real UI comes later. It links the core
//! through the npm package's DTO layer (`scimkit_wasm`), so both show the same
//! reports. Diagnostics are inserted as text nodes, never as HTML.

// Used by the DOM code (wasm32 only) and by native unit tests.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod text;

#[cfg(target_arch = "wasm32")]
mod ui;

#[cfg(target_arch = "wasm32")]
fn main() {
    if let Err(error) = ui::start() {
        web_sys::console::error_1(&error);
    }
}

/// Natively there is no page to drive; the crate still builds so that
/// `cargo test --workspace` runs the unit tests of [`text`].
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    println!("the playground runs in a browser: `cargo xtask playground`");
}
