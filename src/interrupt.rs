//! Ctrl-C and termination signals, as a flag the long-running commands
//! look at, so that whatever stops them short of SIGKILL lets them clean
//! up: an interrupted `brief build` removes its staging directory, an
//! interrupted `brief serve` its preview directory.
//!
//! [`Interrupt::on_signals`] (called once, by `main`) makes SIGINT, SIGTERM
//! and SIGHUP set the flag instead of ending the process; a second signal
//! while the flag is set ends it at once, as a user pressing Ctrl-C twice
//! expects. Library callers that install nothing get [`Interrupt::never`].

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::diagnostic::Diagnostic;

/// Whether the process has been asked to stop. Clones share the flag.
#[derive(Debug, Clone, Default)]
pub struct Interrupt(Arc<AtomicBool>);

impl Interrupt {
    /// A flag nothing sets (unless [`Interrupt::raise`] is called).
    pub fn never() -> Self {
        Interrupt::default()
    }

    /// A flag that SIGINT, SIGTERM and SIGHUP set (on Unix; Ctrl-C
    /// elsewhere ends the process as before). A second signal after the
    /// first ends the process with status 130.
    pub fn on_signals() -> std::io::Result<Self> {
        let interrupt = Interrupt::default();
        #[cfg(unix)]
        for signal in [
            signal_hook::consts::SIGINT,
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
        ] {
            // The order matters: the exit is checked before the flag is set.
            signal_hook::flag::register_conditional_shutdown(signal, 130, interrupt.0.clone())?;
            signal_hook::flag::register(signal, interrupt.0.clone())?;
        }
        Ok(interrupt)
    }

    /// Sets the flag, as a signal does.
    pub fn raise(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether a signal has come.
    pub fn is_raised(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    /// `Err` once a signal has come, for work that stops at the next
    /// step: "interrupted", and nothing was written.
    pub fn check(&self) -> Result<(), Diagnostic> {
        if self.is_raised() {
            Err(Diagnostic::new("interrupted"))
        } else {
            Ok(())
        }
    }
}
