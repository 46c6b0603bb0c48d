//! `brief serve`: a local preview that rebuilds on save and reloads the
//! open page.
//!
//! [`start`] loads the configuration, binds the address, builds the site
//! once and returns a [`Server`]: an HTTP server (axum on hyper, in a small
//! tokio runtime of its own) and a watch thread that rebuilds after each
//! burst of changes. [`run`] is the command: it starts a server, prints the
//! URL, optionally opens a browser and waits for Ctrl-C.
//!
//! - `preview` builds the site for the local origin into a new directory
//!   per build (a *generation*), laid out under the base path, with the
//!   live-reload client injected into every HTML file. `public/` is never
//!   touched.
//! - `http` serves the current generation with tower-http's `ServeDir`,
//!   and the client script and its server-sent event stream.
//! - `watch` turns file system events into debounced rebuilds.
//!
//! A successful rebuild swaps the generation and signals `reload` in one
//! step; a failed one keeps the last good generation and signals
//! `build-error` with the problems, which the client shows as an overlay.

#[cfg(feature = "pdf")]
mod editions;
mod http;
mod preview;
mod watch;

use std::io::Write as _;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tempfile::TempDir;
use tokio::runtime::Runtime;

use crate::diagnostic::{Diagnostic, Diagnostics, Result};
use crate::interrupt::Interrupt;
use crate::render::Reuse;
use crate::site::SiteOptions;
use http::{Problems, Shared, Status};

/// The port `brief serve` listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 1111;
/// The address `brief serve` binds unless told otherwise: loopback only.
pub const DEFAULT_BIND: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);
/// How long the sources must stay unchanged before a rebuild starts.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(30);

/// How long stopping waits for the HTTP side.
const STOP_GRACE: Duration = Duration::from_secs(3);
/// Changed paths named in a rebuild line before "and N more".
const CHANGES_SHOWN: usize = 4;
/// How often [`Server::wait_for`] looks at the interrupt flag.
const INTERRUPT_POLL: Duration = Duration::from_millis(50);

/// Options of `brief serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// How to load the site. The base URL's path is kept (from
    /// `config.toml` or `overrides.base_url`); its origin becomes the
    /// preview's own.
    pub site: SiteOptions,
    /// The address to listen on.
    pub bind: IpAddr,
    /// The port to listen on; 0 picks a free one.
    pub port: u16,
    /// Open the preview in the default browser.
    pub open: bool,
    /// Print nothing (for tests and benchmarks).
    pub quiet: bool,
    /// How long the sources must stay unchanged before a rebuild.
    pub debounce: Duration,
    /// [`run`] serves until this is raised (by Ctrl-C or SIGTERM when it
    /// comes from [`Interrupt::on_signals`]); a build under way stops.
    pub interrupt: Interrupt,
    /// Called before each build (tests use it to make a build panic).
    #[doc(hidden)]
    pub before_build: Option<BuildHook>,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            site: SiteOptions::default(),
            bind: DEFAULT_BIND,
            port: DEFAULT_PORT,
            open: false,
            quiet: false,
            debounce: DEFAULT_DEBOUNCE,
            interrupt: Interrupt::never(),
            before_build: None,
        }
    }
}

/// A running preview. Dropping it stops it, as [`Server::shutdown`] does;
/// it runs its own tokio runtime, so stop it from plain (non-async) code.
pub struct Server {
    addr: SocketAddr,
    origin: String,
    first_base_path: String,
    watching: String,
    shared: Arc<Shared>,
    shutdown: tokio::sync::watch::Sender<bool>,
    watcher: Option<watch::Running>,
    http: Option<tokio::task::JoinHandle<()>>,
    runtime: Option<Runtime>,
    work: Option<TempDir>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("addr", &self.addr)
            .field("url", &self.url())
            .finish_non_exhaustive()
    }
}

impl Server {
    /// The address the server listens on (with the real port when 0 was
    /// asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL of the site: the local origin and the base path, such as
    /// `http://127.0.0.1:1111/brief/`.
    pub fn url(&self) -> String {
        let status = self.shared.status.borrow();
        let path = status
            .site
            .as_ref()
            .map_or(self.first_base_path.as_str(), |g| g.base_path.as_str());
        format!("{}{}", self.origin, path)
    }

