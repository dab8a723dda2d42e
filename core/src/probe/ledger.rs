//! The ownership ledger: the only resources the probe may change or delete
//! are those it has proven it created.
//!
//! A create's answer proves ownership when it carries the made-up
//! `scimkit-probe-<run>-…` name the probe sent (userName, or a group's
//! displayName, and the externalId when the answer has one) and an `id`
//! that no earlier answer of the run showed. A server that answers a create
//! with an account it already held (by mistake, or because it links
//! creates to existing accounts by e-mail) fails both tests, and the probe
//! then writes nothing more. Every PATCH, PUT and DELETE the plan produces
//! passes [`Ledger::permits`] before it is sent, so no step, however the
//! sequence is ordered, can reach an id outside the ledger.
//!
//! An entry leaves the ledger only when a GET answers 404 after the probe's
//! DELETE: a DELETE that answered 404 or nothing is not taken as proof.

use std::collections::HashSet;

use serde::Serialize;
use serde_json::Value;

use super::exchange::Request;
use super::target::segment;

/// An id as the ledger compares it: servers that resolve ids without case
/// (GUIDs, case-insensitive collations) would otherwise hand back a seen id
/// in other letters.
fn normalized(id: &str) -> String {
    id.to_lowercase()
}

/// The id of a resource as text, also when a server wrote it as a number.
fn id_text(id: &Value) -> Option<String> {
    match id {
        Value::String(s) => Some(normalized(s)),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The two kinds of resource the probe creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    User,
    Group,
}

impl Kind {
    /// The resource type's name, as reports spell it.
    pub(super) const fn name(self) -> &'static str {
        match self {
            Kind::User => "User",
            Kind::Group => "Group",
        }
    }

    /// The attribute that carries the probe's made-up name.
    pub(super) const fn name_attribute(self) -> &'static str {
        match self {
            Kind::User => "userName",
            Kind::Group => "displayName",
        }
    }
}

/// An object the probe made (or found by its run's name) that is still on
/// the server: what the `write.cleanup` check lists, and what a Ctrl-C or
/// the deadline leaves behind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Leftover {
    /// `User` or `Group`.
    pub resource_type: &'static str,
    /// The id the server gave it.
    pub id: String,
    /// Its userName (users) or displayName (groups).
    pub name: String,
    /// Its path below the base URL, the id percent-encoded as one segment
    /// (`/Users/a%2Fb`): what a DELETE by hand is sent to. Without an id
    /// (a create that was in flight), the lookup by name that finds it.
    pub target: String,
    /// Whether the probe proved it created it (else it was only found by
    /// its run's name, and may be deleted by hand after a look).
    pub proven: bool,
    /// Why it is still there.
    pub reason: String,
}

/// One object the probe proved it created.
#[derive(Debug, Clone)]
struct Owned {
    kind: Kind,
    id: String,
    name: String,
    path: String,
    /// A GET of `path` answered 200 with this id: the path reaches it, so a
    /// 404 there later means it is gone.
    reachable: bool,
    /// Why the last attempt to remove it did not succeed.
    reason: Option<String>,
}

/// Why a create's answer does not prove the probe made the resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Refusal(pub(super) String);

/// What the probe owns and what it has seen.
#[derive(Debug, Default)]
pub(super) struct Ledger {
    /// Every id an answer of the run has shown, before it was created.
    seen: HashSet<String>,
    owned: Vec<Owned>,
    /// Objects carrying the run's name that the ledger cannot prove.
    found: Vec<Leftover>,
    /// The paths of objects confirmed removed.
    released: Vec<String>,
}

impl Ledger {
    /// Remembers every id in an answer (the resource's own, and each of a
    /// list's `Resources`): such an id existed before any later create.
    pub(super) fn observe(&mut self, body: &Value) {
        let mut note = |resource: &Value| {
            if let Some(id) = resource.get("id").and_then(id_text) {
                self.seen.insert(id);
            }
        };
        note(body);
        if let Some(resources) = body.get("Resources").and_then(Value::as_array) {
            resources.iter().for_each(&mut note);
        }
    }

