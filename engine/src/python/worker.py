"""Rheo's Python worker: runs hetida component code for operators without a native
implementation.

Protocol (one request at a time): on file descriptor 0, frames of a 4-byte big-endian length
and a UTF-8 JSON object; answers the same way on the descriptor that was stdout at start
(stdout itself is pointed at stderr, so that component code printing cannot corrupt the
stream). A request is {"code_hash", "code", "inputs": {name: value}, "outputs": [names]};
series and frames travel as hetida's wrapped JSON objects with their dtypes. The answer is
{"outputs": {name: value}} or {"error": {"type", "message", "error_code",
"extra_information", "traceback"}}.

Component modules are loaded under hetida's module names
(hetdesrun_loaded_components.by_code__hash_<sha256>) and cached per code hash. A minimal
hdutils / hetdesrun shim provides what component code imports.
"""
import asyncio
import base64
import datetime
import hashlib
import hmac
import io
import json
import math
import os
import pickle
import struct
import sys
import traceback
import types

PROTO_IN = os.fdopen(os.dup(0), "rb", buffering=0)
PROTO_OUT = os.fdopen(os.dup(1), "wb", buffering=0)
os.dup2(2, 1)
sys.stdout = sys.stderr

LIMIT = int(os.environ.get("RHEO_PYTHON_MEMORY_LIMIT_BYTES", "0") or "0")
if LIMIT > 0:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

WRAP = "__hd_wrapped_data_object__"
OBJECT = "__rheo_python_object__"
# Objects that are not JSON values (a fitted model) travel between Python operators as
# pickles signed with the pool's key: a worker unpickles only what a worker of the same
# pool wrote, never a look-alike from a request.
OBJECT_KEY = bytes.fromhex(os.environ.pop("RHEO_PYTHON_OBJECT_KEY", "") or os.urandom(32).hex())


# ---------------------------------------------------------------- shims for component code
class ComponentException(Exception):
    """hetida's exception for errors a component raises on purpose."""

    __is_hetida_designer_exception__ = True

    def __init__(self, msg="", error_code="", extra_information=None, **kwargs):
        super().__init__(msg)
        self.error_code = error_code
        self.extra_information = extra_information


class ComponentInputValidationException(ComponentException):
    """hetida's exception for invalid component inputs."""

    def __init__(self, msg="", invalid_component_inputs=None, error_code=422, **kwargs):
        extra = {"invalid_component_inputs": list(invalid_component_inputs or [])}
        super().__init__(msg, error_code=error_code, extra_information=extra)


class DataType(str):
    """The data type names component code refers to (DataType.Series, ...)."""


for _name, _value in [("Integer", "INT"), ("Float", "FLOAT"), ("String", "STRING"),
                      ("DataFrame", "DATAFRAME"), ("Series", "SERIES"),
                      ("MultiTSFrame", "MULTITSFRAME"), ("Boolean", "BOOLEAN"), ("Any", "ANY"),
                      ("PlotlyJson", "PLOTLYJSON")]:
    setattr(DataType, _name, _value)


def _parse_value(value, data_type, nullable):
    if value is None or (isinstance(value, str) and value == "" and data_type != "STRING"):
        if nullable:
            return None
        raise ValueError(f"{data_type} value must not be None")
    if data_type == "INT":
        return int(value)
    if data_type == "FLOAT":
        return float(value)
    if data_type == "BOOLEAN":
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1", "yes", "on", "t", "y")
        return bool(value)
    if data_type == "STRING":
        return str(value)
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return value
    return decode(value, data_type)


def parse_default_value(component_info, input_name):
    """hetida's helper: an input's default_value parsed (nullable) by its data type."""
    spec = component_info["inputs"][input_name]
    if not isinstance(spec, dict):
        return None
    data_type = spec.get("data_type", "ANY")
    data_type = getattr(data_type, "value", data_type)
    return _parse_value(spec.get("default_value"), str(data_type).upper(), True)


def register(*args, **kwargs):
    """The old decorator form: a no-op that returns the function."""
    return lambda f: f


def _install_shims():
    shim = types.ModuleType("hdutils")
    for name in ["ComponentException", "ComponentInputValidationException", "DataType",
                 "parse_default_value", "register"]:
        setattr(shim, name, globals()[name])
    for path in ["hdutils", "hetdesrun", "hetdesrun.component", "hetdesrun.component.registration",
                 "hetdesrun.runtime", "hetdesrun.runtime.exceptions", "hetdesrun.datatypes",
                 "hetdesrun.utils"]:
        sys.modules.setdefault(path, shim)
    package = types.ModuleType("hetdesrun_loaded_components")
    package.__path__ = []
    sys.modules["hetdesrun_loaded_components"] = package


