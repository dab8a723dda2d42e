//! Okta System Log `LogEvent`s of the provisioning family
//! (`application.provision.*`, `application.integration.*`): a failure is
//! logged under the same event type as the success, with
//! `outcome.result` FAILURE (idp-facts §7.4). The service provider's words
//! come in `outcome.reason`, `displayMessage` or `debugContext.debugData`,
//! in the Tasks page's form "… failed: Error while creating user X:
//! Conflict. Errors reported by remote server: …" (idp-facts §7.5).

use serde_json::Value as Json;

use super::{Action, Event, EventStatus, Subject, text_of};
use crate::json::Node;
use crate::mapping::{IdentityProvider, ObjectType};

/// Event types and the SCIM action each stands for (the catalogue's
/// descriptions, idp-facts §7.4). Prefixes end with a dot.
const ACTIONS: &[(&str, Action)] = &[
    ("application.provision.user.push_profile", Action::Update),
    ("application.provision.user.push", Action::Create),
    ("application.provision.user.sync", Action::Update),
    ("application.provision.user.deactivate", Action::Disable),
    ("application.provision.user.reactivate", Action::Update),
    ("application.provision.user.activate", Action::Update),
    ("application.provision.user.verify_exists", Action::Match),
    ("application.provision.user.deprovision", Action::Delete),
    ("application.provision.user.delete", Action::Delete),
    (
        "application.provision.group_membership.add",
        Action::AddMembers,
    ),
    (
        "application.provision.group_membership.remove",
        Action::RemoveMembers,
    ),
    (
        "application.provision.group_membership.update",
        Action::Update,
    ),
    ("application.provision.group.add", Action::Create),
    ("application.provision.group.update", Action::Update),
    ("application.provision.group.remove", Action::Delete),
    ("application.provision.group_push.pushed", Action::Create),
    ("application.provision.group_push.updated", Action::Update),
    ("application.provision.group_push.removed", Action::Delete),
    (
        "application.provision.group_push.push_memberships",
        Action::AddMembers,
    ),
    (
        "application.integration.authentication_failure",
        Action::Authenticate,
    ),
];

/// The event-type families of provisioning (idp-facts §7.4); a System Log
/// download holds sign-ins and policy evaluations too.
const FAMILIES: &[&str] = &[
    "application.provision.",
    "application.integration.",
    "app.user_management",
    "app.app_instance.provision_sync_job",
];

fn is_provisioning(event_type: &str) -> bool {
    let t = event_type.to_ascii_lowercase();
    FAMILIES.iter().any(|f| t.starts_with(f))
}

/// Whether `node` is a System Log event: an `eventType` and an outcome (or
/// the event's uuid and time).
pub(super) fn is_event(node: &Node<'_>) -> bool {
    node.get("eventType").is_some_and(|t| t.as_str().is_some())
        && (node.get("outcome").is_some()
            || node.get("uuid").is_some()
            || node.get("published").is_some())
}

/// `Success` or `Skipped` for an event whose outcome says so at INFO (or
/// lower) severity, read without converting the event; `None` otherwise.
pub(super) fn settled(node: &Node<'_>) -> Option<EventStatus> {
    let event_type = node.get("eventType")?.as_str()?;
    if !is_provisioning(&event_type) {
        return Some(EventStatus::Unrelated);
    }
    let result = node.get("outcome")?.get("result")?.as_str()?;
    let quiet = node
        .get("severity")
        .and_then(|s| s.as_str())
        .is_none_or(|s| s.eq_ignore_ascii_case("INFO") || s.eq_ignore_ascii_case("DEBUG"));
    if result.eq_ignore_ascii_case("SKIPPED") {
        Some(EventStatus::Skipped)
    } else if quiet
        && (result.eq_ignore_ascii_case("SUCCESS") || result.eq_ignore_ascii_case("ALLOW"))
    {
        Some(EventStatus::Success)
    } else {
        None
    }
}

