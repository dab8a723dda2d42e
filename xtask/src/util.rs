//! Paths, running processes, and measuring sizes: shared by every command.

use std::ffi::OsStr;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Errors are messages for the person at the terminal.
pub type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root (xtask lives one level below it).
///
/// Read at run time (`cargo run` sets `CARGO_MANIFEST_DIR`) so that one built
/// xtask binary is not tied to the folder it was compiled in.
pub fn root() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    manifest
        .parent()
        .map_or_else(|| manifest.clone(), Path::to_path_buf)
}

/// Cargo's target directory: `$CARGO_TARGET_DIR` (relative to the root) or `target/`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => root().join(dir),
        _ => root().join("target"),
    }
}

/// Where `cargo install` puts the pipeline's tools (wasm-bindgen, trunk), one
/// folder per tool and version (`target/tools/trunk-0.21.14/bin/trunk`), so
/// switching toolchains or bumping Cargo.lock never reinstalls a version that
/// is already there. Project-local: the machine's `~/.cargo/bin` is never touched.
pub fn tools_root() -> PathBuf {
    target_dir().join("tools")
}

/// `PATH` with `dir` first.
pub fn path_with(dir: &Path) -> std::ffi::OsString {
    let mut paths = vec![dir.to_path_buf()];
    if let Some(path) = std::env::var_os("PATH") {
        paths.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(paths).unwrap_or_default()
}

/// A command run from the workspace root.
///
/// `cargo xtask` runs under rustup's proxy, which pins the toolchain it chose
/// in `RUSTUP_TOOLCHAIN` for every child. When that choice was only rustup's
/// default, it is dropped so that children follow the default as it is *now*:
/// `../shared/toolchain/setup` may switch the default to a wasm-capable
/// toolchain while xtask runs.
pub fn cmd(program: impl AsRef<OsStr>) -> Command {
    let mut command = Command::new(program);
    command.current_dir(root());
    if std::env::var_os("RUSTUP_TOOLCHAIN_SOURCE").is_some_and(|s| s == "default") {
        command
            .env_remove("RUSTUP_TOOLCHAIN")
            .env_remove("RUSTUP_TOOLCHAIN_SOURCE");
    }
    command
}

/// `cargo` from `PATH` (rustup's proxy), never `$CARGO`: see [`cmd`].
pub fn cargo() -> Command {
    cmd("cargo")
}

fn describe(command: &Command) -> String {
    let mut line = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        line.push(' ');
        line.push_str(&arg.to_string_lossy());
    }
    line
}

/// Runs `command` with inherited output; fails unless it exits with 0.
pub fn run(command: &mut Command) -> Result {
    let line = describe(command);
    println!("$ {line}");
    let _ = std::io::stdout().flush();
    let status = command
        .status()
        .map_err(|e| format!("could not start `{line}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{line}` failed ({status})"))
    }
}

/// Runs `command` with its output written to `log` instead of the
/// terminal (a tool's build prints hundreds of lines, some of them warnings
/// of its dependencies that are not ours to fix): one line says where the
/// log is; on failure its last lines are shown.
pub fn run_logged(command: &mut Command, log: &Path) -> Result {
    let line = describe(command);
    println!("$ {line}  (output in {})", log.display());
    let _ = std::io::stdout().flush();
    if let Some(dir) = log.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let file = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
    let err = file
        .try_clone()
        .map_err(|e| format!("{}: {e}", log.display()))?;
    let status = command
        .stdout(file)
        .stderr(err)
        .status()
        .map_err(|e| format!("could not start `{line}`: {e}"))?;
    if status.success() {
        return Ok(());
    }
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let tail = lines.get(lines.len().saturating_sub(30)..).unwrap_or(&[]);
    for l in tail {
        println!("  {l}");
    }
    Err(format!(
        "`{line}` failed ({status}); the whole output is in {}",
        log.display()
    ))
}

/// Runs `command` quietly and returns its trimmed standard output.
pub fn output(command: &mut Command) -> Result<String> {
    let line = describe(command);
    let out = command
        .output()
        .map_err(|e| format!("could not start `{line}`: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
    } else {
        Err(format!(
            "`{line}` failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// Prints a banner naming a phase, and returns a timer for it.
pub fn banner(title: &str) -> Instant {
    println!("\n==> {title}");
    Instant::now()
}

/// gzip size at the default level (6, what most servers and CDNs use).
pub fn gzip_len(bytes: &[u8]) -> usize {
    use flate2::{Compression, write::GzEncoder};
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    match encoder.write_all(bytes).and_then(|()| encoder.finish()) {
        Ok(compressed) => compressed.len(),
        Err(_) => bytes.len(),
    }
}

/// `12.3 KiB`.
pub fn human(bytes: usize) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else {
        #[allow(clippy::cast_precision_loss)] // sizes far below 2^52
        let kib = bytes as f64 / 1024.0;
        if kib < 1024.0 {
            format!("{kib:.1} KiB")
        } else {
            format!("{:.2} MiB", kib / 1024.0)
        }
    }
}

/// Prints `label  raw  gzip` rows for files (paths relative to `base`) and a total.
pub fn print_sizes(title: &str, base: &Path, files: &[PathBuf]) -> Result<(usize, usize)> {
    println!("{title}");
    println!("  {:<44} {:>12} {:>12}", "file", "raw", "gzip");
    let (mut raw_total, mut gz_total) = (0, 0);
    for file in files {
        let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let (raw, gz) = (bytes.len(), gzip_len(&bytes));
        raw_total += raw;
        gz_total += gz;
        let name = file
            .strip_prefix(base)
            .unwrap_or(file)
            .display()
            .to_string();
        println!("  {name:<44} {:>12} {:>12}", human(raw), human(gz));
    }
    println!(
        "  {:<44} {:>12} {:>12}",
        "total",
        human(raw_total),
        human(gz_total)
    );
    // The rounded KiB hides how close a budget is.
    println!("  {:<44} {raw_total:>12} {gz_total:>12}", "total (bytes)");
    Ok((raw_total, gz_total))
}

/// Every file under `dir`, sorted.
pub fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let entries =
            std::fs::read_dir(&current).map_err(|e| format!("{}: {e}", current.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Whether this process runs as root (so it may `apt-get install`).
pub fn is_root() -> bool {
    output(cmd("id").arg("-u")).is_ok_and(|uid| uid == "0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_sizes() {
        assert_eq!(human(900), "900 B");
        assert_eq!(human(2048), "2.0 KiB");
        assert_eq!(human(3 * 1024 * 1024), "3.00 MiB");
    }

    #[test]
    fn gzip_shrinks_repetitive_text() {
        let text = "scimkit ".repeat(1000);
        let gz = gzip_len(text.as_bytes());
        assert!(gz > 18 && gz < 200, "{gz}");
    }
}
