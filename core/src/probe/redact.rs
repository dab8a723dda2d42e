//! Secrets out of everything the probe shows: the bearer token (and any
//! other secret the caller names) replaced by `****` in every string of a
//! report, server answers included, since a server may echo the
//! `Authorization` header back in an error body.

use std::borrow::Cow;

use super::ledger::Leftover;
use super::plan::ProbeReport;
use crate::encode::percent_encode;

/// What a secret is replaced by.
pub const MASK: &str = "****";

/// The shortest start of a secret masked at the end of a text: a body cut at
/// the size limit may end in the middle of an echoed token.
const MIN_CUT_PREFIX: usize = 4;

/// Replaces the caller's secrets wherever they appear.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    /// Each secret in every form it can take in a text (as is, escaped in
    /// JSON, percent-encoded), longest first.
    forms: Vec<String>,
}

impl Redactor {
    /// A redactor of `secrets` (empty ones are ignored).
    pub fn new<S: AsRef<str>>(secrets: impl IntoIterator<Item = S>) -> Redactor {
        let mut forms: Vec<String> = Vec::new();
        for secret in secrets {
            let secret = secret.as_ref();
            if secret.is_empty() {
                continue;
            }
            let json = serde_json::to_string(secret).unwrap_or_default();
            let json = json
                .strip_prefix('"')
                .and_then(|j| j.strip_suffix('"'))
                .unwrap_or(secret)
                .to_string();
            for form in [secret.to_string(), json, percent_encode(secret)] {
                if !forms.contains(&form) {
                    forms.push(form);
                }
            }
        }
        forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
        Redactor { forms }
    }

    /// `text` with every secret replaced by [`MASK`], and a secret's start
    /// cut off at the very end masked too.
    pub fn text<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut out = Cow::Borrowed(text);
        for form in &self.forms {
            if out.contains(form.as_str()) {
                out = Cow::Owned(out.replace(form.as_str(), MASK));
            }
        }
        for form in &self.forms {
            let longest = (MIN_CUT_PREFIX.min(form.len())..form.len())
                .rev()
                .find(|&n| form.get(..n).is_some_and(|start| out.ends_with(start)));
            if let Some(n) = longest {
                let keep = out.len() - n;
                let mut cut = out.get(..keep).unwrap_or("").to_string();
                cut.push_str(MASK);
                out = Cow::Owned(cut);
            }
        }
        out
    }

    fn string(&self, text: &mut String) {
        if let Cow::Owned(clean) = self.text(text) {
            *text = clean;
        }
    }

    /// Redacts every string of `report` that can hold what a server sent or
    /// what the caller typed.
    pub fn report(&self, report: &mut ProbeReport) {
        if self.forms.is_empty() {
            return;
        }
        self.string(&mut report.target);
        if let Some(error) = &mut report.error {
            self.string(error);
        }
        if let Some(stopped) = &mut report.stopped {
            self.string(stopped);
        }
        for check in &mut report.checks {
            self.string(&mut check.message);
            if let Some(request) = &mut check.request {
                self.string(&mut request.target);
                self.string(&mut request.url);
                if let Some(body) = &mut request.body {
                    self.string(body);
                }
            }
            if let Some(response) = &mut check.response {
                self.string(&mut response.body);
                if let Some(content_type) = &mut response.content_type {
                    self.string(content_type);
                }
            }
            for d in &mut check.diagnostics {
                self.string(&mut d.message);
                self.string(&mut d.path);
                if let Some(help) = &mut d.help {
                    self.string(help);
                }
            }
        }
        for leftover in &mut report.leftovers {
            self.leftover(leftover);
        }
    }

    /// Redacts a leftover's strings.
    pub fn leftover(&self, leftover: &mut Leftover) {
        self.string(&mut leftover.id);
        self.string(&mut leftover.name);
        self.string(&mut leftover.target);
        self.string(&mut leftover.reason);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_the_secret_is_masked() {
        let r = Redactor::new(["s3cr\"et/tok"]);
        assert_eq!(r.text("Bearer s3cr\"et/tok!"), "Bearer ****!");
        assert_eq!(
            r.text(r#"{"h":"Bearer s3cr\"et/tok"}"#),
            r#"{"h":"Bearer ****"}"#
        );
        assert_eq!(r.text("t=s3cr%22et%2Ftok"), "t=****");
        assert_eq!(r.text("nothing here"), "nothing here");
    }

    #[test]
    fn a_secret_cut_at_the_end_of_a_text_is_masked() {
        let r = Redactor::new(["abcdefghij"]);
        assert_eq!(r.text("echo: Bearer abcdef"), "echo: Bearer ****");
        // Three characters are not taken for the secret's start.
        assert_eq!(r.text("the abc"), "the abc");
    }

    #[test]
    fn no_secret_changes_nothing() {
        let r = Redactor::new([""]);
        assert_eq!(r.text("a"), "a");
    }
}
