#!/usr/bin/env python3
"""Writes hetida-format workflow revisions for `transformations/workflows/` from the structural
description of hetida's shipped workflows (`spec/workflows.md`: ids, operators, links, constants,
io interface, test wirings).

Connector ids of components come from that document's Appendix A; those of nested workflows from
the workflow files already written. Short test-wiring values are taken verbatim; the long ones the
document only describes (hundreds of points) are generated deterministically with the described
shape by the functions in `DATA` below, so every shipped workflow runs on its own test wiring.

Usage: python3 scripts/author_workflows.py [path/to/workflows.md] [workflow name ...]
"""

import json
import math
import os
import random
import re
import sys
from datetime import datetime, timedelta, timezone

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "transformations")
DEFAULT_SPEC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "spec", "workflows.md")

# Workflows written by this script. "Data From Last Positive Step" and "Univariate Linear RUL
# Regression Example" were written earlier and are shipped as they are; the Keras ones need
# TensorFlow and are not shipped.
SHIPPED = [
    "Combine two Series as named columns into DataFrame",
    "Combine two Series into DataFrame",
    "Create ExampleClass Object",
    "Get ExampleClass Object Attributes",
    "Interpolate Timeseries Example",
    "Iso Forest Example",
    "Linear RUL from last positive Step",
    "Moving Time Window Mean Example",
    "Moving Time Window Median Example",
    "Moving Window MAD Band Filter Example",
    "Time Intervals - Substitution with fixed value per interval",
    "Value Range Check and Substitution",
    "Visualization Demo",
    "Volatility Detection Example",
]

P0 = {"x": 0, "y": 0}


def cells(line):
    return [c.strip() for c in line.strip().strip("|").split("|")]


def unquote(text):
    text = text.strip()
    if text.startswith("`") and text.endswith("`"):
        return text[1:-1]
    return text


def pos(text):
    m = re.match(r"\((-?\d+), (-?\d+)\)", text.strip())
    return {"x": int(m.group(1)), "y": int(m.group(2))}


def tables(lines):
    """The markdown tables of a section as lists of row cell lists, keyed by the bold heading
    (or field table first) that precedes them."""
    out, heading, rows = {}, "fields", None
    for line in lines:
        if line.startswith("**"):
            heading = re.match(r"\*\*([^*]+)\*\*", line).group(1).strip().rstrip(".")
            continue
        if line.startswith("|"):
            if rows is None:
                rows = []
                out[heading] = rows
                continue  # header row
            if set(line.replace("|", "").strip()) <= set("-: "):
                continue
            rows.append(cells(line))
        else:
            rows = None
    return out


def split_top(text, sep):
    """Splits at `sep` outside brackets and quotes."""
    parts, depth, quote, cur, i = [], 0, False, "", 0
    while i < len(text):
        ch = text[i]
        if ch == '"' and (i == 0 or text[i - 1] != "\\"):
            quote = not quote
        if not quote:
            if ch in "[(":
                depth += 1
            elif ch in "])":
                depth -= 1
            elif depth == 0 and text.startswith(sep, i):
                parts.append(cur)
                cur, i = "", i + len(sep)
                continue
        cur += ch
        i += 1
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


def parse_connector(text):
    """`name`, `name [OPTIONAL, exposed=false, value="v"]` or `name [pos (x, y)]`."""
    m = re.match(r"([^\[]+?)\s*(?:\[(.*)\])?$", text)
    name, attrs = m.group(1).strip(), m.group(2)
    info = {"name": name}
    if attrs:
        for attr in split_top(attrs, ","):
            if attr == "OPTIONAL":
                info["type"] = "OPTIONAL"
            elif attr.startswith("exposed="):
                info["exposed"] = attr.split("=", 1)[1] == "true"
            elif attr.startswith("value="):
                info["value"] = json.loads(attr.split("=", 1)[1])
            elif attr.startswith("pos "):
                info["position"] = pos(attr[4:])
    return info


def appendix(text):
    """Connector ids of referenced transformations: tid -> {(name, "in"/"out"): connector}."""
    section = text.split("## 5. Appendix A", 1)[1].split("\n## 6.", 1)[0]
    result, current = {}, None
    for line in section.splitlines():
        if not line.startswith("|") or line.startswith("| transformation") or line.startswith("|---"):
            continue
        c = cells(line)
        if c[0]:
            current = unquote(c[1].split(" / ")[0])
            result.setdefault(current, {})
        kind = c[4]
        direction = "in" if kind.startswith("in") else "out"
        conn = {"id": unquote(c[5]), "name": unquote(c[2]), "data_type": c[3]}
        if direction == "in":
            conn["type"] = "OPTIONAL" if "OPTIONAL" in kind else "REQUIRED"
            m = re.search(r'default (".*")$', kind)
            if m:
                conn["value"] = json.loads(m.group(1))
        result[current][(conn["name"], direction)] = conn
    return result


