//! The Mapping workspace: an identity provider's attribute-mapping
//! configuration (or a preset to start from) and a sample source user; the
//! requests the identity provider would send, each validated against the
//! chosen profile, and for every value the mapping that produced it.

use std::cell::RefCell;
use std::rc::Rc;

use scimkit::mapping::ApplyResult;
use scimkit_wasm::api::MappingOpts;
use serde_json::Value;
use web_sys::{Element, HtmlSelectElement};

use super::{Card, Pane, Status, Tone};
use crate::ctx::{self, Ctx};
use crate::diagnostics_view::{DiagList, Entry};
use crate::dom::{self, Dom};
use crate::editor::Editor;
use crate::json_view::JsonView;
use crate::jsonfmt::{self, Style};
use crate::picks::{Action, Picks};
use crate::state::{MappingState, Snapshot, non_empty};
use crate::text;

const OPERATIONS: &[(&str, &str)] = &[
    ("create", "Create (assign)"),
    ("update", "Update"),
    ("deactivate", "Deactivate"),
    ("delete", "Delete"),
];

const OBJECTS: &[(&str, &str)] = &[("User", "Users"), ("Group", "Groups")];

/// The Mapping workspace.
pub struct MappingPane {
    ctx: Rc<Ctx>,
    panel: Element,
    preset: HtmlSelectElement,
    object: HtmlSelectElement,
    operation: HtmlSelectElement,
    profile: HtmlSelectElement,
    config: Rc<Editor>,
    source: Rc<Editor>,
    status: Status,
    snippet: Element,
    list: DiagList,
    timing: Element,
    requests: Element,
    requests_note: Element,
    views: RefCell<Vec<Rc<JsonView>>>,
    request_picks: Rc<Picks>,
    trace: Element,
    trace_picks: Rc<Picks>,
    /// The identity provider of the last preset loaded: its sample objects
    /// still fit once the configuration is the admin's own.
    sample_idp: RefCell<String>,
    last: RefCell<Value>,
}

/// The "Start from" choice for a configuration that is no preset.
const OWN_CONFIGURATION: (&str, &str) = ("", "Your own configuration");

/// The byte range of the value at `pointer` in JSON `text` (to select the
/// mapping a value came from; the API's trace gives its pointer).
fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let root = scimkit::json::parse(text).ok()?;
    let (node, exact) = root.resolve_pointer(pointer);
    exact.then(|| node.range())
}

fn preset_label(identity_provider: &str) -> String {
    match identity_provider {
        "entra" => "Entra ID default mappings".to_owned(),
        "okta" => "Okta default mappings".to_owned(),
        other => format!("{other} preset"),
    }
}

