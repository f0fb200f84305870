//! A small, safe evaluator for pandas `eval` expressions (`DataFrame.eval` / `pd.eval`),
//! used by Eval Expression On DataFrame and Eval Expression On Series.
//!
//! Grammar (pandas' default "pandas" parser, which rewrites `&` to `and` and `|` to `or`
//! before Python parses the text, so both have the precedence of the boolean operators),
//! from lowest to highest precedence:
//!
//! | level | operators |
//! |---|---|
//! | or | `or`, `\|` |
//! | and | `and`, `&` |
//! | not | `not x` (pandas: elementwise invert) |
//! | comparison | `<  <=  >  >=  ==  !=` (chains `a < b < c` mean `(a < b) & (b < c)`) |
//! | additive | `+ -` |
//! | multiplicative | `* / // %` |
//! | unary | `-x +x ~x` |
//! | power | `**` (right-associative, binds tighter than a unary operator on its left) |
//! | atoms | numbers, strings, `True`/`False`, names, `` `quoted names` ``, `( … )`, `f(x)` |
//!
//! Names are resolved by the caller (frame columns, `index`, the series `x`), then the
//! constants `inf`/`Inf`; unknown names raise pandas' `UndefinedVariableError` ("name 'z'
//! is not defined"). Function calls support numexpr's one-argument math functions (`sin`,
//! `cos`, `tan`, `exp`, `log`, `expm1`, `log1p`, `sqrt`, `sinh`, `cosh`, `tanh`,
//! `arcsin`, `arccos`, `arctan`, `arcsinh`, `arccosh`, `arctanh`, `abs`). A statement may
//! be an assignment `name = expr` (meaningful only for DataFrames).
//!
//! Evaluation is **columnar**: every operand is a whole column (a [`SeriesValue`] sharing
//! the frame's index, so operations are positional) or a scalar, and each operator runs one
//! vectorised kernel ([`crate::kernels::elementwise::binary`] for arithmetic with pandas/numpy dtype
//! rules, [`crate::kernels::compare::compare`] for comparisons); there is no per-row interpretation.
//! Intermediate names follow pandas (kept only when all series operands share one name);
//! the components return eval's result unnamed, as pandas' numexpr engine does. As in
//! pandas' eval, `//` is defined only between constants (other operands raise the TypeError
//! Python gives for pandas' node objects, e.g. "unsupported operand type(s) for //:
//! 'VariableNode' and 'int'"), and `/` casts to float, refuses booleans and raises
//! ZeroDivisionError for a zero constant divisor (numexpr itself would give inf).
//!
//! Errors: malformed text raises `SyntaxError` ("invalid syntax (`<unknown>`, line 1)",
//! "'(' was never closed …"); Python syntax that pandas rejects (`^`, `<<`, `>>`, `@`,
//! `in`, `is`, attributes, subscripts, lists, lambdas, …) raises `NotImplementedError`
//! ("'BitXor' nodes are not implemented") or `NotSupportedByNativeEngine`; unknown
//! functions raise ValueError ('"f" is not a supported function').

use crate::kernels::compare::{compare, Rel};
use crate::kernels::elementwise::{
    binary, map_float, map_num, py_type, scalar_of, AddOp, BinaryOp, DivOp, IntOut, ModOp, MulOp,
    PowOp, Scalar, SubOp,
};
use rheo_core::value::{Column, ColumnKind, SeriesValue};
use rheo_core::{ComponentError, Value};

/// Arithmetic operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/` (true division)
    Div,
    /// `//` (floor division)
    FloorDiv,
    /// `%` (floor modulo)
    Mod,
    /// `**`
    Pow,
}

/// Unary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnOp {
    /// `-x`
    Neg,
    /// `+x`
    Pos,
    /// `~x` and `not x` (pandas maps both to invert).
    Invert,
}

/// Boolean operators (`and`/`&`, `or`/`|`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoolOp {
    /// `and`, `&`
    And,
    /// `or`, `|`
    Or,
}

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// Integer literal.
    Int(i64),
    /// Float literal.
    Float(f64),
    /// `True` / `False`.
    Bool(bool),
    /// String literal.
    Str(String),
    /// A variable (column) name.
    Name(String),
    /// A unary operation.
    Unary(UnOp, Box<Expr>),
    /// An arithmetic operation.
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// A boolean operation.
    Bool2(BoolOp, Box<Expr>, Box<Expr>),
    /// A (possibly chained) comparison: first operand and the (relation, operand) pairs.
    Compare(Box<Expr>, Vec<(Rel, Expr)>),
    /// A math function call.
    Call(String, Vec<Expr>),
}

/// One line of an eval expression: an optional assignment target and the expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// `Some(name)` for `name = expr`.
    pub target: Option<String>,
    /// The expression.
    pub expr: Expr,
}

fn syntax_error(msg: &str) -> ComponentError {
    ComponentError::new("SyntaxError", format!("{msg} (<unknown>, line 1)"))
}

fn invalid_syntax() -> ComponentError {
    syntax_error("invalid syntax")
}

fn not_implemented(node: &str) -> ComponentError {
    ComponentError::new(
        "NotImplementedError",
        format!("'{node}' nodes are not implemented"),
    )
}

fn unsupported(what: &str) -> ComponentError {
    ComponentError::not_supported(format!(
        "eval expressions with {what} are not supported by the native engine"
    ))
}

/// Lexical tokens.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Int(i64),
    Float(f64),
    Str(String),
    Name(String),
    /// A backtick-quoted name (never a keyword).
    Quoted(String),
    Op(&'static str),
}

const OPS: &[&str] = &[
    "**", "//", "<=", ">=", "==", "!=", "<<", ">>", "->", ":=", "+", "-", "*", "/", "%", "<", ">",
    "&", "|", "~", "^", "=", "(", ")", "[", "]", "{", "}", ",", ".", ":", ";", "@",
];

/// Splits an expression into tokens as Python's tokenizer does (numbers, names, backtick
/// names, string literals, operators), checking bracket nesting.
fn tokenize(src: &str) -> Result<Vec<Tok>, ComponentError> {
    let mut lx = Lexer {
        chars: src.chars().collect(),
        i: 0,
        toks: Vec::new(),
        parens: Vec::new(),
    };
    while let Some(&c) = lx.chars.get(lx.i) {
        if c.is_whitespace() {
            lx.i += 1;
        } else if c == '#' {
            break;
        } else if c.is_ascii_digit() || (c == '.' && lx.peek(1).is_some_and(|d| d.is_ascii_digit()))
        {
            lx.number()?;
        } else if c.is_alphabetic() || c == '_' {
            lx.word()?;
        } else if c == '`' {
            lx.backtick_name()?;
        } else if c == '\'' || c == '"' {
            lx.string(c)?;
        } else {
            lx.operator(c)?;
        }
    }
    if let Some(open) = lx.parens.first() {
        return Err(syntax_error(&format!("'{open}' was never closed")));
    }
    Ok(lx.toks)
}

