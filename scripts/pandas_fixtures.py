#!/usr/bin/env python3
"""Generates the pandas fidelity fixtures `components/tests/data/pandas/<slug>.json`.

Why this exists: Rheo re-implements hetida's base components natively and must agree with
hetida 0.9.8 (pandas 2.1.3, numpy 1.26, scipy 1.12, scikit-learn 1.4) to at least 1e-9
relative. This script builds tricky inputs (irregular, duplicate and unsorted timestamps,
NaN, UTC / +02:00 / naive timezones, a single point, empty series, window edges exactly on
timestamps, int vs float values) and computes the expected outputs with the real libraries,
following the computation each component performs as described in
/work/shared/spec/components.md (our own re-statement; no hetida code is used).

The Rust integration test `components/tests/pandas_fidelity.rs` replays every case through
`rheo_components::Registry::builtin()` without Python.

Fixture format (one file per component):
    {"component_id", "component_name", "generator", "versions": {pandas, numpy, scipy, sklearn},
     "cases": [{"name", "inputs": {port: {"parse_as": TYPE, "text": str}},
                "expected": {port: EXPECTED}}]}
`parse_as` is the hetida data type the text is parsed with (`rheo_core::value::parse::parse`
with `Raw::Text`, as the engine parses direct-provisioning input). For ANY ports fed with a
series or frame it is SERIES/DATAFRAME: in hetida such a port only receives pandas objects
from an upstream operator (e.g. Pass Through (Series)), which parses exactly like that.
EXPECTED is one of
    {"kind": "series", "name", "index": INDEX, "dtype", "values": [...]}
    {"kind": "frame", "index": INDEX, "columns": [...], "dtypes": {...}, "data": {col: [...]}}
    {"kind": "float" | "int" | "str", "value"}
    {"kind": "float_list", "value": [...]}   (a numpy array, serialised as a JSON list)
    {"kind": "error", "type": "<Python exception class>"}
INDEX is {"type": "datetime", "tz": "naive" | "UTC" | "+02:00", "ns": [...]} (nanoseconds
since the epoch; UTC instants for aware indices, wall time for naive ones) or
{"type": "int" | "float" | "str", "values": [...]}. Values: null = NaN, "inf"/"-inf" strings.

Run: python3 scripts/pandas_fixtures.py [SLUG ...]   (needs pandas==2.1.3, numpy==1.26.4,
scipy==1.12.0, scikit-learn==1.4.0 and numexpr==2.9.0, the engine of hetida's eval; SLUGs
regenerate only those files)
"""

import io
import json
import math
import os
import sys
import warnings

import numpy as np
import pandas as pd
import scipy
import scipy.integrate
import scipy.signal
import sklearn
from pandas.tseries.frequencies import to_offset
from sklearn.linear_model import LinearRegression
from sklearn.preprocessing import StandardScaler

warnings.simplefilter("ignore")

OUT_DIR = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "components", "tests", "data", "pandas"
)

VERSIONS = {
    "pandas": pd.__version__,
    "numpy": np.__version__,
    "scipy": scipy.__version__,
    "sklearn": sklearn.__version__,
}

# ---------------------------------------------------------------------------------------
# Input encoding (hetida wrapped JSON, orient split) and the pandas parse hetida applies
# ---------------------------------------------------------------------------------------


def series_text(index, data, name=None):
    return json.dumps(
        {
            "__hd_wrapped_data_object__": "SERIES",
            "__metadata__": {},
            "__data__": {"name": name, "index": index, "data": data},
            "__data_parsing_options__": {"orient": "split"},
        }
    )


def frame_text(index, columns, rows):
    return json.dumps(
        {
            "__hd_wrapped_data_object__": "DATAFRAME",
            "__metadata__": {},
            "__data__": {"columns": columns, "index": index, "data": rows},
            "__data_parsing_options__": {"orient": "split"},
        }
    )


def S(index, data, name=None):
    return {"parse_as": "SERIES", "text": series_text(index, data, name)}


def F(index, columns, rows):
    return {"parse_as": "DATAFRAME", "text": frame_text(index, columns, rows)}


def STR(s):
    return {"parse_as": "STRING", "text": s}


def INT(i):
    return {"parse_as": "INT", "text": str(i)}


def FLOAT(x):
    return {"parse_as": "FLOAT", "text": repr(float(x))}


def BOOL(b):
    return {"parse_as": "BOOLEAN", "text": "true" if b else "false"}


def ANY(obj):
    return {"parse_as": "ANY", "text": json.dumps(obj)}


def to_pandas(inp):
    t, text = inp["parse_as"], inp["text"]
    if t == "SERIES":
        d = json.loads(text)["__data__"]
        return pd.read_json(io.StringIO(json.dumps(d)), typ="series", orient="split")
    if t == "DATAFRAME":
        d = json.loads(text)["__data__"]
        return pd.read_json(io.StringIO(json.dumps(d)), typ="frame", orient="split")
    if t == "INT":
        return int(text)
    if t == "FLOAT":
        return float(text)
    if t == "STRING":
        return text
    if t == "BOOLEAN":
        return text == "true"
    if t == "ANY":
        return json.loads(text)
    raise ValueError(t)


# ---------------------------------------------------------------------------------------
# Output encoding
# ---------------------------------------------------------------------------------------


def enc_float(x):
    x = float(x)
    if math.isnan(x):
        return None
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def enc_values(arr):
    arr = np.asarray(arr)
    if arr.dtype.kind == "f":
        return "float64", [enc_float(v) for v in arr]
    if arr.dtype.kind in "iu":
        return "int64", [int(v) for v in arr]
    if arr.dtype.kind == "b":
        return "bool", [bool(v) for v in arr]
    raise TypeError(f"unexpected dtype {arr.dtype}")


def tz_name(tz):
    if tz is None:
        return "naive"
    off = pd.Timestamp("2020-01-01", tz=tz).utcoffset()
    secs = int(off.total_seconds())
    if str(tz) == "UTC" and secs == 0:
        return "UTC"
    sign = "+" if secs >= 0 else "-"
    secs = abs(secs)
    return f"{sign}{secs // 3600:02d}:{(secs % 3600) // 60:02d}"


def enc_index(idx):
    if isinstance(idx, pd.DatetimeIndex):
        return {"type": "datetime", "tz": tz_name(idx.tz), "ns": [int(v) for v in idx.asi8]}
    if idx.dtype.kind in "iu":
        return {"type": "int", "values": [int(v) for v in idx]}
    if idx.dtype.kind == "f":
        return {"type": "float", "values": [enc_float(v) for v in idx]}
    if idx.dtype.kind == "M":  # numpy datetime64 array (tz dropped)
        return {"type": "datetime", "tz": "naive", "ns": [int(v) for v in idx.asi8]}
    return {"type": "str", "values": [str(v) for v in idx]}


def enc(obj):
    if isinstance(obj, pd.Series):
        dtype, values = enc_values(obj.values)
        return {
            "kind": "series",
            "name": None if obj.name is None else str(obj.name),
            "index": enc_index(obj.index),
            "dtype": dtype,
            "values": values,
        }
    if isinstance(obj, pd.DataFrame):
        dtypes, data = {}, {}
        for c in obj.columns:
            dtypes[str(c)], data[str(c)] = enc_values(obj[c].values)
        return {
            "kind": "frame",
            "index": enc_index(obj.index),
            "columns": [str(c) for c in obj.columns],
            "dtypes": dtypes,
            "data": data,
        }
    if isinstance(obj, str):
        return {"kind": "str", "value": obj}
    if isinstance(obj, np.ndarray):
        return {"kind": "float_list", "value": [enc_float(v) for v in obj.ravel()]}
    if isinstance(obj, (bool, np.bool_)):
        raise TypeError("bool scalar outputs are not used")
    if isinstance(obj, (int, np.integer)):
        return {"kind": "int", "value": int(obj)}
    if isinstance(obj, (float, np.floating)):
        return {"kind": "float", "value": enc_float(obj)}
    raise TypeError(f"cannot encode {type(obj)}")


# ---------------------------------------------------------------------------------------
# The computations (per components.md)
# ---------------------------------------------------------------------------------------


def numeric_or_datetime_sorted(data, msg="indices of data must be numeric or datetime"):
    """Sort by index; a non-numeric index is converted with pd.to_datetime first."""
    data = data.copy()
    if not pd.api.types.is_numeric_dtype(data.index.dtype):
        try:
            data.index = pd.to_datetime(data.index)
        except (ValueError, TypeError):
            raise TypeError(msg)
    return data.sort_index()


def moving_number(agg):
    def run(data, n):
        d = numeric_or_datetime_sorted(data.dropna())
        return getattr(d.rolling(n), agg)()

    return run


def moving_time(agg):
    def run(data, t):
        d = data.copy()
        try:
            d.index = pd.to_datetime(d.index)
        except (ValueError, TypeError):
            raise TypeError("indices of data must be datetime")
        d = d.sort_index().dropna()
        try:
            return getattr(d.rolling(t), agg)()
        except ValueError:
            raise ValueError(f"t could not be parsed as frequency: {t}")

    return run


def resample_datetime_mean(data, t):
    d = data.copy()
    try:
        d.index = pd.to_datetime(d.index)
    except (ValueError, TypeError):
        raise TypeError("indices of data must be datetime")
    if not d.index.is_monotonic_increasing:
        raise ValueError("data must be sorted by its index")
    try:
        return d.resample(t).mean()
    except ValueError:
        raise ValueError(f"t could not be parsed as frequency: {t}")


def resample_numeric_mean(data, d):
    if len(data) == 0:
        return data
    if not data.index.is_monotonic_increasing:
        raise ValueError("data must be sorted by its index")
    first, last = data.index[0], data.index[-1]
    merged = data.reindex(data.index.union(pd.Index(range(first, last, d))))
    rolled = merged.rolling(d, min_periods=1, center=True).mean()
    return rolled.loc[list(range(first, last + 1, d))]


def lin_interp_datetime(data, t):
    d = data.copy()
    try:
        d.index = pd.to_datetime(d.index)
    except (ValueError, TypeError):
        raise TypeError("indices of data must be datetime")
    try:
        return d.resample(t).interpolate()
    except ValueError:
        raise ValueError(f"t could not be parsed as frequency: {t}")


def lin_interp_numeric(data, d):
    if len(data) == 0:
        return data
    first, last = data.index[0], data.index[-1]
    grid = pd.Index(range(first, last + 1, d))
    merged = data.reindex(data.index.union(grid)).interpolate(method="index")
    return merged.loc[grid]


def shift_datetime_index(data, frequency, periods):
    out = data.copy()
    out.index = out.index.shift(periods, frequency)
    return out


def add_timedelta_to_index(df_or_series, timedelta):
    df = pd.DataFrame.from_dict(df_or_series, orient="index")
    df.index = pd.to_datetime(df.index)
    if df.shape[1] <= 1:
        df = df.squeeze(axis=1)
    df.index = df.index + pd.Timedelta(timedelta)
    return df


def time_gaps(data):
    if len(data) < 2:
        raise ValueError(f"length of data must be greater than 1, it is {len(data)}")
    idx = data.index
    gaps = (idx[1:] - idx[:-1]).total_seconds()
    return pd.Series(np.asarray(gaps, dtype=float), index=pd.DatetimeIndex(idx.values[1:]))


def cumulative_sum(data):
    d = data.copy()
    if not pd.api.types.is_numeric_dtype(d.index.dtype):
        try:
            d.index = pd.to_datetime(d.index)
        except (ValueError, TypeError):
            raise TypeError("indices of data must be numeric or datetime")
    return d.sort_index().cumsum()


