//! Checking a mapping configuration against the service provider's schemas
//! (a [`Registry`]) and, optionally, its [`Profile`]: everything that can be
//! known before a user is provisioned. Each finding's `help` says what to
//! change in the identity provider's console.

use std::collections::HashMap;

use regex_lite::Regex;
use serde_json::Value as Json;

use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::filter::{Path, parse_path};
use crate::profile::Profile;
use crate::schema::{AttributeType, Mutability, Registry, Returned, Uniqueness};

use super::compile::{Compiled, CompiledObject, Program, compile_object, relocate};
use super::config::{IdentityProvider, MappingType, ObjectType, OktaSettings};
use super::evaluate::{Outcome, evaluate, profile_of};
use super::explain::Console;
use super::load::Loaded;
use super::origin::Field;
use super::sources::{SourceKind, find_source, is_known_source, suggest_source};
use super::{Environment, TextRange, entra, okta, presets};

/// The compiled configuration and what the checks found.
#[derive(Debug)]
pub(crate) struct Analysis<'c, 'r> {
    pub objects: Vec<CompiledObject<'c, 'r>>,
    pub diags: Vec<Diagnostic>,
}

impl<'c, 'r> Analysis<'c, 'r> {
    pub(crate) fn object(&self, t: ObjectType) -> Option<&CompiledObject<'c, 'r>> {
        self.objects.iter().find(|o| o.object == t)
    }
}

/// Compiles and checks every configured object type.
pub(crate) fn analyze<'c, 'r>(
    loaded: &'c Loaded<'_>,
    registry: &'r Registry,
    profile: Option<&Profile>,
) -> Analysis<'c, 'r> {
    let mut diags = Vec::new();
    settings(loaded, &mut diags);
    let mut objects = Vec::new();
    for t in ObjectType::ALL {
        let Some(om) = loaded.config.object(t) else {
            continue;
        };
        if !om.enabled {
            // Not provisioned: its mappings are compiled (apply reports that
            // nothing is sent) but not reported on.
            let mut ignored = Vec::new();
            if let Some(compiled) = compile_object(loaded, registry, t, &mut ignored) {
                objects.push(compiled);
            }
            continue;
        }
        let Some(compiled) = compile_object(loaded, registry, t, &mut diags) else {
            continue;
        };
        let checker = Checker {
            loaded,
            object: t,
            console: Console::new(&loaded.config, t),
            extra_sources: &om.source_attributes,
        };
        checker.run(&compiled, registry, profile, &mut diags);
        objects.push(compiled);
    }
    if loaded.config.users.is_none() && loaded.config.groups.is_none() {
        diags.push(loaded.at_pointer(
            Code::MappingRequiredUnmapped,
            "",
            None,
            "the configuration maps neither users nor groups",
        ));
    }
    Analysis { objects, diags }
}

/// Settings given for the other identity provider are ignored; say so.
fn settings(loaded: &Loaded<'_>, diags: &mut Vec<Diagnostic>) {
    let config = &loaded.config;
    let warn = |pointer: &str, what: &str| {
        loaded
            .at_pointer(Code::MappingInvalid, pointer, None, what)
            .with_severity(Severity::Warning)
    };
    // Imports never fill in the other provider's settings, so only
    // scimkit's own format can get here.
    match config.identity_provider {
        IdentityProvider::Entra if config.okta != OktaSettings::default() => diags.push(warn(
            "/okta",
            "the \"okta\" settings are ignored: this configuration is for Microsoft Entra ID",
        )),
        IdentityProvider::Okta if config.entra.aad_optscim062020 => diags.push(warn(
            "/entra",
            "the \"entra\" settings are ignored: this configuration is for Okta",
        )),
        _ => {}
    }
}

struct Checker<'a, 'l> {
    loaded: &'a Loaded<'l>,
    object: ObjectType,
    console: Console,
    extra_sources: &'a [String],
}

impl Checker<'_, '_> {
    fn idp(&self) -> IdentityProvider {
        self.loaded.config.identity_provider
    }

    fn at(
        &self,
        code: Code,
        c: &Compiled<'_, '_>,
        field: Field,
        inner: Option<TextRange>,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.loaded
            .at_mapping(code, self.object, c.index, Some(field), inner, message)
    }

    /// A diagnostic on a whole field of the mapping.
    fn at_field(
        &self,
        code: Code,
        c: &Compiled<'_, '_>,
        field: Field,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.at(code, c, field, None, message)
    }

    /// A diagnostic on where the mapping's value comes from: the source,
    /// constant, expression, default value, or Okta's username format.
    fn at_value(&self, code: Code, c: &Compiled<'_, '_>, message: impl Into<String>) -> Diagnostic {
        let field = match c.kind {
            Some(MappingType::Direct) => Field::Source,
            Some(MappingType::Constant) => Field::Value,
            Some(MappingType::None) => Field::Default,
            Some(MappingType::AppUsername) => {
                let origins = &self.loaded.origins;
                return self
                    .loaded
                    .at_pointer(code, &origins.username_format, None, message);
            }
            _ => Field::Expression,
        };
        self.at(code, c, field, None, message)
    }

