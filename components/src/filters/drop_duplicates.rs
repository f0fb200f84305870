//! Drop duplicates (`72570287-ecb6-4c74-3902-ace451662138`): removes repeated values
//! (Series) or repeated rows (DataFrame), keeping the first occurrence.

use crate::kernels::rows::{attribute_error, combine_codes, factorize, positions, take_rows};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::{ComponentError, DataType, Value};

/// Identity and ports of Drop duplicates 1.0.0 (hetida's connector ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "72570287-ecb6-4c74-3902-ace451662138",
    revision_group_id: "72570287-ecb6-4c74-3902-ace451662138",
    name: "Drop duplicates",
    category: "Filters",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Drop duplicated rows",
    inputs: &[PortSpec::new(
        "data",
        "1fcff093-43fb-312e-d5c3-6ae489571ee9",
        DataType::Any,
    )],
    outputs: &[PortSpec::new(
        "data",
        "3c51dde1-8c1d-170b-c480-f5997874cc5d",
        DataType::Any,
    )],
};

/// Drop duplicates as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Drop duplicates: `data.drop_duplicates()`, comparing **values, not the index**.
///
/// * Series: every entry whose value occurred earlier is removed (first occurrence kept;
///   NaN counts as a value, so only the first NaN survives; `0.0 == -0.0`).
/// * DataFrame: rows that equal an earlier row in every column are removed.
///
/// Order, index labels of the kept rows, name and attrs are kept. A frame without columns
/// is returned unchanged (pandas fails on it). Non-pandas values raise AttributeError.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let data = inputs.value("data")?;
    let codes = match data {
        Value::Series(s) => factorize(&s.values),
        Value::Frame(f) => {
            let mut cols = f.columns.values();
            let Some(first) = cols.next() else {
                return Ok(Outputs::single("data", data.clone()));
            };
            let mut acc = factorize(first);
            for c in cols {
                acc = combine_codes(&acc, &factorize(c));
            }
            acc
        }
        other => return Err(attribute_error(other, "drop_duplicates")),
    };
    // Codes are numbered by first occurrence: a row is new iff its code is the next one.
    let mut next = 0u32;
    let keep = codes.iter().map(|&c| {
        if c == next {
            next += 1;
            true
        } else {
            false
        }
    });
    Ok(Outputs::single("data", take_rows(data, &positions(keep))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use crate::kernels::rows::test_util::*;
    use rheo_core::value::{Column, SeriesValue};

    fn drop(v: Value) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("data", v)])
    }

    #[test]
    fn series_duplicates_by_value_not_index() {
        let s = fs(
            &[9, 8, 7, 6, 5, 4],
            &[1.0, f64::NAN, 1.0, f64::NAN, -0.0, 0.0],
        );
        let (idx, vals) = parts(&drop(s).unwrap());
        assert_eq!(idx, [9, 8, 5]);
        assert_floats(&vals, &[1.0, f64::NAN, -0.0]);
        // Duplicate index labels with different values are all kept.
        let (idx, _) = parts(&drop(fs(&[1, 1], &[1.0, 2.0])).unwrap());
        assert_eq!(idx, [1, 1]);
        let (idx, _) = parts(&drop(fs(&[], &[])).unwrap());
        assert!(idx.is_empty());
        let strings = Value::Series(SeriesValue::new(
            Column::range(4),
            Column::from_strings(vec![Some("a".into()), None, Some("a".into()), None]),
        ));
        let Value::Series(r) = drop(strings).unwrap() else {
            panic!()
        };
        assert_eq!(r.index, Column::from_i64(vec![0, 1]));
    }

    #[test]
    fn frame_rows_must_match_in_every_column() {
        let f = frame(
            &[0, 1, 2, 3],
            vec![
                ("a", Column::from_i64(vec![1, 1, 2, 1])),
                ("b", Column::from_f64(vec![f64::NAN, f64::NAN, 0.0, 1.0])),
            ],
        );
        let r = drop(f).unwrap();
        let r = as_frame(&r);
        assert_eq!(r.index, Column::from_i64(vec![0, 2, 3]));
        assert_eq!(r.columns["a"], Column::from_i64(vec![1, 2, 1]));
    }

    #[test]
    fn non_pandas_input_is_an_attribute_error() {
        let e = drop(Value::Json(serde_json::json!([1, 1]))).unwrap_err();
        assert_eq!(e.type_name, "AttributeError");
        assert_eq!(
            e.message,
            "'list' object has no attribute 'drop_duplicates'"
        );
    }
}
