//! The writing sequence (`--write`): what Entra ID and Okta do when they
//! provision, in each one's request forms, every change read back, and
//! every object the probe made removed at the end, whatever failed.

use serde_json::{Value, json};

use super::checks::Status;
use super::compare;
use super::exchange::{Request, Response};
use super::ledger::{Kind, Refusal};
use super::mapped;
use super::plan::Plan;
use super::step::{Made, ReadBack, Step, WriteStep, check_of};
use crate::detect::Sender;
use crate::diagnostics::{Diagnostic, Severity};
use crate::validate::Context;

use crate::schema::uri::{ENTERPRISE_USER as ENTERPRISE, GROUP, PATCH_OP, USER};

const OKTA_NO_MANAGER: &str =
    "Okta does not send the enterprise manager in its default SCIM integration";

const NO_MANAGER: &str = "the server does not give User the enterprise extension's `manager` (/Schemas or /ResourceTypes), so an identity provider sends the manager only if the admin maps it to an attribute the server has";

const OKTA_PUT: &str = "Okta updates users with a PUT of the whole user (write.update-user), not attribute by attribute";

/// Results per page of the search by the run's names, and how many pages
/// it reads at most (a server that ignores the filter lists everyone).
const SWEEP_PAGE: usize = 100;
const SWEEP_PAGES: usize = 10;

/// What the add gives the attribute the user had no value for.
const ADDED_VALUE: &str = "scimkit probe";

fn body(value: &Value) -> Option<String> {
    Some(value.to_string())
}

fn with_body(method: &'static str, path: String, value: &Value) -> Request {
    let mut r = Request::get(path);
    r.method = method;
    r.body = body(value);
    r
}

/// A PatchOp with `ops`, `op` capitalised as Entra ID (without the
/// aadOptscim062020 flag) sends it.
fn patch(sender: Sender, ops: Vec<Value>) -> Value {
    let ops: Vec<Value> = ops
        .into_iter()
        .map(|mut o| {
            if sender == Sender::Entra {
                if let Some(obj) = o.as_object_mut() {
                    let op = obj.get("op").and_then(Value::as_str).unwrap_or("");
                    let mut chars = op.chars();
                    let capitalised: String = chars
                        .next()
                        .map(|f| f.to_ascii_uppercase())
                        .into_iter()
                        .chain(chars)
                        .collect();
                    obj.insert("op".into(), json!(capitalised));
                }
            }
            o
        })
        .collect();
    json!({"schemas": [PATCH_OP], "Operations": ops})
}

/// Okta's PUT of the first test user: the whole user, updated.
fn okta_put(name: &str, id: &str, active: bool) -> Value {
    json!({
        "schemas": [USER],
        "id": id,
        "userName": name,
        "externalId": name,
        "name": {"givenName": "Probe", "familyName": "User 1"},
        "displayName": "scimkit probe user 1 (updated)",
        "emails": [{"value": name, "type": "work", "primary": true}],
        "active": active,
    })
}

fn user_body(name: &str, n: usize, active: bool) -> Value {
    json!({
        "schemas": [USER],
        "userName": name,
        "externalId": name,
        "name": {"givenName": "Probe", "familyName": format!("User {}", n + 1)},
        "displayName": format!("scimkit probe user {}", n + 1),
        "emails": [{"value": name, "type": "work", "primary": true}],
        "active": active,
    })
}

