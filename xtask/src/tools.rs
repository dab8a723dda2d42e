//! Installing what the pipeline needs, each step skipped when already done.
//!
//! Everything comes from a package registry (crates.io, PyPI, npm, Debian):
//! nothing is downloaded from anywhere else, at install time or at build time.

use std::path::{Path, PathBuf};

use crate::util::{self, Result, cargo, cmd, output, root, run, tools_root};

/// The wasm target every wasm build uses.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Makes the active toolchain able to build for [`WASM_TARGET`].
///
/// First `rustup target add`; where the Rust download servers are out of
/// reach, `../shared/toolchain/setup` (beside the repository) installs
/// Debian's Rust with a wasm32 standard library built offline and makes it
/// rustup's default toolchain.
pub fn wasm_target() -> Result {
    if has_wasm_std() {
        println!("{WASM_TARGET}: the active toolchain has it");
        return Ok(());
    }
    if run(cmd("rustup").args(["target", "add", WASM_TARGET])).is_ok() && has_wasm_std() {
        return Ok(());
    }
    let setup = root().join("../shared/toolchain/setup");
    if !setup.exists() {
        return Err(format!(
            "`rustup target add {WASM_TARGET}` failed and {} does not exist",
            setup.display()
        ));
    }
    run(&mut cmd(&setup))?;
    if has_wasm_std() {
        Ok(())
    } else {
        Err(format!(
            "{} ran, but rustc still has no {WASM_TARGET} standard library",
            setup.display()
        ))
    }
}

fn has_wasm_std() -> bool {
    let Ok(sysroot) = output(cmd("rustc").args(["--print", "sysroot"])) else {
        return false;
    };
    let lib = Path::new(&sysroot).join(format!("lib/rustlib/{WASM_TARGET}/lib"));
    std::fs::read_dir(lib).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with("libstd-") && name.ends_with(".rlib")
        })
    })
}

/// The version of `krate` that Cargo.lock pins (exactly one must be locked).
pub fn locked_version(krate: &str) -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let versions = locked_versions(&lock, krate);
    match versions.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(format!("Cargo.lock has no `{krate}` package")),
        many => Err(format!(
            "Cargo.lock has {} versions of `{krate}`: {}",
            many.len(),
            many.join(", ")
        )),
    }
}

fn locked_versions(lock: &str, krate: &str) -> Vec<String> {
    let name_line = format!("name = \"{krate}\"");
    lock.split("[[package]]")
        .filter(|block| block.lines().any(|l| l.trim() == name_line))
        .filter_map(|block| {
            block.lines().find_map(|l| {
                l.trim()
                    .strip_prefix("version = \"")
                    .and_then(|v| v.strip_suffix('"'))
                    .map(str::to_owned)
            })
        })
        .collect()
}

/// The active rustc as `(major, minor, patch)`.
pub fn rustc_version() -> Result<(u32, u32, u32)> {
    let text = output(cmd("rustc").arg("--version"))?;
    parse_rustc_version(&text).ok_or_else(|| format!("cannot read a version in `{text}`"))
}

fn parse_rustc_version(text: &str) -> Option<(u32, u32, u32)> {
    // "rustc 1.96.0 (…)" or "rustc 1.97.0-nightly (…)"
    let version = text.split_whitespace().nth(1)?;
    let version = version.split('-').next()?;
    let mut parts = version.split('.').map(|p| p.parse::<u32>().ok());
    Some((parts.next()??, parts.next()??, parts.next()??))
}

/// trunk 0.22 needs rustc ≥ 1.96.1; 0.21.14 builds on older ones (1.81+).
/// Both are pinned exactly so every machine builds the same tool.
pub fn trunk_version_for(rustc: (u32, u32, u32)) -> &'static str {
    if rustc >= (1, 96, 1) {
        "0.22.1"
    } else {
        "0.21.14"
    }
}

/// The version a tool binary reports (`wasm-bindgen 0.2.130` → `0.2.130`).
fn installed_version(bin: &Path) -> Option<String> {
    if !bin.exists() {
        return None;
    }
    let text = output(cmd(bin).arg("--version")).ok()?;
    text.split_whitespace().nth(1).map(str::to_owned)
}

/// `target/tools/<crate>-<version>/bin/<bin>`.
fn tool_path(krate: &str, version: &str, bin: &str) -> PathBuf {
    install_root(krate, version).join("bin").join(bin)
}

fn install_root(krate: &str, version: &str) -> PathBuf {
    tools_root().join(format!("{krate}-{version}"))
}

