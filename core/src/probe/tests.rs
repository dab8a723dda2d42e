//! The plan against recorded exchanges: a small in-memory server whose
//! faults are switched on one at a time. (The live tests run the CLI against
//! real servers on loopback: `cli/tests/probe_live.rs`.)

use serde_json::{Value, json};

use super::*;
use crate::detect::Sender;

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const LIST: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const ERROR: &str = "urn:ietf:params:scim:api:messages:2.0:Error";

#[derive(Default, Clone, Copy)]
struct Faults {
    accepts_any_token: bool,
    lookup_404: bool,
    plain_json: bool,
    ignores_count: bool,
    ignores_start_index: bool,
    ignores_excluded: bool,
    html_error: bool,
    timeout_on_groups: bool,
    no_filter_support: bool,
    /// Claims no sorting (the sort check is then skipped).
    no_sort_claim: bool,
    /// Claims sorting but answers in its own order.
    ignores_sort: bool,
}

fn user(i: usize) -> Value {
    json!({"schemas": [USER], "id": format!("u{i}"), "userName": format!("user{i}@example.com"),
           "displayName": format!("User {i}"), "meta": {"resourceType": "User"}})
}

fn list(resources: Vec<Value>, total: usize, start: usize) -> Value {
    json!({"schemas": [LIST], "totalResults": total, "startIndex": start,
           "itemsPerPage": resources.len(), "Resources": resources})
}

fn error(status: u16) -> Value {
    json!({"schemas": [ERROR], "status": status.to_string(), "detail": "no"})
}

fn query<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request
        .query
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// A conformant server of three users and one group, with `faults`.
fn server(faults: Faults) -> impl FnMut(&Request) -> Result<Response, TransportError> {
    move |request| {
        let reply = |status: u16, body: Value| {
            let mut r = Response::scim(status, body.to_string());
            if faults.plain_json {
                r.content_type = Some("application/json; charset=utf-8".into());
            }
            Ok(r)
        };
        if request.auth == Auth::WrongToken && !faults.accepts_any_token {
            return reply(401, error(401));
        }
        let users: Vec<Value> = (1..=3).map(user).collect();
        match request.path.as_str() {
            "/ServiceProviderConfig" => reply(
                200,
                json!({
                    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
                    "patch": {"supported": true}, "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
                    "filter": {"supported": !faults.no_filter_support, "maxResults": 100},
                    "changePassword": {"supported": false}, "sort": {"supported": !faults.no_sort_claim}, "etag": {"supported": false},
                    "authenticationSchemes": []
                }),
            ),
            "/ResourceTypes" => reply(
                200,
                list(
                    vec![
                        json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"], "id": "User", "name": "User", "endpoint": "/Users", "schema": USER}),
                        json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"], "id": "Group", "name": "Group", "endpoint": "/Groups", "schema": GROUP}),
                    ],
                    2,
                    1,
                ),
            ),
            "/Schemas" => reply(
                200,
                list(
                    vec![json!({
                        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
                        "id": "urn:ietf:params:scim:schemas:extension:acme:2.0:User", "name": "Acme",
                        "attributes": [{"name": "badge", "type": "string", "multiValued": false, "required": false,
                                        "caseExact": false, "mutability": "readWrite", "returned": "default", "uniqueness": "none"}]
                    })],
                    1,
                    1,
                ),
            ),
            "/Users" => {
                if let Some(filter) = query(request, "filter") {
                    if faults.lookup_404 {
                        return reply(404, error(404));
                    }
                    let hits: Vec<Value> = users
                        .into_iter()
                        .filter(|u| filter.contains(u["userName"].as_str().unwrap_or("-")))
                        .collect();
                    let n = hits.len();
                    return reply(200, list(hits, n, 1));
                }
                let start: usize = query(request, "startIndex")
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(1);
                let count: usize = query(request, "count")
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(100);
                let start = if faults.ignores_start_index { 1 } else { start };
                let count = if faults.ignores_count { 100 } else { count };
                let mut users = users;
                if query(request, "sortBy") == Some("userName")
                    && query(request, "sortOrder") == Some("descending")
                    && !faults.ignores_sort
                {
                    users.sort_by_key(|u| {
                        std::cmp::Reverse(u["userName"].to_string().to_lowercase())
                    });
                }
                let mut page: Vec<Value> =
                    users.iter().skip(start - 1).take(count).cloned().collect();
                if query(request, "attributes") == Some("userName") {
                    page = page
                        .iter()
                        .map(|u| json!({"id": u["id"], "userName": u["userName"]}))
                        .collect();
                }
                reply(200, list(page, 3, start))
            }
            "/Groups" => {
                if faults.timeout_on_groups {
                    return Err(TransportError {
                        message: "timed out after 10 s".into(),
                    });
                }
                let mut group = json!({"schemas": [GROUP], "id": "g1", "displayName": "Staff", "members": [{"value": "u1"}]});
                if query(request, "excludedAttributes") == Some("members")
                    && !faults.ignores_excluded
                {
                    group.as_object_mut().map(|g| g.remove("members"));
                }
                reply(200, list(vec![group], 1, 1))
            }
            _ if faults.html_error => Ok(Response {
                status: 404,
                content_type: Some("text/html".into()),
                body: "<html>Not Found</html>".into(),
                truncated: false,
                etag: None,
            }),
            _ => reply(404, error(404)),
        }
    }
}