    /// Takes a create's answer as proof that the probe made `kind` named
    /// `sent` (and `external_id`, when sent) at `path_of(id)`, or says why
    /// it is not.
    pub(super) fn claim(
        &mut self,
        kind: Kind,
        answer: Option<&Value>,
        sent: &str,
        external_id: Option<&str>,
        endpoint: &str,
    ) -> Result<String, Refusal> {
        let what = kind.name().to_ascii_lowercase();
        let attribute = kind.name_attribute();
        let answer = answer.ok_or_else(|| {
            Refusal(format!(
                "the create's answer is not JSON, so it does not show which {what} the server made"
            ))
        })?;
        let id = answer
            .get("id")
            .and_then(Value::as_str)
            .filter(|id| !id.is_empty())
            .ok_or_else(|| {
                Refusal(format!(
                    "the create's answer carries no `id`, so the probe cannot tell which {what} the server made"
                ))
            })?;
        // `.` and `..` are dot segments: a path ending in them names the
        // collection or the base URL, never one resource.
        if matches!(id, "." | "..") {
            return Err(Refusal(format!(
                "the create's answer gives the id `{id}`, which a URL cannot use for one {what} (it names the collection above it)"
            )));
        }
        let name = answer.get(attribute).and_then(Value::as_str);
        // The made-up names are lower case; a server may fold their case
        // (userName is caseExact false).
        let carries_name = name.is_some_and(|n| n.eq_ignore_ascii_case(sent));
        let external = answer.get("externalId").and_then(Value::as_str);
        let carries_external = match (external_id, external) {
            (Some(sent), Some(got)) => got == sent,
            _ => true,
        };
        let shown = format!("id `{id}`, {attribute} `{}`", name.unwrap_or("(none)"));
        let key = normalized(id);
        if self.owned.iter().any(|o| normalized(&o.id) == key) {
            return Err(Refusal(format!(
                "the server answered the create with a {what} the probe had already made ({shown}), not a new one"
            )));
        }
        let seen = self.seen.contains(&key);
        if seen || !carries_name || !carries_external {
            return Err(Refusal(format!(
                "the server answered the create with an existing {what}: {shown}{}; the probe sent {attribute} `{sent}`",
                if seen {
                    ", an id the server had already shown"
                } else {
                    ""
                }
            )));
        }
        self.owned.push(Owned {
            kind,
            id: id.to_string(),
            name: name.unwrap_or(sent).to_string(),
            path: format!("{endpoint}/{}", segment(id)),
            reachable: false,
            reason: None,
        });
        self.seen.insert(key);
        Ok(id.to_string())
    }

    /// Whether `request` may be sent: reads always, creates at the two
    /// endpoints, and changes and deletions only of a path the ledger holds.
    pub(super) fn permits(
        &self,
        request: &Request,
        users: &str,
        groups: &str,
    ) -> Result<(), String> {
        match request.method {
            "GET" => Ok(()),
            "POST" if request.path == users || request.path == groups => Ok(()),
            "PATCH" | "PUT" | "DELETE" if self.owns_path(&request.path) => Ok(()),
            method => Err(format!(
                "{method} {} was not sent: the probe writes only to what it proved it created",
                request.path
            )),
        }
    }

    /// Whether `path` is one the ledger holds.
    pub(super) fn owns_path(&self, path: &str) -> bool {
        self.owned.iter().any(|o| o.path == path)
    }

    /// A GET of `path` answered 200 with `id`: the path reaches the object.
    pub(super) fn reached(&mut self, path: &str, id: Option<&str>) {
        for o in &mut self.owned {
            if o.path == path && id == Some(o.id.as_str()) {
                o.reachable = true;
            }
        }
    }

    /// Whether a GET of `path` has shown the object there.
    pub(super) fn reachable(&self, path: &str) -> bool {
        self.owned.iter().any(|o| o.path == path && o.reachable)
    }

    /// The object at `path` is confirmed gone (a GET answered 404 after the
    /// probe's DELETE).
    pub(super) fn release(&mut self, path: &str) {
        if self.owned.iter().any(|o| o.path == path) {
            self.released.push(path.to_string());
        }
        self.owned.retain(|o| o.path != path);
    }

    /// Whether `path` named an object the probe made and then removed.
    pub(super) fn was_removed(&self, path: &str) -> bool {
        self.released.iter().any(|p| p == path)
    }

    /// Why the object at `path` could not be confirmed removed.
    pub(super) fn not_removed(&mut self, path: &str, reason: String) {
        for o in &mut self.owned {
            if o.path == path {
                o.reason = Some(reason.clone());
            }
        }
    }

    /// The paths held, groups first (removing a group first leaves no
    /// membership pointing at a deleted user).
    pub(super) fn paths(&self) -> Vec<String> {
        let mut owned: Vec<&Owned> = self.owned.iter().collect();
        owned.sort_by_key(|o| o.kind == Kind::User);
        owned.into_iter().map(|o| o.path.clone()).collect()
    }

    /// An object carrying the run's name that the ledger does not hold.
    pub(super) fn found(&mut self, kind: Kind, id: &str, name: &str, path: String) {
        let known = self.owned.iter().any(|o| o.id == id) || self.found.iter().any(|f| f.id == id);
        if !known {
            self.found.push(Leftover {
                resource_type: kind.name(),
                id: id.to_string(),
                name: name.to_string(),
                target: path,
                proven: false,
                reason: "found by the run's name, but the probe never saw it created (a create that failed may still have made it)".to_string(),
            });
        }
    }

    /// Everything still on the server: what the ledger holds (with
    /// `default_reason` where no attempt to remove it was made), then what
    /// the search by name found.
    pub(super) fn leftovers(&self, default_reason: &str) -> Vec<Leftover> {
        self.owned
            .iter()
            .map(|o| Leftover {
                resource_type: o.kind.name(),
                id: o.id.clone(),
                name: o.name.clone(),
                target: o.path.clone(),
                proven: true,
                reason: o
                    .reason
                    .clone()
                    .unwrap_or_else(|| default_reason.to_string()),
            })
            .chain(self.found.iter().cloned())
            .collect()
    }
}
