#!/usr/bin/env bash
# Installs the system packages Rheo's build and tests need (librdkafka is compiled with TLS
# and zlib; fonts-dejavu-core gives PNG rendering its font; the SQL adapter tests start a
# throwaway PostgreSQL server from Debian's postgresql packages), only where they are
# missing. Idempotent and quiet when everything is present.
set -euo pipefail
need=()
for pkg in pkg-config libssl-dev zlib1g-dev make perl fonts-dejavu-core postgresql; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing build dependencies: ${need[*]}" >&2
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
