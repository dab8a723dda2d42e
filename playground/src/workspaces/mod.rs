//! The six workspaces. Each builds its panel once, reads its inputs from
//! its editors and selectors, calls the API and renders what came back.

pub mod filter;
pub mod logs;
pub mod mapping;
pub mod patch;
pub mod payload;
pub mod probe_report;

use std::cell::RefCell;
use std::rc::Rc;

use scimkit::{Code, Diagnostic};
use serde_json::Value;
use web_sys::{Element, HtmlSelectElement};

use crate::ctx::Ctx;
use crate::dom::{self, Dom};
use crate::editor::Editor;
use crate::state::Snapshot;
use crate::text;

/// What the app asks of a workspace.
pub trait Pane {
    /// The panel element (`role="tabpanel"`).
    fn panel(&self) -> &Element;
    /// The current inputs.
    fn snapshot(&self) -> Snapshot;
    /// Replaces the inputs (ignores a snapshot of another workspace) and runs.
    fn load(&self, snapshot: &Snapshot);
    /// Calls the API on the current inputs and renders the results.
    fn run(&self);
    /// Where `run` keeps what the API returned.
    fn last(&self) -> &RefCell<Value>;
    /// The last results, as the API returned them (for the clipboard).
    fn results(&self) -> Value {
        self.last()
            .try_borrow()
            .map(|v| v.clone())
            .unwrap_or_default()
    }
    /// The results a report of `snapshot` (this pane's [`Pane::snapshot`])
    /// carries: the last results, unless the snapshot holds less than the
    /// editors (a log with its names masked), whose own results they are.
    fn report_results(&self, snapshot: &Snapshot) -> Value {
        let _ = snapshot;
        self.results()
    }
}

/// A callback that acts on `pane` while it is alive. Panes own the closures
/// that DOM listeners keep, so listeners hold only a weak reference.
pub fn on_pane<P: 'static>(pane: &Rc<P>, act: impl Fn(&P) + 'static) -> impl Fn() + 'static {
    let weak = Rc::downgrade(pane);
    move || {
        if let Some(p) = weak.upgrade() {
            act(&p);
        }
    }
}

/// Milliseconds the workspaces wait after the last keystroke.
pub const DEBOUNCE_MS: i32 = 120;

/// A card with a title, an optional note on the right, and a body.
pub struct Card {
    /// The `<section>`.
    pub root: Element,
    /// The note in the title row (timings, counts).
    pub note: Element,
    /// Where the content goes.
    pub body: Element,
}

impl Card {
    /// A new card titled `title`.
    pub fn new(class: &str, title: &str) -> Dom<Card> {
        let root = dom::el("section", &format!("card {class}"))?;
        let head = dom::add_el(&root, "div", "card-head", "")?;
        // h2: the page's h1 is the brand; cards are its sections.
        dom::add_el(&head, "h2", "card-title", title)?;
        let note = dom::add_el(&head, "span", "card-note", "")?;
        let body = dom::add_el(&root, "div", "card-body", "")?;
        Ok(Card { root, note, body })
    }
}

/// The line under a verdict that says what was checked ("Checked as
/// create (POST) · User · strict RFC"), what was detected rather than chosen,
/// and a button per other reading ("Check as replace (PUT)").
pub struct Scope {
    /// The element.
    pub root: Element,
}

impl Scope {
    /// An empty scope line with `id`.
    pub fn new(id: &str) -> Dom<Scope> {
        let root = dom::el("div", "scope")?;
        root.set_id(id);
        Ok(Scope { root })
    }