def consecutive_differences(data):
    d = numeric_or_datetime_sorted(data.dropna())
    return pd.Series(np.diff(d.values), index=d.index[1:])


def elapsed_x(d):
    if pd.api.types.is_numeric_dtype(d.index.dtype):
        return np.asarray(d.index, dtype=float)
    return np.asarray((d.index - d.index[0]).total_seconds(), dtype=float)


def integrate(data):
    if data.size < 2:
        raise ValueError("size of data must be at least 2")
    d = numeric_or_datetime_sorted(data.dropna())
    if len(d) < 2:
        return np.float64(0.0)
    return np.float64(scipy.integrate.trapz(d.values.astype(float), elapsed_x(d)))


def derivate(data):
    if data.size < 2:
        raise ValueError("size of data must be at least 2")
    d = numeric_or_datetime_sorted(data.dropna())
    if len(d) == 0:
        return pd.Series([], dtype=float, index=d.index)
    x = elapsed_x(d)
    y = d.values.astype(float)
    return pd.Series(np.diff(y) / np.diff(x), index=d.index[1:])


def butter_filter(btype):
    def run(data, frequency):
        fs = len(data) / (data.index[-1] - data.index[0]).total_seconds()
        nyq = 0.5 * fs
        b, a = scipy.signal.butter(1, frequency / nyq, btype=btype, analog=False)
        return pd.Series(scipy.signal.lfilter(b, a, data.values), index=data.index)

    return run


def standard_scale(data):
    frame = data.to_frame() if isinstance(data, pd.Series) else data
    scaled = StandardScaler().fit_transform(frame)
    out = pd.DataFrame(scaled, index=frame.index, columns=frame.columns)
    return out.squeeze(axis=1) if isinstance(data, pd.Series) else out


def linear_regression(x_values, y_values):
    model = LinearRegression().fit(x_values, y_values)
    intercept = pd.Series(model.intercept_, index=y_values.columns)
    slope = pd.DataFrame(model.coef_.T, index=x_values.columns, columns=y_values.columns)
    preds = pd.DataFrame(model.predict(x_values), index=x_values.index, columns=y_values.columns)
    return {"intercept": intercept, "slope": slope, "preds": preds, "diffs": preds - y_values}


def reduction(method):
    def run(data):
        return getattr(data, method)()

    return run


def shift_values(data, periods):
    return data.shift(periods)


# ---------------------------------------------------------------------------------------
# Input data sets
# ---------------------------------------------------------------------------------------

U = "2020-03-01T00:{:02d}:{:02d}Z"


def utc(m, s=0):
    return U.format(m, s)


# irregular UTC minutes with a NaN, a duplicate timestamp and window edges on timestamps
IRR_IDX = [utc(0), utc(1), utc(3), utc(5), utc(5, 30), utc(10), utc(10), utc(17), utc(20), utc(59)]
IRR_VAL = [1.5, 2.25, None, -4.0, 8.125, 3.5, 0.75, 10.0, -1.25, 6.0]
# the same wall times at +02:00
P2_IDX = [f"2020-03-01T23:{m:02d}:00+02:00" for m in (0, 2, 4, 6, 7, 9, 15, 30)]
P2_VAL = [3.0, None, 1.0, 7.5, 2.5, -3.0, 4.0, 9.0]
# naive seconds, edges exactly on a 90 s grid
NV_IDX = [f"2021-06-15T10:{s // 60:02d}:{s % 60:02d}" for s in (0, 45, 90, 135, 180, 200, 270, 400)]
NV_VAL = [10.0, 11.5, 9.0, 14.0, None, 13.0, 12.5, 8.0]
# ints (no NaN, stays int64) on irregular UTC stamps
INT_IDX = [utc(0), utc(2), utc(4), utc(5), utc(9), utc(14)]
INT_VAL = [3, 7, -2, 10, 4, 4]
# unsorted UTC stamps
UNS_IDX = [utc(7), utc(1), utc(4), utc(2), utc(9), utc(0)]
UNS_VAL = [1.0, 2.0, 3.5, None, 5.0, -6.0]
# large (negative: pandas read_json would turn big positive numbers into epoch dates)
# offset with tiny variations (numerics of online sums / Welford)
BIG_IDX = [utc(m) for m in range(12)]
BIG_VAL = [-1e9 + v for v in (0.1, 0.3, 0.2, 0.7, 0.4, 0.9, 0.5, 0.6, 0.8, 0.15, 0.05, 0.95)]
# integer index, unsorted, with NaN
NUM_IDX = [5, 1, 3, 8, 2, 13, 21]
NUM_VAL = [2.5, -1.0, None, 4.0, 0.5, 7.25, 3.0]
ONE_IDX, ONE_VAL = [utc(3)], [42.0]
# negative fixed offset
M5_IDX = [f"2020-03-01T19:{m:02d}:00-05:00" for m in (0, 1, 2, 4, 8, 16, 32)]
M5_VAL = [2.0, 4.0, None, 8.0, 16.0, 32.0, 64.0]
# sub-millisecond (ns) timestamps, window edges at exact nanoseconds
NS_IDX = ["2020-03-01T00:00:00.000000000Z", "2020-03-01T00:00:00.000250000Z",
          "2020-03-01T00:00:00.000999999Z", "2020-03-01T00:00:00.001000000Z",
          "2020-03-01T00:00:00.001000001Z", "2020-03-01T00:00:00.002500000Z",
          "2020-03-01T00:00:00.003000000Z"]
NS_VAL = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]


def _long_series():
    """400 irregular UTC points (gaps 1..170 s, some duplicates) of a random walk around 1e3
    with 5 % NaN: long windows exercise pandas' online add/remove numerics."""
    rng = np.random.default_rng(20261126)
    steps = rng.integers(0, 171, size=400)
    steps[0] = 0
    secs = np.cumsum(steps)
    base = pd.Timestamp("2020-03-01T00:00:00Z")
    idx = [(base + pd.Timedelta(seconds=int(x))).strftime("%Y-%m-%dT%H:%M:%SZ") for x in secs]
    walk = 1e3 + np.cumsum(rng.normal(0.0, 1.0, size=400))
    vals = [None if rng.random() < 0.05 else float(v) for v in walk]
    return idx, vals


LONG_IDX, LONG_VAL = _long_series()

SERIES = {
    "irregular_utc_nan_dup": (IRR_IDX, IRR_VAL, "flow"),
    "plus0200_nan": (P2_IDX, P2_VAL, "temp"),
    "naive_90s_edges": (NV_IDX, NV_VAL, None),
    "int_values_utc": (INT_IDX, INT_VAL, "count"),
    "unsorted_utc": (UNS_IDX, UNS_VAL, None),
    "large_offset": (BIG_IDX, BIG_VAL, "big"),
    "single_point": (ONE_IDX, ONE_VAL, "one"),
    "long_random_walk": (LONG_IDX, LONG_VAL, "walk"),
    "minus0500": (M5_IDX, M5_VAL, "m5"),
    "irregular_utc_unique": (IRR_IDX[:6] + IRR_IDX[7:], IRR_VAL[:6] + IRR_VAL[7:], "flow"),
    "long_random_walk_unique": ([i for k, i in enumerate(LONG_IDX) if i not in LONG_IDX[:k]],
                                [v for k, (i, v) in enumerate(zip(LONG_IDX, LONG_VAL))
                                 if i not in LONG_IDX[:k]], "walk"),
    "nanoseconds": (NS_IDX, NS_VAL, "ns"),
}


def ser(key):
    idx, val, name = SERIES[key]
    return S(idx, val, name)


def empty():
    return S([], [], None)


# ---------------------------------------------------------------------------------------
# Component table
# ---------------------------------------------------------------------------------------

COMPONENTS = []


def component(slug, cid, name, fn, outputs, cases):
    COMPONENTS.append(
        {"slug": slug, "id": cid, "name": name, "fn": fn, "outputs": outputs, "cases": cases}
    )



MOVING = [
    ("average", "mean", "mavg", "c9c8eb62-a694-3108-1c64-957bdd514c2b",
     "a2ba0da0-5a9a-60e9-6af5-e07917988021"),
    ("maximum", "max", "movmax", "468f917b-7b99-9394-d600-50ee05237041",
     "037887de-bbee-caeb-f0bd-7060d59f60e9"),
    ("median", "median", "movmedian", "c9736810-73d8-b109-3822-96a5bf0a6d1c",
     "1feea93c-a6e7-4fec-c01c-6f30037f8cca"),
    ("minimum", "min", "movmin", "e79f021a-93a8-d55b-1032-19d91d78fd51",
     "33d7c458-762c-7555-7a20-26ef0708bc28"),
    ("standard-deviation", "std", "movstd", "acfd3d99-0a6c-97ae-7bcf-de08ea9ce4ee",
     "5eb8ca16-bbc7-94b1-3d82-6f074cd63456"),
]

