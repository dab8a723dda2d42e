//! The evaluator of the OEL subset, with SpEL's typing rules.

use serde_json::{Map, Value as Json};

use crate::datetime::{DateTime, parse_datetime};
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::mapping::common::excerpt;
use crate::mapping::output::{self, Budget, Capped, TooLarge};
use crate::mapping::{Environment, TextRange};

use super::ast::{BinaryOp, Call, Expr, ExprKind, UnaryOp};
use super::functions::{function, reference_problem, unknown_function};
use super::iso3166;
use super::value::Value;

type Result<T> = std::result::Result<T, Diagnostic>;

/// Seconds between 1601-01-01 and 1970-01-01 (Windows FILETIME epoch).
const FILETIME_EPOCH_OFFSET: i64 = 11_644_473_600;

fn error(range: TextRange, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(Code::ExprEvaluation, "", message).with_range(range.start, range.end)
}

pub(crate) struct Evaluator<'a> {
    user: &'a Map<String, Json>,
    env: &'a Environment,
    pub(crate) warnings: Vec<Diagnostic>,
    budget: Budget,
}

impl<'a> Evaluator<'a> {
    pub(crate) fn new(user: &'a Map<String, Json>, env: &'a Environment) -> Evaluator<'a> {
        Evaluator {
            user,
            env,
            warnings: Vec::new(),
            budget: Budget::default(),
        }
    }

    /// Evaluates `expr`, charging what each computed step produces to the
    /// evaluation's output budget.
    pub(crate) fn eval(&mut self, expr: &Expr) -> Result<Value> {
        let value = self.eval_node(expr);
        match &expr.kind {
            ExprKind::Call(call) => {
                let value = value.map_err(|d| output::place(d, expr.range, &call.name))?;
                self.budget
                    .charge(value_bytes(&value), expr.range, &call.name)?;
                Ok(value)
            }
            ExprKind::Binary(..) | ExprKind::Array(_) => {
                let what = expr.to_string();
                let what = excerpt(&what);
                let value = value.map_err(|d| output::place(d, expr.range, &what))?;
                self.budget.charge(value_bytes(&value), expr.range, &what)?;
                Ok(value)
            }
            _ => value,
        }
    }

    fn eval_node(&mut self, expr: &Expr) -> Result<Value> {
        let range = expr.range;
        match &expr.kind {
            ExprKind::Null => Ok(Value::Null),
            ExprKind::Bool(b) => Ok(Value::Boolean(*b)),
            ExprKind::Int(n) => Ok(Value::Integer(*n)),
            ExprKind::Num(n) => n
                .parse::<f64>()
                .map(Value::Number)
                .map_err(|_| error(range, format!("`{n}` is not a number"))),
            ExprKind::Str(s) => Ok(Value::String(s.clone())),
            ExprKind::Array(items) => items
                .iter()
                .map(|e| self.eval(e))
                .collect::<Result<Vec<_>>>()
                .map(Value::Array),
            ExprKind::Ref(path) => {
                if let Some(d) = reference_problem(path, range) {
                    return Err(d);
                }
                let name = path.get(1).map_or("", String::as_str);
                // Okta profile attribute names are case-sensitive variable names.
                match self.user.get(name) {
                    None => Ok(Value::Null),
                    Some(json) => Value::from_json(json).ok_or_else(|| {
                        Diagnostic::new(
                            Code::ExprUnsupported,
                            "",
                            format!("`{}` is an object; OEL profile attributes are strings, numbers, booleans or arrays", path.join(".")),
                        )
                        .with_range(range.start, range.end)
                    }),
                }
            }
            ExprKind::Member(target, name) => Err(Diagnostic::new(
                Code::ExprUnsupported,
                "",
                format!("reading `.{name}` of `{target}` is not supported by this simulator"),
            )
            .with_range(range.start, range.end)),
            ExprKind::Unary(op, operand) => {
                let v = self.eval(operand)?;
                match (op, v) {
                    (UnaryOp::Not, Value::Boolean(b)) => Ok(Value::Boolean(!b)),
                    (UnaryOp::Neg, Value::Integer(n)) => n
                        .checked_neg()
                        .map(Value::Integer)
                        .ok_or_else(|| error(range, "integer overflow")),
                    (UnaryOp::Neg, Value::Number(n)) => Ok(Value::Number(-n)),
                    (UnaryOp::Not, v) => Err(error(
                        operand.range,
                        format!("`!` needs a boolean; `{operand}` is {}", v.type_name()),
                    )),
                    (UnaryOp::Neg, v) => Err(error(
                        operand.range,
                        format!("`-` needs a number; `{operand}` is {}", v.type_name()),
                    )),
                }
            }
            ExprKind::Binary(op, left, right) => self.binary(*op, left, right, range),
            ExprKind::Ternary(cond, then, otherwise) => {
                let c = self.eval(cond)?;
                match c {
                    Value::Boolean(true) => self.eval(then),
                    Value::Boolean(false) => self.eval(otherwise),
                    other => Err(error(
                        cond.range,
                        format!(
                            "the condition must be true or false; `{cond}` is {}",
                            other.type_name()
                        ),
                    )),
                }
            }
            ExprKind::Call(call) => self.call(call, range),
        }
    }

    fn boolean(&mut self, e: &Expr, op: BinaryOp) -> Result<bool> {
        match self.eval(e)? {
            Value::Boolean(b) => Ok(b),
            other => Err(error(
                e.range,
                format!(
                    "`{}` needs booleans on both sides; `{e}` is {}",
                    op.as_str(),
                    other.type_name()
                ),
            )),
        }
    }

    fn binary(
        &mut self,
        op: BinaryOp,
        left: &Expr,
        right: &Expr,
        range: TextRange,
    ) -> Result<Value> {
        match op {
            BinaryOp::And => Ok(Value::Boolean(
                self.boolean(left, op)? && self.boolean(right, op)?,
            )),
            BinaryOp::Or => Ok(Value::Boolean(
                self.boolean(left, op)? || self.boolean(right, op)?,
            )),
            _ => {
                let l = self.eval(left)?;
                let r = self.eval(right)?;
                match op {
                    BinaryOp::Add => self.add(l, r, left, right, range),
                    BinaryOp::Sub => match (l, r) {
                        (Value::Integer(a), Value::Integer(b)) => a
                            .checked_sub(b)
                            .map(Value::Integer)
                            .ok_or_else(|| error(range, "integer overflow")),
                        (a, b) => match (as_f64(&a), as_f64(&b)) {
                            (Some(x), Some(y)) => Ok(Value::Number(x - y)),
                            _ => Err(error(
                                range,
                                format!(
                                    "`-` needs numbers; found {} and {}",
                                    a.type_name(),
                                    b.type_name()
                                ),
                            )),
                        },
                    },
                    BinaryOp::Eq => Ok(Value::Boolean(equal(&l, &r))),
                    BinaryOp::Ne => Ok(Value::Boolean(!equal(&l, &r))),
                    _ => {
                        let ordering = match (&l, &r) {
                            (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
                            (a, b) => match (as_f64(a), as_f64(b)) {
                                (Some(x), Some(y)) => x.partial_cmp(&y),
                                _ => None,
                            },
                        };
                        let Some(o) = ordering else {
                            return Err(error(
                                range,
                                format!(
                                    "`{}` compares two numbers or two strings; found {} and {}",
                                    op.as_str(),
                                    l.type_name(),
                                    r.type_name()
                                ),
                            ));
                        };
                        Ok(Value::Boolean(match op {
                            BinaryOp::Lt => o.is_lt(),
                            BinaryOp::Gt => o.is_gt(),
                            BinaryOp::Le => o.is_le(),
                            _ => o.is_ge(),
                        }))
                    }
                }
            }
        }
    }

    /// SpEL's `+`: numbers add; if either side is a string, both are
    /// concatenated as text, and a null side becomes the text `null`
    /// (reported as a warning, since that is rarely what an admin wants).
    fn add(
        &mut self,
        l: Value,
        r: Value,
        left: &Expr,
        right: &Expr,
        range: TextRange,
    ) -> Result<Value> {
        match (&l, &r) {
            (Value::Integer(a), Value::Integer(b)) => {
                return Ok(a
                    .checked_add(*b)
                    .map_or(Value::Number(*a as f64 + *b as f64), Value::Integer));
            }
            (Value::String(_), _) | (_, Value::String(_)) => {
                for (v, e) in [(&l, left), (&r, right)] {
                    if *v == Value::Null {
                        self.warnings.push(
                            Diagnostic::new(
                                Code::ExprEvaluation,
                                "",
                                format!("`{e}` is null, and Okta's `+` writes it as the text \"null\""),
                            )
                            .with_severity(Severity::Warning)
                            .with_range(e.range.start, e.range.end)
                            .with_help("guard it with a condition, e.g. (user.middleName != null ? user.middleName : \"\")"),
                        );
                    }
                }
                let mut out = Capped::new();
                out.push_str(&l.to_string())?;
                out.push_str(&r.to_string())?;
                return Ok(Value::String(out.into_string()));
            }
            _ => {}
        }
        match (as_f64(&l), as_f64(&r)) {
            (Some(x), Some(y)) => Ok(Value::Number(x + y)),
            _ => Err(error(
                range,
                format!("`+` cannot combine {} and {}", l.type_name(), r.type_name()),
            )),
        }
    }

    fn args(&mut self, call: &Call) -> Result<Vec<Value>> {
        call.args.iter().map(|a| self.eval(a)).collect()
    }

    fn call(&mut self, call: &Call, range: TextRange) -> Result<Value> {
        let info = function(&call.name).ok_or_else(|| unknown_function(call))?;
        info.check_arity(call.args.len(), range)?;
        let args = self.args(call)?;
        let arg = |i: usize| args.get(i).cloned().unwrap_or(Value::Null);
        let arg_range = |i: usize| call.args.get(i).map_or(call.name_range, |a| a.range);
        let text = |i: usize| -> Option<String> {
            match args.get(i) {
                None | Some(Value::Null) => None,
                Some(v) => Some(v.to_string()),
            }
        };
        let int = |i: usize| -> Result<i64> {
            match args.get(i) {
                Some(Value::Integer(n)) => Ok(*n),
                Some(Value::Number(n)) if n.fract() == 0.0 => Ok(*n as i64),
                Some(Value::String(s)) if s.trim().parse::<i64>().is_ok() => {
                    Ok(s.trim().parse::<i64>().unwrap_or(0))
                }
                other => Err(error(
                    arg_range(i),
                    format!(
                        "argument {} of {} must be a whole number; found {}",
                        i + 1,
                        info.name,
                        other.map_or("nothing", Value::type_name)
                    ),
                )),
            }
        };
        let array = |i: usize| -> Result<Option<Vec<Value>>> {
            match arg(i) {
                Value::Null => Ok(None),
                Value::Array(items) => Ok(Some(items)),
                other => Err(error(
                    arg_range(i),
                    format!(
                        "argument {} of {} must be an array; found {}",
                        i + 1,
                        info.name,
                        other.type_name()
                    ),
                )),
            }
        };
        let map_text =
            |f: &dyn Fn(&str) -> Value| -> Value { text(0).map_or(Value::Null, |s| f(&s)) };
        let name = info.replaced_by.unwrap_or(info.name);
        Ok(match name {
            "String.append" => Value::String(format!(
                "{}{}",
                text(0).unwrap_or_default(),
                text(1).unwrap_or_default()
            )),
            "String.join" => {
                let sep = text(0).unwrap_or_default();
                let mut parts = Vec::new();
                for v in args.iter().skip(1) {
                    match v {
                        Value::Array(items) => parts.extend(items.iter().map(Value::to_string)),
                        Value::Null => {}
                        v => parts.push(v.to_string()),
                    }
                }
                Value::String(output::join(parts.iter().map(String::as_str), &sep)?)
            }
            // Java's String.length() counts UTF-16 code units.
            "String.len" => Value::Integer(text(0).map_or(0, |s| {
                i64::try_from(s.encode_utf16().count()).unwrap_or(i64::MAX)
            })),
            "String.removeSpaces" => {
                map_text(&|s| Value::String(s.chars().filter(|c| !c.is_whitespace()).collect()))
            }
            "String.replace" | "String.replaceFirst" => {
                let (Some(input), Some(pattern)) = (text(0), text(1)) else {
                    return Ok(if text(0).is_none() {
                        Value::Null
                    } else {
                        arg(0)
                    });
                };
                let replacement = text(2).unwrap_or_default();
                // Java's replaceAll/replaceFirst: the match is a regular expression.
                let re = regex_lite::Regex::new(&pattern).map_err(|e| {
                    error(
                        arg_range(1),
                        format!(
                            "`{}` is not a valid regular expression: {e}",
                            excerpt(&pattern)
                        ),
                    )
                })?;
                let first_only = (name == "String.replaceFirst").then_some(1);
                Value::String(output::replace_regex(
                    &re,
                    &input,
                    first_only,
                    |caps, out| java_replacement(&replacement, caps, out),
                )?)
            }
            "String.stringContains" => Value::Boolean(match (text(0), text(1)) {
                (Some(a), Some(b)) => a.contains(&b),
                _ => false,
            }),
            "String.stringSwitch" => {
                let input = text(0).unwrap_or_default();
                let mut i = 2;
                let mut found = None;
                while i + 1 < args.len() {
                    if text(i).is_some_and(|k| input.contains(&k)) {
                        found = Some(arg(i + 1));
                        break;
                    }
                    i += 2;
                }
                found.unwrap_or_else(|| arg(1))
            }
            "String.substring" => {
                let Some(s) = text(0) else {
                    return Ok(Value::Null);
                };
                let (start, end) = (int(1)?, int(2)?);
                let units: Vec<u16> = s.encode_utf16().collect();
                let len = i64::try_from(units.len()).unwrap_or(i64::MAX);
                if start < 0 || end > len || start > end {
                    return Err(error(
                        range,
                        format!(
                            "substring({start}, {end}) is out of range for \"{}\" (length {len}); Java throws here",
                            excerpt(&s)
                        ),
                    ));
                }
                let slice = units
                    .get(usize::try_from(start).unwrap_or(0)..usize::try_from(end).unwrap_or(0))
                    .unwrap_or(&[]);
                Value::String(String::from_utf16_lossy(slice))
            }
            // Apache Commons semantics: not found → "" after, whole input before.
            "String.substringAfter" => match (text(0), text(1)) {
                (None, _) => Value::Null,
                (Some(s), None) => Value::String(s),
                (Some(s), Some(t)) => Value::String(
                    s.find(&t)
                        .and_then(|i| s.get(i + t.len()..))
                        .unwrap_or("")
                        .to_string(),
                ),
            },
            "String.substringBefore" => match (text(0), text(1)) {
                (None, _) => Value::Null,
                (Some(s), None) => Value::String(s),
                (Some(s), Some(t)) => Value::String(
                    s.find(&t)
                        .and_then(|i| s.get(..i))
                        .unwrap_or(&s)
                        .to_string(),
                ),
            },
            "String.toUpperCase" => map_text(&|s| Value::String(s.to_uppercase())),
            "String.toLowerCase" => map_text(&|s| Value::String(s.to_lowercase())),
            "Arrays.add" => {
                let mut items = array(0)?.unwrap_or_default();
                items.push(arg(1));
                Value::Array(items)
            }
            "Arrays.remove" => {
                let v = arg(1);
                Value::Array(
                    array(0)?
                        .unwrap_or_default()
                        .into_iter()
                        .filter(|x| !equal(x, &v))
                        .collect(),
                )
            }
            "Arrays.clear" => {
                array(0)?;
                Value::Array(Vec::new())
            }
            "Arrays.get" => {
                let items = array(0)?.unwrap_or_default();
                let i = int(1)?;
                usize::try_from(i)
                    .ok()
                    .and_then(|i| items.get(i).cloned())
                    .unwrap_or(Value::Null)
            }
            "Arrays.flatten" => {
                let mut out = Vec::new();
                let mut stack: Vec<Value> = args.iter().rev().cloned().collect();
                while let Some(v) = stack.pop() {
                    match v {
                        Value::Array(items) => stack.extend(items.into_iter().rev()),
                        Value::Null => {}
                        v => out.push(v),
                    }
                }
                Value::Array(out)
            }
            "Arrays.contains" => {
                let v = arg(1);
                Value::Boolean(array(0)?.unwrap_or_default().iter().any(|x| equal(x, &v)))
            }
            "Arrays.size" => {
                Value::Integer(array(0)?.map_or(0, |a| i64::try_from(a.len()).unwrap_or(i64::MAX)))
            }
            "Arrays.isEmpty" => Value::Boolean(array(0)?.is_none_or(|a| a.is_empty())),
            "Arrays.toCsvString" => match array(0)? {
                None => Value::Null,
                Some(items) => {
                    let texts: Vec<String> = items.iter().map(Value::to_string).collect();
                    Value::String(output::join(texts.iter().map(String::as_str), ",")?)
                }
            },
            "Convert.toInt" => match arg(0) {
                Value::Null => Value::Null,
                Value::Integer(n) => Value::Integer(n),
                // Math.round: halves round up.
                Value::Number(n) => Value::Integer((n + 0.5).floor() as i64),
                Value::String(s) => match s.trim().parse::<i64>() {
                    Ok(n) => Value::Integer(n),
                    Err(_) => {
                        return Err(error(
                            arg_range(0),
                            format!("Convert.toInt: \"{}\" is not a whole number", excerpt(&s)),
                        ));
                    }
                },
                other => {
                    return Err(error(
                        arg_range(0),
                        format!("Convert.toInt cannot convert {}", other.type_name()),
                    ));
                }
            },
            "Convert.toNum" => match arg(0) {
                Value::Null => Value::Null,
                Value::Integer(n) => Value::Number(n as f64),
                Value::Number(n) => Value::Number(n),
                Value::String(s) => match s.trim().parse::<f64>() {
                    Ok(n) if n.is_finite() => Value::Number(n),
                    _ => {
                        return Err(error(
                            arg_range(0),
                            format!("Convert.toNum: \"{}\" is not a number", excerpt(&s)),
                        ));
                    }
                },
                other => {
                    return Err(error(
                        arg_range(0),
                        format!("Convert.toNum cannot convert {}", other.type_name()),
                    ));
                }
            },
            "Iso3166Convert.toAlpha2"
            | "Iso3166Convert.toAlpha3"
            | "Iso3166Convert.toNumeric"
            | "Iso3166Convert.toName" => match text(0).and_then(|s| iso3166::find(&s)) {
                None => Value::Null,
                Some(c) => Value::string(match name {
                    "Iso3166Convert.toAlpha2" => c.alpha2,
                    "Iso3166Convert.toAlpha3" => c.alpha3,
                    "Iso3166Convert.toNumeric" => c.numeric,
                    _ => c.name,
                }),
            },
            "Time.now" => {
                let offset = match text(0) {
                    None => 0,
                    Some(tz) => zone_offset(&tz).ok_or_else(|| {
                        Diagnostic::new(
                            Code::ExprUnsupported,
                            "",
                            format!("time zone \"{}\": this simulator knows UTC and fixed offsets such as +05:30, not named zones", excerpt(&tz)),
                        )
                        .with_range(arg_range(0).start, arg_range(0).end)
                    })?,
                };
                match text(1) {
                    None => Value::String(iso(&self.env.now, offset, true)),
                    Some(format) => Value::String(
                        joda(&self.env.now, offset, &format).map_err(|m| error(arg_range(1), m))?,
                    ),
                }
            }
            "Time.fromWindowsToIso8601" => match arg(0) {
                Value::Null => Value::Null,
                _ => {
                    let ticks = int(0)?;
                    let dt = DateTime::from_unix(
                        ticks.div_euclid(10_000_000) - FILETIME_EPOCH_OFFSET,
                        0,
                    );
                    Value::String(iso(&dt, 0, false))
                }
            },
            "Time.fromUnixToIso8601" => match arg(0) {
                Value::Null => Value::Null,
                _ => Value::String(iso(&DateTime::from_unix(int(0)?, 0), 0, false)),
            },
            "Time.fromIso8601ToWindows" | "Time.fromIso8601ToUnix" => match text(0) {
                None => Value::Null,
                Some(s) => {
                    let dt = parse_datetime(&s).map_err(|e| {
                        error(
                            arg_range(0),
                            format!("\"{}\" is not an ISO 8601 date-time: {e}", excerpt(&s)),
                        )
                    })?;
                    if name == "Time.fromIso8601ToUnix" {
                        Value::String(dt.unix_seconds.to_string())
                    } else {
                        let ticks = dt
                            .unix_seconds
                            .checked_add(FILETIME_EPOCH_OFFSET)
                            .and_then(|s| s.checked_mul(10_000_000))
                            .and_then(|t| t.checked_add(i64::from(dt.nanos / 100)))
                            .ok_or_else(|| {
                                error(
                                    arg_range(0),
                                    format!("\"{}\" is beyond the Windows time range", excerpt(&s)),
                                )
                            })?;
                        Value::String(ticks.to_string())
                    }
                }
            },
            other => return Err(error(range, format!("{other} is not implemented"))),
        })
    }
}

fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Integer(n) => Some(*n as f64),
        Value::Number(n) => Some(*n),
        _ => None,
    }
}

/// SpEL equality: numbers by value across integer/decimal, else same type and value.
fn equal(a: &Value, b: &Value) -> bool {
    match (as_f64(a), as_f64(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// Java's `Matcher.replaceAll` replacement syntax: `$n`, `${name}`, `\x`.
fn java_replacement(
    replacement: &str,
    caps: &regex_lite::Captures<'_>,
    out: &mut Capped,
) -> std::result::Result<(), TooLarge> {
    let mut chars = replacement.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    out.push(next)?;
                }
            }
            '$' if chars.peek() == Some(&'{') => {
                chars.next();
                let name: String = chars.by_ref().take_while(|&c| c != '}').collect();
                out.push_str(caps.name(&name).map_or("", |m| m.as_str()))?;
            }
            '$' if chars.peek().is_some_and(char::is_ascii_digit) => {
                let mut n = 0usize;
                while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
                    let next = n * 10 + d as usize;
                    if next >= caps.len() && n > 0 {
                        break;
                    }
                    n = next;
                    chars.next();
                }
                out.push_str(caps.get(n).map_or("", |m| m.as_str()))?;
            }
            c => out.push(c)?,
        }
    }
    Ok(())
}

