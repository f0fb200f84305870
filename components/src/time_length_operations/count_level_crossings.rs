//! Count level crossings (`8b8046ec-0817-e314-936c-08e8c5116ef5`): cumulative number of
//! crossings of a level with a hysteresis band.

use crate::kernels::elementwise::numeric;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::json_out::python_float_repr;
use rheo_core::value::{Column, ColumnKind, SeriesValue};
use rheo_core::{ComponentError, DataType, Value};

/// Identity and ports of Count level crossings 1.0.0 (hetida's connector ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "8b8046ec-0817-e314-936c-08e8c5116ef5",
    revision_group_id: "8b8046ec-0817-e314-936c-08e8c5116ef5",
    name: "Count level crossings",
    category: "Time length operations",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Count the level crossings of the input data",
    inputs: &[
        PortSpec::new(
            "data",
            "a0f3bca5-399d-62b1-ff44-073e7078047b",
            DataType::Series,
        ),
        PortSpec::new(
            "level",
            "bf6756a7-4f17-65e7-c596-20b4fbbafd7b",
            DataType::Float,
        ),
        PortSpec::new(
            "hysteresis",
            "63620c80-9031-c0ac-a486-3b79d12d5385",
            DataType::Float,
        ),
        PortSpec::new(
            "edge_type",
            "4056d458-506e-9e1a-9d22-dc360d8c9284",
            DataType::Float,
        ),
    ],
    outputs: &[PortSpec::new(
        "result",
        "05d07635-bf66-9dea-3bcb-0d87e2ed02db",
        DataType::Series,
    )],
};

/// Count level crossings as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Count level crossings (intended behaviour, pandas < 2): each point gets the state +1
/// (value > level + hysteresis/2), −1 (value < level − hysteresis/2) or 0 (inside the band or
/// NaN); zero states are dropped and a crossing is a change between consecutive non-zero
/// states (+1 upward, −1 downward). `edge_type` > 0 counts upward, < 0 downward, 0 both
/// crossings. The output is an int64 series on the input index (name and attrs kept)
/// holding the cumulative count up to each point (0 before the first crossing).
///
/// Quirk kept from hetida's `crossings[0] = 0`: for a datetime (or string) index this sets
/// the first position; for an integer index it sets the **label** 0 — and appends a row
/// labelled 0 when there is none, in which case leading points before the first crossing
/// stay NaN and the int conversion fails with ValueError "Cannot convert non-finite values
/// (NA or inf) to integer".
///
/// Errors: fewer than 2 entries → ValueError "length of data must be greater than 1, it is
/// N"; negative hysteresis → ValueError "hysteresis must be non-negative, it is h"; an
/// unsorted index → ValueError "data must be sorted by its index"; non-numeric data →
/// TypeError.
///
/// Deviation: hetida 0.9.8 calls the removed `Index.is_monotonic` and fails for every valid
/// input; Rheo implements the intended behaviour.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let s = inputs.series("data")?;
    let level = inputs.float("level")?;
    let hysteresis = inputs.float("hysteresis")?;
    let edge_type = inputs.float("edge_type")?;
    let n = s.len();
    if n < 2 {
        return Err(ComponentError::value_error(format!(
            "length of data must be greater than 1, it is {n}"
        )));
    }
    if hysteresis < 0.0 {
        return Err(ComponentError::value_error(format!(
            "hysteresis must be non-negative, it is {}",
            python_float_repr(hysteresis)
        )));
    }
    if !is_monotonic(&s.index) {
        return Err(ComponentError::value_error(
            "data must be sorted by its index",
        ));
    }
    let v = numeric(&s.values, ">")?.to_f64().into_owned();
    let tol = hysteresis / 2.0;
    // Cumulative counts at crossing positions, NaN elsewhere.
    let mut counts = vec![f64::NAN; n];
    let mut prev_state = 0i8;
    let mut total = 0i64;
    for (i, &x) in v.iter().enumerate() {
        let state = i8::from(x > level + tol) - i8::from(x < level - tol);
        if state == 0 {
            continue;
        }
        if prev_state != 0 && state != prev_state {
            // NaN edge_type: neither `> 0` nor `< 0` → both directions.
            let counted = if edge_type > 0.0 {
                state == 1
            } else if edge_type < 0.0 {
                state == -1
            } else {
                true
            };
            if counted {
                total += 1;
                counts[i] = total as f64;
            }
        }
        prev_state = state;
    }
    let mut index = s.index.clone();
    if s.index.kind() == ColumnKind::Int {
        let labels = s.index.i64_values().unwrap_or_default().into_owned();
        let zeros: Vec<usize> = (0..n).filter(|&i| labels[i] == 0).collect();
        if zeros.is_empty() {
            let mut l = labels;
            l.push(0);
            index = Column::from_i64(l);
            counts.push(0.0);
        } else {
            for i in zeros {
                counts[i] = 0.0;
            }
        }
    } else {
        counts[0] = 0.0;
    }
    // fillna(method="pad") then astype(int64).
    let mut last = f64::NAN;
    let mut out = Vec::with_capacity(counts.len());
    for c in counts {
        if !c.is_nan() {
            last = c;
        }
        if last.is_nan() {
            return Err(ComponentError::value_error(
                "Cannot convert non-finite values (NA or inf) to integer",
            ));
        }
        out.push(last as i64);
    }
    Ok(Outputs::single(
        "result",
        Value::Series(SeriesValue {
            name: s.name.clone(),
            index,
            values: Column::from_i64(out),
            attrs: s.attrs.clone(),
        }),
    ))
}

