#!/usr/bin/env bash
# bench/load.sh — the bulk-loading benchmark of issue 4 (the Bars), as a Markdown table.
#
#   bench/load.sh                      # embedded store and the test Neo4j, 10,000 and 100,000 articles
#   STORES=memory SIZES=10000 bench/load.sh
#
# For each store and corpus size: a first load into an empty store (wall time, articles/s,
# peak RSS from /usr/bin/time -v, retries from the load report), a second identical load
# (wall time, articles reported unchanged, fingerprint before and after from `dipgraph stats`),
# and, once per store, the first RATIO_N articles loaded with --batch-size 1 and with the
# default batch size into empty stores (the ratio of the two wall times).
#
# The corpus is `dipgraph gen --articles N --seed SEED` (or bench/gencorpus when the binary has
# no gen command), cached in $BENCH_CACHE. The embedded store lives in a fresh --data-dir per
# run; the Neo4j store is a fresh throwaway server per run (scripts/neo4j-start.sh with its own
# NEO4J_STATE_DIR, so it never touches a Neo4j that tests or other people started).
#
# Environment (defaults in brackets):
#   DIPGRAPH_BIN   binary to benchmark [built from this tree into $BENCH_CACHE]
#   BENCH_CACHE    corpus and binary cache [${TMPDIR:-/tmp}/dipgraph-bench]
#   BENCH_OUT      logs, reports and results.tsv [$BENCH_CACHE/run-<date>]
#   STORES         [memory neo4j]        SIZES  [10000 100000] ("" for the ratio alone)   SEED [1]
#   RUNS           runs per measurement for sizes <= 10,000 [3]; RUNS_LARGE above [1]
#   RATIO_N        articles of the batch-size ratio [5000]; RATIO=0 skips it
#   RATIO_SERVER   for Neo4j: "fresh" (a new server for each of the two loads), "warm" (one
#                  server, warmed by loading WARM_N articles of seed SEED+1, emptied before each
#                  load by bench/neo4jclear: the loader meets an empty store without the cold
#                  JVM of a fresh server, which weighs on the short default-batch load alone;
#                  the default-batch load runs before and after the batch-1 one, and counts
#                  with the mean of the two)
#                  or "both" [fresh]          WARM_N [2000]
#   LOAD_TIMEOUT   seconds before a load is stopped (SIGTERM; it finishes its batch) [3600]
#   LOAD_ARGS      extra arguments for every `dipgraph load` (e.g. "--workers 2")
#   STORE_TIMEOUT  --timeout of `dipgraph load` and `dipgraph stats` [1h]: it bounds opening the
#                  store, and opening the embedded store replays every article (about a minute
#                  for 100,000 here), far beyond the default 30s
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${BENCH_CACHE:-${TMPDIR:-/tmp}/dipgraph-bench}"
OUT="${BENCH_OUT:-$CACHE/run-$(date +%Y%m%d-%H%M%S)}"
STORES="${STORES:-memory neo4j}"
SIZES="${SIZES-10000 100000}"
SEED="${SEED:-1}"
RUNS="${RUNS:-3}"
RUNS_LARGE="${RUNS_LARGE:-1}"
RATIO="${RATIO:-1}"
RATIO_N="${RATIO_N:-5000}"
RATIO_SERVER="${RATIO_SERVER:-fresh}"
WARM_N="${WARM_N:-2000}"
LOAD_TIMEOUT="${LOAD_TIMEOUT:-3600}"
LOAD_ARGS="${LOAD_ARGS:-}"
STORE_TIMEOUT="${STORE_TIMEOUT:-1h}"
export NEO4J_STATE_DIR="${BENCH_NEO4J_STATE_DIR:-$CACHE/neo4j-state}"

mkdir -p "$CACHE" "$OUT"
RESULTS="$OUT/results.tsv"
: >"$RESULTS"
log() { echo "bench: $*" >&2; }
TIME=/usr/bin/time
[ -x "$TIME" ] || { log "/usr/bin/time is missing: apt-get install time"; exit 1; }

# --- binary and corpus ------------------------------------------------------------------
BIN="${DIPGRAPH_BIN:-}"
if [ -z "$BIN" ]; then
  BIN="$CACHE/dipgraph"
  log "building $BIN"
  (cd "$ROOT" && go build -trimpath -o "$BIN" ./cmd/dipgraph)
fi
corpus() { # n -> path of the cached corpus of n articles
  local n=$1 f="$CACHE/corpus-$1-seed$SEED.jsonl"
  if [ ! -s "$f" ]; then
    log "generating $n articles (seed $SEED) into $f"
    if "$BIN" gen --help >/dev/null 2>&1; then
      "$BIN" gen --articles "$n" --seed "$SEED" --out "$f.tmp"
    else
      (cd "$ROOT" && go run ./bench/gencorpus -articles "$n" -seed "$SEED" -out "$f.tmp")
    fi
    mv "$f.tmp" "$f"
  fi
  echo "$f"
}

