//! hetida's data types, the vocabulary of every port, wiring and response.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One of the nine hetida data types; the serialised form is the upper-case hetida name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DataType {
    /// 64-bit integer.
    #[serde(rename = "INT")]
    Int,
    /// 64-bit float.
    #[serde(rename = "FLOAT")]
    Float,
    /// UTF-8 string.
    #[serde(rename = "STRING")]
    String,
    /// Boolean.
    #[serde(rename = "BOOLEAN")]
    Boolean,
    /// Indexed series (pandas Series).
    #[serde(rename = "SERIES")]
    Series,
    /// Indexed frame (pandas DataFrame).
    #[serde(rename = "DATAFRAME")]
    DataFrame,
    /// Long-format frame with `timestamp`, `metric` and value columns.
    #[serde(rename = "MULTITSFRAME")]
    MultiTsFrame,
    /// Anything (JSON values, or any runtime value passed between operators).
    #[serde(rename = "ANY")]
    Any,
    /// A plotly figure as JSON.
    #[serde(rename = "PLOTLYJSON")]
    PlotlyJson,
}

impl DataType {
    /// The hetida spelling, as used in JSON (`"SERIES"`).
    pub fn as_str(self) -> &'static str {
        match self {
            DataType::Int => "INT",
            DataType::Float => "FLOAT",
            DataType::String => "STRING",
            DataType::Boolean => "BOOLEAN",
            DataType::Series => "SERIES",
            DataType::DataFrame => "DATAFRAME",
            DataType::MultiTsFrame => "MULTITSFRAME",
            DataType::Any => "ANY",
            DataType::PlotlyJson => "PLOTLYJSON",
        }
    }

    /// Parses the hetida spelling; `None` for anything else.
    pub fn parse(s: &str) -> Option<DataType> {
        Some(match s {
            "INT" => DataType::Int,
            "FLOAT" => DataType::Float,
            "STRING" => DataType::String,
            "BOOLEAN" => DataType::Boolean,
            "SERIES" => DataType::Series,
            "DATAFRAME" => DataType::DataFrame,
            "MULTITSFRAME" => DataType::MultiTsFrame,
            "ANY" => DataType::Any,
            "PLOTLYJSON" => DataType::PlotlyJson,
            _ => return None,
        })
    }

    /// Whether a link from `self` to `to` is allowed (equal types, or ANY on one side).
    pub fn link_compatible(self, to: DataType) -> bool {
        self == to || self == DataType::Any || to == DataType::Any
    }
}

impl fmt::Display for DataType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
