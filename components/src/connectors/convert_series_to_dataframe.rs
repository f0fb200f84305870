//! Convert Series to DataFrame (`2f8c3864-8d45-5d68-c73f-229ef43bf944`): a one-column
//! frame from a series (pandas `Series.to_frame`).

use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{FrameValue, SeriesValue};
use rheo_core::Value;
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Convert Series to DataFrame 1.0.0 (port ids: UUIDv5 of
/// `hetida:<component id>:input:<name>` / `output`, URL namespace).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "2f8c3864-8d45-5d68-c73f-229ef43bf944",
    revision_group_id: "2f8c3864-8d45-5d68-c73f-229ef43bf944",
    name: "Convert Series to DataFrame",
    category: "Connectors",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Convert a Series to a DataFrame",
    inputs: &[PortSpec::new(
        "input",
        "8fc109c3-fba1-25c4-d657-fca92afc1769",
        DataType::Series,
    )],
    outputs: &[PortSpec::new(
        "output",
        "f1ae0ae9-f189-173b-8e3d-bec0efd3393a",
        DataType::DataFrame,
    )],
};

/// The one-column frame of a series, as pandas' `to_frame`: the column is named after the
/// series, or `"0"` when unnamed (pandas' integer label 0, which serializes as `"0"`); same
/// index, same attrs.
pub fn series_to_frame(s: &SeriesValue) -> FrameValue {
    let column = s.name.clone().unwrap_or_else(|| "0".to_string());
    FrameValue {
        index: s.index.clone(),
        columns: [(column, s.values.clone())].into_iter().collect(),
        attrs: s.attrs.clone(),
    }
}

/// Convert Series to DataFrame as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Convert Series to DataFrame: `input.to_frame()` (see [`series_to_frame`]).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let s = inputs.series("input")?;
    Ok(Outputs::single("output", Value::Frame(series_to_frame(s))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::value::Column;

    fn convert(v: Value) -> Result<FrameValue, ComponentError> {
        match run1(&COMPONENT, &[("input", v)])? {
            Value::Frame(f) => Ok(f),
            other => panic!("not a frame: {other:?}"),
        }
    }

    #[test]
    fn named_series_becomes_its_column() {
        let mut v = named(is(&[4, 1], &[7, 8]), "x");
        if let Value::Series(s) = &mut v {
            s.attrs.insert("unit".into(), "m".into());
        }
        let f = convert(v).unwrap();
        assert_eq!(f.index, Column::from_i64(vec![4, 1]));
        assert_eq!(f.columns.len(), 1);
        assert_eq!(f.columns["x"], Column::from_i64(vec![7, 8]));
        assert_eq!(f.attrs["unit"], "m");
    }

    #[test]
    fn unnamed_empty_series_gets_column_0() {
        let f = convert(fs(&[], &[])).unwrap();
        assert_eq!(f.columns.keys().collect::<Vec<_>>(), ["0"]);
        assert_eq!(f.height(), 0);
        assert_eq!(convert(Value::Int(1)).unwrap_err().type_name, "TypeError");
    }
}
