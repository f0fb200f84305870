//! Shared machinery of the elementwise components (Basic Arithmetic, Arithmetic,
//! Trigonometric): pandas/numpy/Python semantics of binary and unary operations on plain
//! numbers, series and frames.
//!
//! hetida's arithmetic components are one-liners such as `a + b` whose meaning depends on
//! the runtime types of the operands (spec §3.1, §3.4). This module reproduces that:
//!
//! * two plain numbers follow **Python** rules (int stays int, true division is float,
//!   `ZeroDivisionError` for division/modulo by zero, floor modulo);
//! * series and frames follow **pandas/numpy** rules: scalars broadcast, two series align
//!   on their labels (identical indexes → positional; otherwise the sorted union of labels
//!   with NaN where a side lacks a label), the result keeps a name only if both names are
//!   equal, ints stay ints where numpy keeps them (`+ - * %`, `**` with non-negative
//!   exponents) and become floats as soon as NaN can appear;
//! * frames align rows and columns (outer joins) and are computed column by column; a
//!   frame and a series match the series' labels against the frame's column names, as
//!   pandas does.
//!
//! Kernels run over plain slices (no per-element allocation); a binary operation on two
//! aligned series of 1 000 000 points takes a few milliseconds in release builds.

use super::broadcast::{joint_name, map2, Src};
use rheo_core::value::{Column, ColumnKind, FrameValue, SeriesValue, Tz};
use rheo_core::{ComponentError, Value};
use serde_json::Value as Json;
use std::borrow::Cow;
use std::cmp::Ordering;

/// Marks a label missing on one side of an alignment ("take nothing, fill NaN").
const MISSING: usize = usize::MAX;

/// A plain number as Python sees it (bools count as ints, as in Python arithmetic).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scalar {
    /// A Python `int` (or `bool`).
    Int(i64),
    /// A Python `float`.
    Float(f64),
}

impl Scalar {
    /// The value as a float (Python's `float(x)`).
    pub fn as_f64(self) -> f64 {
        match self {
            Scalar::Int(i) => i as f64,
            Scalar::Float(f) => f,
        }
    }

    /// Back into a runtime value.
    pub fn into_value(self) -> Value {
        match self {
            Scalar::Int(i) => Value::Int(i),
            Scalar::Float(f) => Value::Float(f),
        }
    }
}

/// The scalar of a plain-number value (`None` for anything else).
pub fn scalar_of(v: &Value) -> Option<Scalar> {
    match v {
        Value::Int(i) => Some(Scalar::Int(*i)),
        Value::Bool(b) => Some(Scalar::Int(i64::from(*b))),
        Value::Float(f) => Some(Scalar::Float(*f)),
        _ => None,
    }
}

/// The Python type name of a value, for Python-like error messages.
pub fn py_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int",
        Value::Float(_) => "float",
        Value::Str(_) => "str",
        Value::Json(Json::Object(_)) => "dict",
        Value::Json(Json::Array(_)) => "list",
        Value::Json(Json::Bool(_)) => "bool",
        Value::Json(Json::Number(_)) => "float",
        Value::Json(Json::String(_)) => "str",
        Value::Json(Json::Null) => "NoneType",
        Value::Series(_) => "Series",
        Value::Frame(_) => "DataFrame",
    }
}

/// hetida's ComponentInputValidationException (422) listing the pydantic validation
/// `errors` collected for input `input`, one per line; `Ok` when there are none.
pub fn validation_errors(input: &str, errors: &[String]) -> Result<(), ComponentError> {
    if errors.is_empty() {
        return Ok(());
    }
    Err(ComponentError::input_validation(
        format!(
            "There were input validation errors for the {input}:\n{}",
            errors.join("\n")
        ),
        &[input],
    ))
}

/// The Python type of one entry of a column of the given kind (`int`, `float`, `bool`,
/// `str`; pandas' `Timestamp` for datetimes), for Python-like error messages.
pub fn py_entry_type(kind: ColumnKind) -> &'static str {
    match kind {
        ColumnKind::Int => "int",
        ColumnKind::Float => "float",
        ColumnKind::Bool => "bool",
        ColumnKind::Str => "str",
        ColumnKind::Datetime => "Timestamp",
    }
}

/// Python's AttributeError for calling method (or reading attribute) `attr` on `v`:
/// `'<type>' object has no attribute '<attr>'`.
pub fn attribute_error(v: &Value, attr: &str) -> ComponentError {
    ComponentError::new(
        "AttributeError",
        format!("'{}' object has no attribute '{attr}'", py_type(v)),
    )
}

/// Numeric column data, borrowed where the column already holds it contiguously.
#[derive(Debug, Clone)]
pub enum Num<'a> {
    /// int64 data (bool columns are read as 0/1).
    Int(Cow<'a, [i64]>),
    /// float64 data (NaN = missing).
    Float(Cow<'a, [f64]>),
}

impl<'a> Num<'a> {
    /// The numeric data of a column; `None` for strings and datetimes.
    pub fn of(col: &'a Column) -> Option<Num<'a>> {
        match col.kind() {
            ColumnKind::Float => col.f64_values().map(Num::Float),
            ColumnKind::Int => {
                if col.data.i64().is_ok() {
                    col.i64_values().map(Num::Int)
                } else {
                    col.f64_values().map(Num::Float)
                }
            }
            ColumnKind::Bool => col.bool_values().map(|b| {
                if b.iter().any(Option::is_none) {
                    Num::Float(Cow::Owned(
                        b.iter()
                            .map(|x| x.map_or(f64::NAN, |x| f64::from(u8::from(x))))
                            .collect(),
                    ))
                } else {
                    Num::Int(Cow::Owned(
                        b.iter().map(|x| i64::from(x.unwrap_or(false))).collect(),
                    ))
                }
            }),
            ColumnKind::Str | ColumnKind::Datetime => None,
        }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        match self {
            Num::Int(v) => v.len(),
            Num::Float(v) => v.len(),
        }
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The data as floats (converted once for ints).
    pub fn to_f64(&self) -> Cow<'_, [f64]> {
        match self {
            Num::Float(v) => Cow::Borrowed(v.as_ref()),
            Num::Int(v) => Cow::Owned(v.iter().map(|&x| x as f64).collect()),
        }
    }

    /// The data as a new column.
    pub fn into_column(self) -> Column {
        match self {
            Num::Int(v) => Column::from_i64(v.into_owned()),
            Num::Float(v) => Column::from_f64(v.into_owned()),
        }
    }
}

/// The numeric data of a column or the TypeError numpy/pandas would raise.
pub fn numeric<'a>(col: &'a Column, op: &str) -> Result<Num<'a>, ComponentError> {
    Num::of(col).ok_or_else(|| {
        ComponentError::type_error(format!(
            "unsupported operand type for {op}: column of {}",
            match col.kind() {
                ColumnKind::Str => "strings",
                ColumnKind::Datetime => "datetimes",
                _ => "non-numeric values",
            }
        ))
    })
}

/// numpy refuses `-` between booleans (`np.diff` of a bool array, `y[i] - y[i-1]`), where
/// Rheo's numeric view would count them as 0/1.
pub fn refuse_bool_subtract(col: &Column) -> Result<(), ComponentError> {
    if col.kind() == ColumnKind::Bool {
        return Err(ComponentError::type_error(
            "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, \
             the `^` operator, or the logical_xor function instead.",
        ));
    }
    Ok(())
}

