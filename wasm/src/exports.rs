//! The JavaScript exports of the npm package (feature `exports`, on by
//! default). The playground links [`crate::api`] directly and builds without
//! them, so its first load carries none of the JSON crossing layer.

use std::cell::RefCell;

use crate::api::{
    ExplainOpts, FilterInput, FilterOpts, LogOpts, MappingOpts, PatchOpts, Session, SessionOptions,
    ValidateOpts, envelope, options,
};
use wasm_bindgen::prelude::*;

#[cfg(feature = "probe")]
use crate::probe;
use crate::{VERSION, api};

/// `version()`.
#[wasm_bindgen(js_name = version, skip_typescript)]
pub fn js_version() -> String {
    VERSION.to_owned()
}

/// A validator with its schemas and profiles (the npm `Validator`).
#[wasm_bindgen(js_name = Session, skip_typescript)]
pub struct JsSession {
    session: Session,
}

#[wasm_bindgen(js_class = Session)]
impl JsSession {
    /// `new Session(optionsJson)`: built-in plus custom schemas and profiles.
    #[wasm_bindgen(constructor)]
    pub fn new(options_json: &str) -> Result<JsSession, String> {
        match options::<SessionOptions>(options_json) {
            Ok(o) => Ok(JsSession {
                session: Session::new(&o),
            }),
            Err(e) => Err(envelope::<()>(Err(e))),
        }
    }

    /// What loading the custom definitions found.
    pub fn setup(&self) -> String {
        envelope(Ok(self.session.setup()))
    }

    /// `validate(document, options)`.
    pub fn validate(&self, document: &str, from_object: bool, options_json: &str) -> String {
        envelope(
            options::<ValidateOpts>(options_json)
                .and_then(|o| self.session.validate(document, from_object, &o)),
        )
    }

    /// `assumed(document, options)`.
    pub fn assumed(&self, document: &str, options_json: &str) -> String {
        envelope(
            options::<ValidateOpts>(options_json).and_then(|o| self.session.assumed(document, &o)),
        )
    }

    /// `checkFilter(filter, options)`.
    #[wasm_bindgen(js_name = checkFilter)]
    pub fn check_filter(&self, filter: &str, options_json: &str) -> String {
        envelope(
            options::<FilterOpts>(options_json).and_then(|o| self.session.check_filter(filter, &o)),
        )
    }

    /// `evaluateFilter(filter, resources, options)`; `ast` says the filter is a tree.
    #[wasm_bindgen(js_name = evaluateFilter)]
    pub fn evaluate_filter(
        &self,
        filter: &str,
        ast: bool,
        resources: &str,
        options_json: &str,
        trace: bool,
    ) -> String {
        let input = if ast {
            FilterInput::Ast(filter)
        } else {
            FilterInput::Text(filter)
        };
        envelope(
            options::<FilterOpts>(options_json)
                .and_then(|o| self.session.evaluate_filter(&input, resources, &o, trace)),
        )
    }

    /// `checkPatch(patch, options)`.
    #[wasm_bindgen(js_name = checkPatch)]
    pub fn check_patch(&self, patch: &str, from_object: bool, options_json: &str) -> String {
        envelope(
            options::<PatchOpts>(options_json)
                .and_then(|o| self.session.check_patch(patch, from_object, &o)),
        )
    }

    /// `applyPatch(resource, patch, options)`.
    #[wasm_bindgen(js_name = applyPatch)]
    pub fn apply_patch(
        &self,
        resource: &str,
        patch: &str,
        from_object: bool,
        options_json: &str,
    ) -> String {
        envelope(
            options::<PatchOpts>(options_json)
                .and_then(|o| self.session.apply_patch(resource, patch, from_object, &o)),
        )
    }

    /// `checkMapping(config, options)`.
    #[wasm_bindgen(js_name = checkMapping)]
    pub fn check_mapping(&self, config: &str, from_object: bool, options_json: &str) -> String {
        envelope(
            options::<MappingOpts>(options_json)
                .and_then(|o| self.session.check_mapping(config, from_object, &o)),
        )
    }

