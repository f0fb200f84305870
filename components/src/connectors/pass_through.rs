//! The eight Pass Through components of category "Connectors" (Pass Through, and Pass
//! Through (Boolean), (DataFrame), (Float), (Integer), (MultiTSFrame), (Series), (String)):
//! one identity for every value kind, registered once per spec. Each returns its `input`
//! as `output`, the same shared value (no copy and no type check, as hetida hands the same
//! Python object on); workflows use them to expose an input or output under a name of their
//! choice.

use rheo_core::component::{Component, ComponentSpec, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// A Pass Through spec: version, state, category and port names are the same for all eight.
macro_rules! pass_through_spec {
    ($(#[$doc:meta])* $spec:ident, $id:literal, $group:literal, $name:literal,
     $description:literal, $input:literal, $output:literal, $ty:ident) => {
        $(#[$doc])*
        pub static $spec: ComponentSpec = ComponentSpec {
            id: $id,
            revision_group_id: $group,
            name: $name,
            category: "Connectors",
            version_tag: "1.0.0",
            state: State::Released,
            description: $description,
            inputs: &[PortSpec::new("input", $input, DataType::$ty)],
            outputs: &[PortSpec::new("output", $output, DataType::$ty)],
        };
    };
}

pass_through_spec!(
    /// Identity and ports of Pass Through 1.0.0.
    ANY_SPEC,
    "1946d5f8-44a8-724c-176f-16f3e49963af",
    "1946d5f8-44a8-724c-176f-16f3e49963af",
    "Pass Through",
    "Passes any value through unchanged",
    "c9439942-1907-65d2-7dc6-acfc78caaf1e",
    "3d9ff219-67cb-2ad7-656d-01a3ebbecc50",
    Any
);
pass_through_spec!(
    /// Identity and ports of Pass Through (Boolean) 1.0.0.
    BOOLEAN_SPEC,
    "8ea34104-2dd1-b4dc-8fd4-ed07bb967060",
    "8ea34104-2dd1-b4dc-8fd4-ed07bb967060",
    "Pass Through (Boolean)",
    "Passes a boolean through unchanged",
    "46cb9e3f-1b7a-d435-8625-303b51160fd4",
    "20dc1d40-fd45-85ad-2271-0a534e14f084",
    Boolean
);
pass_through_spec!(
    /// Identity and ports of Pass Through (DataFrame) 1.0.0.
    DATAFRAME_SPEC,
    "7a1a818f-fa89-6062-1e0e-fc80539bbe0a",
    "7a1a818f-fa89-6062-1e0e-fc80539bbe0a",
    "Pass Through (DataFrame)",
    "Passes a DataFrame through unchanged",
    "1aeda270-0edf-beb1-dd20-40c552c53604",
    "f11d31c6-981f-8c79-1052-18da06e52d30",
    DataFrame
);
pass_through_spec!(
    /// Identity and ports of Pass Through (Float) 1.0.0.
    FLOAT_SPEC,
    "2f511674-f766-748d-2de3-ad5e62e10a1a",
    "2f511674-f766-748d-2de3-ad5e62e10a1a",
    "Pass Through (Float)",
    "Passes a float through unchanged",
    "c57127e7-6b84-03f8-6ef1-dcd7232bf3bf",
    "9cef5ade-69f0-3cdb-4279-3d49fc9914fc",
    Float
);
pass_through_spec!(
    /// Identity and ports of Pass Through (Integer) 1.0.0.
    INTEGER_SPEC,
    "57eea09f-d28e-89af-4e81-2027697a3f0f",
    "57eea09f-d28e-89af-4e81-2027697a3f0f",
    "Pass Through (Integer)",
    "Passes an integer through unchanged",
    "d7ee8fb5-c52b-431a-2a80-c11ca727d9ce",
    "57043fae-046c-7dee-2f17-8e069a2dac90",
    Int
);
pass_through_spec!(
    /// Identity and ports of Pass Through (MultiTSFrame) 1.0.0.
    MULTITSFRAME_SPEC,
    "78ee6b00-9239-4214-b9bf-a093647f33f5",
    "4ff190e1-4555-4fa9-b076-671586802387",
    "Pass Through (MultiTSFrame)",
    "Passes a MultiTSFrame through unchanged",
    "5bcac752-1cac-486e-bec3-22faa8798897",
    "1f3b4a65-a5b9-45c1-b544-9f0e81e6aa65",
    MultiTsFrame
);
pass_through_spec!(
    /// Identity and ports of Pass Through (Series) 1.0.0.
    SERIES_SPEC,
    "bfa27afc-dea8-b8aa-4b15-94402f0739b6",
    "bfa27afc-dea8-b8aa-4b15-94402f0739b6",
    "Pass Through (Series)",
    "Passes a series through unchanged",
    "f103c395-92b6-444d-320a-93950ed6d857",
    "f78f48b5-4981-e34a-df07-54f8e5a01df3",
    Series
);
pass_through_spec!(
    /// Identity and ports of Pass Through (String) 1.0.0.
    STRING_SPEC,
    "2b1b474f-ddf5-1f4d-fec4-17ef9122112b",
    "2b1b474f-ddf5-1f4d-fec4-17ef9122112b",
    "Pass Through (String)",
    "Passes a string through unchanged",
    "a8c3e9bb-91cc-12f4-c717-55f95adda207",
    "71ddbbe3-1f57-1e37-5381-7af6af871e49",
    String
);

/// Every Pass Through spec, in the order they are registered.
pub static SPECS: [&ComponentSpec; 8] = [
    &ANY_SPEC,
    &BOOLEAN_SPEC,
    &DATAFRAME_SPEC,
    &FLOAT_SPEC,
    &INTEGER_SPEC,
    &MULTITSFRAME_SPEC,
    &SERIES_SPEC,
    &STRING_SPEC,
];

/// A Pass Through component: the identity, under one of [`SPECS`].
#[derive(Debug, Clone, Copy)]
pub struct PassThrough(pub &'static ComponentSpec);

impl Component for PassThrough {
    fn spec(&self) -> &'static ComponentSpec {
        self.0
    }

    fn run(&self, inputs: &Inputs) -> Result<Outputs, ComponentError> {
        let value = inputs.shared("input")?.clone();
        let mut out = Outputs::with_capacity(1);
        out.insert("output", value);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rheo_core::value::{Column, FrameValue, SeriesValue, Tz};
    use rheo_core::{Shared, Value};
    use std::sync::Arc;

    /// Runs a pass-through component on `value` and checks that the output is the very
    /// same shared value.
    fn assert_passes_through(c: &dyn Component, value: Value) {
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

    // pass_through
    #[test]
    fn any_passes_json_object_through_without_copy() {
        // a JSON object
        assert_passes_through(
            &PassThrough(&ANY_SPEC),
            Value::Json(serde_json::json!({"a": [1, 2]})),
        );
    }

    #[test]
    fn any_passes_series_through_without_copy() {
        // a series
        assert_passes_through(
            &PassThrough(&ANY_SPEC),
            Value::Series(SeriesValue::new(
                Column::range(2),
                Column::from_f64(vec![1.0, 2.0]),
            )),
        );
    }

    #[test]
    fn any_passes_null_through_without_copy() {
        // null
        assert_passes_through(&PassThrough(&ANY_SPEC), Value::Null);
    }

    // pass_through_boolean
    #[test]
    fn boolean_passes_bool_through_without_copy() {
        // a boolean
        assert_passes_through(&PassThrough(&BOOLEAN_SPEC), Value::Bool(true));
    }

    #[test]
    fn boolean_passes_string_unconverted_through_without_copy() {
        // a string (not converted)
        assert_passes_through(&PassThrough(&BOOLEAN_SPEC), Value::Str("true".into()));
    }

    // pass_through_dataframe
    /// A two-row frame with one float column.
    fn dataframe_frame() -> Value {
        Value::Frame(FrameValue {
            index: Column::range(2),
            columns: [("a".to_string(), Column::from_f64(vec![1.0, f64::NAN]))]
                .into_iter()
                .collect(),
            attrs: Default::default(),
        })
    }

    #[test]
    fn dataframe_passes_frame_through_without_copy() {
        // a frame
        assert_passes_through(&PassThrough(&DATAFRAME_SPEC), dataframe_frame());
    }

    #[test]
    fn dataframe_passes_null_through_without_copy() {
        // null (no validation)
        assert_passes_through(&PassThrough(&DATAFRAME_SPEC), Value::Null);
    }

    // pass_through_float
    #[test]
    fn float_passes_float_through_without_copy() {
        // a float
        assert_passes_through(&PassThrough(&FLOAT_SPEC), Value::Float(2.5));
    }

    #[test]
    fn float_passes_nan_through_without_copy() {
        // NaN
        assert_passes_through(&PassThrough(&FLOAT_SPEC), Value::Float(f64::NAN));
    }

    #[test]
    fn float_passes_int_unconverted_through_without_copy() {
        // an int (not converted)
        assert_passes_through(&PassThrough(&FLOAT_SPEC), Value::Int(3));
    }

    // pass_through_integer
    #[test]
    fn integer_passes_int_through_without_copy() {
        // an int
        assert_passes_through(&PassThrough(&INTEGER_SPEC), Value::Int(42));
    }

    #[test]
    fn integer_passes_float_unconverted_through_without_copy() {
        // a float (not converted)
        assert_passes_through(&PassThrough(&INTEGER_SPEC), Value::Float(1.5));
    }

    // pass_through_multitsframe
    #[test]
    fn multitsframe_passes_frame_through_without_copy() {
        // a long-format frame
        assert_passes_through(&PassThrough(&MULTITSFRAME_SPEC), dataframe_frame());
    }

    #[test]
    fn multitsframe_passes_empty_frame_through_without_copy() {
        // an empty frame
        assert_passes_through(
            &PassThrough(&MULTITSFRAME_SPEC),
            Value::Frame(FrameValue {
                index: Column::range(0),
                columns: Default::default(),
                attrs: Default::default(),
            }),
        );
    }

    // pass_through_series
    #[test]
    fn series_passes_datetime_series_through_without_copy() {
        // a datetime series
        assert_passes_through(
            &PassThrough(&SERIES_SPEC),
            Value::Series(SeriesValue::new(
                Column::from_datetime_ns(vec![0, 3_600_000_000_000], Tz::Utc),
                Column::from_f64(vec![1.5, f64::NAN]),
            )),
        );
    }

    #[test]
    fn series_passes_null_unvalidated_through_without_copy() {
        // null: the component does not validate its input
        assert_passes_through(&PassThrough(&SERIES_SPEC), Value::Null);
    }

    // pass_through_string
    #[test]
    fn string_passes_string_through_without_copy() {
        // a string
        assert_passes_through(&PassThrough(&STRING_SPEC), Value::Str("5min".into()));
    }

    #[test]
    fn string_passes_nat_string_through_without_copy() {
        // the string NaT
        assert_passes_through(&PassThrough(&STRING_SPEC), Value::Str("NaT".into()));
    }

    #[test]
    fn string_passes_null_through_without_copy() {
        // null
        assert_passes_through(&PassThrough(&STRING_SPEC), Value::Null);
    }
}