/// The per-element result of an integer kernel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntOut {
    /// The int64 result.
    Val(i64),
    /// numpy/pandas produce floats for this element: the whole column is computed in float.
    Float,
    /// numpy refuses the operation (e.g. ints to negative int powers).
    Invalid,
}

/// One binary arithmetic operation with its pandas (vector) and Python (scalar) semantics.
pub trait BinaryOp {
    /// The Python operator symbol, for error messages.
    const SYMBOL: &'static str;
    /// The ValueError message raised when [`BinaryOp::int`] reports [`IntOut::Invalid`].
    const INVALID: &'static str = "invalid integer operation";
    /// Whether int ∘ int can stay int at all (false for true division: skip the int pass).
    const INT_RESULT: bool = true;
    /// The numpy float64 kernel.
    fn float(a: f64, b: f64) -> f64;
    /// The numpy int64 kernel (wrapping like numpy).
    fn int(a: i64, b: i64) -> IntOut;
    /// The operation on two plain Python numbers.
    fn scalar(a: Scalar, b: Scalar) -> Result<Value, ComponentError>;
}

fn overflow(op: &str) -> ComponentError {
    ComponentError::new(
        "OverflowError",
        format!(
            "integer result of {op} exceeds 64 bits (Python would return an arbitrary-precision \
             int, which Rheo's INT cannot hold)"
        ),
    )
}

fn zero_division(msg: &str) -> ComponentError {
    ComponentError::new("ZeroDivisionError", msg)
}

/// `a + b`.
pub struct AddOp;
impl BinaryOp for AddOp {
    const SYMBOL: &'static str = "+";
    #[inline(always)]
    fn float(a: f64, b: f64) -> f64 {
        a + b
    }
    #[inline(always)]
    fn int(a: i64, b: i64) -> IntOut {
        IntOut::Val(a.wrapping_add(b))
    }
    fn scalar(a: Scalar, b: Scalar) -> Result<Value, ComponentError> {
        match (a, b) {
            (Scalar::Int(x), Scalar::Int(y)) => x
                .checked_add(y)
                .map(Value::Int)
                .ok_or_else(|| overflow("+")),
            _ => Ok(Value::Float(a.as_f64() + b.as_f64())),
        }
    }
}

/// `a - b`.
pub struct SubOp;
impl BinaryOp for SubOp {
    const SYMBOL: &'static str = "-";
    #[inline(always)]
    fn float(a: f64, b: f64) -> f64 {
        a - b
    }
    #[inline(always)]
    fn int(a: i64, b: i64) -> IntOut {
        IntOut::Val(a.wrapping_sub(b))
    }
    fn scalar(a: Scalar, b: Scalar) -> Result<Value, ComponentError> {
        match (a, b) {
            (Scalar::Int(x), Scalar::Int(y)) => x
                .checked_sub(y)
                .map(Value::Int)
                .ok_or_else(|| overflow("-")),
            _ => Ok(Value::Float(a.as_f64() - b.as_f64())),
        }
    }
}

/// `a * b`.
pub struct MulOp;
impl BinaryOp for MulOp {
    const SYMBOL: &'static str = "*";
    #[inline(always)]
    fn float(a: f64, b: f64) -> f64 {
        a * b
    }
    #[inline(always)]
    fn int(a: i64, b: i64) -> IntOut {
        IntOut::Val(a.wrapping_mul(b))
    }
    fn scalar(a: Scalar, b: Scalar) -> Result<Value, ComponentError> {
        match (a, b) {
            (Scalar::Int(x), Scalar::Int(y)) => x
                .checked_mul(y)
                .map(Value::Int)
                .ok_or_else(|| overflow("*")),
            _ => Ok(Value::Float(a.as_f64() * b.as_f64())),
        }
    }
}

/// True division `a / b` (always float; x/0 → ±inf, 0/0 → NaN for series).
pub struct DivOp;
impl BinaryOp for DivOp {
    const SYMBOL: &'static str = "/";
    const INT_RESULT: bool = false;
    #[inline(always)]
    fn float(a: f64, b: f64) -> f64 {
        a / b
    }
    #[inline(always)]
    fn int(_: i64, _: i64) -> IntOut {
        IntOut::Float
    }
    fn scalar(a: Scalar, b: Scalar) -> Result<Value, ComponentError> {
        if b.as_f64() == 0.0 {
            return Err(zero_division(match (a, b) {
                (Scalar::Int(_), Scalar::Int(_)) => "division by zero",
                _ => "float division by zero",
            }));
        }
        Ok(Value::Float(a.as_f64() / b.as_f64()))
    }
}

/// Python/numpy floor modulo of floats: the result has the sign of the divisor;
/// a zero divisor gives NaN (numpy; Python scalars raise instead).
#[inline(always)]
pub fn floor_mod_f64(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        return f64::NAN;
    }
    let m = a % b;
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m + b
        } else {
            m
        }
    } else {
        0.0f64.copysign(b)
    }
}

/// Python floor modulo of ints (`b != 0`).
#[inline(always)]
pub fn floor_mod_i64(a: i64, b: i64) -> i64 {
    let m = a.wrapping_rem(b);
    if m != 0 && ((m < 0) != (b < 0)) {
        m + b
    } else {
        m
    }
}

/// Floor modulo `a % b` (sign of the divisor; series % 0 → NaN).
pub struct ModOp;
impl BinaryOp for ModOp {
    const SYMBOL: &'static str = "%";
    #[inline(always)]
    fn float(a: f64, b: f64) -> f64 {
        floor_mod_f64(a, b)
    }
    #[inline(always)]
    fn int(a: i64, b: i64) -> IntOut {
        if b == 0 {
            IntOut::Float
        } else {
            IntOut::Val(floor_mod_i64(a, b))
        }
    }
    fn scalar(a: Scalar, b: Scalar) -> Result<Value, ComponentError> {
        match (a, b) {
            (Scalar::Int(_), Scalar::Int(0)) => Err(zero_division("integer modulo by zero")),
            (Scalar::Int(x), Scalar::Int(y)) => Ok(Value::Int(floor_mod_i64(x, y))),
            _ if b.as_f64() == 0.0 => Err(zero_division("float modulo")),
            _ => Ok(Value::Float(floor_mod_f64(a.as_f64(), b.as_f64()))),
        }
    }
}