impl MappingPane {
    /// Builds the workspace into `panel`.
    pub fn new(ctx: &Rc<Ctx>, panel: Element) -> Dom<Rc<MappingPane>> {
        super::lead(
            &panel,
            "Start from Entra ID's or Okta's default mappings (or paste your own), pick a sample user: see the requests the identity provider would send, whether the service provider accepts them, and where every value comes from.",
        )?;
        let (left, right) = super::grid(&panel)?;
        let presets: Vec<(String, String)> = ctx
            .presets()
            .into_iter()
            .map(|(name, _, idp, _)| (name, preset_label(&idp)))
            .collect();
        let preset = dom::select("mapping-preset", &[])?;
        ctx::refresh_select(&preset, OWN_CONFIGURATION, &presets)?;
        let object = dom::select("mapping-object", OBJECTS)?;
        let operation = dom::select("mapping-operation", OPERATIONS)?;
        let profile = dom::select("mapping-profile", &[("", "None (RFC only)")])?;
        dom::add(
            &left,
            &super::toolbar(&[
                ("Start from", &preset),
                ("Objects", &object),
                ("Operation", &operation),
                ("Service provider profile", &profile),
            ])?,
        )?;
        let config = Editor::new("mapping-config", "Mapping configuration", "h-l")?;
        dom::add(&left, config.root())?;
        let source = Editor::new(
            "mapping-source",
            "Sample user in the identity provider",
            "h-m",
        )?;
        dom::add(&left, source.root())?;

        let check = Card::new("result", "What the service provider says")?;
        let status = Status::new("mapping-status")?;
        dom::add(&check.body, &status.root)?;
        let snippet = dom::add_el(&check.body, "pre", "snippet", "")?;
        dom::set_hidden(&snippet, true)?;
        let list = DiagList::new()?;
        list.root().set_id("mapping-diagnostics");
        // One list holds the problems of both inputs (each names its origin).
        config.described_by(&["mapping-status", "mapping-diagnostics"])?;
        source.described_by(&["mapping-status", "mapping-diagnostics"])?;
        dom::add(&check.body, list.root())?;
        dom::add(&right, &check.root)?;

        let req_card = Card::new("requests-card", "Requests the identity provider sends")?;
        let requests = dom::add_el(&req_card.body, "div", "requests", "")?;
        requests.set_id("mapping-requests");
        let request_picks = Picks::attach(&requests)?;
        dom::add(&right, &req_card.root)?;

        // Where each value comes from sits under the configuration it explains.
        let trace_card = Card::new("trace-card late", "Where each value comes from")?;
        let trace = dom::add_el(&trace_card.body, "ol", "value-trace", "")?;
        trace.set_id("mapping-trace");
        let trace_picks = Picks::attach(&trace)?;
        dom::add(&left, &trace_card.root)?;

        let pane = Rc::new(MappingPane {
            ctx: Rc::clone(ctx),
            panel,
            preset,
            object,
            operation,
            profile,
            config,
            source,
            status,
            snippet,
            list,
            timing: check.note,
            requests,
            requests_note: req_card.note,
            views: RefCell::new(Vec::new()),
            request_picks,
            trace,
            trace_picks,
            sample_idp: RefCell::new(String::new()),
            last: RefCell::new(Value::Null),
        });
        // An edited or pasted configuration is no longer the preset: saying
        // "Entra ID default mappings" over it would misname what is checked.
        // (`set_value`, which loads a preset, fires no `input`.)
        let me = Rc::downgrade(&pane);
        dom::on(pane.config.textarea(), "input", move |_| {
            if let Some(p) = me.upgrade() {
                dom::set_select(&p.preset, OWN_CONFIGURATION.0);
            }
        })?;
        super::rerun_on_edit(
            ctx,
            &[&pane.config, &pane.source],
            super::DEBOUNCE_MS,
            super::on_pane(&pane, |p| p.run()),
        );
        super::rerun_on_select(
            ctx,
            &[&pane.operation, &pane.profile],
            Rc::new(super::on_pane(&pane, |p| p.run())),
        )?;
        super::rerun_on_select(
            ctx,
            &[&pane.preset],
            Rc::new(super::on_pane(&pane, |p| {
                p.fill_preset(true);
                p.run();
            })),
        )?;
        super::rerun_on_select(
            ctx,
            &[&pane.object],
            Rc::new(super::on_pane(&pane, |p| {
                p.fill_preset(false);
                p.run();
            })),
        )?;
        ctx.on_session_change(super::on_pane(&pane, |p| {
            dom::guard(|| {
                ctx::refresh_select(&p.profile, ("", "None (RFC only)"), &p.ctx.profiles())
            })
        }));
        ctx::refresh_select(&pane.profile, ("", "None (RFC only)"), &ctx.profiles())?;
        Ok(pane)
    }

    /// Fills the editors from the chosen preset: the configuration too when
    /// `config` (a new preset), else only the sample (a new object type).
    /// With the admin's own configuration, a new object type still gets the
    /// last preset's sample, and choosing "Your own configuration" keeps both
    /// editors as they are.
    fn fill_preset(&self, config: bool) {
        let name = self.preset.value();
        let idp = match self.ctx.presets().into_iter().find(|p| p.0 == name) {
            Some((_, _, idp, value)) => {
                if config {
                    self.config
                        .set_value(&jsonfmt::to_text(&value, Style::Rows));
                }
                if let Ok(mut last) = self.sample_idp.try_borrow_mut() {
                    last.clone_from(&idp);
                }
                idp
            }
            None if config => return,
            None => match self.sample_idp.try_borrow() {
                Ok(idp) if !idp.is_empty() => idp.clone(),
                _ => return,
            },
        };
        let object = self.object.value();
        if let Some(sample) = self.ctx.sample(&idp, &object) {
            self.source
                .set_value(&jsonfmt::to_text(&sample, Style::Expanded));
        }
    }

    fn render(&self) -> Dom {
        let session = self.ctx.session();
        let config = self.config.value();
        let source = self.source.value();
        if config.trim().is_empty() {
            self.status.set(
                Tone::Idle,
                "Choose a preset or paste a mapping configuration.",
            )?;
            self.list
                .show(Vec::new(), &self.ctx.codes, "Nothing to check yet.")?;
            dom::clear(&self.requests);
            dom::clear(&self.trace);
            return Ok(());
        }
        let opts = MappingOpts {
            operation: non_empty(&self.operation.value()),
            object: non_empty(&self.object.value()),
            profile: non_empty(&self.profile.value()),
            ..MappingOpts::default()
        };
        let started = dom::now_ms();
        let applied = session.apply_mapping(&config, &source, false, &opts);
        let core_ms = dom::now_ms() - started;
        self.timing
            .set_text_content(Some(&format!("applied in {}", text::millis(core_ms))));
        let result = match applied {
            Ok(r) => r,
            Err(e) => {
                self.status.set(Tone::Bad, &e.message)?;
                return Ok(());
            }
        };
        self.render_requests(&result)?;
        self.render_problems(&result, &config, &source)?;
        self.render_trace(&result, &config)?;
        if let Ok(mut last) = self.last.try_borrow_mut() {
            *last = serde_json::to_value(&result).unwrap_or_default();
        }
        Ok(())
    }

