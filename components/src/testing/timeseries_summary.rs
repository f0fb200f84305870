//! Timeseries Summary (`5fa2c117-8777-46ae-9fd9-b4683bc073cf`): a diagnostic summary of a
//! series' values and index, plus how long computing it took.

use crate::kernels::clock::{iso_us, now_us, seconds_between};
use crate::kernels::elementwise::pairwise_sum;
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::value::json_out::python_float_repr;
use rheo_core::value::timestamp::format_isoformat;
use rheo_core::value::{Column, ColumnKind, SeriesValue, Tz};
use rheo_core::{ComponentError, DataType, Value};
use serde_json::{Map, Value as Json};
use std::collections::HashMap;
use std::sync::Arc;

/// Identity and ports of Timeseries Summary 1.0.0 (a Python-module component: connector
/// ids derived from the port names).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "5fa2c117-8777-46ae-9fd9-b4683bc073cf",
    revision_group_id: "fd964492-f3a9-4a95-8753-1a191571d63d",
    name: "Timeseries Summary",
    category: "Test",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Summarize some timeseries information",
    inputs: &[PortSpec::new(
        "series",
        "31a7c0a2-8d35-6c57-d742-f0a8092d0c87",
        DataType::Series,
    )],
    outputs: &[
        PortSpec::new(
            "summary",
            "ca69e0fa-840f-03ca-2bb1-430baf415074",
            DataType::Any,
        ),
        PortSpec::new(
            "start",
            "51b93482-0912-1183-affa-4233de1e2425",
            DataType::String,
        ),
        PortSpec::new(
            "end",
            "a9d363df-9177-08cc-362b-d27df3c2c986",
            DataType::String,
        ),
        PortSpec::new(
            "duration",
            "9a58abb7-3c5e-5348-2fb2-ffd0ba83be5b",
            DataType::Float,
        ),
    ],
};

/// The percentiles hetida passes to `describe`.
const PERCENTILES: [(f64, &str); 7] = [
    (0.05, "5%"),
    (0.1, "10%"),
    (0.25, "25%"),
    (0.5, "50%"),
    (0.75, "75%"),
    (0.9, "90%"),
    (0.95, "95%"),
];

