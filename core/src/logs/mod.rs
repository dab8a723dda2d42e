//! Explaining provisioning failures from the identity provider's own log.
//!
//! An admin whose provisioning broke has the identity provider's log entry,
//! not the SCIM request: Entra ID's provisioning log (Microsoft Graph
//! `provisioningObjectSummary`, or the admin center's "Download logs" JSON)
//! or Okta's System Log events. [`explain_log`] reads a pasted entry or a
//! whole export, and for every failed (or warning) event says
//! - what the identity provider tried: the action, the object and the
//!   attributes that changed, old → new;
//! - the SCIM request(s) it sent for that, rebuilt by the mapping simulator
//!   (`crate::mapping`) in the sender's dialect, each validated;
//! - what the service provider answered, as the log quotes it: the HTTP
//!   status and the SCIM Error, validated;
//! - the cause, from one catalogue (`causes.json`), with how sure it is
//!   ([`Certainty`]), and the fix on each side in the words of each console;
//! - what the log does not say: nothing is guessed.
//!
//! The formats and codes read here are documented, with their sources, in
//! `docs/idp-facts.md` §7.
//!
//! Limits (`crate::limits`): the input is a JSON document like any other
//! ([`MAX_DOCUMENT_BYTES`](crate::limits::MAX_DOCUMENT_BYTES)); at most
//! [`MAX_LOG_EXPLANATIONS`] events are
//! explained in full (the others are counted, by cause); the identity
//! provider's texts kept in an explanation are cut at
//! [`MAX_LOG_TEXT_BYTES`].

mod answer;
mod causes;
mod entra;
mod mask;
mod message;
mod okta;
mod rebuild;
#[cfg(test)]
mod tests;

use serde::Serialize;
use serde_json::Value as Json;

use crate::diagnostics::{Code, Diagnostic, LineIndex, Report, Span};
use crate::limits::{MAX_LOG_EXPLANATIONS, MAX_LOG_TEXT_BYTES};
use crate::mapping::{IdentityProvider, ObjectType, Request};
use crate::schema::Registry;
use crate::validate::Validator;

pub use answer::Answer;
pub use causes::{Cause, cause, causes};
pub use mask::{MASK, MASKED_EMAIL, mask_personal};

/// Which log format an input was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum LogFormat {
    /// Microsoft Graph `provisioningObjectSummary` (v1.0 or beta; the admin
    /// center's "Download logs" JSON has the same shape).
    EntraProvisioning,
    /// Okta System Log `LogEvent`s.
    OktaSystemLog,
    /// An error message copied from a console (Entra ID's Troubleshooting
    /// tab, an Okta task), not an export: only its words are read.
    Message,
    /// Nothing scimkit reads as a provisioning log.
    Unknown,
}

impl LogFormat {
    /// How the format reads in a sentence.
    pub const fn label(self) -> &'static str {
        match self {
            LogFormat::EntraProvisioning => "Microsoft Entra ID provisioning log",
            LogFormat::OktaSystemLog => "Okta System Log",
            LogFormat::Message => "an error message copied from the identity provider's console",
            LogFormat::Unknown => "not a provisioning log scimkit reads",
        }
    }
}

impl Certainty {
    /// How sure, in words ("stated by the log").
    pub const fn label(self) -> &'static str {
        match self {
            Certainty::Stated => "stated by the log",
            Certainty::Deduced => "deduced from the rebuilt request",
            Certainty::Unknown => "not known",
        }
    }
}

/// An event's outcome, as the log states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum EventStatus {
    /// The change did not reach the service provider (or was refused).
    Failure,
    /// It went through with a warning (Entra ID), or was retried.
    Warning,
    /// The identity provider decided not to act (out of scope, no change).
    Skipped,
    /// It worked.
    Success,
    /// The log does not say.
    Unknown,
    /// Not a provisioning event (an Okta sign-in, a policy evaluation): an
    /// unfiltered System Log download holds many.
    Unrelated,
}

/// What the identity provider tried, in SCIM terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Action {
    /// Create the object (after a lookup found nothing).
    Create,
    /// Update attributes of an existing object.
    Update,
    /// Disable (deactivate) a user: `active` false.
    Disable,
    /// Delete the object.
    Delete,
    /// Add members to a group.
    AddMembers,
    /// Remove members from a group.
    RemoveMembers,
    /// Look the object up by its matching attribute.
    Match,
    /// Check the credentials (test connection, or every call failing auth).
    Authenticate,
    /// Something else, or the log does not say.
    Other,
}

