//! Evaluating a filter against resources (RFC 7644 §3.4.2.2).
//!
//! Build an [`Evaluator`] once per resource type and run it over many
//! resources: [`Evaluator::matches`], [`Evaluator::filter_list`], or
//! [`Evaluator::trace`] to learn why.
//!
//! Semantics, with the choices made where the RFC is silent:
//! - attribute names are case-insensitive (RFC 7643 §2.1), in the filter and in
//!   the resource's keys; extension attributes are read from the extension's
//!   object (`"urn:…:enterprise:2.0:User": {…}`);
//! - strings compare case-sensitively only when the schema says `caseExact`
//!   (RFC 7644 §3.4.2.2); binary values always compare exactly (RFC 7643
//!   §2.3.6). Case-insensitive means Unicode lowercase of both sides.
//!   `gt`/`ge`/`lt`/`le` on strings order by Unicode code points after that
//!   case rule ("lexicographical" in the RFC, which names no collation);
//! - dateTime attributes compare as instants, so `2011-05-13T04:42:34Z` equals
//!   `2011-05-13T06:42:34+02:00`; `co`/`sw`/`ew` on them, and values that are
//!   not xsd:dateTime, compare as case-insensitive text;
//! - integers and decimals compare numerically (`1 eq 1.0` matches);
//!   booleans with `eq`/`ne` only: ordering and substring operators on
//!   booleans, and substring operators on numbers, never match (a service
//!   provider rejects them, see [`check_filter`](super::check_filter));
//! - a value of another JSON type than the comparison value never matches
//!   (`active eq "true"` does not match `"active": true`);
//! - a multi-valued attribute matches when any of its values matches (RFC
//!   7644 §3.4.2.2), for every operator including `ne`; a comparison on a
//!   multi-valued complex attribute without a sub-attribute compares its
//!   `value` sub-attribute (the RFC's `emails co "example.com"`);
//! - `pr` is false for an absent attribute, `null`, `""`, `[]` and an object
//!   whose members are all empty ("a non-empty node for complex attributes");
//! - an absent attribute (missing, `null`, or `[]`: RFC 7643 §2.5 treats them
//!   alike) matches `ne` with any non-null value (an unassigned attribute is
//!   not equal to anything) and `eq null`, and nothing else; `ne null`
//!   matches an attribute that has a value. The RFC defines no null
//!   comparison; this reading follows §2.5;
//! - an attribute the schema does not define is read from the resource by
//!   name anyway and compared by its JSON type, strings case-insensitively, so
//!   custom attributes can be explored in the playground (the checker reports
//!   them);
//! - a value path applies its filter to each element (a single-valued complex
//!   attribute counts as one element) and matches when one element matches.
//!
//! Evaluation recurses only through `not ( … )`, parentheses and `[ … ]`,
//! whose nesting the parser limits; chains of `and`/`or` are walked in a loop.

use std::borrow::Cow;
use std::cmp::Ordering;

use serde_json::Value;

use super::ast::{AttrPath, CompValue, CompareOp, Filter};
use super::print;
use super::trace::{ElementTrace, Trace, TraceKind};
use crate::context::Context;
use crate::datetime::parse_datetime;
use crate::json::Node;
use crate::limits::{MAX_FILTER_DEPTH, MAX_FILTER_WORK};
use crate::schema::resolve::{resolve, resolve_in_element};
use crate::schema::{Attribute, AttributeType, Registry, ResourceType};

/// The resources a document holds, and whether it is one resource: a
/// ListResponse's `Resources`, an array's elements, or the document itself.
/// The CLI, the npm package and the playground evaluate filters over these,
/// so they list the same resources.
pub fn resources_in<'n, 'a>(document: &'n Node<'a>) -> (Vec<&'n Node<'a>>, bool) {
    if Context::detect(document) == Context::List {
        let list = document
            .get_ignore_case("Resources")
            .and_then(Node::as_array)
            .unwrap_or_default();
        return (list.iter().collect(), false);
    }
    match document.as_array() {
        Some(items) => (items.iter().collect(), false),
        None => (vec![document], true),
    }
}

