//! Where results go and how they look: the format, colour detection, and the
//! core's renderer for diagnostics.
//!
//! Diagnostics are rendered by `scimkit::diagnostics::render`, never here, so
//! the CLI, tests and the playground show them identically. This module only
//! decides colour and the stream.

use std::io::{self, BufWriter, IsTerminal, Stdout, Write};

use scimkit::diagnostics::{Diagnostic, RenderOptions, Report, Severity, escape_controls, render};
use serde::Serialize;

use crate::args::{ColorChoice, Format};
use crate::input::Source;
use crate::status::Failure;

/// Standard output and error, with the chosen format and colours.
pub struct Output {
    format: Format,
    color_out: bool,
    color_err: bool,
    out: BufWriter<Stdout>,
    /// Whether anything was written on standard output.
    wrote: bool,
    /// The last line printed on standard error.
    last_note: Option<String>,
}

/// Which stream diagnostics go to.
///
/// Every command prints its results and the diagnostics about its input on
/// standard output, so one stream holds the whole answer in order; standard
/// error is for what stops a command before it has an answer (usage and I/O
/// errors, a broken `--schemas` or `--profile` file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    /// Standard output: diagnostics about the input.
    Out,
    /// Standard error: diagnostics of a usage error (a broken `--schemas`
    /// or `--profile` file), and the probe's.
    Err,
}

impl Output {
    /// Output in `format`, coloured as `choice` and the environment say.
    pub fn new(format: Format, choice: ColorChoice) -> Output {
        Output {
            format,
            color_out: use_color(choice, io::stdout().is_terminal()),
            color_err: use_color(choice, io::stderr().is_terminal()),
            out: BufWriter::new(io::stdout()),
            wrote: false,
            last_note: None,
        }
    }

    /// The format asked for.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Whether JSON was asked for.
    pub fn is_json(&self) -> bool {
        self.format == Format::Json
    }

    /// Prints `text` on standard output, with every control character that
    /// could drive a terminal shown escaped (input reaches the output through
    /// attribute names, values and file names: `\u001b]0;…` would retitle the
    /// terminal, `\u001b[2J` clear it).
    ///
    /// # Errors
    /// When standard output cannot be written.
    pub fn print(&mut self, text: &str) -> Result<(), Failure> {
        self.print_painted(&escape_controls(text))
    }

    /// Prints `text` as it is: only for text whose escape sequences are our
    /// own colours, with everything from the input escaped already.
    fn print_painted(&mut self, text: &str) -> Result<(), Failure> {
        self.wrote = true;
        self.out
            .write_all(text.as_bytes())
            .map_err(|e| Failure::write(&e))
    }

    /// Prints one line on standard output (controls escaped, see [`Output::print`]).
    ///
    /// # Errors
    /// When standard output cannot be written.
    pub fn line(&mut self, text: &str) -> Result<(), Failure> {
        self.print(text)?;
        self.print_painted("\n")
    }

    /// Reports an input that could not be read as text (not UTF-8, too
    /// large) as its one diagnostic, and says the command ends with errors;
    /// `None` for a readable input.
    ///
    /// # Errors
    /// When standard output cannot be written.
    pub fn unreadable(
        &mut self,
        source: &Source,
    ) -> Result<Option<crate::status::Status>, Failure> {
        let Some(problem) = &source.problem else {
            return Ok(None);
        };
        let report = Report::new(vec![problem.clone()]);
        if self.is_json() {
            self.json(&report)?;
        } else {
            self.diagnostics(&report.diagnostics, source, Stream::Out)?;
        }
        Ok(Some(crate::status::Status::Errors))
    }

    /// Prints a line made by [`Output::verdict`] (its colours kept).
    ///
    /// # Errors
    /// When standard output cannot be written.
    pub fn verdict_line(&mut self, verdict: &str) -> Result<(), Failure> {
        self.print_painted(verdict)?;
        self.print_painted("\n")
    }

    /// Whether anything was written on standard output.
    pub fn wrote(&self) -> bool {
        self.wrote
    }

    /// The last line printed on standard error, if any.
    pub fn last_note(&self) -> Option<&str> {
        self.last_note.as_deref()
    }