    /// Shows `assumed`, or nothing; `switch` is called with the context a
    /// button names.
    pub fn show(
        &self,
        assumed: Option<&scimkit::validate::Assumed>,
        switch: &Rc<dyn Fn(scimkit::validate::Context)>,
    ) -> Dom {
        dom::clear(&self.root);
        let Some(a) = assumed else {
            return dom::set_hidden(&self.root, true);
        };
        dom::set_hidden(&self.root, false)?;
        let line = dom::add_el(&self.root, "p", "scope-line", "Checked as ")?;
        dom::add_el(&line, "strong", "scope-what", &a.describe())?;
        if let Some(detected) = a.detected() {
            dom::add_text(&line, &format!(". {detected}"))?;
        }
        for alt in &a.alternatives {
            let row = dom::add_el(&self.root, "p", "scope-alt", "")?;
            let b = dom::button(
                "btn btn-small scope-switch",
                &format!("Check as {}", alt.context.label()),
            )?;
            b.set_attribute("data-context", alt.context.as_str())?;
            let switch = Rc::clone(switch);
            let context = alt.context;
            dom::on(&b, "click", move |_| switch(context))?;
            dom::add(&row, &b)?;
            dom::add_el(&row, "span", "muted small", &format!(" {}", alt.reason))?;
        }
        Ok(())
    }
}

/// The status line of a result: an icon and a sentence, announced politely.
pub struct Status {
    /// The element (`role="status"`).
    pub root: Element,
}

/// How a status line looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Accepted.
    Ok,
    /// Accepted with warnings.
    Warn,
    /// Rejected or broken.
    Bad,
    /// Nothing to say yet.
    Idle,
}

impl Status {
    /// A status line with `id`.
    pub fn new(id: &str) -> Dom<Status> {
        let root = dom::el("div", "status idle")?;
        root.set_id(id);
        root.set_attribute("role", "status")?;
        root.set_attribute("aria-live", "polite")?;
        Ok(Status { root })
    }

    /// Counts one more run in `runs` and shows the count (`data-runs`), so
    /// the browser tests can wait for the answer to an edit.
    pub fn count_run(&self, runs: &std::cell::Cell<u32>) -> Dom {
        runs.set(runs.get().wrapping_add(1));
        self.root
            .set_attribute("data-runs", &runs.get().to_string())
    }

    /// Says `message` in `tone`.
    pub fn set(&self, tone: Tone, message: &str) -> Dom {
        let (class, icon) = match tone {
            Tone::Ok => ("status ok", "✔"),
            Tone::Warn => ("status warn", "▲"),
            Tone::Bad => ("status bad", "✖"),
            Tone::Idle => ("status idle", "•"),
        };
        self.root.set_class_name(class);
        dom::clear(&self.root);
        let i = dom::add_el(&self.root, "span", "status-icon", icon)?;
        i.set_attribute("aria-hidden", "true")?;
        dom::add_el(&self.root, "span", "status-text", message)?;
        Ok(())
    }
}

/// The tone of a report's verdict.
pub fn tone_of(valid: bool, diagnostics: &[Diagnostic]) -> Tone {
    if !valid {
        Tone::Bad
    } else if diagnostics
        .iter()
        .any(|d| d.severity == scimkit::Severity::Warning)
    {
        Tone::Warn
    } else {
        Tone::Ok
    }
}

/// The first JSON syntax error, if the text did not parse.
pub fn syntax_error(diagnostics: &[Diagnostic]) -> Option<&Diagnostic> {
    diagnostics.iter().find(|d| d.code == Code::JsonSyntax)
}

/// `The JSON breaks at line 3, column 13: …`.
pub fn syntax_message(what: &str, d: &Diagnostic) -> String {
    match d.span {
        Some(s) => format!(
            "{what} is not valid JSON: it breaks at line {}, column {}",
            s.line, s.column
        ),
        None => format!("{what} is not valid JSON"),
    }
}

