#!/usr/bin/env bash
# Runs every JMH benchmark once (about 10-15 minutes on 2 cores), then prints the table of
# figures and the ratios against the targets (org.wikicache.benchmarks.Report), including the
# store queries per cached page view at steady state.
#
# Usage: benchmarks/scripts/run-benchmarks.sh [JMH options...]
#   e.g. benchmarks/scripts/run-benchmarks.sh 'PageReadBenchmark|FullViewBenchmark'
#        benchmarks/scripts/run-benchmarks.sh -p memcached=127.0.0.1:11211
# Environment: OUT (default benchmarks/target/results), WIKIBENCH_PG (host:port of PostgreSQL,
# default 127.0.0.1:5432; the benchmarks create and reuse the database "wikibench"),
# MEMCACHED (for the query count: auto = start one, host:port, or none).
# Needs: Java 17, PostgreSQL (user postgres, trust auth, database "test"), /usr/bin/memcached.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
JAR=benchmarks/target/benchmarks.jar
if [[ ! -f $JAR ]]; then
  mvn -B -q -pl benchmarks -am package -DskipTests
fi
OUT=${OUT:-benchmarks/target/results}
mkdir -p "$OUT"

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
    "$(free -g | awk '/Mem:/ {print $2}') GiB RAM"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "memcached: $(/usr/bin/memcached -V 2>/dev/null || echo missing)"
  echo "postgresql: $(psql -V 2>/dev/null || echo 'psql missing')"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "command: java -jar $JAR -rf json -rff $OUT/jmh.json $*"
} | tee "$OUT/environment.txt"

java -jar "$JAR" -rf json -rff "$OUT/jmh.json" "$@" | tee "$OUT/jmh.txt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/environment.txt"

java -cp "$JAR" org.wikicache.benchmarks.Report "$OUT/jmh.json" "${MEMCACHED:-auto}" \
  | tee "$OUT/report.md"
echo "wrote $OUT/jmh.json, $OUT/jmh.txt, $OUT/report.md"
