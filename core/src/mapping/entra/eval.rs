//! The evaluator: every function of idp-facts §2.3 on the value model of
//! §2.2. Arguments are evaluated on demand, so IIF and Switch only evaluate
//! the branch they take (an IgnoreFlowIfNullOrEmpty in an untaken branch
//! does not drop the attribute).

use serde_json::{Map, Value as Json};

use crate::datetime::DateTime;
use crate::diagnostics::{Code, Diagnostic};
use crate::mapping::common::{Rng, excerpt};
use crate::mapping::output::{self, Budget, TooLarge};
use crate::mapping::{Environment, TextRange};

use super::ast::{Call, CompareMode, CompareOp, Comparison, Expr, ExprKind};
use super::dates::{self, INTERVALS, Interval};
use super::functions::{function, parse_number, unknown_function};
use super::replace;
use super::text;
use super::value::{Value, lookup};

type Result<T> = std::result::Result<T, Diagnostic>;

/// The characters RandomString draws special characters from.
const SPECIAL: &str = "!@#$%^&*()-_=+[]{};:,.<>?/|~";

pub(crate) struct Evaluator<'a> {
    user: &'a Map<String, Json>,
    env: &'a Environment,
    rng: Rng,
    /// Set when IgnoreFlowIfNullOrEmpty saw null or "".
    pub(crate) omit: bool,
    budget: Budget,
}

fn error(range: TextRange, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(Code::ExprEvaluation, "", message).with_range(range.start, range.end)
}

/// Applies a string function to each value (multi-valued values map
/// element-wise; a date is used as its text). The results together stay
/// under the expression value limit.
fn map_text(value: Value, f: impl Fn(&str) -> String) -> std::result::Result<Value, TooLarge> {
    try_map_text(value, |s| Ok(f(s)))
}

/// [`map_text`] for a function that can itself overflow the value limit.
fn try_map_text(
    value: Value,
    f: impl Fn(&str) -> std::result::Result<String, TooLarge>,
) -> std::result::Result<Value, TooLarge> {
    Ok(match value {
        Value::Null => Value::Null,
        Value::String(s) => Value::String(f(&s)?),
        Value::Multi(values) => {
            let mut total = 0usize;
            let mut out = Vec::with_capacity(values.len());
            for s in &values {
                let mapped = f(s)?;
                total = total.saturating_add(mapped.len());
                if total > crate::limits::MAX_EXPRESSION_VALUE_BYTES {
                    return Err(TooLarge);
                }
                out.push(mapped);
            }
            Value::Multi(out)
        }
        Value::DateTime(dt) => Value::String(f(&dates::render(&dt))?),
    })
}

/// The bytes of text a value holds.
fn value_bytes(value: &Value) -> usize {
    match value {
        Value::Null | Value::DateTime(_) => 0,
        Value::String(s) => s.len(),
        Value::Multi(values) => values.iter().map(String::len).sum(),
    }
}

/// Whether the tree under `expr` reads a source attribute.
fn reads_attribute(expr: &Expr) -> bool {
    let mut stack = vec![expr];
    while let Some(e) = stack.pop() {
        match &e.kind {
            ExprKind::Attribute(_) => return true,
            ExprKind::Call(call) => stack.extend(call.args.iter().filter_map(|a| a.expr.as_ref())),
            ExprKind::Comparison(c) => {
                stack.push(&c.left);
                stack.push(&c.right);
            }
            _ => {}
        }
    }
    false
}

/// A role from an appRoleAssignments value: a plain role value, or a JSON
/// object with `value` / `displayName` (`display`).
fn role(text: &str) -> (String, String) {
    if let Ok(Json::Object(obj)) = serde_json::from_str::<Json>(text) {
        let get = |k: &str| obj.get(k).and_then(Json::as_str).map(str::to_string);
        let display = get("displayName").or_else(|| get("display"));
        let value = get("value").or_else(|| display.clone()).unwrap_or_default();
        let display = display.unwrap_or_else(|| value.clone());
        return (value, display);
    }
    (text.to_string(), text.to_string())
}

