//! Minimum (`375819f5-deb3-0d5f-8661-22d202b39c54`): pandas' `min()` of a series (→ scalar) or of every
//! column of a DataFrame (→ series).

use super::reduce::{run_aggregate, Agg};
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Minimum 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "375819f5-deb3-0d5f-8661-22d202b39c54",
    revision_group_id: "375819f5-deb3-0d5f-8661-22d202b39c54",
    name: "Minimum",
    category: "Statistic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Calculates the minimum",
    inputs: &[PortSpec::new(
        "data",
        "5acd4330-5a3b-cfbc-a8f2-c8b9b8eff519",
        DataType::Any,
    )],
    outputs: &[PortSpec::new(
        "min",
        "e276294f-3232-2203-5912-b65d8e0a9fd8",
        DataType::Any,
    )],
};

/// Minimum as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Minimum: pandas' `data.min()` with skipna semantics; the mirror image of
/// [`Maximum`](super::maximum::run) (same dtype rules, errors and deviations).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    run_aggregate(&SPEC, inputs, Agg::Min)
}

#[cfg(test)]
mod tests {
    use super::super::reduce::test_support::{assert_scalars_have_no_such_method, run_agg};
    use super::*;
    use crate::kernels::elementwise::test_util::{fs, is, range_frame as frame};
    use rheo_core::value::{Column, SeriesValue};
    use rheo_core::Value;

    fn run(data: Value) -> Value {
        run_agg(&COMPONENT, data)
    }

    #[test]
    fn series_min_keeps_dtype_and_skips_nan() {
        assert_eq!(
            run(fs(&[0, 1, 2, 3], &[1.7, f64::NAN, 0.3, 1.0])),
            Value::Float(0.3)
        );
        assert_eq!(run(is(&[0, 1, 2], &[9, -4, 1])), Value::Int(-4));
        assert!(matches!(run(fs(&[0], &[f64::NAN])), Value::Float(f) if f.is_nan()));
        let strs = Value::Series(SeriesValue::new(
            Column::range(2),
            Column::from_strings(vec![Some("b".into()), Some("a".into())]),
        ));
        assert_eq!(run(strs), Value::Str("a".into()));
    }

    #[test]
    fn frame_min_per_column() {
        let r = run(frame(vec![
            ("a", Column::from_i64(vec![9, -4, 1])),
            ("b", Column::from_i64(vec![-1, 0, 4])),
        ]));
        let Value::Series(s) = r else { panic!() };
        assert_eq!(s.values, Column::from_i64(vec![-4, -1]));
    }

    #[test]
    fn scalars_have_no_such_method() {
        assert_scalars_have_no_such_method(&COMPONENT);
    }
}
