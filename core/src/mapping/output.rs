//! Bounded output for both expression languages.
//!
//! A function such as `Replace` or `Join` can multiply its input many times
//! over, and nesting them multiplies again per level: a 600-byte expression
//! would otherwise ask for gigabytes (and abort a wasm module). Every string a
//! function builds goes through [`Capped`], which refuses to grow past
//! [`MAX_EXPRESSION_VALUE_BYTES`] *before* allocating, and every step's result
//! is charged to a [`Budget`] of [`MAX_EXPRESSION_WORK_BYTES`] per evaluation.

use regex_lite::{Captures, Regex};

use crate::diagnostics::{Code, Diagnostic};
use crate::limits::{MAX_EXPRESSION_VALUE_BYTES, MAX_EXPRESSION_WORK_BYTES};

use super::TextRange;

/// A string would pass [`MAX_EXPRESSION_VALUE_BYTES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooLarge;

impl From<TooLarge> for Diagnostic {
    /// The limit diagnostic without a range; the evaluator places it on the
    /// call that overflowed (see [`value_too_large`]).
    fn from(_: TooLarge) -> Diagnostic {
        Diagnostic::new(
            Code::LimitExpressionOutput,
            "",
            format!("a value longer than {MAX_EXPRESSION_VALUE_BYTES} bytes"),
        )
    }
}

/// Puts a range-less limit diagnostic (from [`TooLarge`]) on the step that
/// overflowed; other diagnostics pass through.
pub(crate) fn place(d: Diagnostic, range: TextRange, what: &str) -> Diagnostic {
    if d.code == Code::LimitExpressionOutput && d.span.is_none() {
        value_too_large(range, what)
    } else {
        d
    }
}

/// A string builder that stops at [`MAX_EXPRESSION_VALUE_BYTES`].
#[derive(Debug, Default)]
pub(crate) struct Capped {
    text: String,
}

impl Capped {
    pub(crate) fn new() -> Capped {
        Capped::default()
    }

    pub(crate) fn push_str(&mut self, piece: &str) -> Result<(), TooLarge> {
        if self.text.len().saturating_add(piece.len()) > MAX_EXPRESSION_VALUE_BYTES {
            return Err(TooLarge);
        }
        self.text.push_str(piece);
        Ok(())
    }

    pub(crate) fn push(&mut self, c: char) -> Result<(), TooLarge> {
        self.push_str(c.encode_utf8(&mut [0; 4]))
    }

    pub(crate) fn into_string(self) -> String {
        self.text
    }
}

/// `input` with every occurrence of `old` (not empty) replaced by `new`.
pub(crate) fn replace_literal(input: &str, old: &str, new: &str) -> Result<String, TooLarge> {
    let mut out = Capped::new();
    let mut last = 0;
    for (at, _) in input.match_indices(old) {
        out.push_str(input.get(last..at).unwrap_or(""))?;
        out.push_str(new)?;
        last = at + old.len();
    }
    out.push_str(input.get(last..).unwrap_or(""))?;
    Ok(out.into_string())
}

/// `input` with the first `limit` matches of `re` (every match when `None`)
/// replaced by what `expand` writes for each; `expand` writes into the same
/// capped buffer, so a replacement that repeats a group many times is bounded
/// too. Empty matches are handled as `Regex::replace_all` does.
pub(crate) fn replace_regex(
    re: &Regex,
    input: &str,
    limit: Option<usize>,
    mut expand: impl FnMut(&Captures<'_>, &mut Capped) -> Result<(), TooLarge>,
) -> Result<String, TooLarge> {
    let mut out = Capped::new();
    let mut last = 0;
    for (n, caps) in re.captures_iter(input).enumerate() {
        if limit.is_some_and(|l| n >= l) {
            break;
        }
        let Some(whole) = caps.get(0) else { continue };
        out.push_str(input.get(last..whole.start()).unwrap_or(""))?;
        expand(&caps, &mut out)?;
        last = whole.end();
    }
    out.push_str(input.get(last..).unwrap_or(""))?;
    Ok(out.into_string())
}

/// `parts` joined with `separator`.
pub(crate) fn join<'a>(
    parts: impl IntoIterator<Item = &'a str>,
    separator: &str,
) -> Result<String, TooLarge> {
    let mut out = Capped::new();
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            out.push_str(separator)?;
        }
        out.push_str(part)?;
    }
    Ok(out.into_string())
}

