//! The OEL functions this simulator evaluates, the ones it knows but cannot
//! evaluate from a user object, and the static check.

use crate::diagnostics::{Code, Diagnostic};
use crate::mapping::common::suggest;

use super::ast::{Call, Expr, ExprKind};

/// What an argument position accepts, as far as a check can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamKind {
    /// Any value.
    Any,
    /// A whole number (a string or boolean literal is an error).
    Integer,
    /// An array (a string, number or boolean literal is an error).
    Array,
}

/// One function of the supported Okta Expression Language subset.
pub type FunctionInfo = crate::mapping::FunctionInfo<ParamKind>;

use ParamKind::{Any, Array, Integer};

macro_rules! f {
    ($name:literal, $sig:literal, $min:expr, $max:expr, $repeat:expr, [$(($p:literal, $k:expr)),*]) => {
        f!($name, $sig, $min, $max, $repeat, [$(($p, $k)),*], None)
    };
    ($name:literal, $sig:literal, $min:expr, $max:expr, $repeat:expr, [$(($p:literal, $k:expr)),*], $by:expr) => {
        FunctionInfo { name: $name, signature: $sig, min_args: $min, max_args: $max, params: &[$(($p, $k)),*], repeat: $repeat, summary: "", replaced_by: $by }
    };
}

