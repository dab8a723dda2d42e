//! The page: tabs and URL routing, the example gallery, share links and
//! copying results. The workspaces do the rest.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::{Element, KeyboardEvent};

use crate::ctx::Ctx;
use crate::dom::{self, Dom};
use crate::gallery;
use crate::report::{self, Link, Report};
use crate::share;
use crate::state::{Snapshot, Workspace};
use crate::workspaces::Pane;
use crate::workspaces::filter::FilterPane;
use crate::workspaces::logs::LogsPane;
use crate::workspaces::mapping::MappingPane;
use crate::workspaces::patch::PatchPane;
use crate::workspaces::payload::PayloadPane;
use crate::workspaces::probe_report::ProbePane;

/// The running page.
pub struct App {
    ctx: Rc<Ctx>,
    payload: Rc<PayloadPane>,
    filter: Rc<FilterPane>,
    patch: Rc<PatchPane>,
    mapping: Rc<MappingPane>,
    logs: Rc<LogsPane>,
    probe: Rc<ProbePane>,
    active: Cell<Workspace>,
    /// Counts edits and tab switches: a share link made for an older state
    /// (it is made after the click) must not land in the address bar.
    changes: Cell<u64>,
    gallery: Element,
    gallery_button: Element,
}

/// Builds the page and wires it; the returned app lives as long as the page.
pub fn start() -> Dom<Rc<App>> {
    let ctx = Ctx::new(dom::by_id("toast")?);
    let payload = PayloadPane::new(&ctx, dom::by_id("panel-payload")?)?;
    let filter = FilterPane::new(&ctx, dom::by_id("panel-filter")?)?;
    let patch = PatchPane::new(&ctx, dom::by_id("panel-patch")?)?;
    let mapping = MappingPane::new(&ctx, dom::by_id("panel-mapping")?)?;
    let logs = LogsPane::new(&ctx, dom::by_id("panel-logs")?)?;
    let probe = ProbePane::new(&ctx, dom::by_id("panel-probe")?)?;
    let app = Rc::new(App {
        ctx: Rc::clone(&ctx),
        payload,
        filter,
        patch,
        mapping,
        logs,
        probe,
        active: Cell::new(Workspace::Payload),
        changes: Cell::new(0),
        gallery: dom::by_id("gallery")?,
        gallery_button: dom::by_id("gallery-button")?,
    });
    app.build_gallery()?;
    app.wire()?;
    // A rebuilt request from a log opens in the workspace that checks it.
    let me = Rc::downgrade(&app);
    app.logs.set_opener(Rc::new(move |snapshot: Snapshot| {
        if let Some(app) = me.upgrade() {
            let w = snapshot.workspace();
            app.pane(w).load(&snapshot);
            app.open_tab(w);
            app.ctx
                .toast(&format!("Opened the rebuilt request in {}.", w.label()));
        }
    }));

    for w in Workspace::ALL {
        app.pane(w).load(&gallery::initial(w));
    }
    app.follow_fragment();

    let version = dom::by_id("version")?;
    version.set_text_content(Some(&format!("scimkit {}", scimkit_wasm::VERSION)));
    dom::set_hidden(&dom::by_id("loading")?, true)?;
    if let Some(root) = dom::document()?.document_element() {
        root.set_attribute("data-ready", "true")?;
    }
    Ok(app)
}

impl App {
    fn pane(&self, w: Workspace) -> &dyn Pane {
        match w {
            Workspace::Payload => self.payload.as_ref(),
            Workspace::Filter => self.filter.as_ref(),
            Workspace::Patch => self.patch.as_ref(),
            Workspace::Mapping => self.mapping.as_ref(),
            Workspace::Logs => self.logs.as_ref(),
            Workspace::Probe => self.probe.as_ref(),
        }
    }

    /// Shows workspace `w` and selects its tab.
    fn activate(&self, w: Workspace) {
        self.active.set(w);
        self.changes.set(self.changes.get().wrapping_add(1));
        for other in Workspace::ALL {
            let on = other == w;
            dom::guard(|| {
                let tab = dom::by_id(&format!("tab-{}", other.id()))?;
                tab.set_attribute("aria-selected", if on { "true" } else { "false" })?;
                tab.set_attribute("tabindex", if on { "0" } else { "-1" })?;
                dom::set_hidden(self.pane(other).panel(), !on)
            });
        }
        dom::guard(|| {
            let title = format!("{} · scimkit playground", w.label());
            dom::document()?.set_title(&title);
            Ok(())
        });
    }

