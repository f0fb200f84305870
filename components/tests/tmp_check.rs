use rheo_components::Registry;
use rheo_core::component::Inputs;
use rheo_core::value::timestamp::parse_iso8601;
use rheo_core::value::{Column, SeriesValue, Tz};
use rheo_core::Value;
use serde_json::{Map, Value as Json};
use std::sync::Arc;
#[test]
fn tmp() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../transformations/workflows/examples/univariate-linear-rul-regression-example_100_806df1b9-2fc8-4463-943f-3d258c569663.json")).unwrap();
    let raw: Json = serde_json::from_str(&text).unwrap();
    let s = raw["test_wiring"]["input_wirings"][0]["filters"]["value"]
        .as_str()
        .unwrap();
    let series: Map<String, Json> = serde_json::from_str(s).unwrap();
    let (ts, ys): (Vec<i64>, Vec<f64>) = series
        .iter()
        .map(|(k, v)| (parse_iso8601(k).unwrap().ns, v.as_f64().unwrap()))
        .unzip();
    let base = Arc::new(Value::Series(SeriesValue::new(
        Column::from_datetime_ns(ts, Tz::Utc),
        Column::from_f64(ys),
    )));
    let reg = Registry::builtin();
    let mut i = Inputs::new();
    i.insert("num_pred_series_future_days", Arc::new(Value::Int(30)));
    i.insert("pred_series_frequency", Arc::new(Value::Str("5min".into())));
    i.insert("timeseries", base.clone());
    i.insert("limit", Arc::new(Value::Float(1.3)));
    let c = reg.get("8d61a267-3a71-51cd-2817-48c320469d6b").unwrap();
    let p = reg.get("9c3f88ce-1311-241e-18b7-acf7d3f5a051").unwrap();
    let out = c.run(&i).unwrap();
    eprintln!(
        "{:?} {:?} {:?}",
        out["intercept"], out["slope"], out["limit_violation_prediction_timestamp"]
    );
    let n = 2000;
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(c.run(&i).unwrap());
    }
    eprintln!("rul: {:?} per run", t.elapsed() / n);
    let mut pi = Inputs::new();
    pi.insert(
        "limit_violation_prediction_timestamp",
        out["limit_violation_prediction_timestamp"].clone(),
    );
    pi.insert("limit", Arc::new(Value::Float(1.3)));
    pi.insert("base_series", base);
    pi.insert("predictions", out["pred_series"].clone());
    let t = std::time::Instant::now();
    for _ in 0..200 {
        std::hint::black_box(p.run(&pi).unwrap());
    }
    eprintln!("plot: {:?} per run", t.elapsed() / 200);
}
