//! Output serialisation of runtime values (hetida §3.3).
//!
//! Why this exists: workflow results leave Rheo as JSON in the HTTP response, callbacks and
//! Kafka messages, and hetida clients expect hetida's exact shapes: scalars as Python's JSON
//! encoder writes them, series and frames in the `__hd_wrapped_data_object__` envelope with
//! pandas' value encoding. Series and frames are written straight into the output `String`
//! (no intermediate `serde_json::Value`), because 100 000-point outputs are the hot path.
//!
//! How hetida produces series/frame JSON: `json.loads(obj.to_json(date_format="iso", …))`,
//! embedded in the response and rendered again by Python's JSON encoder. Floats inside
//! series/frames therefore go through pandas' precision-10 encoder ([`pandas_float`]) *and*
//! are then printed with Python's `repr` ([`python_float_repr`]): `1.23456789012345` →
//! `1.2345678901`, `1e-5` → `1e-05`, `1e16` → `1e+16`. This module reproduces that
//! composition for data values (numerically identical to the pandas text, textually identical
//! to hetida's HTTP bodies).
//!
//! Decided deviations from hetida 0.9.8:
//! * Non-finite floats outside series/frames (a FLOAT output NaN) are written as `null`;
//!   hetida answers HTTP 500 or emits bare `NaN` tokens, which is invalid JSON (quirk Q5).
//! * Timezone-aware datetimes in the *data* of a series get a trailing `Z` like aware index
//!   labels and frame columns do; hetida omits it there (quirk Q4).

use crate::value::column::{Column, ColumnKind};
use crate::value::timestamp::IsoMsWriter;
use crate::value::{Attrs, FrameValue, SeriesValue, Value};
use polars_core::prelude::{DataType as PlDataType, TimeUnit};
use serde_json::Value as Json;
use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt::Write as _;

/// Which hetida generation's output format to write.
///
/// Exists because the legacy Kafka shim (hetida §1.5) answers in the ≤ 0.6 format while
/// everything else speaks 0.9.8.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Style {
    /// hetida 0.9.8: wrapped series (orient split) and frames (orient columns).
    #[default]
    Current,
    /// hetida ≤ 0.6: a SERIES is a plain `{"<iso index>": value}` object, a DATAFRAME a plain
    /// column-oriented `{column: {label: value}}` object; metadata is dropped.
    Legacy,
    /// For storage rather than display: the wrapped form, but every value exactly (floats
    /// as Python's shortest `repr`, timestamps to the nanosecond), frames in split orient
    /// (duplicate labels allowed), and each column's pandas dtype in
    /// `__data_parsing_options__.dtype` so that a reader keeps whole floats floats.
    Exact,
}

/// A value could not be encoded (hetida stage `ENCODING_RESULTS_TO_JSON`).
///
/// Exists so the engine can report encoding failures (e.g. a frame with a duplicate index)
/// the way hetida does instead of panicking.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct EncodeError {
    /// hetida's wording of the failure.
    pub message: String,
}

impl EncodeError {
    fn new(message: impl Into<String>) -> Self {
        EncodeError {
            message: message.into(),
        }
    }
}

/// Appends the JSON encoding of `v` to `out` (compact, non-ASCII written as raw UTF-8).
/// On error `out` is left unchanged.
///
/// Exists as the single entry point for result encoding; appending lets the caller build a
/// whole response in one buffer.
pub fn write_json(out: &mut String, v: &Value, style: Style) -> Result<(), EncodeError> {
    let mut o = Out(Vec::new());
    write_value(&mut o, v, style)?;
    // Everything written is valid UTF-8 (ASCII or copied from `&str`), so this only fails
    // on a bug; fall back to a lossy conversion rather than panicking.
    match std::str::from_utf8(&o.0) {
        Ok(s) => out.push_str(s),
        Err(_) => out.push_str(&String::from_utf8_lossy(&o.0)),
    }
    Ok(())
}

/// Output buffer of the writers below: bytes, validated as UTF-8 once per [`write_json`]
/// call instead of once per number.
struct Out(Vec<u8>);

impl Out {
    #[inline]
    fn push_str(&mut self, s: &str) {
        self.0.extend_from_slice(s.as_bytes());
    }

    /// Appends an ASCII character.
    #[inline]
    fn push(&mut self, c: char) {
        debug_assert!(c.is_ascii());
        self.0.push(c as u8);
    }

    #[inline]
    fn bytes(&mut self, b: &[u8]) {
        self.0.extend_from_slice(b);
    }

    fn reserve(&mut self, n: usize) {
        self.0.reserve(n);
    }
}

impl std::fmt::Write for Out {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.push_str(s);
        Ok(())
    }
}

fn write_value(out: &mut Out, v: &Value, style: Style) -> Result<(), EncodeError> {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => push_int(out, *i),
        Value::Float(f) => {
            if f.is_finite() {
                write_python_float(out, *f);
            } else {
                out.push_str("null");
            }
        }
        Value::Str(s) => write_str(out, s),
        Value::Json(j) => write_json_value(out, j),
        Value::Series(s) => match style {
            Style::Current => write_series_wrapped(out, s)?,
            Style::Legacy => write_series_legacy(out, s)?,
            Style::Exact => exact::write_series(out, s)?,
        },
        Value::Frame(f) => match style {
            Style::Current => write_frame_wrapped(out, f)?,
            Style::Legacy => write_frame_columns(out, f)?,
            Style::Exact => exact::write_frame(out, f)?,
        },
    }
    Ok(())
}

