//! The integration tests: one test binary (as mdBook and ripgrep have),
//! each module a part of `brief` tried from the outside, on fixture sites
//! in temporary directories or on the shipped brief. The suites that need
//! tools outside Rust (Chromium and the Nu checker, Python's metadata
//! consumers) are a binary of their own, `tests/consumers/`, which reports
//! them as ignored where the tools are missing; `.ci/run` installs them.

mod build;
mod cards;
mod check;
mod common;
mod errors;
mod escaping;
mod fuzz_regressions;
mod hostile;
mod indicators;
mod init;
mod languages;
mod links;
#[cfg(feature = "pdf")]
mod pdf;
mod publish;
mod scale;
#[cfg(feature = "serve")]
mod serve;
mod shipped_brief;
mod snapshot;