/// Every function the simulator evaluates.
pub const FUNCTIONS: &[FunctionInfo] = &[
    f!(
        "String.append",
        "String.append(str, suffix)",
        2,
        Some(2),
        0,
        [("str", Any), ("suffix", Any)]
    ),
    f!(
        "String.join",
        "String.join(separator, strings…)",
        1,
        None,
        1,
        [("separator", Any), ("string", Any)]
    ),
    f!(
        "String.len",
        "String.len(input)",
        1,
        Some(1),
        0,
        [("input", Any)]
    ),
    f!(
        "String.removeSpaces",
        "String.removeSpaces(input)",
        1,
        Some(1),
        0,
        [("input", Any)]
    ),
    f!(
        "String.replace",
        "String.replace(input, match, replacement)",
        3,
        Some(3),
        0,
        [("input", Any), ("match", Any), ("replacement", Any)]
    ),
    f!(
        "String.replaceFirst",
        "String.replaceFirst(input, match, replacement)",
        3,
        Some(3),
        0,
        [("input", Any), ("match", Any), ("replacement", Any)]
    ),
    f!(
        "String.stringContains",
        "String.stringContains(input, searchString)",
        2,
        Some(2),
        0,
        [("input", Any), ("searchString", Any)]
    ),
    f!(
        "String.stringSwitch",
        "String.stringSwitch(input, defaultString, key1, value1, …)",
        4,
        None,
        2,
        [
            ("input", Any),
            ("defaultString", Any),
            ("key", Any),
            ("value", Any)
        ]
    ),
    f!(
        "String.substring",
        "String.substring(input, startIndex, endIndex)",
        3,
        Some(3),
        0,
        [
            ("input", Any),
            ("startIndex", Integer),
            ("endIndex", Integer)
        ]
    ),
    f!(
        "String.substringAfter",
        "String.substringAfter(input, searchString)",
        2,
        Some(2),
        0,
        [("input", Any), ("searchString", Any)]
    ),
    f!(
        "String.substringBefore",
        "String.substringBefore(input, searchString)",
        2,
        Some(2),
        0,
        [("input", Any), ("searchString", Any)]
    ),
    f!(
        "String.toUpperCase",
        "String.toUpperCase(input)",
        1,
        Some(1),
        0,
        [("input", Any)]
    ),
    f!(
        "String.toLowerCase",
        "String.toLowerCase(input)",
        1,
        Some(1),
        0,
        [("input", Any)]
    ),
    f!(
        "toUpperCase",
        "toUpperCase(input)",
        1,
        Some(1),
        0,
        [("input", Any)],
        Some("String.toUpperCase")
    ),
    f!(
        "toLowerCase",
        "toLowerCase(input)",
        1,
        Some(1),
        0,
        [("input", Any)],
        Some("String.toLowerCase")
    ),
    f!(
        "substringBefore",
        "substringBefore(input, searchString)",
        2,
        Some(2),
        0,
        [("input", Any), ("searchString", Any)],
        Some("String.substringBefore")
    ),
    f!(
        "substringAfter",
        "substringAfter(input, searchString)",
        2,
        Some(2),
        0,
        [("input", Any), ("searchString", Any)],
        Some("String.substringAfter")
    ),
    f!(
        "substring",
        "substring(input, startIndex, endIndex)",
        3,
        Some(3),
        0,
        [
            ("input", Any),
            ("startIndex", Integer),
            ("endIndex", Integer)
        ],
        Some("String.substring")
    ),
    f!(
        "Arrays.add",
        "Arrays.add(array, value)",
        2,
        Some(2),
        0,
        [("array", Array), ("value", Any)]
    ),
    f!(
        "Arrays.remove",
        "Arrays.remove(array, value)",
        2,
        Some(2),
        0,
        [("array", Array), ("value", Any)]
    ),
    f!(
        "Arrays.clear",
        "Arrays.clear(array)",
        1,
        Some(1),
        0,
        [("array", Array)]
    ),
    f!(
        "Arrays.get",
        "Arrays.get(array, index)",
        2,
        Some(2),
        0,
        [("array", Array), ("index", Integer)]
    ),
    f!(
        "Arrays.flatten",
        "Arrays.flatten(list…)",
        1,
        None,
        1,
        [("list", Any)]
    ),
    f!(
        "Arrays.contains",
        "Arrays.contains(array, value)",
        2,
        Some(2),
        0,
        [("array", Array), ("value", Any)]
    ),
    f!(
        "Arrays.size",
        "Arrays.size(array)",
        1,
        Some(1),
        0,
        [("array", Array)]
    ),
    f!(
        "Arrays.isEmpty",
        "Arrays.isEmpty(array)",
        1,
        Some(1),
        0,
        [("array", Array)]
    ),
    f!(
        "Arrays.toCsvString",
        "Arrays.toCsvString(array)",
        1,
        Some(1),
        0,
        [("array", Array)]
    ),
    f!(
        "Convert.toInt",
        "Convert.toInt(value)",
        1,
        Some(1),
        0,
        [("value", Any)]
    ),
    f!(
        "Convert.toNum",
        "Convert.toNum(value)",
        1,
        Some(1),
        0,
        [("value", Any)]
    ),
    f!(
        "Iso3166Convert.toAlpha2",
        "Iso3166Convert.toAlpha2(country)",
        1,
        Some(1),
        0,
        [("country", Any)]
    ),
    f!(
        "Iso3166Convert.toAlpha3",
        "Iso3166Convert.toAlpha3(country)",
        1,
        Some(1),
        0,
        [("country", Any)]
    ),
    f!(
        "Iso3166Convert.toNumeric",
        "Iso3166Convert.toNumeric(country)",
        1,
        Some(1),
        0,
        [("country", Any)]
    ),
    f!(
        "Iso3166Convert.toName",
        "Iso3166Convert.toName(country)",
        1,
        Some(1),
        0,
        [("country", Any)]
    ),
    f!(
        "Time.now",
        "Time.now(timeZone, format)",
        0,
        Some(2),
        0,
        [("timeZone", Any), ("format", Any)]
    ),
    f!(
        "Time.fromWindowsToIso8601",
        "Time.fromWindowsToIso8601(windowsTime)",
        1,
        Some(1),
        0,
        [("windowsTime", Any)]
    ),
    f!(
        "Time.fromUnixToIso8601",
        "Time.fromUnixToIso8601(unixTime)",
        1,
        Some(1),
        0,
        [("unixTime", Any)]
    ),
    f!(
        "Time.fromIso8601ToWindows",
        "Time.fromIso8601ToWindows(isoTime)",
        1,
        Some(1),
        0,
        [("isoTime", Any)]
    ),
    f!(
        "Time.fromIso8601ToUnix",
        "Time.fromIso8601ToUnix(isoTime)",
        1,
        Some(1),
        0,
        [("isoTime", Any)]
    ),
];

