//! Round (`50220962-16c0-c94f-8f0a-1e57d76e6878`): rounds to a number of decimals.

use crate::kernels::elementwise::{map_num, py_type, scalar_of, Scalar};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::Value;
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Round 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "50220962-16c0-c94f-8f0a-1e57d76e6878",
    revision_group_id: "50220962-16c0-c94f-8f0a-1e57d76e6878",
    name: "Round",
    category: "Basic Arithmetic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Rounds values to a number of decimals",
    inputs: &[
        PortSpec::new(
            "data",
            "af913fee-f47d-7ece-99bb-865d4756b8d4",
            DataType::Any,
        ),
        PortSpec::new(
            "decimals",
            "411c4761-1ae8-481f-2e59-f8882c6e044e",
            DataType::Int,
        ),
    ],
    outputs: &[PortSpec::new(
        "rounded",
        "1189d4f3-2d77-065b-1416-fe19a0b615ff",
        DataType::Any,
    )],
};

/// Round as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Round: Python `round(data, decimals)`, whose meaning depends on the runtime type:
///
/// * series/frames: numpy rounding — scale by 10^decimals, round half to even, scale back
///   (`[0.5, 1.5, 2.5]` → `[0, 2, 2]`, 2.675 → 2.68); int data stay int (negative decimals
///   round to tens, hundreds, … half to even); non-numeric frame columns are left as they
///   are (`DataFrame.round`);
/// * a plain float: Python's correctly rounded decimal algorithm (`round(2.675, 2)` =
///   2.67);
/// * a plain int (or bool): an int, negative decimals round half to even.
///
/// NaN and ±inf stay as they are. A non-integer `decimals` raises TypeError.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let data = inputs.value("data")?;
    let decimals = inputs.int("decimals")?;
    let result = match data {
        Value::Series(_) | Value::Frame(_) => map_num(
            data,
            "round",
            |x| numpy_round_int(x, decimals),
            |x| numpy_round(x, decimals),
            true,
        )?,
        other => match scalar_of(other) {
            Some(Scalar::Int(i)) => Value::Int(python_round_int(i, decimals)?),
            Some(Scalar::Float(f)) => Value::Float(python_round_float(f, decimals)),
            None => {
                return Err(ComponentError::type_error(format!(
                    "type {} doesn't define __round__ method",
                    py_type(other)
                )))
            }
        },
    };
    Ok(Outputs::single("rounded", result))
}

/// numpy's `power_of_ten`: a table up to 10^8, repeated multiplication above.
fn power_of_ten(n: u64) -> f64 {
    const P10: [f64; 9] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];
    if n < 9 {
        return P10[n as usize];
    }
    let mut r = 1e9;
    for _ in 9..n.min(400) {
        r *= 10.0;
    }
    r
}

/// numpy's `around` of one float: `rint(x * 10^d) / 10^d` (or `rint(x / 10^-d) * 10^-d`).
pub fn numpy_round(x: f64, decimals: i64) -> f64 {
    if decimals >= 0 {
        let f = power_of_ten(decimals as u64);
        (x * f).round_ties_even() / f
    } else {
        let f = power_of_ten(decimals.unsigned_abs());
        (x / f).round_ties_even() * f
    }
}

/// numpy's `around` of an int: unchanged for `decimals >= 0`, else computed in float and
/// cast back.
pub fn numpy_round_int(x: i64, decimals: i64) -> i64 {
    if decimals >= 0 {
        x
    } else {
        numpy_round(x as f64, decimals) as i64
    }
}

/// Python's `round(int, ndigits)`: exact, half to even.
pub fn python_round_int(x: i64, decimals: i64) -> Result<i64, ComponentError> {
    if decimals >= 0 {
        return Ok(x);
    }
    let k = decimals.unsigned_abs();
    if k > 19 {
        return Ok(0);
    }
    let p = 10i128.pow(k as u32);
    let x = i128::from(x);
    let (q, r) = (x.div_euclid(p), x.rem_euclid(p));
    let q = match (2 * r).cmp(&p) {
        std::cmp::Ordering::Greater => q + 1,
        std::cmp::Ordering::Equal => q + (q & 1),
        std::cmp::Ordering::Less => q,
    };
    i64::try_from(q * p)
        .map_err(|_| ComponentError::new("OverflowError", "rounded integer exceeds 64 bits"))
}

