//! [`Column`]: one polars [`Series`] plus the timezone of datetime data.
//!
//! The helpers here hide polars' API from components, so kernels work on plain slices.
//! Conventions: float columns keep missing values as NaN (pandas semantics, no validity
//! bitmap); datetime columns hold nanoseconds since the Unix epoch — UTC instants for aware
//! timezones, wall-clock time for naive ones — with nulls for NaT.

use polars_core::prelude::*;
use std::borrow::Cow;

/// The timezone of a datetime column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Tz {
    /// No timezone: wall-clock time (pandas tz-naive).
    #[default]
    Naive,
    /// UTC.
    Utc,
    /// A fixed offset east of UTC, in seconds (e.g. `+01:00` = 3600).
    Fixed(i32),
}

impl Tz {
    /// Whether timestamps carry an offset (are instants rather than wall-clock times).
    pub fn is_aware(self) -> bool {
        !matches!(self, Tz::Naive)
    }

    /// Offset east of UTC in seconds (0 for naive and UTC).
    pub fn offset_seconds(self) -> i32 {
        match self {
            Tz::Fixed(s) => s,
            _ => 0,
        }
    }

    /// pandas' name of the timezone (`UTC`, `UTC+01:00`; `None` for naive), as its error
    /// messages and dtype names show it.
    pub fn pandas_name(self) -> String {
        match self {
            Tz::Naive => "None".into(),
            Tz::Utc => "UTC".into(),
            Tz::Fixed(off) => {
                let sign = if off < 0 { '-' } else { '+' };
                let a = off.unsigned_abs();
                format!("UTC{sign}{:02}:{:02}", a / 3600, (a / 60) % 60)
            }
        }
    }
}

/// The logical kind of a column's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// float64 (NaN = missing).
    Float,
    /// int64 (no missing values; pandas turns ints with NaN into floats).
    Int,
    /// bool.
    Bool,
    /// strings (null = missing).
    Str,
    /// datetimes in nanoseconds (null = NaT).
    Datetime,
}

/// A column of values (or index labels) on polars.
#[derive(Debug, Clone)]
pub struct Column {
    /// The data; dtype is Float64, Int64, Boolean, String or Datetime(ns).
    pub data: Series,
    /// Timezone of datetime data; `Naive` for every other kind.
    pub tz: Tz,
}

impl PartialEq for Column {
    fn eq(&self, other: &Self) -> bool {
        self.tz == other.tz
            && self.data.dtype() == other.data.dtype()
            && self.data.len() == other.data.len()
            && self.data.equals_missing(&other.data)
    }
}

fn empty_name() -> PlSmallStr {
    PlSmallStr::EMPTY
}

impl Column {
    /// Floats; NaN marks missing values.
    pub fn from_f64(values: Vec<f64>) -> Self {
        Column {
            data: Float64Chunked::from_vec(empty_name(), values).into_series(),
            tz: Tz::Naive,
        }
    }

    /// 64-bit integers.
    pub fn from_i64(values: Vec<i64>) -> Self {
        Column {
            data: Int64Chunked::from_vec(empty_name(), values).into_series(),
            tz: Tz::Naive,
        }
    }

    /// Booleans.
    pub fn from_bool(values: Vec<bool>) -> Self {
        Column {
            data: BooleanChunked::from_slice(empty_name(), &values).into_series(),
            tz: Tz::Naive,
        }
    }

    /// Strings, `None` = missing.
    pub fn from_strings(values: Vec<Option<String>>) -> Self {
        Column {
            data: StringChunked::from_iter_options(empty_name(), values.into_iter()).into_series(),
            tz: Tz::Naive,
        }
    }

    /// Datetimes in nanoseconds (see the module docs for the meaning per timezone).
    pub fn from_datetime_ns(values: Vec<i64>, tz: Tz) -> Self {
        Column {
            data: Int64Chunked::from_vec(empty_name(), values)
                .into_datetime(TimeUnit::Nanoseconds, None)
                .into_series(),
            tz,
        }
    }

    /// Datetimes in nanoseconds with NaT (`None`).
    pub fn from_opt_datetime_ns(values: Vec<Option<i64>>, tz: Tz) -> Self {
        Column {
            data: Int64Chunked::from_iter_options(empty_name(), values.into_iter())
                .into_datetime(TimeUnit::Nanoseconds, None)
                .into_series(),
            tz,
        }
    }

