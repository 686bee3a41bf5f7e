#!/usr/bin/env bash
# The analyst notebook check: builds dipgraph, starts `dipgraph serve` on a
# free loopback port with a fresh data folder (it loads fixtures/ on first
# start), runs the Python client's tests and executes notebooks/analyst.ipynb
# end to end with nbclient against it, then stops the server. Any failing
# test or notebook cell fails the check.
#
# Python comes from $DIPGRAPH_PYTHON, else .venv/ (made by .ci/run, or by
#   python3 -m venv .venv && .venv/bin/pip install -r notebooks/requirements.txt).
# Without the packages it skips with a message, except under CI=true, where
# it fails. The executed notebook and its chart go to test-artifacts/notebooks/.
set -euo pipefail
cd "$(dirname "$0")/.."

py="${DIPGRAPH_PYTHON:-.venv/bin/python}"
if ! [ -x "$py" ] || ! "$py" -c 'import pandas, networkx, matplotlib, nbclient, nbformat, ipykernel, pytest' 2>/dev/null; then
  msg="the notebook's Python packages are missing ($py); install them with: python3 -m venv .venv && .venv/bin/pip install -r notebooks/requirements.txt"
  if [ "${CI:-}" = "true" ]; then
    echo "FAIL: $msg" >&2
    exit 1
  fi
  echo "skip: notebook check: $msg" >&2
  exit 0
fi

t0=$(date +%s)
work=$(mktemp -d /tmp/dipgraph-notebook.XXXXXX)
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/dipgraph" ./cmd/dipgraph
port=$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$work/dipgraph" serve --addr "127.0.0.1:$port" --data-dir "$work/data" --log-level warn --log-format text \
  >"$work/server.log" 2>&1 &
server=$!

export DIPGRAPH_URL="http://127.0.0.1:$port"
ready=""
for _ in $(seq 1 240); do
  if ! kill -0 "$server" 2>/dev/null; then break; fi
  if "$py" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1] + "/readyz", timeout=2)' "$DIPGRAPH_URL" 2>/dev/null; then
    ready=1
    break
  fi
  sleep 0.5
done
if [ -z "$ready" ]; then
  echo "FAIL: dipgraph serve did not become ready at $DIPGRAPH_URL; its log:" >&2
  cat "$work/server.log" >&2
  exit 1
fi
echo "dipgraph serving the fixtures at $DIPGRAPH_URL (ready in $(( $(date +%s) - t0 )) s)"

artifacts="test-artifacts/notebooks"
mkdir -p "$artifacts"
export DIPGRAPH_NOTEBOOK_OUT="$PWD/$artifacts"
export MPLBACKEND=Agg
status=0
"$py" -m pytest -q -p no:cacheprovider notebooks/tests || status=1
"$py" notebooks/run_notebook.py notebooks/analyst.ipynb --out "$artifacts/analyst.ipynb" --timeout 120 || status=1
if [ "$status" != 0 ]; then
  echo "server log:" >&2
  tail -n 50 "$work/server.log" >&2
fi
echo "notebook check: $(( $(date +%s) - t0 )) s"
exit "$status"
