//! `scimkit patch apply`: the core's `Workspace::apply_patch`.

use scimkit::diagnostics::Report;
use scimkit::patch::{ChangeKind, PatchOutcome};

use crate::args::PatchApplyArgs;
use crate::input::{self, Source};
use crate::load;
use crate::output::{Output, Stream};
use crate::status::{Failure, Outcome, Status};

/// Runs `scimkit patch apply`.
///
/// # Errors
/// An unreadable file, a broken `--schemas` file, an unknown
/// `--resource-type`, or a resource whose type cannot be told.
pub fn apply(args: &PatchApplyArgs, output: &mut Output) -> Outcome {
    if input::is_stdin(&args.resource) && input::is_stdin(&args.patch) {
        return Err(Failure::new(
            "the resource and the PATCH cannot both be read from standard input",
        ));
    }
    let (workspace, _) = load::workspace(&args.schemas.files, None, output)?;
    let resource = input::read(&args.resource)?;
    let patch = input::read(&args.patch)?;
    for source in [&resource, &patch] {
        if let Some(problem) = &source.problem {
            return fail(output, Report::new(vec![problem.clone()]), source);
        }
    }
    // In human output a resource that is not JSON is shown in its own file
    // (the outcome's diagnostics point into the PATCH); JSON output keeps
    // the core's outcome.
    if !output.is_json() {
        if let Err(d) = scimkit::json::parse(&resource.text) {
            return fail(output, Report::new(vec![d]), &resource);
        }
    }
    let outcome = workspace
        .apply_patch(
            &resource.text,
            &patch.text,
            args.resource_type.as_deref(),
            args.dialect,
        )
        .map_err(|e| match e.code {
            "unknown-resource-type" if args.resource_type.is_none() => Failure::new(format!(
                "cannot tell the resource type of `{}` from its `schemas`; pass --resource-type",
                resource.display
            )),
            _ => load::failure(e),
        })?;
    let status = Status::from_valid(outcome.report.valid);
    if output.is_json() {
        output.json(&outcome)?;
        return Ok(status);
    }
    output.diagnostics(&outcome.report.diagnostics, &patch, Stream::Out)?;
    if outcome.report.valid {
        output.json(&outcome.resource)?;
        describe_changes(&outcome, output)?;
    } else {
        output.line(&format!(
            "{}: the PATCH was not applied (it is atomic: one failing operation rejects all)",
            patch.display
        ))?;
    }
    Ok(status)
}

/// Lists the changes after the resource: `added /members/1`.
fn describe_changes(outcome: &PatchOutcome, output: &mut Output) -> Result<(), Failure> {
    if outcome.changes.is_empty() {
        return output.line("no changes");
    }
    for change in &outcome.changes {
        let kind = match change.kind {
            ChangeKind::Added => "added   ",
            ChangeKind::Removed => "removed ",
            ChangeKind::Replaced => "replaced",
        };
        output.line(&format!("{kind} {}", change.path))?;
    }
    Ok(())
}

/// Prints the problems of an input that cannot be patched and exits 1; in
/// JSON, as an outcome like the core's for input that is not JSON.
fn fail(output: &mut Output, report: Report, source: &Source) -> Outcome {
    if output.is_json() {
        output.json(&PatchOutcome {
            resource: serde_json::Value::Null,
            report,
            changes: Vec::new(),
        })?;
    } else {
        output.diagnostics(&report.diagnostics, source, Stream::Out)?;
    }
    Ok(Status::Errors)
}
