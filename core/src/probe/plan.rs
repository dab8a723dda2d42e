//! The probe's plan: which request comes next, and what each answer means.
//!
//! The plan does no I/O. A driver asks [`Plan::next_request`], sends it with
//! whatever transport it has, hands the outcome to [`Plan::receive`], and
//! finally takes the [`ProbeReport`] from [`Plan::finish`]. Answers decide
//! what follows: the endpoints come from `/ResourceTypes`, custom schemas
//! from `/Schemas` validate every later body, `filter.supported` decides the
//! filter checks, and the users a list returns decide whether paging can be
//! checked.

use std::collections::VecDeque;

use serde::Serialize;
use serde_json::Value;

use super::checks::{Check, Shown, ShownResponse, Status, info};
use super::claims::{Claims, Observed};
use std::time::Duration;

use super::exchange::{Auth, Request, Response, TransportError};
use super::ledger::{Kind, Ledger, Leftover};
use super::mapped::{self, Mapped, MappingError};
use super::redact::Redactor;
use super::step::{self, Made, Step, WriteStep, step_check};
use super::target;
use crate::detect::Sender;
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::limits::{DEFAULT_PROBE_DEADLINE_SECS, PROBE_CLEANUP_GRACE_SECS};
use crate::mapping::Rng;
use crate::schema::{Registry, uri};
use crate::validate::{Context, ValidateOptions, Validator};

/// What to probe, and as whom.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ProbeOptions {
    /// The base URL, for the report only (the transport joins paths to it).
    pub target: String,
    /// Whose request forms to send.
    pub sender: Sender,
    /// Seed of the names the probe makes up (the unknown userName and id),
    /// so that a run can be repeated exactly.
    pub seed: u64,
    /// Run the writing sequence too (creates, updates and deletes test
    /// objects named `scimkit-probe-…`, and removes them at the end).
    pub write: bool,
    /// How long the whole run may take ([`ProbeOptions::with_deadline`]).
    pub deadline: Duration,
    /// Warnings fail the run too ([`ProbeOptions::with_strict`]).
    pub strict: bool,
    /// The secrets masked in every answer as it arrives
    /// ([`ProbeOptions::with_secrets`]).
    pub(super) secrets: Redactor,
    /// What the admin's own mapping sends ([`ProbeOptions::with_mapping`]).
    pub(super) mapped: Option<Mapped>,
}

impl ProbeOptions {
    /// Probing `target` as `sender`.
    pub fn new(target: impl Into<String>, sender: Sender) -> ProbeOptions {
        ProbeOptions {
            target: target.into(),
            sender,
            seed: 0,
            write: false,
            deadline: Duration::from_secs(DEFAULT_PROBE_DEADLINE_SECS),
            strict: false,
            secrets: Redactor::default(),
            mapped: None,
        }
    }

    /// Sends what the admin's own attribute mapping makes for a source
    /// user: the mapping's lookup is tried (read-only), the requests it makes
    /// are checked, and the writing sequence creates, updates and
    /// deactivates its first user with the mapping's bodies (renamed to
    /// `scimkit-probe-…`). The sender becomes the mapping's identity
    /// provider. `config` is any format `scimkit map` reads, `user` the
    /// source user as JSON; set the seed first, it also seeds the
    /// simulator's `Guid()` and random passwords.
    ///
    /// # Errors
    /// A mapping that cannot be read or has errors, or a source user that
    /// is not JSON or does not fit it: the identity provider would not
    /// provision with either.
    pub fn with_mapping(mut self, config: &str, user: &str) -> Result<ProbeOptions, MappingError> {
        let mapped = mapped::simulate(config, user, self.seed)?;
        self.sender = mapped.sender;
        self.mapped = Some(mapped);
        Ok(self)
    }

    /// Why a sender the caller named cannot be used with these options: a
    /// mapping is sent in its own identity provider's form. `None` when
    /// `named` agrees (or nothing was named).
    pub fn sender_conflict(&self, named: Option<Sender>) -> Option<String> {
        match named {
            Some(named) if self.mapped.is_some() && named != self.sender => Some(format!(
                "{} does not match the mapping, which is sent as {}",
                sender_name(named),
                sender_name(self.sender)
            )),
            _ => None,
        }
    }

    /// Runs the writing sequence too.
    #[must_use]
    pub fn with_write(mut self, write: bool) -> ProbeOptions {
        self.write = write;
        self
    }

    /// Sets how long the whole run may take: once [`Plan::tick`] reports
    /// it has passed, no further check is sent and what the probe made is
    /// removed, within [`PROBE_CLEANUP_GRACE_SECS`] more.
    #[must_use]
    pub fn with_deadline(mut self, deadline: Duration) -> ProbeOptions {
        self.deadline = deadline;
        self
    }

    /// Makes warnings fail the run ([`ProbeReport::ok`]): RFC deviations
    /// that identity providers tolerate (an integer `status`, plain
    /// `application/json`) are worth a warning to an admin, and a failure
    /// to a service provider's CI.
    #[must_use]
    pub fn with_strict(mut self, strict: bool) -> ProbeOptions {
        self.strict = strict;
        self
    }

    /// Masks `secrets` (the bearer token) in every answer as it arrives,
    /// before anything judges, quotes or cuts it: a server that echoes the
    /// token gets it into no message, diagnostic or excerpt.
    #[must_use]
    pub fn with_secrets(mut self, secrets: Redactor) -> ProbeOptions {
        self.secrets = secrets;
        self
    }

    /// Sets the seed of made-up names.
    #[must_use]
    pub fn with_seed(mut self, seed: u64) -> ProbeOptions {
        self.seed = seed;
        self
    }
}

/// A lookup's answer held against its filter ([`Plan::lookup_found`]).
#[derive(Debug)]
pub(super) struct Found {
    /// The filter sent.
    pub(super) filter: String,
    /// `totalResults`, when given.
    pub(super) total: Option<i64>,
    /// Resources that match the filter.
    pub(super) matching: usize,
    /// Resources that do not: the server ignored the filter.
    pub(super) strangers: usize,
}

/// Counts of the check outcomes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Checks that passed.
    pub passed: usize,
    /// Checks that failed.
    pub failed: usize,
    /// Checks that passed with a warning.
    pub warnings: usize,
    /// Checks not run.
    pub skipped: usize,
}

impl ProbeReport {
    /// Masks `redactor`'s secrets in every string of the report that can
    /// hold what a server sent or what the caller typed.
    pub fn redact(&mut self, redactor: &Redactor) {
        if redactor.is_empty() {
            return;
        }
        redactor.string(&mut self.target);
        for text in [&mut self.error, &mut self.stopped].into_iter().flatten() {
            redactor.string(text);
        }
        for check in &mut self.checks {
            redactor.string(&mut check.message);
            if let Some(request) = &mut check.request {
                redactor.string(&mut request.target);
                redactor.string(&mut request.url);
                if let Some(body) = &mut request.body {
                    redactor.string(body);
                }
            }
            if let Some(response) = &mut check.response {
                redactor.string(&mut response.body);
                if let Some(content_type) = &mut response.content_type {
                    redactor.string(content_type);
                }
            }
            for d in &mut check.diagnostics {
                redactor.string(&mut d.message);
                redactor.string(&mut d.path);
                if let Some(help) = &mut d.help {
                    redactor.string(help);
                }
            }
        }
        for left in &mut self.leftovers {
            for text in [
                &mut left.id,
                &mut left.name,
                &mut left.target,
                &mut left.reason,
            ] {
                redactor.string(text);
            }
        }
    }
}

