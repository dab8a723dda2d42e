//! The filter and attribute-path syntax tree.
//!
//! Nodes carry their byte span in the source text ([`Loc`]) for diagnostics.
//! Spans are not serialized and do not take part in equality, so a printed
//! and re-parsed tree compares equal to the original.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A byte range in the filter text. Ignored by `==` and by serialization.
#[derive(Debug, Clone, Copy, Default, Eq)]
pub struct Loc {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl PartialEq for Loc {
    fn eq(&self, _: &Loc) -> bool {
        true
    }
}

impl Loc {
    /// A span over `start..end`.
    pub fn new(start: usize, end: usize) -> Loc {
        Loc { start, end }
    }
}

/// `[URI ":"] ATTRNAME ["." subAttr]` (RFC 7644 Figure 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttrPath {
    /// The schema URI prefix, e.g. `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`.
    pub uri: Option<String>,
    /// The attribute name.
    pub name: String,
    /// The sub-attribute name.
    pub sub_attr: Option<String>,
    /// Where it was written.
    pub loc: Loc,
}

impl AttrPath {
    /// A path to attribute `name` with no URI and no sub-attribute.
    pub fn new(name: impl Into<String>) -> AttrPath {
        AttrPath {
            uri: None,
            name: name.into(),
            sub_attr: None,
            loc: Loc::default(),
        }
    }

    /// Adds a sub-attribute.
    #[must_use]
    pub fn with_sub_attr(mut self, sub: impl Into<String>) -> AttrPath {
        self.sub_attr = Some(sub.into());
        self
    }

    /// Adds a schema URI prefix.
    #[must_use]
    pub fn with_uri(mut self, uri: impl Into<String>) -> AttrPath {
        self.uri = Some(uri.into());
        self
    }
}

impl crate::schema::AttributeReference for AttrPath {
    fn uri(&self) -> Option<&str> {
        self.uri.as_deref()
    }

    fn name(&self) -> &str {
        &self.name
    }

    fn sub_attr(&self) -> Option<&str> {
        self.sub_attr.as_deref()
    }
}

/// The path as written canonically: `uri:name.sub`. The filter printer
/// writes attributes through this too, so the form has one definition.
impl std::fmt::Display for AttrPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.write_to(f)
    }
}

impl AttrPath {
    /// Writes the canonical form piece by piece (no formatting machinery:
    /// the filter printer calls this for every attribute it prints).
    pub(crate) fn write_to(&self, out: &mut impl std::fmt::Write) -> std::fmt::Result {
        if let Some(uri) = &self.uri {
            out.write_str(uri)?;
            out.write_char(':')?;
        }
        out.write_str(&self.name)?;
        if let Some(sub) = &self.sub_attr {
            out.write_char('.')?;
            out.write_str(sub)?;
        }
        Ok(())
    }
}

impl Serialize for AttrPath {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for AttrPath {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        super::parse_attr_path(&text).map_err(|d| {
            serde::de::Error::custom(
                d.first()
                    .map_or("invalid attribute path".to_string(), |d| d.message.clone()),
            )
        })
    }
}

/// A comparison operator (RFC 7644 §3.4.2.2, Table 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CompareOp {
    /// equal
    Eq,
    /// not equal
    Ne,
    /// contains
    Co,
    /// starts with
    Sw,
    /// ends with
    Ew,
    /// greater than
    Gt,
    /// less than
    Lt,
    /// greater than or equal to
    Ge,
    /// less than or equal to
    Le,
}

impl CompareOp {
    /// Every operator.
    pub const ALL: &'static [CompareOp] = &[
        CompareOp::Eq,
        CompareOp::Ne,
        CompareOp::Co,
        CompareOp::Sw,
        CompareOp::Ew,
        CompareOp::Gt,
        CompareOp::Lt,
        CompareOp::Ge,
        CompareOp::Le,
    ];

    /// The operator as written in filters.
    pub const fn as_str(self) -> &'static str {
        match self {
            CompareOp::Eq => "eq",
            CompareOp::Ne => "ne",
            CompareOp::Co => "co",
            CompareOp::Sw => "sw",
            CompareOp::Ew => "ew",
            CompareOp::Gt => "gt",
            CompareOp::Lt => "lt",
            CompareOp::Ge => "ge",
            CompareOp::Le => "le",
        }
    }

    /// Parses an operator, ignoring case.
    pub fn from_name(name: &str) -> Option<CompareOp> {
        CompareOp::ALL
            .iter()
            .copied()
            .find(|op| op.as_str().eq_ignore_ascii_case(name))
    }

    /// Whether the operator orders values (gt, lt, ge, le).
    pub const fn is_ordering(self) -> bool {
        matches!(
            self,
            CompareOp::Gt | CompareOp::Lt | CompareOp::Ge | CompareOp::Le
        )
    }

    /// Whether the operator matches substrings (co, sw, ew).
    pub const fn is_substring(self) -> bool {
        matches!(self, CompareOp::Co | CompareOp::Sw | CompareOp::Ew)
    }
}

