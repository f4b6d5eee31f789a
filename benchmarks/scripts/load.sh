#!/usr/bin/env bash
# Load test of the example server, uncached against cached: starts the server once per mode,
# seeds PAGES pages of ~4 KiB through the web forms (sign-up, edit), then runs wrk against one
# page URL on loopback and prints requests/s and latency percentiles for each mode.
#
# Usage: benchmarks/scripts/load.sh
# Environment:
#   SERVER_JAR  default wiki-examples/target/wiki-server.jar
#   MODES       default "uncached cached"; add "memcached" for the cache on a real memcached
#               (started here with /usr/bin/memcached on a free port)
#   DB          h2 (default: --in-memory, embedded H2) or postgres (a fresh database
#               wikiload_<mode> on WIKIBENCH_PG, default 127.0.0.1:5432, dropped afterwards)
#   DURATION    wrk duration, default 10s; THREADS default 2; CONNECTIONS default 16
#   PAGES       pages seeded, default 20; the URL is the first page
# Note: wrk and the server share the machine's cores; compare the modes, not absolute figures.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${SERVER_JAR:-$ROOT/wiki-examples/target/wiki-server.jar}
MODES=${MODES:-uncached cached}
DB=${DB:-h2}
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
PAGES=${PAGES:-20}
PG=${WIKIBENCH_PG:-127.0.0.1:5432}
WORK=${WORK:-$ROOT/benchmarks/target/load}
[[ -f $JAR ]] || { echo "no server jar at $JAR: build wiki-examples first (or set SERVER_JAR)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }
mkdir -p "$WORK"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
    || echo $((20000 + RANDOM % 20000))
}

SERVER_PID=; MEMCACHED_PID=
cleanup() {
  [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null
  [[ -n $MEMCACHED_PID ]] && kill "$MEMCACHED_PID" 2>/dev/null
  wait 2>/dev/null || true
}
trap cleanup EXIT

csrf() { grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="\([^"]*\)"/\1/'; }

page_text() { # ~4 KiB of Markdown for page $1
  local i=$1 out="# Page $i"$'\n\n'
  while (( ${#out} < 4000 )); do
    out+="## Section"$'\n\n'"Some *wiki* text with a [link](/Load_Page_$(( (i + 1) % PAGES ))),"
    out+=" **bold** words, \`code\` and a list:"$'\n\n'"- cache"$'\n'"- store"$'\n\n'
  done
  printf '%s' "${out:0:4096}"
}

seed() { # base URL
  local base=$1 jar="$WORK/cookies.txt" token
  rm -f "$jar"
  token=$(curl -s -c "$jar" -b "$jar" "$base/signup" | csrf)
  curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf=$token" \
    --data-urlencode "username=loadtester" --data-urlencode "password=load-password-1" \
    --data-urlencode "verify=load-password-1" --data-urlencode "email=load@example.org" \
    "$base/signup"
  for i in $(seq 0 $((PAGES - 1))); do
    token=$(curl -s -c "$jar" -b "$jar" "$base/_edit/Load_Page_$i" | csrf)
    local code
    code=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
      --data-urlencode "csrf=$token" --data-urlencode "base=0" \
      --data-urlencode "comment=load seed" --data-urlencode "content=$(page_text "$i")" \
      "$base/_edit/Load_Page_$i")
    [[ $code == 303 ]] || { echo "seeding Load_Page_$i answered $code" >&2; exit 1; }
  done
}

results=()
for mode in $MODES; do
  port=$(free_port)
  args=(--port="$port")
  case $DB in
    h2) args+=(--in-memory) ;;
    postgres)
      db="wikiload_$mode"
      psql -q -h "${PG%:*}" -p "${PG#*:}" -U postgres -d test \
        -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
      args+=(--db-url="jdbc:postgresql://$PG/$db" --db-user=postgres) ;;
    *) echo "DB must be h2 or postgres" >&2; exit 1 ;;
  esac
  case $mode in
    uncached) args+=(--no-cache) ;;
    cached) ;;
    memcached)
      mport=$(free_port)
      /usr/bin/memcached -p "$mport" -U 0 -l 127.0.0.1 -m 64 -t 1 $([[ $(id -u) == 0 ]] && echo -u root) &
      MEMCACHED_PID=$!
      args+=(--memcached="127.0.0.1:$mport") ;;
    *) echo "unknown mode $mode" >&2; exit 1 ;;
  esac
  java -jar "$JAR" "${args[@]}" > "$WORK/server-$mode.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 3000); do
    curl -s -o /dev/null "http://127.0.0.1:$port/" && break
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited; see $WORK/server-$mode.log" >&2; exit 1; }
    sleep 0.01
  done
  seed "http://127.0.0.1:$port"
  url="http://127.0.0.1:$port/Load_Page_0"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d3s "$url" > /dev/null   # warm-up (JIT, cache fill)
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url" | tee "$WORK/wrk-$mode.txt"
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk-$mode.txt")
  pct() { awk -v p="$1" '$1 == p {print $2}' "$WORK/wrk-$mode.txt"; }
  errors=$(awk '/Non-2xx|Socket errors/ {print}' "$WORK/wrk-$mode.txt" | tr '\n' ' ')
  results+=("$(printf '| %-9s | %10s | %8s | %8s | %8s | %8s | %s |' "$mode" "$rps" \
    "$(pct 50%)" "$(pct 75%)" "$(pct 90%)" "$(pct 99%)" "${errors:-none}")")
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
  if [[ -n $MEMCACHED_PID ]]; then kill "$MEMCACHED_PID"; wait "$MEMCACHED_PID" 2>/dev/null || true; MEMCACHED_PID=; fi
  if [[ $DB == postgres ]]; then
    psql -q -h "${PG%:*}" -p "${PG#*:}" -U postgres -d test -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  fi
done

echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency http://127.0.0.1:PORT/Load_Page_0 (~4 KiB page); DB=$DB;" \
  "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| mode      |  req/s     |   p50    |   p75    |   p90    |   p99    | errors |"
echo "| --------- | ---------: | -------: | -------: | -------: | -------: | ------ |"
printf '%s\n' "${results[@]}"
