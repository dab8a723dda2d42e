//! The probe's safety promise against a stateful in-memory server that
//! holds real accounts and answers as broken or hostile servers do: no
//! PATCH, PUT or DELETE ever reaches an object the server did not create
//! for one of the probe's own POSTs, whoever the sender, whatever the order
//! of answers; and what is left behind is always reported.

use std::collections::{BTreeMap, HashSet};

use serde_json::{Value, json};

use super::*;
use crate::detect::Sender;
use crate::mapping::Rng;

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const LIST: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const ERROR: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
const ENTRA: &str = include_str!("../mapping/presets/entra-scim.json");
const ENTRA_USER: &str = include_str!("../mapping/presets/entra-user.json");
const OKTA: &str = include_str!("../mapping/presets/okta-scim.json");
const OKTA_USER: &str = include_str!("../mapping/presets/okta-user.json");

/// How the server misbehaves; each is switched on per run.
#[derive(Debug, Default, Clone, Copy)]
struct Hostility {
    /// A create is answered with a real account (nothing is created).
    create_returns_existing: bool,
    /// A create whose e-mail matches a real account is linked to it.
    links_by_email: bool,
    /// A create is stored, then answered 500.
    create_500_after_creating: bool,
    /// A create is stored, then answered 400 (a hook failed after the
    /// insert, on a server that is not transactional).
    create_400_after_creating: bool,
    /// A create is stored, then no answer comes.
    create_no_answer: bool,
    /// Ids hold `/`, quotes and `$(…)`.
    hostile_ids: bool,
    /// A DELETE gets no answer (and deletes nothing).
    delete_no_answer: bool,
    /// A DELETE answers 404 and deletes nothing.
    delete_404: bool,
    /// Filters are ignored: every list holds every user.
    ignores_filter: bool,
    /// `sw` filters are refused with 400 (many servers support `eq` only).
    refuses_sw: bool,
    /// Any answer may be swapped for a random status with a real account's body.
    random_answers: bool,
}

impl Hostility {
    fn random(rng: &mut Rng) -> Hostility {
        let mut flip = || rng.next_u64() % 3 == 0;
        Hostility {
            create_returns_existing: flip(),
            links_by_email: flip(),
            create_500_after_creating: flip(),
            create_400_after_creating: flip(),
            create_no_answer: flip(),
            hostile_ids: flip(),
            delete_no_answer: flip(),
            delete_404: flip(),
            ignores_filter: flip(),
            refuses_sw: flip(),
            random_answers: flip(),
        }
    }
}

