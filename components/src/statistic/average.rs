//! Average (`bbf3e562-439a-9662-616f-969bf79d57a2`): pandas' `mean()` of a series (→ scalar) or of every
//! column of a DataFrame (→ series).

use super::reduce::{run_aggregate, Agg};
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Average 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "bbf3e562-439a-9662-616f-969bf79d57a2",
    revision_group_id: "bbf3e562-439a-9662-616f-969bf79d57a2",
    name: "Average",
    category: "Statistic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Calculates the average",
    inputs: &[PortSpec::new(
        "data",
        "b2a0c07a-11a5-898a-e5c5-78f39a9d06b0",
        DataType::Any,
    )],
    outputs: &[PortSpec::new(
        "average",
        "ad503a44-073e-aa13-5c9a-906d4c3552ed",
        DataType::Any,
    )],
};

/// Average as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Average: pandas' `data.mean()` with skipna semantics.
///
/// * A series gives a FLOAT: the pairwise sum of its non-NaN values over their count
///   (ints and bools are averaged as floats); empty or all-NaN → NaN.
/// * A DataFrame gives a float series indexed by the column names (unnamed).
/// * Errors: string data raise TypeError (pandas 2 no longer skips non-numeric columns,
///   unlike hetida's documentation claims); datetime data raise NotSupportedByNativeEngine
///   (the result would be a Timestamp/Timedelta); plain numbers, strings, dicts and lists
///   raise Python's AttributeError (`'float' object has no attribute 'mean'`).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    run_aggregate(&SPEC, inputs, Agg::Mean)
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
    fn series_mean_skips_nan() {
        // hetida's documented example: (1.7 + 0.3 + 1.0) / 3 = 1.0.
        let s = fs(&[0, 1, 2, 3], &[1.7, f64::NAN, 0.3, 1.0]);
        assert_eq!(run(s), Value::Float(1.0));
        assert_eq!(run(is(&[0, 1], &[1, 2])), Value::Float(1.5));
        assert_eq!(run(fs(&[5], &[2.5])), Value::Float(2.5));
        assert!(matches!(run(fs(&[], &[])), Value::Float(f) if f.is_nan()));
        assert!(matches!(run(fs(&[0], &[f64::NAN])), Value::Float(f) if f.is_nan()));
    }

    #[test]
    fn frame_mean_per_column() {
        let r = run(frame(vec![
            ("a", Column::from_i64(vec![9, -4, 1])),
            ("b", Column::from_f64(vec![-1.0, f64::NAN, 4.0])),
        ]));
        let Value::Series(s) = r else { panic!() };
        assert_eq!(s.index.str_values().unwrap(), [Some("a"), Some("b")]);
        assert_floats(&s.values.f64_values().unwrap(), &[2.0, 1.5]);
    }

    #[test]
    fn scalars_have_no_such_method() {
        assert_scalars_have_no_such_method(&COMPONENT);
    }
}