# --- stores -----------------------------------------------------------------------------
NEO4J_UP=0
neo4j_stop() {
  if [ "$NEO4J_UP" = 1 ]; then "$ROOT/scripts/neo4j-stop.sh" >/dev/null 2>&1 || true; NEO4J_UP=0; fi
}
trap neo4j_stop EXIT
neo4j_fresh() { # a new, empty Neo4j; sets the DIPGRAPH_NEO4J_* variables
  neo4j_stop
  local out
  out="$("$ROOT/scripts/neo4j-start.sh" 2>>"$OUT/neo4j-start.log")" || return 1
  eval "$out"
  NEO4J_UP=1
  export DIPGRAPH_NEO4J_URI="$NEO4J_URI" DIPGRAPH_NEO4J_USER="$NEO4J_USER" DIPGRAPH_NEO4J_PASSWORD="$NEO4J_PASSWORD"
}
DATA=""
fresh_store() { # store -> an empty store for the next load
  case "$1" in
    memory) DATA="$(mktemp -d "$CACHE/store.XXXXXX")" ;;
    neo4j) neo4j_fresh ;;
  esac
}
drop_store() {
  case "$1" in
    memory) [ -n "$DATA" ] && rm -rf "$DATA"; DATA="" ;;
    neo4j) neo4j_stop ;;
  esac
}
clear_neo4j() { # empties the running test Neo4j, schema and migrations kept
  (cd "$ROOT" && go run ./bench/neo4jclear) 2>>"$OUT/neo4j-clear.log"
}
store_args() { # store -> the dipgraph flags that select it
  case "$1" in
    memory) echo "--store memory --data-dir $DATA" ;;
    neo4j) echo "--store neo4j" ;;
  esac
}
fingerprint() { # store -> the graph's fingerprint ("" when stats fails)
  # Opening a large embedded store replays every article: far beyond the default --timeout.
  # shellcheck disable=SC2046
  { "$BIN" stats $(store_args "$1") --timeout "$STORE_TIMEOUT" --log-level error 2>>"$OUT/stats.log" || true; } |
    sed -n 's/.*"fingerprint": *"\([^"]*\)".*/\1/p'
}

