//! Category "Basic": the six comparisons, filtering by a boolean series, first/last
//! timestamp of an index, restriction to a time interval, column selection and difference
//! quotients.
//!
//! The comparisons share the kernel below. hetida first tries the plain operator
//! (`left > right`) and, when pandas refuses two Series/DataFrames that are not identically
//! labelled, falls back to the flexible method (`left.gt(right)`), which aligns on the
//! sorted union of both indexes. The combined behaviour is: identical indexes compare
//! positionally, other indexes are aligned (missing labels compare False, or True for
//! inequality), NaN/NaT compare False (True for inequality), scalars broadcast, two plain
//! values give one Python bool. A datetime series compared with a string parses the string
//! in the index's timezone; tz-naive against tz-aware is an invalid comparison (all False
//! for `==`, all True for `!=`, TypeError for orderings), as in pandas. A DataFrame and a
//! Series match the series' (string) labels with the frame's column names, as pandas'
//! flexible methods do; two frames must have the same columns.
//!
//! Port ids are hetida's own connector ids; Series Difference Quotients is a Python-module
//! component whose ids hetida derives with `get_uuid_from_seed("component_input_<name>")`.

pub mod equality;
pub mod filter;
pub mod first_datetime_index;
pub mod greater;
pub mod greater_or_equal;
pub mod inequality;
pub mod last_datetime_index;
pub mod restrict_to_time_interval;
pub mod select_column_from_dataframe;
pub mod series_difference_quotients;
pub mod smaller;
pub mod smaller_or_equal;

use crate::basic_arithmetic::single;
use crate::elementwise::{align, py_type, same_index, scalar_of, Num, Scalar};
use rheo_core::component::{Component, Inputs, Outputs};
use rheo_core::value::timestamp::{format_isoformat, parse_iso8601};
use rheo_core::value::{Column, ColumnKind, FrameValue, SeriesValue, Tz};
use rheo_core::{ComponentError, Value};
use std::borrow::Cow;
use std::cmp::Ordering;
use std::sync::Arc;

/// Nanoseconds per second.
const NS_PER_SEC: i64 = 1_000_000_000;

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

/// One operand of a comparison kernel: a slice or a broadcast value.
#[derive(Clone, Copy)]
enum Src<'a, T> {
    Vec(&'a [T]),
    One(T),
}

fn map2<T: Copy>(a: Src<'_, T>, b: Src<'_, T>, n: usize, f: impl Fn(T, T) -> bool) -> Vec<bool> {
    match (a, b) {
        (Src::Vec(x), Src::Vec(y)) => x.iter().zip(y).map(|(&x, &y)| f(x, y)).collect(),
        (Src::Vec(x), Src::One(y)) => x.iter().map(|&x| f(x, y)).collect(),
        (Src::One(x), Src::Vec(y)) => y.iter().map(|&y| f(x, y)).collect(),
        (Src::One(x), Src::One(y)) => vec![f(x, y); n],
    }
}

