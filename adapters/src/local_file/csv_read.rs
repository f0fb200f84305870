//! A CSV file as pandas' `read_csv` reads it with the options of [`ReadOptions`]: header
//! names (`Unnamed: i` for empty ones, `a.1` for repeats), pandas' missing-value strings,
//! and per-column type inference (int64, float64 when ints have gaps, bool, else strings).
//!
//! Fields are kept per column in one text buffer with end offsets, so a million-row file
//! costs its bytes plus a few words per field, not one allocation per field.

use super::csv_options::{ColRef, Encoding, Header, ParseDates, ReadOptions};
use indexmap::IndexMap;
use rheo_core::value::timestamp::parse_iso8601;
use rheo_core::value::{Column, FrameValue, Tz};
use std::borrow::Cow;

/// pandas' default strings for a missing value.
const NA_VALUES: &[&str] = &[
    "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
    "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
];

/// The fields of one column, back to back.
#[derive(Debug, Default)]
struct RawColumn {
    text: String,
    ends: Vec<usize>,
}

impl RawColumn {
    fn push(&mut self, field: &str) {
        self.text.push_str(field);
        self.ends.push(self.text.len());
    }

    fn fields(&self) -> impl Iterator<Item = &str> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(self.ends.iter()).map(|(a, &b)| &self.text[a..b])
    }
}

/// Reads CSV bytes into a frame; the error says what pandas would complain about.
pub fn read_csv(bytes: &[u8], options: &ReadOptions) -> Result<FrameValue, String> {
    let text = decode(bytes, options.encoding)?;
    let (names, mut raw) = split_fields(&text, options)?;
    let names = unique_names(names);
    let keep = selected(&names, options.usecols.as_deref())?;
    let dates = date_columns(&names, &options.parse_dates)?;
    let index_pos = match &options.index_col {
        Some(r) => Some(position(&names, r)?),
        None => None,
    };
    let height = raw.first().map_or(0, |c| c.ends.len());
    let mut columns = IndexMap::new();
    let mut index = None;
    for (pos, name) in names.into_iter().enumerate() {
        if !keep[pos] && index_pos != Some(pos) {
            continue;
        }
        let col = std::mem::take(&mut raw[pos]);
        let as_dates = dates.contains(&pos)
            || (index_pos == Some(pos) && options.parse_dates == ParseDates::Index);
        let column = convert(&col, options.decimal, as_dates);
        if index_pos == Some(pos) {
            index = Some(column);
        } else {
            columns.insert(name, column);
        }
    }
    Ok(FrameValue {
        index: index.unwrap_or_else(|| Column::range(height)),
        columns,
        attrs: Default::default(),
    })
}

fn decode(bytes: &[u8], encoding: Encoding) -> Result<Cow<'_, str>, String> {
    match encoding {
        Encoding::Utf8 => {
            let b = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
            std::str::from_utf8(b).map(Cow::Borrowed).map_err(|e| {
                format!("'utf-8' codec can't decode byte at position {}: invalid start byte (set load_settings encoding)", e.valid_up_to())
            })
        }
        Encoding::Latin1 => Ok(Cow::Owned(bytes.iter().map(|&b| char::from(b)).collect())),
    }
}

/// The header names and the fields of every column, after `skiprows`/`header`/`nrows`.
fn split_fields(text: &str, o: &ReadOptions) -> Result<(Vec<String>, Vec<RawColumn>), String> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(o.sep)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader
        .records()
        .enumerate()
        .filter(|(row, _)| *row >= o.skip_first && !o.skip_rows.contains(row))
        .map(|(row, r)| {
            r.map(|r| (row, r))
                .map_err(|e| format!("Error tokenizing data: {e}"))
        });
    let mut names = match o.header {
        Header::Row(n) => {
            let mut header = None;
            for _ in 0..=n {
                header = records.next().transpose()?;
            }
            let (_, header) = header.ok_or("No columns to parse from file")?;
            header.iter().map(str::to_string).collect::<Vec<_>>()
        }
        Header::Absent => Vec::new(),
    };
    let mut columns: Vec<RawColumn> = names.iter().map(|_| RawColumn::default()).collect();
    for (rows, item) in records.enumerate() {
        if o.nrows.is_some_and(|n| rows >= n) {
            break;
        }
        let (line, record) = item?;
        if o.header == Header::Absent && rows == 0 {
            names = (0..record.len()).map(|i| i.to_string()).collect();
            columns = names.iter().map(|_| RawColumn::default()).collect();
        }
        if record.len() > columns.len() {
            return Err(format!(
                "Error tokenizing data. C error: Expected {} fields in line {}, saw {}",
                columns.len(),
                line + 1,
                record.len()
            ));
        }
        for (i, col) in columns.iter_mut().enumerate() {
            col.push(record.get(i).unwrap_or(""));
        }
    }
    if names.is_empty() {
        return Err("No columns to parse from file".into());
    }
    Ok((names, columns))
}