/// Power `a ** b`.
pub struct PowOp;
impl BinaryOp for PowOp {
    const SYMBOL: &'static str = "** or pow()";
    const INVALID: &'static str = "Integers to negative integer powers are not allowed.";
    #[inline(always)]
    fn float(a: f64, b: f64) -> f64 {
        a.powf(b)
    }
    #[inline(always)]
    fn int(a: i64, b: i64) -> IntOut {
        if b < 0 {
            return IntOut::Invalid;
        }
        IntOut::Val(a.wrapping_pow(u32::try_from(b).unwrap_or(u32::MAX)))
    }
    fn scalar(a: Scalar, b: Scalar) -> Result<Value, ComponentError> {
        if let (Scalar::Int(x), Scalar::Int(y)) = (a, b) {
            if y >= 0 {
                return u32::try_from(y)
                    .ok()
                    .and_then(|e| x.checked_pow(e))
                    .or(match x {
                        0 | 1 => Some(x),
                        -1 => Some(if y % 2 == 0 { 1 } else { -1 }),
                        _ => None,
                    })
                    .map(Value::Int)
                    .ok_or_else(|| overflow("**"));
            }
        }
        let (x, y) = (a.as_f64(), b.as_f64());
        if x == 0.0 && y < 0.0 {
            return Err(zero_division("0.0 cannot be raised to a negative power"));
        }
        if x < 0.0 && y.is_finite() && y.fract() != 0.0 {
            return Err(ComponentError::value_error(format!(
                "{x} ** {y} is a complex number in Python; Rheo has no complex values"
            )));
        }
        let r = x.powf(y);
        if r.is_infinite() && x.is_finite() && y.is_finite() {
            return Err(ComponentError::new(
                "OverflowError",
                "(34, 'Numerical result out of range')",
            ));
        }
        Ok(Value::Float(r))
    }
}

/// The labels of an index in a comparable form.
enum Labels<'a> {
    Int(Cow<'a, [i64]>),
    Float,
    Time(Vec<Option<i64>>),
    Str(Vec<Option<&'a str>>),
}

fn labels(col: &Column) -> Option<Labels<'_>> {
    Some(match col.kind() {
        ColumnKind::Int if col.data.i64().is_ok() => Labels::Int(col.i64_values()?),
        ColumnKind::Int | ColumnKind::Float => Labels::Float,
        ColumnKind::Datetime => Labels::Time(col.datetime_ns_opt()?),
        ColumnKind::Str => Labels::Str(col.str_values()?),
        ColumnKind::Bool => return None,
    })
}

/// Total order of float labels with NaN last and all NaNs equal (pandas joins).
pub(crate) fn cmp_f64(a: f64, b: f64) -> Ordering {
    a.partial_cmp(&b)
        .unwrap_or_else(|| a.is_nan().cmp(&b.is_nan()))
}

/// Order of optional labels with missing values last.
pub(crate) fn cmp_opt<T: Ord>(a: Option<T>, b: Option<T>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
    }
}

/// Positions of `keys` in sorted (stable) order; the identity when already sorted.
fn sorted_order<K: Copy>(keys: &[K], cmp: &impl Fn(K, K) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    if keys
        .windows(2)
        .any(|w| cmp(w[0], w[1]) == Ordering::Greater)
    {
        order.sort_by(|&a, &b| cmp(keys[a], keys[b]));
    }
    order
}

/// Whether `keys` is sorted (non-decreasing) under `cmp`.
fn is_sorted_by<K: Copy>(keys: &[K], cmp: &impl Fn(K, K) -> Ordering) -> bool {
    keys.windows(2)
        .all(|w| cmp(w[0], w[1]) != Ordering::Greater)
}

/// Sorted outer join of two label lists: the union labels and, per result row, the
/// position on each side ([`MISSING`] where a side lacks the label). Equal labels that
/// repeat on both sides give their cartesian product (left-major), as pandas does.
fn outer_join<K: Copy>(
    l: &[K],
    r: &[K],
    cmp: impl Fn(K, K) -> Ordering,
) -> (Vec<K>, Vec<usize>, Vec<usize>) {
    if is_sorted_by(l, &cmp) && is_sorted_by(r, &cmp) {
        // The common case (time series): a straight merge without position indirection.
        return merge_join(l, r, |i| i, |j| j, &cmp);
    }
    let (lo, ro) = (sorted_order(l, &cmp), sorted_order(r, &cmp));
    let (ls, rs): (Vec<K>, Vec<K>) = (
        lo.iter().map(|&i| l[i]).collect(),
        ro.iter().map(|&j| r[j]).collect(),
    );
    merge_join(&ls, &rs, |i| lo[i], |j| ro[j], &cmp)
}

/// The merge step of [`outer_join`] over sorted `l` and `r`; `lpos`/`rpos` map sorted
/// positions back to the original ones.
fn merge_join<K: Copy>(
    l: &[K],
    r: &[K],
    lpos: impl Fn(usize) -> usize,
    rpos: impl Fn(usize) -> usize,
    cmp: &impl Fn(K, K) -> Ordering,
) -> (Vec<K>, Vec<usize>, Vec<usize>) {
    // Without repeated labels the union has at most l + r rows.
    let cap = l.len() + r.len();
    let (mut keys, mut lt, mut rt) = (
        Vec::with_capacity(cap),
        Vec::with_capacity(cap),
        Vec::with_capacity(cap),
    );
    let (mut i, mut j) = (0, 0);
    while i < l.len() && j < r.len() {
        match cmp(l[i], r[j]) {
            Ordering::Less => {
                keys.push(l[i]);
                lt.push(lpos(i));
                rt.push(MISSING);
                i += 1;
            }
            Ordering::Greater => {
                keys.push(r[j]);
                lt.push(MISSING);
                rt.push(rpos(j));
                j += 1;
            }
            Ordering::Equal => {
                let key = l[i];
                let i_end = i + l[i..].partition_point(|&k| cmp(k, key) == Ordering::Equal);
                let j_end = j + r[j..].partition_point(|&k| cmp(k, key) == Ordering::Equal);
                for a in i..i_end {
                    for b in j..j_end {
                        keys.push(key);
                        lt.push(lpos(a));
                        rt.push(rpos(b));
                    }
                }
                i = i_end;
                j = j_end;
            }
        }
    }
    for (a, &key) in l.iter().enumerate().skip(i) {
        keys.push(key);
        lt.push(lpos(a));
        rt.push(MISSING);
    }
    for (b, &key) in r.iter().enumerate().skip(j) {
        keys.push(key);
        lt.push(MISSING);
        rt.push(rpos(b));
    }
    (keys, lt, rt)
}

/// How two indexes line up: the result index and, unless positional, the take maps.
pub struct Alignment {
    /// The result index.
    pub index: Column,
    /// Positions into the left and right data per result row (`None`: positional).
    pub takes: Option<(Vec<usize>, Vec<usize>)>,
}

/// Whether two indexes are identical (pandas `Index.equals`), checked cheaply: the same
/// polars buffer, or a vectorised comparison.
pub fn same_index(a: &Column, b: &Column) -> bool {
    if a.len() != b.len() || a.tz != b.tz {
        return false;
    }
    if std::sync::Arc::ptr_eq(&a.data.0, &b.data.0) {
        return true;
    }
    if a.data.null_count() == 0 && b.data.null_count() == 0 {
        if let (Some(x), Some(y)) = (a.datetime_ns(), b.datetime_ns()) {
            return x == y;
        }
        if a.data.i64().is_ok() && b.data.i64().is_ok() {
            if let (Some(x), Some(y)) = (a.i64_values(), b.i64_values()) {
                return x == y;
            }
        }
    }
    if a.data.dtype() == b.data.dtype() {
        return a.data.equals_missing(&b.data);
    }
    // An int and a float index with the same values are equal for pandas, too.
    match (a.kind(), b.kind()) {
        (ColumnKind::Int | ColumnKind::Float, ColumnKind::Int | ColumnKind::Float) => {
            match (a.f64_values(), b.f64_values()) {
                (Some(x), Some(y)) => x
                    .iter()
                    .zip(y.iter())
                    .all(|(p, q)| p == q || (p.is_nan() && q.is_nan())),
                _ => false,
            }
        }
        _ => false,
    }
}

