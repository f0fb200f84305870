"""Misbehave

Test component: fails in the way its input names.
"""
import os

from hdutils import ComponentException

COMPONENT_INFO = {
    "inputs": {"mode": "STRING"},
    "outputs": {"out": "FLOAT"},
    "name": "Misbehave",
    "category": "User",
    "description": "Fails as told",
    "version_tag": "1.0.0",
    "id": "c0ffee00-0000-4000-8000-000000000011",
    "revision_group_id": "c0ffee00-0000-4000-8000-000000000012",
    "state": "RELEASED",
}


async def main(*, mode):
    if mode == "raise":
        raise ComponentException("the sensor is offline", error_code=4711, extra_information={"sensor": "s-1"})
    if mode == "value-error":
        raise ValueError("plain Python error")
    if mode == "exit":
        os._exit(3)
    if mode == "loop":
        while True:
            pass
    if mode == "hog":
        hoard = bytearray(8 * 1024 ** 3)
        return {"out": float(len(hoard))}
    return {"out": 1.5}
