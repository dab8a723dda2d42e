//! The Logs workspace: an identity provider's provisioning log (Entra ID's
//! provisioning log, Okta's System Log, or a copied console message),
//! explained event by event with the core's `explain_log` (through the same
//! adapter as npm `explainLog`): what was tried, the request rebuilt, what
//! the service provider said, the cause and the fix on each side, with the
//! rebuilt request one click away in its workspace.

use std::cell::RefCell;
use std::rc::Rc;

use scimkit::logs::{EventExplanation, EventStatus, LogFormat, mask_personal};
use scimkit::mapping::{Method, Request};
use scimkit_wasm::api::{LogOpts, PositionEncoding};
use serde_json::{Value, json};
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlInputElement};

use super::{Card, Pane, Status, Tone};
use crate::ctx::Ctx;
use crate::diagnostics_view::{DiagList, Entry};
use crate::dom::{self, Dom};
use crate::editor::Editor;
use crate::gallery;
use crate::jsonfmt::{self, Style};
use crate::state::{FilterState, LogsState, PatchState, PayloadState, Snapshot};
use crate::text;

/// What opens a rebuilt request in another workspace (set by the app).
pub type Opener = Rc<dyn Fn(Snapshot)>;

/// The Logs workspace.
pub struct LogsPane {
    ctx: Rc<Ctx>,
    panel: Element,
    editor: Rc<Editor>,
    personal: HtmlInputElement,
    status: Status,
    list: DiagList,
    events: Element,
    causes: Element,
    timing: Element,
    opener: RefCell<Option<Opener>>,
    last: RefCell<Value>,
    runs: std::cell::Cell<u32>,
}

impl LogsPane {
    /// Builds the workspace into `panel`.
    pub fn new(ctx: &Rc<Ctx>, panel: Element) -> Dom<Rc<LogsPane>> {
        super::lead(
            &panel,
            "Paste an identity provider's provisioning log: Entra ID's provisioning log (Download logs as JSON, or Microsoft Graph), Okta's System Log, or an error message copied from either console. Each failed event is explained: the request that was sent, why it failed and the fix. The log stays in this page.",
        )?;
        let (left, right) = super::grid(&panel)?;
        let editor = Editor::new("logs-input", "Provisioning log", "h-l")?;
        editor.set_placeholder("{\"value\": [ … entries from Enterprise applications → your app → Provisioning logs → Download logs … ]}");
        dom::add(&left, editor.root())?;
        let option = dom::add_el(&left, "label", "check", "")?;
        let personal: HtmlInputElement = dom::el("input", "")?.dyn_into()?;
        personal.set_type("checkbox");
        personal.set_id("logs-personal");
        dom::add(&option, &personal)?;
        dom::add_text(
            &option,
            " Keep names and e-mail addresses in share links (masked unless checked)",
        )?;

        let result = Card::new("result", "What the log says")?;
        let status = Status::new("logs-status")?;
        dom::add(&result.body, &status.root)?;
        let list = DiagList::new()?;
        list.root().set_id("logs-diagnostics");
        dom::add(&result.body, list.root())?;
        let causes = dom::add_el(&result.body, "p", "muted small", "")?;
        causes.set_id("logs-causes");
        editor.described_by(&["logs-status", "logs-diagnostics"])?;
        dom::add(&right, &result.root)?;
        let events = dom::add_el(&right, "div", "log-events", "")?;
        events.set_id("logs-events");

        let pane = Rc::new(LogsPane {
            ctx: Rc::clone(ctx),
            panel,
            editor,
            personal,
            status,
            list,
            events,
            causes,
            timing: result.note,
            opener: RefCell::new(None),
            last: RefCell::new(Value::Null),
            runs: std::cell::Cell::new(0),
        });
        super::rerun_on_edit(
            ctx,
            &[&pane.editor],
            super::DEBOUNCE_MS,
            super::on_pane(&pane, |p| p.run()),
        );
        let me = Rc::downgrade(ctx);
        dom::on(&pane.personal, "change", move |_| {
            if let Some(ctx) = me.upgrade() {
                ctx.edited();
            }
        })?;
        Ok(pane)
    }

    /// Sets what "Open in …" does.
    pub fn set_opener(&self, opener: Opener) {
        if let Ok(mut slot) = self.opener.try_borrow_mut() {
            *slot = Some(opener);
        }
    }