/// Aligns two indexes like pandas' outer join (`Series.align`): positional when identical,
/// the index of the non-empty side when the other is empty, otherwise the sorted union.
pub fn align(a: &Column, b: &Column) -> Result<Alignment, ComponentError> {
    if same_index(a, b) {
        return Ok(Alignment {
            index: a.clone(),
            takes: None,
        });
    }
    if a.is_empty() || b.is_empty() {
        let (index, n) = if a.is_empty() {
            (b.clone(), b.len())
        } else {
            (a.clone(), a.len())
        };
        let ident: Vec<usize> = (0..n).collect();
        let none = vec![MISSING; n];
        let takes = if a.is_empty() {
            (none, ident)
        } else {
            (ident, none)
        };
        return Ok(Alignment {
            index,
            takes: Some(takes),
        });
    }
    let unsupported = || {
        ComponentError::not_supported(format!(
            "aligning an index of {:?} labels with one of {:?} labels is not supported",
            a.kind(),
            b.kind()
        ))
    };
    let join_tz = || match (a.tz, b.tz) {
        (p, q) if p == q => Ok(p),
        (Tz::Naive, _) | (_, Tz::Naive) => Err(ComponentError::type_error(
            "Cannot join tz-naive with tz-aware DatetimeIndex",
        )),
        _ => Ok(Tz::Utc),
    };
    if a.kind() == ColumnKind::Datetime
        && b.kind() == ColumnKind::Datetime
        && !a.has_nulls()
        && !b.has_nulls()
    {
        // No NaT: join the nanosecond slices directly (borrowed, no Option per label).
        if let (Some(x), Some(y)) = (a.datetime_ns(), b.datetime_ns()) {
            let tz = join_tz()?;
            let (k, l, r) = outer_join(&x, &y, |p: i64, q: i64| p.cmp(&q));
            return Ok(Alignment {
                index: Column::from_datetime_ns(k, tz),
                takes: Some((l, r)),
            });
        }
    }
    let (la, lb) = (
        labels(a).ok_or_else(unsupported)?,
        labels(b).ok_or_else(unsupported)?,
    );
    let (index, lt, rt) = match (la, lb) {
        (Labels::Int(x), Labels::Int(y)) => {
            let (k, l, r) = outer_join(&x, &y, |p: i64, q: i64| p.cmp(&q));
            (Column::from_i64(k), l, r)
        }
        (Labels::Int(_) | Labels::Float, Labels::Int(_) | Labels::Float) => {
            let (Some(x), Some(y)) = (a.f64_values(), b.f64_values()) else {
                return Err(unsupported());
            };
            let (k, l, r) = outer_join(&x, &y, cmp_f64);
            (Column::from_f64(k), l, r)
        }
        (Labels::Time(x), Labels::Time(y)) => {
            let tz = join_tz()?;
            let (k, l, r) = outer_join(&x, &y, cmp_opt);
            (Column::from_opt_datetime_ns(k, tz), l, r)
        }
        (Labels::Str(x), Labels::Str(y)) => {
            let (k, l, r) = outer_join(&x, &y, cmp_opt);
            (
                Column::from_strings(k.into_iter().map(|s| s.map(str::to_string)).collect()),
                l,
                r,
            )
        }
        _ => return Err(unsupported()),
    };
    Ok(Alignment {
        index,
        takes: Some((lt, rt)),
    })
}

/// `src` reindexed by `take` (NaN where missing); ints stay ints when nothing is missing.
fn gather<'a>(src: &Num<'a>, take: &[usize]) -> Num<'static> {
    match src {
        Num::Int(v) if !take.contains(&MISSING) => {
            Num::Int(Cow::Owned(take.iter().map(|&t| v[t]).collect()))
        }
        _ => {
            let v = src.to_f64();
            // `MISSING` is out of bounds, so `get` yields the NaN fill.
            Num::Float(Cow::Owned(
                take.iter()
                    .map(|&t| v.get(t).copied().unwrap_or(f64::NAN))
                    .collect(),
            ))
        }
    }
}

fn float_kernel<O: BinaryOp>(a: Src<'_, f64>, b: Src<'_, f64>, n: usize) -> Vec<f64> {
    map2(a, b, n, O::float)
}

/// The int kernel; `Ok(None)` when some element needs floats.
fn int_kernel<O: BinaryOp>(
    a: Src<'_, i64>,
    b: Src<'_, i64>,
    n: usize,
) -> Result<Option<Vec<i64>>, ComponentError> {
    let mut out = Vec::with_capacity(n);
    let mut state = IntOut::Val(0);
    let mut push = |r: IntOut| match r {
        IntOut::Val(v) => {
            out.push(v);
            true
        }
        other => {
            state = other;
            false
        }
    };
    let _ = match (a, b) {
        (Src::Vec(x), Src::Vec(y)) => x.iter().zip(y).all(|(&x, &y)| push(O::int(x, y))),
        (Src::Vec(x), Src::One(y)) => x.iter().all(|&x| push(O::int(x, y))),
        (Src::One(x), Src::Vec(y)) => y.iter().all(|&y| push(O::int(x, y))),
        (Src::One(x), Src::One(y)) => (0..n).all(|_| push(O::int(x, y))),
    };
    match state {
        IntOut::Val(_) => Ok(Some(out)),
        IntOut::Float => Ok(None),
        IntOut::Invalid => Err(ComponentError::value_error(O::INVALID)),
    }
}

/// A kernel operand before type resolution.
enum Side<'a> {
    Data(Num<'a>),
    One(Scalar),
}

/// Applies `O` to two operands of equal length (or broadcast scalars), keeping int64
/// where numpy does.
fn apply<O: BinaryOp>(a: &Side<'_>, b: &Side<'_>, n: usize) -> Result<Column, ComponentError> {
    let ia = match a {
        Side::Data(Num::Int(v)) => Some(Src::Vec(v.as_ref())),
        Side::One(Scalar::Int(i)) => Some(Src::One(*i)),
        _ => None,
    };
    let ib = match b {
        Side::Data(Num::Int(v)) => Some(Src::Vec(v.as_ref())),
        Side::One(Scalar::Int(i)) => Some(Src::One(*i)),
        _ => None,
    };
    if let (true, Some(x), Some(y)) = (O::INT_RESULT, ia, ib) {
        if let Some(v) = int_kernel::<O>(x, y, n)? {
            return Ok(Column::from_i64(v));
        }
    }
    let fa = match a {
        Side::Data(d) => Some(d.to_f64()),
        Side::One(_) => None,
    };
    let fb = match b {
        Side::Data(d) => Some(d.to_f64()),
        Side::One(_) => None,
    };
    let out = float_kernel::<O>(float_src(a, &fa), float_src(b, &fb), n);
    Ok(Column::from_f64(out))
}

/// The float operand of a kernel: the converted data or the broadcast scalar.
fn float_src<'a>(side: &Side<'_>, data: &'a Option<Cow<'_, [f64]>>) -> Src<'a, f64> {
    match side {
        Side::One(s) => Src::One(s.as_f64()),
        Side::Data(_) => Src::Vec(data.as_deref().unwrap_or(&[])),
    }
}

