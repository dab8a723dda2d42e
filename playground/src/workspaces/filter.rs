//! The Filter workspace: a filter, its syntax tree, its schema diagnostics,
//! and its evaluation against sample users with a trace per user.

use std::cell::RefCell;
use std::rc::Rc;

use scimkit::filter::{Filter, Trace, TraceKind, print};
use scimkit_wasm::api::{ExplainOpts, FilterInput, FilterOpts, parse_filter};
use serde_json::{Value, json};
use web_sys::{Element, HtmlSelectElement};

use super::{Card, Pane, Status, Tone};
use crate::ctx::{self, Ctx};
use crate::diagnostics_view::{DiagList, Entry};
use crate::dom::{self, Dom};
use crate::editor::Editor;
use crate::explain_view::ExplainView;
use crate::picks::{Action, Picks};
use crate::state::{FilterState, Snapshot, non_empty};
use crate::text;

const DIALECTS: &[(&str, &str)] = &[
    ("", "Strict (RFC 7644)"),
    ("entra", "Entra ID (accepts its filter form)"),
];

/// The Filter workspace.
pub struct FilterPane {
    ctx: Rc<Ctx>,
    panel: Element,
    editor: Rc<Editor>,
    users: Rc<Editor>,
    resource_type: HtmlSelectElement,
    dialect: HtmlSelectElement,
    status: Status,
    scope: Element,
    snippet: Element,
    list: DiagList,
    tree: Element,
    canonical: Element,
    tree_picks: Rc<Picks>,
    eval_note: Element,
    eval_status: Status,
    results: Element,
    result_picks: Rc<Picks>,
    timing: Element,
    explain: ExplainView,
    last: RefCell<Value>,
}

/// A user's label: userName, else displayName, else id.
fn user_label(user: &Value, index: usize) -> (String, String) {
    let get = |k: &str| user.get(k).and_then(Value::as_str).map(str::to_owned);
    let name = get("userName")
        .or_else(|| get("displayName"))
        .or_else(|| get("id"))
        .unwrap_or_else(|| format!("resource {index}"));
    let sub = match (get("displayName"), get("userName")) {
        (Some(d), Some(_)) => format!("{d} · #{index}"),
        _ => format!("#{index}"),
    };
    (name, sub)
}

