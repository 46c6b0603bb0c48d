//! `brief serve` end to end: a preview server on an ephemeral loopback
//! port, serving a fixture site under its base path (`/brief/`), spoken to
//! over plain TCP so every request goes out exactly as written (no client
//! normalises `..` or follows redirects behind the test's back).
//!
//! Nothing here sleeps for a fixed time to let something happen: every
//! wait polls with a deadline and returns as soon as the thing is seen.
//! The only fixed waits check that something does *not* happen (no rebuild
//! for ignored files), and they are a few hundred milliseconds.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::common::Fixture;
use brief::serve::{ServeOptions, Server};
use brief::site::SiteOptions;

/// The longest any wait may take; waits end as soon as they succeed.
const DEADLINE: Duration = Duration::from_secs(30);
/// How long to watch for an event that must not come.
const QUIET: Duration = Duration::from_millis(400);

const HOME_ZH: &str = "+++\ntitle = \"首页\"\n+++\n\n这是首页。\n";
const HOME_EN: &str = "+++\ntitle = \"Home\"\n+++\n\nThis is the home page.\n";
const GOALS_ZH: &str = "+++\ntitle = \"发展目标\"\nweight = 1\n+++\n\n## 目标\n\n第一版的目标。\n";
const GOALS_EN: &str =
    "+++\ntitle = \"Goals\"\nweight = 1\n+++\n\n## Targets\n\nThe first version of the goals.\n";

/// A small bilingual site with static files of every type worth checking.
fn site() -> Fixture {
    let fixture = Fixture::new();
    fixture
        .file("content/_index.zh.md", HOME_ZH)
        .file("content/_index.en.md", HOME_EN)
        .file("content/goals.zh.md", GOALS_ZH)
        .file("content/goals.en.md", GOALS_EN)
        .file("static/files/table.csv", "地区,数值\n成都,1\n")
        .file("static/files/data.json", "{\"a\": 1}\n")
        .file("static/fonts/test.woff2", b"wOF2\0\x01\0\0")
        .file(
            "static/files/page.html",
            "<!doctype html><html><body><p>A static page.</p></body></html>\n",
        );
    fixture
}

fn options(fixture: &Fixture) -> ServeOptions {
    ServeOptions {
        site: SiteOptions {
            root: fixture.root().to_path_buf(),
            ..SiteOptions::default()
        },
        port: 0,
        quiet: true,
        ..ServeOptions::default()
    }
}

fn start(fixture: &Fixture) -> Server {
    brief::serve::start(&options(fixture)).unwrap_or_else(|e| panic!("serve failed:\n{e}"))
}

// ---------------------------------------------------------------------------
// A minimal HTTP/1.1 client over TCP.

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `raw` on a new connection and reads the reply until the server
/// closes the connection. A reply the server did not send (it closed the
/// connection at once) has status 0.
fn exchange(addr: SocketAddr, raw: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    // The server may answer and close before it read everything (431).
    let _ = stream.write_all(raw);
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    parse_reply(&bytes)
}

fn parse_reply(bytes: &[u8]) -> Reply {
    let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Reply {
            status: 0,
            headers: Vec::new(),
            body: bytes.to_vec(),
        };
    };
    let head = String::from_utf8_lossy(&bytes[..end]);
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = bytes[end + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        let (decoded, _) = dechunk(&body);
        body = decoded;
    }
    Reply {
        status,
        headers,
        body,
    }
}

/// Decodes the complete chunks at the start of `raw`; returns them and the
/// number of bytes they took.
fn dechunk(raw: &[u8]) -> (Vec<u8>, usize) {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(line_end) = raw[at..].windows(2).position(|w| w == b"\r\n") {
        let size_text = String::from_utf8_lossy(&raw[at..at + line_end]).into_owned();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16)
            .unwrap_or_else(|_| panic!("bad chunk size {size_text:?}"));
        let data = at + line_end + 2;
        if size == 0 || raw.len() < data + size + 2 {
            break;
        }
        out.extend_from_slice(&raw[data..data + size]);
        at = data + size + 2;
    }
    (out, at)
}