fn series_series<O: BinaryOp>(
    a: &SeriesValue,
    b: &SeriesValue,
) -> Result<SeriesValue, ComponentError> {
    let (na, nb) = (
        numeric(&a.values, O::SYMBOL)?,
        numeric(&b.values, O::SYMBOL)?,
    );
    let al = align(&a.index, &b.index)?;
    let n = al.index.len();
    let values = match &al.takes {
        None => apply::<O>(&Side::Data(na), &Side::Data(nb), n)?,
        Some((lt, rt)) => {
            let int_result = O::INT_RESULT
                && matches!((&na, &nb), (Num::Int(_), Num::Int(_)))
                && !lt.contains(&MISSING)
                && !rt.contains(&MISSING);
            if int_result {
                let (da, db) = (gather(&na, lt), gather(&nb, rt));
                apply::<O>(&Side::Data(da), &Side::Data(db), n)?
            } else {
                // Float result: read both sides through the take maps in one pass instead
                // of materialising two reindexed copies first (same values as
                // gather + apply: missing labels read as NaN).
                let (fa, fb) = (na.to_f64(), nb.to_f64());
                Column::from_f64(
                    lt.iter()
                        .zip(rt)
                        .map(|(&i, &j)| {
                            O::float(
                                fa.get(i).copied().unwrap_or(f64::NAN),
                                fb.get(j).copied().unwrap_or(f64::NAN),
                            )
                        })
                        .collect(),
                )
            }
        }
    };
    Ok(SeriesValue {
        name: joint_name(&a.name, &b.name),
        index: al.index,
        values,
        attrs: a.attrs.clone(),
    })
}

fn series_scalar<O: BinaryOp>(
    s: &SeriesValue,
    x: Scalar,
    scalar_left: bool,
) -> Result<SeriesValue, ComponentError> {
    let d = Side::Data(numeric(&s.values, O::SYMBOL)?);
    let one = Side::One(x);
    let n = s.len();
    let values = if scalar_left {
        apply::<O>(&one, &d, n)?
    } else {
        apply::<O>(&d, &one, n)?
    };
    Ok(SeriesValue {
        name: s.name.clone(),
        index: s.index.clone(),
        values,
        attrs: s.attrs.clone(),
    })
}

fn frame_scalar<O: BinaryOp>(
    f: &FrameValue,
    x: Scalar,
    scalar_left: bool,
) -> Result<FrameValue, ComponentError> {
    let n = f.height();
    let mut columns = f.columns.clone();
    for col in columns.values_mut() {
        let d = Side::Data(numeric(col, O::SYMBOL)?);
        let one = Side::One(x);
        *col = if scalar_left {
            apply::<O>(&one, &d, n)?
        } else {
            apply::<O>(&d, &one, n)?
        };
    }
    Ok(FrameValue {
        index: f.index.clone(),
        columns,
        attrs: f.attrs.clone(),
    })
}

fn frame_frame<O: BinaryOp>(a: &FrameValue, b: &FrameValue) -> Result<FrameValue, ComponentError> {
    let rows = align(&a.index, &b.index)?;
    let n = rows.index.len();
    let names_a: Vec<Option<&str>> = a.columns.keys().map(|k| Some(k.as_str())).collect();
    let names_b: Vec<Option<&str>> = b.columns.keys().map(|k| Some(k.as_str())).collect();
    let (names, ca, cb) = if names_a == names_b {
        let pos: Vec<usize> = (0..names_a.len()).collect();
        (names_a, pos.clone(), pos)
    } else {
        outer_join(&names_a, &names_b, cmp_opt)
    };
    let mut columns = a.columns.clone();
    columns.clear();
    let (ta, tb) = match &rows.takes {
        None => (None, None),
        Some((l, r)) => (Some(l.as_slice()), Some(r.as_slice())),
    };
    for ((name, &ia), &ib) in names.iter().zip(&ca).zip(&cb) {
        let da = frame_column(a, ia, ta, n, O::SYMBOL)?;
        let db = frame_column(b, ib, tb, n, O::SYMBOL)?;
        let col = apply::<O>(&Side::Data(da), &Side::Data(db), n)?;
        columns.insert(name.unwrap_or_default().to_string(), col);
    }
    Ok(FrameValue {
        index: rows.index,
        columns,
        attrs: a.attrs.clone(),
    })
}

/// frame ∘ series the pandas way: the series' labels are matched against the frame's
/// *column names* (a known pitfall hetida users hit: a time series added to a frame gives
/// an all-NaN frame). Each matched series value is broadcast down its column; columns and
/// labels present on one side only give NaN columns (columns: sorted union unless equal).
/// Supported for string labels; other label types would need non-string column names and
/// raise `NotSupportedByNativeEngine`.
fn frame_series<O: BinaryOp>(
    f: &FrameValue,
    s: &SeriesValue,
    series_left: bool,
) -> Result<FrameValue, ComponentError> {
    let labels = match s.index.kind() {
        ColumnKind::Str => s.index.str_values().unwrap_or_default(),
        _ if s.is_empty() => Vec::new(),
        kind => {
            return Err(ComponentError::not_supported(format!(
                "DataFrame {} Series: pandas matches the series' {kind:?} labels with the \
                     frame's column names, which Rheo does not support (only string labels)",
                O::SYMBOL
            )))
        }
    };
    let values = numeric(&s.values, O::SYMBOL)?;
    let names: Vec<Option<&str>> = f.columns.keys().map(|k| Some(k.as_str())).collect();
    let (keys, fc, sc) = if names == labels {
        let pos: Vec<usize> = (0..names.len()).collect();
        (names, pos.clone(), pos)
    } else {
        outer_join(&names, &labels, cmp_opt)
    };
    let n = f.height();
    let mut columns = f.columns.clone();
    columns.clear();
    for ((name, &ic), &is) in keys.iter().zip(&fc).zip(&sc) {
        let frame_side = if ic == MISSING {
            Side::Data(Num::Float(Cow::Owned(vec![f64::NAN; n])))
        } else {
            Side::Data(numeric(&f.columns[ic], O::SYMBOL)?)
        };
        let series_side = Side::One(match (&values, is) {
            (_, MISSING) => Scalar::Float(f64::NAN),
            (Num::Int(v), i) => Scalar::Int(v[i]),
            (Num::Float(v), i) => Scalar::Float(v[i]),
        });
        let col = if series_left {
            apply::<O>(&series_side, &frame_side, n)?
        } else {
            apply::<O>(&frame_side, &series_side, n)?
        };
        columns.insert(name.unwrap_or("None").to_string(), col);
    }
    Ok(FrameValue {
        index: f.index.clone(),
        columns,
        attrs: f.attrs.clone(),
    })
}

/// Column `i` of a frame as aligned numeric data: borrowed when the rows are positional,
/// reindexed by `take` otherwise, all NaN when the column is [`MISSING`].
fn frame_column<'a>(
    f: &'a FrameValue,
    i: usize,
    take: Option<&[usize]>,
    n: usize,
    symbol: &str,
) -> Result<Num<'a>, ComponentError> {
    if i == MISSING {
        return Ok(Num::Float(Cow::Owned(vec![f64::NAN; n])));
    }
    let d = numeric(&f.columns[i], symbol)?;
    Ok(match take {
        None => d,
        Some(t) => gather(&d, t),
    })
}

