//! The function table of idp-facts §2.3 and the static check that runs
//! before evaluation: unknown names, arity, and argument types that can be
//! known without a user (literals, enum names, comparisons, regexes).

use crate::diagnostics::{Code, Diagnostic};
use crate::mapping::common::{excerpt, suggest};

use super::ast::{Call, Expr, ExprKind};
use super::dates::{INTERVALS, Interval};
use super::replace;

/// What an argument position accepts, as far as a check can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamKind {
    /// Any value.
    Any,
    /// A whole number (a literal must be an integer, `&H` hex, or a string of digits).
    Number,
    /// A DateAdd/DateDiff interval: `yyyy m d ww h n s`.
    Interval,
    /// `vbTextCompare` or `vbBinaryCompare`.
    CompareMode,
    /// A condition: a comparison `a = b` is allowed here (IIF, CBool).
    Condition,
}

/// One function of Entra ID's expression language.
pub type FunctionInfo = crate::mapping::FunctionInfo<ParamKind>;

use ParamKind::{Any, CompareMode, Condition, Interval as IntervalKind, Number};

macro_rules! f {
    ($name:literal, $sig:literal, $min:expr, $max:expr, $repeat:expr, [$(($p:literal, $k:expr)),*], $summary:literal) => {
        FunctionInfo {
            name: $name,
            signature: $sig,
            min_args: $min,
            max_args: $max,
            params: &[$(($p, $k)),*],
            repeat: $repeat,
            summary: $summary,
            replaced_by: None,
        }
    };
}

