#!/usr/bin/env bash
# Runs every test of the workspace on a fresh machine of this kind: installs what is missing,
# checks formatting and lints, then runs all tests with nextest.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo-nextest >/dev/null 2>&1; then
  cargo install cargo-nextest --locked
fi

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo nextest run --workspace --locked --no-fail-fast
