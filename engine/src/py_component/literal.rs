//! Evaluating the Python literals `ast.literal_eval` accepts (strings with every prefix and escape, implicit concatenation, numbers, True/False/None, tuples, lists, dicts, sets).

use super::tokenize::{Tok, Token};

/// An evaluated Python literal with the line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Lit {
    pub(super) line: usize,
    pub(super) kind: LitKind,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum LitKind {
    None,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Bytes(String),
    Tuple(Vec<Lit>),
    List(Vec<Lit>),
    Set(Vec<Lit>),
    /// Entries in insertion order; a repeated key keeps its first position and the last value.
    Dict(Vec<(Lit, Lit)>),
    /// A literal Rheo cannot represent as JSON (complex numbers, `...`, huge ints); named.
    Unsupported(&'static str),
}

impl LitKind {
    pub(super) fn type_name(&self) -> &'static str {
        match self {
            LitKind::None => "None",
            LitKind::Bool(_) => "bool",
            LitKind::Int(_) => "int",
            LitKind::Float(_) => "float",
            LitKind::Str(_) => "str",
            LitKind::Bytes(_) => "bytes",
            LitKind::Tuple(_) => "tuple",
            LitKind::List(_) => "list",
            LitKind::Set(_) => "set",
            LitKind::Dict(_) => "dict",
            LitKind::Unsupported(what) => what,
        }
    }

    pub(super) fn describe(&self) -> String {
        match self {
            LitKind::Str(s) => format!("{s:?}"),
            other => other.type_name().to_string(),
        }
    }

    pub(super) fn hashable(&self) -> bool {
        match self {
            LitKind::List(_) | LitKind::Set(_) | LitKind::Dict(_) => false,
            LitKind::Tuple(items) => items.iter().all(|i| i.kind.hashable()),
            _ => true,
        }
    }

    /// Python `==` for hashable literals (`1 == 1.0 == True`).
    pub(super) fn key_eq(&self, other: &LitKind) -> bool {
        fn number(k: &LitKind) -> Option<f64> {
            match k {
                LitKind::Bool(b) => Some(f64::from(u8::from(*b))),
                #[allow(clippy::cast_precision_loss)]
                LitKind::Int(i) => Some(*i as f64),
                LitKind::Float(f) => Some(*f),
                _ => None,
            }
        }
        match (self, other) {
            (LitKind::Int(a), LitKind::Int(b)) => a == b,
            (LitKind::Str(a), LitKind::Str(b)) | (LitKind::Bytes(a), LitKind::Bytes(b)) => a == b,
            (LitKind::None, LitKind::None) => true,
            (LitKind::Tuple(a), LitKind::Tuple(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.kind.key_eq(&y.kind))
            }
            _ => match (number(self), number(other)) {
                (Some(a), Some(b)) => a == b,
                _ => false,
            },
        }
    }
}

/// Why a token sequence is not a literal.
#[derive(Debug)]
pub(super) struct LitError {
    pub(super) line: usize,
    pub(super) message: String,
    /// The source is not valid Python at all (Python itself would refuse the module),
    /// as opposed to valid Python that is not a literal.
    pub(super) invalid_source: bool,
}

impl LitError {
    pub(super) fn not_literal(line: usize, message: impl Into<String>) -> Self {
        LitError {
            line,
            message: message.into(),
            invalid_source: false,
        }
    }

    pub(super) fn invalid(line: usize, message: impl Into<String>) -> Self {
        LitError {
            line,
            message: message.into(),
            invalid_source: true,
        }
    }
}

/// Evaluates a complete token sequence as one literal (a bare `a, b` is a tuple).
pub(super) fn parse_literal(tokens: &[Token<'_>]) -> Result<Lit, LitError> {
    let mut parser = LitParser {
        tokens,
        pos: 0,
        depth: 0,
    };
    let lit = parser.expression_list(None)?;
    if let Some(t) = parser.peek() {
        return Err(LitError::not_literal(
            t.line,
            format!("unexpected {} after the literal", t.tok.describe()),
        ));
    }
    Ok(lit)
}

/// Deepest bracket nesting Python's tokenizer accepts; deeper literals are refused as
/// Python refuses them ("too many nested parentheses") instead of overflowing the stack.
pub(super) const MAX_BRACKET_NESTING: usize = 200;

pub(super) struct LitParser<'t, 'a> {
    pub(super) tokens: &'t [Token<'a>],
    pub(super) pos: usize,
    /// Values being parsed around the current position (1 at the top level).
    pub(super) depth: usize,
}

