//! Cut Values Above Limit (`e3323561-276e-d4a8-8417-badedbbd3c98`): keeps the values that
//! are less than or equal to a limit.

use crate::kernels::compare::Rel;
use crate::kernels::rows::cut_values;
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Cut Values Above Limit 1.0.0 (hetida's connector ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "e3323561-276e-d4a8-8417-badedbbd3c98",
    revision_group_id: "e3323561-276e-d4a8-8417-badedbbd3c98",
    name: "Cut Values Above Limit",
    category: "Filters",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Return only those values equal to or below the provided limit",
    inputs: &[
        PortSpec::new(
            "limit",
            "4c5391d5-80aa-d59b-7a80-e272bbcdbde1",
            DataType::Float,
        ),
        PortSpec::new(
            "ts_or_frame",
            "670570cf-34b2-4bb8-297c-a3f56c5580ab",
            DataType::Any,
        ),
    ],
    outputs: &[PortSpec::new(
        "ts_or_frame",
        "f1370aa9-2fa1-fe7e-82a4-98845916e5e5",
        DataType::Any,
    )],
};

/// Cut Values Above Limit as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Cut Values Above Limit: `x[x <= limit]` with pandas' boolean indexing.
///
/// * Series: entries above the limit **and NaN entries** are removed (the index shrinks);
///   name, attrs and dtype are kept.
/// * DataFrame: the boolean frame acts as a mask, so the shape is kept and failing cells
///   (above the limit or NaN) become NaN; int columns with a masked cell become float.
///
/// Errors: string/datetime data raise TypeError (invalid comparison with a float); plain
/// numbers raise TypeError "'float' object is not subscriptable"; other non-pandas values
/// the TypeError of the failed comparison.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let limit = inputs.float("limit")?;
    cut_values(inputs.value("ts_or_frame")?, limit, Rel::Le, "ts_or_frame")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use crate::kernels::rows::test_util::*;
    use rheo_core::value::Column;
    use rheo_core::Value;

    fn cut(data: Value, limit: f64) -> Result<Value, ComponentError> {
        run1(
            &COMPONENT,
            &[("limit", Value::Float(limit)), ("ts_or_frame", data)],
        )
    }

    #[test]
    fn series_rows_above_limit_and_nan_are_removed() {
        let s = named(fs(&[5, 3, 1, 7], &[1.0, f64::NAN, 2.5, 2.0]), "v");
        let r = cut(s, 2.0).unwrap();
        let (idx, vals) = parts(&r);
        assert_eq!(idx, [5, 7]);
        assert_floats(&vals, &[1.0, 2.0]);
        let Value::Series(r) = r else { panic!() };
        assert_eq!(r.name.as_deref(), Some("v"));
        // Int data stay int; the limit is inclusive.
        let r = cut(is(&[0, 1, 2], &[3, 1, 2]), 2.0).unwrap();
        let Value::Series(r) = r else { panic!() };
        assert_eq!(r.values, Column::from_i64(vec![1, 2]));
        assert_eq!(r.index, Column::from_i64(vec![1, 2]));
    }

    #[test]
    fn empty_and_single_point() {
        let (idx, vals) = parts(&cut(fs(&[], &[]), 0.0).unwrap());
        assert!(idx.is_empty() && vals.is_empty());
        let (idx, _) = parts(&cut(fs(&[4], &[1.0]), 0.5).unwrap());
        assert!(idx.is_empty());
    }

    #[test]
    fn frame_uses_mask_semantics() {
        let f = frame(
            &[0, 1, 2],
            vec![
                ("a", Column::from_f64(vec![1.0, 5.0, f64::NAN])),
                ("b", Column::from_i64(vec![1, 2, 3])),
                ("c", Column::from_i64(vec![9, 2, 3])),
            ],
        );
        let r = cut(f, 3.0).unwrap();
        let r = as_frame(&r);
        assert_eq!(r.index, Column::from_i64(vec![0, 1, 2]));
        assert_floats(
            &r.columns["a"].f64_values().unwrap(),
            &[1.0, f64::NAN, f64::NAN],
        );
        // All kept: the int column stays int.
        assert_eq!(r.columns["b"], Column::from_i64(vec![1, 2, 3]));
        assert_floats(&r.columns["c"].f64_values().unwrap(), &[f64::NAN, 2.0, 3.0]);
    }

    #[test]
    fn non_pandas_inputs_raise_type_errors() {
        let e = cut(Value::Float(1.0), 2.0).unwrap_err();
        assert_eq!(e.message, "'float' object is not subscriptable");
        let e = cut(Value::Str("x".into()), 2.0).unwrap_err();
        assert_eq!(e.type_name, "TypeError");
        let strings = Value::Series(rheo_core::value::SeriesValue::new(
            Column::from_i64(vec![0]),
            Column::from_strings(vec![Some("a".into())]),
        ));
        assert_eq!(cut(strings, 2.0).unwrap_err().type_name, "TypeError");
    }
}
