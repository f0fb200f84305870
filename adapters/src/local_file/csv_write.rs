//! A frame or series as pandas' `to_csv` writes it: the index first (unnamed header cell)
//! unless `index` is false, floats in Python's `repr`, booleans as `True`/`False`, missing
//! values as `na_rep` (empty), datetimes as pandas formats them, fields quoted only where
//! needed (Python's `csv.QUOTE_MINIMAL`).

use rheo_core::value::json_out::python_float_repr;
use rheo_core::value::timestamp::civil_from_days;
use rheo_core::value::{Column, ColumnKind, FrameValue, SeriesValue, Tz};
use serde_json::{Map, Value as Json};

/// The `to_csv` keyword options of a settings file's `write_settings`.
#[derive(Debug, Clone, PartialEq)]
pub struct WriteOptions {
    sep: u8,
    index: bool,
    header: bool,
    na_rep: String,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            sep: b',',
            index: true,
            header: true,
            na_rep: String::new(),
        }
    }
}

impl WriteOptions {
    /// Reads `write_settings`; an option Rheo does not understand is an error naming it.
    pub fn from_settings(settings: Option<&Map<String, Json>>) -> Result<Self, String> {
        let mut o = WriteOptions::default();
        for (key, value) in settings.into_iter().flatten() {
            let bad = |why: &str| format!("write_settings option '{key}' = {value}: {why}");
            match key.as_str() {
                "sep" => match value.as_str().map(str::as_bytes) {
                    Some([b]) if b.is_ascii() => o.sep = *b,
                    _ => return Err(bad("expected a single ASCII character")),
                },
                "index" => o.index = value.as_bool().ok_or_else(|| bad("expected a bool"))?,
                "header" => o.header = value.as_bool().ok_or_else(|| bad("expected a bool"))?,
                "na_rep" => {
                    o.na_rep = value
                        .as_str()
                        .ok_or_else(|| bad("expected a string"))?
                        .into()
                }
                "encoding"
                    if value
                        .as_str()
                        .is_some_and(|e| e.eq_ignore_ascii_case("utf-8")) => {}
                _ => return Err(bad(
                    "not supported by Rheo (supported: sep, index, header, na_rep, encoding utf-8)",
                )),
            }
        }
        Ok(o)
    }
}

/// The CSV text of a frame.
pub fn frame_to_csv(frame: &FrameValue, o: &WriteOptions) -> String {
    let cols: Vec<(&str, &Column)> = frame.columns.iter().map(|(k, c)| (k.as_str(), c)).collect();
    write_table(&frame.index, &cols, o)
}

/// The CSV text of a series (its name, or `0`, heads the value column).
pub fn series_to_csv(series: &SeriesValue, o: &WriteOptions) -> String {
    let name = series.name.as_deref().unwrap_or("0");
    write_table(&series.index, &[(name, &series.values)], o)
}

fn write_table(index: &Column, cols: &[(&str, &Column)], o: &WriteOptions) -> String {
    let mut fields: Vec<Vec<String>> = Vec::new();
    if o.index {
        fields.push(cells(index, &o.na_rep));
    }
    fields.extend(cols.iter().map(|(_, c)| cells(c, &o.na_rep)));
    let mut out = String::new();
    if o.header {
        let mut header: Vec<&str> = Vec::new();
        if o.index {
            header.push("");
        }
        header.extend(cols.iter().map(|(n, _)| *n));
        write_row(&mut out, header.into_iter(), o.sep);
    }
    for row in 0..index.len() {
        write_row(&mut out, fields.iter().map(|c| c[row].as_str()), o.sep);
    }
    out
}

fn write_row<'a>(out: &mut String, fields: impl Iterator<Item = &'a str>, sep: u8) {
    let fields: Vec<&str> = fields.collect();
    let only = fields.len() == 1;
    for (i, f) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(char::from(sep));
        }
        let special = f
            .bytes()
            .any(|b| b == sep || matches!(b, b'"' | b'\n' | b'\r'));
        if special || (only && f.is_empty()) {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(f);
        }
    }
    out.push('\n');
}

/// Every entry of a column as pandas writes it.
fn cells(c: &Column, na: &str) -> Vec<String> {
    match c.kind() {
        ColumnKind::Float => c
            .f64_values()
            .unwrap_or_default()
            .iter()
            .map(|f| {
                if f.is_nan() {
                    na.to_string()
                } else {
                    python_float_repr(*f)
                }
            })
            .collect(),
        ColumnKind::Int => c
            .i64_values()
            .unwrap_or_default()
            .iter()
            .map(i64::to_string)
            .collect(),
        ColumnKind::Bool => c
            .bool_values()
            .unwrap_or_default()
            .into_iter()
            .map(|b| b.map_or(na.to_string(), |b| if b { "True" } else { "False" }.into()))
            .collect(),
        ColumnKind::Str => c
            .str_values()
            .unwrap_or_default()
            .into_iter()
            .map(|s| s.map_or(na.to_string(), str::to_string))
            .collect(),
        ColumnKind::Datetime => datetimes(&c.datetime_ns_opt().unwrap_or_default(), c.tz, na),
    }
}