impl<'a> LitParser<'_, 'a> {
    pub(super) fn peek(&self) -> Option<Token<'a>> {
        self.tokens.get(self.pos).copied()
    }

    pub(super) fn peek_is(&self, op: &str) -> bool {
        self.peek().is_some_and(|t| t.tok == Tok::Op(op))
    }

    /// The line for an error at the current position.
    pub(super) fn line(&self) -> usize {
        self.peek()
            .or_else(|| self.tokens.last().copied())
            .map_or(1, |t| t.line)
    }

    pub(super) fn expect(&mut self, op: &str) -> Result<(), LitError> {
        match self.peek() {
            Some(t) if t.tok == Tok::Op(op) => {
                self.pos += 1;
                Ok(())
            }
            Some(t) => Err(LitError::invalid(
                t.line,
                format!("expected '{op}', found {}", t.tok.describe()),
            )),
            None => Err(LitError::invalid(
                self.line(),
                format!("expected '{op}', found the end of the statement"),
            )),
        }
    }

    /// `expr (',' expr)* [',']` up to `close` (or the end); a comma makes it a tuple.
    pub(super) fn expression_list(&mut self, close: Option<&str>) -> Result<Lit, LitError> {
        let first = self.expression()?;
        if !self.peek_is(",") {
            return Ok(first);
        }
        let line = first.line;
        let mut items = vec![first];
        while self.peek_is(",") {
            self.pos += 1;
            let at_end = match close {
                Some(close) => self.peek_is(close),
                None => self.peek().is_none(),
            };
            if at_end {
                break;
            }
            items.push(self.expression()?);
        }
        Ok(Lit {
            line,
            kind: LitKind::Tuple(items),
        })
    }

    /// One value, at most [`MAX_BRACKET_NESTING`] brackets deep.
    pub(super) fn expression(&mut self) -> Result<Lit, LitError> {
        if self.depth > MAX_BRACKET_NESTING {
            return Err(LitError::invalid(
                self.line(),
                "too many nested parentheses",
            ));
        }
        self.depth += 1;
        let value = self.value();
        self.depth -= 1;
        value
    }

    fn value(&mut self) -> Result<Lit, LitError> {
        let Some(token) = self.peek() else {
            return Err(LitError::invalid(
                self.line(),
                "expected a value, found the end of the statement",
            ));
        };
        let line = token.line;
        let kind = match token.tok {
            Tok::Op(sign @ ("-" | "+")) => {
                self.pos += 1;
                match self.peek() {
                    Some(Token {
                        tok: Tok::Number(text),
                        line: number_line,
                    }) => {
                        self.pos += 1;
                        let number = parse_number(text, number_line)?;
                        if sign == "-" {
                            negate(number)
                        } else {
                            number
                        }
                    }
                    _ => {
                        return Err(LitError::not_literal(
                            line,
                            format!("'{sign}' is only allowed before a number"),
                        ))
                    }
                }
            }
            Tok::Number(text) => {
                self.pos += 1;
                parse_number(text, line)?
            }
            Tok::Str { .. } => self.strings()?,
            Tok::Name("True") => {
                self.pos += 1;
                LitKind::Bool(true)
            }
            Tok::Name("False") => {
                self.pos += 1;
                LitKind::Bool(false)
            }
            Tok::Name("None") => {
                self.pos += 1;
                LitKind::None
            }
            Tok::Name("set")
                if self.tokens.get(self.pos + 1).map(|t| t.tok) == Some(Tok::Op("("))
                    && self.tokens.get(self.pos + 2).map(|t| t.tok) == Some(Tok::Op(")")) =>
            {
                self.pos += 3;
                LitKind::Set(Vec::new())
            }
            Tok::Op("...") => {
                self.pos += 1;
                LitKind::Unsupported("ellipsis")
            }
            Tok::Op("(") => {
                self.pos += 1;
                if self.peek_is(")") {
                    self.pos += 1;
                    LitKind::Tuple(Vec::new())
                } else {
                    let inner = self.expression_list(Some(")"))?;
                    self.expect(")")?;
                    inner.kind
                }
            }
            Tok::Op("[") => {
                self.pos += 1;
                let items = self.sequence("]")?;
                LitKind::List(items)
            }
            Tok::Op("{") => {
                self.pos += 1;
                self.dict_or_set()?
            }
            other => {
                return Err(LitError::not_literal(
                    line,
                    format!("{} is not allowed in a literal", other.describe()),
                ))
            }
        };
        let lit = Lit { line, kind };
        if let Some(next) = self.peek() {
            if let Tok::Op(op @ ("." | "(" | "[" | "+" | "-" | "*" | "/" | "%" | "**" | "//")) =
                next.tok
            {
                return Err(LitError::not_literal(
                    next.line,
                    format!("'{op}' makes this an expression, not a literal"),
                ));
            }
        }
        Ok(lit)
    }

    /// Comma-separated expressions up to `close`.
    pub(super) fn sequence(&mut self, close: &str) -> Result<Vec<Lit>, LitError> {
        let mut items = Vec::new();
        while !self.peek_is(close) {
            items.push(self.expression()?);
            if !self.peek_is(",") {
                break;
            }
            self.pos += 1;
        }
        self.expect(close)?;
        Ok(items)
    }

    pub(super) fn dict_or_set(&mut self) -> Result<LitKind, LitError> {
        if self.peek_is("}") {
            self.pos += 1;
            return Ok(LitKind::Dict(Vec::new()));
        }
        if self.peek_is("**") {
            return Err(LitError::not_literal(
                self.line(),
                "'**' unpacking is not a literal",
            ));
        }
        let first = self.expression()?;
        if !self.peek_is(":") {
            // A set display.
            let mut items: Vec<Lit> = Vec::new();
            let mut next = Some(first);
            while let Some(item) = next.take() {
                require_hashable(&item)?;
                if !items.iter().any(|i| i.kind.key_eq(&item.kind)) {
                    items.push(item);
                }
                if self.peek_is(",") {
                    self.pos += 1;
                    if !self.peek_is("}") {
                        next = Some(self.expression()?);
                    }
                }
            }
            self.expect("}")?;
            return Ok(LitKind::Set(items));
        }
        let mut entries: Vec<(Lit, Lit)> = Vec::new();
        let mut key = Some(first);
        while let Some(k) = key.take() {
            self.expect(":")?;
            let value = self.expression()?;
            require_hashable(&k)?;
            match entries.iter_mut().find(|(e, _)| e.kind.key_eq(&k.kind)) {
                Some(entry) => entry.1 = value,
                None => entries.push((k, value)),
            }
            if self.peek_is(",") {
                self.pos += 1;
                if self.peek_is("**") {
                    return Err(LitError::not_literal(
                        self.line(),
                        "'**' unpacking is not a literal",
                    ));
                }
                if !self.peek_is("}") {
                    key = Some(self.expression()?);
                }
            }
        }
        self.expect("}")?;
        Ok(LitKind::Dict(entries))
    }

    /// One or more adjacent string literals, concatenated.
    pub(super) fn strings(&mut self) -> Result<LitKind, LitError> {
        let mut text = String::new();
        let mut bytes: Option<bool> = None;
        while let Some(Token {
            tok: Tok::Str { prefix, body },
            line,
        }) = self.peek()
        {
            self.pos += 1;
            let prefix = prefix.to_ascii_lowercase();
            if prefix.contains('f') {
                return Err(LitError::not_literal(line, "f-strings are not literals"));
            }
            let is_bytes = prefix.contains('b');
            if bytes.is_some_and(|b| b != is_bytes) {
                return Err(LitError::invalid(
                    line,
                    "cannot mix bytes and nonbytes literals",
                ));
            }
            bytes = Some(is_bytes);
            if prefix.contains('r') {
                text.push_str(body);
            } else {
                decode_escapes(body, is_bytes, line, &mut text)?;
            }
        }
        Ok(if bytes == Some(true) {
            LitKind::Bytes(text)
        } else {
            LitKind::Str(text)
        })
    }
}

