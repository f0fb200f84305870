//! Select Column from DataFrame (`a652465e-b479-1cc9-bf82-41f7cedc4963`): one column of a
//! DataFrame as a Series.

use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::SeriesValue;
use rheo_core::Value;
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Select Column from DataFrame 1.0.0 (hetida's connector ids,
/// workflows.md Appendix A).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "a652465e-b479-1cc9-bf82-41f7cedc4963",
    revision_group_id: "a652465e-b479-1cc9-bf82-41f7cedc4963",
    name: "Select Column from DataFrame",
    category: "Basic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Select a column from a DataFrame",
    inputs: &[
        PortSpec::new(
            "dataframe",
            "dcd1cb0e-50db-8c9b-b60c-a5b60cd33926",
            DataType::DataFrame,
        ),
        PortSpec::new(
            "column",
            "a7897d98-6b6a-74be-c748-da53a5ea6adb",
            DataType::String,
        ),
    ],
    outputs: &[PortSpec::new(
        "column_series",
        "f082d101-acbc-6834-8445-3d8c130af436",
        DataType::Series,
    )],
};

/// Select Column from DataFrame as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Select Column from DataFrame: `dataframe[column]` — a Series named after the column, on
/// the frame's index, with the column's dtype and the frame's attrs. A missing column
/// raises KeyError.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let column = inputs.str("column")?;
    let frame = match inputs.value("dataframe")? {
        Value::Frame(f) => f,
        other => {
            return Err(ComponentError::type_error(format!(
                "input 'dataframe' must be a dataframe, got {}",
                other.kind_name()
            )))
        }
    };
    let values = frame
        .columns
        .get(column)
        .ok_or_else(|| ComponentError::new("KeyError", format!("'{column}'")))?;
    let out = SeriesValue {
        name: Some(column.to_string()),
        index: frame.index.clone(),
        values: values.clone(),
        attrs: frame.attrs.clone(),
    };
    Ok(Outputs::single("column_series", Value::Series(out)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::value::{Column, FrameValue};

    fn select(f: Value, c: &str) -> Result<Value, ComponentError> {
        run1(
            &COMPONENT,
            &[("dataframe", f), ("column", Value::Str(c.into()))],
        )
    }

    fn frame() -> Value {
        Value::Frame(FrameValue {
            index: Column::from_i64(vec![7, 3]),
            columns: [
                ("a".to_string(), Column::from_i64(vec![1, 2])),
                ("b".to_string(), Column::from_f64(vec![0.5, f64::NAN])),
            ]
            .into_iter()
            .collect(),
            attrs: Default::default(),
        })
    }

    #[test]
    fn column_becomes_a_named_series() {
        let Value::Series(s) = select(frame(), "a").unwrap() else {
            panic!()
        };
        assert_eq!(s.name.as_deref(), Some("a"));
        assert_eq!(s.index, Column::from_i64(vec![7, 3]));
        assert_eq!(s.values, Column::from_i64(vec![1, 2]));
        let (idx, v) = parts(&select(frame(), "b").unwrap());
        assert_eq!(idx, [7, 3]);
        assert_floats(&v, &[0.5, f64::NAN]);
    }

    #[test]
    fn missing_column_is_a_key_error() {
        let e = select(frame(), "c").unwrap_err();
        assert_eq!(
            (e.type_name.as_str(), e.message.as_str()),
            ("KeyError", "'c'")
        );
        let e = select(Value::Int(1), "a").unwrap_err();
        assert_eq!(e.type_name, "TypeError");
    }
}
