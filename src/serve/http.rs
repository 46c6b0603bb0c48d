//! The HTTP side of the preview: the current generation's files through
//! tower-http's `ServeDir`, the live-reload client script and event stream
//! (server-sent events through axum), and the limits that keep a local
//! server from becoming a hole: loopback names only (exactly one `Host`,
//! and no absolute-form target for another host), no path outside the
//! site, bounded headers, timeouts and a cap on connections. Event streams
//! live long, so they have a pool of their own, smaller than the cap, and
//! a lifetime: however many are open, most of the connections stay free
//! for page requests, and a client that went away without closing its
//! stream loses it within [`EVENTS_MAX_AGE`].

use std::convert::Infallible;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream, StreamExt};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use percent_encoding::{CONTROLS, percent_decode_str, utf8_percent_encode};
use serde::Deserialize;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::timeout::TimeoutLayer;

use super::preview::{CLIENT_SCRIPT_PATH, EVENTS_PATH, Generation, client_tag};
use crate::escape;

/// The live-reload client, served at [`CLIENT_SCRIPT_PATH`].
const CLIENT_SCRIPT: &str = include_str!("livereload.js");

/// Connections served at once (fewer when the process may not open that
/// many files); more wait in the listen queue.
const MAX_CONNECTIONS: usize = 4096;
/// File descriptors kept free of connections: for the files served, the
/// watcher and the builds.
const RESERVED_FILES: usize = 256;
/// Live-reload event streams open at once; one more is answered 503 (the
/// browser retries). Far below the connection cap, so that page requests
/// always find a place.
const MAX_EVENT_STREAMS: usize = 1024;
/// An event stream ends after this long, and the browser opens a new one
/// (so a client that vanished holds a place for no longer than this).
pub(crate) const EVENTS_MAX_AGE: Duration = Duration::from_secs(300);
/// How soon the browser reconnects after a stream ends.
const EVENTS_RETRY: Duration = Duration::from_millis(500);
/// A client must send a request's whole header within this time, also
/// between requests on a kept-alive connection.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Larger request headers are answered with 431.
const MAX_HEADER_BYTES: usize = 64 * 1024;
/// A response must start within this time.
const RESPONSE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long shutdown waits for open connections.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);
/// Interval of keep-alive comments on the event stream.
const EVENTS_KEEP_ALIVE: Duration = Duration::from_secs(15);

/// What the preview serves and reports right now. Kept in a watch
/// channel, so the files and the signal to reload change together.
#[derive(Debug, Clone, Default)]
pub(crate) struct Status {
    /// The last good build; `None` until one succeeded.
    pub site: Option<Arc<Generation>>,
    /// What the last build reported, if anything.
    pub problems: Option<Problems>,
}

/// The problems of the last build, as the overlay shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problems {
    /// True when the build failed; false for warnings only.
    pub failed: bool,
    /// One problem per line, `file:line:column: message`.
    pub text: Arc<str>,
}

/// State shared by every request.
pub(crate) struct Shared {
    pub status: watch::Sender<Status>,
    pub shutdown: watch::Receiver<bool>,
    /// Refuse requests whose `Host` is not a loopback name (the server is
    /// bound to loopback, so any other name means DNS rebinding).
    pub loopback_hosts_only: bool,
    /// The places for event streams.
    pub event_streams: Arc<Semaphore>,
}

impl Shared {
    /// The state for a server, with the pool of event streams.
    pub(crate) fn new(
        status: watch::Sender<Status>,
        shutdown: watch::Receiver<bool>,
        loopback_hosts_only: bool,
    ) -> Shared {
        Shared {
            status,
            shutdown,
            loopback_hosts_only,
            event_streams: Arc::new(Semaphore::new(MAX_EVENT_STREAMS)),
        }
    }
}

/// The router: the client script and event stream under `/__brief/`,
/// everything else from the current generation's directory.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(CLIENT_SCRIPT_PATH, get(client_script))
        .route(EVENTS_PATH, get(events))
        .fallback(site_files)
        .layer(middleware::from_fn_with_state(shared.clone(), guard))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            RESPONSE_TIMEOUT,
        ))
        .with_state(shared)
}

