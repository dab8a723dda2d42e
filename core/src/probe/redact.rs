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

/// Characters the matcher may compare per byte of a text before it gives
/// up and withholds the whole text.
const WORK_PER_BYTE: usize = 64;

/// What stands for a text the matcher withheld.
const WITHHELD: &str = "**** (withheld: the text repeats parts of a secret)";

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
        if let Some(masked) = mask_encoded(&out, &self.encoded) {
            out = Cow::Owned(masked);
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
/// none. A spelling writes each character as itself (ASCII letters in
/// either case, a `+` also as the space form decoding makes of it), as a
/// JSON escape (also escaped again), a percent escape (also encoded again)
/// or an HTML character reference, with invisible characters (controls,
/// zero-width and format characters) anywhere between; a spelling that the
/// text ends in the middle of (at least [`MIN_CUT_PREFIX`] characters) is
/// masked too.
fn mask_spelled(text: &str, secret: &[char]) -> Option<String> {
    let first = *secret.first()?;
    let mut out = String::new();
    let mut copied = 0;
    let mut at = 0;
    let mut changed = false;
    // A text built of the secret's start again and again (a server knows
    // the token) would make every position a long partial match: past this
    // much work the whole text is withheld, which masks more, never less.
    let mut budget = text
        .len()
        .saturating_mul(WORK_PER_BYTE)
        .saturating_add(4096);
    while at < text.len() {
        let rest = text.get(at..).unwrap_or("");
        let c = rest.chars().next().unwrap_or('\0');
        // Cheap filter: a spelling starts with the character (either case),
        // `\`, `%` or `&`.
        if c.eq_ignore_ascii_case(&first) || matches!(c, '\\' | '%' | '&' | ' ') {
            let (matched, work) = spelled_at(rest, secret);
            budget = budget.saturating_sub(work);
            if budget == 0 {
                return Some(WITHHELD.to_string());
            }
            if let Some((len, whole)) = matched {
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
        at += c.len_utf8().max(1);
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
/// With the number of characters compared (the work it took).
fn spelled_at(text: &str, secret: &[char]) -> (Option<(usize, bool)>, usize) {
    let mut at = 0;
    for (i, want) in secret.iter().enumerate() {
        if i > 0 {
            at += invisible_run(text.get(at..).unwrap_or(""));
        }
        let rest = text.get(at..).unwrap_or("");
        if rest.is_empty() {
            let cut = (i >= MIN_CUT_PREFIX.min(secret.len())).then_some((at, false));
            return (cut, i + 1);
        }
        match spelling(rest, *want) {
            Some(len) => at += len,
            None => return (None, i + 1),
        }
    }
    (Some((at, true)), secret.len())
}

/// Characters that show nothing (or are dropped on the way out, as XML
/// drops what it forbids): a server may put them inside an echoed secret.
fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}'
        )
}

/// The length of the run of [`invisible`] characters at `text`'s start.
fn invisible_run(text: &str) -> usize {
    text.chars()
        .take_while(|c| invisible(*c))
        .map(char::len_utf8)
        .sum()
}

/// The length of one spelling of `want` at the start of `text`.
fn spelling(text: &str, want: char) -> Option<usize> {
    let c = text.chars().next()?;
    if c == want || (want.is_ascii_alphabetic() && c.eq_ignore_ascii_case(&want)) {
        return Some(c.len_utf8());
    }
    // Form decoding turns `+` into a space.
    if want == '+' && c == ' ' {
        return Some(1);
    }
    let bytes = text.as_bytes();
    let hex_at = |from: usize, len: usize| {
        text.get(from..from + len)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
    };
    match c {
        '\\' => {
            // Escaped once or more (a log quoted inside JSON): `\\\/`.
            let slashes = bytes.iter().take_while(|b| **b == b'\\').count();
            let after = slashes;
            if bytes.get(after) == Some(&b'u') {
                return (hex_at(after + 1, 4).and_then(char::from_u32) == Some(want))
                    .then_some(after + 5);
            }
            let escaped = char::from(*bytes.get(after)?);
            (matches!(escaped, '/' | '"') && escaped == want || (escaped == '\\' && want == '\\'))
                .then_some(after + 1)
        }
        '%' => {
            // Percent escapes of ASCII, also encoded again (`%252F`).
            let mut from = 1;
            while text.get(from..from + 2) == Some("25") && hex_at(from + 2, 2).is_some() {
                from += 2;
            }
            let byte = hex_at(from, 2)?;
            (want.is_ascii() && char::from_u32(byte) == Some(want)).then_some(from + 2)
        }
        '&' => {
            // HTML character references: `&#47;`, `&#x2F;`.
            let rest = text.get(2..)?;
            if !text.starts_with("&#") {
                return None;
            }
            let (digits, radix, skip) = match rest.strip_prefix(['x', 'X']) {
                Some(hex) => (hex, 16, 3),
                None => (rest, 10, 2),
            };
            let len = digits.find(';').filter(|n| (1..=6).contains(n))?;
            let code = u32::from_str_radix(digits.get(..len)?, radix).ok()?;
            (char::from_u32(code) == Some(want)).then_some(skip + len + 1)
        }
        _ => None,
    }
}

/// Every run of base64 text in `text` (line breaks inside allowed, as MIME
/// wraps it) that holds one of `cores`, masked whole.
fn mask_encoded(text: &str, cores: &[String]) -> Option<String> {
    let in_run = |c: char| {
        c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '-' | '_' | '\r' | '\n')
    };
    let mut out = String::new();
    let mut changed = false;
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| in_run(c) && c != '\r' && c != '\n') {
        let (before, from) = rest.split_at(start);
        let len = from.find(|c: char| !in_run(c)).unwrap_or(from.len());
        let (run, after) = from.split_at(len);
        let compact: String = run.chars().filter(|c| *c != '\r' && *c != '\n').collect();
        out.push_str(before);
        if cores.iter().any(|core| compact.contains(core.as_str())) {
            out.push_str(MASK);
            changed = true;
        } else {
            out.push_str(run);
        }
        rest = after;
    }
    out.push_str(rest);
    changed.then_some(out)
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
    fn spellings_found_by_an_outsider_are_masked() {
        let r = Redactor::new([TOKEN]);
        for echo in [
            // HTML character references, decimal and hexadecimal.
            "Zq9&#47;xK&#43;w7Lm&#61;Pt3&#46;Rv&#95;81&#126;Hs",
            "Zq9&#x2F;xK&#x2B;w7Lm=Pt3.Rv_81~Hs",
            // JSON escaped twice (a log quoted inside JSON).
            "Zq9\\\\\\/xK\\\\u002Bw7Lm=Pt3.Rv_81~Hs",
            // Form decoding: `+` became a space.
            "Zq9/xK w7Lm=Pt3.Rv_81~Hs",
            // Upper case.
            "ZQ9/XK+W7LM=PT3.RV_81~HS",
            // Invisible and control characters between the characters.
            "Zq9/xK\u{200B}+w7\u{AD}Lm=Pt3\u{1}.Rv_81~Hs",
            "Z\u{0}q\u{FFFE}9/xK+w7Lm=Pt3.Rv_81~Hs",
            // Percent-encoded twice.
            "Zq9%252FxK%252Bw7Lm%253DPt3.Rv_81~Hs",
        ] {
            assert_eq!(r.text(echo), MASK, "{echo}");
        }
        // base64 wrapped by a line break, as MIME does.
        let encoded = base64(format!("Bearer {TOKEN}").as_bytes());
        let (a, b) = encoded.split_at(20);
        assert_eq!(r.text(&format!("x {a}\r\n{b} y")), format!("x {MASK} y"));
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
    fn a_text_built_of_the_secrets_start_is_withheld_in_bounded_work() {
        let secret = "a".repeat(2000) + "b";
        let r = Redactor::new([secret.as_str()]);
        // Every position starts a 2000-character partial match.
        let text = "a".repeat(200_000);
        assert_eq!(r.text(&text), WITHHELD);
        // Ordinary text is untouched.
        assert_eq!(r.text("aaa and more"), "aaa and more");
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
