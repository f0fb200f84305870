//! Moving maximum number (`468f917b-7b99-9394-d600-50ee05237041`): the moving maximum of a series or of every
//! frame column over the last `n` rows.

use crate::kernels::rolling::{moving, Agg, MovingWindow};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Moving maximum number 1.0.0 (hetida's connector ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "468f917b-7b99-9394-d600-50ee05237041",
    revision_group_id: "468f917b-7b99-9394-d600-50ee05237041",
    name: "Moving maximum number",
    category: "Statistic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Calculates the moving maximum for a constant number of observations",
    inputs: &[
        PortSpec::new(
            "data",
            "0946bafe-e91b-70eb-345e-df8c4f742d94",
            DataType::Any,
        ),
        PortSpec::new("n", "5ec0ce79-7de8-f60f-9f10-59db81439948", DataType::Int),
    ],
    outputs: &[PortSpec::new(
        "movmax",
        "c9f55ad2-345e-6b44-d9c5-6461f18a2e24",
        DataType::Any,
    )],
};

/// Moving maximum number as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Moving maximum number: the maximum per window.
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
    let r = moving(data, MovingWindow::Count(inputs.int("n")?), Agg::Max)?;
    Ok(Outputs::single("movmax", r))
}
