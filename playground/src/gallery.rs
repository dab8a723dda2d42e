//! The example gallery: what identity providers really send, each loading
//! into its workspace. The payloads are files under `examples/` embedded at
//! build time, so the page needs nothing else; mapping presets and their
//! sample users come from the API's catalog when the example is loaded.

use crate::state::{
    FilterState, LogsState, MappingState, PatchState, PayloadState, Snapshot, Workspace,
};

/// The e-mail-prefix userName profile built into scimkit.
pub const EMAIL_PREFIX_PROFILE: &str = "email-prefix-username";

/// The sample users of the Filter workspace (`tests/data/samples/users.json`,
/// shared with the filter evaluation cases).
pub const SAMPLE_USERS_FILE: &str = include_str!("../../tests/data/samples/users.json");

const ENTRA_CREATE: &str = include_str!("../../examples/payloads/entra-create-user.json");
const OKTA_CREATE: &str = include_str!("../../examples/payloads/okta-create-user.json");
const OKTA_PUT: &str = include_str!("../../examples/payloads/okta-put-user.json");
const PREFIX_FAILING: &str = include_str!("../../examples/payloads/email-prefix-failing.json");
const PREFIX_PASSING: &str = include_str!("../../examples/payloads/email-prefix-passing.json");
const ENTRA_USER: &str = include_str!("../../examples/patch/entra-user.json");
const ENTRA_PATCH: &str = include_str!("../../examples/patch/entra-user-patch.json");
const OKTA_GROUP: &str = include_str!("../../examples/patch/okta-group.json");
const OKTA_GROUP_PATCH: &str =
    include_str!("../../examples/patch/okta-group-membership-patch.json");
const ENTRA_LOG: &str = include_str!("../../examples/logs/entra-provisioning-log.json");
const OKTA_LOG: &str = include_str!("../../examples/logs/okta-system-log.json");

/// One gallery entry.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    /// A stable id (`entra-create-user`), used by tests and element ids.
    pub id: &'static str,
    /// The card title.
    pub title: &'static str,
    /// One sentence: what it shows.
    pub summary: &'static str,
    /// The identity provider it comes from (`Entra ID`, `Okta`, `RFC`).
    pub source: &'static str,
    /// Where it loads.
    pub workspace: Workspace,
}

/// Every example, in gallery order.
pub const EXAMPLES: &[Example] = &[
    Example {
        id: "entra-create-user",
        title: "Create user",
        summary: "The POST /Users Entra ID sends for a new assignment, enterprise extension included.",
        source: "Entra ID",
        workspace: Workspace::Payload,
    },
    Example {
        id: "entra-patch-user",
        title: "Update user (PATCH)",
        summary: "Capitalised ops, \"False\" as a string, a bare manager id and a filter that matches nothing.",
        source: "Entra ID",
        workspace: Workspace::Patch,
    },
    Example {
        id: "okta-create-user",
        title: "Create user",
        summary: "Okta's POST /Users with a random password and an empty groups array.",
        source: "Okta",
        workspace: Workspace::Payload,
    },
    Example {
        id: "okta-put-user",
        title: "Replace user (PUT)",
        summary: "The full resource Okta PUTs back on a profile update, id and meta included.",
        source: "Okta",
        workspace: Workspace::Payload,
    },
    Example {
        id: "okta-group-membership",
        title: "Group membership PATCH",
        summary: "Push Groups: a rename carrying the group id, one member removed, one added.",
        source: "Okta",
        workspace: Workspace::Patch,
    },
    Example {
        id: "email-prefix-failing",
        title: "userName as e-mail prefix: failing",
        summary: "A service provider that wants the part before the @ receives a user principal name.",
        source: "Profile",
        workspace: Workspace::Payload,
    },
    Example {
        id: "email-prefix-passing",
        title: "userName as e-mail prefix: passing",
        summary: "The same user once the mapping sends mailNickname.",
        source: "Profile",
        workspace: Workspace::Payload,
    },
    Example {
        id: "entra-filter",
        title: "Lookup filter on a work e-mail",
        summary: "Entra ID's emails[type eq \"work\"].value eq … form, evaluated against sample users.",
        source: "Entra ID",
        workspace: Workspace::Filter,
    },
    Example {
        id: "entra-mapping",
        title: "Default mappings → e-mail-prefix SP",
        summary: "The default Entra ID mappings applied to a sample user, checked against the e-mail-prefix profile.",
        source: "Entra ID",
        workspace: Workspace::Mapping,
    },
    Example {
        id: "entra-provisioning-log",
        title: "Provisioning log: three failures",
        summary: "A disable refused over \"False\", a member removal refused over its value list, a 409 on create: each explained with its fix.",
        source: "Entra ID",
        workspace: Workspace::Logs,
    },
    Example {
        id: "okta-system-log",
        title: "System Log: push failures",
        summary: "A new user answered 409 and an authentication failure, explained from Okta's System Log events.",
        source: "Okta",
        workspace: Workspace::Logs,
    },
    Example {
        id: "okta-mapping",
        title: "Default mappings",
        summary: "Okta's App Integration Wizard mappings: the lookup and the POST for a sample user.",
        source: "Okta",
        workspace: Workspace::Mapping,
    },
];