/// The JSON encoding of `v` as a new string (see [`write_json`]).
///
/// Exists for callers that need one value on its own (Kafka payload fields, tests).
pub fn to_json_string(v: &Value, style: Style) -> Result<String, EncodeError> {
    let mut o = Out(Vec::new());
    write_value(&mut o, v, style)?;
    Ok(String::from_utf8(o.0)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// Python's `repr()` of a float: shortest round-trip digits; exponent form when the decimal
/// exponent is below -4 or at least 16 (`1e-07`, `1.5e+16`, `1e+20`), otherwise fixed
/// notation with at least one decimal (`3.0`, `0.1`); `nan`, `inf`, `-inf` for non-finite
/// values (as Python's `str()` writes them).
///
/// Exists because hetida's JSON encoder writes floats this way, and STRING parsing converts
/// floats with `str()`; Rust's own formatting differs (`1e-7`, `1e20`).
pub fn python_float_repr(f: f64) -> String {
    let mut o = Out(Vec::with_capacity(24));
    write_python_float(&mut o, f);
    String::from_utf8(o.0).unwrap_or_default()
}

/// pandas' vendored-ujson rendering of a float with precision 10: fixed-point rounded to at
/// most 10 decimals, trailing zeros trimmed but at least one decimal (`3.0`,
/// `1.2345678901`, `0.0` for 1e-12, `0.00001`, `-0.0` for -1e-11); magnitudes above 1e16 and
/// non-zero magnitudes below 1e-15 in `%.10g` exponent form (`1.5e+16`, `1e+17`), exactly
/// 1e16 is `10000000000000000.0`. Non-finite values give `null` (as `to_json` writes them).
///
/// Exists to reproduce pandas' `to_json` float encoding, the first step of hetida's
/// series/frame output (see the module docs).
pub fn pandas_float(f: f64) -> String {
    let mut buf = StackBuf::new();
    if f.is_finite() {
        pandas_float_into(&mut buf, f);
        buf.as_str().to_owned()
    } else {
        "null".to_owned()
    }
}

// ---------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------

/// A fixed-size stack buffer for number formatting (no heap allocation per number).
struct StackBuf {
    buf: [u8; 64],
    len: usize,
}

impl StackBuf {
    fn new() -> Self {
        StackBuf {
            buf: [0; 64],
            len: 0,
        }
    }

    fn as_str(&self) -> &str {
        // Only ASCII is ever written.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default()
    }

    fn push(&mut self, b: u8) {
        if self.len < self.buf.len() {
            self.buf[self.len] = b;
            self.len += 1;
        }
    }
}

impl std::fmt::Write for StackBuf {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let bytes = s.as_bytes();
        if self.len + bytes.len() > self.buf.len() {
            return Err(std::fmt::Error);
        }
        self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
        Ok(())
    }
}

/// Appends a decimal integer without going through `fmt` (hot path of int columns).
fn push_int(out: &mut Out, i: i64) {
    let mut buf = [0u8; 20];
    let mut pos = buf.len();
    let mut u = i.unsigned_abs();
    loop {
        pos -= 1;
        buf[pos] = b'0' + (u % 10) as u8;
        u /= 10;
        if u == 0 {
            break;
        }
    }
    if i < 0 {
        out.push('-');
    }
    out.bytes(&buf[pos..]);
}

/// Appends `s` as a JSON string, escaping like Python's `json.dumps(ensure_ascii=False)`.
fn write_str(out: &mut Out, s: &str) {
    out.push('"');
    write_str_content(out, s);
    out.push('"');
}

/// The escaped content of a JSON string, without quotes.
fn write_str_content(out: &mut Out, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if esc.is_empty() {
            let _ = write!(out, "\\u{:04x}", b);
        } else {
            out.push_str(esc);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
}

/// Appends a `serde_json` value with Python float formatting.
fn write_json_value(out: &mut Out, j: &Json) {
    match j {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => {
            if let Some(i) = n.as_i64() {
                push_int(out, i);
            } else if let Some(u) = n.as_u64() {
                let _ = write!(out, "{u}");
            } else {
                match n.as_f64() {
                    Some(f) if f.is_finite() => write_python_float(out, f),
                    _ => out.push_str("null"),
                }
            }
        }
        Json::String(s) => write_str(out, s),
        Json::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_value(out, x);
            }
            out.push(']');
        }
        Json::Object(m) => write_attrs(out, m),
    }
}

fn write_attrs(out: &mut Out, m: &Attrs) {
    out.push('{');
    for (i, (k, x)) in m.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_str(out, k);
        out.push(':');
        write_json_value(out, x);
    }
    out.push('}');
}