/// The bytes of text a value holds (numbers and booleans count as their text
/// would, roughly; arrays are walked without recursion).
fn value_bytes(value: &Value) -> usize {
    let mut total = 0usize;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        total = total.saturating_add(match v {
            Value::Null | Value::Boolean(_) | Value::Integer(_) | Value::Number(_) => 8,
            Value::String(s) => s.len(),
            Value::Array(items) => {
                stack.extend(items);
                8
            }
        });
    }
    total
}

/// `UTC`, `GMT`, `Z`, `Etc/UTC` or a fixed offset `±hh:mm` / `±hhmm`, in minutes.
fn zone_offset(tz: &str) -> Option<i32> {
    let tz = tz.trim();
    if ["UTC", "GMT", "Z", "Etc/UTC", "Etc/GMT"]
        .iter()
        .any(|z| z.eq_ignore_ascii_case(tz))
    {
        return Some(0);
    }
    let sign = match tz.chars().next()? {
        '+' => 1,
        '-' => -1,
        _ => return None,
    };
    let digits: String = tz.get(1..)?.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let h: i32 = digits.get(..2)?.parse().ok()?;
    let m: i32 = digits.get(2..)?.parse().ok()?;
    (h <= 14 && m < 60).then_some(sign * (h * 60 + m))
}

