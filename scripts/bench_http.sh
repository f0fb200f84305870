#!/usr/bin/env bash
# Load test of `POST /api/transformations/execute` (BENCHMARKS.md, "HTTP API"): starts the
# release `rheo serve --no-kafka` on a free loopback port and drives it with wrk (a separate
# process) for DURATION seconds per case: the seed RUL example without and with plots, one
# connection and four.
#   bash scripts/bench_http.sh [DURATION]
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-60}"
command -v wrk >/dev/null || apt-get install -y wrk
bin=target/release/rheo
[ -x "$bin" ] || cargo build --release --locked --bin rheo
scratch=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
RUST_LOG=warn RHEO_STORE="$scratch/store" "$bin" serve --no-kafka --http-addr "127.0.0.1:$port" \
  > "$scratch/serve.log" 2>&1 &
serve=$!
trap 'kill $serve; rm -rf "$scratch"' EXIT
until curl -sf "http://127.0.0.1:$port/health" >/dev/null; do sleep 0.1; done
for request in tests/data/seed-rul-execute.json tests/data/seed-rul-execute-plots.json; do
  for clients in 1 4; do
    echo "== $request, $clients connection(s), ${duration}s"
    REQUEST="$request" wrk -t "$(( clients < 2 ? 1 : 2 ))" -c "$clients" -d "${duration}s" \
      -s scripts/wrk_post.lua "http://127.0.0.1:$port/api/transformations/execute" \
      | grep -E "Requests/sec|Non-2xx|answers other|p50|p90|p99|requests in"
  done
done
