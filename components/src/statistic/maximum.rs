//! Maximum (`d72939c2-1b0c-065e-556a-c9974c179c0f`): pandas' `max()` of a series (→ scalar) or of every
//! column of a DataFrame (→ series).

use super::reduce::{run_aggregate, Agg};
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Maximum 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "d72939c2-1b0c-065e-556a-c9974c179c0f",
    revision_group_id: "d72939c2-1b0c-065e-556a-c9974c179c0f",
    name: "Maximum",
    category: "Statistic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Calculates the maximum",
    inputs: &[PortSpec::new(
        "data",
        "7f421540-fcf7-2467-d3d0-a50a7b363ae8",
        DataType::Any,
    )],
    outputs: &[PortSpec::new(
        "max",
        "07cb220c-638b-2d36-4f26-ddbe013e72d8",
        DataType::Any,
    )],
};

/// Maximum as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Maximum: pandas' `data.max()` with skipna semantics.
///
/// * A series gives a scalar of the data's dtype: INT for int data, BOOLEAN for bools,
///   FLOAT for floats, the largest string for strings, the latest timestamp as an
///   `isoformat()` string for datetimes (hetida's JSON encoder writes Timestamps that way);
///   empty or all-NaN → NaN.
/// * A DataFrame gives a series indexed by the column names: int if every column is int,
///   float for mixed numeric columns, strings if every column holds strings. Mixing string
///   and numeric columns (a pandas object series) or datetime columns raises
///   NotSupportedByNativeEngine.
/// * Plain numbers, strings, dicts and lists raise Python's AttributeError.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    run_aggregate(&SPEC, inputs, Agg::Max)
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
    fn series_max_keeps_dtype_and_skips_nan() {
        assert_eq!(
            run(fs(&[0, 1, 2, 3], &[1.7, f64::NAN, 0.3, 1.0])),
            Value::Float(1.7)
        );
        assert_eq!(run(is(&[0, 1, 2], &[9, -4, 1])), Value::Int(9));
        assert_eq!(run(is(&[0], &[-3])), Value::Int(-3));
        assert!(matches!(run(fs(&[], &[])), Value::Float(f) if f.is_nan()));
        assert!(matches!(run(is(&[], &[])), Value::Float(f) if f.is_nan()));
    }

    #[test]
    fn frame_max_per_column() {
        let r = run(frame(vec![
            ("a", Column::from_i64(vec![9, -4, 1])),
            ("b", Column::from_f64(vec![-1.0, f64::NAN, 4.0])),
        ]));
        let Value::Series(s) = r else { panic!() };
        assert_eq!(s.index.str_values().unwrap(), [Some("a"), Some("b")]);
        assert_floats(&s.values.f64_values().unwrap(), &[9.0, 4.0]);
    }

    #[test]
    fn scalars_have_no_such_method() {
        assert_scalars_have_no_such_method(&COMPONENT);
    }
}