/// Every function of Entra's expression language, in alphabetical order.
pub const FUNCTIONS: &[FunctionInfo] = &[
    f!(
        "Append",
        "Append(source, suffix)",
        2,
        Some(2),
        0,
        [("source", Any), ("suffix", Any)],
        "source followed by suffix"
    ),
    f!(
        "AppRoleAssignmentsComplex",
        "AppRoleAssignmentsComplex([appRoleAssignments])",
        1,
        Some(1),
        0,
        [("appRoleAssignments", Any)],
        "every assigned app role as a role object"
    ),
    f!(
        "AssertiveAppRoleAssignmentsComplex",
        "AssertiveAppRoleAssignmentsComplex([appRoleAssignments])",
        1,
        Some(1),
        0,
        [("appRoleAssignments", Any)],
        "every assigned app role; PATCH replaces the roles"
    ),
    f!(
        "BitAnd",
        "BitAnd(value1, value2)",
        2,
        Some(2),
        0,
        [("value1", Number), ("value2", Number)],
        "bitwise AND of two numbers"
    ),
    f!(
        "CBool",
        "CBool(expression)",
        1,
        Some(1),
        0,
        [("expression", Condition)],
        "\"True\" when the expression is true or non-zero"
    ),
    f!(
        "CDate",
        "CDate(expression)",
        1,
        Some(1),
        0,
        [("expression", Any)],
        "reads a date/time text into a UTC date"
    ),
    f!(
        "Coalesce",
        "Coalesce(source1, source2, …, defaultValue)",
        1,
        None,
        1,
        [("source", Any)],
        "the first argument that is not null"
    ),
    f!(
        "ConvertToBase64",
        "ConvertToBase64(source)",
        1,
        Some(1),
        0,
        [("source", Any)],
        "base64 of the UTF-16LE bytes"
    ),
    f!(
        "ConvertToUTF8Hex",
        "ConvertToUTF8Hex(source)",
        1,
        Some(1),
        0,
        [("source", Any)],
        "upper-case hex of the UTF-8 bytes"
    ),
    f!(
        "Count",
        "Count(attribute)",
        1,
        Some(1),
        0,
        [("attribute", Any)],
        "how many values a multi-valued attribute has"
    ),
    f!(
        "CStr",
        "CStr(value)",
        1,
        Some(1),
        0,
        [("value", Any)],
        "the value as a string"
    ),
    f!(
        "DateAdd",
        "DateAdd(interval, value, dateTime)",
        3,
        Some(3),
        0,
        [
            ("interval", IntervalKind),
            ("value", Number),
            ("dateTime", Any)
        ],
        "adds value intervals to a date"
    ),
    f!(
        "DateDiff",
        "DateDiff(interval, date1, date2)",
        3,
        Some(3),
        0,
        [("interval", IntervalKind), ("date1", Any), ("date2", Any)],
        "intervals from date1 to date2"
    ),
    f!(
        "DateFromNum",
        "DateFromNum(value)",
        1,
        Some(1),
        0,
        [("value", Number)],
        "an AD FILETIME number as a date"
    ),
    f!(
        "FormatDateTime",
        "FormatDateTime(source, dateTimeStyles, inputFormat, outputFormat)",
        4,
        Some(4),
        0,
        [
            ("source", Any),
            ("dateTimeStyles", Any),
            ("inputFormat", Any),
            ("outputFormat", Any)
        ],
        "re-formats a date text"
    ),
    f!("Guid", "Guid()", 0, Some(0), 0, [], "a new random GUID"),
    f!(
        "IgnoreFlowIfNullOrEmpty",
        "IgnoreFlowIfNullOrEmpty(expression)",
        1,
        Some(1),
        0,
        [("expression", Any)],
        "leaves the attribute out of the request when the value is null or empty"
    ),
    f!(
        "IIF",
        "IIF(condition, valueIfTrue, valueIfFalse)",
        3,
        Some(3),
        0,
        [
            ("condition", Condition),
            ("valueIfTrue", Any),
            ("valueIfFalse", Any)
        ],
        "one of two values by a condition"
    ),
    f!(
        "InStr",
        "InStr(value1, value2, start, compareType)",
        2,
        Some(4),
        0,
        [
            ("value1", Any),
            ("value2", Any),
            ("start", Number),
            ("compareType", CompareMode)
        ],
        "1-based position of value2 in value1, 0 when absent"
    ),
    f!(
        "IsNull",
        "IsNull(expression)",
        1,
        Some(1),
        0,
        [("expression", Any)],
        "\"True\" when the value is null"
    ),
    f!(
        "IsNullOrEmpty",
        "IsNullOrEmpty(expression)",
        1,
        Some(1),
        0,
        [("expression", Any)],
        "\"True\" when the value is null or empty"
    ),
    f!(
        "IsPresent",
        "IsPresent(expression)",
        1,
        Some(1),
        0,
        [("expression", Any)],
        "\"True\" when the value is neither null nor empty"
    ),
    f!(
        "IsString",
        "IsString(expression)",
        1,
        Some(1),
        0,
        [("expression", Any)],
        "\"True\" when the value is a string"
    ),
    f!(
        "Item",
        "Item(attribute, index)",
        2,
        Some(2),
        0,
        [("attribute", Any), ("index", Number)],
        "the index-th (1-based) value of a multi-valued attribute"
    ),
    f!(
        "Join",
        "Join(separator, source1, source2, …)",
        2,
        None,
        1,
        [("separator", Any), ("source", Any)],
        "the non-empty values joined by separator"
    ),
    f!(
        "Left",
        "Left(string, numChars)",
        2,
        Some(2),
        0,
        [("string", Any), ("numChars", Number)],
        "the first numChars characters"
    ),
    f!(
        "Mid",
        "Mid(source, start, length)",
        3,
        Some(3),
        0,
        [("source", Any), ("start", Number), ("length", Number)],
        "length characters from the 1-based start"
    ),
    f!(
        "NormalizeDiacritics",
        "NormalizeDiacritics(source)",
        1,
        Some(1),
        0,
        [("source", Any)],
        "accented letters replaced by their base letters"
    ),
    f!(
        "Not",
        "Not(source)",
        1,
        Some(1),
        0,
        [("source", Any)],
        "\"False\" for \"True\", \"True\" otherwise"
    ),
    f!(
        "Now",
        "Now()",
        0,
        Some(0),
        0,
        [],
        "the current UTC date and time"
    ),
    f!(
        "NumFromDate",
        "NumFromDate(value)",
        1,
        Some(1),
        0,
        [("value", Any)],
        "a date as an AD FILETIME number"
    ),
    f!(
        "PCase",
        "PCase(source, wordSeparators)",
        1,
        Some(2),
        0,
        [("source", Any), ("wordSeparators", Any)],
        "each word capitalised"
    ),
    f!(
        "RandomString",
        "RandomString(length, minimumNumbers, minimumSpecialCharacters, minimumCapital, minimumLowerCase, charactersToAvoid)",
        5,
        Some(6),
        0,
        [
            ("length", Number),
            ("minimumNumbers", Number),
            ("minimumSpecialCharacters", Number),
            ("minimumCapital", Number),
            ("minimumLowerCase", Number),
            ("charactersToAvoid", Any)
        ],
        "a random string with the given character mix"
    ),
    f!(
        "Redact",
        "Redact(attributeOrValue)",
        1,
        Some(1),
        0,
        [("attributeOrValue", Any)],
        "the value, hidden in provisioning logs"
    ),
    f!(
        "RemoveDuplicates",
        "RemoveDuplicates(attribute)",
        1,
        Some(1),
        0,
        [("attribute", Any)],
        "a multi-valued attribute without repeated values"
    ),
    f!(
        "Replace",
        "Replace(source, oldValue, regexPattern, regexGroupName, replacementValue, replacementAttributeName, template)",
        7,
        Some(7),
        0,
        [
            ("source", Any),
            ("oldValue", Any),
            ("regexPattern", Any),
            ("regexGroupName", Any),
            ("replacementValue", Any),
            ("replacementAttributeName", Any),
            ("template", Any)
        ],
        "replaces text or regex matches"
    ),
    f!(
        "SelectUniqueValue",
        "SelectUniqueValue(uniqueValueRule1, uniqueValueRule2, …)",
        2,
        None,
        1,
        [("uniqueValueRule", Any)],
        "the first rule whose value is not yet used in the target (on-premises AD only)"
    ),
    f!(
        "SingleAppRoleAssignment",
        "SingleAppRoleAssignment([appRoleAssignments])",
        1,
        Some(1),
        0,
        [("appRoleAssignments", Any)],
        "the one assigned app role"
    ),
    f!(
        "Split",
        "Split(source, delimiter)",
        2,
        Some(2),
        0,
        [("source", Any), ("delimiter", Any)],
        "a string split into several values"
    ),
    f!(
        "StripSpaces",
        "StripSpaces(source)",
        1,
        Some(1),
        0,
        [("source", Any)],
        "the source without space characters"
    ),
    f!(
        "Switch",
        "Switch(source, defaultValue, key1, value1, key2, value2, …)",
        4,
        None,
        2,
        [
            ("source", Any),
            ("defaultValue", Any),
            ("key", Any),
            ("value", Any)
        ],
        "the value of the first key equal to source, else defaultValue"
    ),
    f!(
        "ToLower",
        "ToLower(source, culture)",
        1,
        Some(2),
        0,
        [("source", Any), ("culture", Any)],
        "lower case"
    ),
    f!(
        "ToUpper",
        "ToUpper(source, culture)",
        1,
        Some(2),
        0,
        [("source", Any), ("culture", Any)],
        "upper case"
    ),
    f!(
        "Word",
        "Word(string, wordNumber, delimiters)",
        3,
        Some(3),
        0,
        [("string", Any), ("wordNumber", Number), ("delimiters", Any)],
        "the wordNumber-th (1-based) word"
    ),
];

