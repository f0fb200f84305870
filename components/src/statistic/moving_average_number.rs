//! Moving average number (`c9c8eb62-a694-3108-1c64-957bdd514c2b`): the moving mean of a series or of every
//! frame column over the last `n` rows.

use crate::kernels::rolling::{moving, Agg, MovingWindow};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Moving average number 1.0.0 (hetida's connector ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "c9c8eb62-a694-3108-1c64-957bdd514c2b",
    revision_group_id: "c9c8eb62-a694-3108-1c64-957bdd514c2b",
    name: "Moving average number",
    category: "Statistic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Calculates the moving average for a constant number of observations",
    inputs: &[
        PortSpec::new(
            "data",
            "34ddd872-40cc-8c2a-cd95-ec3c194d7360",
            DataType::Any,
        ),
        PortSpec::new("n", "1ee20bfd-6aa1-bafc-3c18-614079784e1c", DataType::Int),
    ],
    outputs: &[PortSpec::new(
        "mavg",
        "5b0c6d0a-1046-17f2-ece7-5235de433cc3",
        DataType::Any,
    )],
};

/// Moving average number as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Moving average number: the mean per window.
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
    let r = moving(data, MovingWindow::Count(inputs.int("n")?), Agg::Mean)?;
    Ok(Outputs::single("mavg", r))
}
