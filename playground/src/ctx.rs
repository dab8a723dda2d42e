//! What the workspaces share: the API session (built-in schemas and
//! profiles plus the custom ones pasted in the Payload workspace), the
//! catalogs read from it, the toast and the clipboard.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use scimkit_wasm::api::Session;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::dom::{self, Dom};

/// The shared context.
pub struct Ctx {
    session: RefCell<Rc<Session>>,
    /// Diagnostic code → one-line description (the `codes` catalog).
    pub codes: HashMap<String, String>,
    session_listeners: Listeners,
    edit_listeners: Listeners,
    flush_listeners: Listeners,
    toast: Element,
    toast_timer: Rc<dom::Debounce>,
}

/// What the page says when the browser refuses the clipboard.
pub const REFUSED: &str = "The browser refused the clipboard; copy by hand instead.";

/// Callbacks to call when something changes.
#[derive(Default)]
struct Listeners(RefCell<Vec<Rc<dyn Fn()>>>);

impl Listeners {
    fn add(&self, f: impl Fn() + 'static) {
        if let Ok(mut l) = self.0.try_borrow_mut() {
            l.push(Rc::new(f));
        }
    }

    /// Calls each callback, on a copy of the list, so that a callback may
    /// add listeners.
    fn notify(&self) {
        let listeners: Vec<Rc<dyn Fn()>> =
            self.0.try_borrow().map(|l| l.clone()).unwrap_or_default();
        for f in listeners {
            f();
        }
    }
}

impl Ctx {
    /// The context with the built-in session; `toast` is the status element
    /// that briefly says what a button did.
    pub fn new(toast: Element) -> Rc<Ctx> {
        let session = Session::builtin();
        // Read from the core's tables, not through `api::catalog`: its
        // match on a name keeps every catalog's serialisation (schemas,
        // quirks) in the first load, and the page needs five of them.
        let codes = scimkit::Code::ALL
            .iter()
            .map(|c| (c.as_str().to_owned(), c.description().to_owned()))
            .collect();
        let hide = toast.clone();
        let toast_timer = dom::Debounce::new(3500, move || {
            dom::guard(|| dom::toggle_class(&hide, "show", false));
        });
        Rc::new(Ctx {
            session: RefCell::new(Rc::new(session)),
            codes,
            session_listeners: Listeners::default(),
            edit_listeners: Listeners::default(),
            flush_listeners: Listeners::default(),
            toast,
            toast_timer,
        })
    }

    /// The current session.
    pub fn session(&self) -> Rc<Session> {
        self.session
            .try_borrow()
            .map(|s| Rc::clone(&s))
            .unwrap_or_else(|_| Rc::new(Session::builtin()))
    }

    /// Replaces the session (custom schemas changed) and tells every listener.
    pub fn set_session(&self, session: Session) {
        if let Ok(mut s) = self.session.try_borrow_mut() {
            *s = Rc::new(session);
        }
        self.session_listeners.notify();
    }

    /// Calls `f` whenever the session changes.
    pub fn on_session_change(&self, f: impl Fn() + 'static) {
        self.session_listeners.add(f);
    }

    /// Calls `f` whenever the user edits any input.
    pub fn on_edit(&self, f: impl Fn() + 'static) {
        self.edit_listeners.add(f);
    }

    /// Says that the user edited an input.
    pub fn edited(&self) {
        self.edit_listeners.notify();
    }

    /// Calls `f` when checks waiting for an edit to settle must run now.
    pub fn on_flush(&self, f: impl Fn() + 'static) {
        self.flush_listeners.add(f);
    }

    /// Runs every check that waits for an edit to settle ("checking…"), so
    /// what is handed over is the answer to what is shown.
    pub fn flush(&self) {
        self.flush_listeners.notify();
    }

    /// `(name, title)` of every profile, custom ones first.
    pub fn profiles(&self) -> Vec<(String, String)> {
        self.session()
            .profiles()
            .iter()
            .map(|p| {
                let title = if p.title.is_empty() {
                    &p.name
                } else {
                    &p.title
                };
                (p.name.clone(), title.clone())
            })
            .collect()
    }

    /// The names of the resource types.
    pub fn resource_types(&self) -> Vec<String> {
        self.session()
            .registry()
            .resource_types()
            .iter()
            .map(|r| r.name.clone())
            .collect()
    }

    /// The mapping presets: `(name, title, identityProvider, config)`.
    pub fn presets(&self) -> Vec<(String, String, String, Value)> {
        scimkit::mapping::presets::PRESETS
            .iter()
            .map(|p| {
                (
                    p.name.to_owned(),
                    p.title.to_owned(),
                    p.identity_provider.as_str().to_owned(),
                    serde_json::from_str(p.config_json).unwrap_or(Value::Null),
                )
            })
            .collect()
    }

    /// The sample source object of an identity provider (`entra`, `okta`)
    /// and object type (`user`, `group`).
    pub fn sample(&self, identity_provider: &str, object: &str) -> Option<Value> {
        scimkit::mapping::presets::SAMPLES
            .iter()
            .find(|s| {
                s.identity_provider.as_str() == identity_provider
                    && s.object_type.resource_type().eq_ignore_ascii_case(object)
            })
            .and_then(|s| serde_json::from_str(s.json).ok())
    }

    /// Shows `message` for a few seconds.
    pub fn toast(&self, message: &str) {
        self.toast.set_text_content(Some(message));
        dom::guard(|| dom::toggle_class(&self.toast, "show", true));
        self.toast_timer.schedule();
    }

    /// Copies `text` to the clipboard, then toasts `done` (or how to copy by hand).
    pub fn copy(self: &Rc<Self>, text: &str, done: &str) {
        self.copy_or(text, done, REFUSED);
    }

    /// [`Ctx::copy`], toasting `refused` when the browser refuses. (Some
    /// browsers refuse a copy that does not follow the click at once, as a
    /// share link does: it is made first.)
    pub fn copy_or(self: &Rc<Self>, text: &str, done: &str, refused: &str) {
        // `navigator.clipboard` only exists in secure contexts (https,
        // localhost); calling into `undefined` would throw through the wasm.
        let clipboard = dom::window()
            .and_then(|w| js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("clipboard")))
            .ok()
            .filter(|c| !c.is_undefined() && !c.is_null())
            .map(|c| c.unchecked_into::<web_sys::Clipboard>());
        let Some(clipboard) = clipboard else {
            self.toast(
                "This page has no clipboard (browsers offer it over https or on localhost only); copy by hand instead.",
            );
            return;
        };
        let promise = clipboard.write_text(text);
        let me = Rc::clone(self);
        let done = done.to_owned();
        let ok = Closure::once_into_js(move |_: JsValue| me.toast(&done));
        let me = Rc::clone(self);
        let refused = refused.to_owned();
        let failed = Closure::once_into_js(move |_: JsValue| me.toast(&refused));
        dom::settle(&promise, &ok, &failed);
    }
}

/// Builds `(value, label)` pairs for [`dom::set_options`] from owned strings.
pub fn options<'a>(
    first: (&'a str, &'a str),
    rest: &'a [(String, String)],
) -> Vec<(&'a str, &'a str)> {
    std::iter::once(first)
        .chain(rest.iter().map(|(v, l)| (v.as_str(), l.as_str())))
        .collect()
}

/// Refreshes a select's options from the session (kept value when still offered).
pub fn refresh_select(
    select: &web_sys::HtmlSelectElement,
    first: (&str, &str),
    rest: &[(String, String)],
) -> Dom {
    dom::set_options(select, &options(first, rest))
}
