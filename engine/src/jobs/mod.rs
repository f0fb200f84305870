//! Jobs: executions submitted over HTTP and run later by a worker pool, and the run record
//! kept of every execution (HTTP or Kafka).
//!
//! * [`record`] — the record and the status life cycle;
//! * [`db`] — the durable queue and records (SQLite or PostgreSQL), versioned migrations;
//! * [`sql`] — the connection to either database;
//! * [`recorder`] — batched recording of Kafka-triggered runs;
//! * [`runner`] — the worker pool and cancellation;
//! * [`templates`] — parameter templates and their expansion into requests.

pub mod db;
pub mod record;
pub mod recorder;
pub mod runner;
pub mod sql;
pub mod templates;
