//! The preview build: the same site `brief build` writes, rendered for the
//! local origin and laid out under its base path in a directory that only
//! the preview serves.
//!
//! Each build is a new *generation*: a fresh directory `<work>/build-*/`
//! holding the site at `<base path>/` (`build-*/brief/zh/…` for the base
//! path `/brief/`). The HTTP side serves the current generation's directory
//! at the origin's root, so URLs are exactly the ones GitHub Pages will
//! answer. A failed build leaves no generation behind, and the previous one
//! stays current.

use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

use percent_encoding::percent_decode_str;
use tempfile::TempDir;

use crate::build::Recipe;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Result};
use crate::interrupt::Interrupt;
use crate::output::Staging;
use crate::render::Reuse;
use crate::site::{Site, SiteOptions, normalize_root};

/// Where the live-reload client script is served (outside any base path).
pub(crate) const CLIENT_SCRIPT_PATH: &str = "/__brief/livereload.js";
/// Where the live-reload event stream is served.
pub(crate) const EVENTS_PATH: &str = "/__brief/events";

/// One successful preview build, served until the next one replaces it.
/// The directory is removed when the last request using it is done.
#[derive(Debug)]
pub(crate) struct Generation {
    /// Counts builds from 1; pages carry it so a stale page can tell.
    pub number: u64,
    /// The base path the site was built for: `/` or `/brief/`.
    pub base_path: String,
    /// The directory served at the origin's root.
    pub root: PathBuf,
    /// The directory holding the site (the root, under the base path);
    /// its `404.html` may be missing in a custom theme.
    pub site: PathBuf,
    _dir: TempDir,
}

/// What a successful preview build produced.
#[derive(Debug)]
pub(crate) struct Built {
    pub generation: Generation,
    /// Pages per language, as `brief build` counts them.
    pub pages_per_language: Vec<(String, usize)>,
    /// Problems that `brief build` would refuse to publish but that do not
    /// stop a preview (broken internal links).
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// PDF editions that changed, to typeset after the reload; the
    /// generation holds the ones last typeset meanwhile.
    #[cfg(feature = "pdf")]
    pub pending_editions: Vec<crate::render::edition::Pending>,
}

/// The base path the site will be built for, from `config.toml` and the
/// overrides: the preview keeps the path and replaces only the origin.
pub(crate) fn base_path(options: &SiteOptions) -> Result<String> {
    let config = Config::load(&normalize_root(&options.root), &options.overrides)?;
    let path = config.base_url.path;
    site_dir_relative(&path).map_err(|problem| {
        problem
            .within("`base_url`")
            .with_path(config.root.join(crate::config::CONFIG_FILE))
    })?;
    Ok(path)
}

/// What every preview build of one `serve` shares.
pub(crate) struct Preview {
    /// How to load the site (the base URL's origin is replaced).
    pub site: SiteOptions,
    /// The preview's origin: `http://127.0.0.1:1111`.
    pub origin: String,
    /// The directory under which every generation is made.
    pub work: PathBuf,
    /// A build stops (and leaves nothing) once this is raised.
    pub interrupt: Interrupt,
    /// What each build keeps for the next (highlighted code, the PDF
    /// editions; an edition that changed is typeset after the reload).
    pub reuse: Reuse,
}