impl Summary {
    /// No failure, and no warning when `strict`.
    pub fn ok(&self, strict: bool) -> bool {
        self.failed == 0 && (!strict || self.warnings == 0)
    }

    fn of(checks: &[Check]) -> Summary {
        let mut summary = Summary::default();
        for c in checks {
            match c.status {
                Status::Pass => summary.passed += 1,
                Status::Fail => summary.failed += 1,
                Status::Warn => summary.warnings += 1,
                Status::Skip => summary.skipped += 1,
            }
        }
        summary
    }
}

/// Everything a probe found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProbeReport {
    /// The base URL probed.
    pub target: String,
    /// Whose request forms were sent.
    #[serde(rename = "as", serialize_with = "serialize_sender")]
    pub sender: Sender,
    /// Each check, in the order run.
    pub checks: Vec<Check>,
    /// The counts.
    pub summary: Summary,
    /// Whether the run passes: no check failed, and with
    /// [`ProbeOptions::with_strict`] none warned either.
    pub ok: bool,
    /// Why the probe could not run at all (the first request got no answer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Why the run ended before its last check (an interrupt, the
    /// deadline): the checks not run are not listed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped: Option<String>,
    /// What the probe made (or found carrying its run's name) and could not
    /// confirm removed: empty when the server is left as it was found.
    pub leftovers: Vec<Leftover>,
}

/// The sender as `--as` spells it (`entra-scim-compliant`).
fn serialize_sender<S: serde::Serializer>(sender: &Sender, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(sender_name(*sender))
}

/// The senders a probe can play, as `--as` and the npm `as` option spell them.
pub const SENDER_NAMES: &[&str] = &["rfc", "entra", "entra-scim-compliant", "okta"];

/// The sender for an `--as` name.
pub fn sender_named(name: &str) -> Option<Sender> {
    Some(match name {
        "rfc" => Sender::Rfc,
        "entra" => Sender::Entra,
        "entra-scim-compliant" => Sender::EntraScimCompliant,
        "okta" => Sender::Okta,
        _ => return None,
    })
}

/// The `--as` name of a sender.
pub const fn sender_name(sender: Sender) -> &'static str {
    match sender {
        Sender::Rfc => "rfc",
        Sender::Entra => "entra",
        Sender::EntraScimCompliant => "entra-scim-compliant",
        Sender::Okta => "okta",
    }
}

/// The probe in progress.
#[derive(Debug)]
pub struct Plan {
    pub(super) options: ProbeOptions,
    registry: Registry,
    pub(super) queue: VecDeque<Step>,
    in_flight: Option<(Step, Request)>,
    checks: Vec<Check>,
    pub(super) users: String,
    pub(super) groups: String,
    /// Whether the configuration claims filtering (unsaid counts as yes).
    pub(super) filter_supported: bool,
    /// From the first page of `count=1`: totalResults and the first id.
    first_page: Option<(i64, Option<String>)>,
    /// What /ServiceProviderConfig claims (once it answered), and what the
    /// run saw of it.
    claims: Option<Claims>,
    observed: Observed,
    /// Every SCIM response's content type, with the request that got it.
    content_types: Vec<(Shown, Option<String>)>,
    error: Option<String>,
    /// The start of every name this run makes up: `scimkit-probe-` and 12
    /// hex digits from the seed.
    pub(super) run: String,
    /// How many names the run has made up.
    names: u64,
    /// What the writing sequence made.
    pub(super) made: Made,
    /// The write whose read-back is in flight.
    pub(super) last_write: Option<(Request, Response)>,
    /// What the probe proved it created: the only objects it writes to.
    pub(super) ledger: Ledger,
    /// Each error (code and pointer) a failed or warned check reported
    /// first, with that check: later checks point at it instead of failing
    /// for the same cause again.
    reported: std::collections::HashMap<(Code, String), &'static str>,
    /// Whether the schemas the server published have the enterprise
    /// extension's `manager` (`None`: nothing was published).
    pub(super) server_manager: Option<bool>,
    /// Whether /ResourceTypes gives User the enterprise extension (`None`:
    /// it did not say).
    pub(super) user_has_enterprise: Option<bool>,
    pub(super) cleanup_queued: bool,
    /// The run was stopped ([`Plan::interrupt`], the deadline): read-backs
    /// are not queued any more.
    pub(super) interrupted: bool,
    /// Why the run was stopped early, for the report.
    stopped: Option<String>,
    /// The objects the cleanup started with.
    pub(super) cleanup_total: usize,
    /// What the search by the run's name could not do.
    pub(super) sweep_notes: Vec<String>,
}

impl Plan {
    /// A plan for `options`: read-only checks, in the table's order.
    pub fn new(options: ProbeOptions) -> Plan {
        let mut queue: VecDeque<Step> = [
            Step::ServiceProviderConfig,
            Step::ResourceTypes,
            Step::Schemas,
            Step::WrongToken,
            // Both identity providers' connection tests run whoever is
            // probed: they are plain reads, and Okta's is the first page for
            // paging.
            Step::EntraLookup,
        ]
        .into_iter()
        .collect();
        if options.mapped.is_some() {
            queue.extend([Step::MappingRequests, Step::MappingLookup]);
        }
        let mut writes = if options.write {
            step::steps()
        } else {
            Vec::new()
        };
        // The user deletion comes last, after the lists have data to page.
        let delete = writes.pop();
        queue.extend(writes);
        queue.extend([
            Step::OktaList,
            Step::UnknownId,
            Step::SecondPage,
            Step::Attributes,
            Step::Sort,
            Step::Groups,
        ]);
        // With --write the check runs while the probe's group has a member
        // (WriteStep::GroupExcluded); without, on the server's own groups.
        if !options.write {
            queue.push_back(Step::GroupsExcluded);
        }
        queue.extend(delete);
        let run = format!(
            "scimkit-probe-{:012x}",
            Rng::new(options.seed).next_u64() >> 16
        );
        Plan {
            options,
            registry: Registry::builtin(),
            queue,
            in_flight: None,
            checks: Vec::new(),
            users: "/Users".to_string(),
            groups: "/Groups".to_string(),
            filter_supported: true,
            first_page: None,
            claims: None,
            observed: Observed::default(),
            content_types: Vec::new(),
            error: None,
            run,
            names: 0,
            made: Made::default(),
            last_write: None,
            ledger: Ledger::default(),
            server_manager: None,
            user_has_enterprise: None,
            reported: std::collections::HashMap::new(),
            cleanup_queued: false,
            interrupted: false,
            stopped: None,
            cleanup_total: 0,
            sweep_notes: Vec::new(),
        }
    }

