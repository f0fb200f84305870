//! Moving standard deviation time (`5eb8ca16-bbc7-94b1-3d82-6f074cd63456`): the moving sample standard deviation of a series or of every
//! frame column over a trailing time window.

use crate::kernels::rolling::{moving, Agg, MovingWindow};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Moving standard deviation time 1.0.0 (hetida's connector ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "5eb8ca16-bbc7-94b1-3d82-6f074cd63456",
    revision_group_id: "5eb8ca16-bbc7-94b1-3d82-6f074cd63456",
    name: "Moving standard deviation time",
    category: "Statistic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Calculates the moving standard deviation for a constant time interval",
    inputs: &[
        PortSpec::new(
            "data",
            "6bf80f57-feff-69e0-d180-c8263226b941",
            DataType::Any,
        ),
        PortSpec::new(
            "t",
            "72c5b066-33b1-95d0-61c5-7482768bd32f",
            DataType::String,
        ),
    ],
    outputs: &[PortSpec::new(
        "movstd",
        "ce143cbe-a84c-1b55-716a-c98b3500aeea",
        DataType::Any,
    )],
};

/// Moving standard deviation time as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Moving standard deviation time: the sample standard deviation (ddof = 1; one value gives NaN) per window.
///
/// Window: the time window `(t_i - t, t_i]` (pandas `rolling(t)`, right-closed, at least one
/// value), `t` a fixed pandas offset such as "10min", "1h", "D", "7s" (also "1.5H"; a zero
/// or negative window holds each row alone, as in pandas).
///
/// Steps as in hetida: convert the index with `pd.to_datetime`, stable `sort_index()`,
/// `dropna()` (a frame row goes when any column is NaN), then the rolling aggregation of
/// every column (float64 output, name, attrs and timezone kept). Of duplicate timestamps
/// only the later rows see the earlier ones (pandas' window ends at the row itself).
///
/// Errors: an index that cannot be converted raises TypeError "indices of data must be
/// datetime"; an invalid or non-fixed `t` (e.g. "M") or NaT labels raise ValueError
/// "t could not be parsed as frequency: {t}"; non-numeric values raise DataError;
/// non-series/frame data raises AttributeError.
///
/// Deviation: hetida converts the caller's index in place (visible to other consumers
/// of the same upstream output); Rheo leaves the input untouched.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let data = inputs.value("data")?;
    let r = moving(data, MovingWindow::Time(inputs.str("t")?), Agg::Std)?;
    Ok(Outputs::single("movstd", r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::run1;
    use crate::kernels::rolling::test_util::*;

    use rheo_core::Value;

    #[test]
    fn documentation_example() {
        // NaN rows (15:20:20, 15:20:40) are dropped before rolling.
        let r = run1(
            &COMPONENT,
            &[("data", doc_example()), ("t", Value::Str("7s".into()))],
        )
        .unwrap();
        assert_eq!(secs(&r), [10, 25, 30, 35, 55, 56]);
        close(
            &vals(&r),
            &[
                f64::NAN,
                f64::NAN,
                4.5f64.sqrt(),
                18f64.sqrt(),
                f64::NAN,
                4.5f64.sqrt(),
            ],
        );
    }
}