impl Plan {
    pub(super) fn write_request(&mut self, step: &WriteStep) -> Result<Request, String> {
        if let (Some(after), false) = (self.made.stopped, step.is_cleanup()) {
            return Err(format!(
                "not sent: the probe stopped writing when {after} was answered with an object it did not create"
            ));
        }
        let sender = self.options.sender;
        let users = self.users.clone();
        let groups = self.groups.clone();
        let user = |i: usize, made: &Made| made.user(i).map(|u| u.0.clone());
        let need = |what: Option<String>, why: &str| what.ok_or_else(|| why.to_string());
        let first = "the first test user could not be created";
        Ok(match step {
            WriteStep::CreateUser(0) if self.options.mapped.is_some() => {
                let made_up = self.made_up();
                let body = self.mapped_create(&made_up);
                let name = body
                    .get("userName")
                    .and_then(Value::as_str)
                    .map_or_else(|| made_up.clone(), str::to_string);
                self.made.user_names.push(name);
                self.made.created = Some(body.clone());
                with_body("POST", users, &body)
            }
            // The third user is only the new manager of the replace.
            WriteStep::CreateUser(2) if sender == Sender::Okta => {
                return Err(OKTA_NO_MANAGER.into());
            }
            WriteStep::CreateUser(2)
            | WriteStep::ManagerSet
            | WriteStep::ManagerReplace
            | WriteStep::ManagerRemove
                if (self.server_manager == Some(false)
                    || self.user_has_enterprise == Some(false))
                    && sender != Sender::Okta =>
            {
                return Err(NO_MANAGER.into());
            }
            WriteStep::CreateUser(n) => {
                let name = format!("{}@example.com", self.made_up());
                self.made.user_names.push(name.clone());
                let body = user_body(&name, *n, true);
                if *n == 0 {
                    self.made.created = Some(body.clone());
                }
                with_body("POST", users, &body)
            }
            WriteStep::ReadLocation => {
                let location = self.made.user(0).and_then(|u| u.2.clone());
                let location = need(location, "the first user came back without meta.location")?;
                let base = self.options.target.trim_end_matches('/');
                // A path without scheme and host (`/scim/v2/Users/…`) is
                // read below the base URL's origin.
                let location = match (location.starts_with('/'), origin(base)) {
                    (true, Some(origin)) => format!("{origin}{location}"),
                    _ => location,
                };
                match location.strip_prefix(base) {
                    Some(path) if path.starts_with('/') => {
                        Request::get(super::target::sanitize_path(path))
                    }
                    _ => {
                        return Err(format!(
                            "meta.location `{location}` is not below the base URL {base}, so the probe cannot read it"
                        ));
                    }
                }
            }
            WriteStep::Duplicate => {
                let name = need(self.made.user(0).map(|u| u.1.clone()), first)?;
                let body = self
                    .made
                    .created
                    .clone()
                    .unwrap_or_else(|| user_body(&name, 0, true));
                with_body("POST", users, &body)
            }
            WriteStep::LookupCase => {
                let name = need(self.made.user(0).map(|u| u.1.clone()), first)?;
                self.rfc_filters()?;
                Request::get(users)
                    .with_query("filter", format!("userName eq \"{}\"", name.to_uppercase()))
            }
            WriteStep::DuplicateCase => {
                let name = need(self.made.user(0).map(|u| u.1.clone()), first)?;
                let mut body = self
                    .made
                    .created
                    .clone()
                    .unwrap_or_else(|| user_body(&name, 0, true));
                // Only the letter case differs: a new externalId and e-mail
                // keep those attributes out of the question (and out of the
                // later filters' answers).
                let external = self.made_up();
                if let Some(user) = body.as_object_mut() {
                    user.insert("userName".into(), json!(name.to_uppercase()));
                    user.insert("externalId".into(), json!(external));
                    if user.contains_key("emails") {
                        user.insert(
                            "emails".into(),
                            json!([{"value": format!("{external}@example.com"), "type": "work", "primary": true}]),
                        );
                    }
                }
                with_body("POST", users, &body)
            }
            WriteStep::FilterExternalId | WriteStep::FilterWorkEmail => {
                need(user(0, &self.made), first)?;
                self.rfc_filters()?;
                let (filter, why) = if *step == WriteStep::FilterExternalId {
                    (
                        self.first_sent("externalId")
                            .map(|v| format!("externalId eq \"{v}\"")),
                        "the first test user was created without an externalId",
                    )
                } else {
                    (
                        self.first_work_email()
                            .map(|v| format!("emails[type eq \"work\"].value eq \"{v}\"")),
                        "the first test user was created without a work e-mail",
                    )
                };
                Request::get(users).with_query("filter", need(filter, why)?)
            }
            WriteStep::EmailReplace | WriteStep::AddAttribute if sender == Sender::Okta => {
                return Err(OKTA_PUT.into());
            }
            WriteStep::EmailReplace => {
                let id = need(user(0, &self.made), first)?;
                need(
                    self.first_work_email(),
                    "the first test user was created without a work e-mail",
                )?;
                let email = format!("{}@example.com", self.made_up());
                let ops = vec![
                    json!({"op": "replace", "path": "emails[type eq \"work\"].value", "value": email}),
                ];
                with_body("PATCH", self.user_path(&id), &patch(sender, ops))
            }
            WriteStep::AddAttribute => {
                let id = need(user(0, &self.made), first)?;
                let attribute = self.unset_attribute();
                let ops = vec![json!({"op": "add", "path": attribute, "value": ADDED_VALUE})];
                with_body("PATCH", self.user_path(&id), &patch(sender, ops))
            }
            WriteStep::GroupExcluded => {
                // Entra ID reads a group it holds by id, without its members;
                // by id, so that no filter problem hides this one.
                let group = need(
                    self.made.group.clone(),
                    "the test group could not be created",
                )?;
                Request::get(self.group_path(&group)).with_query("excludedAttributes", "members")
            }
            WriteStep::GroupLookup => {
                need(
                    self.made.group.clone(),
                    "the test group could not be created",
                )?;
                self.rfc_filters()?;
                let name = self.made.group_created.clone().unwrap_or_default();
                let lookup = Request::get(groups);
                // Entra ID reads groups without their members, lookups included.
                let lookup = if matches!(sender, Sender::Entra | Sender::EntraScimCompliant) {
                    lookup.with_query("excludedAttributes", "members")
                } else {
                    lookup
                };
                lookup.with_query("filter", format!("displayName eq \"{name}\""))
            }
            WriteStep::Update | WriteStep::Deactivate if self.options.mapped.is_some() => {
                let id = need(user(0, &self.made), first)?;
                let mapped = self.options.mapped.as_ref().and_then(|m| {
                    if *step == WriteStep::Update {
                        m.update.as_ref()
                    } else {
                        m.deactivate.as_ref()
                    }
                });
                let what = if *step == WriteStep::Update {
                    "the mapping sends no update for this user"
                } else {
                    "the mapping sends no deactivation for this user"
                };
                let Some(request) = mapped.cloned() else {
                    return Err(what.to_string());
                };
                let body = self.mapped_renamed(&request.body, &id);
                with_body(request.method, self.user_path(&id), &body)
            }
            WriteStep::Update => {
                let id = need(user(0, &self.made), first)?;
                let name = self.first_user_name();
                if sender == Sender::Okta {
                    let full = okta_put(&name, &id, true);
                    with_body("PUT", self.user_path(&id), &full)
                } else {
                    let ops = vec![
                        json!({"op": "replace", "path": "displayName", "value": "scimkit probe user 1 (updated)"}),
                    ];
                    with_body("PATCH", self.user_path(&id), &patch(sender, ops))
                }
            }
            WriteStep::Deactivate => {
                let id = need(user(0, &self.made), first)?;
                let name = self.first_user_name();
                match sender {
                    Sender::Okta => {
                        let full = okta_put(&name, &id, false);
                        with_body("PUT", self.user_path(&id), &full)
                    }
                    // Entra ID without the flag sends the boolean as a string.
                    Sender::Entra => with_body(
                        "PATCH",
                        self.user_path(&id),
                        &patch(
                            sender,
                            vec![json!({"op": "replace", "path": "active", "value": "False"})],
                        ),
                    ),
                    _ => with_body(
                        "PATCH",
                        self.user_path(&id),
                        &patch(
                            sender,
                            vec![json!({"op": "replace", "path": "active", "value": false})],
                        ),
                    ),
                }
            }
            WriteStep::CreateGroup => {
                let name = format!("{} group", self.made_up());
                self.made.group_created = Some(name.clone());
                with_body(
                    "POST",
                    groups,
                    &json!({"schemas": [GROUP], "displayName": name, "members": []}),
                )
            }
            WriteStep::AddMember | WriteStep::ReAddMember => {
                let group = need(
                    self.made.group.clone(),
                    "the test group could not be created",
                )?;
                let id = need(user(0, &self.made), first)?;
                let ops = vec![json!({"op": "add", "path": "members", "value": [{"value": id}]})];
                with_body("PATCH", self.group_path(&group), &patch(sender, ops))
            }
            WriteStep::RemoveMember | WriteStep::RemoveNonMember => {
                let group = need(
                    self.made.group.clone(),
                    "the test group could not be created",
                )?;
                let index = usize::from(*step == WriteStep::RemoveNonMember);
                let id = need(
                    user(index, &self.made),
                    "the test users could not be created",
                )?;
                // Entra ID without aadOptscim062020 names the member in a
                // value list; with it, Okta and RFC clients use a value filter.
                let op = match sender {
                    Sender::Entra => {
                        json!({"op": "remove", "path": "members", "value": [{"value": id}]})
                    }
                    _ => json!({"op": "remove", "path": format!("members[value eq \"{id}\"]")}),
                };
                with_body("PATCH", self.group_path(&group), &patch(sender, vec![op]))
            }
            WriteStep::Rename => {
                let group = need(
                    self.made.group.clone(),
                    "the test group could not be created",
                )?;
                let name = format!("{} renamed", self.made_up());
                self.made.group_name = Some(name.clone());
                let op = if sender == Sender::Okta {
                    // Okta's rename carries the group's id in the value.
                    json!({"op": "replace", "value": {"id": group, "displayName": name}})
                } else {
                    json!({"op": "replace", "path": "displayName", "value": name})
                };
                with_body("PATCH", self.group_path(&group), &patch(sender, vec![op]))
            }
            WriteStep::ManagerSet | WriteStep::ManagerReplace | WriteStep::ManagerRemove => {
                if sender == Sender::Okta {
                    return Err(OKTA_NO_MANAGER.into());
                }
                let id = need(user(0, &self.made), first)?;
                let op = if *step == WriteStep::ManagerRemove {
                    json!({"op": "remove", "path": format!("{ENTERPRISE}:manager")})
                } else {
                    let (index, op, why) = if *step == WriteStep::ManagerReplace {
                        (
                            2,
                            "replace",
                            "the third test user (the new manager) could not be created",
                        )
                    } else {
                        (1, "add", "the second test user could not be created")
                    };
                    let manager = need(user(index, &self.made), why)?;
                    // Entra ID sends the manager as a bare id string.
                    let value = if sender == Sender::Entra {
                        json!(manager)
                    } else {
                        json!({"value": manager})
                    };
                    json!({"op": op, "path": format!("{ENTERPRISE}:manager"), "value": value})
                };
                with_body("PATCH", self.user_path(&id), &patch(sender, vec![op]))
            }
            WriteStep::DeleteUser => {
                let id = need(
                    user(1, &self.made),
                    "the second test user could not be created",
                )?;
                self.made.deleted = Some(id.clone());
                let mut r = Request::get(self.user_path(&id));
                r.method = "DELETE";
                r
            }
            WriteStep::ReadBack(ReadBack::Gone) => {
                let id = need(self.made.deleted.clone(), "no user was deleted")?;
                Request::get(self.user_path(&id))
            }
            WriteStep::CleanupCheck(path) => Request::get(path.clone()),
            WriteStep::Confirm(kind, name) => {
                let (endpoint, attribute) = match kind {
                    Kind::User => (users, "userName"),
                    Kind::Group => (groups, "displayName"),
                };
                Request::get(endpoint).with_query("filter", format!("{attribute} eq \"{name}\""))
            }
            WriteStep::Sweep(kind, start) => {
                let (endpoint, attribute) = match kind {
                    Kind::User => (users, "userName"),
                    Kind::Group => (groups, "displayName"),
                };
                Request::get(endpoint)
                    .with_query("filter", format!("{attribute} sw \"{}-\"", self.run))
                    .with_query("startIndex", start.to_string())
                    .with_query("count", SWEEP_PAGE.to_string())
            }
            WriteStep::ReadBack(ReadBack::Member(..) | ReadBack::GroupName(_)) => {
                let group = need(
                    self.made.group.clone(),
                    "the test group could not be created",
                )?;
                Request::get(self.group_path(&group))
            }
            WriteStep::ReadBack(_) => {
                let id = need(user(0, &self.made), first)?;
                Request::get(self.user_path(&id))
            }
            WriteStep::Cleanup(path) => {
                let mut r = Request::get(path.clone());
                r.method = "DELETE";
                r
            }
        })
    }

