//! Moving Time Window Median (`dc30af71-2872-4fe0-8a09-20d9300871ba`): medians over
//! fixed-size time windows placed on a regular rhythm (epoch + offset + k · frequency).

use crate::kernels::rolling::Agg;
use crate::statistic::moving_time_window_mean::time_window_aggregate;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Moving Time Window Median 1.0.0 (hetida's connector ids,
/// workflows.md Appendix A).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "dc30af71-2872-4fe0-8a09-20d9300871ba",
    revision_group_id: "47267bb5-d291-432f-abaa-fd6da7cdbd48",
    name: "Moving Time Window Median",
    category: "Statistic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Calculate moving time window median values",
    inputs: &[
        PortSpec::new(
            "timeseries",
            "eb9c2714-0f33-4178-af2f-125c03634582",
            DataType::Series,
        ),
        PortSpec::new(
            "window_size",
            "a2cb6645-836c-40c1-bd2d-95b2d147cfa6",
            DataType::String,
        ),
        PortSpec::new(
            "window_frequency",
            "50ca7c5d-ae49-479f-9c83-4b8cca06b9c2",
            DataType::String,
        ),
        PortSpec::new(
            "frequency_offset",
            "e8f5d2e1-14b8-46e1-9e8f-5e9eaccbd5f0",
            DataType::String,
        ),
        PortSpec::new(
            "interval_type",
            "66136ef9-e303-4d41-bab0-6f5d1cfdf5a8",
            DataType::String,
        ),
        PortSpec::new(
            "label_position",
            "92bafe98-96fe-4a07-b632-c9257e166b61",
            DataType::String,
        ),
    ],
    outputs: &[PortSpec::new(
        "window_medians",
        "2a0ec08b-fb4b-4ed7-afb9-b145f9c29cc1",
        DataType::Series,
    )],
};

/// Moving Time Window Median as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Moving Time Window Median: the median of the non-NaN values in each window (mean of the
/// two middle values for an even count; NaN for windows without valid values), computed
/// with the sliding two-heap median. Window grid, labels, errors and deviations as for
/// Moving Time Window Mean ([`time_window_aggregate`]).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    Ok(Outputs::single(
        "window_medians",
        time_window_aggregate(inputs, Agg::Median)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::rolling::test_util::*;
    use crate::statistic::moving_time_window_mean::tests::{mins, run, series};
    use rheo_core::Value;

    #[test]
    fn overlapping_windows_as_in_the_example_workflow() {
        let ts = series(&[0, 5, 10, 15, 20], &[1.0, 10.0, 3.0, f64::NAN, 4.0]);
        let r = run(
            &COMPONENT,
            ts,
            ["15min", "5min", "0", "left_closed", "center"],
        )
        .unwrap();
        // Windows [L, L+15) for L = -15 .. 20: {}, {1}, {1,10}, {1,10,3}, {10,3,NaN},
        // {3,NaN,4}, {NaN,4}, {4}.
        assert_eq!(mins(&r), [-7.5, -2.5, 2.5, 7.5, 12.5, 17.5, 22.5, 27.5]);
        close(&vals(&r), &[f64::NAN, 1.0, 5.5, 3.0, 6.5, 3.5, 4.0, 4.0]);
    }

    #[test]
    fn resample_path_and_errors() {
        let ts = series(&[0, 1, 2, 12], &[5.0, 1.0, 3.0, 8.0]);
        let r = run(
            &COMPONENT,
            ts.clone(),
            ["10min", "10min", "0", "left_closed", "left"],
        )
        .unwrap();
        assert_eq!(mins(&r), [0.0, 10.0]);
        close(&vals(&r), &[3.0, 8.0]);
        let e = run(&COMPONENT, ts, ["10min", "10min", "0", "x", "left"]).unwrap_err();
        assert_eq!(e.type_name, "ValueError");
        let e = run(
            &COMPONENT,
            Value::Int(1),
            ["10min", "10min", "0", "open", "left"],
        );
        assert_eq!(e.unwrap_err().type_name, "TypeError");
    }
}
