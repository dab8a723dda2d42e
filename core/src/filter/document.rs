//! Evaluating a filter over what a document holds: the one rule the CLI, the
//! npm package and the playground share for which resources there are and
//! which resource type each one is read as, under one work budget.

use super::eval::{Evaluator, Work, resources_in};
use super::{Filter, Trace};
use crate::diagnostics::{Code, Diagnostic};
use crate::json::Node;
use crate::limits::MAX_FILTER_WORK;
use crate::schema::{Registry, ResourceType};

/// The verdicts (or traces) of one filter over a document's resources.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct DocumentEvaluation {
    /// Whether the document is one resource (not a list of them).
    pub single: bool,
    /// Whether each resource matched, in order.
    pub matched: Vec<bool>,
    /// Each resource's trace, when asked for (empty otherwise).
    pub traces: Vec<Trace>,
}

/// Evaluates `filter` on every resource `document` holds (see
/// [`resources_in`]): each as `resource_type` when given, else as the type
/// its `schemas` name, else as a User.
///
/// # Errors
/// A `limit-filter-work` diagnostic when the evaluation needs more than
/// [`MAX_FILTER_WORK`] comparisons (a 64 KB filter against a 28 MB list ran
/// for minutes); no partial answer is returned, since the verdicts after the
/// limit would be wrong.
pub fn evaluate_document(
    registry: &Registry,
    filter: &Filter,
    document: &Node<'_>,
    resource_type: Option<&ResourceType>,
    trace: bool,
) -> Result<DocumentEvaluation, Diagnostic> {
    let work = Work::new();
    let fallback = registry.resource_type("User");
    let (resources, single) = resources_in(document);
    let mut out = DocumentEvaluation {
        single,
        matched: Vec::with_capacity(resources.len()),
        traces: Vec::new(),
    };
    for (i, node) in resources.iter().enumerate() {
        // Converted one at a time, so a large ListResponse is never held twice.
        let resource = node.to_value();
        let Some(rt) = resource_type
            .or_else(|| registry.resource_type_of_value(&resource))
            .or(fallback)
        else {
            out.matched.push(false);
            continue;
        };
        let evaluator = Evaluator::new(registry, rt).with_work(&work);
        if trace {
            let t = evaluator.trace(filter, &resource);
            out.matched.push(t.matched);
            out.traces.push(t);
        } else {
            out.matched.push(evaluator.matches(filter, &resource));
        }
        if work.exhausted() {
            return Err(work_limit(i, resources.len()));
        }
    }
    Ok(out)
}

fn work_limit(at: usize, of: usize) -> Diagnostic {
    Diagnostic::new(
        Code::LimitFilterWork,
        if of > 1 { format!("/Resources/{at}") } else { String::new() },
        format!(
            "evaluating the filter needs more than {MAX_FILTER_WORK} comparisons (the limit per evaluation); it was stopped at resource {} of {of}",
            at + 1
        ),
    )
    .with_help("evaluate fewer resources at a time, or a shorter filter")
}
