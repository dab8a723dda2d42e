//! What each workspace holds: the inputs a user typed or chose. These are the
//! states the gallery loads and share links carry; the results are always
//! recomputed from them by the API.

use serde_json::Value;

/// The six workspaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// A `scimkit probe --format json` report, shown as its checklist.
    Probe,
}

impl Workspace {
    /// Every workspace, in tab order.
    pub const ALL: [Workspace; 6] = [
        Workspace::Payload,
        Workspace::Filter,
        Workspace::Patch,
        Workspace::Mapping,
        Workspace::Logs,
        Workspace::Probe,
    ];

    /// The id used in URLs and element ids (`payload`, …).
    pub const fn id(self) -> &'static str {
        match self {
            Workspace::Payload => "payload",
            Workspace::Filter => "filter",
            Workspace::Patch => "patch",
            Workspace::Mapping => "mapping",
            Workspace::Logs => "logs",
            Workspace::Probe => "probe",
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
            Workspace::Probe => "Probe",
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogsState {
    /// The pasted log (a JSON export, one event, or a copied message). In a
    /// share link it is masked (`scimkit::logs::mask_personal`) unless
    /// `personal` is set.
    pub log: String,
    /// The admin chose to keep names and e-mail addresses in share links.
    pub personal: bool,
}

/// The Probe workspace: a report as `scimkit probe --format json` (or npm
/// `probe()`) wrote it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProbeState {
    /// The report's JSON text.
    pub report: String,
}

/// The state of one workspace, tagged with which (what a share link carries).
/// Written by [`Snapshot::to_json`], read back by [`Snapshot::from_json`]:
/// by hand, as serde's derives for the six states cost the first load
/// 20 KB of code to read and 5 KB to write (measured with twiggy).
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// The Probe workspace.
    Probe(ProbeState),
}

impl Snapshot {
    /// Reads a snapshot written by [`Snapshot::to_json`]: the `workspace`
    /// tag, then that workspace's fields (missing ones, or ones of another
    /// type, default). `None` for anything else.
    pub fn from_json(bytes: &[u8]) -> Option<Snapshot> {
        let value: Value = serde_json::from_slice(bytes).ok()?;
        let map = value.as_object()?;
        let s = |key: &str| -> String {
            map.get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        Some(match Workspace::from_id(map.get("workspace")?.as_str()?)? {
            Workspace::Payload => Snapshot::Payload(PayloadState {
                document: s("document"),
                context: s("context"),
                resource_type: s("resourceType"),
                profile: s("profile"),
                schemas: s("schemas"),
                custom_profile: s("customProfile"),
            }),
            Workspace::Filter => Snapshot::Filter(FilterState {
                filter: s("filter"),
                resource_type: s("resourceType"),
                dialect: s("dialect"),
                resources: s("resources"),
            }),
            Workspace::Patch => Snapshot::Patch(PatchState {
                resource: s("resource"),
                patch: s("patch"),
                dialect: s("dialect"),
                resource_type: s("resourceType"),
            }),
            Workspace::Mapping => Snapshot::Mapping(MappingState {
                preset: s("preset"),
                config: s("config"),
                source: s("source"),
                operation: s("operation"),
                object: s("object"),
                profile: s("profile"),
            }),
            Workspace::Logs => Snapshot::Logs(LogsState {
                log: s("log"),
                personal: map
                    .get("personal")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
            }),
            Workspace::Probe => Snapshot::Probe(ProbeState {
                report: s("report"),
            }),
        })
    }

    /// The snapshot as JSON: `{"workspace": "<id>", <field>: <value>, …}`,
    /// fields in camelCase.
    pub fn to_json(&self) -> Value {
        let t = |s: &String| Value::String(s.clone());
        let fields: Vec<(&str, Value)> = match self {
            Snapshot::Payload(p) => vec![
                ("document", t(&p.document)),
                ("context", t(&p.context)),
                ("resourceType", t(&p.resource_type)),
                ("profile", t(&p.profile)),
                ("schemas", t(&p.schemas)),
                ("customProfile", t(&p.custom_profile)),
            ],
            Snapshot::Filter(f) => vec![
                ("filter", t(&f.filter)),
                ("resourceType", t(&f.resource_type)),
                ("dialect", t(&f.dialect)),
                ("resources", t(&f.resources)),
            ],
            Snapshot::Patch(p) => vec![
                ("resource", t(&p.resource)),
                ("patch", t(&p.patch)),
                ("dialect", t(&p.dialect)),
                ("resourceType", t(&p.resource_type)),
            ],
            Snapshot::Mapping(m) => vec![
                ("preset", t(&m.preset)),
                ("config", t(&m.config)),
                ("source", t(&m.source)),
                ("operation", t(&m.operation)),
                ("object", t(&m.object)),
                ("profile", t(&m.profile)),
            ],
            Snapshot::Logs(l) => vec![("log", t(&l.log)), ("personal", Value::Bool(l.personal))],
            Snapshot::Probe(p) => vec![("report", t(&p.report))],
        };
        let mut map = serde_json::Map::new();
        map.insert("workspace".into(), self.workspace().id().into());
        for (k, v) in fields {
            map.insert(k.into(), v);
        }
        Value::Object(map)
    }

    /// The workspace it belongs to.
    pub const fn workspace(&self) -> Workspace {
        match self {
            Snapshot::Payload(_) => Workspace::Payload,
            Snapshot::Filter(_) => Workspace::Filter,
            Snapshot::Patch(_) => Workspace::Patch,
            Snapshot::Mapping(_) => Workspace::Mapping,
            Snapshot::Logs(_) => Workspace::Logs,
            Snapshot::Probe(_) => Workspace::Probe,
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
        let json = s.to_json().to_string();
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