    /// The default pandas index `0..n`.
    pub fn range(n: usize) -> Self {
        Self::from_i64((0..n as i64).collect())
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// Whether the column is empty.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// pandas' dtype name of the column (`float64`, `int64`, `bool`, `object`,
    /// `datetime64[ns, UTC+01:00]`), as hetida's validation messages show it.
    pub fn pandas_dtype(&self) -> String {
        match self.kind() {
            ColumnKind::Float => "float64".into(),
            ColumnKind::Int => "int64".into(),
            ColumnKind::Bool => "bool".into(),
            ColumnKind::Str => "object".into(),
            ColumnKind::Datetime => match self.tz {
                Tz::Naive => "datetime64[ns]".into(),
                tz => format!("datetime64[ns, {}]", tz.pandas_name()),
            },
        }
    }

    /// The logical kind of the data.
    pub fn kind(&self) -> ColumnKind {
        match self.data.dtype() {
            DataType::Float64 | DataType::Float32 => ColumnKind::Float,
            DataType::Boolean => ColumnKind::Bool,
            DataType::String => ColumnKind::Str,
            DataType::Datetime(_, _) => ColumnKind::Datetime,
            _ => ColumnKind::Int,
        }
    }

    /// Whether the data is numeric (float or int).
    pub fn is_numeric(&self) -> bool {
        matches!(self.kind(), ColumnKind::Float | ColumnKind::Int)
    }

    /// The data as floats (ints and bools converted, missing → NaN); borrowed when the
    /// column already is one contiguous float chunk. `None` for strings and datetimes.
    pub fn f64_values(&self) -> Option<Cow<'_, [f64]>> {
        match self.kind() {
            ColumnKind::Float => {
                let ca = self.data.f64().ok()?;
                if let Ok(slice) = ca.cont_slice() {
                    return Some(Cow::Borrowed(slice));
                }
                Some(Cow::Owned(
                    ca.iter().map(|v| v.unwrap_or(f64::NAN)).collect(),
                ))
            }
            ColumnKind::Int => {
                let ca = self.data.i64().ok()?;
                Some(Cow::Owned(
                    ca.iter()
                        .map(|v| v.map(|x| x as f64).unwrap_or(f64::NAN))
                        .collect(),
                ))
            }
            ColumnKind::Bool => {
                let ca = self.data.bool().ok()?;
                Some(Cow::Owned(
                    ca.iter()
                        .map(|v| v.map(|x| if x { 1.0 } else { 0.0 }).unwrap_or(f64::NAN))
                        .collect(),
                ))
            }
            _ => None,
        }
    }

    /// Integer data as a slice (contiguous int64 columns only).
    pub fn i64_values(&self) -> Option<Cow<'_, [i64]>> {
        let ca = self.data.i64().ok()?;
        if let Ok(slice) = ca.cont_slice() {
            return Some(Cow::Borrowed(slice));
        }
        Some(Cow::Owned(ca.iter().map(|v| v.unwrap_or(0)).collect()))
    }

    /// Datetime data in nanoseconds; borrowed when contiguous and free of NaT.
    /// `None` for non-datetime columns.
    pub fn datetime_ns(&self) -> Option<Cow<'_, [i64]>> {
        let ca = self.data.datetime().ok()?;
        let phys = ca.physical();
        if let Ok(slice) = phys.cont_slice() {
            return Some(Cow::Borrowed(slice));
        }
        Some(Cow::Owned(
            phys.iter().map(|v| v.unwrap_or(i64::MIN)).collect(),
        ))
    }

    /// Datetime data with NaT as `None`.
    pub fn datetime_ns_opt(&self) -> Option<Vec<Option<i64>>> {
        let ca = self.data.datetime().ok()?;
        Some(ca.physical().iter().collect())
    }

    /// Whether any datetime entry is NaT.
    pub fn has_nulls(&self) -> bool {
        self.data.null_count() > 0
    }

    /// String data (`None` for non-string columns).
    pub fn str_values(&self) -> Option<Vec<Option<&str>>> {
        let ca = self.data.str().ok()?;
        Some(ca.iter().collect())
    }

    /// Boolean data with missing as `None` (`None` for non-bool columns).
    pub fn bool_values(&self) -> Option<Vec<Option<bool>>> {
        let ca = self.data.bool().ok()?;
        Some(ca.iter().collect())
    }

    /// Takes the rows at `positions` (in that order).
    pub fn take(&self, positions: &[usize]) -> Self {
        let idx: Vec<IdxSize> = positions.iter().map(|&p| p as IdxSize).collect();
        let idx = IdxCa::from_vec(empty_name(), idx);
        Column {
            data: self
                .data
                .take(&idx)
                .expect("positions are within the column"),
            tz: self.tz,
        }
    }

    /// A contiguous slice of rows.
    pub fn slice(&self, offset: usize, len: usize) -> Self {
        Column {
            data: self.data.slice(offset as i64, len),
            tz: self.tz,
        }
    }
}