# --- one timed load ---------------------------------------------------------------------
# load LABEL STORE FILE [ARGS...]: runs `dipgraph load`; sets WALL (s), RSS (KiB), RC and the
# report fields LOADED, UNCHANGED, FAILED, RETRIES (the report is $OUT/LABEL.json).
load() {
  local label=$1 store=$2 file=$3
  shift 3
  # shellcheck disable=SC2046,SC2086
  set +e
  "$TIME" -v -o "$OUT/$label.time" timeout -s TERM "$LOAD_TIMEOUT" \
    "$BIN" load $(store_args "$store") --timeout "$STORE_TIMEOUT" --log-format json --dead-letter "$OUT/$label.dead.jsonl" $LOAD_ARGS "$@" "$file" \
    >"$OUT/$label.json" 2>"$OUT/$label.log"
  RC=$?
  set -e
  WALL=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$OUT/$label.time")
  RSS=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/$label.time")
  field() { sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p" "$OUT/$label.json" | head -n1; }
  LOADED=$(field loaded); UNCHANGED=$(field unchanged); FAILED=$(field failed); RETRIES=$(field retries)
  : "${WALL:=NaN}" "${RSS:=0}" "${LOADED:=0}" "${UNCHANGED:=0}" "${FAILED:=0}" "${RETRIES:=0}"
  printf '%s\t%s\t%s\twall=%s\trss_kb=%s\trc=%s\tloaded=%s\tunchanged=%s\tfailed=%s\tretries=%s\tload=%s\n' \
    "$label" "$store" "$(basename "$file")" "$WALL" "$RSS" "$RC" "$LOADED" "$UNCHANGED" "$FAILED" "$RETRIES" \
    "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$RESULTS"
  log "$label: rc $RC, ${WALL}s, $((RSS / 1024)) MiB, loaded $LOADED, unchanged $UNCHANGED, failed $FAILED, retries $RETRIES (load average $(cut -d' ' -f1 /proc/loadavg))"
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print "NaN"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN {if (b+0 == 0 || a == "NaN" || b == "NaN") print "NaN"; else printf "%.'"${3:-1}"'f", a/b}'; }

# --- the runs ---------------------------------------------------------------------------
ROWS=()
RATIO_ROWS=()
machine="$(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(go version 2>/dev/null | cut -d' ' -f3-4), $(date -u +%Y-%m-%d)"
log "machine: $machine; results in $OUT"

for store in $STORES; do
  ok=1
  for n in $SIZES; do
    file="$(corpus "$n")"
    runs=$RUNS
    [ "$n" -gt 10000 ] && runs=$RUNS_LARGE
    walls=() rsss=() rewalls=() rerss=() same=yes unch=() retries=0 notes=""
    for r in $(seq 1 "$runs"); do
      if ! fresh_store "$store"; then
        log "$store: the store did not start (see $OUT/neo4j-start.log)"; ok=0; break
      fi
      load "$store-$n-first-$r" "$store" "$file"
      if [ "$RC" != 0 ] || [ "$LOADED" != "$n" ]; then
        notes="first load: exit $RC, $LOADED of $n loaded, $FAILED failed (see $OUT/$store-$n-first-$r.log)"
        log "$notes"; drop_store "$store"; [ "$RC" = 124 ] || ok=0; break
      fi
      walls+=("$WALL"); rsss+=("$RSS"); retries=$((retries + RETRIES))
      t0=$(date +%s.%N)
      fp1="$(fingerprint "$store")"
      log "$store-$n-$r: stats (fingerprint) took $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b-a}') s"
      load "$store-$n-rerun-$r" "$store" "$file"
      fp2="$(fingerprint "$store")"
      rewalls+=("$WALL"); rerss+=("$RSS"); unch+=("$UNCHANGED"); retries=$((retries + RETRIES))
      [ "$RC" = 0 ] || notes="$notes rerun $r: exit $RC (see $OUT/$store-$n-rerun-$r.log)."
      if [ -z "$fp1" ] || [ "$fp1" != "$fp2" ]; then same="NO ($fp1 → $fp2)"; fi
      drop_store "$store"
    done
    [ ${#walls[@]} -gt 0 ] || { ROWS+=("| $store | $n | 0 | – | – | – | – | – | – | – | – | – | $notes |"); continue; }
    w=$(printf '%s\n' "${walls[@]}" | median)
    rw=$(printf '%s\n' "${rewalls[@]}" | median)
    rss=$(printf '%s\n' "${rsss[@]}" | median)
    rrss=$(printf '%s\n' "${rerss[@]}" | median)
    u=$(printf '%s\n' "${unch[@]}" | median)
    ROWS+=("| $store | $n | ${#walls[@]} | $(div "$w" 1) s | $(div "$n" "$w" 0) | $(div "$rss" 1024 0) MiB | $(div "$rw" 1) s | $(div "$(div "$rw" "$w" 4)" 0.01 0) % | $(div "$u" 1 0) of $n | $(div "$rrss" 1024 0) MiB | $same | $retries | $notes |")
  done
  if [ "$ok" = 1 ] && [ "$RATIO" != 0 ]; then
    file="$(corpus "$RATIO_N")" # the corpus of N articles is the first N of any larger one
    servers=fresh
    [ "$store" = neo4j ] && servers="$RATIO_SERVER"
    [ "$servers" = both ] && servers="fresh warm"
    for server in $servers; do
      wd=NaN rd=? w1=NaN r1=?
      if [ "$server" = warm ]; then
        warm="$(SEED=$((SEED + 1)) corpus "$WARM_N")"
        # The default-batch load runs before and after the batch-1 load, and the ratio takes
        # their mean: the server keeps warming up over the long batch-1 load, which a single
        # default load before it would not see, and one after it alone would see too much of.
        wda=NaN wdb=NaN
        fresh_store "$store" && load "$store-ratio-warmup" "$store" "$warm" && clear_neo4j &&
          load "$store-ratio-warm-default-1" "$store" "$file" && wda=$WALL && rd=$RC && clear_neo4j &&
          load "$store-ratio-warm-batch1" "$store" "$file" --batch-size 1 && w1=$WALL && r1=$RC && clear_neo4j &&
          load "$store-ratio-warm-default-2" "$store" "$file" && wdb=$WALL && rd="$rd, $RC"
        wd=$(printf '%s\n' "$wda" "$wdb" | grep -v NaN | median)
        log "$store warm: default batch $wda s before and $wdb s after the batch-1 load"
        drop_store "$store"
      else
        fresh_store "$store" && load "$store-ratio-default" "$store" "$file" && wd=$WALL && rd=$RC && drop_store "$store"
        fresh_store "$store" && load "$store-ratio-batch1" "$store" "$file" --batch-size 1 && w1=$WALL && r1=$RC && drop_store "$store"
      fi
      RATIO_ROWS+=("| $store | $server | $RATIO_N | $(div "$wd" 1) s (exit $rd) | $(div "$w1" 1) s (exit $r1) | $(div "$w1" "$wd" 1)× |")
    done
  fi
done

cat <<EOF

Machine: $machine; load average at the end $(cut -d' ' -f1-3 /proc/loadavg). Binary: $BIN. Corpus: seed $SEED.
Raw results: $RESULTS

| Store | Articles | Runs | First load (median wall) | Articles/s | Peak RSS | Rerun (median wall) | Rerun / first | Unchanged on rerun | Rerun RSS | Fingerprint unchanged | Retries | Notes |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|
$(printf '%s\n' "${ROWS[@]}")

| Store | Server | First N articles | Default batch size | --batch-size 1 | Ratio |
|---|---|---:|---:|---:|---:|
$(printf '%s\n' "${RATIO_ROWS[@]+"${RATIO_ROWS[@]}"}")
EOF
