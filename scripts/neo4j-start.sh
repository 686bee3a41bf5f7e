#!/usr/bin/env bash
# Start a throwaway Neo4j Community server (testneo4j/Launcher) for tests and CI.
#
#   eval "$(scripts/neo4j-start.sh)"     # sets NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD
#   export NEO4J_URI NEO4J_USER NEO4J_PASSWORD
#   ...
#   scripts/neo4j-stop.sh
#
# Options (each also settable by environment):
#   --port N    Bolt port on 127.0.0.1        ($NEO4J_PORT; default: a free port)
#   --data DIR  Neo4j home / data dir         ($NEO4J_DATA; default: a new temp dir,
#               removed again by neo4j-stop.sh; a given DIR is never removed)
#   --build-only  only build testneo4j (warms ~/.m2 and target/), start nothing
#   password:   $NEO4J_PASSWORD (default dipgraph-test-pw)
#   state dir:  $NEO4J_STATE_DIR (default /tmp/dipgraph-neo4j): files pid, uri, port,
#               password, log, data, data_owned
#   timeout:    $NEO4J_START_TIMEOUT seconds (default 180)
#   JVM:        $NEO4J_JAVA_HOME / $JAVA_HOME (default the Java 17 JDK), $NEO4J_HEAP (default 2g)
#
# To restart on the same store (fault tests): neo4j-stop.sh [--kill] --keep, then
# neo4j-start.sh --data DIR --port N with the DIR and port of the first start
# (cat $NEO4J_STATE_DIR/data $NEO4J_STATE_DIR/port).
#
# Stdout carries only the KEY=VALUE lines; everything else goes to stderr.
# Exit 1 (with the log tail on stderr) if the server does not come up.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROJ="$ROOT/testneo4j"
STATE="${NEO4J_STATE_DIR:-/tmp/dipgraph-neo4j}"
PORT="${NEO4J_PORT:-}"
DATA="${NEO4J_DATA:-}"
PASSWORD="${NEO4J_PASSWORD:-dipgraph-test-pw}"
TIMEOUT="${NEO4J_START_TIMEOUT:-180}"
HEAP="${NEO4J_HEAP:-2g}"
BUILD_ONLY=0
DATA_NEW=0

log() { echo "neo4j-start: $*" >&2; }
die() { log "$*"; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT="${2:?--port needs a value}"; shift 2 ;;
    --data) DATA="${2:?--data needs a value}"; shift 2 ;;
    --build-only) BUILD_ONLY=1; shift ;;
    -h|--help) sed -n '2,26p' "$0" >&2; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done

# --- Java: Neo4j 5.26 needs Java 17 or 21 (not 25). -------------------------------------
JAVA_HOME_17=/usr/lib/jvm/java-17-openjdk-amd64
if [ -n "${NEO4J_JAVA_HOME:-}" ]; then
  export JAVA_HOME="$NEO4J_JAVA_HOME"
elif [ -x "$JAVA_HOME_17/bin/java" ]; then
  export JAVA_HOME="$JAVA_HOME_17"
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
command -v "$JAVA" >/dev/null || die "no java found (set NEO4J_JAVA_HOME)"
command -v mvn >/dev/null || die "mvn not found (apt-get install maven)"

mkdir -p "$STATE"

# --- Build the launcher if needed (offline first: the jars live in ~/.m2). ---------------
JAR="$PROJ/target/testneo4j.jar"
needs_build() {
  [ -f "$JAR" ] && [ -d "$PROJ/target/lib" ] || return 0
  [ -n "$(find "$PROJ/pom.xml" "$PROJ/src" -newer "$JAR" -print -quit)" ]
}
if needs_build; then
  mkdir -p "$PROJ/target"
  exec 9>"$PROJ/target/.build.lock"
  flock 9  # two starts at once in one tree: one builds, the other waits and reuses it
  if needs_build; then
    t0=$SECONDS
    # A changed pom may pin another Neo4j version: drop the old jars (copy-dependencies only
    # adds). Not on a source-only change, so a server already running off target/lib keeps its jars.
    if [ -f "$JAR" ] && [ "$PROJ/pom.xml" -nt "$JAR" ]; then rm -rf "$PROJ/target/lib"; fi
    log "building testneo4j"
    if ! mvn -q -o -f "$PROJ/pom.xml" package >"$STATE/build.log" 2>&1; then
      log "not all jars cached in ~/.m2: downloading (~170 MB the first time)"
      mvn -q -f "$PROJ/pom.xml" package >"$STATE/build.log" 2>&1 ||
        { tail -n 40 "$STATE/build.log" >&2; die "maven build failed (log: $STATE/build.log)"; }
    fi
    touch "$JAR"  # the jar plugin skips an unchanged jar; mark the build as current anyway
    log "built in $((SECONDS - t0))s"
  fi
  exec 9>&-
fi
[ "$BUILD_ONLY" = 1 ] && { log "testneo4j is built: $JAR"; exit 0; }