/// What the steps of one evaluation have produced so far.
#[derive(Debug, Default)]
pub(crate) struct Budget {
    produced: usize,
}

impl Budget {
    /// Charges a step's result of `bytes`; refuses a value over
    /// [`MAX_EXPRESSION_VALUE_BYTES`] and a total over [`MAX_EXPRESSION_WORK_BYTES`].
    pub(crate) fn charge(
        &mut self,
        bytes: usize,
        range: TextRange,
        what: &str,
    ) -> Result<(), Diagnostic> {
        if bytes > MAX_EXPRESSION_VALUE_BYTES {
            return Err(value_too_large(range, what));
        }
        self.produced = self.produced.saturating_add(bytes);
        if self.produced > MAX_EXPRESSION_WORK_BYTES {
            return Err(Diagnostic::new(
                Code::LimitExpressionOutput,
                "",
                format!(
                    "the expression's steps produce more than {MAX_EXPRESSION_WORK_BYTES} bytes of text in all (the limit per evaluation); evaluation stopped at `{what}`"
                ),
            )
            .with_range(range.start, range.end)
            .with_help("an attribute value is rarely more than a few hundred characters: look for a Replace, Join or concatenation that repeats its input"));
        }
        Ok(())
    }
}

/// The diagnostic for a step whose value would pass [`MAX_EXPRESSION_VALUE_BYTES`].
pub(crate) fn value_too_large(range: TextRange, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::LimitExpressionOutput,
        "",
        format!(
            "`{what}` produces a value longer than {MAX_EXPRESSION_VALUE_BYTES} bytes, the limit for one expression value"
        ),
    )
    .with_range(range.start, range.end)
    .with_help("an attribute value is rarely more than a few hundred characters: look for a Replace, Join or concatenation that repeats its input")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_replace_agrees_with_std_and_stops_at_the_cap() {
        assert_eq!(replace_literal("a-b-c", "-", "+").unwrap(), "a+b+c");
        assert_eq!(replace_literal("aaa", "a", "aa").unwrap(), "aaaaaa");
        let big = "a".repeat(MAX_EXPRESSION_VALUE_BYTES / 2);
        assert_eq!(replace_literal(&big, "a", "aaa"), Err(TooLarge));
    }

    #[test]
    fn regex_replace_agrees_with_the_crate_on_empty_matches() {
        let re = Regex::new("x*").unwrap();
        let expected = re.replace_all("abc", "-").into_owned();
        let got = replace_regex(&re, "abc", None, |_, out| out.push_str("-")).unwrap();
        assert_eq!(got, expected);
        let first = replace_regex(&re, "xxabc", Some(1), |_, out| out.push('-')).unwrap();
        assert_eq!(first, re.replacen("xxabc", 1, "-").into_owned());
    }

    #[test]
    fn join_and_budget_stop_with_the_limit_code() {
        let part = "a".repeat(1000);
        let many = vec![part.as_str(); MAX_EXPRESSION_VALUE_BYTES / 1000 + 1];
        assert_eq!(join(many, ""), Err(TooLarge));
        let mut budget = Budget::default();
        let range = TextRange::new(0, 3);
        let d = budget
            .charge(MAX_EXPRESSION_VALUE_BYTES + 1, range, "Join")
            .unwrap_err();
        assert_eq!(d.code, Code::LimitExpressionOutput);
        for _ in 0..MAX_EXPRESSION_WORK_BYTES / MAX_EXPRESSION_VALUE_BYTES {
            budget
                .charge(MAX_EXPRESSION_VALUE_BYTES, range, "Join")
                .unwrap();
        }
        let d = budget.charge(1, range, "Join").unwrap_err();
        assert!(d.message.contains("in all"), "{}", d.message);
    }
}
