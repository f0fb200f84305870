//! Lowpass Filter (`a4a8cfa7-3b18-dc8d-2985-9a8be889686a`): first-order digital Butterworth lowpass filter
//! applied causally to a time series.

use super::butterworth::{run_filter, Band};
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Lowpass Filter 1.0.0 (hetida's connector ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "a4a8cfa7-3b18-dc8d-2985-9a8be889686a",
    revision_group_id: "a4a8cfa7-3b18-dc8d-2985-9a8be889686a",
    name: "Lowpass Filter",
    category: "Filters",
    version_tag: "1.0.0",
    state: State::Released,
    description: "First-order digital lowpass filter",
    inputs: &[
        PortSpec::new(
            "data",
            "cb69cbd4-b3ea-61b1-3387-2e31e37aa60e",
            DataType::Series,
        ),
        PortSpec::new(
            "frequency",
            "2a87eb31-1cf4-6c86-2906-eb08785b364b",
            DataType::Float,
        ),
    ],
    outputs: &[PortSpec::new(
        "filtered",
        "61a734b8-3a19-b4e4-c4d9-2fc97ae506aa",
        DataType::Series,
    )],
};

/// Lowpass Filter as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Lowpass Filter: the sampling rate is assumed to be fs = N / (t_last − t_first) in seconds (index
/// taken **in the given order**, first and last label only), Nyquist = fs/2 and the
/// normalized cutoff Wn = `frequency` / Nyquist. A first-order Butterworth filter
/// (`butter(1, Wn, btype="low")`, see [`super::butterworth::butter1`]) is applied once,
/// causally, with zero initial state, treating the samples as equidistant. NaN propagates to
/// all later outputs. Output: unnamed float series on the input index (tz kept).
///
/// Errors as in hetida: empty series → IndexError; a non-datetime index → AttributeError
/// (`total_seconds`); a single point or equal first/last timestamps → ZeroDivisionError
/// "float division by zero"; Wn outside (0, 1) (also for a decreasing index) → ValueError
/// "Digital filter critical frequencies must be 0 < Wn < 1". A NaT first/last label gives
/// Wn = NaN and an all-NaN result.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    run_filter(inputs, Band::Low)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::compare::test_util::tz_series;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::value::Tz;
    use rheo_core::Value;

    fn lowpass(data: Value, f: f64) -> Result<Value, ComponentError> {
        run1(
            &COMPONENT,
            &[("data", data), ("frequency", Value::Float(f))],
        )
    }

    #[test]
    fn filters_with_hand_derived_coefficients() {
        // 4 points over 4 s: fs = 1, nyq = 0.5; frequency 0.25 → Wn = 0.5 → k = 1:
        // b = [0.5, 0.5], a1 = 0 → y[n] = 0.5 x[n] + 0.5 x[n-1].
        let data = tz_series(&[0, 1, 2, 4], Tz::Utc, &[2.0, 4.0, 0.0, 8.0]);
        let r = lowpass(data, 0.25).unwrap();
        let Value::Series(s) = &r else { panic!() };
        assert_eq!(s.name, None);
        assert_eq!(s.index.tz, Tz::Utc);
        assert_floats(&s.values.f64_values().unwrap(), &[1.0, 3.0, 2.0, 4.0]);
        // NaN propagates to all later outputs.
        let data = tz_series(&[0, 1, 2, 4], Tz::Naive, &[2.0, f64::NAN, 0.0, 8.0]);
        let Value::Series(s) = lowpass(data, 0.25).unwrap() else {
            panic!()
        };
        assert_floats(
            &s.values.f64_values().unwrap(),
            &[1.0, f64::NAN, f64::NAN, f64::NAN],
        );
    }

    #[test]
    fn errors_like_hetida() {
        let e = lowpass(tz_series(&[], Tz::Utc, &[]), 0.1).unwrap_err();
        assert_eq!(e.type_name, "IndexError");
        let e = lowpass(tz_series(&[5], Tz::Utc, &[1.0]), 0.1).unwrap_err();
        assert_eq!(e.type_name, "ZeroDivisionError");
        let e = lowpass(fs(&[0, 1], &[1.0, 2.0]), 0.1).unwrap_err();
        assert_eq!(e.type_name, "AttributeError");
        // Unsorted index: negative span → negative Wn.
        let e = lowpass(tz_series(&[4, 0], Tz::Utc, &[1.0, 2.0]), 0.1).unwrap_err();
        assert_eq!(e.type_name, "ValueError");
        let e = lowpass(tz_series(&[0, 4], Tz::Utc, &[1.0, 2.0]), 0.25).unwrap_err();
        assert_eq!(
            e.message,
            "Digital filter critical frequencies must be 0 < Wn < 1"
        );
    }
}
