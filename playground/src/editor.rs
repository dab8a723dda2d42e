//! A code editor made of a textarea and a line-number gutter kept in step
//! with it. Diagnostics mark their lines in the gutter (icon and colour);
//! picking one selects the offending text and bands its line.
//!
//! The textarea does not wrap, so a textarea line is a gutter line; the
//! geometry below must match `style.css` (`--line` and the padding).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use scimkit::{Diagnostic, Severity};
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};

use crate::dom::{self, Dom};
use crate::text;

/// Height of one line in pixels (`--line` in style.css).
const LINE_PX: f64 = 20.0;
/// Padding above the first line (the textarea's padding-top).
const PAD_PX: f64 = 8.0;
/// Space below the last number (`.gutter-inner`'s padding-bottom), so the
/// gutter scrolls as far as a textarea with a horizontal scrollbar.
const TAIL_PX: f64 = 40.0;
/// Lines numbered above and below the visible ones. The gutter holds only
/// this window, not every line: rebuilding 60,000 numbers when the line
/// count changed took 210–250 ms in a 1.8 MB document (issue 25).
const GUTTER_SLACK: usize = 200;

/// One editor.
pub struct Editor {
    root: Element,
    head: Element,
    info: Element,
    textarea: HtmlTextAreaElement,
    gutter: Element,
    inner: HtmlElement,
    numbers: HtmlElement,
    marks: Element,
    band: HtmlElement,
    lines: Cell<usize>,
    /// The first and last line number the gutter holds.
    numbered: Cell<(usize, usize)>,
    band_line: Cell<Option<usize>>,
    on_change: RefCell<Option<Rc<dyn Fn()>>>,
    /// The edit being announced is whole (a paste, a file): check it at once
    /// rather than wait for more keystrokes.
    whole: Cell<bool>,
}

impl Editor {
    /// An editor whose textarea has `id`, titled `title`; `size` is a CSS
    /// class setting its height (`h-s`, `h-m`, `h-l`).
    pub fn new(id: &str, title: &str, size: &str) -> Dom<Rc<Editor>> {
        let root = dom::el("div", &format!("editor {size}"))?;
        let head = dom::el("div", "editor-head")?;
        let label = dom::add_el(&head, "label", "editor-title", title)?;
        label.set_attribute("for", id)?;
        let info = dom::add_el(&head, "span", "editor-info", "")?;
        dom::add(&root, &head)?;

        let body = dom::el("div", "editor-body")?;
        let gutter = dom::el("div", "gutter")?;
        gutter.set_attribute("aria-hidden", "true")?;
        let inner: HtmlElement = dom::el("div", "gutter-inner")?.dyn_into()?;
        let numbers: HtmlElement = dom::add_el(&inner, "pre", "gutter-nums", "1")?.dyn_into()?;
        let marks = dom::el("div", "gutter-marks")?;
        dom::add(&inner, &marks)?;
        dom::add(&gutter, &inner)?;
        dom::add(&body, &gutter)?;

        let main = dom::el("div", "editor-main")?;
        let band: HtmlElement = dom::el("div", "line-band")?.dyn_into()?;
        dom::set_hidden(&band, true)?;
        dom::add(&main, &band)?;
        let textarea: HtmlTextAreaElement = dom::el("textarea", "code")?.dyn_into()?;
        textarea.set_id(id);
        for (name, value) in [
            ("wrap", "off"),
            ("spellcheck", "false"),
            ("autocomplete", "off"),
            ("autocapitalize", "off"),
            ("autocorrect", "off"),
        ] {
            textarea.set_attribute(name, value)?;
        }
        // Until a check says otherwise: assistive technology reads a missing
        // aria-invalid as "not known", and every editor is checked.
        textarea.set_attribute("aria-invalid", "false")?;
        dom::add(&main, &textarea)?;
        dom::add(&body, &main)?;
        dom::add(&root, &body)?;

        let editor = Rc::new(Editor {
            root,
            head,
            info,
            textarea,
            gutter,
            inner,
            numbers,
            marks,
            band,
            lines: Cell::new(1),
            numbered: Cell::new((1, 1)),
            band_line: Cell::new(None),
            on_change: RefCell::new(None),
            whole: Cell::new(false),
        });

        let me = Rc::downgrade(&editor);
        dom::on(&editor.textarea, "input", move |_| {
            if let Some(e) = me.upgrade() {
                e.refresh();
                e.band_line.set(None);
                dom::guard(|| dom::set_hidden(&e.band, true));
                let callback = e.on_change.try_borrow().ok().and_then(|c| c.clone());
                if let Some(f) = callback {
                    f();
                }
            }
        })?;
        // A paste goes in through setRangeText. Chromium's own paste of a
        // 1.6 MB text into this textarea, on a page this size, took 84–95 s
        // in one task (issue 25); inserting the same text ourselves and
        // announcing it as an edit takes a fraction of that. (The cost:
        // the browser's undo history does not hold the paste.)
        let me = Rc::downgrade(&editor);
        dom::on(&editor.textarea, "paste", move |event| {
            let Some(e) = me.upgrade() else { return };
            let text = event
                .dyn_ref::<web_sys::ClipboardEvent>()
                .and_then(web_sys::ClipboardEvent::clipboard_data)
                .and_then(|data| data.get_data("text/plain").ok());
            // Nothing readable (an image, say): the browser does it.
            let Some(text) = text else { return };
            event.prevent_default();
            e.insert(&text);
        })?;
        let me = Rc::downgrade(&editor);
        dom::on(&editor.textarea, "scroll", move |_| {
            if let Some(e) = me.upgrade() {
                e.sync_scroll();
            }
        })?;
        editor.take_files(&format!("{id}-file"))?;
        Ok(editor)
    }

