//! Runtime values that flow between operators.
//!
//! Scalars are plain Rust values; series and frames hold polars `Series` columns. Values are
//! shared between operators through [`Shared`] (an `Arc`), so an operator output that feeds
//! several inputs is never copied.

pub mod column;
pub mod json_out;
pub mod parse;
pub mod timestamp;

pub use column::{Column, ColumnKind, Tz};

use indexmap::IndexMap;
use serde_json::{Map, Value as Json};
use std::sync::Arc;

/// A value shared between operators without copying.
pub type Shared = Arc<Value>;

/// Metadata attached to series and frames (pandas `attrs`, hetida `__metadata__`).
pub type Attrs = Map<String, Json>;

/// Any value a workflow input, constant, default or operator output can hold.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// JSON null / Python `None`.
    Null,
    /// BOOLEAN.
    Bool(bool),
    /// INT.
    Int(i64),
    /// FLOAT.
    Float(f64),
    /// STRING.
    Str(String),
    /// ANY values decoded from JSON (objects, arrays) and PLOTLYJSON figures.
    Json(Json),
    /// SERIES.
    Series(SeriesValue),
    /// DATAFRAME and MULTITSFRAME.
    Frame(FrameValue),
}

impl Value {
    /// A short description of the value's kind, for error messages ("series", "float", …).
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "string",
            Value::Json(Json::Object(_)) => "object",
            Value::Json(Json::Array(_)) => "array",
            Value::Json(_) => "json",
            Value::Series(_) => "series",
            Value::Frame(_) => "dataframe",
        }
    }
}

/// An indexed one-dimensional series (pandas `Series`).
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesValue {
    /// The series name (`None` when unnamed).
    pub name: Option<String>,
    /// Index labels, same length as `values`.
    pub index: Column,
    /// The data.
    pub values: Column,
    /// `attrs` / hetida `__metadata__`.
    pub attrs: Attrs,
}

impl SeriesValue {
    /// A series without name or metadata.
    pub fn new(index: Column, values: Column) -> Self {
        SeriesValue {
            name: None,
            index,
            values,
            attrs: Attrs::new(),
        }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the series has no entries.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A frame with a row index and named columns (pandas `DataFrame`), also used for MULTITSFRAME.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameValue {
    /// Row labels.
    pub index: Column,
    /// Columns in order; every column has `index.len()` entries.
    pub columns: IndexMap<String, Column>,
    /// `attrs` / hetida `__metadata__`.
    pub attrs: Attrs,
}

impl FrameValue {
    /// Number of rows.
    pub fn height(&self) -> usize {
        self.index.len()
    }
}
