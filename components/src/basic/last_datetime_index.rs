//! Last Datetime Index (`c8e3bc64-b214-6486-31db-92a8888d8991`): the largest index timestamp as an ISO string.

use crate::kernels::compare::extreme_index;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Last Datetime Index 1.0.0 (hetida's connector ids, workflows.md Appendix A).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "c8e3bc64-b214-6486-31db-92a8888d8991",
    revision_group_id: "c8e3bc64-b214-6486-31db-92a8888d8991",
    name: "Last Datetime Index",
    category: "Basic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Extracts the last (maximum) datetime index",
    inputs: &[PortSpec::new(
        "timeseries_data",
        "06f2cfef-51fa-fe5f-1a71-8ccfe1fd7419",
        DataType::Any,
    )],
    outputs: &[PortSpec::new(
        "last_index",
        "a688a7d0-dede-d300-fd72-c6b76f42139f",
        DataType::String,
    )],
};

/// Last Datetime Index as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Last Datetime Index: the largest timestamp of a Series/DataFrame index (`index.max()`), written
/// with Python's `datetime.isoformat()` (`+00:00` for UTC, the offset for fixed-offset
/// indexes, no suffix for naive ones, `.ffffff` only when the microseconds are non-zero,
/// nanoseconds truncated). Empty data give null; a non-datetime index raises
/// AttributeError.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let result = extreme_index(inputs.value("timeseries_data")?, true)?;
    Ok(Outputs::single("last_index", result))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::compare::test_util::check_extreme_datetime_index;

    #[test]
    fn isoformat_per_timezone_and_edge_cases() {
        check_extreme_datetime_index(
            &COMPONENT,
            [
                "2020-01-01T00:00:02+00:00",
                "2020-01-01T01:00:02+01:00",
                "2020-01-01T01:00:02.000001",
            ],
        );
    }
}
