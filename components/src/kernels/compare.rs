//! The comparison kernel of the six Basic comparisons (`==`, `!=`, `>`, `>=`, `<`, `<=`)
//! with hetida's pandas semantics, and their test helpers.

use super::broadcast::{joint_name, map2, Src};
use crate::kernels::elementwise::{align, py_type, same_index, scalar_of, Num, Scalar};
use rheo_core::component::{Inputs, Outputs, OutputsExt};
use rheo_core::value::timestamp::{format_isoformat, parse_iso8601};
use rheo_core::value::{Column, ColumnKind, FrameValue, SeriesValue, Tz};
use rheo_core::{ComponentError, Value};
use std::borrow::Cow;
use std::cmp::Ordering;

/// Nanoseconds per second.
pub(crate) const NS_PER_SEC: i64 = 1_000_000_000;

/// A comparison relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rel {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `<`
    Lt,
    /// `<=`
    Le,
}

impl Rel {
    /// The Python operator symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            Rel::Eq => "==",
            Rel::Ne => "!=",
            Rel::Gt => ">",
            Rel::Ge => ">=",
            Rel::Lt => "<",
            Rel::Le => "<=",
        }
    }

    /// The relation with swapped operands (`x > y` ⇔ `y < x`).
    pub fn flip(self) -> Rel {
        match self {
            Rel::Gt => Rel::Lt,
            Rel::Ge => Rel::Le,
            Rel::Lt => Rel::Gt,
            Rel::Le => Rel::Ge,
            other => other,
        }
    }

    /// The result for incomparable operands (NaN, NaT, missing labels): True only for `!=`.
    pub fn missing(self) -> bool {
        self == Rel::Ne
    }

    /// Whether the relation holds for an ordering (`None`: incomparable).
    pub fn holds(self, ord: Option<Ordering>) -> bool {
        match ord {
            None => self.missing(),
            Some(o) => match self {
                Rel::Eq => o == Ordering::Equal,
                Rel::Ne => o != Ordering::Equal,
                Rel::Gt => o == Ordering::Greater,
                Rel::Ge => o != Ordering::Less,
                Rel::Lt => o == Ordering::Less,
                Rel::Le => o != Ordering::Greater,
            },
        }
    }
}

/// The relation over two operands with the native operators (NaN compares False except for
/// `!=`, as in IEEE and numpy); one monomorphised loop per relation.
pub(crate) fn by_rel<T: Copy + PartialOrd>(
    rel: Rel,
    a: Src<'_, T>,
    b: Src<'_, T>,
    n: usize,
) -> Vec<bool> {
    match rel {
        Rel::Eq => map2(a, b, n, |x, y| x == y),
        Rel::Ne => map2(a, b, n, |x, y| x != y),
        Rel::Gt => map2(a, b, n, |x, y| x > y),
        Rel::Ge => map2(a, b, n, |x, y| x >= y),
        Rel::Lt => map2(a, b, n, |x, y| x < y),
        Rel::Le => map2(a, b, n, |x, y| x <= y),
    }
}

