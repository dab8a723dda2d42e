//! `cargo xtask test`: install what is missing, then run every check.
//!
//! Each step runs even when an earlier independent one failed; a step whose
//! prerequisite failed (or was skipped) is skipped, and skipped counts as a
//! failure. One summary table closes the run.

use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

use crate::npm;
use crate::playground;
use crate::serve;
use crate::tools::{self, WASM_TARGET};
use crate::util::{Result, banner, cargo, cmd, files_under, root, run, target_dir};

struct Step {
    name: &'static str,
    /// Steps that must have passed first.
    needs: &'static [&'static str],
    run: fn() -> Result,
}

enum Outcome {
    Passed(f64),
    Failed(f64, String),
    Skipped(String),
}

const STEPS: &[Step] = &[
    Step {
        name: "cargo fmt --check",
        needs: &[],
        run: fmt,
    },
    Step {
        name: "install: wasm32 target",
        needs: &[],
        run: tools::wasm_target,
    },
    Step {
        name: "install: npm ci",
        needs: &[],
        run: tools::npm_ci,
    },
    Step {
        name: "install: chromium",
        needs: &[],
        run: tools::chromium,
    },
    Step {
        name: "install: scim2-server",
        needs: &[],
        run: install_scim2_server,
    },
    Step {
        name: "install: django-scim2",
        needs: &[],
        run: install_django_scim,
    },
    Step {
        name: "clippy (native)",
        needs: &[],
        run: clippy_native,
    },
    Step {
        name: "clippy (wasm32)",
        needs: &["install: wasm32 target"],
        run: clippy_wasm,
    },
    Step {
        name: "cargo doc (core, warnings denied)",
        needs: &[],
        run: doc_core,
    },
    Step {
        name: "cargo test --workspace",
        needs: &[],
        run: cargo_test,
    },
    Step {
        name: "probe live tests",
        needs: &[
            "install: scim2-server",
            "install: npm ci",
            "install: django-scim2",
        ],
        run: probe_live_tests,
    },
    // Built in the background from the start (see `run_all`); these steps
    // wait for what is not finished yet.
    Step {
        name: "install: wasm-bindgen-cli",
        needs: &[],
        run: install_wasm_bindgen,
    },
    Step {
        name: "install: trunk",
        needs: &[],
        run: install_trunk,
    },
    Step {
        name: "npm package build",
        needs: &["install: wasm32 target", "install: wasm-bindgen-cli"],
        run: npm::build,
    },
    Step {
        name: "cli build",
        needs: &[],
        run: cli_build,
    },
    Step {
        name: "npm package tests (node --test)",
        needs: &[
            "npm package build",
            "install: npm ci",
            "cli build",
            "install: scim2-server",
        ],
        run: node_tests,
    },
    Step {
        name: "playground build",
        needs: &[
            "install: wasm32 target",
            "install: wasm-bindgen-cli",
            "install: trunk",
        ],
        run: playground::build,
    },
    Step {
        name: "playground browser tests",
        // The CLI: the Logs workspace is held to `scimkit logs explain`'s answer.
        needs: &[
            "playground build",
            "install: npm ci",
            "install: chromium",
            "cli build",
        ],
        run: browser_tests,
    },
];

/// The tool builds started in the background, and their results once done.
static TOOL_BUILDS: Mutex<Option<std::thread::JoinHandle<(Result, Result)>>> = Mutex::new(None);
static TOOL_RESULTS: OnceLock<(Result, Result)> = OnceLock::new();

/// Starts building wasm-bindgen-cli and trunk while the Rust checks run:
/// on a cold machine they are most of the setup, and the checks leave a
/// core idle in their serial stretches (linking, the last crates). Their
/// output goes to logs, so nothing interleaves with the steps'.
fn start_tool_builds() {
    let handle = std::thread::spawn(|| {
        (
            tools::wasm_bindgen().map(|_| ()),
            tools::trunk().map(|_| ()),
        )
    });
    if let Ok(mut slot) = TOOL_BUILDS.lock() {
        *slot = Some(handle);
    }
}

/// The background tool builds' results, waiting for them if needed.
fn tool_results() -> &'static (Result, Result) {
    TOOL_RESULTS.get_or_init(|| {
        let handle = TOOL_BUILDS.lock().ok().and_then(|mut slot| slot.take());
        match handle.map(std::thread::JoinHandle::join) {
            Some(Ok(results)) => results,
            // Not started, or the thread died: build here and now.
            _ => (
                tools::wasm_bindgen().map(|_| ()),
                tools::trunk().map(|_| ()),
            ),
        }
    })
}