/// A SCIM server in memory, with three real accounts.
struct Memory {
    users: BTreeMap<String, Value>,
    groups: BTreeMap<String, Value>,
    /// Ids the server made for the probe's POSTs.
    created: HashSet<String>,
    real: Vec<String>,
    next: u64,
    rng: Rng,
    hostility: Hostility,
    /// Every PATCH, PUT and DELETE: (method, decoded id).
    writes: Vec<(&'static str, String)>,
}

fn real_user(i: usize) -> Value {
    json!({"schemas": [USER], "id": format!("real-{i}"), "userName": format!("employee{i}@contoso.com"),
           "externalId": format!("employee{i}"), "active": true,
           "emails": [{"value": if i == 0 { "ada.lovelace@contoso.com".to_string() } else { format!("employee{i}@contoso.com") }, "type": "work", "primary": true}]})
}

fn decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1..i + 3)) {
            (b'%', Some(hex)) => {
                let hex = std::str::from_utf8(hex).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap()
}

fn list(resources: Vec<Value>) -> Value {
    let n = resources.len();
    json!({"schemas": [LIST], "totalResults": n, "startIndex": 1, "itemsPerPage": n, "Resources": resources})
}

fn error(status: u16) -> Response {
    Response::scim(
        status,
        json!({"schemas": [ERROR], "status": status.to_string()}).to_string(),
    )
}

impl Memory {
    fn new(seed: u64, hostility: Hostility) -> Memory {
        let users = (0..3)
            .map(|i| (format!("real-{i}"), real_user(i)))
            .collect();
        let groups = [(
            "real-group".to_string(),
            json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "id": "real-group", "displayName": "Staff",
                   "members": [{"value": "real-0"}]}),
        )]
        .into_iter()
        .collect();
        Memory {
            users,
            groups,
            created: HashSet::new(),
            real: vec![
                "real-0".into(),
                "real-1".into(),
                "real-2".into(),
                "real-group".into(),
            ],
            next: 0,
            rng: Rng::new(seed),
            hostility,
            writes: Vec::new(),
        }
    }

    fn chance(&mut self, on: bool) -> bool {
        on && self.rng.next_u64() % 2 == 0
    }

    fn new_id(&mut self) -> String {
        self.next += 1;
        if self.hostility.hostile_ids {
            format!("id/{}'$(touch x)\"", self.next)
        } else {
            format!("new-{}", self.next)
        }
    }

    fn real_body(&mut self) -> Value {
        let i = usize::try_from(self.rng.next_u64() % 3).unwrap();
        real_user(i)
    }

    fn handle(&mut self, request: &Request) -> Result<Response, TransportError> {
        let no_answer = || {
            Err(TransportError {
                message: "timed out".into(),
            })
        };
        if self.chance(self.hostility.random_answers) {
            let statuses = [200, 201, 204, 400, 404, 409, 500];
            let status = statuses[usize::try_from(self.rng.next_u64() % 7).unwrap()];
            let body = self.real_body();
            return Ok(Response::scim(status, body.to_string()));
        }
        let path = request.path.as_str();
        let (collection, id) = match path.strip_prefix('/').and_then(|p| p.split_once('/')) {
            Some((c, id)) => (c, Some(decode(id))),
            None => (path.trim_start_matches('/'), None),
        };
        if matches!(request.method, "PATCH" | "PUT" | "DELETE") {
            self.writes
                .push((request.method, id.clone().unwrap_or_default()));
        }
        let body: Option<Value> = request
            .body
            .as_deref()
            .and_then(|b| serde_json::from_str(b).ok());
        match (request.method, collection, id) {
            ("GET", "ServiceProviderConfig", None) => Ok(Response::scim(200, json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
                "patch": {"supported": true}, "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
                "filter": {"supported": true, "maxResults": 100}, "changePassword": {"supported": false},
                "sort": {"supported": false}, "etag": {"supported": false}, "authenticationSchemes": []}).to_string())),
            ("GET", "ResourceTypes" | "Schemas", None) => {
                Ok(Response::scim(200, list(Vec::new()).to_string()))
            }
            ("GET", "Users", None) => {
                let filter = request
                    .query
                    .iter()
                    .find(|(n, _)| n == "filter")
                    .map(|(_, v)| v.clone());
                if self.hostility.refuses_sw && filter.as_deref().is_some_and(|f| f.contains(" sw ")) {
                    return Ok(error(400));
                }
                let hits: Vec<Value> = self
                    .users
                    .values()
                    .filter(|u| match (&filter, self.hostility.ignores_filter) {
                        (Some(f), false) => {
                            let name = u["userName"].as_str().unwrap_or("-").to_lowercase();
                            let f = f.to_lowercase();
                            f.contains(&format!("\"{name}\"")) || (f.contains(" sw ") && f.split('"').nth(1).is_some_and(|p| name.starts_with(p)))
                        }
                        _ => true,
                    })
                    .cloned()
                    .collect();
                Ok(Response::scim(200, list(hits).to_string()))
            }
            ("GET", "Groups", None) => Ok(Response::scim(
                200,
                list(self.groups.values().cloned().collect()).to_string(),
            )),
            ("POST", "Users" | "Groups", None) => {
                let mut body = body.unwrap_or(Value::Null);
                let users = collection == "Users";
                if users && self.chance(self.hostility.create_returns_existing) {
                    return Ok(Response::scim(201, self.real_body().to_string()));
                }
                if users && self.hostility.links_by_email {
                    let emails: Vec<String> = body["emails"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|e| e["value"].as_str().map(str::to_lowercase))
                        .collect();
                    let linked = self.users.values().find(|u| {
                        u["emails"].as_array().into_iter().flatten().any(|e| {
                            e["value"]
                                .as_str()
                                .is_some_and(|v| emails.contains(&v.to_lowercase()))
                        })
                    });
                    if let Some(linked) = linked {
                        return Ok(Response::scim(201, linked.to_string()));
                    }
                }
                let id = self.new_id();
                body["id"] = json!(id);
                self.created.insert(id.clone());
                if users {
                    self.users.insert(id, body.clone());
                } else {
                    self.groups.insert(id, body.clone());
                }
                if self.chance(self.hostility.create_500_after_creating) {
                    return Ok(error(500));
                }
                if self.chance(self.hostility.create_400_after_creating) {
                    return Ok(error(400));
                }
                if self.chance(self.hostility.create_no_answer) {
                    return no_answer();
                }
                Ok(Response::scim(201, body.to_string()))
            }
            (method, "Users" | "Groups", Some(id)) => {
                let store = if collection == "Users" {
                    &mut self.users
                } else {
                    &mut self.groups
                };
                match method {
                    "GET" => match store.get(&id) {
                        Some(r) => Ok(Response::scim(200, r.to_string())),
                        None => Ok(error(404)),
                    },
                    "DELETE" => {
                        if self.hostility.delete_no_answer && self.rng.next_u64() % 2 == 0 {
                            return no_answer();
                        }
                        if self.hostility.delete_404 && self.rng.next_u64() % 2 == 0 {
                            return Ok(error(404));
                        }
                        match store.remove(&id) {
                            Some(_) => Ok(Response::scim(204, "")),
                            None => Ok(error(404)),
                        }
                    }
                    "PUT" => match store.get_mut(&id) {
                        Some(r) => {
                            let mut new = body.unwrap_or(Value::Null);
                            new["id"] = json!(id);
                            *r = new;
                            Ok(Response::scim(200, r.to_string()))
                        }
                        None => Ok(error(404)),
                    },
                    _ => match store.get(&id) {
                        Some(r) => Ok(Response::scim(200, r.to_string())),
                        None => Ok(error(404)),
                    },
                }
            }
            _ => Ok(error(404)),
        }
    }
}

