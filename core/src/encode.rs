//! Text as it goes on the wire.

/// Percent-encodes everything but RFC 3986's unreserved characters (for
/// query values such as a filter: `userName eq "a"` → `userName%20eq%20%22a%22`).
pub(crate) fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unreserved_characters_stay() {
        assert_eq!(
            percent_encode("userName eq \"a@b\""),
            "userName%20eq%20%22a%40b%22"
        );
        assert_eq!(percent_encode("A-z_0.9~"), "A-z_0.9~");
        assert_eq!(percent_encode("é"), "%C3%A9");
    }
}
