#!/usr/bin/env bash
# bench/serve.sh — the GraphQL serving benchmark of issue 5 (the Bars), on loopback.
#
#   DATA_DIR=/path/to/loaded bench/serve.sh              # an embedded store loaded before
#   STORE=neo4j bench/serve.sh                            # DIPGRAPH_NEO4J_* point at a loaded Neo4j
#   ARTICLES=10000 bench/serve.sh                         # generate, load, then serve
#
# Starts `dipgraph serve` (prod profile) on a free loopback port, waits for /readyz, then runs
# each query of the set below with vegeta (pinned) at the maximum rate with a fixed number of
# concurrent clients for a fixed duration, and prints one Markdown row per query: requests/s,
# p50, p99, max, success ratio. Every request body is one of the country codes in CODES, so
# the benchmark does not ask one hot key.
#
# Environment (defaults in brackets):
#   DIPGRAPH_BIN  binary [built from this tree]     STORE [memory]     DATA_DIR [fresh, see ARTICLES]
#   ARTICLES      articles to generate and load when DATA_DIR is not given [10000]
#   CLIENTS       concurrent clients [32]            DURATION [30s]     WARMUP [5s]
#   QUERIES       which queries to run [country_events bilateral path search]
#   CODES         country codes cycled through [CN RU IN US PK FR DE JP GB BR ...]
#   SEARCH_TERMS  names searched, cycled through [Lavrov Wang Modi ... भारत Россия 中国 ...]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${BENCH_CACHE:-${TMPDIR:-/tmp}/dipgraph-bench}"
STORE="${STORE:-memory}"
ARTICLES="${ARTICLES:-10000}"
CLIENTS="${CLIENTS:-32}"
DURATION="${DURATION:-30s}"
WARMUP="${WARMUP:-5s}"
QUERIES="${QUERIES:-country_events bilateral path search}"
CODES="${CODES:-CN RU IN US PK FR DE JP GB BR IR TR SA AE EG ZA NG KR AU CA}"
SEARCH_TERMS="${SEARCH_TERMS:-Lavrov Wang Modi Jaishankar India भारत Россия 中国 Pakistan پاکستان Blinken Macron}"
VEGETA="github.com/tsenart/vegeta/v12@v12.13.0"
mkdir -p "$CACHE"
log() { echo "bench: $*" >&2; }

BIN="${DIPGRAPH_BIN:-}"
if [ -z "$BIN" ]; then
  BIN="$CACHE/dipgraph"
  log "building $BIN"
  (cd "$ROOT" && go build -trimpath -o "$BIN" ./cmd/dipgraph)
fi
VEGETA_BIN="$CACHE/vegeta"
[ -x "$VEGETA_BIN" ] || (cd "$ROOT" && GOBIN="$CACHE" go install "$VEGETA")

if [ "$STORE" = memory ] && [ -z "${DATA_DIR:-}" ]; then
  DATA_DIR="$CACHE/serve-$ARTICLES"
  if [ ! -e "$DATA_DIR/graph.db" ]; then
    corpus="$CACHE/corpus-$ARTICLES-seed1.jsonl"
    [ -s "$corpus" ] || "$BIN" gen --articles "$ARTICLES" --seed 1 --out "$corpus"
    log "loading $ARTICLES articles into $DATA_DIR"
    "$BIN" load --data-dir "$DATA_DIR" --timeout 1h --log-format json "$corpus" >"$CACHE/serve-load.log" 2>&1
  fi
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
args=(serve --store "$STORE" --addr "127.0.0.1:$port" --profile prod --timeout 1h)
[ "$STORE" = memory ] && args+=(--data-dir "$DATA_DIR")
"$BIN" "${args[@]}" >"$CACHE/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 600); do
  curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  kill -0 $server 2>/dev/null || { cat "$CACHE/serve.log" >&2; exit 1; }
  sleep 0.2
done
curl -fs "http://127.0.0.1:$port/readyz" >/dev/null || { log "server not ready"; exit 1; }

query() { # name code other -> GraphQL request body
  case $1 in
  country_events) printf '{"query":"{ country(code: \\"%s\\") { events(first: 20) { edges { node { id type date participants { role actor { id name } } } } } } }"}' "$2" ;;
  bilateral) printf '{"query":"{ bilateral(a: \\"%s\\", b: \\"%s\\") { events meetings byType { type count } topics { count } timeline { month type count } } }"}' "$2" "$3" ;;
  path) printf '{"query":"{ path(from: \\"Country:%s\\", to: \\"Country:%s\\", maxHops: 4) { length nodes { id } events { id type } } }"}' "$2" "$3" ;;
  search) printf '{"query":"{ search(query: \\"%s\\", first: 10) { score matched node { id name } } }"}' "$4" ;;
  esac
}

read -r -a codes <<<"$CODES"
read -r -a terms <<<"$SEARCH_TERMS"
echo "| query | store | clients | requests/s | p50 | p99 | max | success |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
for q in $QUERIES; do
  targets="$CACHE/targets-$q.jsonl"
  : >"$targets"
  for i in "${!codes[@]}"; do
    b="${codes[$(((i + 1) % ${#codes[@]}))]}"
    body=$(query "$q" "${codes[$i]}" "$b" "${terms[$((i % ${#terms[@]}))]}" | base64 -w0)
    printf '{"method":"POST","url":"http://127.0.0.1:%s/query","header":{"Content-Type":["application/json"]},"body":"%s"}\n' "$port" "$body" >>"$targets"
  done
  # One request first: a query the server refuses is an error of the script, not a figure.
  first=$(query "$q" "${codes[0]}" "${codes[1]}" "${terms[0]}")
  resp=$(curl -fsS "http://127.0.0.1:$port/query" -H 'Content-Type: application/json' -d "$first")
  if echo "$resp" | grep -q '"errors"'; then log "$q: $resp"; exit 1; fi
  attack() { "$VEGETA_BIN" attack -format=json -targets="$targets" -rate=0 -max-workers="$CLIENTS" -workers="$CLIENTS" -duration="$1"; }
  attack "$WARMUP" >/dev/null
  attack "$DURATION" >"$CACHE/results-$q.bin"
  "$VEGETA_BIN" report -type=json <"$CACHE/results-$q.bin" | python3 -c '
import json, sys
r = json.load(sys.stdin)
ms = lambda ns: "%.1f ms" % (ns / 1e6)
l = r["latencies"]
print("| %s | %s | %s | %.0f | %s | %s | %s | %.4f |" % (sys.argv[1], sys.argv[2], sys.argv[3],
      r["throughput"], ms(l["50th"]), ms(l["99th"]), ms(l["max"]), r["success"]))
' "$q" "$STORE" "$CLIENTS"
done
log "load average $(cut -d' ' -f1-3 /proc/loadavg); server log $CACHE/serve.log"
