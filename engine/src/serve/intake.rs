//! The dispatch loop of `rheo serve`: receives request records, runs each in its own task,
//! commits positions in per-partition order once results are acknowledged (on progress and
//! on a short timer), pauses fetching when too much is in flight, applies the poison guard
//! ([`super::guard`]) and drains on shutdown.

use super::consumer::{commit_now, RebalanceContext};
use super::guard::{Marker, Mode};
use super::guard_store::GuardStore;
use super::key_order::KeyOrder;
use super::metrics::Metrics;
use super::offsets::{OffsetTracker, Partition};
use super::record::{Handler, Record, Verdict};
use anyhow::Result;
use rdkafka::consumer::{CommitMode, Consumer, StreamConsumer};
use rdkafka::error::{KafkaError, KafkaResult};
use rdkafka::message::{BorrowedMessage, Message};
use rdkafka::{Offset, TopicPartitionList};
use std::collections::{HashMap, HashSet, VecDeque};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;
use tracing::{debug, info, warn};

/// After progress, commits are repeated on this timer, so a lost asynchronous commit is
/// repeated soon.
const COMMIT_INTERVAL: Duration = Duration::from_millis(200);

/// Records in flight (refused ones included) at which a service that refuses when full
/// pauses fetching after all (when publishing its refusals stalls); at least twice
/// `max_in_flight`.
const REFUSING_BACKSTOP: usize = 10_000;

/// A finished record, reported by its task.
struct Done {
    partition: Partition,
    offset: i64,
    generation: u64,
    bytes: usize,
    /// With per-key order: the record's key and turn.
    turn: Option<(Vec<u8>, u64)>,
}

/// How long reading the group's committed offsets may take.
const COORDINATOR_TIMEOUT: Duration = Duration::from_secs(10);

/// The group's committed offsets of `partitions` (blocking); partitions without one (or
/// when the coordinator does not answer) are missing.
fn committed_offsets(
    consumer: &StreamConsumer<RebalanceContext>,
    partitions: &[Partition],
) -> HashMap<Partition, i64> {
    let mut tpl = TopicPartitionList::new();
    for (topic, partition) in partitions {
        tpl.add_partition(topic, *partition);
    }
    match consumer.committed_offsets(tpl, COORDINATOR_TIMEOUT) {
        Ok(c) => c
            .elements()
            .iter()
            .filter_map(|e| match e.offset() {
                Offset::Offset(o) => Some(((e.topic().to_string(), e.partition()), o)),
                _ => None,
            })
            .collect(),
        Err(e) => {
            warn!(error = %e, "could not read committed offsets; the guard counts from the log's start");
            HashMap::new()
        }
    }
}

/// Records received but not started, with their partition generation.
type Held = VecDeque<(Record, u64)>;

/// State of the loop between events.
struct Intake {
    handler: Arc<Handler>,
    consumer: Arc<StreamConsumer<RebalanceContext>>,
    tracker: Arc<Mutex<OffsetTracker>>,
    metrics: Arc<Metrics>,
    done_tx: mpsc::UnboundedSender<Done>,
    /// Received and not finished (held or executing).
    running: usize,
    running_bytes: usize,
    /// Spawned and not finished.
    executing: usize,
    held: Held,
    paused: Option<TopicPartitionList>,
    /// A position advanced since the last timer commit.
    advanced: bool,
    guard: Option<Arc<GuardStore>>,
    /// Partitions read to their end since their last record (partition EOF events).
    at_end: HashSet<Partition>,
    /// Turns of keyed records (`per_key_order`).
    key_order: Option<KeyOrder>,
}

