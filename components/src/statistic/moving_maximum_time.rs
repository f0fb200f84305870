//! Moving maximum time (`037887de-bbee-caeb-f0bd-7060d59f60e9`): the moving maximum of a series or of every
//! frame column over a trailing time window.

use crate::kernels::rolling::{moving, Agg, MovingWindow};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Moving maximum time 1.0.0 (hetida's connector ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "037887de-bbee-caeb-f0bd-7060d59f60e9",
    revision_group_id: "037887de-bbee-caeb-f0bd-7060d59f60e9",
    name: "Moving maximum time",
    category: "Statistic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Calculates the moving maximum for a constant time interval",
    inputs: &[
        PortSpec::new(
            "data",
            "b9ec067d-0643-2709-7f04-db996826bd37",
            DataType::Any,
        ),
        PortSpec::new(
            "t",
            "65ae8654-8110-b448-f475-d33983d265d0",
            DataType::String,
        ),
    ],
    outputs: &[PortSpec::new(
        "movmax",
        "316a2503-516e-2a2f-1d7e-aa360c3b440e",
        DataType::Any,
    )],
};

/// Moving maximum time as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Moving maximum time: the maximum per window.
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
    let r = moving(data, MovingWindow::Time(inputs.str("t")?), Agg::Max)?;
    Ok(Outputs::single("movmax", r))
}