/// Accepts connections until `shutdown` turns true, then closes idle
/// connections, ends event streams and waits a little for the rest.
pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    mut shutdown: watch::Receiver<bool>,
) {
    let graceful = GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(connection_limit()));
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT)
        .max_header_size(MAX_HEADER_BYTES);
    loop {
        let slot = tokio::select! {
            _ = shutdown.wait_for(|stop| *stop) => break,
            slot = slots.clone().acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
        };
        let accepted = tokio::select! {
            _ = shutdown.wait_for(|stop| *stop) => break,
            accepted = listener.accept() => accepted,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors, or a connection reset before it
                // was accepted: wait a moment, go on.
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        // Events are small writes that must not wait for an ACK.
        let _ = stream.set_nodelay(true);
        let connection = builder.serve_connection(
            TokioIo::new(stream),
            TowerToHyperService::new(router.clone()),
        );
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // Errors are the client's (garbage, timeouts, resets); the
            // connection is closed either way.
            let _ = connection.await;
            drop(slot);
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await;
}

/// Refuses requests for foreign hosts and paths that try to leave the
/// site, before any file is looked up; marks every response as one to
/// revalidate, so a reload never shows a cached file.
async fn guard(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let mut hosts = request.headers().get_all(header::HOST).iter();
    let (host, second) = (hosts.next(), hosts.next());
    if host.is_none() || second.is_some() {
        return plain(
            StatusCode::BAD_REQUEST,
            "brief serve needs exactly one Host header\n",
        );
    }
    let foreign_target = request
        .uri()
        .authority()
        .is_some_and(|a| !loopback_name(a.host()));
    if shared.loopback_hosts_only && (!loopback_host(host) || foreign_target) {
        return plain(
            StatusCode::FORBIDDEN,
            "brief serve answers only requests for localhost or a loopback address; bind another address with --bind to allow other names\n",
        );
    }
    if leaves_the_site(request.uri().path()) {
        return plain(
            StatusCode::BAD_REQUEST,
            "brief serve refuses paths with `..`, encoded slashes or backslashes\n",
        );
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-cache"));
    if let Some(value) = headers.get(header::CONTENT_TYPE).and_then(with_charset) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    response
}

/// Whether a `Host` header names this machine: `localhost`, a name under
/// `.localhost` or a loopback address, with any port (a forwarded port
/// differs). No header is no name.
fn loopback_host(host: Option<&HeaderValue>) -> bool {
    let Some(host) = host else {
        return false;
    };
    let Ok(authority) = host
        .to_str()
        .unwrap_or_default()
        .parse::<axum::http::uri::Authority>()
    else {
        return false;
    };
    loopback_name(authority.host())
}

/// Whether a host name is this machine: `localhost`, a name under
/// `.localhost`, or a loopback address.
fn loopback_name(host: &str) -> bool {
    let name = host.to_ascii_lowercase();
    let name = name.trim_end_matches('.');
    name == "localhost"
        || name.ends_with(".localhost")
        || name
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Whether a request path could reach outside the served directory: a
/// `..` segment (also percent-encoded), an encoded `/` or `\`, a backslash
/// or a NUL. The file service refuses these too; refusing them here, with
/// 400, keeps the rule in one visible place.
pub(crate) fn leaves_the_site(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    if path.contains('\\') || ["%2f", "%5c", "%00"].iter().any(|e| lower.contains(e)) {
        return true;
    }
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    decoded.contains(['\\', '\0']) || decoded.split('/').any(|segment| segment == "..")
}

/// Text types get `; charset=utf-8`, as GitHub Pages sends them, so a
/// Chinese CSV or JSON file reads the same in the preview and online.
fn with_charset(value: &HeaderValue) -> Option<HeaderValue> {
    let text = value.to_str().ok()?;
    let mime = text.split(';').next()?.trim().to_ascii_lowercase();
    let is_text = (mime.starts_with("text/") && mime != "text/event-stream")
        || matches!(
            mime.as_str(),
            "application/json"
                | "application/javascript"
                | "application/xml"
                | "application/atom+xml"
                | "application/rss+xml"
                | "application/manifest+json"
        );
    if !is_text || text.to_ascii_lowercase().contains("charset") {
        return None;
    }
    HeaderValue::from_str(&format!("{mime}; charset=utf-8")).ok()
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

async fn client_script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        CLIENT_SCRIPT,
    )
        .into_response()
}

/// A file of the current generation, the site's 404 page (with status 404)
/// for anything else, and a redirect from `/` to the base path.
async fn site_files(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let status = shared.status.borrow().clone();
    let Some(site) = status.site else {
        return not_built(status.problems.as_ref());
    };
    if site.base_path != "/" && request.uri().path() == "/" {
        let location = utf8_percent_encode(&site.base_path, CONTROLS).to_string();
        return Response::builder()
            .status(StatusCode::TEMPORARY_REDIRECT)
            .header(header::LOCATION, location)
            .body(Body::empty())
            .unwrap_or_else(|_| plain(StatusCode::INTERNAL_SERVER_ERROR, "bad base path\n"));
    }
    let files = ServeDir::new(&site.root)
        .append_index_html_on_directories(true)
        .redirect_to_trailing_slash(true)
        .not_found_service(ServeFile::new(site.site.join("404.html")));
    // `site` (and so its directory) lives until the file is open; a newer
    // generation may replace it meanwhile.
    match files.oneshot(request).await {
        Ok(response) => response.map(Body::new),
        Err(e) => {
            let _: Infallible = e;
            plain(StatusCode::INTERNAL_SERVER_ERROR, "cannot serve the file\n")
        }
    }
}

/// The page shown while no build has succeeded yet: the problems, and the
/// client, which reloads when a build succeeds.
fn not_built(problems: Option<&Problems>) -> Response {
    let text = problems.map_or("", |p| &p.text);
    let html = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>brief serve: the site did not build</title>\n</head>\n<body>\n\
         <h1>The site did not build</h1>\n\
         <p>Fix the problems below and save; this page reloads by itself.</p>\n\
         <pre>{}</pre>\n{}\n</body>\n</html>\n",
        escape::html(text),
        client_tag(0)
    );
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        html,
    )
        .into_response()
}

