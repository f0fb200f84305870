//! Adapter traits: how workflow inputs are loaded and outputs delivered.
//!
//! Adapters are synchronous; the engine calls them off its async runtime. A source returns
//! raw values that the engine then parses by the workflow input's data type (hetida §2.5).

use crate::model::wiring::{InputWiring, OutputWiring};
use crate::value::parse::Raw;
use crate::value::Shared;
use indexmap::IndexMap;
use thiserror::Error;

/// An adapter failure, reported at stage `LOADING_DATA_FROM_ADAPTERS` or
/// `SENDING_DATA_TO_ADAPTERS` with hetida's error type name.
#[derive(Debug, Clone, Error, PartialEq)]
#[error("{type_name}: {message}")]
pub struct AdapterError {
    /// hetida's exception class (`AdapterHandlingException`, `AdapterClientWiringInvalidError`, …).
    pub type_name: String,
    /// What went wrong, naming the wiring.
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
}

/// Loads raw input values for the input wirings that name this adapter.
pub trait SourceAdapter: Send + Sync {
    /// The adapter id as used in wirings (`direct_provisioning`, `local-file-adapter`, …).
    fn id(&self) -> &str;

    /// Returns one raw value per wiring, keyed by workflow input name. Values may borrow
    /// from the wirings (direct provisioning hands out the filter string without copying).
    fn load<'w>(&self, wirings: &[&'w InputWiring])
        -> Result<Vec<(String, Raw<'w>)>, AdapterError>;
}

/// Delivers workflow outputs for the output wirings that name this adapter.
pub trait SinkAdapter: Send + Sync {
    /// The adapter id as used in wirings.
    fn id(&self) -> &str;

    /// Sends the wired outputs. Returns the outputs it did *not* send, which end up in the
    /// response's `output_results_by_output_name` (only direct provisioning returns any).
    fn send(
        &self,
        wirings: &[&OutputWiring],
        results: &IndexMap<String, Shared>,
    ) -> Result<IndexMap<String, Shared>, AdapterError>;
}