/// `a <op> b` with hetida's runtime semantics (module docs): plain numbers follow Python,
/// series and frames follow pandas. Unsupported combinations raise Python's TypeError.
pub fn binary<O: BinaryOp>(a: &Value, b: &Value) -> Result<Value, ComponentError> {
    match (a, b, scalar_of(a), scalar_of(b)) {
        (Value::Series(x), Value::Series(y), ..) => Ok(Value::Series(series_series::<O>(x, y)?)),
        (Value::Frame(x), Value::Frame(y), ..) => Ok(Value::Frame(frame_frame::<O>(x, y)?)),
        (Value::Series(s), _, _, Some(y)) => Ok(Value::Series(series_scalar::<O>(s, y, false)?)),
        (_, Value::Series(s), Some(x), _) => Ok(Value::Series(series_scalar::<O>(s, x, true)?)),
        (Value::Frame(f), _, _, Some(y)) => Ok(Value::Frame(frame_scalar::<O>(f, y, false)?)),
        (_, Value::Frame(f), Some(x), _) => Ok(Value::Frame(frame_scalar::<O>(f, x, true)?)),
        (Value::Frame(f), Value::Series(s), ..) => {
            Ok(Value::Frame(frame_series::<O>(f, s, false)?))
        }
        (Value::Series(s), Value::Frame(f), ..) => Ok(Value::Frame(frame_series::<O>(f, s, true)?)),
        (_, _, Some(x), Some(y)) => O::scalar(x, y),
        _ => Err(unsupported_operands(O::SYMBOL, a, b)),
    }
}

/// Python's TypeError for operand types an operator does not support.
pub fn unsupported_operands(symbol: &str, a: &Value, b: &Value) -> ComponentError {
    ComponentError::type_error(format!(
        "unsupported operand type(s) for {symbol}: '{}' and '{}'",
        py_type(a),
        py_type(b)
    ))
}

/// Applies a numpy ufunc with float results (`sin`, `log`, `sqrt`, …) to a value:
/// plain numbers give a float, series/frames are mapped elementwise (index, name, attrs
/// kept; ints converted), a JSON list of numbers becomes a list (numpy array).
pub fn map_float(v: &Value, name: &str, f: impl Fn(f64) -> f64) -> Result<Value, ComponentError> {
    let col = |c: &Column| -> Result<Column, ComponentError> {
        let d = numeric(c, name)?;
        let x = d.to_f64();
        Ok(Column::from_f64(x.iter().map(|&x| f(x)).collect()))
    };
    match v {
        Value::Series(s) => Ok(Value::Series(SeriesValue {
            name: s.name.clone(),
            index: s.index.clone(),
            values: col(&s.values)?,
            attrs: s.attrs.clone(),
        })),
        Value::Frame(fr) => {
            let mut columns = fr.columns.clone();
            for c in columns.values_mut() {
                *c = col(c)?;
            }
            Ok(Value::Frame(FrameValue {
                index: fr.index.clone(),
                columns,
                attrs: fr.attrs.clone(),
            }))
        }
        Value::Json(Json::Array(items)) => {
            let mut out = Vec::with_capacity(items.len());
            for it in items {
                let x = match it {
                    Json::Number(n) => n.as_f64().unwrap_or(f64::NAN),
                    Json::Bool(b) => f64::from(u8::from(*b)),
                    _ => return Err(ufunc_type_error(name, v)),
                };
                out.push(Json::from(f(x)));
            }
            Ok(Value::Json(Json::Array(out)))
        }
        other => match scalar_of(other) {
            Some(x) => Ok(Value::Float(f(x.as_f64()))),
            None => Err(ufunc_type_error(name, other)),
        },
    }
}

fn ufunc_type_error(name: &str, v: &Value) -> ComponentError {
    ComponentError::type_error(format!(
        "loop of ufunc does not support argument 0 of type {} which has no callable {name} \
         method",
        py_type(v)
    ))
}

/// Applies a dtype-preserving elementwise operation (`abs`, `sign`, `round`): int data
/// stay int, float data stay float. `skip_non_numeric` leaves string/datetime frame
/// columns untouched (as `DataFrame.round` does) instead of raising.
pub fn map_num(
    v: &Value,
    name: &str,
    fi: impl Fn(i64) -> i64,
    ff: impl Fn(f64) -> f64,
    skip_non_numeric: bool,
) -> Result<Value, ComponentError> {
    let col = |c: &Column| -> Result<Column, ComponentError> {
        Ok(match numeric(c, name)? {
            Num::Int(x) => Column::from_i64(x.iter().map(|&x| fi(x)).collect()),
            Num::Float(x) => Column::from_f64(x.iter().map(|&x| ff(x)).collect()),
        })
    };
    match v {
        Value::Series(s) => Ok(Value::Series(SeriesValue {
            name: s.name.clone(),
            index: s.index.clone(),
            values: col(&s.values)?,
            attrs: s.attrs.clone(),
        })),
        Value::Frame(fr) => {
            let mut columns = fr.columns.clone();
            for c in columns.values_mut() {
                if skip_non_numeric && Num::of(c).is_none() {
                    continue;
                }
                *c = col(c)?;
            }
            Ok(Value::Frame(FrameValue {
                index: fr.index.clone(),
                columns,
                attrs: fr.attrs.clone(),
            }))
        }
        other => match scalar_of(other) {
            Some(Scalar::Int(i)) => Ok(Value::Int(fi(i))),
            Some(Scalar::Float(x)) => Ok(Value::Float(ff(x))),
            None => Err(ComponentError::type_error(format!(
                "bad operand type for {name}: '{}'",
                py_type(other)
            ))),
        },
    }
}

/// numpy's `np.sum` of float64 data (used by pandas' `sum`), so sums match pandas to the
/// last bit: the reduction runs over buffers of 8192 elements, each summed pairwise
/// ([`pairwise_block`]) and added to the running total.
pub fn pairwise_sum(a: &[f64]) -> f64 {
    const BUFSIZE: usize = 8192;
    if a.len() <= BUFSIZE {
        return pairwise_block(a);
    }
    let mut acc = 0.0;
    for chunk in a.chunks(BUFSIZE) {
        acc += pairwise_block(chunk);
    }
    acc
}

/// numpy's pairwise summation of one buffer: 8 partial sums up to 128 elements,
/// recursive halving above.
pub fn pairwise_block(a: &[f64]) -> f64 {
    let n = a.len();
    if n < 8 {
        let mut res = 0.0;
        for &x in a {
            res += x;
        }
        res
    } else if n <= 128 {
        let mut r = [0.0f64; 8];
        r.copy_from_slice(&a[..8]);
        let mut i = 8;
        while i < n - (n % 8) {
            for k in 0..8 {
                r[k] += a[i + k];
            }
            i += 8;
        }
        let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        while i < n {
            res += a[i];
            i += 1;
        }
        res
    } else {
        let mut n2 = n / 2;
        n2 -= n2 % 8;
        pairwise_block(&a[..n2]) + pairwise_block(&a[n2..])
    }
}

/// Test helpers shared by the elementwise components.
#[cfg(test)]
pub(crate) mod test_util {
    use super::*;
    use rheo_core::component::{Component, Inputs};
    use std::sync::Arc;

