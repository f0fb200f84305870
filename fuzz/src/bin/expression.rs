//! Fuzz target: Eval Expression text (one statement per line), parsed and evaluated.

use rheo_components::filters::expression::{evaluate, parse_statement, split_lines};
use rheo_core::Value;

fn resolve(name: &str) -> Option<Value> {
    (name == "x").then_some(Value::Float(2.0))
}

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        let Ok(lines) = split_lines(text) else {
            return;
        };
        for line in lines {
            if let Ok(statement) = parse_statement(line) {
                let _ = evaluate(&statement.expr, &resolve);
            }
        }
    });
}