fn options(sender: Sender, mapping: Option<(&str, &str)>, seed: u64) -> ProbeOptions {
    let options = ProbeOptions::new("http://test", sender)
        .with_seed(seed)
        .with_write(true);
    match mapping {
        Some((config, user)) => options.with_mapping(config, user).unwrap(),
        None => options,
    }
}

/// Runs a probe against `memory` and checks the promise: every write went
/// to an object the server made for the probe, no real account changed,
/// and whatever the server still holds of the probe's is in the report.
fn run_against(memory: &mut Memory, options: ProbeOptions) -> ProbeReport {
    let before: Vec<Value> = memory
        .real
        .iter()
        .map(|id| {
            memory
                .users
                .get(id)
                .or_else(|| memory.groups.get(id))
                .cloned()
                .unwrap()
        })
        .collect();
    let report = run(options, |request| memory.handle(request));
    for (method, id) in &memory.writes {
        assert!(
            memory.created.contains(id),
            "{method} of `{id}`, which the server did not create for the probe\n{:?}",
            memory.hostility
        );
    }
    for (id, was) in memory.real.iter().zip(&before) {
        let now = memory.users.get(id).or_else(|| memory.groups.get(id));
        assert_eq!(now, Some(was), "{id} changed\n{:?}", memory.hostility);
    }
    // Everything of the probe's the server still holds is reported, unless
    // it could not be told apart (an answer never came, a 500).
    let left: HashSet<&str> = report.leftovers.iter().map(|l| l.id.as_str()).collect();
    let cleanup = report
        .checks
        .iter()
        .filter(|c| c.id == "write.cleanup")
        .count();
    assert_eq!(cleanup, 1, "one cleanup check: {report:#?}");
    let cleanup_passed = report
        .checks
        .iter()
        .any(|c| c.id == "write.cleanup" && c.status == Status::Pass);
    let still_there: Vec<&String> = memory
        .created
        .iter()
        .filter(|id| memory.users.contains_key(*id) || memory.groups.contains_key(*id))
        .collect();
    if cleanup_passed {
        assert!(
            still_there.is_empty() || memory.hostility.random_answers,
            "cleanup passed but {still_there:?} are left\n{report:#?}"
        );
    }
    if !memory.hostility.random_answers && !memory.hostility.ignores_filter {
        for id in &still_there {
            assert!(
                left.contains(id.as_str()),
                "{id} left and not reported\n{report:#?}"
            );
        }
    }
    report
}