# ---------------------------------------------------------------- values in and out
def _sign(data):
    return hmac.new(OBJECT_KEY, data, hashlib.sha256).hexdigest()


def _pickled(obj):
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    return {OBJECT: base64.b64encode(data).decode(), "signature": _sign(data),
            "type": f"{type(obj).__module__}.{type(obj).__qualname__}"}


def _unpickled(value):
    data = base64.b64decode(value[OBJECT])
    if not hmac.compare_digest(_sign(data), str(value.get("signature", ""))):
        raise ValueError("a Python object value does not carry this pool's signature; it is not loaded")
    return pickle.loads(data)


def decode(value, data_type="ANY"):
    """A request value as hetida's runtime would pass it."""
    if isinstance(value, dict) and OBJECT in value:
        return _unpickled(value)
    if isinstance(value, dict) and WRAP in value:
        kind = value[WRAP]
        data = value["__data__"]
        options = value.get("__data_parsing_options__") or {}
        if kind == "SERIES":
            obj = _series(data, options.get("dtype"))
        else:
            obj = _frame(data, options.get("dtype"))
        obj.attrs = value.get("__metadata__") or {}
        return obj
    return value


def _index(labels, kind):
    if kind == "datetime":
        return _parse_times(labels)
    return pd.Index(labels)


def _parse_times(labels):
    """ISO timestamps as a DatetimeIndex. Rheo sends UTC ones with Z or naive ones, which
    numpy parses in C (pandas' ISO8601 parser takes seconds per million); others, with
    offsets, go through pandas."""
    if all(isinstance(x, str) for x in labels):
        if all(x.endswith("Z") for x in labels):
            plain = np.array([x[:-1] for x in labels], dtype="datetime64[ns]")
            return pd.DatetimeIndex(plain).tz_localize("UTC")
        if not any("+" in x[10:] or "-" in x[10:] for x in labels):
            return pd.DatetimeIndex(np.array(labels, dtype="datetime64[ns]"))
    return pd.DatetimeIndex(pd.to_datetime(labels, format="ISO8601"))


def _series(data, dtype):
    index = _index(data["index"], data.get("index_kind") or _guess_kind(data["index"]))
    values = data["data"]
    if dtype and str(dtype).startswith("datetime64"):
        values = _parse_times([v if v is not None else "NaT" for v in values])
    series = pd.Series(values, index=index, name=data.get("name"))
    if dtype and not str(dtype).startswith("datetime64"):
        series = series.astype(dtype)
    return series


def _frame(data, dtypes):
    index = _index(data["index"], _guess_kind(data["index"]))
    frame = pd.DataFrame(data["data"], index=index, columns=data["columns"])
    for column, dtype in (dtypes or {}).items():
        if column in frame.columns:
            if str(dtype).startswith("datetime64"):
                frame[column] = pd.to_datetime(frame[column], format="ISO8601")
            else:
                frame[column] = frame[column].astype(dtype)
    return frame


def _guess_kind(labels):
    if labels and all(isinstance(x, str) and len(x) >= 10 and x[4] == "-" and x[7] == "-"
                      for x in labels[:20]):
        return "datetime"
    return "plain"


def _plain(x):
    if x is None:
        return None
    if isinstance(x, (np.floating, float)):
        x = float(x)
        return x if math.isfinite(x) else None
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.bool_):
        return bool(x)
    if isinstance(x, (pd.Timestamp, datetime.datetime)):
        if pd.isna(x):
            return None
        return pd.Timestamp(x).isoformat()
    if isinstance(x, np.datetime64):
        return None if np.isnat(x) else pd.Timestamp(x).isoformat()
    if x is pd.NaT:
        return None
    return x


def _column(series):
    """A series' values as numpy; aware datetimes stay a series (they keep their zone)."""
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        return series
    return series.to_numpy()


def _labels(index):
    if isinstance(index, pd.DatetimeIndex):
        return _datetimes(index)
    return _values(index.to_numpy())


def _datetimes(values):
    """ISO strings to the nanosecond (UTC with Z for aware values), None for NaT: vectorised,
    as a million timestamps one by one would take seconds."""
    values = pd.DatetimeIndex(values)
    aware = values.tz is not None
    if aware:
        values = values.tz_convert("UTC").tz_localize(None)
    text = np.datetime_as_string(values.to_numpy(dtype="datetime64[ns]"), unit="ns")
    if aware:
        text = np.char.add(text, "Z")
    return [None if t.startswith("NaT") else t for t in text.tolist()]