fn probe(faults: Faults) -> ProbeReport {
    run(
        ProbeOptions::new("http://test", Sender::Rfc),
        server(faults),
    )
}

fn status_of(report: &ProbeReport, id: &str) -> Status {
    report
        .checks
        .iter()
        .find(|c| c.id == id)
        .map(|c| c.status)
        .unwrap_or_else(|| panic!("no check {id}: {report:#?}"))
}

#[test]
fn a_conformant_server_passes_every_check() {
    let report = probe(Faults::default());
    assert_eq!(report.error, None);
    let ids: Vec<&str> = report.checks.iter().map(|c| c.id).collect();
    let read_only: Vec<&str> = CHECKS
        .iter()
        .map(|c| c.id)
        // What only runs with --write: it needs the probe's own user and group.
        .filter(|id| {
            !id.starts_with("write.")
                && !id.starts_with("mapping.")
                && !id.starts_with("filters.")
                && *id != "groups.lookup"
        })
        .collect();
    assert_eq!(ids, read_only);
    for c in &report.checks {
        assert_eq!(c.status, Status::Pass, "{c:#?}");
        assert!(c.advice.is_none());
    }
    assert_eq!(
        report.summary,
        Summary {
            passed: read_only.len(),
            failed: 0,
            warnings: 0,
            skipped: 0
        }
    );
    // The custom schema from /Schemas was used: the discovery message says so.
    let schemas = report
        .checks
        .iter()
        .find(|c| c.id == "discovery.schemas")
        .unwrap();
    assert!(
        schemas.message.contains("schemas load"),
        "{}",
        schemas.message
    );
    // Shown requests never carry a token.
    let json = serde_json::to_string(&report).unwrap();
    assert!(json.contains("Bearer ****") && !json.contains("Bearer ey"));
}

#[test]
fn each_fault_fails_its_own_check() {
    let cases: [(Faults, &str, Status); 11] = [
        (
            Faults {
                ignores_sort: true,
                ..Faults::default()
            },
            "lists.sort",
            Status::Fail,
        ),
        (
            Faults {
                no_sort_claim: true,
                ..Faults::default()
            },
            "lists.sort",
            Status::Skip,
        ),
        (
            Faults {
                accepts_any_token: true,
                ..Faults::default()
            },
            "auth.wrong-token",
            Status::Fail,
        ),
        (
            Faults {
                lookup_404: true,
                ..Faults::default()
            },
            "connection.entra-lookup",
            Status::Fail,
        ),
        (
            Faults {
                plain_json: true,
                ..Faults::default()
            },
            "http.content-type",
            Status::Warn,
        ),
        (
            Faults {
                ignores_count: true,
                ..Faults::default()
            },
            "connection.okta-list",
            Status::Fail,
        ),
        (
            Faults {
                ignores_start_index: true,
                ..Faults::default()
            },
            "lists.pagination",
            Status::Fail,
        ),
        (
            Faults {
                ignores_excluded: true,
                ..Faults::default()
            },
            "groups.excluded-members",
            Status::Fail,
        ),
        (
            Faults {
                html_error: true,
                ..Faults::default()
            },
            "errors.unknown-id",
            Status::Warn,
        ),
        (
            Faults {
                timeout_on_groups: true,
                ..Faults::default()
            },
            "groups.list",
            Status::Fail,
        ),
        (
            Faults {
                no_filter_support: true,
                ..Faults::default()
            },
            "connection.entra-lookup",
            Status::Skip,
        ),
    ];
    for (faults, id, expected) in cases {
        let report = probe(faults);
        assert_eq!(status_of(&report, id), expected, "{id}: {report:#?}");
        let others: Vec<(&str, Status)> = report
            .checks
            .iter()
            .filter(|c| c.id != id && c.status != Status::Pass)
            .map(|c| (c.id, c.status))
            .collect();
        // A fault touches its own check only (a timeout also loses the
        // request after it, and an application/json server warns once).
        let allowed: &[&str] = match id {
            "groups.list" => &["groups.excluded-members", "http.content-type"],
            "errors.unknown-id" => &["http.content-type"],
            "connection.okta-list" => &["lists.pagination", "lists.attributes"],
            _ => &[],
        };
        assert!(
            others.iter().all(|(o, _)| allowed.contains(o)),
            "{id}: also {others:?}"
        );
    }
}

#[test]
fn nothing_listening_is_an_error_not_a_report_of_failures() {
    let report = run(
        ProbeOptions::new("http://127.0.0.1:9", Sender::Okta),
        |_| {
            Err(TransportError {
                message: "connection refused".into(),
            })
        },
    );
    assert_eq!(report.error.as_deref(), Some("connection refused"));
    assert!(report.checks.is_empty());
}

