//! Compiling a configuration against a registry: each target parsed with the
//! core path grammar and resolved to its attribute, each mapping's value
//! turned into something that can be evaluated (an Entra or Okta expression,
//! a constant, Okta's username format). Check and apply both start here.

use crate::diagnostics::{Code, Diagnostic};
use crate::filter::{CompValue, CompareOp, Filter, Path, parse_path, print};
use crate::schema::{Attribute, Registry, Resolved, ResourceType};

use super::config::{IdentityProvider, Mapping, MappingType, ObjectType};
use super::load::Loaded;
use super::okta::AppUsernameFormat;
use super::origin::Field;
use super::{TextRange, entra, okta};

/// What computes a mapping's value.
#[derive(Debug, Clone)]
pub(crate) enum Program {
    /// An Entra expression (direct mappings are `[source]`).
    Entra(entra::Expression),
    /// An Okta expression (direct mappings are `user.source`).
    Okta(okta::Expression),
    /// A constant string.
    Constant(String),
    /// Okta's application username format.
    AppUsername(AppUsernameFormat),
    /// Nothing: Entra's "None", or a mapping that did not compile.
    Nothing,
}

/// A resolved target attribute.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TargetAttr<'r> {
    /// The top-level attribute.
    pub attribute: &'r Attribute,
    /// The attribute the value is written to (a sub-attribute, or the top one).
    pub leaf: &'r Attribute,
    /// Whether the leaf is a sub-attribute.
    pub has_sub: bool,
    /// The extension schema URI the attribute lives under, when not core.
    pub extension: Option<&'r str>,
    /// Whether an extension attribute was written without its URN.
    pub unqualified: bool,
}

/// One mapping, compiled.
#[derive(Debug, Clone)]
pub(crate) struct Compiled<'c, 'r> {
    pub index: usize,
    pub mapping: &'c Mapping,
    pub kind: Option<MappingType>,
    /// The parsed target path, when it parses.
    pub path: Option<Path>,
    /// The target printed canonically (or as written when it does not parse).
    pub target: String,
    /// The resolved target, when it resolves.
    pub attr: Option<TargetAttr<'r>>,
    /// The element selector of a filtered multi-valued target, as
    /// sub-attribute/value pairs (`type eq "work"` → `[("type", "work")]`),
    /// when the filter is made of `eq` comparisons joined by `and`.
    pub selector: Option<Vec<(String, CompValue)>>,
    pub program: Program,
}

impl Compiled<'_, '_> {
    /// The source attribute of a direct mapping.
    pub(crate) fn direct_source(&self) -> Option<&str> {
        (self.kind == Some(MappingType::Direct))
            .then_some(self.mapping.source.as_deref())
            .flatten()
    }

    /// Whether the program failed to compile (so later checks stay quiet).
    pub(crate) fn is_broken(&self) -> bool {
        matches!(self.program, Program::Nothing) && !matches!(self.kind, Some(MappingType::None))
    }
}

/// The compiled mappings of one object type.
#[derive(Debug)]
pub(crate) struct CompiledObject<'c, 'r> {
    pub object: ObjectType,
    pub rt: Option<&'r ResourceType>,
    pub mappings: Vec<Compiled<'c, 'r>>,
}

/// Compiles every mapping of `object`, reporting syntax problems.
pub(crate) fn compile_object<'c, 'r>(
    loaded: &'c Loaded<'_>,
    registry: &'r Registry,
    object: ObjectType,
    diags: &mut Vec<Diagnostic>,
) -> Option<CompiledObject<'c, 'r>> {
    let config = &loaded.config;
    let om = config.object(object)?;
    let rt = registry.resource_type(object.resource_type());
    if rt.is_none() {
        diags.push(loaded.at_pointer(
            Code::MappingUnknownTarget,
            &loaded.origins.object(object).object,
            None,
            format!(
                "the service provider has no {} resource type, so these mappings have nowhere to go",
                object.resource_type()
            ),
        ));
    }
    let idp = config.identity_provider;
    let mut mappings = Vec::with_capacity(om.mappings.len());
    for (index, mapping) in om.mappings.iter().enumerate() {
        let mut c = Compiled {
            index,
            mapping,
            kind: mapping.mapping_type(),
            path: None,
            target: mapping.target.trim().to_string(),
            attr: None,
            selector: None,
            program: Program::Nothing,
        };
        compile_target(loaded, registry, rt, object, &mut c, diags);
        c.program = compile_program(loaded, idp, object, &c, diags);
        mappings.push(c);
    }
    Some(CompiledObject {
        object,
        rt,
        mappings,
    })
}

