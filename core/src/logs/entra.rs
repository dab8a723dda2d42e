//! Microsoft Entra ID provisioning log entries: Microsoft Graph's
//! `provisioningObjectSummary` (v1.0: `provisioningAction`,
//! `provisioningStatusInfo.errorInformation`; beta: `action`, `statusInfo`),
//! which is also what the admin center's "Download logs" JSON holds
//! (idp-facts §7.1). Keys are matched without case, as some exports
//! capitalise them.

use std::collections::HashSet;

use serde_json::Value as Json;

use super::{Action, Change, Event, EventStatus, Subject, text_of};
use crate::json::Node;
use crate::mapping::{IdentityProvider, ObjectType};

/// Whether `node` is a provisioning log entry: an action and a status or
/// steps.
pub(super) fn is_event(node: &Node<'_>) -> bool {
    let action = node.get_ignore_case("provisioningAction").is_some()
        || node.get_ignore_case("action").is_some();
    let outcome = node.get_ignore_case("provisioningStatusInfo").is_some()
        || node.get_ignore_case("statusInfo").is_some()
        || node.get_ignore_case("provisioningSteps").is_some();
    action && outcome
}

/// `Success` or `Skipped` when the entry's status says so, read without
/// converting the entry; `None` for anything else.
pub(super) fn settled(node: &Node<'_>) -> Option<EventStatus> {
    let info = node
        .get_ignore_case("provisioningStatusInfo")
        .or_else(|| node.get_ignore_case("statusInfo"))?;
    let s = info.get_ignore_case("status")?.as_str()?;
    match status(&s) {
        found @ (EventStatus::Success | EventStatus::Skipped) => Some(found),
        _ => None,
    }
}

/// The member of `value` named `key`, ignoring case.
fn field<'v>(value: &'v Json, key: &str) -> Option<&'v Json> {
    let map = value.as_object()?;
    map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// The string at `key`, when it is a non-empty string (or a number).
fn string(value: &Json, key: &str) -> Option<String> {
    field(value, key).and_then(text_of)
}

/// Reads one entry.
pub(super) fn read(value: &Json) -> Event {
    let mut event = Event {
        idp: Some(IdentityProvider::Entra),
        id: string(value, "id"),
        time: string(value, "activityDateTime"),
        ..Event::default()
    };
    let activity = string(value, "provisioningAction")
        .or_else(|| string(value, "action"))
        .unwrap_or_default();
    let status_info = field(value, "provisioningStatusInfo").or_else(|| field(value, "statusInfo"));
    // v1.0 nests the error in errorInformation; beta has it beside status.
    let error = status_info.map(|s| field(s, "errorInformation").unwrap_or(s));
    event.status = status_info
        .and_then(|s| string(s, "status"))
        .map(|s| status(&s));
    if let Some(e) = error {
        event.error_code = string(e, "errorCode");
        for key in ["reason", "additionalDetails", "recommendedAction"] {
            if let Some(t) = string(e, key) {
                event.texts.push(t);
            }
        }
    }
    let object = field(value, "sourceIdentity")
        .or_else(|| field(value, "targetIdentity"))
        .and_then(|i| string(i, "identityType"))
        .and_then(|t| object_type(&t));
    event.subject = Subject {
        object,
        name: field(value, "sourceIdentity").and_then(|i| string(i, "displayName")),
        source_id: field(value, "sourceIdentity").and_then(|i| string(i, "id")),
        target_id: field(value, "targetIdentity").and_then(|i| string(i, "id")),
        application: field(value, "servicePrincipal")
            .or_else(|| field(value, "targetSystem"))
            .and_then(|s| string(s, "displayName")),
    };
    if let Some(Json::Array(steps)) = field(value, "provisioningSteps") {
        for step in steps {
            let failed = string(step, "status")
                .is_some_and(|s| matches!(status(&s), EventStatus::Failure | EventStatus::Warning));
            if failed {
                if event.failed_step.is_none() {
                    event.failed_step =
                        string(step, "description").or_else(|| string(step, "name"));
                    event.failed_step_kind = string(step, "provisioningStepType");
                }
                if let Some(d) = string(step, "description") {
                    event.texts.push(d);
                }
                if let Some(details) = field(step, "details").and_then(Json::as_object) {
                    event.texts.extend(details.values().filter_map(text_of));
                }
            }
        }
    }
    if let Some(Json::Array(props)) = field(value, "modifiedProperties") {
        for p in props {
            let Some(attribute) = string(p, "displayName") else {
                continue;
            };
            let old = field(p, "oldValue").and_then(text_of);
            let new = field(p, "newValue").and_then(text_of);
            if is_members(&attribute) {
                read_members(old.as_deref(), new.as_deref(), &mut event);
            }
            event.changes.push(Change {
                attribute,
                target: None,
                old,
                new,
            });
        }
    }
    event.action = Some(action(&activity, &event));
    event.activity = activity;
    event
}

