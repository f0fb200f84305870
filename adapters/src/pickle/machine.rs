//! The pickle machine, restricted to plain values: it runs the opcodes that build `None`,
//! booleans, numbers, strings, bytes, lists, tuples, dicts and sets, and stops at the first
//! opcode that would import or construct a Python object. Objects live in an arena and the
//! stack and memo hold indices, so containers shared through the memo or filled after being
//! memoised behave as in Python, and nothing here recurses.

use super::cursor::{signed_le, Cursor};
use serde_json::Number;
use std::collections::HashMap;

/// An object the pickle built.
#[derive(Debug)]
pub enum Node {
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An int (big ints as the nearest float).
    Int(Number),
    /// A float.
    Float(f64),
    /// A str.
    Str(String),
    /// A bytes or bytearray (not representable in JSON; refused when reached).
    Bytes,
    /// A list, tuple, set or frozenset, by element index.
    Seq(Vec<usize>),
    /// A dict, by key and value index.
    Dict(Vec<(usize, usize)>),
}

#[derive(Clone, Copy)]
enum Slot {
    Mark,
    Obj(usize),
}

/// The machine's state; `run` drives it over a whole pickle.
#[derive(Default)]
pub struct Machine {
    /// Every object built so far.
    pub nodes: Vec<Node>,
    stack: Vec<Slot>,
    memo: HashMap<u64, usize>,
}

const UNDERFLOW: &str = "the pickle pops more than it pushed";

impl Machine {
    /// Runs the pickle to its `STOP`; the index of the object it returns.
    pub fn run(&mut self, bytes: &[u8]) -> Result<usize, String> {
        let mut cur = Cursor::new(bytes);
        loop {
            let at = cur.pos();
            let op = cur.byte()?;
            if op == b'.' {
                return self.pop();
            }
            if let Some(node) = scalar(op, &mut cur).map_err(|e| format!("{e} (byte {at})"))? {
                self.push(node);
            } else if !self.structure(op, &mut cur)? && !self.memo_op(op, &mut cur)? {
                return Err(self.refusal(op, &mut cur, at));
            }
        }
    }

    fn push(&mut self, node: Node) {
        self.nodes.push(node);
        self.stack.push(Slot::Obj(self.nodes.len() - 1));
    }

    fn pop(&mut self) -> Result<usize, String> {
        match self.stack.pop() {
            Some(Slot::Obj(i)) => Ok(i),
            _ => Err(UNDERFLOW.into()),
        }
    }

    fn top(&self) -> Result<usize, String> {
        match self.stack.last() {
            Some(Slot::Obj(i)) => Ok(*i),
            _ => Err(UNDERFLOW.into()),
        }
    }

    /// The objects above the topmost mark, which is removed.
    fn pop_mark(&mut self) -> Result<Vec<usize>, String> {
        let mark = self.stack.iter().rposition(|s| matches!(s, Slot::Mark));
        let mark = mark.ok_or_else(|| "the pickle has no MARK to pop to".to_string())?;
        let items = self.stack.split_off(mark + 1);
        self.stack.pop();
        Ok(items
            .into_iter()
            .filter_map(|s| if let Slot::Obj(i) = s { Some(i) } else { None })
            .collect())
    }

