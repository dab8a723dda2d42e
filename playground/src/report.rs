//! A report to hand over: a workspace's inputs, options, the verdict and
//! every finding with its fix, as Markdown, as a self-contained HTML page
//! and as JSON. Built in the page from the workspace's snapshot and API
//! results; nothing is sent anywhere. Pure (unit-tested natively).

use serde_json::{Map, Value, json};

/// A share link longer than this gets a warning (chat tools and tickets
/// cut long links).
pub const LINK_WARN_BYTES: usize = 4 * 1024;
/// Longer than this, the report carries no share link at all.
pub const LINK_MAX_BYTES: usize = 64 * 1024;
/// The most findings listed.
const MAX_FINDINGS: usize = 500;

/// `text` cut to `max` characters, with `…` when cut.
pub fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", text.get(..end).unwrap_or_default()),
        None => text.to_owned(),
    }
}

/// Whether `text` holds a credential: `Bearer` or `Basic` followed by a
/// token (RFC 6750's b64token characters, 8 or more: `Bearer ****` and
/// `Bearer <a wrong token>` are masks), or an `Authorization` header or
/// field with such a value. A share link never carries one.
pub fn holds_credential(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let token_at = |rest: &str| {
        let rest = rest.trim_start_matches([' ', '\t', '"', ':', '=']);
        rest.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || "-._~+/=".contains(*c))
            .count()
            >= 8
    };
    let after = |word: &str| {
        lower.match_indices(word).any(|(i, _)| {
            let rest = lower.get(i + word.len()..).unwrap_or_default();
            let spaced = rest.starts_with([' ', '\t']);
            (spaced || word == "authorization") && token_at(rest)
        })
    };
    after("bearer") || after("basic") || after("authorization")
}

/// What the share-link line of a report says: the link, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// The link, and a warning when it is long.
    Link(String, Option<String>),
    /// No link, and why.
    None(String),
}

/// The share link for `url` (the page's URL with the state in its
/// fragment), unless `input` holds a credential or the link is too long.
pub fn share_link(input: &str, url: String) -> Link {
    if holds_credential(input) {
        return Link::None(
            "No share link: the input holds a bearer token or an Authorization header. Remove it, then use Share link.".into(),
        );
    }
    let n = url.len();
    if n > LINK_MAX_BYTES {
        return Link::None(format!(
            "No share link: it would be {} long; attach this file instead.",
            crate::text::size(n)
        ));
    }
    let warning = (n > LINK_WARN_BYTES).then(|| {
        format!(
            "This link is {} long: some chat tools and ticket systems cut links that long.",
            crate::text::size(n)
        )
    });
    Link::Link(url, warning)
}

/// One finding: a diagnostic, a probe check or a log event's cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// `error`, `warning`, `info`, or a check's `pass`/`fail`/`warn`/`skip`.
    pub level: String,
    /// The code or check id.
    pub code: String,
    /// Where: a JSON Pointer, or a request URL.
    pub place: String,
    /// What was found.
    pub message: String,
    /// What to change ("" when nothing).
    pub fix: String,
}

/// Every finding in the API results `v`, in order, at most [`MAX_FINDINGS`].
/// The same finding reported twice (a workspace's results may hold one
/// report in several views) is listed once.
pub fn findings(v: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    walk(v, &mut out, 0);
    let mut seen = std::collections::HashSet::new();
    out.retain(|f| {
        seen.insert((
            f.level.clone(),
            f.code.clone(),
            f.place.clone(),
            f.message.clone(),
        ))
    });
    out
}

fn s(v: &Value, k: &str) -> String {
    v.get(k)
        .and_then(Value::as_str)
        .map(|t| cut(t, 4_000))
        .unwrap_or_default()
}