fn compile_target<'r>(
    loaded: &Loaded<'_>,
    registry: &'r Registry,
    rt: Option<&'r ResourceType>,
    object: ObjectType,
    c: &mut Compiled<'_, 'r>,
    diags: &mut Vec<Diagnostic>,
) {
    let index = c.index;
    let target_problem = |code: Code, message: String| {
        loaded.at_mapping(code, object, index, Some(Field::Target), None, message)
    };
    let text = c.mapping.target.as_str();
    let path = match parse_path(text) {
        Ok(path) => path,
        Err(errors) => {
            for e in errors {
                let inner = e.span.map(|s| TextRange::new(s.start, s.end));
                diags.push(
                    loaded.at_mapping(
                        Code::MappingInvalid,
                        object,
                        index,
                        Some(Field::Target),
                        inner,
                        format!("the target `{text}` is not a SCIM attribute path: {}", e.message),
                    )
                    .with_help("write a SCIM path such as userName, name.givenName, emails[type eq \"work\"].value or urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"),
                );
            }
            return;
        }
    };
    c.target = print::path(&path);
    let Some(rt) = rt else {
        c.path = Some(path);
        return;
    };
    if path.filter.is_none() {
        if let Some(schema) =
            crate::schema::resolve::resolve_extension(registry, rt, &path.attribute)
        {
            diags.push(target_problem(
                Code::MappingUnknownTarget,
                format!(
                    "`{}` names the whole extension `{}`, not one of its attributes",
                    c.target, schema.id
                ),
            ));
            return;
        }
    }
    let resolved = registry.resolve(rt, &path.attribute);
    match resolved {
        Ok(Resolved {
            extension,
            attr: attribute,
            sub: sub_attribute,
            unqualified: unqualified_extension,
        }) => {
            let extension = extension.map(|s| s.id.as_str());
            let mut leaf = sub_attribute.unwrap_or(attribute);
            let mut has_sub = sub_attribute.is_some();
            let mut ok = true;
            if let Some(filter) = &path.filter {
                if !attribute.multi_valued {
                    ok = false;
                    diags.push(target_problem(
                        Code::MappingInvalid,
                        format!(
                            "`{}` is single-valued, so the filter in `{}` selects nothing",
                            attribute.name, c.target
                        ),
                    ));
                } else {
                    c.selector = selector(filter);
                    match &path.sub_attr {
                        Some(sub) => match attribute.sub_attribute(sub) {
                            Some(s) => {
                                leaf = s;
                                has_sub = true;
                            }
                            None => {
                                ok = false;
                                diags.push(target_problem(
                                    Code::MappingUnknownTarget,
                                    format!(
                                        "`{sub}` is not a sub-attribute of `{}`",
                                        attribute.name
                                    ),
                                ));
                            }
                        },
                        None => {
                            leaf = attribute;
                            has_sub = false;
                        }
                    }
                    if let Some(problem) = filter_problem(filter, attribute) {
                        ok = false;
                        diags.push(target_problem(Code::MappingUnknownTarget, problem));
                    }
                }
            }
            if ok {
                c.attr = Some(TargetAttr {
                    attribute,
                    leaf,
                    has_sub,
                    extension,
                    unqualified: unqualified_extension,
                });
            }
        }
        Err(e) => {
            let mut msg = format!(
                "the service provider's {} has no attribute `{}`",
                object.resource_type(),
                c.target
            );
            match e.help() {
                Some(suggestion) => msg = format!("{msg}; {suggestion}"),
                None => msg = format!("{msg}: {}", e.message(object.resource_type())),
            }
            let console = super::explain::Console::new(&loaded.config, object);
            let help = format!(
                "pick a target the service provider has, or delete the mapping ({}); if the service provider does have it, load its schema (custom attributes need their extension schema, and Entra ID custom targets are written urn:ietf:params:scim:schemas:extension:<Name>:2.0:User:<attribute>, added in {})",
                console.mappings(),
                console.target_list()
            );
            diags.push(
                loaded
                    .at_mapping(
                        Code::MappingUnknownTarget,
                        object,
                        index,
                        Some(Field::Target),
                        None,
                        msg,
                    )
                    .with_help(help),
            );
        }
    }
    c.path = Some(path);
}