    /// Queues the removal of everything the ledger holds (groups first),
    /// then the search for what carries the run's name.
    pub(super) fn queue_cleanup(&mut self) {
        let paths = self.ledger.paths();
        self.cleanup_total = paths.len();
        for path in paths {
            self.queue.push_back(Step::Write(WriteStep::Cleanup(path)));
        }
        for (kind, name) in self.made.uncertain.clone() {
            self.queue
                .push_back(Step::Write(WriteStep::Confirm(kind, name)));
        }
        for kind in [Kind::Group, Kind::User] {
            self.queue.push_back(Step::Write(WriteStep::Sweep(kind, 1)));
        }
    }

    /// Notes that a create got no clear answer (a 5xx, no answer, or a
    /// success without an id): the server may hold what it sent, so the
    /// cleanup looks its name up.
    pub(super) fn uncertain_create(&mut self, step: &WriteStep, request: &Request) {
        let kind = match step {
            WriteStep::CreateGroup => Kind::Group,
            WriteStep::CreateUser(_) | WriteStep::Duplicate | WriteStep::DuplicateCase => {
                Kind::User
            }
            _ => return,
        };
        let name = request
            .body
            .as_deref()
            .and_then(|b| serde_json::from_str::<Value>(b).ok())
            .and_then(|b| {
                b.get(kind.name_attribute())
                    .and_then(Value::as_str)
                    .map(str::to_string)
            });
        if let Some(name) = name {
            if !self
                .made
                .uncertain
                .iter()
                .any(|(k, n)| *k == kind && *n == name)
            {
                self.made.uncertain.push((kind, name));
            }
        }
    }

    /// A cleanup request that got no answer.
    pub(super) fn cleanup_no_answer(&mut self, step: &WriteStep, message: &str) {
        match step {
            WriteStep::Cleanup(path) => self
                .ledger
                .not_removed(path, format!("DELETE got no answer ({message})")),
            WriteStep::CleanupCheck(path) => self.ledger.not_removed(
                path,
                format!("the GET after the DELETE got no answer ({message}), so the removal is not confirmed"),
            ),
            WriteStep::Confirm(_, name) => self.made.unconfirmed.push(format!(
                "`{name}` (the lookup got no answer: {message})"
            )),
            WriteStep::Sweep(kind, _) => self.sweep_notes.push(format!(
                "the search for the run's {}s got no answer ({message})",
                kind.name()
            )),
            _ => {}
        }
        self.cleanup_step_done(None, None);
    }

    /// After each cleanup answer: the check is decided once no cleanup
    /// step is left.
    fn cleanup_step_done(&mut self, request: Option<&Request>, response: Option<&Response>) {
        let pending = self
            .queue
            .iter()
            .any(|s| matches!(s, Step::Write(w) if w.is_cleanup()));
        if !pending {
            self.finish_cleanup(request, response);
        }
    }