impl Action {
    /// The action in a sentence ("create the user").
    pub fn describe(self, object: Option<ObjectType>) -> String {
        let what = match object {
            Some(ObjectType::Group) => "group",
            Some(ObjectType::User) => "user",
            None => "object",
        };
        match self {
            Action::Create => format!("create the {what}"),
            Action::Update => format!("update the {what}"),
            Action::Disable => format!("disable the {what}"),
            Action::Delete => format!("delete the {what}"),
            Action::AddMembers => "add members to the group".into(),
            Action::RemoveMembers => "remove members from the group".into(),
            Action::Match => format!("look the {what} up by its matching attribute"),
            Action::Authenticate => "authenticate to the service provider".into(),
            Action::Other => format!("act on the {what}"),
        }
    }
}

/// How sure a cause is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Certainty {
    /// The log states it (an error code, an HTTP status, the answer's words).
    Stated,
    /// Deduced: the rebuilt request carries exactly one form the service
    /// provider may refuse, and the answer is a refusal of that request.
    Deduced,
    /// Not known: the cause is `unknown`, or several causes fit.
    Unknown,
}

/// One attribute the log says changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// The attribute as the log names it (Entra ID: the source attribute).
    pub attribute: String,
    /// The SCIM attribute it is mapped to by the default mappings, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// The value before, as the log shows it.
    pub old: Option<String>,
    /// The value after.
    pub new: Option<String>,
}

/// The object the event is about.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Subject {
    /// Users or groups, when the log says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<ObjectType>,
    /// Its name in the identity provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its id in the identity provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
    /// Its id at the service provider, when it had one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_id: Option<String>,
    /// The application (service provider) as the identity provider names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application: Option<String>,
}

/// The cause of one event's failure.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnosis {
    /// The catalogue code (`conflict`, `string-boolean-rejected`, …; see
    /// [`causes`]).
    pub code: &'static str,
    /// The catalogue's one-line title.
    pub title: &'static str,
    /// How sure it is.
    pub certainty: Certainty,
    /// Why, for this event.
    pub why: String,
    /// What in the log and the rebuilt request points at it.
    pub evidence: Vec<String>,
    /// Other causes that fit as well (the answer does not decide).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<&'static str>,
    /// The identity provider retries on its own.
    pub transient: bool,
}

/// The fix on each side.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Fix {
    /// What the service provider (the SCIM endpoint) should change.
    pub service_provider: String,
    /// What the admin can do in the identity provider's console.
    pub identity_provider: String,
}

/// One failed (or warning) event, explained.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventExplanation {
    /// Its position among the input's events (0-based).
    pub index: usize,
    /// A JSON pointer to the event in the input.
    pub pointer: String,
    /// Where the event is in the input text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// The identity provider that wrote it.
    pub identity_provider: IdentityProvider,
    /// The log's id of the event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// When it happened, as the log says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// Failure, warning, …
    pub status: EventStatus,
    /// The log's own name for what happened (`update`, `application.provision.user.push`).
    pub activity: String,
    /// What was tried, in SCIM terms.
    pub action: Action,
    /// `action` in a sentence.
    pub summary: String,
    /// The object.
    pub subject: Subject,
    /// Attributes that changed, old → new.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
    /// The identity provider's error code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// The identity provider's own words (cut at the text limit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The step that failed, as the log names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed_step: Option<String>,
    /// The service provider's answer, as the log quotes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<Answer>,
    /// The SCIM requests the identity provider sent for this, rebuilt in its
    /// dialect from what the log says and its default mappings; each carries
    /// its validation (`report`).
    pub requests: Vec<Request>,
    /// The cause.
    pub cause: Diagnosis,
    /// The fix on each side.
    pub fix: Fix,
    /// What the log does not say (so nothing above is a guess).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<String>,
    /// A `scimkit probe` command line that checks the endpoint for this
    /// sender (the base URL is a placeholder: logs do not carry it).
    pub probe: String,
}

/// How many events had each cause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CauseCount {
    /// The catalogue code.
    pub cause: &'static str,
    /// Events with it.
    pub count: usize,
}

/// How many events had each status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusCounts {
    /// Failed events.
    pub failure: usize,
    /// Events with a warning.
    pub warning: usize,
    /// Skipped events.
    pub skipped: usize,
    /// Successful events.
    pub success: usize,
    /// Events whose outcome the log does not state.
    pub unknown: usize,
    /// Events that are not about provisioning (Okta sign-ins and the like).
    pub unrelated: usize,
}