#[derive(Debug, Deserialize)]
struct EventsQuery {
    /// The generation of the page that connects.
    generation: Option<String>,
}

/// The live-reload event stream. On connecting, a client gets the current
/// state at once: `reload` if its page is from an older build, else
/// `build-error` or `build-warning` with the problems, or `build-ok`. Then
/// one event per change. (`build-error`, not `error`: `error` is the
/// EventSource's own connection event.)
async fn events(State(shared): State<Arc<Shared>>, Query(query): Query<EventsQuery>) -> Response {
    let Ok(place) = shared.event_streams.clone().try_acquire_owned() else {
        return plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "too many live-reload connections are open; the page retries\n",
        );
    };
    let feed = Feed {
        status: shared.status.subscribe(),
        shutdown: shared.shutdown.clone(),
        known: query.generation.and_then(|g| g.parse().ok()),
        shown: None,
        check_now: true,
        ends: tokio::time::Instant::now() + EVENTS_MAX_AGE,
        _place: place,
    };
    Sse::new(feed.into_stream())
        .keep_alive(KeepAlive::new().interval(EVENTS_KEEP_ALIVE))
        .into_response()
}

/// How many connections to serve at once: [`MAX_CONNECTIONS`], or fewer
/// when the process may not open that many files (after raising its soft
/// limit to the hard one, as servers do).
fn connection_limit() -> usize {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit and setrlimit read and write the plain struct.
        let files = unsafe {
            if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
                return MAX_CONNECTIONS / 8;
            }
            if limit.rlim_cur < limit.rlim_max {
                let raised = libc::rlimit {
                    rlim_cur: limit.rlim_max,
                    rlim_max: limit.rlim_max,
                };
                if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                    limit = raised;
                }
            }
            usize::try_from(limit.rlim_cur).unwrap_or(usize::MAX)
        };
        files
            .saturating_sub(RESERVED_FILES)
            .clamp(16, MAX_CONNECTIONS)
    }
    #[cfg(not(unix))]
    {
        MAX_CONNECTIONS
    }
}

