//! JSON Pointers (RFC 6901), built lazily while a checker walks a document.

use std::borrow::Cow;
use std::fmt::Write as _;

/// One step of a JSON Pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    /// An object member name (decoded).
    Key(Cow<'a, str>),
    /// An array index.
    Index(usize),
}

/// A JSON Pointer kept as a stack of tokens while a checker descends; it is only
/// turned into a string when a diagnostic needs it, so clean documents never
/// pay for path strings.
#[derive(Debug, Clone, Default)]
pub struct Pointer<'a> {
    tokens: Vec<Token<'a>>,
}

impl<'a> Pointer<'a> {
    /// The empty pointer (the whole document).
    pub fn root() -> Pointer<'a> {
        Pointer { tokens: Vec::new() }
    }

    /// Descends into member `key`.
    pub fn push_key(&mut self, key: impl Into<Cow<'a, str>>) {
        self.tokens.push(Token::Key(key.into()));
    }

    /// Descends into element `index`.
    pub fn push_index(&mut self, index: usize) {
        self.tokens.push(Token::Index(index));
    }

    /// Goes back up one step.
    pub fn pop(&mut self) {
        self.tokens.pop();
    }

    /// How many steps deep the pointer is.
    pub fn depth(&self) -> usize {
        self.tokens.len()
    }

    /// The pointer with `key` appended, as a string (for a diagnostic about a member).
    pub fn with_key(&self, key: &str) -> String {
        let mut s = self.to_string();
        s.push('/');
        s.push_str(&escape_pointer_token(key));
        s
    }

    /// The pointer with `index` appended, as a string.
    pub fn with_index(&self, index: usize) -> String {
        let mut s = self.to_string();
        let _ = write!(s, "/{index}");
        s
    }
}

impl std::fmt::Display for Pointer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for token in &self.tokens {
            match token {
                Token::Key(key) => write!(f, "/{}", escape_pointer_token(key))?,
                Token::Index(i) => write!(f, "/{i}")?,
            }
        }
        Ok(())
    }
}

/// Escapes one reference token: `~` becomes `~0` and `/` becomes `~1`.
pub fn escape_pointer_token(token: &str) -> Cow<'_, str> {
    if token.contains(['~', '/']) {
        Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(token)
    }
}

/// Builds a pointer string from plain tokens (keys and stringified indexes).
pub fn pointer_from_tokens<I, S>(tokens: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut s = String::new();
    for token in tokens {
        s.push('/');
        s.push_str(&escape_pointer_token(token.as_ref()));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_per_rfc_6901() {
        let mut p = Pointer::root();
        p.push_key("emails");
        p.push_index(0);
        p.push_key("a/b~c");
        assert_eq!(p.to_string(), "/emails/0/a~1b~0c");
        assert_eq!(p.with_key("$ref"), "/emails/0/a~1b~0c/$ref");
        p.pop();
        assert_eq!(p.with_index(3), "/emails/0/3");
        assert_eq!(pointer_from_tokens(["x", "0"]), "/x/0");
    }
}
