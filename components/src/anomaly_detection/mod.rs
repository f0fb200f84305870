//! Category "Anomaly Detection": volatility scores, alerts from scores, a seeded isolation forest.

pub mod simple_volatility_score;

use crate::Registry;
use std::sync::Arc;

pub mod alerts_from_score;
pub mod isolation_forest;

/// Adds every component of this category to `registry`.
pub fn register(registry: &mut Registry) {
    registry.register(Arc::new(alerts_from_score::AlertsFromScore));
    registry.register(Arc::new(isolation_forest::IsolationForest));
    registry.register(Arc::new(simple_volatility_score::SimpleVolatilityScore));
}
