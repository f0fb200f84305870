#!/usr/bin/env bash
# Creates target/pyenv, the Python environment with the pinned pandas stack that the
# fidelity tests compare Rheo with (tests/py/requirements.txt). Idempotent: reinstalls only
# when the requirements change.
set -euo pipefail
cd "$(dirname "$0")/.."
env_dir=target/pyenv
stamp="$env_dir/.requirements"
if [ -x "$env_dir/bin/python" ] && cmp -s tests/py/requirements.txt "$stamp"; then
  exit 0
fi
python3 -m venv "$env_dir"
"$env_dir/bin/pip" install --quiet --disable-pip-version-check -r tests/py/requirements.txt
cp tests/py/requirements.txt "$stamp"
