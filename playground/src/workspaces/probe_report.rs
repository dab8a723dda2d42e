//! The Probe workspace: a `scimkit probe --format json` report (or what npm
//! `probe()` returned), pasted, dropped or loaded from a file, shown as the
//! checklist the terminal prints: each check's outcome, message, request,
//! response, diagnostics and advice, then what was left on the server.
//!
//! It judges nothing: every word and outcome is the report's own (the
//! core's `ProbeReport`, read as a `Value` since the core's types only
//! serialise). A report is untrusted input: it goes in as text only, at
//! most [`MAX_CHECKS`] checks, each string cut to a bound.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use serde_json::Value;
use web_sys::Element;

use super::{Card, Pane, Status, Tone};
use crate::ctx::Ctx;
use crate::dom::{self, Dom};
use crate::editor::Editor;
use crate::report::cut;
use crate::state::{ProbeState, Snapshot};
use crate::text;

/// The most checks shown (the probe runs about 40).
pub const MAX_CHECKS: usize = 300;
/// The most diagnostics shown per check.
const MAX_DIAGNOSTICS: usize = 50;
/// The most leftovers shown.
const MAX_LEFTOVERS: usize = 100;
/// Characters kept of a message, URL or advice.
const LINE: usize = 2_000;
/// Characters kept of a request or response body.
const BODY: usize = 8_000;

/// The Probe workspace.
pub struct ProbePane {
    panel: Element,
    editor: Rc<Editor>,
    status: Status,
    meta: Element,
    checks: Element,
    leftovers: Element,
    last: RefCell<Value>,
    runs: Cell<u32>,
}

impl ProbePane {
    /// Builds the workspace into `panel`.
    pub fn new(ctx: &Rc<Ctx>, panel: Element) -> Dom<Rc<ProbePane>> {
        super::lead(
            &panel,
            "Paste, drop or load a scimkit probe report (scimkit probe BASE_URL --format json, or npm probe()) to read it as a checklist: each check's request, the answer and the advice. The report stays in this page.",
        )?;
        let (left, right) = super::grid(&panel)?;
        let editor = Editor::new("probe-input", "Probe report (JSON)", "h-l")?;
        editor.set_placeholder(
            "{\"target\": \"https://…/scim/v2\", \"as\": \"entra\", \"checks\": [ … ], \"summary\": { … }}",
        );
        dom::add(&left, editor.root())?;

        let result = Card::new("result", "Probe report")?;
        let status = Status::new("probe-status")?;
        dom::add(&result.body, &status.root)?;
        let meta = dom::add_el(&result.body, "p", "probe-meta muted small", "")?;
        meta.set_id("probe-meta");
        editor.described_by(&["probe-status"])?;
        dom::add(&right, &result.root)?;
        let checks = dom::add_el(&right, "ol", "probe-checks", "")?;
        checks.set_id("probe-checks");
        let leftovers = dom::add_el(&right, "div", "", "")?;
        leftovers.set_id("probe-leftovers");

        let pane = Rc::new(ProbePane {
            panel,
            editor,
            status,
            meta,
            checks,
            leftovers,
            last: RefCell::new(Value::Null),
            runs: Cell::new(0),
        });
        super::rerun_on_edit(
            ctx,
            &[&pane.editor],
            super::DEBOUNCE_MS,
            super::on_pane(&pane, |p| p.run()),
        );
        Ok(pane)
    }

    fn set_last(&self, value: Value) {
        if let Ok(mut last) = self.last.try_borrow_mut() {
            *last = value;
        }
    }

