//! How a command ends: the exit status contract (0, 1, 2) in one place.

use std::fmt;
use std::process::ExitCode;

/// A command that ran to the end: whether the input had errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// No errors (warnings allowed): exit 0.
    Clean,
    /// The input has errors: exit 1.
    Errors,
}

impl Status {
    /// `Clean` when `valid`, else `Errors`.
    pub fn from_valid(valid: bool) -> Status {
        if valid { Status::Clean } else { Status::Errors }
    }

    /// The worse of two statuses, for commands over several inputs.
    #[must_use]
    pub fn and(self, other: Status) -> Status {
        if self == Status::Errors || other == Status::Errors {
            Status::Errors
        } else {
            Status::Clean
        }
    }

    /// The process exit code.
    pub fn exit_code(self) -> ExitCode {
        match self {
            Status::Clean => ExitCode::SUCCESS,
            Status::Errors => ExitCode::from(1),
        }
    }
}

/// A usage or I/O problem that stops a command: exit 2.
///
/// The message is one line for an admin (`cannot read \`user.json\`: No such
/// file or directory`); details already printed (such as the diagnostics of a
/// broken `--schemas` file) are not repeated in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What went wrong.
    pub message: String,
    /// Standard output was closed by its reader (`scimkit codes | head`):
    /// not an error of the command; it stops quietly with status 0, as
    /// `grep` and `ripgrep` do.
    pub pipe_closed: bool,
    /// Whether it is an input or output problem rather than a usage one
    /// (`"io"` or `"usage"` in the JSON error object).
    pub io: bool,
}

impl Failure {
    /// A failure with `message`.
    pub fn new(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            pipe_closed: false,
            io: false,
        }
    }

    /// A failure to read an input.
    pub fn io(message: impl Into<String>) -> Failure {
        Failure {
            io: true,
            ..Failure::new(message)
        }
    }

    /// The JSON object printed on standard output for `--format json`, so
    /// that a script always reads JSON: `{"error": {"code", "message"}, "exitCode": 2}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "error": {
                "code": if self.io { "io" } else { "usage" },
                "message": self.message,
            },
            "exitCode": 2,
        })
    }

    /// A failure to write output.
    pub fn write(error: &std::io::Error) -> Failure {
        Failure {
            message: format!("cannot write the output: {error}"),
            pipe_closed: error.kind() == std::io::ErrorKind::BrokenPipe,
            io: true,
        }
    }

    /// Exit status 2 (0 when the output pipe was closed).
    pub fn exit_code(&self) -> ExitCode {
        if self.pipe_closed {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(2)
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// What every command returns.
pub type Outcome = Result<Status, Failure>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_win() {
        assert_eq!(Status::Clean.and(Status::Errors), Status::Errors);
        assert_eq!(Status::Clean.and(Status::Clean), Status::Clean);
        assert_eq!(Status::from_valid(false), Status::Errors);
    }
}
