#!/usr/bin/env bash
# Cold start of the example server: the time from `java -jar wiki-server.jar` to the first
# answer of GET /, median of RUNS runs, without and with an AppCDS archive (made by a training
# run with -XX:ArchiveClassesAtExit, used with -XX:SharedArchiveFile).
#
# Usage: benchmarks/scripts/cold-start.sh
# Environment: SERVER_JAR (default wiki-examples/target/wiki-server.jar), RUNS (default 5),
# SERVER_ARGS (default --in-memory: no files, no services), WORK (default
# benchmarks/target/cold-start, where app.jsa goes).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${SERVER_JAR:-$ROOT/wiki-examples/target/wiki-server.jar}
RUNS=${RUNS:-5}
WORK=${WORK:-$ROOT/benchmarks/target/cold-start}
read -r -a SERVER_ARGS <<< "${SERVER_ARGS:---in-memory}"
[[ -f $JAR ]] || { echo "no server jar at $JAR: build wiki-examples first (or set SERVER_JAR)" >&2; exit 1; }
mkdir -p "$WORK"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
    || echo $((20000 + RANDOM % 20000))
}

SERVER_PID=
cleanup() { [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT

# start_and_time JVM_OPTS... : prints the milliseconds until GET / answered
start_and_time() {
  local port; port=$(free_port)
  local start; start=$(date +%s%N)
  java "$@" -jar "$JAR" --port="$port" "${SERVER_ARGS[@]}" > "$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  local code=000
  for _ in $(seq 1 6000); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/" || true)
    [[ $code != 000 ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited; see $WORK/server.log" >&2; exit 1; }
    sleep 0.01
  done
  local end; end=$(date +%s%N)
  # Load a page too, so a training run archives the classes of a page view.
  curl -s -o /dev/null "http://127.0.0.1:$port/Main_Page" || true
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
  echo $(( (end - start) / 1000000 ))
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

echo "cold start of $JAR ${SERVER_ARGS[*]} ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
rm -f "$WORK/app.jsa"
train=$(start_and_time -XX:ArchiveClassesAtExit="$WORK/app.jsa")
[[ -f $WORK/app.jsa ]] || { echo "no archive was written" >&2; exit 1; }
echo "training run (-XX:ArchiveClassesAtExit): ${train} ms, archive $(du -h "$WORK/app.jsa" | cut -f1)"

plain=(); cds=()
for _ in $(seq 1 "$RUNS"); do
  plain+=("$(start_and_time)")
  cds+=("$(start_and_time -XX:SharedArchiveFile="$WORK/app.jsa")")
done
m_plain=$(printf '%s\n' "${plain[@]}" | median)
m_cds=$(printf '%s\n' "${cds[@]}" | median)
echo "without AppCDS: ${plain[*]} ms -> median ${m_plain} ms"
echo "with AppCDS:    ${cds[*]} ms -> median ${m_cds} ms"
awk -v a="$m_plain" -v b="$m_cds" 'BEGIN {printf "AppCDS saves %d ms (%.0f%%)\n", a-b, 100*(a-b)/a}'
