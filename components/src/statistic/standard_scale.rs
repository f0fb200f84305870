//! Standard Scale (`6c4ce4d5-e73f-210e-48a8-230c8e5088ef`): z-scores of every column
//! (scikit-learn `StandardScaler`).

use super::reduce::zero_filled;
use crate::kernels::elementwise::{attribute_error, pairwise_sum};
use crate::kernels::estimators::native::sklearn_floats;
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::value::{Column, FrameValue, SeriesValue};
use rheo_core::{ComponentError, DataType, Value};
use std::sync::Arc;

/// Identity and ports of Standard Scale 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "6c4ce4d5-e73f-210e-48a8-230c8e5088ef",
    revision_group_id: "6c4ce4d5-e73f-210e-48a8-230c8e5088ef",
    name: "Standard Scale",
    category: "Statistic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Applies Standard Scaling",
    inputs: &[PortSpec::new(
        "data",
        "e9b15143-fbda-a5da-dbff-566e70e1a596",
        DataType::Any,
    )],
    outputs: &[PortSpec::new(
        "scaled",
        "f663ee05-50a9-fe08-b15a-cb26d845681d",
        DataType::Any,
    )],
};

/// Standard Scale as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Standard Scale: `(x - mean) / std` per column with the **population** standard deviation
/// (ddof = 0), as scikit-learn's `StandardScaler().fit_transform`.
///
/// * Mean and variance ignore NaN (which stay NaN in the output) and follow scikit-learn's
///   corrected two-pass formula (`(sum((x - m)^2) - sum(x - m)^2 / n) / n`, pairwise sums).
///   A constant column (variance within rounding of 0, scikit-learn's `_is_constant_feature`
///   bound) is divided by 1, i.e. becomes all zeros.
/// * A DataFrame gives a float DataFrame with the same index and columns (attrs dropped, as
///   the frame is rebuilt). A series is scaled as a one-column frame and squeezed back: a
///   float series with the same index and name — and a length-1 series collapses to a plain
///   FLOAT (pandas' `squeeze`). Deviation: pandas would name the result of an unnamed
///   series `0` (the to_frame column label); Rheo keeps it unnamed.
/// * Errors as scikit-learn's input validation: no rows or no columns → ValueError
///   ("Found array with 0 sample(s) …"), ±inf → ValueError, string columns → ValueError
///   ("could not convert string to float: …"), datetime columns → TypeError; plain numbers,
///   dicts and lists raise Python's AttributeError (`'float' object has no attribute
///   'to_frame'`).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let scaled = match inputs.value("data")? {
        Value::Frame(f) => {
            check_shape(f.height(), f.columns.len())?;
            let columns = f
                .columns
                .iter()
                .map(|(name, col)| Ok((name.clone(), Column::from_f64(scale_column(col)?))))
                .collect::<Result<_, ComponentError>>()?;
            Value::Frame(FrameValue {
                index: f.index.clone(),
                columns,
                attrs: Default::default(),
            })
        }
        Value::Series(s) => {
            check_shape(s.len(), 1)?;
            let values = scale_column(&s.values)?;
            if values.len() == 1 {
                Value::Float(values[0])
            } else {
                Value::Series(SeriesValue {
                    name: s.name.clone(),
                    index: s.index.clone(),
                    values: Column::from_f64(values),
                    attrs: Default::default(),
                })
            }
        }
        other => return Err(attribute_error(other, "to_frame")),
    };
    let mut out = Outputs::with_capacity(1);
    out.insert("scaled", Arc::new(scaled));
    Ok(out)
}

fn check_shape(rows: usize, cols: usize) -> Result<(), ComponentError> {
    if rows == 0 {
        return Err(ComponentError::value_error(format!(
            "Found array with 0 sample(s) (shape=(0, {cols})) while a minimum of 1 is \
             required by StandardScaler."
        )));
    }
    if cols == 0 {
        return Err(ComponentError::value_error(format!(
            "Found array with 0 feature(s) (shape=({rows}, 0)) while a minimum of 1 is \
             required by StandardScaler."
        )));
    }
    Ok(())
}

/// The scaled values of one column.
fn scale_column(col: &Column) -> Result<Vec<f64>, ComponentError> {
    let x = sklearn_floats(col, || {
        "StandardScaler cannot convert datetime data to float".to_string()
    })?;
    if x.iter().any(|v| v.is_infinite()) {
        return Err(ComponentError::value_error(
            "Input X contains infinity or a value too large for dtype('float64').",
        ));
    }
    let (mean, scale) = mean_and_scale(&x);
    Ok(x.iter().map(|&v| (v - mean) / scale).collect())
}

