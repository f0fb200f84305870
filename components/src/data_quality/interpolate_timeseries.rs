//! Interpolate Timeseries (`47c145cb-acce-442e-9f57-31446172a49a`): recomputes the values at
//! flagged timestamps by interpolation (`Series.interpolate(**interpolation_params)`).

use crate::kernels::elementwise::{numeric, py_type};
use crate::kernels::scipy_interpolation::{interpolate_scipy, ScipyMethod};
use crate::kernels::time_index::{fill_pad, interpolate_1d, LimitArea, LimitDirection};
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::value::{Column, ColumnKind, SeriesValue};
use rheo_core::{ComponentError, DataType, Value};
use serde_json::Value as Json;
use std::sync::Arc;

/// Identity and ports of Interpolate Timeseries 0.1.4 (hetida's connector ids, workflows.md
/// Appendix A).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "47c145cb-acce-442e-9f57-31446172a49a",
    revision_group_id: "ee2eb771-be37-44a4-b8f3-8a5414aff234",
    name: "Interpolate Timeseries",
    category: "Data Quality",
    version_tag: "0.1.4",
    state: State::Released,
    description: "Interpolate a timeseries at filtered positions",
    inputs: &[
        PortSpec::new(
            "timeseries",
            "32c68103-28a2-b3e4-2010-376ff57f0be0",
            DataType::Series,
        ),
        PortSpec::new(
            "filter_series",
            "adbf2ff2-5303-240a-1b2a-252612160640",
            DataType::Series,
        ),
        PortSpec::optional(
            "interpolation_params",
            "50308eef-718d-f477-e8e4-01fe00cdda08",
            DataType::Any,
            r#"{"method": "time"}"#,
        ),
    ],
    outputs: &[
        PortSpec::new(
            "interpolated_timeseries",
            "cce7946e-b305-205c-41e5-19810332fd7a",
            DataType::Series,
        ),
        PortSpec::new(
            "new_values",
            "7a3e80ea-803c-60f2-0429-46a0fe284b08",
            DataType::Series,
        ),
    ],
};

/// The supported subset of pandas' `interpolate` keyword arguments.
struct Params {
    method: String,
    /// `None`: pandas infers it from the method (backward for bfill, else forward).
    direction: Option<LimitDirection>,
    area: LimitArea,
    limit: Option<usize>,
    /// The spline or polynomial order (`polynomial`; ignored by the other methods).
    order: Option<usize>,
}