    /// The next request to send, or `None` when the probe is done.
    pub fn next_request(&mut self) -> Option<Request> {
        if self.error.is_some() {
            return None;
        }
        loop {
            let Some(step) = self.queue.pop_front() else {
                // Whatever failed, what the probe made is removed.
                if self.options.write && !self.cleanup_queued {
                    self.cleanup_queued = true;
                    // The removals, then the search by the run's name;
                    // the last of them decides `write.cleanup`.
                    self.queue_cleanup();
                    continue;
                }
                return None;
            };
            if let Some(request) = self.request(&step) {
                // The one gate every request passes: nothing is changed or
                // deleted that the ledger does not hold.
                if let Err(why) = self.ledger.permits(&request, &self.users, &self.groups) {
                    self.push(
                        step_check(&step),
                        Status::Fail,
                        why,
                        Some(&request),
                        None,
                        Vec::new(),
                    );
                    continue;
                }
                self.in_flight = Some((step, request.clone()));
                return Some(request);
            }
        }
    }

    /// Judges the outcome of the request [`Plan::next_request`] gave last.
    pub fn receive(&mut self, outcome: Result<Response, TransportError>) {
        let Some((step, request)) = self.in_flight.take() else {
            return;
        };
        match outcome {
            Ok(mut response) => {
                let secrets = &self.options.secrets;
                secrets.string(&mut response.body);
                for header in [&mut response.content_type, &mut response.etag]
                    .into_iter()
                    .flatten()
                {
                    secrets.string(header);
                }
                // Read once, for the judging and the ledger.
                let json = serde_json::from_str::<Value>(&response.body).ok();
                self.judge(&step, &request, &response, json.as_ref());
                if let Some(body) = &json {
                    // After the judging: a create's own id is not one seen before it.
                    self.ledger.observe(body);
                    if request.method == "GET" && response.status == 200 {
                        let id = body.get("id").and_then(Value::as_str);
                        self.ledger.reached(&request.path, id);
                    }
                }
            }
            Err(mut e) if matches!(&step, Step::Write(w) if w.is_cleanup()) => {
                e.message = self.options.secrets.text(&e.message).into_owned();
                if let Step::Write(w) = &step {
                    self.cleanup_no_answer(w, &e.message);
                }
            }
            Err(e) if step == Step::ServiceProviderConfig => {
                // The very first request: nothing answers there at all.
                self.error = Some(self.options.secrets.text(&e.message).into_owned());
            }
            Err(e) => {
                if let Step::Write(w) = &step {
                    self.uncertain_create(w, &request);
                }
                let id = step_check(&step);
                self.push(
                    id,
                    Status::Fail,
                    format!("no answer: {}", self.options.secrets.text(&e.message)),
                    Some(&request),
                    None,
                    Vec::new(),
                );
            }
        }
    }

    /// The report (call when [`Plan::next_request`] returned `None`).
    pub fn finish(mut self) -> ProbeReport {
        if self.error.is_none() {
            self.claims_check();
            self.content_type_check();
        }
        for check in &mut self.checks {
            if let Some(request) = &mut check.request {
                let path = request.target.split('?').next().unwrap_or("");
                request.removed = request.method != "POST" && self.ledger.was_removed(path);
            }
        }
        let leftovers = self.leftovers();
        let summary = Summary::of(&self.checks);
        ProbeReport {
            ok: summary.ok(self.options.strict),
            summary,
            target: self.options.target,
            sender: self.options.sender,
            checks: self.checks,
            error: self.error,
            stopped: self.stopped,
            leftovers,
        }
    }

    /// The report as it stands now, for a run that ends abruptly
    /// (`why`: a second Ctrl-C, SIGTERM): the checks decided so far and
    /// what is left on the server.
    pub fn snapshot(&self, why: &str) -> ProbeReport {
        let mut leftovers = self.leftovers();
        // A create in flight may have made its object: say so, by name.
        if let Some((Step::Write(_), request)) = &self.in_flight {
            let sent: Option<Value> = request
                .body
                .as_deref()
                .and_then(|b| serde_json::from_str(b).ok());
            let named = |attribute: &str| {
                sent.as_ref()
                    .and_then(|s| s.get(attribute))
                    .and_then(Value::as_str)
                    .map(str::to_string)
            };
            let (resource_type, attribute) = if request.path == self.groups {
                ("Group", "displayName")
            } else {
                ("User", "userName")
            };
            if let (true, Some(name)) = (request.method == "POST", named(attribute)) {
                // No id to delete: where to look it up instead.
                let lookup = Request::get(request.path.clone())
                    .with_query("filter", format!("{attribute} eq \"{name}\""));
                leftovers.push(Leftover {
                    resource_type,
                    id: String::new(),
                    name,
                    target: lookup.target(),
                    proven: false,
                    reason: "its create was in flight when the run stopped: the server may hold it; look it up by name".to_string(),
                });
            }
        }
        ProbeReport {
            target: self.options.target.clone(),
            sender: self.options.sender,
            checks: self.checks.clone(),
            summary: Summary::of(&self.checks),
            ok: false,
            error: self.error.clone(),
            stopped: Some(why.to_string()),
            leftovers,
        }
    }

    /// What is on the server now that the probe made (or found carrying its
    /// run's name) and has not confirmed removed: what a run stopped at
    /// this moment leaves behind.
    pub fn leftovers(&self) -> Vec<Leftover> {
        self.ledger
            .leftovers("not removed: the run ended before its cleanup reached it")
    }

    /// Tells the plan how long the run has taken so far, and returns the
    /// longest the next answer may take. Past the deadline
    /// ([`ProbeOptions::with_deadline`]) no further check is sent and the
    /// cleanup runs; [`PROBE_CLEANUP_GRACE_SECS`] later the plan stops
    /// altogether and lists what is left. Drivers call it before each
    /// [`Plan::next_request`]; without it the run has no deadline.
    pub fn tick(&mut self, elapsed: Duration) -> Duration {
        let deadline = self.options.deadline;
        let hard = deadline.saturating_add(Duration::from_secs(PROBE_CLEANUP_GRACE_SECS));
        if elapsed >= hard {
            self.abandon(format!(
                "the run's deadline ({} s) and the {PROBE_CLEANUP_GRACE_SECS} s allowed for the cleanup after it passed: the probe stopped",
                deadline.as_secs()
            ));
            return Duration::ZERO;
        }
        if elapsed >= deadline && self.stopped.is_none() {
            self.stop(format!(
                "the run's deadline ({} s) passed: the checks not yet run were not sent{}",
                deadline.as_secs(),
                if self.options.write {
                    ", and the probe removed what it made"
                } else {
                    ""
                }
            ));
        }
        hard.saturating_sub(elapsed)
    }

    /// Stops everything now: nothing more is sent, not even the cleanup;
    /// what the ledger holds is reported as left.
    fn abandon(&mut self, why: String) {
        if self.stopped.as_deref() == Some(why.as_str()) && self.queue.is_empty() {
            return;
        }
        self.queue.clear();
        self.interrupted = true;
        self.stopped = Some(why);
        if self.options.write && !self.decided_any("write.cleanup") {
            self.cleanup_queued = true;
            self.finish_cleanup(None, None);
        }
    }

