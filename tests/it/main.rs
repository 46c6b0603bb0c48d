//! The integration tests: one test binary (as mdBook and ripgrep have),
//! each module a part of `brief` tried from the outside, on fixture sites
//! in temporary directories or on the shipped brief. The browser suite
//! (`tests/browser.rs`) is a binary of its own: it drives Chromium and
//! Node.js, which `.ci/run` installs.

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
mod metadata;
#[cfg(feature = "pdf")]
mod pdf;
mod publish;
mod scale;
#[cfg(feature = "serve")]
mod serve;
mod shipped_brief;
mod snapshot;
