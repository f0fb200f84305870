//! Moving Window MAD Band Filter (`bf698fbb-1e2e-47ca-a4f8-72b06b011985`): a robust outlier
//! band from the centered moving median and median absolute deviation (MAD).

use crate::kernels::rolling::{
    nanmedian, pandas_time_bounds, rolling_median_mad, rolling_values, Closed,
};
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::value::{Column, ColumnKind, FrameValue, SeriesValue};
use rheo_core::{ComponentError, DataType, Value};
use std::sync::Arc;

/// Identity and ports of Moving Window MAD Band Filter 1.0.0 (hetida's connector ids,
/// workflows.md Appendix A).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "bf698fbb-1e2e-47ca-a4f8-72b06b011985",
    revision_group_id: "4cf6f5e7-e4de-4714-8929-5206c595a148",
    name: "Moving Window MAD Band Filter",
    category: "Filters",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Detect outliers by moving window median absolute deviation (MAD) bandpass filter",
    inputs: &[
        PortSpec::new(
            "series",
            "228b2073-8946-47d7-9bc5-e3f606413291",
            DataType::Series,
        ),
        PortSpec::new(
            "window_size",
            "2890da86-d4dd-4ece-a917-8574da4692ef",
            DataType::String,
        ),
        PortSpec::new(
            "min_num_datapoints_in_window",
            "77ec0e96-81ee-4a4d-a2a6-99ad0ab71bdf",
            DataType::Int,
        ),
        PortSpec::new(
            "mad_scaling_factor",
            "3fbf12d9-e297-4e19-94a2-2b7ed3cba32f",
            DataType::Float,
        ),
        PortSpec::new(
            "min_band_width_factor",
            "258ed00c-589a-4191-bf9b-9ba2d91986db",
            DataType::Float,
        ),
    ],
    outputs: &[
        PortSpec::new(
            "band_filter_dataframe",
            "b783e836-dc11-4f7a-a642-07bd5d5a195c",
            DataType::DataFrame,
        ),
        PortSpec::new(
            "filter_mask",
            "3160f65d-48ea-4942-b647-75034172c8bb",
            DataType::Series,
        ),
    ],
};

/// Moving Window MAD Band Filter as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Moving Window MAD Band Filter. With w = `window_size` (a fixed pandas offset, also with
/// a decimal multiplier such as Infer Window Size's "450.0S") and min_periods =
/// `min_num_datapoints_in_window`, over the **centered** time window `(t - w/2, t + w/2]`:
///
/// * `band_center`: the median of the non-NaN window values, NaN below min_periods;
/// * `rolling_deviation`: `mad_scaling_factor` × MAD of the raw window values, MAD =
///   median(|v - median(v)|); any NaN in the window makes it NaN (`np.median` semantics),
///   fewer than min_periods non-NaN values too;
/// * minimum width: mw = median of the non-NaN deviations × `min_band_width_factor`;
///   deviations below mw are raised to mw (NaN stays NaN);
/// * `filter_mask`: |value - center| ≤ deviation (False where either is NaN), forced to
///   True where the center is NaN.
///
/// Outputs the frame `values` (the input), `band_center`, `rolling_deviation`,
/// `filter_mask` on the input index, and `filter_mask` as a bool series named
/// "filter_mask"; attrs of the input are kept on both.
///
/// Errors: a non-datetime index raises TypeError "This component is exclusively for series
/// with Datetime index!"; an unsorted index "index values must be monotonic" (no sorting,
/// as in hetida); a negative min_num_datapoints_in_window ValueError "min_periods must be >=
/// 0"; window string errors as pandas raises them.
///
/// Deviation: hetida switches to a numba-compiled MAD for series of ≥ 10 000 points whose
/// NaN handling is not well defined; Rheo uses the NaN-propagating semantics for all sizes.
/// The MAD is computed from a sorted window buffer (O(w) update, O(log w) per MAD) instead
/// of two full medians per window.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let series = inputs.series("series")?;
    let window = inputs.str("window_size")?;
    let min_periods = inputs.int("min_num_datapoints_in_window")?;
    let scale = inputs.float("mad_scaling_factor")?;
    let width_factor = inputs.float("min_band_width_factor")?;
    let (frame, mask) = band_filter(series, window, min_periods, scale, width_factor)?;
    let mut out = Outputs::with_capacity(2);
    out.insert("band_filter_dataframe", Arc::new(Value::Frame(frame)));
    out.insert("filter_mask", Arc::new(Value::Series(mask)));
    Ok(out)
}