    /// Stops the probe early (Ctrl-C): every step not yet sent is dropped,
    /// and what the writing sequence made is still removed; keep calling
    /// [`Plan::next_request`] until it returns `None`. The checks not run are
    /// not reported.
    pub fn interrupt(&mut self) {
        self.stop(format!(
            "interrupted: the checks not yet run were not sent{}",
            if self.options.write {
                ", and the probe removed what it made"
            } else {
                ""
            }
        ));
    }

    fn stop(&mut self, why: String) {
        self.queue
            .retain(|s| matches!(s, Step::Write(w) if w.is_cleanup()));
        self.interrupted = true;
        self.stopped = Some(why);
    }

    /// How many of the errors in `diagnostics` an earlier check reported,
    /// and the first such check (`None` when none was).
    pub(super) fn first_reported(
        &self,
        diagnostics: &[Diagnostic],
    ) -> Option<(usize, &'static str)> {
        let mut first = None;
        let mut n = 0;
        for d in diagnostics.iter().filter(|d| d.severity == Severity::Error) {
            if let Some(check) = self.reported.get(&(d.code, d.path.clone())) {
                n += 1;
                first.get_or_insert(*check);
            }
        }
        first.map(|f| (n, f))
    }

    /// Whether check `id` was decided at all.
    pub(super) fn decided_any(&self, id: &str) -> bool {
        self.checks.iter().any(|c| c.id == id)
    }

    /// Whether check `id` was already decided with `status`.
    pub(super) fn decided(&self, id: &str, status: Status) -> bool {
        self.checks.iter().any(|c| c.id == id && c.status == status)
    }

    /// The options the plan runs with.
    pub fn options(&self) -> &ProbeOptions {
        &self.options
    }

    /// The checks so far (for a live checklist).
    pub fn checks(&self) -> &[Check] {
        &self.checks
    }

    /// A made-up name that no server holds: the run's prefix and a number.
    pub(super) fn made_up(&mut self) -> String {
        self.names += 1;
        format!("{}-{}", self.run, self.names)
    }

    /// The path of user `id`: the id percent-encoded as one segment.
    pub(super) fn user_path(&self, id: &str) -> String {
        format!("{}/{}", self.users, target::segment(id))
    }

    /// The path of `id`, a user or a group.
    pub(super) fn path_of(&self, kind: Kind, id: &str) -> String {
        match kind {
            Kind::User => self.user_path(id),
            Kind::Group => self.group_path(id),
        }
    }

    /// The path of group `id`.
    pub(super) fn group_path(&self, id: &str) -> String {
        format!("{}/{}", self.groups, target::segment(id))
    }

    fn request(&mut self, step: &Step) -> Option<Request> {
        let users = self.users.clone();
        let groups = self.groups.clone();
        Some(match step {
            Step::Write(w) => match self.write_request(w) {
                Ok(request) => request,
                Err(why) => {
                    if !matches!(w, WriteStep::CreateUser(1..)) {
                        self.push(step::check_of(w), Status::Skip, why, None, None, Vec::new());
                    }
                    return None;
                }
            },
            Step::ServiceProviderConfig => Request::get("/ServiceProviderConfig"),
            Step::ResourceTypes => Request::get("/ResourceTypes"),
            Step::Schemas => Request::get("/Schemas"),
            Step::WrongToken => Request::get(users)
                .with_query("count", "1")
                .with_auth(Auth::WrongToken),
            Step::EntraLookup => {
                // Entra ID and Okta filter whatever the configuration claims
                // (`discovery.claims` compares the claim); an RFC client reads it.
                if !self.filter_supported && self.options.sender == Sender::Rfc {
                    self.skip(step, "the ServiceProviderConfig says filters are not supported (filter.supported is false), so an RFC client does not look users up; Entra ID and Okta do (--as entra or okta)");
                    return None;
                }
                let name = self.made_up();
                Request::get(users).with_query("filter", format!("userName eq \"{name}\""))
            }
            Step::MappingRequests => {
                self.mapping_requests();
                return None;
            }
            Step::MappingLookup => {
                let lookup = self.options.mapped.as_ref().and_then(|m| m.lookup.clone());
                // The identity provider looks the user up whatever the
                // configuration claims.
                match lookup {
                    Some(filter) => Request::get(users).with_query("filter", filter),
                    None => {
                        self.skip(step, "the mapping has no matching attribute, so the identity provider does not look users up");
                        return None;
                    }
                }
            }
            Step::OktaList => Request::get(users)
                .with_query("startIndex", "1")
                .with_query("count", "1"),
            Step::UnknownId => {
                let id = self.made_up();
                Request::get(self.user_path(&id))
            }
            Step::SecondPage => match &self.first_page {
                Some((total, Some(_))) if *total >= 2 => Request::get(users)
                    .with_query("startIndex", "2")
                    .with_query("count", "1"),
                Some((total, _)) => {
                    let why = format!(
                        "the server holds {total} user(s); paging needs at least two (run with --write to create them)"
                    );
                    self.skip(step, &why);
                    return None;
                }
                None => {
                    self.skip(
                        step,
                        "the first page (startIndex=1, count=1) did not come back as a list",
                    );
                    return None;
                }
            },
            Step::Attributes => Request::get(users)
                .with_query("attributes", "userName")
                .with_query("count", "1"),
            Step::Sort => {
                let claimed = self.claims.and_then(|c| c.sort);
                let users_held = self.first_page.as_ref().map_or(0, |(total, _)| *total);
                if claimed != Some(true) {
                    self.skip(
                        step,
                        "the ServiceProviderConfig does not claim sorting (sort.supported)",
                    );
                    return None;
                }
                if users_held < 2 {
                    self.skip(
                        step,
                        "sorting needs at least two users (run with --write to create them)",
                    );
                    return None;
                }
                Request::get(users)
                    .with_query("sortBy", "userName")
                    .with_query("sortOrder", "descending")
                    .with_query("count", "10")
            }
            Step::Groups => Request::get(groups.clone())
                .with_query("startIndex", "1")
                .with_query("count", "1"),
            Step::GroupsExcluded => Request::get(groups)
                .with_query("excludedAttributes", "members")
                .with_query("count", "5"),
        })
    }

    /// What a lookup's answer holds, judged by the core's filter evaluator
    /// against the filter the request sent: resources that match it, and
    /// resources that do not (a server that ignores the filter).
    pub(super) fn lookup_found(
        &self,
        request: &Request,
        json: Option<&Value>,
        resource_type: &str,
    ) -> Found {
        let filter = request
            .query
            .iter()
            .find(|(name, _)| name == "filter")
            .map_or("", |(_, f)| f.as_str());
        let resources = json
            .and_then(|j| j.get("Resources"))
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        let total = json
            .and_then(|j| j.get("totalResults"))
            .and_then(Value::as_i64);
        let mut found = Found {
            filter: filter.to_string(),
            total,
            matching: 0,
            strangers: 0,
        };
        let (Ok(parsed), Some(rt)) = (
            crate::filter::parse_filter(filter),
            self.registry.resource_type(resource_type),
        ) else {
            found.matching = resources.len();
            return found;
        };
        // The filter evaluator's usual budget (limits::MAX_FILTER_WORK): an
        // answer too costly to judge is taken as matching, not as ignored.
        let work = crate::filter::Work::new();
        let evaluator = crate::filter::Evaluator::new(&self.registry, rt).with_work(&work);
        let verdicts: Vec<bool> = resources
            .iter()
            .map(|r| evaluator.matches(&parsed, r))
            .collect();
        if work.exhausted() {
            found.matching = resources.len();
            return found;
        }
        found.matching = verdicts.iter().filter(|m| **m).count();
        found.strangers = verdicts.len() - found.matching;
        found
    }