/// Evaluates filters against resources of one resource type.
#[derive(Debug, Clone, Copy)]
pub struct Evaluator<'r> {
    registry: &'r Registry,
    resource_type: &'r ResourceType,
    /// The work budget shared by every evaluation of one request, when there
    /// is one (see [`evaluate_document`](super::evaluate_document)).
    work: Option<&'r Work>,
}

/// Comparisons made so far against [`MAX_FILTER_WORK`], shared by the
/// evaluators of one request (resources of several types each get their own
/// evaluator).
#[derive(Debug)]
pub struct Work {
    spent: std::cell::Cell<usize>,
    limit: usize,
}

impl Default for Work {
    fn default() -> Work {
        Work::new()
    }
}

impl Work {
    /// A fresh budget of [`MAX_FILTER_WORK`]: each node of the filter
    /// evaluated on a resource costs one, and each element of a multi-valued
    /// attribute a comparison looks at one more.
    pub fn new() -> Work {
        Work::with_limit(MAX_FILTER_WORK)
    }

    /// A fresh budget of `limit` units.
    pub fn with_limit(limit: usize) -> Work {
        Work {
            spent: std::cell::Cell::new(0),
            limit,
        }
    }

    /// Charges `units`; `false` once the budget is spent.
    fn spend(&self, units: usize) -> bool {
        let spent = self.spent.get().saturating_add(units);
        self.spent.set(spent);
        spent <= self.limit
    }

    /// Units spent so far.
    pub fn spent(&self) -> usize {
        self.spent.get()
    }

    /// Whether evaluation ran out of budget (results after that are not reliable).
    pub fn exhausted(&self) -> bool {
        self.spent.get() > self.limit
    }
}

/// What a path is evaluated against: the resource, or one element of a
/// multi-valued attribute inside a value path.
#[derive(Clone, Copy)]
enum Scope<'v, 'r> {
    Resource(&'v Value),
    Element {
        parent: Option<&'r Attribute>,
        element: &'v Value,
    },
}

/// The values a path selects.
struct Selection<'v, 'r> {
    /// The attribute the values belong to (`None`: not in the schema).
    leaf: Option<&'r Attribute>,
    /// Each value with the index of the element it came from.
    values: Vec<(Option<usize>, &'v Value)>,
    /// Whether the values come from the elements of an array.
    multi: bool,
    /// Whether the attribute is in the resource at all (even if empty).
    present: bool,
}

/// Why a single comparison came out as it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Basis {
    CaseExact,
    CaseInsensitive,
    Instants,
    DateAsText,
    Numeric,
    Boolean,
    TypeMismatch,
    OrderingBoolean,
    SubstringNonText,
    Complex,
}

impl Basis {
    fn describe(self) -> &'static str {
        match self {
            Basis::CaseExact => "caseExact comparison",
            Basis::CaseInsensitive => "case-insensitive comparison",
            Basis::Instants => "dateTime compared as instants",
            Basis::DateAsText => "not an xsd:dateTime: compared as text (case-insensitive)",
            Basis::Numeric => "numbers compared numerically",
            Basis::Boolean => "booleans compared",
            Basis::TypeMismatch => {
                "type mismatch: the value and the attribute have different JSON types"
            }
            Basis::OrderingBoolean => {
                "ordering is not defined for booleans (RFC 7644: invalidFilter)"
            }
            Basis::SubstringNonText => "co/sw/ew are not defined for numbers and booleans",
            Basis::Complex => "a complex value compared without a sub-attribute never matches",
        }
    }
}

/// The result of evaluating one node: the verdict and, when tracing, why.
struct Out {
    matched: bool,
    trace: Option<Trace>,
}

