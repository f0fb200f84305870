//! Category "Index Operations": sorting, common index, time-shifted tables.
//!
//! Port ids are hetida's own connector ids (JSON component files).

pub mod restrict_to_common_index;
pub mod sort_by_index;
pub mod timeshifted_value_table;

use rheo_core::component::Component;
use std::sync::Arc;

/// Every component of this category, in registration order.
pub fn components() -> Vec<Arc<dyn Component>> {
    vec![
        Arc::new(restrict_to_common_index::COMPONENT),
        Arc::new(sort_by_index::COMPONENT),
        Arc::new(timeshifted_value_table::COMPONENT),
    ]
}
