#!/usr/bin/env python3
"""Writes the local file adapter benchmark into bench-data/adapters/: a 1,000,000-row CSV
file (minute timestamps with `Z`, one float column; its settings parse the timestamps into
the index) and the same frame as Parquet written by pandas, plus requests that load each
through the adapter into Pass Through (DataFrame) and write the frame to a generic Parquet
sink. Run it with the pinned pandas stack: target/pyenv/bin/python (scripts/pyenv.sh).
"""
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


if __name__ == "__main__":
    main()
