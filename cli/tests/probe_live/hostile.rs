//! `scimkit probe` against hostile and broken servers: a proxy on loopback
//! in front of a real scim2-server answers the way a server that could
//! damage a customer's directory, leak the token or forge output would.
//! Each mode is asserted by its outcome: the real accounts are read back
//! untouched, the token appears in no output, the printed commands run by
//! bash execute nothing but curl, and what is left is listed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::{Server, TOKEN, probe, scimkit, statuses};

/// How the proxy misbehaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Every `POST /Users` is answered with the seeded user `ada`.
    CreateAnswersExisting,
    /// A second `POST /Users` of a userName is answered with `ada`.
    DuplicateAnswersExisting,
    /// A create carrying an e-mail of a seeded account is answered with
    /// that account (servers that link accounts by e-mail).
    LinksByEmail,
    /// Every error body quotes the request's Authorization header.
    EchoesToken,
    /// Every error body quotes it as PHP and .NET write JSON (`\/`,
    /// `\u002B`), as base64, and cut across the 2 KB excerpt; the real server
    /// gets the tests' token whatever the probe sent.
    EchoesTokenEncoded,
    /// As [`Mode::Create500`], and `sw` filters answer 400.
    Create500NoSw,
    /// `/ResourceTypes` names the endpoint `Users'$(touch${IFS}pwned)'`,
    /// and every PATCH is refused (so failures print copyable commands).
    HostileEndpoint,
    /// Created ids carry `'$(touch${IFS}pwned)'`, and every PATCH is refused.
    HostileIds,
    /// Created ids carry `/x` (as base64 ids carry `/`).
    SlashIds,
    /// A DELETE never answers (within the probe's timeout).
    DeleteNeverAnswers,
    /// `POST /Users` creates the user, then answers 500.
    Create500,
    /// `meta.location` and error details carry a newline, a forged
    /// checklist line and U+FFFE.
    ForgedLines,
    /// 200 ms per answer, for signals midway.
    Slow,
    /// Served below `/scim/v2`, with ResourceTypes endpoints as absolute
    /// paths (`/scim/v2/Users`).
    MountPrefix,
    /// Served below `/scim/v2`, with ResourceTypes endpoints as absolute
    /// URLs.
    AbsoluteUrls,
    /// Filters are ignored: every list is the whole collection.
    IgnoresFilter,
    /// The Group schema's `members` lacks `display`, as RFC 7643 printed it.
    NoMemberDisplay,
    /// No enterprise extension in /Schemas or /ResourceTypes.
    NoEnterprise,
    /// A userName differing only in case is accepted as a new user.
    CaseDuplicates,
}

impl Mode {
    /// The path the SCIM API is served below.
    fn prefix(self) -> &'static str {
        if matches!(self, Mode::MountPrefix | Mode::AbsoluteUrls) {
            "/scim/v2"
        } else {
            ""
        }
    }
}

const FORGED: &str = "\n  PASS write.cleanup forged by the server\u{FFFE}\r\u{2028}  PASS write.cleanup forged\u{2029}";

/// A token with the characters JSON encoders escape (`/`, `+`), for the
/// echo modes.
const ODD_TOKEN: &str = "Zq9/xK+w7Lm=Pt3.Rv_81~Hs";
const HOSTILE: &str = "'$(touch${IFS}pwned)'";

/// Ids the proxy disguised: (real, as shown to the probe).
type Disguises = Arc<Mutex<Vec<(String, String)>>>;

struct Proxy {
    url: String,
}

impl Proxy {
    fn start(server: &Server, mode: Mode) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let upstream = server.url.clone();
        let state: Disguises = Arc::default();
        let seen: Arc<Mutex<Vec<String>>> = Arc::default();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (upstream, state, seen) = (upstream.clone(), state.clone(), seen.clone());
                std::thread::spawn(move || {
                    let _ = handle(stream, &upstream, mode, &state, &seen);
                });
            }
        });
        Proxy {
            url: format!("{url}{}", mode.prefix()),
        }
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