/// The relation over two operands with the native operators (NaN compares False except for
/// `!=`, as in IEEE and numpy); one monomorphised loop per relation.
fn by_rel<T: Copy + PartialOrd>(rel: Rel, a: Src<'_, T>, b: Src<'_, T>, n: usize) -> Vec<bool> {
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
enum Data<'a> {
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
fn invalid(rel: Rel, n: usize, left: &str, right: &str) -> Result<Vec<bool>, ComponentError> {
    match rel {
        Rel::Eq | Rel::Ne => Ok(vec![rel == Rel::Ne; n]),
        _ => Err(ComponentError::type_error(format!(
            "Invalid comparison between dtype={left} and {right}"
        ))),
    }
}

/// Sets the result at NaT positions to the incomparable value.
fn mask_nat(rel: Rel, mut out: Vec<bool>, nats: [Option<&Vec<bool>>; 2]) -> Vec<bool> {
    for m in nats.into_iter().flatten() {
        for (o, &is_nat) in out.iter_mut().zip(m) {
            if is_nat {
                *o = rel.missing();
            }
        }
    }
    out
}

fn str_rel(rel: Rel, a: Src<'_, Option<&str>>, b: Src<'_, Option<&str>>, n: usize) -> Vec<bool> {
    map2(a, b, n, |x, y| match (x, y) {
        (Some(x), Some(y)) => rel.holds(Some(x.cmp(y))),
        _ => rel.missing(),
    })
}

/// Two equally long columns, elementwise.
fn cmp_data(rel: Rel, a: &Data<'_>, b: &Data<'_>, n: usize) -> Result<Vec<bool>, ComponentError> {
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

fn floats<'a>(d: &'a Data<'_>) -> Cow<'a, [f64]> {
    match d {
        Data::Float(v) => Cow::Borrowed(v.as_ref()),
        Data::Int(v) => Cow::Owned(v.iter().map(|&x| x as f64).collect()),
        _ => Cow::Owned(Vec::new()),
    }
}

/// A timestamp string as nanoseconds comparable with a datetime column of timezone `tz`
/// (pandas: `Timestamp(s, tz=tz)`): a string without offset is wall time in `tz`, one with
/// an offset is an instant. `None` when it does not parse or mixes naive and aware.
fn timestamp_for(s: &str, tz: Tz) -> Option<i64> {
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
fn cmp_data_one(rel: Rel, a: &Data<'_>, x: &Value) -> Result<Vec<bool>, ComponentError> {
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
fn cmp_scalars(rel: Rel, a: &Value, b: &Value) -> Result<bool, ComponentError> {
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

fn joint_name(a: &Option<String>, b: &Option<String>) -> Option<String> {
    if a == b {
        a.clone()
    } else {
        None
    }
}

fn series_series(rel: Rel, a: &SeriesValue, b: &SeriesValue) -> Result<Value, ComponentError> {
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

fn frame_frame(rel: Rel, a: &FrameValue, b: &FrameValue) -> Result<Value, ComponentError> {
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
fn frame_series(rel: Rel, f: &FrameValue, s: &SeriesValue) -> Result<Value, ComponentError> {
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
    Ok(single("result", result))
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
        other => return Err(crate::elementwise::attribute_error(other, "index")),
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
        use crate::elementwise::test_util::{fs, run1};
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

#[cfg(test)]
mod tests {
    use super::test_util::*;
    use super::*;
    use crate::elementwise::test_util::*;

    #[test]
    fn relations_and_flips() {
        assert!(Rel::Ge.holds(Some(Ordering::Equal)));
        assert!(!Rel::Gt.holds(None));
        assert!(Rel::Ne.holds(None));
        assert_eq!(Rel::Gt.flip(), Rel::Lt);
        assert_eq!(Rel::Eq.flip(), Rel::Eq);
    }

    #[test]
    fn scalar_on_the_left_flips_the_relation() {
        let s = fs(&[0, 1, 2], &[1.0, 2.0, 3.0]);
        assert_eq!(
            bools(&compare(Rel::Gt, &Value::Int(2), &s).unwrap()),
            [true, false, false]
        );
    }

    #[test]
    fn frames_compare_per_column() {
        let f = Value::Frame(FrameValue {
            index: Column::range(2),
            columns: [("a".to_string(), Column::from_i64(vec![1, 5]))]
                .into_iter()
                .collect(),
            attrs: Default::default(),
        });
        let Value::Frame(r) = compare(Rel::Lt, &f, &Value::Int(3)).unwrap() else {
            panic!()
        };
        assert_eq!(r.columns["a"], Column::from_bool(vec![true, false]));
        let Value::Frame(r) = compare(Rel::Eq, &f, &f).unwrap() else {
            panic!()
        };
        assert_eq!(r.columns["a"], Column::from_bool(vec![true, true]));
    }

    #[test]
    fn frame_against_series_matches_labels_with_columns() {
        let f = Value::Frame(FrameValue {
            index: Column::range(2),
            columns: [
                ("b".to_string(), Column::from_f64(vec![1.0, f64::NAN])),
                ("a".to_string(), Column::from_f64(vec![3.0, 4.0])),
            ]
            .into_iter()
            .collect(),
            attrs: Default::default(),
        });
        let s = Value::Series(SeriesValue::new(
            Column::from_strings(vec![Some("b".into()), Some("c".into())]),
            Column::from_f64(vec![1.0, 2.0]),
        ));
        let Value::Frame(r) = compare(Rel::Ne, &f, &s).unwrap() else {
            panic!()
        };
        assert_eq!(r.columns.keys().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(r.columns["a"], Column::from_bool(vec![true, true]));
        assert_eq!(r.columns["b"], Column::from_bool(vec![false, true]));
        assert_eq!(r.columns["c"], Column::from_bool(vec![true, true]));
        // Series on the left: `s < f` is `f > s`.
        let Value::Frame(r) = compare(Rel::Lt, &s, &f).unwrap() else {
            panic!()
        };
        assert_eq!(r.columns["b"], Column::from_bool(vec![false, false]));
        assert_eq!(r.columns["a"], Column::from_bool(vec![false, false]));
    }

    #[test]
    fn datetime_against_strings_follows_the_index_timezone() {
        let times = |secs: &[i64], tz: Tz| {
            Value::Series(SeriesValue::new(
                Column::range(secs.len()),
                Column::from_datetime_ns(secs.iter().map(|s| s * NS_PER_SEC).collect(), tz),
            ))
        };
        let s = times(&[0, 3600, 7200], Tz::Fixed(3600));
        // 01:00 wall time in +01:00 is the instant 00:00Z = label 0.
        let r = compare(Rel::Eq, &s, &Value::Str("1970-01-01T01:00:00".into())).unwrap();
        assert_eq!(bools(&r), [true, false, false]);
        let r = compare(Rel::Ge, &s, &Value::Str("1970-01-01T01:00:00Z".into())).unwrap();
        assert_eq!(bools(&r), [false, true, true]);
        let naive = times(&[0], Tz::Naive);
        let r = compare(Rel::Ne, &naive, &Value::Str("1970-01-01T00:00:00Z".into())).unwrap();
        assert_eq!(bools(&r), [true]);
        let e = compare(Rel::Lt, &naive, &Value::Str("1970-01-01T00:00:00Z".into())).unwrap_err();
        assert_eq!(e.type_name, "TypeError");
        // Numbers against a string: not equal, not orderable.
        let nums = tz_series(&[0], Tz::Utc, &[1.0]);
        assert_eq!(
            bools(&compare(Rel::Eq, &nums, &Value::Str("1".into())).unwrap()),
            [false]
        );
        assert!(compare(Rel::Gt, &nums, &Value::Str("1".into())).is_err());
    }

    /// The operator chain of the example workflow "Data From Last Positive Step":
    /// Consecutive differences → Greater or equal (0.25) → Filter → Last Datetime Index
    /// (start) and Last Datetime Index of the input (stop) → Restrict to time interval.
    #[test]
    fn data_from_last_positive_step_chain() {
        use rheo_core::component::Component;
        let reg = crate::Registry::builtin();
        let run = |id: &str, inputs: &[(&str, Value)]| -> Value {
            let c: &dyn Component = reg.get(id).unwrap().as_ref();
            run1(c, inputs).unwrap()
        };
        // Hourly values with steps of +0.3 at hour 2 and +0.5 at hour 5.
        let hours: Vec<i64> = (0..8).map(|h| 1_577_836_800 + h * 3600).collect();
        let input = tz_series(&hours, Tz::Utc, &[1.0, 1.1, 1.4, 1.3, 1.2, 1.7, 1.6, 1.65]);
        let diff = run(
            "ce801dcb-8ce1-14ad-029d-a14796dcac92",
            &[("data", input.clone())],
        );
        let mask = run(
            "f759e4c0-1468-0f2e-9740-41302b860193",
            &[("left", diff), ("right", Value::Float(0.25))],
        );
        let filtered = run(
            "18260aab-bdd6-af5c-cac1-7bafde85188f",
            &[("data", input.clone()), ("filter_series", mask)],
        );
        let last = "c8e3bc64-b214-6486-31db-92a8888d8991";
        let start = run(last, &[("timeseries_data", filtered)]);
        assert_eq!(start, Value::Str("2020-01-01T05:00:00+00:00".into()));
        let stop = run(last, &[("timeseries_data", input.clone())]);
        assert_eq!(stop, Value::Str("2020-01-01T07:00:00+00:00".into()));
        let out = run(
            "bf469c0a-d17c-ca6f-59ac-9838b2ff67ac",
            &[("data", input), ("start", start), ("stop", stop)],
        );
        let Value::Series(out) = out else { panic!() };
        assert_eq!(out.values.f64_values().unwrap().as_ref(), [1.7, 1.6, 1.65]);
        assert_eq!(out.index.tz, Tz::Utc);
    }

    #[test]
    fn misaligned_datetime_indexes_of_mixed_awareness_raise() {
        let a = tz_series(&[0, 1], Tz::Utc, &[1.0, 2.0]);
        let b = tz_series(&[1], Tz::Naive, &[1.0]);
        let e = compare(Rel::Ge, &a, &b).unwrap_err();
        assert_eq!(e.type_name, "TypeError");
        // Aware indexes of different offsets align on the instant (result in UTC).
        let c = tz_series(&[1], Tz::Fixed(3600), &[2.0]);
        let r = compare(Rel::Eq, &a, &c).unwrap();
        assert_eq!(bools(&r), [false, true]);
    }

    #[test]
    fn large_identical_series_compare_quickly() {
        let n = 1_000_000usize;
        let index = Column::range(n);
        let a = Value::Series(SeriesValue::new(
            index.clone(),
            Column::from_f64((0..n).map(|x| x as f64).collect()),
        ));
        let b = Value::Series(SeriesValue::new(
            index,
            Column::from_f64(vec![500_000.0; n]),
        ));
        let t = std::time::Instant::now();
        let r = compare(Rel::Ge, &a, &b).unwrap();
        let dt = t.elapsed();
        let v = bools(&r);
        assert_eq!(v.iter().filter(|&&x| x).count(), 500_000);
        // Generous bound for unoptimised test builds.
        assert!(dt.as_secs_f64() < 2.0, "{dt:?}");
    }

    /// Expected results of one comparison component on the shared cases of
    /// [`comparison_components_agree_with_pandas`].
    struct Expect {
        component: &'static dyn rheo_core::component::Component,
        /// 2 ∘ 3, 3 ∘ 3, 4 ∘ 3 (ints).
        ints: [bool; 3],
        /// 2.5 ∘ 2 (float against int).
        float_int: bool,
        /// NaN ∘ NaN.
        nan_nan: bool,
        /// "a" ∘ "b".
        strings: bool,
        /// [1, NaN, 3] ∘ 2.0 (series "x" on index [5, 3, 4] against a scalar).
        series_scalar: [bool; 3],
        /// [3, 1] ∘ [3, 2] (int series "x" and "y" on the same index [5, 4]).
        identical_index: [bool; 2],
        /// [1, 2, 3] on [0, 1, 2] ∘ [5, 1, 2] on [3, 2, 1]: aligned on [0, 1, 2, 3].
        misaligned: [bool; 4],
    }

    const F: bool = false;
    const T: bool = true;

    /// One table for Equality, Inequality, Greater, Greater or equal, Smaller, Smaller or
    /// equal: Python bools for plain values (NaN compares unequal to everything), pandas
    /// for series (NaN and labels missing on one side give false, except `!=`).
    #[test]
    fn comparison_components_agree_with_pandas() {
        let table = [
            Expect {
                component: &equality::Equality,
                ints: [F, T, F],
                float_int: F,
                nan_nan: F,
                strings: F,
                series_scalar: [F, F, F],
                identical_index: [T, F],
                misaligned: [F, T, F, F],
            },
            Expect {
                component: &inequality::Inequality,
                ints: [T, F, T],
                float_int: T,
                nan_nan: T,
                strings: T,
                series_scalar: [T, T, T],
                identical_index: [F, T],
                misaligned: [T, F, T, T],
            },
            Expect {
                component: &greater::Greater,
                ints: [F, F, T],
                float_int: T,
                nan_nan: F,
                strings: F,
                series_scalar: [F, F, T],
                identical_index: [F, F],
                misaligned: [F, F, T, F],
            },
            Expect {
                component: &greater_or_equal::GreaterOrEqual,
                ints: [F, T, T],
                float_int: T,
                nan_nan: F,
                strings: F,
                series_scalar: [F, F, T],
                identical_index: [T, F],
                misaligned: [F, T, T, F],
            },
            Expect {
                component: &smaller::Smaller,
                ints: [T, F, F],
                float_int: F,
                nan_nan: F,
                strings: T,
                series_scalar: [T, F, F],
                identical_index: [F, T],
                misaligned: [F, F, F, F],
            },
            Expect {
                component: &smaller_or_equal::SmallerOrEqual,
                ints: [T, T, F],
                float_int: F,
                nan_nan: F,
                strings: T,
                series_scalar: [T, F, F],
                identical_index: [T, T],
                misaligned: [F, T, F, F],
            },
        ];
        assert_eq!(table.len(), 6);
        for e in &table {
            let name = e.component.spec().name;
            let cmp = |a: Value, b: Value| {
                run1(e.component, &[("left", a), ("right", b)])
                    .unwrap_or_else(|err| panic!("{name}: {err}"))
            };
            for (b, expected) in [2, 3, 4].into_iter().zip(e.ints) {
                assert_eq!(
                    cmp(Value::Int(b), Value::Int(3)),
                    Value::Bool(expected),
                    "{name}: {b} vs 3"
                );
            }
            assert_eq!(
                cmp(Value::Float(2.5), Value::Int(2)),
                Value::Bool(e.float_int),
                "{name}"
            );
            assert_eq!(
                cmp(Value::Float(f64::NAN), Value::Float(f64::NAN)),
                Value::Bool(e.nan_nan),
                "{name}"
            );
            assert_eq!(
                cmp(Value::Str("a".into()), Value::Str("b".into())),
                Value::Bool(e.strings),
                "{name}"
            );

            // Series against a scalar keeps index and name.
            let r = cmp(
                named(fs(&[5, 3, 4], &[1.0, f64::NAN, 3.0]), "x"),
                Value::Float(2.0),
            );
            assert_eq!(bools(&r), e.series_scalar, "{name}");
            let Value::Series(s) = &r else { panic!() };
            assert_eq!(s.name.as_deref(), Some("x"), "{name}");
            assert_eq!(s.index.i64_values().unwrap().as_ref(), [5, 3, 4], "{name}");

            // Identical indexes compare positionally; different names give no name.
            let r = cmp(
                named(is(&[5, 4], &[3, 1]), "x"),
                named(is(&[5, 4], &[3, 2]), "y"),
            );
            assert_eq!(bools(&r), e.identical_index, "{name}");
            let Value::Series(s) = &r else { panic!() };
            assert_eq!(s.name, None, "{name}");
            assert_eq!(s.index.i64_values().unwrap().as_ref(), [5, 4], "{name}");

            // Misaligned series are aligned on the sorted union.
            let r = cmp(
                fs(&[0, 1, 2], &[1.0, 2.0, 3.0]),
                fs(&[3, 2, 1], &[5.0, 1.0, 2.0]),
            );
            assert_eq!(bools(&r), e.misaligned, "{name}");
            let Value::Series(s) = &r else { panic!() };
            assert_eq!(
                s.index.i64_values().unwrap().as_ref(),
                [0, 1, 2, 3],
                "{name}"
            );

            // Empty series.
            assert!(
                bools(&cmp(fs(&[], &[]), Value::Int(1))).is_empty(),
                "{name}"
            );
        }
    }
}

/// Every component of this category, in registration order.
pub fn components() -> Vec<Arc<dyn Component>> {
    vec![
        Arc::new(equality::Equality),
        Arc::new(filter::Filter),
        Arc::new(first_datetime_index::FirstDatetimeIndex),
        Arc::new(greater::Greater),
        Arc::new(greater_or_equal::GreaterOrEqual),
        Arc::new(inequality::Inequality),
        Arc::new(last_datetime_index::LastDatetimeIndex),
        Arc::new(restrict_to_time_interval::RestrictToTimeInterval),
        Arc::new(select_column_from_dataframe::SelectColumnFromDataFrame),
        Arc::new(series_difference_quotients::SeriesDifferenceQuotients),
        Arc::new(smaller::Smaller),
        Arc::new(smaller_or_equal::SmallerOrEqual),
    ]
}
