//! Reading the arguments of pickle opcodes: fixed-size little-endian integers,
//! length-prefixed byte strings and the newline-terminated text of protocol 0.

/// A position in the pickle bytes; every read is bounds-checked.
pub struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

/// The pickle ends in the middle of an opcode's argument.
pub const TRUNCATED: &str = "the pickle is truncated";

impl<'a> Cursor<'a> {
    /// A cursor at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Cursor { bytes, pos: 0 }
    }

    /// The offset of the next byte (for error messages).
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| TRUNCATED.to_string())?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    /// One byte (an opcode or a one-byte argument).
    pub fn byte(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    /// An unsigned little-endian integer of `n` ≤ 8 bytes.
    pub fn uint(&mut self, n: usize) -> Result<u64, String> {
        let b = self.take(n)?;
        Ok(b.iter()
            .rev()
            .fold(0u64, |acc, &x| (acc << 8) | u64::from(x)))
    }

    /// A byte string whose length is an `n`-byte little-endian prefix.
    pub fn counted(&mut self, n: usize) -> Result<&'a [u8], String> {
        let len = self.uint(n)?;
        let len = usize::try_from(len).map_err(|_| TRUNCATED.to_string())?;
        self.take(len)
    }

    /// The text up to the next newline (protocol 0 arguments), without the newline.
    pub fn line(&mut self) -> Result<&'a [u8], String> {
        let rest = &self.bytes[self.pos..];
        let n = rest
            .iter()
            .position(|&b| b == b'\n')
            .ok_or_else(|| TRUNCATED.to_string())?;
        self.pos += n + 1;
        Ok(&rest[..n])
    }
}

/// A protocol-0 `LONG`/`LONG1` value as a number: exact within i64, else the nearest f64.
pub fn signed_le(bytes: &[u8]) -> serde_json::Number {
    if bytes.len() <= 8 {
        let mut v: i64 = 0;
        for (i, &b) in bytes.iter().enumerate() {
            v |= i64::from(b) << (8 * i);
        }
        if let Some(&last) = bytes.last() {
            if bytes.len() < 8 && last & 0x80 != 0 {
                v -= 1i64 << (8 * bytes.len());
            }
        }
        return v.into();
    }
    let negative = bytes.last().is_some_and(|&b| b & 0x80 != 0);
    let magnitude = bytes.iter().rev().fold(0f64, |acc, &b| {
        let b = if negative { !b } else { b };
        acc * 256.0 + f64::from(b)
    });
    let v = if negative {
        -(magnitude + 1.0)
    } else {
        magnitude
    };
    serde_json::Number::from_f64(v).unwrap_or_else(|| 0.into())
}