/// The band filter statistics (frame and mask series) of a datetime-indexed series.
pub fn band_filter(
    series: &SeriesValue,
    window: &str,
    min_periods: i64,
    scale: f64,
    width_factor: f64,
) -> Result<(FrameValue, SeriesValue), ComponentError> {
    if series.index.kind() != ColumnKind::Datetime {
        return Err(ComponentError::type_error(
            "This component is exclusively for series with Datetime index!",
        ));
    }
    let min_periods = usize::try_from(min_periods)
        .map_err(|_| ComponentError::value_error("min_periods must be >= 0"))?;
    let bounds = pandas_time_bounds(&series.index, window, Closed::Right, true)?;
    let v = rolling_values(&series.values)?;
    let (center, mut deviation) = rolling_median_mad(&v, &bounds, min_periods);
    for d in &mut deviation {
        *d *= scale;
    }
    let mut valid: Vec<f64> = deviation.iter().copied().filter(|d| !d.is_nan()).collect();
    let min_width = nanmedian(&mut valid) * width_factor;
    for d in &mut deviation {
        if *d < min_width {
            *d = min_width;
        }
    }
    let mask: Vec<bool> = (0..v.len())
        .map(|i| center[i].is_nan() || (v[i] - center[i]).abs() <= deviation[i])
        .collect();
    let mask_col = Column::from_bool(mask);
    let frame = FrameValue {
        index: series.index.clone(),
        columns: [
            ("values".to_string(), series.values.clone()),
            ("band_center".to_string(), Column::from_f64(center)),
            ("rolling_deviation".to_string(), Column::from_f64(deviation)),
            ("filter_mask".to_string(), mask_col.clone()),
        ]
        .into_iter()
        .collect(),
        attrs: series.attrs.clone(),
    };
    let mask = SeriesValue {
        name: Some("filter_mask".to_string()),
        index: series.index.clone(),
        values: mask_col,
        attrs: series.attrs.clone(),
    };
    Ok((frame, mask))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::rolling::test_util::*;
    use rheo_core::value::Tz;

    const SECS: [i64; 44] = [
        0, 1248, 2497, 3746, 4995, 6244, 7493, 8742, 9991, 11240, 12489, 13738, 14987, 16236,
        17485, 18734, 19983, 21232, 22481, 24979, 26228, 27477, 28726, 31224, 36220, 37469, 38718,
        39967, 41216, 42465, 43714, 44963, 46212, 47461, 48710, 51208, 52457, 53706, 54955, 56204,
        57453, 58702, 59951, 61200,
    ];
    const VALUES: [f64; 44] = [
        1.058, 0.699, 1.08, 1.054, 0.763, 1.034, 0.965, 0.601, 0.933, 1.081, 2.1, 0.988, 0.741,
        0.647, 0.556, 0.453, 1.009, 1.72, 1.002, 0.857, 0.864, 0.606, 0.899, 0.62, 0.721, 1.193,
        0.833, 2.06, 0.68, 1.136, 0.62, 0.946, 0.746, 0.833, 0.857, 0.947, 0.841, 0.668, 0.675,
        0.84, 0.821, 0.625, 1.155, 0.968,
    ];

    fn series(secs: &[i64], values: &[f64]) -> SeriesValue {
        let Value::Series(s) = dts(secs, Tz::Utc, values) else {
            unreachable!()
        };
        s
    }

    fn col(f: &FrameValue, name: &str) -> Vec<f64> {
        f.columns[name].f64_values().unwrap().into_owned()
    }

    #[test]
    fn hetida_documentation_example() {
        // hetida's example: 44 points, window "17486.0S", min 10 points, factor 4.4478.
        let (frame, mask) =
            band_filter(&series(&SECS, &VALUES), "17486.0S", 10, 4.4478, 1.0).unwrap();
        let mask: Vec<bool> = mask
            .values
            .bool_values()
            .unwrap()
            .into_iter()
            .flatten()
            .collect();
        let outliers: Vec<usize> = (0..44).filter(|&i| !mask[i]).collect();
        assert_eq!(outliers, [10, 17, 27]);
        let center = col(&frame, "band_center");
        let dev = col(&frame, "rolling_deviation");
        let nan_at: Vec<usize> = (0..44).filter(|&i| center[i].is_nan()).collect();
        assert_eq!(nan_at, [0, 1, 20, 21, 22, 23, 40, 41, 42, 43]);
        for (i, c, d) in [
            (2, 0.9995, 0.511497),
            (7, 0.965, 0.5159448),
            (10, 0.949, 0.8762166),
            (24, 0.866, 0.9607248),
            (39, 0.8405, 0.5203926),
        ] {
            assert!((center[i] - c).abs() < 1e-9, "center {i}: {}", center[i]);
            assert!((dev[i] - d).abs() < 1e-6, "deviation {i}: {}", dev[i]);
        }
        assert_eq!(
            frame.columns.keys().collect::<Vec<_>>(),
            ["values", "band_center", "rolling_deviation", "filter_mask"]
        );
        assert_eq!(frame.columns["values"], Column::from_f64(VALUES.to_vec()));
    }

    #[test]
    fn nan_next_to_a_point_flags_it() {
        // Centered 4 s windows (t-2, t+2], min 1 point, scale 1, no minimum width.
        let s = series(&[0, 1, 2, 3, 10], &[1.0, 2.0, f64::NAN, 4.0, 7.0]);
        let (frame, mask) = band_filter(&s, "4s", 1, 1.0, 0.0).unwrap();
        let center = col(&frame, "band_center");
        let dev = col(&frame, "rolling_deviation");
        // Windows: t0 (-2,2] -> 1,2,NaN ; t1 (-1,3] -> 1,2,NaN,4 ; t2 (0,4] -> 2,NaN,4 ;
        // t3 (1,5] -> NaN,4 ; t10 (8,12] -> 7.
        close(&center, &[1.5, 2.0, 3.0, 4.0, 7.0]);
        close(&dev, &[f64::NAN, f64::NAN, f64::NAN, f64::NAN, 0.0]);
        let mask: Vec<bool> = mask
            .values
            .bool_values()
            .unwrap()
            .into_iter()
            .flatten()
            .collect();
        assert_eq!(mask, [false, false, false, false, true]);
        assert_eq!(frame.columns["filter_mask"].bool_values().unwrap().len(), 5);
    }

    #[test]
    fn minimum_width_and_min_periods() {
        // Five points 1 s apart, window 3 s centered (t-1.5, t+1.5]: three points inside
        // except at the ends. min_periods 3 makes the ends NaN -> mask True there.
        let s = series(&[0, 1, 2, 3, 4], &[1.0, 1.0, 5.0, 1.0, 1.0]);
        let (frame, mask) = band_filter(&s, "3s", 3, 1.0, 1.0).unwrap();
        let center = col(&frame, "band_center");
        close(&center, &[f64::NAN, 1.0, 1.0, 1.0, f64::NAN]);
        // MADs: [1,1,5] -> 0, [1,5,1] -> 0, [5,1,1] -> 0: median 0, min width 0.
        close(
            &col(&frame, "rolling_deviation"),
            &[f64::NAN, 0.0, 0.0, 0.0, f64::NAN],
        );
        let mask: Vec<bool> = mask
            .values
            .bool_values()
            .unwrap()
            .into_iter()
            .flatten()
            .collect();
        assert_eq!(mask, [true, true, false, true, true]);
        // A minimum width from the median deviation: values 0,1,0,3,0 -> MADs per window.
        let s = series(&[0, 1, 2, 3, 4], &[0.0, 1.0, 0.0, 3.0, 0.0]);
        let (frame, _) = band_filter(&s, "3s", 2, 2.0, 1.0).unwrap();
        // Windows: [0,1] med .5 MAD .5; [0,1,0] med 0 MAD 0; [1,0,3] med 1 MAD 1;
        // [0,3,0] med 0 MAD 0; [3,0] med 1.5 MAD 1.5. Scaled x2: 1,0,2,0,3; median 1.
        close(
            &col(&frame, "rolling_deviation"),
            &[1.0, 1.0, 2.0, 1.0, 3.0],
        );
    }

    #[test]
    fn empty_single_and_errors() {
        let (frame, mask) = band_filter(&series(&[], &[]), "1h", 1, 1.0, 1.0).unwrap();
        assert_eq!(frame.height(), 0);
        assert!(mask.is_empty());
        let (frame, _) = band_filter(&series(&[0], &[2.0]), "1h", 1, 1.0, 1.0).unwrap();
        close(&col(&frame, "band_center"), &[2.0]);
        close(&col(&frame, "rolling_deviation"), &[0.0]);
        let ints = SeriesValue::new(Column::from_i64(vec![1]), Column::from_f64(vec![1.0]));
        let e = band_filter(&ints, "1h", 1, 1.0, 1.0).unwrap_err();
        assert_eq!(e.type_name, "TypeError");
        let unsorted = series(&[1, 0], &[1.0, 2.0]);
        assert!(band_filter(&unsorted, "1h", 1, 1.0, 1.0).is_ok());
        let unsorted = series(&[1, 0, 3], &[1.0, 2.0, 3.0]);
        let e = band_filter(&unsorted, "1h", 1, 1.0, 1.0).unwrap_err();
        assert_eq!(e.message, "index values must be monotonic");
        let e = band_filter(&series(&[0], &[1.0]), "1h", -1, 1.0, 1.0).unwrap_err();
        assert_eq!(e.message, "min_periods must be >= 0");
    }
}
