//! Shared kernel of the aggregate components (Average, Maximum, Median, Minimum, Standard
//! deviation): pandas' `Series.<agg>()` → scalar and `DataFrame.<agg>()` → Series per column,
//! with skipna semantics.
//!
//! Numerics follow pandas' `nanops` without bottleneck: sums are numpy's pairwise sums of the
//! data with NaN replaced by 0 ([`pairwise_sum`]), the mean divides by the count of non-NaN
//! values, the variance is the two-pass `sum((x - mean)^2) / (count - ddof)`, the median
//! averages the two middle values of the sorted non-NaN data. Integer and boolean data are
//! reduced as floats (max/min keep their dtype).

use crate::kernels::elementwise::{attribute_error, pairwise_sum};
use rheo_core::component::{ComponentSpec, Inputs, Outputs, OutputsExt};
use rheo_core::value::timestamp::format_isoformat;
use rheo_core::value::{Column, ColumnKind, SeriesValue};
use rheo_core::{ComponentError, Value};
use std::borrow::Cow;

/// The aggregate a component computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Agg {
    /// `mean()`.
    Mean,
    /// `median()`.
    Median,
    /// `max()`.
    Max,
    /// `min()`.
    Min,
    /// `std()` with ddof = 1.
    Std,
}

impl Agg {
    /// The pandas method name (for error messages).
    fn method(self) -> &'static str {
        match self {
            Agg::Mean => "mean",
            Agg::Median => "median",
            Agg::Max => "max",
            Agg::Min => "min",
            Agg::Std => "std",
        }
    }

    fn keeps_dtype(self) -> bool {
        matches!(self, Agg::Max | Agg::Min)
    }
}

/// The whole run of an aggregate component: [`reduce`] of its `data` input, returned as
/// the only output of `spec`.
pub(crate) fn run_aggregate(
    spec: &ComponentSpec,
    inputs: &Inputs,
    agg: Agg,
) -> Result<Outputs, ComponentError> {
    Ok(Outputs::single(
        spec.outputs[0].name,
        reduce(inputs.value("data")?, agg)?,
    ))
}

/// Test helpers shared by the aggregate components' tests.
#[cfg(test)]
pub(crate) mod test_support {
    use crate::kernels::elementwise::test_util::run1;
    use rheo_core::component::Component;
    use rheo_core::Value;

    /// Runs the aggregate component `c` on `data`; it must succeed.
    pub fn run_agg(c: &dyn Component, data: Value) -> Value {
        run1(c, &[("data", data)]).unwrap()
    }

    /// Plain numbers have no aggregate method (AttributeError) and `data` is required.
    pub fn assert_scalars_have_no_such_method(c: &dyn Component) {
        let e = run1(c, &[("data", Value::Int(3))]).unwrap_err();
        assert_eq!(e.type_name, "AttributeError");
        assert!(run1(c, &[]).is_err());
    }
}

/// One reduced value before it is put into a scalar or a result column.
#[derive(Debug, Clone, PartialEq)]
enum Reduced {
    Float(f64),
    Int(i64),
    Bool(bool),
    Str(String),
}

/// Applies `agg` to an ANY input as hetida's `data.<agg>()` would: a series gives a scalar,
/// a frame a float (or int/bool/string for max/min) series indexed by the column names, any
/// other value the AttributeError Python raises.
pub(crate) fn reduce(v: &Value, agg: Agg) -> Result<Value, ComponentError> {
    match v {
        Value::Series(s) => Ok(match reduce_column(&s.values, agg)? {
            Reduced::Float(f) => Value::Float(f),
            Reduced::Int(i) => Value::Int(i),
            Reduced::Bool(b) => Value::Bool(b),
            Reduced::Str(s) => Value::Str(s),
        }),
        Value::Frame(f) => {
            let mut names = Vec::with_capacity(f.columns.len());
            let mut results = Vec::with_capacity(f.columns.len());
            for (name, col) in &f.columns {
                if col.kind() == ColumnKind::Datetime {
                    return Err(not_supported(agg, "a DataFrame with datetime columns"));
                }
                names.push(Some(name.clone()));
                results.push(reduce_column(col, agg)?);
            }
            Ok(Value::Series(SeriesValue::new(
                Column::from_strings(names),
                result_column(results, agg)?,
            )))
        }
        other => Err(attribute_error(other, agg.method())),
    }
}

