//! The PATCH workspace: a resource and a PatchOp, a dialect; the check, the
//! resulting resource with its changes marked, and the identity provider
//! the PATCH looks like.

use std::cell::RefCell;
use std::rc::Rc;

use scimkit::Diagnostic;
use scimkit::patch::ChangeKind;
use scimkit_wasm::api::{ExplainOpts, PatchOpts, ValidateOpts};
use serde_json::{Value, json};
use web_sys::{Element, HtmlSelectElement};

use super::{Card, Pane, Scope, Status, Tone, dialect_of};
use crate::ctx::{self, Ctx};
use crate::diagnostics_view::{DiagList, Entry};
use crate::dom::{self, Dom};
use crate::editor::Editor;
use crate::explain_view::ExplainView;
use crate::json_view::JsonView;
use crate::picks::{Action, Picks};
use crate::state::{PatchState, Snapshot, non_empty};
use crate::text;

const DIALECTS: &[(&str, &str)] = &[
    ("", "Strict (RFC 7644)"),
    ("entra", "Entra ID"),
    ("okta", "Okta"),
];

/// The PATCH workspace.
pub struct PatchPane {
    ctx: Rc<Ctx>,
    panel: Element,
    resource: Rc<Editor>,
    patch: Rc<Editor>,
    dialect: HtmlSelectElement,
    resource_type: HtmlSelectElement,
    check_title: Element,
    status: Status,
    scope: Scope,
    snippet: Element,
    list: DiagList,
    timing: Element,
    result_status: Status,
    changes: Element,
    change_picks: Rc<Picks>,
    view: Rc<JsonView>,
    explain: ExplainView,
    last: RefCell<Value>,
    runs: std::cell::Cell<u32>,
}