def sections(text):
    parts = re.split(r"^### 3\.\d+ ", text, flags=re.M)[1:]
    out = {}
    for part in parts:
        lines = part.splitlines()
        out[lines[0].strip()] = lines[1:]
    return out


def prose(lines, heading):
    for line in lines:
        if line.startswith(f"**{heading}.**"):
            return line.split("**", 2)[2].strip()
    return ""


def wiring_values(lines):
    """Verbatim test-wiring values: name -> stored string (None when only described)."""
    out, inside = [], False
    for line in lines:
        if line.startswith("**test_wiring"):
            inside = True
            continue
        if inside and line.startswith("**"):
            break
        if inside and line.startswith("- `"):
            m = re.match(r"- `([^`]+)` \((\w+)\): (.*)$", line)
            name, rest = m.group(1), m.group(3)
            v = re.match(r'value `(".*?")`(?:;|$)', rest)
            out.append((name, json.loads(v.group(1)) if v else None))
    return out


def build(name, lines, conns, nested):
    t = tables(lines)
    fields = {r[0]: unquote(r[1]) for r in t["fields"]}
    ops, byname = [], {}
    op_rows = next(v for k, v in t.items() if k.startswith("Operators"))
    for r in op_rows:
        oid, oname, kind, _ref, tid, rgid, vtag, p, connectors = (
            unquote(r[1]), r[2], r[3], r[4], unquote(r[5]), r[6], r[7], r[8], r[9])
        rgid = tid if rgid == "= tid" else unquote(rgid)
        ins_text, outs_text = (connectors.split(" · ") + [""])[:2]
        src = conns.get(tid) if kind == "C" else nested[tid]
        op_in, op_out = [], []
        for c in split_top(ins_text, ",") if ins_text.strip() != "(no inputs)" else []:
            info = parse_connector(c)
            ref = src[(info["name"], "in")]
            conn = {"id": ref["id"], "name": ref["name"], "data_type": ref["data_type"],
                    "type": info.get("type", ref.get("type", "REQUIRED")),
                    "exposed": info.get("exposed", True), "position": info.get("position", P0)}
            if "value" in info:
                conn["value"] = info["value"]
            op_in.append(conn)
        if outs_text.strip() != "(no outputs)":
            for c in split_top(outs_text, ","):
                info = parse_connector(c)
                ref = src[(info["name"], "out")]
                op_out.append({"id": ref["id"], "name": ref["name"], "data_type": ref["data_type"],
                               "position": info.get("position", P0)})
        op = {"id": oid, "revision_group_id": rgid, "name": oname,
              "type": "COMPONENT" if kind == "C" else "WORKFLOW", "state": "RELEASED",
              "version_tag": vtag, "transformation_id": tid, "position": pos(p),
              "inputs": op_in, "outputs": op_out}
        ops.append(op)
        byname[oname] = op

    def connector(opname, cname, out):
        op = byname[opname]
        c = next(x for x in (op["outputs"] if out else op["inputs"]) if x["name"] == cname)
        return {"id": c["id"], "name": c["name"], "data_type": c["data_type"], "position": c["position"]}

    wf_inputs, wf_outputs = [], []
    for r in next(v for k, v in t.items() if k.startswith("IO interface — inputs")):
        _, iname, dt, typ, default, iid, attached, p = r
        opname, cname = attached.rsplit(".", 1)
        entry = {"id": unquote(iid), "name": unquote(iname), "data_type": dt, "type": typ,
                 "operator_id": byname[opname]["id"], "connector_id": connector(opname, cname, False)["id"],
                 "operator_name": opname, "connector_name": cname, "position": pos(p)}
        if default != "—":
            entry["value"] = json.loads(unquote(default))
        wf_inputs.append(entry)
    for r in next(v for k, v in t.items() if k.startswith("IO interface — outputs")):
        _, oname, dt, oid, attached, p = r
        opname, cname = attached.rsplit(".", 1)
        wf_outputs.append({"id": unquote(oid), "name": unquote(oname), "data_type": dt,
                           "operator_id": byname[opname]["id"],
                           "connector_id": connector(opname, cname, True)["id"],
                           "operator_name": opname, "connector_name": cname, "position": pos(p)})

    constants = []
    for r in next((v for k, v in t.items() if k.startswith("Constants")), []):
        target, value = unquote(r[1]).split(" = ", 1)
        opname, cname = target.rsplit(".", 1)
        constants.append({"id": unquote(r[3]), "data_type": r[2], "value": json.loads(value),
                          "operator_id": byname[opname]["id"],
                          "connector_id": connector(opname, cname, False)["id"],
                          "operator_name": opname, "connector_name": cname, "position": pos(r[4])})

    links = []
    for r in next(v for k, v in t.items() if k.startswith("Links")):
        start_text, end_text = unquote(r[1]).split(" -> ")
        if start_text.startswith("INPUT:"):
            i = next(x for x in wf_inputs if x["name"] == start_text[6:])
            start = {"connector": {"id": i["id"], "name": i["name"], "data_type": i["data_type"],
                                   "position": i["position"]}}
        elif start_text.startswith("CONSTANT("):
            c = next(x for x in constants if x["id"] == unquote(r[3]) or
                     (json.dumps(x["value"]) == start_text[9:-1] and
                      f'{x["operator_name"]}.{x["connector_name"]}' == end_text))
            start = {"connector": {"id": c["id"], "data_type": c["data_type"], "position": c["position"]}}
        else:
            opname, cname = start_text.rsplit(".", 1)
            start = {"operator": byname[opname]["id"], "connector": connector(opname, cname, True)}
        if end_text.startswith("OUTPUT:"):
            o = next(x for x in wf_outputs if x["name"] == end_text[7:])
            end = {"connector": {"id": o["id"], "name": o["name"], "data_type": o["data_type"],
                                 "position": o["position"]}}
        else:
            opname, cname = end_text.rsplit(".", 1)
            end = {"operator": byname[opname]["id"], "connector": connector(opname, cname, False)}
        path = [] if r[4] == "—" else [pos(p) for p in re.findall(r"\(-?\d+, -?\d+\)", r[4])]
        links.append({"id": unquote(r[3]), "start": start, "end": end, "path": path})

    def io_entry(x, output):
        e = {"id": x["id"], "name": x["name"], "data_type": x["data_type"]}
        if not output:
            e["type"] = x["type"]
            if "value" in x:
                e["value"] = x["value"]
        return e

    wirings = []
    for iname, value in wiring_values(lines):
        if value is None:
            value = DATA[(name, iname)]()
        wirings.append({"workflow_input_name": iname, "adapter_id": "direct_provisioning",
                        "filters": {"value": value}, "use_default_value": False})

    wf = {"id": fields["id"], "revision_group_id": fields["revision_group_id"], "name": fields["name"],
          "category": fields["category"], "version_tag": fields["version_tag"], "state": fields["state"],
          "type": "WORKFLOW", "description": json.loads(fields["description"]),
          "documentation": documentation(fields, wf_inputs, wf_outputs, prose(lines, "What it computes")),
          "content": {"operators": ops, "links": links, "constants": constants,
                      "inputs": wf_inputs, "outputs": wf_outputs},
          "io_interface": {"inputs": [io_entry(x, False) for x in wf_inputs],
                           "outputs": [io_entry(x, True) for x in wf_outputs]},
          "test_wiring": {"input_wirings": wirings, "output_wirings": [], "dashboard_positionings": []}}
    if fields["state"] != "DRAFT":
        wf["released_timestamp"] = fields["released_timestamp"]
    return wf


