"""Frame Kinds

Test component: a frame with a column of every common dtype, and a series of naive times.
"""
import numpy as np
import pandas as pd

COMPONENT_INFO = {
    "inputs": {"shift": "INT"},
    "outputs": {"frame": "DATAFRAME", "times": "SERIES"},
    "name": "Frame Kinds",
    "category": "User",
    "description": "Every dtype once",
    "version_tag": "1.0.0",
    "id": "c0ffee00-0000-4000-8000-000000000031",
    "revision_group_id": "c0ffee00-0000-4000-8000-000000000032",
    "state": "RELEASED",
}


def main(*, shift):
    index = pd.date_range("2021-03-01", periods=3, freq="h", tz="Europe/Berlin")
    frame = pd.DataFrame(
        {
            "f": [0.1, np.nan, 3.0],
            "i": np.array([1, 2, 3]) + shift,
            "s": ["a", None, "c"],
            "b": [True, False, True],
            "t": pd.to_datetime(["2021-01-01T00:00:00.123456789Z", None, "2021-01-02T12:00:00Z"], format="ISO8601"),
        },
        index=index,
    )
    times = pd.Series(pd.to_datetime(["2021-05-01 10:00", "2021-05-02 11:30"]), name="when")
    return {"frame": frame, "times": times}
