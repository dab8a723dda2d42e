//! The npm package `scimkit`: a thin wasm-bindgen adapter over the scimkit core.
//!
//! [`api`] is the DTO layer (plain Rust, unit-tested natively, shared with the
//! playground). The exports below only move text across the boundary: every
//! argument is a JSON or filter text, every result is the JSON text of
//! [`api::envelope`], `{"ok": true, "value": …}` or `{"ok": false, "error":
//! {code, message}}`. The package's JavaScript wrapper (`wasm/npm/index.js`)
//! stringifies objects, parses results and throws `ScimkitError`s. One
//! exception: `parseFilter` first tries [`parse_filter_fast`], whose tree
//! crosses as numbers read in place ([`compact`]), because for inputs this
//! small the JSON crossing cost more than the parse.
//!
//! Why JSON text rather than serde-wasm-bindgen: the core reads text itself
//! (one positioned parser, so spans are exact and the limits apply before any
//! tree is built), and `JSON.parse` defines keys such as `__proto__` as own
//! properties, so hostile documents cannot pollute prototypes (tested on the
//! packed package). What the crossing costs, measured against the
//! validation itself, is in BENCHMARKS.md (`cargo xtask bench-js`).
//!
//! No panic reaches JavaScript: the core returns diagnostics for everything
//! input can cause (fuzzed), and the release build aborts rather than unwinds.
//! Debug builds install a panic hook that prints the panic to the console.

pub mod api;
pub mod compact;
#[cfg(feature = "exports")]
pub mod exports;
#[cfg(feature = "probe")]
pub mod probe;

/// The version of scimkit (the workspace version, shared by the crate and the npm package).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Debug builds print panics to the console; release builds abort.
#[cfg(all(debug_assertions, target_arch = "wasm32"))]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}
