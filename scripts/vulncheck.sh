#!/usr/bin/env bash
# scripts/vulncheck.sh — RELIABILITY.md G-21 and R-10: govulncheck reports no
# vulnerability in code dipgraph calls, and the libraries named there are at
# least at their fixed versions.
#
# The vulnerability database comes from the Go module proxy rather than
# vuln.go.dev, so that the check runs wherever modules can be fetched: the
# golang.org/x/vulndb module carries every report as OSV JSON (data/osv),
# and govulncheck reads such a folder with -db file:// (it indexes the
# entries itself). VULNDB_VERSION (default: latest, so that a newly
# published vulnerability fails the next run) pins another revision.
set -euo pipefail
cd "$(dirname "$0")/.."

GOVULNCHECK_VERSION=v1.9.0
VULNDB_VERSION="${VULNDB_VERSION:-latest}"
version=$(go list -m -f '{{.Version}}' "golang.org/x/vulndb@$VULNDB_VERSION")
db=$(go mod download -json "golang.org/x/vulndb@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')/data/osv
[ -d "$db" ] || { echo "vulncheck: golang.org/x/vulndb@$version has no data/osv" >&2; exit 1; }
echo "vulncheck: $(go version | cut -d' ' -f3), database golang.org/x/vulndb@$version, $(find "$db" -name 'GO-*.json' | wc -l) reports"

status=0
GOFLAGS= go run "golang.org/x/vuln/cmd/govulncheck@$GOVULNCHECK_VERSION" -db "file://$db" ./... || status=1

# Minimum versions RELIABILITY.md §4 names (advisories fixed there).
need() {
  have=$(go list -m -f '{{.Version}}' "$1")
  if [ "$(printf '%s\n%s\n' "$2" "$have" | sort -V | head -1)" != "$2" ]; then
    echo "vulncheck: $1 is $have; at least $2 is required" >&2
    status=1
  else
    echo "vulncheck: $1 $have (at least $2)"
  fi
}
need github.com/vektah/gqlparser/v2 v2.5.14
need golang.org/x/net v0.45.0
exit "$status"
