#!/usr/bin/env bash
# Runs the JMH benchmarks with enough forks and iterations for ratios with intervals, and with
# the GC profiler (allocation per operation, gc.alloc.rate.norm), then prints the table of
# figures, every target ratio with the interval both scores' errors allow and a verdict that is
# "met" only when the whole interval is on the right side (org.wikicache.benchmarks.Report), the
# large-value table, the allocation of the hit paths, and the store queries per cached page view
# at steady state.
#
# Where our code is held to a baseline of similar cost (large values, page hits, getMulti, the
# memcached view), the verdict comes from a paired benchmark (*Paired: both sides timed in the
# same iterations, see PairedNanos), because separate trials drift apart by more than their
# errors.
#
# All 103 trials with the defaults take about 40 minutes on 2 cores (2 forks x (2 + 5) s per
# trial, plus JVM start and set-up). A subset: pass a regular expression, e.g. 'Paired'.
#
# Usage: benchmarks/scripts/run-benchmarks.sh [JMH options...]
#   e.g. benchmarks/scripts/run-benchmarks.sh 'PageReadBenchmark|FullViewBenchmark'
#        benchmarks/scripts/run-benchmarks.sh LargeValueBenchmark -p client=ADAPTER,RAW_XMEMCACHED,RAW_OUT_OF_THE_BOX
#        benchmarks/scripts/run-benchmarks.sh -p memcached=127.0.0.1:11211
# Environment:
#   FORKS (default 2, at least 2: one fork gives no interval across JVMs), WARMUPS (default 2),
#   ITERATIONS (default 5; seconds each, per fork), PROFILE (default gc; empty for none),
#   OUT (default benchmarks/target/results), WIKIBENCH_PG (host:port of PostgreSQL, default
#   127.0.0.1:5432; the benchmarks create and reuse the database "wikibench"), MEMCACHED (for the
#   query count: auto = start one, host:port, or none).
# Needs: Java 17, PostgreSQL (user postgres, trust auth, database "test"), /usr/bin/memcached.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
JAR=benchmarks/target/benchmarks.jar
if [[ ! -f $JAR ]]; then
  mvn -B -q -pl benchmarks -am package -DskipTests
fi
OUT=${OUT:-benchmarks/target/results}
FORKS=${FORKS:-2}
WARMUPS=${WARMUPS:-2}
ITERATIONS=${ITERATIONS:-5}
PROFILE=${PROFILE-gc}
if (( FORKS < 2 )); then
  echo "FORKS=$FORKS: at least 2 forks are needed for ratios with intervals" >&2
  exit 2
fi
mkdir -p "$OUT"
JMH_ARGS=(-f "$FORKS" -wi "$WARMUPS" -w 1 -i "$ITERATIONS" -r 1 -rf json -rff "$OUT/jmh.json")
if [[ -n $PROFILE ]]; then
  JMH_ARGS+=(-prof "$PROFILE")
fi

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
    "$(free -g | awk '/Mem:/ {print $2}') GiB RAM"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "memcached: $(/usr/bin/memcached -V 2>/dev/null || echo missing)"
  echo "postgresql: $(psql -V 2>/dev/null || echo 'psql missing')"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "command: java -jar $JAR ${JMH_ARGS[*]} $*"
} | tee "$OUT/environment.txt"

java -jar "$JAR" "${JMH_ARGS[@]}" "$@" | tee "$OUT/jmh.txt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/environment.txt"

java -cp "$JAR" org.wikicache.benchmarks.Report "$OUT/jmh.json" "${MEMCACHED:-auto}" \
  | tee "$OUT/report.md"
echo "wrote $OUT/jmh.json, $OUT/jmh.txt, $OUT/report.md"
