//! `scimkit codes`: the diagnostic code table.

use scimkit::diagnostics::{Code, code_table_markdown};
use serde_json::json;

use crate::output::Output;
use crate::status::{Outcome, Status};

/// Runs `scimkit codes`: the core's Markdown table, or the same rows as JSON.
///
/// # Errors
/// Only when the output cannot be written.
pub fn run(output: &mut Output) -> Outcome {
    if output.is_json() {
        let rows: Vec<_> = Code::ALL
            .iter()
            .map(|c| {
                json!({
                    "code": c.as_str(),
                    "area": c.area(),
                    "severity": c.default_severity(),
                    "description": c.description(),
                })
            })
            .collect();
        output.json(&rows)?;
    } else {
        output.print(&code_table_markdown())?;
    }
    Ok(Status::Clean)
}
