//! Category "Data Sources": loading stored objects and R datasets.

use rheo_core::component::Component;
use std::sync::Arc;

pub mod get_r_dataset;
pub mod load_object;

/// Every component of this category, in registration order.
pub fn components() -> Vec<Arc<dyn Component>> {
    vec![
        Arc::new(get_r_dataset::COMPONENT),
        Arc::new(load_object::COMPONENT),
    ]
}