fn walk(v: &Value, out: &mut Vec<Finding>, depth: usize) {
    if out.len() >= MAX_FINDINGS || depth > 64 {
        return;
    }
    match v {
        Value::Array(list) => list.iter().for_each(|x| walk(x, out, depth + 1)),
        Value::Object(map) => {
            let has = |k: &str| map.get(k).is_some_and(Value::is_string);
            if has("severity") && has("code") && has("message") {
                out.push(Finding {
                    level: s(v, "severity"),
                    code: s(v, "code"),
                    place: s(v, "path"),
                    message: s(v, "message"),
                    fix: s(v, "help"),
                });
                return;
            }
            if has("id") && has("status") && has("message") && has("title") {
                let place = v.get("request").map(|r| s(r, "url")).unwrap_or_default();
                out.push(Finding {
                    level: s(v, "status"),
                    code: s(v, "id"),
                    place,
                    message: format!("{}: {}", s(v, "title"), s(v, "message")),
                    fix: s(v, "advice"),
                });
            } else if let (Some(cause), Some(fix)) = (map.get("cause"), map.get("fix")) {
                out.push(Finding {
                    level: s(v, "status"),
                    code: s(cause, "code"),
                    place: s(v, "summary"),
                    message: s(cause, "why"),
                    fix: [s(fix, "serviceProvider"), s(fix, "identityProvider")]
                        .iter()
                        .filter(|t| !t.is_empty())
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(" / "),
                });
                return;
            }
            map.values().for_each(|x| walk(x, out, depth + 1));
        }
        _ => {}
    }
}

/// Everything a report holds.
pub struct Report {
    /// The workspace's label (`Payload`, …).
    pub workspace: String,
    /// scimkit's version.
    pub version: String,
    /// When it was made (ISO 8601).
    pub generated: String,
    /// The verdict as the page states it.
    pub verdict: String,
    /// The snapshot's fields: the texts (inputs) and the choices (options).
    pub inputs: Fields,
    /// The options, `(automatic)` when left empty.
    pub options: Fields,
    /// The findings.
    pub findings: Vec<Finding>,
    /// The share link, or why there is none.
    pub link: Link,
    /// The API results.
    pub results: Value,
}

/// Named texts: `(field, value)`.
pub type Fields = Vec<(String, String)>;

/// The snapshot fields that are texts the admin gave (documents, filters,
/// logs, …); the others are choices. A one-line document is still an input.
const INPUT_FIELDS: &[&str] = &[
    "document",
    "schemas",
    "customProfile",
    "filter",
    "resources",
    "resource",
    "patch",
    "config",
    "source",
    "log",
    "report",
];

/// Splits a snapshot's JSON into inputs (the texts given; an empty one is
/// left out) and options (the choices; an empty one reads "(automatic)");
/// the `workspace` tag is dropped.
pub fn split_snapshot(snapshot: &Value) -> (Fields, Fields) {
    let mut inputs = Vec::new();
    let mut options = Vec::new();
    let empty = Map::new();
    for (k, v) in snapshot.as_object().unwrap_or(&empty) {
        if k == "workspace" {
            continue;
        }
        let text = match v {
            Value::String(t) => t.clone(),
            other => serde_json::to_string(other).unwrap_or_default(),
        };
        if INPUT_FIELDS.contains(&k.as_str()) {
            if !text.is_empty() {
                inputs.push((k.clone(), text));
            }
        } else if text.is_empty() {
            options.push((k.clone(), "(automatic)".into()));
        } else {
            options.push((k.clone(), text));
        }
    }
    (inputs, options)
}

impl Report {
    /// The report as JSON.
    pub fn to_json(&self) -> Value {
        let pairs = |list: &[(String, String)]| {
            Value::Object(
                list.iter()
                    .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                    .collect(),
            )
        };
        let (link, note) = match &self.link {
            Link::Link(url, warning) => (Value::String(url.clone()), warning.clone()),
            Link::None(why) => (Value::Null, Some(why.clone())),
        };
        json!({
            "scimkit": self.version,
            "workspace": self.workspace,
            "generated": self.generated,
            "verdict": self.verdict,
            "input": pairs(&self.inputs),
            "options": pairs(&self.options),
            "findings": self.findings.iter().map(|f| json!({
                "level": f.level, "code": f.code, "where": f.place,
                "message": f.message, "fix": f.fix,
            })).collect::<Vec<_>>(),
            "shareLink": link,
            "shareLinkNote": note,
            "results": self.results,
        })
    }