fn get(addr: SocketAddr, path: &str) -> Reply {
    exchange(
        addr,
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

fn get_ok(addr: SocketAddr, path: &str) -> String {
    let reply = get(addr, path);
    assert_eq!(reply.status, 200, "GET {path}: {}", reply.text());
    reply.text()
}

/// The build generation a served page belongs to.
fn generation_of(html: &str) -> u64 {
    let at = html
        .find("data-generation=\"")
        .unwrap_or_else(|| panic!("no live-reload tag in:\n{html}"));
    let rest = &html[at + "data-generation=\"".len()..];
    rest[..rest.find('"').unwrap()].parse().unwrap()
}

/// A live-reload event stream, as the page's script opens it.
struct Events {
    stream: TcpStream,
    raw: Vec<u8>,
    text: String,
}

impl Events {
    fn connect(addr: SocketAddr, generation: u64) -> Events {
        let mut stream = TcpStream::connect(addr).expect("connect");
        write!(
            stream,
            "GET /__brief/events?generation={generation} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        stream.set_read_timeout(Some(DEADLINE)).unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut head = String::new();
        loop {
            let mut line = String::new();
            reader
                .read_line(&mut line)
                .expect("read the event stream's head");
            if line == "\r\n" || line.is_empty() {
                break;
            }
            head.push_str(&line);
        }
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(head.contains("text/event-stream"), "{head}");
        let raw = reader.buffer().to_vec();
        Events {
            stream,
            raw,
            text: String::new(),
        }
    }

    /// The next event, as (name, data), if one comes within `wait`.
    fn next_within(&mut self, wait: Duration) -> Option<(String, String)> {
        let deadline = Instant::now() + wait;
        loop {
            let (data, used) = dechunk(&self.raw);
            self.raw.drain(..used);
            self.text.push_str(&String::from_utf8(data).unwrap());
            while let Some(end) = self.text.find("\n\n") {
                let block: String = self.text.drain(..end + 2).collect();
                let mut name = String::new();
                let mut data = Vec::new();
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        name = v.trim().to_string();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push(v.strip_prefix(' ').unwrap_or(v).to_string());
                    }
                }
                if !name.is_empty() {
                    return Some((name, data.join("\n")));
                }
            }
            let left = deadline.checked_duration_since(Instant::now())?;
            self.stream
                .set_read_timeout(Some(left.max(Duration::from_millis(1))))
                .unwrap();
            let mut buf = [0; 8192];
            match self.stream.read(&mut buf) {
                Ok(0) => panic!("the event stream closed"),
                Ok(n) => self.raw.extend_from_slice(&buf[..n]),
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    return None;
                }
                Err(e) => panic!("read the event stream: {e}"),
            }
        }
    }

    /// The next event, which must come within the deadline.
    fn next(&mut self) -> (String, String) {
        self.next_within(DEADLINE)
            .expect("an event within the deadline")
    }

    /// Asserts the next event's name and returns its data.
    fn expect(&mut self, name: &str) -> String {
        let (got, data) = self.next();
        assert_eq!(got, name, "event data: {data}");
        data
    }
}

// ---------------------------------------------------------------------------
// Serving.

#[test]
fn pages_and_assets_have_their_content_types() {
    let fixture = site();
    let server = start(&fixture);
    let addr = server.addr();
    assert!(addr.ip().is_loopback());
    assert_eq!(server.url(), format!("http://{addr}/brief/"));

    for (path, content_type) in [
        ("/brief/", "text/html"),
        ("/brief/zh/", "text/html"),
        ("/brief/en/goals/", "text/html"),
        ("/brief/assets/style.css", "text/css"),
        ("/brief/assets/highlight.css", "text/css"),
        ("/brief/assets/favicon.svg", "image/svg+xml"),
        ("/brief/files/table.csv", "text/csv"),
        ("/brief/files/data.json", "application/json"),
        ("/brief/fonts/test.woff2", "font/woff2"),
    ] {
        let reply = get(addr, path);
        assert_eq!(reply.status, 200, "{path}");
        let got = reply.header("content-type").unwrap_or_default();
        assert!(got.starts_with(content_type), "{path}: {got}");
        if content_type.starts_with("text/") || content_type.ends_with("json") {
            assert!(got.ends_with("charset=utf-8"), "{path}: {got}");
        }
        assert_eq!(reply.header("cache-control"), Some("no-cache"), "{path}");
    }
    assert_eq!(
        get_ok(addr, "/brief/files/table.csv"),
        "地区,数值\n成都,1\n"
    );

    let page = get_ok(addr, "/brief/en/goals/");
    assert!(page.contains("The first version of the goals."), "{page}");
    assert!(
        page.contains(&format!("href=\"http://{addr}/brief/en/goals/\"")),
        "the canonical link points to the preview"
    );
    // The client goes in before `</body>`, in rendered and static pages.
    for path in ["/brief/en/goals/", "/brief/files/page.html"] {
        let html = get_ok(addr, path);
        let tag = html.find("<script src=\"/__brief/livereload.js\"").unwrap();
        assert!(tag < html.rfind("</body>").unwrap(), "{path}");
    }
    let script = get(addr, "/__brief/livereload.js");
    assert_eq!(script.status, 200);
    assert!(
        script
            .header("content-type")
            .unwrap()
            .starts_with("text/javascript")
    );
    assert!(script.text().contains("EventSource"));
    assert!(script.text().contains("textContent"));
    assert!(!script.text().contains("innerHTML"));

    // The preview never writes public/, and `brief build` never injects.
    assert!(!fixture.output().exists());
    drop(server);
    fixture.build_ok();
    for file in fixture.html_files() {
        assert!(!fixture.read(&file).contains("__brief"), "{file}");
    }
}