fn parse_params(v: &Value) -> Result<Params, ComponentError> {
    let obj = match v {
        Value::Json(Json::Object(m)) => m.clone(),
        Value::Null => {
            return Err(ComponentError::new(
                "AttributeError",
                "'NoneType' object has no attribute 'get'",
            ))
        }
        other => {
            return Err(ComponentError::new(
                "AttributeError",
                format!("'{}' object has no attribute 'get'", py_type(other)),
            ))
        }
    };
    let mut p = Params {
        method: "linear".into(),
        direction: None,
        area: LimitArea::Any,
        limit: None,
        order: None,
    };
    for (k, val) in &obj {
        match (k.as_str(), val) {
            ("method", Json::String(m)) => p.method = m.clone(),
            ("limit_direction", Json::String(d)) => {
                p.direction = match d.to_lowercase().as_str() {
                    "forward" => Some(LimitDirection::Forward),
                    "backward" => Some(LimitDirection::Backward),
                    "both" => Some(LimitDirection::Both),
                    _ => {
                        return Err(ComponentError::value_error(format!(
                            "Invalid limit_direction: expecting one of ['forward', 'backward', 'both'], got '{d}'."
                        )))
                    }
                }
            }
            ("limit_area", Json::Null) | ("limit", Json::Null) => {}
            ("limit_area", Json::String(a)) => {
                p.area = match a.to_lowercase().as_str() {
                    "inside" => LimitArea::Inside,
                    "outside" => LimitArea::Outside,
                    _ => {
                        return Err(ComponentError::value_error(format!(
                            "Invalid limit_area: expecting one of ['inside', 'outside'], got {a}."
                        )))
                    }
                }
            }
            ("limit", Json::Number(n)) => match n.as_i64() {
                Some(l) if l > 0 => p.limit = Some(l as usize),
                Some(_) => return Err(ComponentError::value_error("Limit must be greater than 0")),
                None => return Err(ComponentError::type_error("Limit must be an integer")),
            },
            ("order", Json::Null) => {}
            ("order", Json::Number(n)) => {
                p.order = Some(n.as_u64().ok_or_else(|| {
                    ComponentError::value_error(format!(
                        "order must be a non-negative integer, got {n}"
                    ))
                })? as usize)
            }
            ("inplace", Json::Bool(false))
            | ("downcast", Json::Null)
            | ("axis", Json::Number(_))
            | ("axis", Json::String(_)) => {}
            ("method" | "limit_direction" | "limit_area" | "limit" | "order", _) => {
                return Err(ComponentError::type_error(format!(
                    "invalid value for interpolate() argument '{k}': {val}"
                )))
            }
            _ => {
                return Err(ComponentError::not_supported(format!(
                        "Interpolate Timeseries: interpolate() keyword '{k}' is not supported by the native engine"
                    ),
                ))
            }
        }
    }
    match p.method.as_str() {
        "linear" | "time" | "index" | "values" => Ok(p),
        m if ScipyMethod::from_name(m, p.order)?.is_some() => Ok(p),
        m @ ("pad" | "ffill" | "bfill" | "backfill") => {
            // pandas' infer_limit_direction: the fill methods fix their direction.
            let (required, name) = if matches!(m, "pad" | "ffill") {
                (LimitDirection::Forward, "forward")
            } else {
                (LimitDirection::Backward, "backward")
            };
            match p.direction {
                Some(d) if d != required => Err(ComponentError::value_error(format!(
                    "`limit_direction` must be '{name}' for method `{m}`"
                ))),
                _ => Ok(p),
            }
        }
        "barycentric" | "krogh" | "spline" => Err(ComponentError::not_supported(format!(
            "Interpolate Timeseries: method '{}' is not supported by the native engine \
                 (supported: linear, time, index, values, nearest, zero, slinear, quadratic, \
                 cubic, polynomial, cubicspline, pchip, akima, from_derivatives, \
                 piecewise_polynomial, pad/ffill, bfill/backfill)",
            p.method
        ))),
        m => Err(ComponentError::value_error(format!(
            "method must be one of ['linear', 'time', 'index', 'values', 'nearest', 'zero', \
             'slinear', 'quadratic', 'cubic', 'barycentric', 'krogh', 'spline', 'polynomial', \
             'from_derivatives', 'piecewise_polynomial', 'pchip', 'akima', 'cubicspline']. Got \
             '{m}' instead."
        ))),
    }
}

/// Index labels as sortable integers (datetimes as ns, ints as is).
fn label_keys(index: &Column) -> Result<Vec<i64>, ComponentError> {
    match index.kind() {
        ColumnKind::Datetime => Ok(index.datetime_ns().unwrap_or_default().into_owned()),
        ColumnKind::Int => Ok(index.i64_values().unwrap_or_default().into_owned()),
        _ if index.is_empty() => Ok(Vec::new()),
        _ => Err(ComponentError::type_error(
            "Interpolate Timeseries needs a datetime or integer index",
        )),
    }
}

/// The positions of `keys` in ascending order, or None when they already are strictly
/// ascending.
///
/// # Errors
/// pandas' ValueError for a repeated key.
fn ascending_order(keys: &[i64]) -> Result<Option<Vec<usize>>, ComponentError> {
    let dup = || ComponentError::value_error("cannot reindex on an axis with duplicate labels");
    if keys.windows(2).all(|w| w[0] < w[1]) {
        return Ok(None);
    }
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_unstable_by_key(|&i| keys[i]);
    if order.windows(2).any(|w| keys[w[0]] == keys[w[1]]) {
        return Err(dup());
    }
    Ok(Some(order))
}

/// The sorted union of two label sets and where each set's labels sit in it.
struct LabelUnion {
    labels: Vec<i64>,
    /// Position in `labels` of each label of the first set, in that set's order.
    pos_a: Vec<usize>,
    /// Likewise for the second set.
    pos_b: Vec<usize>,
}

