//! The list of diagnostics: severity (icon and word, not colour alone), code,
//! JSON path, position, message and help. Picking one selects the offending
//! text in its editor.

use std::collections::HashMap;
use std::rc::Rc;

use scimkit::Diagnostic;
use web_sys::Element;

use crate::dom::{self, Dom};
use crate::picks::{Action, Picks};
use crate::text;

/// One diagnostic to show, with where it points and what picking it does.
pub struct Entry {
    /// The diagnostic.
    pub diagnostic: Diagnostic,
    /// Which input it is about, when a list mixes several (`Sample user`).
    pub origin: Option<String>,
    /// What clicking it does (select the text, mark a line).
    pub action: Option<Action>,
}

impl Entry {
    /// An entry that selects the diagnostic's span in `editor`.
    pub fn in_editor(diagnostic: &Diagnostic, editor: &Rc<crate::editor::Editor>) -> Entry {
        let action: Option<Action> = diagnostic.span.map(|_| {
            let editor = Rc::clone(editor);
            let d = diagnostic.clone();
            Rc::new(move || editor.select_diagnostic(&d)) as Action
        });
        Entry {
            diagnostic: diagnostic.clone(),
            origin: None,
            action,
        }
    }

    /// Names the input the diagnostic is about.
    #[must_use]
    pub fn with_origin(mut self, origin: &str) -> Entry {
        self.origin = Some(origin.to_owned());
        self
    }
}

/// A rendered list of diagnostics.
pub struct DiagList {
    root: Element,
    picks: Rc<Picks>,
}

impl DiagList {
    /// An empty list.
    pub fn new() -> Dom<DiagList> {
        let root = dom::el("ul", "diags")?;
        let picks = Picks::attach(&root)?;
        Ok(DiagList { root, picks })
    }

    /// The `<ul>`.
    pub fn root(&self) -> &Element {
        &self.root
    }

    /// Shows `entries`; `empty` is said when there are none.
    pub fn show(&self, entries: Vec<Entry>, codes: &HashMap<String, String>, empty: &str) -> Dom {
        dom::clear(&self.root);
        self.picks.reset();
        if entries.is_empty() {
            let li = dom::add_el(&self.root, "li", "diag-none", "")?;
            dom::add_el(&li, "span", "ok-icon", "✔")?;
            dom::add_text(&li, empty)?;
            return Ok(());
        }
        for entry in entries {
            let d = &entry.diagnostic;
            let li = dom::el("li", &format!("diag {}", d.severity.as_str()))?;
            let body = match &entry.action {
                Some(_) => dom::button("diag-main", "")?,
                None => dom::el("div", "diag-main")?,
            };
            let top = dom::add_el(&body, "span", "diag-top", "")?;
            let sev = dom::add_el(&top, "span", "sev", "")?;
            dom::add_el(&sev, "span", "sev-icon", text::severity_icon(d.severity))?;
            dom::add_text(&sev, text::severity_label(d.severity))?;
            let code = dom::add_el(&top, "code", "diag-code", d.code.as_str())?;
            if let Some(description) = codes.get(d.code.as_str()) {
                code.set_attribute("title", description)?;
            }
            if !d.path.is_empty() {
                dom::add_el(&top, "code", "diag-path", &d.path)?;
            }
            if let Some(span) = d.span {
                let loc = dom::add_el(
                    &top,
                    "span",
                    "diag-loc",
                    &format!("{}:{}", span.line, span.column),
                )?;
                loc.set_attribute(
                    "title",
                    &format!("line {}, column {}", span.line, span.column),
                )?;
            }
            if let Some(origin) = &entry.origin {
                dom::add_el(&top, "span", "diag-origin", origin)?;
            }
            dom::add_el(&body, "span", "diag-msg", &d.message)?;
            // The diagnostic's own help, else what its code's table says.
            let help = d.help.as_deref().unwrap_or(d.code.fix());
            let h = dom::add_el(&body, "span", "diag-help", "")?;
            dom::add_el(&h, "span", "help-label", "How to fix")?;
            dom::add_text(&h, help)?;
            if let Some(action) = entry.action {
                self.picks.bind(&body, action)?;
            }
            dom::add(&li, &body)?;
            dom::add(&self.root, &li)?;
        }
        Ok(())
    }
}
