//! Moving minimum time (`33d7c458-762c-7555-7a20-26ef0708bc28`): the moving minimum of a series or of every
//! frame column over a trailing time window.

use crate::kernels::rolling::{moving, Agg, MovingWindow};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Moving minimum time 1.0.0 (hetida's connector ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "33d7c458-762c-7555-7a20-26ef0708bc28",
    revision_group_id: "33d7c458-762c-7555-7a20-26ef0708bc28",
    name: "Moving minimum time",
    category: "Statistic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Calculates the moving minimum for a constant time interval",
    inputs: &[
        PortSpec::new(
            "data",
            "3dbae9ca-ea79-c96f-268c-e713baaccf57",
            DataType::Any,
        ),
        PortSpec::new(
            "t",
            "3c9b6644-beff-26a9-6926-0182a6cd13cd",
            DataType::String,
        ),
    ],
    outputs: &[PortSpec::new(
        "movmin",
        "5934c762-75d3-aa09-029a-5f5ad9536c5d",
        DataType::Any,
    )],
};

/// Moving minimum time as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Moving minimum time: the minimum per window.
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
    let r = moving(data, MovingWindow::Time(inputs.str("t")?), Agg::Min)?;
    Ok(Outputs::single("movmin", r))
}