for word, agg, out, num_id, time_id in MOVING:
    title = word.replace("-", " ").capitalize()
    num_cases = [
        ("irregular_utc_nan_dup_n3", {"data": ser("irregular_utc_nan_dup"), "n": INT(3)}),
        ("irregular_utc_n1", {"data": ser("irregular_utc_nan_dup"), "n": INT(1)}),
        ("irregular_utc_n2", {"data": ser("irregular_utc_nan_dup"), "n": INT(2)}),
        ("plus0200_n4", {"data": ser("plus0200_nan"), "n": INT(4)}),
        ("naive_n3", {"data": ser("naive_90s_edges"), "n": INT(3)}),
        ("int_values_n2", {"data": ser("int_values_utc"), "n": INT(2)}),
        ("unsorted_n2", {"data": ser("unsorted_utc"), "n": INT(2)}),
        ("large_offset_n5", {"data": ser("large_offset"), "n": INT(5)}),
        ("numeric_index_unsorted_n3", {"data": S(NUM_IDX, NUM_VAL, "x"), "n": INT(3)}),
        ("n_larger_than_length", {"data": ser("plus0200_nan"), "n": INT(20)}),
        ("n_zero", {"data": ser("int_values_utc"), "n": INT(0)}),
        ("n_negative", {"data": ser("int_values_utc"), "n": INT(-1)}),
        ("single_point_n1", {"data": ser("single_point"), "n": INT(1)}),
        ("long_random_walk_n25", {"data": ser("long_random_walk"), "n": INT(25)}),
        ("long_random_walk_n4", {"data": ser("long_random_walk"), "n": INT(4)}),
        ("empty", {"data": empty(), "n": INT(2)}),
        ("frame_two_columns", {
            "data": F(INT_IDX, ["a", "b"],
                      [[1.0, 2], [None, 4], [2.5, 1], [4.0, 8], [0.5, 3], [3.0, 5]]),
            "n": INT(2)}),
    ]
    component(f"moving-{word}-number", num_id, f"Moving {title.lower()} number".capitalize(),
              moving_number(agg), [out], num_cases)
    time_cases = [
        ("irregular_utc_5min", {"data": ser("irregular_utc_nan_dup"), "t": STR("5min")}),
        ("irregular_utc_T", {"data": ser("irregular_utc_nan_dup"), "t": STR("T")}),
        ("irregular_utc_2min", {"data": ser("irregular_utc_nan_dup"), "t": STR("2min")}),
        ("irregular_utc_1h", {"data": ser("irregular_utc_nan_dup"), "t": STR("1h")}),
        ("irregular_utc_90S", {"data": ser("irregular_utc_nan_dup"), "t": STR("90S")}),
        ("plus0200_2min", {"data": ser("plus0200_nan"), "t": STR("2min")}),
        ("plus0200_7min", {"data": ser("plus0200_nan"), "t": STR("7min")}),
        ("plus0200_1_5T", {"data": ser("plus0200_nan"), "t": STR("1.5T")}),
        ("minus0500_2min", {"data": ser("minus0500"), "t": STR("2min")}),
        ("whitespace_2_min", {"data": ser("minus0500"), "t": STR("2 min")}),
        ("nanoseconds_250us", {"data": ser("nanoseconds"), "t": STR("250us")}),
        ("naive_90S", {"data": ser("naive_90s_edges"), "t": STR("90S")}),
        ("naive_135s", {"data": ser("naive_90s_edges"), "t": STR("135s")}),
        ("int_values_3min", {"data": ser("int_values_utc"), "t": STR("3min")}),
        ("unsorted_3min", {"data": ser("unsorted_utc"), "t": STR("3min")}),
        ("large_offset_4min", {"data": ser("large_offset"), "t": STR("4min")}),
        ("large_offset_10min", {"data": ser("large_offset"), "t": STR("10min")}),
        ("single_point_1h", {"data": ser("single_point"), "t": STR("1h")}),
        ("long_random_walk_37min", {"data": ser("long_random_walk"), "t": STR("37min")}),
        ("long_random_walk_2H", {"data": ser("long_random_walk"), "t": STR("2H")}),
        ("long_random_walk_1_5H", {"data": ser("long_random_walk"), "t": STR("1.5H")}),
        ("irregular_utc_2_5T", {"data": ser("irregular_utc_nan_dup"), "t": STR("2.5T")}),
        ("irregular_utc_1_5min", {"data": ser("irregular_utc_nan_dup"), "t": STR("1.5min")}),
        ("irregular_utc_300000ms", {"data": ser("irregular_utc_nan_dup"), "t": STR("300000ms")}),
        ("plus0200_1D", {"data": ser("plus0200_nan"), "t": STR("1D")}),
        ("empty", {"data": empty(), "t": STR("5min")}),
        ("minus0500_3min", {"data": ser("minus0500"), "t": STR("3min")}),
        ("whitespace_5_min", {"data": ser("irregular_utc_nan_dup"), "t": STR("5 min")}),
        ("nanoseconds_1ms", {"data": ser("nanoseconds"), "t": STR("1ms")}),
        ("nanoseconds_1L", {"data": ser("nanoseconds"), "t": STR("L")}),
        ("nanoseconds_750us", {"data": ser("nanoseconds"), "t": STR("750us")}),
        ("nanoseconds_999999N", {"data": ser("nanoseconds"), "t": STR("999999N")}),
        ("int_index_as_epoch_ns_5ns", {"data": S([0, 3, 5, 9, 10, 16], [1.0, 2.0, None, 4.0,
                                                                          8.0, 16.0], "e"),
                                       "t": STR("5ns")}),
        ("calendar_offset_M", {"data": ser("int_values_utc"), "t": STR("M")}),
        ("fractional_lowercase_1_5h", {"data": ser("irregular_utc_nan_dup"), "t": STR("1.5h")}),
        ("fractional_lowercase_0_5s", {"data": ser("irregular_utc_nan_dup"), "t": STR("0.5s")}),
        ("negative_window_minus_5min", {"data": ser("irregular_utc_nan_dup"),
                                        "t": STR("-5min")}),
        ("zero_window_0min", {"data": ser("irregular_utc_nan_dup"), "t": STR("0min")}),
        ("signed_parts_1H_minus_30T", {"data": ser("irregular_utc_nan_dup"),
                                       "t": STR("1H -30T")}),
        ("frame_two_columns_3min", {
            "data": F(INT_IDX, ["a", "b"],
                      [[1.0, 2], [None, 4], [2.5, 1], [4.0, 8], [0.5, 3], [3.0, 5]]),
            "t": STR("3min")}),
    ]
    component(f"moving-{word}-time", time_id, f"Moving {title.lower()} time".capitalize(),
              moving_time(agg), [out], time_cases)

component(
    "resample-datetime-index-using-mean", "d48ce6ad-05ab-8bc1-fb79-c1960966f595",
    "Resample Datetime Index using Mean", resample_datetime_mean, ["resampled"],
    [
        ("spec_example_d", {"data": S(["2019-08-01T00:00:00", "2019-08-01T15:20:14",
                                        "2019-08-03T00:00:00", "2019-08-04T15:20:20"],
                                       [1.2, 7.2, 0.3, 0.5], None), "t": STR("d")}),
        ("irregular_utc_5min", {"data": S(IRR_IDX, IRR_VAL, "flow"), "t": STR("5min")}),
        ("irregular_utc_7min", {"data": S(IRR_IDX, IRR_VAL, "flow"), "t": STR("7min")}),
        ("irregular_utc_90S", {"data": S(IRR_IDX, IRR_VAL, "flow"), "t": STR("90S")}),
        ("plus0200_1h", {"data": ser("plus0200_nan"), "t": STR("1h")}),
        ("plus0200_4T", {"data": ser("plus0200_nan"), "t": STR("4T")}),
        ("naive_90S", {"data": ser("naive_90s_edges"), "t": STR("90S")}),
        ("int_values_2min", {"data": ser("int_values_utc"), "t": STR("2min")}),
        ("large_offset_5min", {"data": ser("large_offset"), "t": STR("5min")}),
        ("single_point_1h", {"data": ser("single_point"), "t": STR("1h")}),
        ("long_random_walk_13min", {"data": ser("long_random_walk"), "t": STR("13min")}),
        ("long_random_walk_1h", {"data": ser("long_random_walk"), "t": STR("1h")}),
        ("plus0200_D", {"data": ser("plus0200_nan"), "t": STR("D")}),
        ("plus0200_2D", {"data": S(["2020-03-01T23:00:00+02:00", "2020-03-02T01:30:00+02:00",
                                    "2020-03-04T12:00:00+02:00", "2020-03-06T00:00:00+02:00"],
                                   [1.0, 2.0, 4.5, 8.0], "d"), "t": STR("2D")}),
        ("naive_45s", {"data": ser("naive_90s_edges"), "t": STR("45s")}),
        ("minus0500_D", {"data": ser("minus0500"), "t": STR("D")}),
        ("whitespace_1_H_30_T", {"data": ser("long_random_walk"), "t": STR("1 H 30 T")}),
        ("minus0500_5min", {"data": ser("minus0500"), "t": STR("5min")}),
        ("nanoseconds_500us", {"data": ser("nanoseconds"), "t": STR("500us")}),
        ("long_random_walk_1_5H", {"data": ser("long_random_walk"), "t": STR("1.5H")}),
        ("irregular_utc_2_5T", {"data": ser("irregular_utc_nan_dup"), "t": STR("2.5T")}),
        ("unsorted_rejected", {"data": ser("unsorted_utc"), "t": STR("1min")}),
    ],
)

component(
    "resample-numeric-index-using-mean", "015d7a72-f9c3-8a14-dde8-3aa59b2e9f10",
    "Resample Numeric Index using Mean", resample_numeric_mean, ["resampled"],
    [
        ("spec_example_d3", {"data": S([2, 3, 5, 6, 9], [1.2, 7.2, 2.8, 8.0, 10.8], None),
                             "d": INT(3)}),
        ("spec_data_d2", {"data": S([2, 3, 5, 6, 9], [1.2, 7.2, 2.8, 8.0, 10.8], "v"),
                          "d": INT(2)}),
        ("spec_data_d4", {"data": S([2, 3, 5, 6, 9], [1.2, 7.2, 2.8, 8.0, 10.8], "v"),
                          "d": INT(4)}),
        ("nan_and_ints_d3", {"data": S([0, 1, 4, 7, 8, 12, 15], [4, None, 2, 9, 1, 5, 3], "v"),
                             "d": INT(3)}),
        ("int_values_d5", {"data": S([0, 1, 4, 7, 8, 12, 15], [4, 6, 2, 9, 1, 5, 3], "v"),
                           "d": INT(5)}),
        ("d1", {"data": S([0, 1, 4, 7], [1.5, 2.5, 3.0, 8.0], None), "d": INT(1)}),
        ("d_larger_than_span", {"data": S([3, 5, 9], [1.5, 2.5, 3.0], "v"), "d": INT(100)}),
        ("d_zero", {"data": S([3, 5, 9], [1.5, 2.5, 3.0], "v"), "d": INT(0)}),
        ("unsorted_rejected", {"data": S(NUM_IDX, NUM_VAL, "x"), "d": INT(2)}),
        ("empty", {"data": empty(), "d": INT(3)}),
    ],
)

component(
    "linear-interpolation-datetime-index", "0362dc9d-9861-b2c2-e26b-2a42909346bf",
    "Linear Interpolation Datetime Index", lin_interp_datetime, ["interpolation"],
    [
        ("spec_example_12h", {"data": S(["2019-08-01T00:00:00", "2019-08-01T15:20:14",
                                          "2019-08-03T00:00:00", "2019-08-04T15:20:20"],
                                         [1.2, 7.2, 0.3, 0.5], None), "t": STR("12h")}),
        ("grid_aligned_utc_1min", {"data": S([utc(0), utc(3), utc(4), utc(8)],
                                              [1.0, 4.0, None, -2.0], "v"), "t": STR("1min")}),
        ("irregular_utc_T", {"data": S([utc(0), utc(1), utc(3), utc(5), utc(5, 30), utc(10),
                                         utc(17), utc(20)],
                                        [1.5, 2.25, None, -4.0, 8.125, 3.5, 10.0, -1.25], "f"),
                             "t": STR("T")}),
        ("irregular_utc_2min", {"data": S([utc(0), utc(1), utc(3), utc(5), utc(5, 30),
                                            utc(10), utc(17), utc(20)],
                                           [1.5, 2.25, None, -4.0, 8.125, 3.5, 10.0, -1.25],
                                           "f"), "t": STR("2min")}),
        ("plus0200_2min", {"data": ser("plus0200_nan"), "t": STR("2min")}),
        ("naive_90S", {"data": ser("naive_90s_edges"), "t": STR("90S")}),
        ("naive_45s", {"data": ser("naive_90s_edges"), "t": STR("45s")}),
        ("int_values_1min", {"data": ser("int_values_utc"), "t": STR("1min")}),
        ("int_values_all_on_grid", {"data": S([utc(0), utc(2), utc(4)], [1, 5, 3], "i"),
                                    "t": STR("2min")}),
        ("leading_nan", {"data": S([utc(1), utc(2), utc(3), utc(5)], [None, None, 2.0, 6.0],
                                   None), "t": STR("1min")}),
        ("single_point", {"data": ser("single_point"), "t": STR("1min")}),
        ("unsorted_utc", {"data": ser("unsorted_utc"), "t": STR("1min")}),
        ("long_random_walk_3min", {"data": S(sorted(set(LONG_IDX)), [
            v for i, v in zip(LONG_IDX, LONG_VAL)][:len(set(LONG_IDX))], "w"),
            "t": STR("3min")}),
        ("plus0200_7min", {"data": ser("plus0200_nan"), "t": STR("7min")}),
        ("plus0200_1_5T", {"data": ser("plus0200_nan"), "t": STR("1.5T")}),
        ("minus0500_2min", {"data": ser("minus0500"), "t": STR("2min")}),
        ("whitespace_2_min", {"data": ser("minus0500"), "t": STR("2 min")}),
        ("nanoseconds_250us", {"data": ser("nanoseconds"), "t": STR("250us")}),
        ("plus0200_D", {"data": S(["2020-03-01T00:00:00+02:00", "2020-03-03T00:00:00+02:00",
                                   "2020-03-04T00:00:00+02:00", "2020-03-04T05:00:00+02:00"],
                                  [1.0, 5.0, None, 2.0], None), "t": STR("D")}),
    ],
)

