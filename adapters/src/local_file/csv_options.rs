//! The `read_csv` keyword options a settings file's `load_settings` may give (hetida passes
//! them to pandas unchanged). Rheo understands the common ones and refuses the others by
//! name, so that a file is never read differently from what its settings ask.

use serde_json::{Map, Value as Json};

/// A column named by position or by header name.
#[derive(Debug, Clone, PartialEq)]
pub enum ColRef {
    /// Zero-based position in the file.
    Pos(usize),
    /// Header name.
    Name(String),
}

/// pandas' `header`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Header {
    /// The header is the row with this number (after `skiprows`); `infer` means 0.
    Row(usize),
    /// No header: columns are named 0, 1, 2, …
    Absent,
}

/// pandas' `parse_dates`.
#[derive(Debug, Clone, PartialEq)]
pub enum ParseDates {
    /// No date parsing (pandas' default).
    No,
    /// `True`: parse the index.
    Index,
    /// These columns.
    Columns(Vec<ColRef>),
}

/// Text encodings of CSV files.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Encoding {
    /// UTF-8 (a byte order mark is skipped).
    Utf8,
    /// ISO-8859-1: every byte is one character.
    Latin1,
}

/// The options of one CSV read.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadOptions {
    /// Field separator (`sep` / `delimiter`).
    pub sep: u8,
    /// Decimal point of float fields.
    pub decimal: u8,
    /// Where the header is.
    pub header: Header,
    /// The column that becomes the index.
    pub index_col: Option<ColRef>,
    /// Which columns become datetimes.
    pub parse_dates: ParseDates,
    /// Only these columns are kept.
    pub usecols: Option<Vec<ColRef>>,
    /// Data rows read at most.
    pub nrows: Option<usize>,
    /// Rows skipped at the top.
    pub skip_first: usize,
    /// Rows skipped by number (zero-based, counted over all rows of the file).
    pub skip_rows: Vec<usize>,
    /// Text encoding.
    pub encoding: Encoding,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            sep: b',',
            decimal: b'.',
            header: Header::Row(0),
            index_col: None,
            parse_dates: ParseDates::No,
            usecols: None,
            nrows: None,
            skip_first: 0,
            skip_rows: Vec::new(),
            encoding: Encoding::Utf8,
        }
    }
}

/// The options Rheo understands, for the message that refuses others.
const KNOWN: &str =
    "sep, delimiter, decimal, header, index_col, parse_dates, usecols, nrows, skiprows, encoding";

impl ReadOptions {
    /// Reads `load_settings`; an option Rheo does not understand, or a value it cannot
    /// use, is an error naming it.
    pub fn from_settings(settings: Option<&Map<String, Json>>) -> Result<Self, String> {
        let mut o = ReadOptions::default();
        for (key, value) in settings.into_iter().flatten() {
            o.apply(key, value)
                .map_err(|why| format!("load_settings option '{key}' = {value}: {why}"))?;
        }
        Ok(o)
    }

    fn apply(&mut self, key: &str, value: &Json) -> Result<(), String> {
        match key {
            "sep" | "delimiter" => self.sep = one_byte(value)?,
            "decimal" => self.decimal = one_byte(value)?,
            "header" => self.header = header(value)?,
            "index_col" => self.index_col = index_col(value)?,
            "parse_dates" => self.parse_dates = parse_dates(value)?,
            "usecols" => self.usecols = nullable_list(value)?,
            "nrows" => self.nrows = value_opt_usize(value)?,
            "skiprows" => self.skiprows(value)?,
            "encoding" => self.encoding = encoding(value)?,
            _ => return Err(format!("not supported by Rheo (supported: {KNOWN})")),
        }
        Ok(())
    }

    fn skiprows(&mut self, value: &Json) -> Result<(), String> {
        match value {
            Json::Null => {}
            Json::Number(_) => self.skip_first = usize_of(value)?,
            Json::Array(items) => {
                self.skip_rows = items.iter().map(usize_of).collect::<Result<_, _>>()?;
            }
            _ => return Err("expected a row count or a list of row numbers".into()),
        }
        Ok(())
    }
}