/// One client's view of the status.
struct Feed {
    status: watch::Receiver<Status>,
    shutdown: watch::Receiver<bool>,
    /// The generation the client's page shows.
    known: Option<u64>,
    /// The problems last sent (`Some(None)`: told there are none).
    shown: Option<Option<Problems>>,
    /// Look at the status before waiting for a change.
    check_now: bool,
    /// When the stream ends (the browser then opens a new one).
    ends: tokio::time::Instant,
    /// The stream's place in the pool, given back when it ends.
    _place: tokio::sync::OwnedSemaphorePermit,
}

impl Feed {
    fn into_stream(self) -> impl Stream<Item = Result<Event, Infallible>> {
        let retry = Event::default().retry(EVENTS_RETRY).comment("brief serve");
        let first = stream::iter([Ok(retry)]);
        first.chain(stream::unfold(self, |mut feed| async move {
            loop {
                if !feed.check_now {
                    tokio::select! {
                        changed = feed.status.changed() => if changed.is_err() {
                            return None;
                        },
                        _ = feed.shutdown.wait_for(|stop| *stop) => return None,
                        _ = tokio::time::sleep_until(feed.ends) => return None,
                    }
                }
                feed.check_now = false;
                if *feed.shutdown.borrow() {
                    return None;
                }
                if let Some(event) = feed.next_event() {
                    feed.check_now = true;
                    return Some((Ok(event), feed));
                }
            }
        }))
    }

    /// The event that brings the client up to date, if it is not.
    fn next_event(&mut self) -> Option<Event> {
        let status = self.status.borrow_and_update().clone();
        let current = status.site.as_ref().map(|g| g.number);
        if current.is_some() && current != self.known {
            let stale = self.known.is_some();
            self.known = current;
            if stale {
                let number = current.unwrap_or_default();
                return Some(Event::default().event("reload").data(number.to_string()));
            }
        }
        if self.shown.as_ref() == Some(&status.problems) {
            return None;
        }
        self.shown = Some(status.problems.clone());
        Some(match status.problems {
            None => Event::default().event("build-ok").data("ok"),
            Some(p) => Event::default()
                .event(if p.failed {
                    "build-error"
                } else {
                    "build-warning"
                })
                .data(p.text.replace('\r', "")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_site() {
        for bad in [
            "/brief/../secret",
            "/..",
            "/brief/%2e%2e/secret",
            "/brief/%2E%2E/%2e%2e/etc/passwd",
            "/brief/..%2fsecret",
            "/brief/a%2Fb",
            "/brief/%5c..%5csecret",
            "/brief/..\\secret",
            "/brief/a%00.html",
        ] {
            assert!(leaves_the_site(bad), "{bad}");
        }
        for good in [
            "/",
            "/brief/zh/",
            "/brief/zh/goals/",
            "/brief/assets/style.css",
            "/brief/a..b/",
            "/brief/%E7%AE%80%E6%8A%A5/",
            "//etc/passwd",
        ] {
            assert!(!leaves_the_site(good), "{good}");
        }
    }

    #[test]
    fn hosts() {
        let ok = |h: &str| loopback_host(Some(&HeaderValue::from_str(h).unwrap()));
        assert!(ok("127.0.0.1:1111"));
        assert!(ok("localhost:8080"));
        assert!(ok("LOCALHOST"));
        assert!(ok("[::1]:1111"));
        assert!(ok("preview.localhost:1111"));
        assert!(ok("127.0.0.2"));
        assert!(!ok("evil.example:1111"));
        assert!(!ok("localhost.evil.example"));
        assert!(!ok("192.168.1.10:1111"));
        assert!(!loopback_host(None));
    }

    #[test]
    fn charset_for_text_types() {
        let with = |v: &str| with_charset(&HeaderValue::from_str(v).unwrap());
        assert_eq!(with("text/csv").unwrap(), "text/csv; charset=utf-8");
        assert_eq!(
            with("application/json").unwrap(),
            "application/json; charset=utf-8"
        );
        assert!(with("text/html; charset=utf-8").is_none());
        assert!(with("image/svg+xml").is_none());
        assert!(with("font/woff2").is_none());
        assert!(with("text/event-stream").is_none());
    }
}
