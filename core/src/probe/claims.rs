//! What `/ServiceProviderConfig` claims, held against what the server did
//! during the run: the `discovery.claims` check. Clients such as Okta and
//! custom integrations read the configuration to decide what to send, so a
//! claim the endpoints do not keep breaks them even when each request alone
//! looks fine.

use serde_json::Value;

use super::checks::{Shown, Status};
use super::exchange::{Request, Response};

/// The features the configuration says are supported (`None`: not said).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Claims {
    pub(super) patch: Option<bool>,
    pub(super) filter: Option<bool>,
    pub(super) etag: Option<bool>,
    pub(super) sort: Option<bool>,
}

impl Claims {
    /// Reads `patch`, `filter` and `etag` from a ServiceProviderConfig
    /// (attribute names in any letter case, as RFC 7643 §2.1 allows).
    pub(super) fn of(config: &Value) -> Claims {
        let supported = |name: &str| {
            config
                .as_object()?
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))?
                .1
                .as_object()?
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("supported"))?
                .1
                .as_bool()
        };
        Claims {
            patch: supported("patch"),
            filter: supported("filter"),
            etag: supported("etag"),
            sort: supported("sort"),
        }
    }
}

/// What the run saw of those features.
#[derive(Debug, Default)]
pub(super) struct Observed {
    /// Each PATCH, with its status.
    patches: Vec<(Shown, u16)>,
    /// Each request with a `filter`, with its status.
    filters: Vec<(Shown, u16)>,
    /// Each 200 to a GET of one resource, and whether it carried an ETag.
    single_reads: Vec<(Shown, bool)>,
}

impl Observed {
    /// Notes what `response` to `request` says about the claims; `endpoints`
    /// are the resource endpoints (`/Users`, `/Groups`).
    pub(super) fn record(&mut self, request: &Request, response: &Response, endpoints: &[&str]) {
        let shown = || Shown::of(request);
        if request.method == "PATCH" {
            self.patches.push((shown(), response.status));
        }
        if request.query.iter().any(|(name, _)| name == "filter") {
            self.filters.push((shown(), response.status));
        }
        let single = endpoints.iter().any(|e| {
            request
                .path
                .strip_prefix(e)
                .and_then(|rest| rest.strip_prefix('/'))
                .is_some_and(|id| !id.is_empty() && !id.contains('/'))
        });
        if request.method == "GET" && single && response.status == 200 {
            self.single_reads.push((shown(), response.etag.is_some()));
        }
    }

    /// The verdict: the first claim the server contradicts, or a pass that
    /// says what was compared.
    pub(super) fn verdict(&self, claims: Claims) -> (Status, String, Option<Shown>) {
        let refused = |s: u16| matches!(s, 400 | 405 | 501);
        // A filter on one attribute may be refused (400 invalidFilter is
        // the RFC's answer for what a server does not filter on): the claim
        // is contradicted when the userName lookup every identity provider
        // sends is refused, or every filter was.
        let on_user_name = |shown: &Shown| shown.target.contains("filter=userName%20eq");
        let all_refused = !self.filters.is_empty() && self.filters.iter().all(|(_, s)| refused(*s));
        if claims.filter != Some(false) {
            if let Some((shown, status)) = self
                .filters
                .iter()
                .find(|(shown, s)| refused(*s) && (all_refused || on_user_name(shown)))
            {
                return (
                    Status::Fail,
                    format!(
                        "filter.supported is {}, but {} {} answered {status}",
                        said(claims.filter),
                        shown.method,
                        shown.target
                    ),
                    Some(shown.clone()),
                );
            }
        }
        // One operation a server does not implement (its own check fails)
        // does not contradict PATCH support; no PATCH accepted at all does.
        let any_patch_accepted = self.patches.iter().any(|(_, s)| (200..300).contains(s));
        if claims.patch == Some(true) && !any_patch_accepted {
            if let Some((shown, status)) = self.patches.iter().find(|(_, s)| matches!(s, 405 | 501))
            {
                return (
                    Status::Fail,
                    format!(
                        "patch.supported is true, but {} {} answered {status}",
                        shown.method, shown.target
                    ),
                    Some(shown.clone()),
                );
            }
        }
        if claims.filter == Some(false) {
            let answered: Vec<&(Shown, u16)> = self
                .filters
                .iter()
                .filter(|(_, s)| (200..300).contains(s))
                .collect();
            if let Some((shown, status)) = answered.first() {
                return (
                    Status::Warn,
                    format!(
                        "filter.supported is false, but {} filtered request(s) answered success (first {} {} with {status}): clients that read the configuration will not filter, and the identity providers' lookups get no word of what is supported",
                        answered.len(),
                        shown.method,
                        shown.target
                    ),
                    Some(shown.clone()),
                );
            }
        }
        if claims.patch == Some(false) {
            if let Some((shown, status)) = self.patches.iter().find(|(_, s)| (200..300).contains(s))
            {
                return (
                    Status::Warn,
                    format!(
                        "patch.supported is false, but {} {} answered {status}: clients that read the configuration will not send PATCH",
                        shown.method, shown.target
                    ),
                    Some(shown.clone()),
                );
            }
        }
        if claims.etag == Some(true) {
            if let Some((shown, _)) = self.single_reads.iter().find(|(_, etag)| !etag) {
                return (
                    Status::Fail,
                    format!(
                        "etag.supported is true, but {} {} came back without an ETag header (RFC 7644 §3.14)",
                        shown.method, shown.target
                    ),
                    Some(shown.clone()),
                );
            }
        }
        let compared = format!(
            "{} PATCH, {} filtered and {} single-resource answer(s) agree with patch.supported {}, filter.supported {} and etag.supported {}",
            self.patches.len(),
            self.filters.len(),
            self.single_reads.len(),
            said(claims.patch),
            said(claims.filter),
            said(claims.etag)
        );
        (Status::Pass, compared, None)
    }
}