impl Preview {
    /// Builds generation `number` into a new directory under `work`.
    pub(crate) fn build(&self, number: u64) -> Result<Built> {
        let started = Instant::now();
        let base_path = base_path(&self.site)?;
        // Only the base URL changes; any other override stays.
        let mut local = self.site.clone();
        local.overrides.base_url = Some(format!("{}{base_path}", self.origin));
        let site = Site::load(&local)?;

        let dir = tempfile::Builder::new()
            .prefix("build-")
            .tempdir_in(&self.work)
            .map_err(|e| Diagnostic::io(&self.work, "create a preview directory", e))?;
        let site_dir = dir.path().join(site_dir_relative(&base_path)?);
        // Every file, static ones too, goes through the recipe, which
        // injects the live-reload client into HTML; broken links are
        // warnings here.
        let recipe = Recipe {
            broken_links_fail: false,
            interrupt: &self.interrupt,
            transform: &|path, bytes| {
                if is_html(path) {
                    Cow::Owned(inject(bytes, number))
                } else {
                    Cow::Borrowed(bytes)
                }
            },
            reuse: &self.reuse,
        };
        let staged = recipe.run(&site, Staging::new(&site_dir)?)?;

        Ok(Built {
            generation: Generation {
                number,
                site: site_dir,
                root: dir.path().to_path_buf(),
                base_path,
                _dir: dir,
            },
            pages_per_language: staged.pages_per_language,
            warnings: staged.warnings,
            elapsed: started.elapsed(),
            #[cfg(feature = "pdf")]
            pending_editions: staged.pending_editions,
        })
    }
}

/// The directory, relative to a generation's root, that holds the site for
/// `base_path`: `brief` for `/brief/`, empty for `/`. Segments are
/// percent-decoded the way the file service decodes request paths; a
/// segment that is not a plain name cannot be laid out and is refused.
pub(crate) fn site_dir_relative(base_path: &str) -> std::result::Result<PathBuf, Diagnostic> {
    let mut dir = PathBuf::new();
    for segment in base_path.split('/').filter(|s| !s.is_empty()) {
        let decoded = percent_decode_str(segment).decode_utf8().map_err(|_| {
            Diagnostic::new(format!(
                "the path `{base_path}` is not valid UTF-8 once decoded"
            ))
        })?;
        let mut components = Path::new(&*decoded).components();
        let plain = matches!(components.next(), Some(Component::Normal(_)))
            && components.next().is_none()
            && !decoded.contains(['/', '\\', '\0']);
        if !plain {
            return Err(Diagnostic::new(format!(
                "the path `{base_path}` has the segment `{segment}`, which cannot be previewed"
            )));
        }
        dir.push(&*decoded);
    }
    Ok(dir)
}

fn is_html(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

/// The tag that loads the live-reload client; `generation` lets a page
/// that was loaded before the latest build notice it is stale.
pub(crate) fn client_tag(generation: u64) -> String {
    format!("<script src=\"{CLIENT_SCRIPT_PATH}\" data-generation=\"{generation}\"></script>")
}

/// `html` with the client tag inserted before the last `</body`, or
/// appended when there is none. Only the preview calls this: `brief build`
/// output never contains the tag.
pub(crate) fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    const CLOSE: &[u8] = b"</body";
    let tag = client_tag(generation);
    let at = html
        .windows(CLOSE.len())
        .rposition(|w| w.eq_ignore_ascii_case(CLOSE))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len() + 1);
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    if at == html.len() {
        out.push(b'\n');
    }
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inject_goes_before_the_last_body_close() {
        let html = b"<html><body><p>x</p></BODY>\n</html>";
        let out = String::from_utf8(inject(html, 7)).unwrap();
        assert_eq!(
            out,
            "<html><body><p>x</p><script src=\"/__brief/livereload.js\" data-generation=\"7\"></script></BODY>\n</html>"
        );
        let bare = String::from_utf8(inject(b"<p>fragment</p>", 1)).unwrap();
        assert!(bare.starts_with("<p>fragment</p><script"), "{bare}");
    }

    #[test]
    fn base_path_layout() {
        assert_eq!(site_dir_relative("/").unwrap(), PathBuf::new());
        assert_eq!(
            site_dir_relative("/brief/").unwrap(),
            PathBuf::from("brief")
        );
        assert_eq!(
            site_dir_relative("/a/%E7%AE%80%E6%8A%A5/").unwrap(),
            PathBuf::from("a/简报")
        );
        for bad in ["/../", "/a/%2e%2e/", "/a%2fb/", "/a%5cb/", "/./"] {
            assert!(site_dir_relative(bad).is_err(), "{bad}");
        }
    }
}
