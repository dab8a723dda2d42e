//! What each workspace holds: the inputs a user typed or chose. These are the
//! states the gallery loads and share links carry; the results are always
//! recomputed from them by the API.

use serde::{Deserialize, Serialize};

/// The four workspaces.
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
}

impl Workspace {
    /// Every workspace, in tab order.
    pub const ALL: [Workspace; 4] = [
        Workspace::Payload,
        Workspace::Filter,
        Workspace::Patch,
        Workspace::Mapping,
    ];

    /// The id used in URLs and element ids (`payload`, …).
    pub const fn id(self) -> &'static str {
        match self {
            Workspace::Payload => "payload",
            Workspace::Filter => "filter",
            Workspace::Patch => "patch",
            Workspace::Mapping => "mapping",
        }
    }

    /// The tab label.
    pub const fn label(self) -> &'static str {
        match self {
            Workspace::Payload => "Payload",
            Workspace::Filter => "Filter",
            Workspace::Patch => "PATCH",
            Workspace::Mapping => "Mapping",
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

/// The state of one workspace, tagged with which (what a share link carries).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
}

impl Snapshot {
    /// The workspace it belongs to.
    pub const fn workspace(&self) -> Workspace {
        match self {
            Snapshot::Payload(_) => Workspace::Payload,
            Snapshot::Filter(_) => Workspace::Filter,
            Snapshot::Patch(_) => Workspace::Patch,
            Snapshot::Mapping(_) => Workspace::Mapping,
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
        let back: Snapshot =
            serde_json::from_str(r#"{"workspace":"filter","filter":"title pr"}"#).unwrap();
        assert_eq!(back.workspace(), Workspace::Filter);
        assert_eq!(non_empty(" "), None);
        assert_eq!(non_empty("x").as_deref(), Some("x"));
    }
}