/// pandas' names: an empty header cell is `Unnamed: <position>`, a repeated name gets
/// `.1`, `.2`, … appended.
pub(crate) fn unique_names(names: Vec<String>) -> Vec<String> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(names.len());
    for (i, name) in names.into_iter().enumerate() {
        let base = if name.is_empty() {
            format!("Unnamed: {i}")
        } else {
            name
        };
        let mut candidate = base.clone();
        while let Some(n) = seen.get(&candidate).copied() {
            seen.insert(candidate.clone(), n + 1);
            candidate = format!("{base}.{}", n + 1);
        }
        seen.insert(candidate.clone(), 0);
        out.push(candidate);
    }
    out
}

fn position(names: &[String], r: &ColRef) -> Result<usize, String> {
    match r {
        ColRef::Pos(p) if *p < names.len() => Ok(*p),
        ColRef::Pos(p) => Err(format!(
            "column position {p} is out of range ({} columns)",
            names.len()
        )),
        ColRef::Name(n) => names
            .iter()
            .position(|x| x == n)
            .ok_or_else(|| format!("Missing column provided: '{n}'")),
    }
}

fn selected(names: &[String], usecols: Option<&[ColRef]>) -> Result<Vec<bool>, String> {
    let Some(refs) = usecols else {
        return Ok(vec![true; names.len()]);
    };
    let mut keep = vec![false; names.len()];
    for r in refs {
        keep[position(names, r).map_err(|_| {
            format!("Usecols do not match columns, columns expected but not found: {r:?}")
        })?] = true;
    }
    Ok(keep)
}

fn date_columns(names: &[String], p: &ParseDates) -> Result<Vec<usize>, String> {
    match p {
        ParseDates::Columns(refs) => refs.iter().map(|r| position(names, r)).collect(),
        _ => Ok(Vec::new()),
    }
}

/// One column's fields as the dtype pandas infers for them.
fn convert(col: &RawColumn, decimal: u8, as_dates: bool) -> Column {
    if as_dates {
        if let Some(c) = datetimes(col) {
            return c;
        }
    }
    let missing = |f: &str| NA_VALUES.contains(&f);
    let any_missing = col.fields().any(missing);
    if col.fields().all(missing) {
        return Column::from_f64(vec![f64::NAN; col.ends.len()]);
    }
    if let Some(ints) = col
        .fields()
        .map(|f| if missing(f) { Some(0) } else { int(f) })
        .collect::<Option<Vec<i64>>>()
    {
        if !any_missing {
            return Column::from_i64(ints);
        }
    }
    let floats: Option<Vec<f64>> = col
        .fields()
        .map(|f| {
            if missing(f) {
                Some(f64::NAN)
            } else {
                float(f, decimal)
            }
        })
        .collect();
    if let Some(floats) = floats {
        return Column::from_f64(floats);
    }
    if !any_missing {
        if let Some(bools) = col.fields().map(boolean).collect::<Option<Vec<bool>>>() {
            return Column::from_bool(bools);
        }
    }
    Column::from_strings(
        col.fields()
            .map(|f| {
                if missing(f) {
                    None
                } else {
                    Some(f.to_string())
                }
            })
            .collect(),
    )
}

