//! The value model of Entra expressions (idp-facts §2.2) and how a source
//! user's JSON turns into it.

use std::fmt;

use serde_json::Value as Json;

use crate::datetime::DateTime;

use super::dates::render;

/// What an Entra expression computes.
///
/// Entra has no number or boolean type: numbers are strings (`"7"`) and
/// booleans are the strings `"True"` / `"False"`. Dates exist only between
/// date functions; as soon as one is used as text it is written
/// `M/d/yyyy h:mm:ss tt` in UTC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// No value: the attribute is absent. Entra does not send null values.
    Null,
    /// One string.
    String(String),
    /// Several strings (proxyAddresses, appRoleAssignments, Split output).
    Multi(Vec<String>),
    /// A UTC instant (from CDate, Now, DateFromNum, DateAdd).
    DateTime(DateTime),
}

impl Value {
    /// A string value.
    pub fn string(s: impl Into<String>) -> Value {
        Value::String(s.into())
    }

    /// `"True"` or `"False"`.
    pub fn bool(b: bool) -> Value {
        Value::String(if b { "True" } else { "False" }.to_string())
    }

    /// Whether the value is null (an empty multi-valued attribute counts as null).
    pub fn is_null(&self) -> bool {
        match self {
            Value::Null => true,
            Value::Multi(values) => values.is_empty(),
            _ => false,
        }
    }

    /// Whether the value is null or the empty string.
    pub fn is_null_or_empty(&self) -> bool {
        match self {
            Value::String(s) => s.is_empty(),
            Value::Multi(values) => values.iter().all(String::is_empty),
            other => other.is_null(),
        }
    }

    /// The value as one string: a multi-valued value gives its first value,
    /// a date its `M/d/yyyy h:mm:ss tt` form, null gives `None`.
    pub fn as_text(&self) -> Option<String> {
        match self {
            Value::Null => None,
            Value::String(s) => Some(s.clone()),
            Value::Multi(values) => values.first().cloned(),
            Value::DateTime(dt) => Some(render(dt)),
        }
    }

    /// All values as strings (null gives none).
    pub fn texts(&self) -> Vec<String> {
        match self {
            Value::Null => Vec::new(),
            Value::String(s) => vec![s.clone()],
            Value::Multi(values) => values.clone(),
            Value::DateTime(dt) => vec![render(dt)],
        }
    }

    /// The value as JSON: null, a string, or an array of strings.
    pub fn to_json(&self) -> Json {
        match self {
            Value::Null => Json::Null,
            Value::String(s) => Json::String(s.clone()),
            Value::Multi(values) => Json::Array(values.iter().cloned().map(Json::String).collect()),
            Value::DateTime(dt) => Json::String(render(dt)),
        }
    }

    /// The value the way Microsoft Graph's `parseExpression` reports it
    /// (`evaluationResult`): always a list of strings, empty for null.
    pub fn to_evaluation_result(&self) -> Vec<String> {
        self.texts()
    }
}

impl fmt::Display for Value {
    /// Null prints as nothing; several values print comma-separated.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => Ok(()),
            Value::String(s) => f.write_str(s),
            Value::Multi(values) => f.write_str(&values.join(", ")),
            Value::DateTime(dt) => f.write_str(&render(dt)),
        }
    }
}

/// Text of a JSON scalar as Entra presents it: booleans `True`/`False`,
/// numbers as written, objects (app role assignments) as compact JSON.
fn scalar_text(value: &Json) -> Option<String> {
    match value {
        Json::Null => None,
        Json::Bool(b) => Some(if *b { "True" } else { "False" }.to_string()),
        Json::Number(n) => Some(n.to_string()),
        Json::String(s) => Some(s.clone()),
        Json::Array(_) | Json::Object(_) => Some(value.to_string()),
    }
}

/// Converts one source attribute's JSON value.
pub(crate) fn from_json(value: &Json) -> Value {
    match value {
        Json::Array(items) => Value::Multi(items.iter().filter_map(scalar_text).collect()),
        other => scalar_text(other).map_or(Value::Null, Value::String),
    }
}

/// Looks `name` up in the source user.
///
/// Lookup is case-insensitive (an exact match wins when both exist): Entra's
/// attribute names are case-insensitive in practice (`[userPrincipalName]`
/// and `[UserPrincipalName]` both work, and the doc itself writes
/// `[givenName]` and `[GivenName]`), so a case difference must not turn a
/// present attribute into null.
///
/// `IsSoftDeleted` is computed, not stored: when the user object does not
/// carry it, it is `"True"` if `accountEnabled` is `false` and `"False"`
/// otherwise (idp-facts §1.7).
pub(crate) fn lookup(user: &serde_json::Map<String, Json>, name: &str) -> Value {
    let name = name.trim();
    let found = user.get(name).or_else(|| {
        user.iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    });
    match found {
        Some(value) if !value.is_null() => from_json(value),
        _ if name.eq_ignore_ascii_case("IsSoftDeleted") => {
            let disabled = lookup(user, "accountEnabled") == Value::string("False");
            Value::bool(disabled)
        }
        _ => Value::Null,
    }
}
