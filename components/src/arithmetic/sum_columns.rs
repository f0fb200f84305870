//! Sum Columns (`619cbd38-26b4-3d5e-14a0-721224b13bc7`): row-wise sum of the columns of a frame.

use crate::kernels::elementwise::{numeric, py_type, Num};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, SeriesValue};
use rheo_core::Value;
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Sum Columns 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "619cbd38-26b4-3d5e-14a0-721224b13bc7",
    revision_group_id: "619cbd38-26b4-3d5e-14a0-721224b13bc7",
    name: "Sum Columns",
    category: "Arithmetic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Row-wise sum of the columns of a frame",
    inputs: &[
        PortSpec::new(
            "dataframe",
            "2d0fd551-4bda-00f2-1b17-d7151d326ca1",
            DataType::DataFrame,
        ),
        PortSpec::new(
            "result_series_name",
            "9c53c4b2-4899-5d6d-5a30-908d3111df3d",
            DataType::String,
        ),
    ],
    outputs: &[PortSpec::new(
        "sum_values",
        "afd8086c-a2be-dc35-821e-4fb35bcf0c04",
        DataType::Series,
    )],
};

/// Sum Columns as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Sum Columns: the row-wise sum over all columns (`sum(axis=1)`): NaN cells are skipped,
/// a row of only NaN sums to 0.0. The series is on the frame's index and named
/// `result_series_name`; all-int frames give ints. Non-numeric columns raise TypeError.
/// Rows are summed in column order (numpy does the same for fewer than 8 columns).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let frame = match inputs.value("dataframe")? {
        Value::Frame(f) => f,
        other => return Err(crate::kernels::elementwise::attribute_error(other, "sum")),
    };
    let name = match inputs.value("result_series_name")? {
        Value::Null => None,
        Value::Str(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        other => {
            return Err(ComponentError::type_error(format!(
                "a series name must be a string, got {}",
                py_type(other)
            )))
        }
    };
    let n = frame.height();
    let cols = frame
        .columns
        .values()
        .map(|c| numeric(c, "+"))
        .collect::<Result<Vec<_>, _>>()?;
    let all_int = !cols.is_empty() && cols.iter().all(|c| matches!(c, Num::Int(_)));
    let values = if all_int {
        let mut acc = vec![0i64; n];
        for c in &cols {
            if let Num::Int(v) = c {
                for (a, &x) in acc.iter_mut().zip(v.iter()) {
                    *a = a.wrapping_add(x);
                }
            }
        }
        Column::from_i64(acc)
    } else {
        let mut acc = vec![0.0f64; n];
        for c in &cols {
            for (a, &x) in acc.iter_mut().zip(c.to_f64().iter()) {
                if !x.is_nan() {
                    *a += x;
                }
            }
        }
        Column::from_f64(acc)
    };
    let series = SeriesValue {
        name,
        index: frame.index.clone(),
        values,
        attrs: frame.attrs.clone(),
    };
    Ok(Outputs::single("sum_values", Value::Series(series)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::value::{Column, FrameValue};
    use rheo_core::Value;

    fn frame(cols: Vec<(&str, Column)>) -> Value {
        Value::Frame(FrameValue {
            index: Column::from_i64(vec![10, 20]),
            columns: cols.into_iter().map(|(n, c)| (n.to_string(), c)).collect(),
            attrs: Default::default(),
        })
    }

    fn sum(f: Value) -> Result<Value, ComponentError> {
        run1(
            &COMPONENT,
            &[
                ("dataframe", f),
                ("result_series_name", Value::Str("total".into())),
            ],
        )
    }

    #[test]
    fn row_sums_skip_nan() {
        let r = sum(frame(vec![
            ("a", Column::from_f64(vec![1.0, f64::NAN])),
            ("b", Column::from_i64(vec![2, 3])),
            ("c", Column::from_f64(vec![f64::NAN, f64::NAN])),
        ]))
        .unwrap();
        let (idx, v) = parts(&r);
        assert_eq!(idx, [10, 20]);
        assert_floats(&v, &[3.0, 3.0]);
        let Value::Series(s) = r else { panic!() };
        assert_eq!(s.name.as_deref(), Some("total"));
        let r = sum(frame(vec![(
            "a",
            Column::from_f64(vec![f64::NAN, f64::NAN]),
        )]))
        .unwrap();
        assert_floats(&parts(&r).1, &[0.0, 0.0]);
    }

    #[test]
    fn int_frames_stay_int_and_strings_fail() {
        let r = sum(frame(vec![
            ("a", Column::from_i64(vec![1, 2])),
            ("b", Column::from_i64(vec![3, 4])),
        ]))
        .unwrap();
        let Value::Series(s) = r else { panic!() };
        assert_eq!(s.values.i64_values().unwrap().as_ref(), [4, 6]);
        let e = sum(frame(vec![(
            "a",
            Column::from_strings(vec![Some("x".into()), None]),
        )]))
        .unwrap_err();
        assert_eq!(e.type_name, "TypeError");
        assert_eq!(sum(frame(vec![])).map(|v| parts(&v).1).unwrap(), [0.0, 0.0]);
    }
}
