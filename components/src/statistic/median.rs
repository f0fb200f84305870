//! Median (`dc9dcd3d-88a0-539c-c5d9-bb52c0eded33`): pandas' `median()` of a series (→ scalar) or of every
//! column of a DataFrame (→ series).

use super::reduce::{run_aggregate, Agg};
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Median 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "dc9dcd3d-88a0-539c-c5d9-bb52c0eded33",
    revision_group_id: "dc9dcd3d-88a0-539c-c5d9-bb52c0eded33",
    name: "Median",
    category: "Statistic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Calculates the median",
    inputs: &[PortSpec::new(
        "data",
        "f40f20e1-1a7e-6069-7620-c39ee314b651",
        DataType::Any,
    )],
    outputs: &[PortSpec::new(
        "median",
        "ba52acd3-92d0-9f51-5e2e-c7575d5c2cca",
        DataType::Any,
    )],
};

/// Median as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Median: pandas' `data.median()` with skipna semantics.
///
/// * A series gives a FLOAT: the middle of the sorted non-NaN values, the mean of the two
///   middle ones for even counts (ints are converted); empty or all-NaN → NaN.
/// * A DataFrame gives a float series indexed by the column names.
/// * Errors: strings raise TypeError, datetimes NotSupportedByNativeEngine (a Timestamp
///   result); plain numbers, strings, dicts and lists raise Python's AttributeError.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    run_aggregate(&SPEC, inputs, Agg::Median)
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
    fn series_median_averages_the_middle_pair() {
        // hetida's documented example.
        assert_eq!(
            run(fs(&[0, 1, 2, 3], &[1.7, 0.3, 0.3, 1.0])),
            Value::Float(0.65)
        );
        assert_eq!(
            run(fs(&[0, 1, 2], &[3.0, f64::NAN, 1.0])),
            Value::Float(2.0)
        );
        assert_eq!(run(is(&[0, 1, 2], &[9, -4, 1])), Value::Float(1.0));
        assert_eq!(run(is(&[0], &[7])), Value::Float(7.0));
        assert!(matches!(run(fs(&[], &[])), Value::Float(f) if f.is_nan()));
    }

    #[test]
    fn frame_median_per_column() {
        let r = run(frame(vec![
            ("a", Column::from_i64(vec![9, -4, 1])),
            ("b", Column::from_f64(vec![f64::NAN, f64::NAN, f64::NAN])),
        ]));
        let Value::Series(s) = r else { panic!() };
        assert_floats(&s.values.f64_values().unwrap(), &[1.0, f64::NAN]);
    }

    #[test]
    fn scalars_have_no_such_method() {
        assert_scalars_have_no_such_method(&COMPONENT);
    }
}