/// The function called exactly `name` (names are case-sensitive).
pub fn function(name: &str) -> Option<&'static FunctionInfo> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

/// The diagnostic for a call to a function that does not exist, with a
/// suggestion (names are case-sensitive, so `toLower` gets `ToLower`).
pub(crate) fn unknown_function(call: &Call) -> Diagnostic {
    let r = call.name_range;
    let mut d = Diagnostic::new(
        Code::ExprUnknownFunction,
        "",
        format!("unknown function `{}`", call.name),
    )
    .with_range(r.start, r.end);
    if let Some(best) = suggest(&call.name, FUNCTIONS.iter().map(|f| f.name)) {
        d.message = if best.eq_ignore_ascii_case(&call.name) {
            format!(
                "unknown function `{}`: function names are case-sensitive; did you mean `{best}`?",
                call.name
            )
        } else {
            format!("unknown function `{}`: did you mean `{best}`?", call.name)
        };
        d = d.with_help(format!(
            "write {}",
            function(best).map_or(best, |f| f.signature)
        ));
    }
    d
}

fn ordinal_label(info: &FunctionInfo, index: usize) -> String {
    match info.param(index) {
        Some((name, _)) => format!("argument {} of {} ({name})", index + 1, info.name),
        None => format!("argument {} of {}", index + 1, info.name),
    }
}

