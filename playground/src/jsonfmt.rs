//! Pretty-printing JSON for display: each printed line knows the JSON Pointer
//! of the value it shows, so a diagnostic's path, a PATCH change or a mapping
//! trace can mark the very line. Display only: values come from the API.

use serde_json::Value;

/// One printed line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Nesting depth (the indentation is two spaces per level).
    pub depth: usize,
    /// The member name, quoted (`"userName"`), or empty for array elements
    /// and closing brackets.
    pub key: String,
    /// The rest of the line: the value (or an opening bracket) and a comma.
    pub text: String,
    /// The JSON Pointer of the value the line shows (the container's for a
    /// closing bracket).
    pub pointer: String,
}

/// How arrays of flat objects are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Every value on its own line.
    Expanded,
    /// Array elements that are objects of scalars on one line each (mapping
    /// configurations read as one mapping per line).
    Rows,
}

/// Widest row [`Style::Rows`] puts on one line.
const MAX_ROW: usize = 200;

/// The lines of `value`.
pub fn lines(value: &Value, style: Style) -> Vec<Line> {
    let mut out = Vec::new();
    walk(value, "", String::new(), 0, "", style, false, &mut out);
    out
}

/// `value` as indented text.
pub fn to_text(value: &Value, style: Style) -> String {
    let mut text = String::new();
    for line in lines(value, style) {
        for _ in 0..line.depth {
            text.push_str("  ");
        }
        if !line.key.is_empty() {
            text.push_str(&line.key);
            text.push_str(": ");
        }
        text.push_str(&line.text);
        text.push('\n');
    }
    text
}

/// Whether `pointer` is `prefix` or inside it.
pub fn is_under(pointer: &str, prefix: &str) -> bool {
    prefix.is_empty()
        || pointer == prefix
        || pointer
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('/'))
}

fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("\"{text}\""))
}

fn scalar(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn is_flat(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.values().all(|v| match v {
            Value::Object(m) => m.is_empty(),
            Value::Array(a) => a.is_empty(),
            _ => true,
        }),
        _ => false,
    }
}

fn row(value: &Value) -> Option<String> {
    let Value::Object(map) = value else {
        return None;
    };
    let members: Vec<String> = map
        .iter()
        .map(|(k, v)| format!("{}: {}", quote(k), scalar(v)))
        .collect();
    let text = format!("{{{}}}", members.join(", "));
    (text.len() <= MAX_ROW).then_some(text)
}

#[allow(clippy::too_many_arguments)]
fn walk(
    value: &Value,
    key: &str,
    pointer: String,
    depth: usize,
    comma: &str,
    style: Style,
    in_array: bool,
    out: &mut Vec<Line>,
) {
    if style == Style::Rows && in_array && is_flat(value) {
        if let Some(text) = row(value) {
            out.push(Line {
                depth,
                key: key.to_owned(),
                text: format!("{text}{comma}"),
                pointer,
            });
            return;
        }
    }
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push(Line {
                depth,
                key: key.to_owned(),
                text: "{".to_owned(),
                pointer: pointer.clone(),
            });
            let last = map.len().saturating_sub(1);
            for (i, (k, v)) in map.iter().enumerate() {
                let child = format!(
                    "{pointer}/{}",
                    scimkit::diagnostics::escape_pointer_token(k)
                );
                let key = quote(k);
                let sep = if i < last { "," } else { "" };
                walk(v, &key, child, depth + 1, sep, style, false, out);
            }
            out.push(Line {
                depth,
                key: String::new(),
                text: format!("}}{comma}"),
                pointer,
            });
        }
        Value::Array(items) if !items.is_empty() => {
            out.push(Line {
                depth,
                key: key.to_owned(),
                text: "[".to_owned(),
                pointer: pointer.clone(),
            });
            let last = items.len().saturating_sub(1);
            for (i, v) in items.iter().enumerate() {
                let sep = if i < last { "," } else { "" };
                walk(
                    v,
                    "",
                    format!("{pointer}/{i}"),
                    depth + 1,
                    sep,
                    style,
                    true,
                    out,
                );
            }
            out.push(Line {
                depth,
                key: String::new(),
                text: format!("]{comma}"),
                pointer,
            });
        }
        _ => out.push(Line {
            depth,
            key: key.to_owned(),
            text: format!("{}{comma}", scalar(value)),
            pointer,
        }),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lines_carry_pointers() {
        let v = json!({"userName": "a", "emails": [{"value": "x", "primary": true}], "a/b": {}});
        let lines = lines(&v, Style::Expanded);
        let find = |text: &str| {
            lines
                .iter()
                .find(|l| l.key == text)
                .unwrap()
                .pointer
                .clone()
        };
        assert_eq!(find("\"userName\""), "/userName");
        assert_eq!(find("\"value\""), "/emails/0/value");
        assert_eq!(find("\"a/b\""), "/a~1b");
        assert_eq!(lines.first().unwrap().text, "{");
        assert_eq!(lines.last().unwrap().text, "}");
        let text = to_text(&v, Style::Expanded);
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), v);
        assert!(
            text.contains("\n    {\n      \"value\": \"x\",\n"),
            "{text}"
        );
    }

    #[test]
    fn rows_put_flat_objects_on_one_line() {
        let v = json!({"mappings": [{"target": "userName", "source": "upn"}, {"target": "x", "nested": {"a": 1}}]});
        let text = to_text(&v, Style::Rows);
        assert!(
            text.contains("\n    {\"target\": \"userName\", \"source\": \"upn\"},\n"),
            "{text}"
        );
        assert!(text.contains("\"nested\": {\n"), "{text}");
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), v);
    }

    #[test]
    fn under() {
        assert!(is_under("/members/1/value", "/members/1"));
        assert!(is_under("/members/1", "/members/1"));
        assert!(!is_under("/members/10", "/members/1"));
        assert!(is_under("/x", ""));
    }
}