/// scikit-learn's `mean_` and `scale_` of one column (NaN ignored).
fn mean_and_scale(x: &[f64]) -> (f64, f64) {
    let (filled, count) = zero_filled(x);
    let n = count as f64;
    let mean = pairwise_sum(&filled) / n;
    let temp: Vec<f64> = x
        .iter()
        .map(|&v| if v.is_nan() { 0.0 } else { v - mean })
        .collect();
    let correction = pairwise_sum(&temp);
    let sq: Vec<f64> = temp.iter().map(|t| t * t).collect();
    let var = (pairwise_sum(&sq) - correction * correction / n) / n;
    let eps = f64::EPSILON;
    let upper_bound = n * eps * var + (n * mean * eps).powi(2);
    let scale = if var <= upper_bound { 1.0 } else { var.sqrt() };
    (mean, scale)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::{assert_floats, fs, is, run1};

    fn run(data: Value) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("data", data)])
    }

    #[test]
    fn series_gets_z_scores_with_population_std() {
        // 1, 2, 3: mean 2, population variance 2/3.
        let r = run(fs(&[5, 6, 7], &[1.0, 2.0, 3.0])).unwrap();
        let Value::Series(s) = r else { panic!() };
        let z = 1.0 / (2.0f64 / 3.0).sqrt();
        assert_floats(&s.values.f64_values().unwrap(), &[-z, 0.0, z]);
        assert_eq!(s.index.i64_values().unwrap().as_ref(), [5, 6, 7]);
        // Ints are scaled as floats; NaN is ignored and kept.
        let r = run(is(&[0, 1], &[0, 10])).unwrap();
        let Value::Series(s) = r else { panic!() };
        assert_floats(&s.values.f64_values().unwrap(), &[-1.0, 1.0]);
        let r = run(fs(&[0, 1, 2], &[0.0, f64::NAN, 10.0])).unwrap();
        let Value::Series(s) = r else { panic!() };
        assert_floats(&s.values.f64_values().unwrap(), &[-1.0, f64::NAN, 1.0]);
    }

    #[test]
    fn constant_columns_become_zero_and_single_points_squeeze() {
        let r = run(fs(&[0, 1, 2], &[0.1, 0.1, 0.1])).unwrap();
        let Value::Series(s) = r else { panic!() };
        assert_floats(&s.values.f64_values().unwrap(), &[0.0, 0.0, 0.0]);
        assert_eq!(run(fs(&[3], &[42.0])).unwrap(), Value::Float(0.0));
    }

    #[test]
    fn frames_are_scaled_per_column() {
        let f = Value::Frame(FrameValue {
            index: Column::range(2),
            columns: [
                ("a".to_string(), Column::from_f64(vec![1.0, 3.0])),
                ("b".to_string(), Column::from_i64(vec![5, 5])),
            ]
            .into_iter()
            .collect(),
            attrs: Default::default(),
        });
        let Value::Frame(r) = run(f).unwrap() else {
            panic!()
        };
        assert_floats(&r.columns["a"].f64_values().unwrap(), &[-1.0, 1.0]);
        assert_floats(&r.columns["b"].f64_values().unwrap(), &[0.0, 0.0]);
        // A one-row frame stays a frame.
        let one = Value::Frame(FrameValue {
            index: Column::range(1),
            columns: [("a".to_string(), Column::from_f64(vec![2.0]))]
                .into_iter()
                .collect(),
            attrs: Default::default(),
        });
        assert!(matches!(run(one).unwrap(), Value::Frame(_)));
    }

    #[test]
    fn invalid_inputs_raise_like_scikit_learn() {
        let e = run(fs(&[], &[])).unwrap_err();
        assert_eq!(e.type_name, "ValueError");
        assert!(e
            .message
            .starts_with("Found array with 0 sample(s) (shape=(0, 1))"));
        let e = run(fs(&[0, 1], &[1.0, f64::INFINITY])).unwrap_err();
        assert!(e.message.contains("infinity"));
        let strs = Value::Series(SeriesValue::new(
            Column::range(2),
            Column::from_strings(vec![Some("x".into()), Some("y".into())]),
        ));
        assert_eq!(
            run(strs).unwrap_err().message,
            "could not convert string to float: 'x'"
        );
        let e = run(Value::Float(1.0)).unwrap_err();
        assert_eq!(e.type_name, "AttributeError");
        let empty = Value::Frame(FrameValue {
            index: Column::range(2),
            columns: Default::default(),
            attrs: Default::default(),
        });
        assert!(run(empty).unwrap_err().message.contains("0 feature(s)"));
    }
}
