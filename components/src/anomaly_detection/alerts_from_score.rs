//! Alerts from Score (`38f168ef-cb06-d89c-79b3-0cd823f32e9d`): start (+1) and end (-1)
//! markers of the phases in which a score exceeds a threshold.

use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::value::{Column, ColumnKind, SeriesValue};
use rheo_core::{ComponentError, DataType, Value};
use std::sync::Arc;

/// Identity and ports of Alerts from Score 1.0.0 (connector ids from workflows.md
/// Appendix A).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "38f168ef-cb06-d89c-79b3-0cd823f32e9d",
    revision_group_id: "38f168ef-cb06-d89c-79b3-0cd823f32e9d",
    name: "Alerts from Score",
    category: "Anomaly Detection",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Generate a Series indicating starts and ends of anomalous situations",
    inputs: &[
        PortSpec::new(
            "scores",
            "3110e5f9-9ef5-7db7-a857-a6c701086527",
            DataType::Series,
        ),
        PortSpec::new(
            "threshold",
            "d3d0b592-a24f-991d-2731-0531d5479e7f",
            DataType::Float,
        ),
    ],
    outputs: &[PortSpec::new(
        "alerts",
        "f63a12d8-81d2-6701-20ce-948575f7b012",
        DataType::Series,
    )],
};

/// Alerts from Score as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Alerts from Score: each score becomes 1 if it is strictly greater than `threshold`,
/// else 0 (NaN scores and a NaN threshold give 0); the output is the first difference of
/// that sequence in the series' row order (no sorting) with the first element 0.
///
/// * Output: float series with values -1.0 (alert phase ends), 0.0, 1.0 (phase starts), the
///   same index (duplicates and order kept) and attrs, named `"alerts"`. A series already
///   above the threshold at its first point gets no +1 there.
/// * An empty series gives an empty float series.
/// * Errors: string or datetime scores raise TypeError (pandas' invalid comparison).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let scores = inputs.series("scores")?;
    let threshold = inputs.float("threshold")?;
    let x = match scores.values.kind() {
        ColumnKind::Str | ColumnKind::Datetime => None,
        _ => scores.values.f64_values(),
    }
    .ok_or_else(|| {
        ComponentError::type_error(format!(
            "'>' not supported between the {} values of 'scores' and 'float'",
            if scores.values.kind() == ColumnKind::Str {
                "string"
            } else {
                "datetime"
            }
        ))
    })?;
    let mut alerts = Vec::with_capacity(x.len());
    let mut prev = 0.0;
    for (i, &v) in x.iter().enumerate() {
        let cur = if v > threshold { 1.0 } else { 0.0 };
        alerts.push(if i == 0 { 0.0 } else { cur - prev });
        prev = cur;
    }
    let out_series = SeriesValue {
        name: Some("alerts".to_string()),
        index: scores.index.clone(),
        values: Column::from_f64(alerts),
        attrs: scores.attrs.clone(),
    };
    let mut out = Outputs::with_capacity(1);
    out.insert("alerts", Arc::new(Value::Series(out_series)));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::{assert_floats, fs, is, parts, run1};

    fn run(scores: Value, threshold: f64) -> Result<Value, ComponentError> {
        run1(
            &COMPONENT,
            &[("scores", scores), ("threshold", Value::Float(threshold))],
        )
    }

    #[test]
    fn marks_starts_and_ends_of_alert_phases() {
        // above: 0 1 1 0 0 (NaN) 1 → diff: 0 1 0 -1 0 0 1
        let s = fs(
            &[10, 20, 30, 40, 50, 60],
            &[0.5, 2.0, 3.0, 1.0, f64::NAN, 5.0],
        );
        let r = run(s, 1.0).unwrap();
        let (idx, vals) = parts(&r);
        assert_eq!(idx, [10, 20, 30, 40, 50, 60]);
        assert_floats(&vals, &[0.0, 1.0, 0.0, -1.0, 0.0, 1.0]);
        let Value::Series(r) = r else { panic!() };
        assert_eq!(r.name.as_deref(), Some("alerts"));
    }

    #[test]
    fn first_point_is_never_an_alert_and_order_is_kept() {
        // Already above at the first point; unsorted, duplicate labels; ints; equal is not
        // above.
        let r = run(is(&[3, 1, 1], &[5, 5, 1]), 1.0).unwrap();
        let (idx, vals) = parts(&r);
        assert_eq!(idx, [3, 1, 1]);
        assert_floats(&vals, &[0.0, 0.0, -1.0]);
        let r = run(fs(&[0], &[9.0]), 1.0).unwrap();
        assert_floats(&parts(&r).1, &[0.0]);
        let r = run(fs(&[], &[]), 1.0).unwrap();
        assert!(parts(&r).1.is_empty());
        // NaN threshold: nothing is above.
        let r = run(fs(&[0, 1], &[1.0, 2.0]), f64::NAN).unwrap();
        assert_floats(&parts(&r).1, &[0.0, 0.0]);
    }

    #[test]
    fn string_scores_raise() {
        let s = Value::Series(SeriesValue::new(
            Column::range(1),
            Column::from_strings(vec![Some("a".into())]),
        ));
        assert_eq!(run(s, 1.0).unwrap_err().type_name, "TypeError");
    }
}
