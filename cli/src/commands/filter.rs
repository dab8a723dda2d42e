//! `scimkit filter parse|check|eval`: the core's filter parser, schema check
//! and evaluator.

use scimkit::diagnostics::{Diagnostic, Report};
use scimkit::filter::{Filter, Trace, parse_filter_text, print, resources_in};
use serde::Serialize;
use serde_json::Value;

use crate::args::{FilterCheckArgs, FilterEvalArgs, FilterParseArgs};
use crate::input::{self, Source};
use crate::load;
use crate::output::{Output, Stream};
use crate::status::{Outcome, Status};

/// A syntax error as `filter parse --format json` prints it.
#[derive(Debug, Serialize)]
struct ParseError<'a> {
    code: &'a str,
    /// Byte offset of the offending text in the filter.
    offset: usize,
    /// Its length in bytes.
    length: usize,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

/// Runs `scimkit filter parse`.
///
/// # Errors
/// Only when the output cannot be written.
pub fn parse(args: &FilterParseArgs, output: &mut Output) -> Outcome {
    let source = Source::inline("filter", &args.expr);
    let (filter, diagnostics) = parse_located(&args.expr, args.dialect);
    let Some(filter) = filter else {
        if output.is_json() {
            let errors: Vec<ParseError<'_>> = diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| {
                    let (start, end) = d.span.map_or((0, 0), |s| (s.start, s.end));
                    ParseError {
                        code: d.code.as_str(),
                        offset: start,
                        length: end.saturating_sub(start),
                        message: &d.message,
                        help: d.help.as_deref(),
                    }
                })
                .collect();
            output.json(&serde_json::json!({ "valid": false, "errors": errors }))?;
        } else {
            output.diagnostics(&diagnostics, &source, Stream::Out)?;
        }
        return Ok(Status::Errors);
    };
    if output.is_json() {
        // The tree is the contract of JSON output; the quirk warnings are in
        // `filter check`'s report.
        output.json(&filter)?;
    } else {
        // Quirk warnings (a dialect's accepted deviations) come before the result.
        output.diagnostics(&diagnostics, &source, Stream::Out)?;
        output.line(&print::filter(&filter))?;
    }
    Ok(Status::Clean)
}

/// Runs `scimkit filter check`.
///
/// # Errors
/// A broken `--schemas` file or an unknown `--resource-type`.
pub fn check(args: &FilterCheckArgs, output: &mut Output) -> Outcome {
    let (workspace, _) = load::workspace(&args.schemas.files, None, output)?;
    let report = workspace
        .check_filter(&args.expr, Some(&args.resource_type), args.dialect)
        .map_err(load::failure)?;
    if output.is_json() {
        output.json(&report)?;
    } else {
        let source = Source::inline("filter", &args.expr);
        output.diagnostics(&report.diagnostics, &source, Stream::Out)?;
        let verdict = output.verdict("filter", &report, Stream::Out);
        output.verdict_line(&verdict)?;
    }
    Ok(Status::from_valid(report.valid))
}