    fn run(
        &self,
        object: &CompiledObject<'_, '_>,
        registry: &Registry,
        profile: Option<&Profile>,
        diags: &mut Vec<Diagnostic>,
    ) {
        for c in &object.mappings {
            self.mapping_kind(c, diags);
            self.target(c, diags);
            self.types(c, diags);
            self.sources(c, diags);
            self.functions(c, diags);
        }
        self.duplicates(object, diags);
        self.required(object, registry, profile, diags);
        self.matching(object, profile, diags);
        if let Some(profile) = profile {
            self.profile_rules(object, profile, diags);
        }
    }

    fn mapping_kind(&self, c: &Compiled<'_, '_>, diags: &mut Vec<Diagnostic>) {
        let m = c.mapping;
        if c.kind == Some(MappingType::None) && m.default_value.is_none() {
            diags.push(
                self.at_field(
                    Code::MappingInvalid,
                    c,
                    Field::Type,
                    format!(
                        "the mapping of `{}` has type None and no default value, so it never sends anything",
                        c.target
                    ),
                )
                .with_severity(Severity::Warning)
                .with_help(format!(
                    "set a default value or delete the mapping in {}",
                    self.console.mappings()
                )),
            );
        }
        if self.idp() == IdentityProvider::Okta && m.default_value.is_some() {
            diags.push(
                self.at_field(
                    Code::MappingInvalid,
                    c,
                    Field::Default,
                    "Okta mappings have no default value; it is ignored (use an expression such as user.title != null ? user.title : \"Staff\")",
                )
                .with_severity(Severity::Warning),
            );
        }
    }

    fn target(&self, c: &Compiled<'_, '_>, diags: &mut Vec<Diagnostic>) {
        let Some(attr) = c.attr else { return };
        let Some(path) = &c.path else { return };
        let console = &self.console;
        if attr.unqualified {
            if let Some(uri) = attr.extension {
                diags.push(
                    self.at_field(
                        Code::MappingUnknownTarget,
                        c,
                        Field::Target,
                        format!(
                            "`{}` belongs to the extension `{uri}` but is written without it; the identity provider sends it as a core attribute, which the service provider does not have",
                            c.target
                        ),
                    )
                    .with_severity(Severity::Warning)
                    .with_help(format!(
                        "use the full path `{uri}:{}` as the target attribute ({})",
                        c.target,
                        console.target_list()
                    )),
                );
            }
        }
        let read_only = attr.leaf.mutability == Mutability::ReadOnly
            || attr.attribute.mutability == Mutability::ReadOnly;
        if read_only {
            let why = if attr.attribute.name == "id" {
                "`id` is assigned by the service provider (the Entra ID docs: the primary key should not be a target)".to_string()
            } else {
                format!(
                    "`{}` is readOnly at the service provider: it ignores or rejects the value",
                    c.target
                )
            };
            diags.push(
                self.at(Code::MappingReadOnlyTarget, c, Field::Target, None, why)
                    .with_help(format!("delete this mapping in {}", console.mappings())),
            );
        } else if attr.leaf.mutability == Mutability::Immutable
            && c.mapping.apply == super::config::Apply::Always
        {
            diags.push(
                self.at_field(
                    Code::MappingReadOnlyTarget,
                    c,
                    Field::Apply,
                    format!(
                        "`{}` is immutable: it can be set when the user is created, but every update would try to change it",
                        c.target
                    ),
                )
                .with_severity(Severity::Warning)
                .with_help(format!(
                    "set {} to \"Only during object creation\" ({})",
                    console.apply_field(),
                    console.mapping(c.mapping, console.apply_field())
                )),
            );
        }
        let whole_list_ok = self.whole_list_target(c);
        if attr.attribute.multi_valued && path.filter.is_none() && !whole_list_ok {
            let suggestion = if attr.attribute.sub_attribute("type").is_some() {
                format!("{}[type eq \"work\"].value", attr.attribute.name)
            } else if attr.attribute.sub_attribute("primary").is_some() {
                format!("{}[primary eq true].value", attr.attribute.name)
            } else {
                format!("{}[value eq \"…\"]", attr.attribute.name)
            };
            diags.push(
                self.at_field(
                    Code::MappingMultiValuedTarget,
                    c,
                    Field::Target,
                    format!(
                        "`{}` is multi-valued: the target must select one element with a value filter",
                        attr.attribute.name
                    ),
                )
                .with_help(format!("use a target such as `{suggestion}`")),
            );
        } else if path.filter.is_some() && c.selector.is_none() {
            diags.push(
                self.at_field(
                    Code::MappingMultiValuedTarget,
                    c,
                    Field::Target,
                    format!(
                        "the filter of `{}` must be `eq` comparisons joined by `and` (such as [type eq \"work\"]), so that the element can be created",
                        c.target
                    ),
                ),
            );
        }
    }