    /// Reads the URL fragment: a tab, or a shared state to load.
    fn follow_fragment(&self) {
        let hash = dom::window()
            .and_then(|w| w.location().hash())
            .unwrap_or_default();
        let route = share::parse_fragment(&hash);
        if let Some(snapshot) = &route.snapshot {
            self.pane(snapshot.workspace()).load(snapshot);
        }
        if route.broken {
            self.ctx.toast(
                "This share link is incomplete (was it cut off?); showing the workspace as it was.",
            );
        }
        let w = route.workspace.unwrap_or(self.active.get());
        self.activate(w);
    }

    /// Puts `fragment` in the address bar without reloading; `push` adds a
    /// history entry (tabs), otherwise the current one is replaced.
    fn set_fragment(&self, fragment: &str, push: bool) {
        dom::guard(|| {
            let history = dom::window()?.history()?;
            if push {
                history.push_state_with_url(&JsValue::NULL, "", Some(fragment))
            } else {
                history.replace_state_with_url(&JsValue::NULL, "", Some(fragment))
            }
        });
    }

    /// Calls `done` with the share link's fragment for `snapshot`, once the
    /// browser has deflated it (`None` when it could not).
    fn with_share_fragment(
        self: &Rc<Self>,
        snapshot: &Snapshot,
        done: impl FnOnce(&App, Option<String>) + 'static,
    ) {
        let me = Rc::downgrade(self);
        let w = snapshot.workspace();
        crate::compress::deflate(&share::payload(snapshot), move |deflated| {
            if let Some(app) = me.upgrade() {
                done(&app, deflated.map(|d| share::fragment_with(w, &d)));
            }
        });
    }

    /// Calls `done` with the active workspace's report, once its share link
    /// is made. Everything in it is taken at the call (the click): a tab
    /// switched or an edit made while the link is made does not reach it.
    fn with_report(self: &Rc<Self>, done: impl FnOnce(&App, Workspace, Report) + 'static) {
        self.ctx.flush();
        let w = self.active.get();
        let pane = self.pane(w);
        let snapshot = pane.snapshot();
        let results = pane.report_results(&snapshot);
        // The verdict as the workspace states it: its first status line.
        let verdict = pane
            .panel()
            .query_selector(".status .status-text")
            .ok()
            .flatten()
            .and_then(|e| e.text_content())
            .unwrap_or_default();
        let taken = snapshot.clone();
        self.with_share_fragment(&taken, move |app, fragment| {
            let report = app.report(w, &snapshot, verdict, results, fragment.unwrap_or_default());
            done(app, w, report);
        });
    }

    /// The report of workspace `w`: its inputs and options (from its
    /// `snapshot`), its `verdict` and `results` (with their findings), and a
    /// share link (`fragment`) unless the input holds a credential.
    fn report(
        &self,
        w: Workspace,
        snapshot: &Snapshot,
        verdict: String,
        results: serde_json::Value,
        fragment: String,
    ) -> Report {
        let value = snapshot.to_json();
        let input = serde_json::to_string(&value).unwrap_or_default();
        let (inputs, options) = report::split_snapshot(&value);
        let link = if report::holds_credential(&input) || fragment.is_empty() {
            report::share_link(&input, String::new())
        } else {
            report::share_link(&input, page_base() + &fragment)
        };
        if let Link::Link(_, Some(warning)) | Link::None(warning) = &link {
            self.ctx.toast(warning);
        }
        Report {
            workspace: w.label().to_owned(),
            version: scimkit_wasm::VERSION.to_owned(),
            generated: js_sys::Date::new_0().to_iso_string().into(),
            verdict,
            inputs,
            options,
            findings: report::findings(&results),
            link,
            results,
        }
    }