impl<'r> Evaluator<'r> {
    /// An evaluator for resources of `resource_type`.
    pub fn new(registry: &'r Registry, resource_type: &'r ResourceType) -> Evaluator<'r> {
        Evaluator {
            registry,
            resource_type,
            work: None,
        }
    }

    /// Charges every comparison to `work`; once it is spent, comparisons
    /// stop matching and [`Work::exhausted`] says so.
    #[must_use]
    pub fn with_work(mut self, work: &'r Work) -> Evaluator<'r> {
        self.work = Some(work);
        self
    }

    /// Charges `units` of work; `false` when the budget is spent.
    fn spend(&self, units: usize) -> bool {
        self.work.is_none_or(|w| w.spend(units))
    }

    /// Whether `resource` matches `filter`.
    pub fn matches(&self, filter: &Filter, resource: &Value) -> bool {
        self.eval(filter, Scope::Resource(resource), false, 0)
            .matched
    }

    /// Whether each resource matches, in order.
    pub fn filter_list(&self, filter: &Filter, resources: &[Value]) -> Vec<bool> {
        resources.iter().map(|r| self.matches(filter, r)).collect()
    }

    /// Evaluates `filter` on `resource` and explains every node
    /// (see [`Trace`] for the shape).
    pub fn trace(&self, filter: &Filter, resource: &Value) -> Trace {
        let out = self.eval(filter, Scope::Resource(resource), true, 0);
        out.trace
            .unwrap_or_else(|| leaf_trace(filter, out.matched, String::new()))
    }

    /// Whether `element` (one value of the multi-valued `parent`) matches the
    /// filter of a value path: PATCH uses it to select elements.
    pub(crate) fn element_matches(
        &self,
        parent: &Attribute,
        filter: &Filter,
        element: &Value,
    ) -> bool {
        let scope = Scope::Element {
            parent: Some(parent),
            element,
        };
        self.eval(filter, scope, false, 0).matched
    }

    fn eval(&self, filter: &Filter, scope: Scope<'_, 'r>, tracing: bool, depth: usize) -> Out {
        // Parsed filters nest at most MAX_FILTER_DEPTH levels; this guards trees built in code.
        if depth > 2 * MAX_FILTER_DEPTH + 2 {
            return Out {
                matched: false,
                trace: tracing
                    .then(|| leaf_trace(filter, false, "nested too deep to evaluate".to_string())),
            };
        }
        if !self.spend(1) {
            return Out {
                matched: false,
                trace: tracing.then(|| {
                    leaf_trace(
                        filter,
                        false,
                        format!("not evaluated: the filter work limit ({MAX_FILTER_WORK} comparisons) was reached"),
                    )
                }),
            };
        }
        match filter {
            Filter::And { .. } | Filter::Or { .. } => self.logical(filter, scope, tracing, depth),
            Filter::Not { filter: inner, loc } => {
                let out = self.eval(inner, scope, tracing, depth + 1);
                let matched = !out.matched;
                Out {
                    matched,
                    trace: tracing.then(|| Trace {
                        kind: TraceKind::Not,
                        expression: print::filter(filter),
                        matched,
                        rule: if matched {
                            "not: the operand did not match".to_string()
                        } else {
                            "not: the operand matched".to_string()
                        },
                        start: loc.start,
                        end: loc.end,
                        children: out.trace.into_iter().collect(),
                        values: Vec::new(),
                        matched_elements: Vec::new(),
                        elements: Vec::new(),
                    }),
                }
            }
            Filter::Present { attribute, .. } => self.present(filter, attribute, scope, tracing),
            Filter::Compare {
                attribute,
                op,
                value,
                ..
            } => self.compare(filter, attribute, *op, value, scope, tracing),
            Filter::ValuePath {
                attribute,
                filter: inner,
                ..
            } => self.value_path(filter, attribute, inner, scope, tracing, depth),
        }
    }

    fn logical(&self, filter: &Filter, scope: Scope<'_, 'r>, tracing: bool, depth: usize) -> Out {
        let is_and = matches!(filter, Filter::And { .. });
        let operands = filter.operands();
        let mut children = Vec::new();
        let mut decided: Option<usize> = None;
        for (i, operand) in operands.iter().enumerate() {
            let out = self.eval(operand, scope, tracing, depth + 1);
            children.extend(out.trace);
            // `and` is decided by the first operand that fails, `or` by the first that matches.
            if decided.is_none() && out.matched != is_and {
                decided = Some(i);
                if !tracing {
                    break;
                }
            }
        }
        let matched = if is_and {
            decided.is_none()
        } else {
            decided.is_some()
        };
        Out {
            matched,
            trace: tracing.then(|| {
                let loc = filter.loc();
                let rule = match (is_and, decided) {
                    (true, None) => "and: every operand matched".to_string(),
                    (true, Some(i)) => format!("and: operand {} did not match", i + 1),
                    (false, Some(i)) => format!("or: operand {} matched", i + 1),
                    (false, None) => "or: no operand matched".to_string(),
                };
                Trace {
                    kind: if is_and {
                        TraceKind::And
                    } else {
                        TraceKind::Or
                    },
                    expression: print::filter(filter),
                    matched,
                    rule,
                    start: loc.start,
                    end: loc.end,
                    children,
                    values: Vec::new(),
                    matched_elements: Vec::new(),
                    elements: Vec::new(),
                }
            }),
        }
    }

    /// The values `path` selects in `scope`. `implicit_value`: on a
    /// multi-valued complex attribute without a sub-attribute, select the
    /// elements' `value` (comparisons do; `pr` does not).
    fn select<'v>(
        &self,
        path: &AttrPath,
        scope: Scope<'v, 'r>,
        implicit_value: bool,
    ) -> Selection<'v, 'r> {
        let (leaf, top, sub_name): (Option<&'r Attribute>, Option<&'v Value>, Option<String>) =
            match scope {
                Scope::Element { parent, element } => {
                    let leaf = parent.and_then(|p| resolve_in_element(p, path).ok());
                    let name = leaf.map_or(path.name.as_str(), |a| a.name.as_str());
                    (leaf, get_ci(element, name), None)
                }
                Scope::Resource(resource) => match resolve(self.registry, self.resource_type, path)
                {
                    Ok(r) => {
                        let container = match r.extension {
                            Some(ext) => get_ci(resource, &ext.id),
                            None => Some(resource),
                        };
                        let top = container.and_then(|c| get_ci(c, &r.attr.name));
                        let sub = match r.sub {
                            Some(s) => Some(s.name.clone()),
                            None if implicit_value
                                && r.attr.kind == AttributeType::Complex
                                && r.attr.multi_valued =>
                            {
                                r.attr.sub_attribute("value").map(|s| s.name.clone())
                            }
                            None => None,
                        };
                        let leaf = match &sub {
                            Some(s) => r.attr.sub_attribute(s),
                            None => Some(r.attr),
                        };
                        (leaf, top, sub)
                    }
                    Err(_) => {
                        let container = match &path.uri {
                            Some(uri) => get_ci(resource, uri),
                            None => Some(resource),
                        };
                        let top = container.and_then(|c| get_ci(c, &path.name));
                        (None, top, path.sub_attr.clone())
                    }
                },
            };
        let present = top.is_some_and(|v| !v.is_null());
        let mut values = Vec::new();
        let mut multi = false;
        match (top, &sub_name) {
            // Each element is compared: a 100,000-member Group costs that much.
            (Some(Value::Array(items)), _) if !self.spend(items.len()) => {}
            (Some(Value::Array(items)), sub) => {
                multi = true;
                for (i, item) in items.iter().enumerate() {
                    let v = match sub {
                        Some(s) => get_ci(item, s),
                        None => Some(item),
                    };
                    if let Some(v) = v.filter(|v| !v.is_null()) {
                        values.push((Some(i), v));
                    }
                }
            }
            (Some(v), Some(s)) => {
                if let Some(v) = get_ci(v, s).filter(|v| !v.is_null()) {
                    values.push((None, v));
                }
            }
            (Some(v), None) if !v.is_null() => values.push((None, v)),
            _ => {}
        }
        Selection {
            leaf,
            values,
            multi,
            present,
        }
    }

    fn present(
        &self,
        filter: &Filter,
        path: &AttrPath,
        scope: Scope<'_, 'r>,
        tracing: bool,
    ) -> Out {
        let sel = self.select(path, scope, false);
        let matched_elements: Vec<usize> = sel
            .values
            .iter()
            .filter(|(_, v)| !is_empty(v, 0))
            .map(|(i, _)| i.unwrap_or(0))
            .collect();
        let matched = sel.values.iter().any(|(_, v)| !is_empty(v, 0));
        Out {
            matched,
            trace: tracing.then(|| {
                let mut rule = if matched {
                    "pr: the attribute has a value".to_string()
                } else if sel.present {
                    "pr on an empty value".to_string()
                } else {
                    "attribute absent".to_string()
                };
                if sel.multi && matched {
                    rule = format!(
                        "any element of a multi-valued attribute matched (element {}): {rule}",
                        matched_elements.first().copied().unwrap_or(0)
                    );
                }
                selection_trace(filter, matched, rule, &sel, matched_elements)
            }),
        }
    }

    fn compare(
        &self,
        filter: &Filter,
        path: &AttrPath,
        op: CompareOp,
        value: &CompValue,
        scope: Scope<'_, 'r>,
        tracing: bool,
    ) -> Out {
        let sel = self.select(path, scope, true);
        let mut matched_elements = Vec::new();
        let mut last_basis = None;
        let (matched, rule): (bool, String) = if sel.values.is_empty() {
            match (op, value) {
                (CompareOp::Eq, CompValue::Null) => {
                    (true, "eq null: the attribute is unassigned".to_string())
                }
                (CompareOp::Ne, CompValue::Null) => {
                    (false, "ne null: the attribute is unassigned".to_string())
                }
                (CompareOp::Ne, _) => (
                    true,
                    "attribute absent: ne matches (an unassigned attribute is not equal to any value)"
                        .to_string(),
                ),
                _ => (false, "attribute absent".to_string()),
            }
        } else if let CompValue::Null = value {
            let matched = op == CompareOp::Ne;
            (
                matched,
                format!("{} null: the attribute has a value", op.as_str()),
            )
        } else {
            let mut any = false;
            for (i, v) in &sel.values {
                let (m, basis) = compare_one(sel.leaf, op, v, value);
                last_basis = Some(basis);
                if m {
                    any = true;
                    matched_elements.push(i.unwrap_or(0));
                    if !tracing {
                        break;
                    }
                }
            }
            let basis = last_basis.map_or("", Basis::describe);
            let rule = match (sel.multi, matched_elements.first()) {
                (true, Some(i)) => format!(
                    "any element of a multi-valued attribute matched (element {i}): {basis}"
                ),
                (true, None) => {
                    format!("no element of the multi-valued attribute matched: {basis}")
                }
                (false, _) => basis.to_string(),
            };
            (any, rule)
        };
        Out {
            matched,
            trace: tracing.then(|| selection_trace(filter, matched, rule, &sel, matched_elements)),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn value_path(
        &self,
        filter: &Filter,
        path: &AttrPath,
        inner: &Filter,
        scope: Scope<'_, 'r>,
        tracing: bool,
        depth: usize,
    ) -> Out {
        let Scope::Resource(_) = scope else {
            return Out {
                matched: false,
                trace: tracing
                    .then(|| leaf_trace(filter, false, "value paths cannot be nested".to_string())),
            };
        };
        let sel = self.select(path, scope, false);
        let parent = sel.leaf;
        let mut matched_elements = Vec::new();
        let mut elements = Vec::new();
        for (i, element) in &sel.values {
            let out = self.eval(
                inner,
                Scope::Element { parent, element },
                tracing,
                depth + 1,
            );
            let index = i.unwrap_or(0);
            if out.matched {
                matched_elements.push(index);
            }
            if let Some(trace) = out.trace {
                elements.push(ElementTrace {
                    index,
                    matched: out.matched,
                    trace,
                });
            }
            if out.matched && !tracing {
                break;
            }
        }
        let matched = !matched_elements.is_empty();
        Out {
            matched,
            trace: tracing.then(|| {
                let rule = if sel.values.is_empty() {
                    "attribute absent".to_string()
                } else if matched {
                    let list: Vec<String> = matched_elements.iter().map(usize::to_string).collect();
                    let s = if list.len() > 1 { "s" } else { "" };
                    format!("the value filter matched element{s} {}", list.join(", "))
                } else {
                    "the value filter matched no element".to_string()
                };
                Trace {
                    matched_elements,
                    elements,
                    ..leaf_trace(filter, matched, rule)
                }
            }),
        }
    }
}

/// The trace of a comparison or presence test: the values the path selected
/// and, for a multi-valued attribute, the elements that matched.
fn selection_trace(
    filter: &Filter,
    matched: bool,
    mut rule: String,
    sel: &Selection<'_, '_>,
    matched_elements: Vec<usize>,
) -> Trace {
    if sel.leaf.is_none() {
        rule.push_str(" (not in the schema: compared by its JSON type)");
    }
    Trace {
        values: sel.values.iter().map(|(_, v)| (*v).clone()).collect(),
        matched_elements: if sel.multi {
            matched_elements
        } else {
            Vec::new()
        },
        ..leaf_trace(filter, matched, rule)
    }
}

fn leaf_trace(filter: &Filter, matched: bool, rule: String) -> Trace {
    let loc = filter.loc();
    Trace {
        kind: match filter {
            Filter::And { .. } => TraceKind::And,
            Filter::Or { .. } => TraceKind::Or,
            Filter::Not { .. } => TraceKind::Not,
            Filter::Present { .. } => TraceKind::Present,
            Filter::Compare { .. } => TraceKind::Compare,
            Filter::ValuePath { .. } => TraceKind::ValuePath,
        },
        expression: print::filter(filter),
        matched,
        rule,
        start: loc.start,
        end: loc.end,
        children: Vec::new(),
        values: Vec::new(),
        matched_elements: Vec::new(),
        elements: Vec::new(),
    }
}

/// The member of an object whose key equals `key` ignoring ASCII case.
pub(crate) fn get_ci<'v>(value: &'v Value, key: &str) -> Option<&'v Value> {
    let map = value.as_object()?;
    map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// Empty for `pr`: null, "", [], or an object or array of empty values.