component(
    "linear-interpolation-numeric-index", "1d53dedc-9e4a-1ccc-4dfb-3e5059f89db8",
    "Linear Interpolation numeric index", lin_interp_numeric, ["interpolation"],
    [
        ("spec_example_d2", {"data": S([2, 3, 5, 6, 9], [1.2, 7.2, 2.8, 8.0, 10.8], None),
                             "d": INT(2)}),
        ("spec_data_d3", {"data": S([2, 3, 5, 6, 9], [1.2, 7.2, 2.8, 8.0, 10.8], "v"),
                          "d": INT(3)}),
        ("nan_inside_d2", {"data": S([0, 1, 4, 7, 8, 12, 15], [4, None, 2, 9, 1, 5, 3], "v"),
                           "d": INT(2)}),
        ("nan_inside_d1", {"data": S([0, 1, 4, 7, 8, 12, 15], [4, None, 2, 9, 1, 5, 3], "v"),
                           "d": INT(1)}),
        ("int_values_d4", {"data": S([0, 1, 4, 7, 8, 12, 15], [4, 6, 2, 9, 1, 5, 3], "v"),
                           "d": INT(4)}),
        ("d_larger_than_span", {"data": S([3, 5, 9], [1.5, 2.5, 3.0], "v"), "d": INT(100)}),
        ("negative_values_d3", {"data": S([-7, -2, 0, 4, 11], [1.0, -2.0, 3.5, None, 6.0], "n"),
                                "d": INT(3)}),
        ("trailing_nan_d2", {"data": S([0, 3, 6, 9], [1.0, 4.0, None, None], None),
                             "d": INT(2)}),
        ("empty", {"data": empty(), "d": INT(2)}),
    ],
)

component(
    "shift-datetime-index", "64d61740-f520-492f-ffa7-485916fc973c", "Shift Datetime Index",
    shift_datetime_index, ["shifted"],
    [
        ("utc_10min_3", {"data": ser("irregular_utc_nan_dup"), "frequency": STR("10min"),
                         "periods": INT(3)}),
        ("plus0200_1h_minus2", {"data": ser("plus0200_nan"), "frequency": STR("1h"),
                                "periods": INT(-2)}),
        ("naive_90S_1", {"data": ser("naive_90s_edges"), "frequency": STR("90S"),
                         "periods": INT(1)}),
        ("int_values_T_5", {"data": ser("int_values_utc"), "frequency": STR("T"),
                            "periods": INT(5)}),
        ("unsorted_D_1", {"data": ser("unsorted_utc"), "frequency": STR("D"),
                          "periods": INT(1)}),
        ("periods_zero", {"data": ser("int_values_utc"), "frequency": STR("1h"),
                          "periods": INT(0)}),
        ("fractional_1_5H", {"data": ser("plus0200_nan"), "frequency": STR("1.5H"),
                             "periods": INT(2)}),
        ("sub_second_250ms", {"data": ser("naive_90s_edges"), "frequency": STR("250ms"),
                              "periods": INT(-7)}),
        ("minus0500_90S_minus1", {"data": ser("minus0500"), "frequency": STR("90S"),
                                  "periods": INT(-1)}),
        ("whitespace_1H_30T", {"data": ser("minus0500"), "frequency": STR("1H 30T"),
                               "periods": INT(1)}),
        ("nanoseconds_N_3", {"data": ser("nanoseconds"), "frequency": STR("N"),
                             "periods": INT(3)}),
        ("numeric_index_rejected", {"data": S(NUM_IDX, NUM_VAL, "x"), "frequency": STR("1h"),
                                    "periods": INT(1)}),
    ],
)

component(
    "shift-values", "66811a16-65e6-ad80-ce1d-669f97d06d16", "Shift Values", shift_values,
    ["shifted"],
    [
        ("irregular_utc_2", {"data": ser("irregular_utc_nan_dup"), "periods": INT(2)}),
        ("plus0200_minus3", {"data": ser("plus0200_nan"), "periods": INT(-3)}),
        ("int_values_1", {"data": ser("int_values_utc"), "periods": INT(1)}),
        ("int_values_0", {"data": ser("int_values_utc"), "periods": INT(0)}),
        ("beyond_length", {"data": ser("naive_90s_edges"), "periods": INT(12)}),
        ("numeric_index", {"data": S(NUM_IDX, NUM_VAL, "x"), "periods": INT(1)}),
        ("empty", {"data": empty(), "periods": INT(1)}),
        ("frame", {"data": F(INT_IDX, ["a", "b"],
                             [[1.0, 2], [None, 4], [2.5, 1], [4.0, 8], [0.5, 3], [3.0, 5]]),
                   "periods": INT(2)}),
    ],
)

component(
    "add-timedelta-to-index", "c587ced1-7841-4208-8f88-9a9bd6a28f20", "Add Timedelta to Index",
    add_timedelta_to_index, ["df_or_series"],
    [
        ("utc_minus_4s", {"df_or_series": ANY({utc(0): 1.5, utc(1, 30): 2.0, utc(7): -3.25}),
                          "timedelta": STR("-4s")}),
        ("plus0200_1h30min", {"df_or_series": ANY({P2_IDX[0]: 3, P2_IDX[2]: 1, P2_IDX[5]: 7}),
                              "timedelta": STR("1h30min")}),
        ("utc_integral_floats", {"df_or_series": ANY({utc(0): 10.0, utc(1): 22.0, utc(4): 18.0}),
                                 "timedelta": STR("-1min")}),
        ("naive_2days", {"df_or_series": ANY({NV_IDX[0]: 10.0, NV_IDX[3]: 11.5}),
                         "timedelta": STR("2days")}),
        ("frame_two_columns", {"df_or_series": ANY({utc(0): {"a": 1.0, "b": 2.5},
                                                    utc(5): {"a": 3.0, "b": -1.0}}),
                               "timedelta": STR("00:00:05")}),
    ],
)

component(
    "time-gaps", "7b18532a-8e26-7b30-5053-6f5f056be3d4", "Time Gaps", time_gaps, ["gap_sizes"],
    [
        ("irregular_utc_dup", {"data": ser("irregular_utc_nan_dup")}),
        ("plus0200", {"data": ser("plus0200_nan")}),
        ("naive", {"data": ser("naive_90s_edges")}),
        ("unsorted_negative_gaps", {"data": ser("unsorted_utc")}),
        ("sub_second", {"data": S(["2020-03-01T00:00:00.000Z", "2020-03-01T00:00:00.250Z",
                                   "2020-03-01T00:00:01.125Z"], [1, 2, 3], None)}),
        ("minus0500", {"data": ser("minus0500")}),
        ("nanoseconds", {"data": ser("nanoseconds")}),
        ("single_point", {"data": ser("single_point")}),
    ],
)

for slug, cid, name, method, out in [
    ("average", "bbf3e562-439a-9662-616f-969bf79d57a2", "Average", "mean", "average"),
    ("median", "dc9dcd3d-88a0-539c-c5d9-bb52c0eded33", "Median", "median", "median"),
    ("standard-deviation", "462e4cd5-1772-a925-6d26-8d33011111cd", "Standard deviation", "std",
     "std"),
    ("minimum", "375819f5-deb3-0d5f-8661-22d202b39c54", "Minimum", "min", "min"),
    ("maximum", "d72939c2-1b0c-065e-556a-c9974c179c0f", "Maximum", "max", "max"),
]:
    component(slug, cid, name, reduction(method), [out], [
        ("irregular_utc_nan", {"data": ser("irregular_utc_nan_dup")}),
        ("plus0200_nan", {"data": ser("plus0200_nan")}),
        ("int_values", {"data": ser("int_values_utc")}),
        ("large_offset", {"data": ser("large_offset")}),
        ("single_point", {"data": ser("single_point")}),
        ("long_random_walk", {"data": ser("long_random_walk")}),
        ("even_count_ints", {"data": S([1, 2, 3, 4], [7, 1, 4, 10], None)}),
        ("frame_two_columns", {"data": F(INT_IDX, ["a", "b"],
                                         [[1.0, 2], [None, 4], [2.5, 1], [4.0, 8], [0.5, 3],
                                          [3.0, 5]])}),
    ])

component(
    "standard-scale", "6c4ce4d5-e73f-210e-48a8-230c8e5088ef", "Standard Scale", standard_scale,
    ["scaled"],
    [
        ("irregular_utc_nan", {"data": ser("irregular_utc_nan_dup")}),
        ("int_values", {"data": ser("int_values_utc")}),
        ("large_offset", {"data": ser("large_offset")}),
        ("constant", {"data": S([utc(0), utc(1), utc(2)], [2.5, 2.5, 2.5], "c")}),
        ("two_points", {"data": S([utc(0), utc(1)], [1.0, 4.0], "c")}),
        ("frame_with_constant_column", {"data": F([0, 1, 2, 3], ["a", "b"],
                                                  [[1.0, 5], [2.0, 5], [None, 5], [7.0, 5]])}),
        ("long_random_walk", {"data": ser("long_random_walk")}),
        ("frame_two_columns", {"data": F(INT_IDX, ["a", "b"],
                                         [[1.0, 2], [None, 4], [2.5, 1], [4.0, 8], [0.5, 3],
                                          [3.0, 5]])}),
    ],
)

component(
    "cumulative-sum", "d2cc4c0d-303e-b0ad-fdba-73392e890b30", "Cumulative sum", cumulative_sum,
    ["cum_sum"],
    [
        ("minus0500", {"data": ser("minus0500")}),
        ("single_point", {"data": ser("single_point")}),
        ("irregular_utc_nan", {"data": ser("irregular_utc_nan_dup")}),
        ("plus0200_nan", {"data": ser("plus0200_nan")}),
        ("int_values", {"data": ser("int_values_utc")}),
        ("unsorted_utc", {"data": ser("unsorted_utc")}),
        ("numeric_index_unsorted", {"data": S(NUM_IDX, NUM_VAL, "x")}),
        ("large_offset", {"data": ser("large_offset")}),
        ("long_random_walk", {"data": ser("long_random_walk")}),
        ("frame_two_columns", {"data": F(INT_IDX, ["a", "b"],
                                         [[1.0, 2], [None, 4], [2.5, 1], [4.0, 8], [0.5, 3],
                                          [3.0, 5]])}),
    ],
)

component(
    "consecutive-differences", "ce801dcb-8ce1-14ad-029d-a14796dcac92", "Consecutive differences",
    consecutive_differences, ["diff"],
    [
        ("nanoseconds", {"data": ser("nanoseconds")}),
        ("minus0500", {"data": ser("minus0500")}),
        ("irregular_utc_nan", {"data": ser("irregular_utc_nan_dup")}),
        ("plus0200_nan", {"data": ser("plus0200_nan")}),
        ("int_values", {"data": ser("int_values_utc")}),
        ("unsorted_utc", {"data": ser("unsorted_utc")}),
        ("numeric_index_unsorted", {"data": S(NUM_IDX, NUM_VAL, "x")}),
        ("large_offset", {"data": ser("large_offset")}),
        ("long_random_walk", {"data": ser("long_random_walk")}),
        ("single_point", {"data": ser("single_point")}),
    ],
)

component(
    "integrate", "dd73bac2-cd9d-61c5-0aec-9dec6f337516", "Integrate", integrate, ["integral"],
    [
        ("irregular_utc_nan", {"data": ser("irregular_utc_nan_dup")}),
        ("plus0200_nan", {"data": ser("plus0200_nan")}),
        ("naive", {"data": ser("naive_90s_edges")}),
        ("int_values", {"data": ser("int_values_utc")}),
        ("unsorted_utc", {"data": ser("unsorted_utc")}),
        ("numeric_index_unsorted", {"data": S(NUM_IDX, NUM_VAL, "x")}),
        ("large_offset", {"data": ser("large_offset")}),
        ("long_random_walk", {"data": ser("long_random_walk")}),
        ("one_valid_value", {"data": S([utc(0), utc(1)], [None, 3.0], None)}),
        ("single_point", {"data": ser("single_point")}),
    ],
)

