//! A read-only JSON view (results: a patched resource, a generated request
//! body): one element per line, so a JSON Pointer can mark, annotate and
//! reveal its lines.

use std::cell::RefCell;

use serde_json::Value;
use web_sys::Element;

use crate::dom::{self, Dom};
use crate::jsonfmt::{self, Style};

/// A rendered JSON value.
pub struct JsonView {
    root: Element,
    lines: RefCell<Vec<(Element, String)>>,
}

fn value_class(text: &str) -> &'static str {
    match text.as_bytes().first() {
        Some(b'"') => "js",
        Some(b't' | b'f') => "jb",
        Some(b'n') => "jz",
        Some(b'{' | b'}' | b'[' | b']') => "jp",
        _ => "jn",
    }
}

impl JsonView {
    /// An empty view with the accessible name `label`.
    pub fn new(label: &str) -> Dom<JsonView> {
        let root = dom::el("div", "json-view")?;
        root.set_attribute("role", "region")?;
        root.set_attribute("aria-label", label)?;
        root.set_attribute("tabindex", "0")?;
        Ok(JsonView {
            root,
            lines: RefCell::new(Vec::new()),
        })
    }

    /// The view's element.
    pub fn root(&self) -> &Element {
        &self.root
    }

    /// Shows `value`.
    pub fn show(&self, value: &Value) -> Dom {
        dom::clear(&self.root);
        let mut rendered = Vec::new();
        for line in jsonfmt::lines(value, Style::Expanded) {
            let row = dom::el("div", "jl")?;
            let code = dom::add_el(&row, "span", "jcode", "")?;
            dom::add_text(&code, &"  ".repeat(line.depth))?;
            if !line.key.is_empty() {
                dom::add_el(&code, "span", "jk", &line.key)?;
                dom::add_text(&code, ": ")?;
            }
            let (value_text, comma) = match line.text.strip_suffix(',') {
                Some(v) => (v, ","),
                None => (line.text.as_str(), ""),
            };
            dom::add_el(&code, "span", value_class(value_text), value_text)?;
            if !comma.is_empty() {
                dom::add_text(&code, comma)?;
            }
            dom::add(&self.root, &row)?;
            rendered.push((row, line.pointer));
        }
        if let Ok(mut lines) = self.lines.try_borrow_mut() {
            *lines = rendered;
        }
        Ok(())
    }

    /// Shows a message instead of a value.
    pub fn show_message(&self, message: &str) -> Dom {
        dom::clear(&self.root);
        if let Ok(mut lines) = self.lines.try_borrow_mut() {
            lines.clear();
        }
        dom::add_el(&self.root, "div", "json-empty", message)?;
        Ok(())
    }

    /// Adds `class` to every line of the value at `pointer`.
    pub fn mark(&self, pointer: &str, class: &str) -> Dom {
        let Ok(lines) = self.lines.try_borrow() else {
            return Ok(());
        };
        for (row, p) in lines.iter() {
            if jsonfmt::is_under(p, pointer) {
                dom::toggle_class(row, class, true)?;
            }
        }
        Ok(())
    }

    /// Adds a note at the end of the first line of the value at `pointer`.
    pub fn annotate(&self, pointer: &str, note: &str, title: &str) -> Dom {
        let Ok(lines) = self.lines.try_borrow() else {
            return Ok(());
        };
        if let Some((row, _)) = lines.iter().find(|(_, p)| p == pointer) {
            let n = dom::add_el(row, "span", "jnote", note)?;
            if !title.is_empty() {
                n.set_attribute("title", title)?;
            }
        }
        Ok(())
    }

    /// Marks the value at `pointer` as the current one and scrolls to it;
    /// false when no line shows it.
    pub fn reveal(&self, pointer: &str) -> bool {
        let Ok(lines) = self.lines.try_borrow() else {
            return false;
        };
        let mut first = None;
        for (row, p) in lines.iter() {
            let hit = !pointer.is_empty() && jsonfmt::is_under(p, pointer);
            dom::guard(|| dom::toggle_class(row, "current", hit));
            if hit && first.is_none() {
                first = Some(row.clone());
            }
        }
        match first {
            Some(row) => {
                dom::reveal(&row);
                true
            }
            None => false,
        }
    }
}
