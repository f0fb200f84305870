//! What arithmetic ([`super::elementwise`]) and comparisons ([`super::compare`]) share when
//! they combine two operands: an operand that is a column or a broadcast scalar, the loop
//! over two such operands, and the name a binary result keeps.

/// One operand of a binary kernel: a column's data or a value broadcast to every row.
#[derive(Clone, Copy)]
pub enum Src<'a, T> {
    /// One value per row.
    Vec(&'a [T]),
    /// The same value for every row.
    One(T),
}

/// `f` over two operands of `n` rows (a broadcast operand repeats its value), in one
/// monomorphised loop per operand shape.
pub fn map2<T: Copy, R: Clone>(
    a: Src<'_, T>,
    b: Src<'_, T>,
    n: usize,
    f: impl Fn(T, T) -> R,
) -> Vec<R> {
    match (a, b) {
        (Src::Vec(x), Src::Vec(y)) => x.iter().zip(y).map(|(&x, &y)| f(x, y)).collect(),
        (Src::Vec(x), Src::One(y)) => x.iter().map(|&x| f(x, y)).collect(),
        (Src::One(x), Src::Vec(y)) => y.iter().map(|&y| f(x, y)).collect(),
        (Src::One(x), Src::One(y)) => vec![f(x, y); n],
    }
}

/// The name of a binary series result, as pandas keeps it: the operands' name when both
/// have the same one, else none.
pub fn joint_name(a: &Option<String>, b: &Option<String>) -> Option<String> {
    if a == b {
        a.clone()
    } else {
        None
    }
}
