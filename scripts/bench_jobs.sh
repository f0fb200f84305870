#!/usr/bin/env bash
# Throughput of the jobs API (BENCHMARKS.md, "HTTP API"): wrk submits the seed RUL example
# to POST /api/jobs for DURATION seconds over four connections, then the script waits until
# the workers have run every queued job and reports both rates.
#   bash scripts/bench_jobs.sh [DURATION]
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"
source scripts/serve_for_bench.sh
start=$(date +%s.%N)
REQUEST=tests/data/seed-rul-execute.json wrk -t 2 -c 4 -d "${duration}s" -s scripts/wrk_post.lua \
  "http://127.0.0.1:$port/api/jobs" | grep -E "Requests/sec|requests in|p50|p99"
count() { curl -s "http://127.0.0.1:$port/api/jobs?status=$1&limit=1000" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["jobs"]))'; }
while [ "$(count queued)" != 0 ] || [ "$(count running)" != 0 ]; do sleep 0.2; done
end=$(date +%s.%N)
total=$(python3 - "$scratch/store/jobs.sqlite" <<'PY'
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("select count(*) from jobs where status='succeeded'").fetchone()[0])
PY
)
python3 -c "print(f'{$total} jobs succeeded; submitted and run in {$end - $start:.1f} s: {$total / ($end - $start):.0f} jobs/s end to end')"