component(
    "derivate", "84bcdf4c-a068-3679-0cec-78bd6fcd3b48", "Derivate", derivate, ["diff_quo"],
    [
        ("duplicate_timestamps_give_inf", {"data": ser("irregular_utc_nan_dup")}),
        ("duplicate_equal_values_give_nan", {"data": S([utc(0), utc(1), utc(1), utc(3)],
                                                       [1.0, 2.0, 2.0, 5.0], None)}),
        ("plus0200_nan", {"data": ser("plus0200_nan")}),
        ("naive", {"data": ser("naive_90s_edges")}),
        ("int_values", {"data": ser("int_values_utc")}),
        ("unsorted_utc", {"data": ser("unsorted_utc")}),
        ("numeric_index_unsorted", {"data": S(NUM_IDX, NUM_VAL, "x")}),
        ("large_offset", {"data": ser("large_offset")}),
        ("long_random_walk", {"data": ser("long_random_walk")}),
        ("sub_second", {"data": S(["2020-03-01T00:00:00.000Z", "2020-03-01T00:00:00.250Z",
                                   "2020-03-01T00:00:01.125Z"], [1.0, 2.5, 2.0], None)}),
        ("single_point", {"data": ser("single_point")}),
    ],
)

for slug, cid, name, btype in [
    ("lowpass-filter", "a4a8cfa7-3b18-dc8d-2985-9a8be889686a", "Lowpass Filter", "low"),
    ("highpass-filter", "417d44a2-1701-2e5b-bee8-7ce1a4dc1d0e", "Highpass Filter", "high"),
]:
    reg_idx = [utc(m) for m in range(12)]
    wave = [math.sin(0.7 * i) + 0.3 * math.cos(2.9 * i) for i in range(12)]
    component(slug, cid, name, butter_filter(btype), ["filtered"], [
        ("regular_utc_0_002hz", {"data": S(reg_idx, wave, "w"), "frequency": FLOAT(0.002)}),
        ("regular_utc_0_0005hz", {"data": S(reg_idx, wave, None), "frequency": FLOAT(0.0005)}),
        ("irregular_plus0200", {"data": S(P2_IDX, [3.0, 2.0, 1.0, 7.5, 2.5, -3.0, 4.0, 9.0],
                                          None), "frequency": FLOAT(0.001)}),
        ("nan_propagates", {"data": ser("plus0200_nan"), "frequency": FLOAT(0.001)}),
        ("int_values", {"data": ser("int_values_utc"), "frequency": FLOAT(0.0015)}),
        ("large_offset", {"data": ser("large_offset"), "frequency": FLOAT(0.003)}),
        ("long_random_walk_no_nan", {"data": S(LONG_IDX, [
            1e3 if v is None else v for v in LONG_VAL], "w"), "frequency": FLOAT(0.0007)}),
        ("wn_too_large", {"data": S(reg_idx, wave, None), "frequency": FLOAT(1.0)}),
        ("single_point", {"data": ser("single_point"), "frequency": FLOAT(0.001)}),
    ])

component(
    "linear-regression", "10ab5fc1-9654-8a46-1c36-03660b4a2681", "Linear Regression",
    linear_regression, ["intercept", "slope", "preds", "diffs"],
    [
        ("one_x_two_y", {
            "x_values": F([0, 1, 2, 3, 4, 5], ["x"], [[0.5], [1.5], [2.0], [3.5], [4.0], [6.25]]),
            "y_values": F([0, 1, 2, 3, 4, 5], ["y1", "y2"],
                          [[1.0, 10], [2.9, 8], [4.2, 9], [7.1, 4], [8.0, 3], [12.6, 1]])}),
        ("two_x_one_y_utc", {
            "x_values": F(INT_IDX, ["a", "b"],
                          [[1.0, 2], [3.0, 4], [2.5, 1], [4.0, 8], [0.5, 3], [3.0, 5]]),
            "y_values": F(INT_IDX, ["y"], [[3.1], [7.2], [2.9], [12.5], [3.3], [8.4]])}),
        ("misaligned_index", {
            "x_values": F([0, 1, 2, 3], ["x"], [[1.0], [2.0], [3.0], [4.0]]),
            "y_values": F([1, 2, 3, 4], ["y"], [[2.0], [4.5], [5.5], [8.25]])}),
        ("large_offset_x", {
            "x_values": F(list(range(6)), ["x"], [[1e6 + i * 0.5] for i in range(6)]),
            "y_values": F(list(range(6)), ["y"],
                          [[3.0], [3.6], [4.1], [4.4], [5.2], [5.4]])}),
    ],
)


def linear_regression_two_series(x_values, y_values):
    x = x_values.values.reshape(-1, 1)
    model = LinearRegression().fit(x, y_values.values)
    preds = pd.Series(model.predict(x), index=x_values.index)
    return {"intercept": np.float64(model.intercept_), "slope": model.coef_,
            "preds": preds, "diffs": preds - y_values}


component(
    "linear-regression-two-series", "ff182e84-913d-e799-5722-98a5d2e3ad09",
    "Linear Regression two Series", linear_regression_two_series,
    ["intercept", "slope", "preds", "diffs"],
    [
        ("same_index_utc", {"x_values": S(INT_IDX, [1.0, 3.0, 2.5, 4.0, 0.5, 3.0], "x"),
                            "y_values": S(INT_IDX, [3.1, 7.2, 2.9, 12.5, 3.3, 8.4], "y")}),
        ("misaligned_int_index", {"x_values": S([0, 1, 2, 3], [1.0, 2.0, 3.0, 4.0], None),
                                  "y_values": S([1, 2, 3, 4], [2.0, 4.5, 5.5, 8.25], None)}),
        ("int_values", {"x_values": S([0, 1, 2, 3, 4], [3, 1, 4, 1, 5], None),
                        "y_values": S([0, 1, 2, 3, 4], [9, 2, 6, 5, 3], None)}),
        ("large_offset_x", {"x_values": S(list(range(6)), [1e6 + i * 0.5 for i in range(6)], None),
                            "y_values": S(list(range(6)), [3.0, 3.6, 4.1, 4.4, 5.2, 5.4], None)}),
        ("nan_rejected", {"x_values": S([0, 1, 2], [1.0, None, 3.0], None),
                          "y_values": S([0, 1, 2], [1.0, 2.0, 3.0], None)}),
    ],
)


def infer_window_size(series, min_num_desired_datapoints_in_window, buffer_factor):
    if not isinstance(series.index, pd.DatetimeIndex):
        raise TypeError("index must be a DatetimeIndex")
    med = series.sort_index().index.to_series().diff().median()
    return str(med.seconds * (min_num_desired_datapoints_in_window * buffer_factor)) + "S"


component(
    "infer-window-size", "4615ec0d-99bd-40ba-a88b-643dd28fa6e7", "Infer Window Size",
    infer_window_size, ["frequency_string"],
    [
        ("irregular_utc", {"series": ser("irregular_utc_nan_dup"),
                           "min_num_desired_datapoints_in_window": INT(5),
                           "buffer_factor": FLOAT(1.5)}),
        ("unsorted_utc", {"series": ser("unsorted_utc"),
                          "min_num_desired_datapoints_in_window": INT(3),
                          "buffer_factor": FLOAT(1.1)}),
        ("long_random_walk", {"series": ser("long_random_walk"),
                              "min_num_desired_datapoints_in_window": INT(10),
                              "buffer_factor": FLOAT(1.25)}),
        ("daily_median_drops_days", {"series": S(["2020-01-01T00:00:00Z",
                                                  "2020-01-02T02:00:00Z",
                                                  "2020-01-03T04:00:00Z"], [1.0, 2.0, 3.0]),
                                     "min_num_desired_datapoints_in_window": INT(2),
                                     "buffer_factor": FLOAT(1.0)}),
        ("sub_second_median", {"series": ser("nanoseconds"),
                               "min_num_desired_datapoints_in_window": INT(4),
                               "buffer_factor": FLOAT(2.0)}),
    ],
)


def time_to_length(data, speed):
    d = data.copy()
    try:
        d.index = pd.to_datetime(d.index)
    except (ValueError, TypeError):
        raise TypeError("indices of data must be datetime")
    if isinstance(speed, (int, float, bool)):
        d = d.sort_index()
        length = speed * (d.index - d.index[0]).total_seconds()
        return pd.Series(d.values, index=np.asarray(length, dtype=float))
    sp = speed.copy()
    sp.index = pd.to_datetime(sp.index)
    sp = sp.sort_index()
    secs = np.asarray((sp.index - sp.index[0]).total_seconds(), dtype=float)
    length = pd.Series(scipy.integrate.cumtrapz(sp.values, secs, initial=0), index=sp.index)
    common = length.index.intersection(d.index)
    return pd.Series(d.reindex(common).values, index=length.reindex(common).values)


TTL_IDX = ["2019-08-01T15:20:12Z", "2019-08-01T15:20:14Z", "2019-08-01T15:20:15Z",
           "2019-08-01T15:20:17Z", "2019-08-01T15:20:18Z", "2019-08-01T15:20:21Z",
           "2019-08-01T15:20:25Z"]
component(
    "time-to-length", "517fb2a7-ec6a-eced-c2ea-eb6dc5e76b0c", "Time to length", time_to_length,
    ["result"],
    [
        ("speed_series_same_index", {
            "data": S(TTL_IDX, [5.0, 8.2, 9.3, 8.6, 0.8, 3.4, 2.1], "d"),
            "speed": S(TTL_IDX, [1.0, 2.5, 3.0, 2.0, 0.0, 0.0, 4.0], "v")}),
        ("speed_series_other_index_unsorted", {
            "data": S([TTL_IDX[i] for i in (3, 0, 5, 1, 6)], [8.6, 5.0, 3.4, 8.2, 2.1], None),
            "speed": S([TTL_IDX[i] for i in (6, 0, 2, 1, 4, 5)], [4.0, 1.0, 3.0, 2.0, 0.5, 0.25],
                       None)}),
        ("speed_float", {"data": ser("unsorted_utc"), "speed": ANY(2.5)}),
        ("speed_int_int_values", {"data": ser("int_values_utc"), "speed": ANY(3)}),
        ("speed_negative_plus0200", {"data": ser("plus0200_nan"), "speed": ANY(-0.75)}),
        ("speed_series_long", {"data": ser("long_random_walk_unique"),
                               "speed": S(LONG_IDX[::3][:100], [abs(math.sin(i / 7.0)) * 3
                                                                 for i in range(100)], None)}),
    ],
)

def merge_dedup(timeseries_df, max_distribution_delta, new_name):
    df = timeseries_df.sort_values("timestamp", kind="stable")
    ts = pd.DatetimeIndex(df["timestamp"])
    delta = pd.Timedelta(max_distribution_delta)
    out = list(ts)
    i, n = 0, len(ts)
    while i < n:
        j = i
        while j + 1 < n and ts[j + 1] == ts[i]:
            j += 1
        k = j - i + 1
        if k >= 2:
            d = min(ts[j + 1] - ts[i], delta) if j + 1 < n and ts[j + 1] > ts[i] else delta
            for m in range(k):
                out[i + m] = ts[i] + m * d / k
        i = j + 1
    return pd.Series(df["value"].values, index=pd.DatetimeIndex(out), name=new_name)


