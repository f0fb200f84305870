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
pub mod pass_through_boolean;
pub mod pass_through_dataframe;
pub mod pass_through_float;
pub mod pass_through_integer;
pub mod pass_through_multitsframe;
pub mod pass_through_series;
pub mod pass_through_string;
pub mod timeseries_dataframe;
pub mod wrap_keras_model_with_custom_classes;

use rheo_core::component::{Inputs, Outputs};
use rheo_core::ComponentError;

/// The identity shared by all pass-through components: returns the `input` value as
/// `output` — the same [`rheo_core::Shared`] (an `Arc` clone, no data copy, no validation),
/// exactly like hetida returns the same Python object.
pub fn pass_through(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let value = inputs.shared("input")?.clone();
    let mut out = Outputs::with_capacity(1);
    out.insert("output", value);
    Ok(out)
}

#[cfg(test)]
pub(crate) mod test_util {
    use rheo_core::component::{Component, Inputs};
    use rheo_core::{Shared, Value};
    use std::sync::Arc;

    /// Runs a pass-through component on `value` and checks that the output is the very
    /// same shared value.
    pub fn assert_passes_through(c: &dyn Component, value: Value) {
        let shared: Shared = Arc::new(value);
        let mut inputs = Inputs::new();
        inputs.insert("input", shared.clone());
        let out = c.run(&inputs).unwrap();
        assert_eq!(out.len(), 1);
        assert!(Arc::ptr_eq(&out["output"], &shared));
        let e = c.run(&Inputs::new()).unwrap_err();
        assert_eq!(e.type_name, "TypeError");
        assert!(e.message.contains("'input'"));
    }
}
