"""A generic REST adapter (hetida-compat §9.2-§9.3) for the end-to-end tests: fixed data,
and whatever the runtime posts is kept and shown at GET /_received.

    python3 rest_adapter.py PORT      prints "ready" once listening on 127.0.0.1:PORT

Special ids: "slow" answers after 5 s, "broken" answers 500, "empty" answers hetida's
RESULT_EMPTY 404.
"""
import base64
import json
import sys
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TIMESERIES = {
    "temp": [("2024-01-01T00:00:00.000000000Z", 20.5), ("2024-01-01T00:01:00.000000000Z", 21.0),
             ("2024-01-01T00:02:00.000000000Z", None), ("2024-01-01T00:03:00.000000000Z", 22.5)],
    "count": [("2024-01-01T00:00:00Z", 1), ("2024-01-01T00:02:00Z", 3)],
}
ATTRIBUTES = {"temp": {"unit": "degC"}}
FRAMES = {
    "plant": [{"timestamp": "2024-01-01T00:01:00Z", "a": 2, "b": "y"},
              {"timestamp": "2024-01-01T00:00:00Z", "a": 1, "b": "x"}],
}
MULTI = [{"metric": "m1", "timestamp": "2024-01-01T00:00:00Z", "value": 1.0},
         {"metric": "m2", "timestamp": "2024-01-01T00:00:00Z", "value": 2.0}]
METADATA = {("sources", "temp", "limit"): {"key": "limit", "value": 30.5, "dataType": "float"},
            ("thingNodes", "plant/a", "config"): {"key": "config", "value": "{\"k\": [1, 2]}", "dataType": "any"}}
RECEIVED = []


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send(self, status, body, headers=None):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def special(self, ids):
        if "slow" in ids:
            time.sleep(5)
        if "broken" in ids:
            self.send(500, "adapter exploded")
            return True
        if "empty" in ids:
            self.send(404, json.dumps({"errorCode": "RESULT_EMPTY"}))
            return True
        return False

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        parts = [urllib.parse.unquote(p) for p in url.path.strip("/").split("/")]
        if url.path == "/info":
            return self.send(200, json.dumps({"id": "test-adapter", "name": "Test", "version": "1"}))
        if url.path == "/_received":
            return self.send(200, json.dumps(RECEIVED))
        ids = q.get("id", [])
        if self.special(ids):
            return
        if url.path == "/timeseries":
            lo, hi = q["from"][0], q["to"][0]
            lines = [json.dumps({"timeseriesId": i, "timestamp": t, "value": v})
                     for i in ids for t, v in TIMESERIES.get(i, []) if lo[:19] <= t[:19] <= hi[:19]]
            attrs = base64.b64encode(json.dumps({i: ATTRIBUTES[i] for i in ids if i in ATTRIBUTES}).encode()).decode()
            return self.send(200, "\n".join(lines), {"Data-Attributes": attrs})
        if url.path == "/dataframe":
            rows = FRAMES.get(ids[0], [])
            attrs = base64.b64encode(json.dumps({"source": ids[0]}).encode()).decode()
            return self.send(200, "\n".join(json.dumps(r) for r in rows), {"Data-Attributes": attrs})
        if url.path == "/multitsframe":
            return self.send(200, "\n".join(json.dumps(r) for r in MULTI))
        if len(parts) >= 4 and parts[-2] == "metadata":
            kind, key = parts[0], parts[-1]
            ref_id = "/".join(parts[1:-2])
            m = METADATA.get((kind, ref_id, key))
            return self.send(200, json.dumps(m)) if m else self.send(404, "{}")
        self.send(404, "{}")

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.special(q.get("id", []) + q.get("timeseriesId", [])):
            return
        attrs = self.headers.get("Data-Attributes")
        RECEIVED.append({"path": urllib.parse.unquote(url.path), "query": q, "body": json.loads(body),
                         "attributes": json.loads(base64.b64decode(attrs)) if attrs else None})
        self.send(201, "{}")


def main():
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
