#!/usr/bin/env bash
# Snapshot of what Rheo answers for everything it ships, to compare two builds byte for byte
# (a refactoring must not change a response, a figure or an image):
#   scripts/snapshot_outputs.sh BIN OUTDIR
# runs every shipped workflow (its test wiring, pure plot operators on) and the seed requests
# with the `rheo` binary BIN, and writes each response (without timings, job and process ids)
# as OUTDIR/NAME.json and its rendered plots as OUTDIR/img-NAME/*.png|svg. Compare two
# snapshots with `diff -r OLD NEW`.
set -euo pipefail
RHEO=$(realpath "$1"); OUT=$(realpath -m "$2"); rm -rf "$OUT"; mkdir -p "$OUT"
cd "$(dirname "$0")/.."
STORE=$(mktemp -d); REQ=$(mktemp -d); trap 'rm -rf "$STORE" "$REQ"' EXIT
for f in transformations/workflows/*/*.json; do
  id=$(python3 -c "import json,sys; print(json.load(open('$f'))['id'])")
  n=$(basename $f .json)
  echo "{\"id\": \"$id\", \"run_pure_plot_operators\": true, \"job_id\": \"00000000-0000-0000-0000-000000000001\"}" > $REQ/$n.json
  RHEO_STORE=$STORE $RHEO run $REQ/$n.json --render $OUT/img-$n > $OUT/$n.raw 2>/dev/null || true
done
for f in tests/data/seed-rul-execute.json tests/data/seed-rul-execute-plots.json; do
  n=$(basename $f .json)
  RHEO_STORE=$STORE $RHEO run $f --render $OUT/img-$n > $OUT/$n.raw 2>/dev/null || true
done
for r in $OUT/*.raw; do
  python3 - "$r" <<'PY'
import json,sys
p=sys.argv[1]
try:
    v=json.load(open(p))
except Exception as e:
    open(p[:-4]+'.json','w').write('UNPARSABLE '+open(p).read()[:200]); sys.exit()
def strip(o):
    if isinstance(o,dict):
        return {k:strip(x) for k,x in o.items() if k not in ('measured_steps','job_id','operator_timings','process_id')}
    if isinstance(o,list): return [strip(x) for x in o]
    return o
v=strip(v)
if isinstance(v,dict) and isinstance(v.get('error'),dict) and 'operator_info' in v['error'] and v['error']['operator_info']:
    v['error']['operator_info']['hierarchy_in_workflow']['by_id']=[]
open(p[:-4]+'.json','w').write(json.dumps(v,sort_keys=True))
PY
  rm $r
done
