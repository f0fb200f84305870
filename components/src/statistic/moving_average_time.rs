//! Moving average time (`a2ba0da0-5a9a-60e9-6af5-e07917988021`): the moving mean of a series or of every
//! frame column over a trailing time window.

use crate::kernels::rolling::{moving, Agg, MovingWindow};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Moving average time 1.0.0 (hetida's connector ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "a2ba0da0-5a9a-60e9-6af5-e07917988021",
    revision_group_id: "a2ba0da0-5a9a-60e9-6af5-e07917988021",
    name: "Moving average time",
    category: "Statistic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Calculates the moving average for a constant time interval",
    inputs: &[
        PortSpec::new(
            "data",
            "11ac167d-8852-a638-b2af-f4df9b7d00de",
            DataType::Any,
        ),
        PortSpec::new(
            "t",
            "fa10796f-5c68-640d-8bb8-3e19d74b8deb",
            DataType::String,
        ),
    ],
    outputs: &[PortSpec::new(
        "mavg",
        "c5a1c608-812f-2a8d-db63-29a4a0c8261b",
        DataType::Any,
    )],
};

/// Moving average time as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Moving average time: the mean per window.
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
    let r = moving(data, MovingWindow::Time(inputs.str("t")?), Agg::Mean)?;
    Ok(Outputs::single("mavg", r))
}
