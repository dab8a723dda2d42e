//! Small DOM helpers. Every piece of text goes in with `textContent` (never
//! `innerHTML`): documents, messages and file contents quote user input.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, Event, EventTarget, HtmlElement, HtmlSelectElement, Window};

/// The result of DOM work: a JavaScript exception when the DOM refuses.
pub type Dom<T = ()> = Result<T, JsValue>;

/// The window.
pub fn window() -> Dom<Window> {
    web_sys::window().ok_or_else(|| JsValue::from_str("no window"))
}

/// The document.
pub fn document() -> Dom<Document> {
    window()?
        .document()
        .ok_or_else(|| JsValue::from_str("no document"))
}

/// The element with `id`.
pub fn by_id(id: &str) -> Dom<Element> {
    document()?
        .get_element_by_id(id)
        .ok_or_else(|| JsValue::from_str(&format!("no element #{id}")))
}

/// A new `<tag class="class">`.
pub fn el(tag: &str, class: &str) -> Dom<Element> {
    let e = document()?.create_element(tag)?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    Ok(e)
}

/// A new `<tag class="class">` holding `text` as text.
pub fn text_el(tag: &str, class: &str, text: &str) -> Dom<Element> {
    let e = el(tag, class)?;
    e.set_text_content(Some(text));
    Ok(e)
}

/// Appends `child` to `parent`.
pub fn add(parent: &Element, child: &Element) -> Dom {
    parent.append_child(child).map(|_| ())
}

/// Appends a text node.
pub fn add_text(parent: &Element, text: &str) -> Dom {
    // `append` with a string inserts a text node.
    parent.append_with_str_1(text)
}

/// Appends `<tag class>text</tag>` and returns it.
pub fn add_el(parent: &Element, tag: &str, class: &str, text: &str) -> Dom<Element> {
    let e = text_el(tag, class, text)?;
    add(parent, &e)?;
    Ok(e)
}

/// Removes every child.
pub fn clear(e: &Element) {
    e.set_text_content(None);
}

/// A `<button type="button">`.
pub fn button(class: &str, text: &str) -> Dom<Element> {
    let b = text_el("button", class, text)?;
    b.set_attribute("type", "button")?;
    Ok(b)
}

/// Shows or hides an element (the `hidden` attribute).
pub fn set_hidden(e: &Element, hidden: bool) -> Dom {
    if hidden {
        e.set_attribute("hidden", "")
    } else {
        e.remove_attribute("hidden")
    }
}

/// Adds or removes a class.
pub fn toggle_class(e: &Element, class: &str, on: bool) -> Dom {
    e.class_list().toggle_with_force(class, on).map(|_| ())
}

/// Listens for `event` for the life of the page (the page's listeners are
/// installed once, at start, and on long-lived elements).
pub fn on(target: &EventTarget, event: &str, f: impl FnMut(Event) + 'static) -> Dom {
    let closure = Closure::<dyn FnMut(Event)>::new(f);
    target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref())?;
    closure.forget();
    Ok(())
}

/// Logs a DOM failure to the console (there is nobody else to tell).
pub fn log_error(error: &JsValue) {
    web_sys::console::error_1(error);
}

/// Runs `f`, logging a failure.
pub fn guard(f: impl FnOnce() -> Dom) {
    if let Err(e) = f() {
        log_error(&e);
    }
}

/// `performance.now()` in milliseconds (0 when unavailable).
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The element an event happened on, or the nearest ancestor matching
/// `selector` (for listeners delegated from a container).
pub fn closest(event: &Event, selector: &str) -> Option<Element> {
    event
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|e| e.closest(selector).ok().flatten())
}

/// An element's `data-<name>` attribute as a number.
pub fn data_index(e: &Element, name: &str) -> Option<usize> {
    e.get_attribute(&format!("data-{name}"))
        .and_then(|v| v.parse().ok())
}

