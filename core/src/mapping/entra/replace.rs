//! Replace's regular expressions: .NET pattern syntax on `regex-lite`, and
//! .NET's replacement-string substitutions (`$1`, `${name}`, `$&`, …).
//!
//! regex-lite accepts .NET's `(?<name>…)` groups as they are; the other
//! .NET spelling `(?'name'…)` is translated. Look-around and
//! back-references have no equivalent in regex-lite (a linear-time engine) and
//! are reported as evaluation errors naming the construct.

use regex_lite::{Captures, Regex};

use crate::mapping::output::{self, Capped, TooLarge};

/// Compiles a .NET-style pattern, or says why it cannot be used.
pub(crate) fn compile(pattern: &str) -> Result<Regex, String> {
    let translated = translate(pattern);
    for (construct, what) in [
        ("(?=", "look-ahead `(?=…)`"),
        ("(?!", "negative look-ahead `(?!…)`"),
        ("(?<=", "look-behind `(?<=…)`"),
        ("(?<!", "negative look-behind `(?<!…)`"),
        ("\\k<", "named back-reference `\\k<…>`"),
        ("(?>", "atomic group `(?>…)`"),
    ] {
        if translated.contains(construct) {
            return Err(format!(
                "the pattern uses a {what}, which .NET supports but this simulator's regex engine does not; rewrite the pattern without it to check it here"
            ));
        }
    }
    Regex::new(&translated).map_err(|e| format!("invalid regular expression `{pattern}`: {e}"))
}