    /// Targets that take a whole multi-valued attribute: a group's `members`
    /// (from the group's members) and `roles` from Entra's app-role functions.
    fn whole_list_target(&self, c: &Compiled<'_, '_>) -> bool {
        let Some(attr) = c.attr else { return false };
        let name = attr.attribute.name.as_str();
        if name.eq_ignore_ascii_case("members") && self.object == ObjectType::Group {
            return true;
        }
        if let Program::Entra(e) = &c.program {
            if let entra::ExprKind::Call(call) = &e.root().kind {
                return matches!(
                    call.name.as_str(),
                    "AppRoleAssignmentsComplex" | "AssertiveAppRoleAssignmentsComplex"
                );
            }
        }
        if c.direct_source().is_some_and(|s| {
            find_source(self.idp(), self.object, s).is_some_and(|s| s.kind == SourceKind::Multi)
        }) {
            // A multi-valued simple attribute takes a list as it is.
            return attr.attribute.kind != AttributeType::Complex;
        }
        false
    }

    fn types(&self, c: &Compiled<'_, '_>, diags: &mut Vec<Diagnostic>) {
        let Some(attr) = c.attr else { return };
        if c.is_broken() {
            return;
        }
        let leaf = attr.leaf;
        // A multi-valued target without a filter is reported once, by `target`.
        let unfiltered = c.path.as_ref().is_some_and(|p| p.filter.is_none());
        if attr.attribute.multi_valued && unfiltered && !self.whole_list_target(c) {
            return;
        }
        let fix = self
            .console
            .mapping(c.mapping, self.console.source_field(c.mapping));
        let mut mismatch = |severity: Severity, message: String, help: String| {
            diags.push(
                self.at_value(Code::MappingTypeMismatch, c, message)
                    .with_severity(severity)
                    .with_help(help),
            );
        };
        // A constant (or a default) must read as the target's type.
        let literal = match c.kind {
            Some(MappingType::Constant) => c.mapping.value.as_deref(),
            Some(MappingType::None) => c.mapping.default_value.as_deref(),
            _ => None,
        };
        if let Some(text) = literal {
            if let Some(problem) = literal_problem(text, leaf.kind) {
                mismatch(
                    Severity::Error,
                    format!(
                        "`{}` is {}, but the value \"{text}\" {problem}",
                        c.target,
                        a(leaf.kind)
                    ),
                    format!("change the value in {fix}"),
                );
            }
            return;
        }
        let reference = c.direct_source().is_some_and(|s| {
            find_source(self.idp(), self.object, s).is_some_and(|s| s.kind == SourceKind::Reference)
        });
        match leaf.kind {
            AttributeType::Complex => {
                let whole = self.whole_list_target(c);
                let takes_id = leaf.sub_attribute("value").is_some() && reference;
                if !whole && !takes_id {
                    let subs: Vec<&str> = leaf
                        .sub_attributes
                        .iter()
                        .map(|s| s.name.as_str())
                        .collect();
                    mismatch(
                        Severity::Error,
                        format!(
                            "`{}` is complex (sub-attributes {}); a mapping writes one text value",
                            c.target,
                            subs.join(", ")
                        ),
                        format!(
                            "map a sub-attribute instead, e.g. `{}.{}`",
                            c.target,
                            subs.first().copied().unwrap_or("value")
                        ),
                    );
                }
            }
            AttributeType::Boolean => match self.boolean_outputs(c) {
                Outputs::Booleans => {}
                Outputs::Literals(bad) => mismatch(
                    Severity::Error,
                    format!(
                        "`{}` is a boolean, but the mapping can produce \"{bad}\"",
                        c.target
                    ),
                    format!("produce \"True\" or \"False\" ({fix})"),
                ),
                Outputs::Text(source) => mismatch(
                    if c.kind == Some(MappingType::Direct) {
                        Severity::Error
                    } else {
                        Severity::Warning
                    },
                    format!("`{}` is a boolean, but `{source}` holds text", c.target),
                    match self.idp() {
                        IdentityProvider::Entra => format!(
                            "map a boolean source, or an expression that yields \"True\"/\"False\" such as Switch([{source}], \"False\", \"Yes\", \"True\") ({fix})"
                        ),
                        IdentityProvider::Okta => format!(
                            "map a boolean attribute, or an expression that yields true/false such as {source} == \"Yes\" ({fix})"
                        ),
                    },
                ),
                Outputs::Unknown => {}
            },
            AttributeType::DateTime => {
                if let Program::Entra(e) = &c.program {
                    if let entra::ExprKind::Call(call) = &e.root().kind {
                        if matches!(
                            call.name.as_str(),
                            "CDate" | "DateAdd" | "DateFromNum" | "Now"
                        ) {
                            mismatch(
                                Severity::Error,
                                format!(
                                    "`{}` is a dateTime, but {} yields a date written M/d/yyyy h:mm:ss tt, which is not xsd:dateTime",
                                    c.target, call.name
                                ),
                                format!(
                                    "wrap it in FormatDateTime(…, , \"M/d/yyyy h:mm:ss tt\", \"yyyy-MM-ddTHH:mm:ssZ\") ({fix})"
                                ),
                            );
                        }
                    }
                }
            }
            AttributeType::Integer | AttributeType::Decimal => {
                if let Some(source) = c.direct_source() {
                    if find_source(self.idp(), self.object, source)
                        .is_some_and(|s| s.kind != SourceKind::String)
                    {
                        mismatch(
                            Severity::Warning,
                            format!(
                                "`{}` is {}, but `{source}` is not a number",
                                c.target,
                                a(leaf.kind)
                            ),
                            format!("map a numeric source ({fix})"),
                        );
                    }
                }
            }
            _ => {}
        }
        // Several values into one.
        if !leaf.multi_valued && c.path.as_ref().is_some_and(|p| p.filter.is_none()) {
            if let Some(source) = c.direct_source() {
                if find_source(self.idp(), self.object, source)
                    .is_some_and(|s| s.kind == SourceKind::Multi)
                {
                    mismatch(
                        Severity::Warning,
                        format!(
                            "`{source}` has several values, but `{}` holds one",
                            c.target
                        ),
                        format!(
                            "pick one value, e.g. Item([{source}], 1) as an expression ({fix})"
                        ),
                    );
                }
            }
        }
    }