    /// The report as Markdown (inputs in fences longer than any backtick
    /// run they hold).
    pub fn to_markdown(&self) -> String {
        let mut md = format!(
            "# scimkit report: {}\n\nscimkit {} · {}\n\n## Verdict\n\n{}\n\n## Options\n\n",
            self.workspace, self.version, self.generated, self.verdict
        );
        for (k, v) in &self.options {
            md.push_str(&format!("- {k}: `{}`\n", v.replace('`', "'")));
        }
        md.push_str("\n## Input\n");
        for (k, v) in &self.inputs {
            let fence = "`".repeat(longest_run(v, '`').max(2) + 1);
            md.push_str(&format!("\n### {k}\n\n{fence}\n{v}\n{fence}\n"));
        }
        md.push_str("\n## Findings\n\n");
        if self.findings.is_empty() {
            md.push_str("None.\n");
        }
        for f in &self.findings {
            let at = if f.place.is_empty() {
                String::new()
            } else {
                format!(" at `{}`", f.place.replace('`', "'"))
            };
            md.push_str(&format!(
                "- **{}** `{}`{at}: {}",
                f.level, f.code, f.message
            ));
            if !f.fix.is_empty() {
                md.push_str(&format!(" Fix: {}", f.fix));
            }
            md.push('\n');
        }
        md.push_str("\n## Share link\n\n");
        match &self.link {
            Link::Link(url, warning) => {
                md.push_str(&format!("<{url}>\n"));
                if let Some(w) = warning {
                    md.push_str(&format!("\n{w}\n"));
                }
            }
            Link::None(why) => md.push_str(&format!("{why}\n")),
        }
        md
    }

    /// The report as one HTML page: no script, no outside resource (its
    /// own CSP forbids both), every text escaped.
    pub fn to_html(&self) -> String {
        let e = escape;
        let mut h = format!(
            "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
        <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
        <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
        <title>scimkit report: {ws}</title><style>{CSS}</style></head><body>\
        <h1>scimkit report: {ws}</h1><p class=\"m\">scimkit {ver} · {gen}</p>\
        <h2>Verdict</h2><p class=\"v\">{verdict}</p><h2>Options</h2><table>",
            ws = e(&self.workspace),
            ver = e(&self.version),
            gen = e(&self.generated),
            verdict = e(&self.verdict),
        );
        for (k, v) in &self.options {
            h.push_str(&format!("<tr><th>{}</th><td>{}</td></tr>", e(k), e(v)));
        }
        h.push_str("</table><h2>Input</h2>");
        for (k, v) in &self.inputs {
            h.push_str(&format!("<h3>{}</h3><pre>{}</pre>", e(k), e(v)));
        }
        h.push_str("<h2>Findings</h2>");
        if self.findings.is_empty() {
            h.push_str("<p>None.</p>");
        } else {
            h.push_str("<ul>");
            for f in &self.findings {
                h.push_str(&format!(
                    "<li><b>{}</b> <code>{}</code> <code>{}</code> {}",
                    e(&f.level),
                    e(&f.code),
                    e(&f.place),
                    e(&f.message)
                ));
                if !f.fix.is_empty() {
                    h.push_str(&format!("<br><i>Fix:</i> {}", e(&f.fix)));
                }
                h.push_str("</li>");
            }
            h.push_str("</ul>");
        }
        h.push_str("<h2>Share link</h2>");
        match &self.link {
            Link::Link(url, warning) => {
                h.push_str(&format!("<p><a href=\"{0}\">{0}</a></p>", e(url)));
                if let Some(w) = warning {
                    h.push_str(&format!("<p>{}</p>", e(w)));
                }
            }
            Link::None(why) => h.push_str(&format!("<p>{}</p>", e(why))),
        }
        h.push_str("</body></html>\n");
        h
    }
}

const CSS: &str = "body{font:14px/1.5 system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em}\
pre{background:#f4f4f5;padding:.8em;overflow:auto;white-space:pre-wrap;overflow-wrap:anywhere}\
code{overflow-wrap:anywhere}th{text-align:left;padding-right:1em}li{margin:.4em 0}.m{color:#555}";

/// `text` escaped for HTML (element text and quoted attribute values): the
/// core's [`scimkit::encode::markup`], which the CLI's JUnit report uses too.
pub fn escape(text: &str) -> String {
    scimkit::encode::markup(text)
}

