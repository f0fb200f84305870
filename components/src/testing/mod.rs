//! Category "Test": CPU-bound load and time-series summaries for testing deployments.

pub mod cpu_bound;
pub mod timeseries_summary;

use rheo_core::component::Component;
use std::sync::Arc;

/// Every component of this category, in registration order.
pub fn components() -> Vec<Arc<dyn Component>> {
    vec![
        Arc::new(cpu_bound::COMPONENT),
        Arc::new(timeseries_summary::COMPONENT),
    ]
}
