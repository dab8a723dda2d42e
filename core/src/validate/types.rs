//! Scalar types (RFC 7643 §2.3): string, boolean, decimal, integer, dateTime,
//! binary and reference.

use super::attribute::{Named, expected_json};
use super::walker::Walker;
use crate::datetime::parse_datetime;
use crate::diagnostics::Code;
use crate::json::{Kind, Node, is_integer_literal};
use crate::schema::{Attribute, AttributeType};

impl<'r, 'a> Walker<'r, 'a> {
    /// Checks a non-complex value against its attribute's type.
    pub(crate) fn scalar(
        &mut self,
        attr: &Attribute,
        node: &Node<'a>,
        parent: Option<&Attribute>,
        name: Named<'_>,
    ) {
        match (&node.kind, attr.kind) {
            (Kind::String(s), AttributeType::String) => {
                let value = s.decode();
                self.canonical(attr, parent, node, &value, name);
            }
            (Kind::Bool(_), AttributeType::Boolean) => {}
            (Kind::Number(_), AttributeType::Decimal) => {}
            (Kind::Number(raw), AttributeType::Integer) => {
                if !is_integer_literal(raw) {
                    let whole = raw
                        .parse::<f64>()
                        .ok()
                        .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15);
                    self.emit(
                        Code::InvalidInteger,
                        node,
                        format!("`{name}` is an integer, found {raw}"),
                    )
                    .help = whole.map(|w| format!("write {w}"));
                } else if raw.parse::<i64>().is_err() {
                    self.emit(
                        Code::InvalidInteger,
                        node,
                        format!("`{name}` is out of range: {raw} does not fit a 64-bit integer"),
                    );
                }
            }
            (Kind::String(s), AttributeType::DateTime) => {
                if let Err(e) = parse_datetime(&s.decode()) {
                    self.emit(
                        Code::InvalidDateTime,
                        node,
                        format!("`{name}` is not a valid dateTime: \"{}\": {e}", s.decode()),
                    )
                    .help = Some(
                        "use the xsd:dateTime form, e.g. \"2008-01-23T04:56:22Z\"".to_string(),
                    );
                }
            }
            (Kind::String(s), AttributeType::Binary) => {
                if !is_base64(&s.decode()) {
                    self.emit(
                        Code::InvalidBinary,
                        node,
                        format!("`{name}` is binary and must be base64 (RFC 4648 §4), found characters or padding that base64 does not allow"),
                    );
                }
            }
            (Kind::String(s), AttributeType::Reference) => {
                self.reference(attr, node, &s.decode(), name);
            }
            (Kind::String(s), AttributeType::Boolean)
                if self.dialect.accepts(Code::QuirkStringBoolean)
                    && (s.decode().eq_ignore_ascii_case("true")
                        || s.decode().eq_ignore_ascii_case("false")) =>
            {
                self.quirk(
                    Code::QuirkStringBoolean,
                    node,
                    crate::dialect::string_boolean(&name.to_string(), &s.decode()),
                    crate::dialect::STRING_BOOLEAN_HELP,
                );
            }
            (Kind::String(s), AttributeType::Boolean) => {
                let text = s.decode();
                let d = self.emit(
                    Code::InvalidType,
                    node,
                    format!("`{name}` must be true or false, found the string \"{text}\""),
                );
                if text.eq_ignore_ascii_case("true") || text.eq_ignore_ascii_case("false") {
                    d.help = Some(format!(
                        "write {} without quotes (Microsoft Entra ID sends booleans as strings unless the aadOptscim062020 flag is set)",
                        text.to_ascii_lowercase()
                    ));
                }
            }
            (Kind::String(s), AttributeType::Integer | AttributeType::Decimal) => {
                let text = s.decode();
                let d = self.emit(
                    Code::InvalidType,
                    node,
                    format!(
                        "`{name}` must be {}, found the string \"{text}\"",
                        expected_json(attr)
                    ),
                );
                if text.trim().parse::<f64>().is_ok() {
                    d.help = Some(format!("write {} without quotes", text.trim()));
                }
            }
            (_, kind) => {
                let found = match &node.kind {
                    Kind::String(s) => format!("the string \"{}\"", abbreviate(&s.decode())),
                    Kind::Number(raw) => format!("the number {raw}"),
                    Kind::Bool(b) => b.to_string(),
                    other => format!(
                        "an {}",
                        if matches!(other, Kind::Array(_)) {
                            "array"
                        } else {
                            "object"
                        }
                    ),
                };
                let d = self.emit(
                    Code::InvalidType,
                    node,
                    format!("`{name}` must be {}, found {found}", expected_json(attr)),
                );
                if kind == AttributeType::String
                    && matches!(node.kind, Kind::Number(_) | Kind::Bool(_))
                {
                    let holds = if matches!(node.kind, Kind::Number(_)) {
                        "a number"
                    } else {
                        "true or false"
                    };
                    d.help = Some(format!(
                        "the identity provider's source for `{name}` holds {holds}, not text. In Entra ID, edit the attribute mapping and send it as text with \
                         the expression CStr([your source attribute]); in Okta, make the attribute's \
                         data type string in the app's Profile Editor, or map a text attribute. \
                         A client of your own must send a JSON string."
                    ));
                }
            }
        }
    }

    fn reference(&mut self, attr: &Attribute, node: &Node<'a>, value: &str, name: Named<'_>) {
        if !is_uri_reference(value) {
            self.emit(
                Code::InvalidReference,
                node,
                format!("`{name}` must be a URI, found \"{}\"", abbreviate(value)),
            );
            return;
        }
        // `uri` references may be relative: RFC 7643's own `endpoint` and
        // `meta.location` values are ("/Users", "/v2/Schemas/…").
        let types = &attr.reference_types;
        let absolute = has_scheme(value);
        // A reference to SCIM resources should point at one of the allowed
        // resource types' endpoints; say so when it visibly points elsewhere.
        let registry = self.registry;
        let resource_types: Vec<_> = types
            .iter()
            .filter_map(|t| {
                registry
                    .resource_type(t)
                    .filter(|rt| rt.name.eq_ignore_ascii_case(t))
            })
            .collect();
        if resource_types.is_empty() || types.iter().any(|t| t == "external" || t == "uri") {
            return;
        }
        let allowed: Vec<&str> = resource_types.iter().map(|rt| rt.name.as_str()).collect();
        if let Some((scheme, _)) = value.split_once(':').filter(|_| absolute) {
            if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
                self.emit(
                    Code::InvalidReference,
                    node,
                    format!(
                        "`{name}` must be the URL of a {} resource, found a `{scheme}:` URI",
                        allowed.join(" or ")
                    ),
                );
                return;
            }
        }
        let path = value.split(['?', '#']).next().unwrap_or(value);
        let points_to = |endpoint: &str| {
            let segment = endpoint.trim_matches('/');
            path.split('/').any(|s| s.eq_ignore_ascii_case(segment))
        };
        if resource_types.iter().any(|rt| points_to(&rt.endpoint)) {
            return;
        }
        if let Some(other) = registry
            .resource_types()
            .iter()
            .find(|rt| points_to(&rt.endpoint))
        {
            self.emit(
                Code::InvalidReference,
                node,
                format!(
                    "`{name}` points at a {} ({}), but it may only reference {}",
                    other.name,
                    other.endpoint,
                    allowed.join(" or ")
                ),
            );
        }
    }
}