def documentation(fields, inputs, outputs, what):
    doc = f"# {fields['name']}\n\n## Description\n{json.loads(fields['description'])}\n\n## Inputs\n"
    doc += "".join(f"* **{i['name']}** ({i['data_type']})\n" for i in inputs) or "None.\n"
    doc += "\n## Outputs\n"
    doc += "".join(f"* **{o['name']}** ({o['data_type']})\n" for o in outputs) or "None.\n"
    if what:
        doc += f"\n## Details\n{what}\n"
    return doc


def sortkeys(v):
    if isinstance(v, dict):
        return {k: sortkeys(v[k]) for k in sorted(v)}
    if isinstance(v, list):
        return [sortkeys(x) for x in v]
    return v


def slug(name):
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


# ---------------------------------------------------------------------------------------------
# Generated test data with the shapes workflows.md describes (Rheo's own data, fixed seeds).

def iso_ms(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def rul_series():
    """The 1000-point hourly series with one step (already shipped with the RUL example)."""
    path = os.path.join(ROOT, "workflows", "examples",
                        "univariate-linear-rul-regression-example_100_806df1b9-2fc8-4463-943f-3d258c569663.json")
    wf = json.load(open(path))
    return next(w["filters"]["value"] for w in wf["test_wiring"]["input_wirings"]
                if w["workflow_input_name"] == "inp_series")


def plant_671(compact=False):
    """671 five-minute points from 2018-05-19T22:20Z: a noisy daily pattern within 19.7..500
    until 2018-05-22T04:50Z, 556.144475 at 04:55, then 15 points above 800 (13 above 912)."""
    rng = random.Random(671)
    t0 = datetime(2018, 5, 19, 22, 20, tzinfo=timezone.utc)
    out = {}
    for i in range(671):
        t = t0 + timedelta(minutes=5 * i)
        if i < 655:
            hour = t.hour + t.minute / 60
            v = 250 + 200 * math.sin((hour - 6) / 24 * 2 * math.pi) + rng.uniform(-30, 30)
            v = min(max(v, 19.6763950118), 499.5)
        elif i == 655:
            v = 556.144475
        else:
            v = 913 + rng.uniform(0, 27) if i not in (657, 662) else 850 + rng.uniform(0, 40)
        out[iso_ms(t)] = round(v, 10)
    if compact:
        return json.dumps(out, separators=(",", ":"))
    return json.dumps(out, indent=4)


def window_50():
    rng = random.Random(50)
    t0 = datetime(2022, 12, 6, 23, 17, 14, tzinfo=timezone.utc)
    out = {}
    for i in range(50):
        t = t0 + timedelta(minutes=5 * i)
        out[t.strftime("%Y-%m-%d %H:%M:%S+00:00")] = round(14 + 1.5 * math.sin(i / 5) + rng.uniform(-0.4, 0.4), 6)
    return json.dumps(out, indent=4)


def mad_44():
    """44 points nominally 20 min 49 s apart with gaps of 2x and 4x; three outliers."""
    rng = random.Random(44)
    step = timedelta(minutes=20, seconds=49)
    t = datetime(2022, 1, 1, tzinfo=timezone.utc)
    out, k = {}, 0
    gaps = {10: 2, 20: 2, 30: 2, 35: 4}
    outliers = {12: 1.72, 25: 2.06, 38: 2.1}
    while len(out) < 44:
        v = outliers.get(len(out), round(0.8 + 0.3 * math.sin(len(out) / 6) + rng.uniform(-0.08, 0.08), 3))
        out[t.strftime("%Y-%m-%dT%H:%M:%SZ")] = v
        t += step * gaps.get(len(out), 1)
        k += 1
    return json.dumps(out, indent=4)


def cloud(axis):
    rng = random.Random(150)
    pts = [(rng.gauss(0.98, 0.45), rng.gauss(1.11, 0.55)) for _ in range(150)]
    return json.dumps([p[axis] for p in pts])


def demo_hourly():
    """1381 hourly points from 2019-10-01T15:00Z to 2019-11-30T15:00Z, 00:00 missing each day."""
    rng = random.Random(1381)
    t, end = datetime(2019, 10, 1, 15, tzinfo=timezone.utc), datetime(2019, 11, 30, 15, tzinfo=timezone.utc)
    out = {}
    while t <= end:
        if t.hour != 0:
            v = 8.5 + 2.5 * math.sin(t.hour / 24 * 2 * math.pi) + rng.uniform(-0.5, 0.5)
            out[iso_ms(t)] = round(min(max(v, 5.5475), 12), 4)
        t += timedelta(hours=1)
    return json.dumps(out)


def demo_38(offset, seed):
    rng = random.Random(seed)
    t, out = datetime(2019, 11, 29, 1, tzinfo=timezone.utc), {}
    while t <= datetime(2019, 11, 30, 15, tzinfo=timezone.utc):
        if t.hour != 0:
            out[iso_ms(t)] = round(10.8 + offset + math.sin(t.hour / 4) + rng.uniform(-0.3, 0.3), 4)
        t += timedelta(hours=1)
    return out


def demo_frame():
    return json.dumps({"pH a": demo_38(0, 1), "pH b": demo_38(0.2, 2), "pH c": demo_38(-0.5, 3)})


def museums():
    return json.dumps({
        "lat": [51.442666, 51.256625, 51.430870],
        "lon": [7.004190, 7.146598, 6.765380],
        "name": ["Museum Folkwang", "Von der Heydt-Museum", "Lehmbruck Museum"],
        "description": ["", "", ""],
        "Organisation": ["Folkwang", "von der Heydt", "lehmbruck"],
    })


def intervals_filter():
    keys = ["22:15", "22:20", "22:25", "22:30", "22:35", "22:40", "22:45", "22:50", "23:15", "23:20", "23:25"]
    true = {"22:15", "22:35", "22:40", "22:45", "22:50"}
    return json.dumps({f"2018-05-19T{k}:00.000Z": k in true for k in keys}, indent=4)


def interp_series():
    vals = [("22:20", 4.0), ("22:25", 5.0), ("22:30", 6.0), ("22:35", 4.0), ("22:40", 4.0),
            ("23:15", 4), ("23:20", 3), ("23:25", 2)]
    return json.dumps({f"2018-05-19T{k}:00.000Z": v for k, v in vals}, indent=4)


def intervals_with_replacements():
    return json.dumps([
        {"start": "2018-05-20T05:40:00", "end": "2018-05-20T10:35:00", "correction_value": 68.5},
        {"start": "2018-05-21T06:05:00", "end": "2018-05-21T10:35:00", "correction_value": 145.0},
    ], indent=4)


def value_ranges():
    return json.dumps({
        "normal": {"min_value": 0.0, "max_value": 500.0},
        "increased": {"min_value": 100.0, "max_value": 800.0, "display_name": "Increased"},
        "allowed": {"min_value": 0.0, "max_value": 912.0},
    }, indent=4)


DATA = {
    ("Data From Last Positive Step", "inp_series"): rul_series,
    ("Univariate Linear RUL Regression Example", "inp_series"): rul_series,
    ("Linear RUL from last positive Step", "inp_series"): rul_series,
    ("Interpolate Timeseries Example", "filter_series"): intervals_filter,
    ("Interpolate Timeseries Example", "timeseries"): interp_series,
    ("Iso Forest Example", "x_vals"): lambda: cloud(0),
    ("Iso Forest Example", "y_vals"): lambda: cloud(1),
    ("Moving Time Window Mean Example", "timeseries"): window_50,
    ("Moving Time Window Median Example", "timeseries"): window_50,
    ("Moving Window MAD Band Filter Example", "series"): mad_44,
    ("Time Intervals - Substitution with fixed value per interval", "intervals_with_replacements"):
        intervals_with_replacements,
    ("Time Intervals - Substitution with fixed value per interval", "timeseries"): plant_671,
    ("Value Range Check and Substitution", "timeseries"): plant_671,
    ("Value Range Check and Substitution", "value_ranges"): value_ranges,
    ("Volatility Detection Example", "input_series"): lambda: plant_671(compact=True),
    ("Visualization Demo", "comp_s1"): lambda: json.dumps(demo_38(0, 1)),
    ("Visualization Demo", "scatter_x"): lambda: json.dumps(demo_38(0, 1)),
    ("Visualization Demo", "comp_s2"): lambda: json.dumps(demo_38(0.2, 2)),
    ("Visualization Demo", "scatter_y"): lambda: json.dumps(demo_38(0.2, 2)),
    ("Visualization Demo", "comp_shifted_series"): demo_hourly,
    ("Visualization Demo", "comp_shifted_shiftable_series"): demo_hourly,
    ("Visualization Demo", "single_ts"): demo_hourly,
    ("Visualization Demo", "time_boxes_ts"): demo_hourly,
    ("Visualization Demo", "ts_dataframe"): demo_frame,
    ("Visualization Demo", "map_data"): museums,
}


def main():
    args = sys.argv[1:]
    spec = args.pop(0) if args and args[0].endswith(".md") else DEFAULT_SPEC
    wanted = args or SHIPPED
    text = open(spec).read()
    conns = appendix(text)
    secs = sections(text)
    written = {}
    # Nested workflows must be known before their parents: load the shipped ones first.
    nested = {}
    for dirpath, _, files in os.walk(os.path.join(ROOT, "workflows")):
        for f in files:
            if f.endswith(".json"):
                wf = json.load(open(os.path.join(dirpath, f)))
                nested[wf["id"]] = {
                    (c["name"], "in"): c for c in wf["io_interface"]["inputs"]} | {
                    (c["name"], "out"): c for c in wf["io_interface"]["outputs"]}
    for name in wanted:
        wf = build(name, secs[name], conns, nested)
        folder = "connectors" if wf["category"] == "Connectors" else "examples"
        path = os.path.join(ROOT, "workflows", folder,
                            f"{slug(wf['name'])}_{wf['version_tag'].replace('.', '')}_{wf['id']}.json")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        open(path, "w").write(json.dumps(sortkeys(wf), indent=2, ensure_ascii=True))
        nested[wf["id"]] = {(c["name"], "in"): c for c in wf["io_interface"]["inputs"]} | {
            (c["name"], "out"): c for c in wf["io_interface"]["outputs"]}
        written[name] = path
        print(path)


if __name__ == "__main__":
    main()
