//! Adapter traits: how workflow inputs are loaded and outputs delivered (hetida §2.5).
//!
//! Both directions are asynchronous so that the inputs of one request load concurrently and
//! a slow data source never holds a thread of the engine's runtime. The traits name no
//! runtime: an adapter that needs one (network clients) brings its own handle. A source
//! returns raw values that the engine then parses by the workflow input's data type.

use crate::model::wiring::{InputWiring, OutputWiring};
use crate::value::parse::Raw;
use crate::value::Shared;
use indexmap::IndexMap;
use std::future::Future;
use std::pin::Pin;
use thiserror::Error;
use uuid::Uuid;

/// An adapter failure, reported at stage `LOADING_DATA_FROM_ADAPTERS` or
/// `SENDING_DATA_TO_ADAPTERS` with hetida's error type name.
#[derive(Debug, Clone, Error, PartialEq)]
#[error("{type_name}: {message}")]
pub struct AdapterError {
    /// hetida's exception class (`AdapterHandlingException`, `AdapterClientWiringInvalidError`, …).
    pub type_name: String,
    /// What went wrong, naming the adapter, the wiring and the source or sink id.
    pub message: String,
}

impl AdapterError {
    /// Builds an adapter error.
    pub fn new(type_name: impl Into<String>, message: impl Into<String>) -> Self {
        AdapterError {
            type_name: type_name.into(),
            message: message.into(),
        }
    }

    /// The adapter could not do what the wiring asks (missing file, bad data, refused path).
    pub fn handling(message: impl Into<String>) -> Self {
        Self::new("AdapterHandlingException", message)
    }

    /// The wiring itself is unusable (bad id, missing or malformed filter).
    pub fn wiring_invalid(message: impl Into<String>) -> Self {
        Self::new("AdapterClientWiringInvalidError", message)
    }

    /// The adapter's backend could not be reached or did not answer in time.
    pub fn connection(message: impl Into<String>) -> Self {
        Self::new("AdapterConnectionError", message)
    }

    /// A workflow output cannot be written in the form the sink needs.
    pub fn output_data(message: impl Into<String>) -> Self {
        Self::new("AdapterOutputDataError", message)
    }
}

/// The future an adapter call returns: boxed, so the traits stay object safe.
pub type AdapterFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, AdapterError>> + Send + 'a>>;

/// What a sink may need to know about the execution it sends for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SendContext<'a> {
    /// The request's job id (hetida names generic sink files after it).
    pub job_id: Uuid,
    /// The executed (root) transformation's id (hetida's Kafka messages carry it).
    pub transformation_id: &'a str,
    /// The Kafka key of the record that asked for the execution, if one did: Kafka sinks
    /// key their messages with it.
    pub record_key: Option<&'a [u8]>,
}

impl SendContext<'_> {
    /// The context of an execution known only by its job id.
    pub fn for_job(job_id: Uuid) -> Self {
        SendContext {
            job_id,
            transformation_id: "",
            record_key: None,
        }
    }
}

/// Loads raw input values for the input wirings that name this adapter.
pub trait SourceAdapter: Send + Sync {
    /// The adapter id as used in wirings (`direct_provisioning`, `local-file-adapter`, …).
    fn id(&self) -> &str;

    /// Returns one raw value per wiring, keyed by workflow input name. Values may borrow
    /// from the wirings (direct provisioning hands out the filter string without copying).
    fn load<'a, 'w: 'a>(
        &'a self,
        wirings: &'a [&'w InputWiring],
    ) -> AdapterFuture<'a, Vec<(String, Raw<'w>)>>;

    /// Whether a call waits for I/O (files, databases, the network). The engine gives the
    /// execution's CPU slot back during such calls; an adapter that answers at once from
    /// memory (direct provisioning) says `false` and keeps it.
    fn waits(&self) -> bool {
        true
    }
}

/// Delivers workflow outputs for the output wirings that name this adapter.
pub trait SinkAdapter: Send + Sync {
    /// The adapter id as used in wirings.
    fn id(&self) -> &str;

    /// Sends the wired outputs. Resolves to the outputs it did *not* send, which end up in
    /// the response's `output_results_by_output_name` (only direct provisioning returns any).
    fn send<'a>(
        &'a self,
        wirings: &'a [&'a OutputWiring],
        results: &'a IndexMap<String, Shared>,
        context: SendContext<'a>,
    ) -> AdapterFuture<'a, IndexMap<String, Shared>>;

    /// Whether a call waits for I/O (files, databases, the network). The engine gives the
    /// execution's CPU slot back during such calls; an adapter that answers at once from
    /// memory (direct provisioning) says `false` and keeps it.
    fn waits(&self) -> bool {
        true
    }
}
