//! Just enough of Python's tokenizer to find a module's docstring and its module-level assignments (logical lines, strings in every quoting form, brackets), skipping everything else.

use super::literal::{parse_literal, Lit, LitKind};
use super::PyImportError;
use std::borrow::Cow;

/// Universal newlines (as Python's text-mode `open` delivers the code) and no BOM.
pub(super) fn normalize_source(source: &str) -> Cow<'_, str> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    if source.contains('\r') {
        Cow::Owned(source.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(source)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Tok<'a> {
    /// Identifier or keyword.
    Name(&'a str),
    /// Numeric literal as written.
    Number(&'a str),
    /// String literal: prefix letters and the text between the quotes.
    Str { prefix: &'a str, body: &'a str },
    /// Operator or delimiter.
    Op(&'a str),
}

impl Tok<'_> {
    pub(super) fn describe(&self) -> String {
        match self {
            Tok::Name(n) => format!("name '{n}'"),
            Tok::Number(n) => format!("number {n}"),
            Tok::Str { .. } => "string".to_string(),
            Tok::Op(o) => format!("'{o}'"),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Token<'a> {
    pub(super) tok: Tok<'a>,
    pub(super) line: usize,
}

/// One logical line (a statement, possibly `;`-separated simple statements).
#[derive(Debug)]
pub(super) struct LogicalLine<'a> {
    /// Whether the line starts after indentation (then it is not at module level).
    pub(super) indented: bool,
    pub(super) tokens: Vec<Token<'a>>,
}

/// Statements that open a block; what follows them on the same line is not module level.
pub(super) const COMPOUND_KEYWORDS: [&str; 12] = [
    "if", "elif", "else", "while", "for", "try", "except", "finally", "with", "def", "class",
    "async",
];

pub(super) const OPS3: [&str; 5] = ["**=", "//=", ">>=", "<<=", "..."];
pub(super) const OPS2: [&str; 19] = [
    "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "%=", "@=", "&=", "|=", "^=", "->", ":=", "**",
    "//", "<<", ">>",
];

/// A tokenized module: its logical lines.
pub(super) struct Module<'a> {
    pub(super) lines: Vec<LogicalLine<'a>>,
}

pub(super) fn is_name_byte(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphanumeric() || b >= 0x80
}

pub(super) fn is_string_prefix(s: &str) -> bool {
    matches!(
        s.to_ascii_lowercase().as_str(),
        "r" | "u" | "b" | "f" | "br" | "rb" | "fr" | "rf"
    )
}

impl<'a> Module<'a> {
    /// Splits the (newline-normalised) source into logical lines of tokens.
    pub(super) fn tokenize(src: &'a str) -> Result<Self, PyImportError> {
        let b = src.as_bytes();
        let mut lines = Vec::new();
        let mut current = LogicalLine {
            indented: false,
            tokens: Vec::new(),
        };
        let mut pos = 0;
        let mut line = 1;
        let mut depth = 0usize;
        // Column of the current physical line (tabs and spaces count 1, form feed resets).
        let mut column = 0usize;
        while pos < b.len() {
            let c = b[pos];
            let start = pos;
            let tok = match c {
                b'\n' => {
                    pos += 1;
                    line += 1;
                    column = 0;
                    if depth == 0 && !current.tokens.is_empty() {
                        lines.push(std::mem::replace(
                            &mut current,
                            LogicalLine {
                                indented: false,
                                tokens: Vec::new(),
                            },
                        ));
                    }
                    continue;
                }
                b' ' | b'\t' => {
                    pos += 1;
                    column += 1;
                    continue;
                }
                b'\x0c' => {
                    pos += 1;
                    column = 0;
                    continue;
                }
                b'#' => {
                    while pos < b.len() && b[pos] != b'\n' {
                        pos += 1;
                    }
                    continue;
                }
                b'\\' if b.get(pos + 1) == Some(&b'\n') => {
                    pos += 2;
                    line += 1;
                    column = 0;
                    continue;
                }
                b'"' | b'\'' => {
                    let scanned = scan_string(b, pos, line)?;
                    let tok = Tok::Str {
                        prefix: "",
                        body: &src[scanned.body],
                    };
                    push_token(&mut current, tok, line, column);
                    pos = scanned.end;
                    line += scanned.newlines;
                    column += 1;
                    continue;
                }
                c if is_name_byte(c) && !c.is_ascii_digit() => {
                    while pos < b.len() && is_name_byte(b[pos]) {
                        pos += 1;
                    }
                    let word = &src[start..pos];
                    if pos < b.len() && matches!(b[pos], b'"' | b'\'') && is_string_prefix(word) {
                        let scanned = scan_string(b, pos, line)?;
                        let tok = Tok::Str {
                            prefix: word,
                            body: &src[scanned.body],
                        };
                        push_token(&mut current, tok, line, column);
                        pos = scanned.end;
                        line += scanned.newlines;
                        column += 1;
                        continue;
                    }
                    Tok::Name(word)
                }
                c if c.is_ascii_digit()
                    || (c == b'.' && b.get(pos + 1).is_some_and(u8::is_ascii_digit)) =>
                {
                    pos = number_end(b, pos);
                    Tok::Number(&src[start..pos])
                }
                _ => {
                    pos += operator_len(&src[pos..]);
                    match c {
                        b'(' | b'[' | b'{' => depth += 1,
                        b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                    Tok::Op(&src[start..pos])
                }
            };
            push_token(&mut current, tok, line, column);
            column += pos - start;
        }
        if !current.tokens.is_empty() {
            lines.push(current);
        }
        Ok(Module { lines })
    }

    /// The module docstring: the first statement if it is a (possibly concatenated) string.
    pub(super) fn docstring(&self) -> Result<Option<String>, PyImportError> {
        let Some(first) = self.lines.first() else {
            return Ok(None);
        };
        let statement = first
            .tokens
            .split(|t| t.tok == Tok::Op(";"))
            .next()
            .unwrap_or_default();
        match parse_literal(statement) {
            Ok(Lit {
                kind: LitKind::Str(s),
                ..
            }) => Ok(Some(s)),
            Ok(_) => Ok(None),
            Err(e) if e.invalid_source => Err(PyImportError::Syntax {
                line: e.line,
                message: e.message,
            }),
            Err(_) => Ok(None),
        }
    }

    /// The value of the first module-level single-target assignment `name = <literal>`
    /// (as hetida's `get_global_from_code`); `None` if there is none.
    pub(super) fn global(&self, name: &str) -> Result<Option<Lit>, PyImportError> {
        for line in self.lines.iter().filter(|l| !l.indented) {
            if matches!(line.tokens[0].tok, Tok::Name(kw) if COMPOUND_KEYWORDS.contains(&kw)) {
                continue;
            }
            for statement in line.tokens.split(|t| t.tok == Tok::Op(";")) {
                let [target, eq, value @ ..] = statement else {
                    continue;
                };
                if target.tok != Tok::Name(name) || eq.tok != Tok::Op("=") {
                    continue;
                }
                if has_top_level_assign(value) {
                    // `a = b = ...` has two targets; hetida only considers single targets.
                    continue;
                }
                if value.is_empty() {
                    return Err(PyImportError::Syntax {
                        line: eq.line,
                        message: format!("nothing assigned to {name}"),
                    });
                }
                return parse_literal(value).map(Some).map_err(|e| {
                    if e.invalid_source {
                        PyImportError::Syntax {
                            line: e.line,
                            message: e.message,
                        }
                    } else {
                        PyImportError::NotLiteral {
                            variable: name.to_string(),
                            line: e.line,
                            message: e.message,
                        }
                    }
                });
            }
        }
        Ok(None)
    }
}

pub(super) fn push_token<'a>(
    current: &mut LogicalLine<'a>,
    tok: Tok<'a>,
    line: usize,
    column: usize,
) {
    if current.tokens.is_empty() {
        current.indented = column > 0;
    }
    current.tokens.push(Token { tok, line });
}

pub(super) fn has_top_level_assign(tokens: &[Token<'_>]) -> bool {
    let mut depth = 0usize;
    for t in tokens {
        match t.tok {
            Tok::Op("(" | "[" | "{") => depth += 1,
            Tok::Op(")" | "]" | "}") => depth = depth.saturating_sub(1),
            Tok::Op("=") if depth == 0 => return true,
            _ => {}
        }
    }
    false
}

/// Where a string literal's parts are in the source.
pub(super) struct ScannedString {
    /// Byte range of the text between the quotes.
    pub(super) body: std::ops::Range<usize>,
    /// Position after the closing quote.
    pub(super) end: usize,
    /// Newlines inside the literal.
    pub(super) newlines: usize,
}

/// Finds the end of the string literal whose opening quote is at `pos`.
pub(super) fn scan_string(
    b: &[u8],
    pos: usize,
    line: usize,
) -> Result<ScannedString, PyImportError> {
    let quote = b[pos];
    let triple = b.get(pos + 1) == Some(&quote) && b.get(pos + 2) == Some(&quote);
    let body_start = pos + if triple { 3 } else { 1 };
    let mut i = body_start;
    let mut newlines = 0;
    let unterminated = || PyImportError::Syntax {
        line,
        message: format!(
            "unterminated {}string literal",
            if triple { "triple-quoted " } else { "" }
        ),
    };
    loop {
        let Some(&c) = b.get(i) else {
            return Err(unterminated());
        };
        match c {
            b'\\' => {
                if b.get(i + 1) == Some(&b'\n') {
                    newlines += 1;
                }
                i += 2;
            }
            b'\n' if !triple => return Err(unterminated()),
            b'\n' => {
                newlines += 1;
                i += 1;
            }
            c if c == quote => {
                if !triple {
                    return Ok(ScannedString {
                        body: body_start..i,
                        end: i + 1,
                        newlines,
                    });
                }
                if b.get(i + 1) == Some(&quote) && b.get(i + 2) == Some(&quote) {
                    return Ok(ScannedString {
                        body: body_start..i,
                        end: i + 3,
                        newlines,
                    });
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Python literals (the subset `ast.literal_eval` accepts)
// ---------------------------------------------------------------------------------------------

/// Where the number literal starting at `pos` ends (digits, letters of prefixes and
/// suffixes, `_`, `.` and an exponent's sign; hex literals have no exponent).
fn number_end(b: &[u8], mut pos: usize) -> usize {
    let hex = b[pos..].len() > 1 && b[pos] == b'0' && matches!(b[pos + 1], b'x' | b'X');
    pos += 1;
    while pos < b.len() {
        let d = b[pos];
        let exponent_sign = !hex && matches!(d, b'+' | b'-') && matches!(b[pos - 1], b'e' | b'E');
        if d.is_ascii_alphanumeric() || d == b'_' || d == b'.' || exponent_sign {
            pos += 1;
        } else {
            break;
        }
    }
    pos
}

/// Length of the operator at the start of `rest` (the longest of Python's operators).
fn operator_len(rest: &str) -> usize {
    if OPS3.iter().any(|op| rest.starts_with(op)) {
        3
    } else if OPS2.iter().any(|op| rest.starts_with(op)) {
        2
    } else {
        1
    }
}