/// The [`LabelUnion`] of `a` and `b`, merged in one pass over the two sorted sets.
///
/// # Errors
/// pandas' ValueError when a set repeats a label.
fn union_positions(a: &[i64], b: &[i64]) -> Result<LabelUnion, ComponentError> {
    let (order_a, order_b) = (ascending_order(a)?, ascending_order(b)?);
    let at = |order: &Option<Vec<usize>>, r: usize| order.as_ref().map_or(r, |o| o[r]);
    let mut union = Vec::with_capacity(a.len() + b.len());
    let (mut pos_a, mut pos_b) = (vec![0; a.len()], vec![0; b.len()]);
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let (ia, jb) = (
            (i < a.len()).then(|| at(&order_a, i)),
            (j < b.len()).then(|| at(&order_b, j)),
        );
        let next = match (ia, jb) {
            (Some(p), Some(q)) => a[p].min(b[q]),
            (Some(p), None) => a[p],
            (None, Some(q)) => b[q],
            (None, None) => unreachable!(),
        };
        if let Some(p) = ia.filter(|&p| a[p] == next) {
            pos_a[p] = union.len();
            i += 1;
        }
        if let Some(q) = jb.filter(|&q| b[q] == next) {
            pos_b[q] = union.len();
            j += 1;
        }
        union.push(next);
    }
    Ok(LabelUnion {
        labels: union,
        pos_a,
        pos_b,
    })
}

/// Interpolate Timeseries as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Interpolate Timeseries:
/// 1. combined index = sorted union of the `timeseries` and `filter_series` indexes;
/// 2. flagged labels = where `filter_series` is True (an empty filter, of any dtype, flags
///    nothing);
/// 3. working series on the combined index: the timeseries values, NaN at labels only the
///    filter knows and NaN at all flagged labels;
/// 4. x axis: with a datetime index and a method other than "time": cumulative seconds
///    since the first label; otherwise the index itself (ns for "time");
/// 5. `interpolate(**interpolation_params)` (default `{"method": "time"}`; "linear" is
///    positional, every other method uses x; `limit`, `limit_direction`,
///    `limit_area` as in pandas). **All** NaNs are filled subject to these rules (by default
///    leading NaNs stay, trailing ones get the last valid value).
///
/// Outputs: `interpolated_timeseries` (combined index, unnamed float64, tz kept) and
/// `new_values` (its entries at the flagged labels, in the filter series' order).
///
/// Errors: a non-boolean `filter_series` raises KeyError (pandas looks its values up as
/// labels); duplicate labels raise ValueError "cannot reindex on an axis with duplicate
/// labels"; "time" on a non-datetime index raises ValueError; a naive index against an
/// aware one raises TypeError; invalid params raise ValueError/TypeError as pandas does.
///
/// Methods: the numpy-based ones (linear, time, index, values) and the scipy ones of
/// [`ScipyMethod`] (nearest, zero, slinear, quadratic, cubic, polynomial with `order`,
/// cubicspline, pchip, akima, from_derivatives, piecewise_polynomial; see
/// [`interpolate_scipy`]).
///
/// The fill methods pad/ffill and bfill/backfill copy the previous (next) valid value (see
/// [`fill_pad`]).
///
/// Deviation: barycentric, krogh and spline (FITPACK smoothing) raise
/// NotSupportedByNativeEngine.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let ts = inputs.series("timeseries")?;
    let filter = inputs.series("filter_series")?;
    // An empty filter flags nothing, whatever its dtype (pandas selects no labels with it).
    let no_flags;
    let filter = if filter.is_empty() {
        no_flags = SeriesValue::new(ts.index.take(&[]), Column::from_bool(Vec::new()));
        &no_flags
    } else {
        filter
    };
    let default = Value::Json(serde_json::json!({"method": "time"}));
    let params_value = inputs
        .get("interpolation_params")
        .map_or(&default, |v| v.as_ref());
    let params = parse_params(params_value)?;
    let flags = filter.values.bool_values().ok_or_else(|| {
        ComponentError::new(
            "KeyError",
            "filter_series must hold booleans (its values are looked up as labels)",
        )
    })?;
    let (is_dt, tz) = joint_index(ts, filter)?;
    let tk = label_keys(&ts.index)?;
    let fk = label_keys(&filter.index)?;
    let LabelUnion {
        labels: combined,
        pos_a: t_pos,
        pos_b: f_pos,
    } = union_positions(&tk, &fk)?;
    let values = numeric(&ts.values, "interpolate")?.to_f64().into_owned();
    let n = combined.len();
    let mut y = vec![f64::NAN; n];
    for (&p, &v) in t_pos.iter().zip(values.iter()) {
        y[p] = v;
    }
    // In the filter's own order, as pandas' `result[flagged_labels]` gives them.
    let flagged_pos: Vec<usize> = f_pos
        .iter()
        .zip(&flags)
        .filter(|(_, f)| **f == Some(true))
        .map(|(&p, _)| p)
        .collect();
    for &p in &flagged_pos {
        y[p] = f64::NAN;
    }
    interpolate(&mut y, &combined, is_dt, &params)?;
    let make_index = |keys: Vec<i64>| {
        if is_dt {
            Column::from_datetime_ns(keys, tz)
        } else {
            Column::from_i64(keys)
        }
    };
    let new_values = SeriesValue::new(
        make_index(flagged_pos.iter().map(|&i| combined[i]).collect()),
        Column::from_f64(flagged_pos.iter().map(|&i| y[i]).collect()),
    );
    let interpolated = SeriesValue::new(make_index(combined), Column::from_f64(y));
    let mut out = Outputs::with_capacity(2);
    out.insert(
        "interpolated_timeseries",
        Arc::new(Value::Series(interpolated)),
    );
    out.insert("new_values", Arc::new(Value::Series(new_values)));
    Ok(out)
}

