//! `rheo-engine`: planning and execution of hetida workflows, and the `rheo` command line.
//!
//! Layout:
//! * [`store`] — known transformation revisions (shipped ones embedded in the binary, plus
//!   the store directory written by `rheo import`).
//! * [`plan`] — turns a revision into a flat DAG of component nodes, validating it.
//! * [`py_component`] — reads hetida's `.py` component modules (`COMPONENT_INFO` literal) as data;
//!   [`python`] runs such components' code in a pool of Python workers when configured.
//! * [`exec`] — runs a plan in dependency waves, independent nodes in parallel.
//! * [`wiring_check`] — hetida's wiring completeness rules.
//! * [`engine`] — the request → response pipeline with hetida's stages and measured steps.
//! * [`runtime_request`] — runtime-level requests (`POST /engine/runtime`) mapped onto plans.
//! * [`response`] — response bodies (0.9.8, runtime-level and legacy shapes).
//! * [`executor`] — runs executions off the async runtime with shared CPU slots, timeout
//!   and cancellation (used by Kafka, the HTTP API and the job workers); [`cpu_slot`] lends
//!   an execution's slot back while it waits for adapters.
//! * [`jobs`] — queued jobs and the run records of every execution.
//! * [`run_metrics`] — executions counted and timed per transformation.
//! * [`serve`] — the Kafka execution service (`rheo serve`), [`consume`] — consumption
//!   mode (`rheo consume`), [`submit`] — the service's client,
//!   [`replay`] — dead-lettered records back to the request topic.
//! * [`cli`] — the `rheo` subcommands; [`mod@bench`] measures repeated executions,
//!   [`loadtest`] latency and throughput through a broker.

pub mod bench;
pub mod cli;
pub mod consume;
pub mod cpu_slot;
pub mod engine;
pub mod exec;
pub mod executor;
pub mod jobs;
pub mod loadtest;
pub mod plan;
pub mod py_component;
pub mod python;
pub mod replay;
pub mod response;
pub mod run_metrics;
pub mod runtime_request;
pub mod serve;
pub mod store;
pub mod submit;
pub mod wiring_check;

pub use engine::Engine;
