//! Series Difference Quotients (`3de190af-3103-4462-b5ba-2f431494abe8`): difference
//! quotients of consecutive points in the given order.

use crate::kernels::elementwise::numeric;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, ColumnKind, SeriesValue};
use rheo_core::Value;
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Series Difference Quotients 1.0.0. A Python-module component: its
/// port ids are hetida's `get_uuid_from_seed("component_input_<name>")` /
/// `("component_output_<name>")`.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "3de190af-3103-4462-b5ba-2f431494abe8",
    revision_group_id: "6c7665d7-8f4e-4ec9-892b-e3a89b213a11",
    name: "Series Difference Quotients",
    category: "Basic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Compute difference quotiens of a series",
    inputs: &[
        PortSpec::new(
            "series",
            "31a7c0a2-8d35-6c57-d742-f0a8092d0c87",
            DataType::Series,
        ),
        PortSpec::optional(
            "dropna",
            "861b0d96-dd41-cad6-3148-e2df8c5194a4",
            DataType::Boolean,
            "true",
        ),
    ],
    outputs: &[PortSpec::new(
        "difference_quotients",
        "d5b1c017-3ddc-0aed-92b5-c367d86241b0",
        DataType::Series,
    )],
};

/// Series Difference Quotients as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Series Difference Quotients: `series.diff() / h` in the series' given order (no sorting,
/// no NaN pre-filtering), where h is the difference of consecutive index labels (seconds via
/// `total_seconds()` for a datetime index, the plain difference for a numeric one). The first
/// point and the points at and after a NaN value are NaN; with `dropna` (default true) NaN
/// results are dropped, ±inf from repeated labels are kept. The result is an unnamed float
/// series on the remaining labels. A string index raises TypeError.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let s = inputs.series("series")?;
    let dropna = match inputs.get("dropna").map(|v| v.as_ref()) {
        None | Some(Value::Null) => true,
        Some(Value::Bool(b)) => *b,
        Some(Value::Int(i)) => *i != 0,
        Some(other) => {
            return Err(ComponentError::type_error(format!(
                "input 'dropna' must be a boolean, got {}",
                other.kind_name()
            )))
        }
    };
    let y = numeric(&s.values, "-")?.to_f64().into_owned();
    let n = y.len();
    let h: Vec<f64> = match s.index.kind() {
        ColumnKind::Datetime => {
            let t = s.index.datetime_ns_opt().unwrap_or_default();
            (1..n)
                .map(|i| match (t[i], t[i - 1]) {
                    (Some(a), Some(b)) => (i128::from(a) - i128::from(b)) as f64 / 1e9,
                    _ => f64::NAN,
                })
                .collect()
        }
        ColumnKind::Str => {
            return Err(ComponentError::type_error(
                "unsupported operand type(s) for -: 'str' and 'str'",
            ))
        }
        _ => {
            let x = s.index.f64_values().unwrap_or_default();
            x.windows(2).map(|w| w[1] - w[0]).collect()
        }
    };
    let mut q = Vec::with_capacity(n);
    if n > 0 {
        q.push(f64::NAN);
    }
    q.extend((1..n).map(|i| (y[i] - y[i - 1]) / h[i - 1]));
    let (index, values) = if dropna {
        let keep: Vec<usize> = (0..n).filter(|&i| !q[i].is_nan()).collect();
        let v = keep.iter().map(|&i| q[i]).collect();
        (s.index.take(&keep), v)
    } else {
        (s.index.clone(), q)
    };
    let out = SeriesValue {
        name: None,
        index,
        values: Column::from_f64(values),
        attrs: s.attrs.clone(),
    };
    Ok(Outputs::single("difference_quotients", Value::Series(out)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::compare::test_util::*;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::value::Tz;

    fn dq(s: Value, dropna: Option<bool>) -> Result<Value, ComponentError> {
        let mut inputs = vec![("series", s)];
        if let Some(d) = dropna {
            inputs.push(("dropna", Value::Bool(d)));
        }
        run1(&COMPONENT, &inputs)
    }

    #[test]
    fn quotients_in_given_order() {
        // Index 0, 2, 1 (unsorted, kept): h = 2, -1; diffs = 4, -2.
        let r = dq(named(fs(&[0, 2, 1], &[1.0, 5.0, 3.0]), "x"), None).unwrap();
        let (idx, v) = parts(&r);
        assert_eq!(idx, [2, 1]);
        assert_floats(&v, &[2.0, 2.0]);
        let Value::Series(s) = r else { panic!() };
        assert_eq!(s.name, None);
        // Datetime index in seconds.
        let r = dq(
            tz_series(&[0, 10, 30], Tz::Utc, &[0.0, 5.0, 6.0]),
            Some(true),
        )
        .unwrap();
        let Value::Series(s) = r else { panic!() };
        assert_floats(&s.values.f64_values().unwrap(), &[0.5, 0.05]);
    }

    #[test]
    fn nan_propagation_dropna_and_inf() {
        let s = fs(&[0, 1, 2, 3, 3], &[1.0, f64::NAN, 2.0, 4.0, 5.0]);
        let (idx, v) = parts(&dq(s.clone(), Some(false)).unwrap());
        assert_eq!(idx, [0, 1, 2, 3, 3]);
        assert_floats(&v, &[f64::NAN, f64::NAN, f64::NAN, 2.0, f64::INFINITY]);
        let (idx, v) = parts(&dq(s, None).unwrap());
        assert_eq!(idx, [3, 3]);
        assert_floats(&v, &[2.0, f64::INFINITY]);
        let (idx, _) = parts(&dq(fs(&[], &[]), None).unwrap());
        assert!(idx.is_empty());
    }
}