fn said(claim: Option<bool>) -> &'static str {
    match claim {
        Some(true) => "true",
        Some(false) => "false",
        None => "unset",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// (method, path with `?filter=`, status, ETag) of each exchange.
    type Exchanges = &'static [(&'static str, &'static str, u16, Option<&'static str>)];

    fn observed(exchanges: Exchanges) -> Observed {
        let mut o = Observed::default();
        for (method, path, status, etag) in exchanges {
            let (path, query) = path.split_once('?').unwrap_or((path, ""));
            let mut request = Request::get(path.to_string());
            request.method = method;
            if let Some(filter) = query.strip_prefix("filter=") {
                request = request.with_query("filter", filter);
            }
            let mut response = Response::scim(*status, "{}");
            response.etag = etag.map(str::to_string);
            o.record(&request, &response, &["/Users", "/Groups"]);
        }
        o
    }

    fn claims(patch: bool, filter: bool, etag: bool) -> Claims {
        Claims::of(&json!({
            "PATCH": {"supported": patch},
            "filter": {"Supported": filter},
            "etag": {"supported": etag}
        }))
    }

    #[test]
    fn claims_are_read_in_any_letter_case_and_unset_stays_unset() {
        assert_eq!(
            claims(true, false, true),
            Claims {
                patch: Some(true),
                filter: Some(false),
                etag: Some(true),
                sort: None
            }
        );
        assert_eq!(Claims::of(&json!({"patch": {}})), Claims::default());
    }

    #[test]
    fn each_contradiction_decides_the_check() {
        let cases: [(Claims, Exchanges, Status, &str); 6] = [
            (
                claims(true, true, true),
                &[
                    ("GET", "/Users/1", 200, Some("W/\"1\"")),
                    ("PATCH", "/Users/1", 204, None),
                ],
                Status::Pass,
                "1 PATCH, 0 filtered and 1 single-resource",
            ),
            (
                claims(true, true, false),
                &[("GET", "/Users?filter=userName eq \"x\"", 501, None)],
                Status::Fail,
                "filter.supported is true, but GET /Users?filter=",
            ),
            (
                claims(true, true, false),
                &[("PATCH", "/Groups/1", 501, None)],
                Status::Fail,
                "patch.supported is true, but PATCH /Groups/1 answered 501",
            ),
            (
                claims(false, true, false),
                &[("PATCH", "/Groups/1", 200, None)],
                Status::Warn,
                "patch.supported is false, but PATCH /Groups/1 answered 200",
            ),
            (
                claims(true, true, true),
                &[("GET", "/Users/1", 200, None), ("GET", "/Users", 200, None)],
                Status::Fail,
                "etag.supported is true, but GET /Users/1 came back without an ETag",
            ),
            (
                // A list is not a resource: no ETag is owed.
                claims(true, true, true),
                &[("GET", "/Users", 200, None), ("GET", "/Users/1", 404, None)],
                Status::Pass,
                "0 single-resource",
            ),
        ];
        for (claims, exchanges, status, message) in cases {
            let (got, said, _) = observed(exchanges).verdict(claims);
            assert_eq!(got, status, "{said}");
            assert!(said.contains(message), "{said} does not contain {message}");
        }
    }
}