    /// Takes a create's answer as proof of ownership, or stops the writing.
    /// `Ok(None)`: no proof, but nothing that forbids writing either (no
    /// answer body to judge).
    fn claim(
        &mut self,
        check: &'static str,
        kind: Kind,
        request: &Request,
        answer: Option<&Value>,
    ) -> Result<Option<String>, String> {
        let sent: Option<Value> = request
            .body
            .as_deref()
            .and_then(|b| serde_json::from_str(b).ok());
        let field = |name: &str| {
            sent.as_ref()
                .and_then(|s| s.get(name))
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        let name = field(kind.name_attribute()).unwrap_or_default();
        let external_id = field("externalId");
        let endpoint = match kind {
            Kind::User => self.users.clone(),
            Kind::Group => self.groups.clone(),
        };
        match self
            .ledger
            .claim(kind, answer, &name, external_id.as_deref(), &endpoint)
        {
            Ok(id) => Ok(Some(id)),
            // Nothing to write to: the search by name finds it, if made.
            Err(Refusal(_)) if answer.and_then(|a| a.get("id")).is_none() => Ok(None),
            Err(Refusal(why)) => {
                self.made.stopped = Some(check);
                Err(format!(
                    "{why}; the probe stops writing and touches nothing it did not create"
                ))
            }
        }
    }

    pub(super) fn judge_write(
        &mut self,
        step: &WriteStep,
        request: &Request,
        response: &Response,
        json: Option<&Value>,
    ) {
        let id = check_of(step);
        let ok = (200..300).contains(&response.status);
        let answered_id = json.and_then(|j| j.get("id")).is_some();
        // A refused create may still have made its object on a server that
        // is not transactional; only a 409 (the name is taken: nothing new)
        // says clearly that nothing was made.
        if request.method == "POST"
            && (response.status >= 400 && response.status != 409 || (ok && !answered_id))
        {
            self.uncertain_create(step, request);
        }
        let (status, message, diagnostics): (Status, String, Vec<Diagnostic>) = match step {
            WriteStep::CreateUser(n) => {
                let body_id = json
                    .as_ref()
                    .and_then(|j| j.get("id"))
                    .and_then(Value::as_str);
                // Test user `n` stands at index `n`, made or not.
                if self.made.users.len() < *n {
                    self.made.users.resize(*n, None);
                }
                self.made.users.truncate(*n);
                self.made.users.push(None);
                let owned = if ok {
                    match self.claim(id, Kind::User, request, json) {
                        Ok(owned) => owned,
                        Err(why) => {
                            let diagnostics = Vec::new();
                            self.record(id, (Status::Fail, why, diagnostics), request, response);
                            return;
                        }
                    }
                } else {
                    None
                };
                if let Some(body_id) = owned {
                    let name = self.made.user_names.get(*n).cloned().unwrap_or_default();
                    let location = json
                        .as_ref()
                        .and_then(|j| j.get("meta"))
                        .and_then(|m| m.get("location"))
                        .and_then(Value::as_str)
                        .map(str::to_string);
                    let path = self.user_path(&body_id);
                    if let Some(slot) = self.made.users.get_mut(*n) {
                        *slot = Some((body_id, name, location));
                    }
                    if let Some(body) = json {
                        self.made.held.insert(path, body.clone());
                    }
                }
                // The second user is material for later checks only: its
                // create is reported only when it fails where the first passed.
                if *n > 0 && (ok || self.decided("write.create-user", Status::Fail)) {
                    return;
                }
                let (status, mut message, diagnostics) =
                    self.created(response, body_id.is_some(), "User", "user");
                if *n == 0 && !self.made.rewrites.is_empty() {
                    message.push_str(&format!(
                        " (sent with the source user's identifying values in the probe's namespace: {})",
                        self.rewrites_shown()
                    ));
                }
                (status, message, diagnostics)
            }
            WriteStep::ReadLocation => {
                let same = json
                    .as_ref()
                    .and_then(|j| j.get("id"))
                    .and_then(Value::as_str)
                    == self.made.user(0).map(|u| u.0.as_str());
                if response.status == 200 && same {
                    (
                        Status::Pass,
                        "meta.location reads back the same user".into(),
                        Vec::new(),
                    )
                } else {
                    (
                        Status::Fail,
                        format!(
                            "GET of meta.location answered {} {}",
                            response.status,
                            if same { "" } else { "without the same user" }
                        ),
                        Vec::new(),
                    )
                }
            }
            WriteStep::Duplicate => {
                let scim_type = json
                    .as_ref()
                    .and_then(|j| j.get("scimType"))
                    .and_then(Value::as_str);
                // A success carries a user, not an Error.
                let diagnostics = if ok {
                    self.validate(&response.body, Context::Response, Some("User"))
                } else {
                    self.error_body(response)
                };
                match (response.status, scim_type) {
                    (409, Some("uniqueness")) => (
                        Status::Pass,
                        "409 with scimType uniqueness".into(),
                        diagnostics,
                    ),
                    (409, _) => (
                        Status::Warn,
                        "409, but without scimType \"uniqueness\"".into(),
                        diagnostics,
                    ),
                    (s, _) if (200..300).contains(&s) => {
                        let answered = json
                            .as_ref()
                            .and_then(|j| j.get("id"))
                            .and_then(Value::as_str);
                        let first = self.made.user(0).map(|u| u.0.as_str());
                        if answered.is_some() && answered == first {
                            (
                                Status::Fail,
                                format!(
                                    "{s} with the first test user again instead of 409: the server does not say that the userName is taken, so Entra ID and Okta take the create for a success"
                                ),
                                Vec::new(),
                            )
                        } else {
                            // It made a second account, proven the probe's
                            // own by its name: removed with the rest.
                            match self.claim(id, Kind::User, request, json) {
                                Err(why) => (Status::Fail, why, Vec::new()),
                                Ok(_) => (
                                    Status::Fail,
                                    format!(
                                        "{s}: a second user with the same userName was created; Entra ID and Okta then provision duplicates"
                                    ),
                                    Vec::new(),
                                ),
                            }
                        }
                    }
                    (s, _) => (Status::Fail, format!("expected 409, got {s}"), diagnostics),
                }
            }
            WriteStep::CreateGroup => {
                let body_id = json
                    .as_ref()
                    .and_then(|j| j.get("id"))
                    .and_then(Value::as_str);
                let owned = if ok {
                    match self.claim(id, Kind::Group, request, json) {
                        Ok(owned) => owned,
                        Err(why) => {
                            self.record(id, (Status::Fail, why, Vec::new()), request, response);
                            return;
                        }
                    }
                } else {
                    None
                };
                if let Some(group) = owned {
                    let path = self.group_path(&group);
                    self.made.group = Some(group);
                    if let Some(body) = json {
                        self.made.held.insert(path, body.clone());
                    }
                }
                self.created(response, body_id.is_some(), "Group", "group")
            }
            WriteStep::LookupCase => {
                let found = self.lookup_found(request, json, "User");
                let diagnostics = self.validate(&response.body, Context::List, Some("User"));
                // The case duplicate write.duplicate-case made (if the
                // server accepted it) matches too; that check reports it.
                let duplicates = self.probe_duplicates(json);
                let matching = found.matching.saturating_sub(duplicates);
                match (response.status, found.strangers, matching) {
                    (200, 0, 1) => (
                        Status::Pass,
                        "the userName in capitals found the user (userName is caseExact false)"
                            .into(),
                        diagnostics,
                    ),
                    (200, 0, n) => (
                        Status::Fail,
                        format!(
                            "the userName in capitals found {n} user(s); userName comparisons must ignore case (RFC 7643 §4.1.1), or Entra ID creates a duplicate"
                        ),
                        diagnostics,
                    ),
                    (200, strangers, _) => (
                        Status::Fail,
                        format!(
                            "the server ignored the filter: it answered {strangers} user(s) that do not match `{}`, so letter case could not be judged (see connection.entra-lookup)",
                            found.filter
                        ),
                        diagnostics,
                    ),
                    (s, _, _) => (Status::Fail, format!("expected 200, got {s}"), diagnostics),
                }
            }
            WriteStep::DuplicateCase => self.duplicate_case(request, response, json),
            WriteStep::FilterExternalId => {
                self.attribute_filter(request, response, json, "externalId")
            }
            WriteStep::FilterWorkEmail => {
                self.attribute_filter(request, response, json, "work e-mail")
            }
            WriteStep::GroupLookup => {
                let v = self.expect_ok(response, Context::List, Some("Group"));
                let found = self.lookup_found(request, json, "Group");
                if v.0 == Status::Fail {
                    v
                } else if found.strangers > 0 {
                    (
                        Status::Fail,
                        format!(
                            "the server ignored the filter: it answered {} group(s) that do not match `{}`; the identity provider would push into the wrong group",
                            found.strangers, found.filter
                        ),
                        v.2,
                    )
                } else if found.matching == 1 {
                    (
                        Status::Pass,
                        "the group was found by its displayName".into(),
                        v.2,
                    )
                } else {
                    (
                        Status::Fail,
                        format!(
                            "`{}` found {} group(s) though the group exists: Entra ID and Okta would create it again",
                            found.filter, found.matching
                        ),
                        v.2,
                    )
                }
            }
            WriteStep::GroupExcluded => self.excluded_one(response, json),
            WriteStep::Update
            | WriteStep::EmailReplace
            | WriteStep::AddAttribute
            | WriteStep::Deactivate
            | WriteStep::AddMember
            | WriteStep::RemoveMember
            | WriteStep::Rename
            | WriteStep::ManagerSet
            | WriteStep::ManagerReplace
            | WriteStep::ManagerRemove => {
                if ok {
                    let back = match step {
                        WriteStep::Update if self.options.mapped.is_some() => {
                            ReadBack::Mapped("write.update-user")
                        }
                        WriteStep::Update => ReadBack::DisplayName(
                            "write.update-user",
                            "scimkit probe user 1 (updated)".into(),
                        ),
                        WriteStep::Deactivate => ReadBack::Inactive,
                        WriteStep::EmailReplace => ReadBack::WorkEmail(
                            request
                                .body
                                .as_deref()
                                .and_then(|b| serde_json::from_str::<Value>(b).ok())
                                .and_then(|b| {
                                    b.pointer("/Operations/0/value")
                                        .and_then(Value::as_str)
                                        .map(str::to_string)
                                })
                                .unwrap_or_default(),
                        ),
                        WriteStep::AddAttribute => {
                            ReadBack::Added(self.unset_attribute(), ADDED_VALUE.to_string())
                        }
                        WriteStep::AddMember => {
                            ReadBack::Member("write.add-member", self.member(0), true)
                        }
                        WriteStep::RemoveMember => {
                            ReadBack::Member("write.remove-member", self.member(0), false)
                        }
                        WriteStep::ManagerSet => {
                            ReadBack::Manager("write.manager-set", Some(self.member(1)))
                        }
                        WriteStep::ManagerReplace => {
                            ReadBack::Manager("write.manager-replace", Some(self.member(2)))
                        }
                        WriteStep::ManagerRemove => ReadBack::Manager("write.manager-remove", None),
                        _ => ReadBack::GroupName(self.made.group_name.clone().unwrap_or_default()),
                    };
                    self.last_write = Some((request.clone(), response.clone()));
                    if !self.interrupted {
                        self.queue
                            .push_front(Step::Write(WriteStep::ReadBack(back)));
                    }
                    return;
                }
                if let Some(verdict) = self.same_form_refused(step, response.status) {
                    verdict
                } else {
                    self.made.refused.insert(id, response.status);
                    let diagnostics = self.error_body(response);
                    (
                        Status::Fail,
                        format!(
                            "{} {} answered {}",
                            request.method, request.path, response.status
                        ),
                        diagnostics,
                    )
                }
            }
            WriteStep::ReAddMember | WriteStep::RemoveNonMember => {
                if let (false, Some(verdict)) = (ok, self.same_form_refused(step, response.status))
                {
                    verdict
                } else if ok {
                    (
                        Status::Pass,
                        format!("{}: no error", response.status),
                        Vec::new(),
                    )
                } else {
                    let diagnostics = self.error_body(response);
                    (
                        Status::Fail,
                        format!(
                            "{} instead of success: identity providers resend memberships and remove members the server may not hold",
                            response.status
                        ),
                        diagnostics,
                    )
                }
            }
            WriteStep::DeleteUser => {
                if response.status == 204 || response.status == 200 {
                    self.last_write = Some((request.clone(), response.clone()));
                    if !self.interrupted {
                        self.queue
                            .push_front(Step::Write(WriteStep::ReadBack(ReadBack::Gone)));
                    }
                    return;
                }
                (
                    Status::Fail,
                    format!("expected 204, got {}", response.status),
                    Vec::new(),
                )
            }
            WriteStep::ReadBack(back) => {
                let found = |name: &str| {
                    json.and_then(|j| {
                        j.as_object().and_then(|o| {
                            o.iter()
                                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                                .map(|(_, v)| v.clone())
                        })
                    })
                };
                let written = self.last_write.take();
                let (pass, what) = match back {
                    ReadBack::DisplayName(_, expected) => (
                        found("displayName").as_ref().and_then(Value::as_str)
                            == Some(expected.as_str()),
                        format!("displayName `{expected}`"),
                    ),
                    ReadBack::Mapped(_) => (
                        response.status == 200,
                        "the user as your mapping's update left it".to_string(),
                    ),
                    ReadBack::WorkEmail(expected) => {
                        let emails = found("emails")
                            .and_then(|e| e.as_array().cloned())
                            .unwrap_or_default();
                        let has = emails.iter().any(|e| {
                            e.get("type")
                                .and_then(Value::as_str)
                                .is_some_and(|t| t.eq_ignore_ascii_case("work"))
                                && e.get("value").and_then(Value::as_str) == Some(expected.as_str())
                        });
                        (has, format!("work e-mail `{expected}`"))
                    }
                    ReadBack::Added(attribute, expected) => (
                        found(attribute).as_ref().and_then(Value::as_str)
                            == Some(expected.as_str()),
                        format!("{attribute} `{expected}`"),
                    ),
                    ReadBack::Inactive => (
                        found("active") == Some(json!(false)),
                        "active false".to_string(),
                    ),
                    ReadBack::Member(_, member, present) => {
                        let has = found("members")
                            .and_then(|m| m.as_array().cloned())
                            .unwrap_or_default()
                            .iter()
                            .any(|m| {
                                m.get("value").and_then(Value::as_str) == Some(member.as_str())
                            });
                        (
                            has == *present,
                            format!(
                                "member {member} {}",
                                if *present { "present" } else { "absent" }
                            ),
                        )
                    }
                    ReadBack::GroupName(expected) => (
                        found("displayName").as_ref().and_then(Value::as_str)
                            == Some(expected.as_str()),
                        format!("displayName `{expected}`"),
                    ),
                    ReadBack::Manager(_, expected) => {
                        let manager = found(ENTERPRISE)
                            .and_then(|e| e.get("manager").cloned())
                            .and_then(|m| {
                                m.get("value").and_then(Value::as_str).map(str::to_string)
                            });
                        let what = expected
                            .as_ref()
                            .map_or("no manager".to_string(), |m| format!("manager {m}"));
                        (manager == *expected, what)
                    }
                    ReadBack::Gone => {
                        let gone = response.status == 404;
                        if gone {
                            self.ledger.release(&request.path);
                        }
                        (gone, "404 for the deleted user".to_string())
                    }
                };
                let write_status = written.as_ref().map_or(0, |(_, r)| r.status);
                let diagnostics = if *back == ReadBack::Gone || response.status != 200 {
                    Vec::new()
                } else {
                    self.validate(
                        &response.body,
                        Context::Response,
                        Some(resource_type_of(back)),
                    )
                };
                let mut diagnostics = diagnostics;
                let errors = count_errors(&diagnostics);
                // Errors another check already failed or warned for are
                // that check's cause, not this one's.
                let known = self.first_reported(&diagnostics);
                let new_errors = errors - known.as_ref().map_or(0, |(n, _)| *n);
                let method = written.as_ref().map_or("GET", |(w, _)| w.method);
                let differences = match (&written, json) {
                    // Also when the read-back failed: what else differs is
                    // reported here, once, for later checks to point at.
                    (Some((w, _)), Some(after)) if response.status == 200 => {
                        self.held_after(w, after, resource_type_of(back))
                    }
                    _ => Vec::new(),
                };
                // Differences another check already reported (an update's
                // losses seen again at the deactivation) are its cause.
                let known_differences = self
                    .first_reported(&differences)
                    .filter(|(n, _)| *n == differences.len());
                let (status, message) = if !pass {
                    (
                        Status::Fail,
                        format!(
                            "the write answered {write_status}, but reading back did not find {what} (GET answered {})",
                            response.status
                        ),
                    )
                } else if let (false, Some((n, first))) =
                    (differences.is_empty(), known_differences)
                {
                    (
                        Status::Pass,
                        format!(
                            "{write_status}; {what} read back (the resource's {n} difference(s) from what was sent are reported under {first})"
                        ),
                    )
                } else if !differences.is_empty() {
                    (
                        Status::Fail,
                        if method == "PUT" {
                            format!(
                                "{what} read back, but the resource differs in {} place(s) from the PUT's body (RFC 7644 §3.5.1)",
                                differences.len()
                            )
                        } else {
                            format!(
                                "{what} read back, but the resource differs in {} place(s) from what the {method} gives applied to the resource as it was (RFC 7644 §3.5.2)",
                                differences.len()
                            )
                        },
                    )
                } else if new_errors > 0 {
                    (
                        Status::Warn,
                        format!(
                            "{write_status}; {what} read back, but the resource has {new_errors} error(s) no earlier check reported"
                        ),
                    )
                } else if let Some((n, first)) = known {
                    (
                        Status::Pass,
                        format!(
                            "{write_status}; {what} read back (the resource's {n} known error(s) are reported under {first})"
                        ),
                    )
                } else {
                    (Status::Pass, format!("{write_status}; {what} read back"))
                };
                diagnostics.extend(differences);
                let shown_request = written.as_ref().map_or(request, |(r, _)| r);
                self.push(
                    id,
                    status,
                    message,
                    Some(shown_request),
                    Some(response),
                    diagnostics,
                );
                return;
            }
            WriteStep::Cleanup(path) => {
                let status = response.status;
                if ok || (status == 404 && self.ledger.reachable(path)) {
                    // Only a GET's 404 afterwards takes it off the ledger.
                    self.ledger.not_removed(
                        path,
                        format!("DELETE answered {status}, but no GET confirmed it gone"),
                    );
                    self.queue
                        .push_front(Step::Write(WriteStep::CleanupCheck(path.clone())));
                } else if status == 404 {
                    self.ledger.not_removed(
                        path,
                        "DELETE answered 404, but no GET of that path ever found it, so the path may not reach it: not confirmed removed".to_string(),
                    );
                } else {
                    self.ledger
                        .not_removed(path, format!("DELETE answered {status}"));
                }
                self.cleanup_step_done(Some(request), Some(response));
                return;
            }
            WriteStep::CleanupCheck(path) => {
                match response.status {
                    404 => self.ledger.release(path),
                    200 => self.ledger.not_removed(
                        path,
                        "the DELETE succeeded, but a GET still finds it".to_string(),
                    ),
                    s => self.ledger.not_removed(
                        path,
                        format!(
                            "the GET after the DELETE answered {s}, not 404: not confirmed removed"
                        ),
                    ),
                }
                self.cleanup_step_done(Some(request), Some(response));
                return;
            }
            WriteStep::Sweep(kind, start) => {
                self.sweep(*kind, *start, response, json);
                self.cleanup_step_done(Some(request), Some(response));
                return;
            }
            WriteStep::Confirm(kind, name) => {
                let (kind, name) = (*kind, name.clone());
                self.confirm(kind, &name, response, json);
                self.cleanup_step_done(Some(request), Some(response));
                return;
            }
        };
        self.record(id, (status, message, diagnostics), request, response);
    }

    /// What the search by the run's name found: objects the ledger does
    /// not hold are listed, never deleted.
    fn sweep(&mut self, kind: Kind, start: usize, response: &Response, json: Option<&Value>) {
        let resources = json
            .and_then(|j| j.get("Resources"))
            .and_then(Value::as_array);
        let Some(resources) = resources.filter(|_| response.status == 200) else {
            self.sweep_notes.push(format!(
                "the search for the run's {}s answered {}",
                kind.name(),
                response.status
            ));
            return;
        };
        // The server may ignore the filter: the run's name decides.
        let prefix = format!("{}-", self.run);
        self.note_found(kind, resources, |name| {
            name.to_ascii_lowercase().starts_with(&prefix)
        });
        // A server that ignores the filter (or caps its pages) answers more
        // than one page: read on, as far as the bound allows.
        let total = json
            .and_then(|j| j.get("totalResults"))
            .and_then(Value::as_u64)
            .and_then(|t| usize::try_from(t).ok())
            .unwrap_or(0);
        let next = start.saturating_add(resources.len());
        if total >= next && !resources.is_empty() {
            if next <= SWEEP_PAGE * SWEEP_PAGES {
                self.queue
                    .push_front(Step::Write(WriteStep::Sweep(kind, next)));
            } else {
                self.sweep_notes.push(format!(
                    "the search for the run's {}s holds {total} results and only the first {} were read",
                    kind.name(),
                    next - 1
                ));
            }
        }
    }

    /// Lists with the ledger every resource of a search whose name `wanted`
    /// accepts (judged here: the server may have ignored the filter);
    /// whether there was one.
    fn note_found(
        &mut self,
        kind: Kind,
        resources: &[Value],
        wanted: impl Fn(&str) -> bool,
    ) -> bool {
        let mut found = false;
        for resource in resources {
            let id = resource.get("id").and_then(Value::as_str);
            let name = resource.get(kind.name_attribute()).and_then(Value::as_str);
            if let (Some(id), Some(name)) = (id, name) {
                if wanted(name) {
                    found = true;
                    let path = self.path_of(kind, id);
                    self.ledger.found(kind, id, name, path);
                }
            }
        }
        found
    }

    /// The exact lookup of a name whose create got no clear answer: what it
    /// finds is listed (never deleted); an answer that cannot rule the name
    /// out leaves it unconfirmed.
    fn confirm(&mut self, kind: Kind, name: &str, response: &Response, json: Option<&Value>) {
        let resources = json
            .and_then(|j| j.get("Resources"))
            .and_then(Value::as_array)
            .filter(|_| response.status == 200);
        let Some(resources) = resources else {
            self.made.unconfirmed.push(format!(
                "`{name}` (the lookup answered {})",
                response.status
            ));
            return;
        };
        let found = self.note_found(kind, resources, |got| got.eq_ignore_ascii_case(name));
        // A server that ignored the filter and pages may hold it further on.
        let total = json
            .and_then(|j| j.get("totalResults"))
            .and_then(Value::as_u64)
            .unwrap_or(0);
        let complete = usize::try_from(total).is_ok_and(|t| t <= resources.len());
        if !found && !complete {
            self.made.unconfirmed.push(format!(
                "`{name}` (the lookup returned {} of {total} results without it)",
                resources.len()
            ));
        }
    }

    /// The cleanup check, once every DELETE is confirmed or given up on.
    pub(super) fn finish_cleanup(
        &mut self,
        request: Option<&Request>,
        response: Option<&Response>,
    ) {
        let left = self.leftovers();
        let unconfirmed = &self.made.unconfirmed;
        let notes = if self.sweep_notes.is_empty() {
            String::new()
        } else {
            format!(
                " ({}, so objects the probe lost track of could not be looked for)",
                self.sweep_notes.join("; ")
            )
        };
        let (status, message) = if left.is_empty() && !unconfirmed.is_empty() {
            (
                Status::Fail,
                format!(
                    "removed the {} object(s) the probe proved it created, but {} create(s) got no clear answer and may have made what they sent: {}{notes}; look for them by name and delete them by hand",
                    self.cleanup_total,
                    unconfirmed.len(),
                    unconfirmed.join(", ")
                ),
            )
        } else if left.is_empty() {
            (
                Status::Pass,
                format!(
                    "removed the {} object(s) the probe created, each confirmed gone by a 404{notes}",
                    self.cleanup_total
                ),
            )
        } else {
            let listed: Vec<String> = left
                .iter()
                .map(|l| {
                    format!(
                        "{} `{}` (id {}): {}",
                        l.resource_type, l.name, l.id, l.reason
                    )
                })
                .collect();
            let also = if unconfirmed.is_empty() {
                String::new()
            } else {
                format!(
                    "; and {} create(s) with no clear answer could not be ruled out: {}",
                    unconfirmed.len(),
                    unconfirmed.join(", ")
                )
            };
            (
                Status::Fail,
                format!(
                    "{} object(s) left on the server: {}{also}{notes}; delete them by hand after a look (each is listed with its path and a DELETE to copy)",
                    left.len(),
                    listed.join("; ")
                ),
            )
        };
        self.push(
            "write.cleanup",
            status,
            message,
            request,
            response,
            Vec::new(),
        );
    }

    /// The verdict on a create: 201 with the new resource's id and a valid body.
    fn created(
        &self,
        response: &Response,
        has_id: bool,
        resource_type: &str,
        what: &str,
    ) -> (Status, String, Vec<Diagnostic>) {
        let diagnostics = self.validate(&response.body, Context::Response, Some(resource_type));
        let errors = count_errors(&diagnostics);
        let (status, message) = match (response.status, has_id) {
            (201, true) if errors == 0 => (
                Status::Pass,
                format!("201 with the new {what}'s id and a valid body"),
            ),
            (201, true) => (
                Status::Fail,
                format!("201, but the body has {errors} error(s)"),
            ),
            (200, true) => (
                Status::Warn,
                "200 instead of 201 Created (RFC 7644 §3.3)".into(),
            ),
            (s, false) if (200..300).contains(&s) => {
                (Status::Fail, format!("{s} without the new {what}'s `id`"))
            }
            (s, _) => (Status::Fail, format!("expected 201, got {s}")),
        };
        (status, message, diagnostics)
    }

    /// Records `after` as what the server holds at the path `written` went
    /// to, and returns how it differs from the core's result of a PATCH
    /// there (nothing for other methods, or with nothing held before).
    fn held_after(
        &mut self,
        written: &Request,
        after: &Value,
        resource_type: &str,
    ) -> Vec<Diagnostic> {
        let before = self.made.held.insert(written.path.clone(), after.clone());
        let patch = written
            .body
            .as_deref()
            .and_then(|b| serde_json::from_str::<Value>(b).ok());
        match (written.method, before, patch) {
            ("PATCH", Some(before), Some(patch)) => compare::patch_differences(
                self.registry(),
                resource_type,
                self.options.sender,
                &before,
                &patch,
                after,
            ),
            ("PUT", _, Some(body)) => {
                compare::put_differences(self.registry(), resource_type, &body, after)
            }
            _ => Vec::new(),
        }
    }

    /// The mapping's create body, every identifying value of the source
    /// user replaced by a made-up one (remembered for the later bodies).
    fn mapped_create(&mut self, made_up: &str) -> Value {
        let Some(mapped) = &self.options.mapped else {
            return Value::Null;
        };
        let unique = mapped::unique_attributes(self.registry());
        let mut originals = Vec::new();
        let bodies = [
            Some(&mapped.create),
            mapped.update.as_ref().map(|u| &u.body),
        ]
        .into_iter()
        .chain([mapped.deactivate.as_ref().map(|d| &d.body)])
        .flatten();
        for body in bodies {
            mapped::identifying(body, &unique, &mut originals);
        }
        self.made.rewrites = mapped::rewrites(&originals, made_up);
        let create = mapped.create.clone();
        self.mapped_renamed(&create, mapped::ID_PLACEHOLDER)
    }

    /// A body of the mapping's with the rewrites applied, and the server's
    /// `id` in place of the simulator's placeholder.
    fn mapped_renamed(&self, body: &Value, id: &str) -> Value {
        let mut pairs: Vec<(&str, &str)> = vec![(mapped::ID_PLACEHOLDER, id)];
        pairs.extend(
            self.made
                .rewrites
                .iter()
                .map(|(from, to)| (from.as_str(), to.as_str())),
        );
        mapped::renamed(body, &pairs)
    }

    /// The rewrites as the create's message shows them (the first few).
    fn rewrites_shown(&self) -> String {
        const SHOWN: usize = 6;
        let mut shown: Vec<String> = self
            .made
            .rewrites
            .iter()
            .take(SHOWN)
            .map(|(from, to)| format!("`{from}` → `{to}`"))
            .collect();
        if self.made.rewrites.len() > SHOWN {
            shown.push(format!("and {} more", self.made.rewrites.len() - SHOWN));
        }
        shown.join(", ")
    }

    /// A top-level string the first user's create sent.
    fn first_sent(&self, attribute: &str) -> Option<String> {
        self.made
            .created
            .as_ref()
            .and_then(|c| c.get(attribute))
            .and_then(Value::as_str)
            .map(str::to_string)
    }

    /// The work e-mail the first user's create sent.
    fn first_work_email(&self) -> Option<String> {
        let emails = self.made.created.as_ref()?.get("emails")?.as_array()?;
        emails
            .iter()
            .find(|e| {
                e.get("type")
                    .and_then(Value::as_str)
                    .is_some_and(|t| t.eq_ignore_ascii_case("work"))
            })
            .and_then(|e| e.get("value"))
            .and_then(Value::as_str)
            .map(str::to_string)
    }

    /// The attribute the add check gives a value: `title`, unless the
    /// first user was created with one (a mapping may send it).
    fn unset_attribute(&self) -> &'static str {
        if self.first_sent("title").is_some() {
            "nickName"
        } else {
            "title"
        }
    }

