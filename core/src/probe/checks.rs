//! The table of checks: each with a stable id, a title, where the rule
//! comes from, and what a server developer does when it fails.

use serde::Serialize;

use super::exchange::{Request, Response};
use crate::diagnostics::Diagnostic;

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct CheckInfo {
    /// Stable id (`auth.wrong-token`); scripts match on it.
    pub id: &'static str,
    /// What is checked, in a few words.
    pub title: &'static str,
    /// The RFC section or identity-provider behaviour it comes from.
    pub reference: &'static str,
    /// Which senders (`--as`) it runs for, in words.
    pub senders: &'static str,
    /// What to change in the service provider when it fails.
    pub advice: &'static str,
}

/// Every check the probe can run, in the order it runs them.
pub const CHECKS: &[CheckInfo] = &[
    CheckInfo {
        id: "discovery.service-provider-config",
        title: "GET /ServiceProviderConfig answers a valid configuration",
        reference: "RFC 7644 §4, RFC 7643 §5",
        senders: "all",
        advice: "serve /ServiceProviderConfig without authentication problems, with `patch`, `bulk`, `filter`, `changePassword`, `sort`, `etag` and `authenticationSchemes` as RFC 7643 §5 lists them",
    },
    CheckInfo {
        id: "discovery.resource-types",
        title: "GET /ResourceTypes lists the resource types",
        reference: "RFC 7644 §4, RFC 7643 §6",
        senders: "all (only `rfc` follows the endpoints)",
        advice: "answer a ListResponse of ResourceType resources (name, endpoint, schema) that includes User",
    },
    CheckInfo {
        id: "discovery.schemas",
        title: "GET /Schemas lists schemas that load",
        reference: "RFC 7644 §4, RFC 7643 §7",
        senders: "all",
        advice: "answer a ListResponse of Schema resources whose attribute definitions follow RFC 7643 §7; later responses are validated against them",
    },
    CheckInfo {
        id: "auth.wrong-token",
        title: "A wrong bearer token gets 401 with a SCIM Error",
        reference: "RFC 7644 §3.12, §2",
        senders: "all",
        advice: "reject requests whose token is not valid with 401 and a SCIM Error body (`status` as a string, e.g. \"401\")",
    },
    CheckInfo {
        id: "connection.entra-lookup",
        title: "Entra ID's Test Connection: a userName nobody has finds nothing",
        reference: "Entra ID: GET /Users?filter=userName eq \"<random>\" must answer 200 with an empty ListResponse",
        senders: "all (`rfc` skips it when filter.supported is false)",
        advice: "support `filter=userName eq \"…\"` and answer 200 with totalResults 0 and no error when no user matches (not 404)",
    },
    CheckInfo {
        id: "mapping.requests",
        title: "The requests your mapping makes are valid SCIM (--mapping)",
        reference: "RFC 7643 §4, RFC 7644 §3.3, §3.5; the mapping simulator of `scimkit map apply`",
        senders: "the mapping's identity provider",
        advice: "fix the mapping (the diagnostics point into the request bodies; `scimkit map apply` shows where each value comes from), or make the service provider accept what the identity provider sends",
    },
    CheckInfo {
        id: "mapping.lookup",
        title: "Your mapping's lookup by its matching attribute answers a list (--mapping)",
        reference: "Entra ID and Okta look a user up by the matching attribute (GET /Users?filter=<attribute> eq \"<value>\") before creating it",
        senders: "the mapping's identity provider",
        advice: "support `eq` filters on the mapping's matching attribute and answer 200 with a ListResponse of at most one user",
    },
    CheckInfo {
        id: "connection.okta-list",
        title: "Okta's Test API Credentials: GET /Users?startIndex=1&count=1",
        reference: "Okta: GET /Users?startIndex=1&count=1 must answer 200 with a ListResponse",
        senders: "all",
        advice: "support startIndex and count on /Users and answer a ListResponse (RFC 7644 §3.4.2.4)",
    },
    CheckInfo {
        id: "errors.unknown-id",
        title: "An unknown id gets 404 with a SCIM Error",
        reference: "RFC 7644 §3.4.1, §3.12",
        senders: "all",
        advice: "answer GET /Users/<unknown id> with 404 and a SCIM Error body",
    },
    CheckInfo {
        id: "lists.pagination",
        title: "count=1 pages through the users",
        reference: "RFC 7644 §3.4.2.4",
        senders: "all",
        advice: "honour `count` (at most that many resources) and `startIndex` (1-based), and keep totalResults, itemsPerPage and startIndex consistent",
    },
    CheckInfo {
        id: "lists.attributes",
        title: "attributes=userName returns only what was asked",
        reference: "RFC 7644 §3.4.2.5, §3.9",
        senders: "all",
        advice: "when `attributes` is given, return those attributes plus `id` (and `schemas`), not the whole resource",
    },
    CheckInfo {
        id: "lists.sort",
        title: "sortBy=userName&sortOrder=descending sorts, when sorting is claimed",
        reference: "RFC 7644 §3.4.2.3; RFC 7643 §5 (sort.supported)",
        senders: "all, when sort.supported is true",
        advice: "sort list answers by `sortBy` in `sortOrder` (userName without case, it is caseExact false), or set sort.supported to false in /ServiceProviderConfig",
    },
    CheckInfo {
        id: "groups.list",
        title: "GET /Groups answers a valid ListResponse",
        reference: "RFC 7644 §3.4.2",
        senders: "all",
        advice: "answer GET /Groups with a ListResponse of Group resources",
    },
    CheckInfo {
        id: "groups.excluded-members",
        title: "excludedAttributes=members leaves members out",
        reference: "RFC 7644 §3.4.2.5; Entra ID reads groups with excludedAttributes=members",
        senders: "all",
        advice: "honour `excludedAttributes=members` on /Groups: large groups are otherwise sent whole on every read",
    },
    CheckInfo {
        id: "write.create-user",
        title: "POST /Users creates a user: 201 with its id",
        reference: "RFC 7644 §3.3; both identity providers create users this way",
        senders: "all",
        advice: "answer a create with 201 Created and the whole new resource, including the `id` you assigned and meta.location",
    },
    CheckInfo {
        id: "write.location",
        title: "meta.location reads back the same user",
        reference: "RFC 7643 §3.1 (meta.location), RFC 7644 §3.3",
        senders: "all",
        advice: "set meta.location to the URL of the resource below your SCIM base URL",
    },
    CheckInfo {
        id: "write.duplicate-username",
        title: "A second user with the same userName gets 409 uniqueness",
        reference: "RFC 7644 §3.3, §3.12 (scimType uniqueness)",
        senders: "all",
        advice: "refuse a create whose userName exists (in any letter case) with 409 and scimType \"uniqueness\"",
    },
    CheckInfo {
        id: "write.duplicate-case",
        title: "The first user's userName in capitals is refused as taken",
        reference: "RFC 7643 §4.1.1 (userName: caseExact false, uniqueness server); idp-facts §3.7",
        senders: "all",
        advice: "compare userName without case when you enforce its uniqueness, and answer 409 with scimType uniqueness",
    },
    CheckInfo {
        id: "write.lookup-case",
        title: "Looking userName up in other letter case finds the user",
        reference: "RFC 7643 §4.1.1 (userName caseExact false); Entra ID matches users this way before creating them",
        senders: "all",
        advice: "compare userName case-insensitively in filters (`eq`), or Entra ID creates a second account",
    },
    CheckInfo {
        id: "filters.external-id",
        title: "A filter on externalId finds the user, or is refused with 400 invalidFilter",
        reference: "RFC 7644 §3.4.2.2; Entra ID and Okta can match users on externalId (idp-facts §3.7)",
        senders: "all",
        advice: "support `externalId eq \"…\"`, or answer 400 with scimType invalidFilter; never 200 with no user",
    },
    CheckInfo {
        id: "filters.work-email",
        title: "A filter on the work e-mail finds the user, or is refused with 400 invalidFilter",
        reference: "RFC 7644 §3.4.2.2; Entra ID can match users on emails[type eq \"work\"].value (idp-facts §3.7)",
        senders: "all",
        advice: "support `emails[type eq \"work\"].value eq \"…\"`, or answer 400 with scimType invalidFilter; never 200 with no user",
    },
    CheckInfo {
        id: "write.update-user",
        title: "An update in the sender's form is read back",
        reference: "RFC 7644 §3.5.1 (PUT, Okta), §3.5.2 (PATCH, Entra ID)",
        senders: "all (Okta: PUT)",
        advice: "apply the update and return (or later serve) the changed resource",
    },
    CheckInfo {
        id: "write.email-replace",
        title: "A replace of emails[type eq \"work\"].value is read back",
        reference: "RFC 7644 §3.5.2.3 (value-filtered paths); Entra ID updates the work e-mail this way (idp-facts §3.7)",
        senders: "rfc, Entra ID (Okta sends a PUT)",
        advice: "support PATCH paths with a value filter (`emails[type eq \"work\"].value`) in replace and add operations",
    },
    CheckInfo {
        id: "write.add-attribute",
        title: "An add of an attribute the user had no value for is read back",
        reference: "RFC 7644 §3.5.2.1; Entra ID sends `Add` when an attribute gets its first value (idp-facts §3.7)",
        senders: "rfc, Entra ID (Okta sends a PUT)",
        advice: "support `add` on single-valued attributes (it sets the value), not only `replace`",
    },
    CheckInfo {
        id: "write.deactivate",
        title: "Deactivation (active=false) in the sender's form is read back",
        reference: "RFC 7643 §4.1.1 (active); Entra ID sends \"False\" as a string without aadOptscim062020, Okta a PUT",
        senders: "all (Okta: PUT)",
        advice: "accept active=false in the sender's form (a PATCH with a boolean, or the string \"False\" from Entra ID) and keep the user with active false",
    },
    CheckInfo {
        id: "write.create-group",
        title: "POST /Groups creates a group: 201 with its id",
        reference: "RFC 7644 §3.3",
        senders: "all",
        advice: "answer a create with 201 Created and the new group, including its `id`",
    },
    CheckInfo {
        id: "groups.lookup",
        title: "The group is found by displayName eq \"…\"",
        reference: "RFC 7644 §3.4.2.2; Entra ID and Okta look a group up by displayName before they push it (idp-facts §3.7)",
        senders: "all (Entra ID with excludedAttributes=members)",
        advice: "support `displayName eq \"…\"` on /Groups and answer a ListResponse holding the group",
    },
    CheckInfo {
        id: "write.add-member",
        title: "PATCH add of a member is read back",
        reference: "RFC 7644 §3.5.2.1; both identity providers push membership this way",
        senders: "all",
        advice: "support {\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"<id>\"}]}",
    },
    CheckInfo {
        id: "write.re-add-member",
        title: "Adding a member that is already there does not fail",
        reference: "RFC 7644 §3.5.2.1 (no change when the value exists)",
        senders: "all",
        advice: "treat adding an existing member as success with no change",
    },
    CheckInfo {
        id: "write.remove-member",
        title: "Removing a member in the sender's form is read back",
        reference: "RFC 7644 §3.5.2.2; Entra ID sends `path: members` with a value list, Okta a value filter",
        senders: "all (Entra ID: value list)",
        advice: "support removing members both as `members[value eq \"<id>\"]` and as path `members` with a `value` list (Entra ID)",
    },
    CheckInfo {
        id: "write.remove-non-member",
        title: "Removing a member that is not there does not fail",
        reference: "Identity providers remove members the service provider may not hold",
        senders: "all",
        advice: "treat removing an absent member as success with no change",
    },
    CheckInfo {
        id: "write.rename-group",
        title: "A group rename in the sender's form is read back",
        reference: "RFC 7644 §3.5.2.3; Okta's rename carries the group's id in the value",
        senders: "all (Okta: path-less value with the id)",
        advice: "apply replace of displayName, and ignore the readOnly `id` inside a path-less value (Okta)",
    },
    CheckInfo {
        id: "write.manager-set",
        title: "Setting the enterprise manager in the sender's form is read back",
        reference: "RFC 7643 §4.3 (manager is complex); Entra ID sends the manager as a bare id string",
        senders: "rfc, Entra ID, when the server's schema has the enterprise manager",
        advice: "accept the manager as {\"value\": \"<id>\"} and, for Entra ID, as the bare id string",
    },
    CheckInfo {
        id: "write.manager-replace",
        title: "Replacing the manager in the sender's form is read back",
        reference: "RFC 7644 §3.5.2.3; Entra ID sends Replace with the new manager's id (a bare string) when a user's manager changes",
        senders: "rfc, Entra ID, when the server's schema has the enterprise manager",
        advice: "support replace of urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager, with {\"value\": \"<id>\"} and, for Entra ID, the bare id string",
    },
    CheckInfo {
        id: "write.manager-remove",
        title: "Removing the manager is read back",
        reference: "RFC 7644 §3.5.2.2; Entra ID removes the manager when it is cleared in the directory",
        senders: "rfc, Entra ID, when the server's schema has the enterprise manager",
        advice: "support remove of urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
    },
    CheckInfo {
        id: "write.delete-user",
        title: "DELETE answers 204, then the user is gone (404)",
        reference: "RFC 7644 §3.6",
        senders: "all",
        advice: "answer DELETE with 204 No Content and 404 for the id afterwards",
    },
    CheckInfo {
        id: "write.cleanup",
        title: "Everything the probe created is removed, each confirmed by a 404",
        reference: "scimkit probe --write; docs/probe.md#safety",
        senders: "all",
        advice: "delete what the report lists under leftovers (each with its path; human output prints a DELETE to copy), after a look at those not proven the probe's",
    },
    CheckInfo {
        id: "discovery.claims",
        title: "What /ServiceProviderConfig claims matches what the server does",
        reference: "RFC 7643 §5; RFC 7644 §3.4.2.2 (filter), §3.5.2 (PATCH), §3.14 (ETag)",
        senders: "all",
        advice: "make /ServiceProviderConfig say what the endpoints do: `patch.supported`, `filter.supported`, and `etag.supported` only with an ETag header on every resource",
    },
    CheckInfo {
        id: "http.content-type",
        title: "Responses are application/scim+json",
        reference: "RFC 7644 §3.1, §8.1",
        senders: "all",
        advice: "send `Content-Type: application/scim+json` on SCIM responses (plain application/json is tolerated by most clients)",
    },
];