fn one_byte(value: &Json) -> Result<u8, String> {
    match value.as_str().map(str::as_bytes) {
        Some([b]) if b.is_ascii() => Ok(*b),
        _ => {
            Err("expected a single ASCII character (regular expressions are not supported)".into())
        }
    }
}

pub(crate) fn header(value: &Json) -> Result<Header, String> {
    match value {
        Json::Null => Ok(Header::Absent),
        Json::String(s) if s == "infer" => Ok(Header::Row(0)),
        Json::Number(_) => Ok(Header::Row(usize_of(value)?)),
        _ => Err("expected 'infer', a row number or null".into()),
    }
}

pub(crate) fn index_col(value: &Json) -> Result<Option<ColRef>, String> {
    match value {
        Json::Null | Json::Bool(false) => Ok(None),
        Json::Array(items) if items.len() == 1 => col_ref(&items[0]).map(Some),
        Json::Array(_) => Err("a MultiIndex (several index columns) is not supported".into()),
        _ => col_ref(value).map(Some),
    }
}

fn parse_dates(value: &Json) -> Result<ParseDates, String> {
    match value {
        Json::Null | Json::Bool(false) => Ok(ParseDates::No),
        Json::Bool(true) => Ok(ParseDates::Index),
        Json::Array(items) => items
            .iter()
            .map(col_ref)
            .collect::<Result<_, _>>()
            .map(ParseDates::Columns),
        _ => {
            Err("expected a bool or a list of columns (combining columns is not supported)".into())
        }
    }
}

fn nullable_list(value: &Json) -> Result<Option<Vec<ColRef>>, String> {
    match value {
        Json::Null => Ok(None),
        Json::Array(items) => items
            .iter()
            .map(col_ref)
            .collect::<Result<_, _>>()
            .map(Some),
        _ => Err("expected a list of column names or positions".into()),
    }
}

fn col_ref(value: &Json) -> Result<ColRef, String> {
    match value {
        Json::String(s) => Ok(ColRef::Name(s.clone())),
        Json::Number(_) => Ok(ColRef::Pos(usize_of(value)?)),
        _ => Err("expected a column name or position".into()),
    }
}

pub(crate) fn value_opt_usize(value: &Json) -> Result<Option<usize>, String> {
    match value {
        Json::Null => Ok(None),
        _ => usize_of(value).map(Some),
    }
}

pub(crate) fn usize_of(value: &Json) -> Result<usize, String> {
    value
        .as_u64()
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| "expected a non-negative integer".into())
}

fn encoding(value: &Json) -> Result<Encoding, String> {
    let name = value.as_str().ok_or("expected an encoding name")?;
    match name.to_ascii_lowercase().replace('_', "-").as_str() {
        "utf-8" | "utf8" | "utf-8-sig" => Ok(Encoding::Utf8),
        "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" => Ok(Encoding::Latin1),
        _ => Err("only utf-8 and latin-1 are supported".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(json: &str) -> Result<ReadOptions, String> {
        let map: Map<String, Json> = serde_json::from_str(json).unwrap();
        ReadOptions::from_settings(Some(&map))
    }

    #[test]
    fn common_options_are_read() {
        let o = opts(r#"{"sep": ";", "decimal": ",", "index_col": 0, "parse_dates": ["t"], "nrows": 5, "skiprows": [1, 2], "encoding": "latin1", "header": null}"#).unwrap();
        assert_eq!(o.sep, b';');
        assert_eq!(o.decimal, b',');
        assert_eq!(o.index_col, Some(ColRef::Pos(0)));
        assert_eq!(
            o.parse_dates,
            ParseDates::Columns(vec![ColRef::Name("t".into())])
        );
        assert_eq!(o.nrows, Some(5));
        assert_eq!(o.skip_rows, vec![1, 2]);
        assert_eq!(o.encoding, Encoding::Latin1);
        assert_eq!(o.header, Header::Absent);
    }

    #[test]
    fn unknown_or_unusable_options_are_named() {
        let e = opts(r#"{"dtype": {"a": "int"}}"#).unwrap_err();
        assert!(e.contains("'dtype'") && e.contains("supported: sep"), "{e}");
        let e = opts(r#"{"sep": "\\s+"}"#).unwrap_err();
        assert!(e.contains("single ASCII character"), "{e}");
        assert!(opts(r#"{"nrows": -1}"#).is_err());
    }
}