    fn skip(&mut self, step: &Step, why: &str) {
        self.push(
            step_check(step),
            Status::Skip,
            why.to_string(),
            None,
            None,
            Vec::new(),
        );
    }

    pub(super) fn push(
        &mut self,
        id: &'static str,
        status: Status,
        message: String,
        request: Option<&Request>,
        response: Option<&Response>,
        diagnostics: Vec<Diagnostic>,
    ) {
        let shown = (request.map(Shown::of), response.map(ShownResponse::of));
        self.push_shown(id, status, message, shown, diagnostics);
    }

    /// [`Plan::push`] with the request and response already as shown.
    fn push_shown(
        &mut self,
        id: &'static str,
        status: Status,
        message: String,
        (request, response): (Option<Shown>, Option<ShownResponse>),
        diagnostics: Vec<Diagnostic>,
    ) {
        let Some(info) = info(id) else { return };
        let mut diagnostics = diagnostics;
        // Errors first: a short listing never hides one behind warnings.
        diagnostics.sort_by_key(|d| match d.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        });
        if matches!(status, Status::Fail | Status::Warn) {
            for d in diagnostics.iter().filter(|d| d.severity == Severity::Error) {
                self.reported
                    .entry((d.code, d.path.clone()))
                    .or_insert(info.id);
            }
        }
        let request = request.map(|mut shown| {
            shown.url = format!("{}{}", self.options.target, shown.target);
            shown
        });
        self.checks.push(Check {
            id: info.id,
            title: info.title,
            reference: info.reference,
            status,
            message,
            request,
            response,
            diagnostics,
            advice: matches!(status, Status::Fail | Status::Warn).then_some(info.advice),
        });
    }

    /// The core's diagnostics on an error answer's body, when it is JSON
    /// (none for a success: its body is not an Error).
    pub(super) fn error_body(&self, response: &Response) -> Vec<Diagnostic> {
        if response.status >= 400
            && serde_json::from_str::<serde::de::IgnoredAny>(&response.body).is_ok()
        {
            self.validate(&response.body, Context::Error, None)
        } else {
            Vec::new()
        }
    }

    /// [`Plan::push`] of a verdict on `request` and its `response`.
    pub(super) fn record(
        &mut self,
        id: &'static str,
        (status, message, diagnostics): (Status, String, Vec<Diagnostic>),
        request: &Request,
        response: &Response,
    ) {
        self.push(
            id,
            status,
            message,
            Some(request),
            Some(response),
            diagnostics,
        );
    }

    /// The `mapping.requests` check: what the simulator said about the
    /// requests the mapping makes (no request is sent for it).
    fn mapping_requests(&mut self) {
        let Some(mapped) = &self.options.mapped else {
            return;
        };
        let findings = mapped.findings.clone();
        let errors = findings.iter().filter(|d| d.is_error()).count();
        let (status, message) = match (errors, findings.len()) {
            (0, 0) => (
                Status::Pass,
                "the create, update and deactivation your mapping makes are valid SCIM".to_string(),
            ),
            (0, n) => (
                Status::Warn,
                format!("the requests your mapping makes are valid, with {n} warning(s)"),
            ),
            (e, _) => (
                Status::Fail,
                format!(
                    "the requests your mapping makes have {e} error(s); they are sent as they are"
                ),
            ),
        };
        // Nothing is sent for this check, so no request is shown (its
        // diagnostics say which of the mapping's requests they are about).
        self.push("mapping.requests", status, message, None, None, findings);
    }

    /// The schemas discovery built (the built-in ones until `/Schemas` answers).
    pub(super) fn registry(&self) -> &Registry {
        &self.registry
    }

    /// Validates a body in `context` with the registry discovery built.
    pub(super) fn validate(
        &self,
        body: &str,
        context: Context,
        resource_type: Option<&str>,
    ) -> Vec<Diagnostic> {
        let mut options = ValidateOptions::new(context);
        options.resource_type = resource_type;
        Validator::new(self.registry.clone())
            .validate(body, &options)
            .diagnostics
    }

    /// Judges an answer; `json` is its body read once by [`Plan::receive`].
    fn judge(&mut self, step: &Step, request: &Request, response: &Response, json: Option<&Value>) {
        // DELETE answers 204 with no body, and the wrong token's 401 may come
        // from a gateway: neither says much about the SCIM content type.
        let no_content = response.status == 204 || response.body.is_empty();
        if !no_content && (response.status != 401 || *step != Step::WrongToken) {
            self.content_types
                .push((Shown::of(request), response.content_type.clone()));
        }
        // The cleanup and the search by name are the probe's own
        // housekeeping, not requests a client of the claims would send.
        if !matches!(step, Step::Write(w) if w.is_cleanup()) {
            self.observed
                .record(request, response, &[&self.users, &self.groups]);
        }
        if let Step::Write(w) = step {
            self.judge_write(w, request, response, json);
            return;
        }
        let id = step_check(step);
        let verdict = match step {
            Step::ServiceProviderConfig => {
                let v = self.expect_ok(response, Context::Response, Some("ServiceProviderConfig"));
                if let (200, Some(config)) = (response.status, json) {
                    self.claims = Some(Claims::of(config));
                }
                if let Some(Value::Object(spc)) = json {
                    let supported = spc
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case("filter"))
                        .and_then(|(_, f)| f.get("supported"))
                        .and_then(Value::as_bool);
                    self.filter_supported = supported != Some(false);
                }
                v
            }
            Step::ResourceTypes => {
                let (status, message, diagnostics) =
                    self.expect_ok(response, Context::List, Some("ResourceType"));
                let notes = self.learn_endpoints(json);
                match (status, notes.is_empty()) {
                    (_, true) => (status, message, diagnostics),
                    (Status::Pass, false) => (Status::Warn, notes.join("; "), diagnostics),
                    (_, false) => (
                        status,
                        format!("{message}; also: {}", notes.join("; ")),
                        diagnostics,
                    ),
                }
            }
            Step::Schemas => {
                let mut v =
                    meta_schema_erratum(self.expect_ok(response, Context::List, Some("Schema")));
                if response.status == 200 {
                    v = self.learn_schemas(&response.body, v);
                }
                v
            }
            Step::WrongToken => self.expect_error(response, 401),
            Step::UnknownId => self.expect_error(response, 404),
            Step::MappingLookup => {
                let (status, message, diagnostics) =
                    self.expect_ok(response, Context::List, Some("User"));
                let found = self.lookup_found(request, json, "User");
                if status == Status::Pass && found.strangers > 0 {
                    (
                        Status::Fail,
                        format!(
                            "the server ignored the filter: it answered {} user(s) that do not match `{}`; the identity provider would update one of them instead of creating the user",
                            found.strangers, found.filter
                        ),
                        diagnostics,
                    )
                } else if status == Status::Pass {
                    let total = found.total;
                    match total {
                        Some(0 | 1) => (
                            Status::Pass,
                            format!(
                                "200 with {} match(es): the identity provider can tell whether the user exists",
                                total.unwrap_or(0)
                            ),
                            diagnostics,
                        ),
                        Some(n) => (
                            Status::Fail,
                            format!(
                                "the lookup matched {n} users; the identity provider needs at most one to decide whom to update"
                            ),
                            diagnostics,
                        ),
                        None => (status, message, diagnostics),
                    }
                } else {
                    (status, message, diagnostics)
                }
            }
            Step::EntraLookup => {
                let (mut status, mut message, diagnostics) =
                    self.expect_ok(response, Context::List, Some("User"));
                if status != Status::Fail {
                    let found = self.lookup_found(request, json, "User");
                    if found.strangers > 0 {
                        status = Status::Fail;
                        message = format!(
                            "the server ignored the filter: it answered {} user(s) that do not match `{}`; {} would take one of them for the account it looks for and update the wrong user",
                            found.strangers,
                            found.filter,
                            self.options.sender.label()
                        );
                    } else if found.total != Some(0) || found.matching > 0 {
                        status = Status::Fail;
                        message = format!(
                            "a userName nobody has matched {} user(s); Entra ID would take that for an existing account",
                            found.total.map_or_else(
                                || "an unknown number of".to_string(),
                                |t| t.to_string()
                            )
                        );
                    }
                }
                (status, message, diagnostics)
            }
            Step::OktaList => {
                let v = self.expect_ok(response, Context::List, Some("User"));
                if v.0 != Status::Fail {
                    let total = json
                        .as_ref()
                        .and_then(|j| j.get("totalResults"))
                        .and_then(Value::as_i64);
                    let first = first_resource(json)
                        .and_then(|r| r.get("id"))
                        .and_then(Value::as_str)
                        .map(str::to_string);
                    self.first_page = total.map(|t| (t, first));
                    return self.finish_list_page(id, request, response, v, json);
                }
                v
            }
            Step::SecondPage => {
                let v = self.expect_ok(response, Context::List, Some("User"));
                if v.0 == Status::Fail {
                    v
                } else {
                    let first = self.first_page.as_ref().and_then(|(_, id)| id.clone());
                    let second = first_resource(json)
                        .and_then(|r| r.get("id"))
                        .and_then(Value::as_str)
                        .map(str::to_string);
                    match (first, second) {
                        (Some(a), Some(b)) if a != b => {
                            return self.finish_list_page(id, request, response, (Status::Pass, "startIndex=2 returned another user than startIndex=1".into(), v.2), json);
                        }
                        (_, None) => (Status::Fail, "startIndex=2&count=1 returned no user although totalResults is at least 2".into(), v.2),
                        _ => (Status::Fail, "startIndex=2 returned the same user as startIndex=1: startIndex is ignored".into(), v.2),
                    }
                }
            }
            Step::Sort => {
                let v = self.expect_ok(response, Context::List, Some("User"));
                if v.0 == Status::Fail {
                    v
                } else {
                    sort_verdict(json, v.2)
                }
            }
            Step::Attributes => {
                let v = self.expect_ok(response, Context::List, Some("User"));
                if v.0 == Status::Fail {
                    v
                } else {
                    match first_resource(json).and_then(Value::as_object) {
                        None => (
                            Status::Skip,
                            "the server returned no user to look at".into(),
                            v.2,
                        ),
                        Some(user) => {
                            let extra: Vec<&str> = user
                                .keys()
                                .map(String::as_str)
                                .filter(|k| {
                                    !["id", "userName", "schemas", "meta"]
                                        .iter()
                                        .any(|a| a.eq_ignore_ascii_case(k))
                                })
                                .collect();
                            if extra.is_empty() {
                                (Status::Pass, "only userName and id came back".into(), v.2)
                            } else {
                                (
                                    Status::Warn,
                                    format!(
                                        "attributes=userName also returned {}",
                                        extra.join(", ")
                                    ),
                                    v.2,
                                )
                            }
                        }
                    }
                }
            }
            // Judged above, and the mapping requests are not sent.
            Step::Write(_) | Step::MappingRequests => return,
            Step::Groups => self.expect_ok(response, Context::List, Some("Group")),
            Step::GroupsExcluded => self.excluded_verdict(response, json),
        };
        let (status, message, diagnostics) = verdict;
        self.record(id, (status, message, diagnostics), request, response);
    }

    /// `groups.excluded-members` without --write: no group of the answer
    /// carries `members` (with --write the probe's own group, which has a
    /// member, is read by id instead).
    fn excluded_verdict(
        &self,
        response: &Response,
        json: Option<&Value>,
    ) -> (Status, String, Vec<Diagnostic>) {
        let v = self.expect_ok(response, Context::List, Some("Group"));
        if v.0 == Status::Fail {
            return v;
        }
        let resources = json
            .and_then(|j| j.get("Resources"))
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        let with_members = resources.iter().filter(|g| carries_members(g)).count();
        if resources.is_empty() {
            (
                Status::Skip,
                "the server holds no group to look at (run with --write to create one)".into(),
                v.2,
            )
        } else if with_members > 0 {
            (
                Status::Fail,
                format!(
                    "{with_members} of {} groups still carry `members` although they were excluded",
                    resources.len()
                ),
                v.2,
            )
        } else {
            (
                Status::Pass,
                format!(
                    "{} group(s) came back without `members` (none of the server's own may have members; --write checks a group that has one)",
                    resources.len()
                ),
                v.2,
            )
        }
    }

    /// The first page's check, which also checks the page's numbers.
    fn finish_list_page(
        &mut self,
        id: &'static str,
        request: &Request,
        response: &Response,
        verdict: (Status, String, Vec<Diagnostic>),
        json: Option<&Value>,
    ) {
        let (mut status, mut message, diagnostics) = verdict;
        let count = json
            .and_then(|j| j.get("Resources"))
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        if count > 1 && status != Status::Fail {
            status = Status::Fail;
            message = format!("count=1 returned {count} resources: count is ignored");
        }
        self.record(id, (status, message, diagnostics), request, response);
    }

    /// A 200 whose body validates in `context`.
    pub(super) fn expect_ok(
        &self,
        response: &Response,
        context: Context,
        resource_type: Option<&str>,
    ) -> (Status, String, Vec<Diagnostic>) {
        if response.status != 200 {
            let diagnostics = self.error_body(response);
            return (
                Status::Fail,
                format!("expected 200, got {}", response.status),
                diagnostics,
            );
        }
        if response.truncated {
            // A cut document cannot be judged: its syntax errors would be ours.
            let limit = crate::limits::MAX_PROBE_RESPONSE_BYTES;
            let d = Diagnostic::new(
                Code::LimitResponseSize,
                "",
                format!("the answer is larger than the {limit} bytes the probe reads; its body was not judged"),
            )
            .with_help("page large lists (count, startIndex); a client reading the whole answer pays for all of it");
            return (
                Status::Warn,
                format!("200; the body is larger than {limit} bytes and was not judged"),
                vec![d],
            );
        }
        let diagnostics = self.validate(&response.body, context, resource_type);
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        if errors > 0 {
            (
                Status::Fail,
                format!("200, but the body has {errors} error(s)"),
                diagnostics,
            )
        } else {
            (Status::Pass, "200 with a valid body".into(), diagnostics)
        }
    }

    /// An error status with a valid SCIM Error body.
    fn expect_error(
        &self,
        response: &Response,
        expected: u16,
    ) -> (Status, String, Vec<Diagnostic>) {
        if response.status != expected {
            return (
                Status::Fail,
                format!("expected {expected}, got {}", response.status),
                Vec::new(),
            );
        }
        if serde_json::from_str::<Value>(&response.body).is_err() {
            return (
                Status::Warn,
                format!("{expected}, but the body is not a SCIM Error (not JSON)"),
                Vec::new(),
            );
        }
        let diagnostics = self.validate(&response.body, Context::Error, None);
        if diagnostics.iter().any(|d| d.severity == Severity::Error) {
            (
                Status::Warn,
                format!("{expected}, but the Error body is not valid (RFC 7644 §3.12)"),
                diagnostics,
            )
        } else {
            (
                Status::Pass,
                format!("{expected} with a valid SCIM Error"),
                diagnostics,
            )
        }
    }

    /// Reads the User and Group endpoints from `/ResourceTypes`. Only an
    /// RFC client follows them: Entra ID and Okta call `{BASE}/Users` and
    /// `{BASE}/Groups` whatever the server publishes. Returns what is worth
    /// saying about them (an endpoint that leads elsewhere than where the
    /// probe sends its requests), once, for the discovery check.
    fn learn_endpoints(&mut self, json: Option<&Value>) -> Vec<String> {
        let mut notes = Vec::new();
        let Some(list) = json
            .and_then(|j| j.get("Resources"))
            .and_then(Value::as_array)
        else {
            return notes;
        };
        let base = self.options.target.clone();
        let base_path = target::split_origin(&base).1.to_string();
        let follows = self.options.sender == Sender::Rfc;
        for rt in list {
            let name = rt.get("name").and_then(Value::as_str).unwrap_or("");
            if name.eq_ignore_ascii_case("User") {
                let extensions = rt
                    .get("schemaExtensions")
                    .and_then(Value::as_array)
                    .map_or(&[][..], Vec::as_slice);
                self.user_has_enterprise = Some(extensions.iter().any(|e| {
                    e.get("schema")
                        .and_then(Value::as_str)
                        .is_some_and(|s| s.eq_ignore_ascii_case(uri::ENTERPRISE_USER))
                }));
            }
            let Some(endpoint) = rt.get("endpoint").and_then(Value::as_str) else {
                continue;
            };
            // RFC 7643 §6: relative to the base URL ("/Users"). A path that
            // repeats the base path, or a whole URL, still resolves, but a
            // client that appends it to the base URL goes astray.
            let repeats = endpoint.contains("://")
                || (!base_path.is_empty() && endpoint.starts_with(&format!("{base_path}/")));
            let (slot, usual) = if name.eq_ignore_ascii_case("User") {
                (&mut self.users, "/Users")
            } else if name.eq_ignore_ascii_case("Group") {
                (&mut self.groups, "/Groups")
            } else {
                continue;
            };
            match (target::resolve_endpoint(&base, endpoint), follows) {
                (target::Endpoint::Below(path), true) => {
                    if repeats {
                        notes.push(format!(
                            "{name}'s endpoint `{endpoint}` is not relative to the base URL as RFC 7643 §6 has it (`{usual}`): the probe reads it as {base}{path}, but a client that appends it to the base URL requests {base}{endpoint}"
                        ));
                    }
                    *slot = path;
                }
                (target::Endpoint::Below(path), false) if path != usual => notes.push(format!(
                    "{name}'s endpoint `{endpoint}` resolves to {base}{path}, but {} sends its requests to {base}{usual}",
                    self.options.sender.label()
                )),
                (target::Endpoint::Below(_), false) if repeats => notes.push(format!(
                    "{name}'s endpoint `{endpoint}` is not relative to the base URL as RFC 7643 §6 has it (`{usual}`): a client that appends it to the base URL requests {base}{endpoint}"
                )),
                (target::Endpoint::Below(_), false) => {}
                (target::Endpoint::Elsewhere(url), _) => notes.push(format!(
                    "{name}'s endpoint `{endpoint}` resolves to {url}, outside the base URL: not followed; the probe sends its requests to {base}{usual}"
                )),
            }
        }
        notes
    }

    /// Loads the server's schemas for every later validation; their own
    /// problems join the check's diagnostics.
    fn learn_schemas(
        &mut self,
        body: &str,
        verdict: (Status, String, Vec<Diagnostic>),
    ) -> (Status, String, Vec<Diagnostic>) {
        let (mut status, mut message, mut diagnostics) = verdict;
        let published: Option<Value> = serde_json::from_str(body).ok();
        let schemas: Vec<&Value> = published
            .as_ref()
            .map(|p| match p.get("Resources").and_then(Value::as_array) {
                Some(list) => list.iter().collect(),
                None => p.as_array().map(|a| a.iter().collect()).unwrap_or_default(),
            })
            .unwrap_or_default();
        let schema = |id: &str| {
            schemas.iter().copied().find(|s| {
                s.get("id")
                    .and_then(Value::as_str)
                    .is_some_and(|i| i.eq_ignore_ascii_case(id))
            })
        };
        if !schemas.is_empty() {
            self.server_manager = Some(
                schema(uri::ENTERPRISE_USER)
                    .and_then(|e| attribute(e, "manager"))
                    .is_some(),
            );
        }
        // Erratum 6011: RFC 7643 §8.7.1 printed Group.members without the
        // `display` sub-attribute that §4.2 describes; a server that copied
        // it still returns `display`, which is not an error.
        let mut notes = Vec::new();
        let mut text = body.to_string();
        if let Some(members) = schema(uri::GROUP).and_then(|g| attribute(g, "members")) {
            if attribute(members, "display").is_none() {
                notes.push(Diagnostic::new(
                    Code::SchemaRfcErratum,
                    "",
                    "the Group schema's `members` has no `display` sub-attribute, as RFC 7643 §8.7.1 printed it; erratum 6011 adds it (§4.2 describes it), so the probe reads group members with it",
                ));
                if let Some(patched) = with_member_display(published.as_ref()) {
                    text = patched;
                }
            }
        }
        let mut builder = Registry::builder();
        let report = builder.add_json(&text);
        let (registry, cross) = builder.build();
        let problems: Vec<Diagnostic> = report
            .diagnostics
            .into_iter()
            .chain(cross.diagnostics)
            .filter(|d| d.severity == Severity::Error)
            .collect();
        if problems.is_empty() {
            self.registry = registry;
            if status == Status::Pass {
                message = "200; the schemas load and validate every later response".into();
                if !notes.is_empty() {
                    status = Status::Warn;
                    message.push_str(" (with a known erratum of RFC 7643, see the diagnostics)");
                }
            }
            diagnostics.extend(notes);
        } else {
            status = Status::Fail;
            message = format!(
                "the schemas do not load ({} problem(s)); later responses are validated against the RFC's schemas",
                problems.len()
            );
            diagnostics.extend(problems);
        }
        (status, message, diagnostics)
    }

    /// `discovery.claims`: the configuration against what the run saw.
    fn claims_check(&mut self) {
        let (status, message, request) = match self.claims {
            Some(claims) => self.observed.verdict(claims),
            None => (
                Status::Skip,
                "/ServiceProviderConfig did not answer a configuration to compare with".to_string(),
                None,
            ),
        };
        self.push_shown(
            "discovery.claims",
            status,
            message,
            (request, None),
            Vec::new(),
        );
    }

    fn content_type_check(&mut self) {
        let mut worst: Option<(Status, String, Shown)> = None;
        for (request, content_type) in &self.content_types {
            let media = content_type
                .as_deref()
                .and_then(|c| c.split(';').next())
                .map(|c| c.trim().to_ascii_lowercase());
            let (status, message) = match media.as_deref() {
                Some("application/scim+json") => continue,
                Some("application/json") => (
                    Status::Warn,
                    format!(
                        "{} {} answered application/json",
                        request.method, request.target
                    ),
                ),
                other => (
                    Status::Fail,
                    format!(
                        "{} {} answered {}",
                        request.method,
                        request.target,
                        other.map_or("no Content-Type".to_string(), |c| format!("`{c}`"))
                    ),
                ),
            };
            if worst
                .as_ref()
                .is_none_or(|(s, _, _)| *s == Status::Warn && status == Status::Fail)
            {
                worst = Some((status, message, request.clone()));
            }
        }
        let (status, message, request) = match worst {
            Some((s, m, r)) => (s, m, Some(r)),
            None => (
                Status::Pass,
                format!(
                    "all {} responses were application/scim+json",
                    self.content_types.len()
                ),
                None,
            ),
        };
        self.push_shown(
            "http.content-type",
            status,
            message,
            (request, None),
            Vec::new(),
        );
    }
}

