//! Timeshifted Value Table (`e4541a9d-7b3e-3dd6-869d-eff30ad997c3`): a DataFrame of copies
//! of a time series whose index is shifted by multiples of a frequency.

use crate::kernels::freq::parse_fixed_frequency;
use crate::kernels::limits;
use crate::kernels::reindex::reindex_column;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, ColumnKind, FrameValue};
use rheo_core::{ComponentError, DataType, Value};
use std::collections::HashMap;

/// Identity and ports of Timeshifted Value Table 1.0.0 (hetida's connector ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "e4541a9d-7b3e-3dd6-869d-eff30ad997c3",
    revision_group_id: "e4541a9d-7b3e-3dd6-869d-eff30ad997c3",
    name: "Timeshifted Value Table",
    category: "Index Operations",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Take a Series and get a DataFrame of regular time shifted values",
    inputs: &[
        PortSpec::new(
            "timeseries",
            "edd62f08-251a-e71a-25df-b34a39ef0548",
            DataType::Series,
        ),
        PortSpec::new(
            "freq",
            "69bc606b-5b2d-a4d0-9c69-156f7de325de",
            DataType::String,
        ),
        PortSpec::new(
            "periods",
            "ae7f2670-19aa-4d05-3176-bd2eb67ae0b5",
            DataType::Int,
        ),
    ],
    outputs: &[PortSpec::new(
        "timeshifted_values",
        "d7a1c92c-6fe7-0aa7-34a9-4fd8aad9cec7",
        DataType::DataFrame,
    )],
};

/// What one output column costs beyond its values, counted in values (name and header).
const COLUMN_OVERHEAD: u128 = 64;

