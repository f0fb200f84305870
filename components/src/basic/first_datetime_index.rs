//! First Datetime Index (`c7dbb92b-4a4c-c6d2-6665-5ee7d4eeab91`): the smallest index timestamp as an ISO string.

use crate::kernels::compare::extreme_index;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of First Datetime Index 1.0.0 (port ids derived from the port names, see the category module).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "c7dbb92b-4a4c-c6d2-6665-5ee7d4eeab91",
    revision_group_id: "c7dbb92b-4a4c-c6d2-6665-5ee7d4eeab91",
    name: "First Datetime Index",
    category: "Basic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Extracts the first (minimum) datetime index",
    inputs: &[PortSpec::new(
        "timeseries_data",
        "b43b86c4-41c3-cac2-241b-db2356094620",
        DataType::Any,
    )],
    outputs: &[PortSpec::new(
        "first_index",
        "47fbcdb5-c07c-8baf-04fb-02ea414957e0",
        DataType::String,
    )],
};

/// First Datetime Index as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// First Datetime Index: the smallest timestamp of a Series/DataFrame index (`index.min()`), written
/// with Python's `datetime.isoformat()` (`+00:00` for UTC, the offset for fixed-offset
/// indexes, no suffix for naive ones, `.ffffff` only when the microseconds are non-zero,
/// nanoseconds truncated). Empty data give null; a non-datetime index raises
/// AttributeError.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let result = extreme_index(inputs.value("timeseries_data")?, false)?;
    Ok(Outputs::single("first_index", result))
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
                "2020-01-01T00:00:00+00:00",
                "2020-01-01T01:00:00+01:00",
                "2020-01-01T01:00:00",
            ],
        );
    }
}
