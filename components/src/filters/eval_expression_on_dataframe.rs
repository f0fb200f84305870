//! Eval Expression On DataFrame (`4d9fc046-b35d-4c3a-b326-7a631f3e708f`): evaluates a
//! pandas expression string over the columns of a DataFrame (`DataFrame.eval`).

use super::expression::{evaluate, parse_statement, split_lines};
use crate::kernels::rows::attribute_error;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Attrs, Column, FrameValue, SeriesValue};
use rheo_core::{ComponentError, DataType, Value};

/// Identity and ports of Eval Expression On DataFrame 1.0.0 (a Python-module component:
/// hetida's seeded ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "4d9fc046-b35d-4c3a-b326-7a631f3e708f",
    revision_group_id: "87db5d56-9f24-436f-ae8e-4d0a52607004",
    name: "Eval Expression On DataFrame",
    category: "Filters",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Evaluates a string expression on a DataFrame",
    inputs: &[
        PortSpec::new(
            "dataframe",
            "43dbf0bf-f929-621c-1add-b17e342ae035",
            DataType::DataFrame,
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

/// Eval Expression On DataFrame as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Eval Expression On DataFrame: `dataframe.eval(expression)` with the grammar of
/// [`super::expression`] (arithmetic `+ - * / // % **`, comparisons, `&`/`|`/`~`,
/// `and`/`or`/`not`, unary minus, parentheses, literals, numexpr math functions). Column
/// names are the variables (`` `quoted` `` for names with spaces), `index` is the frame's
/// index as a series; `@`-locals are not available. Evaluation is columnar and
/// positional on the frame index.
///
/// Result: usually a Series on the frame index, unnamed even for a bare column (`a`), as
/// pandas' numexpr engine returns it, without attrs; a scalar for expressions without
/// columns. `//` works only between constants and `/` by a zero constant raises
/// ZeroDivisionError, as in pandas' eval ([`super::expression`]). Assignments (`c = a + b`, one per line, later lines see
/// earlier results) return a copy of the frame with the column added or replaced.
///
/// Errors as pandas: empty expression → ValueError; several lines that are not all
/// assignments → ValueError "Multi-line expressions are only valid if all expressions
/// contain an assignment"; unknown names → UndefinedVariableError; malformed text →
/// SyntaxError; operand type errors → TypeError.
///
/// Deviations: the names of the calling Python function's locals (`dataframe`,
/// `expression`), which pandas would also resolve, are not available; `in`/`not in`,
/// attribute access and `arctan2` raise `NotSupportedByNativeEngine`.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let frame = match inputs.value("dataframe")? {
        Value::Frame(f) => f,
        other => return Err(attribute_error(other, "eval")),
    };
    let expression = inputs.str("expression")?;
    let lines = split_lines(expression)?;
    let multi = lines.len() > 1;
    let mut target: Option<FrameValue> = None;
    let mut ret = Value::Null;
    for line in lines {
        let statement = parse_statement(line)?;
        let current = target.as_ref().unwrap_or(frame);
        let resolve = |name: &str| -> Option<Value> {
            if let Some(col) = current.columns.get(name) {
                return Some(Value::Series(SeriesValue {
                    name: Some(name.to_string()),
                    index: current.index.clone(),
                    values: col.clone(),
                    attrs: Attrs::new(),
                }));
            }
            (name == "index").then(|| {
                Value::Series(SeriesValue::new(
                    current.index.clone(),
                    current.index.clone(),
                ))
            })
        };
        let value = evaluate(&statement.expr, &resolve)?;
        match statement.target {
            None if multi => {
                return Err(ComponentError::value_error(
                    "Multi-line expressions are only valid if all expressions contain an \
                     assignment",
                ))
            }
            None => ret = value,
            Some(name) => {
                let t = target.get_or_insert_with(|| frame.clone());
                let column = as_column(value, t.height())?;
                t.columns.insert(name, column);
                ret = Value::Null;
            }
        }
    }
    let out = match target {
        Some(t) => Value::Frame(t),
        None => as_eval_result(ret),
    };
    Ok(Outputs::single("result_series", out))
}

/// A result as pandas' eval returns it with the numexpr engine: a new series, unnamed
/// (even for a bare column name) and without attrs.
pub(crate) fn as_eval_result(v: Value) -> Value {
    match v {
        Value::Series(mut s) => {
            s.attrs = Attrs::new();
            s.name = None;
            Value::Series(s)
        }
        other => other,
    }
}