/// Column data in a comparable form.
pub(crate) enum Data<'a> {
    Int(Cow<'a, [i64]>),
    Float(Cow<'a, [f64]>),
    /// Nanoseconds; `nat` marks NaT (or missing) positions when there are any.
    Time {
        ns: Cow<'a, [i64]>,
        nat: Option<Vec<bool>>,
        tz: Tz,
    },
    Str(Vec<Option<&'a str>>),
}

impl<'a> Data<'a> {
    fn of(col: &'a Column) -> Data<'a> {
        match col.kind() {
            ColumnKind::Datetime => {
                let nat = col.has_nulls().then(|| {
                    col.datetime_ns_opt()
                        .unwrap_or_default()
                        .iter()
                        .map(Option::is_none)
                        .collect()
                });
                Data::Time {
                    ns: col.datetime_ns().unwrap_or_default(),
                    nat,
                    tz: col.tz,
                }
            }
            ColumnKind::Str => Data::Str(col.str_values().unwrap_or_default()),
            _ => match Num::of(col) {
                Some(Num::Int(v)) => Data::Int(v),
                Some(Num::Float(v)) => Data::Float(v),
                None => Data::Float(Cow::Owned(vec![f64::NAN; col.len()])),
            },
        }
    }

    fn dtype(&self) -> &'static str {
        match self {
            Data::Int(_) => "int64",
            Data::Float(_) => "float64",
            Data::Time { tz, .. } if tz.is_aware() => "datetime64[ns, tz]",
            Data::Time { .. } => "datetime64[ns]",
            Data::Str(_) => "object",
        }
    }

    /// The data reindexed by `take` (`usize::MAX`: missing → NaN/NaT/None).
    fn gather(&self, take: &[usize]) -> Data<'a> {
        const MISSING: usize = usize::MAX;
        match self {
            Data::Int(v) if !take.contains(&MISSING) => {
                Data::Int(Cow::Owned(take.iter().map(|&t| v[t]).collect()))
            }
            Data::Int(v) => Data::Float(Cow::Owned(
                take.iter()
                    .map(|&t| if t == MISSING { f64::NAN } else { v[t] as f64 })
                    .collect(),
            )),
            Data::Float(v) => Data::Float(Cow::Owned(
                take.iter()
                    .map(|&t| if t == MISSING { f64::NAN } else { v[t] })
                    .collect(),
            )),
            Data::Time { ns, nat, tz } => {
                let values = take
                    .iter()
                    .map(|&t| if t == MISSING { 0 } else { ns[t] })
                    .collect();
                let mask: Vec<bool> = take
                    .iter()
                    .map(|&t| t == MISSING || nat.as_ref().is_some_and(|m| m[t]))
                    .collect();
                Data::Time {
                    ns: Cow::Owned(values),
                    nat: mask.contains(&true).then_some(mask),
                    tz: *tz,
                }
            }
            Data::Str(v) => Data::Str(
                take.iter()
                    .map(|&t| if t == MISSING { None } else { v[t] })
                    .collect(),
            ),
        }
    }
}

/// pandas' result of an invalid comparison: all False for `==`, all True for `!=`, a
/// TypeError for orderings.
pub(crate) fn invalid(
    rel: Rel,
    n: usize,
    left: &str,
    right: &str,
) -> Result<Vec<bool>, ComponentError> {
    match rel {
        Rel::Eq | Rel::Ne => Ok(vec![rel == Rel::Ne; n]),
        _ => Err(ComponentError::type_error(format!(
            "Invalid comparison between dtype={left} and {right}"
        ))),
    }
}

/// Sets the result at NaT positions to the incomparable value.
pub(crate) fn mask_nat(rel: Rel, mut out: Vec<bool>, nats: [Option<&Vec<bool>>; 2]) -> Vec<bool> {
    for m in nats.into_iter().flatten() {
        for (o, &is_nat) in out.iter_mut().zip(m) {
            if is_nat {
                *o = rel.missing();
            }
        }
    }
    out
}

pub(crate) fn str_rel(
    rel: Rel,
    a: Src<'_, Option<&str>>,
    b: Src<'_, Option<&str>>,
    n: usize,
) -> Vec<bool> {
    map2(a, b, n, |x, y| match (x, y) {
        (Some(x), Some(y)) => rel.holds(Some(x.cmp(y))),
        _ => rel.missing(),
    })
}

/// Two equally long columns, elementwise.
pub(crate) fn cmp_data(
    rel: Rel,
    a: &Data<'_>,
    b: &Data<'_>,
    n: usize,
) -> Result<Vec<bool>, ComponentError> {
    Ok(match (a, b) {
        (Data::Int(x), Data::Int(y)) => by_rel(rel, Src::Vec(x), Src::Vec(y), n),
        (Data::Int(_) | Data::Float(_), Data::Int(_) | Data::Float(_)) => {
            let (x, y) = (floats(a), floats(b));
            by_rel(rel, Src::Vec(&x), Src::Vec(&y), n)
        }
        (
            Data::Time {
                ns: x,
                nat: nx,
                tz: tx,
            },
            Data::Time {
                ns: y,
                nat: ny,
                tz: ty,
            },
        ) => {
            if tx.is_aware() != ty.is_aware() {
                return invalid(rel, n, a.dtype(), b.dtype());
            }
            let out = by_rel(rel, Src::Vec(x), Src::Vec(y), n);
            mask_nat(rel, out, [nx.as_ref(), ny.as_ref()])
        }
        (Data::Str(x), Data::Str(y)) => str_rel(rel, Src::Vec(x), Src::Vec(y), n),
        _ => return invalid(rel, n, a.dtype(), b.dtype()),
    })
}

pub(crate) fn floats<'a>(d: &'a Data<'_>) -> Cow<'a, [f64]> {
    match d {
        Data::Float(v) => Cow::Borrowed(v.as_ref()),
        Data::Int(v) => Cow::Owned(v.iter().map(|&x| x as f64).collect()),
        _ => Cow::Owned(Vec::new()),
    }
}

/// A timestamp string as nanoseconds comparable with a datetime column of timezone `tz`
/// (pandas: `Timestamp(s, tz=tz)`): a string without offset is wall time in `tz`, one with
/// an offset is an instant. `None` when it does not parse or mixes naive and aware.
pub(crate) fn timestamp_for(s: &str, tz: Tz) -> Option<i64> {
    let ts = parse_iso8601(s)?;
    match (ts.offset, tz.is_aware()) {
        (None, false) => Some(ts.ns),
        (None, true) => ts
            .ns
            .checked_sub(i64::from(tz.offset_seconds()) * NS_PER_SEC),
        (Some(_), true) => Some(ts.ns),
        (Some(_), false) => None,
    }
}

/// A column against a broadcast scalar (`column <rel> x`).
pub(crate) fn cmp_data_one(rel: Rel, a: &Data<'_>, x: &Value) -> Result<Vec<bool>, ComponentError> {
    let n = match a {
        Data::Int(v) => v.len(),
        Data::Float(v) => v.len(),
        Data::Time { ns, .. } => ns.len(),
        Data::Str(v) => v.len(),
    };
    Ok(match (a, x) {
        (Data::Int(v), Value::Int(y)) => by_rel(rel, Src::Vec(v), Src::One(*y), n),
        (Data::Int(v), Value::Bool(y)) => by_rel(rel, Src::Vec(v), Src::One(i64::from(*y)), n),
        (Data::Int(_) | Data::Float(_), _) if scalar_of(x).is_some() => {
            let y = scalar_of(x).map_or(f64::NAN, Scalar::as_f64);
            by_rel(rel, Src::Vec(&floats(a)), Src::One(y), n)
        }
        (Data::Time { ns, nat, tz }, Value::Str(s)) => match timestamp_for(s, *tz) {
            Some(y) => mask_nat(
                rel,
                by_rel(rel, Src::Vec(ns), Src::One(y), n),
                [nat.as_ref(), None],
            ),
            None => return invalid(rel, n, a.dtype(), "str"),
        },
        (Data::Str(v), Value::Str(s)) => str_rel(rel, Src::Vec(v), Src::One(Some(s.as_str())), n),
        _ => return invalid(rel, n, a.dtype(), py_type(x)),
    })
}

/// Two plain values, as Python compares them.
pub(crate) fn cmp_scalars(rel: Rel, a: &Value, b: &Value) -> Result<bool, ComponentError> {
    let ord = match (a, b) {
        (Value::Str(x), Value::Str(y)) => Some(x.cmp(y)),
        _ => match (scalar_of(a), scalar_of(b)) {
            (Some(Scalar::Int(x)), Some(Scalar::Int(y))) => Some(x.cmp(&y)),
            (Some(x), Some(y)) => x.as_f64().partial_cmp(&y.as_f64()),
            _ => {
                return match rel {
                    Rel::Eq | Rel::Ne => Ok((a == b) == (rel == Rel::Eq)),
                    _ => Err(ComponentError::type_error(format!(
                        "'{}' not supported between instances of '{}' and '{}'",
                        rel.symbol(),
                        py_type(a),
                        py_type(b)
                    ))),
                };
            }
        },
    };
    Ok(rel.holds(ord))
}

pub(crate) fn series_series(
    rel: Rel,
    a: &SeriesValue,
    b: &SeriesValue,
) -> Result<Value, ComponentError> {
    let (da, db) = (Data::of(&a.values), Data::of(&b.values));
    let (index, values) = if same_index(&a.index, &b.index) {
        (a.index.clone(), cmp_data(rel, &da, &db, a.len())?)
    } else {
        let al = align(&a.index, &b.index)?;
        let n = al.index.len();
        let values = match &al.takes {
            None => cmp_data(rel, &da, &db, n)?,
            Some((lt, rt)) => cmp_data(rel, &da.gather(lt), &db.gather(rt), n)?,
        };
        (al.index, values)
    };
    Ok(Value::Series(SeriesValue {
        name: joint_name(&a.name, &b.name),
        index,
        values: Column::from_bool(values),
        attrs: a.attrs.clone(),
    }))
}

pub(crate) fn frame_frame(
    rel: Rel,
    a: &FrameValue,
    b: &FrameValue,
) -> Result<Value, ComponentError> {
    if !a.columns.keys().eq(b.columns.keys()) {
        return Err(ComponentError::not_supported(
            "comparing DataFrames with different columns is not supported",
        ));
    }
    let al = align(&a.index, &b.index)?;
    let n = al.index.len();
    let mut columns = a.columns.clone();
    for ((name, ca), cb) in a.columns.iter().zip(b.columns.values()) {
        let (da, db) = (Data::of(ca), Data::of(cb));
        let v = match &al.takes {
            None => cmp_data(rel, &da, &db, n)?,
            Some((lt, rt)) => cmp_data(rel, &da.gather(lt), &db.gather(rt), n)?,
        };
        columns.insert(name.clone(), Column::from_bool(v));
    }
    Ok(Value::Frame(FrameValue {
        index: al.index,
        columns,
        attrs: a.attrs.clone(),
    }))
}

/// `frame <rel> series` as pandas' flexible method does it (`df.gt(s)`): the series'
/// labels are matched with the frame's column names (columns: the sorted union unless they
/// are equal), each matched value is compared down its column; columns without a partner
/// give the incomparable value. Only string labels are supported.
pub(crate) fn frame_series(
    rel: Rel,
    f: &FrameValue,
    s: &SeriesValue,
) -> Result<Value, ComponentError> {
    let labels: Vec<Option<&str>> = match s.index.kind() {
        ColumnKind::Str => s.index.str_values().unwrap_or_default(),
        _ if s.is_empty() => Vec::new(),
        _ => {
            return Err(ComponentError::not_supported(
                "comparing a DataFrame with a Series matches the series' labels with the \
                 column names; only string labels are supported",
            ))
        }
    };
    let n = f.height();
    let names: Vec<&str> = f.columns.keys().map(String::as_str).collect();
    let mut keys: Vec<&str> = if labels
        .iter()
        .map(|l| l.unwrap_or("None"))
        .eq(names.iter().copied())
    {
        names.clone()
    } else {
        let mut k: Vec<&str> = names
            .iter()
            .copied()
            .chain(labels.iter().map(|l| l.unwrap_or("None")))
            .collect();
        k.sort_unstable();
        k
    };
    keys.dedup();
    let mut columns = f.columns.clone();
    columns.clear();
    for key in keys {
        let pos = labels.iter().position(|l| l.unwrap_or("None") == key);
        let values = match (f.columns.get(key), pos) {
            (Some(col), Some(p)) => {
                let one = s.values.take(&[p]);
                let scalar = match Data::of(&one) {
                    Data::Int(v) => Value::Int(v[0]),
                    Data::Float(v) => Value::Float(v[0]),
                    Data::Str(v) => v[0].map_or(Value::Null, |x| Value::Str(x.to_string())),
                    Data::Time { .. } => {
                        return Err(ComponentError::not_supported(
                            "comparing a DataFrame with a datetime Series is not supported",
                        ))
                    }
                };
                cmp_data_one(rel, &Data::of(col), &scalar)?
            }
            _ => vec![rel.missing(); n],
        };
        columns.insert(key.to_string(), Column::from_bool(values));
    }
    Ok(Value::Frame(FrameValue {
        index: f.index.clone(),
        columns,
        attrs: f.attrs.clone(),
    }))
}

/// `left <rel> right` with hetida's comparison semantics (module docs).
pub fn compare(rel: Rel, left: &Value, right: &Value) -> Result<Value, ComponentError> {
    match (left, right) {
        (Value::Series(a), Value::Series(b)) => series_series(rel, a, b),
        (Value::Frame(a), Value::Frame(b)) => frame_frame(rel, a, b),
        (Value::Frame(f), Value::Series(s)) => frame_series(rel, f, s),
        (Value::Series(s), Value::Frame(f)) => frame_series(rel.flip(), f, s),
        (Value::Series(s), x) | (x, Value::Series(s)) => {
            let r = if matches!(left, Value::Series(_)) {
                rel
            } else {
                rel.flip()
            };
            let values = cmp_data_one(r, &Data::of(&s.values), x)?;
            Ok(Value::Series(SeriesValue {
                name: s.name.clone(),
                index: s.index.clone(),
                values: Column::from_bool(values),
                attrs: s.attrs.clone(),
            }))
        }
        (Value::Frame(f), x) | (x, Value::Frame(f)) => {
            let r = if matches!(left, Value::Frame(_)) {
                rel
            } else {
                rel.flip()
            };
            let mut columns = f.columns.clone();
            for c in columns.values_mut() {
                *c = Column::from_bool(cmp_data_one(r, &Data::of(c), x)?);
            }
            Ok(Value::Frame(FrameValue {
                index: f.index.clone(),
                columns,
                attrs: f.attrs.clone(),
            }))
        }
        _ => cmp_scalars(rel, left, right).map(Value::Bool),
    }
}

/// Runs a comparison component: inputs `left`, `right`, output `result`.
pub(crate) fn run_comparison(rel: Rel, inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let result = compare(rel, inputs.value("left")?, inputs.value("right")?)?;
    Ok(Outputs::single("result", result))
}

/// The smallest or largest timestamp of a Series/DataFrame index in Python `isoformat()`
/// form (`index.max().to_pydatetime().isoformat()`); `Null` when empty. NaT labels are
/// skipped (all NaT gives `"NaT"`); a non-datetime index raises AttributeError as
/// `.to_pydatetime()` on its labels does in hetida.
pub(crate) fn extreme_index(data: &Value, largest: bool) -> Result<Value, ComponentError> {
    let index = match data {
        Value::Series(s) => &s.index,
        Value::Frame(f) => &f.index,
        // `len(x) == 0` is checked before the index is used.
        Value::Str(s) if s.is_empty() => return Ok(Value::Null),
        Value::Json(serde_json::Value::Array(a)) if a.is_empty() => return Ok(Value::Null),
        Value::Json(serde_json::Value::Object(o)) if o.is_empty() => return Ok(Value::Null),
        other => return Err(crate::kernels::elementwise::attribute_error(other, "index")),
    };
    if index.is_empty() {
        return Ok(Value::Null);
    }
    if index.kind() != ColumnKind::Datetime {
        let label = match index.kind() {
            ColumnKind::Int => "numpy.int64",
            ColumnKind::Float => "numpy.float64",
            ColumnKind::Str => "str",
            _ => "bool",
        };
        return Err(ComponentError::new(
            "AttributeError",
            format!("'{label}' object has no attribute 'to_pydatetime'"),
        ));
    }
    let ns = index.datetime_ns_opt().unwrap_or_default();
    let valid = ns.iter().flatten().copied();
    let best = if largest { valid.max() } else { valid.min() };
    Ok(Value::Str(match best {
        Some(t) => format_isoformat(t, index.tz),
        None => "NaT".to_string(),
    }))
}

/// Test helpers of the category.
#[cfg(test)]
pub(crate) mod test_util {
    use rheo_core::value::{Column, SeriesValue, Tz};
    use rheo_core::Value;

    /// A float series on a datetime index given in seconds.
    pub fn tz_series(secs: &[i64], tz: Tz, values: &[f64]) -> Value {
        Value::Series(SeriesValue::new(
            Column::from_datetime_ns(secs.iter().map(|s| s * 1_000_000_000).collect(), tz),
            Column::from_f64(values.to_vec()),
        ))
    }

    /// 2020-01-01T00:00:00Z in seconds.
    const T0: i64 = 1_577_836_800;

    /// Checks First/Last Datetime Index (`c`, reading port `timeseries_data`) on the same
    /// inputs: unsorted UTC and +01:00 series and a naive frame with microseconds and
    /// nanoseconds on its later label, whose isoformat strings are `expected`; then empty
    /// data (null), a non-datetime index (AttributeError) and a NaT label (skipped).
    pub fn check_extreme_datetime_index(
        c: &dyn rheo_core::component::Component,
        expected: [&str; 3],
    ) {
        use crate::kernels::elementwise::test_util::{fs, run1};
        use rheo_core::value::FrameValue;
        let run = |v: Value| run1(c, &[("timeseries_data", v)]);
        let utc = tz_series(&[T0 + 1, T0 + 2, T0], Tz::Utc, &[1.0, 2.0, 3.0]);
        let fixed = tz_series(&[T0 + 1, T0 + 2, T0], Tz::Fixed(3600), &[1.0, 2.0, 3.0]);
        let h = 3_600_000_000_000i64;
        let naive = Value::Frame(FrameValue {
            index: Column::from_datetime_ns(
                vec![
                    T0 * 1_000_000_000 + h,
                    T0 * 1_000_000_000 + h + 2_000_001_999,
                ],
                Tz::Naive,
            ),
            columns: Default::default(),
            attrs: Default::default(),
        });
        for (v, want) in [utc, fixed, naive].into_iter().zip(expected) {
            assert_eq!(run(v).unwrap(), Value::Str(want.into()));
        }
        assert_eq!(run(tz_series(&[], Tz::Utc, &[])).unwrap(), Value::Null);
        let e = run(fs(&[0, 1], &[1.0, 2.0])).unwrap_err();
        assert_eq!(e.type_name, "AttributeError");
        let nat = Value::Series(SeriesValue::new(
            Column::from_opt_datetime_ns(vec![None, Some(T0 * 1_000_000_000)], Tz::Utc),
            Column::from_f64(vec![1.0, 2.0]),
        ));
        assert_eq!(
            run(nat).unwrap(),
            Value::Str("2020-01-01T00:00:00+00:00".into())
        );
    }

    /// The bool values of a series value.
    pub fn bools(v: &Value) -> Vec<bool> {
        let Value::Series(s) = v else {
            panic!("not a series: {v:?}")
        };
        s.values
            .bool_values()
            .unwrap()
            .into_iter()
            .map(|b| b.unwrap())
            .collect()
    }
}