/// Okta functions that exist but need more than the user's profile (groups,
/// linked users, other directories, Joda-Time patterns).
pub const UNSUPPORTED: &[&str] = &[
    "isMemberOfGroupName",
    "isMemberOfGroup",
    "isMemberOfAnyGroup",
    "isMemberOfGroupNameStartsWith",
    "isMemberOfGroupNameContains",
    "isMemberOfGroupNameRegex",
    "getFilteredGroups",
    "Groups.contains",
    "Groups.startsWith",
    "Groups.endsWith",
    "getManagerUser",
    "getManagerAppUser",
    "getAssistantUser",
    "getAssistantAppUser",
    "hasDirectoryUser",
    "hasWorkdayUser",
    "findDirectoryUser",
    "findWorkdayUser",
    "user.getLinkedObject",
    "user.getInternalProperty",
    "user.getGroups",
    "Time.fromStringToIso8601",
    "Time.fromIso8601ToString",
];

/// The function called exactly `name`.
pub fn function(name: &str) -> Option<&'static FunctionInfo> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

/// Prefixes of references this simulator cannot resolve, with what they are.
const OTHER_OBJECTS: &[(&str, &str)] = &[
    ("appuser", "the in-context app user"),
    ("app", "the app instance"),
    ("org", "the Okta org"),
    (
        "idpuser",
        "the identity-provider user (IdP username transforms only)",
    ),
    ("group", "a group"),
];

fn unsupported(range: crate::mapping::TextRange, message: String) -> Diagnostic {
    Diagnostic::new(Code::ExprUnsupported, "", message)
        .with_range(range.start, range.end)
        .with_help(
            "only user.* / source.* (the Okta user profile) can be evaluated by this simulator",
        )
}

/// The diagnostic for a reference that is not `user.x` / `source.x`.
pub(crate) fn reference_problem(
    path: &[String],
    range: crate::mapping::TextRange,
) -> Option<Diagnostic> {
    let first = path.first().map_or("", String::as_str);
    match (first, path.len()) {
        ("user" | "source", 2) => None,
        ("user" | "source", 1) => Some(
            Diagnostic::new(
                Code::ExprSyntax,
                "",
                format!("`{first}` alone is not a value: name an attribute, e.g. {first}.login"),
            )
            .with_range(range.start, range.end),
        ),
        ("user" | "source", _) => Some(unsupported(
            range,
            format!(
                "`{}` reads a nested property, which profile attributes do not have in this simulator",
                path.join(".")
            ),
        )),
        (_, 1) => Some(
            Diagnostic::new(
                Code::ExprSyntax,
                "",
                format!("unknown name `{first}`: profile attributes are written user.{first}"),
            )
            .with_range(range.start, range.end),
        ),
        _ => {
            let what = OTHER_OBJECTS
                .iter()
                .find(|(p, _)| *p == first)
                .map(|(_, w)| (*w).to_string())
                .unwrap_or_else(|| {
                    if first.ends_with("_app") {
                        "an app instance".to_string()
                    } else {
                        format!("the app user of the `{first}` app")
                    }
                });
            Some(unsupported(
                range,
                format!(
                    "`{}` reads {what}, which is not supported by this simulator",
                    path.join(".")
                ),
            ))
        }
    }
}

/// The diagnostic for a call of a function that is not in [`FUNCTIONS`].
pub(crate) fn unknown_function(call: &Call) -> Diagnostic {
    let range = call.name_range;
    if UNSUPPORTED.contains(&call.name.as_str()) || call.name.starts_with("user.") {
        return unsupported(
            range,
            format!(
                "`{}` needs data beyond the user profile and is not supported by this simulator",
                call.name
            ),
        );
    }
    let mut d = Diagnostic::new(
        Code::ExprUnknownFunction,
        "",
        format!("unknown function `{}`", call.name),
    )
    .with_range(range.start, range.end);
    if let Some(best) = suggest(&call.name, FUNCTIONS.iter().map(|f| f.name)) {
        d.message = format!("unknown function `{}`: did you mean `{best}`?", call.name);
        d = d.with_help(format!(
            "write {}",
            function(best).map_or(best, |f| f.signature)
        ));
    }
    d
}

