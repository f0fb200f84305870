//! Signum (`24f115a8-45ad-21f2-c6ce-8edfc28f3b3f`): sign of a value.

use crate::kernels::elementwise::map_num;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Signum 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "24f115a8-45ad-21f2-c6ce-8edfc28f3b3f",
    revision_group_id: "24f115a8-45ad-21f2-c6ce-8edfc28f3b3f",
    name: "Signum",
    category: "Basic Arithmetic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Sign of a value",
    inputs: &[PortSpec::new(
        "data",
        "8ae9aed6-8009-2aa6-1b2e-d991c6535e90",
        DataType::Any,
    )],
    outputs: &[PortSpec::new(
        "signum",
        "2e6a7af0-898a-2e5f-06b8-8c740b06f8f0",
        DataType::Any,
    )],
};

/// Signum as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Signum: `numpy.sign` — -1, 0 or +1 in the input's dtype (floats give -1.0/0.0/1.0),
/// NaN stays NaN; elementwise for series and frames (index and name kept).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let data = inputs.value("data")?;
    let result = map_num(data, "sign", i64::signum, float_sign, false)?;
    Ok(Outputs::single("signum", result))
}

/// numpy's sign of a float: ±1.0, 0.0 for both zeros, NaN for NaN.
fn float_sign(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else if x == 0.0 {
        0.0
    } else {
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::Value;

    fn sign(v: Value) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("data", v)])
    }

    #[test]
    fn signs_keep_the_dtype() {
        assert_eq!(sign(Value::Int(-7)).unwrap(), Value::Int(-1));
        assert_eq!(sign(Value::Float(2.5)).unwrap(), Value::Float(1.0));
        assert_eq!(sign(Value::Float(-0.0)).unwrap(), Value::Float(0.0));
        let (_, v) = parts(&sign(fs(&[0, 1, 2], &[-3.0, 0.0, f64::NAN])).unwrap());
        assert_floats(&v, &[-1.0, 0.0, f64::NAN]);
        let r = sign(is(&[0, 1], &[-4, 9])).unwrap();
        let Value::Series(s) = &r else { panic!() };
        assert_eq!(s.values.i64_values().unwrap().as_ref(), [-1, 1]);
    }
}
