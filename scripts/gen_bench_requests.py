#!/usr/bin/env python3
"""Writes benchmark requests for the RUL example workflow into bench-data/.

Hourly series of 1,000 and 100,000 points starting 2020-05-01T00:00:00Z with a slow
downward trend plus a deterministic wiggle; each as plots-off and plots-on request.
"""
import json
import math
import os
from datetime import datetime, timedelta, timezone

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench-data")
RUL = "806df1b9-2fc8-4463-943f-3d258c569663"


def series(n):
    start = datetime(2020, 5, 1, tzinfo=timezone.utc)
    values = {}
    for i in range(n):
        t = start + timedelta(hours=i)
        v = 3.0 - 1.2 * i / n + 0.05 * math.sin(i / 7.0)
        values[t.strftime("%Y-%m-%dT%H:%M:%S.000Z")] = round(v, 10)
    return json.dumps(values, separators=(",", ":"))


def request(n, plots):
    return {
        "id": RUL,
        "run_pure_plot_operators": plots,
        "wiring": {
            "input_wirings": [
                {"workflow_input_name": "inp_series", "adapter_id": "direct_provisioning",
                 "filters": {"value": series(n)}},
                {"workflow_input_name": "limit", "adapter_id": "direct_provisioning",
                 "filters": {"value": "1.3"}},
                {"workflow_input_name": "num_days_forecast", "adapter_id": "direct_provisioning",
                 "filters": {"value": "30"}},
            ],
            "output_wirings": [],
        },
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    for n, label in ((1000, "1k"), (100000, "100k")):
        for plots in (False, True):
            name = f"rul-{label}-{'plots' if plots else 'noplots'}.json"
            with open(os.path.join(OUT, name), "w") as f:
                json.dump(request(n, plots), f)
            print(os.path.normpath(os.path.join(OUT, name)))


if __name__ == "__main__":
    main()
