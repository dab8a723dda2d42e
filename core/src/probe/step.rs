//! The steps of a probe, and the check each decides: the vocabulary that
//! the plan (`plan.rs`) and the writing sequence (`write.rs`) share, so that
//! neither imports the other's.

use super::ledger::Kind;

/// The steps, in order; each sends one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Step {
    ServiceProviderConfig,
    ResourceTypes,
    Schemas,
    WrongToken,
    EntraLookup,
    /// What the simulator says of the mapping's requests (nothing is sent).
    MappingRequests,
    /// The mapping's own lookup by its matching attribute.
    MappingLookup,
    OktaList,
    UnknownId,
    SecondPage,
    Attributes,
    /// Sorting by userName, when the configuration claims it.
    Sort,
    Groups,
    GroupsExcluded,
    Write(WriteStep),
}

/// The steps of the writing sequence, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum WriteStep {
    CreateUser(usize),
    ReadLocation,
    Duplicate,
    /// The first user's userName again, in capitals (a new externalId).
    DuplicateCase,
    LookupCase,
    /// `externalId eq "…"` for the first user.
    FilterExternalId,
    /// `emails[type eq "work"].value eq "…"` for the first user.
    FilterWorkEmail,
    Update,
    /// Entra ID's replace of `emails[type eq "work"].value`.
    EmailReplace,
    /// An `add` of an attribute the user had no value for.
    AddAttribute,
    Deactivate,
    CreateGroup,
    /// The group looked up by `displayName eq "…"`, as both identity
    /// providers do before they push a group.
    GroupLookup,
    AddMember,
    /// `excludedAttributes=members` while the group has a member.
    GroupExcluded,
    ReAddMember,
    RemoveMember,
    RemoveNonMember,
    Rename,
    ManagerSet,
    ManagerReplace,
    ManagerRemove,
    DeleteUser,
    /// A GET that settles the check the write before it started.
    ReadBack(ReadBack),
    /// Removing what the ledger holds (a DELETE of this path): the group,
    /// then the users.
    Cleanup(String),
    /// The GET after a cleanup DELETE: only its 404 takes the object off
    /// the ledger.
    CleanupCheck(String),
    /// The search for objects carrying the run's name that the ledger does
    /// not hold (a create that failed may still have made one), from the
    /// 1-based result index given (it pages).
    Sweep(Kind, usize),
    /// The exact lookup (`eq`) of a name whose create got no clear answer
    /// (5xx, no answer, or a success without an id).
    Confirm(Kind, String),
}