    /// A float series on an int index.
    pub fn fs(index: &[i64], values: &[f64]) -> Value {
        Value::Series(SeriesValue::new(
            Column::from_i64(index.to_vec()),
            Column::from_f64(values.to_vec()),
        ))
    }

    /// An int series on an int index.
    pub fn is(index: &[i64], values: &[i64]) -> Value {
        Value::Series(SeriesValue::new(
            Column::from_i64(index.to_vec()),
            Column::from_i64(values.to_vec()),
        ))
    }

    /// A frame of the given named columns on a default `RangeIndex`.
    pub fn range_frame(cols: Vec<(&str, Column)>) -> Value {
        let n = cols.first().map_or(0, |c| c.1.len());
        Value::Frame(rheo_core::value::FrameValue {
            index: Column::range(n),
            columns: cols.into_iter().map(|(k, c)| (k.to_string(), c)).collect(),
            attrs: Default::default(),
        })
    }

    /// A frame of named float columns on an int index.
    pub fn float_frame(
        index: Vec<i64>,
        cols: Vec<(&str, Vec<f64>)>,
    ) -> rheo_core::value::FrameValue {
        rheo_core::value::FrameValue {
            index: Column::from_i64(index),
            columns: cols
                .into_iter()
                .map(|(k, v)| (k.to_string(), Column::from_f64(v)))
                .collect(),
            attrs: Default::default(),
        }
    }

    /// Names a series value.
    pub fn named(v: Value, name: &str) -> Value {
        match v {
            Value::Series(mut s) => {
                s.name = Some(name.into());
                Value::Series(s)
            }
            other => other,
        }
    }

    /// Runs `c` with the given inputs and returns its only output.
    pub fn run1(c: &dyn Component, inputs: &[(&str, Value)]) -> Result<Value, ComponentError> {
        let mut i = Inputs::new();
        for (k, v) in inputs {
            i.insert(*k, Arc::new(v.clone()));
        }
        let out = c.run(&i)?;
        assert_eq!(out.len(), 1);
        Ok(out[0].as_ref().clone())
    }

    /// Index labels (ints) and float values of a series value.
    pub fn parts(v: &Value) -> (Vec<i64>, Vec<f64>) {
        let Value::Series(s) = v else {
            panic!("not a series: {v:?}")
        };
        (
            s.index.i64_values().unwrap().into_owned(),
            s.values.f64_values().unwrap().into_owned(),
        )
    }