#[test]
fn a_body_that_is_not_json_fails_with_the_syntax_diagnostics() {
    let mut inner = server(Faults::default());
    let report = run(ProbeOptions::new("http://test", Sender::Entra), |r| {
        if r.path == "/ServiceProviderConfig" {
            return Ok(Response::scim(200, "{\"schemas\": [, // oops\n}"));
        }
        inner(r)
    });
    let spc = &report.checks[0];
    assert_eq!(spc.status, Status::Fail);
    assert_eq!(spc.diagnostics[0].code, crate::Code::JsonSyntax);
    assert!(spc.advice.is_some());
}

#[test]
fn requests_are_encoded_and_the_made_up_names_repeat_with_the_seed() {
    let mut a = Plan::new(ProbeOptions::new("x", Sender::Entra).with_seed(7));
    let mut b = Plan::new(ProbeOptions::new("x", Sender::Entra).with_seed(7));
    let mut targets = Vec::new();
    while let (Some(ra), Some(rb)) = (a.next_request(), b.next_request()) {
        assert_eq!(ra, rb);
        targets.push(ra.target());
        a.receive(Err(TransportError {
            message: "x".into(),
        }));
        b.receive(Err(TransportError {
            message: "x".into(),
        }));
    }
    // The first request got no answer: the probe stops there.
    assert_eq!(targets, ["/ServiceProviderConfig"]);
    let lookup = Request::get("/Users").with_query("filter", "userName eq \"a b\"");
    assert_eq!(lookup.target(), "/Users?filter=userName%20eq%20%22a%20b%22");
}

#[test]
fn redirects_and_cut_bodies_are_judged_as_they_arrived() {
    let mut inner = server(Faults::default());
    let report = run(ProbeOptions::new("http://test", Sender::Rfc), |r| {
        match r.path.as_str() {
            // A redirect is not followed: the status is the answer.
            "/ResourceTypes" => Ok(Response {
                status: 301,
                content_type: Some("text/html".into()),
                body: String::new(),
                truncated: false,
                etag: None,
            }),
            "/Groups" => inner(r).map(|mut response| {
                response.truncated = true;
                response
            }),
            _ => inner(r),
        }
    });
    let rt = report
        .checks
        .iter()
        .find(|c| c.id == "discovery.resource-types")
        .unwrap();
    assert_eq!(
        (rt.status, rt.message.as_str()),
        (Status::Fail, "expected 200, got 301")
    );
    assert_eq!(status_of(&report, "groups.list"), Status::Warn);
    let groups = report
        .checks
        .iter()
        .find(|c| c.id == "groups.list")
        .unwrap();
    assert_eq!(groups.diagnostics[0].code, crate::Code::LimitResponseSize);
    // The default endpoints are used when discovery fails.
    assert_eq!(status_of(&report, "connection.okta-list"), Status::Pass);
}

#[test]
fn every_check_has_a_title_a_reference_and_advice() {
    let mut ids = std::collections::HashSet::new();
    for c in CHECKS {
        assert!(ids.insert(c.id), "duplicate id {}", c.id);
        assert!(
            !c.title.is_empty() && !c.reference.is_empty() && !c.advice.is_empty(),
            "{}",
            c.id
        );
    }
    assert!(CHECKS.len() >= 25);
}

#[test]
fn an_interrupted_write_run_still_removes_what_it_made() {
    let mut inner = server(Faults::default());
    let mut plan = Plan::new(ProbeOptions::new("http://test", Sender::Rfc).with_write(true));
    let mut after_interrupt = Vec::new();
    let mut interrupted = false;
    while let Some(request) = plan.next_request() {
        if interrupted {
            after_interrupt.push((request.method, request.path.clone()));
        }
        let response = match (request.method, request.path.as_str()) {
            ("POST", "/Users") => {
                // The created user, as sent, with its new id.
                let mut user: Value =
                    serde_json::from_str(request.body.as_deref().unwrap()).unwrap();
                user["id"] = json!("new1");
                Ok(Response::scim(201, user.to_string()))
            }
            ("DELETE", _) => Ok(Response::scim(204, "")),
            ("GET", "/Users/new1") => Ok(Response::scim(404, error(404).to_string())),
            _ => inner(&request),
        };
        let created = request.method == "POST";
        plan.receive(response);
        if created && !interrupted {
            // Ctrl-C right after the first user was created.
            plan.interrupt();
            interrupted = true;
        }
    }
    // The DELETE, the GET that confirms it, then the search by the run's name.
    let after: Vec<(&str, &str)> = after_interrupt
        .iter()
        .map(|(m, p)| (*m, p.as_str()))
        .collect();
    assert_eq!(
        after,
        [
            ("DELETE", "/Users/new1"),
            ("GET", "/Users/new1"),
            ("GET", "/Groups"),
            ("GET", "/Users")
        ]
    );
    let report = plan.finish();
    assert_eq!(status_of(&report, "write.create-user"), Status::Pass);
    assert_eq!(status_of(&report, "write.cleanup"), Status::Pass);
    assert!(report.leftovers.is_empty());
    assert!(
        report
            .stopped
            .as_deref()
            .unwrap()
            .starts_with("interrupted")
    );
    assert!(
        report.checks.iter().all(|c| c.id != "write.location"),
        "nothing after the interrupt but the cleanup"
    );
}
