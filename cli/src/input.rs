//! Reading files and standard input: each input once, into one buffer.
//!
//! A file is read with one `read_to_end` into a buffer sized from its
//! metadata, and the buffer becomes the `String` without a copy when it is
//! UTF-8. Reading stops one byte past [`MAX_DOCUMENT_BYTES`]: a larger input
//! could not be validated anyway (the core refuses it), so the CLI reports
//! `limit-document-size` without holding gigabytes in memory.
//!
//! Text that is not UTF-8 is not a crash and not an I/O error: JSON must be
//! UTF-8 (RFC 8259 §8.1), so it is a `json-syntax` diagnostic at the byte
//! offset of the first invalid byte, and the command reports it like any other
//! problem in the input.

use std::fs::File;
use std::io::{self, IsTerminal, Read};
use std::path::{Path, PathBuf};

use scimkit::diagnostics::{Code, Diagnostic, Span};
use scimkit::limits::MAX_DOCUMENT_BYTES;

use crate::status::Failure;

/// One input, read.
#[derive(Debug)]
pub struct Source {
    /// The argument as given (`-` for standard input), for JSON output.
    pub arg: String,
    /// The name printed before positions: the path, or `<stdin>`.
    pub display: String,
    /// The text. When the input was not UTF-8 this is a lossy copy, used only
    /// to show the offending line; [`Source::problem`] says what was wrong.
    pub text: String,
    /// Why the text cannot be used as it is (not UTF-8, too large).
    pub problem: Option<Diagnostic>,
}

impl Source {
    /// A source made from a command-line argument (an expression or filter),
    /// named `name` in diagnostics.
    pub fn inline(name: &str, text: &str) -> Source {
        Source {
            arg: name.to_string(),
            display: name.to_string(),
            text: text.to_string(),
            problem: None,
        }
    }
}

/// Whether `path` means standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Standard input can be read once: a second `-` would read nothing and be
/// reported as an empty document.
///
/// # Errors
/// A usage [`Failure`] when `-` stands for more than one of `paths`.
pub fn stdin_at_most_once<'p>(paths: impl IntoIterator<Item = &'p Path>) -> Result<(), Failure> {
    if paths.into_iter().filter(|p| is_stdin(p)).count() > 1 {
        return Err(Failure::new(
            "`-` (standard input) is given more than once; standard input can be read only once: save the other document to a file",
        ));
    }
    Ok(())
}

/// Reads `path` (`-`: standard input).
///
/// # Errors
/// A [`Failure`] naming the file when it cannot be opened or read.
pub fn read(path: &Path) -> Result<Source, Failure> {
    let (arg, display) = if is_stdin(path) {
        ("-".to_string(), "<stdin>".to_string())
    } else {
        let shown = path.display().to_string();
        (shown.clone(), shown)
    };
    let cannot = |e: io::Error| Failure::io(format!("cannot read `{display}`: {e}"));
    let limit = u64::try_from(MAX_DOCUMENT_BYTES)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    let mut bytes = Vec::new();
    if is_stdin(path) {
        if io::stdin().is_terminal() {
            // Someone typed `scimkit validate` alone: say why nothing happens.
            eprintln!("scimkit: reading standard input (end with Ctrl-D)");
        }
        io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut bytes)
            .map_err(cannot)?;
    } else {
        let file = File::open(path).map_err(cannot)?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        if size.saturating_add(1) > limit {
            return Ok(too_large(arg, display, Some(size)));
        }
        // One allocation of the right size (plus one byte to see the end).
        bytes.reserve_exact(usize::try_from(size).unwrap_or(0).saturating_add(1));
        file.take(limit).read_to_end(&mut bytes).map_err(cannot)?;
    }
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Ok(too_large(arg, display, None));
    }
    Ok(from_bytes(arg, display, bytes))
}

/// Reads an optional path, standard input when `None`.
///
/// # Errors
/// As [`read`].
pub fn read_or_stdin(path: Option<&PathBuf>) -> Result<Source, Failure> {
    match path {
        Some(p) => read(p),
        None => read(Path::new("-")),
    }
}

/// The source for `bytes`, with a diagnostic when they are not UTF-8.
fn from_bytes(arg: String, display: String, bytes: Vec<u8>) -> Source {
    match String::from_utf8(bytes) {
        Ok(text) => Source {
            arg,
            display,
            text,
            problem: None,
        },
        Err(e) => {
            let utf8 = e.utf8_error();
            let bytes = e.into_bytes();
            let start = utf8.valid_up_to();
            let end = start + utf8.error_len().unwrap_or(bytes.len() - start);
            let bad: Vec<String> = bytes
                .get(start..end)
                .unwrap_or_default()
                .iter()
                .map(|b| format!("0x{b:02X}"))
                .collect();
            // The prefix before the bad byte is valid, so line and column are exact.
            let prefix = std::str::from_utf8(bytes.get(..start).unwrap_or_default()).unwrap_or("");
            let at = Span::locate(prefix, start, start);
            let diagnostic = Diagnostic::new(
                Code::JsonSyntax,
                "",
                format!(
                    "the text is not valid UTF-8: invalid byte{} {} at line {}, column {}",
                    if bad.len() == 1 { "" } else { "s" },
                    bad.join(" "),
                    at.line,
                    at.column
                ),
            )
            .with_span(Span { end, ..at })
            .with_help(
                "JSON text must be encoded in UTF-8 (RFC 8259 §8.1); re-save the file as UTF-8",
            );
            Source {
                arg,
                display,
                text: String::from_utf8_lossy(&bytes).into_owned(),
                problem: Some(diagnostic),
            }
        }
    }
}

fn too_large(arg: String, display: String, size: Option<u64>) -> Source {
    let size = size.map_or_else(
        || "more than".to_string(),
        |s| format!("{s} bytes, more than"),
    );
    Source {
        arg,
        display,
        text: String::new(),
        problem: Some(Diagnostic::new(
            Code::LimitDocumentSize,
            "",
            format!(
                "the document is {size} the {MAX_DOCUMENT_BYTES} bytes scimkit reads; it was not read"
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn utf8_text_is_kept_without_problem() {
        let s = from_bytes("a".into(), "a".into(), b"{\"a\":\"\xC3\xA9\"}".to_vec());
        assert!(s.problem.is_none());
        assert_eq!(s.text, "{\"a\":\"é\"}");
    }

    #[test]
    fn invalid_utf8_is_a_located_diagnostic() {
        let s = from_bytes("a".into(), "a".into(), b"{\n  \"a\": \"x\xFFy\"}".to_vec());
        let d = s.problem.unwrap();
        assert_eq!(d.code, Code::JsonSyntax);
        let span = d.span.unwrap();
        assert_eq!(
            (span.start, span.end, span.line, span.column),
            (11, 12, 2, 10)
        );
        assert!(
            d.message.contains("0xFF at line 2, column 10"),
            "{}",
            d.message
        );
    }

    #[test]
    fn truncated_sequence_at_the_end_spans_to_the_end() {
        let s = from_bytes("a".into(), "a".into(), b"\"\xE2\x82".to_vec());
        let span = s.problem.unwrap().span.unwrap();
        assert_eq!((span.start, span.end), (1, 3));
    }
}