/// RFC 7643 §8.7.2 prints the Schema schema's `attributes.subAttributes`
/// with `subAttributes` of its own (§7: they have the same sub-attributes
/// as `attributes`), though §2.3.8 lets no complex attribute nest another;
/// servers copy that text. Those findings become one erratum warning each,
/// and the verdict is made again without them.
fn meta_schema_erratum(
    (status, message, diagnostics): (Status, String, Vec<Diagnostic>),
) -> (Status, String, Vec<Diagnostic>) {
    let nested = |d: &Diagnostic| {
        d.code == Code::UnknownAttribute
            && d.path.ends_with("/subAttributes")
            && d.path.contains("/attributes/")
            && d.path.matches("/subAttributes").count() >= 2
    };
    if !diagnostics.iter().any(nested) {
        return (status, message, diagnostics);
    }
    let diagnostics: Vec<Diagnostic> = diagnostics
        .into_iter()
        .map(|d| {
            if nested(&d) {
                let span = d.span;
                let mut erratum = Diagnostic::new(
                    Code::SchemaRfcErratum,
                    d.path,
                    "`subAttributes` inside `subAttributes`, as RFC 7643 §8.7.2 prints the Schema schema (§7 says they have the same sub-attributes as `attributes`; §2.3.8 forbids complex within complex): accepted",
                );
                erratum.span = span;
                erratum
            } else {
                d
            }
        })
        .collect();
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    match (status, errors) {
        (Status::Fail, 0) => (
            Status::Warn,
            "200 with a valid body (with known errata of RFC 7643, see the diagnostics)".into(),
            diagnostics,
        ),
        (Status::Fail, n) => (
            Status::Fail,
            format!("200, but the body has {n} error(s)"),
            diagnostics,
        ),
        (status, _) => (status, message, diagnostics),
    }
}

