//! Timing a child process: wall time, CPU time and peak resident memory
//! (its own `ru_maxrss`, from `wait4`), and the medians of several runs.
//! Shared by the benchmarks that run the `brief` binary, with
//! [`copy_tree`] for those that copy the shipped brief.

#![allow(dead_code)] // each benchmark uses part of it

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One timed run of a child process.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    pub wall: Duration,
    pub cpu: Duration,
    /// Peak resident set size in bytes.
    pub max_rss: u64,
}

/// Medians of several runs.
#[derive(Debug, Clone, Copy)]
pub struct Summary {
    pub wall: Duration,
    pub cpu: Duration,
    pub max_rss: u64,
    pub runs: usize,
}

impl Summary {
    pub fn of(runs: &[Run]) -> Summary {
        let median = |mut values: Vec<u128>| {
            values.sort_unstable();
            let n = values.len();
            if n % 2 == 1 {
                values[n / 2]
            } else {
                (values[n / 2 - 1] + values[n / 2]) / 2
            }
        };
        Summary {
            wall: Duration::from_nanos(
                median(runs.iter().map(|r| r.wall.as_nanos()).collect()) as u64
            ),
            cpu: Duration::from_nanos(
                median(runs.iter().map(|r| r.cpu.as_nanos()).collect()) as u64
            ),
            max_rss: median(runs.iter().map(|r| u128::from(r.max_rss)).collect()) as u64,
            runs: runs.len(),
        }
    }
}

pub fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

pub fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// Runs `command` once with `output` removed first (not timed), and fails
/// the benchmark if it does not succeed.
// The child is reaped by `wait4` (which also returns its resource usage),
// not by `Child::wait`, so clippy cannot see the wait.
#[allow(clippy::zombie_processes)]
pub fn time(command: &mut Command, output: &Path) -> Run {
    if output.exists() {
        std::fs::remove_dir_all(output).expect("remove the previous output");
    }
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = command.spawn().expect("start the generator");
    // Read stderr on a thread so a chatty child cannot block on a full pipe.
    let stderr = child.stderr.take().map(|mut pipe| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut pipe, &mut text);
            text
        })
    });
    let (status, usage) = wait4(child.id());
    let wall = started.elapsed();
    let errors = stderr.and_then(|t| t.join().ok()).unwrap_or_default();
    assert!(
        status == 0,
        "{command:?} failed (wait status {status}):\n{errors}"
    );
    let cpu = timeval(usage.ru_utime) + timeval(usage.ru_stime);
    Run {
        wall,
        cpu,
        // Linux reports ru_maxrss in KiB.
        max_rss: usage.ru_maxrss as u64 * 1024,
    }
}

/// Waits for process `pid` and returns its wait status and its own
/// resource usage (not that of earlier children).
fn wait4(pid: u32) -> (i32, libc::rusage) {
    let mut status = 0;
    // SAFETY: `rusage` is plain data that wait4 fills in; `pid` is our
    // child, which std has not waited for.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid as libc::pid_t, "wait4 failed");
    (status, usage)
}

fn timeval(t: libc::timeval) -> Duration {
    Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
}

/// Copies a file or a directory tree, if it exists.
pub fn copy_tree(from: &Path, to: &Path) {
    if from.is_file() {
        std::fs::copy(from, to).expect("copy a file of the brief");
        return;
    }
    if !from.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("read the brief");
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