def _values(array):
    """A column's values as JSON-ready Python values (None for NaN, NaT and infinities)."""
    if isinstance(array, pd.Series):
        return _datetimes(array)
    kind = array.dtype.kind
    if kind == "M":
        return _datetimes(array)
    if kind == "f":
        values = array.tolist()
        if not np.isfinite(array).all():
            values = [x if math.isfinite(x) else None for x in values]
        return values
    if kind in "iub":
        return array.tolist()
    return [_plain(x) for x in array.tolist()]


def encode(obj):
    """A component's output as JSON: pandas objects wrapped with their dtypes."""
    if isinstance(obj, pd.Series):
        return {WRAP: "SERIES", "__metadata__": dict(obj.attrs),
                "__data__": {"name": _plain(obj.name), "index": _labels(obj.index),
                             "data": _values(_column(obj))},
                "__data_parsing_options__": {"orient": "split", "dtype": str(obj.dtype)}}
    if isinstance(obj, pd.DataFrame):
        return {WRAP: "DATAFRAME", "__metadata__": dict(obj.attrs),
                "__data__": {"columns": [_plain(c) for c in obj.columns], "index": _labels(obj.index),
                             "data": [list(row) for row in zip(*[_values(_column(obj.iloc[:, i])) for i in range(len(obj.columns))])]
                             if len(obj.columns) else [[] for _ in range(len(obj))]},
                "__data_parsing_options__": {"orient": "split",
                                             "dtype": {str(c): str(t) for c, t in obj.dtypes.items()}}}
    if hasattr(obj, "to_plotly_json"):
        return json.loads(json.dumps(obj.to_plotly_json(), default=_json_default))
    try:
        return json.loads(json.dumps(_finite(obj), default=_json_default, allow_nan=False))
    except (TypeError, ValueError, RecursionError):
        return _pickled(obj)


def _finite(obj):
    """Plain values with NaN and infinities as None (JSON has neither)."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


def _json_default(x):
    plain = _plain(x)
    if plain is not x:
        return plain
    if isinstance(x, np.ndarray):
        return [_plain(v) for v in x.tolist()]
    raise TypeError(f"Object of type {type(x).__name__} is not JSON serializable")


# ---------------------------------------------------------------- running components
MODULES = {}


def load(code_hash, code):
    if code_hash in MODULES:
        return MODULES[code_hash]
    name = f"hetdesrun_loaded_components.by_code__hash_{code_hash}"
    module = types.ModuleType(name)
    module.__file__ = f"<component {code_hash}>"
    sys.modules[name] = module
    exec(compile(code, module.__file__, "exec"), module.__dict__)
    if not callable(getattr(module, "main", None)):
        raise AttributeError("the component code defines no function main")
    MODULES[code_hash] = module
    return module


def run(request):
    module = load(request["code_hash"], request["code"])
    kwargs = {name: decode(value, request.get("types", {}).get(name, "ANY"))
              for name, value in request["inputs"].items()}
    result = module.main(**kwargs)
    if asyncio.iscoroutine(result):
        result = asyncio.run(result)
    if result is None:
        result = {}
    if not isinstance(result, dict):
        raise TypeError(f"Component function main returned {type(result).__name__}, not a dict")
    outputs = {}
    for name in request["outputs"]:
        if name in result:
            outputs[name] = encode(result[name])
    return {"outputs": outputs}


def error_of(exc):
    code = getattr(exc, "error_code", None)
    extra = getattr(exc, "extra_information", None)
    try:
        json.dumps(code)
    except (TypeError, ValueError):
        code = str(code)
    try:
        json.dumps(extra)
    except (TypeError, ValueError):
        extra = str(extra)
    hetida = getattr(exc, "__is_hetida_designer_exception__", False)
    return {"error": {"type": type(exc).__name__, "message": str(exc),
                      "error_code": code if hetida else None,
                      "extra_information": extra if hetida else None,
                      "traceback": traceback.format_exc()}}


def read_frame():
    head = PROTO_IN.read(4)
    if len(head) < 4:
        return None
    (length,) = struct.unpack(">I", head)
    body = bytearray()
    while len(body) < length:
        chunk = PROTO_IN.read(length - len(body))
        if not chunk:
            return None
        body.extend(chunk)
    return json.loads(body)


def write_frame(obj):
    body = json.dumps(obj, allow_nan=False).encode()
    PROTO_OUT.write(struct.pack(">I", len(body)) + body)


def main():
    _install_shims()
    write_frame({"ready": True, "pandas": pd.__version__})
    while True:
        request = read_frame()
        if request is None:
            return
        try:
            body = json.dumps(run(request), allow_nan=False).encode()
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # noqa: BLE001 - every failure, sys.exit() too, is reported
            body = json.dumps(error_of(exc)).encode()
        PROTO_OUT.write(struct.pack(">I", len(body)) + body)


main()
