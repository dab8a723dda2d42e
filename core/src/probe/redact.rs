//! Secrets out of everything the probe shows: the bearer token (and any
//! other secret the caller names) replaced by `****` in every string of a
//! report, since a server may echo the `Authorization` header back.
//!
//! Servers echo in many spellings, so a secret is matched character by
//! character where each character may also be written as a JSON escape
//! (`\/`, `\u002B`, in either letter case) or a percent escape (`%2F`,
//! `%2f`), and its base64 forms (standard and URL-safe, at each of the
//! three byte alignments it can have inside a longer encoded text) are
//! matched as they are. A secret cut off at the very end of a text (a body
//! cut at the size limit) is masked from its start. The plan redacts every
//! answer as it arrives ([`ProbeOptions::with_secrets`]), before anything
//! judges, quotes or cuts it; reports are redacted again on the way out.
//!
//! [`ProbeOptions::with_secrets`]: super::ProbeOptions::with_secrets

use std::borrow::Cow;

use crate::encode::{base64, base64url};

/// What a secret is replaced by.
pub const MASK: &str = "****";

/// The shortest start of a secret masked at the end of a text: a body cut at
/// the size limit may end in the middle of an echoed token.
const MIN_CUT_PREFIX: usize = 4;

/// The shortest base64 core worth matching (shorter ones would mask
/// ordinary text).
const MIN_BASE64_CORE: usize = 8;

/// Replaces the caller's secrets wherever they appear. Its `Debug` shows
/// how many secrets it holds, never them.
#[derive(Clone, Default)]
pub struct Redactor {
    /// Each secret as characters, matched with their escapes.
    secrets: Vec<Vec<char>>,
    /// Each secret's base64 cores, matched as they are, longest first.
    encoded: Vec<String>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Redactor")
            .field("secrets", &self.secrets.len())
            .finish()
    }
}

impl Redactor {
    /// A redactor of `secrets` (empty ones are ignored).
    pub fn new<S: AsRef<str>>(secrets: impl IntoIterator<Item = S>) -> Redactor {
        let mut redactor = Redactor::default();
        for secret in secrets {
            let secret = secret.as_ref();
            if secret.is_empty() {
                continue;
            }
            redactor.secrets.push(secret.chars().collect());
            for core in base64_cores(secret.as_bytes()) {
                if core.len() >= MIN_BASE64_CORE && !redactor.encoded.contains(&core) {
                    redactor.encoded.push(core);
                }
            }
        }
        redactor.encoded.sort_by_key(|f| std::cmp::Reverse(f.len()));
        redactor
    }

    /// Whether there is nothing to redact.
    pub fn is_empty(&self) -> bool {
        self.secrets.is_empty()
    }

    /// `text` with every secret replaced by [`MASK`], and a secret's start
    /// cut off at the very end masked too.
    pub fn text<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if self.is_empty() {
            return Cow::Borrowed(text);
        }
        let mut out = Cow::Borrowed(text);
        for secret in &self.secrets {
            if let Some(masked) = mask_spelled(&out, secret) {
                out = Cow::Owned(masked);
            }
        }
        for core in &self.encoded {
            if out.contains(core.as_str()) {
                out = Cow::Owned(out.replace(core.as_str(), MASK));
            }
        }
        out
    }

    /// Redacts `text` in place.
    pub fn string(&self, text: &mut String) {
        if let Cow::Owned(clean) = self.text(text) {
            *text = clean;
        }
    }
}

/// `text` with every spelling of `secret` masked, or `None` when there is
/// none. A spelling writes each character as itself, as a JSON escape or as
/// a percent escape; a spelling that the text ends in the middle of (at
/// least [`MIN_CUT_PREFIX`] characters) is masked too.
fn mask_spelled(text: &str, secret: &[char]) -> Option<String> {
    let first = *secret.first()?;
    let mut out = String::new();
    let mut copied = 0;
    let mut at = 0;
    let mut changed = false;
    while at < text.len() {
        let rest = text.get(at..).unwrap_or("");
        let next = rest.chars().next().map_or(1, char::len_utf8);
        // Cheap filter: a spelling starts with the character, `\` or `%`.
        let c = rest.chars().next().unwrap_or('\0');
        if c == first || c == '\\' || c == '%' {
            if let Some((len, whole)) = spelled_at(rest, secret) {
                if whole || (at + len == text.len()) {
                    out.push_str(text.get(copied..at).unwrap_or(""));
                    out.push_str(MASK);
                    at += len;
                    copied = at;
                    changed = true;
                    continue;
                }
            }
        }
        at += next;
    }
    if !changed {
        return None;
    }
    out.push_str(text.get(copied..).unwrap_or(""));
    Some(out)
}