    /// What a mapping into a boolean can produce, as far as can be told
    /// without a user.
    fn boolean_outputs(&self, c: &Compiled<'_, '_>) -> Outputs {
        match &c.program {
            Program::Entra(e) => {
                let mut out = Vec::new();
                entra_outputs(e.root(), self, &mut out, 0);
                classify(out)
            }
            Program::Okta(e) => match okta_type(e.root(), self, 0) {
                OType::Bool | OType::Null | OType::Any => Outputs::Unknown,
                OType::Text(Some(s)) => {
                    if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") {
                        Outputs::Booleans
                    } else {
                        Outputs::Literals(s)
                    }
                }
                OType::Text(None) | OType::Number => Outputs::Text(match &e.root().kind {
                    okta::ExprKind::Ref(path) => path.join("."),
                    _ => e.to_string(),
                }),
            },
            _ => Outputs::Unknown,
        }
    }

    fn sources(&self, c: &Compiled<'_, '_>, diags: &mut Vec<Diagnostic>) {
        let idp = self.idp();
        let direct = c.kind == Some(MappingType::Direct);
        let refs: Vec<(String, TextRange)> = match &c.program {
            Program::Entra(e) => e
                .attributes()
                .into_iter()
                .map(|r| (r.name, r.range))
                .collect(),
            Program::Okta(e) => e
                .attributes()
                .into_iter()
                .filter(|r| r.object == "user" || r.object == "source")
                .map(|r| (r.name, r.range))
                .collect(),
            _ => Vec::new(),
        };
        let mut seen = Vec::new();
        for (name, range) in refs {
            let name = name.trim().to_string();
            if seen.contains(&name) || is_known_source(idp, self.object, &name, self.extra_sources)
            {
                continue;
            }
            seen.push(name.clone());
            let (field, inner) = if direct {
                (Field::Source, None)
            } else {
                (Field::Expression, Some(range))
            };
            let who = match (idp, self.object) {
                (IdentityProvider::Entra, ObjectType::User) => "Entra ID's user object",
                (IdentityProvider::Entra, ObjectType::Group) => "Entra ID's group object",
                (IdentityProvider::Okta, ObjectType::User) => "the Okta user profile",
                (IdentityProvider::Okta, ObjectType::Group) => "the Okta group profile",
            };
            let mut d = self.at(
                Code::MappingUnknownSource,
                c,
                field,
                inner,
                format!("`{name}` is not an attribute of {who}"),
            );
            let list = "if it is a directory extension or custom attribute, add it to \"sourceAttributes\"";
            d = d.with_help(
                match suggest_source(idp, self.object, &name, self.extra_sources) {
                    Some(s) => format!("did you mean `{s}`? ({list})"),
                    None => list.to_string(),
                },
            );
            diags.push(d);
        }
    }

    fn functions(&self, c: &Compiled<'_, '_>, diags: &mut Vec<Diagnostic>) {
        let Program::Entra(e) = &c.program else {
            return;
        };
        for f in e.functions() {
            if f.name == "SelectUniqueValue" {
                diags.push(
                    self.at(
                        Code::MappingUnsupportedFunction,
                        c,
                        Field::Expression,
                        Some(f.range),
                        "SelectUniqueValue is only supported when provisioning from Workday, SuccessFactors or API-driven sources to on-premises Active Directory, not in SCIM app mappings",
                    )
                    .with_help(format!(
                        "use Coalesce, Switch or IIF instead ({})",
                        self.console.mapping(c.mapping, "Expression")
                    )),
                );
            }
        }
    }

    fn duplicates(&self, object: &CompiledObject<'_, '_>, diags: &mut Vec<Diagnostic>) {
        let mut first: HashMap<String, usize> = HashMap::new();
        for c in &object.mappings {
            let key: String = c
                .target
                .chars()
                .filter(|ch| !ch.is_whitespace())
                .flat_map(char::to_lowercase)
                .collect();
            match first.get(&key) {
                Some(&i) => diags.push(
                    self.at_field(
                        Code::MappingDuplicateTarget,
                        c,
                        Field::Target,
                        format!(
                            "`{}` is already written by mapping {i}; only one value can be sent",
                            c.target
                        ),
                    )
                    .with_help(format!(
                        "delete one of the two mappings in {}",
                        self.console.mappings()
                    )),
                ),
                None => {
                    first.insert(key, c.index);
                }
            }
        }
    }

    fn required(
        &self,
        object: &CompiledObject<'_, '_>,
        registry: &Registry,
        profile: Option<&Profile>,
        diags: &mut Vec<Diagnostic>,
    ) {
        let Some(rt) = object.rt else { return };
        let list = &self.loaded.origins.object(self.object).list;
        let mapped = |name: &str, sub: Option<&str>| {
            object.mappings.iter().any(|c| {
                c.attr.is_some_and(|a| {
                    a.attribute.name.eq_ignore_ascii_case(name)
                        && sub.is_none_or(|s| a.has_sub && a.leaf.name.eq_ignore_ascii_case(s))
                })
            })
        };
        if let Some(core) = registry.schema(&rt.schema) {
            for attr in core
                .attributes
                .iter()
                .filter(|a| a.required && a.mutability != Mutability::ReadOnly)
            {
                if !mapped(&attr.name, None) {
                    diags.push(
                        self.loaded
                            .at_pointer(
                                Code::MappingRequiredUnmapped,
                                list,
                                None,
                                format!(
                                    "`{}` is required by the service provider, but no mapping writes it",
                                    attr.name
                                ),
                            )
                            .with_help(self.add_mapping_help(&attr.name)),
                    );
                }
            }
        }
        let Some(profile) = profile else { return };
        for rule in profile
            .rules
            .iter()
            .filter(|r| r.required && r.resource_type.eq_ignore_ascii_case(rt.name.as_str()))
        {
            let Ok(path) = parse_path(&rule.attribute) else {
                continue;
            };
            if !mapped(&path.attribute.name, path.final_sub_attr()) {
                let mut d = self.loaded.at_pointer(
                    Code::MappingRequiredUnmapped,
                    list,
                    None,
                    format!(
                        "the service provider ({}) requires `{}`, but no mapping writes it",
                        profile.name, rule.attribute
                    ),
                );
                d.help = Some(
                    rule.help
                        .clone()
                        .unwrap_or_else(|| self.add_mapping_help(&rule.attribute)),
                );
                diags.push(d);
            }
        }
    }

    fn add_mapping_help(&self, target: &str) -> String {
        match (self.idp(), target) {
            (IdentityProvider::Okta, "userName") => {
                "Okta sends the application username as userName: add a userName mapping of type \"appUsername\" (Configured in Sign On settings)".to_string()
            }
            _ => format!(
                "add a mapping with target attribute {target} in {}",
                self.console.mappings()
            ),
        }
    }

    fn matching(
        &self,
        object: &CompiledObject<'_, '_>,
        profile: Option<&Profile>,
        diags: &mut Vec<Diagnostic>,
    ) {
        let idp = self.idp();
        if idp == IdentityProvider::Okta && self.object == ObjectType::Group {
            // Okta pushes groups without looking them up by a filter.
            return;
        }
        let mut matching: Vec<&Compiled<'_, '_>> = object
            .mappings
            .iter()
            .filter(|c| c.mapping.is_matching())
            .collect();
        if matching.is_empty() && idp == IdentityProvider::Okta {
            matching = object
                .mappings
                .iter()
                .filter(|c| c.attr.is_some_and(|a| a.attribute.name == "userName"))
                .take(1)
                .collect();
        }
        let list = &self.loaded.origins.object(self.object).list;
        if matching.is_empty() {
            if idp == IdentityProvider::Entra {
                diags.push(
                    self.loaded
                        .at_pointer(
                            Code::MappingMatching,
                            list,
                            None,
                            format!(
                                "no mapping is a matching attribute, so Entra ID cannot look up existing {}s before creating them",
                                self.object.resource_type().to_lowercase()
                            ),
                        )
                        .with_severity(Severity::Error)
                        .with_help(self.console.matching(None)),
                );
            }
            return;
        }
        let mut precedences: HashMap<u32, usize> = HashMap::new();
        for c in &matching {
            let help = self.console.matching(Some(c.mapping));
            if let Some(p) = c.mapping.matching_precedence {
                if let Some(other) = precedences.insert(p, c.index) {
                    diags.push(
                        self.at_field(
                            Code::MappingMatching,
                            c,
                            Field::Matching,
                            format!(
                                "matching precedence {p} is also given to mapping {other}; the order in which they are tried is undefined"
                            ),
                        )
                        .with_help(help.clone()),
                    );
                }
            }
            if let Some(profile) = profile {
                if !profile.features.filter {
                    diags.push(
                        self.at_field(
                            Code::MappingMatching,
                            c,
                            Field::Matching,
                            format!(
                                "the identity provider looks {}s up with GET {}?filter={} eq \"…\", but the service provider ({}) does not support filtering",
                                self.object.resource_type().to_lowercase(),
                                object.rt.map_or("/Users", |r| r.endpoint.as_str()),
                                c.target,
                                profile.name
                            ),
                        )
                        .with_severity(Severity::Error),
                    );
                }
            }
            let Some(attr) = c.attr else { continue };
            let leaf = attr.leaf;
            let filterable = leaf.kind != AttributeType::Complex
                && leaf.returned != Returned::Never
                && (!attr.attribute.multi_valued
                    || c.path.as_ref().is_some_and(|p| p.filter.is_some()));
            if !filterable {
                diags.push(
                    self.at_field(
                        Code::MappingMatching,
                        c,
                        Field::Matching,
                        format!(
                            "`{}` cannot be used to match: the service provider cannot filter on it with eq",
                            c.target
                        ),
                    )
                    .with_severity(Severity::Error)
                    .with_help(help),
                );
            } else if leaf.uniqueness == Uniqueness::None
                && attr.attribute.uniqueness == Uniqueness::None
            {
                diags.push(
                    self.at_field(
                        Code::MappingMatching,
                        c,
                        Field::Matching,
                        format!(
                            "`{}` is a matching attribute but is not unique at the service provider (uniqueness: none): a lookup can find several {}s or the wrong one",
                            c.target,
                            self.object.resource_type().to_lowercase()
                        ),
                    )
                    .with_help(format!(
                        "match on an attribute the service provider keeps unique (its schema says uniqueness server or global, as for userName), or make sure it keeps `{}` unique ({help})",
                        c.target
                    )),
                );
            }
        }
    }

    /// Profile rules (pattern, maximum length) that the mapping breaks for
    /// the identity provider's sample user: that is a value shape every user
    /// has (a user principal name always contains an @).
    fn profile_rules(
        &self,
        object: &CompiledObject<'_, '_>,
        profile: &Profile,
        diags: &mut Vec<Diagnostic>,
    ) {
        let Some(rt) = object.rt else { return };
        let idp = self.idp();
        let sample = presets::sample_value(idp, self.object);
        let source = profile_of(idp, &sample);
        let env = Environment::default();
        for rule in profile.rules.iter().filter(|r| {
            r.resource_type.eq_ignore_ascii_case(&rt.name)
                && (r.pattern.is_some() || r.max_length.is_some())
        }) {
            let Ok(path) = parse_path(&rule.attribute) else {
                continue;
            };
            let pattern = rule.pattern.as_deref().and_then(|p| Regex::new(p).ok());
            for c in object
                .mappings
                .iter()
                .filter(|c| same_target(c.path.as_ref(), &path))
            {
                let Outcome::Value(Json::String(value)) =
                    evaluate(c, idp, source, &env, true).outcome
                else {
                    continue;
                };
                let bad_pattern = pattern.as_ref().is_some_and(|re| !re.is_match(&value));
                let too_long = rule.max_length.is_some_and(|m| value.chars().count() > m);
                if !bad_pattern && !too_long {
                    continue;
                }
                let from = match c.kind {
                    Some(MappingType::AppUsername) => format!(
                        "the application username format \"{}\"",
                        self.loaded.config.okta.username_format.0.label()
                    ),
                    Some(MappingType::Direct) => {
                        format!("`{}`", c.direct_source().unwrap_or_default())
                    }
                    _ => "this mapping".to_string(),
                };
                let what = if bad_pattern {
                    format!(
                        "does not match the pattern {} it requires",
                        rule.pattern.as_deref().unwrap_or_default()
                    )
                } else {
                    format!(
                        "is longer than the {} characters it allows",
                        rule.max_length.unwrap_or(0)
                    )
                };
                let mut d = self.at_value(
                    Code::MappingProfileConflict,
                    c,
                    format!(
                        "`{}` comes from {from}: for the {} sample user that is \"{value}\", which the service provider ({}) rejects because it {what}",
                        c.target,
                        idp.label(),
                        profile.name
                    ),
                );
                let mut help = self
                    .console
                    .change_source(c.mapping, bad_pattern && value.contains('@'));
                // A profile's own advice is kept unless it is the generic
                // per-provider text this help already replaces.
                if let Some(rule_help) = rule
                    .help
                    .as_ref()
                    .filter(|h| !h.contains("Entra") && !h.contains("Okta"))
                {
                    help = format!("{help}. {rule_help}");
                }
                d.help = Some(help);
                diags.push(d);
            }
        }
    }
}