#[test]
fn directories_redirect_and_missing_pages_get_the_404_page() {
    let fixture = site();
    let server = start(&fixture);
    let addr = server.addr();

    for (path, location) in [
        ("/", "/brief/"),
        ("/brief", "/brief/"),
        ("/brief/zh", "/brief/zh/"),
        ("/brief/en/goals", "/brief/en/goals/"),
    ] {
        let reply = get(addr, path);
        assert!(
            (301..=308).contains(&reply.status),
            "{path}: {}",
            reply.status
        );
        assert_eq!(reply.header("location"), Some(location), "{path}");
    }

    let not_found_page = get_ok(addr, "/brief/404.html");
    for path in [
        "/brief/nope/",
        "/brief/zh/nope/",
        "/brief/assets/missing.css",
        "/elsewhere/",
        "/index.html",
    ] {
        let reply = get(addr, path);
        assert_eq!(reply.status, 404, "{path}");
        assert!(
            reply
                .header("content-type")
                .unwrap()
                .starts_with("text/html"),
            "{path}"
        );
        assert_eq!(reply.text(), not_found_page, "{path}");
    }

    let head = exchange(
        addr,
        format!("HEAD /brief/zh/ HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    let post = exchange(
        addr,
        format!("POST /brief/zh/ HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    assert_eq!(post.status, 405);
}

// ---------------------------------------------------------------------------
// Safety.

#[test]
fn requests_outside_the_site_are_refused() {
    let fixture = site();
    let server = start(&fixture);
    let addr = server.addr();
    let passwd_exists = Path::new("/etc/passwd").exists();

    // (request line, status): 400 when the path tries to leave the site,
    // 404 when it is merely not a file of the site.
    let requests = [
        (
            "GET /brief/../../../../../../../../etc/passwd HTTP/1.1",
            400,
        ),
        ("GET /../../../../../../../../etc/passwd HTTP/1.1", 400),
        (
            "GET /brief/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd HTTP/1.1",
            400,
        ),
        (
            "GET /brief/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/etc/passwd HTTP/1.1",
            400,
        ),
        (
            "GET /brief/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd HTTP/1.1",
            400,
        ),
        ("GET /brief/%2fetc%2fpasswd HTTP/1.1", 400),
        (
            "GET /brief/..\\..\\..\\..\\..\\..\\etc\\passwd HTTP/1.1",
            400,
        ),
        (
            "GET /brief/%5c..%5c..%5c..%5c..%5c..%5cetc%5cpasswd HTTP/1.1",
            400,
        ),
        ("GET /brief/zh/%00/../../../etc/passwd HTTP/1.1", 400),
        (
            "GET http://127.0.0.1/../../../../../../etc/passwd HTTP/1.1",
            400,
        ),
        // Absolute paths are paths under the served directory.
        ("GET //etc/passwd HTTP/1.1", 404),
        ("GET /etc/passwd HTTP/1.1", 404),
        ("GET /brief//etc/passwd HTTP/1.1", 404),
        // Decoded once, as browsers and Pages do: `%2e%2e` is a name.
        ("GET /brief/%252e%252e/%252e%252e/etc/passwd HTTP/1.1", 404),
    ];
    for (line, status) in requests {
        let reply = exchange(
            addr,
            format!("{line}\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
        );
        assert_eq!(reply.status, status, "{line}: {}", reply.text());
        if passwd_exists {
            assert!(!reply.text().contains("root:"), "{line}");
        }
    }
    // Still serving.
    get_ok(addr, "/brief/zh/");
}

#[cfg(unix)]
#[test]
fn static_symlinks_are_served_only_inside_their_directory() {
    use std::os::unix::fs::symlink;

    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "TOP SECRET: not for the web").unwrap();

    let fixture = site();
    fixture.file("static/files/real.txt", "public text");
    symlink("real.txt", fixture.root().join("static/files/alias.txt")).unwrap();
    let server = start(&fixture);
    let addr = server.addr();
    // A link inside static/ is served as a copy of its target.
    assert_eq!(get_ok(addr, "/brief/files/alias.txt"), "public text");

    let page = get_ok(addr, "/brief/zh/");
    let mut events = Events::connect(addr, generation_of(&page));
    events.expect("build-ok");

    // A link that leaves static/ fails the build and is never served.
    symlink(&secret, fixture.root().join("static/leak.txt")).unwrap();
    let error = events.expect("build-error");
    assert!(error.contains("static/leak.txt"), "{error}");
    assert!(error.contains("outside"), "{error}");
    let reply = get(addr, "/brief/leak.txt");
    assert_eq!(reply.status, 404);
    assert!(!reply.text().contains("TOP SECRET"));
    // The last good build is still served.
    assert_eq!(get_ok(addr, "/brief/zh/"), page);

    // A link to a directory outside is refused the same way.
    std::fs::remove_file(fixture.root().join("static/leak.txt")).unwrap();
    events.expect("reload");
    events.expect("build-ok");
    symlink(outside.path(), fixture.root().join("static/outside")).unwrap();
    let error = events.expect("build-error");
    assert!(error.contains("static/outside/secret.txt"), "{error}");
    assert_eq!(get(addr, "/brief/outside/secret.txt").status, 404);
}

#[test]
fn foreign_host_names_are_refused() {
    let fixture = site();
    let server = start(&fixture);
    let addr = server.addr();
    let port = addr.port();
    let with_host = |host: &str| {
        exchange(
            addr,
            format!("GET /brief/zh/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
        .status
    };
    // DNS rebinding: a page on another site that resolves its own name to
    // 127.0.0.1 must not read the preview.
    assert_eq!(with_host(&format!("attacker.example:{port}")), 403);
    assert_eq!(with_host("attacker.example"), 403);
    assert_eq!(with_host(&format!("localhost:{port}")), 200);
    assert_eq!(with_host(&format!("127.0.0.1:{port}")), 200);
}

#[test]
fn huge_headers_and_malformed_requests_get_errors_and_the_server_goes_on() {
    let fixture = site();
    let server = start(&fixture);
    let addr = server.addr();

    let big = "a".repeat(100 * 1024);
    let reply = exchange(
        addr,
        format!(
            "GET /brief/zh/ HTTP/1.1\r\nHost: {addr}\r\nX-Big: {big}\r\nConnection: close\r\n\r\n"
        )
        .as_bytes(),
    );
    assert!(matches!(reply.status, 431 | 400), "{}", reply.status);
    get_ok(addr, "/brief/zh/");

    let many_headers: String = (0..500).map(|i| format!("X-H{i}: v\r\n")).collect();
    let reply = exchange(
        addr,
        format!(
            "GET /brief/zh/ HTTP/1.1\r\nHost: {addr}\r\n{many_headers}Connection: close\r\n\r\n"
        )
        .as_bytes(),
    );
    assert!(matches!(reply.status, 431 | 400), "{}", reply.status);

    for garbage in [
        &b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03garbage\r\n\r\n"[..],
        b"NOT A REQUEST\r\n\r\n",
        b"GET /brief/zh/ HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n",
        b"GET /brief/zh/ HTTP/9.9\r\n\r\n",
        b"\0\0\0\0\0\0\0\0\r\n\r\n",
        b"GET /brief/zh/ HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
    ] {
        let reply = exchange(addr, garbage);
        assert!(
            reply.status == 0 || (400..500).contains(&reply.status),
            "{:?}: {}",
            String::from_utf8_lossy(garbage),
            reply.status
        );
    }
    get_ok(addr, "/brief/zh/");
}

#[test]
fn many_idle_and_garbage_connections_do_not_stop_the_server() {
    let fixture = site();
    let server = start(&fixture);
    let addr = server.addr();

    let mut held = Vec::new();
    for i in 0..200 {
        let mut stream = TcpStream::connect(addr).expect("connect");
        let _ = match i % 4 {
            0 => Ok(()), // connected, says nothing
            1 => stream.write_all(b"GET /brief/zh/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "),
            2 => stream.write_all(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"),
            _ => stream.write_all(b"BLAH BLAH BLAH\r\n\r\n"),
        };
        held.push(stream);
    }
    let started = Instant::now();
    let page = get_ok(addr, "/brief/zh/");
    assert!(page.contains("这是首页"));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "answered in {:?}",
        started.elapsed()
    );
    // Ten more, one after another, while the others are still open.
    for _ in 0..10 {
        get_ok(addr, "/brief/assets/style.css");
    }
    drop(held);
    get_ok(addr, "/brief/en/");
}

#[test]
fn idle_event_streams_and_half_open_connections_leave_room_for_pages() {
    let fixture = site();
    let server = start(&fixture);
    let addr = server.addr();
    let generation = generation_of(&get_ok(addr, "/brief/zh/"));
    // 600 pages left open with their event streams, 600 connections that
    // never send a request.
    let streams: Vec<Events> = (0..600)
        .map(|_| Events::connect(addr, generation))
        .collect();
    let half_open: Vec<TcpStream> = (0..600)
        .map(|_| TcpStream::connect(addr).expect("connect"))
        .collect();
    for path in ["/brief/zh/", "/brief/en/goals/", "/brief/assets/style.css"] {
        let started = Instant::now();
        let reply = get(addr, path);
        let took = started.elapsed();
        assert_eq!(reply.status, 200, "{path}");
        assert!(took < Duration::from_secs(1), "{path} took {took:?}");
    }
    // One more page with its stream still gets the stream.
    let mut one_more = Events::connect(addr, generation);
    one_more.expect("build-ok");
    drop((streams, half_open));
    get_ok(addr, "/brief/en/");
}

#[test]
fn requests_without_exactly_one_host_or_for_another_host_are_refused() {
    let fixture = site();
    let server = start(&fixture);
    let addr = server.addr();
    let status = |raw: String| exchange(addr, raw.as_bytes()).status;
    assert_eq!(
        status("GET /brief/zh/ HTTP/1.1\r\nConnection: close\r\n\r\n".into()),
        400
    );
    assert_eq!(
        status(format!(
            "GET /brief/zh/ HTTP/1.1\r\nHost: {addr}\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )),
        400
    );
    assert_eq!(
        status(format!(
            "GET /brief/zh/ HTTP/1.1\r\nHost: {addr}\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
        )),
        400
    );
    // The absolute form names the host in the request line.
    assert_eq!(
        status(format!(
            "GET http://evil.example/brief/zh/ HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )),
        403
    );
    assert_eq!(
        status(format!(
            "GET http://{addr}/brief/zh/ HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )),
        200
    );
}

// ---------------------------------------------------------------------------
// Rebuilding and reloading.

#[test]
fn an_edit_signals_reload_and_the_new_content_is_served() {
    let fixture = site();
    let server = start(&fixture);
    let addr = server.addr();

    let page = get_ok(addr, "/brief/en/goals/");
    let first = generation_of(&page);
    let mut events = Events::connect(addr, first);
    events.expect("build-ok");

    fixture.file(
        "content/goals.en.md",
        GOALS_EN.replace("The first version", "The second version"),
    );
    let number: u64 = events.expect("reload").parse().unwrap();
    assert!(number > first);
    let page = get_ok(addr, "/brief/en/goals/");
    assert!(page.contains("The second version of the goals."), "{page}");
    assert_eq!(generation_of(&page), number);

    // A page still showing the first build is told to reload at once.
    let mut stale = Events::connect(addr, first);
    assert_eq!(stale.expect("reload"), number.to_string());

    // Theme templates are watched too.
    let base = fixture.root().join("themes/default/templates/base.html");
    let html = std::fs::read_to_string(&base).unwrap();
    std::fs::write(&base, html.replace("</main>", "</main><p>theme edit</p>")).unwrap();
    events.expect("reload");
    assert!(get_ok(addr, "/brief/zh/").contains("<p>theme edit</p>"));
}

#[test]
fn a_broken_edit_keeps_the_last_good_page_and_reports_the_error_until_fixed() {
    let fixture = site();
    let server = start(&fixture);
    let addr = server.addr();

    let good = get_ok(addr, "/brief/zh/goals/");
    let mut events = Events::connect(addr, generation_of(&good));
    events.expect("build-ok");

    fixture.file(
        "content/goals.zh.md",
        GOALS_ZH.replace("weight = 1", "weight = 1\ncolour = \"red\""),
    );
    let error = events.expect("build-error");
    assert!(
        error.contains("content/goals.zh.md:4:1: `colour`"),
        "the error names file, line and key: {error}"
    );
    // The last good page is served as it was, with its client.
    assert_eq!(get_ok(addr, "/brief/zh/goals/"), good);
    // A page opened now shows the error at once.
    let mut opened_now = Events::connect(addr, generation_of(&good));
    assert_eq!(opened_now.expect("build-error"), error);

    // A second, different mistake replaces the message.
    fixture.file(
        "content/goals.zh.md",
        GOALS_ZH.replace("weight = 1", "weight = \"heavy\""),
    );
    let second = events.expect("build-error");
    assert!(second.contains("`weight`"), "{second}");

    fixture.file("content/goals.zh.md", GOALS_ZH.replace("第一版", "修正后"));
    let number: u64 = events.expect("reload").parse().unwrap();
    let fixed = get_ok(addr, "/brief/zh/goals/");
    assert!(fixed.contains("修正后的目标"));
    let mut after = Events::connect(addr, number);
    after.expect("build-ok");
}

#[test]
fn a_build_that_panics_is_reported_and_the_next_good_save_rebuilds() {
    let fixture = site();
    let hook = brief::serve::BuildHook(std::sync::Arc::new(|number: u64| {
        assert!(number != 2, "a bug in the second build");
    }));
    let server = brief::serve::start(&ServeOptions {
        before_build: Some(hook),
        ..options(&fixture)
    })
    .unwrap();
    let addr = server.addr();
    let good = get_ok(addr, "/brief/zh/goals/");
    let mut events = Events::connect(addr, generation_of(&good));
    events.expect("build-ok");

    fixture.file("content/goals.zh.md", GOALS_ZH.replace("第一版", "第二版"));
    let error = events.expect("build-error");
    assert!(error.contains("brief panicked"), "{error}");
    assert!(error.contains("a bug in the second build"), "{error}");
    assert_eq!(
        get_ok(addr, "/brief/zh/goals/"),
        good,
        "the last good build"
    );

    // The watcher lives on: the next save builds.
    fixture.file("content/goals.zh.md", GOALS_ZH.replace("第一版", "第三版"));
    events.expect("reload");
    assert!(get_ok(addr, "/brief/zh/goals/").contains("第三版"));
}

#[test]
fn a_template_cycle_is_a_build_error_and_the_server_goes_on() {
    let fixture = site();
    fixture.file(
        "templates/partials/site_nav.html",
        r#"{% include "partials/site_nav.html" %}"#,
    );
    let server = start(&fixture);
    let addr = server.addr();
    let reply = get(addr, "/brief/zh/");
    assert_eq!(reply.status, 503);
    assert!(reply.text().contains("includes itself"), "{}", reply.text());
    let mut events = Events::connect(addr, generation_of(&reply.text()));
    events.expect("build-error");
    fixture.remove("templates/partials/site_nav.html");
    events.expect("reload");
    get_ok(addr, "/brief/zh/");
}

#[test]
fn a_site_that_does_not_build_at_start_is_served_once_fixed() {
    let fixture = site();
    fixture.file(
        "content/goals.en.md",
        GOALS_EN.replace("title = \"Goals\"", "title = \"Goals\"\ntitel = \"typo\""),
    );
    let server = start(&fixture);
    let addr = server.addr();

    let reply = get(addr, "/brief/en/goals/");
    assert_eq!(reply.status, 503);
    let page = reply.text();
    assert!(page.contains("content/goals.en.md:3:1: `titel`"), "{page}");
    assert!(page.contains("/__brief/livereload.js"));
    let mut events = Events::connect(addr, generation_of(&page));
    let error = events.expect("build-error");
    assert!(error.contains("`titel`"), "{error}");

    fixture.file("content/goals.en.md", GOALS_EN);
    events.expect("reload");
    assert!(get_ok(addr, "/brief/en/goals/").contains("The first version"));
}

#[test]
fn broken_links_are_shown_as_warnings_and_the_page_still_updates() {
    let fixture = site();
    let server = start(&fixture);
    let addr = server.addr();
    let mut events = Events::connect(addr, generation_of(&get_ok(addr, "/brief/en/")));
    events.expect("build-ok");

    fixture.file(
        "content/goals.en.md",
        GOALS_EN.replace(
            "The first version",
            "See [nowhere](/brief/en/nowhere/). The new version",
        ),
    );
    events.expect("reload");
    let warning = events.expect("build-warning");
    assert!(warning.contains("goals.en.md"), "{warning}");
    assert!(warning.contains("/brief/en/nowhere/"), "{warning}");
    // `brief build` refuses this; the preview shows it and goes on.
    assert!(get_ok(addr, "/brief/en/goals/").contains("The new version"));
}

#[test]
fn the_base_path_comes_from_the_override_and_follows_config_edits() {
    let fixture = site();
    let mut options = options(&fixture);
    options.site.overrides.base_url = Some("https://user.github.io/repo/".to_string());
    let server = brief::serve::start(&options).unwrap();
    let addr = server.addr();
    assert_eq!(server.url(), format!("http://{addr}/repo/"));
    assert_eq!(get(addr, "/").header("location"), Some("/repo/"));
    assert!(get_ok(addr, "/repo/zh/").contains(&format!("http://{addr}/repo/zh/")));
    assert_eq!(get(addr, "/brief/zh/").status, 404);
    drop(server);

    // A site at the domain's root is served at the root.
    options.site.overrides.base_url = Some("https://example.org".to_string());
    let server = brief::serve::start(&options).unwrap();
    let addr = server.addr();
    assert_eq!(server.url(), format!("http://{addr}/"));
    assert!(get_ok(addr, "/").contains("这是首页"));
    assert_eq!(get(addr, "/en").header("location"), Some("/en/"));
    get_ok(addr, "/en/goals/");
    assert_eq!(get(addr, "/nope/").status, 404);
    drop(server);

    let server = start(&fixture);
    let addr = server.addr();
    let mut events = Events::connect(addr, generation_of(&get_ok(addr, "/brief/zh/")));
    events.expect("build-ok");
    let config = std::fs::read_to_string(fixture.root().join("config.toml")).unwrap();
    fixture.file("config.toml", config.replace("/brief/", "/moved/"));
    events.expect("reload");
    assert_eq!(server.url(), format!("http://{addr}/moved/"));
    assert_eq!(get(addr, "/").header("location"), Some("/moved/"));
    get_ok(addr, "/moved/en/goals/");
    assert_eq!(get(addr, "/brief/en/goals/").status, 404);
}

#[test]
fn a_sources_directory_made_while_serving_is_watched() {
    let fixture = site();
    assert!(!fixture.root().join("i18n").exists());
    let server = start(&fixture);
    let addr = server.addr();
    let mut events = Events::connect(addr, generation_of(&get_ok(addr, "/brief/en/")));
    events.expect("build-ok");

    fixture.file("i18n/en.toml", "skip_to_content = \"Jump to the text\"\n");
    events.expect("reload");
    assert!(get_ok(addr, "/brief/en/").contains("Jump to the text"));
    // The new directory is watched from now on.
    fixture.file(
        "i18n/en.toml",
        "skip_to_content = \"Straight to the text\"\n",
    );
    events.expect("reload");
    assert!(get_ok(addr, "/brief/en/").contains("Straight to the text"));
}

/// The number a `reload` event carries: every build attempt takes the next
/// one, so a reload numbered `previous + 1` was the only build since.
fn reload_number(events: &mut Events) -> u64 {
    events.expect("reload").parse().unwrap()
}

#[test]
fn editor_files_output_and_other_files_do_not_rebuild() {
    let fixture = site();
    let server = start(&fixture);
    let addr = server.addr();
    let first = generation_of(&get_ok(addr, "/brief/zh/"));
    let mut events = Events::connect(addr, first);
    events.expect("build-ok");

    // Editor droppings, the output directory, files outside the sources,
    // and a file made and removed within one burst.
    fixture
        .file("content/.goals.en.md.swp", "swap")
        .file("content/goals.en.md~", "backup")
        .file("content/.#goals.en.md", "lock")
        .file("content/#goals.en.md#", "autosave")
        .file("content/4913", "")
        .file("content/goals.en.md.tmp", "temp")
        .file("themes/default/.DS_Store", "")
        .file("public/index.html", "output")
        .file("README.md", "readme")
        .file("notes/todo.md", "elsewhere")
        .file("content/made-and-gone.md", "transient")
        .remove("content/made-and-gone.md");
    assert_eq!(events.next_within(QUIET), None);

    fixture.file("content/goals.en.md", GOALS_EN.replace("first", "sentinel"));
    assert_eq!(reload_number(&mut events), first + 1);
    assert!(get_ok(addr, "/brief/en/goals/").contains("sentinel"));
}

#[test]
fn a_burst_of_saves_is_one_rebuild() {
    let fixture = site();
    // A window wide enough that a test thread descheduled on a busy
    // machine still saves the whole burst within it.
    let server = brief::serve::start(&ServeOptions {
        debounce: Duration::from_millis(250),
        ..options(&fixture)
    })
    .unwrap();
    let addr = server.addr();
    let first = generation_of(&get_ok(addr, "/brief/zh/"));
    let mut events = Events::connect(addr, first);
    events.expect("build-ok");

    for i in 0..5 {
        fixture
            .file(
                "content/goals.en.md",
                GOALS_EN.replace("first", &format!("burst {i}")),
            )
            .file(
                "content/goals.zh.md",
                GOALS_ZH.replace("第一版", &format!("第{i}版")),
            );
    }
    assert_eq!(reload_number(&mut events), first + 1);
    assert!(get_ok(addr, "/brief/en/goals/").contains("burst 4"));
    assert!(get_ok(addr, "/brief/zh/goals/").contains("第4版"));
    assert_eq!(events.next_within(QUIET), None);
}

// ---------------------------------------------------------------------------
// Start-up errors and the command line.

#[test]
fn a_root_without_config_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = brief::serve::start(&ServeOptions {
        site: SiteOptions {
            root: dir.path().to_path_buf(),
            ..SiteOptions::default()
        },
        port: 0,
        quiet: true,
        ..ServeOptions::default()
    })
    .unwrap_err()
    .to_string();
    assert!(err.contains("config.toml"), "{err}");
}

#[test]
fn a_port_in_use_is_an_error_that_names_it() {
    let fixture = site();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let err = brief::serve::start(&ServeOptions {
        port,
        ..options(&fixture)
    })
    .unwrap_err()
    .to_string();
    assert!(err.contains(&format!("127.0.0.1:{port}")), "{err}");
    assert!(err.contains("already in use"), "{err}");
    assert!(err.contains("--port"), "{err}");
}

/// Runs the binary; the child is killed if the test fails.
struct Brief(Child);

impl Drop for Brief {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn_brief(args: &[&str]) -> Brief {
    spawn_brief_with_tmp(args, &std::env::temp_dir())
}

/// Runs the binary with `TMPDIR` set to `tmp`.
fn spawn_brief_with_tmp(args: &[&str], tmp: &Path) -> Brief {
    Brief(
        Command::new(env!("CARGO_BIN_EXE_brief"))
            .args(args)
            .env("TMPDIR", tmp)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run brief"),
    )
}

/// Waits for the child to exit within the deadline.
fn wait_exit(child: &mut Child) -> std::process::ExitStatus {
    let deadline = Instant::now() + DEADLINE;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(Instant::now() < deadline, "brief did not exit");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn the_binary_names_a_port_in_use() {
    let fixture = site();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let root = fixture.root().to_str().unwrap();
    let mut brief = spawn_brief(&["serve", "--root", root, "--port", &port]);
    let status = wait_exit(&mut brief.0);
    let mut stderr = String::new();
    brief
        .0
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "error: cannot listen on 127.0.0.1:{port}: port {port} is already in use"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("--port"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn the_binary_serves_and_stops_cleanly_on_ctrl_c() {
    let fixture = site();
    let root = fixture.root().to_str().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let mut brief = spawn_brief_with_tmp(&["serve", "--root", root, "--port", "0"], tmp.path());
    let stdout = brief.0.stdout.take().unwrap();
    let (lines, received) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if lines.send(line.unwrap_or_default()).is_err() {
                break;
            }
        }
    });
    let mut seen = Vec::new();
    let url = loop {
        let line = received
            .recv_timeout(DEADLINE)
            .unwrap_or_else(|_| panic!("no URL printed; got {seen:?}"));
        if let Some(url) = line.strip_prefix("Serving the preview at ") {
            break url.to_string();
        }
        seen.push(line);
    };
    assert!(
        seen.iter()
            .any(|l| l.starts_with("Built 4 pages (zh 2, en 2) in ")),
        "{seen:?}"
    );
    let rest = url.strip_prefix("http://127.0.0.1:").expect(&url);
    let (port, path) = rest.split_once('/').unwrap();
    assert_eq!(path, "brief/");
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    assert!(get_ok(addr, "/brief/zh/").contains("这是首页"));

    // An edit prints what changed and how long the rebuild took.
    let mut events = Events::connect(addr, generation_of(&get_ok(addr, "/brief/zh/")));
    events.expect("build-ok");
    fixture.file("content/goals.zh.md", GOALS_ZH.replace("第一版", "第二版"));
    events.expect("reload");
    let rebuilt = loop {
        let line = received.recv_timeout(DEADLINE).expect("a rebuild line");
        if line.starts_with("Rebuilt") {
            break line;
        }
    };
    assert!(
        rebuilt.starts_with("Rebuilt 4 pages in ")
            && rebuilt.ends_with(" ms after changes to content/goals.zh.md"),
        "{rebuilt}"
    );

    let interrupted = Command::new("kill")
        .args(["-INT", &brief.0.id().to_string()])
        .status()
        .expect("run kill");
    assert!(interrupted.success());
    let status = wait_exit(&mut brief.0);
    assert_eq!(status.code(), Some(0));
    let mut after = Vec::new();
    while let Ok(line) = received.recv_timeout(Duration::from_secs(5)) {
        after.push(line);
    }
    assert!(
        after.iter().any(|l| l == "Stopping the preview"),
        "{after:?}"
    );
    // The port is free again, and the preview's files are gone.
    TcpListener::bind(addr).expect("the port is released");
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert!(left.is_empty(), "left in TMPDIR: {left:?}");
}

/// The text of a PDF, read by poppler's `pdftotext`.
#[cfg(feature = "pdf")]
fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("edition.pdf");
    std::fs::write(&file, bytes).unwrap();
    let output = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed for this test");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
#[cfg(feature = "pdf")]
fn an_edit_reloads_at_once_and_the_pdf_follows_from_the_background() {
    let fixture = site();
    fixture.file(
        "config.toml",
        format!("{}\n[pdf]\nname = \"test-brief\"\n", crate::common::CONFIG),
    );
    let server = start(&fixture);
    let addr = server.addr();
    let page = get_ok(addr, "/brief/en/goals/");
    assert!(page.contains("/brief/en/test-brief.pdf"), "{page}");
    let first = get(addr, "/brief/en/test-brief.pdf");
    assert_eq!(first.status, 200);
    assert!(pdf_text(&first.body).contains("The first version"));
    let mut events = Events::connect(addr, generation_of(&page));
    events.expect("build-ok");

    fixture.file(
        "content/goals.en.md",
        GOALS_EN.replace("The first version", "The second version"),
    );
    events.expect("reload");
    let page = get_ok(addr, "/brief/en/goals/");
    assert!(page.contains("The second version"), "{page}");
    // The new generation has an edition at once (the last one, standing
    // in), and the new one replaces it when Typst is done.
    assert_eq!(get(addr, "/brief/en/test-brief.pdf").status, 200);
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    loop {
        let pdf = get(addr, "/brief/en/test-brief.pdf");
        if pdf.status == 200 && pdf_text(&pdf.body).contains("The second version") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the PDF was never typeset again"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