fn int(f: &str) -> Option<i64> {
    let t = f.trim_matches(' ');
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

fn float(f: &str, decimal: u8) -> Option<f64> {
    let t = f.trim_matches(' ');
    let body = t.strip_prefix(['+', '-']).unwrap_or(t);
    let special = ["inf", "infinity"]
        .iter()
        .any(|s| body.eq_ignore_ascii_case(s));
    let plain = body
        .bytes()
        .all(|b| b.is_ascii_digit() || b == decimal || matches!(b, b'e' | b'E' | b'+' | b'-'));
    if !(special || plain) || body.is_empty() {
        return None;
    }
    if decimal == b'.' {
        t.parse().ok()
    } else {
        t.replace(char::from(decimal), ".").parse().ok()
    }
}

fn boolean(f: &str) -> Option<bool> {
    match f {
        "True" | "TRUE" | "true" => Some(true),
        "False" | "FALSE" | "false" => Some(false),
        _ => None,
    }
}

/// The column as datetimes when every non-missing field is an ISO timestamp and all agree
/// on naive or one offset; otherwise `None` (pandas keeps such a column as text).
fn datetimes(col: &RawColumn) -> Option<Column> {
    let mut offset: Option<Option<i32>> = None;
    let mut values = Vec::with_capacity(col.ends.len());
    for f in col.fields() {
        if NA_VALUES.contains(&f) {
            values.push(None);
            continue;
        }
        let ts = parse_iso8601(f.trim())?;
        match offset {
            None => offset = Some(ts.offset),
            Some(o) if o != ts.offset => return None,
            Some(_) => {}
        }
        values.push(Some(ts.ns));
    }
    let tz = match offset.flatten() {
        None => Tz::Naive,
        Some(0) => Tz::Utc,
        Some(s) => Tz::Fixed(s),
    };
    Some(Column::from_opt_datetime_ns(values, tz))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rheo_core::value::ColumnKind;

    fn read(text: &str, settings: &str) -> Result<FrameValue, String> {
        let map: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(settings).unwrap();
        read_csv(text.as_bytes(), &ReadOptions::from_settings(Some(&map))?)
    }

    #[test]
    fn types_are_inferred_as_pandas_does() {
        let f = read("i,f,g,b,s,n\n1,1.5,1,True,x,\n2,2,,false,,\n", "{}").unwrap();
        let kinds: Vec<_> = f.columns.values().map(Column::kind).collect();
        use ColumnKind::*;
        assert_eq!(kinds, vec![Int, Float, Float, Bool, Str, Float]);
        assert!(f.columns["g"].f64_values().unwrap()[1].is_nan());
        assert_eq!(f.columns["s"].str_values().unwrap(), vec![Some("x"), None]);
        assert_eq!(f.index.i64_values().unwrap().as_ref(), &[0, 1]);
    }

    #[test]
    fn a_written_index_reads_back_as_unnamed_column_or_index() {
        let f = read(",a\n0,1\n1,2\n", "{}").unwrap();
        assert_eq!(
            f.columns.keys().collect::<Vec<_>>(),
            vec!["Unnamed: 0", "a"]
        );
        let f = read(",a\n5,1\n6,2\n", r#"{"index_col": 0}"#).unwrap();
        assert_eq!(f.columns.keys().collect::<Vec<_>>(), vec!["a"]);
        assert_eq!(f.index.i64_values().unwrap().as_ref(), &[5, 6]);
    }

    #[test]
    fn settings_options_apply() {
        let text = "skip me\nt;v;w\n2020-01-01T00:00:00Z;1,5;a\n2020-01-02T00:00:00Z;2,5;b\n2020-01-03T00:00:00Z;3,5;c\n";
        let f = read(text, r#"{"sep": ";", "decimal": ",", "skiprows": 1, "parse_dates": ["t"], "index_col": "t", "usecols": ["t", "v"], "nrows": 2}"#).unwrap();
        assert_eq!(f.columns.keys().collect::<Vec<_>>(), vec!["v"]);
        assert_eq!(f.columns["v"].f64_values().unwrap().as_ref(), &[1.5, 2.5]);
        assert_eq!(f.index.kind(), ColumnKind::Datetime);
        assert_eq!(f.index.tz, Tz::Utc);
    }

    #[test]
    fn repeated_names_headerless_files_and_latin1() {
        let f = read("a,a,a\n1,2,3\n", "{}").unwrap();
        assert_eq!(
            f.columns.keys().collect::<Vec<_>>(),
            vec!["a", "a.1", "a.2"]
        );
        let f = read("1,2\n3,4\n", r#"{"header": null}"#).unwrap();
        assert_eq!(f.columns.keys().collect::<Vec<_>>(), vec!["0", "1"]);
        assert_eq!(f.height(), 2);
        let bytes = b"name\n\xe9t\xe9\n";
        let o = ReadOptions {
            encoding: Encoding::Latin1,
            ..Default::default()
        };
        let f = read_csv(bytes, &o).unwrap();
        assert_eq!(f.columns["name"].str_values().unwrap(), vec![Some("été")]);
        let e = read_csv(bytes, &ReadOptions::default()).unwrap_err();
        assert!(e.contains("utf-8"), "{e}");
    }

    #[test]
    fn malformed_files_fail_as_pandas_does() {
        assert_eq!(read("", "{}").unwrap_err(), "No columns to parse from file");
        let e = read("a,b\n1,2\n1,2,3\n", "{}").unwrap_err();
        assert!(e.contains("Expected 2 fields in line 3, saw 3"), "{e}");
        let e = read("a\n1\n", r#"{"index_col": "zz"}"#).unwrap_err();
        assert!(e.contains("zz"), "{e}");
        // A short row is padded with missing values.
        let f = read("a,b\n1\n", "{}").unwrap();
        assert!(f.columns["b"].f64_values().unwrap()[0].is_nan());
    }

    #[test]
    fn mixed_offsets_stay_text() {
        let f = read(
            "t\n2020-01-01T00:00:00+01:00\n2020-01-01T00:00:00+02:00\n",
            r#"{"parse_dates": ["t"]}"#,
        )
        .unwrap();
        assert_eq!(f.columns["t"].kind(), ColumnKind::Str);
    }
}