component(
    "merge-timeseries-deduplicating-timestamps", "b1dba357-b6d5-43cd-ac3e-7b6cd829be37",
    "Merge timeseries deduplicating timestamps", merge_dedup, ["timeseries"],
    [
        ("spec_example", {
            "timeseries_df": F([0, 1, 2, 3, 4, 5], ["timestamp", "value"], [
                ["2020-01-01T00:00:00Z", 1.0], ["2020-01-01T00:00:00Z", 2.0],
                ["2020-01-01T00:00:00Z", 3.0], ["2020-01-01T00:10:00Z", 4.0],
                ["2020-01-01T01:00:00Z", 5.5], ["2020-01-01T01:00:00Z", 6.5]]),
            "max_distribution_delta": STR("1h"), "new_name": STR("merged")}),
        ("delta_smaller_than_gap_unsorted", {
            "timeseries_df": F([0, 1, 2, 3, 4], ["timestamp", "value", "metric"], [
                ["2020-01-01T00:30:00Z", 7.0, "a"], ["2020-01-01T00:00:00Z", 1.0, "a"],
                ["2020-01-01T00:00:00Z", 2.0, "b"], ["2020-01-01T00:00:00Z", 3.0, "c"],
                ["2020-01-01T00:00:00Z", 4.0, "d"]]),
            "max_distribution_delta": STR("2min"), "new_name": STR("m")}),
        ("no_duplicates", {
            "timeseries_df": F([0, 1, 2], ["timestamp", "value"], [
                ["2020-01-01T00:00:00Z", 1.0], ["2020-01-01T00:01:00Z", 2.0],
                ["2020-01-01T00:02:00Z", 3.0]]),
            "max_distribution_delta": STR("1min"), "new_name": STR("x")}),
    ],
)

def restrict_to_time_interval(data, start, stop):
    if len(data) == 0:
        return data
    d = data.copy()
    try:
        d.index = pd.to_datetime(d.index)
    except ValueError:
        d.index = pd.to_datetime(d.index, utc=True)
    d = d.sort_index()

    def bound(text):
        # ISO strings as dateparser reads them with TIMEZONE=UTC: no offset = UTC wall time,
        # an offset is converted to UTC; naive for a naive index.
        ts = pd.Timestamp(text)
        ts = ts.tz_localize("UTC") if ts.tz is None else ts.tz_convert("UTC")
        return ts.tz_localize(None) if d.index.tz is None else ts

    lo, hi = bound(start), bound(stop)
    if lo > hi:
        raise ValueError("start timestamp cannot be after stop timestamp")
    return d.loc[lo:hi]


component(
    "restrict-to-time-interval", "bf469c0a-d17c-ca6f-59ac-9838b2ff67ac",
    "Restrict to time interval", restrict_to_time_interval, ["interval"],
    [
        ("utc_index_naive_bounds_inclusive", {"data": ser("irregular_utc_nan_dup"),
                                              "start": STR("2020-03-01T00:03:00"),
                                              "stop": STR("2020-03-01T00:10:00")}),
        ("plus0200_index_offset_bounds", {"data": ser("plus0200_nan"),
                                          "start": STR("2020-03-01T23:04:00+02:00"),
                                          "stop": STR("2020-03-01T21:15:00Z")}),
        ("plus0200_index_naive_bounds_are_utc", {"data": ser("plus0200_nan"),
                                                 "start": STR("2020-03-01T21:02:00"),
                                                 "stop": STR("2020-03-01T21:09:00")}),
        ("naive_index_offset_bounds_to_utc_wall", {"data": ser("naive_90s_edges"),
                                                   "start": STR("2021-06-15T12:00:45+02:00"),
                                                   "stop": STR("2021-06-15T10:03:20Z")}),
        ("unsorted_index_sorted_first", {"data": ser("unsorted_utc"),
                                         "start": STR("2020-03-01T00:01:00Z"),
                                         "stop": STR("2020-03-01T00:07:00Z")}),
        ("minus0500_sub_second_bounds", {"data": ser("minus0500"),
                                         "start": STR("2020-03-02T00:00:59.999Z"),
                                         "stop": STR("2020-03-02T00:16:00.000001Z")}),
        ("start_after_stop", {"data": ser("int_values_utc"),
                              "start": STR("2020-03-01T00:09:00Z"),
                              "stop": STR("2020-03-01T00:01:00Z")}),
        ("frame", {"data": F(INT_IDX, ["a", "b"],
                             [[1.0, 2], [None, 4], [2.5, 1], [4.0, 8], [0.5, 3], [3.0, 5]]),
                   "start": STR("2020-03-01T00:02:00Z"), "stop": STR("2020-03-01T00:09:00Z")}),
    ],
)


def series_difference_quotients(series, dropna):
    if isinstance(series.index, pd.DatetimeIndex):
        h = series.index.to_series().diff().dt.total_seconds().values
    else:
        h = series.index.to_series().diff().values
    out = pd.Series(series.diff().values / h, index=series.index)
    return out.dropna() if dropna else out


component(
    "series-difference-quotients", "3de190af-3103-4462-b5ba-2f431494abe8",
    "Series Difference Quotients", series_difference_quotients, ["difference_quotients"],
    [
        ("irregular_utc_dup_inf_dropna", {"series": ser("irregular_utc_nan_dup"),
                                          "dropna": BOOL(True)}),
        ("irregular_utc_keep_nan", {"series": ser("irregular_utc_nan_dup"),
                                    "dropna": BOOL(False)}),
        ("unsorted_given_order", {"series": ser("unsorted_utc"), "dropna": BOOL(False)}),
        ("plus0200", {"series": ser("plus0200_nan"), "dropna": BOOL(True)}),
        ("nanoseconds", {"series": ser("nanoseconds"), "dropna": BOOL(True)}),
        ("numeric_index", {"series": S(NUM_IDX, NUM_VAL, "x"), "dropna": BOOL(False)}),
        ("int_values", {"series": ser("int_values_utc"), "dropna": BOOL(True)}),
        ("long_random_walk", {"series": ser("long_random_walk"), "dropna": BOOL(True)}),
    ],
)


def timeshifted_value_table(timeseries, freq, periods):
    sign = 1 if periods > 0 else -1
    table = pd.DataFrame()
    for n in range(1, abs(periods) + 1):
        table["shifted_" + str(sign * n) + "_times_" + freq] = timeseries.shift(sign * n,
                                                                               freq=freq)
    return table


component(
    "timeshifted-value-table", "e4541a9d-7b3e-3dd6-869d-eff30ad997c3",
    "Timeshifted Value Table", timeshifted_value_table, ["timeshifted_values"],
    [
        ("irregular_utc_1min_3", {"timeseries": ser("irregular_utc_unique"), "freq": STR("1min"),
                                  "periods": INT(3)}),
        ("int_values_2min_minus2", {"timeseries": ser("int_values_utc"), "freq": STR("2min"),
                                    "periods": INT(-2)}),
        ("plus0200_90S_2", {"timeseries": ser("plus0200_nan"), "freq": STR("90S"),
                            "periods": INT(2)}),
        ("regular_grid_T_4", {"timeseries": ser("large_offset"), "freq": STR("T"),
                              "periods": INT(4)}),
    ],
)


def reduce_data_set(data, number_of_points):
    n = len(data)
    if n >= number_of_points and number_of_points >= 2:
        return data.iloc[::round((n - 1) / (number_of_points - 1))]
    return data.copy()


component(
    "reduce-data-set-by-leaving-out-values", "0a871bb6-b59c-e94d-40fd-a6673d1713c7",
    "Reduce data set by leaving out values", reduce_data_set, ["data"],
    [
        ("ten_rows_seven_points_half_even", {"data": S(list(range(10)), [float(i) for i in
                                                                          range(10)], "r"),
                                             "number_of_points": INT(7)}),
        ("long_random_walk_33", {"data": ser("long_random_walk"), "number_of_points": INT(33)}),
        ("round_half_even_down", {"data": S(list(range(6)), [1, 2, 3, 4, 5, 6], None),
                                  "number_of_points": INT(3)}),
        ("fewer_rows_than_points", {"data": ser("plus0200_nan"), "number_of_points": INT(20)}),
        ("frame", {"data": F(INT_IDX, ["a", "b"],
                             [[1.0, 2], [None, 4], [2.5, 1], [4.0, 8], [0.5, 3], [3.0, 5]]),
                   "number_of_points": INT(4)}),
    ],
)

# ----- rolling-window components ----------------------------------------------------------


def mavg_smoothing(data, window_size):
    return data.rolling(window_size).mean()


def mavg_outlier_filter(allowed_deviation_factor, window_size, ts):
    roll = ts.rolling(window_size)
    m, sd = roll.mean(), roll.std()
    f = allowed_deviation_factor
    keep = (ts > m - f * sd) & (ts < m + f * sd)
    return ts[keep]


def volatility_score(timeseries, window_size, window_timestamp_location):
    d = timeseries.sort_index().diff(1)
    vol = d.abs().rolling(window_size).sum() - d.rolling(window_size).sum().abs()
    vol.name = "volatilities"
    if window_timestamp_location == "right":
        return vol
    if window_timestamp_location == "left":
        return vol.shift(freq=window_size, periods=-1)
    if window_timestamp_location == "center":
        return vol.shift(freq=window_size, periods=-0.5)
    raise ValueError("location must be left, right or center")


INCLUSIVE = {"closed": "both", "open": "neither", "left_closed": "left", "right_open": "left",
             "right_closed": "right", "left_open": "right"}


def to_timedelta_or_offset(s):
    try:
        return pd.to_timedelta(s)
    except ValueError:
        return pd.to_timedelta(to_offset(s))


def time_window_agg(agg):
    """Windows [L, L + w] with L on the rhythm epoch + offset + k * f (wall time of the
    index): pandas resample when w == f and the interval is half-open, else a time rolling
    window over the series reindexed with every right edge (as components.md describes)."""

    def run(timeseries, window_size, window_frequency, frequency_offset, interval_type,
            label_position):
        if interval_type not in INCLUSIVE:
            raise ValueError(f"'{interval_type}' is not allowed as input for interval_type")
        inclusive = INCLUSIVE[interval_type]
        if not isinstance(timeseries.index, pd.DatetimeIndex):
            raise TypeError("DatetimeIndex required")
        ts = timeseries.sort_index()
        w, f = to_offset(window_size), to_offset(window_frequency)
        off = to_timedelta_or_offset(frequency_offset) % f
        if w == f and inclusive in ("left", "right"):
            res = getattr(ts.resample(rule=w, closed=inclusive, label="right", origin="epoch",
                                      offset=off), agg)()
        else:
            first_left = (ts.index[0] - w - off).ceil(freq=f) + off
            last_left = (ts.index[-1] - off).floor(freq=f) + off
            rights = pd.date_range(start=first_left + w, end=last_left + w, freq=f,
                                   inclusive="both")
            re = ts.reindex(index=rights.union(ts.index))
            if agg == "mean":
                def fn(a):
                    return np.mean(a[~np.isnan(a)])
            else:
                def fn(a):
                    return np.median(a[~np.isnan(a)])
            res = re.rolling(w.freqstr, closed=inclusive).apply(fn, raw=True)
            res = res[np.isin(res.index, rights)]
        if label_position == "center":
            res = res.shift(freq=-pd.to_timedelta(w) / 2)
        elif label_position == "left":
            res = res.shift(freq=-pd.to_timedelta(w))
        return res

    return run



