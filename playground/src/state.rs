//! What each workspace holds: the inputs a user typed or chose. These are the
//! states the gallery loads and share links carry; the results are always
//! recomputed from them by the API.

use serde::{Deserialize, Serialize};

/// The five workspaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Workspace {
    /// A SCIM document in a context.
    Payload,
    /// A filter evaluated against sample users.
    Filter,
    /// A resource and a PatchOp.
    Patch,
    /// An identity provider's attribute mapping.
    Mapping,
    /// An identity provider's provisioning log, explained.
    Logs,
}

impl Workspace {
    /// Every workspace, in tab order.
    pub const ALL: [Workspace; 5] = [
        Workspace::Payload,
        Workspace::Filter,
        Workspace::Patch,
        Workspace::Mapping,
        Workspace::Logs,
    ];

    /// The id used in URLs and element ids (`payload`, …).
    pub const fn id(self) -> &'static str {
        match self {
            Workspace::Payload => "payload",
            Workspace::Filter => "filter",
            Workspace::Patch => "patch",
            Workspace::Mapping => "mapping",
            Workspace::Logs => "logs",
        }
    }

    /// The tab label.
    pub const fn label(self) -> &'static str {
        match self {
            Workspace::Payload => "Payload",
            Workspace::Filter => "Filter",
            Workspace::Patch => "PATCH",
            Workspace::Mapping => "Mapping",
            Workspace::Logs => "Logs",
        }
    }

    /// The workspace of an id, ignoring case.
    pub fn from_id(id: &str) -> Option<Workspace> {
        Workspace::ALL
            .into_iter()
            .find(|w| w.id().eq_ignore_ascii_case(id))
    }
}

/// The Payload workspace: a document, where it appears and what checks it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PayloadState {
    /// The SCIM document.
    pub document: String,
    /// `create`, `replace`, `patch`, `response`, `list`, `bulk`; empty: detected.
    pub context: String,
    /// A resource type name; empty: from `schemas`.
    pub resource_type: String,
    /// A profile name; empty: none.
    pub profile: String,
    /// Custom schema or resource-type definitions (one JSON text).
    pub schemas: String,
    /// A custom service-provider profile (one JSON text).
    pub custom_profile: String,
}

/// The Filter workspace.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct FilterState {
    /// The filter text.
    pub filter: String,
    /// The resource type (`User`, `Group`); empty: `User`.
    pub resource_type: String,
    /// `strict` or `entra`; empty: strict.
    pub dialect: String,
    /// The sample resources (a JSON array or a ListResponse).
    pub resources: String,
}

/// The PATCH workspace.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PatchState {
    /// The resource before the PATCH.
    pub resource: String,
    /// The PatchOp body.
    pub patch: String,
    /// `strict`, `entra` or `okta`; empty: strict.
    pub dialect: String,
    /// The resource type; empty: from the resource's `schemas`.
    pub resource_type: String,
}

/// The Mapping workspace.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct MappingState {
    /// The preset the configuration started from (`entra`, `okta`), if any.
    pub preset: String,
    /// The mapping configuration.
    pub config: String,
    /// The sample source object.
    pub source: String,
    /// `create`, `update`, `deactivate`, `delete`; empty: create.
    pub operation: String,
    /// `User` or `Group`; empty: User.
    pub object: String,
    /// A profile name; empty: none.
    pub profile: String,
}

/// The Logs workspace.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct LogsState {
    /// The pasted log (a JSON export, one event, or a copied message). In a
    /// share link it is masked (`scimkit::logs::mask_personal`) unless
    /// `personal` is set.
    pub log: String,
    /// The admin chose to keep names and e-mail addresses in share links.
    pub personal: bool,
}

/// The state of one workspace, tagged with which (what a share link carries).
/// Read back with [`Snapshot::from_json`]: serde's derive for an
/// internally tagged enum buffers every field and costs the first load ~4 KiB.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "workspace", rename_all = "lowercase")]
pub enum Snapshot {
    /// The Payload workspace.
    Payload(PayloadState),
    /// The Filter workspace.
    Filter(FilterState),
    /// The PATCH workspace.
    Patch(PatchState),
    /// The Mapping workspace.
    Mapping(MappingState),
    /// The Logs workspace.
    Logs(LogsState),
}

impl Snapshot {
    /// Reads a snapshot written by its `Serialize`: the `workspace` tag, then
    /// that workspace's fields (missing ones default). `None` for anything else.
    pub fn from_json(bytes: &[u8]) -> Option<Snapshot> {
        let mut value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
        let map = value.as_object_mut()?;
        let tag = map.remove("workspace")?;
        let value = serde_json::Value::Object(std::mem::take(map));
        Some(match Workspace::from_id(tag.as_str()?)? {
            Workspace::Payload => Snapshot::Payload(serde_json::from_value(value).ok()?),
            Workspace::Filter => Snapshot::Filter(serde_json::from_value(value).ok()?),
            Workspace::Patch => Snapshot::Patch(serde_json::from_value(value).ok()?),
            Workspace::Mapping => Snapshot::Mapping(serde_json::from_value(value).ok()?),
            Workspace::Logs => Snapshot::Logs(serde_json::from_value(value).ok()?),
        })
    }

    /// The workspace it belongs to.
    pub const fn workspace(&self) -> Workspace {
        match self {
            Snapshot::Payload(_) => Workspace::Payload,
            Snapshot::Filter(_) => Workspace::Filter,
            Snapshot::Patch(_) => Workspace::Patch,
            Snapshot::Mapping(_) => Workspace::Mapping,
            Snapshot::Logs(_) => Workspace::Logs,
        }
    }
}

/// `Some(text)` unless `text` is empty (selectors use "" for "automatic").
pub fn non_empty(text: &str) -> Option<String> {
    if text.trim().is_empty() {
        None
    } else {
        Some(text.to_owned())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn workspace_ids_round_trip() {
        for w in Workspace::ALL {
            assert_eq!(Workspace::from_id(w.id()), Some(w));
        }
        assert_eq!(Workspace::from_id("PATCH"), Some(Workspace::Patch));
        assert_eq!(Workspace::from_id("nope"), None);
    }

    #[test]
    fn snapshots_are_tagged_and_tolerate_missing_fields() {
        let s = Snapshot::Filter(FilterState {
            filter: "userName pr".into(),
            ..FilterState::default()
        });
        let json = serde_json::to_string(&s).unwrap();
        assert!(json.starts_with(r#"{"workspace":"filter""#), "{json}");
        let back = Snapshot::from_json(br#"{"workspace":"filter","filter":"title pr"}"#).unwrap();
        assert_eq!(back.workspace(), Workspace::Filter);
        let again = Snapshot::from_json(json.as_bytes()).unwrap();
        assert_eq!(again, s);
        assert_eq!(Snapshot::from_json(br#"{"workspace":"nope"}"#), None);
        assert_eq!(Snapshot::from_json(b"[1]"), None);
        assert_eq!(non_empty(" "), None);
        assert_eq!(non_empty("x").as_deref(), Some("x"));
    }
}