/// pandas' datetime text: naive columns share one resolution (date only when every value is
/// midnight, else seconds, milli-, micro- or nanoseconds as the finest value needs); aware
/// values are written as `str(Timestamp)`, each with its own fraction and the offset.
fn datetimes(values: &[Option<i64>], tz: Tz, na: &str) -> Vec<String> {
    const DAY: i64 = 86_400_000_000_000;
    let present = || values.iter().flatten();
    let digits = |ns: i64| match ns.rem_euclid(1_000_000_000) {
        0 => 0,
        f if f % 1000 == 0 => 6,
        _ => 9,
    };
    // Naive columns share pandas' resolution, which also knows milliseconds.
    let naive_digits = |ns: i64| match ns.rem_euclid(1_000_000_000) {
        f if f % 1_000_000 == 0 && f != 0 => 3,
        _ => digits(ns),
    };
    let common = present().map(|&ns| naive_digits(ns)).max().unwrap_or(0);
    let dates_only = !tz.is_aware() && present().all(|ns| ns.rem_euclid(DAY) == 0);
    values
        .iter()
        .map(|v| match *v {
            None => na.to_string(),
            Some(ns) if dates_only => date_text(ns.div_euclid(DAY)),
            Some(ns) if !tz.is_aware() => stamp(ns, common, None),
            Some(ns) => stamp(
                ns + i64::from(tz.offset_seconds()) * 1_000_000_000,
                digits(ns),
                Some(tz.offset_seconds()),
            ),
        })
        .collect()
}

fn date_text(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

fn stamp(local_ns: i64, frac_digits: u32, offset: Option<i32>) -> String {
    const DAY: i64 = 86_400_000_000_000;
    let days = local_ns.div_euclid(DAY);
    let of_day = local_ns.rem_euclid(DAY);
    let secs = of_day / 1_000_000_000;
    let mut s = format!(
        "{} {:02}:{:02}:{:02}",
        date_text(days),
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    );
    let frac = of_day % 1_000_000_000;
    match frac_digits {
        3 => s.push_str(&format!(".{:03}", frac / 1_000_000)),
        6 => s.push_str(&format!(".{:06}", frac / 1000)),
        9 => s.push_str(&format!(".{frac:09}")),
        _ => {}
    }
    if let Some(off) = offset {
        let sign = if off < 0 { '-' } else { '+' };
        let a = off.unsigned_abs();
        s.push_str(&format!("{sign}{:02}:{:02}", a / 3600, a / 60 % 60));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use indexmap::IndexMap;

    fn frame(cols: Vec<(&str, Column)>) -> FrameValue {
        let n = cols[0].1.len();
        FrameValue {
            index: Column::range(n),
            columns: cols
                .into_iter()
                .map(|(k, c)| (k.to_string(), c))
                .collect::<IndexMap<_, _>>(),
            attrs: Default::default(),
        }
    }

    #[test]
    fn pandas_default_layout() {
        let f = frame(vec![("a", Column::from_i64(vec![1, 2]))]);
        assert_eq!(frame_to_csv(&f, &WriteOptions::default()), ",a\n0,1\n1,2\n");
    }

    #[test]
    fn values_are_written_as_pandas_writes_them() {
        let f = frame(vec![
            ("f", Column::from_f64(vec![1.0, f64::NAN, 1e20])),
            ("b", Column::from_bool(vec![true, false, true])),
            (
                "s",
                Column::from_strings(vec![Some("x,y".into()), None, Some("q\"".into())]),
            ),
        ]);
        let o = WriteOptions::from_settings(Some(
            &serde_json::from_str(r#"{"index": false}"#).unwrap(),
        ))
        .unwrap();
        assert_eq!(
            frame_to_csv(&f, &o),
            "f,b,s\n1.0,True,\"x,y\"\n,False,\n1e+20,True,\"q\"\"\"\n"
        );
    }

    #[test]
    fn datetimes_follow_pandas_resolution_rules() {
        let day = 86_400_000_000_000i64;
        let naive = Column::from_opt_datetime_ns(vec![Some(0), Some(day), None], Tz::Naive);
        assert_eq!(
            datetimes(&naive.datetime_ns_opt().unwrap(), Tz::Naive, ""),
            vec!["1970-01-01", "1970-01-02", ""]
        );
        let v = [Some(0), Some(1_500_000)];
        assert_eq!(
            datetimes(&v, Tz::Naive, ""),
            vec!["1970-01-01 00:00:00.000000", "1970-01-01 00:00:00.001500"]
        );
        assert_eq!(
            datetimes(&v, Tz::Utc, ""),
            vec![
                "1970-01-01 00:00:00+00:00",
                "1970-01-01 00:00:00.001500+00:00"
            ]
        );
        assert_eq!(
            datetimes(&[Some(0)], Tz::Fixed(3600), ""),
            vec!["1970-01-01 01:00:00+01:00"]
        );
    }

    #[test]
    fn a_series_is_headed_by_its_name() {
        let s = SeriesValue::new(Column::range(1), Column::from_f64(vec![0.5]));
        assert_eq!(series_to_csv(&s, &WriteOptions::default()), ",0\n0,0.5\n");
    }

    #[test]
    fn unknown_write_options_are_refused() {
        let e = WriteOptions::from_settings(Some(
            &serde_json::from_str(r#"{"float_format": "%.2f"}"#).unwrap(),
        ))
        .unwrap_err();
        assert!(e.contains("float_format"), "{e}");
    }
}
