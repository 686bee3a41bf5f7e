#!/usr/bin/env bash
# bench/instructions.sh — instructions per pass of the extraction benchmarks, counted by
# cachegrind, for this tree and, optionally, for other revisions to compare with.
#
#   bench/instructions.sh [REVISION...]
#
# Wall-clock and CPU-second figures of a shared machine swing by 10–15 % between spells, more
# than most single changes to extraction gain; the number of instructions a pass executes does
# not swing. For each tree it prints the instructions of one pass of:
#   dev        BenchmarkExtractDevCorpus (the shared corpus's dev articles; skipped without it)
#   generated  BenchmarkExtractGenerated (2,000 generated articles)
#   read       loader/gen BenchmarkExtract (reading their JSON Lines file, then extracting)
# A pass is the difference of two runs of different lengths, so that start-up cancels out:
# 30 minus 10 passes of the dev articles, 3 minus 1 of the generated ones, and 5 minus 3 for
# reading, whose benchmark generates its corpus again at each run of its function. The
# collector is off (GOGC=off), so allocation shows only as the allocator's own instructions;
# judge changes to memory by -benchmem and by time.
#
# Needs valgrind (Debian: apt-get install valgrind). Runs take a few minutes: under
# cachegrind a pass is about 50 times slower. Revisions are checked out in temporary
# worktrees; the tree itself is measured as it is, uncommitted changes included.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if ! command -v valgrind >/dev/null; then
  echo "bench/instructions.sh needs valgrind (Debian: apt-get install valgrind)" >&2
  exit 2
fi
work="$(mktemp -d)"
trap 'for w in "$work"/tree-*; do [ -d "$w" ] && git -C "$ROOT" worktree remove --force "$w"; done; rm -rf "$work"' EXIT

# instructions BINARY DIR BENCH PASSES: total instructions of one run.
instructions() {
  (cd "$2" && GOGC=off GOMAXPROCS=1 GODEBUG=asyncpreemptoff=1 \
    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
    "$1" -test.run '^$' -test.bench "$3" -test.benchtime "${4}x" 2>&1 >/dev/null |
    sed -n 's/.*I *refs: *//p' | tr -d ',')
}

# perPass BINARY DIR BENCH SHORT LONG: instructions of one pass.
perPass() {
  local a b
  a=$(instructions "$1" "$2" "$3" "$4")
  b=$(instructions "$1" "$2" "$3" "$5")
  echo $(((b - a) / ($5 - $4)))
}

# measure NAME TREE: build the test binaries of TREE and print its line of the table.
measure() {
  local name="$1" tree="$2" dev="-"
  (cd "$tree" && go test -c -o "$work/$name-extract.test" ./loader/extract &&
    go test -c -o "$work/$name-gen.test" ./loader/gen)
  # The dev corpus lies beside the checkout; the benchmark skips itself without it.
  if [ -d "$ROOT/../shared/corpus/dev" ]; then
    dev=$(perPass "$work/$name-extract.test" "$ROOT/loader/extract" 'ExtractDevCorpus$' 10 30)
  fi
  local generated read
  generated=$(perPass "$work/$name-extract.test" "$tree/loader/extract" 'ExtractGenerated$' 1 3)
  read=$(perPass "$work/$name-gen.test" "$tree/loader/gen" 'Extract$' 3 5)
  printf '| %s | %s | %s | %s |\n' "$name" "$dev" "$generated" "$read"
}

echo "| tree | dev (per pass) | generated (per pass) | read + extract (per pass) |"
echo "|---|---:|---:|---:|"
for rev in "$@"; do
  tree="$work/tree-$rev"
  git -C "$ROOT" worktree add --quiet --detach "$tree" "$rev"
  measure "$rev" "$tree"
done
measure "this tree" "$ROOT"