/// Complex attributes nest two levels at most; deeper values count as non-empty.
fn is_empty(value: &Value, depth: usize) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(items) => depth < 4 && items.iter().all(|v| is_empty(v, depth + 1)),
        Value::Object(map) => depth < 4 && map.values().all(|v| is_empty(v, depth + 1)),
        Value::Bool(_) | Value::Number(_) => false,
    }
}

/// Compares one attribute value with the comparison value.
fn compare_one(
    leaf: Option<&Attribute>,
    op: CompareOp,
    value: &Value,
    cv: &CompValue,
) -> (bool, Basis) {
    let kind = leaf.map_or_else(
        || match value {
            Value::Bool(_) => AttributeType::Boolean,
            Value::Number(_) => AttributeType::Decimal,
            Value::Object(_) | Value::Array(_) => AttributeType::Complex,
            _ => AttributeType::String,
        },
        |a| a.kind,
    );
    match kind {
        AttributeType::Complex => (false, Basis::Complex),
        AttributeType::Boolean => match (value, cv) {
            (Value::Bool(a), CompValue::Bool(b)) => match op {
                CompareOp::Eq => (a == b, Basis::Boolean),
                CompareOp::Ne => (a != b, Basis::Boolean),
                _ if op.is_ordering() => (false, Basis::OrderingBoolean),
                _ => (false, Basis::SubstringNonText),
            },
            _ => (false, Basis::TypeMismatch),
        },
        AttributeType::Integer | AttributeType::Decimal => match (value, cv) {
            (Value::Number(a), CompValue::Number(b)) => {
                if op.is_substring() {
                    return (false, Basis::SubstringNonText);
                }
                let ord = match (a.as_i64(), b.as_i64()) {
                    (Some(x), Some(y)) => Some(x.cmp(&y)),
                    _ => a
                        .as_f64()
                        .zip(b.as_f64())
                        .and_then(|(x, y)| x.partial_cmp(&y)),
                };
                (ord.is_some_and(|o| ordered(op, o)), Basis::Numeric)
            }
            _ => (false, Basis::TypeMismatch),
        },
        AttributeType::DateTime => match (value, cv) {
            (Value::String(a), CompValue::String(b)) => {
                if !op.is_substring() {
                    if let (Ok(x), Ok(y)) = (parse_datetime(a), parse_datetime(b)) {
                        return (ordered(op, x.cmp_instant(&y)), Basis::Instants);
                    }
                }
                (compare_text(op, a, b, false), Basis::DateAsText)
            }
            _ => (false, Basis::TypeMismatch),
        },
        AttributeType::String | AttributeType::Reference | AttributeType::Binary => {
            match (value, cv) {
                (Value::String(a), CompValue::String(b)) => {
                    let exact = kind == AttributeType::Binary || leaf.is_some_and(|l| l.case_exact);
                    (
                        compare_text(op, a, b, exact),
                        if exact {
                            Basis::CaseExact
                        } else {
                            Basis::CaseInsensitive
                        },
                    )
                }
                _ => (false, Basis::TypeMismatch),
            }
        }
    }
}