# --- Already running? -------------------------------------------------------------------
is_ours() { # pid -> true if it is a live testneo4j launcher
  [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q 'dipgraph.testneo4j.Launcher'
}
if [ -f "$STATE/pid" ] && is_ours "$(cat "$STATE/pid")"; then
  die "already running (pid $(cat "$STATE/pid"), $(cat "$STATE/uri" 2>/dev/null)); run scripts/neo4j-stop.sh first or set NEO4J_STATE_DIR"
fi

# --- Port and data dir. -----------------------------------------------------------------
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pick_port() {
  local p i
  for i in $(seq 1 50); do
    p=$((20000 + RANDOM % 30000))
    port_busy "$p" || { echo "$p"; return 0; }
  done
  return 1
}
PORT_GIVEN=1
if [ -z "$PORT" ]; then
  PORT_GIVEN=0
  PORT="$(pick_port)" || die "no free port found"
fi
case "$PORT" in ''|*[!0-9]*) die "bad port: $PORT" ;; esac
port_busy "$PORT" && die "port $PORT on 127.0.0.1 is already in use"

if [ -n "$DATA" ]; then
  mkdir -p "$DATA"
  DATA="$(cd "$DATA" && pwd)"
  DATA_OWNED=0
  # Restarting on the temp dir an earlier start made (stop --keep / --kill --keep):
  # it stays ours, so the final neo4j-stop.sh still removes it.
  if [ "$DATA" = "$(cat "$STATE/data" 2>/dev/null)" ] && [ "$(cat "$STATE/data_owned" 2>/dev/null)" = 1 ]; then
    DATA_OWNED=1
  fi
else
  DATA="$(mktemp -d "${TMPDIR:-/tmp}/dipgraph-neo4j-data.XXXXXX")"
  DATA_OWNED=1
  DATA_NEW=1
fi

# --- Start. -----------------------------------------------------------------------------
LOG="$STATE/log"
[ -f "$LOG" ] && mv -f "$LOG" "$LOG.prev"   # keep the previous run's log for restart tests
rm -f "$STATE/pid" "$STATE/uri"
printf '%s\n' "$PORT" >"$STATE/port"
printf '%s\n' "$DATA" >"$STATE/data"
printf '%s\n' "$DATA_OWNED" >"$STATE/data_owned"
( umask 077; printf '%s\n' "$PASSWORD" >"$STATE/password" )

t0=$(date +%s.%N)
# JVM flags: modest heap for the 2-core/24 GiB machines; the --add-opens and netty flags are
# the ones Neo4j's own server launcher passes (fast direct-memory access on Java 17+).
NEO4J_PASSWORD="$PASSWORD" nohup "$JAVA" \
  -Xms256m -Xmx"$HEAP" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -XX:-OmitStackTraceInFastThrow \
  -Djdk.nio.maxCachedBufferSize=1024 -Dio.netty.tryReflectionSetAccessible=true \
  -Dlog4j2.disable.jmx=true \
  --add-opens=java.base/java.nio=ALL-UNNAMED \
  --add-opens=java.base/java.io=ALL-UNNAMED \
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
  --add-opens=java.base/java.lang=ALL-UNNAMED \
  -cp "$JAR:$PROJ/target/lib/*" dipgraph.testneo4j.Launcher --data "$DATA" --port "$PORT" \
  </dev/null >"$LOG" 2>&1 &
PID=$!
printf '%s\n' "$PID" >"$STATE/pid"
URI="bolt://127.0.0.1:$PORT"

fail_start() {
  log "$1"
  log "--- tail of $LOG ---"
  tail -n 60 "$LOG" >&2 || true
  if [ -f "$DATA/logs/debug.log" ]; then
    log "--- tail of $DATA/logs/debug.log ---"
    tail -n 30 "$DATA/logs/debug.log" >&2 || true
  fi
  kill -9 "$PID" 2>/dev/null || true
  rm -f "$STATE/pid"
  if [ "$DATA_NEW" = 1 ]; then rm -rf "$DATA"; fi  # never a store from an earlier start
  if [ "$PORT_GIVEN" = 0 ] && grep -q 'Address already in use' "$LOG" 2>/dev/null; then
    log "(the picked port was taken meanwhile; just run again)"
  fi
  exit 1
}

deadline=$((SECONDS + TIMEOUT))
until grep -qx "READY $URI" "$LOG" 2>/dev/null; do
  kill -0 "$PID" 2>/dev/null || fail_start "server process $PID exited during startup"
  [ $SECONDS -lt $deadline ] || fail_start "no READY within ${TIMEOUT}s"
  sleep 0.2
done
port_busy "$PORT" || fail_start "READY printed but port $PORT does not accept connections"

printf '%s\n' "$URI" >"$STATE/uri"
log "up: $URI pid $PID data $DATA ($(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')s)"

echo "NEO4J_URI=$URI"
echo "NEO4J_USER=neo4j"
printf 'NEO4J_PASSWORD=%q\n' "$PASSWORD"
