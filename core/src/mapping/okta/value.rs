//! Typed values of Okta expressions.

use std::fmt;

use serde_json::Value as Json;

/// What an Okta expression computes: SpEL's types, reduced to what profile
/// attributes hold.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`, or an attribute the user does not have.
    Null,
    /// A string.
    String(String),
    /// A whole number (Java `Integer`/`Long`).
    Integer(i64),
    /// A decimal number (Java `Double`).
    Number(f64),
    /// `true` / `false`.
    Boolean(bool),
    /// An array (string arrays in profiles, `{…}` literals).
    Array(Vec<Value>),
}

impl Value {
    /// A string value.
    pub fn string(s: impl Into<String>) -> Value {
        Value::String(s.into())
    }

    /// The type's name for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::String(_) => "a string",
            Value::Integer(_) => "an integer",
            Value::Number(_) => "a number",
            Value::Boolean(_) => "a boolean",
            Value::Array(_) => "an array",
        }
    }

    /// The value as JSON.
    pub fn to_json(&self) -> Json {
        match self {
            Value::Null => Json::Null,
            Value::String(s) => Json::String(s.clone()),
            Value::Integer(n) => Json::from(*n),
            Value::Number(n) => serde_json::Number::from_f64(*n).map_or(Json::Null, Json::Number),
            Value::Boolean(b) => Json::Bool(*b),
            Value::Array(items) => Json::Array(items.iter().map(Value::to_json).collect()),
        }
    }

    /// Converts profile JSON. Objects have no OEL equivalent here and read as
    /// `None`. Arrays nested in arrays are kept (bounded by the JSON reader's
    /// depth limit).
    pub(crate) fn from_json(json: &Json) -> Option<Value> {
        Some(match json {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Boolean(*b),
            Json::Number(n) => match n.as_i64() {
                Some(i) => Value::Integer(i),
                None => Value::Number(n.as_f64().unwrap_or(0.0)),
            },
            Json::String(s) => Value::String(s.clone()),
            Json::Array(items) => Value::Array(items.iter().filter_map(Value::from_json).collect()),
            Json::Object(_) => return None,
        })
    }
}

/// Java's `String.valueOf`: `null` prints as `null`, doubles as Java does
/// (`3.0`), arrays as `[a, b]`.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::String(s) => f.write_str(s),
            Value::Integer(n) => write!(f, "{n}"),
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => write!(f, "{n:.1}"),
            Value::Number(n) => write!(f, "{n}"),
            Value::Boolean(b) => write!(f, "{b}"),
            Value::Array(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
        }
    }
}