/// Whether a mapping's target is the attribute a profile rule names.
fn same_target(target: Option<&Path>, rule: &Path) -> bool {
    target.is_some_and(|t| {
        t.attribute.name.eq_ignore_ascii_case(&rule.attribute.name)
            && t.final_sub_attr().map(str::to_ascii_lowercase)
                == rule.final_sub_attr().map(str::to_ascii_lowercase)
            && t.attribute.uri.is_some() == rule.attribute.uri.is_some()
    })
}

fn a(kind: AttributeType) -> String {
    match kind {
        AttributeType::Integer => "an integer".into(),
        other => format!("a {}", other.as_str()),
    }
}

/// Why a literal does not fit `kind`, if it does not.
fn literal_problem(text: &str, kind: AttributeType) -> Option<&'static str> {
    match kind {
        AttributeType::Boolean => (!text.eq_ignore_ascii_case("true")
            && !text.eq_ignore_ascii_case("false"))
        .then_some("is not True or False"),
        AttributeType::Integer => text
            .trim()
            .parse::<i64>()
            .is_err()
            .then_some("is not a whole number"),
        AttributeType::Decimal => text
            .trim()
            .parse::<f64>()
            .is_err()
            .then_some("is not a number"),
        AttributeType::DateTime => crate::datetime::parse_datetime(text)
            .is_err()
            .then_some("is not an xsd:dateTime such as 2026-01-01T00:00:00Z"),
        AttributeType::Complex => Some("is text, not an object"),
        _ => None,
    }
}

