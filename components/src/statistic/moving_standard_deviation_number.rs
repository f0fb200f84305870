//! Moving standard deviation number (`acfd3d99-0a6c-97ae-7bcf-de08ea9ce4ee`): the moving sample standard deviation of a series or of every
//! frame column over the last `n` rows.

use crate::kernels::rolling::{moving, Agg, MovingWindow};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Moving standard deviation number 1.0.0 (hetida's connector ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "acfd3d99-0a6c-97ae-7bcf-de08ea9ce4ee",
    revision_group_id: "acfd3d99-0a6c-97ae-7bcf-de08ea9ce4ee",
    name: "Moving standard deviation number",
    category: "Statistic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Calculates the moving standard deviation for a constant number of observations",
    inputs: &[
        PortSpec::new(
            "data",
            "8925f032-d4f5-fd22-eada-f5f2ffc59045",
            DataType::Any,
        ),
        PortSpec::new("n", "9cab813b-d3ec-8ae8-220e-8c475a0ade90", DataType::Int),
    ],
    outputs: &[PortSpec::new(
        "movstd",
        "b8c1fe2f-d109-2f05-9008-27cbe9a5c247",
        DataType::Any,
    )],
};

/// Moving standard deviation number as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Moving standard deviation number: the sample standard deviation (ddof = 1; one value gives NaN) per window.
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
    let r = moving(data, MovingWindow::Count(inputs.int("n")?), Agg::Std)?;
    Ok(Outputs::single("movstd", r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::run1;
    use crate::kernels::rolling::test_util::*;
    use rheo_core::value::Tz;
    use rheo_core::Value;

    #[test]
    fn large_offsets_keep_precision() {
        // Welford with compensation: values around 1e9 with unit spread.
        let data = dts(
            &[0, 1, 2, 3],
            Tz::Naive,
            &[1e9 + 1.0, 1e9 + 2.0, 1e9 + 3.0, 1e9 + 4.0],
        );
        let r = run1(&COMPONENT, &[("data", data), ("n", Value::Int(3))]).unwrap();
        close(&vals(&r), &[f64::NAN, f64::NAN, 1.0, 1.0]);
    }
}