    fn render(&self) -> Dom {
        let source = self.editor.value();
        dom::clear(&self.events);
        self.causes.set_text_content(None);
        if source.trim().is_empty() {
            self.status
                .set(Tone::Idle, "Paste a provisioning log to explain it.")?;
            self.list
                .show(Vec::new(), &self.ctx.codes, "Nothing to explain yet.")?;
            self.editor.mark(&[]);
            self.timing.set_text_content(None);
            if let Ok(mut last) = self.last.try_borrow_mut() {
                *last = Value::Null;
            }
            return Ok(());
        }
        let started = dom::now_ms();
        let opts = LogOpts {
            position_encoding: PositionEncoding::Utf16,
        };
        let e = match self.ctx.session().explain_log(&source, false, &opts) {
            Ok(e) => e,
            Err(err) => {
                self.status.set(Tone::Bad, &err.message)?;
                return Ok(());
            }
        };
        let core_ms = dom::now_ms() - started;
        self.timing
            .set_text_content(Some(&format!("explained in {}", text::millis(core_ms))));
        let marks: Vec<_> = e.report.diagnostics.iter().collect();
        self.editor.mark(&marks);
        let entries = e
            .report
            .diagnostics
            .iter()
            .map(|d| Entry::in_editor(d, &self.editor))
            .collect();
        self.list.show(entries, &self.ctx.codes, "")?;
        // A log that reads cleanly needs no "no problems" line of its own.
        dom::set_hidden(self.list.root(), e.report.diagnostics.is_empty())?;
        if e.format == LogFormat::Unknown {
            let message = match super::syntax_error(&e.report.diagnostics) {
                Some(d) => super::syntax_message("The log", d),
                None => {
                    "Not a provisioning log scimkit reads: see below for what it expects.".into()
                }
            };
            self.status.set(Tone::Bad, &message)?;
        } else {
            let s = &e.statuses;
            let tone = if s.failure > 0 {
                Tone::Bad
            } else if s.warning > 0 {
                Tone::Warn
            } else {
                Tone::Ok
            };
            self.status.set(
                tone,
                &format!(
                    "{} · {}: {}",
                    e.format_label,
                    text::plural(e.events, "event"),
                    s.describe()
                ),
            )?;
        }
        if e.causes.len() > 1 || e.omitted > 0 {
            let list: Vec<String> = e
                .causes
                .iter()
                .map(|c| format!("{} × {}", c.count, c.cause))
                .collect();
            let more = if e.omitted > 0 {
                format!(" ({} more events counted, not shown)", e.omitted)
            } else {
                String::new()
            };
            self.causes
                .set_text_content(Some(&format!("Causes: {}{more}", list.join(", "))));
        }
        for (i, x) in e.explained.iter().enumerate() {
            let card = self.event_card(i, x)?;
            dom::add(&self.events, &card)?;
        }
        if let Ok(mut last) = self.last.try_borrow_mut() {
            *last = serde_json::to_value(&e).unwrap_or(Value::Null);
        }
        Ok(())
    }

