//! Criterion benchmarks of the elementwise kernels, run the way the engine runs them:
//! components looked up in [`Registry::builtin`] by hetida id and called through
//! [`Component::run`] with shared inputs.
//!
//! Data: 1,000,000-point float series on a UTC datetime index (one point per second);
//! the misaligned case adds a second series whose timestamps lie half a second after the
//! first one's, so the outer join yields 2,000,000 rows.
//!
//! `cargo bench -p rheo-components --bench elementwise`

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rheo_components::Registry;
use rheo_core::component::{Component, Inputs};
use rheo_core::value::{Column, SeriesValue, Tz};
use rheo_core::Value;
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

const N: usize = 1_000_000;
const T0: i64 = 1_577_836_800_000_000_000; // 2020-01-01T00:00:00Z
const SEC: i64 = 1_000_000_000;

const ADD: &str = "2abf72f6-68c9-7398-7175-165d31b3ced7";
const MULTIPLY: &str = "0438da97-f524-4a68-28c9-a88c81aa2c63";
const DIVIDE: &str = "6d510037-229e-8e85-56f3-4a3797fdf315";
const GREATER: &str = "e6918e9e-aaaf-6f84-175a-fc2ac03ed85d";
const SINE: &str = "2cc88d07-b151-dc5b-d4c4-cfd95a043de3";

fn series(offset_ns: i64, f: impl Fn(usize) -> f64) -> Arc<Value> {
    let index = (0..N as i64).map(|i| T0 + offset_ns + i * SEC).collect();
    Arc::new(Value::Series(SeriesValue::new(
        Column::from_datetime_ns(index, Tz::Utc),
        Column::from_f64((0..N).map(f).collect()),
    )))
}

fn inputs(pairs: &[(&str, &Arc<Value>)]) -> Inputs {
    let mut i = Inputs::new();
    for (k, v) in pairs {
        i.insert(*k, Arc::clone(v));
    }
    i
}

fn bench(c: &mut Criterion) {
    let reg = Registry::builtin();
    let get = |id: &str| Arc::clone(reg.get(id).expect("registered component"));
    let a = series(0, |i| (i % 1000) as f64 * 0.5 + 1.0);
    let b = series(0, |i| ((i * 7) % 113) as f64 + 0.25);
    let shifted = series(SEC / 2, |i| ((i * 7) % 113) as f64 + 0.25);
    let scalar = Arc::new(Value::Float(2.5));

    let mut g = c.benchmark_group("elementwise_1M");
    g.sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .throughput(Throughput::Elements(N as u64));

    let cases: Vec<(&str, Arc<dyn Component>, Inputs)> = vec![
        ("add_aligned", get(ADD), inputs(&[("a", &a), ("b", &b)])),
        (
            "multiply_aligned",
            get(MULTIPLY),
            inputs(&[("a", &a), ("b", &b)]),
        ),
        (
            "divide_aligned",
            get(DIVIDE),
            inputs(&[("a", &a), ("b", &b)]),
        ),
        ("add_scalar", get(ADD), inputs(&[("a", &a), ("b", &scalar)])),
        (
            "greater_aligned",
            get(GREATER),
            inputs(&[("left", &a), ("right", &b)]),
        ),
        ("sine", get(SINE), inputs(&[("data", &a)])),
        (
            "add_misaligned_outer_join",
            get(ADD),
            inputs(&[("a", &a), ("b", &shifted)]),
        ),
    ];
    for (name, comp, inp) in &cases {
        // Fail loudly (not silently fast) if a case errors.
        comp.run(inp).expect("benchmark case runs");
        g.bench_with_input(BenchmarkId::from_parameter(name), inp, |bch, inp| {
            bch.iter(|| black_box(comp.run(black_box(inp)).expect("runs")))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