    /// Saves `text` as `scimkit-<workspace>-report.<ext>`: a Blob, an
    /// object URL and a click on an `<a download>`; nothing leaves the page.
    fn download(&self, w: Workspace, ext: &str, mime: &str, text: &str) {
        let name = format!("scimkit-{}-report.{ext}", w.id());
        dom::guard(|| {
            let parts = js_sys::Array::of1(&JsValue::from_str(text));
            let bag = web_sys::BlobPropertyBag::new();
            bag.set_type(&format!("{mime};charset=utf-8"));
            let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag)?;
            let url = web_sys::Url::create_object_url_with_blob(&blob)?;
            let a: web_sys::HtmlElement = dom::el("a", "")?.dyn_into()?;
            a.set_attribute("href", &url)?;
            a.set_attribute("download", &name)?;
            a.click();
            // Revoked later: the download starts after this task.
            let revoke = Closure::once_into_js(move || {
                let _ = web_sys::Url::revoke_object_url(&url);
            });
            dom::window()?.set_timeout_with_callback_and_timeout_and_arguments_0(
                revoke.unchecked_ref(),
                10_000,
            )?;
            Ok(())
        });
    }

    fn open_tab(&self, w: Workspace) {
        if w != self.active.get() {
            self.set_fragment(&share::tab_fragment(w), true);
        }
        self.activate(w);
    }

    fn load_example(&self, id: &str) {
        let Some(example) = gallery::find(id) else {
            return;
        };
        let snapshot = gallery::snapshot(example);
        self.pane(example.workspace).load(&snapshot);
        self.set_fragment(&share::tab_fragment(example.workspace), true);
        self.activate(example.workspace);
        self.show_gallery(false);
        self.ctx.toast(&format!(
            "Loaded “{} · {}” into {}.",
            example.source,
            example.title,
            example.workspace.label()
        ));
    }

    fn show_gallery(&self, open: bool) {
        dom::guard(|| {
            dom::set_hidden(&self.gallery, !open)?;
            self.gallery_button
                .set_attribute("aria-expanded", if open { "true" } else { "false" })
        });
        if open {
            if let Ok(Some(first)) = self.gallery.query_selector("button") {
                dom::focus(&first);
            }
        }
    }

    fn build_gallery(&self) -> Dom {
        let g = &self.gallery;
        let head = dom::add_el(g, "div", "gallery-head", "")?;
        dom::add_el(&head, "h2", "gallery-title", "Examples")?;
        dom::add_el(
            &head,
            "p",
            "muted small",
            "Real requests from identity providers. Each opens in its workspace.",
        )?;
        let grid = dom::add_el(g, "div", "gallery-grid", "")?;
        for source in ["Entra ID", "Okta", "Profile"] {
            let group = dom::add_el(&grid, "div", "gallery-group", "")?;
            dom::add_el(&group, "h3", "gallery-source", source)?;
            for example in gallery::EXAMPLES.iter().filter(|e| e.source == source) {
                let b = dom::button("example", "")?;
                b.set_id(&format!("example-{}", example.id));
                b.set_attribute("data-example", example.id)?;
                let top = dom::add_el(&b, "span", "example-top", "")?;
                dom::add_el(&top, "span", "example-title", example.title)?;
                dom::add_el(
                    &top,
                    "span",
                    &format!("ws-badge ws-{}", example.workspace.id()),
                    example.workspace.label(),
                )?;
                dom::add_el(&b, "span", "example-summary", example.summary)?;
                dom::add(&group, &b)?;
            }
        }
        Ok(())
    }

    fn wire(self: &Rc<Self>) -> Dom {
        let window = dom::window()?;
        let document = dom::document()?;

        for w in Workspace::ALL {
            let tab = dom::by_id(&format!("tab-{}", w.id()))?;
            let me = Rc::downgrade(self);
            dom::on(&tab, "click", move |_| {
                if let Some(app) = me.upgrade() {
                    app.open_tab(w);
                }
            })?;
        }
        // Arrow keys move between tabs (the WAI-ARIA tabs pattern).
        let tablist = dom::by_id("tabs")?;
        let me = Rc::downgrade(self);
        dom::on(&tablist, "keydown", move |event| {
            let Some(app) = me.upgrade() else { return };
            let Some(key) = event.dyn_ref::<KeyboardEvent>().map(KeyboardEvent::key) else {
                return;
            };
            let all = Workspace::ALL;
            let i = all.iter().position(|w| *w == app.active.get()).unwrap_or(0);
            let next = match key.as_str() {
                "ArrowRight" => (i + 1) % all.len(),
                "ArrowLeft" => (i + all.len() - 1) % all.len(),
                "Home" => 0,
                "End" => all.len() - 1,
                _ => return,
            };
            event.prevent_default();
            if let Some(w) = all.get(next) {
                app.open_tab(*w);
                if let Ok(tab) = dom::by_id(&format!("tab-{}", w.id())) {
                    dom::focus(&tab);
                }
            }
        })?;

        // Back and forward between tabs, or a share link pasted into the
        // address bar of an open page (history traversal fires it too).
        let me = Rc::downgrade(self);
        dom::on(&window, "hashchange", move |_| {
            if let Some(app) = me.upgrade() {
                app.follow_fragment();
            }
        })?;

        // Gallery: toggle, pick, Escape and clicks elsewhere close it.
        let me = Rc::downgrade(self);
        dom::on(&self.gallery_button, "click", move |_| {
            if let Some(app) = me.upgrade() {
                let open = app.gallery.has_attribute("hidden");
                app.show_gallery(open);
            }
        })?;
        let me = Rc::downgrade(self);
        dom::on(&self.gallery, "click", move |event| {
            let Some(app) = me.upgrade() else { return };
            if let Some(b) = dom::closest(&event, "[data-example]") {
                if let Some(id) = b.get_attribute("data-example") {
                    app.load_example(&id);
                }
            }
        })?;
        let me = Rc::downgrade(self);
        dom::on(&document, "keydown", move |event| {
            let Some(app) = me.upgrade() else { return };
            let escape = event
                .dyn_ref::<KeyboardEvent>()
                .is_some_and(|k| k.key() == "Escape");
            if escape && !app.gallery.has_attribute("hidden") {
                app.show_gallery(false);
                dom::focus(&app.gallery_button);
            }
        })?;
        let me = Rc::downgrade(self);
        dom::on(&document, "click", move |event| {
            let Some(app) = me.upgrade() else { return };
            if app.gallery.has_attribute("hidden") {
                return;
            }
            let inside = dom::closest(&event, "#gallery, #gallery-button").is_some();
            if !inside {
                app.show_gallery(false);
            }
        })?;

        // Share: the state goes into the fragment, which never leaves the browser.
        let me = Rc::downgrade(self);
        let share_button = dom::by_id("share-button")?;
        dom::on(&share_button, "click", move |_| {
            let Some(app) = me.upgrade() else { return };
            let snapshot: Snapshot = app.pane(app.active.get()).snapshot();
            let json = serde_json::to_string(&snapshot.to_json()).unwrap_or_default();
            if report::holds_credential(&json) {
                app.ctx.toast("No share link: the input holds a bearer token or an Authorization header. Remove it first.");
                return;
            }
            // The link is of the state at the click; it goes into the
            // address bar only if nothing changed since (an edit, a tab).
            let at = app.changes.get();
            app.with_share_fragment(&snapshot, move |app, fragment| {
                let Some(fragment) = fragment else {
                    app.ctx
                        .toast("No share link: this browser could not compress the workspace.");
                    return;
                };
                let current = app.changes.get() == at;
                if current {
                    app.set_fragment(&fragment, false);
                }
                let href = page_base() + &fragment;
                let long = if href.len() > report::LINK_WARN_BYTES {
                    " It is long: some chat tools cut links that long; Download report instead."
                } else {
                    ""
                };
                app.ctx.copy_or(
                    &href,
                    &format!(
                        "Share link copied ({}). The data is in the part after #, which browsers never send to a server.{long}",
                        crate::text::size(href.len())
                    ),
                    // Only a link of the current state is in the address bar.
                    if current {
                        "The browser refused the clipboard: the link is in the address bar, copy it from there."
                    } else {
                        crate::ctx::REFUSED
                    },
                );
            });
        })?;
        // A report to hand over: made here, downloaded from a blob: URL.
        let me = Rc::downgrade(self);
        let b = dom::by_id("markdown-button")?;
        dom::on(&b, "click", move |_| {
            if let Some(app) = me.upgrade() {
                app.with_report(|app, _, r| {
                    app.ctx.copy(
                        &r.to_markdown(),
                        &format!("{} report copied as Markdown.", r.workspace),
                    );
                });
            }
        })?;
        let me = Rc::downgrade(self);
        let b = dom::by_id("report-html-button")?;
        dom::on(&b, "click", move |_| {
            if let Some(app) = me.upgrade() {
                app.with_report(|app, w, r| app.download(w, "html", "text/html", &r.to_html()));
            }
        })?;
        let me = Rc::downgrade(self);
        let b = dom::by_id("report-json-button")?;
        dom::on(&b, "click", move |_| {
            if let Some(app) = me.upgrade() {
                app.with_report(|app, w, r| {
                    let text = serde_json::to_string_pretty(&r.to_json()).unwrap_or_default();
                    app.download(w, "json", "application/json", &text);
                });
            }
        })?;
        let me = Rc::downgrade(self);
        let copy_button = dom::by_id("copy-button")?;
        dom::on(&copy_button, "click", move |_| {
            let Some(app) = me.upgrade() else { return };
            app.ctx.flush();
            let results = app.pane(app.active.get()).results();
            let text = serde_json::to_string_pretty(&results).unwrap_or_default();
            app.ctx.copy(
                &text,
                &format!("{} results copied as JSON.", app.active.get().label()),
            );
        })?;

        // An edit makes a loaded share link stale: keep just the tab.
        let me = Rc::downgrade(self);
        self.ctx.on_edit(move || {
            let Some(app) = me.upgrade() else { return };
            app.changes.set(app.changes.get().wrapping_add(1));
            let hash = dom::window()
                .and_then(|w| w.location().hash())
                .unwrap_or_default();
            if hash.contains('/') {
                app.set_fragment(&share::tab_fragment(app.active.get()), false);
            }
        });
        // New custom schemas: every workspace re-checks.
        let me = Rc::downgrade(self);
        self.ctx.on_session_change(move || {
            if let Some(app) = me.upgrade() {
                for w in Workspace::ALL {
                    app.pane(w).run();
                }
            }
        });
        Ok(())
    }
}

/// The page's address without its fragment: where a share link points.
fn page_base() -> String {
    dom::window()
        .and_then(|win| {
            let l = win.location();
            Ok(format!("{}{}", l.origin()?, l.pathname()?))
        })
        .unwrap_or_default()
}
