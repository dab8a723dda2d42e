//! Rebuilding the SCIM requests behind a log entry with the mapping
//! simulator: the identity provider's default mappings (the `entra` and
//! `okta` presets) applied to the values the log lists, so the request has
//! exactly the form the identity provider sends (Entra ID's PATCH dialect,
//! Okta's PUT) and is validated the same way `scimkit map apply` validates
//! it. Nothing here knows a wire format of its own.

use serde_json::{Map, Value as Json};

use super::{Action, Change, Event};
use crate::filter::parse_path;
use crate::limits::MAX_LOG_CHANGES;
use crate::mapping::{
    self, ApplyOptions, IdentityProvider, MappingConfig, MappingType, Method, ObjectType,
    Operation, Request, presets,
};
use crate::schema::Registry;
use crate::schema::resolve::resolve;

/// The id in a rebuilt URL when the log does not carry the service
/// provider's id.
pub(super) const UNKNOWN_ID: &str = "ID-AT-THE-SERVICE-PROVIDER";

/// The prefix of the source keys that carry values the log names by their
/// SCIM attribute rather than a source attribute.
const TARGET_KEY: &str = "scimkit.log.";

/// Rebuilds requests; holds the presets so they are read once per log.
pub(super) struct Rebuilder<'r> {
    registry: &'r Registry,
    entra: MappingConfig,
    okta: MappingConfig,
}

