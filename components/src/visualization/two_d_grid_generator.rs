//! 2D Grid Generator (`096c6181-4ba5-0ee7-361a-3c32eee8c0c2`): a regular n × n grid of
//! x/y coordinates as series (helper for contour plots; no figure).

use crate::kernels::limits;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, SeriesValue};
use rheo_core::{ComponentError, DataType, Value};
use std::sync::Arc;

/// Identity and ports of 2D Grid Generator 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "096c6181-4ba5-0ee7-361a-3c32eee8c0c2",
    revision_group_id: "096c6181-4ba5-0ee7-361a-3c32eee8c0c2",
    name: "2D Grid Generator",
    category: "Visualization",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Generates 2 dimensional grids",
    inputs: &[
        PortSpec::new(
            "x_min",
            "4ef2610a-4321-004c-aee8-5cbf87ac1a49",
            DataType::Float,
        ),
        PortSpec::new(
            "x_max",
            "02a7f8f6-0fb5-5a65-12d7-a21d61cdd271",
            DataType::Float,
        ),
        PortSpec::new(
            "y_min",
            "b3492592-b3e8-caaa-a4d4-4670d110d7f0",
            DataType::Float,
        ),
        PortSpec::new(
            "y_max",
            "80fb9d9d-d926-8cb6-6a41-777ba806f6ea",
            DataType::Float,
        ),
        PortSpec::new("n", "64245bba-7e81-ef0a-941d-2f9b5b43d044", DataType::Int),
    ],
    outputs: &[
        PortSpec::new(
            "x_values",
            "597905f3-db79-f46b-db04-dc22cdadf449",
            DataType::Series,
        ),
        PortSpec::new(
            "y_values",
            "38be3a38-8761-fc80-cab0-da2c12f4a9c8",
            DataType::Series,
        ),
        PortSpec::new(
            "x_indices",
            "474c27a3-df58-7b9f-ff7e-d57a2e416fb9",
            DataType::Series,
        ),
        PortSpec::new(
            "y_indices",
            "0e368818-fdfb-6796-a463-8bd9d5ff03e5",
            DataType::Series,
        ),
    ],
};

/// 2D Grid Generator as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// numpy `linspace(start, stop, n)` with endpoint: `start + i * step` with
/// `step = (stop - start) / (n - 1)` and the last value exactly `stop`; when the step is
/// zero (or underflows), `i / (n - 1) * (stop - start) + start`.
pub fn linspace(start: f64, stop: f64, n: usize) -> Vec<f64> {
    if n == 0 {
        return Vec::new();
    }
    if n == 1 {
        return vec![start];
    }
    let div = (n - 1) as f64;
    let delta = stop - start;
    let step = delta / div;
    let mut out: Vec<f64> = if step == 0.0 {
        (0..n).map(|i| (i as f64 / div) * delta + start).collect()
    } else {
        (0..n).map(|i| i as f64 * step + start).collect()
    };
    out[n - 1] = stop;
    out
}

fn named(values: Vec<f64>, name: &str) -> Value {
    let n = values.len();
    let mut s = SeriesValue::new(Column::range(n), Column::from_f64(values));
    s.name = Some(name.to_string());
    Value::Series(s)
}

