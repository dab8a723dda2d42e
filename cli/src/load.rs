//! Loading what commands validate against: the schema registry (`--schemas`),
//! service-provider profiles (`--profile`) and resource types.
//!
//! A broken `--schemas` or `--profile` file is a usage error (exit 2), not a
//! finding about the input: its diagnostics are printed on standard error and
//! the command stops, since validating against broken definitions would give
//! answers that mean nothing.

use std::path::{Path, PathBuf};

use scimkit::diagnostics::Report;
use scimkit::profile::{self, Profile};
use scimkit::schema::{Registry, ResourceType};

use crate::input::{self, Source};
use crate::output::{Output, Stream};
use crate::status::Failure;

/// The built-in registry, plus the definitions in `files`.
///
/// # Errors
/// When a file cannot be read, or its definitions (or the compiled registry)
/// have errors; the diagnostics are printed first. Warnings are printed and
/// loading goes on.
pub fn registry(files: &[PathBuf], output: &mut Output) -> Result<Registry, Failure> {
    if files.is_empty() {
        return Ok(Registry::builtin());
    }
    let mut builder = Registry::builder();
    let mut broken = Vec::new();
    for file in files {
        let source = input::read(file)?;
        let report = match &source.problem {
            Some(d) => Report::new(vec![d.clone()]),
            None => builder.add_json(&source.text),
        };
        output.diagnostics(&report.diagnostics, &source, Stream::Err)?;
        if !report.valid {
            broken.push(source.display);
        }
    }
    if !broken.is_empty() {
        return Err(Failure::new(format!(
            "the schema definitions in {} have errors",
            quoted_list(&broken)
        )));
    }
    let (registry, report) = builder.build();
    let source = Source::inline("--schemas", "");
    output.diagnostics(&report.diagnostics, &source, Stream::Err)?;
    if report.valid {
        Ok(registry)
    } else {
        Err(Failure::new(
            "the schema definitions given with --schemas do not fit together",
        ))
    }
}

/// A built-in profile by name, else a profile JSON file.
///
/// # Errors
/// When `arg` is neither a built-in name nor a readable file, or the file is
/// not a valid profile (its diagnostics are printed first).
pub fn profile(arg: &str, output: &mut Output) -> Result<Profile, Failure> {
    if let Some(p) = profile::find_builtin(arg) {
        return Ok(p.clone());
    }
    let path = Path::new(arg);
    if !path.exists() {
        let names: Vec<String> = profile::builtin().iter().map(|p| p.name.clone()).collect();
        return Err(Failure::new(format!(
            "`{arg}` is neither a built-in profile ({}) nor a file",
            names.join(", ")
        )));
    }
    let source = input::read(path)?;
    let result = match &source.problem {
        Some(d) => Err(Report::new(vec![d.clone()])),
        None => Profile::from_json(&source.text),
    };
    result.or_else(|report| {
        output.diagnostics(&report.diagnostics, &source, Stream::Err)?;
        Err(Failure::new(format!(
            "the profile `{}` is not valid",
            source.display
        )))
    })
}

/// The resource type named `name` (a name or an endpoint).
///
/// # Errors
/// When the registry has no such resource type; the message lists the known ones.
pub fn resource_type<'r>(registry: &'r Registry, name: &str) -> Result<&'r ResourceType, Failure> {
    registry.resource_type(name).ok_or_else(|| {
        let known: Vec<String> = registry
            .resource_types()
            .iter()
            .map(|rt| rt.name.clone())
            .collect();
        Failure::new(format!(
            "unknown resource type `{name}`; known: {}",
            known.join(", ")
        ))
    })
}

/// `` `a`, `b` and `c` ``.
fn quoted_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_naturally() {
        assert_eq!(quoted_list(&["a".into()]), "`a`");
        assert_eq!(
            quoted_list(&["a".into(), "b".into(), "c".into()]),
            "`a`, `b` and `c`"
        );
    }
}