/// Runs every step and prints the summary; fails when any step did not pass.
pub fn run_all() -> Result {
    let started = Instant::now();
    start_tool_builds();
    let mut outcomes: Vec<(&str, Outcome)> = Vec::new();
    for step in STEPS {
        let blocked: Vec<&str> = step
            .needs
            .iter()
            .copied()
            .filter(|need| {
                !outcomes
                    .iter()
                    .any(|(name, o)| name == need && matches!(o, Outcome::Passed(_)))
            })
            .collect();
        let outcome = if blocked.is_empty() {
            let timer = banner(step.name);
            let result = (step.run)();
            let secs = timer.elapsed().as_secs_f64();
            match result {
                Ok(()) => Outcome::Passed(secs),
                Err(message) => {
                    eprintln!("step `{}` failed: {message}", step.name);
                    Outcome::Failed(secs, message)
                }
            }
        } else {
            let reason = format!("needs {}", blocked.join(", "));
            println!("\n==> {}: skipped ({reason})", step.name);
            Outcome::Skipped(reason)
        };
        outcomes.push((step.name, outcome));
    }

    println!("\n{:<36} {:<8} {:>9}", "step", "result", "seconds");
    println!("{}", "-".repeat(55));
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    for (name, outcome) in &outcomes {
        match outcome {
            Outcome::Passed(secs) => {
                passed += 1;
                println!("{name:<36} {:<8} {secs:>9.1}", "ok");
            }
            Outcome::Failed(secs, _) => {
                failed += 1;
                println!("{name:<36} {:<8} {secs:>9.1}", "FAILED");
            }
            Outcome::Skipped(reason) => {
                skipped += 1;
                println!("{name:<36} {:<8} {:>9}   ({reason})", "SKIPPED", "-");
            }
        }
    }
    println!("{}", "-".repeat(55));
    println!(
        "{:<36} {:<8} {:>9.1}",
        "total",
        "",
        started.elapsed().as_secs_f64()
    );
    for (name, outcome) in &outcomes {
        if let Outcome::Failed(_, message) = outcome {
            println!("FAILED {name}: {message}");
        }
    }
    // The plain closing line CI reads: steps, not individual tests.
    println!("steps: {passed} passed, {failed} failed, {skipped} skipped");
    if failed + skipped == 0 {
        Ok(())
    } else {
        Err(format!(
            "{} of {} steps did not pass",
            failed + skipped,
            outcomes.len()
        ))
    }
}

fn fmt() -> Result {
    run(cargo().args(["fmt", "--all", "--check"]))
}

fn install_wasm_bindgen() -> Result {
    tool_results().0.clone()
}

fn install_trunk() -> Result {
    tool_results().1.clone()
}

fn clippy_native() -> Result {
    run(cargo().args([
        "clippy",
        "--locked",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))
}

/// The crate's documentation builds without a broken link or other rustdoc
/// warning (it is the library's guide).
fn doc_core() -> Result {
    run(cargo()
        .args(["doc", "--locked", "-p", "scimkit", "--no-deps"])
        .env("RUSTDOCFLAGS", "-D warnings"))
}

fn clippy_wasm() -> Result {
    run(cargo().args([
        "clippy",
        "--locked",
        "--target",
        WASM_TARGET,
        "-p",
        "scimkit",
        "-p",
        "scimkit-wasm",
        "-p",
        "scimkit-playground",
        "--",
        "-D",
        "warnings",
    ]))
}

/// Unit, integration and doc tests of every crate.
fn cargo_test() -> Result {
    run(cargo().args(["test", "--locked", "--workspace"]))
}

fn install_scim2_server() -> Result {
    tools::scim2_server().map(|_| ())
}

fn install_django_scim() -> Result {
    tools::django_scim().map(|_| ())
}

/// `scimkit probe` against real SCIM servers on loopback, which the tests
/// start and stop themselves (`cli/tests/probe_live.rs`, ignored without
/// the server).
fn probe_live_tests() -> Result {
    let server = tools::scim2_server()?;
    let django = tools::django_scim()?;
    run(cargo()
        .args([
            // --workspace, as the test step: the same features, so the
            // same build (`-p` would resolve features anew and rebuild).
            "test",
            "--locked",
            "--workspace",
            "--test",
            "probe_live",
            "--",
            "--include-ignored",
        ])
        .env("SCIMKIT_SCIM2_SERVER", server)
        .env("SCIMKIT_SCIMMY_SERVER", tools::scimmy_server())
        .env("SCIMKIT_DJANGO_PYTHON", django.python)
        .env("SCIMKIT_DJANGO_SERVER", django.server))
}

/// The CLI binary the npm package's tests compare with ("same answer everywhere").
fn cli_build() -> Result {
    // The workspace's feature set, so the test step's build is reused.
    run(cargo().args(["build", "--locked", "--workspace", "--bin", "scimkit"]))
}

/// Where [`cli_build`] puts the binary.
fn cli_binary() -> PathBuf {
    target_dir()
        .join("debug")
        .join(format!("scimkit{}", std::env::consts::EXE_SUFFIX))
}

/// The `*.test.mjs` files of a folder, for `node --test` (Node 20 does not
/// expand globs itself).
fn test_files(dir: &str) -> Result<Vec<PathBuf>> {
    let files: Vec<PathBuf> = files_under(&root().join(dir))?
        .into_iter()
        .filter(|f| f.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    if files.is_empty() {
        return Err(format!("no *.test.mjs files under {dir}"));
    }
    Ok(files)
}

fn node_test(dir: &str) -> std::result::Result<std::process::Command, String> {
    let mut command = cmd("node");
    command
        .args(["--test", "--test-reporter=spec"])
        .args(test_files(dir)?)
        .env("SCIMKIT_ROOT", root())
        .env("SCIMKIT_PKG_DIR", npm::pkg_dir())
        .env("SCIMKIT_CLI", cli_binary())
        .env("SCIMKIT_CHROMIUM", tools::CHROMIUM)
        .env("SCIMKIT_SCREENSHOTS", target_dir().join("screenshots"));
    Ok(command)
}

/// The npm package's Node tests (every export, limits and documents compared
/// with the CLI, prototype pollution, fuzz, `npm pack` + install, tsc, Vite).
fn node_tests() -> Result {
    let server = tools::scim2_server()?;
    run(node_test("wasm/tests")?.env("SCIMKIT_SCIM2_SERVER", server))
}

/// The playground's browser tests, against dist served by xtask on a free port.
fn browser_tests() -> Result {
    let server = serve::start(&playground::dist_dir(), "127.0.0.1:0", false)?;
    println!("serving playground/dist at {}", server.url());
    let result = run(node_test("playground/tests")?.env("SCIMKIT_PLAYGROUND_URL", server.url()));
    drop(server);
    result
}