/// 2D Grid Generator: `xs = linspace(x_min, x_max, n)`, `ys = linspace(y_min, y_max, n)`
/// (numpy semantics, see [`linspace`]); outputs
///
/// * `x_values` / `y_values`: the n × n mesh flattened row by row with **y varying slowest**
///   (for each y all x), float series named `"x"` / `"y"` on the index `0..n²`;
/// * `x_indices` / `y_indices`: `xs` / `ys` themselves, named `"x"` / `"y"`, index `0..n`.
///
/// `n = 0` gives empty series, `n = 1` the minima. Errors: negative `n` raises numpy's
/// `ValueError("Number of samples, <n>, must be non-negative.")`.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let x_min = inputs.float("x_min")?;
    let x_max = inputs.float("x_max")?;
    let y_min = inputs.float("y_min")?;
    let y_max = inputs.float("y_max")?;
    let n = inputs.int("n")?;
    let n = usize::try_from(n).map_err(|_| {
        ComponentError::value_error(format!("Number of samples, {n}, must be non-negative."))
    })?;
    let total = limits::within("the grid", (n as u128) * (n as u128), limits::MAX_ELEMENTS)?;
    let xs = linspace(x_min, x_max, n);
    let ys = linspace(y_min, y_max, n);
    let mut xx = Vec::with_capacity(total);
    let mut yy = Vec::with_capacity(total);
    for &y in &ys {
        xx.extend_from_slice(&xs);
        yy.extend(std::iter::repeat_n(y, n));
    }
    let mut out = Outputs::single("x_values", named(xx, "x"));
    out.insert("y_values", Arc::new(named(yy, "y")));
    out.insert("x_indices", Arc::new(named(xs, "x")));
    out.insert("y_indices", Arc::new(named(ys, "y")));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(x0: f64, x1: f64, y0: f64, y1: f64, n: i64) -> Result<Outputs, ComponentError> {
        let mut i = Inputs::new();
        i.insert("x_min", Arc::new(Value::Float(x0)));
        i.insert("x_max", Arc::new(Value::Float(x1)));
        i.insert("y_min", Arc::new(Value::Float(y0)));
        i.insert("y_max", Arc::new(Value::Float(y1)));
        i.insert("n", Arc::new(Value::Int(n)));
        super::run(&i)
    }

    fn parts(out: &Outputs, name: &str) -> (Option<String>, Vec<i64>, Vec<f64>) {
        let Value::Series(s) = out[name].as_ref() else {
            panic!("not a series")
        };
        (
            s.name.clone(),
            s.index.i64_values().unwrap().into_owned(),
            s.values.f64_values().unwrap().into_owned(),
        )
    }

    #[test]
    fn mesh_is_row_major_with_y_slowest() {
        let out = run(0.0, 1.0, 10.0, 20.0, 3).unwrap();
        assert_eq!(
            out.keys().copied().collect::<Vec<_>>(),
            ["x_values", "y_values", "x_indices", "y_indices"]
        );
        let (name, idx, xv) = parts(&out, "x_values");
        assert_eq!(name.as_deref(), Some("x"));
        assert_eq!(idx, (0..9).collect::<Vec<_>>());
        assert_eq!(xv, [0.0, 0.5, 1.0, 0.0, 0.5, 1.0, 0.0, 0.5, 1.0]);
        let (name, _, yv) = parts(&out, "y_values");
        assert_eq!(name.as_deref(), Some("y"));
        assert_eq!(yv, [10.0, 10.0, 10.0, 15.0, 15.0, 15.0, 20.0, 20.0, 20.0]);
        let (_, idx, xs) = parts(&out, "x_indices");
        assert_eq!(idx, [0, 1, 2]);
        assert_eq!(xs, [0.0, 0.5, 1.0]);
        assert_eq!(parts(&out, "y_indices").2, [10.0, 15.0, 20.0]);
    }

    #[test]
    fn edge_sizes_and_errors() {
        let out = run(2.0, 5.0, -1.0, 1.0, 1).unwrap();
        assert_eq!(parts(&out, "x_values").2, [2.0]);
        assert_eq!(parts(&out, "y_values").2, [-1.0]);
        let out = run(0.0, 1.0, 0.0, 1.0, 0).unwrap();
        assert!(parts(&out, "x_values").2.is_empty());
        assert!(parts(&out, "y_indices").1.is_empty());
        let e = run(0.0, 1.0, 0.0, 1.0, -1).unwrap_err();
        assert_eq!(e.type_name, "ValueError");
        assert_eq!(e.message, "Number of samples, -1, must be non-negative.");
        // NaN bounds propagate; the endpoint is stop exactly.
        let xs = linspace(0.0, f64::NAN, 3);
        assert!(xs.iter().all(|x| x.is_nan()));
        assert_eq!(linspace(0.0, 0.3, 4)[3], 0.3);
        assert_eq!(linspace(1.0, 1.0, 3), [1.0, 1.0, 1.0]);
        assert_eq!(linspace(1.0, 0.0, 5), [1.0, 0.75, 0.5, 0.25, 0.0]);
    }
}