    /// Container opcodes; `false` if `op` is not one.
    fn structure(&mut self, op: u8, cur: &mut Cursor) -> Result<bool, String> {
        match op {
            b'(' => self.stack.push(Slot::Mark),
            b'0' => {
                self.stack.pop();
            }
            b'1' => {
                self.pop_mark()?;
            }
            b'2' => self.stack.push(Slot::Obj(self.top()?)),
            b']' | b')' | 0x8f => self.push(Node::Seq(Vec::new())),
            b'}' => self.push(Node::Dict(Vec::new())),
            b'l' | b't' | 0x91 => {
                let items = self.pop_mark()?;
                self.push(Node::Seq(items));
            }
            0x85..=0x87 => {
                let n = usize::from(op - 0x84);
                let at = self.stack.len().checked_sub(n).ok_or(UNDERFLOW)?;
                let items: Result<Vec<usize>, String> = self
                    .stack
                    .split_off(at)
                    .into_iter()
                    .map(|s| match s {
                        Slot::Obj(i) => Ok(i),
                        Slot::Mark => Err(UNDERFLOW.to_string()),
                    })
                    .collect();
                self.push(Node::Seq(items?));
            }
            b'd' => {
                let items = self.pop_mark()?;
                let pairs = items.chunks_exact(2).map(|p| (p[0], p[1])).collect();
                self.push(Node::Dict(pairs));
            }
            b'a' | b'e' | 0x90 => {
                let items = if op == b'a' {
                    vec![self.pop()?]
                } else {
                    self.pop_mark()?
                };
                self.extend_seq(items)?;
            }
            b's' | b'u' => {
                let items = if op == b's' {
                    let v = self.pop()?;
                    let k = self.pop()?;
                    vec![k, v]
                } else {
                    self.pop_mark()?
                };
                self.extend_dict(items)?;
            }
            0x95 => {
                cur.take(8)?;
            }
            0x80 => {
                cur.byte()?;
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn extend_seq(&mut self, items: Vec<usize>) -> Result<(), String> {
        let top = self.top()?;
        match self.nodes.get_mut(top) {
            Some(Node::Seq(v)) => {
                v.extend(items);
                Ok(())
            }
            _ => Err("APPEND to something that is not a list or set".into()),
        }
    }

    fn extend_dict(&mut self, items: Vec<usize>) -> Result<(), String> {
        let top = self.top()?;
        match self.nodes.get_mut(top) {
            Some(Node::Dict(v)) => {
                v.extend(items.chunks_exact(2).map(|p| (p[0], p[1])));
                Ok(())
            }
            _ => Err("SETITEM on something that is not a dict".into()),
        }
    }

    /// Memo opcodes; `false` if `op` is not one.
    fn memo_op(&mut self, op: u8, cur: &mut Cursor) -> Result<bool, String> {
        let text_index = |cur: &mut Cursor| -> Result<u64, String> {
            let line = cur.line()?;
            std::str::from_utf8(line)
                .ok()
                .and_then(|s| s.trim().parse().ok())
                .ok_or_else(|| "a memo index is not a number".to_string())
        };
        match op {
            b'p' | b'q' | b'r' | 0x94 => {
                let key = match op {
                    b'p' => text_index(cur)?,
                    b'q' => cur.uint(1)?,
                    b'r' => cur.uint(4)?,
                    _ => self.memo.len() as u64,
                };
                let top = self.top()?;
                self.memo.insert(key, top);
            }
            b'g' | b'h' | b'j' => {
                let key = match op {
                    b'g' => text_index(cur)?,
                    b'h' => cur.uint(1)?,
                    _ => cur.uint(4)?,
                };
                let i = *self
                    .memo
                    .get(&key)
                    .ok_or_else(|| format!("memo entry {key} is read before it is written"))?;
                self.stack.push(Slot::Obj(i));
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Why the pickle cannot be read: an object opcode (naming the class where the pickle
    /// says it), or an unknown byte.
    fn refusal(&self, op: u8, cur: &mut Cursor, at: usize) -> String {
        let class = match op {
            b'c' | b'i' => cur.line().ok().zip(cur.line().ok()).map(|(m, n)| {
                format!(
                    "{}.{}",
                    String::from_utf8_lossy(m),
                    String::from_utf8_lossy(n)
                )
            }),
            0x93 => {
                let name = |k: usize| match self
                    .stack
                    .len()
                    .checked_sub(k)
                    .and_then(|j| self.stack.get(j))
                {
                    Some(Slot::Obj(i)) => match &self.nodes[*i] {
                        Node::Str(s) => Some(s.clone()),
                        _ => None,
                    },
                    _ => None,
                };
                name(2).zip(name(1)).map(|(m, n)| format!("{m}.{n}"))
            }
            _ => None,
        };
        let object_ops = b"cib\x81\x92\x93RoPQ\x82\x83\x84\x97\x98";
        match class {
            Some(c) => format!("the pickle holds a Python object of class {c}; only pickles of plain values (None, bools, numbers, strings, lists, tuples, dicts, sets) can be read"),
            None if object_ops.contains(&op) => format!("the pickle constructs a Python object (opcode 0x{op:02x} at byte {at}); only pickles of plain values (None, bools, numbers, strings, lists, tuples, dicts, sets) can be read"),
            None => format!("not a pickle, or a damaged one: unknown opcode 0x{op:02x} at byte {at}"),
        }
    }
}

/// A scalar opcode's object; `None` if `op` is not a scalar opcode.
fn scalar(op: u8, cur: &mut Cursor) -> Result<Option<Node>, String> {
    let text = |cur: &mut Cursor| -> Result<String, String> {
        Ok(String::from_utf8_lossy(cur.line()?).trim().to_string())
    };
    let utf8 = |b: &[u8]| {
        String::from_utf8(b.to_vec())
            .map(Node::Str)
            .map_err(|_| "a string is not valid UTF-8".to_string())
    };
    Ok(Some(match op {
        b'N' => Node::None,
        0x88 => Node::Bool(true),
        0x89 => Node::Bool(false),
        b'K' => Node::Int(cur.uint(1)?.into()),
        b'M' => Node::Int(cur.uint(2)?.into()),
        b'J' => Node::Int(signed_le(cur.take(4)?)),
        0x8a => Node::Int(signed_le(cur.counted(1)?)),
        0x8b => Node::Int(signed_le(cur.counted(4)?)),
        b'I' => match text(cur)?.as_str() {
            "00" => Node::Bool(false),
            "01" => Node::Bool(true),
            t => Node::Int(text_int(t)?),
        },
        b'L' => Node::Int(text_int(text(cur)?.trim_end_matches('L'))?),
        b'F' => Node::Float(
            text(cur)?
                .parse()
                .map_err(|_| "a FLOAT is not a number".to_string())?,
        ),
        b'G' => Node::Float(f64::from_bits(u64::from_be_bytes(
            cur.take(8)?.try_into().map_err(|_| "short float")?,
        ))),
        b'X' => utf8(cur.counted(4)?)?,
        0x8c => utf8(cur.counted(1)?)?,
        0x8d => utf8(cur.counted(8)?)?,
        b'V' => Node::Str(raw_unicode_escape(cur.line()?)?),
        b'T' => Node::Str(String::from_utf8_lossy(cur.counted(4)?).into_owned()),
        b'U' => Node::Str(String::from_utf8_lossy(cur.counted(1)?).into_owned()),
        b'S' => Node::Str(quoted(&text(cur)?)?),
        b'B' | b'C' | 0x8e | 0x96 => {
            cur.counted(match op {
                b'C' => 1,
                b'B' => 4,
                _ => 8,
            })?;
            Node::Bytes
        }
        _ => return Ok(None),
    }))
}

fn text_int(t: &str) -> Result<Number, String> {
    if let Ok(v) = t.parse::<i64>() {
        return Ok(v.into());
    }
    t.parse::<f64>()
        .ok()
        .and_then(Number::from_f64)
        .ok_or_else(|| format!("'{t}' is not an integer"))
}

/// Protocol 0's `STRING`: a quoted literal; escapes other than quotes are refused.
fn quoted(t: &str) -> Result<String, String> {
    let inner = t
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .or_else(|| t.strip_prefix('"').and_then(|s| s.strip_suffix('"')));
    match inner {
        Some(s) if !s.contains('\\') => Ok(s.to_string()),
        _ => Err("a protocol-0 STRING with escapes cannot be read".into()),
    }
}

/// Python's `raw-unicode-escape`: bytes are Latin-1, except `\uXXXX` and `\UXXXXXXXX`.
fn raw_unicode_escape(b: &[u8]) -> Result<String, String> {
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let width = match (b[i], b.get(i + 1)) {
            (b'\\', Some(b'u')) => 4,
            (b'\\', Some(b'U')) => 8,
            _ => 0,
        };
        if width == 0 {
            out.push(char::from(b[i]));
            i += 1;
            continue;
        }
        let hex = b
            .get(i + 2..i + 2 + width)
            .and_then(|h| std::str::from_utf8(h).ok());
        let c = hex
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32);
        out.push(c.ok_or_else(|| "a bad \\u escape in a UNICODE string".to_string())?);
        i += 2 + width;
    }
    Ok(out)
}