/// Runs `scimkit filter eval`.
///
/// # Errors
/// An unreadable input, a broken `--schemas` file or an unknown `--resource-type`.
pub fn eval(args: &FilterEvalArgs, output: &mut Output) -> Outcome {
    let (workspace, _) = load::workspace(&args.schemas.files, None, output)?;
    if let Some(name) = &args.resource_type {
        workspace.resource_type(name).map_err(load::failure)?;
    }

    let filter_source = Source::inline("filter", &args.expr);
    let (filter, diagnostics) = parse_located(&args.expr, args.dialect);
    let Some(filter) = filter else {
        return fail(output, Report::new(diagnostics), &filter_source);
    };
    if !output.is_json() {
        // As in `filter parse`: JSON output is the verdicts (or traces) alone.
        output.diagnostics(&diagnostics, &filter_source, Stream::Out)?;
    }

    let source = input::read_or_stdin(args.file.as_ref())?;
    if let Some(problem) = &source.problem {
        return fail(output, Report::new(vec![problem.clone()]), &source);
    }
    let evaluation = match workspace.evaluate_filter(
        &filter,
        &source.text,
        args.resource_type.as_deref(),
        args.trace,
    ) {
        Ok(evaluation) => evaluation,
        // The document's syntax, or the limit that stopped the evaluation.
        Err(e) if !e.diagnostics.is_empty() => {
            return fail(output, Report::new(e.diagnostics), &source);
        }
        Err(e) => return Err(load::failure(e)),
    };
    let single = evaluation.single;
    if args.trace {
        if output.is_json() {
            match evaluation.traces.as_slice() {
                [one] if single => output.json(one)?,
                traces => output.json(traces)?,
            }
        } else {
            let color = output.color(Stream::Out);
            // Read again only to label each resource in the human trace.
            let root = scimkit::json::parse(&source.text).ok();
            let resources = root.as_ref().map(|r| resources_in(r).0).unwrap_or_default();
            for (i, trace) in evaluation.traces.iter().enumerate() {
                let name = if single {
                    source.display.clone()
                } else {
                    let resource = resources.get(i).map(|n| n.to_value());
                    format!(
                        "resource {i}{}",
                        resource.as_ref().map_or(String::new(), label)
                    )
                };
                output.line(&format!("{name}: {}", trace.matched))?;
                let mut tree = String::new();
                render_trace(trace, 1, color, &mut tree);
                output.print(&tree)?;
            }
        }
    } else {
        match evaluation.matched.as_slice() {
            [one] if single => output.line(if *one { "true" } else { "false" })?,
            verdicts => output.json_compact(verdicts)?,
        }
    }
    Ok(Status::Clean)
}

/// Parses with `dialect` (a filter copied inside a URL, query string or
/// request line, or URL-encoded, is decoded first); diagnostics get lines and
/// columns in `text`.
fn parse_located(
    text: &str,
    dialect: scimkit::dialect::Dialect,
) -> (Option<Filter>, Vec<Diagnostic>) {
    let parsed = parse_filter_text(text, dialect);
    let report = Report::new(parsed.diagnostics).locate(text);
    (parsed.value, report.diagnostics)
}

/// Prints the problems that stop an evaluation and exits 1.
fn fail(output: &mut Output, report: Report, source: &Source) -> Outcome {
    if output.is_json() {
        output.json(&report)?;
    } else {
        output.diagnostics(&report.diagnostics, source, Stream::Out)?;
    }
    Ok(Status::Errors)
}

/// ` (userName "bjensen")`: what names a resource in the trace headers.
fn label(resource: &Value) -> String {
    ["userName", "displayName", "id"]
        .iter()
        .find_map(|key| {
            resource
                .get(*key)
                .filter(|v| v.is_string())
                .map(|v| format!(" ({key} {v})"))
        })
        .unwrap_or_default()
}

/// One line per trace node, children indented under their parent. Recursion
/// is bounded by the filter's nesting, which the parser limits.
fn render_trace(trace: &Trace, depth: usize, color: bool, out: &mut String) {
    let indent = "  ".repeat(depth);
    let (mark, paint) = if trace.matched {
        ("✓", "\x1b[32m")
    } else {
        ("✗", "\x1b[31m")
    };
    let (paint, reset, dim) = if color {
        (paint, "\x1b[0m", "\x1b[2m")
    } else {
        ("", "", "")
    };
    out.push_str(&format!(
        "{indent}{paint}{mark}{reset} {}  {dim}— {}{reset}",
        trace.expression, trace.rule
    ));
    if !trace.values.is_empty() {
        out.push_str(&format!("  values: {}", Value::Array(trace.values.clone())));
    }
    if !trace.matched_elements.is_empty() {
        let list: Vec<String> = trace
            .matched_elements
            .iter()
            .map(usize::to_string)
            .collect();
        out.push_str(&format!("  matched elements: {}", list.join(", ")));
    }
    out.push('\n');
    for child in &trace.children {
        render_trace(child, depth + 1, color, out);
    }
    for element in &trace.elements {
        out.push_str(&format!(
            "{indent}  element {}: {}\n",
            element.index,
            if element.matched {
                "matched"
            } else {
                "no match"
            }
        ));
        render_trace(&element.trace, depth + 2, color, out);
    }
}