fn longest_run(text: &str, c: char) -> usize {
    let mut best = 0;
    let mut run = 0;
    for x in text.chars() {
        run = if x == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn report(input: &str) -> Report {
        let results = json!({"valid": false, "diagnostics": [
            {"severity": "error", "code": "type-mismatch", "path": "/userName",
             "message": "userName must be a string", "help": "Map a string"}]});
        Report {
            workspace: "Payload".into(),
            version: "0.1.0".into(),
            generated: "2026-12-07T00:00:00Z".into(),
            verdict: "Rejected: 1 error".into(),
            inputs: vec![("document".into(), input.into())],
            options: vec![("context".into(), "create".into())],
            findings: findings(&results),
            link: share_link(input, "http://x/#payload/v1.abc".into()),
            results,
        }
    }

    #[test]
    fn html_escapes_everything_it_embeds() {
        let hostile = "{\"userName\": \"<script>alert(1)</script><img src=x onerror=alert(2)>\"}";
        let html = report(hostile).to_html();
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("Map a string"));
        assert!(
            html.contains("0.1.0") && html.contains("create") && html.contains("type-mismatch")
        );
        assert_eq!(escape("a\"'&"), "a&quot;&#39;&amp;");
    }

    #[test]
    fn markdown_and_json_hold_input_options_version_and_findings() {
        let r = report("{\n \"a\": \"```\"\n}");
        let md = r.to_markdown();
        assert!(md.contains("\n````\n{\n"), "{md}");
        assert!(md.contains("- context: `create`"));
        assert!(md.contains("scimkit 0.1.0"));
        assert!(md.contains(
            "**error** `type-mismatch` at `/userName`: userName must be a string Fix: Map a string"
        ));
        assert!(md.contains("<http://x/#payload/v1.abc>"));
        let j = r.to_json();
        assert_eq!(j["scimkit"], "0.1.0");
        assert_eq!(j["options"]["context"], "create");
        assert_eq!(j["findings"][0]["fix"], "Map a string");
    }

    #[test]
    fn credentials_keep_share_links_out() {
        for text in [
            "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc",
            "{\"authorization\": \"Bearer abcdefgh12345\"}",
            "bearer  abcdefgh12345",
            "Authorization: Basic dXNlcjpwYXNzd29yZA==",
            "{\"Authorization\": \"s3cret-token-value\"}",
        ] {
            assert!(holds_credential(text), "{text}");
            assert!(matches!(share_link(text, "u".into()), Link::None(_)));
        }
        for text in [
            "\"authorization\": \"Bearer ****\"",
            "Bearer <a wrong token>",
            "a bearer bond",
            "{\"userName\": \"bjensen\"}",
        ] {
            assert!(!holds_credential(text), "{text}");
        }
        let long = "x".repeat(LINK_WARN_BYTES + 1);
        assert!(matches!(share_link("{}", long), Link::Link(_, Some(_))));
        assert!(matches!(
            share_link("{}", "x".repeat(LINK_MAX_BYTES + 1)),
            Link::None(_)
        ));
    }

    #[test]
    fn findings_of_probe_reports_and_limits() {
        let probe = json!({"checks": [{"id": "write.create-user", "title": "POST /Users",
            "status": "fail", "message": "400", "reference": "RFC",
            "request": {"url": "http://h/Users"}, "diagnostics": [], "advice": "Accept it"}]});
        let f = findings(&probe);
        assert_eq!(f.len(), 1);
        assert_eq!(
            (f[0].level.as_str(), f[0].fix.as_str()),
            ("fail", "Accept it")
        );
        assert_eq!(f[0].place, "http://h/Users");
        assert_eq!(cut("abcdef", 3), "abc…");
        assert_eq!(cut("ab", 3), "ab");
        let (inputs, options) =
            split_snapshot(&json!({"workspace": "payload", "document": "{\n}", "context": ""}));
        assert_eq!(inputs, vec![("document".into(), "{\n}".into())]);
        assert_eq!(options, vec![("context".into(), "(automatic)".into())]);
        // A one-line document is an input; no custom schemas is no input.
        let (inputs, options) = split_snapshot(
            &json!({"document": "{\"userName\": 42}", "schemas": "", "profile": "p", "personal": false}),
        );
        assert_eq!(
            inputs,
            vec![("document".into(), "{\"userName\": 42}".into())]
        );
        assert_eq!(
            options,
            vec![
                ("profile".into(), "p".into()),
                ("personal".into(), "false".into())
            ]
        );
    }
}
