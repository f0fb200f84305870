//! Derivate (`84bcdf4c-a068-3679-0cec-78bd6fcd3b48`): difference quotients of consecutive points.

use crate::kernels::elementwise::refuse_bool_subtract;
use crate::kernels::numeric_index::SortedPoints;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, SeriesValue};
use rheo_core::Value;
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Derivate 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "84bcdf4c-a068-3679-0cec-78bd6fcd3b48",
    revision_group_id: "84bcdf4c-a068-3679-0cec-78bd6fcd3b48",
    name: "Derivate",
    category: "Arithmetic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Difference quotients of consecutive points",
    inputs: &[PortSpec::new(
        "data",
        "5b9a025d-86aa-ae5c-61c3-f37e83852de2",
        DataType::Series,
    )],
    outputs: &[PortSpec::new(
        "diff_quo",
        "4ea5db5c-893a-c273-b696-c68463f6cdc2",
        DataType::Series,
    )],
};

/// Derivate as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Derivate: the backward difference quotient `(y[i] − y[i−1]) / (x[i] − x[i−1])` between
/// consecutive valid points, assigned to the later label. A series with fewer than 2
/// entries (counted before dropping NaN) raises ValueError; NaN values are dropped; the
/// index is sorted (numeric as is, otherwise converted with `pd.to_datetime`); x is the
/// numeric label or the elapsed seconds since the first timestamp. Unnamed float result;
/// duplicate x give ±inf/NaN.
/// Boolean values raise numpy's TypeError (booleans cannot be subtracted).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let series = inputs.series("data")?;
    let p = SortedPoints::of(series, "-")?;
    refuse_bool_subtract(&series.values)?;
    let (x, y) = (&p.x, &p.y);
    let quotients = (1..y.len())
        .map(|i| (y[i] - y[i - 1]) / (x[i] - x[i - 1]))
        .collect();
    let out = SeriesValue::new(
        p.index.take(p.order.get(1..).unwrap_or(&[])),
        Column::from_f64(quotients),
    );
    Ok(Outputs::single("diff_quo", Value::Series(out)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use crate::kernels::numeric_index::test_util::*;
    use rheo_core::Value;

    fn d(v: Value) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("data", v)])
    }

    #[test]
    fn quotients_on_numeric_and_datetime_indexes() {
        let (idx, v) = parts(&d(fs(&[4, 0, 2, 3], &[9.0, 1.0, 5.0, f64::NAN])).unwrap());
        assert_eq!(idx, [2, 4]);
        assert_floats(&v, &[2.0, 2.0]);
        let r = d(ts(&[0, 10, 30], &[0.0, 5.0, 25.0])).unwrap();
        let Value::Series(s) = r else { panic!() };
        assert_eq!(s.index.tz, rheo_core::value::Tz::Utc);
        assert_eq!(s.values.f64_values().unwrap().as_ref(), [0.5, 1.0]);
    }

    #[test]
    fn edge_cases() {
        let e = d(fs(&[0], &[1.0])).unwrap_err();
        assert_eq!(
            (e.type_name.as_str(), e.message.as_str()),
            ("ValueError", "size of data must be at least 2")
        );
        let (idx, _) = parts(&d(fs(&[0, 1], &[f64::NAN, 1.0])).unwrap());
        assert!(idx.is_empty());
        let (_, v) = parts(&d(fs(&[1, 1], &[1.0, 2.0])).unwrap());
        assert_floats(&v, &[f64::INFINITY]);
        assert_eq!(
            d(strs(&["a", "b"], &[1.0, 2.0])).unwrap_err().type_name,
            "TypeError"
        );
    }
}
