# Sourced by the HTTP benchmark scripts: installs wrk if missing, builds the release binary
# if missing, and starts `rheo serve --no-kafka` on a free loopback port with a scratch store
# ($scratch/store); sets $port and stops the service and removes $scratch on exit.
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
