#!/usr/bin/env bash
# Start-up of the example server: the milliseconds from `java -jar` to the first answer of GET /,
# the CPU time the JVM spent until then (all threads; on an idle 2-core machine the wall time is
# about half of it or more) and the resident memory, over RUNS runs on the embedded defaults
# (H2 in a fresh directory each run). With CDS=build it uses the AppCDS archive the build made
# next to the jar (wiki-server.jsa, as the README's command does); with CDS=1 it first makes one
# in a training run of its own (-XX:ArchiveClassesAtExit) and measures the runs with it.
#
# Usage: measure-startup.sh [extra server flags...]
# Environment: JAR (default wiki-examples/target/wiki-server.jar), RUNS (5), PORT (18123),
#   JAVA_OPTS (-Xmx512m, as the README says), CDS (0).
# Build first, from the repository root: mvn -q -B package -DskipTests
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="${JAR:-$here/../target/wiki-server.jar}"
runs="${RUNS:-5}"
port="${PORT:-18123}"
read -r -a java_opts <<< "${JAVA_OPTS:--Xmx512m}"
[ -f "$jar" ] || { echo "no jar at $jar; build with: mvn -q -B package -DskipTests" >&2; exit 1; }
work="$(mktemp -d)"
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
now_ms() { date +%s%3N; }
tick_ms=$(( 1000 / $(getconf CLK_TCK) ))

# one_run DATA_DIR JVM_OPTS... : prints "wall_ms cpu_ms rss_mib"
one_run() {
  local data=$1; shift
  local start; start=$(now_ms)
  java "$@" -jar "$jar" --port "$port" --data-dir "$data" "${server_args[@]}" >"$work/server.log" 2>&1 &
  pid=$!
  while ! curl -s -o /dev/null -m 1 "http://127.0.0.1:$port/"; do
    kill -0 "$pid" 2>/dev/null || { echo "server exited:" >&2; cat "$work/server.log" >&2; exit 1; }
    (( $(now_ms) - start > 60000 )) && { echo "no answer within 60 s" >&2; exit 1; }
    sleep 0.01
  done
  local end; end=$(now_ms)
  local cpu; cpu=$(awk -v t="$tick_ms" '{print ($14 + $15) * t}' "/proc/$pid/stat")
  local rss; rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
  curl -s -o /dev/null "http://127.0.0.1:$port/Main"  # a page view, for a training run
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  echo "$(( end - start )) $cpu $rss"
}

server_args=("$@")
cds_opts=()
if [ "${CDS:-0}" = build ]; then
  cds_opts=(-XX:SharedArchiveFile="${jar%.jar}.jsa")
elif [ "${CDS:-0}" = 1 ]; then
  one_run "$work/train" "${java_opts[@]}" -XX:ArchiveClassesAtExit="$work/app.jsa" >/dev/null
  cds_opts=(-XX:SharedArchiveFile="$work/app.jsa")
  echo "AppCDS archive: $(du -h "$work/app.jsa" | cut -f1)"
fi
echo "java ${java_opts[*]} ${cds_opts[*]} -jar $(basename "$jar") ${server_args[*]}" \
  "($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
walls=()
for i in $(seq 1 "$runs"); do
  read -r wall cpu rss < <(one_run "$work/data$i" "${java_opts[@]}" "${cds_opts[@]}")
  echo "  run $i: first page $wall ms after java -jar, CPU $cpu ms, RSS $rss MiB"
  walls+=("$wall")
done
printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print "median first page: " a[int((NR+1)/2)] " ms, fastest: " a[1] " ms"}'
