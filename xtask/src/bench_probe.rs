//! `cargo xtask bench-probe`: `scimkit probe` beside scim2-tester, the
//! Python SCIM compliance checker, against the same scim2-server on
//! loopback: wall time (median of five runs after one warm-up), checks
//! reported and requests sent (counted in the server's access log).
//!
//! scim2-tester comes with scim2-cli from PyPI into a scratch virtualenv
//! under `target/bench-peers/`; this command may download, `cargo xtask
//! test` never runs it.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::tools;
use crate::util::{Result, banner, cargo, cmd, output, run, target_dir};

/// scim2-cli's `scim2 test` is scim2-tester's command line; pinned.
const SCIM2_CLI: &str = "scim2-cli==0.6.0";
const TOKEN: &str = "bench-probe-token";
const RUNS: usize = 5;

/// A scim2-server whose access log goes to a file, stopped on drop.
struct Server {
    child: Child,
    url: String,
    log: PathBuf,
}

impl Server {
    fn start(program: &Path, log: PathBuf) -> Result<Server> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        let file = std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let child = Command::new(program)
            .args(["--hostname", "127.0.0.1", "--port", &port.to_string()])
            .args(["--bearer-token", TOKEN])
            .stdout(Stdio::null())
            .stderr(file)
            .spawn()
            .map_err(|e| format!("{}: {e}", program.display()))?;
        let server = Server {
            child,
            url: format!("http://127.0.0.1:{port}"),
            log,
        };
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(server);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(format!("scim2-server did not listen on {port} within 20 s"))
    }

    /// Requests answered so far (lines of the access log).
    fn requests(&self) -> usize {
        std::fs::read_to_string(&self.log)
            .map(|t| t.lines().filter(|l| l.contains("HTTP/1.")).count())
            .unwrap_or(0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One tool's figures.
struct Measured {
    tool: String,
    median: Duration,
    checks: usize,
    failed: usize,
    requests: usize,
}

/// Runs `command` once for warm-up and [`RUNS`] times timed; the checks are
/// counted in the last run's output by `count`.
fn measure(
    tool: &str,
    server: &Server,
    mut command: impl FnMut() -> Command,
    count: impl Fn(&str) -> (usize, usize),
) -> Result<Measured> {
    output(&mut command())?;
    let mut times = Vec::new();
    let mut last = String::new();
    let mut requests = 0;
    for _ in 0..RUNS {
        let before = server.requests();
        let started = Instant::now();
        // Failing checks are output too; the exit status is not the point.
        let out = command().output().map_err(|e| format!("{tool}: {e}"))?;
        times.push(started.elapsed());
        std::thread::sleep(Duration::from_millis(300));
        requests = server.requests() - before;
        last = String::from_utf8_lossy(&out.stdout).into_owned();
    }
    times.sort();
    let (checks, failed) = count(&last);
    Ok(Measured {
        tool: tool.to_string(),
        median: times.get(RUNS / 2).copied().unwrap_or_default(),
        checks,
        failed,
        requests,
    })
}

fn install_scim2_tester() -> Result<PathBuf> {
    let venv = target_dir().join("bench-peers").join("probe-venv");
    let scim2 = venv.join("bin").join("scim2");
    if !scim2.exists() {
        run(cmd("python3").arg("-m").arg("venv").arg(&venv))?;
        run(cmd(venv.join("bin").join("pip")).args([
            "install",
            "--quiet",
            "--disable-pip-version-check",
            SCIM2_CLI,
        ]))?;
    }
    Ok(scim2)
}

/// Prints the comparison table.
pub fn bench_probe() -> Result {
    let timer = banner("bench-probe: scimkit probe and scim2-tester on scim2-server");
    run(cargo().args(["build", "--locked", "--release", "-p", "scimkit-cli"]))?;
    let scimkit = target_dir().join("release").join("scimkit");
    let scim2 = install_scim2_tester()?;
    let server = Server::start(
        &tools::scim2_server()?,
        target_dir().join("bench-peers").join("scim2-server.log"),
    )?;
    let probe = |write: bool| {
        let url = server.url.clone();
        let scimkit = scimkit.clone();
        move || {
            let mut c = cmd(&scimkit);
            c.args(["probe", &url, "--format", "json"])
                .env("SCIMKIT_TOKEN", TOKEN);
            if write {
                c.arg("--write");
            }
            c
        }
    };
    let probe_count = |text: &str| {
        let report: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
        let checks = report
            .get("checks")
            .and_then(serde_json::Value::as_array)
            .cloned()
            .unwrap_or_default();
        let failed = checks
            .iter()
            .filter(|c| c.get("status").and_then(serde_json::Value::as_str) == Some("fail"))
            .count();
        (checks.len(), failed)
    };
    let tester_count = |text: &str| {
        let starts = |word: &str| text.lines().filter(|l| l.starts_with(word)).count();
        let all = ["SUCCESS ", "ERROR ", "CRITICAL ", "WARNING ", "SKIPPED "]
            .iter()
            .map(|w| starts(w))
            .sum();
        (all, starts("ERROR ") + starts("CRITICAL "))
    };
    let rows = [
        measure(
            "scimkit probe (read-only)",
            &server,
            probe(false),
            probe_count,
        )?,
        measure("scimkit probe --write", &server, probe(true), probe_count)?,
        measure(
            "scim2-tester 0.5.2 (`scim2 test`)",
            &server,
            || {
                let mut c = cmd(&scim2);
                c.args(["--url", &server.url, "-h"])
                    .arg(format!("Authorization: Bearer {TOKEN}"))
                    .arg("test");
                c
            },
            tester_count,
        )?,
    ];
    println!("\n| tool | median wall time | checks reported | failed | requests sent |");
    println!("|---|---|---|---|---|");
    for r in &rows {
        println!(
            "| {} | {:.2} s | {} | {} | {} |",
            r.tool,
            r.median.as_secs_f64(),
            r.checks,
            r.failed,
            r.requests
        );
    }
    println!(
        "\n(scim2-server 0.8.3 on loopback, {RUNS} runs each after one warm-up; {:.0} s in all)",
        timer.elapsed().as_secs_f64()
    );
    Ok(())
}