/// Checks a tree, appending problems to `diags`. Walks with an explicit
/// stack, so its cost does not depend on the call stack.
pub(crate) fn check(root: &Expr, diags: &mut Vec<Diagnostic>) {
    // (node, the kind its position accepts, a label for messages)
    let mut stack: Vec<(&Expr, ParamKind, String)> =
        vec![(root, Any, "the expression".to_string())];
    while let Some((expr, kind, label)) = stack.pop() {
        let range = expr.range;
        let type_error = |message: String| {
            Diagnostic::new(Code::ExprArgumentType, "", message).with_range(range.start, range.end)
        };
        match &expr.kind {
            ExprKind::Comparison(c) => {
                if kind != Condition {
                    diags.push(type_error(format!(
                        "a comparison (`{}`) can only be the condition of IIF or the argument of CBool, not {label}",
                        c.op.as_str()
                    )));
                }
                stack.push((&c.right, Any, label.clone()));
                stack.push((&c.left, Any, label));
            }
            ExprKind::Compare(mode) => {
                if kind != CompareMode {
                    diags.push(type_error(format!(
                        "`{}` can only be the compareType argument of InStr, not {label}",
                        mode.as_str()
                    )));
                }
            }
            ExprKind::String(s) => match kind {
                Number if parse_number(s).is_none() => diags.push(type_error(format!(
                    "{label} must be a whole number; found the string \"{}\"",
                    excerpt(s)
                ))),
                IntervalKind if Interval::parse(s).is_none() => diags.push(type_error(format!(
                    "{label} must be an interval: {INTERVALS}; found \"{}\"",
                    excerpt(s)
                ))),
                CompareMode => {
                    let mut d = type_error(format!(
                        "{label} must be vbTextCompare or vbBinaryCompare; found the string \"{}\"",
                        excerpt(s)
                    ));
                    if s == "vbTextCompare" || s == "vbBinaryCompare" {
                        d = d.with_help(format!("write {s} without quotes"));
                    }
                    diags.push(d);
                }
                _ => {}
            },
            ExprKind::Integer(_) | ExprKind::Hex(_) => match kind {
                IntervalKind => diags.push(type_error(format!(
                    "{label} must be an interval string: {INTERVALS}; found a number"
                ))),
                CompareMode => diags.push(type_error(format!(
                    "{label} must be vbTextCompare or vbBinaryCompare; found a number"
                ))),
                _ => {}
            },
            ExprKind::Attribute(_) => {}
            ExprKind::Call(call) => {
                let Some(info) = function(&call.name) else {
                    diags.push(unknown_function(call));
                    for (i, arg) in call.args.iter().enumerate().rev() {
                        if let Some(e) = &arg.expr {
                            stack.push((e, Any, format!("argument {} of {}", i + 1, call.name)));
                        }
                    }
                    continue;
                };
                if !info.accepts(call.args.len()) {
                    diags.push(arity_error(info, call.args.len(), range));
                }
                for (i, arg) in call.args.iter().enumerate().rev() {
                    let (pkind, label) = match info.param(i) {
                        Some((_, k)) => (k, ordinal_label(info, i)),
                        None => (Any, ordinal_label(info, i)),
                    };
                    match &arg.expr {
                        Some(e) => stack.push((e, pkind, label)),
                        None if matches!(pkind, Number | IntervalKind) && i < info.min_args => {
                            diags.push(
                                Diagnostic::new(
                                    Code::ExprArgumentType,
                                    "",
                                    format!("{label} is empty; a value is required"),
                                )
                                .with_range(arg.range.start, arg.range.end.max(arg.range.start)),
                            );
                        }
                        None => {}
                    }
                }
                check_specific(info, call, diags);
            }
        }
    }
}

fn arity_error(info: &FunctionInfo, n: usize, range: crate::mapping::TextRange) -> Diagnostic {
    let expected = match (info.min_args, info.max_args) {
        (0, Some(0)) => "no arguments".to_string(),
        (min, Some(max)) if min == max => {
            format!("{min} argument{}", if min == 1 { "" } else { "s" })
        }
        (min, Some(max)) => format!("{min} to {max} arguments"),
        (min, None) if info.repeat == 2 => {
            format!(
                "at least {min} arguments, an even number (source, default, then key/value pairs)"
            )
        }
        (min, None) => format!("at least {min} arguments"),
    };
    Diagnostic::new(
        Code::ExprArity,
        "",
        format!(
            "{} takes {expected} but is given {n}: {}",
            info.name, info.signature
        ),
    )
    .with_range(range.start, range.end)
}

