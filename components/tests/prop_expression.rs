//! Property tests of the Eval Expression parser and evaluator: random token soups and
//! deeply nested expressions never panic or overflow the stack; they parse and evaluate,
//! or fail with an error.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use rheo_components::filters::expression::{evaluate, parse_statement, split_lines};
use rheo_core::Value;

const TOKENS: &[&str] = &[
    "x", "y", "1", "2.5", "1e308", "0", "(", ")", "+", "-", "*", "/", "//", "**", "%", "<", "<=",
    "==", "!=", ">", "and", "or", "not", "~", "&", "|", "^", "sin(", "log(", ",", " ", "'a'",
    "\"b\"", "`x`", "True", "False", "None", "[", "]", "{", "}", "=", ";", ".", "\n", "lambda",
    "in", "is", "@", "\\", "'", "é",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..300).prop_map(|t| t.concat())
}

/// An operator chain or nesting of up to 20,000 levels around `x`.
fn deep() -> impl Strategy<Value = String> {
    let wrappers = prop::sample::select(
        &[
            ("(", ")"),
            ("-", ""),
            ("not ", ""),
            ("sin(", ")"),
            ("x + ", ""),
            ("x ** ", ""),
            ("(x * ", ")"),
        ][..],
    );
    (prop::collection::vec(wrappers, 1..8), 0usize..20_000).prop_map(|(ws, n)| {
        let (mut open, mut close) = (String::new(), String::new());
        for i in 0..n {
            let (o, c) = ws[i % ws.len()];
            open.push_str(o);
            close.insert_str(0, c);
        }
        format!("{open}x{close}")
    })
}

fn resolve(name: &str) -> Option<Value> {
    match name {
        "x" => Some(Value::Float(2.0)),
        "y" => Some(Value::Int(3)),
        _ => None,
    }
}

fn run(text: &str) {
    let Ok(lines) = split_lines(text) else {
        return;
    };
    for line in lines {
        if let Ok(statement) = parse_statement(line) {
            let _ = evaluate(&statement.expr, &resolve);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn token_soups_never_panic(text in soup()) {
        run(&text);
    }

    #[test]
    fn deep_expressions_fail_or_evaluate_without_overflow(text in deep()) {
        run(&text);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        run(&text);
    }
}