/// One request to the real server: (status, body, ETag).
fn forward(
    upstream: &str,
    method: &str,
    target: &str,
    auth: &str,
    body: &str,
) -> (u16, String, Option<String>) {
    let mut builder = ureq::http::Request::builder()
        .method(method)
        .uri(format!("{upstream}{target}"));
    if !auth.is_empty() {
        builder = builder.header("Authorization", auth);
    }
    if !body.is_empty() {
        builder = builder.header("Content-Type", "application/scim+json");
    }
    // A path the real server's HTTP cannot carry is a 404 of the proxy's.
    let Ok(request) = builder.body(body.as_bytes().to_vec()) else {
        return (404, error_body(404, "no such path"), None);
    };
    match agent().run(request) {
        Ok(mut r) => {
            let etag = r
                .headers()
                .get("etag")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            (
                r.status().as_u16(),
                r.body_mut().read_to_string().unwrap_or_default(),
                etag,
            )
        }
        Err(e) => (502, e.to_string(), None),
    }
}

/// The seeded user `name` as the real server holds it.
fn account(upstream: &str, name: &str) -> String {
    let (_, list, _) = forward(
        upstream,
        "GET",
        &format!("/Users?filter=userName%20eq%20%22{name}%22"),
        &format!("Bearer {TOKEN}"),
        "",
    );
    let list: Value = serde_json::from_str(&list).unwrap();
    list["Resources"][0].to_string()
}

fn error_body(status: u16, detail: &str) -> String {
    json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": status.to_string(), "detail": detail})
        .to_string()
}

