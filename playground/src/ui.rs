//! The DOM side: wire the textarea to the check and list the diagnostics.

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlTextAreaElement};

use crate::text;

/// Finds the page's elements, checks once (the textarea may be prefilled by
/// the browser) and then on every `input` event.
pub fn start() -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let input: HtmlTextAreaElement = element(&document, "input")?.dyn_into()?;
    let status = element(&document, "status")?;
    let list = element(&document, "diagnostics")?;

    let on_input = {
        let document = document.clone();
        let input = input.clone();
        move || {
            if let Err(error) = check(&document, &input, &status, &list) {
                web_sys::console::error_1(&error);
            }
        }
    };
    on_input();
    let closure = Closure::<dyn FnMut()>::new(on_input);
    input.add_event_listener_with_callback("input", closure.as_ref().unchecked_ref())?;
    // The listener lives as long as the page.
    closure.forget();
    Ok(())
}

fn element(document: &Document, id: &str) -> Result<Element, JsValue> {
    document
        .get_element_by_id(id)
        .ok_or_else(|| JsValue::from_str(&format!("no element #{id}")))
}

fn check(
    document: &Document,
    input: &HtmlTextAreaElement,
    status: &Element,
    list: &Element,
) -> Result<(), JsValue> {
    let source = input.value();
    let empty = source.trim().is_empty();
    let report = scimkit_wasm::api::Session::builtin()
        .validate(&source, false, &scimkit_wasm::api::ValidateOpts::default())
        .unwrap_or_default();
    status.set_text_content(Some(&text::status(&report, empty)));
    status.set_class_name(match (empty, report.valid) {
        (true, _) => "",
        (false, true) => "valid",
        (false, false) => "invalid",
    });
    list.set_text_content(None);
    if empty {
        return Ok(());
    }
    for diagnostic in &report.diagnostics {
        let item = document.create_element("li")?;
        item.set_class_name(diagnostic.severity.as_str());
        // Text, never HTML: messages quote the user's input.
        item.set_text_content(Some(&text::describe(diagnostic)));
        list.append_child(&item)?;
    }
    Ok(())
}