impl StatusCounts {
    /// The counts in words, failures always, the others when there are
    /// some: "3 failed, 1 succeeded".
    pub fn describe(&self) -> String {
        let mut parts = vec![format!("{} failed", self.failure)];
        for (n, word) in [
            (self.warning, "with a warning"),
            (self.success, "succeeded"),
            (self.skipped, "skipped"),
            (self.unrelated, "not about provisioning"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {word}"));
            }
        }
        parts.join(", ")
    }
}

/// What [`explain_log`] found in a log.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogExplanation {
    /// The format the input was read as.
    pub format: LogFormat,
    /// `format` in words.
    pub format_label: &'static str,
    /// Events read.
    pub events: usize,
    /// Events by status.
    pub statuses: StatusCounts,
    /// The failed and warning events, explained, in log order (at most
    /// [`MAX_LOG_EXPLANATIONS`]).
    pub explained: Vec<EventExplanation>,
    /// Failed and warning events beyond the limit, counted in `causes` only.
    pub omitted: usize,
    /// Every failed and warning event's cause, counted (omitted ones too),
    /// most frequent first.
    pub causes: Vec<CauseCount>,
    /// Problems with the input itself (not JSON, not a log, a limit reached).
    pub report: Report,
}

/// One event as read from either format, before it is explained.
#[derive(Debug, Default)]
struct Event {
    idp: Option<IdentityProvider>,
    id: Option<String>,
    time: Option<String>,
    status: Option<EventStatus>,
    activity: String,
    action: Option<Action>,
    subject: Subject,
    changes: Vec<Change>,
    error_code: Option<String>,
    /// Every text of the identity provider about the failure, in order:
    /// reason, details, step descriptions (what `answer` is read from).
    texts: Vec<String>,
    failed_step: Option<String>,
    /// The kind of the step that failed (Entra ID: `matching`, `export`, …).
    failed_step_kind: Option<String>,
    /// Member ids added or removed, when the log lists them.
    members: Vec<String>,
}

