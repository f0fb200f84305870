#!/usr/bin/env python3
"""Writes the local file adapter benchmark into bench-data/adapters/: a 1,000,000-row CSV
file (minute timestamps with `Z`, one float column; its settings parse the timestamps into
the index) and the same frame as Parquet written by pandas, plus requests that load each
through the adapter into Pass Through (DataFrame) and write the frame to a generic Parquet
sink. Run it with the pinned pandas stack: target/pyenv/bin/python (scripts/pyenv.sh).

It also writes workflows/rul-on-a-column.json: hetida's Univariate Linear RUL Regression
Example with its first operator (Pass Through (Series)) replaced by Select Column from
DataFrame (column "value"), so the example runs on a frame loaded by an adapter; import it
with `rheo import bench-data/adapters/workflows`.
"""
import copy
import json
import os

import numpy as np
import pandas as pd

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "bench-data", "adapters")
PASS_THROUGH_FRAME = "7a1a818f-fa89-6062-1e0e-fc80539bbe0a"
N = 1_000_000


def file_id(rel):
    return rel.replace("_", "-_-").replace("/", "__")


def request(source_rel, sink_name):
    return {
        "id": PASS_THROUGH_FRAME,
        "wiring": {
            "input_wirings": [{"workflow_input_name": "input", "adapter_id": "local-file-adapter",
                               "ref_id": file_id(source_rel), "filters": {}}],
            "output_wirings": [{"workflow_output_name": "output", "adapter_id": "local-file-adapter",
                                "ref_id": "GENERIC_DATAFRAME_SINK_AT_" + file_id("bench-data/adapters/out"),
                                "filters": {"file_name": sink_name}}],
        },
    }


RUL_EXAMPLE = "transformations/workflows/examples/univariate-linear-rul-regression-example_100_806df1b9-2fc8-4463-943f-3d258c569663.json"
RUL_ON_COLUMN = "2e0b7c1d-4f6a-4c53-9d1e-5a8b3c7d9e01"
SELECT_COLUMN = {"id": "a652465e-b479-1cc9-bf82-41f7cedc4963", "frame": "dcd1cb0e-50db-8c9b-b60c-a5b60cd33926",
                 "column": "a7897d98-6b6a-74be-c748-da53a5ea6adb", "series": "f082d101-acbc-6834-8445-3d8c130af436"}


def rul_on_a_column():
    """The RUL example reading its series from column "value" of a DATAFRAME input."""
    with open(os.path.join(ROOT, RUL_EXAMPLE)) as f:
        w = json.load(f)
    w.update(id=RUL_ON_COLUMN, revision_group_id=RUL_ON_COLUMN, name="RUL Regression on a DataFrame Column",
             category="Benchmarks")
    c = w["content"]
    op = c["operators"][0]
    assert op["name"] == "Obtain Training Series"
    pass_out = op["outputs"][0]["id"]
    op.update(name="Select Value Column", transformation_id=SELECT_COLUMN["id"], revision_group_id=SELECT_COLUMN["id"])
    port = {"exposed": True, "position": {"x": 0, "y": 0}, "type": "REQUIRED"}
    op["inputs"] = [dict(port, data_type="DATAFRAME", id=SELECT_COLUMN["frame"], name="dataframe"),
                    dict(port, data_type="STRING", id=SELECT_COLUMN["column"], name="column")]
    op["outputs"] = [{"data_type": "SERIES", "id": SELECT_COLUMN["series"], "name": "column_series",
                      "position": {"x": 0, "y": 0}}]
    for link in c["links"]:
        if link["start"]["connector"]["id"] == pass_out:
            link["start"]["connector"].update(id=SELECT_COLUMN["series"], name="column_series")
    inp = next(i for i in c["inputs"] if i["name"] == "inp_series")
    c["links"] = [l for l in c["links"] if l["start"]["connector"]["id"] != inp["id"]]
    inp.update(connector_id=SELECT_COLUMN["frame"], connector_name="dataframe", data_type="DATAFRAME",
               name="inp_frame", operator_name="Select Value Column")
    constant = copy.deepcopy(c["constants"][0])
    constant.update(connector_id=SELECT_COLUMN["column"], connector_name="column", id="6d1f3a52-8c47-4e0b-a9d2-3f5e7b1c9a22",
                    operator_id=op["id"], operator_name="Select Value Column", value="value")
    c["constants"].append(constant)
    for i in w["io_interface"]["inputs"]:
        if i["name"] == "inp_series":
            i.update(name="inp_frame", data_type="DATAFRAME")
    w.pop("test_wiring", None)
    return w


def rul_request(source_rel):
    return {
        "id": RUL_ON_COLUMN,
        "wiring": {
            "input_wirings": [
                {"workflow_input_name": "inp_frame", "adapter_id": "local-file-adapter",
                 "ref_id": file_id(source_rel), "filters": {}},
                {"workflow_input_name": "limit", "adapter_id": "direct_provisioning", "filters": {"value": "1.5"}},
                {"workflow_input_name": "num_days_forecast", "adapter_id": "direct_provisioning",
                 "filters": {"value": "30"}},
            ],
        },
    }


def main():
    os.makedirs(os.path.join(OUT, "out"), exist_ok=True)
    t = pd.date_range("2020-01-01", periods=N, freq="min", tz="UTC")
    i = np.arange(N)
    frame = pd.DataFrame({"value": 3.0 - 1.2 * i / N + 0.05 * np.sin(i / 7.0)}, index=t)
    frame.index.name = "timestamp"
    with open(os.path.join(OUT, "rows-1m.csv"), "w") as f:
        f.write("timestamp,value\n")
        for ts, v in zip(t.strftime("%Y-%m-%dT%H:%M:%SZ"), frame["value"]):
            f.write(f"{ts},{v!r}\n")
    with open(os.path.join(OUT, "rows-1m.csv.settings.json"), "w") as f:
        json.dump({"load_settings": {"index_col": "timestamp", "parse_dates": ["timestamp"]}}, f)
    frame.to_parquet(os.path.join(OUT, "rows-1m.parquet"))
    for name, src in [("csv", "rows-1m.csv"), ("parquet", "rows-1m.parquet")]:
        with open(os.path.join(OUT, f"{name}-1m-to-parquet.json"), "w") as f:
            json.dump(request(f"bench-data/adapters/{src}", f"from-{name}.parquet"), f, indent=1)
        with open(os.path.join(OUT, f"rul-on-{name}-1m.json"), "w") as f:
            json.dump(rul_request(f"bench-data/adapters/{src}"), f, indent=1)
    os.makedirs(os.path.join(OUT, "workflows"), exist_ok=True)
    with open(os.path.join(OUT, "workflows", "rul-on-a-column.json"), "w") as f:
        json.dump(rul_on_a_column(), f, indent=1)


if __name__ == "__main__":
    main()
