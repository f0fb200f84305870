//! Tests of input parsing.

use super::{
    fast, parse, parse_default, series_from_json, Raw, NONE_NOT_ALLOWED, NOT_BOOL, NOT_DICT,
    NOT_FLOAT, NOT_INT, NOT_STR, PANDAS_FAIL,
};
use crate::value::json_out::{to_json_string, Style};
use crate::value::{Column, ColumnKind, FrameValue, SeriesValue, Tz};
use crate::{DataType, ParseError, Value};
use serde_json::{json, Value as Json};
use std::borrow::Cow;

const Y2020: i64 = 1_577_836_800_000_000_000;
const HOUR: i64 = 3_600_000_000_000;
const DAY: i64 = 24 * HOUR;

fn text(s: &str, dt: DataType) -> Result<Value, ParseError> {
    parse(Raw::Text(Cow::Borrowed(s)), dt)
}

fn js(j: Json, dt: DataType) -> Result<Value, ParseError> {
    parse(Raw::Json(Cow::Owned(j)), dt)
}

fn series(v: Result<Value, ParseError>) -> SeriesValue {
    match v {
        Ok(Value::Series(s)) => s,
        other => panic!("expected a series, got {other:?}"),
    }
}

fn frame(v: Result<Value, ParseError>) -> FrameValue {
    match v {
        Ok(Value::Frame(f)) => f,
        other => panic!("expected a frame, got {other:?}"),
    }
}

fn err_msg(v: Result<Value, ParseError>) -> String {
    match v {
        Err(e) => e.message,
        Ok(v) => panic!("expected an error, got {v:?}"),
    }
}

fn ints(c: &Column) -> Vec<i64> {
    assert_eq!(c.kind(), ColumnKind::Int, "{c:?}");
    c.i64_values().unwrap().into_owned()
}

fn floats(c: &Column) -> Vec<f64> {
    assert_eq!(c.kind(), ColumnKind::Float, "{c:?}");
    c.f64_values().unwrap().into_owned()
}

fn strs(c: &Column) -> Vec<Option<String>> {
    assert_eq!(c.kind(), ColumnKind::Str, "{c:?}");
    c.str_values()
        .unwrap()
        .into_iter()
        .map(|s| s.map(str::to_owned))
        .collect()
}

fn dts(c: &Column) -> (Vec<i64>, Tz) {
    assert_eq!(c.kind(), ColumnKind::Datetime, "{c:?}");
    (c.datetime_ns().unwrap().into_owned(), c.tz)
}

fn same_floats(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x == y || (x.is_nan() && y.is_nan()))
}

fn out(v: &Value) -> String {
    to_json_string(v, Style::Current).unwrap()
}

// ----- scalars -------------------------------------------------------------------

#[test]
fn int_rules() {
    for (s, v) in [
        ("42", 42),
        (" -1_000 ", -1000),
        ("+7", 7),
        ("007", 7),
        ("\t12\n", 12),
        ("9223372036854775807", i64::MAX),
        ("-9223372036854775808", i64::MIN),
    ] {
        assert_eq!(text(s, DataType::Int), Ok(Value::Int(v)), "{s:?}");
    }
    for s in [
        "42.0",
        "4.2e1",
        "true",
        "",
        "1__0",
        "_1",
        "1_",
        "- 1",
        "0x10",
        "9223372036854775808",
    ] {
        assert_eq!(err_msg(text(s, DataType::Int)), NOT_INT, "{s:?}");
    }
    assert_eq!(js(json!(3.7), DataType::Int), Ok(Value::Int(3)));
    assert_eq!(js(json!(-3.7), DataType::Int), Ok(Value::Int(-3)));
    assert_eq!(js(json!(true), DataType::Int), Ok(Value::Int(1)));
    assert_eq!(js(json!("12"), DataType::Int), Ok(Value::Int(12)));
    assert_eq!(err_msg(js(json!([1]), DataType::Int)), NOT_INT);
    assert_eq!(err_msg(js(Json::Null, DataType::Int)), NONE_NOT_ALLOWED);
    assert_eq!(
        parse(Raw::Value(Value::Float(2.9)), DataType::Int),
        Ok(Value::Int(2))
    );
    assert_eq!(
        err_msg(parse(Raw::Value(Value::Float(f64::NAN)), DataType::Int)),
        NOT_INT
    );
}

#[test]
fn float_rules() {
    let f = |s: &str| match text(s, DataType::Float) {
        Ok(Value::Float(f)) => f,
        other => panic!("{s:?}: {other:?}"),
    };
    assert_eq!(f("3"), 3.0);
    assert!(f("NaN").is_nan());
    assert!(f("nan").is_nan());
    assert_eq!(f("-Infinity"), f64::NEG_INFINITY);
    assert_eq!(f("inf"), f64::INFINITY);
    assert_eq!(f("+iNf"), f64::INFINITY);
    assert_eq!(f(" 1_000.5 "), 1000.5);
    assert_eq!(f("1e5"), 1e5);
    assert_eq!(f("1.5E-3"), 1.5e-3);
    assert_eq!(f(".5"), 0.5);
    assert_eq!(f("5."), 5.0);
    assert_eq!(f("-0"), 0.0);
    for s in [
        "", "abc", "true", "1_e5", "1e", "e5", ".", "1..2", "1_", "infinite", "0x1",
    ] {
        assert_eq!(err_msg(text(s, DataType::Float)), NOT_FLOAT, "{s:?}");
    }
    assert_eq!(js(json!(true), DataType::Float), Ok(Value::Float(1.0)));
    assert_eq!(js(json!(2), DataType::Float), Ok(Value::Float(2.0)));
    assert_eq!(js(json!("2.5"), DataType::Float), Ok(Value::Float(2.5)));
    assert_eq!(err_msg(js(json!({}), DataType::Float)), NOT_FLOAT);
}