/// Appends Python's `repr(f)` (see [`python_float_repr`]).
fn write_python_float(out: &mut Out, f: f64) {
    if f.is_nan() {
        out.push_str("nan");
        return;
    }
    if f.is_infinite() {
        out.push_str(if f > 0.0 { "inf" } else { "-inf" });
        return;
    }
    if f == 0.0 {
        out.push_str(if f.is_sign_negative() { "-0.0" } else { "0.0" });
        return;
    }
    // ryu gives the shortest round-trip digits ("-1.2345e-7", "0.001", "123.0"); normalise
    // them to a digit string and the decimal exponent of its first digit.
    let mut ryu_buf = ryu::Buffer::new();
    let s = ryu_buf.format_finite(f);
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (mantissa, exp_part) = s.split_once('e').unwrap_or((s, "0"));
    let exp_part: i32 = exp_part.parse().unwrap_or(0);
    let mut digits = [0u8; 24];
    let mut nd = 0;
    // Decimal exponent of the first significant digit.
    let mut exp = 0i32;
    let mut seen_point = false;
    let mut int_digits = 0i32;
    let mut leading_zeros_after_point = 0i32;
    for &c in mantissa.as_bytes() {
        if c == b'.' {
            seen_point = true;
            continue;
        }
        if nd == 0 && c == b'0' {
            if seen_point {
                leading_zeros_after_point += 1;
            }
            continue;
        }
        if !seen_point {
            int_digits += 1;
        }
        if nd < digits.len() {
            digits[nd] = c;
            nd += 1;
        }
    }
    while nd > 1 && digits[nd - 1] == b'0' {
        nd -= 1;
    }
    if int_digits > 0 {
        exp += int_digits - 1;
    } else {
        exp -= leading_zeros_after_point + 1;
    }
    let exp = exp + exp_part;
    let digits = &digits[..nd];
    let digit_str = std::str::from_utf8(digits).unwrap_or("0");
    if neg {
        out.push('-');
    }
    if !(-4..16).contains(&exp) {
        out.push_str(&digit_str[..1]);
        if nd > 1 {
            out.push('.');
            out.push_str(&digit_str[1..]);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        let a = exp.unsigned_abs();
        if a < 10 {
            out.push('0');
        }
        let _ = write!(out, "{a}");
    } else {
        // Position of the decimal point relative to the digit string.
        let decpt = exp + 1;
        if decpt <= 0 {
            out.push_str("0.");
            for _ in 0..(-decpt) {
                out.push('0');
            }
            out.push_str(digit_str);
        } else if decpt as usize >= nd {
            out.push_str(digit_str);
            for _ in 0..(decpt as usize - nd) {
                out.push('0');
            }
            out.push_str(".0");
        } else {
            out.push_str(&digit_str[..decpt as usize]);
            out.push('.');
            out.push_str(&digit_str[decpt as usize..]);
        }
    }
}

/// ujson's precision: 10 decimals.
const POW10: u64 = 10_000_000_000;

/// The fixed-point decomposition ujson's `Buffer_AppendDoubleUnchecked` makes of a finite,
/// non-negative `value`: the whole part and the fraction scaled by 10^10, rounded with
/// ujson's quirks (a tie rounds up when the fraction is odd or zero). `None` when ujson
/// switches to `%.10g` exponent form (above 1e16 - 1, or non-zero below 1e-15).
#[inline]
fn ujson_fixed_parts(value: f64) -> Option<(u64, u64)> {
    let thres_max = 1e16 - 1.0; // rounds to 1e16 in binary
    let thres_min = 1e-15;
    if value > thres_max || (value != 0.0 && value < thres_min) {
        return None;
    }
    let mut whole = value as u64;
    let tmp = (value - whole as f64) * POW10 as f64;
    let mut frac = tmp as u64;
    let diff = tmp - frac as f64;
    if diff > 0.5 {
        frac += 1;
        if frac >= POW10 {
            frac = 0;
            whole += 1;
        }
    } else if diff == 0.5 && (frac == 0 || frac & 1 == 1) {
        // May reach POW10 without rollover: a ujson quirk reproduced by the writer below.
        frac += 1;
    }
    Some((whole, frac))
}

/// Writes pandas' precision-10 rendering of a finite `value` into `buf` (see
/// [`pandas_float`]); mirrors ujson's `Buffer_AppendDoubleUnchecked`.
fn pandas_float_into(buf: &mut StackBuf, value: f64) {
    const PRECISION: i32 = 10;
    let neg = value < 0.0;
    let a = if neg { -value } else { value };
    let Some((mut whole, mut frac)) = ujson_fixed_parts(a) else {
        // C's "%.10g": always exponent form here (exponent >= 16 or <= -16).
        let mut tmp = StackBuf::new();
        let _ = write!(tmp, "{value:.9e}");
        let s = tmp.as_str();
        let (mantissa, exp) = s.split_once('e').unwrap_or((s, "0"));
        let mantissa = if mantissa.contains('.') {
            mantissa.trim_end_matches('0').trim_end_matches('.')
        } else {
            mantissa
        };
        let exp: i32 = exp.parse().unwrap_or(0);
        let _ = write!(
            buf,
            "{mantissa}e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.unsigned_abs()
        );
        return;
    };
    // Built reversed, like ujson does, then reversed into `buf`.
    let mut rev = [0u8; 48];
    let mut n = 0;
    if frac != 0 {
        let mut count = PRECISION;
        while frac.is_multiple_of(10) {
            count -= 1;
            frac /= 10;
        }
        loop {
            count -= 1;
            rev[n] = b'0' + (frac % 10) as u8;
            n += 1;
            frac /= 10;
            if frac == 0 {
                break;
            }
        }
        while count > 0 {
            count -= 1;
            rev[n] = b'0';
            n += 1;
        }
        rev[n] = b'.';
        n += 1;
    } else {
        rev[n] = b'0';
        rev[n + 1] = b'.';
        n += 2;
    }
    loop {
        rev[n] = b'0' + (whole % 10) as u8;
        n += 1;
        whole /= 10;
        if whole == 0 {
            break;
        }
    }
    if neg {
        rev[n] = b'-';
        n += 1;
    }
    for i in (0..n).rev() {
        buf.push(rev[i]);
    }
}

/// Number of decimal digits of `v` (1 for 0).
#[inline]
fn decimal_len(mut v: u64) -> u32 {
    let mut n = 1;
    while v >= 10 {
        v /= 10;
        n += 1;
    }
    n
}

/// Appends a float as hetida writes series/frame data: pandas' precision-10 text, decoded by
/// Python and printed with `repr` (see the module docs); non-finite → `null`.
fn write_data_float(out: &mut Out, f: f64) {
    if !f.is_finite() {
        out.push_str("null");
        return;
    }
    let neg = f < 0.0;
    let a = f.abs();
    // Fast path: a fixed-point value with at most 15 significant digits and
    // 1e-4 <= |v| < 1e16 is printed by Python's repr exactly like pandas prints it
    // (15-digit decimals round-trip through binary64 uniquely), so no re-parsing is needed.
    if let Some((whole, frac)) = ujson_fixed_parts(a) {
        if frac < POW10 {
            if whole == 0 && frac == 0 {
                out.push_str(if neg { "-0.0" } else { "0.0" });
                return;
            }
            let mut trimmed = frac;
            let mut decimals = if frac == 0 { 0 } else { 10 };
            while trimmed != 0 && trimmed.is_multiple_of(10) {
                trimmed /= 10;
                decimals -= 1;
            }
            let sig = if whole > 0 {
                decimal_len(whole) + decimals
            } else {
                decimal_len(trimmed)
            };
            let big_enough = whole > 0 || frac >= 1_000_000;
            if sig <= 15 && big_enough {
                let mut buf = [0u8; 40];
                let mut pos = buf.len();
                // Decimals (at least one), right to left.
                if decimals == 0 {
                    pos -= 1;
                    buf[pos] = b'0';
                } else {
                    for _ in 0..decimals {
                        pos -= 1;
                        buf[pos] = b'0' + (trimmed % 10) as u8;
                        trimmed /= 10;
                    }
                }
                pos -= 1;
                buf[pos] = b'.';
                let mut w = whole;
                loop {
                    pos -= 1;
                    buf[pos] = b'0' + (w % 10) as u8;
                    w /= 10;
                    if w == 0 {
                        break;
                    }
                }
                if neg {
                    pos -= 1;
                    buf[pos] = b'-';
                }
                out.bytes(&buf[pos..]);
                return;
            }
        }
    }
    let mut buf = StackBuf::new();
    pandas_float_into(&mut buf, f);
    let v: f64 = buf.as_str().parse().unwrap_or(f);
    write_python_float(out, v);
}

// ---------------------------------------------------------------------------------------
// Column access
// ---------------------------------------------------------------------------------------

/// A column's data prepared for element-wise writing.
enum ColData<'a> {
    Float(Cow<'a, [f64]>),
    Int(Cow<'a, [i64]>),
    IntOpt(Vec<Option<i64>>),
    Bool(Vec<Option<bool>>),
    Str(Vec<Option<&'a str>>),
    /// Nanoseconds (`i64::MIN` = NaT), whether to write `Z`, and the date cache.
    Datetime(Cow<'a, [i64]>, bool, IsoMsWriter),
}

impl<'a> ColData<'a> {
    /// Prepares `col`; `z_if_aware`: whether aware datetimes get a trailing `Z`.
    fn new(col: &'a Column, z_if_aware: bool) -> Self {
        let n = col.len();
        let data = match col.kind() {
            ColumnKind::Float => match col.f64_values() {
                Some(v) => ColData::Float(v),
                None => ColData::Float(Cow::Owned(
                    col.data
                        .cast(&PlDataType::Float64)
                        .ok()
                        .and_then(|s| {
                            s.f64()
                                .ok()
                                .map(|ca| ca.iter().map(|x| x.unwrap_or(f64::NAN)).collect())
                        })
                        .unwrap_or_default(),
                )),
            },
            ColumnKind::Int => {
                if !col.has_nulls() && col.data.i64().is_ok() {
                    if let Some(v) = col.i64_values() {
                        return ColData::Int(v);
                    }
                }
                let vals = col
                    .data
                    .cast(&PlDataType::Int64)
                    .ok()
                    .and_then(|s| s.i64().ok().map(|ca| ca.iter().collect()))
                    .unwrap_or_default();
                ColData::IntOpt(vals)
            }
            ColumnKind::Bool => ColData::Bool(col.bool_values().unwrap_or_default()),
            ColumnKind::Str => ColData::Str(col.str_values().unwrap_or_default()),
            ColumnKind::Datetime => {
                let with_z = z_if_aware && col.tz.is_aware();
                let ns = match col.data.dtype() {
                    PlDataType::Datetime(TimeUnit::Nanoseconds, _) => {
                        col.datetime_ns().unwrap_or_default()
                    }
                    // Other units (not produced by `Column`'s constructors) are converted.
                    _ => Cow::Owned(
                        col.data
                            .cast(&PlDataType::Datetime(TimeUnit::Nanoseconds, None))
                            .ok()
                            .and_then(|s| {
                                s.datetime().ok().map(|ca| {
                                    ca.physical()
                                        .iter()
                                        .map(|v| v.unwrap_or(i64::MIN))
                                        .collect()
                                })
                            })
                            .unwrap_or_default(),
                    ),
                };
                ColData::Datetime(ns, with_z, IsoMsWriter::default())
            }
        };
        if data.len() == n {
            data
        } else {
            // A column polars could not convert: write nulls rather than panic.
            ColData::IntOpt(vec![None; n])
        }
    }

    fn len(&self) -> usize {
        match self {
            ColData::Float(v) => v.len(),
            ColData::Int(v) | ColData::Datetime(v, _, _) => v.len(),
            ColData::IntOpt(v) => v.len(),
            ColData::Bool(v) => v.len(),
            ColData::Str(v) => v.len(),
        }
    }

    /// Appends entry `i` as a JSON value.
    fn write_value(&mut self, out: &mut Out, i: usize) {
        match self {
            ColData::Float(v) => write_data_float(out, v[i]),
            ColData::Int(v) => push_int(out, v[i]),
            ColData::IntOpt(v) => match v[i] {
                Some(x) => push_int(out, x),
                None => out.push_str("null"),
            },
            ColData::Bool(v) => match v[i] {
                Some(b) => out.push_str(if b { "true" } else { "false" }),
                None => out.push_str("null"),
            },
            ColData::Str(v) => match v[i] {
                Some(s) => write_str(out, s),
                None => out.push_str("null"),
            },
            ColData::Datetime(v, z, w) => {
                if v[i] == i64::MIN {
                    out.push_str("null");
                } else {
                    let (buf, len) = w.quoted(v[i], *z);
                    out.bytes(&buf[..len]);
                }
            }
        }
    }

    /// Appends entry `i` as a JSON object key (pandas' label-to-string conversion).
    fn write_key(&mut self, out: &mut Out, i: usize) {
        out.push('"');
        match self {
            ColData::Float(v) => {
                let f = v[i];
                if f.is_finite() {
                    let mut buf = StackBuf::new();
                    pandas_float_into(&mut buf, f);
                    out.push_str(buf.as_str());
                } else {
                    out.push_str("null");
                }
            }
            ColData::Int(v) => push_int(out, v[i]),
            ColData::IntOpt(v) => match v[i] {
                Some(x) => push_int(out, x),
                None => out.push_str("null"),
            },
            ColData::Bool(v) => out.push_str(match v[i] {
                Some(true) => "true",
                Some(false) => "false",
                None => "null",
            }),
            ColData::Str(v) => match v[i] {
                Some(s) => write_str_content(out, s),
                None => out.push_str("null"),
            },
            ColData::Datetime(v, z, w) => {
                if v[i] == i64::MIN {
                    out.push_str("null");
                } else {
                    let (buf, len) = w.quoted(v[i], *z);
                    out.bytes(&buf[1..len - 1]);
                }
            }
        }
        out.push('"');
    }

    /// Whether all entries are distinct labels (pandas `Index.is_unique`).
    fn is_unique(&self) -> bool {
        fn increasing(v: &[i64]) -> bool {
            v.windows(2).all(|w| w[0] < w[1])
        }
        fn distinct<T: std::hash::Hash + Eq>(it: impl ExactSizeIterator<Item = T>) -> bool {
            let n = it.len();
            let mut seen = HashSet::with_capacity(n);
            for x in it {
                if !seen.insert(x) {
                    return false;
                }
            }
            true
        }
        match self {
            ColData::Int(v) | ColData::Datetime(v, _, _) => {
                increasing(v) || distinct(v.iter().copied())
            }
            ColData::IntOpt(v) => distinct(v.iter().copied()),
            ColData::Float(v) => distinct(v.iter().map(|f| {
                // NaN labels compare equal to each other in pandas' hash table.
                if f.is_nan() {
                    u64::MAX
                } else if *f == 0.0 {
                    0
                } else {
                    f.to_bits()
                }
            })),
            ColData::Bool(v) => distinct(v.iter().copied()),
            ColData::Str(v) => distinct(v.iter().copied()),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Series and frames
// ---------------------------------------------------------------------------------------

/// `{"__hd_wrapped_data_object__":"<marker>","__metadata__":<attrs>,"__data__":` — the
/// opening every wrapped series and frame shares.
fn write_wrapped_head(out: &mut Out, marker: &str, attrs: &Attrs) {
    out.push_str("{\"__hd_wrapped_data_object__\":");
    write_str(out, marker);
    out.push_str(",\"__metadata__\":");
    write_attrs(out, attrs);
    out.push_str(",\"__data__\":");
}

fn write_series_wrapped(out: &mut Out, s: &SeriesValue) -> Result<(), EncodeError> {
    let n = s.len();
    if s.index.len() != n {
        return Err(EncodeError::new(format!(
            "Series index length {} does not match data length {n}",
            s.index.len()
        )));
    }
    out.reserve(n * 40 + 200);
    write_wrapped_head(out, "SERIES", &s.attrs);
    out.push_str("{\"name\":");
    match &s.name {
        Some(name) => write_str(out, name),
        None => out.push_str("null"),
    }
    out.push_str(",\"index\":[");
    let mut index = ColData::new(&s.index, true);
    for i in 0..n {
        if i > 0 {
            out.push(',');
        }
        index.write_value(out, i);
    }
    out.push_str("],\"data\":[");
    let mut data = ColData::new(&s.values, true);
    for i in 0..n {
        if i > 0 {
            out.push(',');
        }
        data.write_value(out, i);
    }
    out.push_str("]},\"__data_parsing_options__\":{\"orient\":\"split\"}}");
    Ok(())
}

fn write_series_legacy(out: &mut Out, s: &SeriesValue) -> Result<(), EncodeError> {
    let n = s.len();
    let mut index = ColData::new(&s.index, true);
    if !index.is_unique() {
        return Err(EncodeError::new(
            "Series index must be unique for orient='index'.",
        ));
    }
    let mut data = ColData::new(&s.values, true);
    out.reserve(n * 40 + 2);
    out.push('{');
    for i in 0..n {
        if i > 0 {
            out.push(',');
        }
        index.write_key(out, i);
        out.push(':');
        data.write_value(out, i);
    }
    out.push('}');
    Ok(())
}

fn write_frame_wrapped(out: &mut Out, f: &FrameValue) -> Result<(), EncodeError> {
    // Check first so that nothing is half-written on failure.
    let mut index = ColData::new(&f.index, true);
    if !index.is_unique() {
        return Err(EncodeError::new(
            "DataFrame index must be unique for orient='columns'.",
        ));
    }
    write_wrapped_head(out, "DATAFRAME", &f.attrs);
    write_frame_body(out, f, &mut index)?;
    out.push('}');
    Ok(())
}

fn write_frame_columns(out: &mut Out, f: &FrameValue) -> Result<(), EncodeError> {
    let mut index = ColData::new(&f.index, true);
    if !index.is_unique() {
        return Err(EncodeError::new(
            "DataFrame index must be unique for orient='columns'.",
        ));
    }
    write_frame_body(out, f, &mut index)
}

/// `{column: {label: value}}` in column and row order.
fn write_frame_body(out: &mut Out, f: &FrameValue, index: &mut ColData) -> Result<(), EncodeError> {
    let n = f.height();
    out.reserve(f.columns.len() * n * 24 + 2);
    out.push('{');
    for (c, (name, col)) in f.columns.iter().enumerate() {
        if col.len() != n {
            return Err(EncodeError::new(format!(
                "column {name:?} has {} entries but the index has {n}",
                col.len()
            )));
        }
        if c > 0 {
            out.push(',');
        }
        write_str(out, name);
        out.push_str(":{");
        let mut data = ColData::new(col, true);
        for i in 0..n {
            if i > 0 {
                out.push(',');
            }
            index.write_key(out, i);
            out.push(':');
            data.write_value(out, i);
        }
        out.push('}');
    }
    out.push('}');
    Ok(())
}

/// [`Style::Exact`]: series and frames for storage, every value exactly. Entries are read
/// through [`ColData`] like the other styles; only floats (shortest `repr`) and datetimes
/// (nine fractional digits) are written differently.
mod exact {
    use super::{write_python_float, write_str, write_wrapped_head, ColData, EncodeError, Out};
    use crate::value::timestamp::write_iso_ns;
    use crate::value::{Column, FrameValue, SeriesValue};

    /// Appends entry `i` of `col` exactly.
    fn write_entry(out: &mut Out, col: &mut ColData<'_>, i: usize) {
        match col {
            ColData::Float(v) if v[i].is_finite() => write_python_float(out, v[i]),
            ColData::Float(_) => out.push_str("null"),
            ColData::Datetime(v, _, _) if v[i] == i64::MIN => out.push_str("null"),
            ColData::Datetime(v, z, _) => {
                let mut s = String::with_capacity(32);
                write_iso_ns(&mut s, v[i], *z);
                write_str(out, &s);
            }
            other => other.write_value(out, i),
        }
    }

    fn write_column(out: &mut Out, c: &Column) {
        let mut col = ColData::new(c, true);
        out.push('[');
        for i in 0..c.len() {
            if i > 0 {
                out.push(',');
            }
            write_entry(out, &mut col, i);
        }
        out.push(']');
    }

    pub(super) fn write_series(out: &mut Out, s: &SeriesValue) -> Result<(), EncodeError> {
        if s.index.len() != s.values.len() {
            return Err(EncodeError::new(
                "Series index length does not match data length",
            ));
        }
        write_wrapped_head(out, "SERIES", &s.attrs);
        out.push_str("{\"name\":");
        match &s.name {
            Some(name) => write_str(out, name),
            None => out.push_str("null"),
        }
        out.push_str(",\"index\":");
        write_column(out, &s.index);
        out.push_str(",\"data\":");
        write_column(out, &s.values);
        out.push_str("},\"__data_parsing_options__\":{\"orient\":\"split\",\"dtype\":");
        write_str(out, &s.values.pandas_dtype());
        out.push_str("}}");
        Ok(())
    }

    pub(super) fn write_frame(out: &mut Out, f: &FrameValue) -> Result<(), EncodeError> {
        let n = f.index.len();
        if let Some((name, _)) = f.columns.iter().find(|(_, c)| c.len() != n) {
            return Err(EncodeError::new(format!(
                "column {name:?} does not match the index length {n}"
            )));
        }
        write_wrapped_head(out, "DATAFRAME", &f.attrs);
        out.push_str("{\"columns\":[");
        for (i, name) in f.columns.keys().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_str(out, name);
        }
        out.push_str("],\"index\":");
        write_column(out, &f.index);
        out.push_str(",\"data\":[");
        let mut cols: Vec<ColData<'_>> =
            f.columns.values().map(|c| ColData::new(c, true)).collect();
        for row in 0..n {
            out.push_str(if row > 0 { ",[" } else { "[" });
            for (c, col) in cols.iter_mut().enumerate() {
                if c > 0 {
                    out.push(',');
                }
                write_entry(out, col, row);
            }
            out.push(']');
        }
        out.push_str("]},\"__data_parsing_options__\":{\"orient\":\"split\",\"dtype\":{");
        for (i, (name, col)) in f.columns.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_str(out, name);
            out.push(':');
            write_str(out, &col.pandas_dtype());
        }
        out.push_str("}}}");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::column::Tz;
    use indexmap::IndexMap;
    use serde_json::json;

    const Y2020: i64 = 1_577_836_800_000_000_000;
    const DAY: i64 = 86_400_000_000_000;

    fn enc(v: &Value) -> String {
        to_json_string(v, Style::Current).unwrap()
    }

    #[test]
    fn python_repr_round_trips_with_shortest_digits() {
        // Pseudo-random bit patterns over the whole finite range.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let f = f64::from_bits(x);
            if !f.is_finite() {
                continue;
            }
            let s = python_float_repr(f);
            assert_eq!(s.parse::<f64>().unwrap().to_bits(), f.to_bits(), "{s}");
            // Never more digits than needed: shortest representations have at most 17.
            let mantissa = s.split('e').next().unwrap();
            let significant = mantissa
                .chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
                .trim_start_matches('0')
                .trim_end_matches('0')
                .len();
            assert!(significant <= 17, "{s}");
        }
    }

    #[test]
    fn python_repr_vectors() {
        for (f, s) in [
            (1.0, "1.0"),
            (3.0, "3.0"),
            (0.1, "0.1"),
            (-2.5, "-2.5"),
            (1e-7, "1e-07"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (1e20, "1e+20"),
            (1.5e16, "1.5e+16"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (123456789.125, "123456789.125"),
            (0.30000000000000004, "0.30000000000000004"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (-1.25e-10, "-1.25e-10"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (f64::NAN, "nan"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
        ] {
            assert_eq!(python_float_repr(f), s, "{f:e}");
        }
    }

    #[test]
    fn pandas_float_vectors() {
        for (f, s) in [
            (3.0, "3.0"),
            (0.1, "0.1"),
            (1.23456789012345, "1.2345678901"),
            (1e-12, "0.0"),
            (1e-5, "0.00001"),
            (-1e-11, "-0.0"),
            (1.5e16, "1.5e+16"),
            (1e17, "1e+17"),
            (1e16, "10000000000000000.0"),
            (-2.5, "-2.5"),
            (21.7, "21.7"),
            (1.013, "1.013"),
            (0.0, "0.0"),
            (-0.0, "0.0"),
            (123.00000000004, "123.0"),
            (1e-16, "1e-16"),
            (1.23456789012345e20, "1.23456789e+20"),
            (f64::NAN, "null"),
        ] {
            assert_eq!(pandas_float(f), s, "{f:e}");
        }
    }

    #[test]
    fn data_float_is_repr_of_pandas_rounding() {
        let w = |f: f64| {
            let mut o = Out(Vec::new());
            write_data_float(&mut o, f);
            String::from_utf8(o.0).unwrap()
        };
        assert_eq!(w(1.5), "1.5");
        assert_eq!(w(2.0), "2.0");
        assert_eq!(w(1.23456789012345), "1.2345678901");
        assert_eq!(w(1e-5), "1e-05");
        assert_eq!(w(0.00012), "0.00012");
        assert_eq!(w(1e-12), "0.0");
        assert_eq!(w(-1e-11), "-0.0");
        assert_eq!(w(1e16), "1e+16");
        assert_eq!(w(1.5e16), "1.5e+16");
        assert_eq!(w(123456789012.12346), "123456789012.12346");
        assert_eq!(w(f64::NAN), "null");
        assert_eq!(w(f64::NEG_INFINITY), "null");
    }

    #[test]
    fn data_float_fast_path_matches_reference() {
        // Reference: Python's repr of the float pandas' text decodes to.
        let reference = |f: f64| python_float_repr(pandas_float(f).parse::<f64>().unwrap());
        let mut values = vec![
            0.99999999995,
            0.00000000005,
            0.00000000015,
            1.00000000005,
            9_999_999_999_999_998.0,
            123_456_789.123_456_78,
            0.0001,
            0.000_099_999,
            0.000_100_000_1,
            -2.5e-5,
            1e15 + 0.3,
        ];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for i in 1..20_000u32 {
            // xorshift for varied mantissas, scaled across magnitudes.
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let mant = (x >> 11) as f64 / (1u64 << 53) as f64;
            let exp = (i % 40) as i32 - 20;
            let sign = if i % 3 == 0 { -1.0 } else { 1.0 };
            values.push(sign * mant * 10f64.powi(exp));
            values.push(f64::from(i) * 0.37 + 0.001);
            values.push(1.0 / f64::from(i));
        }
        for f in values {
            let mut o = Out(Vec::new());
            write_data_float(&mut o, f);
            assert_eq!(String::from_utf8(o.0).unwrap(), reference(f), "{f:e}");
        }
    }

    #[test]
    fn scalars() {
        assert_eq!(enc(&Value::Null), "null");
        assert_eq!(enc(&Value::Bool(true)), "true");
        assert_eq!(enc(&Value::Int(-42)), "-42");
        assert_eq!(enc(&Value::Float(3.0)), "3.0");
        assert_eq!(enc(&Value::Float(1e-7)), "1e-07");
        // Decided deviation: non-finite scalars become null.
        assert_eq!(enc(&Value::Float(f64::NAN)), "null");
        assert_eq!(enc(&Value::Float(f64::INFINITY)), "null");
        assert_eq!(
            enc(&Value::Str("a\"b\\c\n\u{1}é€".into())),
            "\"a\\\"b\\\\c\\n\\u0001é€\""
        );
        let j = json!({"a": 1, "b": [1.0, 1e-7, null, "x", true], "c": {"d": 1e20}});
        assert_eq!(
            enc(&Value::Json(j)),
            r#"{"a":1,"b":[1.0,1e-07,null,"x",true],"c":{"d":1e+20}}"#
        );
    }

    fn utc_index(days: &[i64]) -> Column {
        Column::from_datetime_ns(days.iter().map(|d| Y2020 + d * DAY).collect(), Tz::Utc)
    }

    #[test]
    fn series_wrapped_split() {
        // §3.3 example and §12.7 case 5.
        let s = SeriesValue::new(utc_index(&[0, 1]), Column::from_f64(vec![1.5, f64::NAN]));
        assert_eq!(
            enc(&Value::Series(s)),
            concat!(
                r#"{"__hd_wrapped_data_object__":"SERIES","__metadata__":{},"#,
                r#""__data__":{"name":null,"index":["2020-01-01T00:00:00.000Z","2020-01-02T00:00:00.000Z"],"data":[1.5,null]},"#,
                r#""__data_parsing_options__":{"orient":"split"}}"#
            )
        );
    }

    #[test]
    fn series_variants() {
        // Int index, int data, name and metadata.
        let mut s = SeriesValue::new(Column::range(2), Column::from_i64(vec![1, 2]));
        s.name = Some("temp".into());
        s.attrs.insert("unit".into(), json!("K"));
        assert_eq!(
            enc(&Value::Series(s)),
            concat!(
                r#"{"__hd_wrapped_data_object__":"SERIES","__metadata__":{"unit":"K"},"#,
                r#""__data__":{"name":"temp","index":[0,1],"data":[1,2]},"#,
                r#""__data_parsing_options__":{"orient":"split"}}"#
            )
        );
        // Naive index without Z, duplicates kept, inf → null.
        let idx = Column::from_datetime_ns(vec![Y2020, Y2020], Tz::Naive);
        let s = SeriesValue::new(idx, Column::from_f64(vec![f64::INFINITY, 0.1]));
        let out = enc(&Value::Series(s));
        assert!(out.contains(
            r#""index":["2020-01-01T00:00:00.000","2020-01-01T00:00:00.000"],"data":[null,0.1]"#
        ));
        // Fixed offset index is written as UTC with Z; aware datetime data gets Z too
        // (decided deviation from Q4); NaT → null; empty strings and bools.
        let idx = Column::from_datetime_ns(vec![Y2020 - 3_600_000_000_000], Tz::Fixed(3600));
        let data = Column::from_opt_datetime_ns(vec![Some(Y2020 + 123_000_000)], Tz::Utc);
        let out = enc(&Value::Series(SeriesValue::new(idx, data)));
        assert!(out.contains(
            r#""index":["2019-12-31T23:00:00.000Z"],"data":["2020-01-01T00:00:00.123Z"]"#
        ));
        let data = Column::from_opt_datetime_ns(vec![None], Tz::Naive);
        let out = enc(&Value::Series(SeriesValue::new(Column::range(1), data)));
        assert!(out.contains(r#""index":[0],"data":[null]"#));
        let data = Column::from_strings(vec![Some("x".into()), None]);
        let out = enc(&Value::Series(SeriesValue::new(Column::range(2), data)));
        assert!(out.contains(r#""data":["x",null]"#));
        let data = Column::from_bool(vec![true, false]);
        let out = enc(&Value::Series(SeriesValue::new(Column::range(2), data)));
        assert!(out.contains(r#""data":[true,false]"#));
        // Empty series.
        let s = SeriesValue::new(Column::from_i64(vec![]), Column::from_f64(vec![]));
        assert!(enc(&Value::Series(s)).contains(r#""__data__":{"name":null,"index":[],"data":[]}"#));
    }

    #[test]
    fn frame_wrapped_columns() {
        // §12.7 case 6.
        let mut columns = IndexMap::new();
        columns.insert("a".to_string(), Column::from_f64(vec![2.3, 2.4, 2.5]));
        columns.insert(
            "b".to_string(),
            Column::from_strings(vec![Some("t".into()), Some("t".into()), Some("k".into())]),
        );
        let mut attrs = Attrs::new();
        attrs.insert("test".into(), json!(43));
        let f = FrameValue {
            index: Column::range(3),
            columns,
            attrs,
        };
        let out = enc(&Value::Frame(f));
        let expected = json!({"__hd_wrapped_data_object__": "DATAFRAME", "__metadata__": {"test": 43}, "__data__": {"a": {"0": 2.3, "1": 2.4, "2": 2.5}, "b": {"0": "t", "1": "t", "2": "k"}}});
        assert_eq!(out, serde_json::to_string(&expected).unwrap());
    }

    #[test]
    fn multitsframe_resorted_labels() {
        // §3.3 example: row labels keep their numbers, rows in frame order.
        let mut columns = IndexMap::new();
        columns.insert("timestamp".to_string(), utc_index(&[0, 1]));
        columns.insert(
            "metric".to_string(),
            Column::from_strings(vec![Some("b".into()), Some("a".into())]),
        );
        columns.insert("value".to_string(), Column::from_i64(vec![2, 1]));
        let f = FrameValue {
            index: Column::from_i64(vec![1, 0]),
            columns,
            attrs: Attrs::new(),
        };
        assert_eq!(
            enc(&Value::Frame(f)),
            concat!(
                r#"{"__hd_wrapped_data_object__":"DATAFRAME","__metadata__":{},"__data__":{"#,
                r#""timestamp":{"1":"2020-01-01T00:00:00.000Z","0":"2020-01-02T00:00:00.000Z"},"#,
                r#""metric":{"1":"b","0":"a"},"value":{"1":2,"0":1}}}"#
            )
        );
    }

    #[test]
    fn frame_duplicate_index_fails() {
        let mut columns = IndexMap::new();
        columns.insert("a".to_string(), Column::from_f64(vec![1.0, 2.0]));
        let f = FrameValue {
            index: Column::from_i64(vec![0, 0]),
            columns,
            attrs: Attrs::new(),
        };
        let err = to_json_string(&Value::Frame(f.clone()), Style::Current).unwrap_err();
        assert_eq!(
            err.to_string(),
            "DataFrame index must be unique for orient='columns'."
        );
        assert!(to_json_string(&Value::Frame(f), Style::Legacy).is_err());
        // Naive datetime index, NaN cell, datetime column keys.
        let mut columns = IndexMap::new();
        columns.insert("x".to_string(), Column::from_f64(vec![f64::NAN, 1e-5]));
        let f = FrameValue {
            index: Column::from_datetime_ns(vec![Y2020, Y2020 + DAY], Tz::Naive),
            columns,
            attrs: Attrs::new(),
        };
        assert!(enc(&Value::Frame(f))
            .contains(r#"{"x":{"2020-01-01T00:00:00.000":null,"2020-01-02T00:00:00.000":1e-05}}"#));
    }

    #[test]
    fn foreign_column_dtypes() {
        use polars_core::prelude::{Int32Chunked, Int64Chunked, IntoSeries, NewChunkedArray};
        // Int32 data and a millisecond datetime index, as other code might build them.
        let data = Column {
            data: Int32Chunked::from_slice("".into(), &[7, 8]).into_series(),
            tz: Tz::Naive,
        };
        let index = Column {
            data: Int64Chunked::from_slice("".into(), &[1_577_836_800_000, 1_577_836_800_001])
                .into_datetime(TimeUnit::Milliseconds, None)
                .into_series(),
            tz: Tz::Utc,
        };
        let out = enc(&Value::Series(SeriesValue::new(index, data)));
        assert!(out.contains(
            r#""index":["2020-01-01T00:00:00.000Z","2020-01-01T00:00:00.001Z"],"data":[7,8]"#
        ));
    }

    #[test]
    fn exact_style_keeps_every_digit_and_the_dtype() {
        let s = SeriesValue::new(
            Column::from_datetime_ns(vec![Y2020 + 123_456_789], Tz::Utc),
            Column::from_f64(vec![0.1 + 0.2]),
        );
        assert_eq!(
            to_json_string(&Value::Series(s), Style::Exact).unwrap(),
            r#"{"__hd_wrapped_data_object__":"SERIES","__metadata__":{},"__data__":{"name":null,"index":["2020-01-01T00:00:00.123456789Z"],"data":[0.30000000000000004]},"__data_parsing_options__":{"orient":"split","dtype":"float64"}}"#
        );
    }

    #[test]
    fn legacy_style() {
        let s = SeriesValue::new(utc_index(&[0, 1]), Column::from_i64(vec![1, 2]));
        assert_eq!(
            to_json_string(&Value::Series(s), Style::Legacy).unwrap(),
            r#"{"2020-01-01T00:00:00.000Z":1,"2020-01-02T00:00:00.000Z":2}"#
        );
        let s = SeriesValue::new(utc_index(&[0, 0]), Column::from_i64(vec![1, 2]));
        assert!(to_json_string(&Value::Series(s), Style::Legacy).is_err());
        let mut columns = IndexMap::new();
        columns.insert("a".to_string(), Column::from_f64(vec![0.5]));
        let f = FrameValue {
            index: Column::range(1),
            columns,
            attrs: Attrs::new(),
        };
        assert_eq!(
            to_json_string(&Value::Frame(f), Style::Legacy).unwrap(),
            r#"{"a":{"0":0.5}}"#
        );
    }
}