    fn render_problems(&self, result: &ApplyResult, config: &str, source: &str) -> Dom {
        let config_broken = super::syntax_error(&result.report.diagnostics);
        let source_broken = super::syntax_error(&result.source_report.diagnostics);
        let all = result
            .report
            .diagnostics
            .iter()
            .chain(&result.source_report.diagnostics)
            .chain(result.requests.iter().flat_map(|r| &r.report.diagnostics));
        let counts = text::Counts::of(all);
        if let Some(d) = config_broken {
            self.status
                .set(Tone::Bad, &super::syntax_message("The configuration", d))?;
            super::show_snippet(&self.snippet, config, Some(d))?;
        } else if let Some(d) = source_broken {
            self.status
                .set(Tone::Bad, &super::syntax_message("The sample user", d))?;
            super::show_snippet(&self.snippet, source, Some(d))?;
        } else {
            super::show_snippet(&self.snippet, config, None)?;
            let rejected = result.requests.iter().filter(|r| !r.report.valid).count();
            let (tone, line) = if result.valid {
                (
                    if counts.warnings > 0 {
                        Tone::Warn
                    } else {
                        Tone::Ok
                    },
                    if counts == text::Counts::default() {
                        "Accepted: every request passes".to_owned()
                    } else {
                        format!("Accepted, with {}", counts.describe())
                    },
                )
            } else if rejected > 0 {
                (
                    Tone::Bad,
                    format!(
                        "Rejected: {} of {} · {}",
                        text::plural(rejected, "request"),
                        result.requests.len(),
                        counts.describe()
                    ),
                )
            } else {
                (Tone::Bad, format!("Rejected: {}", counts.describe()))
            };
            self.status.set(tone, &line)?;
        }
        self.config
            .mark(&result.report.diagnostics.iter().collect::<Vec<_>>());
        self.source
            .mark(&result.source_report.diagnostics.iter().collect::<Vec<_>>());
        let mut entries: Vec<Entry> = Vec::new();
        for (i, request) in result.requests.iter().enumerate() {
            let origin = format!("{} {}", request.method.as_str(), request.path);
            for d in &request.report.diagnostics {
                let views = self
                    .views
                    .try_borrow()
                    .map(|v| v.get(i).cloned())
                    .ok()
                    .flatten();
                let action: Option<Action> = views.map(|view| {
                    let path = d.path.clone();
                    Rc::new(move || {
                        view.reveal(&path);
                    }) as Action
                });
                entries.push(Entry {
                    diagnostic: d.clone(),
                    origin: Some(origin.clone()),
                    action,
                });
            }
        }
        entries.extend(
            result
                .report
                .diagnostics
                .iter()
                .map(|d| Entry::in_editor(d, &self.config).with_origin("Mapping")),
        );
        entries.extend(
            result
                .source_report
                .diagnostics
                .iter()
                .map(|d| Entry::in_editor(d, &self.source).with_origin("Sample user")),
        );
        self.list.show(
            entries,
            &self.ctx.codes,
            "No problems: the service provider accepts every request.",
        )
    }