/// `a eq "x" and b eq true` → `[(a, "x"), (b, true)]`; anything else → None.
fn selector(filter: &Filter) -> Option<Vec<(String, CompValue)>> {
    let mut out = Vec::new();
    let mut stack = vec![filter];
    while let Some(f) = stack.pop() {
        match f {
            Filter::And { left, right } => {
                stack.push(right);
                stack.push(left);
            }
            Filter::Compare {
                attribute,
                op: CompareOp::Eq,
                value,
                ..
            } if attribute.uri.is_none() && attribute.sub_attr.is_none() => {
                out.push((attribute.name.clone(), value.clone()));
            }
            _ => return None,
        }
    }
    Some(out)
}

/// Names in a target's filter must be sub-attributes of the filtered attribute.
fn filter_problem(filter: &Filter, attribute: &Attribute) -> Option<String> {
    let mut stack = vec![filter];
    while let Some(f) = stack.pop() {
        match f {
            Filter::And { left, right } | Filter::Or { left, right } => {
                stack.push(right);
                stack.push(left);
            }
            Filter::Not { filter, .. } => stack.push(filter),
            Filter::Present { attribute: a, .. } | Filter::Compare { attribute: a, .. } => {
                let known = if attribute.sub_attributes.is_empty() {
                    a.name.eq_ignore_ascii_case("value")
                } else {
                    attribute.sub_attribute(&a.name).is_some()
                };
                if !known {
                    return Some(format!(
                        "`{}` is not a sub-attribute of `{}`, so the filter cannot select elements by it",
                        a.name, attribute.name
                    ));
                }
            }
            Filter::ValuePath { .. } => {
                return Some("a target's filter cannot contain another `[…]`".to_string());
            }
        }
    }
    None
}

/// Whether `name` can be written inside `[…]` (Entra) or after `user.` (Okta).
fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '$'))
}