fn string(value: &Json, key: &str) -> Option<String> {
    value.get(key).and_then(text_of)
}

/// Reads one event.
pub(super) fn read(value: &Json) -> Event {
    let activity = string(value, "eventType").unwrap_or_default();
    let outcome = value.get("outcome");
    let result = outcome
        .and_then(|o| string(o, "result"))
        .unwrap_or_default();
    let severity = string(value, "severity").unwrap_or_default();
    let status = match result.to_ascii_uppercase().as_str() {
        _ if !is_provisioning(&activity) => EventStatus::Unrelated,
        "FAILURE" | "DENY" => EventStatus::Failure,
        "SKIPPED" => EventStatus::Skipped,
        "SUCCESS" | "ALLOW" if severity.eq_ignore_ascii_case("WARN") => EventStatus::Warning,
        "SUCCESS" | "ALLOW" => EventStatus::Success,
        _ if severity.eq_ignore_ascii_case("ERROR") => EventStatus::Failure,
        _ if severity.eq_ignore_ascii_case("WARN") => EventStatus::Warning,
        _ => EventStatus::Unknown,
    };
    let mut texts = Vec::new();
    if let Some(r) = outcome.and_then(|o| string(o, "reason")) {
        texts.push(r);
    }
    if let Some(m) = string(value, "displayMessage") {
        texts.push(m);
    }
    if let Some(Json::Object(data)) = value.get("debugContext").and_then(|d| d.get("debugData")) {
        texts.extend(data.values().filter_map(|v| v.as_str().map(str::to_string)));
    }
    let targets: Vec<&Json> = value
        .get("target")
        .and_then(Json::as_array)
        .map(|t| t.iter().collect())
        .unwrap_or_default();
    let of_type = |kinds: &[&str]| {
        targets.iter().copied().find(|t| {
            string(t, "type").is_some_and(|k| kinds.iter().any(|x| k.eq_ignore_ascii_case(x)))
        })
    };
    let app_user = of_type(&["AppUser"]);
    let user = of_type(&["User"]);
    let group = of_type(&["UserGroup", "AppGroup", "Group"]);
    let app = of_type(&["AppInstance"]);
    let action = ACTIONS
        .iter()
        .find(|(t, _)| activity.eq_ignore_ascii_case(t))
        .map(|(_, a)| *a);
    let group_event =
        activity.contains(".group") || (group.is_some() && user.is_none() && app_user.is_none());
    let object =
        if group_event || matches!(action, Some(Action::AddMembers | Action::RemoveMembers)) {
            Some(ObjectType::Group)
        } else if app_user.is_some() || user.is_some() {
            Some(ObjectType::User)
        } else {
            None
        };
    let member = app_user.or(user);
    let subject = Subject {
        object,
        name: if object == Some(ObjectType::Group) {
            group.and_then(|g| string(g, "displayName").or_else(|| string(g, "alternateId")))
        } else {
            member.and_then(|u| string(u, "alternateId").or_else(|| string(u, "displayName")))
        },
        source_id: if object == Some(ObjectType::Group) {
            group.and_then(|g| string(g, "id"))
        } else {
            user.and_then(|u| string(u, "id"))
        },
        target_id: None,
        application: app
            .and_then(|a| string(a, "displayName").or_else(|| string(a, "alternateId"))),
    };
    let members = if matches!(action, Some(Action::AddMembers | Action::RemoveMembers)) {
        member
            .and_then(|u| string(u, "alternateId").or_else(|| string(u, "id")))
            .into_iter()
            .collect()
    } else {
        Vec::new()
    };
    Event {
        idp: Some(IdentityProvider::Okta),
        id: string(value, "uuid"),
        time: string(value, "published"),
        status: Some(status),
        action,
        subject,
        changes: Vec::new(),
        error_code: string(value, "legacyEventType"),
        texts,
        failed_step: string(value, "displayMessage"),
        failed_step_kind: None,
        members,
        activity,
    }
}
