//! `cargo xtask`: scimkit's build and test pipeline (no product logic).
//!
//! ```text
//! cargo xtask test                      install what is missing, run every check, print a summary
//! cargo xtask npm                       build the npm package into wasm/pkg/
//! cargo xtask playground [--port N]     build the playground and serve it on http://127.0.0.1:8080
//! cargo xtask playground --build-only   build the playground into playground/dist/ only
//! cargo xtask fuzz [--seconds N]        run every fuzz target N seconds (nightly, cargo-fuzz)
//! cargo xtask bench-js                  the npm package against the JS peers (downloads them)
//! cargo xtask bench-peers               native, npm and JS/Python peers in one table (downloads them)
//! cargo xtask bench-probe               scimkit probe beside scim2-tester on scim2-server (downloads it)
//! ```
//!
//! xtask is a build tool, not an input path: it is allowed to be blunt about
//! failures, but it still reports them as messages rather than panics.

mod bench;
mod bench_probe;
mod csp;
mod fuzz;
mod npm;
mod playground;
mod serve;
mod test;
mod tools;
mod util;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  test                        install what is missing (wasm32 target, wasm-bindgen-cli,
                              trunk, npm packages, Chromium), then run fmt, clippy, rustdoc, the
                              Rust tests, the npm package build and its Node tests, the
                              playground build and its browser tests; prints a summary
  npm                         build the npm package into wasm/pkg/ and print its sizes
  playground [--port N]       build the playground (release) and serve playground/dist/
                              on http://127.0.0.1:N (default 8080)
  playground --build-only     only build playground/dist/
  build-playground            same as `playground --build-only`
  fuzz [--seconds N] [--target NAME]
                              run every fuzz target of fuzz/ for N seconds (default 60),
                              seeded from tests/data; installs nightly and cargo-fuzz
  bench-js                    build the npm package, install scimmy and scim2-parse-filter
                              into target/bench-peers/ and compare them in one Node process
  bench-peers                 the same plus scim2-models and scim2-filter-parser (a
                              virtualenv) and native scimkit: one table, ratios to native,
                              and peak memory on the 100,000-member Group
  bench-probe                 scimkit probe (release) beside scim2-tester (scim2-cli from PyPI,
                              a virtualenv) on the same scim2-server: wall time, checks,
                              requests
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["test"] => test::run_all(),
        ["npm"] => npm::build(),
        ["fuzz", rest @ ..] => fuzz::Options::parse(rest).and_then(|o| fuzz::run(&o)),
        ["bench-js"] => bench::bench_js(),
        ["bench-peers"] => bench::bench_peers(),
        ["bench-probe"] => bench_probe::bench_probe(),
        ["playground", "--build-only"] | ["build-playground"] => playground::build(),
        ["playground"] => {
            playground::build().and_then(|()| playground::serve_forever("127.0.0.1:8080"))
        }
        ["playground", "--port", port] => match port.parse::<u16>() {
            Ok(port) => playground::build()
                .and_then(|()| playground::serve_forever(&format!("127.0.0.1:{port}"))),
            Err(_) => Err(format!("--port needs a number, not `{port}`")),
        },
        [] | ["help" | "--help" | "-h"] => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown arguments {other:?}\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
