//! Pieces both expression languages share: byte ranges, the injectable
//! environment, a deterministic generator and "did you mean" suggestions.

use crate::datetime::DateTime;

/// A byte range `start..end` into an expression's text.
///
/// Kept separate from [`crate::Span`] because AST nodes need a small `Copy`
/// range; lines and columns are computed only when a diagnostic is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TextRange {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl TextRange {
    /// The range `start..end`.
    pub const fn new(start: usize, end: usize) -> TextRange {
        TextRange { start, end }
    }

    /// The smallest range covering both.
    #[must_use]
    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// What non-deterministic functions read, so that an evaluation is
/// reproducible: the current instant and the seed of the random generator.
///
/// Each evaluation starts a fresh generator from `seed`, so evaluating the
/// same expression twice with the same environment gives the same result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Environment {
    /// What `Now()` (Entra) and `Time.now()` (Okta) return.
    pub now: DateTime,
    /// Seed of the generator behind `Guid()` and `RandomString(…)`.
    pub seed: u64,
}

impl Default for Environment {
    /// A fixed environment: 2026-01-01T00:00:00Z and seed 0.
    fn default() -> Environment {
        Environment {
            now: DateTime::from_unix(1_767_225_600, 0),
            seed: 0,
        }
    }
}

impl Environment {
    /// An environment with `now` and `seed`.
    pub fn new(now: DateTime, seed: u64) -> Environment {
        Environment { now, seed }
    }

    /// Replaces the current instant.
    #[must_use]
    pub fn with_now(mut self, now: DateTime) -> Environment {
        self.now = now;
        self
    }

    /// Replaces the seed.
    #[must_use]
    pub fn with_seed(mut self, seed: u64) -> Environment {
        self.seed = seed;
        self
    }
}

/// SplitMix64: tiny, fast and fully determined by its seed, which is all
/// `Guid`/`RandomString` need here (they are not security-relevant in a
/// simulator).
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (`bound` > 0); the modulo bias is irrelevant here.
    pub(crate) fn below(&mut self, bound: usize) -> usize {
        let bound = u64::try_from(bound.max(1)).unwrap_or(u64::MAX);
        usize::try_from(self.next_u64() % bound).unwrap_or(0)
    }
}

pub(crate) use crate::suggest::meant as suggest;

/// A short quoted excerpt of `text` for messages (never more than 40 chars).
pub(crate) fn excerpt(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// A function an expression calls, and where its name is (both languages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionRef {
    /// The name as written (Okta's is dotted: `String.toUpperCase`).
    pub name: String,
    /// The range of the name in the expression.
    pub range: TextRange,
    /// Whether the language defines a function of exactly this name.
    pub known: bool,
}

/// The source object an expression reads: a JSON object, or nothing for
/// `null`; anything else is an evaluation error that says what was expected.
pub(crate) fn source_object<'u>(
    user: &'u serde_json::Value,
    what: &str,
) -> Result<Option<&'u serde_json::Map<String, serde_json::Value>>, crate::diagnostics::Report> {
    match user {
        serde_json::Value::Object(map) => Ok(Some(map)),
        serde_json::Value::Null => Ok(None),
        _ => Err(crate::diagnostics::Report::new(vec![
            crate::diagnostics::Diagnostic::new(
                crate::diagnostics::Code::ExprEvaluation,
                "",
                format!("the {what} must be a JSON object of attribute names and values"),
            ),
        ])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let names = ["ToLower", "ToUpper", "Join"];
        assert_eq!(suggest("toLower", names), Some("ToLower"));
        assert_eq!(suggest("ToLowr", names), Some("ToLower"));
        assert_eq!(suggest("Frobnicate", names), None);
    }

    #[test]
    fn rng_is_deterministic() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        assert_eq!(a.next_u64(), b.next_u64());
        assert!(a.below(10) < 10);
    }
}