/// Reads a provisioning log (an event, an array of events, a Graph
/// `{"value": [...]}` page) and explains every failed or warning event.
/// Never fails: an input that is not JSON or not a log gets a report that
/// says so.
pub fn explain_log(registry: &Registry, text: &str) -> LogExplanation {
    let mut out = LogExplanation {
        format: LogFormat::Unknown,
        format_label: LogFormat::Unknown.label(),
        events: 0,
        statuses: StatusCounts::default(),
        explained: Vec::new(),
        omitted: 0,
        causes: Vec::new(),
        report: Report::new(Vec::new()),
    };
    let root = match crate::json::parse(text) {
        Ok(root) => root,
        Err(d) => {
            // Broken JSON stays broken JSON: only text that does not even
            // start like JSON is read as a copied message.
            let json_like = text.trim_start().starts_with(['{', '[']);
            if let Some(idp) = message::identity_provider(text).filter(|_| !json_like) {
                return explain_message(registry, text, idp, out);
            }
            out.report = Report::new(vec![d]).locate(text);
            return out;
        }
    };
    let list = events_of(&root);
    let format = list
        .iter()
        .map(|(n, _)| detect(n))
        .find(|f| *f != LogFormat::Unknown)
        .unwrap_or(LogFormat::Unknown);
    out.format = format;
    out.format_label = format.label();
    if format == LogFormat::Unknown {
        out.report = Report::new(vec![
            Diagnostic::new(
                Code::LogUnrecognized,
                "",
                "this is not a provisioning log scimkit reads: expected Microsoft Entra ID provisioning log entries (provisioningAction, provisioningStatusInfo) or Okta System Log events (eventType, outcome)",
            )
            .with_help("In Entra ID: Enterprise applications → your app → Provisioning logs → Download logs (JSON), or Microsoft Graph GET /auditLogs/provisioning. In Okta: Reports → System Log → download as JSON, or GET /api/v1/logs.")
            .with_range(0, text.len().min(1)),
        ])
        .locate(text);
        return out;
    }
    let mut counts: Vec<CauseCount> = Vec::new();
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut skipped = 0usize;
    // One index for every event's span: locating each from the start of a
    // 20 MB export would be quadratic.
    let lines = LineIndex::new(text);
    let rebuilder = rebuild::Rebuilder::new(registry);
    let validator = Validator::new(registry.clone());
    for (i, (node, pointer)) in list.into_iter().enumerate() {
        let format = detect(node);
        // Most of a cycle succeeds: count those without converting them.
        let settled = match format {
            LogFormat::EntraProvisioning => entra::settled(node),
            LogFormat::OktaSystemLog => okta::settled(node),
            LogFormat::Unknown | LogFormat::Message => None,
        };
        match settled {
            Some(EventStatus::Success) => {
                out.events += 1;
                out.statuses.success += 1;
                continue;
            }
            Some(EventStatus::Skipped) => {
                out.events += 1;
                out.statuses.skipped += 1;
                continue;
            }
            Some(EventStatus::Unrelated) => {
                out.events += 1;
                out.statuses.unrelated += 1;
                continue;
            }
            _ => {}
        }
        let value = node.to_value();
        let event = match format {
            LogFormat::EntraProvisioning => entra::read(&value),
            LogFormat::OktaSystemLog => okta::read(&value),
            LogFormat::Unknown | LogFormat::Message => {
                // One diagnostic names the first such item; the others are
                // counted in it, so a list of a million numbers stays small.
                skipped += 1;
                if skipped == 1 {
                    let (s, e) = node.range();
                    diags.push(
                        Diagnostic::new(
                            Code::LogUnrecognized,
                            pointer,
                            format!("item {i} is not a {} entry; it is left out", format.label()),
                        )
                        .with_severity(crate::diagnostics::Severity::Warning)
                        .with_range(s, e),
                    );
                }
                continue;
            }
        };
        out.events += 1;
        let status = event.status.unwrap_or(EventStatus::Unknown);
        match status {
            EventStatus::Failure => out.statuses.failure += 1,
            EventStatus::Warning => out.statuses.warning += 1,
            EventStatus::Skipped => out.statuses.skipped += 1,
            EventStatus::Success => out.statuses.success += 1,
            EventStatus::Unknown => out.statuses.unknown += 1,
            EventStatus::Unrelated => out.statuses.unrelated += 1,
        }
        if !matches!(status, EventStatus::Failure | EventStatus::Warning) {
            continue;
        }
        let mut event = event;
        for c in &mut event.changes {
            c.old = c.old.as_deref().map(cut);
            c.new = c.new.as_deref().map(cut);
        }
        let full = out.explained.len() < MAX_LOG_EXPLANATIONS;
        let explanation = explain_event(&rebuilder, &validator, event, i, pointer, full);
        match counts
            .iter_mut()
            .find(|c| c.cause == explanation.cause.code)
        {
            Some(c) => c.count += 1,
            None => counts.push(CauseCount {
                cause: explanation.cause.code,
                count: 1,
            }),
        }
        if full {
            let (s, e) = node.range();
            let mut explanation = explanation;
            explanation.span = Some(lines.span(text, s, e));
            out.explained.push(explanation);
        } else {
            out.omitted += 1;
        }
    }
    if skipped > 1 {
        if let Some(first) = diags.first_mut() {
            first.message = format!(
                "{} ({} items in all are not {} entries and are left out)",
                first.message,
                skipped,
                format.label()
            );
        }
    }
    if out.omitted > 0 {
        diags.push(
            Diagnostic::new(
                Code::LimitLogEvents,
                "",
                format!(
                    "{} failed or warning events are explained in full; {} more are counted by cause only",
                    MAX_LOG_EXPLANATIONS, out.omitted
                ),
            )
            .with_help("Filter the export to one object or one cycle to see every event in full."),
        );
    }
    crate::order::sort_stable_by(&mut counts, |a, b| {
        b.count.cmp(&a.count).then(a.cause.cmp(b.cause))
    });
    out.causes = counts;
    out.report = Report::new(diags).locate(text);
    out
}

/// A copied error message, explained as one failed event.
fn explain_message(
    registry: &Registry,
    text: &str,
    idp: IdentityProvider,
    mut out: LogExplanation,
) -> LogExplanation {
    let rebuilder = rebuild::Rebuilder::new(registry);
    let validator = Validator::new(registry.clone());
    let event = message::read(text, idp);
    let mut e = explain_event(&rebuilder, &validator, event, 0, String::new(), true);
    e.span = Some(Span::locate(text, 0, text.len()));
    e.unknown.insert(
        0,
        "everything the message does not say (the object's ids, the attributes that changed): paste the log entry itself (Download logs as JSON, or the System Log event) for a fuller explanation".into(),
    );
    out.format = LogFormat::Message;
    out.format_label = LogFormat::Message.label();
    out.events = 1;
    out.statuses.failure = 1;
    out.causes = vec![CauseCount {
        cause: e.cause.code,
        count: 1,
    }];
    out.explained.push(e);
    out
}