/// How many bytes of `text`'s start spell `secret` (or its start, up to the
/// end of `text`, when at least [`MIN_CUT_PREFIX`] characters long), and
/// whether the whole secret was spelled.
fn spelled_at(text: &str, secret: &[char]) -> Option<(usize, bool)> {
    let mut at = 0;
    for (i, want) in secret.iter().enumerate() {
        let rest = text.get(at..).unwrap_or("");
        if rest.is_empty() {
            return (i >= MIN_CUT_PREFIX.min(secret.len())).then_some((at, false));
        }
        at += spelling(rest, *want)?;
    }
    Some((at, true))
}

/// The length of one spelling of `want` at the start of `text`.
fn spelling(text: &str, want: char) -> Option<usize> {
    if text.starts_with(want) {
        return Some(want.len_utf8());
    }
    let bytes = text.as_bytes();
    let hex = |range: std::ops::Range<usize>| {
        text.get(range)
            .and_then(|h| u32::from_str_radix(h, 16).ok())
    };
    match bytes.first() {
        Some(b'\\') => {
            if bytes.get(1) == Some(&b'u') && hex(2..6).and_then(char::from_u32) == Some(want) {
                return Some(6);
            }
            // `\/` and the other one-character JSON escapes of ASCII.
            let escaped = *bytes.get(1)?;
            let means = match escaped {
                b'/' | b'\\' | b'"' => char::from(escaped),
                _ => return None,
            };
            (means == want).then_some(2)
        }
        Some(b'%') => {
            // Percent escapes of ASCII only (a token is visible ASCII).
            let byte = hex(1..3)?;
            (char::from_u32(byte) == Some(want) && want.is_ascii()).then_some(3)
        }
        _ => None,
    }
}

/// The base64 text that `secret`'s bytes determine on their own, at each of
/// the three alignments it can have inside a longer encoded string, in both
/// alphabets (padding and the characters shared with neighbours dropped).
fn base64_cores(secret: &[u8]) -> Vec<String> {
    let mut cores = Vec::new();
    for offset in 0..3usize {
        let mut bytes = vec![0u8; offset];
        bytes.extend_from_slice(secret);
        // Output character c covers bits [6c, 6c + 6); the secret's bits are
        // [8 offset, 8 (offset + len)).
        let first = (8 * offset).div_ceil(6);
        let end = (8 * (offset + secret.len())) / 6;
        for encoded in [base64(&bytes), base64url(&bytes)] {
            if let Some(core) = encoded.get(first..end) {
                let core = core.to_string();
                if !cores.contains(&core) {
                    cores.push(core);
                }
            }
        }
    }
    cores
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "Zq9/xK+w7Lm=Pt3.Rv_81~Hs";

    #[test]
    fn every_spelling_of_the_secret_is_masked() {
        let r = Redactor::new([TOKEN]);
        for (echo, seen) in [
            ("Bearer Zq9/xK+w7Lm=Pt3.Rv_81~Hs!", "Bearer ****!"),
            // PHP's json_encode escapes `/`.
            ("\"Bearer Zq9\\/xK+w7Lm=Pt3.Rv_81~Hs\"", "\"Bearer ****\""),
            // .NET's System.Text.Json escapes `+` (either letter case).
            ("Zq9\\u002FxK\\u002bw7Lm\\u003DPt3.Rv_81~Hs", "****"),
            // Percent escapes, either letter case, some characters only.
            ("t=Zq9%2fxK%2Bw7Lm%3dPt3.Rv_81~Hs&", "t=****&"),
            ("nothing here", "nothing here"),
        ] {
            assert_eq!(r.text(echo), seen, "{echo}");
        }
    }

    #[test]
    fn base64_of_any_text_holding_the_secret_is_masked() {
        let r = Redactor::new([TOKEN]);
        for prefix in ["", "B", "Be", "Bearer ", "Authorization: Bearer "] {
            let encoded = base64(format!("{prefix}{TOKEN} and more").as_bytes());
            let masked = r.text(&encoded);
            assert!(masked.contains(MASK), "{prefix}: {encoded}");
            assert!(masked.len() < encoded.len());
        }
        let url = base64url(format!("x{TOKEN}").as_bytes());
        assert!(r.text(&url).contains(MASK));
    }

    #[test]
    fn a_secret_cut_at_the_end_of_a_text_is_masked() {
        let r = Redactor::new(["abcdefghij"]);
        assert_eq!(r.text("echo: Bearer abcdef"), "echo: Bearer ****");
        assert_eq!(r.text("echo: Bearer abc%64ef"), "echo: Bearer ****");
        // Three characters are not taken for the secret's start.
        assert_eq!(r.text("the abc"), "the abc");
    }

    #[test]
    fn debug_shows_no_secret() {
        assert_eq!(
            format!("{:?}", Redactor::new([TOKEN])),
            "Redactor { secrets: 1 }"
        );
    }

    #[test]
    fn no_secret_changes_nothing() {
        let r = Redactor::new([""]);
        assert!(r.is_empty());
        assert_eq!(r.text("a"), "a");
    }
}
