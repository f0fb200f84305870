//! `rheo-core` is the contract every other Rheo crate compiles against.
//!
//! Layout:
//! * [`datatype`] — hetida's nine data types (`INT`, `FLOAT`, …, `PLOTLYJSON`).
//! * [`value`] — runtime values on polars: scalars, JSON, [`value::SeriesValue`] and
//!   [`value::FrameValue`], plus hetida-compatible parsing of inputs ([`value::parse`]) and
//!   serialisation of outputs ([`value::json_out`]).
//! * [`model`] — serde model of hetida transformation revisions (components and workflows),
//!   wirings and execution requests, keeping unknown fields so that import/export round-trips.
//! * [`component`] — the [`component::Component`] trait native operators implement, with the
//!   static [`component::ComponentSpec`] that describes their ports.
//! * [`adapter`] — the [`adapter::SourceAdapter`] / [`adapter::SinkAdapter`] traits.
//! * [`error`] — error types shared across crates.
//! * [`cancel`] — cooperative cancellation of a running execution.
//!
//! No async runtime and no Kafka client live here, so components and adapters stay light.

pub mod adapter;
pub mod cancel;
pub mod component;
pub mod datatype;
pub mod error;
pub mod error_kind;
pub mod model;
pub mod value;

pub use datatype::DataType;
pub use error::{ComponentError, ParseError};
pub use error_kind::{ErrorClass, ErrorKind};
pub use value::{Shared, Value};