impl<'r> Rebuilder<'r> {
    pub(super) fn new(registry: &'r Registry) -> Rebuilder<'r> {
        Rebuilder {
            registry,
            entra: preset(IdentityProvider::Entra),
            okta: preset(IdentityProvider::Okta),
        }
    }

    /// The requests behind `event`, and its changes with their SCIM targets.
    pub(super) fn rebuild(
        &self,
        idp: IdentityProvider,
        action: Action,
        event: &Event,
    ) -> (Vec<Request>, Vec<Change>) {
        let object = event.subject.object.unwrap_or(ObjectType::User);
        let base = match idp {
            IdentityProvider::Entra => &self.entra,
            IdentityProvider::Okta => &self.okta,
        };
        let mut config = base.clone();
        let mut changes = event.changes.clone();
        let mut new = Map::new();
        let mut old = Map::new();
        // Each logged attribute can add a mapping: bounded, so a crafted
        // event with thousands of paths costs bounded work.
        for (i, change) in changes.iter_mut().enumerate().take(MAX_LOG_CHANGES) {
            let key = match self.target_of(base, object, &change.attribute) {
                Some(Target::Source(target)) => {
                    change.target = Some(target);
                    change.attribute.clone()
                }
                Some(Target::Scim(path)) => {
                    // The log names the SCIM attribute itself: map it as is.
                    let key = format!("{TARGET_KEY}{i}");
                    let om = config.object_mut(object);
                    om.mappings
                        .retain(|m| !m.target.eq_ignore_ascii_case(&path));
                    om.mappings.push(direct(&path, &key));
                    change.target = Some(path);
                    key
                }
                None => continue,
            };
            if let Some(v) = &change.new {
                new.insert(key.clone(), Json::String(v.clone()));
            }
            if let Some(v) = &change.old {
                old.insert(key, Json::String(v.clone()));
            }
        }
        // Entra ID turns accountEnabled into IsSoftDeleted, which the
        // default `active` mapping reads.
        for (map, value) in [
            (&mut new, changes.iter().find_map(|c| enabled(c, true))),
            (&mut old, changes.iter().find_map(|c| enabled(c, false))),
        ] {
            if let Some(v) = value {
                map.insert(
                    "IsSoftDeleted".into(),
                    Json::String(if v { "False" } else { "True" }.into()),
                );
            }
        }
        if action == Action::Update && idp == IdentityProvider::Entra {
            // An update sends only what changed: the mappings of the logged
            // attributes, and the expressions made only of them.
            let known: Vec<String> = new.keys().chain(old.keys()).cloned().collect();
            let om = config.object_mut(object);
            om.mappings.retain(|m| {
                let source = m.source.as_deref().unwrap_or("");
                known.iter().any(|k| k.eq_ignore_ascii_case(source))
                    || m.expression.as_deref().is_some_and(|e| made_of(e, &known))
            });
        }
        let target_id = event.subject.target_id.as_deref().unwrap_or(UNKNOWN_ID);
        if idp == IdentityProvider::Okta {
            // Okta's System Log lists no values: the template's own sample
            // stands in for them, with the user's login where the log has it.
            let mut sample = presets::sample_value(idp, object);
            if let Some(name) = &event.subject.name {
                set_okta_name(&mut sample, object, name);
            }
            if let Json::Object(m) = sample {
                for (k, v) in m {
                    new.entry(k.clone()).or_insert_with(|| v.clone());
                    old.entry(k).or_insert(v);
                }
            }
        }
        let requests = match action {
            Action::Create | Action::Match => {
                let all = self.apply(&config, &new, Operation::Create, object, None, target_id);
                if action == Action::Match {
                    all.into_iter()
                        .filter(|r| r.method == Method::Get)
                        .collect()
                } else {
                    all
                }
            }
            Action::Update if new.is_empty() => Vec::new(),
            Action::Update => {
                let current = self.current(&config, &old, object, target_id);
                self.apply(
                    &config,
                    &new,
                    Operation::Update,
                    object,
                    current.as_ref(),
                    target_id,
                )
            }
            Action::Disable => {
                let mut source = new.clone();
                source.insert("IsSoftDeleted".into(), Json::String("True".into()));
                // Entra ID turns accountEnabled false into IsSoftDeleted;
                // the other changes are not sent with the disable.
                let current = self.current(&config, &old, object, target_id);
                self.apply(
                    &config,
                    &source,
                    Operation::Deactivate,
                    object,
                    current.as_ref(),
                    target_id,
                )
            }
            Action::Delete => self.apply(&config, &new, Operation::Delete, object, None, target_id),
            Action::AddMembers | Action::RemoveMembers if !event.members.is_empty() => {
                let ids: Vec<Json> = event
                    .members
                    .iter()
                    .map(|m| Json::String(m.clone()))
                    .collect();
                let (had, has) = if action == Action::AddMembers {
                    (Vec::new(), ids)
                } else {
                    (ids, Vec::new())
                };
                let mut source = Map::new();
                source.insert("members".into(), Json::Array(has));
                let mut current = Map::new();
                current.insert("id".into(), Json::String(target_id.into()));
                current.insert(
                    "members".into(),
                    Json::Array(
                        had.into_iter()
                            .map(|id| {
                                let mut m = Map::new();
                                m.insert("value".into(), id);
                                Json::Object(m)
                            })
                            .collect(),
                    ),
                );
                let current = Json::Object(current);
                self.apply(
                    &config,
                    &source,
                    Operation::Update,
                    ObjectType::Group,
                    Some(&current),
                    target_id,
                )
            }
            _ => Vec::new(),
        };
        (requests, changes)
    }

    /// What the service provider held before the change: the create of the
    /// old values, with the id.
    fn current(
        &self,
        config: &MappingConfig,
        old: &Map<String, Json>,
        object: ObjectType,
        target_id: &str,
    ) -> Option<Json> {
        let created = self.apply(config, old, Operation::Create, object, None, target_id);
        let mut body = created
            .into_iter()
            .find(|r| r.method == Method::Post)
            .and_then(|r| r.body)?;
        if let Some(m) = body.as_object_mut() {
            m.insert("id".into(), Json::String(target_id.into()));
        }
        Some(body)
    }

    fn apply(
        &self,
        config: &MappingConfig,
        source: &Map<String, Json>,
        operation: Operation,
        object: ObjectType,
        current: Option<&Json>,
        target_id: &str,
    ) -> Vec<Request> {
        let source = Json::Object(source.clone());
        let mut options = ApplyOptions::new(operation)
            .with_object(object)
            .with_registry(self.registry)
            .with_resource_id(target_id);
        if let Some(c) = current {
            options = options.with_current(c);
        }
        mapping::apply(config, &source, &options).requests
    }

    /// Where a change the log names goes: through a source attribute's
    /// default mapping, or straight to a SCIM attribute.
    fn target_of(&self, config: &MappingConfig, object: ObjectType, name: &str) -> Option<Target> {
        if name.eq_ignore_ascii_case("accountEnabled") || name.eq_ignore_ascii_case("IsSoftDeleted")
        {
            return Some(Target::Source("active".into()));
        }
        let mappings = config
            .object(object)
            .map(|o| o.mappings.as_slice())
            .unwrap_or_default();
        if let Some(m) = mappings.iter().find(|m| {
            m.mapping_type() == Some(MappingType::Direct)
                && m.source
                    .as_deref()
                    .is_some_and(|s| s.eq_ignore_ascii_case(name))
        }) {
            return Some(Target::Source(m.target.clone()));
        }
        let path = parse_path(name).ok()?;
        let resource_type = self.registry.resource_type(object.resource_type())?;
        resolve(self.registry, resource_type, &path.attribute)
            .is_ok()
            .then(|| Target::Scim(name.to_string()))
    }
}

/// Where a logged attribute goes.
enum Target {
    /// An identity-provider attribute with a default mapping to this SCIM path.
    Source(String),
    /// A SCIM attribute path.
    Scim(String),
}

/// A direct mapping `source` → `target`.
fn direct(target: &str, source: &str) -> mapping::Mapping {
    mapping::Mapping {
        target: target.to_string(),
        kind: Some(MappingType::Direct),
        source: Some(source.to_string()),
        ..mapping::Mapping::default()
    }
}

/// Puts the name the log gives (an app user's login, a group's name) into
/// Okta's sample object, where Okta reads the userName (or displayName) from.
fn set_okta_name(sample: &mut Json, object: ObjectType, name: &str) {
    let profile = match sample.get_mut("profile").and_then(Json::as_object_mut) {
        Some(p) => p,
        None => return,
    };
    let name = Json::String(name.to_string());
    if object == ObjectType::Group {
        profile.insert("name".into(), name);
    } else {
        if name.as_str().is_some_and(|n| n.contains('@')) {
            profile.insert("email".into(), name.clone());
        }
        profile.insert("login".into(), name);
    }
}

/// The value of a logged `accountEnabled` change: after it (`new`) or before.
fn enabled(change: &Change, new: bool) -> Option<bool> {
    if !change.attribute.eq_ignore_ascii_case("accountEnabled") {
        return None;
    }
    let v = if new { &change.new } else { &change.old };
    v.as_deref().map(|v| v.eq_ignore_ascii_case("true"))
}

/// Whether every `[attribute]` an Entra ID expression reads is one of
/// `known` (and it reads at least one).
fn made_of(expression: &str, known: &[String]) -> bool {
    let mut reads = 0;
    let mut rest = expression;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else {
            return false;
        };
        let name = &after[..close];
        if !known.iter().any(|k| k.eq_ignore_ascii_case(name)) {
            return false;
        }
        reads += 1;
        rest = &after[close + 1..];
    }
    reads > 0
}

/// The default mappings of `idp`, read by the same loader as any pasted
/// configuration (which the playground links anyway; a second, serde-derived
/// reader would cost its first load).
fn preset(idp: IdentityProvider) -> MappingConfig {
    mapping::load_text(presets::for_provider(idp).config_json)
        .config
        .unwrap_or_else(|| MappingConfig::new(idp))
}