    /// Blocks until `interrupt` is raised.
    pub fn wait_for(&self, interrupt: &Interrupt) {
        while !interrupt.is_raised() {
            std::thread::sleep(INTERRUPT_POLL);
        }
    }

    /// Stops watching, ends the event streams, closes connections (waiting
    /// briefly for responses under way) and removes the preview's files.
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        // Waits for a rebuild under way, so none starts after this.
        drop(self.watcher.take());
        self.shutdown.send_replace(true);
        if let Some(runtime) = self.runtime.take() {
            if let Some(http) = self.http.take() {
                runtime.block_on(async {
                    let _ = tokio::time::timeout(STOP_GRACE, http).await;
                });
            }
            runtime.shutdown_timeout(Duration::from_secs(1));
        }
        self.shared.status.send_replace(Status::default());
        if let Some(work) = self.work.take() {
            let _ = work.close();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Loads the configuration, listens on the address, builds the site and
/// starts serving and watching. Errors in the configuration, and an
/// address that cannot be bound, are returned; a site that does not build
/// is served anyway, as a page that shows the problems and reloads once a
/// save fixes them.
pub fn start(options: &ServeOptions) -> Result<Server> {
    let terminal = Terminal {
        quiet: options.quiet,
    };
    let base_path = preview::base_path(&options.site)?;
    let (runtime, listener, addr) = listen(options, terminal)?;
    let origin = origin(addr);
    let work = preview_work_dir()?;
    // Watch before the first build, so a save during it is not missed.
    let watch = watch_site(&options.site)?;
    let watching = watch.describe();

    let (status, _) = tokio::sync::watch::channel(Status::default());
    let (shutdown, shutdown_signal) = tokio::sync::watch::channel(false);
    let shared = Arc::new(Shared::new(
        status,
        shutdown_signal.clone(),
        options.bind.is_loopback(),
    ));
    let mut rebuilder = Rebuilder {
        preview: preview::Preview {
            site: options.site.clone(),
            origin: origin.clone(),
            work: work.path().to_path_buf(),
            interrupt: options.interrupt.clone(),
            reuse: Reuse {
                #[cfg(feature = "pdf")]
                defer_editions: true,
                ..Reuse::default()
            },
        },
        #[cfg(feature = "pdf")]
        typesetter: editions::Typesetter::start(shared.clone(), terminal),
        shared: shared.clone(),
        next: 1,
        base_path: base_path.clone(),
        terminal,
        before_build: options.before_build.clone(),
    };
    rebuilder.build(&[]);
    let watcher = watch.run(options.debounce, move |changed| rebuilder.build(&changed));
    let http = runtime.spawn(http::serve(
        listener,
        http::router(shared.clone()),
        shutdown_signal,
    ));

    Ok(Server {
        addr,
        origin,
        first_base_path: base_path,
        watching,
        shared,
        shutdown,
        watcher: Some(watcher),
        http: Some(http),
        runtime: Some(runtime),
        work: Some(work),
    })
}

/// The runtime and the bound listener (with the port really taken), after
/// a warning if the address lets other machines in.
fn listen(
    options: &ServeOptions,
    terminal: Terminal,
) -> Result<(Runtime, tokio::net::TcpListener, SocketAddr), Diagnostic> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("brief-serve-http")
        .enable_all()
        .build()
        .map_err(|e| Diagnostic::new("cannot start the HTTP server").with_source(e))?;
    let requested = SocketAddr::new(options.bind, options.port);
    let listener = {
        let _entered = runtime.enter();
        bind(requested)?
    };
    let addr = listener
        .local_addr()
        .map_err(|e| Diagnostic::new(format!("cannot listen on {requested}")).with_source(e))?;
    if !options.bind.is_loopback() {
        terminal.warn(&format!(
            "the preview listens on {addr}, so other machines that reach this one can read it; the default, --bind 127.0.0.1, keeps it on this machine"
        ));
    }
    Ok((runtime, listener, addr))
}

/// A watch of the site's sources.
fn watch_site(site: &SiteOptions) -> Result<watch::Watch, Diagnostic> {
    let root = crate::site::normalize_root(&site.root);
    let watch_root = crate::walk::dir_or_current(&root);
    watch::Watch::new(watch_root)
}

/// `brief serve`: starts the preview, prints where it is, opens it in a
/// browser if asked, and serves until Ctrl-C.
pub fn run(options: &ServeOptions) -> Result<()> {
    let terminal = Terminal {
        quiet: options.quiet,
    };
    let server = start(options)?;
    let url = server.url();
    terminal.say(&format!("Serving the preview at {url}"));
    terminal.say(&format!(
        "Watching {} for changes; press Ctrl-C to stop",
        server.watching
    ));
    if options.open
        && let Err(e) = opener::open_browser(&url)
    {
        terminal.warn(&format!("cannot open a browser ({e}); open {url} yourself"));
    }
    server.wait_for(&options.interrupt);
    terminal.say("Stopping the preview");
    server.shutdown();
    Ok(())
}

/// Binds `addr`, with a message that names the address and what to do
/// when it is taken.
fn bind(addr: SocketAddr) -> Result<tokio::net::TcpListener, Diagnostic> {
    let socket = match addr {
        SocketAddr::V4(_) => tokio::net::TcpSocket::new_v4(),
        SocketAddr::V6(_) => tokio::net::TcpSocket::new_v6(),
    };
    let fail = |e: std::io::Error| {
        let advice = match e.kind() {
            std::io::ErrorKind::AddrInUse => format!(
                ": port {} is already in use (by another `brief serve`?); choose another one with --port",
                addr.port()
            ),
            std::io::ErrorKind::AddrNotAvailable => format!(
                ": {} is not an address of this machine; choose another one with --bind",
                addr.ip()
            ),
            std::io::ErrorKind::PermissionDenied => format!(
                ": not allowed to use port {}; choose a port above 1023 with --port",
                addr.port()
            ),
            _ => String::new(),
        };
        Diagnostic::new(format!("cannot listen on {addr}{advice}")).with_source(e)
    };
    let socket = socket.map_err(fail)?;
    #[cfg(unix)]
    socket.set_reuseaddr(true).map_err(fail)?;
    socket.bind(addr).map_err(fail)?;
    socket.listen(1024).map_err(fail)
}

/// `http://127.0.0.1:1111`: the origin pages link to. An unspecified bind
/// address is reached through loopback.
fn origin(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}", SocketAddr::new(ip, addr.port()))
}

