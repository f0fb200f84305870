//! The first-order digital Butterworth filter shared by Lowpass Filter and Highpass Filter:
//! coefficients as scipy 1.12 `butter(1, Wn, btype)` computes them, applied once with
//! `lfilter` (direct form II transposed, zero initial state).

use rheo_core::component::{Inputs, Outputs, OutputsExt};
use rheo_core::value::{Column, ColumnKind, SeriesValue};
use rheo_core::{ComponentError, Value};

/// Which pass band.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    /// `btype="low"`.
    Low,
    /// `btype="high"`.
    High,
}

/// `(b, a)` of `butter(1, wn, btype)`, computed along scipy's zpk path (analog prototype
/// pole −1, pre-warped cutoff w = 4·tan(π·Wn/2), bilinear transform with fs = 2), which
/// equals the closed form k = tan(π·Wn/2): lowpass b = [k/(1+k), k/(1+k)], highpass
/// b = [1/(1+k), −1/(1+k)], a = [1, (k−1)/(k+1)].
///
/// # Errors
/// ValueError "Digital filter critical frequencies must be 0 < Wn < 1" when Wn ≤ 0 or
/// Wn ≥ 1 (NaN passes the check and yields NaN coefficients, as in scipy).
pub fn butter1(wn: f64, band: Band) -> Result<([f64; 2], [f64; 2]), ComponentError> {
    if wn <= 0.0 || wn >= 1.0 {
        return Err(ComponentError::value_error(
            "Digital filter critical frequencies must be 0 < Wn < 1",
        ));
    }
    let fs2 = 4.0;
    let warped = 2.0 * 2.0 * (std::f64::consts::PI * wn / 2.0).tan();
    // Analog pole after the band transformation: −w for both low- and highpass.
    let p = -warped;
    let pz = (fs2 + p) / (fs2 - p);
    let a = [1.0, -pz];
    let b = match band {
        Band::Low => {
            // k_analog = w; no finite zeros; one zero at −1 added by the bilinear transform.
            let kz = warped * (1.0 / (fs2 - p));
            [kz, kz]
        }
        Band::High => {
            // One analog zero at 0 → digital zero at +1; k_analog = 1.
            let kz = 1.0 * (fs2 / (fs2 - p));
            [kz, -kz]
        }
    };
    Ok((b, a))
}

/// `lfilter(b, a, x)` for first-order coefficients (`a[0] = 1`), zero initial state.
pub fn lfilter1(b: [f64; 2], a: [f64; 2], x: &[f64]) -> Vec<f64> {
    let mut z = 0.0;
    x.iter()
        .map(|&xn| {
            let y = z + b[0] * xn;
            z = b[1] * xn - a[1] * y;
            y
        })
        .collect()
}

/// Runs a Butterworth filter component: inputs `data` (SERIES) and `frequency`, output
/// `filtered`.
pub(crate) fn run_filter(inputs: &Inputs, band: Band) -> Result<Outputs, ComponentError> {
    let data = inputs.series("data")?;
    let frequency = inputs.float("frequency")?;
    let n = data.len();
    if n == 0 {
        return Err(ComponentError::new(
            "IndexError",
            "index -1 is out of bounds for axis 0 with size 0",
        ));
    }
    let span_seconds = match data.index.kind() {
        ColumnKind::Datetime => {
            let ns = data.index.datetime_ns_opt().unwrap_or_default();
            match (ns[0], ns[n - 1]) {
                (Some(first), Some(last)) => (last - first) as f64 / 1e9,
                _ => f64::NAN,
            }
        }
        kind => {
            return Err(ComponentError::new(
                "AttributeError",
                format!(
                    "'{}' object has no attribute 'total_seconds'",
                    crate::kernels::elementwise::py_entry_type(kind)
                ),
            ));
        }
    };
    if span_seconds == 0.0 {
        return Err(ComponentError::new(
            "ZeroDivisionError",
            "float division by zero",
        ));
    }
    let nyq = 0.5 * n as f64 / span_seconds;
    let (b, a) = butter1(frequency / nyq, band)?;
    let x = data.values.f64_values().ok_or_else(|| {
        ComponentError::type_error(format!(
            "lfilter: the values must be numeric, got {:?} data",
            data.values.kind()
        ))
    })?;
    let y = lfilter1(b, a, &x);
    Ok(Outputs::single(
        "filtered",
        Value::Series(SeriesValue::new(data.index.clone(), Column::from_f64(y))),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coefficients_match_the_order_one_formulas() {
        for wn in [0.01, 0.1, 0.25, 0.5, 0.9] {
            let k = (std::f64::consts::PI * wn / 2.0).tan();
            let (b, a) = butter1(wn, Band::Low).unwrap();
            let a1 = (k - 1.0) / (k + 1.0);
            assert!((b[0] - k / (1.0 + k)).abs() < 1e-15);
            assert!((b[1] - k / (1.0 + k)).abs() < 1e-15);
            assert_eq!(a[0], 1.0);
            assert!((a[1] - a1).abs() < 1e-15);
            let (b, a) = butter1(wn, Band::High).unwrap();
            assert!((b[0] - 1.0 / (1.0 + k)).abs() < 1e-15);
            assert!((b[1] + 1.0 / (1.0 + k)).abs() < 1e-15);
            assert!((a[1] - a1).abs() < 1e-15);
        }
        // Wn = 0.5: k = tan(pi/4) = 1 → lowpass b = [0.5, 0.5], a = [1, 0].
        let (b, a) = butter1(0.5, Band::Low).unwrap();
        assert!((b[0] - 0.5).abs() < 1e-15 && a[1].abs() < 1e-15);
    }

    #[test]
    fn invalid_cutoffs_raise_and_nan_passes() {
        for wn in [0.0, 1.0, -0.1, 1.5] {
            let e = butter1(wn, Band::Low).unwrap_err();
            assert_eq!(
                e.message,
                "Digital filter critical frequencies must be 0 < Wn < 1"
            );
        }
        let (b, _) = butter1(f64::NAN, Band::High).unwrap();
        assert!(b[0].is_nan());
    }

    #[test]
    fn lfilter_is_the_causal_recursion() {
        // y[n] = b0 x[n] + b1 x[n-1] - a1 y[n-1] with b = [0.5, 0.5], a = [1, -0.5].
        let y = lfilter1([0.5, 0.5], [1.0, -0.5], &[1.0, 0.0, 0.0, 2.0]);
        assert_eq!(y, [0.5, 0.75, 0.375, 1.1875]);
        let y = lfilter1([0.5, 0.5], [1.0, -0.5], &[1.0, f64::NAN, 0.0]);
        assert!(y[1].is_nan() && y[2].is_nan());
        assert!(lfilter1([1.0, 1.0], [1.0, 0.0], &[]).is_empty());
    }
}