fn compare_text(op: CompareOp, a: &str, b: &str, exact: bool) -> bool {
    // Equality is the common case (every identity-provider lookup); for ASCII
    // text it needs no lowercased copies.
    if matches!(op, CompareOp::Eq | CompareOp::Ne) && (exact || (a.is_ascii() && b.is_ascii())) {
        let equal = if exact {
            a == b
        } else {
            a.eq_ignore_ascii_case(b)
        };
        return equal == (op == CompareOp::Eq);
    }
    let (a, b): (Cow<'_, str>, Cow<'_, str>) = if exact {
        (Cow::Borrowed(a), Cow::Borrowed(b))
    } else {
        (Cow::Owned(a.to_lowercase()), Cow::Owned(b.to_lowercase()))
    };
    match op {
        CompareOp::Co => a.contains(b.as_ref()),
        CompareOp::Sw => a.starts_with(b.as_ref()),
        CompareOp::Ew => a.ends_with(b.as_ref()),
        _ => ordered(op, a.cmp(&b)),
    }
}

/// Whether `ordering` (attribute value against comparison value) satisfies `op`.
fn ordered(op: CompareOp, ordering: Ordering) -> bool {
    match op {
        CompareOp::Eq => ordering == Ordering::Equal,
        CompareOp::Ne => ordering != Ordering::Equal,
        CompareOp::Gt => ordering == Ordering::Greater,
        CompareOp::Ge => ordering != Ordering::Less,
        CompareOp::Lt => ordering == Ordering::Less,
        CompareOp::Le => ordering != Ordering::Greater,
        CompareOp::Co | CompareOp::Sw | CompareOp::Ew => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::parse_filter;
    use serde_json::json;

    fn eval(filter: &str, resource: &Value) -> bool {
        let registry = Registry::builtin();
        let rt = registry.resource_type("User").unwrap();
        Evaluator::new(&registry, rt).matches(&parse_filter(filter).unwrap(), resource)
    }

    #[test]
    fn basics() {
        let user = json!({
            "userName": "BJensen", "id": "Abc", "active": true,
            "emails": [{"value": "b@example.com", "type": "work"}, {"value": "babs@home.org", "type": "home"}],
            "meta": {"lastModified": "2011-05-13T04:42:34Z"},
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"employeeNumber": "701984"}
        });
        assert!(eval(r#"username eq "bjensen""#, &user));
        assert!(!eval(r#"id eq "abc""#, &user));
        assert!(eval(r#"emails co "home.org""#, &user));
        assert!(eval(
            r#"emails[type eq "work" and value ew "example.com"]"#,
            &user
        ));
        assert!(!eval(
            r#"emails[type eq "work" and value ew "home.org"]"#,
            &user
        ));
        assert!(eval(
            r#"meta.lastModified eq "2011-05-13T06:42:34+02:00""#,
            &user
        ));
        assert!(eval(
            r#"meta.lastModified gt "2011-05-13T04:42:33.5Z""#,
            &user
        ));
        assert!(eval("active eq true and not (title pr)", &user));
        assert!(eval(r#"title ne "x""#, &user));
        assert!(eval(
            r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701984""#,
            &user
        ));
        assert!(eval(r#"employeeNumber sw "70""#, &user));
    }

    #[test]
    fn trace_explains_elements() {
        let registry = Registry::builtin();
        let rt = registry.resource_type("User").unwrap();
        let user = json!({"emails": [{"value": "a@x.org"}, {"value": "b@y.org", "type": "work"}]});
        let f = parse_filter(r#"emails.value ew "y.org" and emails[type eq "work"]"#).unwrap();
        let t = Evaluator::new(&registry, rt).trace(&f, &user);
        assert!(t.matched);
        assert_eq!(t.children.len(), 2);
        assert_eq!(
            t.children[0].rule,
            "any element of a multi-valued attribute matched (element 1): case-insensitive comparison"
        );
        assert_eq!(t.children[1].matched_elements, vec![1]);
        assert_eq!(t.children[1].elements.len(), 2);
        assert_eq!(t.nodes().len(), 5);
    }

    #[test]
    fn long_chains_evaluate_in_a_loop() {
        let text = vec![r#"title eq "x""#; 4000].join(" or ");
        assert!(!eval(&text, &json!({"title": "y"})));
        assert!(eval(&text, &json!({"title": "X"})));
    }
}
