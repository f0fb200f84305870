//! Maximum (`d72939c2-1b0c-065e-556a-c9974c179c0f`): pandas' `max()` of a series (→ scalar) or of every
//! column of a DataFrame (→ series).

use super::reduce::{reduce, Agg};
use rheo_core::component::{Component, ComponentSpec, Inputs, Outputs, PortSpec};
use rheo_core::{ComponentError, DataType};
use std::sync::Arc;

/// Identity and ports of Maximum 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "d72939c2-1b0c-065e-556a-c9974c179c0f",
    revision_group_id: "d72939c2-1b0c-065e-556a-c9974c179c0f",
    name: "Maximum",
    category: "Statistic",
    version_tag: "1.0.0",
    state: "RELEASED",
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
#[derive(Debug, Clone, Copy, Default)]
pub struct Maximum;

impl Component for Maximum {
    fn spec(&self) -> &'static ComponentSpec {
        &SPEC
    }

    fn run(&self, inputs: &Inputs) -> Result<Outputs, ComponentError> {
        let result = reduce(inputs.value("data")?, Agg::Max)?;
        let mut out = Outputs::with_capacity(1);
        out.insert("max", Arc::new(result));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::elementwise::test_util::{assert_floats, fs, is, run1};
    #[allow(unused_imports)]
    use rheo_core::value::{Column, FrameValue, SeriesValue};
    use rheo_core::Value;

    fn run(data: Value) -> Value {
        run1(&Maximum, &[("data", data)]).unwrap()
    }

    #[allow(dead_code)]
    fn frame(cols: Vec<(&str, Column)>) -> Value {
        let n = cols.first().map_or(0, |c| c.1.len());
        Value::Frame(FrameValue {
            index: Column::range(n),
            columns: cols.into_iter().map(|(k, c)| (k.to_string(), c)).collect(),
            attrs: Default::default(),
        })
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
        let e = run1(&Maximum, &[("data", Value::Int(3))]).unwrap_err();
        assert_eq!(e.type_name, "AttributeError");
        assert!(run1(&Maximum, &[]).is_err());
    }
}
