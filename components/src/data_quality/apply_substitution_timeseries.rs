//! Apply Substitution Timeseries (`e1475799-eeab-8a18-97bf-69aa09d86a4a`): replaces,
//! removes and adds values of a series according to a substitution series.

use crate::kernels::elementwise::{numeric, Num};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, ColumnKind, SeriesValue, Tz};
use rheo_core::{ComponentError, DataType, Value};

/// Identity and ports of Apply Substitution Timeseries 1.0.0 (hetida's connector ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "e1475799-eeab-8a18-97bf-69aa09d86a4a",
    revision_group_id: "e1475799-eeab-8a18-97bf-69aa09d86a4a",
    name: "Apply Substitution Timeseries",
    category: "Data Quality",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Apply a substitution to a timeseries using a substitution series",
    inputs: &[
        PortSpec::new(
            "raw_values",
            "4c3fbba4-d4df-f101-0cb9-083ac7e1e180",
            DataType::Series,
        ),
        PortSpec::new(
            "substitution_series",
            "d751e7e3-3693-b7e1-1bb7-0cce64e00338",
            DataType::Series,
        ),
    ],
    outputs: &[PortSpec::new(
        "substituted_ts",
        "a0d58599-2376-7665-c847-9ca2f86fb079",
        DataType::Series,
    )],
};