    /// When the form a step sends was already refused with the same status
    /// by the check that sent it first (re-adding a member after adding
    /// one, removing an absent member after removing a present one,
    /// replacing the manager after setting it), the cause is that check's:
    /// this one is not judged again.
    fn same_form_refused(
        &self,
        step: &WriteStep,
        status: u16,
    ) -> Option<(Status, String, Vec<Diagnostic>)> {
        let first = match step {
            WriteStep::ReAddMember => "write.add-member",
            WriteStep::RemoveNonMember => "write.remove-member",
            WriteStep::ManagerReplace => "write.manager-set",
            _ => return None,
        };
        (self.made.refused.get(first) == Some(&status)).then(|| {
            (
                Status::Skip,
                format!(
                    "not judged: {status}, as the same form got in {first}, which reports the cause"
                ),
                Vec::new(),
            )
        })
    }

    /// How many users of a list answer are the probe's own, other than the
    /// first test user: duplicates the server accepted, which their own
    /// checks report.
    fn probe_duplicates(&self, json: Option<&Value>) -> usize {
        let first = self.made.user(0).map(|u| u.0.as_str());
        json.and_then(|j| j.get("Resources"))
            .and_then(Value::as_array)
            .map_or(0, |resources| {
                resources
                    .iter()
                    .filter(|r| {
                        let id = r.get("id").and_then(Value::as_str);
                        id != first
                            && id.is_some_and(|id| self.ledger.owns_path(&self.user_path(id)))
                    })
                    .count()
            })
    }