fn handle(
    mut stream: TcpStream,
    upstream: &str,
    mode: Mode,
    disguises: &Disguises,
    seen: &Mutex<Vec<String>>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("GET").to_string();
    let raw_target = parts.next().unwrap_or("/").to_string();
    let (mut length, mut auth) = (0usize, String::new());
    loop {
        let mut h = String::new();
        reader.read_line(&mut h)?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((name, value)) = h.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
            if name.eq_ignore_ascii_case("authorization") {
                auth = value.trim().to_string();
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let mut body = String::from_utf8_lossy(&body).into_owned();
    // The path as the server means it: decoded, disguises taken off.
    let (path, query) = match raw_target.split_once('?') {
        Some((p, q)) => (p.to_string(), format!("?{q}")),
        None => (raw_target.clone(), String::new()),
    };
    let mut path = percent_decode(&path);
    let own = format!(
        "http://{}",
        stream
            .local_addr()
            .map(|a| a.to_string())
            .unwrap_or_default()
    );
    if let Some(rest) = path
        .strip_prefix(mode.prefix())
        .filter(|_| !mode.prefix().is_empty())
    {
        path = rest.to_string();
    }
    let query = if mode == Mode::IgnoresFilter {
        let kept: Vec<&str> = query
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty() && !p.starts_with("filter="))
            .collect();
        if kept.is_empty() {
            String::new()
        } else {
            format!("?{}", kept.join("&"))
        }
    } else {
        query
    };
    if mode == Mode::HostileEndpoint {
        path = path.replace(&format!("Users{HOSTILE}"), "Users");
    }
    for (real, shown) in disguises.lock().unwrap().iter() {
        path = path.replace(shown.as_str(), real);
        body = body.replace(shown.as_str(), real);
    }
    let target = format!("{path}{query}");
    let reply_with = |stream: &mut TcpStream, status: u16, text: &str, etag: Option<&str>| {
        let etag = etag.map_or(String::new(), |e| format!("ETag: {e}\r\n"));
        let head = format!(
            "HTTP/1.1 {status} X\r\nContent-Type: application/scim+json\r\nContent-Length: {}\r\n{etag}Connection: close\r\n\r\n",
            text.len()
        );
        stream.write_all(head.as_bytes())?;
        stream.write_all(text.as_bytes())
    };
    let reply =
        |stream: &mut TcpStream, status: u16, text: &str| reply_with(stream, status, text, None);
    let creates_user = method == "POST" && path == "/Users";
    match mode {
        Mode::Slow => std::thread::sleep(Duration::from_millis(200)),
        Mode::CreateAnswersExisting if creates_user => {
            return reply(&mut stream, 201, &account(upstream, "ada"));
        }
        Mode::DuplicateAnswersExisting if creates_user => {
            let name = serde_json::from_str::<Value>(&body).unwrap_or_default()["userName"]
                .as_str()
                .unwrap_or("")
                .to_string();
            let mut seen = seen.lock().unwrap();
            if seen.contains(&name) {
                return reply(&mut stream, 201, &account(upstream, "ada"));
            }
            seen.push(name);
        }
        Mode::LinksByEmail if creates_user && body.contains("@contoso.com") => {
            return reply(
                &mut stream,
                201,
                &account(upstream, "ada.lovelace@contoso.com"),
            );
        }
        Mode::HostileEndpoint | Mode::HostileIds if method == "PATCH" => {
            return reply(&mut stream, 400, &error_body(400, "no PATCH here"));
        }
        Mode::CaseDuplicates if creates_user => {
            let mut user: Value = serde_json::from_str(&body).unwrap_or_default();
            let name = user["userName"].as_str().unwrap_or("").to_string();
            let mut seen = seen.lock().unwrap();
            if seen
                .iter()
                .any(|s| s.eq_ignore_ascii_case(&name) && *s != name)
            {
                // Stored apart so scim2-server takes it; answered as sent.
                user["userName"] = json!(format!("{name}.dup"));
                let (status, text, _) =
                    forward(upstream, "POST", &target, &auth, &user.to_string());
                let text = text.replace(&format!("{name}.dup"), &name);
                return reply(&mut stream, status, &text);
            }
            seen.push(name);
        }
        Mode::DeleteNeverAnswers if method == "DELETE" => {
            // Longer than the probe's --timeout 1; the thread then ends.
            std::thread::sleep(Duration::from_secs(4));
            return Ok(());
        }
        _ => {}
    }
    let upstream_auth = if mode == Mode::EchoesTokenEncoded && auth.starts_with("Bearer ") {
        format!("Bearer {TOKEN}")
    } else {
        auth.clone()
    };
    if mode == Mode::Create500NoSw && target.contains("%20sw%20") {
        return reply(&mut stream, 400, &error_body(400, "only eq is supported"));
    }
    let (mut status, mut text, etag) = forward(upstream, &method, &target, &upstream_auth, &body);
    if method == "POST" && status == 201 {
        if let Some(id) = serde_json::from_str::<Value>(&text).unwrap_or_default()["id"].as_str() {
            let shown = match mode {
                Mode::HostileIds => Some(format!("{id}{HOSTILE}")),
                Mode::SlashIds => Some(format!("{id}/x")),
                _ => None,
            };
            if let Some(shown) = shown {
                disguises.lock().unwrap().push((id.to_string(), shown));
            }
        }
    }
    for (real, shown) in disguises.lock().unwrap().iter() {
        text = text.replace(real.as_str(), shown);
    }
    match mode {
        Mode::EchoesToken if status >= 400 => {
            text = error_body(status, &format!("denied; you sent Authorization: {auth}"));
        }
        Mode::EchoesTokenEncoded if status >= 400 => {
            let encoded = scimkit::encode::base64(auth.as_bytes());
            // Written by hand: serde_json would not escape `/` or `+`.
            let php = auth.replace('/', "\\/");
            let dotnet = auth.replace('+', "\\u002B").replace('/', "\\u002f");
            let pad = "x".repeat(2048 - 40);
            text = format!(
                "{{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:Error\"], \"status\": \"{status}\", \"detail\": \"php {php} dotnet {dotnet} b64 {encoded} {pad}{auth} and more\"}}"
            );
        }
        Mode::HostileEndpoint if path == "/ResourceTypes" => {
            text = text.replace("\"/Users\"", &format!("\"/Users{HOSTILE}\""));
        }
        Mode::MountPrefix | Mode::AbsoluteUrls if path == "/ResourceTypes" => {
            let at = if mode == Mode::MountPrefix {
                "/scim/v2".to_string()
            } else {
                format!("{own}/scim/v2")
            };
            for endpoint in ["/Users", "/Groups"] {
                text = text.replace(&format!("\"{endpoint}\""), &format!("\"{at}{endpoint}\""));
            }
        }
        Mode::NoMemberDisplay if path == "/Schemas" => {
            let mut list: Value = serde_json::from_str(&text).unwrap();
            for schema in list["Resources"].as_array_mut().unwrap() {
                for attribute in schema["attributes"].as_array_mut().into_iter().flatten() {
                    if attribute["name"] == json!("members") {
                        if let Some(subs) = attribute["subAttributes"].as_array_mut() {
                            subs.retain(|s| s["name"] != json!("display"));
                        }
                    }
                }
            }
            text = list.to_string();
        }
        Mode::NoEnterprise if path == "/Schemas" || path == "/ResourceTypes" => {
            let mut list: Value = serde_json::from_str(&text).unwrap();
            let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
            let resources = list["Resources"].as_array_mut().unwrap();
            resources.retain(|r| r["id"] != json!(enterprise));
            for r in resources.iter_mut() {
                if let Some(extensions) =
                    r.get_mut("schemaExtensions").and_then(Value::as_array_mut)
                {
                    extensions.retain(|e| e["schema"] != json!(enterprise));
                }
            }
            let n = resources.len();
            list["totalResults"] = json!(n);
            list["itemsPerPage"] = json!(n);
            text = list.to_string();
        }
        Mode::Create500 | Mode::Create500NoSw if creates_user => {
            status = 500;
            text = error_body(500, "something went wrong");
        }
        Mode::ForgedLines if creates_user && status == 201 => {
            // Below the base URL, so the probe reads it and a failure
            // prints it in a copyable command.
            let mut user: Value = serde_json::from_str(&text).unwrap();
            user["meta"]["location"] =
                json!(format!("{own}/Users/x{FORGED} ; touch PWNED ; curl -i 'x"));
            text = user.to_string();
        }
        Mode::ForgedLines if status == 404 => {
            text = error_body(404, &format!("not here{FORGED}"));
        }
        _ => {}
    }
    reply_with(&mut stream, status, &text, etag.as_deref())
}

/// The seeded account `name` (its whole resource), read from the server.
fn read_account(server: &Server, name: &str) -> Value {
    let (_, list) = server.call(
        "GET",
        &format!("/Users?filter=userName%20eq%20%22{name}%22"),
        None,
    );
    let id = list["Resources"][0]["id"].as_str().unwrap().to_string();
    let (status, user) = server.call("GET", &format!("/Users/{id}"), None);
    assert_eq!(status, 200);
    user
}

fn report(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

fn check<'r>(report: &'r Value, id: &str) -> &'r Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == json!(id))
        .unwrap_or_else(|| panic!("no {id} in {report:#}"))
}