/// Timeseries Summary as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Python `repr()` of a string.
fn py_str_repr(s: &str) -> String {
    let q = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

/// `str(pd.Timestamp)`: `2020-01-01 00:00:00+00:00` (no suffix when naive).
fn timestamp_str(ns: i64, tz: Tz) -> String {
    format_isoformat(ns, tz).replacen('T', " ", 1)
}

/// `repr(pd.Timedelta)`: `Timedelta('1 days 02:03:04.500000')`.
fn timedelta_repr(ns: Option<i64>) -> String {
    let Some(ns) = ns else {
        return "NaT".into();
    };
    const DAY: i64 = 86_400_000_000_000;
    let days = ns.div_euclid(DAY);
    let rem = ns.rem_euclid(DAY);
    let secs = rem / 1_000_000_000;
    let sub = rem % 1_000_000_000;
    let frac = if sub == 0 {
        String::new()
    } else if sub % 1_000_000 == 0 {
        format!(".{:03}", sub / 1_000_000)
    } else if sub % 1000 == 0 {
        format!(".{:06}", sub / 1000)
    } else {
        format!(".{sub:09}")
    };
    let sign = if days < 0 { "+" } else { "" };
    format!(
        "Timedelta('{days} days {sign}{:02}:{:02}:{:02}{frac}')",
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    )
}

/// One entry of a column as Python `str()` shows it.
fn entry_str(c: &Column, i: usize) -> String {
    match c.kind() {
        ColumnKind::Float => python_float_repr(c.f64_values().map_or(f64::NAN, |v| v[i])),
        ColumnKind::Int => c.data.get(i).map(|v| v.to_string()).unwrap_or_default(),
        ColumnKind::Bool => match c.bool_values().and_then(|v| v[i]) {
            Some(true) => "True".into(),
            Some(false) => "False".into(),
            None => "None".into(),
        },
        ColumnKind::Str => c
            .str_values()
            .and_then(|v| v[i].map(str::to_string))
            .unwrap_or_else(|| "None".into()),
        ColumnKind::Datetime => match c.datetime_ns_opt().and_then(|v| v[i]) {
            Some(ns) => timestamp_str(ns, c.tz),
            None => "NaT".into(),
        },
    }
}

/// One entry of a column as it appears inside a repr (strings quoted).
fn entry_repr(c: &Column, i: usize) -> String {
    match c.kind() {
        ColumnKind::Str => match c.str_values().and_then(|v| v[i]) {
            Some(s) => py_str_repr(s),
            None => "None".into(),
        },
        ColumnKind::Datetime => match c.datetime_ns_opt().and_then(|v| v[i]) {
            Some(ns) => py_str_repr(&timestamp_str(ns, c.tz)),
            None => "NaT".into(),
        },
        _ => entry_str(c, i),
    }
}

/// The positions a repr shows: all for up to 20 entries, else the first and last 10.
fn shown(n: usize) -> (Vec<usize>, bool) {
    if n <= 20 {
        ((0..n).collect(), false)
    } else {
        ((0..10).chain(n - 10..n).collect(), true)
    }
}

/// `str(series.index)`.
fn index_repr(c: &Column) -> String {
    let (pos, cut) = shown(c.len());
    let mut items: Vec<String> = pos.iter().map(|&i| entry_repr(c, i)).collect();
    if cut {
        items.insert(10, "...".into());
    }
    let class = if c.kind() == ColumnKind::Datetime {
        "DatetimeIndex"
    } else {
        "Index"
    };
    let mut s = format!(
        "{class}([{}], dtype='{}'",
        items.join(", "),
        c.pandas_dtype()
    );
    if c.kind() == ColumnKind::Datetime {
        s.push_str(", freq=None");
    }
    if cut {
        s.push_str(&format!(", length={}", c.len()));
    }
    s.push(')');
    s
}

/// `str(series)`: one `label    value` line per shown entry, then name/length/dtype.
fn series_repr(s: &SeriesValue) -> String {
    let n = s.len();
    let (pos, cut) = shown(n);
    let mut lines: Vec<String> = pos
        .iter()
        .map(|&i| format!("{}    {}", entry_str(&s.index, i), entry_str(&s.values, i)))
        .collect();
    if cut {
        lines.insert(10, "...".into());
    }
    if n == 0 {
        lines.push(format!("Series([], {})", footer(s, false)));
        return lines.join("\n");
    }
    lines.push(footer(s, cut));
    lines.join("\n")
}

fn footer(s: &SeriesValue, cut: bool) -> String {
    let mut parts = Vec::new();
    if let Some(name) = &s.name {
        parts.push(format!("Name: {name}"));
    }
    if cut {
        parts.push(format!("Length: {}", s.len()));
    }
    parts.push(format!("dtype: {}", s.values.pandas_dtype()));
    parts.join(", ")
}

/// numpy's linear-interpolation percentile of sorted data (`n ≥ 1`).
fn percentile(sorted: &[f64], q: f64) -> f64 {
    let n = sorted.len();
    // numpy's `_compute_virtual_index` with alpha = beta = 1 ("linear").
    const ALPHA: f64 = 1.0;
    const BETA: f64 = 1.0;
    let virtual_index = n as f64 * q + (ALPHA + q * (1.0 - ALPHA - BETA)) - 1.0;
    let prev = virtual_index.floor().clamp(0.0, (n - 1) as f64);
    let next = (prev + 1.0).min((n - 1) as f64);
    let gamma = virtual_index - prev;
    let (a, b) = (sorted[prev as usize], sorted[next as usize]);
    let diff = b - a;
    if gamma >= 0.5 {
        b - diff * (1.0 - gamma)
    } else {
        a + diff * gamma
    }
}

/// Numeric statistics: count, mean, std, min, percentiles, max (NaN skipped).
fn numeric_stats(x: &[f64]) -> Vec<(&'static str, f64)> {
    let count = x.iter().filter(|v| !v.is_nan()).count();
    let filled: Vec<f64> = x
        .iter()
        .map(|&v| if v.is_nan() { 0.0 } else { v })
        .collect();
    let mean = if count == 0 {
        f64::NAN
    } else {
        pairwise_sum(&filled) / count as f64
    };
    let std = if count < 2 {
        f64::NAN
    } else {
        let sq: Vec<f64> = x
            .iter()
            .map(|&v| {
                if v.is_nan() {
                    0.0
                } else {
                    (v - mean) * (v - mean)
                }
            })
            .collect();
        (pairwise_sum(&sq) / (count - 1) as f64).sqrt()
    };
    let mut sorted: Vec<f64> = x.iter().copied().filter(|v| !v.is_nan()).collect();
    sorted.sort_by(f64::total_cmp);
    let pick = |f: &dyn Fn(&[f64]) -> f64| {
        if sorted.is_empty() {
            f64::NAN
        } else {
            f(&sorted)
        }
    };
    let mut out = vec![
        ("count", count as f64),
        ("mean", mean),
        ("std", std),
        ("min", pick(&|s| s[0])),
    ];
    for (q, key) in PERCENTILES {
        out.push((key, pick(&|s| percentile(s, q))));
    }
    out.push(("max", pick(&|s| s[s.len() - 1])));
    out
}

/// `str(dict)` of numeric describe results.
fn float_dict(stats: &[(&str, f64)]) -> String {
    let items: Vec<String> = stats
        .iter()
        .map(|(k, v)| format!("'{k}': {}", python_float_repr(*v)))
        .collect();
    format!("{{{}}}", items.join(", "))
}

/// `str(describe().to_dict())` for categorical data (strings, bools, datetimes):
/// count, unique, top (first most frequent), freq.
fn categorical_describe(c: &Column) -> String {
    let n = c.len();
    let mut counts: HashMap<String, (usize, usize)> = HashMap::new();
    let mut count = 0;
    for i in 0..n {
        let missing = match c.kind() {
            ColumnKind::Str => c.str_values().is_some_and(|v| v[i].is_none()),
            ColumnKind::Bool => c.bool_values().is_some_and(|v| v[i].is_none()),
            ColumnKind::Datetime => c.datetime_ns_opt().is_some_and(|v| v[i].is_none()),
            _ => false,
        };
        if missing {
            continue;
        }
        count += 1;
        let e = counts.entry(entry_repr(c, i)).or_insert((0, i));
        e.0 += 1;
    }
    let top = counts
        .iter()
        .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)));
    let (top, freq) = match top {
        Some((k, (f, _))) => (k.clone(), f.to_string()),
        None => ("nan".into(), "nan".into()),
    };
    format!(
        "{{'count': {count}, 'unique': {}, 'top': {top}, 'freq': {freq}}}",
        counts.len()
    )
}