    /// An RFC client reads `filter.supported`: when the configuration says
    /// false, the filter checks are not its questions (Entra ID and Okta
    /// filter anyway, so they run for them).
    fn rfc_filters(&self) -> Result<(), String> {
        if self.options.sender == Sender::Rfc && !self.filter_supported {
            return Err("the ServiceProviderConfig says filters are not supported (filter.supported is false), so an RFC client does not filter; Entra ID and Okta do (--as entra or okta)".into());
        }
        Ok(())
    }

    /// `groups.excluded-members` with --write: the probe's group, which has
    /// a member now, read by id with `excludedAttributes=members`.
    fn excluded_one(
        &self,
        response: &Response,
        json: Option<&Value>,
    ) -> (Status, String, Vec<Diagnostic>) {
        let v = self.expect_ok(response, Context::Response, Some("Group"));
        if v.0 == Status::Fail {
            return v;
        }
        if json.is_some_and(super::plan::carries_members) {
            (
                Status::Fail,
                "the probe's group (one member) came back with its `members` although they were excluded: large groups are then sent whole on every read".into(),
                v.2,
            )
        } else {
            (
                Status::Pass,
                "the probe's group (one member) came back without `members`".into(),
                v.2,
            )
        }
    }

    /// `write.duplicate-case`: the first user's userName in capitals must
    /// be refused as taken (userName is caseExact false, RFC 7643 §4.1.1).
    fn duplicate_case(
        &mut self,
        request: &Request,
        response: &Response,
        json: Option<&Value>,
    ) -> (Status, String, Vec<Diagnostic>) {
        match response.status {
            409 => (
                Status::Pass,
                "409: the userName in capitals is taken (uniqueness ignores case)".into(),
                self.error_body(response),
            ),
            s if (200..300).contains(&s) => {
                let answered = json.and_then(|j| j.get("id")).and_then(Value::as_str);
                if answered.is_some() && answered == self.made.user(0).map(|u| u.0.as_str()) {
                    return (
                        Status::Fail,
                        format!("{s} with the first test user again instead of 409"),
                        Vec::new(),
                    );
                }
                let diagnostics = self.validate(&response.body, Context::Response, Some("User"));
                match self.claim("write.duplicate-case", Kind::User, request, json) {
                    Err(why) => (Status::Fail, why, diagnostics),
                    Ok(_) => (
                        Status::Fail,
                        format!(
                            "{s}: a second user whose userName differs only in letter case was created; userName is caseExact false, so uniqueness ignores case (RFC 7643 §4.1.1), and Entra ID and Okta, which match without case, then see two accounts"
                        ),
                        diagnostics,
                    ),
                }
            }
            s => (
                Status::Fail,
                format!("expected 409, got {s}"),
                self.error_body(response),
            ),
        }
    }

