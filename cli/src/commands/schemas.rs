//! `scimkit schemas list|show`: what the registry holds.

use scimkit::schema::{Attribute, Mutability, Returned, Uniqueness};
use serde_json::json;

use crate::args::{SchemasListArgs, SchemasShowArgs};
use crate::load;
use crate::output::Output;
use crate::status::{Failure, Outcome, Status};

/// Runs `scimkit schemas list`.
///
/// # Errors
/// A broken `--schemas` file.
pub fn list(args: &SchemasListArgs, output: &mut Output) -> Outcome {
    let (workspace, _) = load::workspace(&args.schemas.files, None, output)?;
    let registry = workspace.registry();
    if output.is_json() {
        let schemas: Vec<_> = registry
            .schemas()
            .iter()
            .map(|s| {
                json!({
                    "id": s.id,
                    "name": s.name,
                    "description": s.description,
                    "attributes": s.attributes.len(),
                })
            })
            .collect();
        output.json(&json!({
            "schemas": schemas,
            "resourceTypes": registry.resource_types(),
        }))?;
        return Ok(Status::Clean);
    }
    let id_width = registry
        .schemas()
        .iter()
        .map(|s| s.id.len())
        .max()
        .unwrap_or(0);
    let name_width = registry
        .schemas()
        .iter()
        .map(|s| s.name.as_deref().unwrap_or("").len())
        .max()
        .unwrap_or(0);
    output.line("Schemas:")?;
    for s in registry.schemas() {
        output.line(&format!(
            "  {:id_width$}  {:name_width$}  {} attributes",
            s.id,
            s.name.as_deref().unwrap_or(""),
            s.attributes.len()
        ))?;
    }
    output.line("")?;
    output.line("Resource types:")?;
    let rt_width = registry
        .resource_types()
        .iter()
        .map(|rt| rt.name.len())
        .max()
        .unwrap_or(0);
    let ep_width = registry
        .resource_types()
        .iter()
        .map(|rt| rt.endpoint.len())
        .max()
        .unwrap_or(0);
    for rt in registry.resource_types() {
        output.line(&format!(
            "  {:rt_width$}  {:ep_width$}  {}",
            rt.name, rt.endpoint, rt.schema
        ))?;
        for e in &rt.schema_extensions {
            output.line(&format!(
                "  {:rt_width$}  {:ep_width$}  + {} ({})",
                "",
                "",
                e.schema,
                if e.required { "required" } else { "optional" }
            ))?;
        }
    }
    Ok(Status::Clean)
}

/// Runs `scimkit schemas show`.
///
/// # Errors
/// A broken `--schemas` file, or no schema of that name or URN.
pub fn show(args: &SchemasShowArgs, output: &mut Output) -> Outcome {
    let (workspace, _) = load::workspace(&args.schemas.files, None, output)?;
    let registry = workspace.registry();
    let schema = registry.find_schema(&args.name).ok_or_else(|| {
        let known: Vec<&str> = registry
            .schemas()
            .iter()
            .map(|s| s.name.as_deref().unwrap_or(&s.id))
            .collect();
        Failure::new(format!(
            "no schema named `{}`; known: {} (or their URNs)",
            args.name,
            known.join(", ")
        ))
    })?;
    if output.is_json() {
        output.json(schema)?;
        return Ok(Status::Clean);
    }
    match &schema.name {
        Some(name) => output.line(&format!("{} ({name})", schema.id))?,
        None => output.line(&schema.id)?,
    }
    if let Some(description) = &schema.description {
        output.line(description)?;
    }
    output.line("")?;
    let width = name_width(&schema.attributes, 0);
    for attribute in &schema.attributes {
        for line in describe(attribute, 1, width) {
            output.line(&line)?;
        }
    }
    Ok(Status::Clean)
}

/// The widest `indent + name` among attributes and their sub-attributes.
fn name_width(attributes: &[Attribute], depth: usize) -> usize {
    attributes
        .iter()
        .map(|a| (2 * depth + a.name.len()).max(name_width(&a.sub_attributes, depth + 1)))
        .max()
        .unwrap_or(0)
}

/// `  emails      complex[]  optional  readWrite  returned default`, then its
/// sub-attributes indented (complex attributes nest one level, RFC 7643 §2.3.8).
fn describe(a: &Attribute, depth: usize, width: usize) -> Vec<String> {
    let name = format!("{}{}", "  ".repeat(depth - 1), a.name);
    let kind = format!(
        "{}{}",
        a.kind.as_str(),
        if a.multi_valued { "[]" } else { "" }
    );
    let required = if a.required { "required" } else { "optional" };
    let mutability = match a.mutability {
        Mutability::ReadOnly => "readOnly",
        Mutability::ReadWrite => "readWrite",
        Mutability::Immutable => "immutable",
        Mutability::WriteOnly => "writeOnly",
    };
    let returned = match a.returned {
        Returned::Always => "always",
        Returned::Never => "never",
        Returned::Default => "default",
        Returned::Request => "request",
    };
    // The first three characteristics always exist: aligned columns.
    let mut traits = vec![format!(
        "{required:8}  {mutability:9}  returned {returned:7}"
    )];
    match a.uniqueness {
        Uniqueness::None => {}
        Uniqueness::Server => traits.push("unique (server)".to_string()),
        Uniqueness::Global => traits.push("unique (global)".to_string()),
    }
    if a.case_exact {
        traits.push("caseExact".to_string());
    }
    if !a.canonical_values.is_empty() {
        traits.push(format!("canonical: {}", a.canonical_values.join(", ")));
    }
    if !a.reference_types.is_empty() {
        traits.push(format!("references: {}", a.reference_types.join(", ")));
    }
    let line = format!("  {name:width$}  {kind:11}  {}", traits.join("  "));
    let mut lines = vec![line.trim_end().to_string()];
    for sub in &a.sub_attributes {
        lines.extend(describe(sub, depth + 1, width));
    }
    lines
}