/// The possible results of a mapping into a boolean.
enum Outputs {
    /// Only "True"/"False".
    Booleans,
    /// A literal that is not a boolean.
    Literals(String),
    /// Arbitrary text from this source.
    Text(String),
    /// Cannot tell.
    Unknown,
}

/// One possible result of an Entra expression.
enum Out {
    Literal(String),
    Text(String),
    Unknown,
}

fn classify(outs: Vec<Out>) -> Outputs {
    let mut result = Outputs::Booleans;
    for out in outs {
        match out {
            Out::Literal(s) if s.is_empty() => {}
            Out::Literal(s) => {
                if !s.eq_ignore_ascii_case("true") && !s.eq_ignore_ascii_case("false") {
                    return Outputs::Literals(s);
                }
            }
            Out::Text(s) => result = Outputs::Text(s),
            Out::Unknown => {
                if matches!(result, Outputs::Booleans) {
                    result = Outputs::Unknown;
                }
            }
        }
    }
    result
}

/// Collects what an Entra expression can yield (depth-limited).
fn entra_outputs(e: &entra::Expr, checker: &Checker<'_, '_>, out: &mut Vec<Out>, depth: usize) {
    if depth > crate::limits::MAX_EXPRESSION_DEPTH {
        out.push(Out::Unknown);
        return;
    }
    fn arg(call: &entra::Call, i: usize) -> Option<&entra::Expr> {
        call.args.get(i).and_then(|a| a.expr.as_ref())
    }
    match &e.kind {
        entra::ExprKind::String(s) => out.push(Out::Literal(s.clone())),
        entra::ExprKind::Integer(n) => out.push(Out::Literal(n.to_string())),
        entra::ExprKind::Attribute(name) => {
            match find_source(IdentityProvider::Entra, checker.object, name).map(|s| s.kind) {
                Some(SourceKind::Boolean) => out.push(Out::Literal("True".into())),
                Some(_) => out.push(Out::Text(name.clone())),
                None => out.push(Out::Unknown),
            }
        }
        entra::ExprKind::Call(call) => match call.name.as_str() {
            "Switch" => {
                if let Some(d) = arg(call, 1) {
                    entra_outputs(d, checker, out, depth + 1);
                }
                for i in (3..call.args.len()).step_by(2) {
                    if let Some(v) = arg(call, i) {
                        entra_outputs(v, checker, out, depth + 1);
                    }
                }
            }
            "IIF" => {
                for i in [1, 2] {
                    if let Some(v) = arg(call, i) {
                        entra_outputs(v, checker, out, depth + 1);
                    }
                }
            }
            "IgnoreFlowIfNullOrEmpty" | "Redact" | "Coalesce" => {
                for a in call.args.iter().filter_map(|a| a.expr.as_ref()) {
                    entra_outputs(a, checker, out, depth + 1);
                }
            }
            "Not" | "CBool" | "IsNull" | "IsNullOrEmpty" | "IsPresent" | "IsString" => {
                out.push(Out::Literal("True".into()));
            }
            _ => out.push(Out::Unknown),
        },
        _ => out.push(Out::Unknown),
    }
}

