#!/usr/bin/env bash
# Load test of `POST /api/transformations/execute` (BENCHMARKS.md, "HTTP API"): starts the
# release `rheo serve --no-kafka` on a free loopback port and drives it with wrk (a separate
# process) for DURATION seconds per case: the seed RUL example without and with plots, one
# connection and four.
#   bash scripts/bench_http.sh [DURATION]
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-60}"
source scripts/serve_for_bench.sh
for request in tests/data/seed-rul-execute.json tests/data/seed-rul-execute-plots.json; do
  for clients in 1 4; do
    echo "== $request, $clients connection(s), ${duration}s"
    REQUEST="$request" wrk -t "$(( clients < 2 ? 1 : 2 ))" -c "$clients" -d "${duration}s" \
      -s scripts/wrk_post.lua "http://127.0.0.1:$port/api/transformations/execute" \
      | grep -E "Requests/sec|Non-2xx|answers other|p50|p90|p99|requests in"
  done
done
