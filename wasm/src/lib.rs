//! The npm package `scimkit`: a thin wasm-bindgen adapter over the scimkit core.
//!
//! Each export takes JavaScript input, calls one core function and returns the
//! core's [`Report`] serialized with `serde_json` (one explicit configuration,
//! camelCase field names as the core's serde attributes give them) and turned
//! into a plain JavaScript object with `JSON.parse`. serde-wasm-bindgen is not
//! used: its defaults produce ES `Map`s for maps and blur a missing field with
//! `null`. Every export has `skip_typescript`; the exact types are written by
//! hand in [`TYPESCRIPT`], and the package tests check them with `tsc`.
//!
//! The functions without `#[wasm_bindgen]` are the DTO layer: plain Rust,
//! unit-tested natively and shared with the playground, so the playground shows
//! exactly what npm users get.
//!
//! This crate is a placeholder for the real npm API, which comes later; it
//! already does real work (the core's JSON syntax check), so the build and
//! test pipeline around it is exercised end to end.

use scimkit::Report;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT: &'static str = r#"
/** How serious a diagnostic is. */
export type Severity = "error" | "warning" | "info";

/**
 * Where a diagnostic points in the checked text. `start` and `end` are
 * UTF-16 code-unit offsets (JavaScript string indices, end exclusive);
 * `line` and `column` are 1-based, columns counted in Unicode scalar values.
 */
export interface Span {
  start: number;
  end: number;
  line: number;
  column: number;
}

/** One problem found in the input. */
export interface Diagnostic {
  severity: Severity;
  /** A stable code such as `json-syntax`; codes are never renamed or reused. */
  code: string;
  /** JSON Pointer (RFC 6901) into the input; `""` is the whole document. */
  path: string;
  /** What is wrong, written for an identity admin. */
  message: string;
  /** Where it is in the text, when the input was text. */
  span?: Span;
  /** What to do about it, when there is a concrete fix. */
  help?: string;
}

/** The outcome of a check: `valid` unless some diagnostic is an error. */
export interface Report {
  valid: boolean;
  diagnostics: Diagnostic[];
}

/** The scimkit version, e.g. `"0.1.0"` (the npm package has the same one). */
export function version(): string;

/**
 * Checks that `text` is exactly one JSON document (RFC 8259, strict).
 * Never throws for bad JSON: problems come back as diagnostics.
 * @throws {TypeError} when `text` is not a string.
 */
export function checkJson(text: string): Report;
"#;

/// The version of scimkit (the workspace version, shared by the crate and the npm package).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The JSON syntax check as JavaScript callers see it: the core's [`Report`]
/// with spans converted to UTF-16 offsets.
pub fn check_json(text: &str) -> Report {
    let report = match scimkit::json::parse(text) {
        Ok(_) => Report::new(Vec::new()),
        Err(diagnostic) => Report::new(vec![diagnostic]),
    };
    report.to_utf16(text)
}

/// Serializes a report the one way the package does.
///
/// # Errors
/// Only if serde_json fails, which a [`Report`] (string keys only) cannot make it do.
pub fn report_json(report: &Report) -> Result<String, serde_json::Error> {
    serde_json::to_string(report)
}

/// `version()`: the scimkit version.
#[wasm_bindgen(js_name = version, skip_typescript)]
pub fn js_version() -> String {
    VERSION.to_owned()
}

/// `checkJson(text)`: the JSON syntax check, as a plain object.
///
/// # Errors
/// Throws a `TypeError` when `text` is not a string (JavaScript would
/// otherwise turn `undefined` into the text "undefined").
#[wasm_bindgen(js_name = checkJson, skip_typescript)]
pub fn js_check_json(text: JsValue) -> Result<JsValue, JsValue> {
    let Some(text) = text.as_string() else {
        return Err(js_sys::TypeError::new("checkJson: `text` must be a string").into());
    };
    let json = report_json(&check_json(&text))
        .map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))?;
    js_sys::JSON::parse(&json)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn valid_json_gives_an_empty_valid_report() {
        let value: Value =
            serde_json::from_str(&report_json(&check_json(r#"{"userName": "bjensen"}"#)).unwrap())
                .unwrap();
        assert_eq!(value, json!({"valid": true, "diagnostics": []}));
    }

    #[test]
    fn syntax_error_is_one_located_diagnostic() {
        let report = check_json("{\n  \"a\": 1,\n  \"b\": tru\n}");
        assert!(!report.valid);
        assert_eq!(report.diagnostics.len(), 1);
        let value: Value = serde_json::from_str(&report_json(&report).unwrap()).unwrap();
        let d = &value["diagnostics"][0];
        assert_eq!(d["code"], "json-syntax");
        assert_eq!(d["severity"], "error");
        assert_eq!(d["span"]["line"], 3);
        // Every field the TypeScript types promise, and no other.
        let keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
        for key in &keys {
            assert!(
                ["severity", "code", "path", "message", "span", "help"].contains(key),
                "unexpected field {key}"
            );
        }
    }

    #[test]
    fn spans_are_utf16_offsets() {
        // "é" is 2 bytes in UTF-8 and 1 code unit in UTF-16; "😀" is 4 and 2.
        let text = "[\"é😀\" x]";
        let span = check_json(text).diagnostics[0].span.unwrap();
        let x_utf16 = text[..text.find('x').unwrap()].encode_utf16().count();
        assert_eq!(span.start, x_utf16);
    }

    #[test]
    fn version_is_the_workspace_version() {
        assert_eq!(js_version(), env!("CARGO_PKG_VERSION"));
    }
}