#[test]
fn no_write_ever_reaches_what_the_server_did_not_create_for_the_probe() {
    let senders = [
        Sender::Rfc,
        Sender::Entra,
        Sender::EntraScimCompliant,
        Sender::Okta,
    ];
    let mut rng = Rng::new(7);
    for seed in 0..120u64 {
        let hostility = Hostility::random(&mut rng);
        for (i, sender) in senders.iter().enumerate() {
            let mapping = match (seed % 3, i % 2) {
                (0, 0) => Some((ENTRA, ENTRA_USER)),
                (0, _) => Some((OKTA, OKTA_USER)),
                _ => None,
            };
            let mut memory = Memory::new(seed * 4 + i as u64, hostility);
            let options = options(*sender, mapping, seed);
            run_against(&mut memory, options);
        }
    }
}

fn check<'r>(report: &'r ProbeReport, id: &str) -> &'r Check {
    report
        .checks
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no {id} in {report:#?}"))
}

#[test]
fn a_create_answered_with_an_existing_user_stops_the_writing() {
    let hostility = Hostility {
        create_returns_existing: true,
        ..Hostility::default()
    };
    // Seed 2 makes the first create come back as a real account.
    let mut memory = Memory::new(2, hostility);
    let report = run_against(&mut memory, options(Sender::Entra, None, 1));
    let create = check(&report, "write.create-user");
    assert_eq!(create.status, Status::Fail, "{create:#?}");
    assert!(
        create
            .message
            .contains("the server answered the create with an existing user: id `real-"),
        "{}",
        create.message
    );
    assert!(
        create
            .message
            .ends_with("the probe stops writing and touches nothing it did not create")
    );
    let update = check(&report, "write.update-user");
    assert_eq!(update.status, Status::Skip);
    assert_eq!(
        update.message,
        "not sent: the probe stopped writing when write.create-user was answered with an object it did not create"
    );
    assert!(memory.writes.iter().all(|(_, id)| !id.starts_with("real-")));
}

#[test]
fn a_mapping_run_sends_no_identifying_value_of_the_source_user() {
    let hostility = Hostility {
        links_by_email: true,
        ..Hostility::default()
    };
    let mut memory = Memory::new(3, hostility);
    let report = run_against(
        &mut memory,
        options(Sender::Entra, Some((ENTRA, ENTRA_USER)), 4),
    );
    assert_eq!(check(&report, "write.create-user").status, Status::Pass);
    assert_eq!(check(&report, "write.cleanup").status, Status::Pass);
    // Only the read-only lookup carries a real value.
    for c in &report.checks {
        if let Some(request) = &c.request {
            let body = request.body.as_deref().unwrap_or("");
            for real in [
                "ada.lovelace@contoso.com",
                "ada.lovelace@contoso.onmicrosoft.com",
                "ada@example.org",
                "1815",
                "+44 7700 900018",
                "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
            ] {
                assert!(!body.contains(real), "{} sent {real}: {body}", c.id);
            }
        }
    }
    let create = check(&report, "write.create-user");
    let sent: Value =
        serde_json::from_str(create.request.as_ref().unwrap().body.as_deref().unwrap()).unwrap();
    let name = sent["userName"].as_str().unwrap();
    assert!(name.starts_with("scimkit-probe-"), "{name}");
    assert!(
        sent["emails"][0]["value"]
            .as_str()
            .unwrap()
            .ends_with("@example.com")
    );
    assert!(
        create
            .message
            .contains("`ada.lovelace@contoso.onmicrosoft.com` → `scimkit-probe-"),
        "{}",
        create.message
    );
}