/// Python's `round(float, ndigits)`: the decimal value of `x` rounded half to even at
/// `ndigits` (from its exact binary value), read back as the nearest float.
pub fn python_round_float(x: f64, decimals: i64) -> f64 {
    if !x.is_finite() || decimals > 323 {
        return x;
    }
    if decimals < -308 {
        return 0.0 * x;
    }
    if decimals >= 0 {
        // Rust prints the exact decimal expansion rounded half to even.
        return format!("{:.*}", decimals as usize, x).parse().unwrap_or(x);
    }
    let k = decimals.unsigned_abs() as usize;
    let digits = format!("{:.0}", x.trunc().abs());
    let has_fraction = x.fract() != 0.0;
    let magnitude: f64 = if digits.len() < k {
        0.0
    } else {
        let (head, tail) = digits.split_at(digits.len() - k);
        let half = format!("5{}", "0".repeat(k - 1));
        let up = match tail.cmp(half.as_str()) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Equal => {
                has_fraction || head.bytes().last().is_some_and(|d| (d - b'0') % 2 == 1)
            }
        };
        let head = if up {
            increment(head)
        } else {
            head.to_string()
        };
        format!("{head}{}", "0".repeat(k)).parse().unwrap_or(0.0)
    };
    magnitude.copysign(x)
}

/// Adds one to a decimal digit string ("" counts as 0).
fn increment(digits: &str) -> String {
    let mut d: Vec<u8> = digits.bytes().collect();
    let mut i = d.len();
    loop {
        if i == 0 {
            d.insert(0, b'1');
            break;
        }
        i -= 1;
        if d[i] == b'9' {
            d[i] = b'0';
        } else {
            d[i] += 1;
            break;
        }
    }
    String::from_utf8(d).expect("ASCII digits")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;

    fn round(v: Value, d: i64) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("data", v), ("decimals", Value::Int(d))])
    }

    #[test]
    fn series_round_half_to_even_after_scaling() {
        let (_, v) = parts(&round(fs(&[0, 1, 2, 3], &[0.5, 1.5, 2.5, -0.5]), 0).unwrap());
        assert_floats(&v, &[0.0, 2.0, 2.0, -0.0]);
        assert!(v[3].is_sign_negative());
        let (_, v) = parts(&round(fs(&[0, 1, 2], &[2.675, 1.005, f64::NAN]), 2).unwrap());
        assert_floats(&v, &[2.68, 1.0, f64::NAN]);
        let (_, v) = parts(&round(fs(&[0, 1], &[1250.0, 1351.0]), -2).unwrap());
        assert_floats(&v, &[1200.0, 1400.0]);
        let r = round(is(&[0, 1, 2], &[15, 25, -15]), -1).unwrap();
        let Value::Series(s) = &r else { panic!() };
        assert_eq!(s.values.i64_values().unwrap().as_ref(), [20, 20, -20]);
        let r = round(is(&[0], &[17]), 2).unwrap();
        let Value::Series(s) = &r else { panic!() };
        assert_eq!(s.values.i64_values().unwrap().as_ref(), [17]);
    }

    #[test]
    fn plain_floats_round_correctly() {
        assert_eq!(round(Value::Float(2.675), 2).unwrap(), Value::Float(2.67));
        assert_eq!(round(Value::Float(2.5), 0).unwrap(), Value::Float(2.0));
        assert_eq!(round(Value::Float(0.125), 2).unwrap(), Value::Float(0.12));
        assert_eq!(
            round(Value::Float(1234.5), -2).unwrap(),
            Value::Float(1200.0)
        );
        assert_eq!(
            round(Value::Float(1250.0), -2).unwrap(),
            Value::Float(1200.0)
        );
        assert_eq!(
            round(Value::Float(1250.5), -2).unwrap(),
            Value::Float(1300.0)
        );
        assert_eq!(
            round(Value::Float(-1350.0), -2).unwrap(),
            Value::Float(-1400.0)
        );
        assert_eq!(round(Value::Float(49.0), -2).unwrap(), Value::Float(0.0));
        assert_eq!(round(Value::Float(1e300), -400).unwrap(), Value::Float(0.0));
        assert!(matches!(round(Value::Float(f64::NAN), 1).unwrap(), Value::Float(f) if f.is_nan()));
        assert_eq!(
            round(Value::Float(f64::INFINITY), 1).unwrap(),
            Value::Float(f64::INFINITY)
        );
    }

    #[test]
    fn plain_ints_stay_ints() {
        assert_eq!(round(Value::Int(17), 3).unwrap(), Value::Int(17));
        assert_eq!(round(Value::Int(25), -1).unwrap(), Value::Int(20));
        assert_eq!(round(Value::Int(-35), -1).unwrap(), Value::Int(-40));
        assert_eq!(round(Value::Int(5), -1).unwrap(), Value::Int(0));
        assert_eq!(round(Value::Int(i64::MAX), -30).unwrap(), Value::Int(0));
        assert_eq!(round(Value::Bool(true), 1).unwrap(), Value::Int(1));
        assert_eq!(
            round(Value::Str("1".into()), 1).unwrap_err().type_name,
            "TypeError"
        );
        let e = run1(
            &COMPONENT,
            &[("data", Value::Float(1.0)), ("decimals", Value::Float(1.0))],
        );
        assert_eq!(e.unwrap_err().type_name, "TypeError");
    }
}
