//! Moving median time (`1feea93c-a6e7-4fec-c01c-6f30037f8cca`): the moving median of a series or of every
//! frame column over a trailing time window.

use crate::kernels::rolling::{moving, Agg, MovingWindow};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Moving median time 1.0.0 (hetida's connector ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "1feea93c-a6e7-4fec-c01c-6f30037f8cca",
    revision_group_id: "1feea93c-a6e7-4fec-c01c-6f30037f8cca",
    name: "Moving median time",
    category: "Statistic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Calculates the moving median for a constant time interval",
    inputs: &[
        PortSpec::new(
            "data",
            "6b923bb9-8bc1-d887-2301-0dd6a635ef70",
            DataType::Any,
        ),
        PortSpec::new(
            "t",
            "68c2afc3-f44e-f7e5-1ccd-4937d66da3bc",
            DataType::String,
        ),
    ],
    outputs: &[PortSpec::new(
        "movmedian",
        "2dbd97a1-b135-f3e6-3ee9-23b30ab35d4b",
        DataType::Any,
    )],
};

/// Moving median time as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Moving median time: the median (mean of the two middle values for an even count) per window.
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
    let r = moving(data, MovingWindow::Time(inputs.str("t")?), Agg::Median)?;
    Ok(Outputs::single("movmedian", r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::run1;
    use crate::kernels::rolling::test_util::*;
    use rheo_core::value::Tz;
    use rheo_core::Value;

    #[test]
    fn hetida_doc_example_16s() {
        // hetida's own example: an extra point 15:20:50 = 10 and a 16 s window.
        let data = dts(
            &[10, 20, 25, 30, 35, 40, 50, 55, 56],
            Tz::Naive,
            &[3.0, f64::NAN, 3.0, 0.0, 6.0, f64::NAN, 10.0, 12.0, 9.0],
        );
        let r = run1(
            &COMPONENT,
            &[("data", data), ("t", Value::Str("16s".into()))],
        )
        .unwrap();
        assert_eq!(secs(&r), [10, 25, 30, 35, 50, 55, 56]);
        close(&vals(&r), &[3.0, 3.0, 1.5, 3.0, 8.0, 11.0, 10.0]);
    }
}