/// pandas `Index.is_monotonic_increasing` (non-strict) for the index kinds Rheo has.
fn is_monotonic(index: &Column) -> bool {
    match index.kind() {
        ColumnKind::Datetime => index
            .datetime_ns_opt()
            .unwrap_or_default()
            .windows(2)
            .all(|w| matches!((w[0], w[1]), (Some(a), Some(b)) if a <= b)),
        ColumnKind::Int => index
            .i64_values()
            .unwrap_or_default()
            .windows(2)
            .all(|w| w[0] <= w[1]),
        ColumnKind::Float | ColumnKind::Bool => index
            .f64_values()
            .unwrap_or_default()
            .windows(2)
            .all(|w| w[0] <= w[1]),
        ColumnKind::Str => index
            .str_values()
            .unwrap_or_default()
            .windows(2)
            .all(|w| matches!((w[0], w[1]), (Some(a), Some(b)) if a <= b)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::{fs, run1};
    use crate::kernels::time_index::test_support::dts;
    use rheo_core::value::Tz;

    fn run(data: Value, level: f64, h: f64, e: f64) -> Result<Value, ComponentError> {
        run1(
            &COMPONENT,
            &[
                ("data", data),
                ("level", Value::Float(level)),
                ("hysteresis", Value::Float(h)),
                ("edge_type", Value::Float(e)),
            ],
        )
    }

    fn ints(v: &Value) -> Vec<i64> {
        let Value::Series(s) = v else { panic!() };
        s.values.i64_values().unwrap().into_owned()
    }

    fn example() -> Value {
        let labels: Vec<String> = (0..8)
            .map(|k| format!("2019-08-01T15:2{}:{}0", k / 6, k % 6))
            .collect();
        let refs: Vec<&str> = labels.iter().map(String::as_str).collect();
        dts(&refs, &[1.0, 7.0, 5.0, 4.0, 2.0, 5.0, 1.0, 8.0], Tz::Naive)
    }

    #[test]
    fn spec_example_all_up_down() {
        assert_eq!(
            ints(&run(example(), 5.0, 2.0, 0.0).unwrap()),
            vec![0, 1, 1, 1, 2, 2, 2, 3]
        );
        assert_eq!(
            ints(&run(example(), 5.0, 2.0, 1.0).unwrap()),
            vec![0, 1, 1, 1, 1, 1, 1, 2]
        );
        assert_eq!(
            ints(&run(example(), 5.0, 2.0, -1.0).unwrap()),
            vec![0, 0, 0, 0, 1, 1, 1, 1]
        );
    }

    #[test]
    fn nan_and_band_values_are_ignored() {
        let d = dts(
            &[
                "2020-01-01T00:00:00",
                "2020-01-01T00:01:00",
                "2020-01-01T00:02:00",
                "2020-01-01T00:03:00",
            ],
            &[f64::NAN, 9.0, f64::NAN, 0.0],
            Tz::Utc,
        );
        assert_eq!(ints(&run(d, 5.0, 0.0, 0.0).unwrap()), vec![0, 0, 0, 1]);
    }

    #[test]
    fn integer_index_uses_label_zero() {
        // label 0 present (first) → same as positional
        assert_eq!(
            ints(&run(fs(&[0, 1, 2], &[0.0, 9.0, 0.0]), 5.0, 0.0, 0.0).unwrap()),
            vec![0, 1, 2]
        );
        // no label 0, first crossing at the second point → leading NaN → int cast fails
        let e = run(fs(&[5, 6, 7], &[0.0, 9.0, 0.0]), 5.0, 0.0, 0.0).unwrap_err();
        assert!(e.message.contains("non-finite"));
    }

    #[test]
    fn errors() {
        let one = dts(&["2020-01-01"], &[1.0], Tz::Naive);
        assert_eq!(
            run(one, 0.0, 0.0, 0.0).unwrap_err().message,
            "length of data must be greater than 1, it is 1"
        );
        assert_eq!(
            run(example(), 5.0, -1.0, 0.0).unwrap_err().message,
            "hysteresis must be non-negative, it is -1.0"
        );
        let unsorted = dts(&["2020-01-02", "2020-01-01"], &[1.0, 2.0], Tz::Naive);
        assert_eq!(
            run(unsorted, 0.0, 0.0, 0.0).unwrap_err().message,
            "data must be sorted by its index"
        );
    }
}