    /// `applyMapping(config, sourceUser, options)`.
    #[wasm_bindgen(js_name = applyMapping)]
    pub fn apply_mapping(
        &self,
        config: &str,
        source: &str,
        from_object: bool,
        options_json: &str,
    ) -> String {
        envelope(
            options::<MappingOpts>(options_json)
                .and_then(|o| self.session.apply_mapping(config, source, from_object, &o)),
        )
    }

    /// `explainLog(log, options)`.
    #[wasm_bindgen(js_name = explainLog)]
    pub fn explain_log(&self, input: &str, from_object: bool, options_json: &str) -> String {
        envelope(
            options::<LogOpts>(options_json)
                .and_then(|o| self.session.explain_log(input, from_object, &o)),
        )
    }

    /// `explain(input, options)`.
    pub fn explain(&self, input: &str, from_object: bool, options_json: &str) -> String {
        envelope(
            options::<ExplainOpts>(options_json)
                .and_then(|o| self.session.explain(input, from_object, &o)),
        )
    }

    /// `schemas()`, `profiles()`, … of this validator.
    pub fn catalog(&self, name: &str) -> String {
        envelope(api::catalog(&self.session, name))
    }
}

/// `parseFilter(text, options)`.
#[wasm_bindgen(js_name = parseFilter, skip_typescript)]
pub fn parse_filter(text: &str, options_json: &str) -> String {
    envelope(options::<FilterOpts>(options_json).and_then(|o| api::parse_filter(text, &o)))
}

thread_local! {
    /// Where [`parse_filter_fast`] leaves its numbers and the canonical text:
    /// kept from call to call, so that a parse allocates nothing for its
    /// result.
    static FAST: RefCell<(Vec<u32>, String)> = const { RefCell::new((Vec::new(), String::new())) };
}

/// `parseFilter`'s fast path (see [`compact`]): the address in the module's
/// memory of `[canonical address, canonical length, 1 or 0 (ast: false),
/// tree…]`, which the package reads in place (valid until the next call;
/// the tree's own structure says where it ends; a length of 0 means the
/// canonical text is the filter itself); 0 when the filter takes
/// [`parse_filter`]'s JSON path. Reading in place rather than returning an
/// array or a string saves a copy, an allocation and a text decoding on
/// every call. `options_json` is absent (not `""`) for a call without
/// options, which spares the crossing of a second string.
#[wasm_bindgen(js_name = parseFilterFast, skip_typescript)]
pub fn parse_filter_fast(text: &str, options_json: Option<String>) -> u32 {
    let Ok(opts) = options::<FilterOpts>(options_json.as_deref().unwrap_or("")) else {
        return 0;
    };
    FAST.with(|fast| {
        let Ok(mut fast) = fast.try_borrow_mut() else {
            return 0;
        };
        let (numbers, canonical) = &mut *fast;
        numbers.clear();
        numbers.extend([0, 0]);
        canonical.clear();
        if !api::parse_filter_fast(text, &opts, numbers, canonical) {
            return 0;
        }
        if let [address, length, ..] = numbers.as_mut_slice() {
            *address = address_of(canonical.as_ptr());
            *length = u32::try_from(canonical.len()).unwrap_or(0);
        }
        address_of(numbers.as_ptr())
    })
}

/// A pointer as an address in the module's (32-bit) memory.
fn address_of<T>(pointer: *const T) -> u32 {
    u32::try_from(pointer as usize).unwrap_or(0)
}

/// `formatFilter(ast)`.
#[wasm_bindgen(js_name = formatFilter, skip_typescript)]
pub fn format_filter(ast: &str) -> String {
    envelope(api::format_filter(ast))
}

/// `evaluateExpression(expression, sourceUser, options)`; `user` is `""` for none.
#[wasm_bindgen(js_name = evaluateExpression, skip_typescript)]
pub fn evaluate_expression(expression: &str, user: &str, options_json: &str) -> String {
    let user = (!user.is_empty()).then_some(user);
    envelope(
        options::<api::ExpressionOpts>(options_json)
            .and_then(|o| api::evaluate_expression(expression, user, &o)),
    )
}