#[test]
fn boolean_rules() {
    // §12.7 case 3.
    for s in ["true", "True", "1", "yes", "on", "t", "y", "TRUE", "Yes"] {
        assert_eq!(text(s, DataType::Boolean), Ok(Value::Bool(true)), "{s:?}");
    }
    for s in ["false", "False", "0", "no", "off", "f", "n", "OFF"] {
        assert_eq!(text(s, DataType::Boolean), Ok(Value::Bool(false)), "{s:?}");
    }
    for s in ["2", "", " true", "true ", "ja", "1.0"] {
        assert_eq!(err_msg(text(s, DataType::Boolean)), NOT_BOOL, "{s:?}");
    }
    assert_eq!(js(json!(1), DataType::Boolean), Ok(Value::Bool(true)));
    assert_eq!(js(json!(0), DataType::Boolean), Ok(Value::Bool(false)));
    assert_eq!(js(json!(1.0), DataType::Boolean), Ok(Value::Bool(true)));
    assert_eq!(js(json!(false), DataType::Boolean), Ok(Value::Bool(false)));
    assert_eq!(err_msg(js(json!(2), DataType::Boolean)), NOT_BOOL);
}

#[test]
fn string_rules() {
    assert_eq!(
        text("\"x\"", DataType::String),
        Ok(Value::Str("\"x\"".into()))
    );
    assert_eq!(text(" a ", DataType::String), Ok(Value::Str(" a ".into())));
    assert_eq!(
        js(json!(1.0), DataType::String),
        Ok(Value::Str("1.0".into()))
    );
    assert_eq!(
        js(json!(1e-7), DataType::String),
        Ok(Value::Str("1e-07".into()))
    );
    assert_eq!(js(json!(1), DataType::String), Ok(Value::Str("1".into())));
    assert_eq!(
        js(json!(true), DataType::String),
        Ok(Value::Str("True".into()))
    );
    assert_eq!(err_msg(js(json!([1]), DataType::String)), NOT_STR);
    assert_eq!(err_msg(js(json!({"a": 1}), DataType::String)), NOT_STR);
    assert_eq!(err_msg(js(Json::Null, DataType::String)), NONE_NOT_ALLOWED);
}