/// A comparison value: `false`, `null`, `true`, a number or a string.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CompValue {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A JSON number.
    Number(serde_json::Number),
    /// A JSON string.
    String(String),
}

impl CompValue {
    /// The value as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            CompValue::Null => serde_json::Value::Null,
            CompValue::Bool(b) => serde_json::Value::Bool(*b),
            CompValue::Number(n) => serde_json::Value::Number(n.clone()),
            CompValue::String(s) => serde_json::Value::String(s.clone()),
        }
    }

    /// The kind of value, for messages: `a string`, `a number`, …
    pub fn describe(&self) -> &'static str {
        match self {
            CompValue::Null => "null",
            CompValue::Bool(_) => "a boolean",
            CompValue::Number(_) => "a number",
            CompValue::String(_) => "a string",
        }
    }
}

/// A filter expression (RFC 7644 §3.4.2.2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Filter {
    /// `attrPath pr`: the attribute has a value.
    Present {
        /// The attribute.
        attribute: AttrPath,
        /// Where the expression was written.
        #[serde(skip)]
        loc: Loc,
    },
    /// `attrPath op value`.
    Compare {
        /// The attribute.
        attribute: AttrPath,
        /// The operator.
        op: CompareOp,
        /// The value.
        value: CompValue,
        /// Where the value was written.
        #[serde(skip)]
        value_loc: Loc,
        /// Where the expression was written.
        #[serde(skip)]
        loc: Loc,
    },
    /// `not ( filter )`.
    Not {
        /// The negated filter.
        filter: Box<Filter>,
        /// Where the expression was written.
        #[serde(skip)]
        loc: Loc,
    },
    /// `left and right`.
    And {
        /// The left operand.
        left: Box<Filter>,
        /// The right operand.
        right: Box<Filter>,
    },
    /// `left or right`.
    Or {
        /// The left operand.
        left: Box<Filter>,
        /// The right operand.
        right: Box<Filter>,
    },
    /// `attrPath [ filter ]`: some element of a multi-valued complex attribute matches.
    ValuePath {
        /// The multi-valued attribute.
        attribute: AttrPath,
        /// The filter applied to each element (its paths are sub-attributes).
        filter: Box<Filter>,
        /// Where the expression was written.
        #[serde(skip)]
        loc: Loc,
    },
}

impl Filter {
    /// The span of the whole expression.
    pub fn loc(&self) -> Loc {
        match self {
            Filter::Present { loc, .. }
            | Filter::Compare { loc, .. }
            | Filter::Not { loc, .. }
            | Filter::ValuePath { loc, .. } => *loc,
            Filter::And { .. } | Filter::Or { .. } => {
                // A chain is as long as the filter's length allows: walk to
                // its first and last operands without recursion.
                let mut first = self;
                while let Filter::And { left, .. } | Filter::Or { left, .. } = first {
                    first = left;
                }
                let mut last = self;
                while let Filter::And { right, .. } | Filter::Or { right, .. } = last {
                    last = right;
                }
                Loc::new(first.loc().start, last.loc().end)
            }
        }
    }

    /// The operands of a chain of the same logical operator (`a and b and
    /// c`), in order, collected without recursion: the parser builds such
    /// chains left-nested and limits only the nesting of parentheses and
    /// brackets, not their length. Any other filter is its own one operand.
    pub fn operands(&self) -> Vec<&Filter> {
        let is_and = matches!(self, Filter::And { .. });
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(f) = stack.pop() {
            match f {
                Filter::And { left, right } if is_and => {
                    stack.push(right);
                    stack.push(left);
                }
                Filter::Or { left, right } if !is_and => {
                    stack.push(right);
                    stack.push(left);
                }
                other => out.push(other),
            }
        }
        out
    }

    /// `attribute eq value`, with no spans (for building filters in code).
    pub fn compare(attribute: AttrPath, op: CompareOp, value: CompValue) -> Filter {
        Filter::Compare {
            attribute,
            op,
            value,
            value_loc: Loc::default(),
            loc: Loc::default(),
        }
    }
}

/// A PATCH path or mapping target: `attrPath`, or `valuePath [ "." subAttr ]`
/// (RFC 7644 §3.5.2, Figure 1 `PATH`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Path {
    /// The attribute (with its sub-attribute when there is no filter).
    pub attribute: AttrPath,
    /// The value filter, for `emails[type eq "work"]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<Filter>,
    /// The sub-attribute after the filter, for `emails[type eq "work"].value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_attr: Option<String>,
    /// Where the path was written.
    #[serde(skip)]
    pub loc: Loc,
}

impl Path {
    /// The sub-attribute the path ends in, whichever way it was written.
    pub fn final_sub_attr(&self) -> Option<&str> {
        self.sub_attr
            .as_deref()
            .or(self.attribute.sub_attr.as_deref())
    }
}