/// Runs preview builds and publishes each result.
struct Rebuilder {
    preview: preview::Preview,
    shared: Arc<Shared>,
    /// The number of the next build.
    next: u64,
    /// The base path of the last good build.
    base_path: String,
    terminal: Terminal,
    before_build: Option<BuildHook>,
    /// Typesets the PDF editions a rebuild left for after the reload.
    #[cfg(feature = "pdf")]
    typesetter: editions::Typesetter,
}

impl Rebuilder {
    /// Builds the site; on success serves the new build and signals a
    /// reload, on failure keeps the last good build and signals the
    /// problems. `changed` is empty for the first build. A build that
    /// panics is a failed build like any other: the preview goes on.
    fn build(&mut self, changed: &[PathBuf]) {
        let number = self.next;
        self.next += 1;
        let hook = self.before_build.clone();
        let preview = &self.preview;
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            if let Some(hook) = &hook {
                (hook.0)(number);
            }
            preview.build(number)
        }))
        .unwrap_or_else(|panic| Err(panicked(panic.as_ref()).into()));
        match result {
            Ok(built) => self.serve(built, changed),
            Err(problems) => self.report_failure(&problems, changed),
        }
    }

    /// Serves a successful build and says so.
    fn serve(&mut self, built: preview::Built, changed: &[PathBuf]) {
        let problems = (!built.warnings.is_empty()).then(|| Problems {
            failed: false,
            text: lines(built.warnings.iter()).into(),
        });
        let base_path = built.generation.base_path.clone();
        let generation = Arc::new(built.generation);
        let previous = self.shared.status.send_replace(Status {
            site: Some(generation.clone()),
            problems,
        });
        #[cfg(feature = "pdf")]
        self.typesetter.typeset(built.pending_editions, generation);
        #[cfg(not(feature = "pdf"))]
        drop(generation);
        let pages: usize = built.pages_per_language.iter().map(|(_, n)| n).sum();
        let ms = built.elapsed.as_millis();
        if changed.is_empty() {
            self.terminal.say(&format!(
                "Built {} in {ms} ms",
                crate::render::describe_pages(&built.pages_per_language)
            ));
        } else {
            self.terminal.say(&format!(
                "Rebuilt {pages} pages in {ms} ms after changes to {}",
                describe_changes(changed)
            ));
        }
        for warning in &built.warnings {
            self.terminal.warn(&warning.full_message());
        }
        if base_path != self.base_path {
            self.terminal.say(&format!(
                "The base path is now {base_path}: the preview is at {}{base_path}",
                self.preview.origin
            ));
            self.base_path = base_path;
        }
        // The previous build's files go once no request uses them.
        drop(previous);
    }

    /// Keeps the last good build and shows the problems, in the terminal
    /// and over the page.
    fn report_failure(&self, problems: &Diagnostics, changed: &[PathBuf]) {
        let text: Arc<str> = lines(problems.iter()).into();
        self.shared.status.send_modify(|status| {
            status.problems = Some(Problems { failed: true, text });
        });
        if changed.is_empty() {
            self.terminal.say(
                "The site did not build; the preview shows the problems until a save fixes them:",
            );
        } else {
            self.terminal.say(&format!(
                "Rebuild failed after changes to {}; still serving the last good build:",
                describe_changes(changed)
            ));
        }
        for problem in problems.iter() {
            self.terminal.error(&problem.full_message());
        }
    }
}

