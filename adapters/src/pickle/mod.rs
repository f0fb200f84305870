//! Pickles of plain Python values (hetida's `.pkl` files and blob objects): read as JSON,
//! written by `serde-pickle`.
//!
//! Reading is ours rather than `serde-pickle`'s because a file from outside needs bounds
//! that crate does not have: its decoder recurses per nesting level and expands shared
//! (memoised) objects without limit, so a small file could exhaust the stack or the memory.
//! Layout: `cursor` reads opcode arguments, `machine` runs the opcodes of plain values
//! into an arena (refusing any opcode that would import or build an object), and this
//! module turns the result into JSON with a depth limit and a budget on the expanded size.

mod cursor;
mod machine;

use machine::{Machine, Node};
use serde_json::{Map, Value as Json};

/// Deepest nesting of lists/dicts accepted (the JSON reader's limit is of the same order).
pub const MAX_DEPTH: usize = 128;
/// Most values the result may hold once shared objects are expanded.
pub const MAX_VALUES: usize = 10_000_000;

/// The plain value a pickle holds, as JSON: tuples and sets become lists, dict keys become
/// strings as `json.dumps` writes them, non-finite floats become `null`. Pickled objects
/// (pandas, numpy, classes), bytes, too-deep nesting and damaged pickles are errors that say
/// which.
pub fn plain_value(bytes: &[u8]) -> Result<Json, String> {
    let mut m = Machine::default();
    let root = m.run(bytes)?;
    let mut budget = MAX_VALUES;
    to_json(&m.nodes, root, 0, &mut budget)
}

/// A JSON value as a pickle (protocol 3) that Python's `pickle.load` reads back as dicts,
/// lists, numbers, strings and `None`.
pub fn to_pickle(value: &Json) -> Result<Vec<u8>, String> {
    serde_pickle::to_vec(value, serde_pickle::SerOptions::new()).map_err(|e| e.to_string())
}

fn to_json(nodes: &[Node], i: usize, depth: usize, budget: &mut usize) -> Result<Json, String> {
    if depth > MAX_DEPTH {
        return Err(format!(
            "the pickle nests deeper than {MAX_DEPTH} levels (or refers to itself)"
        ));
    }
    *budget = budget
        .checked_sub(1)
        .ok_or_else(|| format!("the pickle expands to more than {MAX_VALUES} values"))?;
    Ok(match &nodes[i] {
        Node::None => Json::Null,
        Node::Bool(b) => Json::Bool(*b),
        Node::Int(n) => Json::Number(n.clone()),
        Node::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
        Node::Str(s) => Json::String(s.clone()),
        Node::Bytes => return Err("the pickle holds bytes, which have no JSON form".into()),
        Node::Seq(items) => Json::Array(
            items
                .iter()
                .map(|&j| to_json(nodes, j, depth + 1, budget))
                .collect::<Result<_, _>>()?,
        ),
        Node::Dict(pairs) => {
            let mut map = Map::new();
            for &(k, v) in pairs {
                map.insert(key(&nodes[k])?, to_json(nodes, v, depth + 1, budget)?);
            }
            Json::Object(map)
        }
    })
}