/// Timeshifted Value Table as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Timeshifted Value Table: for n = 1..|periods| with s = sign(periods), column
/// `"shifted_" + str(s*n) + "_times_" + freq` holds the series with its **index** shifted
/// by s·n·freq (`series.shift(s*n, freq)`: values unchanged, labels moved). The frame's
/// index is the first column's (index + s·freq); every later column is aligned to it (left
/// join): its values at labels outside that index are dropped and labels it lacks become
/// NaN (ints become float then; other kinds get nulls). periods = 0 gives an empty
/// DataFrame; an empty series gives columns without rows. The series name is not used;
/// attrs are dropped (a new DataFrame); the timezone is kept.
///
/// Errors: invalid frequency strings raise ValueError (as pandas' `to_offset`); a
/// non-datetime index raises NotImplementedError; duplicate index labels raise ValueError
/// "cannot reindex on an axis with duplicate labels" once a second column is aligned.
///
/// Deviation: calendar frequencies (`M`, `W`, `B`, `Q`, …; also `m`, which pandas 2.1 reads
/// as month end) are valid for pandas' shift but raise `NotSupportedByNativeEngine`.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let series = inputs.series("timeseries")?;
    let freq = inputs.str("freq")?;
    let periods = inputs.int("periods")?;
    let mut frame = FrameValue {
        index: Column::range(0),
        columns: Default::default(),
        attrs: Default::default(),
    };
    if periods == 0 {
        return Ok(Outputs::single("timeshifted_values", Value::Frame(frame)));
    }
    let step = parse_fixed_frequency(freq).map_err(|e| {
        if e.message.contains("non-fixed") {
            ComponentError::not_supported(format!(
                "Timeshifted Value Table: shifting by the calendar frequency '{freq}' \
                     is not supported by the native engine (only fixed frequencies)"
            ))
        } else {
            e
        }
    })?;
    if series.index.kind() != ColumnKind::Datetime {
        return Err(ComponentError::new(
            "NotImplementedError",
            "This method is only implemented for DatetimeIndex, PeriodIndex and \
             TimedeltaIndex; Got type Index",
        ));
    }
    let sign: i64 = if periods < 0 { -1 } else { 1 };
    let count = periods.unsigned_abs();
    let labels = series.index.datetime_ns_opt().unwrap_or_default();
    // pandas would build |periods| columns whatever it costs; a column is counted as its
    // values plus a fixed overhead, so even an empty series cannot ask for millions.
    limits::within(
        "the shifted columns",
        u128::from(count) * (labels.len() as u128 + COLUMN_OVERHEAD),
        limits::MAX_ELEMENTS,
    )?;
    let overflow =
        || ComponentError::new("OverflowError", "Python int too large to convert to C long");
    let shift = |k: i64| -> Result<Vec<Option<i64>>, ComponentError> {
        let by = step.checked_mul(k).ok_or_else(overflow)?;
        labels
            .iter()
            .map(|l| {
                l.map(|t| t.checked_add(by).ok_or_else(overflow))
                    .transpose()
            })
            .collect()
    };
    let first = shift(sign)?;
    frame.index = Column::from_opt_datetime_ns(first, series.index.tz);
    let mut positions: Option<HashMap<Option<i64>, usize>> = None;
    for n in 1..=count {
        let shift_no = sign * n as i64;
        let name = format!("shifted_{shift_no}_times_{freq}");
        let col = if n == 1 || series.is_empty() {
            series.values.clone()
        } else {
            // Column n's label for source row p is labels[p] + shift_no*f; the frame's
            // label for row q is labels[q] + sign*f: row q takes the source row whose
            // original label is labels[q] - (shift_no - sign)*f.
            if positions.is_none() {
                let mut map = HashMap::with_capacity(labels.len());
                for (p, l) in labels.iter().enumerate() {
                    if map.insert(*l, p).is_some() {
                        return Err(ComponentError::value_error(
                            "cannot reindex on an axis with duplicate labels",
                        ));
                    }
                }
                positions = Some(map);
            }
            let map = positions.as_ref().expect("set above");
            let back = step.checked_mul(shift_no - sign).ok_or_else(overflow)?;
            let take: Vec<Option<usize>> = labels
                .iter()
                .map(|l| match l {
                    None => map.get(&None).copied(),
                    Some(t) => t
                        .checked_sub(back)
                        .and_then(|src| map.get(&Some(src)).copied()),
                })
                .collect();
            reindex_column(&series.values, &take)
        };
        frame.columns.insert(name, col);
    }
    if series.is_empty() {
        frame.index = Column::range(0);
    }
    Ok(Outputs::single("timeshifted_values", Value::Frame(frame)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::compare::test_util::tz_series;
    use crate::kernels::elementwise::test_util::*;
    use crate::kernels::rows::test_util::*;
    use rheo_core::value::{SeriesValue, Tz};

    const S: i64 = 1_000_000_000;

    fn table(data: Value, freq: &str, periods: i64) -> Result<Value, ComponentError> {
        run1(
            &COMPONENT,
            &[
                ("timeseries", data),
                ("freq", Value::Str(freq.into())),
                ("periods", Value::Int(periods)),
            ],
        )
    }

    #[test]
    fn positive_periods_shift_forward_and_align_to_the_first_column() {
        // Labels 0s, 60s, 120s; freq 1min.
        let data = tz_series(&[0, 60, 120], Tz::Utc, &[1.0, 2.0, 3.0]);
        let r = table(data, "1min", 2).unwrap();
        let f = as_frame(&r);
        assert_eq!(f.index.tz, Tz::Utc);
        assert_eq!(
            f.index.datetime_ns().unwrap().as_ref(),
            [60 * S, 120 * S, 180 * S]
        );
        let keys: Vec<&String> = f.columns.keys().collect();
        assert_eq!(keys, ["shifted_1_times_1min", "shifted_2_times_1min"]);
        assert_floats(
            &f.columns["shifted_1_times_1min"].f64_values().unwrap(),
            &[1.0, 2.0, 3.0],
        );
        // Column 2 has labels 120,180,240: at 60 nothing, at 120 → 1, at 180 → 2.
        assert_floats(
            &f.columns["shifted_2_times_1min"].f64_values().unwrap(),
            &[f64::NAN, 1.0, 2.0],
        );
    }

    #[test]
    fn periods_beyond_the_allocation_bound_are_a_memory_error() {
        let empty = tz_series(&[], Tz::Utc, &[]);
        let e = table(empty, "1h", 10_000_000_000).unwrap_err();
        assert_eq!(e.type_name, "MemoryError");
    }

    #[test]
    fn negative_periods_and_irregular_index() {
        let data = Value::Series(SeriesValue::new(
            Column::from_datetime_ns(vec![0, 60 * S, 90 * S], Tz::Naive),
            Column::from_i64(vec![1, 2, 3]),
        ));
        let r = table(data, "T", -2).unwrap();
        let f = as_frame(&r);
        assert_eq!(
            f.index.datetime_ns().unwrap().as_ref(),
            [-60 * S, 0, 30 * S]
        );
        assert_eq!(
            f.columns["shifted_-1_times_T"],
            Column::from_i64(vec![1, 2, 3])
        );
        // Column -2 labels: -120, -60, -30 → at -60 → 2? no: label -60 holds value of
        // original 60s shifted by -2min, i.e. value 2; at 0 and 30s nothing.
        assert_floats(
            &f.columns["shifted_-2_times_T"].f64_values().unwrap(),
            &[2.0, f64::NAN, f64::NAN],
        );
    }

    #[test]
    fn edge_cases_and_errors() {
        let r = table(tz_series(&[0], Tz::Utc, &[1.0]), "1h", 0).unwrap();
        let f = as_frame(&r);
        assert!(f.columns.is_empty() && f.height() == 0);
        let r = table(tz_series(&[], Tz::Utc, &[]), "1h", 2).unwrap();
        let f = as_frame(&r);
        assert_eq!(f.columns.len(), 2);
        assert_eq!(f.height(), 0);
        // Single point: the second column has nothing at the first column's label.
        let r = table(tz_series(&[0], Tz::Utc, &[5.0]), "1h", 2).unwrap();
        let f = as_frame(&r);
        assert_floats(
            &f.columns["shifted_2_times_1h"].f64_values().unwrap(),
            &[f64::NAN],
        );
        let dup = tz_series(&[0, 0], Tz::Utc, &[1.0, 2.0]);
        assert_eq!(
            table(dup.clone(), "1h", 1).unwrap().kind_name(),
            "dataframe"
        );
        assert_eq!(
            table(dup, "1h", 2).unwrap_err().message,
            "cannot reindex on an axis with duplicate labels"
        );
        assert_eq!(
            table(fs(&[0], &[1.0]), "1h", 1).unwrap_err().type_name,
            "NotImplementedError"
        );
        assert_eq!(
            table(tz_series(&[0], Tz::Utc, &[1.0]), "M", 1)
                .unwrap_err()
                .type_name,
            "NotSupportedByNativeEngine"
        );
        assert_eq!(
            table(tz_series(&[0], Tz::Utc, &[1.0]), "xyz", 1)
                .unwrap_err()
                .type_name,
            "ValueError"
        );
    }
}
