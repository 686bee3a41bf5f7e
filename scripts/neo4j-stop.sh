#!/usr/bin/env bash
# Stop the throwaway Neo4j started by scripts/neo4j-start.sh.
#
#   scripts/neo4j-stop.sh           SIGTERM (clean shutdown), SIGKILL after $NEO4J_STOP_TIMEOUT s (60)
#   scripts/neo4j-stop.sh --kill    SIGKILL at once (crash simulation; restart runs recovery)
#   scripts/neo4j-stop.sh --keep    keep the data dir even if neo4j-start.sh made it
#
# The data dir is removed only if neo4j-start.sh created it (no --data / $NEO4J_DATA) and
# --keep is not given. State dir: $NEO4J_STATE_DIR (default /tmp/dipgraph-neo4j).
# Stopping when nothing runs is not an error.
set -euo pipefail

STATE="${NEO4J_STATE_DIR:-/tmp/dipgraph-neo4j}"
TIMEOUT="${NEO4J_STOP_TIMEOUT:-60}"
KILL=0
KEEP=0
log() { echo "neo4j-stop: $*" >&2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --kill) KILL=1; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,10p' "$0" >&2; exit 0 ;;
    *) log "unknown argument: $1"; exit 2 ;;
  esac
done

PID="$(cat "$STATE/pid" 2>/dev/null || true)"
# Only signal the pid if it still is our launcher (pids get reused).
if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null &&
   tr '\0' ' ' <"/proc/$PID/cmdline" 2>/dev/null | grep -q 'dipgraph.testneo4j.Launcher'; then
  if [ "$KILL" = 1 ]; then
    kill -9 "$PID" 2>/dev/null || true
  else
    kill -TERM "$PID" 2>/dev/null || true
    deadline=$((SECONDS + TIMEOUT))
    while kill -0 "$PID" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    if kill -0 "$PID" 2>/dev/null; then
      log "pid $PID still alive after ${TIMEOUT}s, sending SIGKILL"
      kill -9 "$PID" 2>/dev/null || true
    fi
  fi
  # Wait until the process is really gone (store lock released) before touching the data dir.
  for _ in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
  log "stopped pid $PID$([ "$KILL" = 1 ] && echo ' (SIGKILL)')"
elif [ -n "$PID" ]; then
  log "pid $PID is not running"
else
  log "not running"
fi
rm -f "$STATE/pid" "$STATE/uri"

DATA="$(cat "$STATE/data" 2>/dev/null || true)"
if [ "$KEEP" = 0 ] && [ "$(cat "$STATE/data_owned" 2>/dev/null || echo 0)" = 1 ] && [ -n "$DATA" ]; then
  case "$DATA" in
    */dipgraph-neo4j-data.*) rm -rf "$DATA"; rm -f "$STATE/data" "$STATE/data_owned" ;;
    *) log "not removing unexpected data dir $DATA" ;;
  esac
fi