    /// One explained event as a card.
    fn event_card(&self, i: usize, x: &EventExplanation) -> Dom<Element> {
        let card = dom::el("section", "card log-event")?;
        card.set_id(&format!("logs-event-{i}"));
        let head = dom::add_el(&card, "div", "card-head", "")?;
        let who = x
            .subject
            .name
            .as_deref()
            .map(|n| format!(" “{n}”"))
            .unwrap_or_default();
        dom::add_el(
            &head,
            "h2",
            "card-title",
            &format!("{}. {}{who}", i + 1, text::capitalise(&x.summary)),
        )?;
        let badge = match x.status {
            EventStatus::Warning => ("badge warn", "warning"),
            _ => ("badge bad", "failed"),
        };
        dom::add_el(&head, "span", badge.0, badge.1)?;
        let body = dom::add_el(&card, "div", "card-body", "")?;
        let mut meta = vec![x.activity.clone()];
        meta.extend(x.time.clone());
        meta.extend(x.subject.application.clone());
        meta.extend(x.error_code.clone());
        dom::add_el(&body, "p", "log-meta muted small", &meta.join(" · "))?;

        let cause = dom::add_el(&body, "div", "log-cause", "")?;
        dom::add_el(&cause, "strong", "log-cause-title", x.cause.title)?;
        dom::add_text(&cause, " ")?;
        dom::add_el(&cause, "code", "log-cause-code", x.cause.code)?;
        let certainty = x.cause.certainty.label();
        dom::add_el(&cause, "span", "log-certainty", &format!(" · {certainty}"))?;
        dom::add_el(&body, "p", "log-why", &x.cause.why)?;
        if !x.cause.evidence.is_empty() {
            let ul = dom::add_el(&body, "ul", "log-evidence small", "")?;
            for ev in &x.cause.evidence {
                dom::add_el(&ul, "li", "", ev)?;
            }
        }
        if !x.cause.candidates.is_empty() {
            dom::add_el(
                &body,
                "p",
                "small",
                &format!("Also possible: {}", x.cause.candidates.join(", ")),
            )?;
        }
        if x.cause.transient {
            dom::add_el(
                &body,
                "p",
                "small",
                "Transient: the identity provider retries on its own.",
            )?;
        }
        if !x.changes.is_empty() {
            dom::add_el(&body, "h3", "log-sub", "What changed")?;
            let ul = dom::add_el(&body, "ul", "log-changes small", "")?;
            for c in &x.changes {
                let target = c
                    .target
                    .as_deref()
                    .map(|t| format!(" → {t}"))
                    .unwrap_or_default();
                dom::add_el(
                    &ul,
                    "li",
                    "",
                    &format!(
                        "{}{target}: {} → {}",
                        c.attribute,
                        c.old.as_deref().unwrap_or("(none)"),
                        c.new.as_deref().unwrap_or("(none)")
                    ),
                )?;
            }
        }
        if let Some(a) = &x.answer {
            let status = a
                .status
                .map_or_else(|| "no status".to_string(), |s| format!("HTTP {s}"));
            let detail = a
                .detail
                .as_deref()
                .map(|d| format!(": {d}"))
                .unwrap_or_default();
            let p = dom::add_el(&body, "p", "log-answer", "")?;
            dom::add_el(&p, "strong", "", "The service provider answered ")?;
            dom::add_text(&p, &format!("{status}{detail}"))?;
        }
        if !x.requests.is_empty() {
            dom::add_el(
                &body,
                "h4",
                "log-sub",
                &format!("What {} sent (rebuilt)", x.identity_provider.label()),
            )?;
            for (k, r) in x.requests.iter().enumerate() {
                self.request_view(&body, i, k, r, x)?;
            }
        }
        dom::add_el(&body, "h3", "log-sub", "Fix")?;
        let dl = dom::add_el(&body, "dl", "log-fix", "")?;
        dom::add_el(&dl, "dt", "", "At the service provider")?;
        dom::add_el(&dl, "dd", "", &x.fix.service_provider)?;
        dom::add_el(
            &dl,
            "dt",
            "",
            &format!("In {}", x.identity_provider.label()),
        )?;
        dom::add_el(&dl, "dd", "", &x.fix.identity_provider)?;
        if !x.unknown.is_empty() {
            dom::add_el(&body, "h3", "log-sub", "Not in the log")?;
            let ul = dom::add_el(&body, "ul", "log-unknown small", "")?;
            for u in &x.unknown {
                dom::add_el(&ul, "li", "", u)?;
            }
        }
        let probe = dom::add_el(&body, "div", "log-probe", "")?;
        dom::add_el(&probe, "span", "small", "Probe your endpoint for this: ")?;
        dom::add_el(&probe, "code", "log-probe-command", &x.probe)?;
        let copy = dom::button("btn btn-small", "Copy")?;
        copy.set_attribute("aria-label", "Copy the probe command")?;
        dom::add(&probe, &copy)?;
        let ctx = Rc::downgrade(&self.ctx);
        let command = x.probe.clone();
        dom::on(&copy, "click", move |_| {
            if let Some(ctx) = ctx.upgrade() {
                ctx.copy(
                    &command,
                    "Probe command copied. Set SCIM_TOKEN and your base URL, then run it.",
                );
            }
        })?;
        Ok(card)
    }

    /// A rebuilt request: its line, its body, and a button that opens it in
    /// the workspace that checks it.
    fn request_view(
        &self,
        parent: &Element,
        i: usize,
        k: usize,
        r: &Request,
        x: &EventExplanation,
    ) -> Dom {
        let view = dom::add_el(parent, "div", "request log-request", "")?;
        view.set_id(&format!("logs-request-{i}-{k}"));
        let head = dom::add_el(&view, "div", "req-head", "")?;
        let method = match r.method {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        };
        dom::add_el(
            &head,
            "span",
            &format!("method m-{}", method.to_ascii_lowercase()),
            method,
        )?;
        dom::add_el(&head, "code", "req-url", &r.url)?;
        if let Some((label, snapshot)) = open_target(r, x) {
            let b = dom::button("btn btn-small log-open", label)?;
            dom::add(&head, &b)?;
            let opener = self.opener.try_borrow().ok().and_then(|o| o.clone());
            dom::on(&b, "click", move |_| {
                if let Some(open) = &opener {
                    open(snapshot.clone());
                }
            })?;
        }
        if let Some(body) = &r.body {
            let pre = dom::add_el(
                &view,
                "pre",
                "req-body",
                &jsonfmt::to_text(body, Style::Expanded),
            )?;
            // It scrolls when long: keyboard users reach it too.
            pre.set_attribute("tabindex", "0")?;
            pre.set_attribute("aria-label", "Request body")?;
        }
        Ok(())
    }
}