    fn render(&self) -> Dom {
        let source = self.editor.value();
        dom::clear(&self.checks);
        dom::clear(&self.leftovers);
        self.meta.set_text_content(None);
        self.set_last(Value::Null);
        self.editor.set_invalid(false);
        if source.trim().is_empty() {
            return self
                .status
                .set(Tone::Idle, "Paste or drop a probe report to read it.");
        }
        let report: Value = match serde_json::from_str(&source) {
            Ok(v) => v,
            Err(e) => {
                self.editor.set_invalid(true);
                return self.status.set(
                    Tone::Bad,
                    &format!(
                        "Not JSON (line {}, column {}): a probe report is the output of scimkit probe --format json.",
                        e.line(),
                        e.column()
                    ),
                );
            }
        };
        let Some(list) = report.get("checks").and_then(Value::as_array) else {
            self.editor.set_invalid(true);
            return self.status.set(
                Tone::Bad,
                "Not a probe report: it has no \"checks\" list (expected {\"target\", \"as\", \"checks\", \"summary\", \"leftovers\"}).",
            );
        };
        let field = |v: &Value, k: &str| -> String {
            match v.get(k) {
                Some(Value::String(s)) => cut(s, LINE),
                Some(Value::Number(n)) => n.to_string(),
                Some(Value::Bool(b)) => b.to_string(),
                _ => String::new(),
            }
        };
        let count = |k: &str| {
            report
                .get("summary")
                .and_then(|s| s.get(k))
                .and_then(Value::as_u64)
                .unwrap_or(0)
        };
        let (tone, verdict) = if let Some(error) = report.get("error").and_then(Value::as_str) {
            (
                Tone::Bad,
                format!("The probe could not run: {}", cut(error, LINE)),
            )
        } else {
            let ok = report.get("ok").and_then(Value::as_bool);
            let tone = match ok {
                Some(false) => Tone::Bad,
                _ if count("warnings") > 0 => Tone::Warn,
                Some(true) => Tone::Ok,
                None => Tone::Idle,
            };
            let word = match ok {
                Some(true) => "Passes",
                Some(false) => "Fails",
                None => "Report",
            };
            (
                tone,
                format!(
                    "{word}: {} failed, {} with a warning, {} passed, {} skipped",
                    count("failed"),
                    count("warnings"),
                    count("passed"),
                    count("skipped")
                ),
            )
        };
        self.status.set(tone, &verdict)?;
        let mut meta = vec![format!("Target: {}", field(&report, "target"))];
        meta.push(format!("sent as: {}", field(&report, "as")));
        meta.push(text::plural(list.len(), "check"));
        self.meta.set_text_content(Some(&meta.join(" · ")));
        if let Some(stopped) = report.get("stopped").and_then(Value::as_str) {
            dom::add_el(
                &self.meta,
                "span",
                "probe-stopped",
                &format!(" · stopped early: {}", cut(stopped, LINE)),
            )?;
        }
        for (i, check) in list.iter().take(MAX_CHECKS).enumerate() {
            self.check_item(i, check, &field)?;
        }
        if list.len() > MAX_CHECKS {
            dom::add_el(
                &self.checks,
                "li",
                "muted small",
                &format!("… and {} more checks, not shown", list.len() - MAX_CHECKS),
            )?;
        }
        self.leftover_list(&report, &field)?;
        self.set_last(report);
        Ok(())
    }

