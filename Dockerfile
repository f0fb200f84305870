# syntax=docker/dockerfile:1
#
# Container image of the `rheo` binary; by default it runs `rheo serve`, the Kafka
# execution service. Build from the repository root:
#
#   docker build -t rheo .
#   docker run --rm -e RHEO_BROKERS=broker:9092 -p 8090:8090 rheo
#
# See docker-compose-kafka.yml for a complete setup with Apache Kafka.

# --- build stage ------------------------------------------------------------------------
# The Rust release named in rust-toolchain.toml.
FROM rust:1.95-bookworm AS build

# rdkafka builds librdkafka from source (configure + make) with OpenSSL, zlib and zstd.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      build-essential make perl pkg-config libssl-dev zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /src

# rustup honours rust-toolchain.toml (toolchain and components); resolve it once, in its
# own layer, so source changes do not download anything again.
COPY rust-toolchain.toml ./
RUN cargo --version

COPY . .

# The registry and target directories are BuildKit caches: rebuilds after a source change
# recompile only what changed. The binary is copied out of the cache in the same step.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/usr/local/cargo/git \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin rheo \
 && install -D -m 0755 target/release/rheo /out/rheo

# --- runtime stage ----------------------------------------------------------------------
FROM debian:bookworm-slim

RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libssl3 zlib1g \
 && rm -rf /var/lib/apt/lists/*

# An unprivileged user; its home holds the transformation store (`rheo import` writes there).
RUN groupadd --system --gid 10001 rheo \
 && useradd --system --uid 10001 --gid rheo --home-dir /var/lib/rheo --shell /usr/sbin/nologin rheo \
 && install -d -o rheo -g rheo -m 0755 /var/lib/rheo /var/lib/rheo/store

COPY --from=build /out/rheo /usr/local/bin/rheo

# /health and /metrics listen on all interfaces so that the published port reaches them.
# Kafka settings come from RHEO_BROKERS, RHEO_REQUEST_TOPIC, RHEO_RESULT_TOPIC, RHEO_GROUP_ID,
# RHEO_KAFKA_* or hetida's HETIDA_DESIGNER_KAFKA_* variables; without brokers `rheo serve`
# starts its embedded development broker inside the container.
ENV RHEO_HTTP_ADDR=0.0.0.0:8090 \
    RHEO_STORE=/var/lib/rheo/store

USER rheo
WORKDIR /var/lib/rheo
EXPOSE 8090

# GET /health on the port of RHEO_HTTP_ADDR, with bash's /dev/tcp (the image has no curl).
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "port=${RHEO_HTTP_ADDR##*:}; exec 3<>/dev/tcp/127.0.0.1/${port:-8090} && printf 'GET /health HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && grep -q '\"status\":\"ok\"' <&3"]

ENTRYPOINT ["rheo"]
CMD ["serve"]
