//! Adapters that load and send one wiring at a time (local files, SQL, blob storage) share
//! their source and sink plumbing here: they implement [`PerWiring`], and [`OneByOne`]
//! makes that a [`SourceAdapter`] and [`SinkAdapter`]. (Generic REST adapters group wirings
//! into one call and direct provisioning answers outputs in the response, so they implement
//! the traits themselves.)

use indexmap::IndexMap;
use rheo_core::adapter::{AdapterError, AdapterFuture, SendContext, SinkAdapter, SourceAdapter};
use rheo_core::model::wiring::{InputWiring, OutputWiring};
use rheo_core::value::parse::Raw;
use rheo_core::{Shared, Value};

/// The id such an adapter reads: `ref_key` if given, else `ref_id` (hetida-compat §8.4,
/// §10); `adapter` names the adapter in the error for a wiring with neither.
pub fn wiring_id<'a>(
    adapter: &str,
    ref_key: Option<&'a str>,
    ref_id: Option<&'a str>,
    name: &str,
) -> Result<&'a str, AdapterError> {
    ref_key.or(ref_id).filter(|s| !s.is_empty()).ok_or_else(|| {
        AdapterError::wiring_invalid(format!(
            "The {adapter} needs a ref_id (or ref_key) for '{name}'"
        ))
    })
}

/// An adapter whose wirings are independent of each other.
pub trait PerWiring: Send + Sync {
    /// The adapter key wirings name.
    fn key(&self) -> &str;
    /// The value for one input wiring.
    fn load_one(&self, wiring: &InputWiring) -> Result<Value, AdapterError>;
    /// Delivers one output.
    fn send_one(
        &self,
        wiring: &OutputWiring,
        value: &Value,
        context: SendContext<'_>,
    ) -> Result<(), AdapterError>;
}

/// A [`PerWiring`] adapter as source and sink: wirings are handled in order (the engine
/// already runs each adapter on a thread of its own, so the blocking work is fine), the
/// first failure fails the call, and sent outputs are left out of the response.
pub struct OneByOne<A>(pub A);

impl<A: PerWiring> SourceAdapter for OneByOne<A> {
    fn id(&self) -> &str {
        self.0.key()
    }

    fn load<'a, 'w: 'a>(
        &'a self,
        wirings: &'a [&'w InputWiring],
    ) -> AdapterFuture<'a, Vec<(String, Raw<'w>)>> {
        Box::pin(async move {
            wirings
                .iter()
                .map(|w| {
                    Ok((
                        w.workflow_input_name.clone(),
                        Raw::Value(self.0.load_one(w)?),
                    ))
                })
                .collect()
        })
    }
}

impl<A: PerWiring> SinkAdapter for OneByOne<A> {
    fn id(&self) -> &str {
        self.0.key()
    }

    fn send<'a>(
        &'a self,
        wirings: &'a [&'a OutputWiring],
        results: &'a IndexMap<String, Shared>,
        context: SendContext<'a>,
    ) -> AdapterFuture<'a, IndexMap<String, Shared>> {
        Box::pin(async move {
            for w in wirings {
                if let Some(value) = results.get(&w.workflow_output_name) {
                    self.0.send_one(w, value, context)?;
                }
            }
            Ok(IndexMap::new())
        })
    }
}
