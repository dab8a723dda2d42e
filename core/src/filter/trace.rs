//! Evaluation traces: why a filter matched a resource, node by node.
//!
//! [`Evaluator::trace`](super::Evaluator::trace) returns a [`Trace`] tree that
//! mirrors the filter, for the playground to show next to each sample
//! resource. Its JSON (camelCase) looks like this:
//!
//! ```json
//! {
//!   "kind": "and",
//!   "expression": "userName eq \"bjensen\" and emails[type eq \"work\"]",
//!   "matched": true,
//!   "rule": "and: every operand matched",
//!   "start": 0, "end": 48,
//!   "children": [
//!     { "kind": "compare", "expression": "userName eq \"bjensen\"", "matched": true,
//!       "rule": "case-insensitive comparison", "start": 0, "end": 20,
//!       "values": ["BJensen"] },
//!     { "kind": "valuePath", "expression": "emails[type eq \"work\"]", "matched": true,
//!       "rule": "the value filter matched element 0", "start": 25, "end": 48,
//!       "matchedElements": [0],
//!       "elements": [ { "index": 0, "matched": true, "trace": { "kind": "compare", … } } ] }
//!   ]
//! }
//! ```
//!
//! - `kind`: `and`, `or`, `not`, `present`, `compare` or `valuePath`.
//! - `expression`: the sub-expression, printed canonically.
//! - `rule`: the rule that decided the node, in words. Its vocabulary: for
//!   comparisons `caseExact comparison`, `case-insensitive comparison`,
//!   `dateTime compared as instants`, `not an xsd:dateTime: compared as text
//!   (case-insensitive)`, `numbers compared numerically`, `booleans compared`,
//!   `attribute absent`, `attribute absent: ne matches …`, `eq null …`,
//!   `type mismatch …`, `… is not defined …`; for `pr`: `pr: the attribute has
//!   a value`, `pr on an empty value`, `attribute absent`; on a multi-valued
//!   attribute the comparison rule is prefixed with `any element of a
//!   multi-valued attribute matched (element N)` or `no element of the
//!   multi-valued attribute matched`; an attribute the schema does not define
//!   adds `(not in the schema: compared by its JSON type)`. Logical nodes say
//!   `and: every operand matched`, `and: operand N did not match`,
//!   `or: operand N matched`, `or: no operand matched`, `not: …`.
//! - `start`/`end`: byte offsets of the sub-expression in the filter text (0
//!   for filters built in code).
//! - `children`: operands of `and`/`or` (a chain `a and b and c` is one node
//!   with three children) and the operand of `not`.
//! - `values`: for `present` and `compare`, the attribute values found (the
//!   elements' sub-attribute values on a multi-valued attribute).
//! - `matchedElements`: indexes (0-based, as in JSON Pointers) of the elements
//!   of a multi-valued attribute that matched.
//! - `elements`: for `valuePath`, the inner filter's trace on each element.
//!
//! Element indexes are JSON array indexes (`emails/1` is "element 1");
//! operand numbers in rules count from 1.

use serde::{Deserialize, Serialize};

/// The kind of filter node a [`Trace`] describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TraceKind {
    /// `a and b and …`
    And,
    /// `a or b or …`
    Or,
    /// `not ( … )`
    Not,
    /// `attr pr`
    Present,
    /// `attr op value`
    Compare,
    /// `attr[ … ]`
    ValuePath,
}

/// One node of an evaluation trace; see the module documentation for the JSON shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Trace {
    /// What kind of node this is.
    pub kind: TraceKind,
    /// The sub-expression, printed canonically.
    pub expression: String,
    /// Whether it matched.
    pub matched: bool,
    /// The rule that decided it, in words.
    pub rule: String,
    /// Byte offset of the sub-expression in the filter text.
    pub start: usize,
    /// Byte offset one past its end.
    pub end: usize,
    /// Operands of `and`/`or`, or the operand of `not`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Trace>,
    /// The attribute values that were tested (`present`, `compare`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<serde_json::Value>,
    /// Indexes of the elements of a multi-valued attribute that matched.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub matched_elements: Vec<usize>,
    /// For value paths: the inner filter evaluated on each element.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub elements: Vec<ElementTrace>,
}

/// A value-path filter evaluated on one element of the multi-valued attribute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ElementTrace {
    /// The element's index in the array.
    pub index: usize,
    /// Whether the inner filter matched it.
    pub matched: bool,
    /// The inner filter's trace on this element.
    pub trace: Trace,
}

impl Trace {
    /// Every node of the tree, depth first (the tree is as deep as the filter).
    pub fn nodes(&self) -> Vec<&Trace> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(node) = stack.pop() {
            out.push(node);
            for e in node.elements.iter().rev() {
                stack.push(&e.trace);
            }
            for c in node.children.iter().rev() {
                stack.push(c);
            }
        }
        out
    }
}
