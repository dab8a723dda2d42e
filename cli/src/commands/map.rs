//! `scimkit map check|apply`: identity-provider attribute mappings.
//!
//! LEAD: wire up. The mapping-configuration API (`scimkit::mapping::check_text`
//! / `apply_text` or similar: object mappings, presets, apply) is being added
//! to the core on another branch and is not in this tree. The command-line
//! interface is final (see `args::MapCheckArgs` / `args::MapApplyArgs`); until
//! the core API lands, both commands stop with a usage error (exit 2). To wire
//! them up: read MAPPING_FILE (and SOURCE_USER_FILE) with `input::read`, load
//! `--profile` with `load::profile`, call the core, then print as `validate`
//! does (report: `output.diagnostics` + `output.verdict`, or `output.json`);
//! `map apply` prints the request (method, path, body) and its report.

use crate::args::{MapApplyArgs, MapCheckArgs};
use crate::output::Output;
use crate::status::{Failure, Outcome};

const NOT_AVAILABLE: &str = "is not available in this build: the mapping-configuration API of the scimkit core is not in it yet";

/// Runs `scimkit map check` (not available yet; see the module documentation).
///
/// # Errors
/// Always, with exit status 2.
pub fn check(_args: &MapCheckArgs, _output: &mut Output) -> Outcome {
    // LEAD: wire up scimkit::mapping::check_text here.
    Err(Failure::new(format!("`scimkit map check` {NOT_AVAILABLE}")))
}

/// Runs `scimkit map apply` (not available yet; see the module documentation).
///
/// # Errors
/// Always, with exit status 2.
pub fn apply(_args: &MapApplyArgs, _output: &mut Output) -> Outcome {
    // LEAD: wire up scimkit::mapping::apply_text here.
    Err(Failure::new(format!("`scimkit map apply` {NOT_AVAILABLE}")))
}
