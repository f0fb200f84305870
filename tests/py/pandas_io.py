"""pandas' own answers for the file-format fidelity tests (run with target/pyenv's python).

    pandas_io.py write-parquet OUT CASE      writes fixture frame CASE with to_parquet
    pandas_io.py parquet-to-csv PATH         prints pd.read_parquet(PATH).to_csv()
    pandas_io.py csv-to-csv PATH SETTINGS    prints pd.read_csv(PATH, **SETTINGS).to_csv()
    pandas_io.py write-excel OUT CASE        writes fixture frame CASE with to_excel
    pandas_io.py excel-to-csv PATH SETTINGS  prints pd.read_excel(PATH, **SETTINGS).to_csv()
    pandas_io.py write-pickle OUT            pickles a dict of plain values
    pandas_io.py read-pickle PATH            prints json.dumps(pickle.load(PATH))
    pandas_io.py summary PATH                prints rows, index dtype, first/last index and column sums
                                             of pd.read_parquet(PATH) as JSON
"""
import json
import pickle
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
    if case == "excel":
        return pd.DataFrame(
            {
                "i": [1, 2, 3],
                "f": [1.5, np.nan, -2.25],
                "s": ["a", None, "c,d"],
                "b": [True, False, True],
                "t": pd.to_datetime(["2024-01-01 00:00:00", None, "2024-01-02 12:30:00.500"], format="ISO8601"),
                "w": [1.0, 2.0, 3.0],
            }
        )
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
    elif cmd == "write-excel":
        fixture(sys.argv[3]).to_excel(sys.argv[2])
    elif cmd == "excel-to-csv":
        settings = json.loads(sys.argv[3])
        sys.stdout.write(pd.read_excel(sys.argv[2], **settings).to_csv())
    elif cmd == "write-pickle":
        with open(sys.argv[2], "wb") as f:
            pickle.dump({"a": [1, 2.5, "x", None, True], "b": (1,), 3: {"n": -70000}}, f)
    elif cmd == "read-pickle":
        with open(sys.argv[2], "rb") as f:
            sys.stdout.write(json.dumps(pickle.load(f), sort_keys=True))
    elif cmd == "summary":
        df = pd.read_parquet(sys.argv[2])
        sys.stdout.write(json.dumps({"rows": len(df), "index_dtype": str(df.index.dtype),
                                     "first": str(df.index[0]), "last": str(df.index[-1]),
                                     "sums": {c: float(df[c].sum()) for c in df.columns}}))
    else:
        raise SystemExit(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
