//! `brief`: a static-site generator for bilingual (Simplified Chinese +
//! English) policy briefs.
//!
//! The pipeline runs one way: [`config`] → [`content`] → [`markdown`] →
//! [`templates`] → [`output`], tied together by [`site`] (loading) and
//! [`build`] (rendering and writing). See `ARCHITECTURE.md`.

pub mod build;
#[cfg(feature = "cards")]
pub mod cards;
pub mod check;
pub mod citation;
pub mod config;
pub mod content;
pub mod dates;
pub mod diagnostic;
pub mod escape;
#[cfg(any(feature = "pdf", feature = "cards"))]
pub mod fonts;
pub mod indicators;
pub mod init;
pub mod interrupt;
pub mod linkcheck;
pub mod markdown;
pub mod output;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod publish;
pub mod render;
#[cfg(feature = "serve")]
pub mod serve;
pub mod site;
pub mod static_files;
pub mod suggest;
pub mod templates;
pub mod walk;

pub use build::{BuildOptions, BuildSummary, build};
pub use diagnostic::{Diagnostic, Diagnostics};
