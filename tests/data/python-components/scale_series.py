"""Scale Series

A user's component in hetida's .py format: multiplies a series by a factor and sums it.
"""
from hdutils import parse_default_value

COMPONENT_INFO = {
    "inputs": {
        "series": "SERIES",
        "factor": {"data_type": "FLOAT", "default_value": 2.0},
    },
    "outputs": {"scaled": "SERIES", "total": "FLOAT"},
    "name": "Scale Series",
    "category": "User",
    "description": "Multiplies a series by a factor",
    "version_tag": "1.0.0",
    "id": "c0ffee00-0000-4000-8000-000000000001",
    "revision_group_id": "c0ffee00-0000-4000-8000-000000000002",
    "state": "RELEASED",
}


def main(*, series, factor=parse_default_value(COMPONENT_INFO, "factor")):
    print("component output on stdout must not disturb the worker protocol")
    scaled = series * factor
    return {"scaled": scaled, "total": float(scaled.sum())}