pub(super) fn require_hashable(lit: &Lit) -> Result<(), LitError> {
    if lit.kind.hashable() {
        Ok(())
    } else {
        Err(LitError::not_literal(
            lit.line,
            format!("unhashable type: '{}'", lit.kind.type_name()),
        ))
    }
}

pub(super) fn negate(kind: LitKind) -> LitKind {
    match kind {
        LitKind::Int(i) => LitKind::Int(-i),
        LitKind::Float(f) => LitKind::Float(-f),
        other => other,
    }
}

/// Python's backslash escapes of a non-raw string (or bytes) literal body.
pub(super) fn decode_escapes(
    body: &str,
    bytes: bool,
    first_line: usize,
    out: &mut String,
) -> Result<(), LitError> {
    let mut line = first_line;
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
        }
        if c != '\\' {
            if bytes && !c.is_ascii() {
                return Err(LitError::invalid(
                    line,
                    "bytes can only contain ASCII literal characters",
                ));
            }
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else {
            out.push('\\');
            break;
        };
        match e {
            '\n' => line += 1,
            '\\' | '\'' | '"' => out.push(e),
            'a' => out.push('\u{07}'),
            'b' => out.push('\u{08}'),
            'f' => out.push('\u{0c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\u{0b}'),
            '0'..='7' => {
                let mut value = e.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match chars.peek().and_then(|d| d.to_digit(8)) {
                        Some(d) => {
                            value = value * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(value).unwrap_or('\u{fffd}'));
            }
            'x' => out.push(hex_escape(&mut chars, 2, line, "\\xXX")?),
            'u' if !bytes => out.push(hex_escape(&mut chars, 4, line, "\\uXXXX")?),
            'U' if !bytes => out.push(hex_escape(&mut chars, 8, line, "\\UXXXXXXXX")?),
            'N' if !bytes => {
                return Err(LitError::invalid(
                    line,
                    "\\N{...} escapes (Unicode character names) are not supported",
                ))
            }
            other => {
                // Unknown escapes are kept as written (Python only warns).
                out.push('\\');
                out.push(other);
            }
        }
    }
    Ok(())
}