/// Runs the loop until `shutdown` resolves, then finishes the records already executing,
/// publishes their results, commits and returns.
pub async fn run(
    handler: Arc<Handler>,
    consumer: Arc<StreamConsumer<RebalanceContext>>,
    tracker: Arc<Mutex<OffsetTracker>>,
    metrics: Arc<Metrics>,
    guard: Option<Arc<GuardStore>>,
    shutdown: impl Future<Output = ()>,
) -> Result<()> {
    let (done_tx, mut done_rx) = mpsc::unbounded_channel::<Done>();
    let mut intake = Intake {
        handler: handler.clone(),
        consumer: consumer.clone(),
        tracker,
        metrics,
        done_tx,
        running: 0,
        running_bytes: 0,
        executing: 0,
        held: VecDeque::new(),
        paused: None,
        advanced: false,
        at_end: HashSet::new(),
        key_order: handler.config.per_key_order.then(KeyOrder::default),
        guard,
    };
    let mut timer = tokio::time::interval(COMMIT_INTERVAL);
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            biased;
            _ = &mut shutdown => {
                info!(in_flight = intake.running, "shutting down: no new records; finishing the executing ones");
                break;
            }
            Some(d) = done_rx.recv() => {
                // Take every completion that is ready, then commit once.
                let mut next = Some(d);
                while let Some(d) = next {
                    intake.finished(d);
                    next = done_rx.try_recv().ok();
                }
                intake.commit(CommitMode::Async);
                intake.end_isolation_at_end();
                intake.start_ready().await;
                intake.resume_if_room();
            }
            _ = timer.tick() => intake.commit_again(),
            msg = consumer.recv() => intake.received(msg).await,
        }
    }
    intake.drain(&mut done_rx).await;
    Ok(())
}

impl Intake {
    async fn received(&mut self, msg: KafkaResult<BorrowedMessage<'_>>) {
        let msg = match msg {
            Ok(m) => m,
            Err(KafkaError::PartitionEOF(partition)) => {
                let topic = self.handler.config.request_topic.clone();
                self.at_end.insert((topic, partition));
                self.end_isolation_at_end();
                self.start_ready().await;
                return;
            }
            Err(e) => {
                warn!(error = %e, "consumer error");
                self.metrics.consumer_error(&e.to_string());
                tokio::time::sleep(Duration::from_millis(100)).await;
                return;
            }
        };
        let record = Record {
            topic: msg.topic().to_string(),
            partition: msg.partition(),
            offset: msg.offset(),
            key: msg.key().map(<[u8]>::to_vec),
            payload: msg.payload().map(Arc::from),
            verdict: None,
        };
        drop(msg);
        let partition = (record.topic.clone(), record.partition);
        self.at_end.remove(&partition);
        let generation = self.tracker().begin(&partition, record.offset);
        self.metrics.request_received();
        if self.handler.config.refuses_when_full() && self.full() {
            self.refuse(record, partition, generation);
            return;
        }
        self.running += 1;
        self.running_bytes += record.bytes();
        self.held.push_back((record, generation));
        self.start_ready().await;
        self.pause_if_full();
    }

    /// Whether the in-flight budget is used up.
    fn full(&self) -> bool {
        let cfg = &self.handler.config;
        self.running >= cfg.max_in_flight || self.running_bytes >= cfg.max_in_flight_bytes
    }

    /// Answers `record` with `ServiceOverloaded` at once (without holding it): on a broker
    /// that may drop unread records (the embedded one), pausing would lose requests.
    fn refuse(&mut self, mut record: Record, partition: Partition, generation: u64) {
        record.verdict = Some(Verdict::Overloaded {
            running: self.running,
            running_bytes: self.running_bytes,
        });
        self.metrics.request_refused();
        self.running += 1;
        self.running_bytes += record.bytes();
        self.spawn(record, partition, generation);
        self.pause_if_full();
    }