/// Whether the joined index of `ts` and `filter` is a datetime index, and its timezone;
/// errors for indexes of different kinds or mixed awareness, as pandas' join raises.
fn joint_index(
    ts: &SeriesValue,
    filter: &SeriesValue,
) -> Result<(bool, rheo_core::value::Tz), ComponentError> {
    let present: Vec<&Column> = [&ts.index, &filter.index]
        .into_iter()
        .filter(|c| !c.is_empty())
        .collect();
    let kinds: Vec<ColumnKind> = present.iter().map(|c| c.kind()).collect();
    if kinds.windows(2).any(|w| w[0] != w[1]) {
        return Err(ComponentError::type_error(
            "the indexes of timeseries and filter_series are of different kinds",
        ));
    }
    let aware: Vec<bool> = present
        .iter()
        .filter(|c| c.kind() == ColumnKind::Datetime)
        .map(|c| c.tz.is_aware())
        .collect();
    if aware.windows(2).any(|w| w[0] != w[1]) {
        return Err(ComponentError::type_error(
            "Cannot join tz-naive with tz-aware DatetimeIndex",
        ));
    }
    let tz = if ts.index.is_empty() {
        filter.index.tz
    } else if filter.index.is_empty() || ts.index.tz == filter.index.tz {
        ts.index.tz
    } else {
        rheo_core::value::Tz::Utc
    };
    let is_dt = if kinds.is_empty() {
        ts.index.kind() == ColumnKind::Datetime || filter.index.kind() == ColumnKind::Datetime
    } else {
        kinds.iter().all(|k| *k == ColumnKind::Datetime)
    };
    Ok((is_dt, tz))
}

/// Fills the NaNs of `y` (on the labels `combined`) by `params`' method: copying for the
/// pad/bfill family, else interpolating over the method's x axis.
fn interpolate(
    y: &mut [f64],
    combined: &[i64],
    is_dt: bool,
    params: &Params,
) -> Result<(), ComponentError> {
    let (area, limit) = (params.area, params.limit);
    if let m @ ("pad" | "ffill" | "bfill" | "backfill") = params.method.as_str() {
        fill_pad(y, matches!(m, "bfill" | "backfill"), area, limit);
        return Ok(());
    }
    let x = x_axis(&params.method, combined, is_dt)?;
    let direction = params.direction.unwrap_or(LimitDirection::Forward);
    if let Some(method) = ScipyMethod::from_name(&params.method, params.order)? {
        interpolate_scipy(y, |i| x[i], method, direction, area, limit)?;
    } else {
        interpolate_1d(y, |i| x[i], direction, area, limit);
    }
    Ok(())
}

