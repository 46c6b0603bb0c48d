//! How long after a content file is saved does the open page get the
//! signal to reload? For the shipped brief, from the moment the file is
//! written to the moment the `reload` event arrives on a live-reload
//! stream, as a browser's EventSource gets it: file system event, debounce
//! window, full rebuild, swap, and the event over TCP.
//!
//! `cargo bench --bench serve_reload` measures and prints min, median, p90
//! and max over [`SAMPLES`] saves (goal: median under 100 ms).
//! `cargo bench --bench serve_reload -- --pages 4000` does the same on the
//! synthetic corpus of `benches/corpus` (default theme) of that many pages,
//! editing its first section, over [`LARGE_SAMPLES`] saves (goal: median
//! under 1 s). Run without `--bench` (as `cargo test --benches` does) it
//! only checks that the measurement works, with two saves.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use brief::serve::{DEFAULT_DEBOUNCE, ServeOptions};
use brief::site::SiteOptions;

#[path = "measure/mod.rs"]
mod measure;

use measure::copy_tree;

#[path = "corpus/mod.rs"]
#[allow(dead_code)] // this benchmark writes only the brief site
mod corpus;

const SAMPLES: usize = 40;
/// Saves measured on a large corpus (each rebuild takes about a second).
const LARGE_SAMPLES: usize = 15;
const WARM_UP: usize = 3;
/// Saves are this far apart, so each is a burst of its own.
const PAUSE: Duration = Duration::from_millis(60);
const DEADLINE: Duration = Duration::from_secs(30);
/// The section that is edited.
const EDITED: &str = "content/goals.en.md";
/// The section edited in the corpus.
const EDITED_IN_CORPUS: &str = "content/s00001.en.md";

/// `--pages N`, if given.
fn pages() -> Option<usize> {
    let args: Vec<String> = std::env::args().collect();
    let at = args.iter().position(|a| a == "--pages")?;
    Some(args.get(at + 1)?.parse().expect("--pages N"))
}

fn main() {
    let measuring = std::env::args().any(|a| a == "--bench");
    let pages = pages();
    let (warm_up, samples) = match (measuring, pages) {
        (false, _) => (0, 2),
        (true, None) => (WARM_UP, SAMPLES),
        (true, Some(_)) => (1, LARGE_SAMPLES),
    };

    let site = tempfile::tempdir().expect("temporary directory");
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (edited, what, goal) = match pages {
        Some(total) => {
            corpus::write_brief_site(
                site.path(),
                42,
                total / 2,
                &repository.join("themes/default"),
                corpus::Theme::Default,
            )
            .expect("write the corpus");
            let what = format!("{total}-page corpus (default theme)");
            (EDITED_IN_CORPUS, what, Duration::from_secs(1))
        }
        None => {
            for entry in [
                "config.toml",
                "content",
                "themes",
                "templates",
                "static",
                "i18n",
            ] {
                copy_tree(&repository.join(entry), &site.path().join(entry));
            }
            (
                EDITED,
                "shipped brief".to_string(),
                Duration::from_millis(100),
            )
        }
    };
    let original = std::fs::read_to_string(site.path().join(edited)).expect("the edited section");

    let server = brief::serve::start(&ServeOptions {
        site: SiteOptions {
            root: site.path().to_path_buf(),
            ..SiteOptions::default()
        },
        port: 0,
        quiet: true,
        ..ServeOptions::default()
    })
    .unwrap_or_else(|e| panic!("the shipped brief does not serve:\n{e}"));
    let addr = server.addr();
    // `http://127.0.0.1:PORT/brief/` → `/brief/`
    let base_path = format!(
        "/{}",
        server.url().splitn(4, '/').nth(3).unwrap_or_default()
    );
    let page = fetch(addr, &format!("{base_path}en/"));
    let generation = page
        .split("data-generation=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a served page with the live-reload tag")
        .to_string();
    let mut events = EventStream::connect(addr, &generation);
    let state = events.next_event();
    assert!(state == "build-ok" || state == "build-warning", "{state}");

    let mut times = Vec::with_capacity(samples);
    for i in 0..warm_up + samples {
        std::thread::sleep(PAUSE);
        let text = format!("{original}\nEdit {i} of the benchmark.\n");
        let saved = Instant::now();
        std::fs::write(site.path().join(edited), text).expect("save the section");
        let event = events.next_event();
        let elapsed = saved.elapsed();
        assert_eq!(event, "reload", "the rebuild failed");
        if i >= warm_up {
            times.push(elapsed);
        }
    }
    server.shutdown();

    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    let median = at(0.5);
    println!(
        "serve_reload: save of {edited} → reload signal, {what}, {} saves (debounce {} ms)",
        times.len(),
        DEFAULT_DEBOUNCE.as_millis()
    );
    println!(
        "  min {:.1} ms   median {:.1} ms   p90 {:.1} ms   max {:.1} ms",
        ms(times[0]),
        ms(median),
        ms(at(0.9)),
        ms(*times.last().unwrap())
    );
    if measuring {
        let verdict = if median < goal { "met" } else { "NOT met" };
        println!("  goal, median under {} ms: {verdict}", goal.as_millis());
    }
}

/// GETs `path` and returns the body (the preview answers without chunking
/// for files; `Connection: close` ends the body).
fn fetch(addr: SocketAddr, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).expect("read the reply");
    assert!(reply.starts_with("HTTP/1.1 200"), "GET {path}: {reply}");
    reply
}

/// The live-reload stream, read as a browser's EventSource reads it.
struct EventStream {
    reader: BufReader<TcpStream>,
}

impl EventStream {
    fn connect(addr: SocketAddr, generation: &str) -> EventStream {
        let mut stream = TcpStream::connect(addr).expect("connect");
        stream.set_read_timeout(Some(DEADLINE)).unwrap();
        write!(
            stream,
            "GET /__brief/events?generation={generation} HTTP/1.1\r\nHost: {addr}\r\n\r\n"
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        loop {
            let line = read_line(&mut reader);
            if line.is_empty() {
                break;
            }
        }
        EventStream { reader }
    }

    /// The name of the next event (each is one chunk of the response).
    fn next_event(&mut self) -> String {
        loop {
            let size = usize::from_str_radix(&read_line(&mut self.reader), 16).expect("chunk");
            let mut chunk = vec![0; size + 2];
            self.reader.read_exact(&mut chunk).expect("read a chunk");
            let text = String::from_utf8_lossy(&chunk[..size]).into_owned();
            if let Some(name) = text
                .lines()
                .find_map(|l| l.strip_prefix("event:").map(|n| n.trim().to_string()))
            {
                return name;
            }
        }
    }
}

fn read_line(reader: &mut BufReader<TcpStream>) -> String {
    let mut line = String::new();
    reader.read_line(&mut line).expect("read the event stream");
    line.trim_end().to_string()
}