#[test]
fn any_rules() {
    // §3.2 examples and §12.7 case 4.
    assert_eq!(
        text(r#"{"a": 1}"#, DataType::Any),
        Ok(Value::Json(json!({"a": 1})))
    );
    assert_eq!(text("[1,2]", DataType::Any), Ok(Value::Json(json!([1, 2]))));
    // Rheo extension: wrapped pandas objects in ANY become Series/DataFrames; objects
    // that only look wrapped stay JSON.
    let wrapped = r#"{"__hd_wrapped_data_object__": "SERIES", "__metadata__": {"k": 1},
            "__data__": {"name": "s", "index": [0, 1], "data": [1.5, 2.5]},
            "__data_parsing_options__": {"orient": "split"}}"#;
    let Ok(Value::Series(s)) = text(wrapped, DataType::Any) else {
        panic!("wrapped series in ANY")
    };
    assert_eq!(s.values.f64_values().unwrap().as_ref(), [1.5, 2.5]);
    let frame = r#"{"__hd_wrapped_data_object__": "DATAFRAME", "__metadata__": {},
            "__data__": {"a": {"2020-01-01T00:00:00Z": 1.0}}}"#;
    assert!(matches!(text(frame, DataType::Any), Ok(Value::Frame(_))));
    let broken = r#"{"__hd_wrapped_data_object__": "SERIES", "__metadata__": 3}"#;
    assert!(matches!(text(broken, DataType::Any), Ok(Value::Json(_))));
    assert_eq!(text("hello", DataType::Any), Ok(Value::Str("hello".into())));
    assert_eq!(
        text(r#""abc""#, DataType::Any),
        Ok(Value::Str("abc".into()))
    );
    assert_eq!(
        text(r#""quoted""#, DataType::Any),
        Ok(Value::Str("quoted".into()))
    );
    // Q2: double decoding kept.
    assert_eq!(text(r#""42""#, DataType::Any), Ok(Value::Int(42)));
    assert_eq!(text(r#""[1]""#, DataType::Any), Ok(Value::Json(json!([1]))));
    assert_eq!(
        text(r#""\"x\"""#, DataType::Any),
        Ok(Value::Str("x".into()))
    );
    assert_eq!(text("3", DataType::Any), Ok(Value::Int(3)));
    assert_eq!(text("2.5", DataType::Any), Ok(Value::Float(2.5)));
    assert_eq!(text("true", DataType::Any), Ok(Value::Bool(true)));
    assert_eq!(text("null", DataType::Any), Ok(Value::Null));
    assert_eq!(text("", DataType::Any), Ok(Value::Str(String::new())));
    match text("NaN", DataType::Any) {
        Ok(Value::Float(f)) => assert!(f.is_nan()),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        text("-Infinity", DataType::Any),
        Ok(Value::Float(f64::NEG_INFINITY))
    );
    // Non-strings pass through; JSON strings are decoded like text.
    assert_eq!(js(json!(1.5), DataType::Any), Ok(Value::Float(1.5)));
    assert_eq!(
        js(json!({"a": [1]}), DataType::Any),
        Ok(Value::Json(json!({"a": [1]})))
    );
    assert_eq!(js(json!("42"), DataType::Any), Ok(Value::Int(42)));
    assert_eq!(err_msg(js(Json::Null, DataType::Any)), NONE_NOT_ALLOWED);
    assert_eq!(
        parse(Raw::Value(Value::Str("[1]".into())), DataType::Any),
        Ok(Value::Str("[1]".into()))
    );
}

#[test]
fn plotlyjson_rules() {
    assert_eq!(
        err_msg(text(r#"{"data": []}"#, DataType::PlotlyJson)),
        NOT_DICT
    );
    assert_eq!(
        js(json!({"data": []}), DataType::PlotlyJson),
        Ok(Value::Json(json!({"data": []})))
    );
    assert_eq!(err_msg(js(json!("{}"), DataType::PlotlyJson)), NOT_DICT);
    assert_eq!(err_msg(js(json!([1]), DataType::PlotlyJson)), NOT_DICT);
}

#[test]
fn defaults_are_nullable() {
    for dt in [
        DataType::Int,
        DataType::Series,
        DataType::MultiTsFrame,
        DataType::Any,
        DataType::PlotlyJson,
    ] {
        assert_eq!(parse_default(None, dt), Ok(Value::Null));
        assert_eq!(parse_default(Some(&Json::Null), dt), Ok(Value::Null));
    }
    assert_eq!(
        parse_default(Some(&json!("42")), DataType::Int),
        Ok(Value::Int(42))
    );
    assert_eq!(
        parse_default(Some(&json!(5)), DataType::Float),
        Ok(Value::Float(5.0))
    );
    assert_eq!(
        parse_default(Some(&json!("x")), DataType::Any),
        Ok(Value::Str("x".into()))
    );
    assert_eq!(
        parse_default(Some(&json!({"a": 1})), DataType::PlotlyJson),
        Ok(Value::Json(json!({"a": 1})))
    );
    let s = series(parse_default(
        Some(&json!({"2020-01-01T01:15:27.000Z": 42.2})),
        DataType::Series,
    ));
    assert_eq!(dts(&s.index), (vec![Y2020 + 4_527_000_000_000], Tz::Utc));
    assert_eq!(floats(&s.values), vec![42.2]);
}

#[test]
fn native_values() {
    let s = SeriesValue::new(Column::range(1), Column::from_f64(vec![1.0]));
    assert_eq!(
        parse(Raw::Value(Value::Series(s.clone())), DataType::Series),
        Ok(Value::Series(s.clone()))
    );
    assert!(err_msg(parse(
        Raw::Value(Value::Series(s.clone())),
        DataType::DataFrame
    ))
    .contains("unexpected type"));
    assert_eq!(
        parse(Raw::Value(Value::Series(s.clone())), DataType::Any),
        Ok(Value::Series(s))
    );
    assert_eq!(
        parse(Raw::Value(Value::Int(1)), DataType::Float),
        Ok(Value::Float(1.0))
    );
    assert_eq!(
        parse(Raw::Value(Value::Str("5".into())), DataType::Int),
        Ok(Value::Int(5))
    );
    let s = series(parse(
        Raw::Value(Value::Json(json!("[1, 2]"))),
        DataType::Series,
    ));
    assert_eq!(ints(&s.values), vec![1, 2]);
    assert_eq!(
        parse(Raw::Value(Value::Float(1.0)), DataType::String),
        Ok(Value::Str("1.0".into()))
    );
    assert_eq!(
        err_msg(parse(Raw::Value(Value::Null), DataType::Any)),
        NONE_NOT_ALLOWED
    );
    let f = frame(text(r#"{"a": [1]}"#, DataType::DataFrame));
    assert_eq!(
        parse(Raw::Value(Value::Frame(f.clone())), DataType::MultiTsFrame),
        Ok(Value::Frame(f))
    );
}

// ----- series --------------------------------------------------------------------

#[test]
fn series_round_trip_table() {
    // §3.3 round-trip table and §12.7 case 5.
    let v = text(
        r#"{"2020-01-01T00:00:00Z": 1.0, "2020-01-02T00:00:00Z": 2.0}"#,
        DataType::Series,
    )
    .unwrap();
    assert!(out(&v).contains(
            r#""__data__":{"name":null,"index":["2020-01-01T00:00:00.000Z","2020-01-02T00:00:00.000Z"],"data":[1,2]}"#
        ));
    let v = text(
        r#"{"2020-01-01T00:00:00Z": 1.5, "2020-01-02T00:00:00Z": null}"#,
        DataType::Series,
    )
    .unwrap();
    assert_eq!(
        out(&v),
        concat!(
            r#"{"__hd_wrapped_data_object__":"SERIES","__metadata__":{},"#,
            r#""__data__":{"name":null,"index":["2020-01-01T00:00:00.000Z","2020-01-02T00:00:00.000Z"],"data":[1.5,null]},"#,
            r#""__data_parsing_options__":{"orient":"split"}}"#
        )
    );
    let v = text("[1.2, 3.5]", DataType::Series).unwrap();
    assert!(out(&v).contains(r#""__data__":{"name":null,"index":[0,1],"data":[1.2,3.5]}"#));
    let v = text(r#"{"2020-01-01T00:00:00+01:00": 1}"#, DataType::Series).unwrap();
    assert!(out(&v).contains(r#""index":["2019-12-31T23:00:00.000Z"],"data":[1]"#));
}

#[test]
fn series_index_timezones() {
    let s = series(text(r#"{"2020-01-01T00:00:00Z": 1.5}"#, DataType::Series));
    assert_eq!(dts(&s.index), (vec![Y2020], Tz::Utc));
    let s = series(text(
        r#"{"2020-01-01T00:00:00+00:00": 1.5}"#,
        DataType::Series,
    ));
    assert_eq!(dts(&s.index), (vec![Y2020], Tz::Utc));
    let s = series(text(
        r#"{"2020-01-01T01:00:00+01:00": 1, "2020-01-01T02:00:00+01:00": 2}"#,
        DataType::Series,
    ));
    assert_eq!(dts(&s.index), (vec![Y2020, Y2020 + HOUR], Tz::Fixed(3600)));
    let s = series(text(
        r#"{"2020-01-01T00:00:00": 1, "2020-01-01 01:00": 2, "2020-01-02": 3}"#,
        DataType::Series,
    ));
    assert_eq!(
        dts(&s.index),
        (vec![Y2020, Y2020 + HOUR, Y2020 + DAY], Tz::Naive)
    );
    // Mixed aware offsets → UTC.
    let s = series(text(
        r#"{"2020-01-01T01:00:00+01:00": 1, "2020-01-01T01:00:00Z": 2}"#,
        DataType::Series,
    ));
    assert_eq!(dts(&s.index), (vec![Y2020, Y2020 + HOUR], Tz::Utc));
    // Mixed naive and aware → strings.
    let s = series(text(
        r#"{"2020-01-01T00:00:00": 1, "2020-01-01T01:00:00Z": 2}"#,
        DataType::Series,
    ));
    assert_eq!(
        strs(&s.index),
        vec![
            Some("2020-01-01T00:00:00".to_string()),
            Some("2020-01-01T01:00:00Z".to_string())
        ]
    );
    // Unsorted keys take the general path and keep their order.
    let s = series(text(
        r#"{"2020-01-02T00:00:00Z": 1, "2020-01-01T00:00:00Z": 2}"#,
        DataType::Series,
    ));
    assert_eq!(dts(&s.index), (vec![Y2020 + DAY, Y2020], Tz::Utc));
    assert_eq!(ints(&s.values), vec![1, 2]);
}

#[test]
fn series_integer_and_string_labels() {
    let s = series(text(r#"{"1": 5, "2": 6}"#, DataType::Series));
    assert_eq!(ints(&s.index), vec![1, 2]);
    assert_eq!(ints(&s.values), vec![5, 6]);
    let s = series(text(r#"{"1577836800000": 1.5}"#, DataType::Series));
    assert_eq!(dts(&s.index), (vec![Y2020], Tz::Naive));
    let s = series(text(r#"{"1577836800": 1.5}"#, DataType::Series));
    assert_eq!(dts(&s.index), (vec![Y2020], Tz::Naive));
    let s = series(text(r#"{"1577836800000000": 1.5}"#, DataType::Series));
    assert_eq!(dts(&s.index), (vec![Y2020], Tz::Naive));
    let s = series(text(r#"{"1": 1, "1577836800": 2}"#, DataType::Series));
    assert_eq!(ints(&s.index), vec![1, 1_577_836_800]);
    let s = series(text(r#"{"a": 1, "b": 2}"#, DataType::Series));
    assert_eq!(strs(&s.index), vec![Some("a".into()), Some("b".into())]);
    let s = series(text(r#"{"0.5": 1, "1.5": 2}"#, DataType::Series));
    assert_eq!(floats(&s.index), vec![0.5, 1.5]);
    // Duplicate keys collapse like a Python dict: first position, last value.
    let s = series(text(
        r#"{"2020-01-01T00:00:00Z": 1, "2020-01-02T00:00:00Z": 2, "2020-01-01T00:00:00Z": 3}"#,
        DataType::Series,
    ));
    assert_eq!(dts(&s.index), (vec![Y2020, Y2020 + DAY], Tz::Utc));
    assert_eq!(ints(&s.values), vec![3, 2]);
}

#[test]
fn series_value_inference() {
    let vals = |s: &str| series(text(s, DataType::Series)).values;
    assert_eq!(ints(&vals("[1.0, 2.0]")), vec![1, 2]);
    assert!(same_floats(&floats(&vals("[1.0, null]")), &[1.0, f64::NAN]));
    assert!(same_floats(&floats(&vals("[1, null]")), &[1.0, f64::NAN]));
    assert_eq!(floats(&vals("[1.5, 2]")), vec![1.5, 2.0]);
    assert_eq!(
        vals("[true, false]").bool_values().unwrap(),
        vec![Some(true), Some(false)]
    );
    assert!(same_floats(
        &floats(&vals("[true, null]")),
        &[1.0, f64::NAN]
    ));
    assert_eq!(ints(&vals(r#"["1", "2"]"#)), vec![1, 2]);
    assert_eq!(floats(&vals(r#"["1.5", 2]"#)), vec![1.5, 2.0]);
    assert_eq!(ints(&vals(r#"[1, "2", true]"#)), vec![1, 2, 1]);
    assert_eq!(strs(&vals(r#"["a", null]"#)), vec![Some("a".into()), None]);
    assert_eq!(
        strs(&vals(r#"[1, "a", 1.5, true]"#)),
        vec![
            Some("1".into()),
            Some("a".into()),
            Some("1.5".into()),
            Some("True".into())
        ]
    );
    assert!(same_floats(
        &floats(&vals("[null, null]")),
        &[f64::NAN, f64::NAN]
    ));
    // ISO values → datetimes; NaT for nulls; mixed offsets stay strings.
    let c = vals(r#"["2020-01-01T00:00:00Z", null]"#);
    assert_eq!(c.datetime_ns_opt().unwrap(), vec![Some(Y2020), None]);
    assert_eq!(c.tz, Tz::Utc);
    let c = vals(r#"["2020-01-01T00:00:00+01:00", "2020-01-01T00:00:00Z"]"#);
    assert_eq!(c.kind(), ColumnKind::Str);
    // Decided deviation from Q3: large numbers stay numbers.
    assert_eq!(
        ints(&vals("[100000000, 200000000]")),
        vec![100_000_000, 200_000_000]
    );
    // Huge floats are not integral in int64.
    assert_eq!(floats(&vals("[1e300, 1.0]")), vec![1e300, 1.0]);
    // Nested values become JSON text.
    assert_eq!(
        strs(&vals(r#"[{"a": 1}, [1, 2]]"#)),
        vec![Some(r#"{"a":1}"#.into()), Some("[1,2]".into())]
    );
}

#[test]
fn series_empty_and_odd_inputs() {
    for s in ["{}", "[]", "null"] {
        let v = series(text(s, DataType::Series));
        assert_eq!(v.len(), 0);
        assert_eq!(v.values.kind(), ColumnKind::Float);
        assert_eq!(v.index.kind(), ColumnKind::Int);
    }
    let v = Value::Series(series(text("{}", DataType::Series)));
    assert!(out(&v).contains(r#""__data__":{"name":null,"index":[],"data":[]}"#));
    // A JSON scalar from an adapter is rejected.
    assert!(err_msg(js(json!(5), DataType::Series)).contains("unexpected type"));
}

#[test]
fn series_text_that_is_no_series_document_is_an_error() {
    // Deviation: pandas' second attempt would make a one-element series of these.
    let m = err_msg(text("abc", DataType::Series));
    assert!(m.starts_with(PANDAS_FAIL), "{m}");
    assert!(m.contains("expected a series as JSON"), "{m}");
    assert!(m.ends_with(r#"found text that is not JSON ("abc")"#), "{m}");
    let m = err_msg(text("2020-01-01", DataType::Series));
    assert!(m.contains("not JSON (\"2020-01-01\")"), "{m}");
    for (input, kind) in [("5", "int"), ("1.5", "float"), ("true", "boolean")] {
        let m = err_msg(text(input, DataType::Series));
        assert!(m.ends_with(&format!("found a JSON {kind}")), "{input}: {m}");
    }
    // A doubly encoded series is a JSON string, not a series document.
    let m = err_msg(text(r#""{\"2020-01-01T00:00:00Z\": 1}""#, DataType::Series));
    assert!(m.ends_with("found a JSON string"), "{m}");
    // A JSON string value from an adapter is read like text.
    let m = err_msg(js(json!("hello"), DataType::Series));
    assert!(m.contains(r#"not JSON ("hello")"#), "{m}");
    // Long text is cut in the message.
    let m = err_msg(text(&"x".repeat(10_000), DataType::Series));
    assert!(m.len() < 300 && m.ends_with("…)"), "{m}");
}

#[test]
fn series_text_carrying_json_still_parses() {
    // hetida wirings carry the series as a string containing JSON.
    let s = series(js(
        json!("{\"2020-01-01T00:00:00Z\": 1, \"2020-01-02T00:00:00Z\": 2.5}"),
        DataType::Series,
    ));
    assert_eq!(dts(&s.index), (vec![Y2020, Y2020 + DAY], Tz::Utc));
    assert_eq!(floats(&s.values), vec![1.0, 2.5]);
    let s = series(text(r#"{"a": "x", "b": "y"}"#, DataType::Series));
    assert_eq!(strs(&s.values), vec![Some("x".into()), Some("y".into())]);
    let s = series(text(r#" ["2020-01-01"] "#, DataType::Series));
    assert_eq!(dts(&s.values), (vec![Y2020], Tz::Naive));
    assert_eq!(series(text("null", DataType::Series)).len(), 0);
}

#[test]
fn series_wrapped() {
    let input = r#"{"__hd_wrapped_data_object__": "SERIES",
            "__metadata__": {"unit": "K"},
            "__data__": {"name": "temp",
                         "index": ["2024-01-01T00:00:00.000Z", "2024-01-01T00:00:00.000Z"],
                         "data": [290.1, 290.4]},
            "__data_parsing_options__": {"orient": "split"}}"#;
    let v = text(input, DataType::Series).unwrap();
    let Value::Series(s) = &v else { panic!() };
    let t2024 = 1_704_067_200_000_000_000;
    assert_eq!(dts(&s.index), (vec![t2024, t2024], Tz::Utc));
    assert_eq!(floats(&s.values), vec![290.1, 290.4]);
    assert_eq!(s.name.as_deref(), Some("temp"));
    assert_eq!(s.attrs.get("unit"), Some(&json!("K")));
    // Duplicates survive the round trip.
    assert_eq!(
        out(&v),
        concat!(
            r#"{"__hd_wrapped_data_object__":"SERIES","__metadata__":{"unit":"K"},"#,
            r#""__data__":{"name":"temp","index":["2024-01-01T00:00:00.000Z","2024-01-01T00:00:00.000Z"],"data":[290.1,290.4]},"#,
            r#""__data_parsing_options__":{"orient":"split"}}"#
        )
    );
    // Our own output parses back to the same value.
    assert_eq!(text(&out(&v), DataType::Series).unwrap(), v);
    // Wrapped list data without options.
    let s = series(text(
        r#"{"__hd_wrapped_data_object__": "SERIES", "__metadata__": {"test": 43}, "__data__": [1.2, 3.7, 8.9]}"#,
        DataType::Series,
    ));
    assert_eq!(floats(&s.values), vec![1.2, 3.7, 8.9]);
    assert_eq!(ints(&s.index), vec![0, 1, 2]);
    assert_eq!(s.attrs.get("test"), Some(&json!(43)));
    // Split with integer index and NaN.
    let s = series(text(
        r#"{"__hd_wrapped_data_object__":"SERIES","__metadata__":{},"__data__":{"name":null,"index":[3,1],"data":[null,2.5]},"__data_parsing_options__":{"orient":"split"}}"#,
        DataType::Series,
    ));
    assert_eq!(ints(&s.index), vec![3, 1]);
    assert!(same_floats(&floats(&s.values), &[f64::NAN, 2.5]));
    // Errors inside wrapped split data.
    assert!(err_msg(text(
            r#"{"__hd_wrapped_data_object__":"SERIES","__metadata__":{},"__data__":{"index":[1],"data":[1,2]},"__data_parsing_options__":{"orient":"split"}}"#,
            DataType::Series
        ))
        .starts_with(PANDAS_FAIL));
    assert!(err_msg(text(
            r#"{"__hd_wrapped_data_object__":"SERIES","__metadata__":{},"__data__":{"x":[1],"data":[1]},"__data_parsing_options__":{"orient":"split"}}"#,
            DataType::Series
        ))
        .contains("unexpected key(s): x"));
}

#[test]
fn series_wrapped_marker_quirks() {
    // Q12: a string with the wrong marker is parsed as plain data.
    let input =
        r#"{"__hd_wrapped_data_object__": "DATAFRAME", "__metadata__": {}, "__data__": [1, 2]}"#;
    let s = series(text(input, DataType::Series));
    assert_eq!(
        strs(&s.index),
        vec![
            Some("__hd_wrapped_data_object__".into()),
            Some("__metadata__".into()),
            Some("__data__".into())
        ]
    );
    assert_eq!(
        strs(&s.values),
        vec![
            Some("DATAFRAME".into()),
            Some("{}".into()),
            Some("[1,2]".into())
        ]
    );
    // A non-string value is unwrapped whatever its marker.
    let s = series(js(serde_json::from_str(input).unwrap(), DataType::Series));
    assert_eq!(ints(&s.values), vec![1, 2]);
    // Missing metadata → not wrapped.
    let s = series(text(
        r#"{"__hd_wrapped_data_object__": "SERIES", "__data__": [1, 2]}"#,
        DataType::Series,
    ));
    assert_eq!(s.len(), 2);
    assert_eq!(s.index.kind(), ColumnKind::Str);
}

#[test]
fn fast_path_matches_general_path() {
    let mut s = String::from("{");
    for i in 0..1000i64 {
        if i > 0 {
            s.push(',');
        }
        let ts = crate::value::timestamp::format_iso_ms(Y2020 + i * 60_000_000_000, true);
        let v = if i % 7 == 0 {
            "null".to_string()
        } else {
            format!("{}", i as f64 * 0.5)
        };
        s.push_str(&format!("\"{ts}\": {v}"));
    }
    s.push('}');
    let fast = fast::series_from_text(&s).expect("fast path");
    let general = series_from_json(&serde_json::from_str(&s).unwrap(), None).unwrap();
    assert_eq!(fast, general);
    assert_eq!(fast.index.tz, Tz::Utc);
    assert!(fast.values.f64_values().unwrap()[0].is_nan());
    // Integral values → ints on both paths.
    let s = r#"{"2020-01-01T00:00:00": 1.0, "2020-01-01T00:00:01": -2}"#;
    let fast = fast::series_from_text(s).expect("fast path");
    assert_eq!(
        fast,
        series_from_json(&serde_json::from_str(s).unwrap(), None).unwrap()
    );
    assert_eq!(ints(&fast.values), vec![1, -2]);
    assert_eq!(fast.index.tz, Tz::Naive);
    // Escaped keys are fine.
    let s = r#"{"2020-01-01T00:00:00\u005a": 1}"#;
    assert_eq!(
        dts(&fast::series_from_text(s).unwrap().index),
        (vec![Y2020], Tz::Utc)
    );
    // Things the fast path leaves to the general path.
    for s in [
        "{}",
        "[1]",
        r#"{"a": 1}"#,
        r#"{"2020-01-01T00:00:00Z": "x"}"#,
        r#"{"2020-01-01T00:00:00Z": true}"#,
        r#"{"2020-01-02T00:00:00Z": 1, "2020-01-01T00:00:00Z": 1}"#,
        r#"{"2020-01-01T00:00:00Z": 1, "2020-01-02T00:00:00": 1}"#,
        r#"{"2020-01-01T00:00:00Z": 1} x"#,
    ] {
        assert!(fast::series_from_text(s).is_none(), "{s}");
    }
}

#[test]
fn large_series_parses() {
    let n = 100_000i64;
    let mut s = String::with_capacity(40 * n as usize);
    s.push('{');
    for i in 0..n {
        if i > 0 {
            s.push_str(", ");
        }
        s.push('"');
        crate::value::timestamp::write_iso_ms(&mut s, Y2020 + i * 1_000_000_000, true);
        s.push_str("\": 1.5");
    }
    s.push('}');
    let start = std::time::Instant::now();
    let v = series(text(&s, DataType::Series));
    let parse_time = start.elapsed();
    assert_eq!(v.len(), n as usize);
    assert_eq!(dts(&v.index).0[99_999], Y2020 + 99_999 * 1_000_000_000);
    let start = std::time::Instant::now();
    let encoded = out(&Value::Series(v));
    let encode_time = start.elapsed();
    assert!(encoded.ends_with(r#"1.5,1.5]},"__data_parsing_options__":{"orient":"split"}}"#));
    eprintln!("100k series: parse {parse_time:?}, encode {encode_time:?}");
}

#[test]
fn epoch_edge_cases() {
    // Float labels too large for any epoch unit stay floats.
    let s = series(text(
        r#"{"__hd_wrapped_data_object__":"SERIES","__metadata__":{},"__data__":{"index":[1e300,2e300],"data":[1,2]},"__data_parsing_options__":{"orient":"split"}}"#,
        DataType::Series,
    ));
    assert_eq!(floats(&s.index), vec![1e300, 2e300]);
    // Float epoch seconds in a date-named frame column, NaN → NaT.
    let f = frame(text(
        r#"{"timestamp": [1577836800.5, null], "v": [1, 2]}"#,
        DataType::DataFrame,
    ));
    assert_eq!(
        f.columns["timestamp"].datetime_ns_opt().unwrap(),
        vec![Some(Y2020 + 500_000_000), None]
    );
    // Integer labels given as JSON numbers in split form.
    let s = series(text(
        r#"{"__hd_wrapped_data_object__":"SERIES","__metadata__":{},"__data__":{"index":[1577836800000,1577836801000],"data":[1,2]},"__data_parsing_options__":{"orient":"split"}}"#,
        DataType::Series,
    ));
    assert_eq!(
        dts(&s.index),
        (vec![Y2020, Y2020 + 1_000_000_000], Tz::Naive)
    );
}

// ----- frames --------------------------------------------------------------------

#[test]
fn dataframe_wrapped_golden() {
    // §12.7 case 6.
    let v = text(
            r#"{"__hd_wrapped_data_object__": "DATAFRAME", "__metadata__": {"test": 43}, "__data__": {"a": [2.3, 2.4, 2.5], "b": ["t", "t", "k"]} }"#,
            DataType::DataFrame,
        )
        .unwrap();
    assert_eq!(
        out(&v),
        concat!(
            r#"{"__hd_wrapped_data_object__":"DATAFRAME","__metadata__":{"test":43},"#,
            r#""__data__":{"a":{"0":2.3,"1":2.4,"2":2.5},"b":{"0":"t","1":"t","2":"k"}}}"#
        )
    );
    // Round trip of our own output.
    assert_eq!(text(&out(&v), DataType::DataFrame).unwrap(), v);
}

#[test]
fn dataframe_plain_forms() {
    // Column orient with dicts: index = union in order of first appearance.
    let f = frame(text(
        r#"{"a": {"x": 1, "y": 2}, "b": {"y": 3, "z": 4.5}}"#,
        DataType::DataFrame,
    ));
    assert_eq!(
        strs(&f.index),
        vec![Some("x".into()), Some("y".into()), Some("z".into())]
    );
    assert!(same_floats(&floats(&f.columns["a"]), &[1.0, 2.0, f64::NAN]));
    assert!(same_floats(&floats(&f.columns["b"]), &[f64::NAN, 3.0, 4.5]));
    // Records.
    let f = frame(text(
        r#"[{"a": 1, "b": "x"}, {"a": 2}]"#,
        DataType::DataFrame,
    ));
    assert_eq!(ints(&f.index), vec![0, 1]);
    assert_eq!(ints(&f.columns["a"]), vec![1, 2]);
    assert_eq!(strs(&f.columns["b"]), vec![Some("x".into()), None]);
    // Lists of lists.
    let f = frame(text("[[1, true], [2, false]]", DataType::DataFrame));
    assert_eq!(f.columns.keys().collect::<Vec<_>>(), vec!["0", "1"]);
    assert_eq!(f.columns["1"].kind(), ColumnKind::Bool);
    // Scalars broadcast next to lists.
    let f = frame(text(r#"{"a": [1, 2], "b": "k"}"#, DataType::DataFrame));
    assert_eq!(
        strs(&f.columns["b"]),
        vec![Some("k".into()), Some("k".into())]
    );
    // Datetime row labels in column orient.
    let f = frame(text(
        r#"{"v": {"2020-01-01T00:00:00Z": 1, "2020-01-02T00:00:00Z": 2}}"#,
        DataType::DataFrame,
    ));
    assert_eq!(dts(&f.index), (vec![Y2020, Y2020 + DAY], Tz::Utc));
    // Empty frames.
    for s in ["{}", "[]"] {
        let f = frame(text(s, DataType::DataFrame));
        assert_eq!(f.height(), 0);
        assert!(f.columns.is_empty());
    }
}

#[test]
fn dataframe_date_columns_by_name() {
    let f = frame(text(
        r#"{"timestamp": ["2020-01-01T00:00:00Z"], "created_at": [1577836800000],
                "Modified": ["2020-01-01"], "value": ["2020-01-01T00:00:00Z"], "n": [1577836800]}"#,
        DataType::DataFrame,
    ));
    assert_eq!(dts(&f.columns["timestamp"]), (vec![Y2020], Tz::Utc));
    assert_eq!(dts(&f.columns["created_at"]), (vec![Y2020], Tz::Naive));
    assert_eq!(dts(&f.columns["Modified"]), (vec![Y2020], Tz::Naive));
    assert_eq!(
        strs(&f.columns["value"]),
        vec![Some("2020-01-01T00:00:00Z".into())]
    );
    assert_eq!(ints(&f.columns["n"]), vec![1_577_836_800]);
    // Small numbers in a date-named column stay numbers.
    let f = frame(text(r#"{"end_time": [1, 2]}"#, DataType::DataFrame));
    assert_eq!(ints(&f.columns["end_time"]), vec![1, 2]);
    // Output: aware datetime column with Z, naive without.
    let v = text(
        r#"{"timestamp": ["2020-01-01T00:00:00+01:00"], "date": ["2020-01-01T00:00:00.5"]}"#,
        DataType::DataFrame,
    )
    .unwrap();
    assert!(out(&v).contains(
        r#"{"timestamp":{"0":"2019-12-31T23:00:00.000Z"},"date":{"0":"2020-01-01T00:00:00.500"}}"#
    ));
}

#[test]
fn dataframe_orients() {
    let f = frame(text(
        r#"{"__hd_wrapped_data_object__": "DATAFRAME", "__metadata__": {},
                "__data__": {"columns": ["a", "b"], "index": ["r1", "r2"], "data": [[1, "x"], [2, "y"]]},
                "__data_parsing_options__": {"orient": "split"}}"#,
        DataType::DataFrame,
    ));
    assert_eq!(strs(&f.index), vec![Some("r1".into()), Some("r2".into())]);
    assert_eq!(ints(&f.columns["a"]), vec![1, 2]);
    assert_eq!(
        strs(&f.columns["b"]),
        vec![Some("x".into()), Some("y".into())]
    );
    let f = frame(text(
        r#"{"__hd_wrapped_data_object__": "DATAFRAME", "__metadata__": {},
                "__data__": {"1": {"a": 1.5}, "2": {"a": 2.5, "b": true}},
                "__data_parsing_options__": {"orient": "index"}}"#,
        DataType::DataFrame,
    ));
    assert_eq!(ints(&f.index), vec![1, 2]);
    assert_eq!(floats(&f.columns["a"]), vec![1.5, 2.5]);
    assert!(same_floats(&floats(&f.columns["b"]), &[f64::NAN, 1.0]));
    let f = frame(text(
        r#"{"__hd_wrapped_data_object__": "DATAFRAME", "__metadata__": {},
                "__data__": [{"a": 1}, {"a": 2}],
                "__data_parsing_options__": {"orient": "records"}}"#,
        DataType::DataFrame,
    ));
    assert_eq!(ints(&f.columns["a"]), vec![1, 2]);
    assert!(err_msg(text(
        r#"{"__hd_wrapped_data_object__": "DATAFRAME", "__metadata__": {},
                "__data__": {"columns": ["a"], "data": [[1, 2]]},
                "__data_parsing_options__": {"orient": "split"}}"#,
        DataType::DataFrame
    ))
    .contains("1 columns passed, passed data had 2 columns"));
}

#[test]
fn dataframe_errors() {
    for (input, reason) in [
        (
            r#"{"a": [1, 2], "b": [1]}"#,
            "All arrays must be of the same length",
        ),
        (
            r#"{"a": 1, "b": 2}"#,
            "If using all scalar values, you must pass an index",
        ),
        (
            r#"{"a": {"x": 1}, "b": [1]}"#,
            "Mixing dicts with non-Series",
        ),
        ("abc", "DataFrame constructor not properly called!"),
        ("5", "DataFrame constructor not properly called!"),
    ] {
        let m = err_msg(text(input, DataType::DataFrame));
        assert!(m.starts_with(PANDAS_FAIL), "{m}");
        assert!(m.contains(reason), "{m}");
    }
    assert!(err_msg(js(json!(5), DataType::DataFrame)).contains("unexpected type"));
    assert_eq!(
        err_msg(js(Json::Null, DataType::DataFrame)),
        NONE_NOT_ALLOWED
    );
}

// ----- MULTITSFRAME --------------------------------------------------------------

#[test]
fn multitsframe_golden() {
    // §12.7 case 7.
    let v = text(
            r#"{"__hd_wrapped_data_object__": "DATAFRAME", "__metadata__": {"test": 44},
                "__data__": {"timestamp": ["2023-01-01T00:00:00+00:00"], "metric": ["mymetric"], "value": [1.7]}}"#,
            DataType::MultiTsFrame,
        )
        .unwrap();
    assert_eq!(
        out(&v),
        concat!(
            r#"{"__hd_wrapped_data_object__":"DATAFRAME","__metadata__":{"test":44},"#,
            r#""__data__":{"timestamp":{"0":"2023-01-01T00:00:00.000Z"},"metric":{"0":"mymetric"},"value":{"0":1.7}}}"#
        )
    );
}

#[test]
fn multitsframe_sorts_stably_keeping_labels() {
    let f = frame(text(
        r#"{"timestamp": ["2024-01-01T00:05:00Z", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z"],
                "metric": ["temp", "temp", "press"], "value": [21.7, 21.5, 1.013]}"#,
        DataType::MultiTsFrame,
    ));
    let t = 1_704_067_200_000_000_000;
    assert_eq!(ints(&f.index), vec![1, 2, 0]);
    assert_eq!(
        dts(&f.columns["timestamp"]),
        (vec![t, t, t + 300_000_000_000], Tz::Utc)
    );
    assert_eq!(
        strs(&f.columns["metric"]),
        vec![
            Some("temp".into()),
            Some("press".into()),
            Some("temp".into())
        ]
    );
    assert_eq!(floats(&f.columns["value"]), vec![21.5, 1.013, 21.7]);
    assert!(out(&Value::Frame(f)).contains(
        r#""metric":{"1":"temp","2":"press","0":"temp"},"value":{"1":21.5,"2":1.013,"0":21.7}"#
    ));
}

#[test]
fn multitsframe_shapes() {
    // Zero columns → empty long frame.
    let f = frame(text("{}", DataType::MultiTsFrame));
    assert_eq!(
        f.columns.keys().collect::<Vec<_>>(),
        vec!["timestamp", "metric", "value"]
    );
    assert_eq!(f.columns["timestamp"].tz, Tz::Utc);
    // Zero rows: timestamp becomes UTC datetimes.
    let f = frame(text(
        r#"{"timestamp": [], "metric": [], "value": []}"#,
        DataType::MultiTsFrame,
    ));
    assert_eq!(dts(&f.columns["timestamp"]), (vec![], Tz::Utc));
    // Numeric metrics become strings; extra columns are kept.
    let f = frame(text(
        r#"{"timestamp": ["2020-01-01T00:00:00Z"], "metric": [7], "value": [1], "extra": ["e"]}"#,
        DataType::MultiTsFrame,
    ));
    assert_eq!(strs(&f.columns["metric"]), vec![Some("7".into())]);
    assert_eq!(f.columns.len(), 4);
}

#[test]
fn multitsframe_errors() {
    let e = |s: &str| err_msg(text(s, DataType::MultiTsFrame));
    assert_eq!(
        e(r#"{"a": [1], "b": [2]}"#),
        "MultiTSFrame requires at least 3 columns: metric, timestamp and at least one \
             additional columns. Only found Index(['a', 'b'], dtype='object')"
    );
    assert_eq!(
        e(r#"{"timestamp": ["2020-01-01T00:00:00Z"], "a": [1], "b": [2]}"#),
        "The column names timestamp, a, b don't contain required columns \"timestamp\" \
             and \"metric\" for a MultiTSFrame."
    );
    assert_eq!(
        e(r#"{"timestamp": ["2020-01-01T00:00:00Z"], "metric": [null], "value": [1]}"#),
        "No null values are allowed for the column 'metric' of a MulitTSFrame."
    );
    assert_eq!(
        e(r#"{"timestamp": [null], "metric": ["m"], "value": [1]}"#),
        "No null values are allowed for the column 'timestamp' of a MulitTSFrame."
    );
    assert_eq!(
        e(r#"{"timestamp": ["2020-01-01T00:00:00"], "metric": ["m"], "value": [1]}"#),
        "Column 'timestamp' of MultiTSFrame does not have DatetimeTZDtype dtype. \
             Got datetime64[ns] index dtype instead."
    );
    // Epoch numbers become naive datetimes and are rejected too.
    assert!(
        e(r#"{"timestamp": [1577836800000], "metric": ["m"], "value": [1]}"#)
            .contains("does not have DatetimeTZDtype dtype")
    );
    assert!(e(r#"{"timestamp": ["x"], "metric": ["m"], "value": [1]}"#)
        .contains("Got object index dtype"));
    assert_eq!(
        e(r#"{"timestamp": ["2020-01-01T00:00:00+01:00"], "metric": ["m"], "value": [1]}"#),
        "Column 'timestamp' of MultiTSFrame does not have UTC timezone. \
             Got UTC+01:00 timezone instead."
    );
}

/// Python's `json.loads` rounds decimal text correctly; serde_json does so only with its
/// `float_roundtrip` feature (otherwise `123456789.12345679` comes out one ulp off).
#[test]
fn floats_are_read_correctly_rounded_as_python_reads_them() {
    let v = parse(
        Raw::Text(Cow::Borrowed("[123456789.12345679, 9007199254740993.0]")),
        DataType::Any,
    )
    .unwrap();
    let Value::Json(Json::Array(items)) = v else {
        panic!("{v:?}")
    };
    assert_eq!(items[0].as_f64(), Some(123_456_789.123_456_79));
    assert_eq!(items[1].as_f64(), Some(9_007_199_254_740_992.0));
}