    fn tracker(&self) -> std::sync::MutexGuard<'_, OffsetTracker> {
        self.tracker.lock().expect("tracker lock")
    }

    /// Starts held records: all of them normally, one at a time with nothing else running
    /// while a partition isolates records after a crash.
    async fn start_ready(&mut self) {
        while let Some((record, generation)) = self.held.front() {
            let partition = (record.topic.clone(), record.partition);
            if self.tracker().is_pending(&partition) {
                self.resolve_pending().await;
                continue;
            }
            if !self.tracker().is_current(&partition, *generation) {
                // Revoked before it started: the next owner runs it.
                let (record, _) = self.held.pop_front().expect("front exists");
                self.forget(record.bytes());
                continue;
            }
            if self.tracker().any_isolating() && self.executing > 0 {
                return;
            }
            let (mut record, generation) = self.held.pop_front().expect("front exists");
            self.prepare(&partition, &mut record).await;
            self.spawn(record, partition, generation);
        }
    }

    /// Sets the guard mode of every newly assigned partition from its committed offset and
    /// its marker (read off the runtime's threads).
    async fn resolve_pending(&mut self) {
        let pending = self.tracker().pending();
        let consumer = self.consumer.clone();
        let asked = pending.clone();
        let committed = tokio::task::spawn_blocking(move || committed_offsets(&consumer, &asked))
            .await
            .unwrap_or_default();
        let markers = match &self.guard {
            Some(g) => g.read(&pending).await,
            None => HashMap::new(),
        };
        let mut tracker = self.tracker();
        for p in pending {
            let marker = markers.get(&p).copied().unwrap_or(Marker::Clean);
            let mode = Mode::on_assignment(committed.get(&p).copied(), marker);
            if let Mode::Isolating { upto, first } = mode {
                warn!(topic = %p.0, partition = p.1, from = first.0, upto, crashes = first.1,
                      "the previous owner died while these records may have been executing; running them one at a time");
            }
            if tracker.is_pending(&p) {
                tracker.assign(p, mode);
            }
        }
    }

    /// Applies the guard to a record about to start: an isolation marker or a poison verdict
    /// for isolated records, a lease for records beyond the current one.
    async fn prepare(&mut self, partition: &Partition, record: &mut Record) {
        let offset = record.offset;
        let mode = self.tracker().mode(partition);
        if let Mode::Isolating { upto, .. } = mode {
            if mode.isolates(offset) {
                let crashes = mode.crashes_of(offset);
                if crashes >= self.handler.config.poison_after_crashes {
                    record.verdict = Some(Verdict::Poison { crashes });
                    return;
                }
                let marker = Marker::Isolating {
                    offset,
                    crashes,
                    upto,
                };
                self.tracker().set_mode(partition, mode, marker);
                self.write_marker(partition, marker).await;
                return;
            }
            info!(topic = %partition.0, partition = partition.1, "isolated records done; back to concurrent execution");
            let normal = Mode::Normal { lease: None };
            self.tracker().set_mode(partition, normal, Marker::Clean);
        }
        let lease = self.tracker().mode(partition).lease_needed(offset);
        if let Some(upto) = lease {
            let marker = Marker::Lease { upto };
            let leased = Mode::Normal { lease: Some(upto) };
            self.tracker().set_mode(partition, leased, marker);
            self.write_marker(partition, marker).await;
        }
    }

    /// Writes `marker` for `partition` and waits for the broker: the guard's promise must
    /// be durable before the record runs.
    async fn write_marker(&self, partition: &Partition, marker: Marker) {
        let Some(guard) = &self.guard else {
            return;
        };
        if !guard.write(&[(partition.clone(), marker)]).await {
            warn!(topic = %partition.0, partition = partition.1, "guard marker not written; a crash now is not attributed");
        }
    }

    fn spawn(&mut self, record: Record, partition: Partition, generation: u64) {
        self.executing += 1;
        let (h, tx) = (self.handler.clone(), self.done_tx.clone());
        let (offset, bytes) = (record.offset, record.bytes());
        let turn = match &mut self.key_order {
            Some(order) => super::record::key_of(&record).map(|key| (order.take(&key), key)),
            None => None,
        };
        tokio::spawn(async move {
            let turn = match turn {
                Some((mut t, key)) => {
                    t.wait().await;
                    Some((t, key))
                }
                None => None,
            };
            h.handle(record).await;
            let turn = turn.map(|(t, key)| {
                let id = t.id;
                t.end();
                (key, id)
            });
            let _ = tx.send(Done {
                partition,
                offset,
                generation,
                bytes,
                turn,
            });
        });
    }

    /// Ends isolation of partitions read to their end once nothing runs: the previous owner
    /// cannot have started records that did not exist yet, so a lease reaching past the end
    /// of the log does not keep the member serial.
    fn end_isolation_at_end(&mut self) {
        if self.executing > 0 || !self.held.is_empty() {
            return;
        }
        let mut tracker = self.tracker.lock().expect("tracker lock");
        for p in &self.at_end {
            if matches!(tracker.mode(p), Mode::Isolating { .. }) {
                info!(topic = %p.0, partition = p.1, "isolated records done (end of the partition); back to concurrent execution");
                tracker.set_mode(p, Mode::Normal { lease: None }, Marker::Clean);
            }
        }
    }

    fn forget(&mut self, bytes: usize) {
        self.running -= 1;
        self.running_bytes -= bytes;
    }

    fn finished(&mut self, d: Done) {
        self.executing -= 1;
        if let (Some(order), Some((key, id))) = (&mut self.key_order, &d.turn) {
            order.finished(key, *id);
        }
        self.forget(d.bytes);
        if self
            .tracker()
            .finish(&d.partition, d.offset, d.generation)
            .is_some()
        {
            self.metrics.offset_stored();
            self.advanced = true;
        }
    }

    /// Commits every owned partition's position with its marker.
    fn commit(&self, mode: CommitMode) {
        let entries = self.tracker().commit_state();
        if let Err(e) = commit_now(&*self.consumer, &entries, mode) {
            debug!(error = %e, "commit failed; the next one repeats it");
        }
    }

    /// The timer's commit: repeats the latest positions once after progress (an
    /// asynchronous commit may be lost), and sends nothing while idle.
    fn commit_again(&mut self) {
        if std::mem::take(&mut self.advanced) {
            self.commit(CommitMode::Async);
        }
    }

    /// Pauses fetching when the in-flight budget is used up; a service that refuses when
    /// full pauses only at [`REFUSING_BACKSTOP`] (or twice `max_in_flight`).
    fn pause_if_full(&mut self) {
        let cfg = &self.handler.config;
        if cfg.refuses_when_full() && self.running < REFUSING_BACKSTOP.max(2 * cfg.max_in_flight) {
            return;
        }
        if self.full() && self.paused.is_none() {
            if let Ok(tpl) = self.consumer.assignment() {
                if self.consumer.pause(&tpl).is_ok() {
                    debug!(running = self.running, "fetching paused");
                    self.paused = Some(tpl);
                }
            }
        }
    }

    fn resume_if_room(&mut self) {
        let cfg = &self.handler.config;
        if self.running < cfg.max_in_flight && self.running_bytes < cfg.max_in_flight_bytes {
            if let Some(tpl) = self.paused.take() {
                if let Err(e) = self.consumer.resume(&tpl) {
                    warn!(error = %e, "resuming fetch failed");
                }
            }
        }
    }

    /// Lets the executing records finish (held ones are left to the next owner), then
    /// commits with clean markers.
    async fn drain(mut self, done_rx: &mut mpsc::UnboundedReceiver<Done>) {
        while let Some((record, _)) = self.held.pop_front() {
            self.forget(record.bytes());
        }
        while self.executing > 0 {
            let Some(d) = done_rx.recv().await else { break };
            self.finished(d);
        }
        let entries = self.tracker().stopping_commit_state();
        match commit_now(&*self.consumer, &entries, CommitMode::Sync) {
            Ok(()) => info!("offsets committed"),
            Err(e) => debug!(error = %e, "final commit: nothing to commit"),
        }
        if let Some(guard) = &self.guard {
            let markers: Vec<_> = entries.into_iter().map(|(p, _, m)| (p, m)).collect();
            guard.write(&markers).await;
        }
    }
}