/// `cargo install`s `krate` at exactly `version` into [`tools_root`], unless
/// `bin` there already reports that version.
pub fn install(
    krate: &str,
    bin: &str,
    version: &str,
    extra: &[&str],
    unlocked_fallback: bool,
) -> Result<PathBuf> {
    let path = tool_path(krate, version, bin);
    if installed_version(&path).as_deref() == Some(version) {
        println!("{bin} {version}: already installed at {}", path.display());
        return Ok(path);
    }
    let root = install_root(krate, version);
    let spec = format!("{krate}@{version}");
    let install = |locked: bool| {
        let mut command = cargo();
        // Tools are built once per machine and only run a few times per test
        // run: their release profiles' fat LTO and single codegen unit make
        // the cold build much longer (trunk: ~17 min vs ~7 min under load on
        // 2 cores) for speed nobody notices.
        command
            .env("CARGO_PROFILE_RELEASE_LTO", "off")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
            .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
            .env("CARGO_PROFILE_DEV_DEBUG", "false");
        command.arg("install").arg(&spec).arg("--root").arg(&root);
        if locked {
            command.arg("--locked");
        }
        command.args(extra);
        let log = tools_root().join(format!(
            "{krate}-{version}{}.log",
            if locked { "" } else { "-resolved" }
        ));
        util::run_logged(&mut command, &log)
    };
    if let Err(locked_error) = install(true) {
        if !unlocked_fallback {
            return Err(locked_error);
        }
        // Expected where the registry lacks one of the versions the tool
        // was released with: not an error, so not worded as one.
        println!(
            "note: {spec} cannot be built with its own Cargo.lock from this registry; building it with the dependency versions cargo resolves"
        );
        install(false)?;
    }
    println!("{krate} {version}: installed at {}", path.display());
    match installed_version(&path) {
        Some(v) if v == version => Ok(path),
        other => Err(format!(
            "{} reports version {other:?} after installing {spec}",
            path.display()
        )),
    }
}

/// wasm-bindgen at exactly the version Cargo.lock pins for the `wasm-bindgen`
/// crate (the CLI refuses modules from any other version).
pub fn wasm_bindgen() -> Result<PathBuf> {
    let version = locked_version("wasm-bindgen")?;
    // `--locked` first, for the dependency versions wasm-bindgen-cli was
    // released with. The crates.io mirror this project's machines use lacks one
    // of them (webpki-roots 1.0.11), so the locked install fails there; the
    // unlocked install resolves to versions the mirror has (~2m20s cold).
    install("wasm-bindgen-cli", "wasm-bindgen", &version, &[], true)
}

/// trunk, at the version [`trunk_version_for`] picks for the active rustc,
/// without the update check (it would query crates.io on every run) and
/// with rustls (no OpenSSL headers needed).
pub fn trunk() -> Result<PathBuf> {
    let version = trunk_version_for(rustc_version()?);
    // A debug build: it compiles in about half the time, and trunk's own
    // work (running cargo and wasm-bindgen, hashing and copying files) takes
    // the same seconds either way (11.8 s vs 11.4 s for the playground).
    install(
        "trunk",
        "trunk",
        version,
        &["--debug", "--no-default-features", "--features", "rustls"],
        false,
    )
}

/// `npm ci` from the committed lockfile, skipped when node_modules was
/// installed from the same lockfile.
pub fn npm_ci() -> Result {
    let lock_path = root().join("package-lock.json");
    let lock = std::fs::read(&lock_path).map_err(|e| format!("{}: {e}", lock_path.display()))?;
    let stamp = root().join("node_modules/.scimkit-installed-lock.json");
    if std::fs::read(&stamp).is_ok_and(|installed| installed == lock) {
        println!("node_modules: up to date with package-lock.json");
        return Ok(());
    }
    run(cmd("npm").args(["ci", "--no-audit", "--no-fund"]))?;
    std::fs::write(&stamp, &lock).map_err(|e| format!("{}: {e}", stamp.display()))
}

/// The SCIM server the probe's live tests run against (PyPI, in memory).
pub const SCIM2_SERVER: &str = "scim2-server==0.8.3";

/// The `scim2-server` program, installed into its own virtual environment
/// under `target/tools/` from PyPI when missing.
pub fn scim2_server() -> Result<PathBuf> {
    let venv = util::tools_root().join("scim2-server-0.8.3");
    let program = venv.join("bin").join("scim2-server");
    if program.exists() {
        println!("{}: present", program.display());
        return Ok(program);
    }
    run(cmd("python3").arg("-m").arg("venv").arg(&venv))?;
    run(cmd(venv.join("bin").join("pip")).args([
        "install",
        "--quiet",
        "--disable-pip-version-check",
        SCIM2_SERVER,
    ]))?;
    if program.exists() {
        Ok(program)
    } else {
        Err(format!(
            "{SCIM2_SERVER} installed, but {} is missing",
            program.display()
        ))
    }
}