component(
    "mavg-smoothing", "41f4c453-e4e7-f07d-df77-c89cb42cb3ac", "MAVG Smoothing", mavg_smoothing,
    ["data"],
    [
        ("irregular_utc_5min", {"data": ser("irregular_utc_nan_dup"), "window_size": STR("5min")}),
        ("irregular_utc_T", {"data": ser("irregular_utc_nan_dup"), "window_size": STR("T")}),
        ("irregular_utc_90S", {"data": ser("irregular_utc_nan_dup"), "window_size": STR("90S")}),
        ("plus0200_2min", {"data": ser("plus0200_nan"), "window_size": STR("2min")}),
        ("minus0500_3min", {"data": ser("minus0500"), "window_size": STR("3min")}),
        ("naive_135s", {"data": ser("naive_90s_edges"), "window_size": STR("135s")}),
        ("int_values_3min", {"data": ser("int_values_utc"), "window_size": STR("3min")}),
        ("large_offset_4min", {"data": ser("large_offset"), "window_size": STR("4min")}),
        ("long_random_walk_37min", {"data": ser("long_random_walk"),
                                    "window_size": STR("37min")}),
        ("nanoseconds_1ms", {"data": ser("nanoseconds"), "window_size": STR("1ms")}),
        ("single_point", {"data": ser("single_point"), "window_size": STR("1h")}),
        ("frame_two_columns_3min", {
            "data": F(INT_IDX, ["a", "b"],
                      [[1.0, 2], [None, 4], [2.5, 1], [4.0, 8], [0.5, 3], [3.0, 5]]),
            "window_size": STR("3min")}),
        ("unsorted_rejected", {"data": ser("unsorted_utc"), "window_size": STR("3min")}),
        ("calendar_offset_rejected", {"data": ser("int_values_utc"), "window_size": STR("M")}),
        ("fractional_lowercase_1_5h", {"data": ser("irregular_utc_nan_dup"),
                                       "window_size": STR("1.5h")}),
        ("negative_window_minus_5min", {"data": ser("irregular_utc_nan_dup"),
                                        "window_size": STR("-5min")}),
    ],
)

component(
    "mavg-outlier-filter", "11b9c01e-8e32-25a9-9625-97a5654230be", "MAVG Outlier Filter",
    mavg_outlier_filter, ["ts"],
    [
        ("irregular_utc_5min_f1", {"allowed_deviation_factor": FLOAT(1.0),
                                   "window_size": STR("5min"),
                                   "ts": ser("irregular_utc_nan_dup")}),
        ("long_random_walk_20min_f1_5", {"allowed_deviation_factor": FLOAT(1.5),
                                         "window_size": STR("20min"),
                                         "ts": ser("long_random_walk")}),
        ("plus0200_7min_f0_5", {"allowed_deviation_factor": FLOAT(0.5),
                                "window_size": STR("7min"), "ts": ser("plus0200_nan")}),
        ("int_values_10min_f2", {"allowed_deviation_factor": FLOAT(2.0),
                                 "window_size": STR("10min"), "ts": ser("int_values_utc")}),
        ("fractional_lowercase_1_5h", {"allowed_deviation_factor": FLOAT(1.0),
                                       "window_size": STR("1.5h"),
                                       "ts": ser("irregular_utc_nan_dup")}),
        ("negative_window_minus_5min", {"allowed_deviation_factor": FLOAT(1.0),
                                        "window_size": STR("-5min"),
                                        "ts": ser("irregular_utc_nan_dup")}),
        ("frame_mask_semantics", {"allowed_deviation_factor": FLOAT(0.8),
                                  "window_size": STR("6min"),
                                  "ts": F(INT_IDX, ["a", "b"],
                                          [[1.0, 2], [None, 4], [2.5, 1], [4.0, 8], [0.5, 3],
                                           [3.0, 5]])}),
    ],
)

component(
    "simple-volatility-score", "0c3c74d0-89b6-1948-fedd-753eaa47ca0e", "Simple Volatility Score",
    volatility_score, ["volatilities"],
    [
        ("irregular_utc_5min_right", {"timeseries": ser("irregular_utc_nan_dup"),
                                      "window_size": STR("5min"),
                                      "window_timestamp_location": STR("right")}),
        ("irregular_utc_5min_left", {"timeseries": ser("irregular_utc_nan_dup"),
                                     "window_size": STR("5min"),
                                     "window_timestamp_location": STR("left")}),
        ("irregular_utc_75min_center", {"timeseries": ser("irregular_utc_nan_dup"),
                                        "window_size": STR("75min"),
                                        "window_timestamp_location": STR("center")}),
        ("unsorted_3min_right", {"timeseries": ser("unsorted_utc"),
                                 "window_size": STR("3min"),
                                 "window_timestamp_location": STR("right")}),
        ("plus0200_1h_center", {"timeseries": ser("plus0200_nan"), "window_size": STR("1h"),
                                "window_timestamp_location": STR("center")}),
        ("long_random_walk_2h_left", {"timeseries": ser("long_random_walk"),
                                      "window_size": STR("2h"),
                                      "window_timestamp_location": STR("left")}),
        ("long_random_walk_90S_center", {"timeseries": ser("long_random_walk"),
                                         "window_size": STR("90S"),
                                         "window_timestamp_location": STR("center")}),
        ("int_values_4min_right", {"timeseries": ser("int_values_utc"),
                                   "window_size": STR("4min"),
                                   "window_timestamp_location": STR("right")}),
        ("bad_location", {"timeseries": ser("int_values_utc"), "window_size": STR("4min"),
                          "window_timestamp_location": STR("middle")}),
        ("fractional_lowercase_1_5h", {"timeseries": ser("irregular_utc_nan_dup"),
                                       "window_size": STR("1.5h"),
                                       "window_timestamp_location": STR("center")}),
        ("negative_window_minus_5min", {"timeseries": ser("irregular_utc_nan_dup"),
                                        "window_size": STR("-5min"),
                                        "window_timestamp_location": STR("center")}),
    ],
)

def mad_band_filter(series, window_size, min_num_datapoints_in_window, mad_scaling_factor,
                    min_band_width_factor):
    if not isinstance(series.index, pd.DatetimeIndex):
        raise TypeError("This component is exclusively for series with Datetime index!")

    def roll():
        return series.rolling(window_size, center=True, min_periods=min_num_datapoints_in_window)

    center = roll().median()
    dev = mad_scaling_factor * roll().apply(
        lambda a: np.median(np.abs(a - np.median(a))), raw=True)
    min_width = dev.dropna().median() * min_band_width_factor
    dev = dev.where(dev.isna() | (dev >= min_width), min_width)
    mask = (series - center).abs() <= dev
    mask[center.isna()] = True
    mask.name = "filter_mask"
    frame = pd.DataFrame({"values": series, "band_center": center, "rolling_deviation": dev,
                          "filter_mask": mask})
    return {"band_filter_dataframe": frame, "filter_mask": mask}


component(
    "moving-window-mad-band-filter", "bf698fbb-1e2e-47ca-a4f8-72b06b011985",
    "Moving Window MAD Band Filter", mad_band_filter, ["band_filter_dataframe", "filter_mask"],
    [
        (name, {"series": ser(key), "window_size": STR(w),
                "min_num_datapoints_in_window": INT(mp), "mad_scaling_factor": FLOAT(k),
                "min_band_width_factor": FLOAT(mw)})
        for name, key, w, mp, k, mw in [
            ("long_random_walk_30min", "long_random_walk_unique", "30min", 3, 3.0, 0.5),
            ("long_random_walk_2h_wide_min_band", "long_random_walk_unique", "2h", 5, 2.0, 1.5),
            ("irregular_utc_6min", "irregular_utc_unique", "6min", 1, 1.4826, 0.1),
            ("plus0200_10min", "plus0200_nan", "10min", 2, 2.5, 0.2),
            ("naive_4min_min_periods_3", "naive_90s_edges", "4min", 3, 1.0, 0.0),
            ("int_values_5min", "int_values_utc", "5min", 2, 3.0, 0.3),
        ]
    ] + [
        ("fractional_lowercase_1_5h", {
            "series": ser("irregular_utc_unique"), "window_size": STR("1.5h"),
            "min_num_datapoints_in_window": INT(1), "mad_scaling_factor": FLOAT(1.0),
            "min_band_width_factor": FLOAT(0.1)}),
        ("negative_window_minus_5min", {
            "series": ser("irregular_utc_unique"), "window_size": STR("-5min"),
            "min_num_datapoints_in_window": INT(1), "mad_scaling_factor": FLOAT(1.0),
            "min_band_width_factor": FLOAT(0.1)}),
        ("zero_window_0min", {
            "series": ser("irregular_utc_unique"), "window_size": STR("0min"),
            "min_num_datapoints_in_window": INT(1), "mad_scaling_factor": FLOAT(1.0),
            "min_band_width_factor": FLOAT(0.1)}),
    ],
)

def interpolate_timeseries(timeseries, filter_series, interpolation_params):
    """hetida's Interpolate Timeseries (components.md): NaN at the flagged labels of the
    union index, `interpolate(**params)` on seconds since the first label unless the method
    is "time"."""
    index = timeseries.index.union(filter_series.index)
    flagged = filter_series[filter_series].index
    work = timeseries.reindex(index).astype(float)
    work[flagged] = np.nan
    params = dict(interpolation_params)
    if params.get("method") != "time" and isinstance(index, pd.DatetimeIndex):
        work.index = (index - index[0]).total_seconds()
    result = work.interpolate(**params)
    result.index = index
    result.name = None
    return {"interpolated_timeseries": result, "new_values": result[flagged]}


def flags(key, positions, extra=()):
    """A boolean filter series on the labels of SERIES[key]: True at `positions`, plus the
    extra labels (only in the filter, flagged)."""
    idx = SERIES[key][0]
    labels = list(idx) + list(extra)
    data = [k in positions for k in range(len(idx))] + [True] * len(extra)
    return S(labels, data, "flags")