/// `str(describe().to_dict())` of the values.
fn describe(c: &Column) -> String {
    match c.kind() {
        ColumnKind::Float | ColumnKind::Int => {
            float_dict(&numeric_stats(&c.f64_values().unwrap_or_default()))
        }
        _ => categorical_describe(c),
    }
}

/// The describe dict of the consecutive differences of the index labels.
fn index_distances_describe(c: &Column) -> String {
    match c.kind() {
        ColumnKind::Datetime => {
            let ns = c.datetime_ns_opt().unwrap_or_default();
            let d: Vec<i64> = ns
                .windows(2)
                .filter_map(|w| Some(w[1]?.wrapping_sub(w[0]?)))
                .collect();
            let x: Vec<f64> = d.iter().map(|&v| v as f64).collect();
            let stats = numeric_stats(&x);
            let items: Vec<String> = stats
                .iter()
                .map(|(k, v)| {
                    if *k == "count" {
                        format!("'count': {}", d.len())
                    } else {
                        let td = (!v.is_nan()).then(|| v.round() as i64);
                        format!("'{k}': {}", timedelta_repr(td))
                    }
                })
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        ColumnKind::Float | ColumnKind::Int | ColumnKind::Bool => {
            let v = c.f64_values().unwrap_or_default();
            let d: Vec<f64> = v
                .windows(2)
                .map(|w| w[1] - w[0])
                .filter(|x| !x.is_nan())
                .collect();
            float_dict(&numeric_stats(&d))
        }
        // Handled by the caller (strings cannot be subtracted).
        ColumnKind::Str => "{'count': 0, 'unique': 0, 'top': nan, 'freq': nan}".into(),
    }
}

/// Number of entries equal to an earlier one (NaN equal to NaN).
fn duplicates(c: &Column) -> usize {
    let mut seen = std::collections::HashSet::with_capacity(c.len());
    (0..c.len())
        .filter(|&i| {
            let key = match c.kind() {
                ColumnKind::Float => {
                    let x = c.f64_values().map_or(f64::NAN, |v| v[i]);
                    // -0.0 == 0.0 and all NaNs are one value.
                    let x = if x == 0.0 { 0.0 } else { x };
                    if x.is_nan() {
                        "nan".to_string()
                    } else {
                        x.to_bits().to_string()
                    }
                }
                _ => entry_repr(c, i),
            };
            !seen.insert(key)
        })
        .count()
}

fn summary(s: &SeriesValue) -> Result<Json, ComponentError> {
    if s.index.kind() == ColumnKind::Str && s.len() > 1 {
        return Err(ComponentError::type_error(
            "unsupported operand type(s) for -: 'str' and 'str'",
        ));
    }
    let n = s.len();
    let opt = |f: &dyn Fn() -> String| {
        if n == 0 {
            Json::Null
        } else {
            Json::String(f())
        }
    };
    let mut m = Map::new();
    m.insert("length".into(), Json::from(n));
    m.insert("describe".into(), Json::String(describe(&s.values)));
    m.insert("num_duplicates".into(), Json::from(duplicates(&s.values)));
    m.insert(
        "num_index_duplicates".into(),
        Json::from(duplicates(&s.index)),
    );
    m.insert("index".into(), Json::String(index_repr(&s.index)));
    m.insert("series".into(), Json::String(series_repr(s)));
    m.insert("dtype".into(), Json::String(s.values.pandas_dtype()));
    m.insert("first_value".into(), opt(&|| entry_str(&s.values, 0)));
    m.insert("first_index".into(), opt(&|| entry_str(&s.index, 0)));
    m.insert("last_value".into(), opt(&|| entry_str(&s.values, n - 1)));
    m.insert("last_index".into(), opt(&|| entry_str(&s.index, n - 1)));
    m.insert(
        "index_distances_describe".into(),
        Json::String(if s.index.kind() == ColumnKind::Str {
            // pandas skips the missing pairs of object data: nothing is left.
            "{'count': 0, 'unique': 0, 'top': nan, 'freq': nan}".to_string()
        } else {
            index_distances_describe(&s.index)
        }),
    );
    Ok(Json::Object(m))
}

/// Timeseries Summary: `summary` is a JSON object with, in hetida's order:
/// `length`; `describe` — the Python `str()` of `describe(percentiles=[.05, .1, .25, .5,
/// .75, .9, .95]).to_dict()` (numeric data: count, mean, std (ddof 1), min, the
/// percentiles (numpy linear interpolation), max, all floats; bool/string data: count,
/// unique, top, freq); `num_duplicates` / `num_index_duplicates` — values / index labels
/// equal to an earlier one (NaN equals NaN); `index`, `series` — text renderings of index
/// and series; `dtype` — the pandas dtype name; `first_value`, `first_index`,
/// `last_value`, `last_index` — Python `str()` of the entries (null when empty);
/// `index_distances_describe` — the describe dict of the differences between consecutive
/// index labels (Timedelta values for a datetime index, floats for a numeric one; a
/// string index of more than one label raises TypeError as pandas does).
/// `start`/`end` are the UTC times around the computation (`isoformat()`), `duration` the
/// seconds in between.
///
/// Deviations: `index` and `series` follow the layout of pandas' repr (class name, quoted
/// labels, dtype, `Name:`/`Length:` lines, at most 10 + 10 entries shown for long data)
/// but not its column alignment and float formatting, which depend on pandas display
/// options; datetime *values* (not index) are described like categorical data (count,
/// unique, top, freq) instead of pandas' datetime statistics; timestamps are printed with
/// at most microseconds.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let series = inputs.series("series")?;
    let start = now_us();
    let summary = summary(series)?;
    let end = now_us();
    let mut out = Outputs::with_capacity(4);
    out.insert("summary", Arc::new(Value::Json(summary)));
    out.insert("start", Arc::new(Value::Str(iso_us(start))));
    out.insert("end", Arc::new(Value::Str(iso_us(end))));
    out.insert(
        "duration",
        Arc::new(Value::Float(seconds_between(start, end))),
    );
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;

    fn run(s: Value) -> Result<Map<String, Json>, ComponentError> {
        let mut i = Inputs::new();
        i.insert("series", Arc::new(s));
        let out = super::run(&i)?;
        assert_eq!(
            out.keys().copied().collect::<Vec<_>>(),
            ["summary", "start", "end", "duration"]
        );
        let Value::Float(d) = *out["duration"] else {
            panic!()
        };
        assert!(d >= 0.0);
        let Value::Json(Json::Object(m)) = out["summary"].as_ref() else {
            panic!()
        };
        Ok(m.clone())
    }

    #[test]
    fn numeric_series_on_a_datetime_index() {
        // Values 1..5 at 0, 60, 120, 240, 300 s (UTC), named "x".
        let s = named(
            Value::Series(SeriesValue::new(
                Column::from_datetime_ns(
                    [0, 60, 120, 240, 300]
                        .iter()
                        .map(|s| s * 1_000_000_000)
                        .collect(),
                    Tz::Utc,
                ),
                Column::from_f64(vec![1.0, 2.0, 3.0, 4.0, 5.0]),
            )),
            "x",
        );
        let m = run(s).unwrap();
        assert_eq!(m["length"], 5);
        // std = sqrt(10/4); 5% at virtual index 0.2 → 1.2; 95% at 3.8 → 4.8.
        assert_eq!(
            m["describe"],
            "{'count': 5.0, 'mean': 3.0, 'std': 1.5811388300841898, 'min': 1.0, '5%': 1.2, \
             '10%': 1.4, '25%': 2.0, '50%': 3.0, '75%': 4.0, '90%': 4.6, '95%': 4.8, \
             'max': 5.0}"
        );
        assert_eq!(m["num_duplicates"], 0);
        assert_eq!(m["num_index_duplicates"], 0);
        assert_eq!(m["dtype"], "float64");
        assert_eq!(m["first_value"], "1.0");
        assert_eq!(m["first_index"], "1970-01-01 00:00:00+00:00");
        assert_eq!(m["last_value"], "5.0");
        assert_eq!(m["last_index"], "1970-01-01 00:05:00+00:00");
        assert_eq!(
            m["index"],
            "DatetimeIndex(['1970-01-01 00:00:00+00:00', '1970-01-01 00:01:00+00:00', \
             '1970-01-01 00:02:00+00:00', '1970-01-01 00:04:00+00:00', \
             '1970-01-01 00:05:00+00:00'], dtype='datetime64[ns, UTC]', freq=None)"
        );
        assert!(m["series"]
            .as_str()
            .unwrap()
            .ends_with("1970-01-01 00:05:00+00:00    5.0\nName: x, dtype: float64"));
        // Distances 60, 60, 120, 60 s: mean 75 s, std sqrt(900·4/3... ) = 30 s.
        let d = m["index_distances_describe"].as_str().unwrap();
        assert!(
            d.starts_with(
                "{'count': 4, 'mean': Timedelta('0 days 00:01:15'), 'std': \
                 Timedelta('0 days 00:00:30'), 'min': Timedelta('0 days 00:01:00')"
            ),
            "{d}"
        );
        assert!(d.ends_with("'max': Timedelta('0 days 00:02:00')}"), "{d}");
    }

    #[test]
    fn empty_series() {
        let m = run(fs(&[], &[])).unwrap();
        assert_eq!(m["length"], 0);
        assert_eq!(
            m["describe"],
            "{'count': 0.0, 'mean': nan, 'std': nan, 'min': nan, '5%': nan, '10%': nan, \
             '25%': nan, '50%': nan, '75%': nan, '90%': nan, '95%': nan, 'max': nan}"
        );
        assert_eq!(m["first_value"], Json::Null);
        assert_eq!(m["last_index"], Json::Null);
        assert_eq!(m["index"], "Index([], dtype='int64')");
        assert_eq!(m["series"], "Series([], dtype: float64)");
    }

    #[test]
    fn nan_and_duplicates() {
        // Values [2, NaN, 2, NaN] on index [0, 1, 1, 3]: one duplicate value 2, one
        // duplicate NaN; one duplicate label.
        let m = run(fs(&[0, 1, 1, 3], &[2.0, f64::NAN, 2.0, f64::NAN])).unwrap();
        assert_eq!(m["num_duplicates"], 2);
        assert_eq!(m["num_index_duplicates"], 1);
        assert!(m["describe"]
            .as_str()
            .unwrap()
            .starts_with("{'count': 2.0, 'mean': 2.0, 'std': 0.0, 'min': 2.0"));
        assert_eq!(m["last_value"], "nan");
        // Int index distances 1, 0, 2 as floats.
        assert!(m["index_distances_describe"]
            .as_str()
            .unwrap()
            .starts_with("{'count': 3.0, 'mean': 1.0, 'std': 1.0, 'min': 0.0"));
    }

    #[test]
    fn string_values_are_categorical() {
        let s = Value::Series(SeriesValue::new(
            Column::range(4),
            Column::from_strings(vec![
                Some("b".into()),
                Some("a".into()),
                Some("a".into()),
                None,
            ]),
        ));
        let m = run(s).unwrap();
        assert_eq!(
            m["describe"],
            "{'count': 3, 'unique': 2, 'top': 'a', 'freq': 2}"
        );
        assert_eq!(m["dtype"], "object");
        assert_eq!(m["first_value"], "b");
    }

    #[test]
    fn single_point_and_long_series() {
        let m = run(is(&[7], &[3])).unwrap();
        assert!(m["describe"]
            .as_str()
            .unwrap()
            .starts_with("{'count': 1.0, 'mean': 3.0, 'std': nan, 'min': 3.0, '5%': 3.0"));
        assert_eq!(m["series"], "7    3\ndtype: int64");
        let idx: Vec<i64> = (0..25).collect();
        let m = run(is(&idx, &idx)).unwrap();
        let index = m["index"].as_str().unwrap();
        assert!(index.contains("9, ..., 15"), "{index}");
        assert!(index.ends_with("dtype='int64', length=25)"), "{index}");
        assert!(m["series"]
            .as_str()
            .unwrap()
            .ends_with("24    24\nLength: 25, dtype: int64"));
    }

    #[test]
    fn reprs_follow_python() {
        assert_eq!(py_str_repr("it's"), "\"it's\"");
        assert_eq!(py_str_repr("a'\"b"), "'a\\'\"b'");
        assert_eq!(
            timedelta_repr(Some(-60_000_000_000)),
            "Timedelta('-1 days +23:59:00')"
        );
        assert_eq!(
            timedelta_repr(Some(1_500_000_000)),
            "Timedelta('0 days 00:00:01.500')"
        );
        assert_eq!(timedelta_repr(None), "NaT");
        assert_eq!(
            Column::from_datetime_ns(vec![], Tz::Fixed(-5400)).pandas_dtype(),
            "datetime64[ns, UTC-01:30]"
        );
    }

    #[test]
    fn string_index() {
        let one = Value::Series(SeriesValue::new(
            Column::from_strings(vec![Some("a".into())]),
            Column::from_f64(vec![1.0]),
        ));
        let m = run(one).unwrap();
        assert_eq!(
            m["index_distances_describe"],
            "{'count': 0, 'unique': 0, 'top': nan, 'freq': nan}"
        );
        assert_eq!(m["index"], "Index(['a'], dtype='object')");
        let two = Value::Series(SeriesValue::new(
            Column::from_strings(vec![Some("a".into()), Some("b".into())]),
            Column::from_f64(vec![1.0, 2.0]),
        ));
        let mut i = Inputs::new();
        i.insert("series", Arc::new(two));
        assert_eq!(
            super::run(&i).unwrap_err().message,
            "unsupported operand type(s) for -: 'str' and 'str'"
        );
    }

    #[test]
    fn non_series_is_rejected() {
        let mut i = Inputs::new();
        i.insert("series", Arc::new(Value::Int(1)));
        assert_eq!(super::run(&i).unwrap_err().type_name, "TypeError");
    }
}