/// The second SCIM server of the probe's live tests: scimmy-routers with
/// in-memory storage, its packages installed by [`npm_ci`] from the root
/// package.json.
pub fn scimmy_server() -> PathBuf {
    root().join("test-support").join("scimmy-server.mjs")
}

/// The third SCIM server of the probe's live tests: django-scim2 (PyPI) in
/// the small Django project `test-support/django-scim/`.
pub struct DjangoScim {
    /// The Python of its virtual environment.
    pub python: PathBuf,
    /// The launcher: `python serve.py --port P --bearer-token T`.
    pub server: PathBuf,
}

/// django-scim2 and Django at the exact versions of
/// `test-support/django-scim/requirements.txt`, installed into their own
/// virtual environment under `target/tools/` when missing or when the pins
/// changed (a copy of the requirements installed is kept beside it).
pub fn django_scim() -> Result<DjangoScim> {
    let project = root().join("test-support").join("django-scim");
    let requirements = project.join("requirements.txt");
    let pins =
        std::fs::read(&requirements).map_err(|e| format!("{}: {e}", requirements.display()))?;
    let venv = util::tools_root().join("django-scim2");
    let found = DjangoScim {
        python: venv.join("bin").join("python"),
        server: project.join("serve.py"),
    };
    let stamp = venv.join("scimkit-installed-requirements.txt");
    if found.python.exists() && std::fs::read(&stamp).is_ok_and(|installed| installed == pins) {
        println!("{}: up to date with requirements.txt", venv.display());
        return Ok(found);
    }
    if venv.exists() {
        // Changed pins start from an empty environment: nothing unpinned stays.
        std::fs::remove_dir_all(&venv).map_err(|e| format!("{}: {e}", venv.display()))?;
    }
    run(cmd("python3").arg("-m").arg("venv").arg(&venv))?;
    // Every package is pinned there, dependencies included, so `--no-deps`
    // installs exactly that list and nothing the resolver would pick.
    run(cmd(venv.join("bin").join("pip"))
        .args([
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            "-r",
        ])
        .arg(&requirements))?;
    std::fs::write(&stamp, &pins).map_err(|e| format!("{}: {e}", stamp.display()))?;
    Ok(found)
}

/// Where the browser tests expect Chromium (Debian's package).
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Debian's Chromium for the browser tests: installed with apt when missing
/// and running as root; otherwise a failure that says what to install.
pub fn chromium() -> Result {
    if Path::new(CHROMIUM).exists() {
        println!("{CHROMIUM}: present");
        return Ok(());
    }
    let hint = format!(
        "{CHROMIUM} is missing: install Debian's Chromium (`sudo apt-get install -y chromium`) to run the browser tests"
    );
    if !util::is_root() {
        return Err(hint);
    }
    // Wait for another apt/dpkg run (another build on this machine) instead
    // of failing on its lock.
    let apt = |args: &[&str]| {
        run(cmd("apt-get")
            .args(["-o", "DPkg::Lock::Timeout=600"])
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive"))
    };
    // The package lists may be missing or stale on a fresh machine.
    if apt(&["install", "-y", "chromium"]).is_err() {
        apt(&["update"])?;
        apt(&["install", "-y", "chromium"])?;
    }
    if Path::new(CHROMIUM).exists() {
        Ok(())
    } else {
        Err(hint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_locked_versions() {
        let lock = "version = 4\n\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n\n[[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"0.2.130\"\n";
        assert_eq!(locked_versions(lock, "wasm-bindgen"), vec!["0.2.130"]);
        assert!(locked_versions(lock, "trunk").is_empty());
    }

    #[test]
    fn picks_trunk_by_rustc() {
        assert_eq!(
            parse_rustc_version("rustc 1.95.0 (59807616e 2026-04-14)"),
            Some((1, 95, 0))
        );
        assert_eq!(
            parse_rustc_version("rustc 1.97.0-nightly (e50aa6fba 2026-05-19)"),
            Some((1, 97, 0))
        );
        assert_eq!(trunk_version_for((1, 95, 0)), "0.21.14");
        assert_eq!(trunk_version_for((1, 96, 0)), "0.21.14");
        assert_eq!(trunk_version_for((1, 96, 1)), "0.22.1");
    }
}