/// The example with `id`.
pub fn find(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

/// The sample users as a JSON array text (the `resources` of the samples file).
pub fn sample_users() -> String {
    let file: serde_json::Value = serde_json::from_str(SAMPLE_USERS_FILE).unwrap_or_default();
    let users = file
        .get("resources")
        .cloned()
        .unwrap_or(serde_json::Value::Array(Vec::new()));
    crate::jsonfmt::to_text(&users, crate::jsonfmt::Style::Expanded)
}

fn payload(document: &str, context: &str, profile: &str) -> Snapshot {
    Snapshot::Payload(PayloadState {
        document: document.to_owned(),
        context: context.to_owned(),
        profile: profile.to_owned(),
        ..PayloadState::default()
    })
}

/// The state an example loads. Mapping examples name their preset and leave
/// the configuration empty: the workspace fills it from the catalog.
pub fn snapshot(example: &Example) -> Snapshot {
    match example.id {
        "entra-patch-user" => Snapshot::Patch(PatchState {
            resource: ENTRA_USER.to_owned(),
            patch: ENTRA_PATCH.to_owned(),
            dialect: "entra".to_owned(),
            resource_type: String::new(),
        }),
        "okta-group-membership" => Snapshot::Patch(PatchState {
            resource: OKTA_GROUP.to_owned(),
            patch: OKTA_GROUP_PATCH.to_owned(),
            dialect: "okta".to_owned(),
            resource_type: String::new(),
        }),
        "okta-create-user" => payload(OKTA_CREATE, "create", ""),
        "okta-put-user" => payload(OKTA_PUT, "replace", ""),
        "email-prefix-failing" => payload(PREFIX_FAILING, "create", EMAIL_PREFIX_PROFILE),
        "email-prefix-passing" => payload(PREFIX_PASSING, "create", EMAIL_PREFIX_PROFILE),
        "entra-filter" => Snapshot::Filter(FilterState {
            filter: "emails[type eq \"work\"].value eq \"bjensen@example.com\"".to_owned(),
            resource_type: "User".to_owned(),
            dialect: "entra".to_owned(),
            resources: sample_users(),
        }),
        "entra-mapping" => Snapshot::Mapping(MappingState {
            preset: "entra".to_owned(),
            profile: EMAIL_PREFIX_PROFILE.to_owned(),
            ..MappingState::default()
        }),
        "okta-mapping" => Snapshot::Mapping(MappingState {
            preset: "okta".to_owned(),
            ..MappingState::default()
        }),
        "entra-provisioning-log" => logs(ENTRA_LOG),
        "okta-system-log" => logs(OKTA_LOG),
        _ => payload(ENTRA_CREATE, "create", ""),
    }
}

fn logs(log: &str) -> Snapshot {
    Snapshot::Logs(LogsState {
        log: log.to_owned(),
        personal: false,
    })
}

/// What each workspace shows before the user picks anything.
pub fn initial(workspace: Workspace) -> Snapshot {
    match workspace {
        Workspace::Payload => payload(ENTRA_CREATE, "", ""),
        Workspace::Filter => Snapshot::Filter(FilterState {
            filter: "userType eq \"Employee\" and (emails co \"example.com\" or emails.value co \"example.org\")".to_owned(),
            resource_type: "User".to_owned(),
            dialect: String::new(),
            resources: sample_users(),
        }),
        Workspace::Patch => find("entra-patch-user").map_or_else(
            || payload(ENTRA_CREATE, "", ""),
            |e| match snapshot(e) {
                Snapshot::Patch(mut p) => {
                    p.dialect = String::new();
                    Snapshot::Patch(p)
                }
                other => other,
            },
        ),
        Workspace::Mapping => Snapshot::Mapping(MappingState {
            preset: "entra".to_owned(),
            ..MappingState::default()
        }),
        Workspace::Logs => logs(ENTRA_LOG),
        // Empty: a report is the user's own (an embedded one would cost the
        // first load 2.5 KB gzip).
        Workspace::Probe => Snapshot::Probe(crate::state::ProbeState::default()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_example_loads_into_its_workspace() {
        for example in EXAMPLES {
            assert_eq!(
                snapshot(example).workspace(),
                example.workspace,
                "{}",
                example.id
            );
            assert_eq!(find(example.id).unwrap().id, example.id);
        }
        for w in Workspace::ALL {
            assert_eq!(initial(w).workspace(), w);
        }
    }

    #[test]
    fn embedded_payloads_are_json() {
        for text in [
            ENTRA_CREATE,
            OKTA_CREATE,
            OKTA_PUT,
            PREFIX_FAILING,
            PREFIX_PASSING,
            ENTRA_USER,
            ENTRA_PATCH,
            OKTA_GROUP,
            OKTA_GROUP_PATCH,
            ENTRA_LOG,
            OKTA_LOG,
        ] {
            serde_json::from_str::<serde_json::Value>(text).unwrap();
        }
        let users: serde_json::Value = serde_json::from_str(&sample_users()).unwrap();
        assert_eq!(users.as_array().unwrap().len(), 8);
    }
}
