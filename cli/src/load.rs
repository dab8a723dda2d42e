//! Loading what commands validate against into the core's `Workspace`: the
//! schema definitions (`--schemas`) and a service-provider profile
//! (`--profile`).
//!
//! A broken `--schemas` or `--profile` file is a usage error (exit 2), not a
//! finding about the input: its diagnostics are printed on standard error and
//! the command stops, since validating against broken definitions would give
//! answers that mean nothing.

use std::path::{Path, PathBuf};

use scimkit::profile;
use scimkit::workspace::{Workspace, WorkspaceError};

use crate::input::{self, Source};
use crate::output::{Output, Stream};
use crate::status::Failure;

/// The core's workspace for a command: the built-in definitions plus the
/// `--schemas` files and a `--profile` (a built-in name or a profile file),
/// and the name of that profile for the workspace's requests.
///
/// # Errors
/// As [`registry`] and [`profile`]: unreadable files, or definitions with
/// errors (their diagnostics are printed first, with the file's name).
pub fn workspace(
    files: &[PathBuf],
    profile_arg: Option<&str>,
    output: &mut Output,
) -> Result<(Workspace, Option<String>), Failure> {
    let mut sources = Vec::new();
    for file in files {
        let source = input::read(file)?;
        if let Some(d) = &source.problem {
            output.diagnostics(std::slice::from_ref(d), &source, Stream::Err)?;
            return Err(Failure::new(format!(
                "the schema definitions in {} have errors",
                quoted_list(std::slice::from_ref(&source.display))
            )));
        }
        sources.push(source);
    }
    // A built-in profile is named; a file is loaded into the workspace.
    let profile_file = match profile_arg {
        Some(arg) if profile::find_builtin(arg).is_none() => Some(profile_source(arg)?),
        _ => None,
    };
    let schema_texts: Vec<&str> = sources.iter().map(|s| s.text.as_str()).collect();
    let profile_texts: Vec<&str> = profile_file.iter().map(|s| s.text.as_str()).collect();
    let workspace = Workspace::new(&schema_texts, &profile_texts);
    let mut broken = Vec::new();
    for input in &workspace.setup().inputs {
        let source = match input.kind {
            "schemas" => sources.get(input.index),
            _ => profile_file.as_ref(),
        };
        let inline = Source::inline("--schemas", "");
        output.diagnostics(
            &input.report.diagnostics,
            source.unwrap_or(&inline),
            Stream::Err,
        )?;
        if !input.report.valid {
            broken.push((
                input.kind,
                source.map_or("--schemas".to_string(), |s| s.display.clone()),
            ));
        }
    }
    if let Some((kind, name)) = broken.first() {
        return Err(Failure::new(if *kind == "profiles" {
            format!("the profile `{name}` is not valid")
        } else if broken.iter().any(|(_, n)| n == "--schemas") {
            "the schema definitions given with --schemas do not fit together".to_string()
        } else {
            let names: Vec<String> = broken.iter().map(|(_, n)| n.clone()).collect();
            format!(
                "the schema definitions in {} have errors",
                quoted_list(&names)
            )
        }));
    }
    let profile_name = match (profile_arg, workspace.profiles().first()) {
        (Some(_), Some(p)) if profile_file.is_some() => Some(p.name.clone()),
        (Some(arg), _) => Some(arg.to_string()),
        (None, _) => None,
    };
    Ok((workspace, profile_name))
}

/// A profile file named by `--profile`, when it is no built-in name.
fn profile_source(arg: &str) -> Result<Source, Failure> {
    let path = Path::new(arg);
    if !path.exists() {
        let names: Vec<String> = profile::builtin().iter().map(|p| p.name.clone()).collect();
        return Err(Failure::new(format!(
            "`{arg}` is neither a built-in profile ({}) nor a file",
            names.join(", ")
        )));
    }
    input::read(path)
}

/// The usage error a workspace request can end in (an unknown name).
pub fn failure(e: WorkspaceError) -> Failure {
    Failure::new(e.message)
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
