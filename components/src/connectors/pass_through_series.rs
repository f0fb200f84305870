//! Pass Through (Series) (`bfa27afc-dea8-b8aa-4b15-94402f0739b6`):
//! the identity for a SERIES value (index, values, name and metadata stay untouched).

use rheo_core::component::{Component, ComponentSpec, Inputs, Outputs, PortSpec};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Pass Through (Series) 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "bfa27afc-dea8-b8aa-4b15-94402f0739b6",
    revision_group_id: "bfa27afc-dea8-b8aa-4b15-94402f0739b6",
    name: "Pass Through (Series)",
    category: "Connectors",
    version_tag: "1.0.0",
    state: "RELEASED",
    description: "Passes a series through unchanged",
    inputs: &[PortSpec::new(
        "input",
        "f103c395-92b6-444d-320a-93950ed6d857",
        DataType::Series,
    )],
    outputs: &[PortSpec::new(
        "output",
        "f78f48b5-4981-e34a-df07-54f8e5a01df3",
        DataType::Series,
    )],
};

/// Pass Through (Series): returns its `input` as `output`, the same shared value
/// (no copy and no type check, as hetida hands the same Python object on). Workflows use it to expose a
/// SERIES input or output under a name of their choice.
#[derive(Debug, Clone, Copy, Default)]
pub struct PassThroughSeries;

impl Component for PassThroughSeries {
    fn spec(&self) -> &'static ComponentSpec {
        &SPEC
    }

    fn run(&self, inputs: &Inputs) -> Result<Outputs, ComponentError> {
        super::pass_through(inputs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connectors::test_util::assert_passes_through;
    use rheo_core::value::{Column, SeriesValue, Tz};
    use rheo_core::Value;

    #[test]
    fn passes_datetime_series_through_without_copy() {
        // a datetime series
        assert_passes_through(
            &PassThroughSeries,
            Value::Series(SeriesValue::new(
                Column::from_datetime_ns(vec![0, 3_600_000_000_000], Tz::Utc),
                Column::from_f64(vec![1.5, f64::NAN]),
            )),
        );
    }

    #[test]
    fn passes_null_unvalidated_through_without_copy() {
        // null: the component does not validate its input
        assert_passes_through(&PassThroughSeries, Value::Null);
    }
}
