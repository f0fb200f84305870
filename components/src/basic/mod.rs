//! Category "Basic": the six comparisons, filtering by a boolean series, first/last
//! timestamp of an index, restriction to a time interval, column selection and difference
//! quotients.
//!
//! The comparisons share the kernel below. hetida first tries the plain operator
//! (`left > right`) and, when pandas refuses two Series/DataFrames that are not identically
//! labelled, falls back to the flexible method (`left.gt(right)`), which aligns on the
//! sorted union of both indexes. The combined behaviour is: identical indexes compare
//! positionally, other indexes are aligned (missing labels compare False, or True for
//! inequality), NaN/NaT compare False (True for inequality), scalars broadcast, two plain
//! values give one Python bool. A datetime series compared with a string parses the string
//! in the index's timezone; tz-naive against tz-aware is an invalid comparison (all False
//! for `==`, all True for `!=`, TypeError for orderings), as in pandas. A DataFrame and a
//! Series match the series' (string) labels with the frame's column names, as pandas'
//! flexible methods do; two frames must have the same columns.
//!
//! Port ids are hetida's own connector ids; Series Difference Quotients is a Python-module
//! component whose ids hetida derives with `get_uuid_from_seed("component_input_<name>")`.

pub mod equality;
pub mod filter;
pub mod first_datetime_index;
pub mod greater;
pub mod greater_or_equal;
pub mod inequality;
pub mod last_datetime_index;
pub mod restrict_to_time_interval;
pub mod select_column_from_dataframe;
pub mod series_difference_quotients;
pub mod smaller;
pub mod smaller_or_equal;

#[cfg(test)]
mod tests;

use rheo_core::component::Component;
use std::sync::Arc;

/// Every component of this category, in registration order.
pub fn components() -> Vec<Arc<dyn Component>> {
    vec![
        Arc::new(equality::COMPONENT),
        Arc::new(filter::COMPONENT),
        Arc::new(first_datetime_index::COMPONENT),
        Arc::new(greater::COMPONENT),
        Arc::new(greater_or_equal::COMPONENT),
        Arc::new(inequality::COMPONENT),
        Arc::new(last_datetime_index::COMPONENT),
        Arc::new(restrict_to_time_interval::COMPONENT),
        Arc::new(select_column_from_dataframe::COMPONENT),
        Arc::new(series_difference_quotients::COMPONENT),
        Arc::new(smaller::COMPONENT),
        Arc::new(smaller_or_equal::COMPONENT),
    ]
}