LONG_KEY = "long_random_walk_unique"
component(
    "interpolate-timeseries", "47c145cb-acce-442e-9f57-31446172a49a",
    "Interpolate Timeseries", interpolate_timeseries,
    ["interpolated_timeseries", "new_values"],
    [
        (f"{name}_{key}", {"timeseries": ser(key), "filter_series": flt,
                           "interpolation_params": ANY(params)})
        for key, flt in [
            ("irregular_utc_unique", flags("irregular_utc_unique", {3, 6},
                                           ["2020-03-01T00:08:00Z"])),
            ("plus0200_nan", flags("plus0200_nan", {0, 4, 7}, ["2020-03-01T23:11:00+02:00"])),
            ("naive_90s_edges", flags("naive_90s_edges", {1, 2, 6})),
            (LONG_KEY, flags(LONG_KEY, set(range(3, 399, 7)) | {0, 398})),
        ]
        for name, params in [
            ("cubic", {"method": "cubic"}),
            ("cubic_both", {"method": "cubic", "limit_direction": "both"}),
            ("cubic_limit_1", {"method": "cubic", "limit": 1}),
            ("cubic_backward_inside", {"method": "cubic", "limit_direction": "backward",
                                       "limit_area": "inside"}),
            ("time", {"method": "time"}),
            ("index_both", {"method": "index", "limit_direction": "both"}),
            ("nearest", {"method": "nearest", "limit_direction": "both"}),
            ("zero", {"method": "zero", "limit_direction": "both"}),
            ("slinear", {"method": "slinear", "limit_direction": "both"}),
            ("cubicspline_both", {"method": "cubicspline", "limit_direction": "both"}),
            ("cubicspline", {"method": "cubicspline"}),
            ("pchip_both", {"method": "pchip", "limit_direction": "both"}),
            ("pchip_limit_1", {"method": "pchip", "limit": 1}),
            ("akima_both", {"method": "akima", "limit_direction": "both"}),
            ("from_derivatives", {"method": "from_derivatives", "limit_direction": "both"}),
            ("piecewise_polynomial", {"method": "piecewise_polynomial"}),
            ("quadratic_both", {"method": "quadratic", "limit_direction": "both"}),
            ("polynomial_5", {"method": "polynomial", "order": 5}),
            ("polynomial_2_limit_1", {"method": "polynomial", "order": 2, "limit": 1}),
            ("pad", {"method": "pad"}),
            ("ffill_limit_1_inside", {"method": "ffill", "limit": 1, "limit_area": "inside"}),
            ("bfill", {"method": "bfill"}),
            ("backfill_outside", {"method": "backfill", "limit_direction": "backward",
                                  "limit_area": "outside"}),
            ("pad_both_rejected", {"method": "pad", "limit_direction": "both"}),
        ]
    ] + [
        (f"{name}_{count}_valid_points", {
            "timeseries": S(["2020-03-01T00:00:00Z", "2020-03-01T00:01:00Z",
                             "2020-03-01T00:03:00Z", "2020-03-01T00:04:00Z",
                             "2020-03-01T00:07:00Z"], [None, 1.0, 4.0, -2.0, 3.0][:count + 1]
                          + [None] * (4 - count)),
            "filter_series": S(["2020-03-01T00:02:00Z", "2020-03-01T00:09:00Z"], [True, True]),
            "interpolation_params": ANY({"method": name, "limit_direction": "both"})})
        for name in ["nearest", "zero", "slinear", "cubicspline", "pchip", "akima",
                     "from_derivatives", "quadratic"]
        for count in [1, 2, 3, 4]
        # scipy 1.12's Akima reads uninitialised memory for two points (no fixed answer).
        if (name, count) != ("akima", 2)
    ] + [
        (f"polynomial_order_{order}", {
            "timeseries": S([0, 1, 2, 3, 5, 6, 9, 10], [0.0, 1.0, 1.0, 3.0, 2.0, 2.0, 5.0, -1.0]),
            "filter_series": S([4, 7, 8, 11], [True, True, True, True]),
            "interpolation_params": ANY({"method": "polynomial", "order": order})})
        for order in [None, 0, 1, 2, 3, 4, 5, 7, 9]
    ] + [
        ("pchip_flat_and_extremum", {
            "timeseries": S([0, 1, 2, 3, 5, 6, 9, 10], [0.0, 1.0, 1.0, 3.0, 2.0, 2.0, 5.0, -1.0]),
            "filter_series": S([4, 7, 8, 11], [True, True, True, True]),
            "interpolation_params": ANY({"method": "pchip", "limit_direction": "both"})}),
        ("akima_flat_and_extremum", {
            "timeseries": S([0, 1, 2, 3, 5, 6, 9, 10], [0.0, 1.0, 1.0, 3.0, 2.0, 2.0, 5.0, -1.0]),
            "filter_series": S([4, 7, 8, 11], [True, True, True, True]),
            "interpolation_params": ANY({"method": "akima"})}),
        ("nearest_ties_integer_index", {
            "timeseries": S([0, 2, 4, 6], [1.0, 5.0, -3.0, 8.0]),
            "filter_series": S([1, 3, 5], [True, True, True]),
            "interpolation_params": ANY({"method": "nearest"})}),
    ] + [
        ("cubic_too_few_points", {
            "timeseries": ser("int_values_utc"),
            "filter_series": flags("int_values_utc", {0, 2, 4}),
            "interpolation_params": ANY({"method": "cubic"})}),
        ("cubic_nothing_flagged", {
            "timeseries": S(["2020-03-01T00:00:00Z", "2020-03-01T00:01:00Z"], [1.0, 2.0]),
            "filter_series": S(["2020-03-01T00:00:00Z"], [False]),
            "interpolation_params": ANY({"method": "cubic"})}),
        ("cubic_integer_index", {
            "timeseries": S([0, 2, 3, 7, 8, 11, 15], [1.0, 4.0, -2.0, 0.5, 3.0, 8.0, 6.5]),
            "filter_series": S([3, 5, 11, 14], [True, True, True, True]),
            "interpolation_params": ANY({"method": "cubic"})}),
    ],
)

MTW_CASES = []
for label, ts_key, w, f, off, it, lp in [
    ("utc_5min_5min_left_closed_right", "irregular_utc_nan_dup", "5min", "5min", "0",
     "left_closed", "right"),
    ("utc_5min_5min_right_closed_left", "irregular_utc_nan_dup", "5min", "5min", "0",
     "right_closed", "left"),
    ("utc_5min_5min_closed_center", "irregular_utc_unique", "5min", "5min", "0", "closed",
     "center"),
    ("utc_5min_5min_open_left", "irregular_utc_unique", "5min", "5min", "0", "open", "left"),
    ("utc_3min_4min_left_closed_gaps", "irregular_utc_unique", "3min", "4min", "0",
     "left_closed", "right"),
    ("utc_T_T_right_closed_label_other", "irregular_utc_unique", "T", "T", "0",
     "right_closed", "somewhere"),
    ("unsorted_5min_2min_open_right", "unsorted_utc", "5min", "2min", "0", "open", "right"),
    ("unsorted_4min_2min_closed_center", "unsorted_utc", "4min", "2min", "30s", "closed",
     "center"),
    ("plus0200_7min_7min_offset_1min_right_open", "plus0200_nan", "7min", "7min", "1min",
     "right_open", "left"),
    ("plus0200_10min_3min_left_open", "plus0200_nan", "10min", "3min", "0", "left_open",
     "right"),
    ("minus0500_3min_1min_closed", "minus0500", "3min", "1min", "0", "closed", "center"),
    ("naive_90S_45s_right_closed", "naive_90s_edges", "90S", "45s", "0", "right_closed",
     "right"),
    ("naive_1h_1h_offset_13min", "naive_90s_edges", "1h", "1h", "13min", "left_closed",
     "right"),
    ("long_random_walk_30min_10min", "long_random_walk_unique", "30min", "10min", "0",
     "left_closed", "right"),
    ("long_random_walk_45min_20min_offset_minus_7min", "long_random_walk_unique", "45min",
     "20min", "-7min", "closed", "left"),
    ("long_random_walk_1h_1h_offset_70min", "long_random_walk", "1h", "1h", "70min",
     "right_closed", "center"),
    ("int_values_2min_2min", "int_values_utc", "2min", "2min", "0", "left_closed", "right"),
    ("single_point_5min_1min", "single_point", "5min", "1min", "0", "closed", "right"),
    ("bad_interval_type", "int_values_utc", "2min", "2min", "0", "half", "right"),
    ("fractional_lowercase_1_5h", "irregular_utc_unique", "1.5h", "5min", "0", "closed", "right"),
    ("duplicates_on_rolling_path", "irregular_utc_nan_dup", "4min", "2min", "0", "closed",
     "right"),
]:
    MTW_CASES.append((label, {"timeseries": ser(ts_key), "window_size": STR(w),
                              "window_frequency": STR(f), "frequency_offset": STR(off),
                              "interval_type": STR(it), "label_position": STR(lp)}))

component(
    "moving-time-window-mean", "e4682ac2-9a53-4fac-a4ea-e766666ee27e",
    "Moving Time Window Mean", time_window_agg("mean"), ["window_means"], MTW_CASES,
)
component(
    "moving-time-window-median", "dc30af71-2872-4fe0-8a09-20d9300871ba",
    "Moving Time Window Median", time_window_agg("median"), ["window_medians"], MTW_CASES,
)


# ---------------------------------------------------------------------------------------


# Eval Expression (pandas' eval with the numexpr engine) and the outer merge order of
# pandas 2.1.3 (#13 classes 1 and 6).
def eval_on_series(series, expression):
    return pd.eval(expression, local_dict={"x": series})


def eval_on_dataframe(dataframe, expression):
    return dataframe.eval(expression)


def merge_on_column(dataframe_left, dataframe_right, column_name, how):
    return dataframe_left.merge(dataframe_right, left_on=column_name, right_on=column_name, how=how)


EVAL_SERIES = S(["2020-01-01T00:00:00Z", "2020-01-01T01:00:00Z", "2020-01-01T02:00:00Z"],
                [1.0, 0.0, 4.0], "flow")
component(
    "eval-expression-on-series", "f70f53c2-645e-4bfa-91e1-a3ecbd56465a", "Eval Expression On Series",
    eval_on_series, ["result_series"],
    [(name, {"series": EVAL_SERIES, "expression": STR(e)}) for name, e in [
        ("bare_variable_is_unnamed", "x"), ("arithmetic", "x * 2 + 1"), ("comparison", "x > 2"),
        ("floor_division_of_a_variable", "x // 2"), ("floor_division_of_an_operation", "-x // 2"),
        ("division_by_zero_constant", "x / 0"), ("division_by_folded_zero", "x / (1 - 1)"),
        ("division_by_zero_values", "x / (x - x)"), ("modulo_zero", "x % 0"),
        ("function", "sqrt(x)"), ("boolean_division", "x / False"),
    ]],
)
EVAL_FRAME = F([10, 20, 30], ["a", "b"], [[1.0, 3], [2.0, 0], [4.0, 5]])
component(
    "eval-expression-on-dataframe", "4d9fc046-b35d-4c3a-b326-7a631f3e708f",
    "Eval Expression On DataFrame", eval_on_dataframe, ["result_series"],
    [(name, {"dataframe": EVAL_FRAME, "expression": STR(e)}) for name, e in [
        ("bare_column_is_unnamed", "a"), ("sum", "a + b"), ("division_with_zeros", "a / b"),
        ("floor_division", "a // b"), ("division_by_zero_constant", "b / 0"),
        ("boolean_and", "(a > 1) & (b < 4)"), ("index", "a + index"),
    ]],
)
MERGE_LEFT = F([0, 1, 2, 3], ["k", "a"], [[3.0, 1], [1.0, 2], [None, 3], [2.0, 4]])
MERGE_RIGHT = F([0, 1, 2, 3, 4, 5], ["k", "b"],
                [[2.0, 10], [None, 20], [5.0, 30], [1.0, 40], [5.0, 50], [0.0, 60]])
component(
    "merge-dataframes-on-single-column", "a573c94f-3039-1193-b068-bc496620c6ed",
    "Merge DataFrames on Single Column", merge_on_column, ["merged_dataframe"],
    [(how, {"dataframe_left": MERGE_LEFT, "dataframe_right": MERGE_RIGHT,
            "column_name": STR("k"), "how": STR(how)}) for how in ["outer", "inner", "left", "right"]],
)


def run_case(comp, inputs):
    args = {k: to_pandas(v) for k, v in inputs.items()}
    try:
        result = comp["fn"](**args)
    except Exception as e:  # noqa: BLE001 - the exception class is the expected output
        return {out: {"kind": "error", "type": type(e).__name__} for out in comp["outputs"]}
    if not isinstance(result, dict):
        result = {comp["outputs"][0]: result}
    return {k: enc(v) for k, v in result.items()}


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    only = set(sys.argv[1:])
    for comp in COMPONENTS:
        if only and comp["slug"] not in only:
            continue
        cases = [{"name": name, "inputs": inputs, "expected": run_case(comp, inputs)}
                 for name, inputs in comp["cases"]]
        doc = {
            "component_id": comp["id"],
            "component_name": comp["name"],
            "generator": "scripts/pandas_fixtures.py",
            "versions": VERSIONS,
            "cases": cases,
        }
        path = os.path.join(OUT_DIR, comp["slug"] + ".json")
        with open(path, "w") as f:
            json.dump(doc, f, indent=1, allow_nan=False)
            f.write("\n")
        print(f"{path}: {len(cases)} cases")


if __name__ == "__main__":
    main()