pub(super) fn hex_escape(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    digits: usize,
    line: usize,
    form: &str,
) -> Result<char, LitError> {
    let mut value = 0u32;
    for _ in 0..digits {
        match chars.peek().and_then(|d| d.to_digit(16)) {
            Some(d) => {
                value = value * 16 + d;
                chars.next();
            }
            None => return Err(LitError::invalid(line, format!("truncated {form} escape"))),
        }
    }
    char::from_u32(value).ok_or_else(|| {
        LitError::invalid(
            line,
            format!("{form} escape {value:#x} is not a Unicode scalar value"),
        )
    })
}

/// A Python numeric literal (without sign).
pub(super) fn parse_number(text: &str, line: usize) -> Result<LitKind, LitError> {
    let invalid = || LitError::invalid(line, format!("invalid number literal '{text}'"));
    if text.ends_with(['j', 'J']) {
        return Ok(LitKind::Unsupported("complex"));
    }
    if text.starts_with('_') || text.ends_with('_') || text.contains("__") {
        return Err(invalid());
    }
    let clean = text.replace('_', "");
    let lower = clean.to_ascii_lowercase();
    let radix = match lower.get(..2) {
        Some("0x") => Some(16),
        Some("0o") => Some(8),
        Some("0b") => Some(2),
        _ => None,
    };
    if let Some(radix) = radix {
        let digits = &lower[2..];
        if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
            return Err(invalid());
        }
        return Ok(match i128::from_str_radix(digits, radix) {
            Ok(i) => LitKind::Int(i),
            Err(_) => LitKind::Unsupported("int beyond 128 bits"),
        });
    }
    if lower.contains(['.', 'e']) {
        let valid = lower
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | '+' | '-'));
        return match lower.parse::<f64>() {
            Ok(f) if valid => Ok(LitKind::Float(f)),
            _ => Err(invalid()),
        };
    }
    if !lower.chars().all(|c| c.is_ascii_digit()) {
        return Err(invalid());
    }
    if lower.len() > 1 && lower.starts_with('0') && lower.chars().any(|c| c != '0') {
        // `0777` is a syntax error in Python 3.
        return Err(invalid());
    }
    Ok(match lower.parse::<i128>() {
        Ok(i) => LitKind::Int(i),
        Err(_) => LitKind::Unsupported("int beyond 128 bits"),
    })
}

// ---------------------------------------------------------------------------------------------
// JSON encodings of literals
// ---------------------------------------------------------------------------------------------