/// The static type of an Okta expression, as far as it matters for targets.
enum OType {
    Bool,
    Number,
    /// Text; the literal when it is one.
    Text(Option<String>),
    Null,
    Any,
}

fn okta_type(e: &okta::Expr, checker: &Checker<'_, '_>, depth: usize) -> OType {
    if depth > crate::limits::MAX_EXPRESSION_DEPTH {
        return OType::Any;
    }
    match &e.kind {
        okta::ExprKind::Null => OType::Null,
        okta::ExprKind::Bool(_) => OType::Bool,
        okta::ExprKind::Int(_) | okta::ExprKind::Num(_) => OType::Number,
        okta::ExprKind::Str(s) => OType::Text(Some(s.clone())),
        okta::ExprKind::Ref(path) => {
            let name = path.get(1..).map(|p| p.join(".")).unwrap_or_default();
            match find_source(IdentityProvider::Okta, checker.object, &name).map(|s| s.kind) {
                Some(SourceKind::Boolean) => OType::Bool,
                Some(_) => OType::Text(None),
                None => OType::Any,
            }
        }
        okta::ExprKind::Unary(okta::UnaryOp::Not, _) => OType::Bool,
        okta::ExprKind::Unary(okta::UnaryOp::Neg, _) => OType::Number,
        okta::ExprKind::Binary(op, l, r) => match op {
            okta::BinaryOp::Add => {
                match (
                    okta_type(l, checker, depth + 1),
                    okta_type(r, checker, depth + 1),
                ) {
                    (OType::Number, OType::Number) => OType::Number,
                    (OType::Any, _) | (_, OType::Any) => OType::Any,
                    _ => OType::Text(None),
                }
            }
            okta::BinaryOp::Sub => OType::Number,
            _ => OType::Bool,
        },
        okta::ExprKind::Ternary(_, t, f) => {
            match (
                okta_type(t, checker, depth + 1),
                okta_type(f, checker, depth + 1),
            ) {
                (OType::Bool, OType::Bool) => OType::Bool,
                (OType::Text(Some(s)), _) | (_, OType::Text(Some(s)))
                    if !s.eq_ignore_ascii_case("true") && !s.eq_ignore_ascii_case("false") =>
                {
                    OType::Text(Some(s))
                }
                _ => OType::Any,
            }
        }
        okta::ExprKind::Call(call) => match call.name.as_str() {
            "String.stringContains" | "Arrays.contains" | "Arrays.isEmpty" => OType::Bool,
            "String.len" | "Convert.toInt" | "Convert.toNum" | "Arrays.size" => OType::Number,
            name if name.starts_with("String.") => OType::Text(None),
            _ => OType::Any,
        },
        _ => OType::Any,
    }
}