#[test]
#[ignore = "needs scim2-server; `cargo xtask test` runs it"]
fn a_create_answered_with_an_existing_user_touches_nothing() {
    let server = Server::start();
    server.seed();
    for mode in [Mode::CreateAnswersExisting, Mode::DuplicateAnswersExisting] {
        let before = read_account(&server, "ada");
        let proxy = Proxy::start(&server, mode);
        for sender in ["rfc", "entra", "okta"] {
            let (code, stdout, stderr) =
                probe(&[&proxy.url, "--write", "--as", sender, "--format", "json"]);
            assert_eq!(code, 1, "{mode:?} {sender}: {stderr}");
            let report = report(&stdout);
            let id = if mode == Mode::CreateAnswersExisting {
                "write.create-user"
            } else {
                "write.duplicate-username"
            };
            let decided = check(&report, id);
            assert_eq!(decided["status"], json!("fail"), "{mode:?} {sender}");
            let message = decided["message"].as_str().unwrap();
            assert!(
                message.contains("the server answered the create with an existing user")
                    && message.contains("userName `ada`")
                    && message
                        .ends_with("the probe stops writing and touches nothing it did not create"),
                "{mode:?} {sender}: {message}"
            );
            assert_eq!(check(&report, "write.update-user")["status"], json!("skip"));
            // The real account is exactly as it was.
            assert_eq!(read_account(&server, "ada"), before, "{mode:?} {sender}");
        }
    }
    // What the probe made before it stopped was removed.
    let (_, users) = server.call("GET", "/Users", None);
    assert_eq!(users["totalResults"], json!(2), "{users}");
}

#[test]
#[ignore = "needs scim2-server; `cargo xtask test` runs it"]
fn a_mapping_run_never_matches_an_account_by_e_mail() {
    let server = Server::start();
    server.seed();
    let (status, _) = server.call(
        "POST",
        "/Users",
        Some(json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "ada.lovelace@contoso.com",
                    "emails": [{"value": "ada.lovelace@contoso.com", "type": "work", "primary": true}]})),
    );
    assert_eq!(status, 201);
    let before = read_account(&server, "ada.lovelace@contoso.com");
    let proxy = Proxy::start(&server, Mode::LinksByEmail);
    let (mapping, user) = (super::preset("entra-scim"), super::preset("entra-user"));
    let (_, stdout, stderr) = probe(&[
        &proxy.url,
        "--write",
        "--mapping",
        &mapping,
        "--user",
        &user,
        "--format",
        "json",
    ]);
    let report = report(&stdout);
    assert_eq!(
        check(&report, "write.create-user")["status"],
        json!("pass"),
        "{stderr}{report:#}"
    );
    assert_eq!(
        check(&report, "write.cleanup")["status"],
        json!("pass"),
        "{report:#}"
    );
    assert_eq!(read_account(&server, "ada.lovelace@contoso.com"), before);
    let (_, users) = server.call("GET", "/Users", None);
    assert_eq!(users["totalResults"], json!(3), "{users}");
}

