#!/usr/bin/env bash
# Starts wiki-server.jar and polls until the first page answers; prints the milliseconds from
# `java -jar` to the first served page. Usage: measure-startup.sh [jar] [port] [extra flags...]
# Build first, from the repository root: mvn -q -B package -DskipTests
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="${1:-$here/../target/wiki-server.jar}"
port="${2:-18123}"
shift $(( $# > 2 ? 2 : $# )) || true
[ -f "$jar" ] || { echo "no jar at $jar; build with: mvn -q -B package -DskipTests" >&2; exit 1; }
work="$(mktemp -d)"
now_ms() { date +%s%3N; }
start=$(now_ms)
(cd "$work" && exec java -jar "$jar" --port "$port" --data-dir "$work/data" "$@" >"$work/server.log" 2>&1) &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
while :; do
  if curl -s -o /dev/null -m 1 "http://127.0.0.1:$port/"; then
    break
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "server exited before answering:" >&2; cat "$work/server.log" >&2; exit 1
  fi
  if (( $(now_ms) - start > 30000 )); then
    echo "no answer within 30 s" >&2; cat "$work/server.log" >&2; exit 1
  fi
  sleep 0.02
done
end=$(now_ms)
echo "first page served $(( end - start )) ms after java -jar"
grep -E "store:|cache:|started in" "$work/server.log" | sed 's/^/  /'
