#!/usr/bin/env python3
"""Single-call latencies of bilateral and path against a running `dipgraph serve`.

    python3 bench/single-calls.py [URL]        # default http://127.0.0.1:8080

One request at a time, 40 per query (each of 20 countries with two others), and prints
p50, p90 and max. Run the server with DIPGRAPH_HTTP_RESPONSE_CACHE_TTL=0 (Neo4j) or
DIPGRAPH_HTTP_RESPONSE_CACHE=0 (embedded) to time the work, not the cache.
"""
import json
import statistics
import sys
import time
import urllib.request

URL = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080").rstrip("/") + "/query"
CODES = "CN RU IN US PK FR DE JP GB BR IR TR SA AE EG ZA NG KR AU CA".split()
QUERIES = {
    "bilateral": ("query B($a: String!, $b: String!) { bilateral(a: $a, b: $b) { events meetings "
                  "byType { type count source { code } target { code } } topics { topic { key } count } "
                  "timeline { month type count } } }", lambda a, b: {"a": a, "b": b}),
    "path": ("query P($from: ID!, $to: ID!) { path(from: $from, to: $to, maxHops: 4, first: 3) "
             "{ length nodes { id } events { id type date } } }",
             lambda a, b: {"from": "Country:" + a, "to": "Country:" + b}),
}


def call(query, variables):
    body = json.dumps({"query": query, "variables": variables}).encode()
    began = time.monotonic()
    req = urllib.request.Request(URL, body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        out = resp.read()
    took = (time.monotonic() - began) * 1000
    if b'"errors"' in out:
        raise SystemExit(f"error answer: {out[:300]!r}")
    return took


def main():
    for name, (query, variables) in QUERIES.items():
        took = []
        for shift in (1, 8):
            for i, a in enumerate(CODES):
                took.append(call(query, variables(a, CODES[(i + shift) % len(CODES)])))
        took.sort()
        print(f"{name}: {len(took)} calls, p50 {statistics.median(took):.1f} ms, "
              f"p90 {took[int(len(took) * 0.9) - 1]:.1f} ms, max {took[-1]:.1f} ms")


if __name__ == "__main__":
    main()
