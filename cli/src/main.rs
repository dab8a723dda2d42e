//! `scimkit`, the command line of the scimkit SCIM 2.0 validation toolkit.
//!
//! The CLI only adapts the core (`scimkit`): argument parsing ([`args`]),
//! reading files and standard input ([`input`]), choosing the renderer and
//! colours ([`output`]), and exit codes ([`status`]). Every check is a core
//! call, so the CLI, the npm package and the playground give the same answer.

mod args;
mod commands;
mod input;
mod load;
mod output;
mod status;

use std::process::ExitCode;

use clap::Parser;

use args::{
    Cli, Command, ExprCommand, FilterCommand, LogsCommand, MapCommand, PatchCommand, SchemasCommand,
};
use commands::{codes, explain, expr, filter, logs, map, patch, probe, schemas, validate};
use output::Output;
use status::Outcome;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error),
    };
    let mut output = Output::new(cli.format, cli.color);
    let outcome = run(&cli.command, &mut output).and_then(|status| {
        output.flush()?;
        Ok(status)
    });
    match outcome {
        Ok(status) => status.exit_code(),
        Err(failure) => {
            let _ = output.flush();
            if !failure.message.is_empty() && !failure.pipe_closed {
                output.note(&format!("scimkit: error: {failure}"));
            }
            // A script that asked for JSON reads JSON, also when the command
            // could not run.
            if output.is_json() && !output.wrote() && !failure.pipe_closed {
                let mut failure = failure.clone();
                if failure.message.is_empty() {
                    failure.message = output
                        .last_note()
                        .unwrap_or("")
                        .trim_start_matches("scimkit: error: ")
                        .to_string();
                }
                let _ = output.json(&failure.to_json());
                let _ = output.flush();
            }
            failure.exit_code()
        }
    }
}

/// clap's usage errors (exit 2) and `--help`/`--version` (exit 0); with
/// `--format json` among the arguments, a usage error is also printed as the
/// JSON error object on standard output.
fn usage_error(error: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = error.print();
        return if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        };
    }
    let _ = error.print();
    if args::json_requested(std::env::args_os().skip(1)) {
        let text = error.to_string();
        let message = text
            .lines()
            .next()
            .unwrap_or("")
            .trim_start_matches("error: ")
            .to_string();
        let failure = status::Failure::new(message);
        println!("{}", failure.to_json());
    }
    ExitCode::from(2)
}

/// Dispatches to the command.
fn run(command: &Command, output: &mut Output) -> Outcome {
    match command {
        Command::Validate(args) => validate::run(args, output),
        Command::Filter(FilterCommand::Parse(args)) => filter::parse(args, output),
        Command::Filter(FilterCommand::Check(args)) => filter::check(args, output),
        Command::Filter(FilterCommand::Eval(args)) => filter::eval(args, output),
        Command::Patch(PatchCommand::Apply(args)) => patch::apply(args, output),
        Command::Map(MapCommand::Check(args)) => map::check(args, output),
        Command::Map(MapCommand::Apply(args)) => map::apply(args, output),
        Command::Map(MapCommand::Presets(args)) => map::presets(args, output),
        Command::Expr(ExprCommand::Eval(args)) => expr::eval(args, output),
        Command::Schemas(SchemasCommand::List(args)) => schemas::list(args, output),
        Command::Schemas(SchemasCommand::Show(args)) => schemas::show(args, output),
        Command::Explain(args) => explain::run(args, output),
        Command::Logs(LogsCommand::Explain(args)) => logs::explain(args, output),
        Command::Probe(args) => probe::run(args, output),
        Command::Codes => codes::run(output),
    }
}