    fn render_requests(&self, result: &ApplyResult) -> Dom {
        dom::clear(&self.requests);
        self.request_picks.reset();
        let mut views = Vec::new();
        let idp = result
            .identity_provider
            .map_or("The identity provider", |i| i.dialect().label());
        self.requests_note.set_text_content(Some(&format!(
            "{idp} · {} · {}",
            result.operation.as_str(),
            text::plural(result.requests.len(), "request")
        )));
        if result.requests.is_empty() {
            dom::add_el(
                &self.requests,
                "p",
                "muted",
                "No request: nothing is sent for this operation.",
            )?;
        }
        for (i, request) in result.requests.iter().enumerate() {
            let article = dom::add_el(&self.requests, "article", "request", "")?;
            article.set_id(&format!("mapping-request-{i}"));
            let head = dom::add_el(&article, "div", "req-head", "")?;
            let method = request.method.as_str();
            dom::add_el(
                &head,
                "span",
                &format!("method m-{}", method.to_ascii_lowercase()),
                method,
            )?;
            let url = dom::add_el(&head, "code", "req-url", &request.path)?;
            url.set_attribute("title", &request.url)?;
            let ok = request.report.valid;
            let counts = text::Counts::of(&request.report.diagnostics);
            let verdict = dom::add_el(
                &head,
                "span",
                if ok {
                    "req-verdict ok"
                } else {
                    "req-verdict bad"
                },
                "",
            )?;
            dom::add_el(&verdict, "span", "", if ok { "✔ " } else { "✖ " })?;
            dom::add_text(
                &verdict,
                &if ok {
                    "accepted".to_owned()
                } else {
                    format!("rejected · {}", counts.describe())
                },
            )?;
            dom::add_el(&article, "p", "req-purpose", &request.purpose)?;
            for q in &request.query {
                let row = dom::add_el(&article, "div", "req-query", "")?;
                dom::add_el(&row, "span", "q-name", &q.name)?;
                dom::add_el(&row, "code", "q-value", &q.value)?;
            }
            if !request.query.is_empty() {
                let wire = dom::add_el(&article, "div", "req-wire", "")?;
                dom::add_el(&wire, "span", "q-name", "on the wire")?;
                dom::add_el(&wire, "code", "", &request.url)?;
            }
            let view = Rc::new(JsonView::new(&format!("{method} {} body", request.path))?);
            if let Some(body) = &request.body {
                view.show(body)?;
                for entry in result.trace.iter().filter(|t| t.request == Some(i)) {
                    if let Some(pointer) = &entry.pointer {
                        let note = entry
                            .expression
                            .as_deref()
                            .map(|e| format!("← {e}"))
                            .unwrap_or_else(|| "← added by the identity provider".to_owned());
                        view.annotate(pointer, &note, &entry.summary)?;
                    }
                }
                for d in &request.report.diagnostics {
                    view.mark(&d.path, &format!("flag-{}", d.severity.as_str()))?;
                }
                dom::add(&article, view.root())?;
            }
            views.push(view);
        }
        if let Ok(mut v) = self.views.try_borrow_mut() {
            *v = views;
        }
        Ok(())
    }

    fn render_trace(&self, result: &ApplyResult, config: &str) -> Dom {
        dom::clear(&self.trace);
        self.trace_picks.reset();
        for entry in &result.trace {
            let li = dom::add_el(&self.trace, "li", "vt", "")?;
            let main = dom::button("vt-main", "")?;
            dom::add_el(&main, "code", "vt-target", &entry.target)?;
            dom::add_el(&main, "span", "vt-arrow", "←")?;
            let from = entry
                .expression
                .clone()
                .unwrap_or_else(|| "added by the identity provider".to_owned());
            dom::add_el(&main, "code", "vt-expr", &from)?;
            if let Some(kind) = entry.mapping_type {
                let kind = serde_json::to_value(kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                dom::add_el(&main, "span", "vt-kind", &kind)?;
            }
            let value = match &entry.value {
                Some(v) => serde_json::to_string(v).unwrap_or_default(),
                None => "not sent".to_owned(),
            };
            dom::add_el(
                &main,
                "code",
                if entry.value.is_some() {
                    "vt-value"
                } else {
                    "vt-value none"
                },
                &value,
            )?;
            if let Some(note) = &entry.note {
                dom::add_el(&main, "span", "vt-note", note)?;
            }
            main.set_attribute("title", &entry.summary)?;
            let view = entry
                .request
                .and_then(|i| self.views.try_borrow().ok().and_then(|v| v.get(i).cloned()));
            let pointer = entry.pointer.clone();
            let range = entry
                .config_pointer
                .as_deref()
                .and_then(|p| locate(config, p))
                .map(|(s, e)| (text::utf16_offset(config, s), text::utf16_offset(config, e)));
            let editor = Rc::clone(&self.config);
            let action: Action = Rc::new(move || {
                if let Some((start, end)) = range {
                    editor.select(start, end);
                }
                if let (Some(view), Some(pointer)) = (&view, &pointer) {
                    view.reveal(pointer);
                }
            });
            self.trace_picks.bind(&main, action)?;
            dom::add(&li, &main)?;
        }
        Ok(())
    }
}

impl Pane for MappingPane {
    fn panel(&self) -> &Element {
        &self.panel
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot::Mapping(MappingState {
            preset: self.preset.value(),
            config: self.config.value(),
            source: self.source.value(),
            operation: self.operation.value(),
            object: self.object.value(),
            profile: self.profile.value(),
        })
    }

    fn load(&self, snapshot: &Snapshot) {
        let Snapshot::Mapping(s) = snapshot else {
            return;
        };
        dom::set_select(&self.preset, &s.preset);
        dom::set_select(&self.object, &s.object);
        dom::set_select(&self.operation, &s.operation);
        dom::set_select(&self.profile, &s.profile);
        if s.config.trim().is_empty() {
            self.fill_preset(true);
        } else {
            self.config.set_value(&s.config);
            self.source.set_value(&s.source);
        }
        self.run();
    }

    fn run(&self) {
        dom::guard(|| self.render());
    }

    fn last(&self) -> &RefCell<Value> {
        &self.last
    }
}
