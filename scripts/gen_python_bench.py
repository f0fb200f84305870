"""Requests and transformations for scripts/bench_python.sh, written to the directory given.

* native_N / python_N: an N-point series through Pass Through (Series) (native) or the
  Scale Series test component (Python).
* import/: a copy of Pass Through (Series) under a new id (so it has no native
  implementation and runs from hetida's code in Python) and a copy of the RUL example whose
  first operator uses it; rul_native / rul_mixed: the 1,000-point RUL request without plots
  (bench-data/, scripts/gen_bench_requests.py) for both.
"""
import datetime
import json
import os
import sys

out = sys.argv[1]
root = os.path.join(os.path.dirname(__file__), "..")
PASS_THROUGH = "bfa27afc-dea8-b8aa-4b15-94402f0739b6"
COPY = "bfa27afc-0000-4000-8000-00000000c0de"
RUL = "806df1b9-2fc8-4463-943f-3d258c569663"
RUL_MIXED = "806df1b9-0000-4000-8000-00000000c0de"


def series(n):
    base = datetime.datetime(2020, 1, 1)
    return json.dumps({(base + datetime.timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ"): i * 0.5
                       for i in range(n)})


def dump(name, obj):
    with open(os.path.join(out, name), "w") as f:
        json.dump(obj, f)


for n in (10, 1_000_000):
    s = series(n)
    dump(f"native_{n}.json", {"id": PASS_THROUGH, "wiring": {"input_wirings": [
        {"workflow_input_name": "input", "adapter_id": "direct_provisioning", "filters": {"value": s}}]}})
    dump(f"python_{n}.json", {"id": "c0ffee00-0000-4000-8000-000000000001", "wiring": {"input_wirings": [
        {"workflow_input_name": "series", "adapter_id": "direct_provisioning", "filters": {"value": s}}]}})

os.makedirs(os.path.join(out, "import"), exist_ok=True)
with open(os.path.join(root, "transformations/components/connectors",
                       f"pass-through-series_100_{PASS_THROUGH}.json")) as f:
    component = json.load(f)
component.update(id=COPY, revision_group_id=COPY, name="Pass Through (Series) in Python",
                 content='def main(*, input):\n    return {"output": input}\n')
dump("import/pass_through_python.json", component)
with open(os.path.join(root, "transformations/workflows/examples",
                       f"univariate-linear-rul-regression-example_100_{RUL}.json")) as f:
    workflow = json.load(f)
workflow.update(id=RUL_MIXED, revision_group_id=RUL_MIXED, name="RUL example, one operator in Python")
for op in workflow["content"]["operators"]:
    if op["transformation_id"] == PASS_THROUGH:
        op.update(transformation_id=COPY, revision_group_id=COPY)
dump("import/rul_mixed.json", workflow)
with open(os.path.join(root, "bench-data/rul-1k-noplots.json")) as f:
    request = json.load(f)
dump("rul_native.json", request)
request["id"] = RUL_MIXED
dump("rul_mixed.json", request)