/// The events of a document with their JSON pointers: a Graph page's
/// `value`, an array, or one event (at the empty pointer).
fn events_of<'n, 'a>(root: &'n crate::json::Node<'a>) -> Vec<(&'n crate::json::Node<'a>, String)> {
    let listed = |items: &'n [crate::json::Node<'a>], base: &str| {
        items
            .iter()
            .enumerate()
            .map(|(i, n)| (n, format!("{base}/{i}")))
            .collect()
    };
    if let Some(items) = root.get("value").and_then(|v| v.as_array()) {
        return listed(items, "/value");
    }
    if let Some(items) = root.as_array() {
        return listed(items, "");
    }
    vec![(root, String::new())]
}

/// Which format one event is in.
fn detect(node: &crate::json::Node<'_>) -> LogFormat {
    if node.as_object().is_none() {
        return LogFormat::Unknown;
    }
    if entra::is_event(node) {
        LogFormat::EntraProvisioning
    } else if okta::is_event(node) {
        LogFormat::OktaSystemLog
    } else {
        LogFormat::Unknown
    }
}

/// Cuts an identity provider's text at the text limit, on a character boundary.
fn cut(text: &str) -> String {
    if text.len() <= MAX_LOG_TEXT_BYTES {
        return text.to_string();
    }
    let mut end = MAX_LOG_TEXT_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} more bytes)", &text[..end], text.len() - end)
}

/// A JSON value as the text a log shows (strings without quotes).
fn text_of(value: &Json) -> Option<String> {
    match value {
        Json::Null => None,
        Json::String(s) if s.is_empty() => None,
        Json::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// Explains one event: answer, rebuilt requests, cause and fix.
fn explain_event(
    rebuilder: &rebuild::Rebuilder<'_>,
    validator: &Validator,
    event: Event,
    index: usize,
    pointer: String,
    full: bool,
) -> EventExplanation {
    let idp = event.idp.unwrap_or(IdentityProvider::Entra);
    let action = event.action.unwrap_or(Action::Other);
    let answer = answer::find(&event.texts, validator);
    let (requests, changes) = if full {
        rebuilder.rebuild(idp, action, &event)
    } else {
        (Vec::new(), event.changes.clone())
    };
    let diagnosis = causes::diagnose(idp, action, &event, answer.as_ref(), &requests);
    let entry = cause(diagnosis.code);
    let fix = Fix {
        service_provider: entry
            .map(|c| c.service_provider.clone())
            .unwrap_or_default(),
        identity_provider: entry
            .and_then(|c| match idp {
                IdentityProvider::Entra => c.entra.clone(),
                IdentityProvider::Okta => c.okta.clone(),
            })
            .unwrap_or_else(|| "Nothing to change in the identity provider for this cause.".into()),
    };
    let mut unknown = Vec::new();
    if answer.is_none() {
        unknown.push("the service provider's answer: the log does not quote it".to_string());
    } else if answer.as_ref().is_some_and(|a| a.body.is_none()) {
        unknown.push("the service provider's answer body: the log quotes no JSON".to_string());
    }
    if full && changes.len() > crate::limits::MAX_LOG_CHANGES {
        unknown.push(format!(
            "the request's other {} changes: only the first {} changed attributes are rebuilt",
            changes.len() - crate::limits::MAX_LOG_CHANGES,
            crate::limits::MAX_LOG_CHANGES
        ));
    }
    if requests.is_empty() && full {
        unknown.push("the request sent: the log does not say enough to rebuild it".to_string());
    }
    if idp == IdentityProvider::Okta && !requests.is_empty() {
        unknown.push(
            "attribute values: Okta's System Log does not list them, so the rebuilt request shows the attributes Okta's SCIM template sends with placeholder values".to_string(),
        );
    }
    if idp == IdentityProvider::Entra
        && requests
            .iter()
            .any(|r| r.method == crate::mapping::Method::Patch)
    {
        unknown.push(
            "whether the Tenant URL carries ?aadOptscim062020: the log does not say; the request is rebuilt as Entra ID sends it without the flag (the default)".to_string(),
        );
    }
    let sender = match idp {
        IdentityProvider::Entra => "entra",
        IdentityProvider::Okta => "okta",
    };
    EventExplanation {
        index,
        pointer,
        span: None,
        identity_provider: idp,
        id: event.id,
        time: event.time,
        status: event.status.unwrap_or(EventStatus::Unknown),
        summary: action.describe(event.subject.object),
        activity: event.activity,
        action,
        subject: event.subject,
        changes,
        error_code: event.error_code,
        reason: event.texts.first().map(|t| cut(t)),
        failed_step: event.failed_step,
        answer,
        requests,
        cause: diagnosis,
        fix,
        unknown,
        probe: format!(
            "scimkit probe https://YOUR-SCIM-BASE-URL --as {sender} --token-env SCIM_TOKEN --write"
        ),
    }
}