fn not_supported(agg: Agg, what: &str) -> ComponentError {
    ComponentError::not_supported(format!(
        "{}() of {what} needs pandas object/timedelta results, which the native engine \
             does not support",
        agg.method()
    ))
}

/// The per-column results as one series column: floats for mean/median/std; for max/min
/// ints (all int), bools (all bool), strings (all string) or floats (mixed numeric).
fn result_column(results: Vec<Reduced>, agg: Agg) -> Result<Column, ComponentError> {
    let all = |p: fn(&Reduced) -> bool| !results.is_empty() && results.iter().all(p);
    if all(|r| matches!(r, Reduced::Int(_))) {
        return Ok(Column::from_i64(
            results
                .iter()
                .map(|r| if let Reduced::Int(i) = r { *i } else { 0 })
                .collect(),
        ));
    }
    if all(|r| matches!(r, Reduced::Bool(_))) {
        return Ok(Column::from_bool(
            results
                .iter()
                .map(|r| matches!(r, Reduced::Bool(true)))
                .collect(),
        ));
    }
    let strings = results
        .iter()
        .filter(|r| matches!(r, Reduced::Str(_)))
        .count();
    if strings > 0 {
        // Columns of only missing strings reduce to NaN, which pandas puts into the same
        // object column; Rheo keeps them as missing strings.
        let pure = results
            .iter()
            .all(|r| matches!(r, Reduced::Str(_)) || matches!(r, Reduced::Float(f) if f.is_nan()));
        if !pure {
            return Err(not_supported(
                agg,
                "a DataFrame mixing string and numeric columns",
            ));
        }
        return Ok(Column::from_strings(
            results
                .into_iter()
                .map(|r| match r {
                    Reduced::Str(s) => Some(s),
                    _ => None,
                })
                .collect(),
        ));
    }
    Ok(Column::from_f64(
        results
            .iter()
            .map(|r| match r {
                Reduced::Float(f) => *f,
                Reduced::Int(i) => *i as f64,
                Reduced::Bool(b) => f64::from(u8::from(*b)),
                Reduced::Str(_) => f64::NAN,
            })
            .collect(),
    ))
}

/// Reduces one column with skipna semantics.
fn reduce_column(col: &Column, agg: Agg) -> Result<Reduced, ComponentError> {
    match col.kind() {
        ColumnKind::Str => {
            if !agg.keeps_dtype() {
                return Err(ComponentError::type_error(format!(
                    "Could not convert string values to numeric (pandas {}() of strings)",
                    agg.method()
                )));
            }
            let vals = col.str_values().unwrap_or_default();
            let it = vals.into_iter().flatten();
            let best = if agg == Agg::Max { it.max() } else { it.min() };
            Ok(best.map_or(Reduced::Float(f64::NAN), |s| Reduced::Str(s.to_string())))
        }
        ColumnKind::Datetime => {
            if !agg.keeps_dtype() {
                return Err(not_supported(agg, "datetimes"));
            }
            let ts = col.datetime_ns_opt().unwrap_or_default();
            let it = ts.into_iter().flatten();
            let best = if agg == Agg::Max { it.max() } else { it.min() };
            // A pandas Timestamp; hetida's JSON encoder writes it with isoformat().
            Ok(best.map_or(Reduced::Float(f64::NAN), |ns| {
                Reduced::Str(format_isoformat(ns, col.tz))
            }))
        }
        ColumnKind::Int if agg.keeps_dtype() && col.data.i64().is_ok() => {
            let v = col.i64_values().unwrap_or(Cow::Borrowed(&[]));
            let best = if agg == Agg::Max {
                v.iter().copied().max()
            } else {
                v.iter().copied().min()
            };
            Ok(best.map_or(Reduced::Float(f64::NAN), Reduced::Int))
        }
        ColumnKind::Bool if agg.keeps_dtype() => {
            let v = col.bool_values().unwrap_or_default();
            let it = v.into_iter().flatten();
            let best = if agg == Agg::Max { it.max() } else { it.min() };
            Ok(best.map_or(Reduced::Float(f64::NAN), Reduced::Bool))
        }
        _ => {
            let x = col.f64_values().unwrap_or(Cow::Borrowed(&[]));
            Ok(Reduced::Float(match agg {
                Agg::Mean => nanmean(&x),
                Agg::Std => nanvar(&x, 1).sqrt(),
                Agg::Median => nanmedian(&x),
                Agg::Max => x
                    .iter()
                    .copied()
                    .filter(|v| !v.is_nan())
                    .reduce(f64::max)
                    .unwrap_or(f64::NAN),
                Agg::Min => x
                    .iter()
                    .copied()
                    .filter(|v| !v.is_nan())
                    .reduce(f64::min)
                    .unwrap_or(f64::NAN),
            }))
        }
    }
}

