//! Shift Values (`66811a16-65e6-ad80-ce1d-669f97d06d16`): positional shift of the values
//! by a number of rows (`data.shift(periods)`), index unchanged.

use crate::kernels::series_frame::{index_of, rebuild, value_columns};
use polars_core::prelude::{BooleanChunked, IntoSeries, NewChunkedArray, PlSmallStr};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, ColumnKind};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Shift Values 1.0.0 (hetida's connector ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "66811a16-65e6-ad80-ce1d-669f97d06d16",
    revision_group_id: "66811a16-65e6-ad80-ce1d-669f97d06d16",
    name: "Shift Values",
    category: "Time length operations",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Shift index by desired number of periods",
    inputs: &[
        PortSpec::new(
            "data",
            "ca00677e-b8f3-512d-96d8-9d38ce9efc29",
            DataType::Any,
        ),
        PortSpec::new(
            "periods",
            "990dbc08-f31e-91c3-22cf-d4fb24bfac6d",
            DataType::Int,
        ),
    ],
    outputs: &[PortSpec::new(
        "shifted",
        "85045ebb-ca42-ef79-9142-004835f3acd1",
        DataType::Any,
    )],
};

/// Shift Values as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Row i of the result takes row `i - periods` of the input, if it exists.
fn source(i: usize, periods: i64, n: usize) -> Option<usize> {
    let j = i128::from(i as i64) - i128::from(periods);
    (j >= 0 && j < n as i128).then_some(j as usize)
}

/// `col.shift(periods)` with pandas' dtype rules.
pub(crate) fn shift_column(col: &Column, periods: i64) -> Column {
    let n = col.len();
    if periods == 0 {
        return col.clone();
    }
    match col.kind() {
        ColumnKind::Float | ColumnKind::Int => {
            let v = col.f64_values().unwrap_or_default();
            Column::from_f64(
                (0..n)
                    .map(|i| source(i, periods, n).map_or(f64::NAN, |j| v[j]))
                    .collect(),
            )
        }
        ColumnKind::Bool => {
            let v = col.bool_values().unwrap_or_default();
            let it = (0..n).map(|i| source(i, periods, n).and_then(|j| v[j]));
            Column {
                data: BooleanChunked::from_iter_options(PlSmallStr::EMPTY, it).into_series(),
                tz: col.tz,
            }
        }
        ColumnKind::Str => {
            let v = col.str_values().unwrap_or_default();
            Column::from_strings(
                (0..n)
                    .map(|i| source(i, periods, n).and_then(|j| v[j].map(str::to_string)))
                    .collect(),
            )
        }
        ColumnKind::Datetime => {
            let v = col.datetime_ns_opt().unwrap_or_default();
            Column::from_opt_datetime_ns(
                (0..n)
                    .map(|i| source(i, periods, n).and_then(|j| v[j]))
                    .collect(),
                col.tz,
            )
        }
    }
}

/// Shift Values: `data.shift(periods)` for a Series or every DataFrame column. Row i gets
/// the value of row i − periods; the first `periods` rows (the last ones for negative
/// periods) become missing. `periods == 0` returns an unchanged copy. Missing values: NaN
/// for floats, ints become float64 with NaN, strings/datetimes get null/NaT, bools become
/// bools with nulls (pandas: object with NaN, serialized alike). Index, name, attrs kept.
///
/// Errors: anything other than a Series/DataFrame raises AttributeError (`'dict' object has
/// no attribute 'shift'`).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let data = inputs.value("data")?;
    index_of(data, "index").map_err(|_| {
        ComponentError::new(
            "AttributeError",
            format!(
                "'{}' object has no attribute 'shift'",
                crate::kernels::elementwise::py_type(data)
            ),
        )
    })?;
    let periods = inputs.int("periods")?;
    let index = index_of(data, "index")?.clone();
    let cols = value_columns(data)
        .into_iter()
        .map(|c| shift_column(c, periods))
        .collect();
    Ok(Outputs::single("shifted", rebuild(data, index, cols)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::{assert_floats, fs, is, parts, run1};
    use rheo_core::value::SeriesValue;
    use rheo_core::Value;

    fn run(data: Value, p: i64) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("data", data), ("periods", Value::Int(p))])
    }

    #[test]
    fn shifts_forward_and_backward_keeping_the_index() {
        let (idx, v) = parts(&run(fs(&[0, 1, 2], &[1.0, 7.0, 5.0]), 2).unwrap());
        assert_eq!(idx, vec![0, 1, 2]);
        assert_floats(&v, &[f64::NAN, f64::NAN, 1.0]);
        let (_, v) = parts(&run(fs(&[0, 1, 2], &[1.0, 7.0, 5.0]), -1).unwrap());
        assert_floats(&v, &[7.0, 5.0, f64::NAN]);
        let (_, v) = parts(&run(fs(&[0, 1], &[1.0, 7.0]), 5).unwrap());
        assert_floats(&v, &[f64::NAN, f64::NAN]);
    }

    #[test]
    fn ints_become_float_unless_periods_is_zero() {
        let Value::Series(s) = run(is(&[0, 1], &[3, 4]), 0).unwrap() else {
            panic!()
        };
        assert_eq!(s.values.i64_values().unwrap().as_ref(), &[3, 4]);
        let Value::Series(s) = run(is(&[0, 1], &[3, 4]), 1).unwrap() else {
            panic!()
        };
        assert_floats(&s.values.f64_values().unwrap(), &[f64::NAN, 3.0]);
    }

    #[test]
    fn bools_strings_empty_and_errors() {
        let b = Value::Series(SeriesValue::new(
            Column::range(2),
            Column::from_bool(vec![true, false]),
        ));
        let Value::Series(s) = run(b, 1).unwrap() else {
            panic!()
        };
        assert_eq!(s.values.bool_values().unwrap(), vec![None, Some(true)]);
        let st = Value::Series(SeriesValue::new(
            Column::range(2),
            Column::from_strings(vec![Some("a".into()), Some("b".into())]),
        ));
        let Value::Series(s) = run(st, -1).unwrap() else {
            panic!()
        };
        assert_eq!(s.values.str_values().unwrap(), vec![Some("b"), None]);
        let (idx, v) = parts(&run(fs(&[], &[]), 1).unwrap());
        assert!(idx.is_empty() && v.is_empty());
        let e = run(Value::Json(serde_json::json!({"a": 1})), 1).unwrap_err();
        assert_eq!(e.message, "'dict' object has no attribute 'shift'");
    }
}