    /// Local files into the editor: an "Open file…" button in the title row
    /// (its input has `input_id`) and files dropped on the editor, which the
    /// browser would otherwise open in place of the page. Read with
    /// `FileReader`, in the page: nothing is uploaded.
    fn take_files(self: &Rc<Self>, input_id: &str) -> Dom {
        let input: web_sys::HtmlInputElement = dom::el("input", "file-input")?.dyn_into()?;
        input.set_type("file");
        input.set_id(input_id);
        input.set_accept(".json,application/json,text/plain,.txt,.log,.http");
        let label = dom::text_el("label", "btn btn-small", "Open file…")?;
        label.set_attribute("for", input_id)?;
        dom::add(&self.head, &input)?;
        dom::add(&self.head, &label)?;
        let target = Rc::downgrade(self);
        let source = input.clone();
        dom::on(&input, "change", move |_| {
            let Some(file) = source.files().and_then(|f| f.get(0)) else {
                return;
            };
            if let Some(editor) = target.upgrade() {
                editor.read_file(&file);
            }
            // Reading the same file again must fire `change` again.
            source.set_value("");
        })?;
        dom::on(&self.root, "dragover", |event| event.prevent_default())?;
        let target = Rc::downgrade(self);
        dom::on(&self.root, "drop", move |event| {
            let file = event
                .dyn_ref::<web_sys::DragEvent>()
                .and_then(web_sys::DragEvent::data_transfer)
                .and_then(|d| d.files())
                .and_then(|f| f.get(0));
            // Dropped text (not a file) is the browser's to insert.
            let (Some(file), Some(editor)) = (file, target.upgrade()) else {
                return;
            };
            event.prevent_default();
            editor.read_file(&file);
        })
    }

    /// Replaces the selection with `text`, leaves the caret after it and
    /// announces the edit (an `input` event), as typing would.
    pub fn insert(&self, text: &str) {
        let t = &self.textarea;
        let start = t.selection_start().ok().flatten().unwrap_or(0);
        let end = t.selection_end().ok().flatten().unwrap_or(start);
        if let Err(err) = t.set_range_text_with_start_and_end_and_mode(text, start, end, "end") {
            dom::log_error(&err);
            return;
        }
        self.whole.set(true);
        if let Ok(event) = web_sys::Event::new("input") {
            let _ = t.dispatch_event(&event);
        }
    }

