//! Standard deviation (`462e4cd5-1772-a925-6d26-8d33011111cd`): pandas' `std()` of a series (→ scalar) or of every
//! column of a DataFrame (→ series).

use super::reduce::{run_aggregate, Agg};
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Standard deviation 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "462e4cd5-1772-a925-6d26-8d33011111cd",
    revision_group_id: "462e4cd5-1772-a925-6d26-8d33011111cd",
    name: "Standard deviation",
    category: "Statistic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Calculates the standard deviation",
    inputs: &[PortSpec::new(
        "data",
        "c95854a4-8a38-7b84-762c-fc886277d6be",
        DataType::Any,
    )],
    outputs: &[PortSpec::new(
        "std",
        "58c23998-b897-2065-ee9a-da65eb72f3ec",
        DataType::Any,
    )],
};

/// Standard deviation as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Standard deviation: pandas' `data.std()`, the **sample** standard deviation (ddof = 1)
/// with skipna semantics.
///
/// * A series gives a FLOAT: `sqrt(sum((x - mean)^2) / (count - 1))` over the non-NaN
///   values (two passes with pairwise sums, as pandas); fewer than two values → NaN.
/// * A DataFrame gives a float series indexed by the column names.
/// * Errors: strings raise TypeError, datetimes NotSupportedByNativeEngine (a Timedelta
///   result); plain numbers, strings, dicts and lists raise Python's AttributeError.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    run_aggregate(&SPEC, inputs, Agg::Std)
}

#[cfg(test)]
mod tests {
    use super::super::reduce::test_support::{assert_scalars_have_no_such_method, run_agg};
    use super::*;
    use crate::kernels::elementwise::test_util::{assert_floats, fs, is, range_frame as frame};
    use rheo_core::value::Column;
    use rheo_core::Value;

    fn run(data: Value) -> Value {
        run_agg(&COMPONENT, data)
    }

    #[test]
    fn series_std_is_the_sample_std() {
        // hetida's documented example: values 1.7, 0.3, 1.0 → variance 0.98 / 2 → 0.7.
        let Value::Float(f) = run(fs(&[0, 1, 2, 3], &[1.7, f64::NAN, 0.3, 1.0])) else {
            panic!()
        };
        assert!((f - 0.7).abs() < 1e-15);
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squares sum 32, / 7.
        let Value::Float(f) = run(is(&[0, 1, 2, 3, 4, 5, 6, 7], &[2, 4, 4, 4, 5, 5, 7, 9])) else {
            panic!()
        };
        assert!((f - (32.0f64 / 7.0).sqrt()).abs() < 1e-15);
        assert!(matches!(run(fs(&[0], &[3.0])), Value::Float(f) if f.is_nan()));
        assert!(matches!(run(fs(&[], &[])), Value::Float(f) if f.is_nan()));
    }

    #[test]
    fn frame_std_per_column() {
        // hetida's documented example: column a = -9, 4, NaN, 2 → std 7.
        let r = run(frame(vec![(
            "a",
            Column::from_f64(vec![-9.0, 4.0, f64::NAN, 2.0]),
        )]));
        let Value::Series(s) = r else { panic!() };
        assert_floats(&s.values.f64_values().unwrap(), &[7.0]);
    }

    #[test]
    fn scalars_have_no_such_method() {
        assert_scalars_have_no_such_method(&COMPONENT);
    }
}