/// Whether `s` is standard base64 (RFC 4648 §4): the 64-letter alphabet, with
/// correct `=` padding or none.
pub fn is_base64(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    let padding = s.len() - body.len();
    if padding > 2
        || !body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
    {
        return false;
    }
    match padding {
        0 => s.len() % 4 != 1,
        _ => s.len() % 4 == 0,
    }
}

/// Whether `s` is a URI reference (RFC 3986 §4.1): only URI characters, valid
/// percent-encoding, and a well-formed scheme when it has one. Non-ASCII
/// letters are tolerated (IRIs), whitespace and control characters are not.
pub fn is_uri_reference(s: &str) -> bool {
    if s.is_empty() {
        return false;
    }
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'%' => {
                let ok = bytes
                    .get(i + 1..i + 3)
                    .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
                if !ok {
                    return false;
                }
                i += 3;
                continue;
            }
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b':'
            | b'/'
            | b'?'
            | b'#'
            | b'['
            | b']'
            | b'@'
            | b'!'
            | b'$'
            | b'&'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'=' => {}
            0x80..=0xFF => {}
            _ => return false,
        }
        i += 1;
    }
    match s.split_once(':') {
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            let mut chars = scheme.chars();
            chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        _ => true,
    }
}

fn has_scheme(s: &str) -> bool {
    s.split_once(':')
        .is_some_and(|(scheme, _)| !scheme.is_empty() && !scheme.contains(['/', '?', '#']))
}

fn abbreviate(s: &str) -> String {
    if s.chars().count() <= 60 {
        s.to_string()
    } else {
        let head: String = s.chars().take(57).collect();
        format!("{head}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64() {
        assert!(is_base64("TWFu"));
        assert!(is_base64("TWE="));
        assert!(is_base64("TWE"));
        assert!(is_base64(""));
        assert!(!is_base64("T==="));
        assert!(!is_base64("TWE=="));
        assert!(!is_base64("T"));
        assert!(!is_base64("TW E="));
        assert!(!is_base64("TW-_"));
    }

    #[test]
    fn uri_references() {
        for ok in [
            "https://example.com/v2/Users/2819c223",
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "../Users/1",
            "mailto:bjensen@example.com",
            "https://example.com/%20x",
        ] {
            assert!(is_uri_reference(ok), "{ok}");
        }
        for bad in ["", "has space", "https://x/%zz", "1http://x", "tab\there"] {
            assert!(!is_uri_reference(bad), "{bad}");
        }
    }
}