impl<'a> Evaluator<'a> {
    pub(crate) fn new(user: &'a Map<String, Json>, env: &'a Environment) -> Evaluator<'a> {
        Evaluator {
            user,
            env,
            rng: Rng::new(env.seed),
            omit: false,
            budget: Budget::default(),
        }
    }

    pub(crate) fn eval(&mut self, expr: &Expr) -> Result<Value> {
        match &expr.kind {
            ExprKind::String(s) => Ok(Value::String(s.clone())),
            ExprKind::Integer(n) => Ok(Value::String(n.to_string())),
            ExprKind::Hex(n) => Ok(Value::String(n.to_string())),
            ExprKind::Compare(mode) => Ok(Value::string(mode.as_str())),
            ExprKind::Attribute(name) => Ok(lookup(self.user, name)),
            ExprKind::Comparison(c) => self.compare(c).map(Value::bool),
            ExprKind::Call(call) => {
                let value = self
                    .call(call, expr.range)
                    .map_err(|d| output::place(d, expr.range, &call.name))?;
                self.budget
                    .charge(value_bytes(&value), expr.range, &call.name)?;
                Ok(value)
            }
        }
    }

    /// Argument `i` (empty or missing arguments are null).
    fn arg(&mut self, call: &Call, i: usize) -> Result<Value> {
        match call.args.get(i).and_then(|a| a.expr.as_ref()) {
            Some(e) => self.eval(e),
            None => Ok(Value::Null),
        }
    }

    fn arg_range(call: &Call, i: usize) -> TextRange {
        call.args.get(i).map_or(call.name_range, |a| a.range)
    }

    fn text_arg(&mut self, call: &Call, i: usize) -> Result<Option<String>> {
        Ok(self.arg(call, i)?.as_text())
    }

    /// Argument `i` as a whole number; `None` when it is null.
    fn number(&mut self, call: &Call, i: usize) -> Result<Option<i64>> {
        let Some(text) = self.text_arg(call, i)? else {
            return Ok(None);
        };
        parse_number(&text).map(Some).ok_or_else(|| {
            let name = function(&call.name)
                .and_then(|f| f.param(i))
                .map_or(String::new(), |(n, _)| format!(" ({n})"));
            error(
                Self::arg_range(call, i),
                format!(
                    "argument {}{name} of {} must be a whole number; found \"{}\"",
                    i + 1,
                    call.name,
                    excerpt(&text)
                ),
            )
        })
    }

    fn required_number(&mut self, call: &Call, i: usize) -> Result<i64> {
        self.number(call, i)?.ok_or_else(|| {
            error(
                Self::arg_range(call, i),
                format!(
                    "argument {} of {} is null; a number is required",
                    i + 1,
                    call.name
                ),
            )
        })
    }

    /// A date from a value: a date, or a text CDate can read.
    fn date(&self, value: Value, range: TextRange, what: &str) -> Result<Option<DateTime>> {
        match value {
            Value::DateTime(dt) => Ok(Some(dt)),
            Value::Null => Ok(None),
            other => {
                let text = other.as_text().unwrap_or_default();
                dates::parse_loose(&text).map(Some).ok_or_else(|| {
                    error(
                        range,
                        format!(
                            "{what}: \"{}\" is not a date/time CDate can read (e.g. 2021-08-24, 2021-08-24T10:00:00Z, 8/25/2021 5:41:18 PM)",
                            excerpt(&text)
                        ),
                    )
                })
            }
        }
    }

    fn interval(&mut self, call: &Call) -> Result<Interval> {
        let text = self.text_arg(call, 0)?.unwrap_or_default();
        Interval::parse(&text).ok_or_else(|| {
            error(
                Self::arg_range(call, 0),
                format!(
                    "{}'s interval must be one of {INTERVALS}; found \"{}\"",
                    call.name,
                    excerpt(&text)
                ),
            )
        })
    }

    fn condition(&mut self, expr: Option<&Expr>) -> Result<bool> {
        let Some(expr) = expr else {
            return Ok(false);
        };
        if let ExprKind::Comparison(c) = &expr.kind {
            return self.compare(c);
        }
        let text = self.eval(expr)?.as_text().unwrap_or_default();
        let t = text.trim();
        Ok(t.eq_ignore_ascii_case("true") || parse_number(t).is_some_and(|n| n != 0))
    }

    fn compare(&mut self, c: &Comparison) -> Result<bool> {
        let left = self.eval(&c.left)?;
        let right = self.eval(&c.right)?;
        for (value, side) in [(&left, &c.left), (&right, &c.right)] {
            if value.is_null_or_empty() && reads_attribute(side) {
                return Err(error(
                    side.range,
                    format!(
                        "`{side}` is null or empty, and Entra fails a condition that compares a null or empty attribute"
                    ),
                )
                .with_help(
                    "use Switch with a \"\" key instead, e.g. Switch([country], [country], \"\", \"Other\")",
                ));
            }
        }
        let ordering = match (&left, &right) {
            (Value::DateTime(a), Value::DateTime(b)) => a.cmp_instant(b),
            _ => {
                let (a, b) = (
                    left.as_text().unwrap_or_default(),
                    right.as_text().unwrap_or_default(),
                );
                match (a.trim().parse::<f64>(), b.trim().parse::<f64>()) {
                    (Ok(x), Ok(y)) => x.partial_cmp(&y).unwrap_or(std::cmp::Ordering::Equal),
                    _ => a.cmp(&b),
                }
            }
        };
        Ok(match c.op {
            CompareOp::Eq => ordering.is_eq(),
            CompareOp::Ne => ordering.is_ne(),
            CompareOp::Gt => ordering.is_gt(),
            CompareOp::Ge => ordering.is_ge(),
            CompareOp::Lt => ordering.is_lt(),
            CompareOp::Le => ordering.is_le(),
        })
    }

    fn call(&mut self, call: &Call, range: TextRange) -> Result<Value> {
        let info = function(&call.name).ok_or_else(|| unknown_function(call))?;
        info.check_arity(call.args.len(), range)?;
        match info.name {
            "Append" => {
                let suffix = self.text_arg(call, 1)?.unwrap_or_default();
                Ok(map_text(self.arg(call, 0)?, |s| format!("{s}{suffix}"))?)
            }
            "AppRoleAssignmentsComplex" | "AssertiveAppRoleAssignmentsComplex" => {
                let roles = self.arg(call, 0)?.texts();
                Ok(Value::Multi(
                    roles
                        .iter()
                        .map(|r| {
                            let (value, display) = role(r);
                            serde_json::json!({
                                "primary": false,
                                "type": "WindowsAzureActiveDirectoryRole",
                                "display": display,
                                "value": value,
                            })
                            .to_string()
                        })
                        .collect(),
                ))
            }
            "SingleAppRoleAssignment" => Ok(self
                .arg(call, 0)?
                .texts()
                .first()
                .map_or(Value::Null, |r| Value::String(role(r).0))),
            "BitAnd" => match (self.number(call, 0)?, self.number(call, 1)?) {
                (Some(a), Some(b)) => Ok(Value::String((a & b).to_string())),
                _ => Ok(Value::Null),
            },
            "CBool" => {
                let b = self.condition(call.args.first().and_then(|a| a.expr.as_ref()))?;
                Ok(Value::bool(b))
            }
            "CDate" => {
                let v = self.arg(call, 0)?;
                Ok(self
                    .date(v, Self::arg_range(call, 0), "CDate")?
                    .map_or(Value::Null, Value::DateTime))
            }
            "Coalesce" => {
                for i in 0..call.args.len() {
                    let v = self.arg(call, i)?;
                    if !v.is_null() {
                        return Ok(v);
                    }
                }
                Ok(Value::Null)
            }
            "ConvertToBase64" => Ok(map_text(self.arg(call, 0)?, text::utf16le_base64)?),
            "ConvertToUTF8Hex" => Ok(map_text(self.arg(call, 0)?, text::utf8_hex)?),
            "Count" => Ok(Value::String(self.arg(call, 0)?.texts().len().to_string())),
            "CStr" => Ok(match self.arg(call, 0)? {
                Value::Null => Value::Null,
                v => Value::String(v.as_text().unwrap_or_default()),
            }),
            "DateAdd" => {
                let interval = self.interval(call)?;
                let n = self.number(call, 1)?;
                let v = self.arg(call, 2)?;
                let Some(dt) = self.date(v, Self::arg_range(call, 2), "DateAdd")? else {
                    return Ok(Value::Null);
                };
                let Some(n) = n else { return Ok(Value::Null) };
                dates::add(interval, n, dt)
                    .map(Value::DateTime)
                    .ok_or_else(|| error(range, "DateAdd goes beyond the years 1 to 9999"))
            }
            "DateDiff" => {
                let interval = self.interval(call)?;
                let a = self.arg(call, 1)?;
                let a = self.date(a, Self::arg_range(call, 1), "DateDiff")?;
                let b = self.arg(call, 2)?;
                let b = self.date(b, Self::arg_range(call, 2), "DateDiff")?;
                Ok(match (a, b) {
                    (Some(a), Some(b)) => Value::String(dates::diff(interval, a, b).to_string()),
                    _ => Value::Null,
                })
            }
            "DateFromNum" => match self.number(call, 0)? {
                None => Ok(Value::Null),
                Some(n) => dates::from_filetime(n).map(Value::DateTime).ok_or_else(|| {
                    error(
                        Self::arg_range(call, 0),
                        format!("{n} is not a FILETIME between the years 1601 and 9999"),
                    )
                }),
            },
            "NumFromDate" => {
                let v = self.arg(call, 0)?;
                Ok(self
                    .date(v, Self::arg_range(call, 0), "NumFromDate")?
                    .map_or(Value::Null, |dt| {
                        Value::String(dates::to_filetime(&dt).to_string())
                    }))
            }
            "FormatDateTime" => {
                let source = self.arg(call, 0)?;
                let _styles = self.arg(call, 1)?;
                let input_format = self.text_arg(call, 2)?.unwrap_or_default();
                let output_format = self.text_arg(call, 3)?.unwrap_or_default();
                let today = dates::civil_date(&self.env.now);
                let one = |s: &str| -> Result<String> {
                    let dt = dates::parse_exact(s, &input_format, today)
                        .map_err(|m| error(Self::arg_range(call, 0), m))?;
                    dates::format(&dt, &output_format)
                        .map_err(|m| error(Self::arg_range(call, 3), m))
                };
                match source {
                    Value::Null => Ok(Value::Null),
                    Value::DateTime(dt) => dates::format(&dt, &output_format)
                        .map(Value::String)
                        .map_err(|m| error(Self::arg_range(call, 3), m)),
                    Value::String(s) => one(&s).map(Value::String),
                    Value::Multi(values) => values
                        .iter()
                        .map(|s| one(s))
                        .collect::<Result<Vec<_>>>()
                        .map(Value::Multi),
                }
            }
            "Guid" => Ok(Value::String(self.guid())),
            "Now" => Ok(Value::DateTime(self.env.now)),
            "IgnoreFlowIfNullOrEmpty" => {
                let v = self.arg(call, 0)?;
                if v.is_null_or_empty() {
                    self.omit = true;
                    return Ok(Value::Null);
                }
                Ok(v)
            }
            "IIF" => {
                let cond = self.condition(call.args.first().and_then(|a| a.expr.as_ref()))?;
                self.arg(call, if cond { 1 } else { 2 })
            }
            "InStr" => {
                let haystack = self.text_arg(call, 0)?;
                let needle = self.text_arg(call, 1)?.unwrap_or_default();
                let start = self.number(call, 2)?.unwrap_or(1);
                let mode = match call
                    .args
                    .get(3)
                    .and_then(|a| a.expr.as_ref())
                    .map(|e| &e.kind)
                {
                    Some(ExprKind::Compare(mode)) => *mode,
                    _ => match self.text_arg(call, 3)?.as_deref() {
                        Some("vbTextCompare" | "1") => CompareMode::Text,
                        _ => CompareMode::Binary,
                    },
                };
                if start < 1 {
                    return Err(error(
                        Self::arg_range(call, 2),
                        format!("InStr's start is 1-based; found {start}"),
                    ));
                }
                let Some(haystack) = haystack else {
                    return Ok(Value::string("0"));
                };
                Ok(Value::String(
                    instr(&haystack, &needle, start, mode).to_string(),
                ))
            }
            "IsNull" => Ok(Value::bool(self.arg(call, 0)?.is_null())),
            "IsNullOrEmpty" => Ok(Value::bool(self.arg(call, 0)?.is_null_or_empty())),
            "IsPresent" => Ok(Value::bool(!self.arg(call, 0)?.is_null_or_empty())),
            "IsString" => Ok(Value::bool(matches!(self.arg(call, 0)?, Value::String(_)))),
            "Item" => {
                let values = self.arg(call, 0)?.texts();
                let index = self.number(call, 1)?;
                Ok(index
                    .filter(|i| *i >= 1)
                    .and_then(|i| usize::try_from(i - 1).ok())
                    .and_then(|i| values.get(i).cloned())
                    .map_or(Value::Null, Value::String))
            }
            "Join" => {
                let separator = self.text_arg(call, 0)?.unwrap_or_default();
                let mut parts = Vec::new();
                for i in 1..call.args.len() {
                    parts.extend(
                        self.arg(call, i)?
                            .texts()
                            .into_iter()
                            .filter(|s| !s.is_empty()),
                    );
                }
                Ok(Value::String(output::join(
                    parts.iter().map(String::as_str),
                    &separator,
                )?))
            }
            "Left" => {
                let source = self.arg(call, 0)?;
                let n = self.required_number(call, 1)?;
                Ok(match source {
                    Value::Null => Value::string(""),
                    v => map_text(v, |s| {
                        if n < 0 {
                            s.to_string()
                        } else {
                            s.chars()
                                .take(usize::try_from(n).unwrap_or(usize::MAX))
                                .collect()
                        }
                    })?,
                })
            }
            "Mid" => {
                let source = self.arg(call, 0)?;
                let start = self.required_number(call, 1)?;
                let length = self.required_number(call, 2)?;
                if start < 1 {
                    return Err(error(
                        Self::arg_range(call, 1),
                        format!("Mid's start is 1-based; found {start}"),
                    ));
                }
                if length < 0 {
                    return Err(error(
                        Self::arg_range(call, 2),
                        format!("Mid's length cannot be negative; found {length}"),
                    ));
                }
                let skip = usize::try_from(start - 1).unwrap_or(usize::MAX);
                let take = usize::try_from(length).unwrap_or(usize::MAX);
                Ok(match source {
                    Value::Null => Value::string(""),
                    v => map_text(v, |s| s.chars().skip(skip).take(take).collect())?,
                })
            }
            "NormalizeDiacritics" => Ok(map_text(self.arg(call, 0)?, text::normalize_diacritics)?),
            "Not" => {
                let v = self.text_arg(call, 0)?.unwrap_or_default();
                Ok(Value::bool(!v.trim().eq_ignore_ascii_case("true")))
            }
            "PCase" => {
                let separators = self.text_arg(call, 1)?.filter(|s| !s.is_empty());
                Ok(map_text(self.arg(call, 0)?, |s| {
                    text::pcase(s, separators.as_deref())
                })?)
            }
            "RandomString" => self.random_string(call, range),
            "Redact" => self.arg(call, 0),
            "RemoveDuplicates" => {
                let mut seen = Vec::new();
                for v in self.arg(call, 0)?.texts() {
                    if !seen.contains(&v) {
                        seen.push(v);
                    }
                }
                Ok(if seen.is_empty() {
                    Value::Null
                } else {
                    Value::Multi(seen)
                })
            }
            "Replace" => self.replace(call, range),
            "SelectUniqueValue" => {
                // Without the target directory every value is unique, so the
                // first rule with a value wins.
                for i in 0..call.args.len() {
                    let v = self.arg(call, i)?;
                    if !v.is_null_or_empty() {
                        return Ok(v);
                    }
                }
                Ok(Value::Null)
            }
            "Split" => {
                let delimiter = self.text_arg(call, 1)?.unwrap_or_default();
                let source = self.arg(call, 0)?;
                if source.is_null() {
                    return Ok(Value::Null);
                }
                let mut parts = Vec::new();
                for s in source.texts() {
                    if delimiter.is_empty() {
                        parts.push(s);
                    } else {
                        parts.extend(s.split(delimiter.as_str()).map(str::to_string));
                    }
                }
                Ok(Value::Multi(parts))
            }
            "StripSpaces" => Ok(map_text(self.arg(call, 0)?, |s| s.replace(' ', ""))?),
            "Switch" => {
                // A null source matches a "" key, so `Switch([x], …, "", …)`
                // catches an absent attribute as the doc recommends.
                let source = self.text_arg(call, 0)?.unwrap_or_default();
                let mut i = 2;
                while i + 1 < call.args.len() {
                    let key = self.text_arg(call, i)?.unwrap_or_default();
                    if key == source {
                        return self.arg(call, i + 1);
                    }
                    i += 2;
                }
                self.arg(call, 1)
            }
            "ToLower" | "ToUpper" => {
                let culture = self.text_arg(call, 1)?;
                let lower = info.name == "ToLower";
                Ok(map_text(self.arg(call, 0)?, |s| {
                    if lower {
                        text::to_lower(s, culture.as_deref())
                    } else {
                        text::to_upper(s, culture.as_deref())
                    }
                })?)
            }
            "Word" => {
                let source = self.text_arg(call, 0)?;
                let n = self.required_number(call, 1)?;
                let delimiters = self.text_arg(call, 2)?.unwrap_or_default();
                Ok(Value::String(
                    source.map_or(String::new(), |s| text::word(&s, n, &delimiters)),
                ))
            }
            other => Err(error(range, format!("{other} is not implemented"))),
        }
    }

    fn guid(&mut self) -> String {
        let (a, b) = (self.rng.next_u64(), self.rng.next_u64());
        // Version 4, RFC 4122 variant.
        let a = (a & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000;
        let b = (b & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xFFFF,
            a & 0xFFFF,
            b >> 48,
            b & 0xFFFF_FFFF_FFFF
        )
    }

    fn random_string(&mut self, call: &Call, range: TextRange) -> Result<Value> {
        let mut n = [0usize; 5];
        for (i, slot) in n.iter_mut().enumerate() {
            let v = self.required_number(call, i)?;
            *slot = usize::try_from(v).map_err(|_| {
                error(
                    Self::arg_range(call, i),
                    format!("argument {} of RandomString cannot be negative", i + 1),
                )
            })?;
        }
        let [length, digits, special, capital, lower] = n;
        if length == 0 || length > 256 {
            return Err(error(
                Self::arg_range(call, 0),
                format!("RandomString's length must be 1 to 256; found {length}"),
            ));
        }
        if digits
            .saturating_add(special)
            .saturating_add(capital)
            .saturating_add(lower)
            > length
        {
            return Err(error(
                range,
                "RandomString's minimums add up to more than its length",
            ));
        }
        let avoid = self.text_arg(call, 5)?.unwrap_or_default();
        let pool =
            |chars: &str| -> Vec<char> { chars.chars().filter(|c| !avoid.contains(*c)).collect() };
        let pools = [
            (pool("0123456789"), digits),
            (pool(SPECIAL), special),
            (pool("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), capital),
            (pool("abcdefghijklmnopqrstuvwxyz"), lower),
        ];
        let all: Vec<char> = pools.iter().flat_map(|(p, _)| p.iter().copied()).collect();
        let mut out = Vec::with_capacity(length);
        for (p, min) in &pools {
            if *min > 0 && p.is_empty() {
                return Err(error(
                    range,
                    "charactersToAvoid removes every character of a required kind",
                ));
            }
            for _ in 0..*min {
                out.extend(p.get(self.rng.below(p.len())).copied());
            }
        }
        if all.is_empty() {
            return Err(error(range, "charactersToAvoid removes every character"));
        }
        while out.len() < length {
            out.extend(all.get(self.rng.below(all.len())).copied());
        }
        for i in (1..out.len()).rev() {
            let j = self.rng.below(i + 1);
            out.swap(i, j);
        }
        Ok(Value::String(out.into_iter().collect()))
    }

    /// Replace's five modes (idp-facts §2.3).
    fn replace(&mut self, call: &Call, range: TextRange) -> Result<Value> {
        let present = |i: usize| call.args.get(i).is_some_and(|a| a.expr.is_some());
        let source = self.arg(call, 0)?;
        if present(1) {
            let old = self.text_arg(call, 1)?.unwrap_or_default();
            if present(6) {
                // (b) oldValue + template: the source replaces oldValue in the template.
                let template = self.text_arg(call, 6)?.unwrap_or_default();
                return Ok(match source.as_text() {
                    None => Value::Null,
                    // An empty oldValue replaces nothing: the template as is.
                    Some(_) if old.is_empty() => Value::String(template),
                    Some(s) => Value::String(output::replace_literal(&template, &old, &s)?),
                });
            }
            // (a) oldValue + replacementValue.
            let new = self.text_arg(call, 4)?.unwrap_or_default();
            if old.is_empty() {
                return Ok(source);
            }
            return Ok(try_map_text(source, |s| {
                output::replace_literal(s, &old, &new)
            })?);
        }
        if !present(2) {
            return Err(error(
                range,
                "Replace needs either oldValue (argument 2) or regexPattern (argument 3)",
            ));
        }
        let pattern = self.text_arg(call, 2)?.unwrap_or_default();
        let re = replace::compile(&pattern).map_err(|m| error(Self::arg_range(call, 2), m))?;
        let group = self.text_arg(call, 3)?.filter(|g| !g.is_empty());
        match group {
            Some(group) if present(5) && !present(4) => {
                // (e) keep the source if it has a value; else take the group
                // out of the replacement attribute.
                if !source.is_null_or_empty() {
                    return Ok(source);
                }
                let other = self.text_arg(call, 5)?;
                Ok(other
                    .and_then(|o| replace::group_value(&re, &o, &group))
                    .map_or(Value::Null, Value::String))
            }
            Some(group) => {
                // (d) replace only the named group inside each match.
                let new = self.text_arg(call, 4)?.unwrap_or_default();
                Ok(try_map_text(source, |s| {
                    replace::replace_group(&re, s, &group, &new)
                })?)
            }
            None => {
                // (c) Regex.Replace with .NET substitutions.
                let new = self.text_arg(call, 4)?.unwrap_or_default();
                Ok(try_map_text(source, |s| {
                    replace::replace_all(&re, s, &new)
                })?)
            }
        }
    }
}

/// InStr: the 1-based character position of `needle` in `haystack` at or
/// after `start`, 0 when absent (VB's convention, which Entra keeps).
fn instr(haystack: &str, needle: &str, start: i64, mode: CompareMode) -> i64 {
    let fold = |s: &str| -> Vec<char> {
        match mode {
            CompareMode::Text => text::to_lower(s, None).chars().collect(),
            CompareMode::Binary => s.chars().collect(),
        }
    };
    let (h, n) = (fold(haystack), fold(needle));
    let from = usize::try_from(start - 1).unwrap_or(0);
    if from > h.len() {
        return 0;
    }
    if n.is_empty() {
        return start;
    }
    (from..h.len())
        .find(|&i| h.get(i..i + n.len()) == Some(n.as_slice()))
        .and_then(|i| i64::try_from(i + 1).ok())
        .unwrap_or(0)
}