/// Sorted (stable) positions of a series' labels with duplicates removed (first kept).
fn sorted_unique(keys: &[i64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by_key(|&i| keys[i]);
    order.dedup_by_key(|i| keys[*i]);
    order
}

/// Index labels as comparable integers (datetime instants / wall times, or ints).
fn keys(index: &Column) -> Result<Vec<i64>, ComponentError> {
    match index.kind() {
        ColumnKind::Datetime => Ok(index.datetime_ns().unwrap_or_default().into_owned()),
        ColumnKind::Int => Ok(index.i64_values().unwrap_or_default().into_owned()),
        _ if index.is_empty() => Ok(Vec::new()),
        _ => Err(ComponentError::type_error(
            "Apply Substitution Timeseries needs a datetime or integer index",
        )),
    }
}

/// Apply Substitution Timeseries as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Apply Substitution Timeseries: both series are sorted by index (stable) and
/// de-duplicated on the index (first occurrence kept). For each label of the union:
/// a raw value whose label carries a **null** substitution is removed; one whose label
/// carries a non-null substitution is replaced by it; substitution labels missing in the
/// raw series are added (null ones as NaN); other raw values are kept. Output sorted by
/// index. dtype: float64, except int raw values stay int64 when the substitution series is
/// int, or when every replacement is integral and nothing is added (pandas `update` keeps
/// the dtype when it can hold the values; `concat` with added float values gives float).
/// The name survives only if both series carry the same name (pandas concat rule); attrs
/// likewise only if equal.
///
/// Errors: a naive index against an aware one raises TypeError (pandas cannot compare
/// them); aware indexes with different offsets are compared as instants and give UTC.
///
/// Deviation: only numeric values on datetime or integer indexes are supported natively
/// (pandas would also handle object data and string labels).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let raw = inputs.series("raw_values")?;
    let sub = inputs.series("substitution_series")?;
    let (rk, sk) = (keys(&raw.index)?, keys(&sub.index)?);
    let kind = |c: &Column| (!c.is_empty()).then(|| c.kind());
    let (a, b) = (kind(&raw.index), kind(&sub.index));
    if a.is_some() && b.is_some() && a != b {
        return Err(ComponentError::type_error(
            "the indexes of raw_values and substitution_series are of different kinds",
        ));
    }
    let is_dt = a == Some(ColumnKind::Datetime) || b == Some(ColumnKind::Datetime);
    let tz = if raw.index.is_empty() {
        sub.index.tz
    } else if sub.index.is_empty() || raw.index.tz == sub.index.tz {
        raw.index.tz
    } else if raw.index.tz.is_aware() && sub.index.tz.is_aware() {
        Tz::Utc
    } else {
        return Err(ComponentError::type_error(
            "Cannot compare tz-naive and tz-aware datetime-like objects",
        ));
    };
    let rnum = numeric(&raw.values, "substitution")?;
    let snum = numeric(&sub.values, "substitution")?;
    let rv = rnum.to_f64();
    let sv = snum.to_f64();
    let (ro, so) = (sorted_unique(&rk), sorted_unique(&sk));
    let (mut i, mut j) = (0, 0);
    let mut labels = Vec::with_capacity(ro.len() + so.len());
    let mut values = Vec::with_capacity(ro.len() + so.len());
    let mut added = false;
    let mut integral = true;
    while i < ro.len() || j < so.len() {
        let rkey = ro.get(i).map(|&p| rk[p]);
        let skey = so.get(j).map(|&p| sk[p]);
        match (rkey, skey) {
            (Some(r), Some(s)) if r == s => {
                let x = sv[so[j]];
                if !x.is_nan() {
                    integral &= x.fract() == 0.0 && x.is_finite();
                    labels.push(r);
                    values.push(x);
                }
                i += 1;
                j += 1;
            }
            (Some(r), s) if s.is_none_or(|s| r < s) => {
                labels.push(r);
                values.push(rv[ro[i]]);
                i += 1;
            }
            (_, Some(s)) => {
                labels.push(s);
                values.push(sv[so[j]]);
                added = true;
                j += 1;
            }
            _ => break,
        }
    }
    let int_out =
        matches!(rnum, Num::Int(_)) && (matches!(snum, Num::Int(_)) || (integral && !added));
    let values = if int_out {
        Column::from_i64(values.iter().map(|&v| v as i64).collect())
    } else {
        Column::from_f64(values)
    };
    let index = if is_dt {
        Column::from_datetime_ns(labels, tz)
    } else {
        Column::from_i64(labels)
    };
    let name = if raw.name == sub.name {
        raw.name.clone()
    } else {
        None
    };
    let attrs = if raw.attrs == sub.attrs {
        raw.attrs.clone()
    } else {
        Default::default()
    };
    Ok(Outputs::single(
        "substituted_ts",
        Value::Series(SeriesValue {
            name,
            index,
            values,
            attrs,
        }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::{assert_floats, fs, is, named, parts, run1};
    use crate::kernels::time_index::test_support::{dparts, dts, ts};

    fn run(raw: Value, sub: Value) -> Result<Value, ComponentError> {
        run1(
            &COMPONENT,
            &[("raw_values", raw), ("substitution_series", sub)],
        )
    }

    #[test]
    fn documentation_example() {
        let raw = Value::Series(SeriesValue::new(
            Column::from_datetime_ns(
                [
                    "2020-07-01",
                    "2020-07-02",
                    "2020-07-03",
                    "2020-07-04",
                    "2020-07-04T08:00",
                    "2020-07-04T14:00",
                    "2020-07-04T18:00",
                    "2020-07-07",
                    "2020-07-08",
                ]
                .iter()
                .map(|s| {
                    ts(&format!(
                        "{s}{}Z",
                        if s.len() == 10 { "T00:00:00" } else { ":00" }
                    ))
                })
                .collect(),
                Tz::Utc,
            ),
            Column::from_i64(vec![0, 17, 18, 3, 15, 16, 19, 6, 7]),
        ));
        let nan = f64::NAN;
        let sub = dts(
            &[
                "2020-07-02T00:00:00Z",
                "2020-07-03T00:00:00Z",
                "2020-07-04T08:00Z",
                "2020-07-04T14:00Z",
                "2020-07-04T18:00Z",
                "2020-07-05T00:00:00Z",
                "2020-07-06T00:00:00Z",
                "2020-07-09T00:00:00Z",
                "2020-07-10T00:00:00Z",
            ],
            &[1.0, 2.0, nan, nan, nan, 4.0, 5.0, 18.0, 19.0],
            Tz::Utc,
        );
        let (idx, v, tz) = dparts(&run(raw, sub).unwrap());
        assert_eq!(tz, Tz::Utc);
        let expected_idx: Vec<i64> = [
            "2020-07-01T00:00:00Z",
            "2020-07-02T00:00:00Z",
            "2020-07-03T00:00:00Z",
            "2020-07-04T00:00:00Z",
            "2020-07-05T00:00:00Z",
            "2020-07-06T00:00:00Z",
            "2020-07-07T00:00:00Z",
            "2020-07-08T00:00:00Z",
            "2020-07-09T00:00:00Z",
            "2020-07-10T00:00:00Z",
        ]
        .iter()
        .map(|s| ts(s))
        .collect();
        assert_eq!(idx, expected_idx);
        assert_floats(&v, &[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 18.0, 19.0]);
    }

    #[test]
    fn duplicates_unsorted_and_null_additions() {
        // raw unsorted with a duplicate label 2 (first kept), sub adds a null at 5
        let raw = fs(&[3, 2, 1, 2], &[30.0, 20.0, 10.0, 99.0]);
        let sub = fs(&[5, 1], &[f64::NAN, 11.0]);
        let (idx, v) = parts(&run(raw, sub).unwrap());
        assert_eq!(idx, vec![1, 2, 3, 5]);
        assert_floats(&v, &[11.0, 20.0, 30.0, f64::NAN]);
    }

    #[test]
    fn dtype_and_name_rules() {
        let Value::Series(s) = run(
            named(is(&[1, 2], &[1, 2]), "x"),
            named(fs(&[2], &[5.0]), "x"),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(s.values.i64_values().unwrap().as_ref(), &[1, 5]);
        assert_eq!(s.name.as_deref(), Some("x"));
        let Value::Series(s) = run(
            named(is(&[1, 2], &[1, 2]), "x"),
            named(fs(&[2], &[5.5]), "y"),
        )
        .unwrap() else {
            panic!()
        };
        assert_floats(&s.values.f64_values().unwrap(), &[1.0, 5.5]);
        assert_eq!(s.name, None);
        let (idx, v) = parts(&run(fs(&[], &[]), fs(&[], &[])).unwrap());
        assert!(idx.is_empty() && v.is_empty());
    }

    #[test]
    fn naive_against_aware_raises() {
        let a = dts(&["2020-01-01"], &[1.0], Tz::Naive);
        let b = dts(&["2020-01-01T00:00:00Z"], &[1.0], Tz::Utc);
        assert_eq!(run(a, b).unwrap_err().type_name, "TypeError");
    }
}