impl PatchPane {
    /// Builds the workspace into `panel`.
    pub fn new(ctx: &Rc<Ctx>, panel: Element) -> Dom<Rc<PatchPane>> {
        super::lead(
            &panel,
            "Paste the resource as the service provider holds it and the PatchOp the identity provider sends: see what a service provider says, the resulting resource and exactly what changed.",
        )?;
        let (left, right) = super::grid(&panel)?;
        let dialect = dom::select("patch-dialect", DIALECTS)?;
        let resource_type = dom::select("patch-resource-type", &[("", "From schemas")])?;
        dom::add(
            &left,
            &super::toolbar(&[("Dialect", &dialect), ("Resource type", &resource_type)])?,
        )?;
        let resource = Editor::new("patch-resource", "Resource (before)", "h-m")?;
        dom::add(&left, resource.root())?;
        let patch = Editor::new("patch-input", "PatchOp request", "h-m")?;
        patch.set_placeholder("{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": [{\"op\": \"replace\", \"path\": \"active\", \"value\": false}]}");
        dom::add(&left, patch.root())?;

        let check = Card::new("result", "What a strict service provider says")?;
        let check_title = check
            .root
            .query_selector(".card-title")?
            .ok_or_else(|| wasm_bindgen::JsValue::from_str("no card title"))?;
        let status = Status::new("patch-status")?;
        dom::add(&check.body, &status.root)?;
        let scope = Scope::new("patch-scope")?;
        dom::add(&check.body, &scope.root)?;
        let snippet = dom::add_el(&check.body, "pre", "snippet", "")?;
        dom::set_hidden(&snippet, true)?;
        let list = DiagList::new()?;
        list.root().set_id("patch-diagnostics");
        // One list holds the problems of both inputs (each names its origin).
        resource.described_by(&["patch-status", "patch-diagnostics"])?;
        patch.described_by(&["patch-status", "patch-diagnostics"])?;
        dom::add(&check.body, list.root())?;
        dom::add(&right, &check.root)?;

        let result = Card::new("patch-result", "Resulting resource")?;
        let result_status = Status::new("patch-result-status")?;
        dom::add(&result.body, &result_status.root)?;
        let changes = dom::add_el(&result.body, "ul", "changes", "")?;
        changes.set_id("patch-changes");
        let change_picks = Picks::attach(&changes)?;
        let view = Rc::new(JsonView::new("Resulting resource")?);
        view.root().set_id("patch-result");
        dom::add(&result.body, view.root())?;
        dom::add(&right, &result.root)?;

        // Who sent it sits under the PATCH it is about.
        let explain = ExplainView::new()?;
        explain.root().set_id("patch-explain");
        dom::toggle_class(explain.root(), "late", true)?;
        dom::add(&left, explain.root())?;

        let pane = Rc::new(PatchPane {
            ctx: Rc::clone(ctx),
            panel,
            resource,
            patch,
            dialect,
            resource_type,
            check_title,
            status,
            scope,
            snippet,
            list,
            timing: check.note,
            result_status,
            changes,
            change_picks,
            view,
            explain,
            last: RefCell::new(Value::Null),
            runs: std::cell::Cell::new(0),
        });
        super::rerun_on_edit(
            ctx,
            &[&pane.resource, &pane.patch],
            super::DEBOUNCE_MS,
            super::on_pane(&pane, |p| p.run()),
        );
        super::rerun_on_select(
            ctx,
            &[&pane.dialect, &pane.resource_type],
            Rc::new(super::on_pane(&pane, |p| p.run())),
        )?;
        ctx.on_session_change(super::on_pane(&pane, |p| {
            dom::guard(|| p.refresh_options())
        }));
        pane.refresh_options()?;
        Ok(pane)
    }

    fn refresh_options(&self) -> Dom {
        let types: Vec<(String, String)> = self
            .ctx
            .resource_types()
            .into_iter()
            .map(|n| (n.clone(), n))
            .collect();
        ctx::refresh_select(&self.resource_type, ("", "From schemas"), &types)
    }

    fn render(&self) -> Dom {
        let session = self.ctx.session();
        let resource = self.resource.value();
        let patch = self.patch.value();
        let dialect = non_empty(&self.dialect.value());
        let title = match dialect.as_deref() {
            Some("entra") => "What a service provider tolerating Entra ID says",
            Some("okta") => "What a service provider tolerating Okta says",
            _ => "What a strict service provider says",
        };
        self.check_title.set_text_content(Some(title));
        let opts = PatchOpts {
            resource_type: non_empty(&self.resource_type.value()),
            dialect,
            ..PatchOpts::default()
        };
        if patch.trim().is_empty() {
            self.status
                .set(Tone::Idle, "Paste a PatchOp request to check it.")?;
            self.list
                .show(Vec::new(), &self.ctx.codes, "Nothing to check yet.")?;
            dom::set_hidden(self.explain.root(), true)?;
            self.result_status.set(Tone::Idle, "No PATCH to apply.")?;
            dom::clear(&self.changes);
            self.view.show_message("")?;
            return Ok(());
        }

        let started = dom::now_ms();
        // Where the resource breaks, if it does (apply only says that it does).
        let resource_syntax: Vec<Diagnostic> = session
            .validate(
                &resource,
                false,
                &ValidateOpts {
                    context: Some("response".to_owned()),
                    ..ValidateOpts::default()
                },
            )
            .map(|r| {
                r.diagnostics
                    .into_iter()
                    .filter(|d| d.code == scimkit::Code::JsonSyntax)
                    .collect()
            })
            .unwrap_or_default();
        // Applying checks the body first (the core rejects a body the checker
        // rejects, with exactly its diagnostics) and adds what the resource
        // decides; without a readable resource, the body is only checked.
        let (check, applied) = if resource_syntax.is_empty() {
            (
                None,
                Some(session.apply_patch(&resource, &patch, false, &opts)),
            )
        } else {
            (Some(session.check_patch(&patch, false, &opts)), None)
        };
        // The identity-provider card's verdicts are those of applying the
        // PATCH to this resource, as the card above: one answer (issue 25).
        let explanation = session
            .explain(
                &patch,
                false,
                &ExplainOpts {
                    filter: Some(false),
                    context: Some("patch".to_owned()),
                    resource_type: opts.resource_type.clone(),
                    target: Some(resource.clone()),
                },
            )
            .ok();
        let assumed = scimkit::validate::assumed_patch(
            session.registry(),
            &resource,
            opts.resource_type.as_deref(),
            dialect_of(opts.dialect.as_deref()),
        );
        self.scope.show(Some(&assumed), &no_switch())?;
        let core_ms = dom::now_ms() - started;
        self.timing
            .set_text_content(Some(&format!("checked in {}", text::millis(core_ms))));

        // An input the PATCH cannot be checked against (a resource of no
        // known type) stops here: no identity-provider card either, since
        // it has no verdict of its own to give.
        let check = match check.transpose() {
            Ok(r) => r,
            Err(e) => {
                self.status.set(Tone::Bad, &e.message)?;
                return dom::set_hidden(self.explain.root(), true);
            }
        };
        let result = match applied.transpose() {
            Ok(r) => r,
            Err(e) => {
                self.status.set(Tone::Bad, &e.message)?;
                return dom::set_hidden(self.explain.root(), true);
            }
        };
        let report = match (&result, check) {
            (Some(r), _) => r.report.clone(),
            (None, Some(check)) => check,
            (None, None) => scimkit::Report::new(Vec::new()),
        };
        let mut patch_diags: Vec<Diagnostic> = report.diagnostics.clone();
        // In the order of the text; located ones first.
        scimkit::order::sort_stable_by_key(&mut patch_diags, |d| {
            d.span.map_or(usize::MAX, |s| s.start)
        });
        let valid = report.valid;
        let mut all: Vec<&Diagnostic> = resource_syntax.iter().collect();
        all.extend(patch_diags.iter());
        let patch_broken = super::syntax_error(&patch_diags);
        if let Some(d) = resource_syntax.first() {
            self.status
                .set(Tone::Bad, &super::syntax_message("The resource", d))?;
            super::show_snippet(&self.snippet, &resource, Some(d))?;
        } else if let Some(d) = patch_broken {
            self.status
                .set(Tone::Bad, &super::syntax_message("The PatchOp", d))?;
            super::show_snippet(&self.snippet, &patch, Some(d))?;
        } else {
            let report = scimkit::Report::new(patch_diags.clone());
            let line = if valid {
                text::verdict(&report)
            } else {
                format!(
                    "Rejected: {}",
                    text::Counts::of(all.iter().copied()).describe()
                )
            };
            self.status
                .set(super::tone_of(valid, &patch_diags), &line)?;
            super::show_snippet(&self.snippet, &patch, None)?;
        }
        self.resource
            .mark(&resource_syntax.iter().collect::<Vec<_>>());
        self.patch.mark(&patch_diags.iter().collect::<Vec<_>>());
        let mut entries: Vec<Entry> = resource_syntax
            .iter()
            .map(|d| Entry::in_editor(d, &self.resource).with_origin("Resource"))
            .collect();
        entries.extend(patch_diags.iter().map(|d| Entry::in_editor(d, &self.patch)));
        self.list.show(
            entries,
            &self.ctx.codes,
            "No problems: the PATCH is accepted.",
        )?;

        self.render_result(result.as_ref())?;

        match &explanation {
            // Shown when both inputs read: its verdicts are then those of
            // applying the PATCH to the resource, as the card above.
            Some(e) if patch_broken.is_none() && resource_syntax.is_empty() => {
                self.explain
                    .show(e, &self.patch, None, &assumed.subject())?;
                dom::set_hidden(self.explain.root(), false)?;
            }
            _ => dom::set_hidden(self.explain.root(), true)?,
        }
        if let Ok(mut last) = self.last.try_borrow_mut() {
            *last = json!({"check": report, "result": result, "explanation": explanation});
        }
        Ok(())
    }

    fn render_result(&self, result: Option<&scimkit_wasm::api::PatchResult>) -> Dom {
        dom::clear(&self.changes);
        self.change_picks.reset();
        let Some(result) = result else {
            self.result_status
                .set(Tone::Bad, "Fix the resource's JSON to apply the PATCH.")?;
            self.view.show_message("")?;
            return Ok(());
        };
        if !result.report.valid {
            self.result_status.set(
                Tone::Bad,
                "Not applied: a PATCH is atomic, so one failing operation rejects them all. The resource is unchanged.",
            )?;
            self.view.show(&result.resource)?;
            dom::toggle_class(self.view.root(), "stale", true)?;
            return Ok(());
        }
        dom::toggle_class(self.view.root(), "stale", false)?;
        self.result_status.set(
            if result.changes.is_empty() {
                Tone::Idle
            } else {
                Tone::Ok
            },
            &if result.changes.is_empty() {
                "Applied: nothing changed.".to_owned()
            } else {
                format!("Applied: {}", text::plural(result.changes.len(), "change"))
            },
        )?;
        self.view.show(&result.resource)?;
        for change in &result.changes {
            let (class, sign, word) = match change.kind {
                ChangeKind::Added => ("chg added", "+", "added"),
                ChangeKind::Removed => ("chg removed", "−", "removed"),
                ChangeKind::Replaced => ("chg replaced", "~", "replaced"),
            };
            if change.kind != ChangeKind::Removed {
                self.view.mark(
                    &change.path,
                    if change.kind == ChangeKind::Added {
                        "added"
                    } else {
                        "replaced"
                    },
                )?;
            }
            let li = dom::add_el(&self.changes, "li", class, "")?;
            let main = dom::button("chg-main", "")?;
            let kind = dom::add_el(&main, "span", "chg-kind", "")?;
            let s = dom::add_el(&kind, "span", "chg-sign", sign)?;
            s.set_attribute("aria-hidden", "true")?;
            dom::add_text(&kind, word)?;
            dom::add_el(&main, "code", "chg-path", &change.path)?;
            let show = |v: &Option<Value>| {
                v.as_ref()
                    .map(|v| serde_json::to_string(v).unwrap_or_default())
            };
            let values = match (show(&change.old), show(&change.new)) {
                (Some(o), Some(n)) => format!("{o} → {n}"),
                (Some(o), None) => o,
                (None, Some(n)) => n,
                (None, None) => String::new(),
            };
            dom::add_el(&main, "code", "chg-val", &values)?;
            if change.kind != ChangeKind::Removed {
                let view = Rc::clone(&self.view);
                let path = change.path.clone();
                let action: Action = Rc::new(move || {
                    view.reveal(&path);
                });
                self.change_picks.bind(&main, action)?;
            }
            dom::add(&li, &main)?;
        }
        Ok(())
    }
}

/// A scope line's switch where there is nothing to switch to.
fn no_switch() -> Rc<dyn Fn(scimkit::validate::Context)> {
    Rc::new(|_| {})
}

impl Pane for PatchPane {
    fn panel(&self) -> &Element {
        &self.panel
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot::Patch(PatchState {
            resource: self.resource.value(),
            patch: self.patch.value(),
            dialect: self.dialect.value(),
            resource_type: self.resource_type.value(),
        })
    }

    fn load(&self, snapshot: &Snapshot) {
        let Snapshot::Patch(s) = snapshot else {
            return;
        };
        self.resource.set_value(&s.resource);
        self.patch.set_value(&s.patch);
        dom::set_select(&self.dialect, &s.dialect);
        dom::set_select(&self.resource_type, &s.resource_type);
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