/// An evaluated value as a frame column (`target[name] = value`): a series' values, or a
/// scalar broadcast to every row.
fn as_column(value: Value, n: usize) -> Result<Column, ComponentError> {
    Ok(match value {
        Value::Series(s) if s.len() == n => s.values,
        Value::Int(i) => Column::from_i64(vec![i; n]),
        Value::Float(f) => Column::from_f64(vec![f; n]),
        Value::Bool(b) => Column::from_bool(vec![b; n]),
        Value::Str(s) => Column::from_strings(vec![Some(s); n]),
        _ => {
            return Err(ComponentError::value_error(
                "Cannot assign expression output to target",
            ))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use crate::kernels::rows::test_util::*;

    fn eval(frame_v: Value, expr: &str) -> Result<Value, ComponentError> {
        run1(
            &COMPONENT,
            &[
                ("dataframe", frame_v),
                ("expression", Value::Str(expr.into())),
            ],
        )
    }

    fn ab() -> Value {
        frame(
            &[10, 20, 30, 40],
            vec![
                ("A", Column::from_i64(vec![1, 2, 3, 4])),
                ("B", Column::from_f64(vec![1.3, 2.8, f64::NAN, 2.0])),
            ],
        )
    }

    fn series(v: &Value) -> &SeriesValue {
        match v {
            Value::Series(s) => s,
            other => panic!("not a series: {other:?}"),
        }
    }

    #[test]
    fn hetida_examples() {
        // hetida's test wiring: A > 1.8 and B > 2.5.
        let r = eval(ab(), "A > 1.8 and B > 2.5").unwrap();
        let s = series(&r);
        assert_eq!(s.values, Column::from_bool(vec![false, true, false, false]));
        assert_eq!(s.index, Column::from_i64(vec![10, 20, 30, 40]));
        assert_eq!(s.name, None);
        // Documentation example: A + B on A=[1,2,3,4], B=[2,2,2,2] → [3,4,5,6] (int).
        let f = frame(
            &[0, 1, 2, 3],
            vec![
                ("A", Column::from_i64(vec![1, 2, 3, 4])),
                ("B", Column::from_i64(vec![2, 2, 2, 2])),
            ],
        );
        let r = eval(f, "A + B").unwrap();
        assert_eq!(series(&r).values, Column::from_i64(vec![3, 4, 5, 6]));
    }

    #[test]
    fn arithmetic_nan_names_and_index() {
        let r = eval(ab(), "(A - 1) * 2 ** 2 / B").unwrap();
        let s = series(&r);
        assert_eq!(s.name, None);
        assert_floats(
            &s.values.f64_values().unwrap(),
            &[0.0, 4.0 / 2.8, f64::NAN, 6.0],
        );
        // Unnamed even for one column (pandas' numexpr engine); `//` of a column is
        // pandas' TypeError.
        let r = eval(ab(), "A % 3").unwrap();
        assert_eq!(series(&r).name, None);
        assert_eq!(
            eval(ab(), "A // 3").unwrap_err().message,
            "unsupported operand type(s) for //: 'VariableNode' and 'int'"
        );
        let r = eval(ab(), "index > 15 | ~(B == B)").unwrap();
        assert_eq!(
            series(&r).values,
            Column::from_bool(vec![false, true, true, true])
        );
        assert_eq!(eval(ab(), "1 + 2").unwrap(), Value::Int(3));
        // Empty frame: empty result on the empty index.
        let empty = frame(&[], vec![("A", Column::from_f64(vec![]))]);
        let r = eval(empty, "A * 2").unwrap();
        assert!(series(&r).is_empty());
    }

    #[test]
    fn assignments_return_a_frame() {
        let r = eval(ab(), "C = A * 10\nA = C + 1").unwrap();
        let f = as_frame(&r);
        assert_eq!(f.columns.keys().collect::<Vec<_>>(), ["A", "B", "C"]);
        assert_eq!(f.columns["C"], Column::from_i64(vec![10, 20, 30, 40]));
        assert_eq!(f.columns["A"], Column::from_i64(vec![11, 21, 31, 41]));
        let r = eval(ab(), "D = 1.5").unwrap();
        assert_eq!(as_frame(&r).columns["D"], Column::from_f64(vec![1.5; 4]));
    }

    #[test]
    fn errors_like_pandas() {
        let e = eval(ab(), "").unwrap_err();
        assert_eq!(e.message, "expr cannot be an empty string");
        let e = eval(ab(), "A + 1\nB").unwrap_err();
        assert_eq!(e.type_name, "ValueError");
        let e = eval(ab(), "A + Z").unwrap_err();
        assert_eq!(e.type_name, "UndefinedVariableError");
        assert_eq!(e.message, "name 'Z' is not defined");
        let e = eval(ab(), "A +* 2").unwrap_err();
        assert_eq!(e.type_name, "SyntaxError");
        let e = eval(Value::Int(1), "A").unwrap_err();
        assert_eq!(e.type_name, "AttributeError");
        assert_eq!(eval(ab(), "  \n ").unwrap(), Value::Null);
    }
}