/// `(?'name'` → `(?<name>`.
fn translate(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(at) = rest.find("(?'") {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        let body = after.get(3..).unwrap_or("");
        match body.find('\'') {
            Some(close) => {
                out.push_str("(?<");
                out.push_str(body.get(..close).unwrap_or(""));
                out.push('>');
                rest = body.get(close + 1..).unwrap_or("");
            }
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The longest group name `${name}` may hold (.NET allows far fewer in practice).
const MAX_GROUP_NAME: usize = 256;

/// Expands a .NET replacement string for one match into `out`.
fn expand(
    replacement: &str,
    caps: &Captures<'_>,
    re: &Regex,
    input: &str,
    out: &mut Capped,
) -> Result<(), TooLarge> {
    let whole = caps.get(0);
    let mut chars = replacement.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '$' {
            out.push(c)?;
            continue;
        }
        match chars.peek().map(|&(_, n)| n) {
            Some('$') => {
                chars.next();
                out.push('$')?;
            }
            Some('&') => {
                chars.next();
                out.push_str(whole.map_or("", |m| m.as_str()))?;
            }
            Some('`') => {
                chars.next();
                out.push_str(input.get(..whole.map_or(0, |m| m.start())).unwrap_or(""))?;
            }
            Some('\'') => {
                chars.next();
                out.push_str(input.get(whole.map_or(0, |m| m.end())..).unwrap_or(""))?;
            }
            Some('_') => {
                chars.next();
                out.push_str(input)?;
            }
            Some('+') => {
                chars.next();
                let last = (1..caps.len()).rev().find_map(|g| caps.get(g));
                out.push_str(last.map_or("", |m| m.as_str()))?;
            }
            Some('{') => {
                let rest = replacement.get(i + 2..).unwrap_or("");
                // Group names are short: looking further for the `}` would make
                // a replacement of many unclosed `${` quadratic.
                let name = rest
                    .bytes()
                    .take(MAX_GROUP_NAME + 1)
                    .position(|b| b == b'}')
                    .and_then(|close| rest.get(..close));
                let group = name.and_then(|name| match name.parse::<usize>() {
                    Ok(n) if n < caps.len() => Some(caps.get(n)),
                    Ok(_) => None,
                    Err(_) => re
                        .capture_names()
                        .any(|g| g == Some(name))
                        .then(|| caps.name(name)),
                });
                match (name, group) {
                    (Some(name), Some(m)) => {
                        out.push_str(m.map_or("", |m| m.as_str()))?;
                        for _ in 0..name.chars().count() + 2 {
                            chars.next();
                        }
                    }
                    _ => out.push('$')?,
                }
            }
            Some(d) if d.is_ascii_digit() => {
                // .NET takes the longest run of digits that names a group.
                let digits: String = replacement
                    .get(i + 1..)
                    .unwrap_or("")
                    .chars()
                    .take_while(char::is_ascii_digit)
                    // No group number has more digits than a usize.
                    .take(20)
                    .collect();
                let best = (1..=digits.len()).rev().find_map(|n| {
                    digits
                        .get(..n)?
                        .parse::<usize>()
                        .ok()
                        .filter(|g| *g < caps.len())
                        .map(|g| (n, g))
                });
                match best {
                    Some((n, g)) => {
                        out.push_str(caps.get(g).map_or("", |m| m.as_str()))?;
                        for _ in 0..n {
                            chars.next();
                        }
                    }
                    None => out.push('$')?,
                }
            }
            _ => out.push('$')?,
        }
    }
    Ok(())
}

/// Regex.Replace(input, pattern, replacement) with .NET substitutions.
pub(crate) fn replace_all(re: &Regex, input: &str, replacement: &str) -> Result<String, TooLarge> {
    output::replace_regex(re, input, None, |caps, out| {
        expand(replacement, caps, re, input, out)
    })
}

/// In every match, replaces only the text of group `group` with `replacement`.
pub(crate) fn replace_group(
    re: &Regex,
    input: &str,
    group: &str,
    replacement: &str,
) -> Result<String, TooLarge> {
    output::replace_regex(re, input, None, |caps, out| {
        let whole = caps.get(0);
        let text = whole.map_or("", |m| m.as_str());
        let (Some(whole), Some(g)) = (whole, caps.name(group)) else {
            return out.push_str(text);
        };
        let (start, end) = (g.start() - whole.start(), g.end() - whole.start());
        out.push_str(text.get(..start).unwrap_or(""))?;
        out.push_str(replacement)?;
        out.push_str(text.get(end..).unwrap_or(""))
    })
}

/// The text of group `group` in the first match, if any.
pub(crate) fn group_value(re: &Regex, input: &str, group: &str) -> Option<String> {
    re.captures(input)
        .and_then(|caps| caps.name(group).map(|m| m.as_str().to_string()))
}

/// Whether the pattern defines a group called `name`.
pub(crate) fn has_group(re: &Regex, name: &str) -> bool {
    re.capture_names().any(|g| g == Some(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotnet_named_groups_and_substitutions() {
        let re = compile(r"\+(?<isdCode>\d* )(?<phoneNumber>\d{10})").unwrap();
        assert_eq!(
            replace_all(&re, "+91 9998887777", "${phoneNumber}").unwrap(),
            "9998887777"
        );
        assert_eq!(
            replace_all(&re, "+91 9998887777", "$2/$1/$$/$&").unwrap(),
            "9998887777/91 /$/+91 9998887777"
        );
        assert_eq!(
            group_value(&re, "+91 8887779999", "phoneNumber").as_deref(),
            Some("8887779999")
        );
        let re = compile("(?'Suffix'@(.)*)").unwrap();
        assert_eq!(
            replace_group(&re, "jsmith@contoso.com", "Suffix", "").unwrap(),
            "jsmith"
        );
        assert!(has_group(&re, "Suffix"));
        let re = compile("b").unwrap();
        assert_eq!(
            replace_all(&re, "abc", "[$`|$'|$_|${x}|$9]").unwrap(),
            "a[a|c|abc|${x}|$9]c"
        );
    }

    #[test]
    fn a_replacement_that_repeats_the_input_stops_at_the_value_limit() {
        let re = compile("a").unwrap();
        let input = "a".repeat(1000);
        let replacement = "$_".repeat(200);
        assert_eq!(replace_all(&re, &input, &replacement), Err(TooLarge));
    }

    #[test]
    fn unclosed_group_references_are_written_as_they_are_in_bounded_time() {
        let re = compile("b").unwrap();
        // 20,000 unclosed `${`: each looks ahead at most MAX_GROUP_NAME bytes.
        let replacement = "${".repeat(20_000);
        assert_eq!(
            replace_all(&re, "abc", &replacement).unwrap(),
            format!("a{replacement}c")
        );
        let long = format!("${{{}}}", "g".repeat(MAX_GROUP_NAME + 1));
        assert_eq!(replace_all(&re, "b", &long).unwrap(), long);
    }

    #[test]
    fn unsupported_and_invalid() {
        assert!(compile("a(?=b)").unwrap_err().contains("look-ahead"));
        assert!(
            compile("(a")
                .unwrap_err()
                .contains("invalid regular expression")
        );
    }
}