/// `failure`, `warning`, `skipped`, `success` (any case).
fn status(s: &str) -> EventStatus {
    match s.to_ascii_lowercase().as_str() {
        "failure" | "failed" | "error" => EventStatus::Failure,
        "warning" => EventStatus::Warning,
        "skipped" => EventStatus::Skipped,
        "success" | "succeeded" => EventStatus::Success,
        _ => EventStatus::Unknown,
    }
}

/// `User` or `Group` (Entra ID also writes `user`).
fn object_type(s: &str) -> Option<ObjectType> {
    if s.eq_ignore_ascii_case("user") {
        Some(ObjectType::User)
    } else if s.eq_ignore_ascii_case("group") {
        Some(ObjectType::Group)
    } else {
        None
    }
}

fn is_members(attribute: &str) -> bool {
    attribute.eq_ignore_ascii_case("members") || attribute.eq_ignore_ascii_case("member")
}

/// Member ids from a modified `members` property: a JSON array of ids (or
/// of `{"value": id}`), or a comma- or semicolon-separated list.
fn member_list(text: Option<&str>) -> Vec<String> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Vec::new();
    };
    if let Ok(Json::Array(items)) = serde_json::from_str::<Json>(text) {
        return items
            .iter()
            .filter_map(|i| match i {
                Json::Object(_) => field(i, "value").and_then(text_of),
                other => text_of(other),
            })
            .collect();
    }
    text.split([',', ';'])
        .map(|s| s.trim().trim_matches('"').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Which members the change adds or removes.
fn read_members(old: Option<&str>, new: Option<&str>, event: &mut Event) {
    let old = member_list(old);
    let new = member_list(new);
    // Sets: a group's member list can hold tens of thousands of ids.
    let had: HashSet<&String> = old.iter().collect();
    let has: HashSet<&String> = new.iter().collect();
    let removed: Vec<String> = old.iter().filter(|o| !has.contains(o)).cloned().collect();
    let added: Vec<String> = new.iter().filter(|n| !had.contains(n)).cloned().collect();
    if !removed.is_empty() && added.is_empty() {
        event.members = removed;
        event.action = Some(Action::RemoveMembers);
    } else if !added.is_empty() {
        event.members = added;
        event.action = Some(Action::AddMembers);
    }
}

/// The SCIM action behind `provisioningAction` (v1.0 camelCase, beta
/// PascalCase), refined by what changed: a user whose `accountEnabled`
/// turns false is disabled (Entra ID sets `active` false), a group whose
/// members change gets a members PATCH.
fn action(activity: &str, event: &Event) -> Action {
    if let Some(a) = event.action {
        return a;
    }
    // A failure in the matching step is the lookup (GET with a filter)
    // that comes before every create and update.
    if event
        .failed_step_kind
        .as_deref()
        .is_some_and(|k| k.eq_ignore_ascii_case("matching"))
    {
        return Action::Match;
    }
    let disabled = event.changes.iter().any(|c| {
        (c.attribute.eq_ignore_ascii_case("accountEnabled")
            && c.new
                .as_deref()
                .is_some_and(|v| v.eq_ignore_ascii_case("false")))
            || (c.attribute.eq_ignore_ascii_case("IsSoftDeleted")
                && c.new
                    .as_deref()
                    .is_some_and(|v| v.eq_ignore_ascii_case("true")))
    });
    match activity.to_ascii_lowercase().as_str() {
        "create" => Action::Create,
        "update" if disabled => Action::Disable,
        "update" => Action::Update,
        "disable" | "stageddelete" => Action::Disable,
        "delete" => Action::Delete,
        _ => Action::Other,
    }
}