    /// Reads a local `file` as text into the editor (with `FileReader`, in
    /// the page: nothing is uploaded) and announces it as an edit, so the
    /// workspace re-runs. For "Open file…" and dropped files.
    pub fn read_file(self: &Rc<Self>, file: &web_sys::File) {
        let Ok(reader) = web_sys::FileReader::new() else {
            return;
        };
        let target = Rc::downgrade(self);
        let done = reader.clone();
        let onload = Closure::once_into_js(move || {
            let text = done.result().ok().and_then(|r| r.as_string());
            if let (Some(text), Some(editor)) = (text, target.upgrade()) {
                editor.set_value(&text);
                editor.whole.set(true);
                if let Ok(event) = web_sys::Event::new("input") {
                    let _ = editor.textarea.dispatch_event(&event);
                }
            }
        });
        reader.set_onload(Some(onload.unchecked_ref()));
        if let Err(e) = reader.read_as_text(file) {
            dom::log_error(&e);
        }
    }

    /// The editor's outer element.
    pub fn root(&self) -> &Element {
        &self.root
    }

    /// The textarea.
    pub fn textarea(&self) -> &HtmlTextAreaElement {
        &self.textarea
    }

    /// The text.
    pub fn value(&self) -> String {
        self.textarea.value()
    }

    /// Replaces the text (not an edit: `on_change` is not called).
    pub fn set_value(&self, text: &str) {
        self.textarea.set_value(text);
        self.textarea.set_scroll_top(0);
        self.textarea.set_scroll_left(0);
        self.band_line.set(None);
        dom::guard(|| dom::set_hidden(&self.band, true));
        self.refresh();
        self.sync_scroll();
    }

    /// Whether the edit being announced is whole (a paste or a file, not a
    /// keystroke); asking clears it.
    pub fn take_whole(&self) -> bool {
        self.whole.replace(false)
    }

    /// The text's length in UTF-16 units, without copying it out of the page.
    pub fn text_len(&self) -> u32 {
        self.textarea.text_length()
    }

    /// Says that the text changed since it was last checked ("checking…"
    /// after the size note), or that the answer shown is the text's.
    pub fn set_checking(&self, checking: bool) {
        dom::guard(|| dom::toggle_class(&self.root, "checking", checking));
    }

    /// Calls `f` after every edit.
    pub fn on_change(&self, f: impl Fn() + 'static) {
        if let Ok(mut slot) = self.on_change.try_borrow_mut() {
            *slot = Some(Rc::new(f));
        }
    }

    /// Sets the placeholder.
    pub fn set_placeholder(&self, text: &str) {
        self.textarea.set_placeholder(text);
    }

    /// Sizes the gutter when the line count changed, and writes the size note.
    fn refresh(&self) {
        let value = self.textarea.value();
        let count = text::line_count(&value);
        if count != self.lines.get() {
            self.lines.set(count);
            // The gutter is as tall as all the lines and as wide as the
            // largest number, though it holds only the visible ones.
            let digits = count.to_string().len();
            let style = self.inner.style();
            let height = PAD_PX + count as f64 * LINE_PX + TAIL_PX;
            let _ = style.set_property("height", &format!("{height}px"));
            let _ = self
                .numbers
                .style()
                .set_property("min-width", &format!("{digits}ch"));
            self.number_lines(true);
        }
        let note = format!(
            "{} · {}",
            text::plural(count, "line"),
            text::size(value.len())
        );
        self.info.set_text_content(Some(&note));
    }

    fn sync_scroll(&self) {
        self.gutter.set_scroll_top(self.textarea.scroll_top());
        self.number_lines(false);
        self.place_band();
    }

    /// Numbers the visible lines and `GUTTER_SLACK` around them, when they
    /// are not numbered already (or always, with `force`).
    fn number_lines(&self, force: bool) {
        let count = self.lines.get();
        let top = f64::from(self.textarea.scroll_top());
        let height = f64::from(self.textarea.client_height());
        let first_visible = 1 + (top / LINE_PX) as usize;
        let visible = (height / LINE_PX) as usize + 1;
        let (held_first, held_last) = self.numbered.get();
        let last_visible = (first_visible + visible).min(count);
        if !force && held_first <= first_visible && last_visible <= held_last {
            return;
        }
        let (first, last) =
            crate::pacing::gutter_window(count, first_visible, visible, GUTTER_SLACK);
        self.numbered.set((first, last));
        let mut numbers = String::with_capacity((last - first + 1) * 6);
        for n in first..=last {
            if n > first {
                numbers.push('\n');
            }
            numbers.push_str(&n.to_string());
        }
        self.numbers.set_text_content(Some(&numbers));
        let offset = (first - 1) as f64 * LINE_PX;
        let _ = self
            .numbers
            .style()
            .set_property("transform", &format!("translateY({offset}px)"));
    }