impl FilterPane {
    /// Builds the workspace into `panel`.
    pub fn new(ctx: &Rc<Ctx>, panel: Element) -> Dom<Rc<FilterPane>> {
        super::lead(
            &panel,
            "Type a filter as an identity provider sends it in GET /Users?filter=…: see its tree, what the schema says, and which sample users match and why.",
        )?;
        let (left, right) = super::grid(&panel)?;
        let resource_type = dom::select("filter-resource-type", &[("User", "User")])?;
        let dialect = dom::select("filter-dialect", DIALECTS)?;
        dom::add(
            &left,
            &super::toolbar(&[("Resource type", &resource_type), ("Dialect", &dialect)])?,
        )?;
        let editor = Editor::new("filter-input", "Filter", "h-xs")?;
        editor.set_placeholder("userName eq \"bjensen\"");
        editor.soft_wrap()?;
        dom::add(&left, editor.root())?;

        let check = Card::new("result", "Syntax and schema")?;
        let status = Status::new("filter-status")?;
        dom::add(&check.body, &status.root)?;
        let scope = dom::add_el(&check.body, "p", "scope-line", "")?;
        scope.set_id("filter-scope");
        let snippet = dom::add_el(&check.body, "pre", "snippet", "")?;
        snippet.set_id("filter-snippet");
        dom::set_hidden(&snippet, true)?;
        let list = DiagList::new()?;
        list.root().set_id("filter-diagnostics");
        editor.described_by(&["filter-status", "filter-diagnostics"])?;
        dom::add(&check.body, list.root())?;
        dom::add(&left, &check.root)?;

        let tree_card = Card::new("tree-card", "Parsed tree")?;
        let canonical = dom::add_el(&tree_card.body, "div", "canonical", "")?;
        let tree = dom::add_el(&tree_card.body, "ul", "ftree", "")?;
        tree.set_id("filter-tree");
        let tree_picks = Picks::attach(&tree)?;
        dom::add(&left, &tree_card.root)?;

        // Shown when the filter is in an identity provider's own form.
        let explain = ExplainView::new()?;
        explain.root().set_id("filter-explain");
        dom::toggle_class(explain.root(), "late", true)?;
        dom::set_hidden(explain.root(), true)?;
        dom::add(&left, explain.root())?;

        let users = Editor::new(
            "filter-users",
            "Sample users (JSON array or ListResponse)",
            "h-m",
        )?;
        dom::add(&left, users.root())?;
        // The sample users' only problem, JSON that does not parse, is said
        // in the evaluation's status line.
        users.described_by(&["filter-eval-status"])?;

        let eval = Card::new("eval", "Evaluation")?;
        let eval_status = Status::new("filter-eval-status")?;
        dom::add(&eval.body, &eval_status.root)?;
        let results = dom::add_el(&eval.body, "ol", "user-cards", "")?;
        results.set_id("filter-results");
        let result_picks = Picks::attach(&results)?;
        dom::add(&right, &eval.root)?;

        let pane = Rc::new(FilterPane {
            ctx: Rc::clone(ctx),
            panel,
            editor,
            users,
            resource_type,
            dialect,
            status,
            scope,
            snippet,
            list,
            tree,
            canonical,
            tree_picks,
            eval_note: eval.note,
            eval_status,
            results,
            result_picks,
            timing: check.note,
            explain,
            last: RefCell::new(Value::Null),
        });
        super::rerun_on_edit(
            ctx,
            &[&pane.editor, &pane.users],
            super::DEBOUNCE_MS,
            super::on_pane(&pane, |p| p.run()),
        );
        super::rerun_on_select(
            ctx,
            &[&pane.resource_type, &pane.dialect],
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
        let rest: Vec<(String, String)> = types.into_iter().filter(|(n, _)| n != "User").collect();
        ctx::refresh_select(&self.resource_type, ("User", "User"), &rest)
    }

    fn opts(&self) -> FilterOpts {
        FilterOpts {
            resource_type: non_empty(&self.resource_type.value()),
            dialect: non_empty(&self.dialect.value()),
            ..FilterOpts::default()
        }
    }

    fn pick_range(&self, start: usize, end: usize) -> Action {
        let editor = Rc::clone(&self.editor);
        Rc::new(move || editor.select(start, end))
    }

    fn render(&self) -> Dom {
        let source = self.editor.value();
        let session = self.ctx.session();
        let opts = self.opts();
        // What the verdict is about, as every verdict card says.
        let rules = super::dialect_of(opts.dialect.as_deref()).rules();
        let on = opts.resource_type.as_deref().unwrap_or("User");
        self.scope
            .set_text_content(Some(&format!("Checked as a filter on {on} · {rules}")));
        if source.trim().is_empty() {
            self.status.set(Tone::Idle, "Type a filter to check it.")?;
            self.list
                .show(Vec::new(), &self.ctx.codes, "Nothing to check yet.")?;
            self.editor.mark(&[]);
            super::show_snippet(&self.snippet, &source, None)?;
            dom::clear(&self.tree);
            dom::clear(&self.canonical);
            dom::clear(&self.results);
            dom::set_hidden(self.explain.root(), true)?;
            self.eval_status.set(Tone::Idle, "No filter to evaluate.")?;
            // Nothing evaluated them, so nothing found them wrong.
            self.users.set_invalid(false);
            return Ok(());
        }
        let started = dom::now_ms();
        let parsed = parse_filter(&source, &opts);
        let check = session.check_filter(&source, &opts);
        let traces = session.trace_filter(&FilterInput::Text(&source), &self.users.value(), &opts);
        let core_ms = dom::now_ms() - started;
        self.timing
            .set_text_content(Some(&format!("checked in {}", text::millis(core_ms))));

        // Syntax and schema.
        match &check {
            Ok(report) => {
                let syntax = report.diagnostics.iter().find(|d| {
                    d.severity == scimkit::Severity::Error && d.code.as_str() == "filter-syntax"
                });
                match syntax {
                    Some(d) => {
                        let at = d
                            .span
                            .map(|s| format!(" at column {}", s.column))
                            .unwrap_or_default();
                        self.status
                            .set(Tone::Bad, &format!("The filter does not parse{at}"))?;
                    }
                    None => self.status.set(
                        super::tone_of(report.valid, &report.diagnostics),
                        &text::verdict(report),
                    )?,
                }
                super::show_snippet(&self.snippet, &source, syntax)?;
                self.editor
                    .mark(&report.diagnostics.iter().collect::<Vec<_>>());
                let entries = report
                    .diagnostics
                    .iter()
                    .map(|d| Entry::in_editor(d, &self.editor))
                    .collect();
                self.list.show(
                    entries,
                    &self.ctx.codes,
                    "No problems: the filter parses and every attribute is in the schema.",
                )?;
            }
            Err(e) => {
                self.status.set(Tone::Bad, &e.message)?;
                self.list.show(Vec::new(), &self.ctx.codes, "")?;
            }
        }

        // The tree.
        dom::clear(&self.tree);
        dom::clear(&self.canonical);
        self.tree_picks.reset();
        if let Ok(p) = &parsed {
            match (&p.ast, &p.canonical) {
                (Some(ast), Some(canonical)) => {
                    dom::add_el(&self.canonical, "span", "canonical-label", "Canonical")?;
                    dom::add_el(&self.canonical, "code", "", canonical)?;
                    self.tree_node(&self.tree, ast, &source)?;
                }
                _ => {
                    dom::add_el(
                        &self.tree,
                        "li",
                        "muted",
                        "No tree: fix the syntax error first.",
                    )?;
                }
            }
        }

        // Which identity provider writes filters like this, when one does.
        // A filter copied inside a URL or query string is explained as the
        // filter it holds, its deviations pointing into the pasted text.
        let explanation = session
            .explain(
                &source,
                false,
                &ExplainOpts {
                    filter: Some(true),
                    ..ExplainOpts::default()
                },
            )
            .ok()
            .filter(|e| !e.deviations.is_empty());
        match &explanation {
            Some(e) => {
                self.explain
                    .show(e, &self.editor, None, "the filter's syntax")?;
                dom::set_hidden(self.explain.root(), false)?;
            }
            None => dom::set_hidden(self.explain.root(), true)?,
        }

        // Evaluation.
        self.render_traces(&traces)?;
        if let Ok(mut last) = self.last.try_borrow_mut() {
            *last = json!({
                "parsed": parsed.as_ref().ok(),
                "check": check.as_ref().ok(),
                "traces": traces.as_ref().ok(),
                "explanation": explanation,
            });
        }
        Ok(())
    }

    fn tree_node(&self, parent: &Element, f: &Filter, source: &str) -> Dom {
        let li = dom::add_el(parent, "li", "fnode", "")?;
        let loc = f.loc();
        let (start, end) = (loc.start, loc.end);
        let main = dom::button("fnode-main", "")?;
        let action = self.pick_range(
            text::utf16_offset(source, start),
            text::utf16_offset(source, end),
        );
        self.tree_picks.bind(&main, action)?;
        dom::add(&li, &main)?;
        match f {
            Filter::And { .. } | Filter::Or { .. } => {
                let is_and = matches!(f, Filter::And { .. });
                dom::add_el(&main, "span", "op-pill", if is_and { "AND" } else { "OR" })?;
                dom::add_el(
                    &main,
                    "span",
                    "fnode-note",
                    if is_and {
                        "every operand matches"
                    } else {
                        "some operand matches"
                    },
                )?;
                let ul = dom::add_el(&li, "ul", "", "")?;
                for operand in f.operands() {
                    self.tree_node(&ul, operand, source)?;
                }
            }
            Filter::Not { filter, .. } => {
                dom::add_el(&main, "span", "op-pill", "NOT")?;
                dom::add_el(&main, "span", "fnode-note", "the operand does not match")?;
                let ul = dom::add_el(&li, "ul", "", "")?;
                self.tree_node(&ul, filter, source)?;
            }
            Filter::Present { attribute, .. } => {
                dom::add_el(&main, "code", "attr", &attribute.to_string())?;
                dom::add_el(&main, "span", "cmp", "pr")?;
                dom::add_el(&main, "span", "fnode-note", "has a value")?;
            }
            Filter::Compare {
                attribute,
                op,
                value,
                ..
            } => {
                dom::add_el(&main, "code", "attr", &attribute.to_string())?;
                dom::add_el(&main, "span", "cmp", op.as_str())?;
                dom::add_el(&main, "code", "val", &print::comp_value(value))?;
            }
            Filter::ValuePath {
                attribute, filter, ..
            } => {
                dom::add_el(&main, "code", "attr", &attribute.to_string())?;
                dom::add_el(&main, "span", "cmp", "[ ]")?;
                dom::add_el(&main, "span", "fnode-note", "some element matches")?;
                let ul = dom::add_el(&li, "ul", "", "")?;
                self.tree_node(&ul, filter, source)?;
            }
        }
        Ok(())
    }

    fn render_traces(&self, traces: &Result<Vec<Trace>, scimkit_wasm::api::ApiError>) -> Dom {
        dom::clear(&self.results);
        self.result_picks.reset();
        self.users
            .set_invalid(matches!(traces, Err(e) if e.code == "invalid-json"));
        let traces = match traces {
            Ok(t) => t,
            Err(e) => {
                let message = if e.code == "filter-syntax" {
                    "Fix the filter to evaluate it.".to_owned()
                } else if e.code == "invalid-json" {
                    format!("The sample users are not JSON: {}", e.message)
                } else {
                    e.message.clone()
                };
                self.eval_status.set(Tone::Bad, &message)?;
                self.eval_note.set_text_content(None);
                return Ok(());
            }
        };
        // The resources the API evaluated, in its order, for their labels.
        let text = self.users.value();
        let users: Vec<Value> = scimkit::json::parse(&text)
            .map(|root| {
                let (list, _) = scimkit::filter::resources_in(&root);
                list.into_iter().map(|n| n.to_value()).collect()
            })
            .unwrap_or_default();
        let matched = traces.iter().filter(|t| t.matched).count();
        self.eval_status.set(
            if matched > 0 { Tone::Ok } else { Tone::Idle },
            &format!(
                "{matched} of {} match",
                text::plural(traces.len(), "resource")
            ),
        )?;
        self.eval_note
            .set_text_content(Some(&format!("{matched}/{}", traces.len())));
        for (i, trace) in traces.iter().enumerate() {
            let (name, sub) = users.get(i).map_or_else(
                || (format!("resource {i}"), format!("#{i}")),
                |u| user_label(u, i),
            );
            let li = dom::add_el(
                &self.results,
                "li",
                if trace.matched {
                    "user-card match"
                } else {
                    "user-card nomatch"
                },
                "",
            )?;
            let head = dom::add_el(&li, "div", "uc-head", "")?;
            let badge = dom::add_el(&head, "span", "badge", "")?;
            dom::add_el(&badge, "span", "", if trace.matched { "✔" } else { "✖" })?;
            dom::add_text(&badge, if trace.matched { " Match" } else { " No match" })?;
            dom::add_el(&head, "span", "uc-name", &name)?;
            dom::add_el(&head, "span", "uc-sub", &sub)?;
            let ul = dom::add_el(&li, "ul", "trace", "")?;
            self.trace_node(&ul, trace)?;
        }
        Ok(())
    }

    fn trace_node(&self, parent: &Element, t: &Trace) -> Dom {
        let li = dom::add_el(parent, "li", if t.matched { "tn ok" } else { "tn no" }, "")?;
        let main = dom::button("tn-main", "")?;
        self.result_picks
            .bind(&main, self.pick_range(t.start, t.end))?;
        dom::add(&li, &main)?;
        let icon = dom::add_el(&main, "span", "tn-icon", if t.matched { "✔" } else { "✖" })?;
        icon.set_attribute(
            "aria-label",
            if t.matched {
                "matched"
            } else {
                "did not match"
            },
        )?;
        match t.kind {
            TraceKind::And => dom::add_el(&main, "span", "op-pill", "AND").map(|_| ())?,
            TraceKind::Or => dom::add_el(&main, "span", "op-pill", "OR").map(|_| ())?,
            TraceKind::Not => dom::add_el(&main, "span", "op-pill", "NOT").map(|_| ())?,
            _ => dom::add_el(&main, "code", "tn-expr", &t.expression).map(|_| ())?,
        }
        let rule = dom::add_el(&li, "span", "tn-rule", &t.rule)?;
        let _ = rule;
        if !t.values.is_empty() {
            let values: Vec<String> = t
                .values
                .iter()
                .map(|v| serde_json::to_string(v).unwrap_or_default())
                .collect();
            dom::add_el(
                &li,
                "span",
                "tn-values",
                &format!("found {}", values.join(", ")),
            )?;
        }
        if !t.children.is_empty() || !t.elements.is_empty() {
            let ul = dom::add_el(&li, "ul", "", "")?;
            for child in &t.children {
                self.trace_node(&ul, child)?;
            }
            for element in &t.elements {
                let eli = dom::add_el(
                    &ul,
                    "li",
                    if element.matched {
                        "tn el ok"
                    } else {
                        "tn el no"
                    },
                    "",
                )?;
                dom::add_el(
                    &eli,
                    "span",
                    "tn-el",
                    &format!(
                        "{} element {}",
                        if element.matched { "✔" } else { "✖" },
                        element.index
                    ),
                )?;
                let inner = dom::add_el(&eli, "ul", "", "")?;
                self.trace_node(&inner, &element.trace)?;
            }
        }
        Ok(())
    }
}

impl Pane for FilterPane {
    fn panel(&self) -> &Element {
        &self.panel
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot::Filter(FilterState {
            filter: self.editor.value(),
            resource_type: self.resource_type.value(),
            dialect: self.dialect.value(),
            resources: self.users.value(),
        })
    }

    fn load(&self, snapshot: &Snapshot) {
        let Snapshot::Filter(s) = snapshot else {
            return;
        };
        self.editor.set_value(&s.filter);
        self.users.set_value(&s.resources);
        dom::set_select(&self.resource_type, &s.resource_type);
        dom::set_select(&self.dialect, &s.dialect);
        self.run();
    }

    fn run(&self) {
        dom::guard(|| self.render());
    }

    fn last(&self) -> &RefCell<Value> {
        &self.last
    }
}
