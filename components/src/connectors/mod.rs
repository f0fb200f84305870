//! Category "Connectors": pass-through, conversion, combination, naming and metadata
//! components.

pub mod add_timeseries_to_multitsframe;
pub mod add_update_attributes_dataframe;
pub mod add_update_attributes_multitsframe;
pub mod add_update_attributes_series;
pub mod add_update_value_in_dictionary;
pub mod combine_as_named_column_into_dataframe;
pub mod combine_into_dataframe;
pub mod convert_dataframe_to_multitsframe;
pub mod convert_multitsframe_to_dataframe;
pub mod convert_series_to_dataframe;
pub mod dataframe_to_series;
pub mod extract_attributes_dataframe;
pub mod extract_attributes_multitsframe;
pub mod extract_attributes_series;
pub mod forget;
pub mod merge_dataframes_on_single_column;
pub mod name_series;
pub mod pass_through;
pub mod timeseries_dataframe;
pub mod wrap_keras_model_with_custom_classes;

use rheo_core::component::Component;
use std::sync::Arc;

/// Every component of this category, in registration order.
pub fn components() -> Vec<Arc<dyn Component>> {
    let pass_throughs = pass_through::SPECS
        .iter()
        .map(|spec| Arc::new(pass_through::PassThrough(spec)) as Arc<dyn Component>);
    let others: [Arc<dyn Component>; 19] = [
        Arc::new(timeseries_dataframe::COMPONENT),
        Arc::new(merge_dataframes_on_single_column::COMPONENT),
        Arc::new(add_timeseries_to_multitsframe::COMPONENT),
        Arc::new(convert_multitsframe_to_dataframe::COMPONENT),
        Arc::new(convert_dataframe_to_multitsframe::COMPONENT),
        Arc::new(wrap_keras_model_with_custom_classes::COMPONENT),
        Arc::new(combine_as_named_column_into_dataframe::COMPONENT),
        Arc::new(add_update_value_in_dictionary::COMPONENT),
        Arc::new(combine_into_dataframe::COMPONENT),
        Arc::new(add_update_attributes_dataframe::COMPONENT),
        Arc::new(add_update_attributes_multitsframe::COMPONENT),
        Arc::new(add_update_attributes_series::COMPONENT),
        Arc::new(convert_series_to_dataframe::COMPONENT),
        Arc::new(dataframe_to_series::COMPONENT),
        Arc::new(extract_attributes_dataframe::COMPONENT),
        Arc::new(extract_attributes_multitsframe::COMPONENT),
        Arc::new(extract_attributes_series::COMPONENT),
        Arc::new(forget::COMPONENT),
        Arc::new(name_series::COMPONENT),
    ];
    pass_throughs.chain(others).collect()
}
