//! Identity-provider detection (`explain`): which sender a body looks like,
//! what a strict and a tolerant service provider say, and every deviation
//! with the RFC section and what to do on each side.

use std::rc::Rc;

use scimkit::Report;
use scimkit::detect::{Confidence, Deviation, Explanation, Sender};
use scimkit::dialect::Dialect;
use web_sys::Element;

use crate::dom::{self, Dom};
use crate::editor::Editor;
use crate::picks::{Action, Picks};
use crate::text;

/// The explain card.
pub struct ExplainView {
    root: Element,
    body: Element,
    picks: Rc<Picks>,
}

fn sender_class(sender: Sender) -> &'static str {
    match sender {
        Sender::Rfc => "sender-rfc",
        Sender::Entra | Sender::EntraScimCompliant => "sender-entra",
        Sender::Okta => "sender-okta",
        _ => "sender-other",
    }
}

fn confidence_label(confidence: Confidence) -> &'static str {
    match confidence {
        Confidence::Low => "low confidence",
        Confidence::Medium => "medium confidence",
        Confidence::High => "high confidence",
    }
}

impl ExplainView {
    /// An empty card.
    pub fn new() -> Dom<ExplainView> {
        let root = dom::el("section", "card explain")?;
        let head = dom::add_el(&root, "div", "card-head", "")?;
        dom::add_el(&head, "h2", "card-title", "Identity provider")?;
        dom::add_el(&head, "span", "card-note", "explain")?;
        let body = dom::add_el(&root, "div", "card-body", "")?;
        let picks = Picks::attach(&body)?;
        Ok(ExplainView { root, body, picks })
    }

    /// The card element.
    pub fn root(&self) -> &Element {
        &self.root
    }

    fn verdict(parent: &Element, label: &str, report: &Report) -> Dom {
        let row = dom::add_el(
            parent,
            "div",
            if report.valid {
                "verdict ok"
            } else {
                "verdict bad"
            },
            "",
        )?;
        dom::add_el(&row, "span", "v-icon", if report.valid { "✔" } else { "✖" })?;
        dom::add_el(&row, "span", "v-who", label)?;
        dom::add_el(&row, "span", "v-what", &text::verdict(report))?;
        Ok(())
    }

    /// Shows `e`; deviations select their span in `editor`. `profile` names
    /// the profile the workspace checks with (detection checks without it);
    /// `subject` says what the verdicts are about ("PATCH on User"), as the
    /// workspace's own verdict card does.
    pub fn show(
        &self,
        e: &Explanation,
        editor: &Rc<Editor>,
        profile: Option<&str>,
        subject: &str,
    ) -> Dom {
        dom::clear(&self.body);
        self.picks.reset();
        let row = dom::add_el(&self.body, "div", "sender-row", "")?;
        dom::add_el(&row, "span", "sender-lead", "Looks like")?;
        dom::add_el(
            &row,
            "span",
            &format!("sender-badge {}", sender_class(e.sender)),
            &e.sender_label,
        )?;
        dom::add_el(&row, "span", "confidence", confidence_label(e.confidence))?;
        let line = dom::add_el(&self.body, "p", "scope-line", "Checked as ")?;
        dom::add_el(&line, "strong", "scope-what", subject)?;

        let verdicts = dom::add_el(&self.body, "div", "verdicts", "")?;
        let strict = match profile {
            Some(p) => format!("Strict RFC service provider (without {p})"),
            None => "Strict RFC service provider".to_owned(),
        };
        Self::verdict(&verdicts, &strict, &e.strict)?;
        let dialect = e.sender.dialect();
        if dialect != Dialect::Strict {
            Self::verdict(
                &verdicts,
                &format!("Tolerating {}'s deviations", Dialect::label(dialect)),
                &e.dialect_verdict,
            )?;
        }

        if e.deviations.is_empty() {
            dom::add_el(
                &self.body,
                "p",
                "muted",
                "No deviations from RFC 7643/7644.",
            )?;
        } else {
            dom::add_el(
                &self.body,
                "h3",
                "sub-title",
                &format!(
                    "{} from RFC 7643/7644",
                    text::plural(e.deviations.len(), "deviation")
                ),
            )?;
            let list = dom::add_el(&self.body, "ol", "deviations", "")?;
            for group in group_by_code(&e.deviations) {
                self.deviation(&list, &group, editor)?;
            }
        }

        if !e.signals.is_empty() {
            let details = dom::add_el(&self.body, "details", "signals", "")?;
            dom::add_el(&details, "summary", "", "Why this sender")?;
            let ul = dom::add_el(&details, "ul", "", "")?;
            for s in &e.signals {
                let li = dom::add_el(&ul, "li", "", &s.description)?;
                if !s.path.is_empty() {
                    dom::add_text(&li, " ")?;
                    dom::add_el(&li, "code", "", &s.path)?;
                }
            }
        }
        Ok(())
    }

    fn deviation(&self, list: &Element, group: &[&Deviation], editor: &Rc<Editor>) -> Dom {
        let Some(first) = group.first() else {
            return Ok(());
        };
        let li = dom::add_el(list, "li", "deviation", "")?;
        let top = dom::add_el(&li, "div", "dev-top", "")?;
        dom::add_el(&top, "span", "dev-title", &first.title)?;
        dom::add_el(&top, "code", "diag-code", first.code.as_str())?;
        dom::add_el(&top, "span", "rfc", &first.rfc)?;
        if group.len() > 1 {
            dom::add_el(&top, "span", "count", &format!("×{}", group.len()))?;
        }
        let at = dom::add_el(&li, "div", "dev-at", "")?;
        for d in group {
            let chip = dom::button("chip", if d.path.is_empty() { "filter" } else { &d.path })?;
            chip.set_attribute("title", &d.message)?;
            if let Some(span) = d.span {
                let editor = Rc::clone(editor);
                let action: Action = Rc::new(move || editor.select(span.start, span.end));
                self.picks.bind(&chip, action)?;
            }
            dom::add(&at, &chip)?;
        }
        dom::add_el(&li, "p", "dev-msg", &first.message)?;
        let dl = dom::add_el(&li, "dl", "dev-fix", "")?;
        dom::add_el(&dl, "dt", "", "Service provider")?;
        dom::add_el(&dl, "dd", "", &first.service_provider)?;
        if let Some(idp) = &first.identity_provider {
            dom::add_el(&dl, "dt", "", "Identity provider")?;
            dom::add_el(&dl, "dd", "", idp)?;
        }
        Ok(())
    }
}

/// Deviations with the same code together, in order of first appearance.
fn group_by_code(deviations: &[Deviation]) -> Vec<Vec<&Deviation>> {
    let mut groups: Vec<Vec<&Deviation>> = Vec::new();
    for d in deviations {
        match groups
            .iter_mut()
            .find(|g| g.first().is_some_and(|f| f.code == d.code))
        {
            Some(g) => g.push(d),
            None => groups.push(vec![d]),
        }
    }
    groups
}
