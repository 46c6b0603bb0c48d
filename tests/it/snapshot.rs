//! The shipped brief's output, file by file, against a manifest of every
//! output file's size and hash (`snapshots/shipped_brief.txt`): a change of
//! the renderer that is meant to change nothing (a refactoring) must leave
//! every byte as it was. A change that is meant to show must come with the
//! new manifest:
//!
//! ```sh
//! BRIEF_SNAPSHOT=update cargo test --test it snapshot
//! ```
//!
//! The PDF editions and the share cards are left out (their bytes depend
//! on the installed fonts; `pdf.rs` and `cards.rs` read what they hold).
//!
//! The hash is FNV-1a (64 bits), written here so that it cannot change
//! with a dependency or a Rust release.

use std::collections::BTreeMap;
use std::path::Path;

use brief::site::SiteOptions;
use brief::{BuildOptions, build};
use walkdir::WalkDir;

const MANIFEST: &str = "tests/it/snapshots/shipped_brief.txt";

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `path size hash` for every file of a build of the shipped brief.
fn manifest_of_a_fresh_build() -> BTreeMap<String, String> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    build(&BuildOptions {
        site: SiteOptions {
            root: repo.to_path_buf(),
            ..SiteOptions::default()
        },
        output: Some(public.clone()),
        ..BuildOptions::default()
    })
    .unwrap_or_else(|e| panic!("the shipped brief does not build:\n{e}"));
    WalkDir::new(&public)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        // The PDFs' and the cards' bytes depend on the installed fonts'
        // versions; what they hold is checked by tests/it/pdf.rs and
        // tests/it/cards.rs.
        .filter(|e| {
            e.path()
                .extension()
                .is_none_or(|x| x != "pdf" && x != "png")
        })
        .map(|e| {
            let bytes = std::fs::read(e.path()).unwrap();
            let rel = brief::walk::slash_path(e.path().strip_prefix(&public).unwrap());
            (rel, format!("{} {:016x}", bytes.len(), fnv1a(&bytes)))
        })
        .collect()
}

#[test]
fn the_shipped_brief_builds_byte_for_byte_as_the_manifest_says() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let built = manifest_of_a_fresh_build();
    let text: String = built
        .iter()
        .map(|(path, entry)| format!("{path} {entry}\n"))
        .collect();
    if std::env::var("BRIEF_SNAPSHOT").as_deref() == Ok("update") {
        std::fs::write(repo.join(MANIFEST), &text).unwrap();
        return;
    }
    let recorded = std::fs::read_to_string(repo.join(MANIFEST)).unwrap_or_default();
    let recorded: BTreeMap<String, String> = recorded
        .lines()
        .filter_map(|line| line.split_once(' '))
        .map(|(path, entry)| (path.to_string(), entry.to_string()))
        .collect();
    let changed: Vec<&String> = built
        .keys()
        .chain(recorded.keys())
        .filter(|path| built.get(*path) != recorded.get(*path))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert!(
        changed.is_empty(),
        "the output changed in {changed:?}; if that is meant, run \
         BRIEF_SNAPSHOT=update cargo test --test it snapshot and commit {MANIFEST}"
    );
}

/// Every file of a render of `site` with `reuse`, by path.
fn render_with(
    site: &brief::site::Site,
    reuse: &brief::render::Reuse,
) -> BTreeMap<String, Vec<u8>> {
    let files = std::sync::Mutex::new(BTreeMap::new());
    let sink = |path: &Path, bytes: &[u8]| {
        let rel = brief::walk::slash_path(path);
        files.lock().unwrap().insert(rel, bytes.to_vec());
        Ok(())
    };
    brief::render::render_site(site, &sink, reuse).expect("the shipped brief renders");
    files.into_inner().unwrap()
}

#[test]
fn what_the_preview_keeps_between_rebuilds_changes_no_byte() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = brief::site::Site::load(&SiteOptions {
        root: repo.to_path_buf(),
        ..SiteOptions::default()
    })
    .expect("the shipped brief loads");
    let fresh = render_with(&site, &brief::render::Reuse::default());
    // The preview's rebuilds: the second keeps what the first saw twice
    // (code blocks and lines), the third reuses it.
    let kept = brief::render::Reuse::default();
    for rebuild in 1..=3 {
        assert!(
            render_with(&site, &kept) == fresh,
            "rebuild {rebuild} differs"
        );
    }
}