#[test]
fn hostile_ids_are_one_path_segment_and_are_all_removed() {
    let hostility = Hostility {
        hostile_ids: true,
        ..Hostility::default()
    };
    let mut memory = Memory::new(5, hostility);
    let report = run_against(&mut memory, options(Sender::Rfc, None, 6));
    assert_eq!(
        check(&report, "write.cleanup").status,
        Status::Pass,
        "{report:#?}"
    );
    assert!(report.leftovers.is_empty());
    assert!(memory.created.len() >= 3);
    assert!(
        memory
            .created
            .iter()
            .all(|id| !memory.users.contains_key(id))
    );
    for c in &report.checks {
        if let Some(r) = &c.request {
            assert!(!r.target.contains('\''), "{}", r.target);
            assert!(!r.target.contains("$("), "{}", r.target);
        }
    }
}

#[test]
fn a_delete_that_never_answers_is_one_failed_cleanup_listing_the_object() {
    let hostility = Hostility {
        delete_no_answer: true,
        ..Hostility::default()
    };
    let mut memory = Memory::new(0, hostility);
    let report = run_against(&mut memory, options(Sender::Okta, None, 9));
    let cleanup = check(&report, "write.cleanup");
    assert_eq!(cleanup.status, Status::Fail, "{report:#?}");
    assert!(!report.leftovers.is_empty());
    for left in &report.leftovers {
        assert!(left.proven);
        assert!(left.reason.starts_with("DELETE got no answer"), "{left:?}");
        assert!(cleanup.message.contains(&left.id), "{}", cleanup.message);
    }
}

#[test]
fn a_user_created_behind_a_500_is_found_by_name_and_listed_not_deleted() {
    let hostility = Hostility {
        create_500_after_creating: true,
        ..Hostility::default()
    };
    let mut memory = Memory::new(0, hostility);
    let report = run_against(&mut memory, options(Sender::Rfc, None, 11));
    assert_eq!(check(&report, "write.cleanup").status, Status::Fail);
    let found: Vec<&Leftover> = report.leftovers.iter().filter(|l| !l.proven).collect();
    assert!(!found.is_empty(), "{report:#?}");
    for left in found {
        // (The duplicate in capitals carries the name upper-cased.)
        assert!(
            left.name.to_lowercase().starts_with("scimkit-probe-"),
            "{left:?}"
        );
        assert!(memory.users.contains_key(&left.id) || memory.groups.contains_key(&left.id));
        assert!(!memory.writes.iter().any(|(_, id)| *id == left.id));
    }
}

#[test]
fn the_gate_refuses_a_write_outside_the_ledger() {
    let mut plan = Plan::new(ProbeOptions::new("http://test", Sender::Rfc).with_write(true));
    let mut delete = Request::get("/Users/real-0");
    delete.method = "DELETE";
    assert!(plan.ledger.permits(&delete, "/Users", "/Groups").is_err());
    let mut put = Request::get("/Users/real-0");
    put.method = "PUT";
    assert!(plan.ledger.permits(&put, "/Users", "/Groups").is_err());
    let mut post = Request::get("/Users/real-0");
    post.method = "POST";
    assert!(plan.ledger.permits(&post, "/Users", "/Groups").is_err());
    assert!(
        plan.ledger
            .permits(&Request::get("/Users/real-0"), "/Users", "/Groups")
            .is_ok()
    );
    // Proven: the answer carries the name sent and an id never seen.
    let answer = json!({"id": "x/1", "userName": "scimkit-probe-1"});
    let owned = plan
        .ledger
        .claim(
            ledger::Kind::User,
            Some(&answer),
            "scimkit-probe-1",
            None,
            "/Users",
        )
        .unwrap();
    assert_eq!(owned, "x/1");
    let mut delete = Request::get("/Users/x%2F1");
    delete.method = "DELETE";
    assert!(plan.ledger.permits(&delete, "/Users", "/Groups").is_ok());
    // An id seen before a create is never proven: in other letters, or
    // written as a number, neither.
    plan.ledger
        .observe(&json!({"Resources": [{"id": "Old-GUID"}, {"id": 1001}]}));
    for (id, name) in [
        ("old-guid", "scimkit-probe-3"),
        ("OLD-GUID", "scimkit-probe-4"),
        ("1001", "scimkit-probe-5"),
    ] {
        let answer = json!({"id": id, "userName": name});
        assert!(
            plan.ledger
                .claim(ledger::Kind::User, Some(&answer), name, None, "/Users")
                .is_err(),
            "{id}"
        );
    }
    // Dot segments never name one resource.
    for id in [".", ".."] {
        let answer = json!({"id": id, "userName": "scimkit-probe-6"});
        assert!(
            plan.ledger
                .claim(
                    ledger::Kind::User,
                    Some(&answer),
                    "scimkit-probe-6",
                    None,
                    "/Users"
                )
                .is_err()
        );
    }
    plan.ledger.observe(&json!({"Resources": [{"id": "old"}]}));
    let answer = json!({"id": "old", "userName": "scimkit-probe-2"});
    assert!(
        plan.ledger
            .claim(
                ledger::Kind::User,
                Some(&answer),
                "scimkit-probe-2",
                None,
                "/Users"
            )
            .is_err()
    );
}

