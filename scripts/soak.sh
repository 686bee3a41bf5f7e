#!/usr/bin/env bash
# scripts/soak.sh — the bounded load test of issue 6 (R-6), on loopback, against each store.
#
#   scripts/soak.sh                          # 5 minutes, 32 clients, embedded store then Neo4j
#   STORES=memory DURATION=60s scripts/soak.sh
#   RATE=50 DURATION=120s WARMUP=30s MAX_READ_P99=300ms scripts/soak.sh   # R-6: a constant 50 requests/s
#
# For each store: loads ARTICLES generated articles (seed 1) into a fresh store (Neo4j: a
# throwaway server from scripts/neo4j-start.sh, stopped at the end), starts `dipgraph serve`
# (prod profile) on a free loopback port with a random write key, and runs bench/soak against
# it: reads of twenty kinds mixed with ingestArticles of other generated articles (seed 7),
# then the checks (no 5xx, every ingested article found, goroutines and RSS at the end within
# 10 % of their value after the warm-up). Exit status 1 if a check failed on any store.
#
# Environment (defaults in brackets):
#   STORES [memory neo4j]   ARTICLES [10000]   CLIENTS [32]   DURATION [5m]   WARMUP [30s]
#   RATE [0: as fast as answered]   WRITE_SHARE [0.1]   MAX_READ_P99 [0: not checked]
#   EXTRA [more bench/soak flags]
#   NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD: use this Neo4j instead of a throwaway one
#     (the corpus is loaded into it: give an empty database)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${SOAK_CACHE:-${TMPDIR:-/tmp}/dipgraph-soak}"
STORES="${STORES:-memory neo4j}"
ARTICLES="${ARTICLES:-10000}"
CLIENTS="${CLIENTS:-32}"
DURATION="${DURATION:-5m}"
WARMUP="${WARMUP:-30s}"
RATE="${RATE:-0}"
WRITE_SHARE="${WRITE_SHARE:-0.1}"
MAX_READ_P99="${MAX_READ_P99:-0}"
EXTRA="${EXTRA:-}"
log() { echo "soak: $*" >&2; }

mkdir -p "$CACHE"
work=$(mktemp -d "$CACHE/run.XXXXXX")
server="" neo4j_state=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ -n "$neo4j_state" ]; then NEO4J_STATE_DIR="$neo4j_state" "$ROOT/scripts/neo4j-stop.sh" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

log "building dipgraph and bench/soak"
(cd "$ROOT" && go build -trimpath -o "$CACHE/dipgraph" ./cmd/dipgraph && go build -trimpath -o "$CACHE/soak" ./bench/soak)
corpus="$CACHE/corpus-$ARTICLES-seed1.jsonl"
[ -s "$corpus" ] || "$CACHE/dipgraph" gen --articles "$ARTICLES" --seed 1 --out "$corpus"

key=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
umask 077
echo "write:$key" >"$work/api-keys"
echo "$key" >"$work/soak-key"

status=0
for store in $STORES; do
  args=(--store "$store" --log-format json)
  case "$store" in
  memory) args+=(--data-dir "$work/data-memory") ;;
  neo4j)
    if [ -z "${NEO4J_URI:-}" ]; then
      neo4j_state="$work/neo4j-state"
      mkdir -p "$neo4j_state"
      eval "$(NEO4J_STATE_DIR="$neo4j_state" "$ROOT/scripts/neo4j-start.sh")"
    fi
    printf '%s' "$NEO4J_PASSWORD" >"$work/neo4j-password"
    args+=(--neo4j-uri "$NEO4J_URI" --neo4j-user "$NEO4J_USER" --neo4j-password-file "$work/neo4j-password")
    ;;
  *) log "unknown store $store"; exit 2 ;;
  esac
  log "[$store] loading $ARTICLES articles"
  t0=$(date +%s)
  "$CACHE/dipgraph" load "${args[@]}" --timeout 1h "$corpus" >"$work/load-$store.log" 2>&1 || { tail -5 "$work/load-$store.log" >&2; exit 1; }
  log "[$store] loaded in $(( $(date +%s) - t0 )) s"

  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$CACHE/dipgraph" serve "${args[@]}" --addr "127.0.0.1:$port" --profile prod --api-keys-file "$work/api-keys" \
    --load-fixtures=false >"$work/serve-$store.log" 2>&1 &
  server=$!
  for _ in $(seq 600); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { tail -5 "$work/serve-$store.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "## $store ($ARTICLES articles loaded), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  # shellcheck disable=SC2086 # EXTRA holds several flags
  "$CACHE/soak" -url "http://127.0.0.1:$port" -key-file "$work/soak-key" -clients "$CLIENTS" -duration "$DURATION" \
    -warmup "$WARMUP" -rate "$RATE" -write-share "$WRITE_SHARE" -max-read-p99 "$MAX_READ_P99" $EXTRA || status=1
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
  if [ -n "$neo4j_state" ]; then NEO4J_STATE_DIR="$neo4j_state" "$ROOT/scripts/neo4j-stop.sh" >/dev/null 2>&1 || true; neo4j_state=""; fi
done
exit "$status"
