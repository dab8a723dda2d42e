//! The scimkit playground: a static page where an identity admin or a SCIM
//! service-provider developer pastes what an identity provider sends and sees,
//! as they type, what a strict service provider would say, pointed at the
//! exact line. Everything runs in the browser; nothing leaves the page.
//!
//! The page only adapts: UI state, DOM, editors and URL-fragment sharing.
//! Every check is a call to `scimkit_wasm::api`, the DTO layer of the npm
//! package, so the page shows exactly what npm users get. Text from users
//! and documents is inserted as text nodes, never as HTML.
//!
//! Modules that touch the DOM only build for wasm32; the pure ones (state,
//! share links, JSON layout, texts, the gallery) are unit-tested natively.

// Used by the DOM code (wasm32 only) and by native unit tests.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod gallery;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod jsonfmt;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod pacing;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod report;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod share;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod state;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod text;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod compress;
#[cfg(target_arch = "wasm32")]
mod ctx;
#[cfg(target_arch = "wasm32")]
mod diagnostics_view;
#[cfg(target_arch = "wasm32")]
mod dom;
#[cfg(target_arch = "wasm32")]
mod editor;
#[cfg(target_arch = "wasm32")]
mod explain_view;
#[cfg(target_arch = "wasm32")]
mod json_view;
#[cfg(target_arch = "wasm32")]
mod picks;
#[cfg(target_arch = "wasm32")]
mod workspaces;

#[cfg(target_arch = "wasm32")]
thread_local! {
    /// The running app: its listeners hold weak references to it.
    static APP: std::cell::RefCell<Option<std::rc::Rc<app::App>>> =
        const { std::cell::RefCell::new(None) };
}

#[cfg(target_arch = "wasm32")]
fn main() {
    match app::start() {
        Ok(app) => APP.with(|slot| {
            if let Ok(mut slot) = slot.try_borrow_mut() {
                *slot = Some(app);
            }
        }),
        Err(error) => {
            web_sys::console::error_1(&error);
            if let Ok(status) = dom::by_id("loading") {
                status.set_text_content(Some(
                    "The playground could not start in this browser; the console says why.",
                ));
            }
        }
    }
}

/// Natively there is no page to drive; the crate still builds so that
/// `cargo test --workspace` runs the unit tests of the pure modules.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    println!("the playground runs in a browser: `cargo xtask playground`");
}