#[test]
#[ignore = "needs scim2-server; `cargo xtask test` runs it"]
fn a_token_the_server_echoes_is_in_no_output() {
    let server = Server::start();
    server.seed();
    let proxy = Proxy::start(&server, Mode::EchoesToken);
    let mut seen_masked = false;
    for format in ["human", "json", "junit"] {
        let (_, stdout, stderr) = probe(&[&proxy.url, "--write", "--format", format]);
        assert!(!stdout.contains(TOKEN), "{format}: {stdout}");
        assert!(!stderr.contains(TOKEN), "{format}: {stderr}");
        seen_masked |= stdout.contains("you sent Authorization: Bearer ****");
    }
    assert!(seen_masked, "the echo was shown, masked");
    // In every spelling servers echo it: JSON escapes, base64, and cut
    // across the excerpt's end; the token alone, none of its characters.
    let proxy = Proxy::start(&server, Mode::EchoesTokenEncoded);
    let start = &ODD_TOKEN[..8];
    for format in ["human", "json", "junit"] {
        let out = scimkit()
            .args(["probe", &proxy.url, "--write", "--format", format])
            .env("SCIMKIT_TOKEN", ODD_TOKEN)
            .output()
            .unwrap();
        for text in [
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        ] {
            assert!(!text.contains(start), "{format}: {text}");
            assert!(!text.contains("Zq9\\/xK"), "{format}: {text}");
            assert!(
                !text.contains(&scimkit::encode::base64(ODD_TOKEN.as_bytes())[..12]),
                "{format}: {text}"
            );
        }
    }
}

/// Runs every `curl` command line of `output` with bash in an empty
/// directory, `curl` being a stand-in that does nothing: the directory must
/// stay empty. Returns how many ran.
fn run_printed_commands(output: &str) -> usize {
    let bin = tempfile::tempdir().unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let curl = bin.path().join("curl");
    std::fs::write(&curl, "#!/bin/sh\nexit 0\n").unwrap();
    Command::new("chmod").arg("+x").arg(&curl).status().unwrap();
    let mut ran = 0;
    for line in output.lines() {
        let Some(at) = line.find("curl -i") else {
            continue;
        };
        let command = &line[at..];
        let status = Command::new("bash")
            .args(["-c", command])
            .current_dir(scratch.path())
            .env("PATH", format!("{}:/usr/bin:/bin", bin.path().display()))
            .env("SCIMKIT_TOKEN", "x")
            .status()
            .unwrap();
        assert!(status.success(), "{command}");
        ran += 1;
    }
    let left: Vec<_> = std::fs::read_dir(scratch.path())
        .unwrap()
        .flatten()
        .collect();
    assert!(left.is_empty(), "the printed commands made {left:?}");
    assert!(!Path::new("pwned").exists());
    ran
}

#[test]
#[ignore = "needs scim2-server; `cargo xtask test` runs it"]
fn printed_commands_run_nothing_but_curl_whatever_the_server_names() {
    let server = Server::start();
    server.seed();
    for mode in [Mode::HostileEndpoint, Mode::HostileIds] {
        let proxy = Proxy::start(&server, mode);
        let (_, stdout, stderr) = probe(&[&proxy.url, "--write", "--as", "rfc"]);
        let ran = run_printed_commands(&stdout);
        assert!(ran >= 3, "{mode:?}: {ran} commands in {stdout}{stderr}");
        // The hostile text reached the commands, encoded.
        assert!(
            stdout.contains("%27%24%28touch%24%7BIFS%7Dpwned%29%27"),
            "{mode:?}: {stdout}"
        );
        assert!(stdout.contains("PASS write.cleanup"), "{mode:?}: {stdout}");
    }
    let (_, users) = server.call("GET", "/Users", None);
    assert_eq!(users["totalResults"], json!(2), "{users}");
}