/// The tokenizer's state: the characters, the position, the tokens so far and the open
/// brackets.
struct Lexer {
    chars: Vec<char>,
    i: usize,
    toks: Vec<Tok>,
    parens: Vec<char>,
}

impl Lexer {
    /// The character `k` places ahead.
    fn peek(&self, k: usize) -> Option<char> {
        self.chars.get(self.i + k).copied()
    }

    /// Whether the current character is one of `set`.
    fn at(&self, set: &[char]) -> bool {
        self.peek(0).is_some_and(|c| set.contains(&c))
    }

    /// Skips digits (with single `_` separators between them).
    fn digits(&mut self) {
        while let Some(c) = self.peek(0) {
            let separator = c == '_' && self.peek(1).is_some_and(|d| d.is_ascii_digit());
            if !(c.is_ascii_digit() || separator) {
                break;
            }
            self.i += 1;
        }
    }

    /// A decimal literal: an int (floats beyond int64), or a float with fraction/exponent.
    fn number(&mut self) -> Result<(), ComponentError> {
        let start = self.i;
        self.digits();
        let mut is_float = false;
        if self.at(&['.']) {
            is_float = true;
            self.i += 1;
            self.digits();
        }
        if self.at(&['e', 'E']) {
            let save = self.i;
            self.i += 1;
            if self.at(&['+', '-']) {
                self.i += 1;
            }
            if self.peek(0).is_some_and(|c| c.is_ascii_digit()) {
                is_float = true;
                self.digits();
            } else {
                self.i = save;
            }
        }
        if self.at(&['j', 'J']) {
            return Err(unsupported("complex numbers"));
        }
        if self
            .peek(0)
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            return Err(syntax_error("invalid decimal literal"));
        }
        let text: String = self.chars[start..self.i]
            .iter()
            .filter(|&&c| c != '_')
            .collect();
        let float = |t: &str| t.parse().map(Tok::Float).map_err(|_| invalid_syntax());
        let tok = if is_float {
            float(&text)?
        } else if text.len() > 1 && text.starts_with('0') && text.chars().any(|c| c != '0') {
            return Err(syntax_error(
                "leading zeros in decimal integer literals are not permitted; use an 0o \
                 prefix for octal integers",
            ));
        } else {
            // Python ints are unbounded; beyond int64 numpy/numexpr use floats.
            text.parse::<i64>()
                .map(Tok::Int)
                .or_else(|_| float(&text))?
        };
        self.toks.push(tok);
        Ok(())
    }

    /// A name (string prefixes such as `b"…"` are refused).
    fn word(&mut self) -> Result<(), ComponentError> {
        let start = self.i;
        while self
            .peek(0)
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            self.i += 1;
        }
        if self.at(&['\'', '"']) {
            return Err(unsupported("prefixed string literals"));
        }
        self.toks
            .push(Tok::Name(self.chars[start..self.i].iter().collect()));
        Ok(())
    }

    /// A backtick-quoted column name (pandas' `` `a b` ``).
    fn backtick_name(&mut self) -> Result<(), ComponentError> {
        let start = self.i + 1;
        let Some(len) = self.chars[start..].iter().position(|&c| c == '`') else {
            return Err(invalid_syntax());
        };
        self.toks
            .push(Tok::Quoted(self.chars[start..start + len].iter().collect()));
        self.i = start + len + 1;
        Ok(())
    }

    /// A string literal quoted with `quote`, escapes resolved; adjacent literals
    /// concatenate (`"a" "b"`).
    fn string(&mut self, quote: char) -> Result<(), ComponentError> {
        let unterminated = || syntax_error("unterminated string literal (detected at line 1)");
        let mut s = String::new();
        self.i += 1;
        loop {
            let ch = self.peek(0).ok_or_else(unterminated)?;
            self.i += 1;
            if ch == quote {
                break;
            }
            if ch != '\\' {
                s.push(ch);
                continue;
            }
            let esc = self.peek(0).ok_or_else(unterminated)?;
            self.i += 1;
            match esc {
                'n' => s.push('\n'),
                't' => s.push('\t'),
                'r' => s.push('\r'),
                '0' => s.push('\0'),
                '\\' | '\'' | '"' => s.push(esc),
                other => {
                    s.push('\\');
                    s.push(other);
                }
            }
        }
        if let Some(Tok::Str(prev)) = self.toks.last_mut() {
            prev.push_str(&s);
        } else {
            self.toks.push(Tok::Str(s));
        }
        Ok(())
    }

    /// An operator or bracket (brackets are matched and their nesting bounded).
    fn operator(&mut self, c: char) -> Result<(), ComponentError> {
        let end = self.chars.len().min(self.i + 2);
        let rest: String = self.chars[self.i..end].iter().collect();
        let Some(op) = OPS.iter().find(|op| rest.starts_with(**op)) else {
            return Err(invalid_syntax());
        };
        match *op {
            "(" | "[" | "{" => {
                if self.parens.len() >= MAX_BRACKET_NESTING {
                    return Err(syntax_error("too many nested parentheses"));
                }
                self.parens.push(c)
            }
            ")" | "]" | "}" => {
                let open = match c {
                    ')' => '(',
                    ']' => '[',
                    _ => '{',
                };
                if self.parens.pop() != Some(open) {
                    return Err(syntax_error(&format!("unmatched '{c}'")));
                }
            }
            _ => {}
        }
        self.toks.push(Tok::Op(op));
        self.i += op.chars().count();
        Ok(())
    }
}

/// Deepest nesting of brackets Python's tokenizer accepts ("too many nested parentheses").
const MAX_BRACKET_NESTING: usize = 200;

/// Deepest expression tree (and parser recursion) accepted. Parsing, evaluating and
/// dropping a tree all recurse over it, so an unbounded depth (10,000 parentheses, a
/// 100,000-term sum, a long `- - - x` or `**` chain) would overflow the stack and abort the
/// whole process. pandas' own expression visitor gives up at a similar depth with a
/// RecursionError.
pub const MAX_EXPRESSION_DEPTH: usize = 100;

fn too_deep() -> ComponentError {
    ComponentError::new(
        "RecursionError",
        format!(
            "maximum recursion depth exceeded: the expression nests deeper than {MAX_EXPRESSION_DEPTH} levels"
        ),
    )
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    /// Current recursion depth of the parser.
    recursion: usize,
    /// Tree depth of the expression the last parse function returned.
    last_depth: usize,
}