    /// `filters.*`: a filter on an attribute identity providers match on
    /// finds the first user, or is refused with 400 invalidFilter; never a
    /// silently empty answer.
    fn attribute_filter(
        &self,
        request: &Request,
        response: &Response,
        json: Option<&Value>,
        what: &str,
    ) -> (Status, String, Vec<Diagnostic>) {
        if response.status == 400 {
            let scim_type = json.and_then(|j| j.get("scimType")).and_then(Value::as_str);
            let diagnostics = self.error_body(response);
            return (
                Status::Warn,
                match scim_type {
                    Some("invalidFilter") => format!(
                        "400 invalidFilter: the server does not filter on the {what}, so a mapping that matches users on it cannot work"
                    ),
                    _ => format!(
                        "400 without scimType invalidFilter: the server does not filter on the {what} (RFC 7644 §3.4.2.2 names invalidFilter for this)"
                    ),
                },
                diagnostics,
            );
        }
        let v = self.expect_ok(response, Context::List, Some("User"));
        if v.0 == Status::Fail {
            return (
                Status::Fail,
                format!("expected 200 or 400 invalidFilter, got {}", response.status),
                v.2,
            );
        }
        let found = self.lookup_found(request, json, "User");
        let first = self.made.user(0).map(|u| u.0.as_str());
        let resources = json
            .and_then(|j| j.get("Resources"))
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        let has_first = resources
            .iter()
            .any(|r| r.get("id").and_then(Value::as_str) == first);
        // A duplicate of the first user that the server accepted matches
        // too: write.duplicate-username reports that cause.
        let duplicates = self.probe_duplicates(json);
        if found.strangers > 0 {
            (
                Status::Fail,
                format!(
                    "the server ignored the filter: it answered {} user(s) that do not match `{}`; an identity provider matching on the {what} would update the wrong user",
                    found.strangers, found.filter
                ),
                v.2,
            )
        } else if has_first && found.matching == 1 + duplicates {
            let also = if duplicates > 0 {
                " (and the duplicate the server accepted, see write.duplicate-username)"
            } else {
                ""
            };
            (
                Status::Pass,
                format!("the {what} found the first test user{also}"),
                v.2,
            )
        } else if found.matching == 0 {
            (
                Status::Fail,
                format!(
                    "200 with no user, though the first test user has that {what}: the filter is silently unsupported; an identity provider matching on it creates a duplicate (answer 400 invalidFilter if the {what} cannot be filtered on)"
                ),
                v.2,
            )
        } else {
            (
                Status::Fail,
                format!(
                    "`{}` found {} user(s); only the first test user has that {what}",
                    found.filter, found.matching
                ),
                v.2,
            )
        }
    }

    /// The first test user's userName (empty before it exists).
    fn first_user_name(&self) -> String {
        self.made.user(0).map(|u| u.1.clone()).unwrap_or_default()
    }

    fn member(&self, i: usize) -> String {
        self.made.user(i).map(|u| u.0.clone()).unwrap_or_default()
    }
}

/// `scheme://host:port` of an http(s) URL.
fn origin(url: &str) -> Option<&str> {
    let after_scheme = url.find("://")? + 3;
    let end = url
        .get(after_scheme..)?
        .find('/')
        .map_or(url.len(), |i| after_scheme + i);
    url.get(..end)
}

/// The resource type a read-back reads.
fn resource_type_of(back: &ReadBack) -> &'static str {
    if matches!(back, ReadBack::Member(..) | ReadBack::GroupName(_)) {
        "Group"
    } else {
        "User"
    }
}

fn count_errors(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count()
}
