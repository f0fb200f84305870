//! Moving median number (`c9736810-73d8-b109-3822-96a5bf0a6d1c`): the moving median of a series or of every
//! frame column over the last `n` rows.

use crate::kernels::rolling::{moving, Agg, MovingWindow};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Moving median number 1.0.0 (hetida's connector ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "c9736810-73d8-b109-3822-96a5bf0a6d1c",
    revision_group_id: "c9736810-73d8-b109-3822-96a5bf0a6d1c",
    name: "Moving median number",
    category: "Statistic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Calculates the moving median for a constant number of observations",
    inputs: &[
        PortSpec::new(
            "data",
            "a40336a2-7b58-5e64-000a-76ca4acabfa8",
            DataType::Any,
        ),
        PortSpec::new("n", "47452b34-56f7-4781-dab4-b6ea97a16504", DataType::Int),
    ],
    outputs: &[PortSpec::new(
        "movmedian",
        "53dfadff-5c8e-9e46-84b6-dd39b740dbd3",
        DataType::Any,
    )],
};

/// Moving median number as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Moving median number: the median (mean of the two middle values for an even count) per window.
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
    let r = moving(data, MovingWindow::Count(inputs.int("n")?), Agg::Median)?;
    Ok(Outputs::single("movmedian", r))
}