impl Parser {
    /// Runs `f` one recursion level deeper; fails past [`MAX_EXPRESSION_DEPTH`].
    fn nested<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, ComponentError>,
    ) -> Result<T, ComponentError> {
        if self.recursion >= MAX_EXPRESSION_DEPTH {
            return Err(too_deep());
        }
        self.recursion += 1;
        let out = f(self);
        self.recursion -= 1;
        out
    }

    /// Records that a node was built over children of the given tree depths; fails when
    /// the tree would get deeper than [`MAX_EXPRESSION_DEPTH`].
    fn built(&mut self, child_depths: &[usize]) -> Result<(), ComponentError> {
        let depth = child_depths.iter().copied().max().unwrap_or(0) + 1;
        if depth > MAX_EXPRESSION_DEPTH {
            return Err(too_deep());
        }
        self.last_depth = depth;
        Ok(())
    }

    /// Parses with `f` and returns the result with its tree depth.
    fn sized(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<Expr, ComponentError>,
    ) -> Result<(Expr, usize), ComponentError> {
        let e = f(self)?;
        Ok((e, self.last_depth))
    }

    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn peek_op(&self) -> Option<&'static str> {
        match self.peek() {
            Some(Tok::Op(op)) => Some(op),
            _ => None,
        }
    }

    fn peek_keyword(&self) -> Option<&str> {
        match self.peek() {
            Some(Tok::Name(n)) => Some(n.as_str()),
            _ => None,
        }
    }

    fn eat_op(&mut self, op: &str) -> bool {
        if self.peek_op() == Some(op) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_keyword(&mut self, kw: &str) -> bool {
        if self.peek_keyword() == Some(kw) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn or_expr(&mut self) -> Result<Expr, ComponentError> {
        let (mut left, mut dl) = self.sized(Self::and_expr)?;
        while self.eat_keyword("or") || self.eat_op("|") {
            let (right, dr) = self.sized(Self::and_expr)?;
            self.built(&[dl, dr])?;
            dl = self.last_depth;
            left = Expr::Bool2(BoolOp::Or, Box::new(left), Box::new(right));
        }
        self.last_depth = dl;
        Ok(left)
    }

    fn and_expr(&mut self) -> Result<Expr, ComponentError> {
        let (mut left, mut dl) = self.sized(Self::not_expr)?;
        while self.eat_keyword("and") || self.eat_op("&") {
            let (right, dr) = self.sized(Self::not_expr)?;
            self.built(&[dl, dr])?;
            dl = self.last_depth;
            left = Expr::Bool2(BoolOp::And, Box::new(left), Box::new(right));
        }
        self.last_depth = dl;
        Ok(left)
    }

    fn not_expr(&mut self) -> Result<Expr, ComponentError> {
        if self.eat_keyword("not") {
            let operand = self.nested(Self::not_expr)?;
            self.built(&[self.last_depth])?;
            return Ok(Expr::Unary(UnOp::Invert, Box::new(operand)));
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Expr, ComponentError> {
        let (first, d0) = self.sized(Self::xor_expr)?;
        let mut depths = vec![d0];
        let mut rest = Vec::new();
        loop {
            let rel = match self.peek_op() {
                Some("<") => Rel::Lt,
                Some("<=") => Rel::Le,
                Some(">") => Rel::Gt,
                Some(">=") => Rel::Ge,
                Some("==") => Rel::Eq,
                Some("!=") => Rel::Ne,
                _ => match self.peek_keyword() {
                    Some("in") => return Err(unsupported("`in`")),
                    Some("is") => return Err(not_implemented("Is")),
                    Some("not") if rest.is_empty() && self.pos > 0 => {
                        // `a not in b`
                        return Err(unsupported("`not in`"));
                    }
                    _ => break,
                },
            };
            self.pos += 1;
            let (e, d) = self.sized(Self::xor_expr)?;
            depths.push(d);
            rest.push((rel, e));
        }
        if rest.is_empty() {
            return Ok(first);
        }
        self.built(&depths)?;
        Ok(Expr::Compare(Box::new(first), rest))
    }

    fn xor_expr(&mut self) -> Result<Expr, ComponentError> {
        let left = self.shift_expr()?;
        if self.peek_op() == Some("^") {
            self.pos += 1;
            self.shift_expr()?;
            return Err(not_implemented("BitXor"));
        }
        Ok(left)
    }

    fn shift_expr(&mut self) -> Result<Expr, ComponentError> {
        let left = self.arith()?;
        match self.peek_op() {
            Some("<<") | Some(">>") => {
                let node = if self.peek_op() == Some("<<") {
                    "LShift"
                } else {
                    "RShift"
                };
                self.pos += 1;
                self.arith()?;
                Err(not_implemented(node))
            }
            _ => Ok(left),
        }
    }

    fn arith(&mut self) -> Result<Expr, ComponentError> {
        let (mut left, mut dl) = self.sized(Self::term)?;
        loop {
            let op = match self.peek_op() {
                Some("+") => BinOp::Add,
                Some("-") => BinOp::Sub,
                _ => break,
            };
            self.pos += 1;
            let (right, dr) = self.sized(Self::term)?;
            self.built(&[dl, dr])?;
            dl = self.last_depth;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
        self.last_depth = dl;
        Ok(left)
    }

    fn term(&mut self) -> Result<Expr, ComponentError> {
        let (mut left, mut dl) = self.sized(Self::factor)?;
        loop {
            let op = match self.peek_op() {
                Some("*") => BinOp::Mul,
                Some("/") => BinOp::Div,
                Some("//") => BinOp::FloorDiv,
                Some("%") => BinOp::Mod,
                Some("@") => {
                    self.pos += 1;
                    self.factor()?;
                    return Err(not_implemented("MatMult"));
                }
                _ => break,
            };
            self.pos += 1;
            let (right, dr) = self.sized(Self::factor)?;
            self.built(&[dl, dr])?;
            dl = self.last_depth;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
        self.last_depth = dl;
        Ok(left)
    }

    fn factor(&mut self) -> Result<Expr, ComponentError> {
        let op = match self.peek_op() {
            Some("-") => UnOp::Neg,
            Some("+") => UnOp::Pos,
            Some("~") => UnOp::Invert,
            _ => return self.power(),
        };
        self.pos += 1;
        let operand = self.nested(Self::factor)?;
        self.built(&[self.last_depth])?;
        Ok(Expr::Unary(op, Box::new(operand)))
    }

    fn power(&mut self) -> Result<Expr, ComponentError> {
        let (base, db) = self.sized(Self::primary)?;
        if self.eat_op("**") {
            let exp = self.nested(Self::factor)?;
            self.built(&[db, self.last_depth])?;
            return Ok(Expr::Binary(BinOp::Pow, Box::new(base), Box::new(exp)));
        }
        Ok(base)
    }

    fn primary(&mut self) -> Result<Expr, ComponentError> {
        let atom = self.atom()?;
        match self.peek_op() {
            Some("(") => {
                let Expr::Name(name) = atom else {
                    return Err(unsupported("calls of non-names"));
                };
                self.pos += 1;
                let mut args = Vec::new();
                let mut depths = Vec::new();
                if !self.eat_op(")") {
                    loop {
                        args.push(self.nested(Self::or_expr)?);
                        depths.push(self.last_depth);
                        if self.eat_op(")") {
                            break;
                        }
                        if !self.eat_op(",") {
                            return Err(invalid_syntax());
                        }
                        if self.eat_op(")") {
                            break;
                        }
                    }
                }
                if matches!(self.peek_op(), Some("(" | "[" | ".")) {
                    return Err(unsupported("chained calls, subscripts or attributes"));
                }
                self.built(&depths)?;
                Ok(Expr::Call(name, args))
            }
            Some("[") => Err(unsupported("subscripts")),
            Some(".") => Err(unsupported("attribute access")),
            _ => Ok(atom),
        }
    }

    fn atom(&mut self) -> Result<Expr, ComponentError> {
        let Some(tok) = self.toks.get(self.pos).cloned() else {
            return Err(invalid_syntax());
        };
        self.pos += 1;
        self.last_depth = 1;
        match tok {
            Tok::Int(i) => Ok(Expr::Int(i)),
            Tok::Float(f) => Ok(Expr::Float(f)),
            Tok::Str(s) => Ok(Expr::Str(s)),
            Tok::Quoted(n) => Ok(Expr::Name(n)),
            Tok::Name(n) => match n.as_str() {
                "True" => Ok(Expr::Bool(true)),
                "False" => Ok(Expr::Bool(false)),
                "None" => Err(unsupported("None")),
                "lambda" => Err(not_implemented("Lambda")),
                "and" | "or" | "not" | "in" | "is" | "if" | "else" | "for" | "import" | "from"
                | "def" | "class" | "return" | "del" | "pass" | "while" | "with" | "yield"
                | "global" | "nonlocal" | "assert" | "raise" | "try" | "except" | "finally"
                | "break" | "continue" | "elif" | "as" | "async" | "await" => Err(invalid_syntax()),
                _ => Ok(Expr::Name(n)),
            },
            Tok::Op("(") => {
                if self.eat_op(")") {
                    return Err(unsupported("tuples"));
                }
                let inner = self.nested(Self::or_expr)?;
                if self.peek_op() == Some(",") {
                    return Err(unsupported("tuples"));
                }
                if !self.eat_op(")") {
                    return Err(invalid_syntax());
                }
                Ok(inner)
            }
            Tok::Op("[") => Err(unsupported("lists")),
            Tok::Op("{") => Err(not_implemented("Dict")),
            Tok::Op(_) => Err(invalid_syntax()),
        }
    }
}

/// Parses one line (statement) of an eval expression.
///
/// # Errors
/// `SyntaxError` for malformed text or more than one statement (`a; b`: "only a single
/// expression is allowed"); `NotImplementedError`/`NotSupportedByNativeEngine` for syntax
/// the evaluator does not handle.
pub fn parse_statement(line: &str) -> Result<Statement, ComponentError> {
    let toks = tokenize(line)?;
    if toks.contains(&Tok::Op(";")) {
        return Err(ComponentError::new(
            "SyntaxError",
            "only a single expression is allowed",
        ));
    }
    if toks.is_empty() {
        return Err(ComponentError::new(
            "SyntaxError",
            "only a single expression is allowed",
        ));
    }
    let mut parser = Parser {
        toks,
        pos: 0,
        recursion: 0,
        last_depth: 0,
    };
    let target = match (parser.toks.first(), parser.toks.get(1)) {
        (Some(Tok::Name(n) | Tok::Quoted(n)), Some(Tok::Op("="))) => {
            let n = n.clone();
            parser.pos = 2;
            Some(n)
        }
        _ => None,
    };
    let expr = parser.or_expr()?;
    match parser.peek() {
        None => Ok(Statement { target, expr }),
        Some(Tok::Op("=")) => Err(unsupported("chained or non-name assignments")),
        Some(_) => Err(invalid_syntax()),
    }
}

/// The non-empty lines of an expression as pandas' `eval` splits it (`str.splitlines`,
/// stripped), after rejecting an empty string.
///
/// # Errors
/// ValueError "expr cannot be an empty string".
pub fn split_lines(expression: &str) -> Result<Vec<&str>, ComponentError> {
    if expression.is_empty() {
        return Err(ComponentError::value_error(
            "expr cannot be an empty string",
        ));
    }
    Ok(expression
        .split([
            '\n', '\r', '\u{0b}', '\u{0c}', '\u{1c}', '\u{1d}', '\u{1e}', '\u{85}', '\u{2028}',
            '\u{2029}',
        ])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect())
}

/// `%` as numexpr computes it inside pandas' eval: Python's floor modulo, except that an
/// integer modulo zero is 0 and stays an integer (pandas' own `%` gives NaN floats there).
pub struct EvalModOp;

impl BinaryOp for EvalModOp {
    const SYMBOL: &'static str = "%";
    fn float(a: f64, b: f64) -> f64 {
        ModOp::float(a, b)
    }
    fn int(a: i64, b: i64) -> IntOut {
        if b == 0 {
            IntOut::Val(0)
        } else {
            ModOp::int(a, b)
        }
    }
    fn scalar(a: Scalar, b: Scalar) -> Result<Value, ComponentError> {
        ModOp::scalar(a, b)
    }
}

/// Floor division `a // b` with numpy/Python semantics.
pub struct FloorDivOp;

/// numpy's float floor division (`npy_divmod`): x // 0 → ±inf or NaN.
fn floor_div_f64(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        return a / b;
    }
    let m = a % b;
    let mut div = (a - m) / b;
    if m != 0.0 && ((b < 0.0) != (m < 0.0)) {
        div -= 1.0;
    }
    if div == 0.0 {
        return 0.0f64.copysign(a / b);
    }
    let mut floordiv = div.floor();
    if div - floordiv > 0.5 {
        floordiv += 1.0;
    }
    floordiv
}

impl BinaryOp for FloorDivOp {
    const SYMBOL: &'static str = "//";
    fn float(a: f64, b: f64) -> f64 {
        floor_div_f64(a, b)
    }
    fn int(a: i64, b: i64) -> IntOut {
        if b == 0 {
            // pandas fills x // 0 with ±inf/NaN (float result).
            return IntOut::Float;
        }
        let q = a.wrapping_div(b);
        if (a.wrapping_rem(b) != 0) && ((a < 0) != (b < 0)) {
            IntOut::Val(q - 1)
        } else {
            IntOut::Val(q)
        }
    }
    fn scalar(a: Scalar, b: Scalar) -> Result<Value, ComponentError> {
        match (a, b) {
            (Scalar::Int(_), Scalar::Int(0)) => Err(ComponentError::new(
                "ZeroDivisionError",
                "integer division or modulo by zero",
            )),
            (Scalar::Int(x), Scalar::Int(y)) => match Self::int(x, y) {
                IntOut::Val(v) => Ok(Value::Int(v)),
                _ => Ok(Value::Float(floor_div_f64(x as f64, y as f64))),
            },
            _ if b.as_f64() == 0.0 => Err(ComponentError::new(
                "ZeroDivisionError",
                "float floor division by zero",
            )),
            _ => Ok(Value::Float(floor_div_f64(a.as_f64(), b.as_f64()))),
        }
    }
}

/// Name resolution callback: the value of a variable, or `None` if undefined.
pub type Resolver<'a> = dyn Fn(&str) -> Option<Value> + 'a;

/// Evaluates an expression with columnar kernels (module docs).
///
/// # Errors
/// `UndefinedVariableError` for unknown names, the TypeError/ValueError pandas raises for
/// unsupported operand types, ValueError for unknown functions.
pub fn evaluate(expr: &Expr, resolve: &Resolver<'_>) -> Result<Value, ComponentError> {
    rheo_core::cancel::checkpoint()?;
    match expr {
        Expr::Int(i) => Ok(Value::Int(*i)),
        Expr::Float(f) => Ok(Value::Float(*f)),
        Expr::Bool(b) => Ok(Value::Bool(*b)),
        Expr::Str(s) => Ok(Value::Str(s.clone())),
        Expr::Name(n) => resolve(n)
            .or_else(|| match n.as_str() {
                "inf" | "Inf" => Some(Value::Float(f64::INFINITY)),
                _ => None,
            })
            .ok_or_else(|| {
                ComponentError::new(
                    "UndefinedVariableError",
                    format!("name '{n}' is not defined"),
                )
            }),
        Expr::Unary(op, x) => {
            let v = evaluate(x, resolve)?;
            match op {
                UnOp::Pos => Ok(v),
                UnOp::Neg => negate(&v),
                UnOp::Invert => invert(&v),
            }
        }
        Expr::Binary(op, a_expr, b_expr) => {
            if *op == BinOp::FloorDiv {
                floor_div_operands(a_expr, b_expr, resolve)?;
            }
            let (a, b) = (evaluate(a_expr, resolve)?, evaluate(b_expr, resolve)?);
            if *op == BinOp::Div {
                true_div_operands(&a, &b, is_constant(b_expr))?;
            }
            match op {
                BinOp::Add => binary::<AddOp>(&a, &b),
                BinOp::Sub => binary::<SubOp>(&a, &b),
                BinOp::Mul => binary::<MulOp>(&a, &b),
                BinOp::Div => binary::<DivOp>(&a, &b),
                BinOp::FloorDiv => binary::<FloorDivOp>(&a, &b),
                BinOp::Mod => binary::<EvalModOp>(&a, &b),
                BinOp::Pow => binary::<PowOp>(&a, &b),
            }
        }
        Expr::Bool2(op, a, b) => {
            let (a, b) = (evaluate(a, resolve)?, evaluate(b, resolve)?);
            logical(*op, &a, &b)
        }
        Expr::Compare(first, rest) => {
            let mut left = evaluate(first, resolve)?;
            let mut acc: Option<Value> = None;
            for (rel, e) in rest {
                let right = evaluate(e, resolve)?;
                let r = compare(*rel, &left, &right)?;
                acc = Some(match acc {
                    None => r,
                    Some(prev) => logical(BoolOp::And, &prev, &r)?,
                });
                left = right;
            }
            Ok(acc.expect("a comparison has at least one operator"))
        }
        Expr::Call(name, args) => call(name, args, resolve),
    }
}

/// Whether pandas folds `e` into a Python constant before evaluating: a subtree without
/// names or function calls.
fn is_constant(e: &Expr) -> bool {
    match e {
        Expr::Int(_) | Expr::Float(_) | Expr::Bool(_) | Expr::Str(_) => true,
        Expr::Name(_) | Expr::Call(..) => false,
        Expr::Unary(_, x) => is_constant(x),
        Expr::Binary(_, a, b) | Expr::Bool2(_, a, b) => is_constant(a) && is_constant(b),
        Expr::Compare(first, rest) => {
            is_constant(first) && rest.iter().all(|(_, e)| is_constant(e))
        }
    }
}

/// What pandas' expression tree holds for `e`, as its `TypeError`s name it: the Python type
/// of a folded constant, else the node class.
fn node_type(e: &Expr, resolve: &Resolver<'_>) -> Result<&'static str, ComponentError> {
    Ok(match e {
        Expr::Name(_) => "VariableNode",
        Expr::Call(..) => "FuncNode",
        _ if is_constant(e) => match evaluate(e, resolve)? {
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Bool(_) => "bool",
            Value::Str(_) => "str",
            _ => "object",
        },
        _ => "OpNode",
    })
}

/// pandas' eval has no floor division of expression nodes: `//` works only between
/// constants (Python arithmetic); anything else is the TypeError Python raises for the
/// node objects.
fn floor_div_operands(a: &Expr, b: &Expr, resolve: &Resolver<'_>) -> Result<(), ComponentError> {
    if is_constant(a) && is_constant(b) {
        return Ok(());
    }
    Err(ComponentError::new(
        "TypeError",
        format!(
            "unsupported operand type(s) for //: '{}' and '{}'",
            node_type(a, resolve)?,
            node_type(b, resolve)?
        ),
    ))
}

/// pandas' `/` node: booleans are refused, operands are cast to float, and a divisor that
/// is a zero constant raises Python's ZeroDivisionError ("float division by zero") where
/// numexpr would give inf.
fn true_div_operands(a: &Value, b: &Value, b_constant: bool) -> Result<(), ComponentError> {
    let return_type = |v: &Value| match v {
        Value::Series(s) => Some(s.values.pandas_dtype()),
        Value::Bool(_) => Some("<class 'bool'>".into()),
        Value::Int(_) => Some("<class 'int'>".into()),
        Value::Float(_) => Some("<class 'float'>".into()),
        _ => None,
    };
    let boolean = |v: &Value| match v {
        Value::Bool(_) => true,
        Value::Series(s) => s.values.kind() == ColumnKind::Bool,
        _ => false,
    };
    if boolean(a) || boolean(b) {
        if let (Some(l), Some(r)) = (return_type(a), return_type(b)) {
            return Err(ComponentError::new(
                "TypeError",
                format!("unsupported operand type(s) for /: '{l}' and '{r}'"),
            ));
        }
    }
    let zero = matches!(b, Value::Int(0)) || matches!(b, Value::Float(f) if *f == 0.0);
    if b_constant && zero {
        return Err(ComponentError::new(
            "ZeroDivisionError",
            "float division by zero",
        ));
    }
    Ok(())
}

fn call(name: &str, args: &[Expr], resolve: &Resolver<'_>) -> Result<Value, ComponentError> {
    let f: fn(f64) -> f64 = match name {
        "sin" => f64::sin,
        "cos" => f64::cos,
        "tan" => f64::tan,
        "exp" => f64::exp,
        "log" => f64::ln,
        "expm1" => f64::exp_m1,
        "log1p" => f64::ln_1p,
        "sqrt" => f64::sqrt,
        "sinh" => f64::sinh,
        "cosh" => f64::cosh,
        "tanh" => f64::tanh,
        "arcsin" => f64::asin,
        "arccos" => f64::acos,
        "arctan" => f64::atan,
        "arcsinh" => f64::asinh,
        "arccosh" => f64::acosh,
        "arctanh" => f64::atanh,
        "abs" => f64::abs,
        "arctan2" => return Err(unsupported("arctan2")),
        other => {
            return Err(ComponentError::value_error(format!(
                "\"{other}\" is not a supported function"
            )))
        }
    };
    if args.len() != 1 {
        return Err(ComponentError::type_error(format!(
            "{name}() takes exactly one argument ({} given)",
            args.len()
        )));
    }
    let v = evaluate(&args[0], resolve)?;
    if name == "abs" {
        return map_num(&v, "abs", i64::wrapping_abs, f64::abs, false);
    }
    map_float(&v, name, f)
}

/// `-x`: ints stay int (wrapping like numpy), bool series are refused like numpy does.
fn negate(v: &Value) -> Result<Value, ComponentError> {
    if let Value::Series(s) = v {
        if s.values.kind() == ColumnKind::Bool {
            return Err(ComponentError::type_error(
                "The numpy boolean negative, the `-` operator, is not supported, use the `~` \
                 operator or the logical_not function instead.",
            ));
        }
    }
    map_num(v, "unary -", i64::wrapping_neg, |x| -x, false)
}

/// `~x` / `not x`: logical not for bools, bitwise not for ints.
fn invert(v: &Value) -> Result<Value, ComponentError> {
    match v {
        Value::Series(s) => {
            let values = match s.values.kind() {
                ColumnKind::Bool => Column::from_bool(
                    s.values
                        .bool_values()
                        .unwrap_or_default()
                        .iter()
                        .map(|b| !b.unwrap_or(false))
                        .collect(),
                ),
                ColumnKind::Int if s.values.data.i64().is_ok() => Column::from_i64(
                    s.values
                        .i64_values()
                        .unwrap_or_default()
                        .iter()
                        .map(|&x| !x)
                        .collect(),
                ),
                _ => {
                    return Err(ComponentError::type_error(
                        "ufunc 'invert' not supported for the input types, and the inputs \
                         could not be safely coerced to any supported types according to the \
                         casting rule ''safe''",
                    ))
                }
            };
            Ok(Value::Series(SeriesValue {
                name: s.name.clone(),
                index: s.index.clone(),
                values,
                attrs: s.attrs.clone(),
            }))
        }
        Value::Bool(b) => Ok(Value::Bool(!b)),
        Value::Int(i) => Ok(Value::Int(!i)),
        other => Err(ComponentError::type_error(format!(
            "bad operand type for unary ~: '{}'",
            py_type(other)
        ))),
    }
}

/// Bitwise/logical data of an operand of `&`/`|`.
enum Bits {
    Bool(Vec<bool>),
    Int(Vec<i64>),
}

fn bits_of(col: &Column, op: &str, other: &Value) -> Result<Bits, ComponentError> {
    match col.kind() {
        ColumnKind::Bool => Ok(Bits::Bool(
            col.bool_values()
                .unwrap_or_default()
                .iter()
                .map(|b| b.unwrap_or(false))
                .collect(),
        )),
        ColumnKind::Int if col.data.i64().is_ok() => {
            Ok(Bits::Int(col.i64_values().unwrap_or_default().into_owned()))
        }
        kind => Err(ComponentError::type_error(format!(
            "unsupported operand type(s) for {op}: '{}' and '{}'",
            match kind {
                ColumnKind::Float => "float",
                ColumnKind::Str => "str",
                ColumnKind::Datetime => "Timestamp",
                _ => "int",
            },
            py_type(other)
        ))),
    }
}

/// `a & b` / `a | b` elementwise: bools stay bools, ints (or bool with int) are combined
/// bitwise; scalars broadcast; plain values follow Python.
fn logical(op: BoolOp, a: &Value, b: &Value) -> Result<Value, ComponentError> {
    let sym = if op == BoolOp::And { "&" } else { "|" };
    let series = match (a, b) {
        (Value::Series(s), _) | (_, Value::Series(s)) => s,
        _ => {
            return match (a, b) {
                (Value::Bool(x), Value::Bool(y)) => Ok(Value::Bool(match op {
                    BoolOp::And => *x && *y,
                    BoolOp::Or => *x || *y,
                })),
                _ => match (scalar_of(a), scalar_of(b)) {
                    (Some(Scalar::Int(x)), Some(Scalar::Int(y))) => Ok(Value::Int(match op {
                        BoolOp::And => x & y,
                        BoolOp::Or => x | y,
                    })),
                    _ => Err(ComponentError::type_error(format!(
                        "unsupported operand type(s) for {sym}: '{}' and '{}'",
                        py_type(a),
                        py_type(b)
                    ))),
                },
            }
        }
    };
    let n = series.len();
    let side = |v: &Value, other: &Value| -> Result<Bits, ComponentError> {
        match v {
            Value::Series(s) => {
                if s.len() != n || !crate::kernels::elementwise::same_index(&s.index, &series.index)
                {
                    return Err(unsupported(
                        "boolean operators on differently indexed series",
                    ));
                }
                bits_of(&s.values, sym, other)
            }
            Value::Bool(x) => Ok(Bits::Bool(vec![*x; n])),
            Value::Int(x) => Ok(Bits::Int(vec![*x; n])),
            other_v => Err(ComponentError::type_error(format!(
                "unsupported operand type(s) for {sym}: '{}' and '{}'",
                py_type(other_v),
                py_type(other)
            ))),
        }
    };
    let (x, y) = (side(a, b)?, side(b, a)?);
    let values = match (x, y) {
        (Bits::Bool(x), Bits::Bool(y)) => Column::from_bool(
            x.iter()
                .zip(&y)
                .map(|(&p, &q)| if op == BoolOp::And { p && q } else { p || q })
                .collect(),
        ),
        (x, y) => {
            let to_int = |b: Bits| match b {
                Bits::Int(v) => v,
                Bits::Bool(v) => v.into_iter().map(i64::from).collect(),
            };
            let (x, y) = (to_int(x), to_int(y));
            Column::from_i64(
                x.iter()
                    .zip(&y)
                    .map(|(&p, &q)| if op == BoolOp::And { p & q } else { p | q })
                    .collect(),
            )
        }
    };
    let name = match (a, b) {
        (Value::Series(x), Value::Series(y)) if x.name != y.name => None,
        _ => series.name.clone(),
    };
    Ok(Value::Series(SeriesValue {
        name,
        index: series.index.clone(),
        values,
        attrs: series.attrs.clone(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;

    fn p(s: &str) -> Expr {
        parse_statement(s).unwrap().expr
    }

    fn name(n: &str) -> Box<Expr> {
        Box::new(Expr::Name(n.into()))
    }

    #[test]
    fn precedence_follows_python_with_pandas_boolean_rewrite() {
        // `&` has the precedence of `and`: a > 1 & b < 3 is (a > 1) & (b < 3).
        assert_eq!(
            p("a > 1 & b < 3"),
            Expr::Bool2(
                BoolOp::And,
                Box::new(Expr::Compare(name("a"), vec![(Rel::Gt, Expr::Int(1))])),
                Box::new(Expr::Compare(name("b"), vec![(Rel::Lt, Expr::Int(3))])),
            )
        );
        // -2 ** 2 is -(2 ** 2); 2 ** -1 allowed; ** is right-associative.
        assert_eq!(
            p("-2 ** 2"),
            Expr::Unary(
                UnOp::Neg,
                Box::new(Expr::Binary(
                    BinOp::Pow,
                    Box::new(Expr::Int(2)),
                    Box::new(Expr::Int(2))
                ))
            )
        );
        assert_eq!(
            p("2 ** 3 ** 2"),
            Expr::Binary(
                BinOp::Pow,
                Box::new(Expr::Int(2)),
                Box::new(Expr::Binary(
                    BinOp::Pow,
                    Box::new(Expr::Int(3)),
                    Box::new(Expr::Int(2))
                ))
            )
        );
        // or binds loosest; not binds looser than comparison.
        assert_eq!(
            p("not a == 1 or b"),
            Expr::Bool2(
                BoolOp::Or,
                Box::new(Expr::Unary(
                    UnOp::Invert,
                    Box::new(Expr::Compare(name("a"), vec![(Rel::Eq, Expr::Int(1))]))
                )),
                name("b")
            )
        );
        assert_eq!(
            p("a + 2 * b - c // 4 % 3"),
            Expr::Binary(
                BinOp::Sub,
                Box::new(Expr::Binary(
                    BinOp::Add,
                    name("a"),
                    Box::new(Expr::Binary(BinOp::Mul, Box::new(Expr::Int(2)), name("b")))
                )),
                Box::new(Expr::Binary(
                    BinOp::Mod,
                    Box::new(Expr::Binary(
                        BinOp::FloorDiv,
                        name("c"),
                        Box::new(Expr::Int(4))
                    )),
                    Box::new(Expr::Int(3))
                ))
            )
        );
    }

    #[test]
    fn literals_names_and_assignment() {
        assert_eq!(
            p("1_000 + .5e1"),
            Expr::Binary(
                BinOp::Add,
                Box::new(Expr::Int(1000)),
                Box::new(Expr::Float(5.0))
            )
        );
        assert_eq!(
            p("`my col` == 'x'"),
            Expr::Compare(name("my col"), vec![(Rel::Eq, Expr::Str("x".into()))])
        );
        assert_eq!(p("True"), Expr::Bool(true));
        let s = parse_statement("c = a + 1").unwrap();
        assert_eq!(s.target.as_deref(), Some("c"));
        assert_eq!(parse_statement("c == a").unwrap().target, None);
        assert_eq!(
            p("sqrt(a)"),
            Expr::Call("sqrt".into(), vec![Expr::Name("a".into())])
        );
    }

    #[test]
    fn deep_or_long_expressions_fail_cleanly_instead_of_overflowing_the_stack() {
        let err = |s: String| parse_statement(&s).unwrap_err();
        let parens = format!("{}x{}", "(".repeat(10_000), ")".repeat(10_000));
        assert_eq!(
            err(parens).message,
            "too many nested parentheses (<unknown>, line 1)"
        );
        for deep in [
            format!("{}x", "-".repeat(100_000)),
            vec!["x"; 100_000].join(" + "),
            vec!["x"; 10_000].join(" ** "),
            vec!["x"; 10_000].join(" * "),
            vec!["x"; 10_000].join(" and "),
            vec!["x"; 10_000].join(" | "),
            format!("{}x", "not ".repeat(10_000)),
            format!("{}x{}", "sin(".repeat(150), ")".repeat(150)),
            format!("({}x)", "x + ".repeat(60)) + &" + x".repeat(60),
            // Chains inside parentheses add up: each level holds a 60-term sum.
            (0..3).fold("x".to_string(), |inner, _| {
                format!("({inner}{})", " + x".repeat(60))
            }),
        ] {
            let e = err(deep);
            assert_eq!(e.type_name, "RecursionError", "{}", e.message);
            assert!(
                e.message
                    .contains(&format!("deeper than {MAX_EXPRESSION_DEPTH} levels")),
                "{}",
                e.message
            );
        }
        // Within the limits everything still parses and evaluates.
        let ok = format!("{}x{}", "(".repeat(99), ")".repeat(99));
        assert_eq!(parse_statement(&ok).unwrap().expr, Expr::Name("x".into()));
        let nested = format!("{}x{}", "(".repeat(150), ")".repeat(150));
        assert_eq!(err(nested).type_name, "RecursionError");
        let sum = vec!["1"; 99].join(" + ");
        let s = parse_statement(&sum).unwrap();
        let resolve = |_: &str| None;
        assert!(matches!(
            evaluate(&s.expr, &resolve).unwrap(),
            Value::Int(99)
        ));
    }

    #[test]
    fn syntax_errors_like_python() {
        let msg = |s: &str| parse_statement(s).unwrap_err();
        assert_eq!(msg("a +").message, "invalid syntax (<unknown>, line 1)");
        assert_eq!(msg("a +").type_name, "SyntaxError");
        assert_eq!(
            msg("(a + 1").message,
            "'(' was never closed (<unknown>, line 1)"
        );
        assert_eq!(msg("a + 1)").message, "unmatched ')' (<unknown>, line 1)");
        assert_eq!(msg("a b").type_name, "SyntaxError");
        assert_eq!(msg("a $ b").type_name, "SyntaxError");
        assert_eq!(msg("a; b").message, "only a single expression is allowed");
        assert_eq!(msg("a ^ b").message, "'BitXor' nodes are not implemented");
        assert_eq!(msg("a << 1").type_name, "NotImplementedError");
        assert_eq!(msg("a in b").type_name, "NotSupportedByNativeEngine");
        assert_eq!(msg("1a").type_name, "SyntaxError");
        assert_eq!(
            split_lines("").unwrap_err().message,
            "expr cannot be an empty string"
        );
        assert_eq!(split_lines(" a \n\n b\r\n").unwrap(), ["a", "b"]);
    }

    #[test]
    fn floor_division_matches_numpy_and_python() {
        assert_eq!(floor_div_f64(7.0, 2.0), 3.0);
        assert_eq!(floor_div_f64(-7.0, 2.0), -4.0);
        assert_eq!(floor_div_f64(7.0, -2.0), -4.0);
        assert_eq!(floor_div_f64(1.0, 0.0), f64::INFINITY);
        assert!(floor_div_f64(0.0, 0.0).is_nan());
        assert!(floor_div_f64(-0.5, 2.0) == -1.0);
        assert_eq!(FloorDivOp::int(-7, 2), IntOut::Val(-4));
        assert_eq!(FloorDivOp::int(7, 0), IntOut::Float);
        let r = binary::<FloorDivOp>(&is(&[0, 1, 2], &[7, -7, 1]), &Value::Int(0)).unwrap();
        assert_floats(
            &parts(&r).1,
            &[f64::INFINITY, f64::NEG_INFINITY, f64::INFINITY],
        );
        assert_eq!(
            binary::<FloorDivOp>(&Value::Int(1), &Value::Int(0))
                .unwrap_err()
                .type_name,
            "ZeroDivisionError"
        );
        assert_eq!(
            binary::<FloorDivOp>(&Value::Int(-7), &Value::Int(2)).unwrap(),
            Value::Int(-4)
        );
    }

    /// What pandas 2.1.3's eval (numexpr 2.9) answered for these expressions.
    #[test]
    fn floor_division_and_zero_divisors_as_pandas_eval() {
        let x = named(fs(&[0, 1, 2], &[1.0, 0.0, 4.0]), "x");
        let b = named(
            Value::Series(SeriesValue::new(
                Column::range(1),
                Column::from_bool(vec![true]),
            )),
            "b",
        );
        let resolve = move |n: &str| match n {
            "x" => Some(x.clone()),
            "b" => Some(b.clone()),
            _ => None,
        };
        let err = |e: &str| evaluate(&p(e), &resolve).unwrap_err();
        for (e, l, r) in [
            ("x // 2", "VariableNode", "int"),
            ("2 // x", "int", "VariableNode"),
            ("(x+1) // 2", "OpNode", "int"),
            ("-x // 2", "OpNode", "int"),
            ("abs(x) // 2", "FuncNode", "int"),
            ("x // (1+1)", "VariableNode", "int"),
            ("x // 2.0", "VariableNode", "float"),
            ("x // True", "VariableNode", "bool"),
            ("x // x", "VariableNode", "VariableNode"),
        ] {
            let got = err(e);
            assert_eq!(got.type_name, "TypeError", "{e}");
            assert_eq!(
                got.message,
                format!("unsupported operand type(s) for //: '{l}' and '{r}'"),
                "{e}"
            );
        }
        assert_eq!(evaluate(&p("-7 // 2"), &resolve).unwrap(), Value::Int(-4));
        assert_eq!(
            evaluate(&p("1.5 // 0.5"), &resolve).unwrap(),
            Value::Float(3.0)
        );
        assert_eq!(err("2 // 0").message, "integer division or modulo by zero");
        assert_eq!(err("1.5 // 0").message, "float floor division by zero");
        for e in [
            "x / 0",
            "x / 0.0",
            "x / -0",
            "x / (1-1)",
            "x / (2 - 2.0)",
            "x / 0 * 0",
            "x + 1/0",
            "1 / 0",
        ] {
            let got = err(e);
            assert_eq!(
                (got.type_name.as_str(), got.message.as_str()),
                ("ZeroDivisionError", "float division by zero"),
                "{e}"
            );
        }
        // A zero that is not a constant divides as numpy does.
        let Value::Series(s) = evaluate(&p("x / (x - x)"), &resolve).unwrap() else {
            panic!()
        };
        assert_eq!(s.values.f64_values().unwrap()[0], f64::INFINITY);
        assert_eq!(
            err("x / False").message,
            "unsupported operand type(s) for /: 'float64' and '<class 'bool'>'"
        );
        assert_eq!(
            err("True / 0").message,
            "unsupported operand type(s) for /: '<class 'bool'>' and '<class 'int'>'"
        );
    }

    #[test]
    fn evaluates_columnar_with_pandas_dtypes_and_names() {
        let a = named(is(&[5, 6, 7], &[1, 2, 3]), "a");
        let b = named(fs(&[5, 6, 7], &[0.5, f64::NAN, 2.0]), "b");
        let (a2, b2) = (a.clone(), b.clone());
        let resolve = move |n: &str| match n {
            "a" => Some(a2.clone()),
            "b" => Some(b2.clone()),
            _ => None,
        };
        // Same index objects would be positional; here equal labels are positional too.
        let r = evaluate(&p("a * 2 + 1"), &resolve).unwrap();
        let Value::Series(s) = &r else { panic!() };
        assert_eq!(s.values, Column::from_i64(vec![3, 5, 7]));
        assert_eq!(s.name.as_deref(), Some("a"));
        let Value::Series(s) = evaluate(&p("a / 2"), &resolve).unwrap() else {
            panic!()
        };
        assert_eq!(s.values, Column::from_f64(vec![0.5, 1.0, 1.5]));
        let Value::Series(s) = evaluate(&p("a + b"), &resolve).unwrap() else {
            panic!()
        };
        assert_eq!(s.name, None);
        assert_floats(&s.values.f64_values().unwrap(), &[1.5, f64::NAN, 5.0]);
        // NaN compares False; chained comparisons and boolean ops.
        let r = evaluate(&p("b > 0.4 & a < 3"), &resolve).unwrap();
        let Value::Series(s) = &r else { panic!() };
        assert_eq!(s.values, Column::from_bool(vec![true, false, false]));
        let r = evaluate(&p("1 < a <= 3 and not b == 2"), &resolve).unwrap();
        let Value::Series(s) = &r else { panic!() };
        assert_eq!(s.values, Column::from_bool(vec![false, true, false]));
        let Value::Series(s) = evaluate(&p("-a ** 2"), &resolve).unwrap() else {
            panic!()
        };
        assert_eq!(s.values, Column::from_i64(vec![-1, -4, -9]));
        let Value::Series(s) = evaluate(&p("~(a > 1) | (a == 3)"), &resolve).unwrap() else {
            panic!()
        };
        assert_eq!(s.values, Column::from_bool(vec![true, false, true]));
        let Value::Series(s) = evaluate(&p("a & 6"), &resolve).unwrap() else {
            panic!()
        };
        assert_eq!(s.values, Column::from_i64(vec![0, 2, 2]));
        let Value::Series(s) = evaluate(&p("sqrt(a * a) + abs(-a)"), &resolve).unwrap() else {
            panic!()
        };
        assert_eq!(s.values, Column::from_f64(vec![2.0, 4.0, 6.0]));
        assert_eq!(
            evaluate(&p("2 ** -1"), &resolve).unwrap(),
            Value::Float(0.5)
        );
        assert_eq!(
            evaluate(&p("7 // 2 + 7 % 4"), &resolve).unwrap(),
            Value::Int(6)
        );
        assert_eq!(
            evaluate(&p("b < inf"), &resolve)
                .map(|v| v.kind_name())
                .unwrap(),
            "series"
        );
    }

    #[test]
    fn evaluation_errors() {
        let a = named(fs(&[0, 1], &[1.0, 2.0]), "a");
        let resolve = move |n: &str| (n == "a").then(|| a.clone());
        let e = evaluate(&p("a + z"), &resolve).unwrap_err();
        assert_eq!(e.type_name, "UndefinedVariableError");
        assert_eq!(e.message, "name 'z' is not defined");
        assert_eq!(
            evaluate(&p("a & True"), &resolve).unwrap_err().type_name,
            "TypeError"
        );
        assert_eq!(
            evaluate(&p("~a"), &resolve).unwrap_err().type_name,
            "TypeError"
        );
        let e = evaluate(&p("foo(a)"), &resolve).unwrap_err();
        assert_eq!(e.message, "\"foo\" is not a supported function");
        assert_eq!(
            evaluate(&p("-(a > 1)"), &resolve).unwrap_err().type_name,
            "TypeError"
        );
    }
}
