//! Combine as named column into DataFrame (`0d08af64-3f34-cddc-354b-d6a26c3f1aab`): adds a
//! series under a given column name to a frame (or to a series turned into a frame).

use super::combine_into_dataframe::{assign_column, frame_of};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::Value;
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Combine as named column into DataFrame 1.0.0 (hetida's connector
/// ids, workflows.md Appendix A).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "0d08af64-3f34-cddc-354b-d6a26c3f1aab",
    revision_group_id: "0d08af64-3f34-cddc-354b-d6a26c3f1aab",
    name: "Combine as named column into DataFrame",
    category: "Connectors",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Combine Series as named column into DataFrame",
    inputs: &[
        PortSpec::new(
            "series",
            "3e1b0bf1-48d3-a534-5a6f-fa1bb37a7aab",
            DataType::Series,
        ),
        PortSpec::new(
            "series_or_dataframe",
            "801659c5-4c57-0dc6-df28-6d4f5412f44f",
            DataType::Any,
        ),
        PortSpec::new(
            "column_name",
            "fc417e48-f7d8-0bbf-60ac-af92a9150170",
            DataType::String,
        ),
    ],
    outputs: &[PortSpec::new(
        "dataframe",
        "2bad1916-9d38-2409-b236-ebfce1fc1fae",
        DataType::DataFrame,
    )],
};

/// Combine as named column into DataFrame as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Combine as named column into DataFrame: `frame[column_name] = series`, where the frame is
/// `series_or_dataframe` (a Series is first turned into its one-column frame; other values
/// raise TypeError). Left join onto the frame index; an existing column of that name is
/// overwritten (see [`super::combine_into_dataframe`]).
///
/// Deviation: hetida modifies the caller's frame in place; Rheo returns a new frame
/// (columns shared, not copied) and the upstream frame is unchanged.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let series = inputs.series("series")?;
    let column = inputs.str("column_name")?.to_string();
    let mut frame = frame_of(inputs.value("series_or_dataframe")?)?;
    assign_column(&mut frame, column, series)?;
    Ok(Outputs::single("dataframe", Value::Frame(frame)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::value::{Column, FrameValue};

    fn combine(s: Value, sod: Value, c: &str) -> Result<FrameValue, ComponentError> {
        match run1(
            &COMPONENT,
            &[
                ("series", s),
                ("series_or_dataframe", sod),
                ("column_name", Value::Str(c.into())),
            ],
        )? {
            Value::Frame(f) => Ok(f),
            other => panic!("not a frame: {other:?}"),
        }
    }

    #[test]
    fn adds_under_the_given_name_with_left_join() {
        // series_or_dataframe: unnamed series → column "0"; series labels 2, 3 onto [1, 2]
        let f = combine(
            named(fs(&[2, 3], &[7.0, 8.0]), "ignored"),
            is(&[1, 2], &[4, 5]),
            "y",
        )
        .unwrap();
        assert_eq!(f.columns.keys().collect::<Vec<_>>(), ["0", "y"]);
        assert_eq!(f.index, Column::from_i64(vec![1, 2]));
        assert_eq!(f.columns["0"], Column::from_i64(vec![4, 5]));
        assert_floats(&f.columns["y"].f64_values().unwrap(), &[f64::NAN, 7.0]);
    }

    #[test]
    fn overwrites_an_existing_column_in_place() {
        let mut frame = FrameValue {
            index: Column::range(2),
            columns: [
                ("a".to_string(), Column::from_i64(vec![1, 2])),
                ("b".to_string(), Column::from_i64(vec![3, 4])),
            ]
            .into_iter()
            .collect(),
            attrs: Default::default(),
        };
        frame.attrs.insert("k".into(), 1.into());
        let f = combine(fs(&[0, 1], &[0.5, 1.5]), Value::Frame(frame), "a").unwrap();
        assert_eq!(f.columns.keys().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(f.columns["a"], Column::from_f64(vec![0.5, 1.5]));
        assert_eq!(f.attrs["k"], 1);
        let e = combine(fs(&[0], &[1.0]), Value::Int(1), "a").unwrap_err();
        assert_eq!(e.type_name, "TypeError");
    }
}