/// A whole number as Entra's functions read one: optional sign, digits, and
/// surrounding white space.
pub(crate) fn parse_number(s: &str) -> Option<i64> {
    let t = s.trim();
    if let Some(hex) = t.strip_prefix("&H").or_else(|| t.strip_prefix("&h")) {
        return i64::from_str_radix(hex, 16).ok();
    }
    t.parse::<i64>().ok()
}

/// The literal value of an argument, when it is a literal.
fn literal(call: &Call, index: usize) -> Option<String> {
    match &call.args.get(index)?.expr.as_ref()?.kind {
        ExprKind::String(s) => Some(s.clone()),
        ExprKind::Integer(n) => Some(n.to_string()),
        ExprKind::Hex(n) => Some(n.to_string()),
        _ => None,
    }
}

fn present(call: &Call, index: usize) -> bool {
    call.args.get(index).is_some_and(|a| a.expr.is_some())
}

/// Rules that belong to one function.
fn check_specific(info: &FunctionInfo, call: &Call, diags: &mut Vec<Diagnostic>) {
    let call_range = call
        .args
        .last()
        .map_or(call.name_range, |a| call.name_range.cover(a.range));
    let error = |code: Code, range: crate::mapping::TextRange, message: String| {
        Diagnostic::new(code, "", message).with_range(range.start, range.end)
    };
    let arg_range = |i: usize| call.args.get(i).map_or(call_range, |a| a.range);
    match info.name {
        "Replace" if call.args.len() == 7 => {
            let has = |i: usize| present(call, i);
            // A regex needs replacementValue, or a group name with a replacement attribute.
            let regex_output = has(4) || (has(3) && has(5));
            let regex_without_output = has(2) && !has(1) && !regex_output;
            let problem = if !has(1) && !has(2) {
                Some("Replace needs either oldValue (argument 2) or regexPattern (argument 3)")
            } else if has(1) && !has(4) && !has(6) {
                Some(
                    "with oldValue (argument 2), Replace needs replacementValue (argument 5) or template (argument 7)",
                )
            } else if regex_without_output {
                Some(
                    "with regexPattern (argument 3), Replace needs replacementValue (argument 5), or regexGroupName (argument 4) with replacementAttributeName (argument 6)",
                )
            } else {
                None
            };
            if let Some(problem) = problem {
                diags.push(error(
                    Code::ExprArgumentType,
                    call_range,
                    problem.to_string(),
                ));
            }
            if let Some(pattern) = literal(call, 2) {
                match replace::compile(&pattern) {
                    Err(message) => diags.push(error(Code::ExprEvaluation, arg_range(2), message)),
                    Ok(re) => {
                        if let Some(group) = literal(call, 3).filter(|g| !g.is_empty()) {
                            if !replace::has_group(&re, &group) {
                                diags.push(error(
                                    Code::ExprArgumentType,
                                    arg_range(3),
                                    format!("the pattern has no group named `{group}`; name it with (?<{group}>…)"),
                                ));
                            }
                        }
                    }
                }
            }
        }
        "Item" | "Mid" => {
            if let Some(n) = literal(call, 1)
                .and_then(|s| parse_number(&s))
                .filter(|n| *n < 1)
            {
                let what = if info.name == "Item" {
                    "Item's index is 1-based (1 is the first value)"
                } else {
                    "Mid's start is 1-based (1 is the first character)"
                };
                diags.push(error(
                    Code::ExprArgumentType,
                    arg_range(1),
                    format!("{what}; found {n}"),
                ));
            }
        }
        "RandomString" => {
            let nums: Vec<Option<i64>> = (0..5)
                .map(|i| literal(call, i).and_then(|s| parse_number(&s)))
                .collect();
            if let Some(Some(length)) = nums.first() {
                if *length < 1 || *length > 256 {
                    diags.push(error(
                        Code::ExprArgumentType,
                        arg_range(0),
                        format!("RandomString's length must be 1 to 256; found {length}"),
                    ));
                } else if nums.iter().skip(1).all(Option::is_some) {
                    let minimum: i64 = nums
                        .iter()
                        .skip(1)
                        .flatten()
                        .fold(0i64, |a, b| a.saturating_add(*b));
                    if minimum > *length {
                        diags.push(error(
                            Code::ExprArgumentType,
                            call_range,
                            format!("RandomString's minimums add up to {minimum}, more than its length {length}"),
                        ));
                    }
                }
            }
        }
        _ => {}
    }
}
