//! Watching the site's sources: `config.toml`, `content/` (with the data
//! file), `themes/`, and the site's own `templates/`, `static/` and
//! `i18n/`, through `notify` (inotify, FSEvents, ReadDirectoryChangesW).
//!
//! Changes are debounced over all paths at once: the first relevant event
//! opens a window that each further relevant event extends by the quiet
//! time, and the rebuild starts when the window closes (or at the latest
//! [`MAX_WAIT`] after it opened). A save that writes, renames and touches
//! several files is one rebuild. Editor temporary and backup files, hidden
//! files and everything else under the root (`public/`, `target/`, `.git/`)
//! are ignored before they can open or extend a window, and so are reads:
//! a build opening the sources does not trigger the next one.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::config::CONFIG_FILE;
use crate::diagnostic::Diagnostic;

/// The directories under the site root whose changes trigger a rebuild.
pub(crate) const WATCHED_DIRS: [&str; 6] = crate::site::SOURCE_DIRS;

/// A burst of changes that goes on this long is rebuilt anyway.
pub(crate) const MAX_WAIT: Duration = Duration::from_millis(500);

enum Message {
    Changed(notify::Result<Event>),
    Stop,
}

/// Watches registered but not yet acted on: events queue up until
/// [`Watch::run`] starts the thread, so nothing saved during the first
/// build is missed.
pub(crate) struct Watch {
    root: PathBuf,
    watcher: RecommendedWatcher,
    sender: Sender<Message>,
    receiver: Receiver<Message>,
}

/// The running watch thread; stops when dropped.
pub(crate) struct Running {
    sender: Sender<Message>,
    thread: Option<JoinHandle<()>>,
}

impl Watch {
    /// Starts watching the sources of the site at `root`.
    pub(crate) fn new(root: &Path) -> Result<Watch, Diagnostic> {
        let root = std::fs::canonicalize(root)
            .map_err(|e| Diagnostic::io(root, "watch the site root", e))?;
        let (sender, receiver) = mpsc::channel();
        let events = sender.clone();
        let mut watcher = notify::recommended_watcher(move |event| {
            let _ = events.send(Message::Changed(event));
        })
        .map_err(|e| {
            Diagnostic::in_file(&root, "cannot watch the site for changes").with_source(e)
        })?;
        watcher
            .watch(&root, RecursiveMode::NonRecursive)
            .map_err(|e| {
                Diagnostic::in_file(&root, "cannot watch the site for changes").with_source(e)
            })?;
        let mut watch = Watch {
            root,
            watcher,
            sender,
            receiver,
        };
        for dir in WATCHED_DIRS {
            watch.watch_dir(dir)?;
        }
        Ok(watch)
    }

    /// What is watched, for the terminal: `config.toml, content/, themes/`.
    pub(crate) fn describe(&self) -> String {
        let mut names = vec![CONFIG_FILE.to_string()];
        names.extend(
            WATCHED_DIRS
                .iter()
                .filter(|d| self.root.join(d).is_dir())
                .map(|d| format!("{d}/")),
        );
        names.join(", ")
    }

    /// Watches `root/name` recursively if it is a directory.
    fn watch_dir(&mut self, name: &str) -> Result<(), Diagnostic> {
        let dir = self.root.join(name);
        if !dir.is_dir() {
            return Ok(());
        }
        // A directory that was removed and made again needs a new watch.
        let _ = self.watcher.unwatch(&dir);
        self.watcher
            .watch(&dir, RecursiveMode::Recursive)
            .map_err(|e| Diagnostic::in_file(&dir, "cannot watch directory").with_source(e))
    }

    /// Runs `rebuild` with the changed paths (relative to the root, sorted)
    /// after each burst of changes, on a thread of its own, until the
    /// returned handle is dropped.
    pub(crate) fn run(
        mut self,
        quiet: Duration,
        mut rebuild: impl FnMut(Vec<PathBuf>) + Send + 'static,
    ) -> Running {
        let sender = self.sender.clone();
        let thread = std::thread::Builder::new()
            .name("brief-serve-watch".into())
            .spawn(move || {
                while let Some(changed) = self.next_burst(quiet) {
                    rebuild(changed);
                }
            })
            .expect("spawn the watch thread");
        Running {
            sender,
            thread: Some(thread),
        }
    }

