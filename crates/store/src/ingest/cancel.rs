//! Stopping an ingest from outside (a request timeout, a shutdown).

use crate::{Result, StoreError};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;

/// Stops an ingest: once [`Cancel::cancel`] succeeded (from another thread, a request
/// timeout, a signal), the ingest returns [`StoreError::Cancelled`] at its next claim and
/// rolls its transaction back, and no transaction of it commits any more. A commit that
/// is already under way ([`Cancel::begin_commit`]) finishes first: `cancel` returns `false`
/// meanwhile, so a caller that must know that nothing more will be committed (a server
/// answering "timed out") tries again until it returns `true`.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicU8>);

const RUNNING: u8 = 0;
const COMMITTING: u8 = 1;
const CANCELLED: u8 = 2;

/// A commit in progress ([`Cancel::begin_commit`]); dropping it ends the commit.
#[derive(Debug)]
pub struct CommitGuard<'a>(&'a AtomicU8);

impl Drop for CommitGuard<'_> {
    fn drop(&mut self) {
        let _ = self
            .0
            .compare_exchange(COMMITTING, RUNNING, Ordering::SeqCst, Ordering::SeqCst);
    }
}

impl Cancel {
    pub fn new() -> Cancel {
        Cancel::default()
    }

    /// Cancels unless a commit is under way; returns whether it is cancelled now (then
    /// nothing will be committed any more).
    pub fn cancel(&self) -> bool {
        match self
            .0
            .compare_exchange(RUNNING, CANCELLED, Ordering::SeqCst, Ordering::SeqCst)
        {
            Ok(_) => true,
            Err(state) => state == CANCELLED,
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst) == CANCELLED
    }

    /// `Err(Cancelled)` once cancelled.
    pub fn check(&self) -> Result<()> {
        if self.is_cancelled() {
            Err(StoreError::Cancelled)
        } else {
            Ok(())
        }
    }

    /// Call right before committing: `Err(Cancelled)` when cancelled (roll back instead),
    /// else a guard that holds off [`Cancel::cancel`] until the commit is done.
    pub fn begin_commit(&self) -> Result<CommitGuard<'_>> {
        match self
            .0
            .compare_exchange(RUNNING, COMMITTING, Ordering::SeqCst, Ordering::SeqCst)
        {
            Ok(_) => Ok(CommitGuard(&self.0)),
            Err(_) => Err(StoreError::Cancelled),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancel_waits_for_a_commit_under_way() {
        let c = Cancel::new();
        {
            let _g = c.begin_commit().unwrap();
            assert!(!c.cancel(), "a commit is under way");
            assert!(c.check().is_ok());
        }
        assert!(c.cancel());
        assert!(c.cancel(), "cancelling twice");
        assert!(matches!(c.begin_commit(), Err(StoreError::Cancelled)));
        assert!(matches!(c.check(), Err(StoreError::Cancelled)));
    }
}
