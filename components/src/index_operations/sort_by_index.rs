//! Sort by Index (`7f315341-d095-1f4b-b72c-e85dc3d7c508`): sorts a Series/DataFrame by its
//! index labels.

use crate::kernels::reindex::sort_positions;
use crate::kernels::rows::take_rows;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Sort by Index 1.0.0 (hetida's connector ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "7f315341-d095-1f4b-b72c-e85dc3d7c508",
    revision_group_id: "7f315341-d095-1f4b-b72c-e85dc3d7c508",
    name: "Sort by Index",
    category: "Index Operations",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Sort values by Index",
    inputs: &[PortSpec::new(
        "data",
        "362ab9b9-13d0-d932-3022-27586df18c4c",
        DataType::Any,
    )],
    outputs: &[PortSpec::new(
        "data",
        "d28c013f-ecec-7336-5558-ec97efe59d4b",
        DataType::Any,
    )],
};

/// Sort by Index as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Sort by Index: `data.sort_index()` ascending; NaN/NaT labels last; values, name, attrs
/// and dtypes unchanged (datetime labels sort by instant, strings by code point).
///
/// Deviation: pandas uses quicksort, whose order of duplicate labels is unspecified; Rheo
/// sorts stably (duplicates keep their input order). Non-pandas values raise
/// AttributeError.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let data = inputs.value("data")?;
    let index = crate::kernels::series_frame::index_of(data, "sort_index")?;
    let order = sort_positions(index);
    Ok(Outputs::single("data", take_rows(data, &order)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use crate::kernels::rows::test_util::*;
    use rheo_core::value::{Column, SeriesValue, Tz};
    use rheo_core::Value;

    fn sort(v: Value) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("data", v)])
    }

    #[test]
    fn sorts_series_with_duplicates_stably() {
        let s = named(fs(&[3, 1, 2, 1], &[30.0, 10.0, 20.0, 11.0]), "n");
        let r = sort(s).unwrap();
        let (idx, vals) = parts(&r);
        assert_eq!(idx, [1, 1, 2, 3]);
        assert_floats(&vals, &[10.0, 11.0, 20.0, 30.0]);
        let Value::Series(r) = r else { panic!() };
        assert_eq!(r.name.as_deref(), Some("n"));
        assert!(parts(&sort(fs(&[], &[])).unwrap()).0.is_empty());
        assert_eq!(parts(&sort(fs(&[7], &[1.0])).unwrap()).0, [7]);
    }

    #[test]
    fn nan_and_nat_labels_go_last() {
        let s = Value::Series(SeriesValue::new(
            Column::from_f64(vec![f64::NAN, 2.0, 1.0]),
            Column::from_i64(vec![0, 1, 2]),
        ));
        let Value::Series(r) = sort(s).unwrap() else {
            panic!()
        };
        assert_eq!(r.values, Column::from_i64(vec![2, 1, 0]));
        let f = Value::Frame(rheo_core::value::FrameValue {
            index: Column::from_opt_datetime_ns(vec![None, Some(5), Some(1)], Tz::Utc),
            columns: [("a".to_string(), Column::from_i64(vec![0, 1, 2]))]
                .into_iter()
                .collect(),
            attrs: Default::default(),
        });
        let r = sort(f).unwrap();
        let r = as_frame(&r);
        assert_eq!(r.columns["a"], Column::from_i64(vec![2, 1, 0]));
        assert_eq!(r.index.tz, Tz::Utc);
        assert_eq!(r.index.datetime_ns_opt().unwrap(), [Some(1), Some(5), None]);
    }

    #[test]
    fn string_labels_and_bad_input() {
        let s = Value::Series(SeriesValue::new(
            Column::from_strings(vec![Some("b".into()), Some("B".into()), Some("a".into())]),
            Column::from_i64(vec![0, 1, 2]),
        ));
        let Value::Series(r) = sort(s).unwrap() else {
            panic!()
        };
        assert_eq!(r.values, Column::from_i64(vec![1, 2, 0]));
        assert_eq!(
            sort(Value::Float(1.0)).unwrap_err().message,
            "'float' object has no attribute 'sort_index'"
        );
    }
}
