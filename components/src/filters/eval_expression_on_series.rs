//! Eval Expression On Series (`f70f53c2-645e-4bfa-91e1-a3ecbd56465a`): evaluates a pandas
//! expression string (`pd.eval`) in which the series is the variable `x`.

use super::eval_expression_on_dataframe::as_eval_result;
use super::expression::{evaluate, parse_statement, split_lines};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::{ComponentError, DataType, Value};

/// Identity and ports of Eval Expression On Series 1.0.0 (a Python-module component:
/// hetida's seeded ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "f70f53c2-645e-4bfa-91e1-a3ecbd56465a",
    revision_group_id: "fae04080-abff-46e4-a964-a118640e95f7",
    name: "Eval Expression On Series",
    category: "Filters",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Evaluates a string expression on a series",
    inputs: &[
        PortSpec::new(
            "series",
            "31a7c0a2-8d35-6c57-d742-f0a8092d0c87",
            DataType::Series,
        ),
        PortSpec::new(
            "expression",
            "81dec982-e46a-80ac-8978-1f179dc93f1e",
            DataType::String,
        ),
    ],
    outputs: &[PortSpec::new(
        "result_series",
        "4264f759-062b-a7d5-508c-280df55ed302",
        DataType::Series,
    )],
};

/// Eval Expression On Series as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Eval Expression On Series: `pd.eval(expression)` with the series bound to `x` (also
/// reachable as `series`, the other local of hetida's function), same grammar as the
/// DataFrame variant ([`super::expression`]). Elementwise, columnar result on the series'
/// index, unnamed and without attrs (pandas' eval with numexpr builds a new series).
/// Expressions without `x` give a plain value. As in pandas' eval, `//` works only between
/// constants (TypeError naming the operand nodes otherwise) and `/` by a zero constant
/// raises ZeroDivisionError ("float division by zero").
///
/// Errors as pandas: empty expression → ValueError "expr cannot be an empty string";
/// several lines → ValueError "multi-line expressions are only valid in the context of
/// data, use DataFrame.eval"; assignments → ValueError "cannot assign without a target
/// object"; unknown names → UndefinedVariableError; malformed text → SyntaxError.
/// A blank expression gives null.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let series = inputs.shared("series")?;
    let expression = inputs.str("expression")?;
    let lines = split_lines(expression)?;
    if lines.len() > 1 {
        return Err(ComponentError::value_error(
            "multi-line expressions are only valid in the context of data, use \
             DataFrame.eval",
        ));
    }
    let Some(line) = lines.first() else {
        return Ok(Outputs::single("result_series", Value::Null));
    };
    let statement = parse_statement(line)?;
    if statement.target.is_some() {
        return Err(ComponentError::value_error(
            "cannot assign without a target object",
        ));
    }
    let resolve = |name: &str| match name {
        "x" | "series" => Some(series.as_ref().clone()),
        _ => None,
    };
    let value = evaluate(&statement.expr, &resolve)?;
    Ok(Outputs::single("result_series", as_eval_result(value)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::compare::test_util::{bools, tz_series};
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::value::{Column, Tz};

    fn eval(s: Value, expr: &str) -> Result<Value, ComponentError> {
        run1(
            &COMPONENT,
            &[("series", s), ("expression", Value::Str(expr.into()))],
        )
    }

    #[test]
    fn hetida_examples() {
        let s = tz_series(&[0, 10, 20], Tz::Utc, &[42.2, 18.7, 25.9]);
        let r = eval(s, "x > 42").unwrap();
        assert_eq!(bools(&r), [true, false, false]);
        let Value::Series(r) = r else { panic!() };
        assert_eq!(r.index.tz, Tz::Utc);
        // Documentation: x>2 on [1,2,3,4].
        let r = eval(is(&[0, 1, 2, 3], &[1, 2, 3, 4]), "x>2").unwrap();
        assert_eq!(bools(&r), [false, false, true, true]);
    }

    #[test]
    fn arithmetic_keeps_the_index_and_drops_name_and_attrs() {
        let mut s = named(fs(&[3, 1], &[1.0, f64::NAN]), "v");
        if let Value::Series(inner) = &mut s {
            inner.attrs.insert("k".into(), serde_json::json!(1));
        }
        let r = eval(s.clone(), "x * 2 + 1").unwrap();
        let (idx, vals) = parts(&r);
        assert_eq!(idx, [3, 1]);
        assert_floats(&vals, &[3.0, f64::NAN]);
        let Value::Series(r) = r else { panic!() };
        assert_eq!(r.name, None);
        assert!(r.attrs.is_empty());
        let r = eval(s, "series - x").unwrap();
        assert_floats(&parts(&r).1, &[0.0, f64::NAN]);
        let Value::Series(r) = eval(is(&[0], &[5]), "-x * 2").unwrap() else {
            panic!()
        };
        assert_eq!(r.values, Column::from_i64(vec![-10]));
        assert_eq!(
            eval(is(&[0], &[5]), "x / 0").unwrap_err().type_name,
            "ZeroDivisionError"
        );
        let (idx, _) = parts(&eval(fs(&[], &[]), "x + 1").unwrap());
        assert!(idx.is_empty());
    }

    #[test]
    fn errors_like_pandas() {
        let s = fs(&[0], &[1.0]);
        assert_eq!(
            eval(s.clone(), "y + 1").unwrap_err().type_name,
            "UndefinedVariableError"
        );
        assert_eq!(
            eval(s.clone(), "y = x").unwrap_err().message,
            "cannot assign without a target object"
        );
        assert!(eval(s.clone(), "x\nx")
            .unwrap_err()
            .message
            .starts_with("multi-line expressions"));
        assert_eq!(eval(s.clone(), "x >").unwrap_err().type_name, "SyntaxError");
        assert_eq!(
            eval(s, "").unwrap_err().message,
            "expr cannot be an empty string"
        );
    }
}