    /// One check: its outcome, title, message, request, answer, diagnostics
    /// and advice.
    fn check_item(&self, i: usize, c: &Value, field: &dyn Fn(&Value, &str) -> String) -> Dom {
        let status = field(c, "status");
        let (class, word) = match status.as_str() {
            "pass" => ("ok", "✔ passed"),
            "fail" => ("bad", "✖ failed"),
            "warn" => ("warn", "▲ warning"),
            "skip" => ("idle", "• skipped"),
            _ => ("idle", "• not known"),
        };
        let li = dom::add_el(
            &self.checks,
            "li",
            &format!("card probe-check s-{class}"),
            "",
        )?;
        li.set_id(&format!("probe-check-{i}"));
        li.set_attribute("data-status", &cut(&status, 20))?;
        let head = dom::add_el(&li, "div", "card-head", "")?;
        dom::add_el(&head, "h3", "card-title probe-title", &field(c, "title"))?;
        dom::add_el(&head, "span", &format!("badge {class}"), word)?;
        let body = dom::add_el(&li, "div", "card-body", "")?;
        let mut about = field(c, "id");
        let reference = field(c, "reference");
        if !reference.is_empty() {
            about.push_str(" · ");
            about.push_str(&reference);
        }
        dom::add_el(&body, "p", "probe-id muted small", &about)?;
        dom::add_el(&body, "p", "probe-message", &field(c, "message"))?;
        if let Some(r) = c.get("request").filter(|r| r.is_object()) {
            let view = dom::add_el(&body, "div", "request probe-request", "")?;
            let head = dom::add_el(&view, "div", "req-head", "")?;
            let method = cut(&field(r, "method"), 10);
            let m = method.to_ascii_lowercase();
            let known = ["get", "post", "put", "patch", "delete"].contains(&m.as_str());
            let class = if known {
                format!("method m-{m}")
            } else {
                "method".into()
            };
            dom::add_el(&head, "span", &class, &method)?;
            dom::add_el(&head, "code", "req-url", &field(r, "url"))?;
            let auth = field(r, "authorization");
            if !auth.is_empty() {
                dom::add_el(
                    &view,
                    "p",
                    "req-wire",
                    &format!("Authorization: {}", cut(&auth, 60)),
                )?;
            }
            let sent = field(r, "body");
            if !sent.is_empty() {
                body_view(&view, "Request body", &sent)?;
            }
        }
        if let Some(r) = c.get("response").filter(|r| r.is_object()) {
            let code = field(r, "status");
            let mut line = if code == "0" || code.is_empty() {
                "No answer".to_string()
            } else {
                format!("Answered HTTP {code}")
            };
            let ct = field(r, "contentType");
            if !ct.is_empty() {
                line.push_str(" · ");
                line.push_str(&ct);
            }
            dom::add_el(&body, "p", "probe-response small", &line)?;
            let answer = field(r, "body");
            if !answer.is_empty() {
                body_view(&body, "Response body", &answer)?;
            }
        }
        let diagnostics = c.get("diagnostics").and_then(Value::as_array);
        if let Some(list) = diagnostics.filter(|l| !l.is_empty()) {
            let ul = dom::add_el(&body, "ul", "probe-diags small", "")?;
            for d in list.iter().take(MAX_DIAGNOSTICS) {
                let path = field(d, "path");
                let at = if path.is_empty() {
                    String::new()
                } else {
                    format!(" at {path}")
                };
                let help = field(d, "help");
                let help = if help.is_empty() {
                    String::new()
                } else {
                    format!(" How to fix: {help}")
                };
                dom::add_el(
                    &ul,
                    "li",
                    "",
                    &format!(
                        "{} {}{at}: {}{help}",
                        field(d, "severity"),
                        field(d, "code"),
                        field(d, "message")
                    ),
                )?;
            }
            if list.len() > MAX_DIAGNOSTICS {
                dom::add_el(
                    &ul,
                    "li",
                    "muted",
                    &format!("… and {} more", list.len() - MAX_DIAGNOSTICS),
                )?;
            }
        }
        let advice = field(c, "advice");
        if !advice.is_empty() {
            let p = dom::add_el(&body, "p", "probe-advice", "")?;
            dom::add_el(&p, "strong", "", "What to change: ")?;
            dom::add_text(&p, &advice)?;
        }
        Ok(())
    }

    /// What the probe left on the server, if anything.
    fn leftover_list(&self, report: &Value, field: &dyn Fn(&Value, &str) -> String) -> Dom {
        let Some(list) = report
            .get("leftovers")
            .and_then(Value::as_array)
            .filter(|l| !l.is_empty())
        else {
            return Ok(());
        };
        let card = Card::new("probe-left", "Left on the server")?;
        let ul = dom::add_el(&card.body, "ul", "small", "")?;
        for l in list.iter().take(MAX_LEFTOVERS) {
            let proven = if l.get("proven").and_then(Value::as_bool) == Some(true) {
                "made by the probe"
            } else {
                "found by the run's name"
            };
            dom::add_el(
                &ul,
                "li",
                "",
                &format!(
                    "{} {} (id {}, {}) at {}: {}",
                    field(l, "resourceType"),
                    field(l, "name"),
                    field(l, "id"),
                    proven,
                    field(l, "target"),
                    field(l, "reason")
                ),
            )?;
        }
        dom::add(&self.leftovers, &card.root)
    }
}

/// A collapsed body, cut to [`BODY`] characters, scrollable by keyboard.
fn body_view(parent: &Element, label: &str, body: &str) -> Dom {
    let details = dom::add_el(parent, "details", "probe-body", "")?;
    dom::add_el(&details, "summary", "small", label)?;
    let pre = dom::add_el(&details, "pre", "req-body", &cut(body, BODY))?;
    pre.set_attribute("tabindex", "0")?;
    pre.set_attribute("aria-label", label)?;
    Ok(())
}

impl Pane for ProbePane {
    fn panel(&self) -> &Element {
        &self.panel
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot::Probe(ProbeState {
            report: self.editor.value(),
        })
    }

    fn load(&self, snapshot: &Snapshot) {
        let Snapshot::Probe(s) = snapshot else {
            return;
        };
        self.editor.set_value(&s.report);
        self.run();
    }

    fn run(&self) {
        dom::guard(|| self.render());
        dom::guard(|| self.status.count_run(&self.runs));
    }

    fn last(&self) -> &RefCell<Value> {
        &self.last
    }
}
