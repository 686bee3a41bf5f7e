"""Tests of dipgraph_client against an in-process stub of the API."""

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dipgraph_client import Client, DipgraphError

EVENTS = [{"key": f"e{i}", "type": "MEET"} for i in range(7)]


class Stub(BaseHTTPRequestHandler):
    """Answers /query, /export and /readyz like dipgraph, from canned data."""

    requests: list = []

    def log_message(self, *args):  # keep pytest's output clean
        pass

    def _send(self, status, body, content_type="application/json"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        Stub.requests.append(("GET", self.path, None))
        if url.path == "/readyz":
            return self._send(200, {"status": "ready"})
        if url.path == "/export/graphml":
            params = urllib.parse.parse_qs(url.query)
            if params.get("countries") == ["ZZ"]:
                return self._send(400, {"error": "the graph has no country ZZ", "code": "BAD_SELECTION"})
            return self._send(200, b"<graphml/>", "application/graphml+xml")
        return self._send(404, b"404 page not found", "text/plain")

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Stub.requests.append(("POST", self.path, body))
        q, v = body["query"], body.get("variables") or {}
        if "boom" in q:
            return self._send(500, b"internal error", "text/plain")
        if "notjson" in q:
            return self._send(200, b"<html>", "text/html")
        if "invalid" in q:
            return self._send(200, {"errors": [{"message": "Cannot query field \"x\"",
                                               "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"}}], "data": None})
        if "partial" in q:
            return self._send(200, {"errors": [{"message": "timeout", "extensions": {"code": "TIMEOUT"}}],
                                    "data": {"a": 1}})
        if "stuck" in q:
            return self._send(200, {"data": {"events": {"nodes": EVENTS[:1],
                                                        "pageInfo": {"hasNextPage": True, "endCursor": "same"}}}})
        if "events" in q:
            start = int(v["after"]) if v.get("after") else 0
            page = EVENTS[start:start + v["first"]]
            end = start + len(page)
            conn = {"nodes": page, "pageInfo": {"hasNextPage": end < len(EVENTS), "endCursor": str(end)}}
            return self._send(200, {"data": {"country": {"events": conn}} if "country" in q else {"events": conn}})
        return self._send(200, {"data": {"stats": {"fingerprint": "sha256:0"}}})


@pytest.fixture()
def client():
    Stub.requests = []
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Stub)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    try:
        yield Client(f"http://127.0.0.1:{srv.server_address[1]}/", timeout=10)
    finally:
        srv.shutdown()
        srv.server_close()


def test_query_returns_data_and_sends_variables(client):
    assert client.query("{ stats { fingerprint } }", {"x": 1}) == {"stats": {"fingerprint": "sha256:0"}}
    method, path, body = Stub.requests[-1]
    assert (method, path) == ("POST", "/query")
    assert body == {"query": "{ stats { fingerprint } }", "variables": {"x": 1}}


@pytest.mark.parametrize("query, code, status, text", [
    ("{ invalid }", "GRAPHQL_VALIDATION_FAILED", 200, 'Cannot query field "x"'),
    ("{ partial }", "TIMEOUT", 200, "timeout"),
    ("{ boom }", None, 500, "HTTP 500: internal error"),
    ("{ notjson }", None, 200, "not JSON"),
])
def test_query_raises_on_errors(client, query, code, status, text):
    with pytest.raises(DipgraphError) as e:
        client.query(query)
    assert e.value.code == code
    assert e.value.status == status
    assert text in str(e.value)


@pytest.mark.parametrize("page_size", [1, 3, 7, 100])
def test_paginate_walks_every_page(client, page_size):
    q = "query($first: Int, $after: String) { events(first: $first, after: $after) { nodes { key } pageInfo { hasNextPage endCursor } } }"
    got = list(client.paginate(q, {"filter": {}}, "events", page_size=page_size))
    assert got == EVENTS
    calls = [b for m, _, b in Stub.requests if m == "POST"]
    assert len(calls) == -(-len(EVENTS) // page_size)
    assert all(c["variables"]["filter"] == {} for c in calls)
    assert calls[0]["variables"]["after"] is None


def test_paginate_nested_path_and_limit(client):
    q = "query($first: Int, $after: String) { country { events(first: $first, after: $after) { nodes { key } pageInfo { hasNextPage endCursor } } } }"
    got = list(client.paginate(q, None, "country.events", page_size=2, limit=3))
    assert [e["key"] for e in got] == ["e0", "e1", "e2"]


def test_paginate_refuses_bad_use(client):
    with pytest.raises(ValueError, match="1 to 100"):
        next(client.paginate("{ events }", page_size=500))
    with pytest.raises(DipgraphError, match="nothing at 'countries'"):
        list(client.paginate("{ events }", path="countries"))
    with pytest.raises(DipgraphError, match="no new cursor"):
        list(client.paginate("{ stuck events }", path="events"))


def test_export_sends_the_selection(client):
    body = client.export("graphml", countries=["CN", "RU"], topics="trade", types=["MEET"],
                         date_from="2024-01-01", date_to="2024-12-31")
    assert body == b"<graphml/>"
    _, path, _ = Stub.requests[-1]
    url = urllib.parse.urlsplit(path)
    assert url.path == "/export/graphml"
    assert urllib.parse.parse_qs(url.query) == {"countries": ["CN,RU"], "topics": ["trade"], "types": ["MEET"],
                                                "from": ["2024-01-01"], "to": ["2024-12-31"]}


def test_export_errors(client, tmp_path):
    with pytest.raises(DipgraphError) as e:
        client.export("graphml", countries=["ZZ"])
    assert (e.value.status, e.value.code) == (400, "BAD_SELECTION")
    assert "no country ZZ" in str(e.value)
    with pytest.raises(ValueError, match="graphml, gexf, csv, json"):
        client.export("pdf")
    path = client.export_to(tmp_path / "sub" / "g.graphml", "graphml")
    assert path.read_bytes() == b"<graphml/>"


def test_wait_ready_and_unreachable_server(client):
    client.wait_ready(timeout=5)
    dead = Client("http://127.0.0.1:9", timeout=2)
    with pytest.raises(DipgraphError, match="cannot reach dipgraph"):
        dead.query("{ stats { fingerprint } }")
    with pytest.raises(DipgraphError, match="not ready after"):
        dead.wait_ready(timeout=0.3, interval=0.1)
