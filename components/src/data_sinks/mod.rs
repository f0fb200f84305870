//! Category "Data Sinks": storing objects.
//!
//! [`crate::kernels::object_store`] is the local object store shared with Load Object (Data Sources).

use rheo_core::component::Component;
use std::sync::Arc;

pub mod store_object;

/// Every component of this category, in registration order.
pub fn components() -> Vec<Arc<dyn Component>> {
    vec![Arc::new(store_object::COMPONENT)]
}
