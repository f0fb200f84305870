//! Highpass Filter (`417d44a2-1701-2e5b-bee8-7ce1a4dc1d0e`): first-order digital Butterworth highpass filter
//! applied causally to a time series.

use super::butterworth::{run_filter, Band};
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Highpass Filter 1.0.0 (hetida's connector ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "417d44a2-1701-2e5b-bee8-7ce1a4dc1d0e",
    revision_group_id: "417d44a2-1701-2e5b-bee8-7ce1a4dc1d0e",
    name: "Highpass Filter",
    category: "Filters",
    version_tag: "1.0.0",
    state: State::Released,
    description: "First-order digital highpass filter",
    inputs: &[
        PortSpec::new(
            "data",
            "a966632c-a209-32a2-55e0-f650f602da2b",
            DataType::Series,
        ),
        PortSpec::new(
            "frequency",
            "0bbdc8ac-c505-ab73-1bdf-338a64fc42bb",
            DataType::Float,
        ),
    ],
    outputs: &[PortSpec::new(
        "filtered",
        "2c84fdf8-bbcd-08a1-0f7e-f45826aab4e9",
        DataType::Series,
    )],
};

/// Highpass Filter as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Highpass Filter: the sampling rate is assumed to be fs = N / (t_last − t_first) in seconds (index
/// taken **in the given order**, first and last label only), Nyquist = fs/2 and the
/// normalized cutoff Wn = `frequency` / Nyquist. A first-order Butterworth filter
/// (`butter(1, Wn, btype="high")`, see [`super::butterworth::butter1`]) is applied once,
/// causally, with zero initial state, treating the samples as equidistant. NaN propagates to
/// all later outputs. Output: unnamed float series on the input index (tz kept).
///
/// Errors as in hetida: empty series → IndexError; a non-datetime index → AttributeError
/// (`total_seconds`); a single point or equal first/last timestamps → ZeroDivisionError
/// "float division by zero"; Wn outside (0, 1) (also for a decreasing index) → ValueError
/// "Digital filter critical frequencies must be 0 < Wn < 1". A NaT first/last label gives
/// Wn = NaN and an all-NaN result.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    run_filter(inputs, Band::High)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::compare::test_util::tz_series;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::value::Tz;
    use rheo_core::Value;

    #[test]
    fn filters_with_hand_derived_coefficients() {
        // fs = 4 points / 4 s = 1, nyq = 0.5, frequency 0.25 → Wn = 0.5 → k = 1:
        // b = [0.5, -0.5], a1 = 0 → y[n] = 0.5 (x[n] - x[n-1]).
        let data = tz_series(&[0, 1, 2, 4], Tz::Fixed(3600), &[2.0, 4.0, 0.0, 8.0]);
        let r = run1(
            &COMPONENT,
            &[("data", data), ("frequency", Value::Float(0.25))],
        )
        .unwrap();
        let Value::Series(s) = &r else { panic!() };
        assert_eq!(s.index.tz, Tz::Fixed(3600));
        assert_floats(&s.values.f64_values().unwrap(), &[1.0, 1.0, -2.0, 4.0]);
        // Wn = 0.1 / 0.5 = 0.2: k = tan(0.1 pi); a constant input decays geometrically.
        let data = tz_series(&[0, 1, 2, 4], Tz::Utc, &[1.0, 1.0, 1.0, 1.0]);
        let Value::Series(s) = run1(
            &COMPONENT,
            &[("data", data), ("frequency", Value::Float(0.1))],
        )
        .unwrap() else {
            panic!()
        };
        let k = (0.1 * std::f64::consts::PI).tan();
        let (b0, a1) = (1.0 / (1.0 + k), (k - 1.0) / (k + 1.0));
        let y0 = b0;
        let y1 = b0 - b0 - a1 * y0;
        let y2 = -a1 * y1;
        let y3 = -a1 * y2;
        assert_floats(&s.values.f64_values().unwrap(), &[y0, y1, y2, y3]);
        let e = run1(
            &COMPONENT,
            &[
                ("data", tz_series(&[0, 4], Tz::Utc, &[1.0, 2.0])),
                ("frequency", Value::Float(0.0)),
            ],
        )
        .unwrap_err();
        assert_eq!(e.type_name, "ValueError");
    }

    #[test]
    fn nan_empty_and_single_point_like_hetida() {
        let highpass = |data: Value| {
            run1(
                &COMPONENT,
                &[("data", data), ("frequency", Value::Float(0.25))],
            )
        };
        // lfilter's state carries a NaN into every later output (0 · NaN is NaN).
        let data = tz_series(&[0, 1, 2, 4], Tz::Naive, &[2.0, f64::NAN, 0.0, 8.0]);
        let Value::Series(s) = highpass(data).unwrap() else {
            panic!()
        };
        assert_floats(
            &s.values.f64_values().unwrap(),
            &[1.0, f64::NAN, f64::NAN, f64::NAN],
        );
        // No points: hetida indexes the first timestamp; one point: a zero time span.
        let e = highpass(tz_series(&[], Tz::Utc, &[])).unwrap_err();
        assert_eq!(e.type_name, "IndexError");
        let e = highpass(tz_series(&[5], Tz::Utc, &[1.0])).unwrap_err();
        assert_eq!(e.type_name, "ZeroDivisionError");
    }
}