/// The attribute (or sub-attribute) definition named `name` in `schema`'s
/// `attributes` (or an attribute's `subAttributes`), ignoring case.
fn attribute<'v>(schema: &'v Value, name: &str) -> Option<&'v Value> {
    let list = schema
        .get("attributes")
        .or_else(|| schema.get("subAttributes"))?
        .as_array()?;
    list.iter().find(|a| {
        a.get("name")
            .and_then(Value::as_str)
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
    })
}

/// The published schemas with `display` added to Group.members (erratum
/// 6011), as text the registry loads.
fn with_member_display(published: Option<&Value>) -> Option<String> {
    let mut published = published?.clone();
    let list = match published.get_mut("Resources") {
        Some(resources) => resources.as_array_mut()?,
        None => published.as_array_mut()?,
    };
    let group = list.iter_mut().find(|s| {
        s.get("id")
            .and_then(Value::as_str)
            .is_some_and(|i| i.eq_ignore_ascii_case(uri::GROUP))
    })?;
    let members = group
        .get_mut("attributes")?
        .as_array_mut()?
        .iter_mut()
        .find(|a| {
            a.get("name")
                .and_then(Value::as_str)
                .is_some_and(|n| n.eq_ignore_ascii_case("members"))
        })?;
    let display = serde_json::json!({
        "name": "display", "type": "string", "multiValued": false, "required": false,
        "caseExact": false, "mutability": "readOnly", "returned": "default", "uniqueness": "none",
        "description": "A human-readable name for the group member (RFC 7643 erratum 6011)."
    });
    let obj = members.as_object_mut()?;
    match obj.get_mut("subAttributes").and_then(Value::as_array_mut) {
        Some(subs) => subs.push(display),
        None => {
            obj.insert("subAttributes".into(), Value::Array(vec![display]));
        }
    }
    Some(published.to_string())
}

