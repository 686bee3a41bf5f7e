#!/usr/bin/env bash
# bench/extract.sh — extraction throughput per core, end to end (read + extract), and the
# corpus generator's throughput.
#
#   bench/extract.sh
#
# 1. The Go benchmarks of loader/gen: BenchmarkGenerate (generator output, MB/s on one
#    goroutine; bar 20 MB/s) and BenchmarkExtract (input.Read of a generated JSONL file and
#    extract.Extract of every article on one goroutine; MB/s of the file, articles/s).
# 2. `dipgraph extract` on a generated corpus pinned to one CPU (taskset -c 0): the command as
#    users run it, dictionary loading and JSON output included; MB/s of the input file.
#
# Environment: DIPGRAPH_BIN [built from this tree], BENCH_CACHE [${TMPDIR:-/tmp}/dipgraph-bench],
# N articles for step 2 [5000], SEED [1], COUNT go test -count [3], BENCHTIME [3x].
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${BENCH_CACHE:-${TMPDIR:-/tmp}/dipgraph-bench}"
N="${N:-5000}"
SEED="${SEED:-1}"
COUNT="${COUNT:-3}"
BENCHTIME="${BENCHTIME:-3x}"
mkdir -p "$CACHE"
log() { echo "bench: $*" >&2; }

echo "## go test -bench (one goroutine each)"
echo
echo '```'
(cd "$ROOT" && go test -run '^$' -bench 'Generate|Extract' -benchtime "$BENCHTIME" -count "$COUNT" ./loader/gen | grep -E '^(Benchmark|cpu|goos)')
echo '```'

BIN="${DIPGRAPH_BIN:-}"
if [ -z "$BIN" ]; then
  BIN="$CACHE/dipgraph"
  (cd "$ROOT" && go build -trimpath -o "$BIN" ./cmd/dipgraph)
fi
f="$CACHE/corpus-$N-seed$SEED.jsonl"
if [ ! -s "$f" ]; then
  if "$BIN" gen --help >/dev/null 2>&1; then
    "$BIN" gen --articles "$N" --seed "$SEED" --out "$f.tmp"
  else
    (cd "$ROOT" && go run ./bench/gencorpus -articles "$N" -seed "$SEED" -out "$f.tmp")
  fi
  mv "$f.tmp" "$f"
fi
size=$(stat -c %s "$f")
pin=""
command -v taskset >/dev/null && pin="taskset -c 0"

# The fixed start-up cost (dictionaries, automata): extract of one article.
head -n 1 "$f" >"$CACHE/one.jsonl"
# shellcheck disable=SC2086
/usr/bin/time -f '%e' -o "$CACHE/extract.time" $pin "$BIN" extract "$CACHE/one.jsonl" >/dev/null
startup=$(cat "$CACHE/extract.time")

echo
echo "## dipgraph extract, one CPU ($N articles, $((size / 1048576)) MiB; start-up ${startup} s, included below)"
echo
echo "| Run | Wall | Articles/s | MB/s | Peak RSS |"
echo "|---:|---:|---:|---:|---:|"
walls=()
for r in $(seq 1 "$COUNT"); do
  # shellcheck disable=SC2086
  /usr/bin/time -f '%e %M' -o "$CACHE/extract.time" $pin "$BIN" extract "$f" >/dev/null
  read -r wall rss <"$CACHE/extract.time"
  walls+=("$wall")
  awk -v r="$r" -v w="$wall" -v n="$N" -v s="$size" -v m="$rss" 'BEGIN {printf "| %d | %.1f s | %.0f | %.2f | %.0f MiB |\n", r, w, n/w, s/w/1e6, m/1024}'
done
med=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}')
awk -v w="$med" -v n="$N" -v s="$size" -v s0="$startup" 'BEGIN {printf "\nMedian: %.1f s, %.0f articles/s, %.2f MB/s per core; without the %.1f s start-up: %.0f articles/s, %.2f MB/s (load average %s)\n", w, n/w, s/w/1e6, s0, n/(w-s0), s/(w-s0)/1e6, "'"$(cut -d' ' -f1-3 /proc/loadavg)"'"}'
