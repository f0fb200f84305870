//! CPU bound (`6cdc2d34-69e0-408a-bae9-b156391d9b9d`): a load-test helper that burns CPU
//! for a number of rounds and reports how long it took.

use crate::kernels::clock::{iso_us, now_us, seconds_between};
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType, Value};
use std::hint::black_box;
use std::sync::Arc;

/// Identity and ports of CPU bound 1.0.0 (a Python-module component: connector ids derived
/// from the port names, `get_uuid_from_seed("component_input_<name>")`).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "6cdc2d34-69e0-408a-bae9-b156391d9b9d",
    revision_group_id: "5f9f4b0a-70aa-44d8-9934-63208eb7041e",
    name: "CPU bound",
    category: "Test",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Measure simulated cpu bound execution time",
    inputs: &[
        PortSpec::new(
            "rounds",
            "5bc458b9-47a7-7314-adfd-7028fa921ea6",
            DataType::Int,
        ),
        PortSpec::new(
            "bind",
            "5df6cc13-6bdd-8966-e307-f7c55db57327",
            DataType::String,
        ),
    ],
    outputs: &[
        PortSpec::new(
            "duration",
            "9a58abb7-3c5e-5348-2fb2-ffd0ba83be5b",
            DataType::Float,
        ),
        PortSpec::new(
            "start",
            "51b93482-0912-1183-affa-4233de1e2425",
            DataType::String,
        ),
        PortSpec::new(
            "end",
            "a9d363df-9177-08cc-362b-d27df3c2c986",
            DataType::String,
        ),
    ],
};

/// Largest total size of the three `rounds × rounds` float matrices of mode "multi"
/// (1 GiB, i.e. rounds ≤ 6688).
pub const MAX_MULTI_BYTES: u64 = 1 << 30;

/// CPU bound as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// xorshift64* — a fast generator for uniform floats in [0, 1).
struct Rng(u64);

