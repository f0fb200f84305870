//! Reduce data set by leaving out values (`0a871bb6-b59c-e94d-40fd-a6673d1713c7`): keeps
//! every k-th row for cheaper plots.

use crate::kernels::elementwise::py_type;
use crate::kernels::rows::take_rows;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::{ComponentError, DataType, Value};
use serde_json::Value as Json;

/// Identity and ports of Reduce data set by leaving out values 1.0.0 (hetida's connector
/// ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "0a871bb6-b59c-e94d-40fd-a6673d1713c7",
    revision_group_id: "0a871bb6-b59c-e94d-40fd-a6673d1713c7",
    name: "Reduce data set by leaving out values",
    category: "Filters",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Reduce data set by leaving out values",
    inputs: &[
        PortSpec::new(
            "data",
            "e3719bfa-510e-85e4-aacf-50dd0275f949",
            DataType::Any,
        ),
        PortSpec::new(
            "number_of_points",
            "bd301ddd-cb55-7993-7e38-bbae9beec5ee",
            DataType::Int,
        ),
    ],
    outputs: &[PortSpec::new(
        "data",
        "b4b51bdb-89f8-a182-487c-90c967a4216f",
        DataType::Any,
    )],
};

/// Reduce data set by leaving out values as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Reduce data set by leaving out values: with n = `number_of_points` and len rows, when
/// `len >= n` and `n >= 2` the rows 0, k, 2k, … are kept (`iloc[::k]`) with
/// k = round((len - 1) / (n - 1)) rounded half to even like Python's `round` (10 rows,
/// n = 7 → k = round(1.5) = 2 → rows 0,2,4,6,8); otherwise the data are returned
/// unchanged. The result need not have n rows nor contain the last row. Positional on
/// Series and DataFrames (index, name, attrs kept).
///
/// Errors: values without `len` (numbers, null) raise TypeError "object of type 'int' has
/// no len()"; other non-pandas values (strings, lists, dicts) AttributeError for `iloc`.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let data = inputs.value("data")?;
    let n = inputs.int("number_of_points")?;
    let len = match data {
        Value::Series(s) => s.len(),
        Value::Frame(f) => f.height(),
        Value::Str(_) | Value::Json(Json::Array(_) | Json::Object(_) | Json::String(_)) => {
            return Err(crate::kernels::rows::attribute_error(data, "iloc"))
        }
        other => {
            return Err(ComponentError::type_error(format!(
                "object of type '{}' has no len()",
                py_type(other)
            )))
        }
    };
    if (len as i64) < n || n < 2 {
        return Ok(Outputs::single("data", data.clone()));
    }
    let k = ((len - 1) as f64 / (n - 1) as f64).round_ties_even() as usize;
    let k = k.max(1);
    let keep: Vec<usize> = (0..len).step_by(k).collect();
    Ok(Outputs::single("data", take_rows(data, &keep)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use crate::kernels::rows::test_util::*;
    use rheo_core::value::Column;

    fn reduce(data: Value, n: i64) -> Result<Value, ComponentError> {
        run1(
            &COMPONENT,
            &[("data", data), ("number_of_points", Value::Int(n))],
        )
    }

    fn ten() -> Value {
        let idx: Vec<i64> = (0..10).map(|i| 100 - i).collect();
        let vals: Vec<f64> = (0..10).map(f64::from).collect();
        fs(&idx, &vals)
    }

    #[test]
    fn keeps_every_kth_row_with_half_even_rounding() {
        // k = round(9 / 6) = round(1.5) = 2.
        let (idx, vals) = parts(&reduce(ten(), 7).unwrap());
        assert_eq!(idx, [100, 98, 96, 94, 92]);
        assert_floats(&vals, &[0.0, 2.0, 4.0, 6.0, 8.0]);
        // k = round(9 / 4) = round(2.25) = 2; k = round(9/2) = round(4.5) = 4.
        assert_eq!(parts(&reduce(ten(), 5).unwrap()).0.len(), 5);
        let (idx, _) = parts(&reduce(ten(), 3).unwrap());
        assert_eq!(idx, [100, 96, 92]);
        // n == len: k = 1.
        assert_eq!(parts(&reduce(ten(), 10).unwrap()).0.len(), 10);
    }

    #[test]
    fn unchanged_when_preconditions_fail() {
        assert_eq!(parts(&reduce(ten(), 11).unwrap()).0.len(), 10);
        assert_eq!(parts(&reduce(ten(), 1).unwrap()).0.len(), 10);
        assert_eq!(parts(&reduce(ten(), -3).unwrap()).0.len(), 10);
        assert!(parts(&reduce(fs(&[], &[]), 2).unwrap()).0.is_empty());
        assert_eq!(parts(&reduce(fs(&[1], &[1.0]), 2).unwrap()).0, [1]);
    }

    #[test]
    fn frames_are_positional_and_bad_inputs_fail() {
        let f = frame(&[5, 6, 7], vec![("a", Column::from_i64(vec![1, 2, 3]))]);
        let r = reduce(f, 2).unwrap();
        assert_eq!(as_frame(&r).columns["a"], Column::from_i64(vec![1, 3]));
        assert_eq!(
            reduce(Value::Int(3), 2).unwrap_err().message,
            "object of type 'int' has no len()"
        );
        assert_eq!(
            reduce(Value::Json(serde_json::json!([1, 2, 3])), 2)
                .unwrap_err()
                .type_name,
            "AttributeError"
        );
    }
}
