//! A tiny static file server for `playground/dist/`: GET and HEAD only, one
//! thread per connection, `Connection: close`, correct MIME types (browsers
//! compile wasm while it downloads only when it is served as
//! `application/wasm`), nothing injected into the pages.

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::util::Result;

/// A server running on a background thread; dropping it stops it.
pub struct Server {
    /// Where it listens.
    pub addr: SocketAddr,
    stop: Arc<AtomicBool>,
}

impl Server {
    /// `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
    }
}

/// Serves `dir` on `addr` (port 0 picks a free port) from a background thread.
pub fn start(dir: &Path, addr: &str, log: bool) -> Result<Server> {
    let listener = TcpListener::bind(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let stop = Arc::new(AtomicBool::new(false));
    let dir = dir.to_path_buf();
    let flag = Arc::clone(&stop);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            if flag.load(Ordering::SeqCst) {
                break;
            }
            if let Ok(stream) = stream {
                let dir = dir.clone();
                std::thread::spawn(move || handle(stream, &dir, log));
            }
        }
    });
    Ok(Server { addr, stop })
}

fn handle(mut stream: TcpStream, dir: &Path, log: bool) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let Some((method, target)) = read_request(&stream) else {
        return;
    };
    let (status, content_type, body) = respond(&method, &target, dir);
    if log {
        println!("{method} {target} {status}");
    }
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    if method != "HEAD" {
        let _ = stream.write_all(&body);
    }
    let _ = stream.flush();
}

/// The method and target of the request line; the headers are read and ignored.
fn read_request(stream: &TcpStream) -> Option<(String, String)> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let target = parts.next()?.to_owned();
    // Drain the headers (bounded) so the client is not reset mid-send.
    let mut header = String::new();
    for _ in 0..100 {
        header.clear();
        if reader.read_line(&mut header).ok()? == 0 || header.trim().is_empty() {
            break;
        }
    }
    Some((method, target))
}

fn respond(method: &str, target: &str, dir: &Path) -> (&'static str, &'static str, Vec<u8>) {
    const TEXT: &str = "text/plain; charset=utf-8";
    if method != "GET" && method != "HEAD" {
        return (
            "405 Method Not Allowed",
            TEXT,
            b"method not allowed\n".to_vec(),
        );
    }
    let Some(path) = resolve(dir, target) else {
        return ("400 Bad Request", TEXT, b"bad path\n".to_vec());
    };
    match std::fs::read(&path) {
        Ok(body) => ("200 OK", mime(&path), body),
        Err(_) => ("404 Not Found", TEXT, b"not found\n".to_vec()),
    }
}

/// Maps a request target to a file under `dir`; `None` for anything that
/// could leave it (`..`, backslashes, NUL) or is not valid UTF-8.
fn resolve(dir: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next()?;
    let decoded = percent_decode(path)?;
    if !decoded.starts_with('/') {
        return None;
    }
    let mut out = dir.to_path_buf();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s if s.contains(['\\', '\0']) => return None,
            s => out.push(s),
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    Some(out)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn mime(path: &Path) -> &'static str {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    #[test]
    fn resolves_inside_the_folder_only() {
        let dir = Path::new("/srv/dist");
        assert_eq!(resolve(dir, "/a%20b.js?x=1"), Some(dir.join("a b.js")));
        assert_eq!(resolve(dir, "/../etc/passwd"), None);
        assert_eq!(resolve(dir, "/%2e%2e/etc/passwd"), None);
        assert_eq!(resolve(dir, "/a%5c..%5cb"), None);
        assert_eq!(resolve(dir, "relative"), None);
        assert_eq!(resolve(dir, "/%zz"), None);
    }

    #[test]
    fn wasm_is_served_as_application_wasm() {
        assert_eq!(mime(Path::new("x_bg.wasm")), "application/wasm");
        assert_eq!(mime(Path::new("x.JS")), "text/javascript; charset=utf-8");
    }

    #[test]
    fn serves_files_over_http() -> Result {
        let dir = std::env::temp_dir().join(format!("xtask-serve-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        std::fs::write(dir.join("index.html"), "<title>t</title>").map_err(|e| e.to_string())?;
        let server = start(&dir, "127.0.0.1:0", false)?;
        let get = |target: &str| -> Result<String> {
            let mut s = TcpStream::connect(server.addr).map_err(|e| e.to_string())?;
            write!(s, "GET {target} HTTP/1.1\r\nHost: x\r\n\r\n").map_err(|e| e.to_string())?;
            let mut response = String::new();
            s.read_to_string(&mut response).map_err(|e| e.to_string())?;
            Ok(response)
        };
        let index = get("/")?;
        assert!(index.starts_with("HTTP/1.1 200 OK\r\n"), "{index}");
        assert!(index.contains("Content-Type: text/html; charset=utf-8\r\n"));
        assert!(index.ends_with("<title>t</title>"));
        assert!(get("/missing.js")?.starts_with("HTTP/1.1 404"));
        drop(server);
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }
}
