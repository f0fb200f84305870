//! Writing metrics with `prometheus-client`: the service's counters live in atomics next to
//! the code that updates them, and each holder implements [`Collector`] with these helpers,
//! so `/metrics` reads them at scrape time into one OpenMetrics text.

use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, NoLabelSet};
use prometheus_client::metrics::MetricType;
use prometheus_client::registry::Registry;
use std::fmt;

/// A counter `NAME_total` (give `name` without the suffix).
pub fn counter(enc: &mut DescriptorEncoder, name: &str, help: &str, value: u64) -> fmt::Result {
    let mut m = enc.encode_descriptor(name, help, None, MetricType::Counter)?;
    m.encode_counter::<NoLabelSet, _, u64>(&value, None)
}

/// A counter `NAME_total` with one label, one series per `(label value, count)`.
pub fn labelled_counter(
    enc: &mut DescriptorEncoder,
    (name, help, label): (&str, &str, &str),
    series: &[(&str, u64)],
) -> fmt::Result {
    let mut m = enc.encode_descriptor(name, help, None, MetricType::Counter)?;
    for (value, n) in series {
        let labels = [(label, *value)];
        m.encode_family(&labels)?
            .encode_counter::<NoLabelSet, _, u64>(n, None)?;
    }
    Ok(())
}

/// An integer gauge.
pub fn gauge(enc: &mut DescriptorEncoder, name: &str, help: &str, value: i64) -> fmt::Result {
    enc.encode_descriptor(name, help, None, MetricType::Gauge)?
        .encode_gauge(&value)
}

/// A float gauge.
pub fn float_gauge(enc: &mut DescriptorEncoder, name: &str, help: &str, value: f64) -> fmt::Result {
    enc.encode_descriptor(name, help, None, MetricType::Gauge)?
        .encode_gauge(&value)
}

/// A histogram from cumulative bucket counts (`cumulative[i]` observations were at most
/// `bounds[i]`), the total count and the sum.
pub fn histogram(
    enc: &mut DescriptorEncoder,
    (name, help): (&str, &str),
    bounds: &[f64],
    cumulative: &[u64],
    (count, sum): (u64, f64),
) -> fmt::Result {
    let mut buckets = Vec::with_capacity(bounds.len() + 1);
    let mut below = 0;
    for (b, c) in bounds.iter().zip(cumulative) {
        buckets.push((*b, c.saturating_sub(below)));
        below = *c;
    }
    buckets.push((f64::MAX, count.saturating_sub(below)));
    enc.encode_descriptor(name, help, None, MetricType::Histogram)?
        .encode_histogram::<NoLabelSet>(sum, count, &buckets, None)
}

/// The OpenMetrics text of `collectors`.
pub fn text(collectors: Vec<Box<dyn Collector>>) -> String {
    let mut registry = Registry::default();
    for c in collectors {
        registry.register_collector(c);
    }
    let mut out = String::new();
    // Writing to a String cannot fail; a collector's error would leave the text short.
    let _ = prometheus_client::encoding::text::encode(&mut out, &registry);
    out
}

/// The content type of [`text`].
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";