/// The data with NaN replaced by 0 (borrowed when there is none) and the non-NaN count.
pub(crate) fn zero_filled(x: &[f64]) -> (Cow<'_, [f64]>, usize) {
    let nans = x.iter().filter(|v| v.is_nan()).count();
    if nans == 0 {
        (Cow::Borrowed(x), x.len())
    } else {
        (
            Cow::Owned(
                x.iter()
                    .map(|&v| if v.is_nan() { 0.0 } else { v })
                    .collect(),
            ),
            x.len() - nans,
        )
    }
}

/// pandas' `nanmean`: pairwise sum of the non-NaN values over their count (NaN if none).
pub(crate) fn nanmean(x: &[f64]) -> f64 {
    let (filled, count) = zero_filled(x);
    if count == 0 {
        return f64::NAN;
    }
    pairwise_sum(&filled) / count as f64
}

/// pandas' `nanvar`: two-pass variance of the non-NaN values with `ddof` (NaN when
/// `count <= ddof`).
pub(crate) fn nanvar(x: &[f64], ddof: usize) -> f64 {
    let (filled, count) = zero_filled(x);
    if count <= ddof {
        return f64::NAN;
    }
    let avg = pairwise_sum(&filled) / count as f64;
    let sqr: Vec<f64> = x
        .iter()
        .map(|&v| {
            if v.is_nan() {
                0.0
            } else {
                (avg - v) * (avg - v)
            }
        })
        .collect();
    pairwise_sum(&sqr) / (count - ddof) as f64
}