/// What a read-back must find.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ReadBack {
    DisplayName(&'static str, String),
    /// The work e-mail's value.
    WorkEmail(String),
    /// The attribute the add gave a value, and that value.
    Added(&'static str, String),
    /// The mapping's update: the core's comparison decides.
    Mapped(&'static str),
    Inactive,
    Member(&'static str, String, bool),
    GroupName(String),
    Manager(&'static str, Option<String>),
    Gone,
}

/// What the writing sequence has made and learnt.
#[derive(Debug, Default)]
pub(super) struct Made {
    /// (id, userName, location) of test user `n` at index `n`; `None` for
    /// one the server did not create, so later users keep their places.
    pub(super) users: Vec<Option<(String, String, Option<String>)>>,
    pub(super) group: Option<String>,
    pub(super) user_names: Vec<String>,
    /// The user deleted by the delete check.
    pub(super) deleted: Option<String>,
    /// Each identifying value of the mapping's user with the made-up value
    /// sent in its place (`--mapping`), in the order found.
    pub(super) rewrites: Vec<(String, String)>,
    /// The check whose create was answered with an object the probe did
    /// not make: no write is sent after it.
    pub(super) stopped: Option<&'static str>,
    /// The first user's create body as sent (a duplicate resends it).
    pub(super) created: Option<serde_json::Value>,
    /// The name the rename gave the group.
    pub(super) group_name: Option<String>,
    /// The name the group was created with.
    pub(super) group_created: Option<String>,
    /// Creates that got no clear answer: the server may hold what they sent.
    pub(super) uncertain: Vec<(Kind, String)>,
    /// Names the cleanup could not confirm absent.
    pub(super) unconfirmed: Vec<String>,
    /// The status each write check's request was refused with.
    pub(super) refused: std::collections::HashMap<&'static str, u16>,
    /// Each test object as the server last answered it (create or
    /// read-back), by path: the state a PATCH is applied to by the core.
    pub(super) held: std::collections::HashMap<String, serde_json::Value>,
}

impl Made {
    /// Test user `i` (0, 1 or 2), when the server created it.
    pub(super) fn user(&self, i: usize) -> Option<&(String, String, Option<String>)> {
        self.users.get(i).and_then(Option::as_ref)
    }
}

impl WriteStep {
    /// Whether the step belongs to the cleanup (it runs after an interrupt
    /// and after the probe stopped writing).
    pub(super) fn is_cleanup(&self) -> bool {
        matches!(
            self,
            WriteStep::Cleanup(_)
                | WriteStep::CleanupCheck(_)
                | WriteStep::Sweep(..)
                | WriteStep::Confirm(..)
        )
    }
}

/// The sequence, in the order it runs.
pub(super) fn steps() -> Vec<Step> {
    [
        WriteStep::CreateUser(0),
        WriteStep::ReadLocation,
        WriteStep::CreateUser(1),
        WriteStep::Duplicate,
        WriteStep::DuplicateCase,
        WriteStep::LookupCase,
        WriteStep::FilterExternalId,
        WriteStep::FilterWorkEmail,
        WriteStep::Update,
        WriteStep::EmailReplace,
        WriteStep::AddAttribute,
        WriteStep::Deactivate,
        WriteStep::CreateGroup,
        WriteStep::GroupLookup,
        WriteStep::AddMember,
        WriteStep::GroupExcluded,
        WriteStep::ReAddMember,
        WriteStep::RemoveMember,
        WriteStep::RemoveNonMember,
        WriteStep::Rename,
        WriteStep::ManagerSet,
        // The new manager of the replace.
        WriteStep::CreateUser(2),
        WriteStep::ManagerReplace,
        WriteStep::ManagerRemove,
        WriteStep::DeleteUser,
    ]
    .into_iter()
    .map(Step::Write)
    .collect()
}

/// The check a write step decides (read-backs decide their write's check).
pub(super) fn check_of(step: &WriteStep) -> &'static str {
    match step {
        WriteStep::CreateUser(_) => "write.create-user",
        WriteStep::ReadLocation => "write.location",
        WriteStep::Duplicate => "write.duplicate-username",
        WriteStep::DuplicateCase => "write.duplicate-case",
        WriteStep::LookupCase => "write.lookup-case",
        WriteStep::FilterExternalId => "filters.external-id",
        WriteStep::FilterWorkEmail => "filters.work-email",
        WriteStep::Update => "write.update-user",
        WriteStep::EmailReplace | WriteStep::ReadBack(ReadBack::WorkEmail(_)) => {
            "write.email-replace"
        }
        WriteStep::AddAttribute | WriteStep::ReadBack(ReadBack::Added(..)) => "write.add-attribute",
        WriteStep::GroupLookup => "groups.lookup",
        WriteStep::GroupExcluded => "groups.excluded-members",
        WriteStep::Deactivate => "write.deactivate",
        WriteStep::CreateGroup => "write.create-group",
        WriteStep::AddMember => "write.add-member",
        WriteStep::ReAddMember => "write.re-add-member",
        WriteStep::RemoveMember => "write.remove-member",
        WriteStep::RemoveNonMember => "write.remove-non-member",
        WriteStep::Rename => "write.rename-group",
        WriteStep::ManagerSet => "write.manager-set",
        WriteStep::ManagerReplace => "write.manager-replace",
        WriteStep::ManagerRemove => "write.manager-remove",
        WriteStep::DeleteUser => "write.delete-user",
        WriteStep::ReadBack(ReadBack::Manager(id, _)) => id,
        WriteStep::ReadBack(ReadBack::DisplayName(id, _) | ReadBack::Mapped(id))
        | WriteStep::ReadBack(ReadBack::Member(id, _, _)) => id,
        WriteStep::ReadBack(ReadBack::Inactive) => "write.deactivate",
        WriteStep::ReadBack(ReadBack::GroupName(_)) => "write.rename-group",
        WriteStep::ReadBack(ReadBack::Gone) => "write.delete-user",
        WriteStep::Cleanup(_)
        | WriteStep::CleanupCheck(_)
        | WriteStep::Sweep(..)
        | WriteStep::Confirm(..) => "write.cleanup",
    }
}

/// The check a step decides.
pub(super) fn step_check(step: &Step) -> &'static str {
    match step {
        Step::Write(w) => check_of(w),
        Step::ServiceProviderConfig => "discovery.service-provider-config",
        Step::ResourceTypes => "discovery.resource-types",
        Step::Schemas => "discovery.schemas",
        Step::WrongToken => "auth.wrong-token",
        Step::EntraLookup => "connection.entra-lookup",
        Step::MappingRequests => "mapping.requests",
        Step::MappingLookup => "mapping.lookup",
        Step::OktaList => "connection.okta-list",
        Step::UnknownId => "errors.unknown-id",
        Step::SecondPage => "lists.pagination",
        Step::Attributes => "lists.attributes",
        Step::Sort => "lists.sort",
        Step::Groups => "groups.list",
        Step::GroupsExcluded => "groups.excluded-members",
    }
}