    /// Waits for the next burst of relevant changes; `None` when stopped.
    /// Files that were made and removed again within the burst (the
    /// temporary files of `sed -i` and many save routines) do not count.
    fn next_burst(&mut self, quiet: Duration) -> Option<Vec<PathBuf>> {
        loop {
            let mut burst = Burst::default();
            while burst.changed.is_empty() {
                match self.receiver.recv() {
                    Ok(Message::Changed(event)) => {
                        self.collect(event, &mut burst);
                    }
                    Ok(Message::Stop) | Err(_) => return None,
                }
            }
            let opened = Instant::now();
            let mut deadline = opened + quiet;
            loop {
                let now = Instant::now();
                let close = deadline.min(opened + MAX_WAIT);
                if now >= close {
                    break;
                }
                match self.receiver.recv_timeout(close - now) {
                    Ok(Message::Changed(event)) => {
                        if self.collect(event, &mut burst) {
                            deadline = Instant::now() + quiet;
                        }
                    }
                    Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => return None,
                    Err(RecvTimeoutError::Timeout) => break,
                }
            }
            let Burst {
                mut changed,
                created,
            } = burst;
            changed.retain(|path| {
                !created.contains(path) || self.root.join(path).symlink_metadata().is_ok()
            });
            if !changed.is_empty() {
                return Some(changed.into_iter().collect());
            }
        }
    }

    /// Adds the relevant paths of `event` to the burst; true if there were
    /// any. Watches directories that appear at the root.
    fn collect(&mut self, event: notify::Result<Event>, burst: &mut Burst) -> bool {
        let event = match event {
            Ok(event) => event,
            Err(_) => {
                // The watcher lost track (an overflowing queue): rebuild.
                burst.changed.insert(PathBuf::from("."));
                return true;
            }
        };
        if matches!(event.kind, EventKind::Access(kind) if kind != AccessKind::Close(AccessMode::Write))
        {
            return false;
        }
        if event.need_rescan() {
            burst.changed.insert(PathBuf::from("."));
            return true;
        }
        let mut any = false;
        for path in &event.paths {
            let Ok(relative) = path.strip_prefix(&self.root) else {
                continue;
            };
            if !is_source(relative) {
                continue;
            }
            let mut components = relative.components();
            if let (Some(Component::Normal(top)), None) = (components.next(), components.next())
                && let Some(dir) = WATCHED_DIRS.iter().find(|d| OsStr::new(d) == top)
            {
                // Best effort: a directory that cannot be watched still
                // triggers this rebuild, which reports what is wrong.
                let _ = self.watch_dir(dir);
            }
            if matches!(event.kind, EventKind::Create(_)) {
                burst.created.insert(relative.to_path_buf());
            }
            burst.changed.insert(relative.to_path_buf());
            any = true;
        }
        any
    }
}

/// The changes collected for one rebuild.
#[derive(Default)]
struct Burst {
    /// Every source path that changed, relative to the root.
    changed: BTreeSet<PathBuf>,
    /// Those that were created within the burst.
    created: BTreeSet<PathBuf>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.sender.send(Message::Stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Whether a path (relative to the site root) is a source of the site:
/// `config.toml`, or under one of [`WATCHED_DIRS`], and neither hidden nor
/// an editor's temporary or backup file.
pub(crate) fn is_source(relative: &Path) -> bool {
    let mut names = Vec::new();
    for component in relative.components() {
        match component {
            Component::Normal(name) => names.push(name.to_string_lossy()),
            _ => return false,
        }
    }
    let (Some(first), Some(last)) = (names.first(), names.last()) else {
        return false;
    };
    let top_level_ok = if names.len() == 1 {
        first == CONFIG_FILE || WATCHED_DIRS.contains(&first.as_ref())
    } else {
        WATCHED_DIRS.contains(&first.as_ref())
    };
    top_level_ok && !names.iter().any(|n| n.starts_with('.')) && !is_editor_file(last)
}

/// Files that editors write beside the file being saved: backups (`x~`,
/// `x.bak`), swap and lock files (`.x.swp`, `.#x`, `#x#`), Vim's write test
/// `4913`, and temporary files (`x.tmp`, JetBrains' `x___jb_tmp___`).
fn is_editor_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.ends_with('~')
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
        || [
            ".swp",
            ".swx",
            ".swo",
            ".tmp",
            ".bak",
            "___jb_tmp___",
            "___jb_old___",
        ]
        .iter()
        .any(|suffix| lower.ends_with(suffix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_and_ignored_files() {
        for source in [
            "config.toml",
            "content/goals.zh.md",
            "content/indicators.toml",
            "content/part/goals.en.md",
            "themes/default/templates/base.html",
            "templates/page.html",
            "static/assets/logo.svg",
            "i18n/zh.toml",
            "content",
            "templates",
        ] {
            assert!(is_source(Path::new(source)), "{source}");
        }
        for ignored in [
            "public/zh/index.html",
            "target/debug/brief",
            ".git/index",
            "README.md",
            "content/goals.zh.md~",
            "content/.goals.zh.md.swp",
            "content/.goals.zh.md.swx",
            "content/.#goals.zh.md",
            "content/#goals.zh.md#",
            "content/4913",
            "content/goals.zh.md.tmp",
            "content/goals.zh.md___jb_tmp___",
            "themes/default/.DS_Store",
            "content/.hidden/a.md",
            "../elsewhere/config.toml",
        ] {
            assert!(!is_source(Path::new(ignored)), "{ignored}");
        }
    }
}
