//! MAVG Smoothing (`41f4c453-e4e7-f07d-df77-c89cb42cb3ac`): trailing moving average of a
//! series or of every frame column over a time window, on the original index.

use crate::kernels::rolling::{
    pandas_time_bounds, rebuild, rolling_mean, rolling_values, value_columns, Closed,
};
use crate::kernels::series_frame::index_of;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::Column;
use rheo_core::{ComponentError, DataType, Value};

/// Identity and ports of MAVG Smoothing 1.0.0 (hetida's connector ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "41f4c453-e4e7-f07d-df77-c89cb42cb3ac",
    revision_group_id: "41f4c453-e4e7-f07d-df77-c89cb42cb3ac",
    name: "MAVG Smoothing",
    category: "Filters",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Return Moving Averages",
    inputs: &[
        PortSpec::new(
            "data",
            "277a910b-e86c-8ee7-4f44-04ca6b613b86",
            DataType::Any,
        ),
        PortSpec::new(
            "window_size",
            "38f67927-9970-a43f-8fdf-7101bf643885",
            DataType::String,
        ),
    ],
    outputs: &[PortSpec::new(
        "data",
        "54110b96-2c6d-ee3d-98ac-d5c6bc1e397b",
        DataType::Any,
    )],
};

/// MAVG Smoothing as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// MAVG Smoothing: `data.rolling(window_size).mean()`: for every timestamp t the mean of the
/// non-NaN values in `(t - w, t]` (at least one; a window with only NaN gives NaN), on the
/// original index and row order (timestamps whose own value is NaN get the mean of the
/// others in their window). Series or DataFrame (column-wise); float64 output, name, attrs
/// and timezone kept. No sorting and no NaN removal.
///
/// Errors as pandas raises them: a non-datetime index (non-empty data) raises ValueError
/// "window must be an integer 0 or greater" (an integer-like string is a window string
/// too); an unsorted index "index values must be monotonic" (decreasing indexes are
/// accepted); NaT labels "index values must not have NaT"; an unparseable window "passed
/// window … is not compatible with a datetimelike index"; calendar offsets ("M") are
/// non-fixed frequencies (ValueError); non-numeric columns DataError; other inputs
/// AttributeError.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let data = inputs.value("data")?;
    let window = inputs.str("window_size")?;
    Ok(Outputs::single("data", smooth(data, window)?))
}

/// `data.rolling(window).mean()` for a series or frame (shared with MAVG Outlier Filter).
pub(crate) fn smooth(data: &Value, window: &str) -> Result<Value, ComponentError> {
    let index = index_of(data, "rolling")?;
    let bounds = pandas_time_bounds(index, window, Closed::Right, false)?;
    let cols = value_columns(data)
        .into_iter()
        .map(|c| {
            Ok(Column::from_f64(rolling_mean(
                &rolling_values(c)?,
                &bounds,
                1,
            )))
        })
        .collect::<Result<Vec<_>, ComponentError>>()?;
    Ok(rebuild(data, index.clone(), cols))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::run1;
    use crate::kernels::rolling::test_util::*;
    use rheo_core::value::{FrameValue, SeriesValue, Tz};

    fn run(data: Value, w: &str) -> Result<Value, ComponentError> {
        run1(
            &COMPONENT,
            &[("data", data), ("window_size", Value::Str(w.into()))],
        )
    }

    #[test]
    fn irregular_series_with_nan_keeps_every_timestamp() {
        // Windows (t-3 s, t]: 0:[1] 1:[1,NaN] 3:[NaN,3] 4:[3,10] 10:[-2].
        let data = dts(
            &[0, 1, 3, 4, 10],
            Tz::Utc,
            &[1.0, f64::NAN, 3.0, 10.0, -2.0],
        );
        let r = run(data, "3s").unwrap();
        assert_eq!(secs(&r), [0, 1, 3, 4, 10]);
        close(&vals(&r), &[1.0, 1.0, 3.0, 6.5, -2.0]);
        let Value::Series(s) = &r else { panic!() };
        assert_eq!(s.index.tz, Tz::Utc);
    }

    #[test]
    fn empty_single_decreasing_and_frames() {
        assert!(vals(&run(dts(&[], Tz::Naive, &[]), "3s").unwrap()).is_empty());
        close(
            &vals(&run(dts(&[5], Tz::Naive, &[2.5]), "1s").unwrap()),
            &[2.5],
        );
        // Decreasing index: windows extend towards later positions (pandas' growth sign).
        let r = run(dts(&[2, 1, 0], Tz::Naive, &[1.0, 2.0, 4.0]), "2s").unwrap();
        close(&vals(&r), &[1.0, 1.5, 3.0]);
        // Duplicate timestamps: the second row sees the first.
        let r = run(dts(&[0, 0, 1], Tz::Naive, &[1.0, 3.0, 5.0]), "1s").unwrap();
        close(&vals(&r), &[1.0, 2.0, 5.0]);
        let f = Value::Frame(FrameValue {
            index: Column::from_datetime_ns(vec![0, 1_000_000_000], Tz::Naive),
            columns: [
                ("a".to_string(), Column::from_i64(vec![1, 3])),
                ("b".to_string(), Column::from_f64(vec![f64::NAN, 4.0])),
            ]
            .into_iter()
            .collect(),
            attrs: Default::default(),
        });
        let Value::Frame(r) = run(f, "5s").unwrap() else {
            panic!()
        };
        close(&r.columns["a"].f64_values().unwrap(), &[1.0, 2.0]);
        close(&r.columns["b"].f64_values().unwrap(), &[f64::NAN, 4.0]);
    }

    #[test]
    fn pandas_errors() {
        let msg = |r: Result<Value, ComponentError>| r.unwrap_err().message;
        assert_eq!(
            msg(run(dts(&[0, 2, 1], Tz::Naive, &[1.0, 2.0, 3.0]), "1s")),
            "index values must be monotonic"
        );
        let ints = Value::Series(SeriesValue::new(
            Column::from_i64(vec![0, 1]),
            Column::from_f64(vec![1.0, 2.0]),
        ));
        assert_eq!(
            msg(run(ints, "2")),
            "window must be an integer 0 or greater"
        );
        assert_eq!(
            msg(run(dts(&[0], Tz::Naive, &[1.0]), "5")),
            "passed window 5 is not compatible with a datetimelike index"
        );
        assert!(msg(run(dts(&[0], Tz::Naive, &[1.0]), "M")).contains("non-fixed"));
        let e = run(Value::Int(3), "1s").unwrap_err();
        assert_eq!(e.type_name, "AttributeError");
        assert_eq!(e.message, "'int' object has no attribute 'rolling'");
    }
}
