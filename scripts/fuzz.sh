#!/usr/bin/env bash
# Coverage-guided fuzzing (AFL++ through cargo-afl, stable Rust) of Rheo's readers of outside
# input: eval expressions, `.py` component literals, execution requests, plotly figures,
# data files of the local file adapter.
#
#   bash scripts/fuzz.sh smoke            # every target for a few seconds (part of the tests)
#   bash scripts/fuzz.sh run TARGET [S]   # one target for S seconds (default: until Ctrl-C)
#
# Targets: expression, py_literal, request, render, data_file (fuzz/src/bin). Findings land in
# fuzz/out/TARGET/default/crashes; a crash or hang found by the smoke run fails it.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

if ! command -v cargo-afl >/dev/null 2>&1; then
  cargo install cargo-afl --locked --version 0.18.2
fi
# The AFL++ runtime for this rustc (cargo-afl builds it once per toolchain).
cargo afl config --build >/dev/null 2>&1 || true

export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_QUIET=1
cargo afl build --release --locked --quiet

run() {
  local target=$1 seconds=$2
  local out="out/$target"
  rm -rf "$out"
  mkdir -p out
  local limit=()
  [ -n "$seconds" ] && limit=(-V "$seconds")
  if ! cargo afl fuzz "${limit[@]}" -i "seeds/$target" -o "$out" "target/release/$target" \
      >"out/$target.log" 2>&1; then
    tail -20 "out/$target.log" >&2
    return 1
  fi
  local found
  found=$(find "$out/default/crashes" "$out/default/hangs" -type f ! -name README.txt 2>/dev/null | wc -l)
  if [ "$found" -gt 0 ]; then
    echo "fuzz $target: $found crash/hang input(s) in fuzz/$out/default" >&2
    return 1
  fi
  echo "fuzz $target: no crash or hang in ${seconds:-the} seconds"
}

case "${1:-smoke}" in
  smoke)
    for t in expression py_literal request render data_file; do run "$t" 10; done ;;
  run)
    run "${2:?target}" "${3:-}" ;;
  *)
    echo "usage: scripts/fuzz.sh smoke | run TARGET [SECONDS]" >&2; exit 2 ;;
esac