/// A dict key as `json.dumps` writes it.
fn key(node: &Node) -> Result<String, String> {
    Ok(match node {
        Node::Str(s) => s.clone(),
        Node::Int(n) => n.to_string(),
        Node::Float(f) => format!("{f:?}"),
        Node::Bool(b) => b.to_string(),
        Node::None => "null".into(),
        _ => {
            return Err(
                "a dict key is a tuple, bytes or another container, which JSON cannot key by"
                    .into(),
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// `pickle.dumps({"a": [1, 2.5, "x", None, True], "b": (1,), 3: {"n": -70000}}, protocol=p)`
    /// for p = 0, 2, 4, made with CPython 3.11.
    const PROTO0: &[u8] = b"(dp0\nVa\np1\n(lp2\nI1\naF2.5\naVx\np3\naNaI01\nasVb\np4\n(I1\ntp5\nsI3\n(dp6\nVn\np7\nI-70000\nss.";
    const PROTO2: &[u8] = b"\x80\x02}q\x00(X\x01\x00\x00\x00aq\x01]q\x02(K\x01G@\x04\x00\x00\x00\x00\x00\x00X\x01\x00\x00\x00xq\x03N\x88eX\x01\x00\x00\x00bq\x04K\x01\x85q\x05K\x03}q\x06X\x01\x00\x00\x00nq\x07J\x90\xee\xfe\xffsu.";
    const PROTO4: &[u8] = b"\x80\x04\x954\x00\x00\x00\x00\x00\x00\x00}\x94(\x8c\x01a\x94]\x94(K\x01G@\x04\x00\x00\x00\x00\x00\x00\x8c\x01x\x94N\x88e\x8c\x01b\x94K\x01\x85\x94K\x03}\x94\x8c\x01n\x94J\x90\xee\xfe\xffsu.";

    #[test]
    fn python_pickles_of_every_protocol_read_alike() {
        let want = json!({"a": [1, 2.5, "x", null, true], "b": [1], "3": {"n": -70000}});
        for p in [PROTO0, PROTO2, PROTO4] {
            assert_eq!(plain_value(p).unwrap(), want);
        }
    }

    #[test]
    fn objects_name_their_class() {
        // pickle.dumps(complex(1, 2), protocol=2)
        let p = b"\x80\x02c__builtin__\ncomplex\nq\x00G?\xf0\x00\x00\x00\x00\x00\x00G@\x00\x00\x00\x00\x00\x00\x00\x86q\x01Rq\x02.";
        let e = plain_value(p).unwrap_err();
        assert!(e.contains("class __builtin__.complex"), "{e}");
        // protocol 4 names it through STACK_GLOBAL
        let p = b"\x80\x04\x95.\x00\x00\x00\x00\x00\x00\x00\x8c\x08builtins\x94\x8c\x07complex\x94\x93\x94G?\xf0\x00\x00\x00\x00\x00\x00G@\x00\x00\x00\x00\x00\x00\x00\x86\x94R\x94.";
        assert!(plain_value(p).unwrap_err().contains("builtins.complex"));
    }

    #[test]
    fn deep_cyclic_and_exploding_pickles_are_refused() {
        let mut deep = b"\x80\x02".to_vec();
        deep.extend(std::iter::repeat_n(b']', 100_000));
        deep.extend(std::iter::repeat_n(b'a', 99_999));
        deep.push(b'.');
        assert!(plain_value(&deep).unwrap_err().contains("deeper"));
        // l = []; l.append(l)
        assert!(plain_value(b"\x80\x02]q\x00h\x00a.")
            .unwrap_err()
            .contains("deeper"));
        // x0 = [0]; x(n+1) = [xn, xn]: 2^40 values from a few hundred bytes
        let mut bomb = b"\x80\x02]q\x00K\x00a".to_vec();
        for n in 0..40u8 {
            bomb.extend([b']', b'(', b'h', n, b'h', n, b'e', b'q', n + 1]);
        }
        bomb.push(b'.');
        let e = plain_value(&bomb).unwrap_err();
        assert!(e.contains("expands") || e.contains("deeper"), "{e}");
    }

    #[test]
    fn damaged_input_is_an_error() {
        for bad in [
            &b""[..],
            b"\x80\x02]",
            b"\x80\x02X\xff\xff\xff\xffabc.",
            b"garbage",
            b"e.",
        ] {
            assert!(plain_value(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn written_pickles_read_back() {
        let v = json!({"k": [1, 2.5, "s", null, {"x": false}]});
        assert_eq!(plain_value(&to_pickle(&v).unwrap()).unwrap(), v);
    }
}
