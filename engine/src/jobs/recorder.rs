//! [`RunRecorder`]: writes the run records of Kafka-triggered executions in batches on one
//! thread. The Kafka path hands a record over without waiting; when the queue is full (the
//! disk cannot keep up), the record is dropped and counted, never the request's result.

use super::db::{FinishedRun, JobDb};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::Arc;
use tracing::{error, warn};

/// Runs waiting to be written at most.
const QUEUE: usize = 10_000;
/// Runs written in one transaction at most.
const BATCH: usize = 500;

/// The queue to the recording thread.
pub struct RunRecorder {
    tx: SyncSender<FinishedRun>,
    dropped: AtomicU64,
}

impl RunRecorder {
    /// Starts the recording thread over `db`; it ends when the recorder is dropped.
    pub fn start(db: Arc<JobDb>) -> std::io::Result<Arc<RunRecorder>> {
        let (tx, rx) = sync_channel(QUEUE);
        std::thread::Builder::new()
            .name("rheo-run-recorder".into())
            .spawn(move || write_batches(&db, &rx))?;
        Ok(Arc::new(RunRecorder {
            tx,
            dropped: AtomicU64::new(0),
        }))
    }

    /// Queues a run for recording without waiting.
    pub fn record(&self, run: FinishedRun) {
        if let Err(TrySendError::Full(run) | TrySendError::Disconnected(run)) =
            self.tx.try_send(run)
        {
            let n = self.dropped.fetch_add(1, Relaxed) + 1;
            if n.is_power_of_two() {
                warn!(job_id = %run.job.job_id, dropped_total = n, "run records are written slower than requests finish; records dropped");
            }
        }
    }
}

/// The recording thread: waits for a run, takes whatever else is queued (up to a batch)
/// and writes them in one transaction.
fn write_batches(db: &JobDb, rx: &Receiver<FinishedRun>) {
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while batch.len() < BATCH {
            match rx.try_recv() {
                Ok(run) => batch.push(run),
                Err(_) => break,
            }
        }
        if let Err(e) = db.record_batch(&batch) {
            error!(error = %e, runs = batch.len(), "recording Kafka-triggered runs failed");
        }
    }
}