/// Where a rebuilt request is checked: a PATCH in the PATCH tab (against a
/// resource holding what it changes), a POST or PUT body in the Payload tab,
/// a lookup's filter in the Filter tab.
fn open_target(r: &Request, x: &EventExplanation) -> Option<(&'static str, Snapshot)> {
    let group = r.path.starts_with("/Groups");
    let dialect = x.identity_provider.as_str().to_string();
    match r.method {
        Method::Patch => {
            let body = r.body.as_ref()?;
            let resource = resource_for(body, group, x);
            Some((
                "Open in the PATCH tab",
                Snapshot::Patch(PatchState {
                    resource: jsonfmt::to_text(&resource, Style::Expanded),
                    patch: jsonfmt::to_text(body, Style::Expanded),
                    dialect,
                    resource_type: if group { "Group" } else { "User" }.into(),
                }),
            ))
        }
        Method::Post | Method::Put => {
            let body = r.body.as_ref()?;
            Some((
                "Open in the Payload tab",
                Snapshot::Payload(PayloadState {
                    document: jsonfmt::to_text(body, Style::Expanded),
                    context: if r.method == Method::Post {
                        "create"
                    } else {
                        "replace"
                    }
                    .into(),
                    resource_type: if group { "Group" } else { "User" }.into(),
                    ..PayloadState::default()
                }),
            ))
        }
        Method::Get => {
            let filter = r.query.iter().find(|q| q.name == "filter")?;
            Some((
                "Open in the Filter tab",
                Snapshot::Filter(FilterState {
                    filter: filter.value.clone(),
                    resource_type: if group { "Group" } else { "User" }.into(),
                    dialect: if x.identity_provider.as_str() == "entra" {
                        "entra"
                    } else {
                        ""
                    }
                    .into(),
                    resources: gallery::sample_users(),
                }),
            ))
        }
        Method::Delete => None,
    }
}

/// A resource for a rebuilt PATCH to apply to: the object's id and name and,
/// for a group, the members the PATCH names (so a removal has something to
/// remove).
fn resource_for(patch: &Value, group: bool, x: &EventExplanation) -> Value {
    let id = x
        .subject
        .target_id
        .clone()
        .unwrap_or_else(|| "ID-AT-THE-SERVICE-PROVIDER".into());
    let name = x.subject.name.clone().unwrap_or_else(|| "name".into());
    if !group {
        return json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "id": id,
            "userName": name,
            "active": true,
        });
    }
    let mut members: Vec<Value> = Vec::new();
    let ops = patch
        .get("Operations")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for op in &ops {
        let on_members = op
            .get("path")
            .and_then(Value::as_str)
            .is_some_and(|p| p.starts_with("members"));
        if let (true, Some(Value::Array(list))) = (on_members, op.get("value")) {
            for m in list {
                if let Some(v) = m.get("value").and_then(Value::as_str) {
                    members.push(json!({"value": v}));
                }
            }
        }
    }
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "id": id,
        "displayName": name,
        "members": members,
    })
}

impl Pane for LogsPane {
    fn panel(&self) -> &Element {
        &self.panel
    }

    /// The log as a share link carries it: masked unless the admin chose
    /// to keep names and e-mail addresses.
    fn snapshot(&self) -> Snapshot {
        let personal = self.personal.checked();
        let log = self.editor.value();
        Snapshot::Logs(LogsState {
            log: if personal { log } else { mask_personal(&log) },
            personal,
        })
    }

    fn load(&self, snapshot: &Snapshot) {
        let Snapshot::Logs(s) = snapshot else {
            return;
        };
        self.editor.set_value(&s.log);
        self.personal.set_checked(s.personal);
        self.run();
    }

    fn report_results(&self, snapshot: &Snapshot) -> Value {
        // A report handed over without "keep names" holds the masked log, and
        // so the explanation of the masked log: no name in its findings.
        match snapshot {
            Snapshot::Logs(s) if !s.personal => self
                .ctx
                .session()
                .explain_log(&s.log, false, &LogOpts::default())
                .ok()
                .and_then(|e| serde_json::to_value(&e).ok())
                .unwrap_or(Value::Null),
            Snapshot::Logs(_) => self.results(),
            // Not this pane's: nothing of its (unmasked) results.
            _ => Value::Null,
        }
    }

    fn run(&self) {
        dom::guard(|| self.render());
        dom::guard(|| self.status.count_run(&self.runs));
    }

    fn last(&self) -> &RefCell<Value> {
        &self.last
    }
}
