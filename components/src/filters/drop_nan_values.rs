//! Drop NaN Values (`e8b1d655-803c-e79f-5c15-62aec3a4c27d`): removes missing entries of a
//! Series or rows of a DataFrame that contain a missing value.

use crate::kernels::rows::{attribute_error, missing_mask, positions, take_rows};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::{ComponentError, DataType, Value};

/// Identity and ports of Drop NaN Values 1.0.0 (hetida's connector ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "e8b1d655-803c-e79f-5c15-62aec3a4c27d",
    revision_group_id: "e8b1d655-803c-e79f-5c15-62aec3a4c27d",
    name: "Drop NaN Values",
    category: "Filters",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Drop rows containing NaN values",
    inputs: &[PortSpec::new(
        "data",
        "0fcc9078-1402-a290-d632-a6ba198d784e",
        DataType::Any,
    )],
    outputs: &[PortSpec::new(
        "data",
        "36381406-4684-57ef-bdd5-ba141fcdf3ec",
        DataType::Any,
    )],
};

/// Drop NaN Values as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Drop NaN Values: `data.dropna()`. Series: NaN/None/NaT entries removed; DataFrame: every
/// row with at least one missing cell removed. Order, index, name, dtypes and attrs kept
/// (the index itself is not inspected; infinities are not missing). Non-pandas values
/// raise AttributeError.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let data = inputs.value("data")?;
    let missing = match data {
        Value::Series(s) => missing_mask(&s.values),
        Value::Frame(f) => {
            let mut any = vec![false; f.height()];
            for c in f.columns.values() {
                for (a, m) in any.iter_mut().zip(missing_mask(c)) {
                    *a |= m;
                }
            }
            any
        }
        other => return Err(attribute_error(other, "dropna")),
    };
    let keep = positions(missing.into_iter().map(|m| !m));
    Ok(Outputs::single("data", take_rows(data, &keep)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use crate::kernels::rows::test_util::*;
    use rheo_core::value::{Column, SeriesValue, Tz};

    fn dropna(v: Value) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("data", v)])
    }

    #[test]
    fn series_missing_entries_are_removed() {
        let s = named(fs(&[3, 1, 2], &[f64::NAN, 1.0, f64::INFINITY]), "x");
        let r = dropna(s).unwrap();
        let (idx, vals) = parts(&r);
        assert_eq!(idx, [1, 2]);
        assert_floats(&vals, &[1.0, f64::INFINITY]);
        let Value::Series(r) = r else { panic!() };
        assert_eq!(r.name.as_deref(), Some("x"));
        let (idx, _) = parts(&dropna(fs(&[], &[])).unwrap());
        assert!(idx.is_empty());
        let (idx, _) = parts(&dropna(fs(&[0], &[f64::NAN])).unwrap());
        assert!(idx.is_empty());
        let times = Value::Series(SeriesValue::new(
            Column::range(2),
            Column::from_opt_datetime_ns(vec![None, Some(5)], Tz::Utc),
        ));
        let Value::Series(r) = dropna(times).unwrap() else {
            panic!()
        };
        assert_eq!(r.values.datetime_ns().unwrap().as_ref(), [5]);
        assert_eq!(r.values.tz, Tz::Utc);
    }

    #[test]
    fn frame_rows_with_any_missing_cell_are_removed() {
        let f = frame(
            &[0, 1, 2],
            vec![
                ("a", Column::from_f64(vec![1.0, f64::NAN, 3.0])),
                (
                    "b",
                    Column::from_strings(vec![Some("x".into()), Some("y".into()), None]),
                ),
                ("c", Column::from_i64(vec![1, 2, 3])),
            ],
        );
        let r = dropna(f).unwrap();
        let r = as_frame(&r);
        assert_eq!(r.index, Column::from_i64(vec![0]));
        assert_eq!(r.columns["c"], Column::from_i64(vec![1]));
        assert_eq!(
            dropna(Value::Int(1)).unwrap_err().message,
            "'int' object has no attribute 'dropna'"
        );
    }
}