impl Rng {
    fn seeded() -> Self {
        Rng((now_us() as u64 | 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    #[inline]
    fn next_f64(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let x = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        (x >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// "single": `rounds` random draws.
fn single(rounds: i64) {
    let mut rng = Rng::seeded();
    for _ in 0..rounds.max(0) {
        black_box(rng.next_f64());
    }
}

/// `a · b` for square row-major `n × n` matrices, rows split across threads.
pub(crate) fn matmul(a: &[f64], b: &[f64], n: usize) -> Vec<f64> {
    let mut c = vec![0.0; n * n];
    if n == 0 {
        return c;
    }
    let threads = std::thread::available_parallelism()
        .map(|t| t.get())
        .unwrap_or(1)
        .min(n);
    let rows_per = n.div_ceil(threads);
    std::thread::scope(|s| {
        for (block, out) in c.chunks_mut(rows_per * n).enumerate() {
            s.spawn(move || {
                for (r, row) in out.chunks_mut(n).enumerate() {
                    let i = block * rows_per + r;
                    for k in 0..n {
                        let aik = a[i * n + k];
                        let brow = &b[k * n..(k + 1) * n];
                        for (x, &bkj) in row.iter_mut().zip(brow) {
                            *x += aik * bkj;
                        }
                    }
                }
            });
        }
    });
    c
}

/// "multi": the product of two random `rounds × rounds` matrices.
fn multi(rounds: i64) -> Result<(), ComponentError> {
    if rounds < 0 {
        return Err(ComponentError::value_error(
            "negative dimensions are not allowed",
        ));
    }
    let n = rounds as u64;
    let bytes = n.saturating_mul(n).saturating_mul(8 * 3);
    if bytes > MAX_MULTI_BYTES {
        return Err(ComponentError::new(
            "MemoryError",
            format!(
                "Unable to allocate {:.2} GiB for three arrays with shape ({n}, {n}) and data type \
                 float64 (the native engine allows at most 1 GiB)",
                bytes as f64 / (1u64 << 30) as f64
            ),
        ));
    }
    let n = n as usize;
    let mut rng = Rng::seeded();
    let a: Vec<f64> = (0..n * n).map(|_| rng.next_f64()).collect();
    let b: Vec<f64> = (0..n * n).map(|_| rng.next_f64()).collect();
    black_box(matmul(&a, &b, n));
    Ok(())
}

/// CPU bound: `bind` (case-insensitive) `"single"` draws `rounds` pseudo-random numbers in
/// a loop on one thread (hetida: Python's `random.random()` under the GIL); `"multi"`
/// multiplies two random `rounds × rounds` matrices using every available core (hetida:
/// numpy's multi-threaded BLAS `dot`). Outputs the wall-clock `duration` in seconds and
/// the UTC `start`/`end` times (`isoformat()`, `+00:00`, microseconds), measured around the
/// work only.
///
/// Edge cases as in Python: `rounds` ≤ 0 does no work in "single"; in "multi" 0 gives empty
/// matrices and a negative size raises ValueError "negative dimensions are not allowed".
/// Another `bind` raises ValueError `Unknown value of "bind" mode: <bind>. Allowed values
/// are "single" and "multi".`
///
/// Deviations: the native loops are far faster than Python's, so the same `rounds` take
/// much less time; "multi" refuses matrices above [`MAX_MULTI_BYTES`] in total with
/// MemoryError instead of risking the engine process (numpy would try to allocate them).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let rounds = inputs.int("rounds")?;
    let bind = inputs.str("bind")?;
    let start = match bind.to_lowercase().as_str() {
        "single" => {
            let start = now_us();
            single(rounds);
            start
        }
        "multi" => {
            let start = now_us();
            multi(rounds)?;
            start
        }
        _ => {
            return Err(ComponentError::value_error(format!(
                "Unknown value of \"bind\" mode: {bind}. Allowed values are \"single\" and \
                 \"multi\"."
            )))
        }
    };
    let end = now_us();
    let mut out = Outputs::with_capacity(3);
    out.insert(
        "duration",
        Arc::new(Value::Float(seconds_between(start, end))),
    );
    out.insert("start", Arc::new(Value::Str(iso_us(start))));
    out.insert("end", Arc::new(Value::Str(iso_us(end))));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(rounds: i64, bind: &str) -> Result<Outputs, ComponentError> {
        let mut i = Inputs::new();
        i.insert("rounds", Arc::new(Value::Int(rounds)));
        i.insert("bind", Arc::new(Value::Str(bind.into())));
        super::run(&i)
    }

    fn check_times(out: &Outputs) {
        assert_eq!(
            out.keys().copied().collect::<Vec<_>>(),
            ["duration", "start", "end"]
        );
        let (Value::Float(d), Value::Str(s), Value::Str(e)) = (
            out["duration"].as_ref(),
            out["start"].as_ref(),
            out["end"].as_ref(),
        ) else {
            panic!("{out:?}")
        };
        assert!(*d >= 0.0);
        assert!(s.ends_with("+00:00") && e.ends_with("+00:00"));
        // Same format, so the strings order like the times (when both have microseconds).
        assert!(s.len() != e.len() || s <= e, "{s} {e}");
    }

    #[test]
    fn both_modes_report_times() {
        check_times(&run(1000, "single").unwrap());
        check_times(&run(16, "MULTI").unwrap());
        // Nothing to do is fine.
        check_times(&run(0, "Single").unwrap());
        check_times(&run(-5, "single").unwrap());
        check_times(&run(0, "multi").unwrap());
    }

    #[test]
    fn matmul_is_correct() {
        // [[1,2],[3,4]]·[[5,6],[7,8]] = [[19,22],[43,50]]
        assert_eq!(
            matmul(&[1.0, 2.0, 3.0, 4.0], &[5.0, 6.0, 7.0, 8.0], 2),
            [19.0, 22.0, 43.0, 50.0]
        );
        // 3×3 identity times a matrix (odd size: uneven row blocks).
        let id = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0];
        let m: Vec<f64> = (1..=9).map(f64::from).collect();
        assert_eq!(matmul(&id, &m, 3), m);
        assert!(matmul(&[], &[], 0).is_empty());
    }

    #[test]
    fn random_numbers_are_in_unit_interval() {
        let mut r = Rng::seeded();
        for _ in 0..1000 {
            let x = r.next_f64();
            assert!((0.0..1.0).contains(&x));
        }
    }

    #[test]
    fn bad_inputs_raise() {
        let e = run(1, "dual").unwrap_err();
        assert_eq!(e.type_name, "ValueError");
        assert_eq!(
            e.message,
            "Unknown value of \"bind\" mode: dual. Allowed values are \"single\" and \"multi\"."
        );
        assert_eq!(
            run(-1, "multi").unwrap_err().message,
            "negative dimensions are not allowed"
        );
        assert_eq!(run(100_000, "multi").unwrap_err().type_name, "MemoryError");
    }
}