/// Moves a diagnostic from evaluating mapping `c` into the configuration:
/// onto the expression string (spans inside it), the source, or Okta's
/// username format.
pub(crate) fn relocate_expression(
    loaded: &Loaded<'_>,
    object: ObjectType,
    c: &Compiled<'_, '_>,
    d: Diagnostic,
) -> Diagnostic {
    let (field, inner) = match c.kind {
        Some(MappingType::Expression) => (Field::Expression, true),
        Some(MappingType::AppUsername) => {
            return super::compile::relocate_to(
                loaded,
                &loaded.origins.username_format,
                loaded.origins.username_format_verbatim,
                d,
            );
        }
        _ => (Field::Source, false),
    };
    relocate(loaded, object, c, field, inner, d)
}

/// Checks a mapping configuration given as JSON text (scimkit's format, an
/// Entra ID provisioning schema or an Okta profile mapping) against the
/// service provider's `registry` and, optionally, its `profile`.
/// Diagnostics point into the text (JSON Pointer and span; an expression's
/// problems are spanned inside its string).
pub fn check_text(
    config_text: &str,
    registry: &Registry,
    profile: Option<&Profile>,
) -> crate::Report {
    let (loaded, _, mut diags) = super::load::load(config_text);
    if let Some(loaded) = loaded {
        diags.extend(analyze(&loaded, registry, profile).diags);
    }
    crate::Report::new(diags).locate(config_text)
}

/// Checks a typed configuration; diagnostics carry pointers in scimkit's
/// format (`/users/mappings/0/source`) and no spans.
pub fn check(
    config: &super::MappingConfig,
    registry: &Registry,
    profile: Option<&Profile>,
) -> crate::Report {
    let loaded = Loaded::typed(config.clone());
    crate::Report::new(analyze(&loaded, registry, profile).diags)
}