/// Checks a tree with an explicit stack.
pub(crate) fn check(root: &Expr, diags: &mut Vec<Diagnostic>) {
    // (node, the kind its position accepts, inside a condition)
    let mut stack: Vec<(&Expr, ParamKind, bool)> = vec![(root, Any, false)];
    while let Some((expr, kind, in_condition)) = stack.pop() {
        let range = expr.range;
        let literal_kind = match &expr.kind {
            ExprKind::Str(_) => Some("a string"),
            ExprKind::Bool(_) => Some("a boolean"),
            ExprKind::Int(_) | ExprKind::Num(_) => Some("a number"),
            ExprKind::Array(_) => Some("an array"),
            _ => None,
        };
        let wrong = match (kind, literal_kind, &expr.kind) {
            (Integer, Some(k), e) if !matches!(e, ExprKind::Int(_)) => Some(("a whole number", k)),
            (Array, Some(k), e) if !matches!(e, ExprKind::Array(_)) => Some(("an array", k)),
            _ => None,
        };
        if let Some((expected, found)) = wrong {
            diags.push(
                Diagnostic::new(
                    Code::ExprArgumentType,
                    "",
                    format!("expected {expected} here, found {found}"),
                )
                .with_range(range.start, range.end),
            );
        }
        match &expr.kind {
            ExprKind::Ref(path) => diags.extend(reference_problem(path, range)),
            ExprKind::Member(target, name) => {
                diags.push(unsupported(
                    range,
                    format!("reading `.{name}` of `{target}` is not supported by this simulator"),
                ));
                stack.push((target, Any, in_condition));
            }
            ExprKind::Array(items) => {
                stack.extend(items.iter().rev().map(|e| (e, Any, in_condition)))
            }
            ExprKind::Unary(_, e) => stack.push((e, Any, in_condition)),
            ExprKind::Binary(_, l, r) => {
                stack.push((r, Any, in_condition));
                stack.push((l, Any, in_condition));
            }
            ExprKind::Ternary(c, t, e) => {
                stack.push((e, Any, in_condition));
                stack.push((t, Any, in_condition));
                stack.push((c, Any, true));
            }
            ExprKind::Call(call) => {
                let Some(info) = function(&call.name) else {
                    diags.push(unknown_function(call));
                    stack.extend(call.args.iter().rev().map(|e| (e, Any, in_condition)));
                    continue;
                };
                if !info.accepts(call.args.len()) {
                    let expected = match (info.min_args, info.max_args) {
                        (min, Some(max)) if min == max => {
                            format!("{min} argument{}", if min == 1 { "" } else { "s" })
                        }
                        (min, Some(max)) => format!("{min} to {max} arguments"),
                        (min, None) if info.repeat == 2 => {
                            format!("at least {min} arguments, an even number")
                        }
                        (min, None) => {
                            format!("at least {min} argument{}", if min == 1 { "" } else { "s" })
                        }
                    };
                    diags.push(
                        Diagnostic::new(
                            Code::ExprArity,
                            "",
                            format!(
                                "{} takes {expected} but is given {}: {}",
                                info.name,
                                call.args.len(),
                                info.signature
                            ),
                        )
                        .with_range(range.start, range.end),
                    );
                }
                if in_condition
                    && ["Convert.", "Arrays.", "Time."]
                        .iter()
                        .any(|p| info.name.starts_with(p))
                {
                    diags.push(
                        Diagnostic::new(
                            Code::ExprArgumentType,
                            "",
                            format!("Okta does not allow {} (Convert, Arrays and Time functions) inside a condition", info.name),
                        )
                        .with_range(call.name_range.start, call.name_range.end),
                    );
                }
                for (i, arg) in call.args.iter().enumerate().rev() {
                    let k = info.param(i).map_or(Any, |(_, k)| k);
                    stack.push((arg, k, in_condition));
                }
            }
            _ => {}
        }
    }
}