    /// Prints one line on standard error (flushing standard output first, so
    /// the two interleave in order on a terminal), controls escaped.
    pub fn note(&mut self, text: &str) {
        self.last_note = Some(text.to_string());
        let _ = self.out.flush();
        let _ = writeln!(io::stderr().lock(), "{}", escape_controls(text));
    }

    /// Prints `value` as pretty JSON on standard output, with a final newline.
    ///
    /// # Errors
    /// When standard output cannot be written.
    pub fn json<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Failure> {
        self.wrote = true;
        serde_json::to_writer_pretty(&mut self.out, value).map_err(|e| {
            let io = io::Error::from(e);
            Failure::write(&io)
        })?;
        self.print("\n")
    }

    /// Prints `value` as compact JSON (for short values such as `[true,false]`).
    ///
    /// # Errors
    /// When standard output cannot be written.
    pub fn json_compact<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Failure> {
        self.wrote = true;
        serde_json::to_writer(&mut self.out, value).map_err(|e| {
            let io = io::Error::from(e);
            Failure::write(&io)
        })?;
        self.print("\n")
    }

    /// Renders `diagnostics` about `source` with the core's renderer.
    ///
    /// # Errors
    /// When standard output cannot be written.
    pub fn diagnostics(
        &mut self,
        diagnostics: &[Diagnostic],
        source: &Source,
        stream: Stream,
    ) -> Result<(), Failure> {
        if diagnostics.is_empty() {
            return Ok(());
        }
        let options = RenderOptions {
            color: self.color(stream),
            file_name: source.display.clone(),
        };
        let text = render(diagnostics, Some(&source.text), &options);
        match stream {
            // The renderer escapes what came from the input; its colours stay.
            Stream::Out => self.print_painted(&text),
            Stream::Err => {
                let _ = self.out.flush();
                let _ = io::stderr().lock().write_all(text.as_bytes());
                Ok(())
            }
        }
    }

    /// A one-line verdict for `name`: `user.json: valid`, `user.json: 2 errors, 1 warning`.
    pub fn verdict(&self, name: &str, report: &Report, stream: Stream) -> String {
        let count = |s: Severity| {
            report
                .diagnostics
                .iter()
                .filter(|d| d.severity == s)
                .count()
        };
        let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
        let paint = |code: &'static str| if self.color(stream) { code } else { "" };
        let mut parts = Vec::new();
        if errors > 0 {
            parts.push(plural(errors, "error"));
        }
        if warnings > 0 {
            parts.push(plural(warnings, "warning"));
        }
        let (colour, word) = if report.valid {
            ("\x1b[1;32m", "valid")
        } else {
            ("\x1b[1;31m", "invalid")
        };
        let mut line = format!(
            "{}: {}{word}{}",
            escape_controls(name),
            paint(colour),
            paint("\x1b[0m")
        );
        if !parts.is_empty() {
            line.push_str(&format!(" ({})", parts.join(", ")));
        }
        line
    }

    /// Whether `stream` gets colours.
    pub fn color(&self, stream: Stream) -> bool {
        match stream {
            Stream::Out => self.color_out,
            Stream::Err => self.color_err,
        }
    }

    /// Flushes standard output.
    ///
    /// # Errors
    /// When standard output cannot be written.
    pub fn flush(&mut self) -> Result<(), Failure> {
        self.out.flush().map_err(|e| Failure::write(&e))
    }
}

/// `1 error`, `2 errors`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Colour when asked, or when the stream is a terminal and the environment
/// does not object (<https://no-color.org>: a non-empty `NO_COLOR`; `TERM=dumb`).
fn use_color(choice: ColorChoice, is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
            is_terminal && !no_color && !dumb
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_choice_wins_over_detection() {
        assert!(use_color(ColorChoice::Always, false));
        assert!(!use_color(ColorChoice::Never, true));
        assert!(!use_color(ColorChoice::Auto, false));
    }

    #[test]
    fn plurals() {
        assert_eq!(plural(1, "error"), "1 error");
        assert_eq!(plural(0, "warning"), "0 warnings");
    }
}