#[test]
fn the_deadline_stops_the_checks_and_then_the_cleanup() {
    let mut memory = Memory::new(12, Hostility::default());
    let mut plan =
        Plan::new(options(Sender::Rfc, None, 13).with_deadline(std::time::Duration::from_secs(30)));
    let mut elapsed = 0;
    let mut sent = 0;
    // Each answer "takes" 2 s: the deadline falls in the middle of the run.
    loop {
        let budget = plan.tick(std::time::Duration::from_secs(elapsed));
        assert!(budget <= std::time::Duration::from_secs(30 + 60 - elapsed.min(90)));
        let Some(request) = plan.next_request() else {
            break;
        };
        sent += 1;
        let outcome = memory.handle(&request);
        plan.receive(outcome);
        elapsed += 2;
    }
    let report = plan.finish();
    assert!(
        report
            .stopped
            .as_deref()
            .unwrap()
            .starts_with("the run's deadline (30 s) passed")
    );
    assert_eq!(check(&report, "write.cleanup").status, Status::Pass);
    assert!(sent < 40, "{sent}");
    // Past the grace too: nothing more is sent, and what is held is listed.
    let mut memory = Memory::new(14, Hostility::default());
    let mut plan =
        Plan::new(options(Sender::Rfc, None, 15).with_deadline(std::time::Duration::from_secs(70)));
    let mut elapsed = 0;
    loop {
        let budget = plan.tick(std::time::Duration::from_secs(elapsed));
        let Some(request) = plan.next_request() else {
            break;
        };
        let outcome = memory.handle(&request);
        plan.receive(outcome);
        // 10 s an answer until the deadline, then the whole budget.
        elapsed += if elapsed < 70 { 10 } else { budget.as_secs() };
    }
    let report = plan.finish();
    assert!(
        report
            .stopped
            .as_deref()
            .unwrap()
            .ends_with("the probe stopped"),
        "{report:#?}"
    );
    assert_eq!(elapsed, 130, "the deadline plus the 60 s grace");
    assert_eq!(check(&report, "write.cleanup").status, Status::Fail);
    // The first user's DELETE was answered, the second's never sent.
    let left: Vec<&str> = report.leftovers.iter().map(|l| l.reason.as_str()).collect();
    assert_eq!(
        left,
        [
            "DELETE answered 204, but no GET confirmed it gone",
            "not removed: the run ended before its cleanup reached it"
        ]
    );
    assert!(memory.users.contains_key(&report.leftovers[1].id));
}

#[test]
fn a_create_in_flight_when_the_run_stops_is_listed_by_name() {
    let mut memory = Memory::new(20, Hostility::default());
    let mut plan = Plan::new(options(Sender::Rfc, None, 21));
    // Answer everything up to the first create, then stop with it in flight.
    while let Some(request) = plan.next_request() {
        if request.method == "POST" {
            let report = plan.snapshot("terminated");
            let left = report.leftovers.last().unwrap();
            assert_eq!(left.id, "");
            assert!(!left.proven);
            assert!(left.name.starts_with("scimkit-probe-"), "{left:?}");
            assert!(
                left.target.starts_with("/Users?filter=userName%20eq%20"),
                "{left:?}"
            );
            assert!(left.reason.contains("in flight"));
            return;
        }
        let outcome = memory.handle(&request);
        plan.receive(outcome);
    }
    panic!("no create was sent");
}
