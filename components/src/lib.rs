//! `rheo-components`: native Rust implementations of hetida designer's base components,
//! registered under their hetida transformation ids.
//!
//! Layout: one module per hetida category ([`connectors`], [`remaining_useful_life`],
//! [`visualization`], …) and inside it one file per component. Every component file holds a
//! `pub static SPEC: ComponentSpec` (id, names, ports exactly as in hetida's catalogue), a
//! `pub fn run` over its inputs, the `pub static COMPONENT` pairing the two
//! (`rheo_core::component::FnComponent`), and its own unit tests; a category's `mod.rs` holds
//! its module list and `components()`, the list the registry walks. What components share
//! lives below them in [`kernels`] (broadcasting, comparisons, rolling windows, resampling,
//! row selection, estimators, …): components import downward only, never this crate root
//! or another category. [`Registry::builtin`] collects all components; [`definition`]
//! turns a spec into the hetida component revision stored under
//! `transformations/components/` (written in hetida's export format by
//! `rheo_core::model::hetida_json`).

pub mod anomaly_detection;
pub mod arithmetic;
pub mod basic;
pub mod basic_arithmetic;
pub mod connectors;
pub mod data_quality;
pub mod data_sinks;
pub mod data_sources;
mod definition;
pub mod examples;
pub mod filters;
pub mod index_operations;
pub mod kernels;
pub mod models;
pub mod physics;
mod registry;
pub mod regression;
pub mod remaining_useful_life;
pub mod statistic;
pub mod testing;
pub mod time_length_operations;
pub mod trigonometric;
pub mod visualization;

pub use definition::{definition, RELEASED_TIMESTAMP};
pub use registry::Registry;