/// The x axis of an interpolation: "linear" is positional, "time" the index in ns, the
/// others the index (cumulated seconds since the first label for datetimes).
fn x_axis(method: &str, combined: &[i64], is_dt: bool) -> Result<Vec<f64>, ComponentError> {
    Ok(match method {
        "time" if !is_dt => return Err(ComponentError::value_error(
            "time-weighted interpolation only works on Series or DataFrames with a DatetimeIndex",
        )),
        "linear" => (0..combined.len()).map(|i| i as f64).collect(),
        "time" => combined.iter().map(|&k| k as f64).collect(),
        _ if is_dt => {
            // Cumulated gaps in seconds, as hetida sums them.
            let mut acc = 0.0f64;
            let mut prev = combined.first().copied().unwrap_or(0);
            combined
                .iter()
                .map(|&k| {
                    acc += (k - prev) as f64 / 1e9;
                    prev = k;
                    acc
                })
                .collect()
        }
        _ => combined.iter().map(|&k| k as f64).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::assert_floats;
    use crate::kernels::time_index::test_support::{dparts, dts, ts};
    use rheo_core::value::Tz;
    use serde_json::json;

    fn bools(labels: &[&str], b: &[bool]) -> Value {
        Value::Series(SeriesValue::new(
            Column::from_datetime_ns(labels.iter().map(|s| ts(s)).collect(), Tz::Utc),
            Column::from_bool(b.to_vec()),
        ))
    }

    fn run(t: Value, f: Value, p: Option<Json>) -> Result<(Value, Value), ComponentError> {
        let mut i = Inputs::new();
        i.insert("timeseries", Arc::new(t));
        i.insert("filter_series", Arc::new(f));
        if let Some(p) = p {
            i.insert("interpolation_params", Arc::new(Value::Json(p)));
        }
        let out = super::run(&i)?;
        Ok((
            out["interpolated_timeseries"].as_ref().clone(),
            out["new_values"].as_ref().clone(),
        ))
    }

    fn example() -> (Value, Value) {
        let labels: Vec<String> = (0..10)
            .map(|k| {
                format!(
                    "2018-05-19T{}:{:02}:00Z",
                    22 + (20 + 5 * k) / 60,
                    (20 + 5 * k) % 60
                )
            })
            .collect();
        let refs: Vec<&str> = labels.iter().map(String::as_str).collect();
        let t = dts(
            &refs,
            &[4.0, 5.0, 6.0, 0.0, 0.0, 0.0, 0.0, 4.0, 3.0, 2.0],
            Tz::Utc,
        );
        let mut fl = vec!["2018-05-19T22:15:00Z"];
        fl.extend(refs.iter().copied());
        let f = bools(
            &fl,
            &[
                true, false, false, false, true, true, true, true, false, false, false,
            ],
        );
        (t, f)
    }

    #[test]
    fn an_empty_filter_flags_nothing_whatever_its_dtype() {
        let (t, _) = example();
        let empty = Value::Series(SeriesValue::new(Column::range(0), Column::from_f64(vec![])));
        let (all, new) = run(t, empty, None).unwrap();
        let (idx, v, _) = dparts(&all);
        assert_eq!(idx.len(), 10);
        assert_floats(&v, &[4.0, 5.0, 6.0, 0.0, 0.0, 0.0, 0.0, 4.0, 3.0, 2.0]);
        assert!(dparts(&new).0.is_empty());
    }

    #[test]
    fn example_with_time_and_both_directions() {
        let (t, f) = example();
        let (all, new) = run(
            t,
            f,
            Some(json!({"method": "time", "limit_direction": "both"})),
        )
        .unwrap();
        let (idx, v, tz) = dparts(&all);
        assert_eq!(tz, Tz::Utc);
        assert_eq!(idx.len(), 11);
        // 22:15 back-filled with 4; 22:35..22:50 between 6 (22:30) and 4 (22:55)
        assert_floats(&v, &[4.0, 4.0, 5.0, 6.0, 5.6, 5.2, 4.8, 4.4, 4.0, 3.0, 2.0]);
        let (nidx, nv, _) = dparts(&new);
        assert_eq!(
            nidx,
            vec![
                ts("2018-05-19T22:15:00Z"),
                ts("2018-05-19T22:35:00Z"),
                ts("2018-05-19T22:40:00Z"),
                ts("2018-05-19T22:45:00Z"),
                ts("2018-05-19T22:50:00Z")
            ]
        );
        assert_floats(&nv, &[4.0, 5.6, 5.2, 4.8, 4.4]);
    }

    #[test]
    fn default_is_time_forward_and_irregular_spacing_matters() {
        // 00:00 = 0, 00:01 flagged, 00:10 = 10: time-weighted → 1; linear (positional) → 5
        let t = dts(
            &[
                "2020-01-01T00:00:00Z",
                "2020-01-01T00:01:00Z",
                "2020-01-01T00:10:00Z",
            ],
            &[0.0, 99.0, 10.0],
            Tz::Utc,
        );
        let f = bools(&["2020-01-01T00:01:00Z"], &[true]);
        let (_, new) = run(t.clone(), f.clone(), None).unwrap();
        assert_floats(&dparts(&new).1, &[1.0]);
        let (_, new) = run(t.clone(), f.clone(), Some(json!({"method": "linear"}))).unwrap();
        assert_floats(&dparts(&new).1, &[5.0]);
        let (_, new) = run(t, f, Some(json!({"method": "index"}))).unwrap();
        assert_floats(&dparts(&new).1, &[1.0]);
    }

    #[test]
    fn leading_flag_stays_nan_by_default_and_filter_only_labels_are_filled() {
        let t = dts(
            &["2020-01-01T00:01:00Z", "2020-01-01T00:03:00Z"],
            &[1.0, 3.0],
            Tz::Utc,
        );
        let f = bools(
            &[
                "2020-01-01T00:00:00Z",
                "2020-01-01T00:02:00Z",
                "2020-01-01T00:04:00Z",
            ],
            &[true, false, false],
        );
        let (all, new) = run(t, f, None).unwrap();
        assert_floats(&dparts(&all).1, &[f64::NAN, 1.0, 2.0, 3.0, 3.0]);
        assert_floats(&dparts(&new).1, &[f64::NAN]);
    }

    #[test]
    fn union_positions_merge_sorted_and_unsorted_labels() {
        let parts = |a: &[i64], b: &[i64]| {
            let u = union_positions(a, b).unwrap();
            (u.labels, u.pos_a, u.pos_b)
        };
        assert_eq!(
            parts(&[1, 4, 6], &[0, 4, 9]),
            (vec![0, 1, 4, 6, 9], vec![1, 2, 3], vec![0, 2, 4])
        );
        assert_eq!(
            parts(&[6, 1, 4], &[9, 4]),
            (vec![1, 4, 6, 9], vec![2, 0, 1], vec![3, 1])
        );
        assert_eq!(parts(&[], &[3]), (vec![3], vec![], vec![0]));
        for (a, b) in [(vec![1, 2, 1], vec![]), (vec![], vec![5, 5])] {
            let Err(e) = union_positions(&a, &b) else {
                panic!("duplicates accepted")
            };
            assert_eq!(e.message, "cannot reindex on an axis with duplicate labels");
        }
    }

    #[test]
    fn errors_and_empty() {
        let (t, f) = example();
        assert_eq!(
            run(t.clone(), f.clone(), Some(json!({"method": "krogh"})))
                .unwrap_err()
                .type_name,
            "NotSupportedByNativeEngine"
        );
        assert_eq!(
            run(t.clone(), f.clone(), Some(json!({"method": "foo"})))
                .unwrap_err()
                .type_name,
            "ValueError"
        );
        assert_eq!(
            run(t.clone(), f, Some(json!({"limit": 0})))
                .unwrap_err()
                .message,
            "Limit must be greater than 0"
        );
        assert_eq!(
            run(t.clone(), t.clone(), None).unwrap_err().type_name,
            "KeyError"
        );
        let (all, new) = run(dts(&[], &[], Tz::Utc), bools(&[], &[]), None).unwrap();
        assert!(dparts(&all).0.is_empty() && dparts(&new).0.is_empty());
    }
}
