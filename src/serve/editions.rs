//! The PDF editions of the preview, typeset after the reload: a rebuild
//! whose editions changed serves the ones last typeset at once (its pages
//! reload without waiting for Typst) and hands the new documents to a
//! worker thread of its own, which typesets them and writes them over the
//! stand-ins in that build's generation. When saves come faster than
//! Typst, only the latest rebuild's editions are typeset.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Instant;

use rayon::prelude::*;

use super::Terminal;
use super::http::{Problems, Shared};
use super::preview::Generation;
use crate::render::edition::Pending;

/// One rebuild's editions and the generation they belong in.
type Job = (Vec<Pending>, Arc<Generation>);

/// The handle of the worker; dropping it ends the worker.
pub(super) struct Typesetter {
    jobs: Sender<Job>,
}

impl Typesetter {
    /// Starts the worker, which reports to `terminal` and puts problems
    /// on the page through `shared`.
    pub(super) fn start(shared: Arc<Shared>, terminal: Terminal) -> Typesetter {
        let (jobs, queue) = channel();
        std::thread::Builder::new()
            .name("brief-pdf".into())
            .spawn(move || work(&queue, &shared, terminal))
            .map_or_else(
                |e| {
                    terminal.warn(&format!(
                        "cannot start the PDF worker ({e}); the PDFs stay as first built"
                    ))
                },
                drop,
            );
        Typesetter { jobs }
    }

    /// Typesets `pending` into `generation`, after any work before it.
    pub(super) fn typeset(&self, pending: Vec<Pending>, generation: Arc<Generation>) {
        if !pending.is_empty() {
            // A stopped worker has said so; the stand-ins stay.
            let _ = self.jobs.send((pending, generation));
        }
    }
}

fn work(queue: &Receiver<Job>, shared: &Shared, terminal: Terminal) {
    while let Ok(mut job) = queue.recv() {
        // Only the latest rebuild's editions are worth typesetting.
        while let Ok(later) = queue.try_recv() {
            job = later;
        }
        let (pending, generation) = job;
        let started = Instant::now();
        let languages: Vec<String> = pending.iter().map(|p| p.lang().to_string()).collect();
        let results: Vec<_> = pending
            .into_par_iter()
            .map(|p| p.finish(&generation.site))
            .collect();
        let mut problems = Vec::new();
        for result in results {
            match result {
                Ok(warnings) => problems.extend(warnings),
                Err(errors) => problems.extend(errors),
            }
        }
        terminal.say(&format!(
            "Typeset the PDF edition ({}) in {} ms",
            languages.join(", "),
            started.elapsed().as_millis()
        ));
        for problem in &problems {
            terminal.warn(&problem.full_message());
        }
        if problems.is_empty() {
            continue;
        }
        let text: Arc<str> = super::lines(problems.iter()).into();
        shared.status.send_if_modified(|status| {
            let current = status
                .site
                .as_ref()
                .is_some_and(|site| Arc::ptr_eq(site, &generation));
            // A build's own problems come first; these join none.
            let shown = current && status.problems.is_none();
            if shown {
                status.problems = Some(Problems {
                    failed: false,
                    text,
                });
            }
            shown
        });
    }
}
