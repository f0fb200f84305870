//! Category "Anomaly Detection": volatility scores, alerts from scores, a seeded isolation forest.

pub mod simple_volatility_score;

use rheo_core::component::Component;
use std::sync::Arc;

pub mod alerts_from_score;
pub mod isolation_forest;

/// Every component of this category, in registration order.
pub fn components() -> Vec<Arc<dyn Component>> {
    vec![
        Arc::new(alerts_from_score::COMPONENT),
        Arc::new(isolation_forest::COMPONENT),
        Arc::new(simple_volatility_score::COMPONENT),
    ]
}
