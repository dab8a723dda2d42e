//! Text as it goes on the wire or into a file: percent-encoding, base64
//! (RFC 4648), and markup (XML and HTML).

use std::fmt::Write as _;

/// Percent-encodes everything but RFC 3986's unreserved characters (for
/// query values such as a filter: `userName eq "a"` → `userName%20eq%20%22a%22`).
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// `text` escaped for XML 1.0 and HTML alike (element content and quoted
/// attribute values): markup characters as entities, line breaks and tabs as
/// character references (kept inside attributes), and every character XML
/// 1.0 forbids (other C0 controls, U+FFFE, U+FFFF) dropped. For the CLI's
/// JUnit report and the playground's HTML report.
pub fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}' => {
                out.push(c);
            }
            _ => {}
        }
    }
    out
}

/// `text` as one URL path segment: [`percent_encode`], and the dot segments
/// `.` and `..` spelled `%2E`, so an id taken from a log or an answer can
/// never leave its collection (`/Users/..` would be the base URL).
pub fn path_segment(text: &str) -> String {
    match text {
        "." => "%2E".into(),
        ".." => "%2E%2E".into(),
        other => percent_encode(other),
    }
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Standard base64 with padding (RFC 4648 §4).
pub fn base64(bytes: &[u8]) -> String {
    encode64(bytes, BASE64, true)
}

/// base64url without padding (RFC 4648 §5), for URLs and fragments.
pub fn base64url(bytes: &[u8]) -> String {
    encode64(bytes, BASE64URL, false)
}

fn encode64(bytes: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                let index = usize::try_from((n >> (18 - 6 * i)) & 63).unwrap_or(0);
                out.push(char::from(alphabet.get(index).copied().unwrap_or(b'A')));
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_text_in_xml_and_html() {
        assert_eq!(
            markup("<a href=\"x\">Tom's & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom&#39;s &amp; Jerry&#39;s&lt;/a&gt;"
        );
        // Line breaks survive in attributes; what XML forbids is dropped.
        assert_eq!(
            markup("a\nb\r\tc\u{1b}[2J\u{0}\u{FFFE}é"),
            "a&#10;b&#13;&#9;c[2Jé"
        );
    }

    #[test]
    fn only_unreserved_characters_stay() {
        assert_eq!(
            percent_encode("userName eq \"a@b\""),
            "userName%20eq%20%22a%40b%22"
        );
        assert_eq!(percent_encode("A-z_0.9~"), "A-z_0.9~");
        assert_eq!(percent_encode("é"), "%C3%A9");
    }

    #[test]
    fn base64_as_rfc_4648_says() {
        // RFC 4648 §10 test vectors.
        for (text, want) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(text.as_bytes()), want);
        }
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
        assert_eq!(base64(&[0xfb, 0xff]), "+/8=");
    }
}