/// Looks a check up by id.
pub fn info(id: &str) -> Option<&'static CheckInfo> {
    CHECKS.iter().find(|c| c.id == id)
}

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The server does what the rule says.
    Pass,
    /// It does not: provisioning breaks or misbehaves.
    Fail,
    /// It deviates in a way most clients tolerate.
    Warn,
    /// Not run (what discovery said, or an earlier failure, rules it out).
    Skip,
}

/// The request a check judged, as shown in reports (never with the token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shown {
    /// The method.
    pub method: &'static str,
    /// Path and query, percent-encoded.
    pub target: String,
    /// The whole URL requested: the base URL and `target`.
    pub url: String,
    /// `Bearer ****`, or `Bearer <a wrong token>` for the authentication check.
    pub authorization: &'static str,
    /// The JSON body sent, for the writing requests.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The object the request names was removed by the probe's cleanup: a
    /// copy of the request needs an object of one's own.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub removed: bool,
}

impl Shown {
    pub(crate) fn of(request: &Request) -> Shown {
        let target = request.target();
        Shown {
            method: request.method,
            // The plan puts the base URL in front when it reports the check.
            url: target.clone(),
            target,
            authorization: match request.auth {
                super::exchange::Auth::Token => "Bearer ****",
                super::exchange::Auth::WrongToken => "Bearer <a wrong token>",
            },
            body: request.body.clone(),
            removed: false,
        }
    }
}

