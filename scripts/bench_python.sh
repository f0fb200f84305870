#!/usr/bin/env bash
# Cost of running components in Python (BENCHMARKS.md, "Python components"): `rheo bench`
# (release build) on
#   * one Python operator (the Scale Series test component) against the native Pass Through
#     (Series), for 10 and 1,000,000 points;
#   * the RUL example (1,000 points, no plots) with its first operator, Pass Through (Series), run from
#     hetida's own component code in Python, next to the all-native example.
# Needs target/pyenv (scripts/pyenv.sh).
#   bash scripts/bench_python.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet -p rheo-engine --bin rheo
bash scripts/pyenv.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 scripts/gen_bench_requests.py
python3 scripts/gen_python_bench.py "$work"
export RHEO_STORE="$work/store" RHEO_PYTHON="$PWD/target/pyenv/bin/python" RHEO_PYTHON_WORKERS=1
target/release/rheo import tests/data/python-components >/dev/null
target/release/rheo import "$work/import" >/dev/null
bench() { echo "== $1"; target/release/rheo bench "$work/$1.json" --iterations "$2" --warmup "$3" | tail -1; }
bench native_10 300 30
bench python_10 300 30
bench native_1000000 5 1
bench python_1000000 5 1
bench rul_native 300 30
bench rul_mixed 300 30