fn compile_program(
    loaded: &Loaded<'_>,
    idp: IdentityProvider,
    object: ObjectType,
    c: &Compiled<'_, '_>,
    diags: &mut Vec<Diagnostic>,
) -> Program {
    let m = c.mapping;
    let index = c.index;
    let mut err = |field: Field, message: String| {
        diags.push(loaded.at_mapping(
            Code::MappingInvalid,
            object,
            index,
            Some(field),
            None,
            message,
        ));
        Program::Nothing
    };
    let Some(kind) = c.kind else {
        return err(
            Field::Type,
            format!(
                "the mapping of `{}` needs exactly one of \"source\" (direct), \"value\" (constant) or \"expression\", or a \"type\"",
                m.target
            ),
        );
    };
    // What a mapping of each type must have: the member and its field.
    let lacks = |kind: &str, member: &str| {
        format!("the {kind} mapping of `{}` has no \"{member}\"", m.target)
    };
    match kind {
        MappingType::Direct => {
            let Some(source) = m.source.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
                return err(Field::Source, lacks("direct", "source"));
            };
            if !plain_name(source) {
                return err(
                    Field::Source,
                    format!(
                        "`{source}` is not an attribute name; use an expression mapping for computed values"
                    ),
                );
            }
            let text = match idp {
                IdentityProvider::Entra => format!("[{source}]"),
                IdentityProvider::Okta => format!("user.{source}"),
            };
            expression(loaded, idp, object, c, &text, Field::Source, false, diags)
        }
        MappingType::Expression => match m.expression.as_deref() {
            Some(text) => expression(loaded, idp, object, c, text, Field::Expression, true, diags),
            None => err(Field::Expression, lacks("expression", "expression")),
        },
        MappingType::Constant => match &m.value {
            Some(v) => Program::Constant(v.clone()),
            None => err(Field::Value, lacks("constant", "value")),
        },
        MappingType::None if idp == IdentityProvider::Okta => err(
            Field::Type,
            "Okta mappings have no type \"none\"; remove the mapping instead".into(),
        ),
        MappingType::None => Program::Nothing,
        MappingType::AppUsername => {
            if idp == IdentityProvider::Entra {
                return err(
                    Field::Type,
                    "type \"appUsername\" is Okta's \"Configured in Sign On settings\"; Entra ID maps userName like any other attribute".into(),
                );
            }
            let format = loaded.config.okta.username_format.0.clone();
            if let AppUsernameFormat::Custom(text) = &format {
                // Report the custom expression's own syntax errors.
                if let Err(report) = okta::Expression::parse(text) {
                    for d in report.diagnostics {
                        diags.push(relocate_to(
                            loaded,
                            &loaded.origins.username_format,
                            loaded.origins.username_format_verbatim,
                            d,
                        ));
                    }
                    return Program::Nothing;
                }
            }
            Program::AppUsername(format)
        }
    }
}

/// A diagnostic from an expression, moved to `pointer` in the configuration
/// (spans inside the string kept when `verbatim`).
pub(crate) fn relocate_to(
    loaded: &Loaded<'_>,
    pointer: &str,
    verbatim: bool,
    d: Diagnostic,
) -> Diagnostic {
    let inner = d
        .span
        .filter(|_| verbatim)
        .map(|s| TextRange::new(s.start, s.end));
    let mut moved = loaded.at_pointer(d.code, pointer, inner, d.message);
    moved.severity = d.severity;
    moved.help = d.help;
    moved
}

/// Moves an expression's diagnostic onto `field` of mapping `c`.
pub(crate) fn relocate(
    loaded: &Loaded<'_>,
    object: ObjectType,
    c: &Compiled<'_, '_>,
    field: Field,
    inner_spans: bool,
    d: Diagnostic,
) -> Diagnostic {
    let inner = d
        .span
        .filter(|_| inner_spans)
        .map(|s| TextRange::new(s.start, s.end));
    let mut moved = loaded.at_mapping(d.code, object, c.index, Some(field), inner, d.message);
    moved.severity = d.severity;
    moved.help = d.help;
    moved
}

#[allow(clippy::too_many_arguments)]
fn expression(
    loaded: &Loaded<'_>,
    idp: IdentityProvider,
    object: ObjectType,
    c: &Compiled<'_, '_>,
    text: &str,
    field: Field,
    inner_spans: bool,
    diags: &mut Vec<Diagnostic>,
) -> Program {
    let (program, report) = match idp {
        IdentityProvider::Entra => match entra::Expression::parse(text) {
            Ok(e) => {
                let r = e.check();
                (Program::Entra(e), r)
            }
            Err(r) => (Program::Nothing, r),
        },
        IdentityProvider::Okta => match okta::Expression::parse(text) {
            Ok(e) => {
                let r = e.check();
                (Program::Okta(e), r)
            }
            Err(r) => (Program::Nothing, r),
        },
    };
    let failed = !report.valid;
    for d in report.diagnostics {
        diags.push(relocate(loaded, object, c, field, inner_spans, d));
    }
    if failed { Program::Nothing } else { program }
}