/// Median of the non-NaN values (mean of the two middle ones for even counts; NaN if none).
pub(crate) fn nanmedian(x: &[f64]) -> f64 {
    let mut v: Vec<f64> = x.iter().copied().filter(|v| !v.is_nan()).collect();
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    let cmp = |a: &f64, b: &f64| a.total_cmp(b);
    let (_, &mut hi, _) = v.select_nth_unstable_by(n / 2, cmp);
    if n % 2 == 1 {
        return hi;
    }
    // The lower middle is the largest value left of the upper one.
    let lo = v[..n / 2].iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (lo + hi) / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::{assert_floats, is, range_frame as frame};
    use rheo_core::value::Tz;

    fn series_parts(v: &Value) -> (Vec<Option<String>>, &Column) {
        let Value::Series(s) = v else {
            panic!("not a series: {v:?}")
        };
        (
            s.index
                .str_values()
                .unwrap()
                .into_iter()
                .map(|x| x.map(str::to_string))
                .collect(),
            &s.values,
        )
    }

    #[test]
    fn median_of_odd_even_and_nan_data() {
        assert_eq!(nanmedian(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(nanmedian(&[1.7, 0.3, 0.3, 1.0]), 0.65);
        assert_eq!(nanmedian(&[f64::NAN, 4.0, 1.0]), 2.5);
        assert!(nanmedian(&[]).is_nan());
        assert!(nanmedian(&[f64::NAN]).is_nan());
    }

    #[test]
    fn variance_is_two_pass_with_ddof() {
        // 1.7, 0.3, 1.0: mean 1.0, squares 0.49 + 0.49 + 0 = 0.98, / 2 = 0.49.
        assert!((nanvar(&[1.7, f64::NAN, 0.3, 1.0], 1) - 0.49).abs() < 1e-15);
        assert!(nanvar(&[5.0], 1).is_nan());
        assert_eq!(nanvar(&[5.0], 0), 0.0);
        assert!(nanvar(&[], 1).is_nan());
    }

    #[test]
    fn int_max_stays_int_and_empty_gives_nan() {
        assert_eq!(
            reduce(&is(&[0, 1], &[3, 7]), Agg::Max).unwrap(),
            Value::Int(7)
        );
        assert_eq!(
            reduce(&is(&[0, 1], &[3, 7]), Agg::Mean).unwrap(),
            Value::Float(5.0)
        );
        let Value::Float(f) = reduce(&is(&[], &[]), Agg::Min).unwrap() else {
            panic!()
        };
        assert!(f.is_nan());
    }

    #[test]
    fn frames_reduce_per_column_with_common_dtype() {
        let f = frame(vec![
            ("a", Column::from_i64(vec![9, -4, 1])),
            ("b", Column::from_f64(vec![f64::NAN, 0.5, 2.0])),
        ]);
        let r = reduce(&f, Agg::Max).unwrap();
        let (idx, vals) = series_parts(&r);
        assert_eq!(idx, [Some("a".into()), Some("b".into())]);
        assert_floats(&vals.f64_values().unwrap(), &[9.0, 2.0]);
        let only_ints = frame(vec![("a", Column::from_i64(vec![9, -4, 1]))]);
        let r = reduce(&only_ints, Agg::Min).unwrap();
        assert_eq!(*series_parts(&r).1, Column::from_i64(vec![-4]));
        let strs = frame(vec![(
            "s",
            Column::from_strings(vec![Some("b".into()), None, Some("a".into())]),
        )]);
        let r = reduce(&strs, Agg::Max).unwrap();
        assert_eq!(series_parts(&r).1.str_values().unwrap(), [Some("b")]);
        assert_eq!(reduce(&strs, Agg::Mean).unwrap_err().type_name, "TypeError");
        let mixed = frame(vec![
            ("a", Column::from_i64(vec![1])),
            ("s", Column::from_strings(vec![Some("x".into())])),
        ]);
        assert_eq!(
            reduce(&mixed, Agg::Max).unwrap_err().type_name,
            "NotSupportedByNativeEngine"
        );
    }

    #[test]
    fn datetime_max_is_an_isoformat_string() {
        let s = Value::Series(SeriesValue::new(
            Column::range(3),
            Column::from_opt_datetime_ns(vec![Some(0), None, Some(60_000_000_000)], Tz::Utc),
        ));
        assert_eq!(
            reduce(&s, Agg::Max).unwrap(),
            Value::Str("1970-01-01T00:01:00+00:00".into())
        );
        assert_eq!(
            reduce(&s, Agg::Median).unwrap_err().type_name,
            "NotSupportedByNativeEngine"
        );
    }

    #[test]
    fn non_pandas_values_raise_attribute_error() {
        let e = reduce(&Value::Float(1.0), Agg::Mean).unwrap_err();
        assert_eq!(e.type_name, "AttributeError");
        assert_eq!(e.message, "'float' object has no attribute 'mean'");
        let e = reduce(&Value::Json(serde_json::json!([1, 2])), Agg::Std).unwrap_err();
        assert_eq!(e.message, "'list' object has no attribute 'std'");
    }
}