    /// Asserts float slices are equal, NaN equal to NaN.
    pub fn assert_floats(a: &[f64], b: &[f64]) {
        assert_eq!(a.len(), b.len(), "{a:?} != {b:?}");
        for (x, y) in a.iter().zip(b) {
            assert!(
                (x.is_nan() && y.is_nan()) || x == y || (x - y).abs() < 1e-12 * y.abs().max(1.0),
                "{a:?} != {b:?}"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_util::*;
    use super::*;

    #[test]
    fn floor_modulo_has_the_sign_of_the_divisor() {
        assert_eq!(floor_mod_i64(-3, 2), 1);
        assert_eq!(floor_mod_i64(3, -2), -1);
        assert_eq!(floor_mod_i64(i64::MIN, -1), 0);
        assert_eq!(floor_mod_f64(5.5, 2.0), 1.5);
        assert_eq!(floor_mod_f64(-5.5, 2.0), 0.5);
        assert!(floor_mod_f64(1.0, 0.0).is_nan());
        assert!(floor_mod_f64(-0.0, 2.0).is_sign_positive());
        assert!(floor_mod_f64(0.0, -2.0).is_sign_negative());
    }

    #[test]
    fn misaligned_series_take_the_sorted_union() {
        let a = fs(&[3, 1, 2], &[30.0, 10.0, 20.0]);
        let b = is(&[2, 4], &[2, 4]);
        let r = binary::<AddOp>(&a, &b).unwrap();
        let (idx, vals) = parts(&r);
        assert_eq!(idx, [1, 2, 3, 4]);
        assert_floats(&vals, &[f64::NAN, 22.0, f64::NAN, f64::NAN]);
    }

    #[test]
    fn equal_int_and_float_indexes_are_positional() {
        let a = is(&[2, 0], &[1, 2]);
        let b = Value::Series(SeriesValue::new(
            Column::from_f64(vec![2.0, 0.0]),
            Column::from_i64(vec![10, 20]),
        ));
        let (idx, _) = parts(&binary::<AddOp>(&a, &b).unwrap());
        assert_eq!(idx, [2, 0]);
    }

    #[test]
    fn duplicate_labels_give_the_cartesian_product() {
        let a = is(&[1, 1, 2], &[1, 2, 3]);
        let b = is(&[1, 1, 3], &[10, 20, 30]);
        let (idx, vals) = parts(&binary::<AddOp>(&a, &b).unwrap());
        assert_eq!(idx, [1, 1, 1, 1, 2, 3]);
        assert_floats(&vals, &[11.0, 21.0, 12.0, 22.0, f64::NAN, f64::NAN]);
    }

    #[test]
    fn empty_side_keeps_the_other_index_unsorted() {
        let a = is(&[3, 1], &[1, 2]);
        let b = is(&[], &[]);
        let (idx, vals) = parts(&binary::<AddOp>(&a, &b).unwrap());
        assert_eq!(idx, [3, 1]);
        assert_floats(&vals, &[f64::NAN, f64::NAN]);
    }

    #[test]
    fn datetime_and_string_labels_align() {
        let s = |ts: Vec<i64>, tz: Tz, v: Vec<f64>| {
            Value::Series(SeriesValue::new(
                Column::from_datetime_ns(ts, tz),
                Column::from_f64(v),
            ))
        };
        let r = binary::<SubOp>(
            &s(vec![2, 1], Tz::Utc, vec![2.0, 1.0]),
            &s(vec![1], Tz::Fixed(3600), vec![1.0]),
        )
        .unwrap();
        let Value::Series(r) = r else { panic!() };
        assert_eq!(r.index.tz, Tz::Utc);
        assert_eq!(r.index.datetime_ns().unwrap().as_ref(), [1, 2]);
        assert_floats(&r.values.f64_values().unwrap(), &[0.0, f64::NAN]);
        let e = binary::<SubOp>(
            &s(vec![1], Tz::Naive, vec![1.0]),
            &s(vec![2], Tz::Utc, vec![1.0]),
        )
        .unwrap_err();
        assert_eq!(e.type_name, "TypeError");

        let st = |labels: &[&str], v: Vec<f64>| {
            Value::Series(SeriesValue::new(
                Column::from_strings(labels.iter().map(|s| Some(s.to_string())).collect()),
                Column::from_f64(v),
            ))
        };
        let Value::Series(r) =
            binary::<MulOp>(&st(&["b", "a"], vec![2.0, 3.0]), &st(&["a"], vec![5.0])).unwrap()
        else {
            panic!()
        };
        assert_eq!(r.index.str_values().unwrap(), [Some("a"), Some("b")]);
        assert_floats(&r.values.f64_values().unwrap(), &[15.0, f64::NAN]);
    }

    #[test]
    fn frames_align_rows_and_columns() {
        let frame = |idx: Vec<i64>, cols: &[(&str, Vec<i64>)]| {
            Value::Frame(FrameValue {
                index: Column::from_i64(idx),
                columns: cols
                    .iter()
                    .map(|(n, v)| (n.to_string(), Column::from_i64(v.clone())))
                    .collect(),
                attrs: Default::default(),
            })
        };
        let a = frame(vec![0, 1], &[("x", vec![1, 2]), ("y", vec![3, 4])]);
        let b = frame(vec![0, 1], &[("x", vec![10, 20]), ("y", vec![30, 40])]);
        let Value::Frame(r) = binary::<AddOp>(&a, &b).unwrap() else {
            panic!()
        };
        assert_eq!(r.columns["x"], Column::from_i64(vec![11, 22]));
        let c = frame(vec![1, 2], &[("z", vec![1, 1]), ("x", vec![5, 5])]);
        let Value::Frame(r) = binary::<AddOp>(&a, &c).unwrap() else {
            panic!()
        };
        assert_eq!(r.columns.keys().collect::<Vec<_>>(), ["x", "y", "z"]);
        assert_eq!(r.index, Column::from_i64(vec![0, 1, 2]));
        assert_floats(
            &r.columns["x"].f64_values().unwrap(),
            &[f64::NAN, 7.0, f64::NAN],
        );
        assert_floats(&r.columns["z"].f64_values().unwrap(), &[f64::NAN; 3]);
        let Value::Frame(r) = binary::<MulOp>(&Value::Int(2), &a).unwrap() else {
            panic!()
        };
        assert_eq!(r.columns["y"], Column::from_i64(vec![6, 8]));
    }

    #[test]
    fn frame_and_series_align_labels_with_columns() {
        let f = Value::Frame(FrameValue {
            index: Column::from_i64(vec![0, 1]),
            columns: [
                ("a".to_string(), Column::from_f64(vec![1.0, 2.0])),
                ("b".to_string(), Column::from_f64(vec![3.0, 4.0])),
            ]
            .into_iter()
            .collect(),
            attrs: Default::default(),
        });
        let s = Value::Series(SeriesValue::new(
            Column::from_strings(vec![Some("b".into()), Some("c".into())]),
            Column::from_f64(vec![10.0, 20.0]),
        ));
        let Value::Frame(r) = binary::<AddOp>(&f, &s).unwrap() else {
            panic!()
        };
        assert_eq!(r.columns.keys().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_floats(&r.columns["a"].f64_values().unwrap(), &[f64::NAN; 2]);
        assert_floats(&r.columns["b"].f64_values().unwrap(), &[13.0, 14.0]);
        assert_floats(&r.columns["c"].f64_values().unwrap(), &[f64::NAN; 2]);
        let Value::Frame(r) = binary::<SubOp>(&s, &f).unwrap() else {
            panic!()
        };
        assert_floats(&r.columns["b"].f64_values().unwrap(), &[7.0, 6.0]);
        let e = binary::<AddOp>(&f, &fs(&[0, 1], &[1.0, 2.0])).unwrap_err();
        assert_eq!(e.type_name, "NotSupportedByNativeEngine");
    }

    #[test]
    fn pairwise_sum_matches_plain_sum_on_exact_data() {
        let v: Vec<f64> = (0..1000).map(f64::from).collect();
        assert_eq!(pairwise_sum(&v), 499_500.0);
        assert_eq!(pairwise_sum(&[]), 0.0);
        assert_eq!(pairwise_sum(&v[..13]), 78.0);
        // Beyond one 8192-element buffer.
        let w: Vec<f64> = (0..20_000).map(f64::from).collect();
        assert_eq!(pairwise_sum(&w), 199_990_000.0);
    }

    #[test]
    fn large_aligned_series_are_fast() {
        // Release builds: ~0.6 ms for the index comparison and 3-5 ms for the add, the
        // same as a bare `zip(..).map(+).collect()` into a fresh vector on this machine.
        let n = 1_000_000;
        let idx: Vec<i64> = (0..n).collect();
        let a = Value::Series(SeriesValue::new(
            Column::from_i64(idx.clone()),
            Column::from_f64((0..n).map(|x| x as f64).collect()),
        ));
        let b = Value::Series(SeriesValue::new(
            Column::from_i64(idx),
            Column::from_f64(vec![1.5; n as usize]),
        ));
        let t = std::time::Instant::now();
        let r = binary::<AddOp>(&a, &b).unwrap();
        let dt = t.elapsed();
        let Value::Series(r) = r else { panic!() };
        assert_eq!(r.values.f64_values().unwrap()[10], 11.5);
        // Generous bound for unoptimised test builds; release builds take milliseconds.
        assert!(dt.as_secs_f64() < 2.0, "{dt:?}");
    }

    #[test]
    fn join_paths_keep_pandas_semantics() {
        // Same labels in another order: no label is missing, so int + int stays int.
        let r = binary::<AddOp>(&is(&[2, 1], &[1, 2]), &is(&[1, 2], &[10, 20])).unwrap();
        let Value::Series(r) = r else { panic!() };
        assert_eq!(r.index, Column::from_i64(vec![1, 2]));
        assert_eq!(r.values, Column::from_i64(vec![12, 21]));
        // Misaligned ints become floats with NaN (fused float path), also for division.
        let (idx, vals) =
            parts(&binary::<MulOp>(&is(&[0, 2], &[3, 4]), &is(&[2, 3], &[5, 6])).unwrap());
        assert_eq!(idx, [0, 2, 3]);
        assert_floats(&vals, &[f64::NAN, 20.0, f64::NAN]);
        let (_, vals) =
            parts(&binary::<DivOp>(&is(&[0, 2], &[3, 4]), &is(&[2, 3], &[8, 6])).unwrap());
        assert_floats(&vals, &[f64::NAN, 0.5, f64::NAN]);

        // Sorted datetime indexes (no NaT) with repeated labels on both sides: the
        // cartesian product, left-major.
        let ts = |ns: Vec<i64>, v: Vec<f64>| {
            Value::Series(SeriesValue::new(
                Column::from_datetime_ns(ns, Tz::Utc),
                Column::from_f64(v),
            ))
        };
        let Value::Series(r) = binary::<SubOp>(
            &ts(vec![1, 2, 2, 5], vec![1.0, 2.0, 3.0, 4.0]),
            &ts(vec![0, 2, 2], vec![10.0, 20.0, 30.0]),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(
            r.index.datetime_ns().unwrap().as_ref(),
            [0, 1, 2, 2, 2, 2, 5]
        );
        assert_floats(
            &r.values.f64_values().unwrap(),
            &[f64::NAN, f64::NAN, -18.0, -28.0, -17.0, -27.0, f64::NAN],
        );
        // An index with NaT takes the general path: NaT sorts last and matches NaT.
        let nat = |ns: Vec<Option<i64>>, v: Vec<f64>| {
            Value::Series(SeriesValue::new(
                Column::from_opt_datetime_ns(ns, Tz::Naive),
                Column::from_f64(v),
            ))
        };
        let Value::Series(r) = binary::<AddOp>(
            &nat(vec![None, Some(3)], vec![1.0, 2.0]),
            &nat(vec![Some(3), Some(1), None], vec![10.0, 20.0, 30.0]),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(r.index.datetime_ns_opt().unwrap(), [Some(1), Some(3), None]);
        assert_floats(&r.values.f64_values().unwrap(), &[f64::NAN, 12.0, 31.0]);
    }
}
