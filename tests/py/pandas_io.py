"""pandas' own answers for the file-format fidelity tests (run with target/pyenv's python).

    pandas_io.py write-parquet OUT CASE      writes fixture frame CASE with to_parquet
    pandas_io.py parquet-to-csv PATH         prints pd.read_parquet(PATH).to_csv()
    pandas_io.py csv-to-csv PATH SETTINGS    prints pd.read_csv(PATH, **SETTINGS).to_csv()
"""
import json
import sys

import numpy as np
import pandas as pd


def fixture(case):
    if case == "range":
        return pd.DataFrame(
            {
                "i": [1, 2, 3],
                "f": [1.5, np.nan, -2.25],
                "s": ["a", None, "c,d"],
                "b": [True, False, True],
                "t": pd.to_datetime(["2024-01-01T00:00:00Z", None, "2024-01-02T12:30:00.500Z"], format="ISO8601"),
            }
        )
    if case == "time_index":
        idx = pd.DatetimeIndex(["2024-03-01T00:00:00Z", "2024-03-01T00:15:00Z"], name=None)
        return pd.DataFrame({"value": [0.1, 1e20]}, index=idx)
    if case == "naive_int_index":
        return pd.DataFrame({"x": [1.0, 2.0]}, index=pd.Index([7, 9]))
    raise SystemExit(f"unknown case {case}")


def main():
    cmd = sys.argv[1]
    if cmd == "write-parquet":
        fixture(sys.argv[3]).to_parquet(sys.argv[2])
    elif cmd == "parquet-to-csv":
        sys.stdout.write(pd.read_parquet(sys.argv[2]).to_csv())
    elif cmd == "csv-to-csv":
        settings = json.loads(sys.argv[3])
        sys.stdout.write(pd.read_csv(sys.argv[2], **settings).to_csv())
    else:
        raise SystemExit(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