/// What came back, as shown in reports: the body cut to 2 KB.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShownResponse {
    /// The HTTP status (0 when no response arrived).
    pub status: u16,
    /// The `Content-Type`.
    #[serde(rename = "contentType")]
    pub content_type: Option<String>,
    /// The start of the body.
    pub body: String,
}

impl ShownResponse {
    pub(crate) fn of(response: &Response) -> ShownResponse {
        const SHOWN: usize = 2048;
        let mut end = response.body.len().min(SHOWN);
        while !response.body.is_char_boundary(end) {
            end -= 1;
        }
        let mut body = response.body.get(..end).unwrap_or("").to_string();
        if end < response.body.len() {
            body.push('…');
        }
        ShownResponse {
            status: response.status,
            content_type: response.content_type.clone(),
            body,
        }
    }
}

/// One check's outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    /// Stable id (see [`CHECKS`]).
    pub id: &'static str,
    /// What is checked.
    pub title: &'static str,
    /// Where the rule comes from.
    pub reference: &'static str,
    /// The outcome.
    pub status: Status,
    /// What was found, in one sentence.
    pub message: String,
    /// The request judged (the last one, for checks of several requests).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<Shown>,
    /// The response judged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<ShownResponse>,
    /// The core's diagnostics on the response body.
    pub diagnostics: Vec<Diagnostic>,
    /// What to change, when the check did not pass.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub advice: Option<&'static str>,
}
