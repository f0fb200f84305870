//! Moving minimum number (`e79f021a-93a8-d55b-1032-19d91d78fd51`): the moving minimum of a series or of every
//! frame column over the last `n` rows.

use crate::kernels::rolling::{moving, Agg, MovingWindow};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Moving minimum number 1.0.0 (hetida's connector ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "e79f021a-93a8-d55b-1032-19d91d78fd51",
    revision_group_id: "e79f021a-93a8-d55b-1032-19d91d78fd51",
    name: "Moving minimum number",
    category: "Statistic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Calculates the moving minimum for a constant number of observations",
    inputs: &[
        PortSpec::new(
            "data",
            "48a7cb58-647f-d913-47fe-e2f237bc0712",
            DataType::Any,
        ),
        PortSpec::new("n", "f9a58a5b-148b-3d09-7972-5c720fd9b90b", DataType::Int),
    ],
    outputs: &[PortSpec::new(
        "movmin",
        "f28696d9-6e6a-1b8f-26f8-33061a551817",
        DataType::Any,
    )],
};

/// Moving minimum number as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Moving minimum number: the minimum per window.
///
/// Window: the last `n` rows (count-based, pandas `rolling(n)`), all `n` values required
/// (the first `n - 1` results are NaN; `n = 0` gives NaN everywhere).
///
/// Steps as in hetida: `dropna()` (a frame row goes when any column is NaN), keep a
/// numeric index or convert it with `pd.to_datetime`, stable `sort_index()`, then the
/// rolling aggregation of every column (float64 output, name and attrs kept).
///
/// Errors: a negative `n` raises ValueError "window must be an integer 0 or greater"; an
/// index that is neither numeric nor convertible raises TypeError "indices of data must
/// be numeric or datetime"; non-numeric values raise DataError; non-series/frame data
/// raises AttributeError.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let data = inputs.value("data")?;
    let r = moving(data, MovingWindow::Count(inputs.int("n")?), Agg::Min)?;
    Ok(Outputs::single("movmin", r))
}