/// The problem a panic in a build is reported as.
fn panicked(panic: &(dyn std::any::Any + Send)) -> Diagnostic {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_string());
    Diagnostic::new(format!(
        "internal error: brief panicked while building ({what}). This is a bug in brief; \
         please report it. The preview keeps the last good build and goes on watching"
    ))
}

/// Called with each build's number before the build starts (for tests
/// that need a build to fail in a way no input does).
#[derive(Clone)]
pub struct BuildHook(pub Arc<dyn Fn(u64) + Send + Sync>);

impl std::fmt::Debug for BuildHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BuildHook")
    }
}

/// Each problem with its cause chain, one per line.
fn lines<'a>(problems: impl Iterator<Item = &'a Diagnostic>) -> String {
    problems
        .map(Diagnostic::full_message)
        .collect::<Vec<_>>()
        .join("\n")
}

/// `content/goals.zh.md, config.toml and 3 more`.
fn describe_changes(changed: &[PathBuf]) -> String {
    let mut names: Vec<String> = changed
        .iter()
        .take(CHANGES_SHOWN)
        .map(|p| crate::walk::slash_path(p))
        .collect();
    if changed.len() > CHANGES_SHOWN {
        names.push(format!("{} more", changed.len() - CHANGES_SHOWN));
    }
    names.join(", ")
}

/// Where the terminal output goes; nowhere when quiet. A closed terminal
/// (`brief serve | head`) is not an error: the preview goes on.
#[derive(Debug, Clone, Copy)]
struct Terminal {
    quiet: bool,
}

impl Terminal {
    fn say(&self, line: &str) {
        if !self.quiet {
            let _ = writeln!(std::io::stdout().lock(), "{line}");
        }
    }

    fn warn(&self, line: &str) {
        if !self.quiet {
            let _ = writeln!(std::io::stderr().lock(), "warning: {line}");
        }
    }

    fn error(&self, line: &str) {
        if !self.quiet {
            let _ = writeln!(std::io::stderr().lock(), "error: {line}");
        }
    }
}

/// Where the preview's generations are built: in memory (`/dev/shm`) where
/// the system has it, as a preview is thrown away, and the disk is the
/// slowest part of rebuilding a large site (on ext4, creating thousands of
/// files just after deleting thousands takes seconds); else in the
/// system's temporary directory.
fn preview_work_dir() -> Result<TempDir> {
    let builder = || {
        let mut b = tempfile::Builder::new();
        b.prefix("brief-serve-");
        b
    };
    let memory = Path::new("/dev/shm");
    if memory.is_dir()
        && let Ok(dir) = builder().tempdir_in(memory)
    {
        return Ok(dir);
    }
    builder()
        .tempdir()
        .map_err(|e| Diagnostic::io(std::env::temp_dir(), "create the preview directory", e).into())
}
