#!/usr/bin/env bash
# bench/extract.sh — extraction throughput per core, end to end (read + extract), dictionary
# start-up, and the corpus generator's throughput.
#
#   bench/extract.sh
#
# 1. The Go benchmarks of loader/extract, on one goroutine: BenchmarkExtractDevCorpus (the real
#    articles of the shared corpus, when it is there), BenchmarkExtractGenerated (2,000 generated
#    articles), BenchmarkLoadDictionaries (YAML or snapshot + compiling the tries). MB/s are of
#    article text (title + body) per second of wall time; MB/cpu-s per second of CPU time of the
#    whole process, garbage collection included: on a shared machine that is the per-core figure,
#    as wall time also counts the time other processes held the core.
# 2. The Go benchmarks of loader/gen: BenchmarkGenerate (generator output, MB/s on one goroutine;
#    bar 20 MB/s) and BenchmarkExtract (input.Read of a generated JSONL file and extract.Extract
#    of every article on one goroutine; MB/s of the file, articles/s).
# 3. `dipgraph extract` on a generated corpus pinned to one CPU (taskset -c 0): the command as
#    users run it, dictionary loading and JSON output included; MB/s of the input file by wall
#    time and by CPU time (user + system), and peak RSS. Then the start-up alone (one article).
#
# Environment: DIPGRAPH_BIN [built from this tree], BENCH_CACHE [${TMPDIR:-/tmp}/dipgraph-bench],
# N articles for step 3 [5000], SEED [1], COUNT runs of each measure [5], BENCHTIME [3x].
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${BENCH_CACHE:-${TMPDIR:-/tmp}/dipgraph-bench}"
N="${N:-5000}"
SEED="${SEED:-1}"
COUNT="${COUNT:-5}"
BENCHTIME="${BENCHTIME:-3x}"
mkdir -p "$CACHE"
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
# median reads numbers, one a line.
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), load average $(loadavg) at the start"
echo
echo "## go test -bench ./loader/extract (one goroutine each, -count $COUNT)"
echo
echo '```'
(cd "$ROOT" && go test -run '^$' -bench 'ExtractDevCorpus|ExtractGenerated|LoadDictionaries' -benchtime "$BENCHTIME" -count "$COUNT" ./loader/extract | grep -E '^(Benchmark|cpu|goos)')
echo '```'
echo
echo "## go test -bench ./loader/gen (one goroutine each, -count $COUNT)"
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

echo
echo "## dipgraph extract, one CPU ($N articles, $((size / 1048576)) MiB of JSONL)"
echo
echo "| Run | Wall | CPU (user+sys) | Articles/s (wall) | MB/s (wall) | MB/cpu-s | Peak RSS | Load average |"
echo "|---:|---:|---:|---:|---:|---:|---:|---|"
walls=() cpus=()
for r in $(seq 1 "$COUNT"); do
  # shellcheck disable=SC2086
  /usr/bin/time -f '%e %U %S %M' -o "$CACHE/extract.time" $pin "$BIN" extract "$f" >/dev/null
  read -r wall user sys rss <"$CACHE/extract.time"
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')
  walls+=("$wall")
  cpus+=("$cpu")
  awk -v r="$r" -v w="$wall" -v c="$cpu" -v n="$N" -v s="$size" -v m="$rss" -v l="$(loadavg)" \
    'BEGIN {printf "| %d | %.2f s | %.2f s | %.0f | %.2f | %.2f | %.0f MiB | %s |\n", r, w, c, n/w, s/w/1e6, s/c/1e6, m/1024, l}'
done
wmed=$(printf '%s\n' "${walls[@]}" | median)
cmed=$(printf '%s\n' "${cpus[@]}" | median)

# The fixed start-up cost (dictionaries, tries): extract of one article.
head -n 1 "$f" >"$CACHE/one.jsonl"
swalls=() scpus=() srss=()
for r in $(seq 1 "$COUNT"); do
  # shellcheck disable=SC2086
  /usr/bin/time -f '%e %U %S %M' -o "$CACHE/extract.time" $pin "$BIN" extract "$CACHE/one.jsonl" >/dev/null
  read -r wall user sys rss <"$CACHE/extract.time"
  swalls+=("$wall")
  scpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')")
  srss+=("$rss")
done
s0=$(printf '%s\n' "${swalls[@]}" | median)
c0=$(printf '%s\n' "${scpus[@]}" | median)
r0=$(printf '%s\n' "${srss[@]}" | median)
echo
awk -v w="$wmed" -v c="$cmed" -v n="$N" -v s="$size" -v s0="$s0" -v c0="$c0" -v r0="$r0" -v l="$(loadavg)" 'BEGIN {
  printf "Median of %s runs: %.2f s wall, %.2f s CPU: %.2f MB/s per core by wall time, %.2f MB/s per CPU second.\n", "'"$COUNT"'", w, c, s/w/1e6, s/c/1e6
  printf "Start-up (one article): %.2f s wall, %.2f s CPU, %.0f MiB peak RSS; without it: %.2f MB/s by wall time, %.2f MB/s per CPU second.\n", s0, c0, r0/1024, s/(w-s0)/1e6, s/(c-c0)/1e6
  printf "Load average at the end: %s\n", l
}'