/// Whether a group came back with `members` (in any letter case, RFC 7643
/// §2.1).
pub(super) fn carries_members(group: &Value) -> bool {
    group
        .as_object()
        .is_some_and(|o| o.keys().any(|k| k.eq_ignore_ascii_case("members")))
}

fn first_resource(json: Option<&Value>) -> Option<&Value> {
    json?.get("Resources")?.as_array()?.first()
}

/// `lists.sort`: the userNames of a `sortBy=userName&sortOrder=descending`
/// page must not increase, compared without case (userName is caseExact
/// false, RFC 7643 §4.1.1; RFC 7644 §3.4.2.3).
fn sort_verdict(
    json: Option<&Value>,
    diagnostics: Vec<Diagnostic>,
) -> (Status, String, Vec<Diagnostic>) {
    let names: Vec<String> = json
        .and_then(|j| j.get("Resources"))
        .and_then(Value::as_array)
        .map(|rs| {
            rs.iter()
                .filter_map(|r| r.get("userName").and_then(Value::as_str))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    if names.len() < 2 {
        return (
            Status::Skip,
            format!("{} user(s) came back; sorting needs two", names.len()),
            diagnostics,
        );
    }
    let lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
    match lower.windows(2).position(|w| w.first() < w.get(1)) {
        None => (
            Status::Pass,
            format!(
                "{} users came back in descending userName order",
                names.len()
            ),
            diagnostics,
        ),
        Some(i) => (
            Status::Fail,
            format!(
                "sort.supported is true, but `{}` came before `{}` with sortOrder=descending",
                names.get(i).map_or("", String::as_str),
                names.get(i + 1).map_or("", String::as_str)
            ),
            diagnostics,
        ),
    }
}