fn shifted(dt: &DateTime, offset: i32) -> (i64, u32, u32, u32, u32, u32) {
    DateTime::from_unix(
        dt.unix_seconds.saturating_add(i64::from(offset) * 60),
        dt.nanos,
    )
    .utc_fields()
}

fn offset_text(offset: i32, colon: bool) -> String {
    let sign = if offset < 0 { '-' } else { '+' };
    let (h, m) = (offset.abs() / 60, offset.abs() % 60);
    if colon {
        format!("{sign}{h:02}:{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}")
    }
}

/// ISO 8601 as Okta prints it (`2015-07-31T17:18:37.979Z`).
fn iso(dt: &DateTime, offset: i32, millis: bool) -> String {
    let (y, mo, d, h, mi, s) = shifted(dt, offset);
    let mut out = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}");
    if millis {
        out.push_str(&format!(".{:03}", dt.nanos / 1_000_000));
    }
    out.push_str(&if offset == 0 {
        "Z".to_string()
    } else {
        offset_text(offset, true)
    });
    out
}

/// The Joda-Time pattern letters Okta admins use with `Time.now`.
fn joda(dt: &DateTime, offset: i32, pattern: &str) -> std::result::Result<String, String> {
    let (y, mo, d, h, mi, s) = shifted(dt, offset);
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let mut run = 1;
        while chars.get(i + run) == Some(&c) {
            run += 1;
        }
        let pad = |v: i64| format!("{v:0run$}");
        match c {
            'y' | 'Y' | 'u' => out.push_str(&if run == 2 {
                format!("{:02}", y % 100)
            } else {
                pad(y)
            }),
            'M' => out.push_str(&pad(i64::from(mo))),
            'd' => out.push_str(&pad(i64::from(d))),
            'H' => out.push_str(&pad(i64::from(h))),
            'h' => out.push_str(&pad(i64::from(if h % 12 == 0 { 12 } else { h % 12 }))),
            'm' => out.push_str(&pad(i64::from(mi))),
            's' => out.push_str(&pad(i64::from(s))),
            'S' => out.push_str(format!("{:09}", dt.nanos).get(..run.min(9)).unwrap_or("")),
            'a' => out.push_str(if h < 12 { "AM" } else { "PM" }),
            'Z' => out.push_str(&offset_text(offset, run >= 2)),
            '\'' => {
                let mut j = i + 1;
                while let Some(&q) = chars.get(j) {
                    if q == '\'' {
                        break;
                    }
                    out.push(q);
                    j += 1;
                }
                if chars.get(j).is_none() {
                    return Err(format!("unterminated quote in the pattern `{pattern}`"));
                }
                i = j + 1;
                continue;
            }
            c if c.is_ascii_alphabetic() => {
                return Err(format!(
                    "pattern letter `{c}` is not supported by this simulator (supported: y M d H h m s S a Z)"
                ));
            }
            c => {
                for _ in 0..run {
                    out.push(c);
                }
            }
        }
        i += run;
    }
    Ok(out)
}