/// A snippet under a result: the broken line with a caret under the error.
pub fn show_snippet(target: &Element, source: &str, d: Option<&Diagnostic>) -> Dom {
    dom::clear(target);
    let Some(span) = d.and_then(|d| d.span) else {
        dom::set_hidden(target, true)?;
        return Ok(());
    };
    dom::set_hidden(target, false)?;
    let line = text::line_text(source, span.line);
    let rest_of_line = line
        .chars()
        .count()
        .saturating_sub(span.column.saturating_sub(1))
        .max(1);
    let width = text::chars_in_utf16_range(source, span.start, span.end).min(rest_of_line);
    let gutter = format!("{} | ", span.line);
    dom::add_el(target, "span", "snip-line", &format!("{gutter}{line}"))?;
    dom::add_text(target, "\n")?;
    dom::add_el(
        target,
        "span",
        "snip-caret",
        &format!(
            "{}{}",
            " ".repeat(gutter.chars().count()),
            text::caret(span.column, width)
        ),
    )?;
    Ok(())
}

/// A toolbar of labelled selects.
pub fn toolbar(fields: &[(&str, &HtmlSelectElement)]) -> Dom<Element> {
    let bar = dom::el("div", "toolbar")?;
    for (label, select) in fields {
        dom::add(&bar, &dom::field(label, select)?)?;
    }
    Ok(bar)
}

/// Runs `run` once edits to `editors` settle: [`DEBOUNCE_MS`] (or
/// `delay_ms`) after the last keystroke, and longer for a large text (see
/// [`crate::pacing::settle_ms`]). Meanwhile the edited editor says "checking…" and the last
/// answer stays on screen.
pub fn rerun_on_edit(
    ctx: &Rc<Ctx>,
    editors: &[&Rc<Editor>],
    delay_ms: i32,
    run: impl Fn() + 'static,
) {
    let watched: Vec<_> = editors.iter().map(|e| Rc::downgrade(e)).collect();
    let debounce = dom::Debounce::new(delay_ms, move || {
        for editor in watched.iter().filter_map(std::rc::Weak::upgrade) {
            editor.set_checking(false);
        }
        run();
    });
    let waiting = Rc::downgrade(&debounce);
    ctx.on_flush(move || {
        if let Some(d) = waiting.upgrade() {
            d.flush();
        }
    });
    for editor in editors {
        let debounce = Rc::clone(&debounce);
        let ctx = Rc::downgrade(ctx);
        let me = Rc::downgrade(editor);
        editor.on_change(move || {
            if let Some(editor) = me.upgrade() {
                editor.set_checking(true);
                // A paste or a file is checked at once: no more keys follow.
                let wait = if editor.take_whole() {
                    0
                } else {
                    crate::pacing::settle_ms(delay_ms, editor.text_len())
                };
                debounce.schedule_in(wait);
            }
            if let Some(ctx) = ctx.upgrade() {
                ctx.edited();
            }
        });
    }
}

/// The dialect a selector's value names (strict when none or unknown).
pub fn dialect_of(name: Option<&str>) -> scimkit::dialect::Dialect {
    name.and_then(scimkit::dialect::Dialect::from_name)
        .unwrap_or_default()
}

/// Re-runs `run` at once whenever one of `selects` changes.
pub fn rerun_on_select(ctx: &Rc<Ctx>, selects: &[&HtmlSelectElement], run: Rc<dyn Fn()>) -> Dom {
    for select in selects {
        let run = Rc::clone(&run);
        let ctx = Rc::downgrade(ctx);
        dom::on(select, "change", move |_| {
            run();
            if let Some(ctx) = ctx.upgrade() {
                ctx.edited();
            }
        })?;
    }
    Ok(())
}

/// A two-column workspace grid: inputs left, results right.
pub fn grid(panel: &Element) -> Dom<(Element, Element)> {
    let grid = dom::add_el(panel, "div", "ws-grid", "")?;
    let left = dom::add_el(&grid, "div", "col col-in", "")?;
    let right = dom::add_el(&grid, "div", "col col-out", "")?;
    Ok((left, right))
}

/// The workspace's lead: one sentence under the tabs saying what it is for.
pub fn lead(panel: &Element, text: &str) -> Dom {
    dom::add_el(panel, "p", "ws-lead", text)?;
    Ok(())
}