/// The probe's plan (the npm `probe()` drives it with `fetch`).
#[cfg(feature = "probe")]
#[wasm_bindgen(js_name = ProbePlan, skip_typescript)]
pub struct JsProbePlan {
    plan: Option<scimkit::probe::Plan>,
    /// The checked token, and the redactor that masks it in the report.
    token: Option<String>,
    redactor: scimkit::probe::Redactor,
}

#[cfg(feature = "probe")]
#[wasm_bindgen(js_class = ProbePlan)]
impl JsProbePlan {
    /// `new ProbePlan(optionsJson, token)`: `token` is checked by the
    /// core's rules (an empty string: none) and only used to mask it.
    #[wasm_bindgen(constructor)]
    pub fn new(options_json: &str, token: &str) -> Result<JsProbePlan, String> {
        let made = probe::token(token).and_then(|token| {
            let redactor = scimkit::probe::Redactor::new(token.iter());
            options::<probe::ProbeOpts>(options_json)
                .and_then(|o| probe::plan(&o, redactor.clone()))
                .map(|plan| JsProbePlan {
                    plan: Some(plan),
                    redactor,
                    token,
                })
        });
        made.map_err(|e| envelope::<()>(Err(e)))
    }

    /// The base URL as checked (no trailing slash): what `fetch` joins
    /// each request's target to.
    pub fn target(&self) -> String {
        self.plan
            .as_ref()
            .map(|p| p.options().target.clone())
            .unwrap_or_default()
    }

    /// The token as checked (trimmed), or `null`.
    pub fn bearer(&self) -> Option<String> {
        self.token.clone()
    }

    /// How long the run has taken (ms); returns the longest the next
    /// answer may take (ms). Past the deadline the checks stop and the
    /// cleanup runs; past the grace, nothing more is sent.
    pub fn tick(&mut self, elapsed_ms: f64) -> f64 {
        let elapsed = std::time::Duration::from_secs_f64((elapsed_ms / 1000.0).max(0.0));
        self.plan
            .as_mut()
            .map_or(0.0, |p| p.tick(elapsed).as_secs_f64() * 1000.0)
    }

    /// The next request (`null` when done).
    #[wasm_bindgen(js_name = nextRequest)]
    pub fn next_request(&mut self) -> String {
        envelope(Ok(self.plan.as_mut().and_then(probe::next_request)))
    }

    /// What came back for the last request.
    pub fn receive(&mut self, outcome_json: &str) -> String {
        let result = options::<probe::ProbeOutcome>(outcome_json).map(|outcome| {
            if let Some(plan) = self.plan.as_mut() {
                probe::receive(plan, outcome);
            }
        });
        envelope(result)
    }

    /// The report (once), the token masked everywhere in it.
    pub fn finish(&mut self) -> String {
        envelope(match self.plan.take() {
            Some(plan) => Ok(probe::finish(plan, &self.redactor)),
            None => Err(api::ApiError::new(
                "internal",
                "the probe was already finished",
            )),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn parse(s: &str) -> Value {
        serde_json::from_str(s).unwrap()
    }

    #[test]
    fn exports_return_envelopes() {
        let s = JsSession::new("").unwrap();
        let v = parse(&s.validate(r#"{"userName":1}"#, false, r#"{"context":"create"}"#));
        assert_eq!(v["ok"], true);
        assert_eq!(v["value"]["valid"], false);
        let e = parse(&s.validate("{}", false, r#"{"context":"nope"}"#));
        assert_eq!(e["ok"], false);
        assert_eq!(e["error"]["code"], "invalid-option");
        assert_eq!(
            parse(&format_filter("{\"type\":\"nope\"}"))["error"]["code"],
            "invalid-ast"
        );
        assert_eq!(
            parse(&parse_filter("a pr", ""))["value"]["canonical"],
            "a pr"
        );
        assert!(JsSession::new("{\"bogus\":1}").is_err());
    }

    #[test]
    fn version_is_the_workspace_version() {
        assert_eq!(js_version(), env!("CARGO_PKG_VERSION"));
    }
}