/// A `<select>` with `(value, label)` options.
pub fn select(id: &str, options: &[(&str, &str)]) -> Dom<HtmlSelectElement> {
    let s: HtmlSelectElement = el("select", "")?.dyn_into()?;
    s.set_id(id);
    set_options(&s, options)?;
    Ok(s)
}

/// Replaces a `<select>`'s options, keeping the chosen value when it still exists.
pub fn set_options(s: &HtmlSelectElement, options: &[(&str, &str)]) -> Dom {
    let current = s.value();
    clear(s);
    for (value, label) in options {
        let o = text_el("option", "", label)?;
        o.set_attribute("value", value)?;
        add(s, &o)?;
    }
    if options.iter().any(|(v, _)| *v == current) {
        s.set_value(&current);
    }
    Ok(())
}

/// Sets a `<select>`'s value; an unknown value falls back to the first option.
pub fn set_select(s: &HtmlSelectElement, value: &str) {
    s.set_value(value);
    if s.selected_index() < 0 || s.value() != value {
        s.set_selected_index(0);
    }
}

/// A labelled control: `<label class="field"><span>label</span>control</label>`.
pub fn field(label: &str, control: &Element) -> Dom<Element> {
    let l = el("label", "field")?;
    add_el(&l, "span", "field-label", label)?;
    add(&l, control)?;
    Ok(l)
}

/// Calls a function some time after the last [`Debounce::schedule`]:
/// validation re-runs once the user pauses typing.
pub struct Debounce {
    delay_ms: i32,
    handle: Cell<Option<i32>>,
    callback: Closure<dyn FnMut()>,
}

impl Debounce {
    /// A debouncer of `f` with `delay_ms`.
    pub fn new(delay_ms: i32, f: impl FnMut() + 'static) -> Rc<Debounce> {
        Rc::new(Debounce {
            delay_ms,
            handle: Cell::new(None),
            callback: Closure::<dyn FnMut()>::new(f),
        })
    }

    /// (Re)starts the timer.
    pub fn schedule(&self) {
        self.schedule_in(self.delay_ms);
    }

    /// (Re)starts the timer with `delay_ms` instead of the usual delay.
    pub fn schedule_in(&self, delay_ms: i32) {
        let Ok(w) = window() else { return };
        if let Some(h) = self.handle.take() {
            w.clear_timeout_with_handle(h);
        }
        match w.set_timeout_with_callback_and_timeout_and_arguments_0(
            self.callback.as_ref().unchecked_ref(),
            delay_ms,
        ) {
            Ok(h) => self.handle.set(Some(h)),
            Err(e) => log_error(&e),
        }
    }

    /// Runs the callback now if it is scheduled (and no longer later).
    pub fn flush(&self) {
        let Some(h) = self.handle.take() else { return };
        if let Ok(w) = window() {
            w.clear_timeout_with_handle(h);
        }
        let f: &js_sys::Function = self.callback.as_ref().unchecked_ref();
        if let Err(e) = f.call0(&JsValue::NULL) {
            log_error(&e);
        }
    }
}

/// `promise.then(ok, failed)` with one-shot callbacks (`Closure::once_into_js`):
/// js-sys's `then2` wants closures kept alive until the promise settles.
/// The callback that never runs stays allocated (a few bytes per call).
pub fn settle(promise: &JsValue, ok: &JsValue, failed: &JsValue) {
    let then = js_sys::Reflect::get(promise, &JsValue::from_str("then"))
        .and_then(|f| f.dyn_into::<js_sys::Function>());
    match then {
        Ok(then) => {
            if let Err(e) = then.call2(promise, ok, failed) {
                log_error(&e);
            }
        }
        Err(e) => log_error(&e),
    }
}

/// Scrolls `e` into view if it is not (smoothly, nearest edge).
pub fn reveal(e: &Element) {
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
    options.set_inline(web_sys::ScrollLogicalPosition::Nearest);
    e.scroll_into_view_with_scroll_into_view_options(&options);
}

/// Focuses an element, if it can take focus.
pub fn focus(e: &Element) {
    if let Some(h) = e.dyn_ref::<HtmlElement>() {
        let _ = h.focus();
    }
}