    fn place_band(&self) {
        let Some(line) = self.band_line.get() else {
            return;
        };
        let top = PAD_PX + (line.saturating_sub(1) as f64) * LINE_PX
            - f64::from(self.textarea.scroll_top());
        let _ = self
            .band
            .style()
            .set_property("transform", &format!("translateY({top}px)"));
    }

    /// Names the elements that say what is wrong with the text (the status
    /// line, then the list of diagnostics): a screen reader reads them when
    /// the editor gets focus, as a sighted user sees the gutter marks.
    pub fn described_by(&self, ids: &[&str]) -> Dom {
        self.textarea
            .set_attribute("aria-describedby", &ids.join(" "))
    }

    /// Says whether the text has errors (`aria-invalid`); warnings and notes
    /// do not make it invalid, as they do not make the verdict a rejection.
    pub fn set_invalid(&self, invalid: bool) {
        dom::guard(|| {
            self.textarea
                .set_attribute("aria-invalid", if invalid { "true" } else { "false" })
        });
    }

    /// Marks the lines of `diagnostics` in the gutter (the most severe per
    /// line) and sets `aria-invalid` when one of them is an error.
    pub fn mark(&self, diagnostics: &[&Diagnostic]) {
        self.set_invalid(diagnostics.iter().any(|d| d.severity == Severity::Error));
        dom::clear(&self.marks);
        let mut worst: Vec<(usize, Severity)> = Vec::new();
        for d in diagnostics {
            let Some(span) = d.span else { continue };
            match worst.iter_mut().find(|(l, _)| *l == span.line) {
                Some(entry) => entry.1 = entry.1.min(d.severity),
                None => worst.push((span.line, d.severity)),
            }
        }
        for (line, severity) in worst {
            dom::guard(|| {
                let m: HtmlElement = dom::text_el(
                    "span",
                    &format!("gmark {}", severity.as_str()),
                    text::severity_icon(severity),
                )?
                .dyn_into()?;
                m.style().set_property(
                    "top",
                    &format!("{}px", PAD_PX + (line.saturating_sub(1) as f64) * LINE_PX),
                )?;
                dom::add(&self.marks, &m)
            });
        }
        dom::guard(|| dom::toggle_class(&self.root, "has-marks", !diagnostics.is_empty()));
    }

    /// Wraps long lines and drops the gutter (for one-line inputs such as a
    /// filter, where a line number says nothing and a cut-off line hides
    /// the end of the expression).
    pub fn soft_wrap(&self) -> Dom {
        self.textarea.set_attribute("wrap", "soft")?;
        dom::toggle_class(&self.root, "soft-wrap", true)
    }

    /// Selects UTF-16 `start..end`, scrolls it into view and bands its line.
    pub fn select(&self, start: usize, end: usize) {
        let value = self.textarea.value();
        let line = text::line_of_utf16(&value, start);
        dom::reveal(&self.root);
        let _ = self.textarea.focus();
        let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let _ = self
            .textarea
            .set_selection_range(to_u32(start), to_u32(end.max(start)));
        let height = f64::from(self.textarea.client_height());
        let wanted = (line.saturating_sub(1) as f64) * LINE_PX - height / 3.0;
        self.textarea.set_scroll_top(wanted.max(0.0) as i32);
        if self.root.class_list().contains("soft-wrap") {
            // Wrapped lines have no fixed geometry: the selection says it all.
            return;
        }
        self.band_line.set(Some(line));
        dom::guard(|| dom::set_hidden(&self.band, false));
        self.sync_scroll();
    }

    /// Selects the span of a diagnostic, when it has one.
    pub fn select_diagnostic(&self, diagnostic: &Diagnostic) {
        if let Some(span) = diagnostic.span {
            self.select(span.start, span.end);
        }
    }
}