#[test]
#[ignore = "needs scim2-server; `cargo xtask test` runs it"]
fn ids_with_a_slash_are_removed_like_any_other() {
    let server = Server::start();
    server.seed();
    let (_, before) = server.call("GET", "/Users", None);
    let (_, groups_before) = server.call("GET", "/Groups", None);
    let proxy = Proxy::start(&server, Mode::SlashIds);
    for sender in ["rfc", "entra-scim-compliant", "okta"] {
        let (code, stdout, _) = probe(&[&proxy.url, "--write", "--as", sender, "--format", "json"]);
        let report = report(&stdout);
        assert_eq!(code, 0, "{sender}: {report:#}");
        assert_eq!(report["leftovers"], json!([]));
        let target = check(&report, "write.update-user")["request"]["target"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(target.contains("%2Fx"), "{target}");
    }
    let (_, after) = server.call("GET", "/Users", None);
    let (_, groups_after) = server.call("GET", "/Groups", None);
    assert_eq!(before, after);
    assert_eq!(groups_before, groups_after);
}

#[test]
#[ignore = "needs scim2-server; `cargo xtask test` runs it"]
fn a_delete_that_never_answers_is_one_failed_cleanup_listing_what_is_left() {
    let server = Server::start();
    server.seed();
    let proxy = Proxy::start(&server, Mode::DeleteNeverAnswers);
    let (code, stdout, _) = probe(&[&proxy.url, "--write", "--timeout", "1", "--format", "json"]);
    assert_eq!(code, 1);
    let report = report(&stdout);
    let cleanups: Vec<&Value> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["id"] == json!("write.cleanup"))
        .collect();
    assert_eq!(cleanups.len(), 1, "{report:#}");
    assert_eq!(cleanups[0]["status"], json!("fail"));
    let leftovers = report["leftovers"].as_array().unwrap();
    // The group and the first and third test users (the second one's DELETE
    // is the delete check's, which never answered either).
    assert_eq!(leftovers.len(), 4, "{report:#}");
    for left in leftovers {
        assert_eq!(left["proven"], json!(true));
        assert!(
            left["reason"]
                .as_str()
                .unwrap()
                .starts_with("DELETE got no answer"),
            "{left}"
        );
        assert!(
            cleanups[0]["message"]
                .as_str()
                .unwrap()
                .contains(left["id"].as_str().unwrap())
        );
        // Still there, as the report says.
        let (status, _) = server.call("GET", left["target"].as_str().unwrap(), None);
        assert_eq!(status, 200, "{left}");
    }
}

#[test]
#[ignore = "needs scim2-server; `cargo xtask test` runs it"]
fn users_created_behind_a_500_are_found_by_name_and_listed() {
    let server = Server::start();
    server.seed();
    let proxy = Proxy::start(&server, Mode::Create500);
    let (code, stdout, _) = probe(&[&proxy.url, "--write", "--format", "json"]);
    assert_eq!(code, 1);
    let report = report(&stdout);
    assert_eq!(check(&report, "write.cleanup")["status"], json!("fail"));
    let leftovers = report["leftovers"].as_array().unwrap();
    let users: Vec<&Value> = leftovers
        .iter()
        .filter(|l| l["resourceType"] == json!("User"))
        .collect();
    assert_eq!(users.len(), 3, "{report:#}");
    for left in users {
        assert_eq!(left["proven"], json!(false));
        assert!(left["name"].as_str().unwrap().starts_with("scimkit-probe-"));
        // Listed, not deleted: the probe never proved they are its own.
        let (status, _) = server.call("GET", left["target"].as_str().unwrap(), None);
        assert_eq!(status, 200, "{left}");
    }
}

