//! Category "Physics": time to length.

use rheo_core::component::Component;
use std::sync::Arc;

pub mod time_to_length;

/// Every component of this category, in registration order.
pub fn components() -> Vec<Arc<dyn Component>> {
    vec![Arc::new(time_to_length::COMPONENT)]
}