#[test]
#[ignore = "needs scim2-server; `cargo xtask test` runs it"]
fn users_behind_a_500_are_never_passed_as_cleaned_when_the_search_fails() {
    let server = Server::start();
    server.seed();
    // The search by the run's names (`sw`) is refused: the exact lookups
    // of the names whose creates failed still find them.
    let proxy = Proxy::start(&server, Mode::Create500NoSw);
    let (code, stdout, _) = probe(&[&proxy.url, "--write", "--format", "json"]);
    assert_eq!(code, 1);
    let report = report(&stdout);
    assert_eq!(
        check(&report, "write.cleanup")["status"],
        json!("fail"),
        "{report:#}"
    );
    let users: Vec<&Value> = report["leftovers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["resourceType"] == json!("User"))
        .collect();
    assert_eq!(users.len(), 3, "{report:#}");
}

#[test]
#[ignore = "needs scim2-server; `cargo xtask test` runs it"]
fn server_strings_cannot_forge_a_line_or_break_the_xml() {
    let server = Server::start();
    server.seed();
    let proxy = Proxy::start(&server, Mode::ForgedLines);
    let args = [proxy.url.as_str(), "--write", "--seed", "3"];
    let (_, json_out, _) = probe(&[&args[..], &["--format", "json"]].concat());
    let checks = report(&json_out)["checks"].as_array().unwrap().len();
    let (_, human, _) = probe(&args);
    let marks = human
        .lines()
        .filter(|l| {
            ["  PASS ", "  FAIL ", "  WARN ", "  SKIP "]
                .iter()
                .any(|m| l.starts_with(m))
        })
        .count();
    assert_eq!(marks, checks, "one line per check: {human}");
    assert!(
        !human
            .lines()
            .any(|l| l.trim_start().starts_with("PASS write.cleanup forged")),
        "{human}"
    );
    assert!(human.contains("\\n  PASS write.cleanup forged"), "{human}");
    assert!(human.contains("\\u2028"), "{human}");
    // The location's path, printed in a copyable command, runs nothing.
    assert!(run_printed_commands(&human) >= 1, "{human}");
    let (_, junit, _) = probe(&[&args[..], &["--format", "junit"]].concat());
    assert!(!junit.contains('\u{FFFE}'));
    // A strict XML 1.0 parser reads it.
    let mut python = Command::new("python3")
        .args(["-c", "import sys, xml.etree.ElementTree as E; E.fromstring(sys.stdin.buffer.read()); print('ok')"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    python
        .stdin
        .take()
        .unwrap()
        .write_all(junit.as_bytes())
        .unwrap();
    let out = python.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "ok", "{junit}");
}

/// Starts a `--write` run through a slow proxy, waits until the first user
/// exists, sends `signal`, and returns (exit code, stdout).
fn signalled_run(server: &Server, signal: &str, format: &str) -> (Option<i32>, String) {
    let proxy = Proxy::start(server, Mode::Slow);
    let mut child = scimkit()
        .args(["probe", &proxy.url, "--write", "--format", format])
        .env("SCIMKIT_TOKEN", TOKEN)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait for the first user to exist (read from the server), 30 s at most.
    let (_, users) = server.call("GET", "/Users", None);
    let before = users["totalResults"].as_i64();
    let started = Instant::now();
    loop {
        let (_, users) = server.call("GET", "/Users", None);
        if users["totalResults"].as_i64() > before || started.elapsed() > Duration::from_secs(30) {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    // The probe has its answer long before the next one (200 ms away).
    std::thread::sleep(Duration::from_millis(150));
    let status = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    let code = child.wait().unwrap().code();
    (code, stdout)
}

#[test]
#[ignore = "needs scim2-server; `cargo xtask test` runs it"]
fn sigterm_mid_run_prints_what_is_left() {
    let server = Server::start();
    server.seed();
    let (code, human) = signalled_run(&server, "-TERM", "human");
    assert_eq!(code, Some(143), "{human}");
    assert!(human.contains("stopped: terminated (SIGTERM)"), "{human}");
    assert!(human.contains("Left on the server ("), "{human}");
    assert!(
        human.contains(
            "  delete:    curl -i -X 'DELETE' -H \"Authorization: Bearer $SCIMKIT_TOKEN\""
        ),
        "{human}"
    );
    // A server of its own: the first run's request in flight may still land.
    let server = Server::start();
    server.seed();
    let (code, json_out) = signalled_run(&server, "-TERM", "json");
    assert_eq!(code, Some(143));
    let report = report(&json_out);
    assert!(
        report["stopped"]
            .as_str()
            .unwrap()
            .starts_with("terminated (SIGTERM)")
    );
    let left = report["leftovers"].as_array().unwrap();
    assert!(!left.is_empty(), "{report:#}");
    for left in left {
        assert!(left["name"].as_str().unwrap().starts_with("scimkit-probe-"));
        // What the report lists is what the server holds.
        let (status, _) = server.call("GET", left["target"].as_str().unwrap(), None);
        assert_eq!(status, 200);
    }
    assert!(
        statuses(&report)
            .iter()
            .any(|(id, s)| id == "write.create-user" && s == "pass")
    );
}

/// The check `id` of `report`: (status, message).
fn verdict(report: &Value, id: &str) -> (String, String) {
    let c = check(report, id);
    (
        c["status"].as_str().unwrap().to_string(),
        c["message"].as_str().unwrap_or("").to_string(),
    )
}

#[test]
#[ignore = "needs scim2-server; `cargo xtask test` runs it"]
fn each_server_difference_is_named_by_its_own_check_only() {
    let server = Server::start();
    server.seed();
    let (_, users_before) = server.call("GET", "/Users", None);
    let (_, groups_before) = server.call("GET", "/Groups", None);
    let run = |mode: Mode, sender: &str| {
        let proxy = Proxy::start(&server, mode);
        let (_, stdout, stderr) =
            probe(&[&proxy.url, "--write", "--as", sender, "--format", "json"]);
        let report = report(&stdout);
        assert_eq!(
            check(&report, "write.cleanup")["status"],
            json!("pass"),
            "{mode:?} {sender}: {stderr}{report:#}"
        );
        report
    };
    // The API below a path, endpoints as absolute paths or URLs: every
    // sender reaches the resources; only an RFC client reads the endpoints.
    for mode in [Mode::MountPrefix, Mode::AbsoluteUrls] {
        for sender in ["rfc", "entra-scim-compliant", "okta"] {
            let report = run(mode, sender);
            assert_eq!(
                super::failing_checks(&report),
                Vec::<String>::new(),
                "{mode:?} {sender}: {report:#}"
            );
            let target = check(&report, "write.update-user")["request"]["url"]
                .as_str()
                .unwrap()
                .to_string();
            assert!(target.contains("/scim/v2/Users/"), "{target}");
            assert!(!target.contains("/scim/v2/scim/v2"), "{target}");
        }
    }
    // A server that ignores filters: the lookups say so, naming the cause.
    for sender in ["entra", "okta"] {
        let report = run(Mode::IgnoresFilter, sender);
        let (status, message) = verdict(&report, "connection.entra-lookup");
        assert_eq!(status, "fail");
        assert!(
            message.starts_with("the server ignored the filter"),
            "{message}"
        );
        let (status, message) = verdict(&report, "write.lookup-case");
        assert_eq!(status, "fail");
        assert!(
            message.starts_with("the server ignored the filter"),
            "{message}"
        );
        assert!(!message.contains("must ignore case"), "{message}");
        let (status, message) = verdict(&report, "groups.lookup");
        assert_eq!(status, "fail");
        assert!(
            message.starts_with("the server ignored the filter"),
            "{message}"
        );
    }
    // Group.members without `display`, as RFC 7643 printed it: a warning
    // naming the erratum, and group reads judged as corrected.
    let report = run(Mode::NoMemberDisplay, "rfc");
    let (status, _) = verdict(&report, "discovery.schemas");
    assert_eq!(status, "warn");
    let codes: Vec<&str> = check(&report, "discovery.schemas")["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["schema-rfc-erratum"]);
    assert_eq!(
        super::failing_checks(&report),
        Vec::<String>::new(),
        "{report:#}"
    );
    // No enterprise extension: the manager checks are skipped, with why.
    let report = run(Mode::NoEnterprise, "entra-scim-compliant");
    assert_eq!(
        super::failing_checks(&report),
        Vec::<String>::new(),
        "{report:#}"
    );
    for id in [
        "write.manager-set",
        "write.manager-replace",
        "write.manager-remove",
    ] {
        let (status, message) = verdict(&report, id);
        assert_eq!(status, "skip", "{id}");
        assert!(
            message.contains("the enterprise extension's `manager`"),
            "{message}"
        );
    }
    // A userName differing only in case accepted as a new user.
    let report = run(Mode::CaseDuplicates, "rfc");
    assert_eq!(
        super::failing_checks(&report),
        ["write.duplicate-case"],
        "{report:#}"
    );
    let (_, message) = verdict(&report, "write.duplicate-case");
    assert!(
        message.contains("differs only in letter case was created"),
        "{message}"
    );
    // Every run removed what it made.
    let (_, users_after) = server.call("GET", "/Users", None);
    let (_, groups_after) = server.call("GET", "/Groups", None);
    assert_eq!(users_before, users_after);
    assert_eq!(groups_before, groups_after);
}
