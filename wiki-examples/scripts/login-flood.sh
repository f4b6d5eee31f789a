#!/usr/bin/env bash
# Floods the example server with anonymous GET /login (wrk) while a user is logged in, then
# checks that the user is still logged in and that the number of live sessions did not move:
# anonymous visitors create no server-side state. Prints the request count, rate, the session
# count before and after, and the server's RSS before and after.
#
# Usage: login-flood.sh [requests, default 101000]
# Environment: JAR (default wiki-examples/target/wiki-server.jar), PORT (18124).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="${JAR:-$here/../target/wiki-server.jar}"
port="${PORT:-18124}"
want="${1:-101000}"
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
work="$(mktemp -d)"
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
base="http://127.0.0.1:$port"
java -Xmx512m -jar "$jar" --port "$port" --host 127.0.0.1 --data-dir "$work/data" \
  >"$work/server.log" 2>&1 &
pid=$!
until curl -s -o /dev/null "$base/"; do sleep 0.1; done

jar_cookies="$work/cookies"
token() { grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
csrf=$(curl -s -c "$jar_cookies" -b "$jar_cookies" "$base/signup" | token)
curl -s -o /dev/null -c "$jar_cookies" -b "$jar_cookies" --data-urlencode "csrf=$csrf" \
  --data-urlencode "username=admin" --data-urlencode "password=correct horse" \
  --data-urlencode "verify=correct horse" --data-urlencode "email=" "$base/signup"
sessions() { curl -s -b "$jar_cookies" "$base/_stats" | grep -o 'id="sessions">[0-9]*' | grep -o '[0-9]*$'; }
rss() { awk '/VmRSS/ {print int($2 / 1024) " MiB"}' "/proc/$pid/status"; }
before=$(sessions)
rss_before=$(rss)

# wrk runs for a time, not a count: run it 10 s at a time until enough requests were sent
requests=0; seconds=0; report=""
while (( requests < want && seconds < 900 )); do
  report=$(wrk -t2 -c16 -d10s --latency "$base/login")
  requests=$(( requests + $(echo "$report" | awk '/requests in/ {print $1}') ))
  seconds=$(( seconds + 10 ))
done
after=$(sessions)
logged_in=$(curl -s -b "$jar_cookies" "$base/" | grep -c 'log out' || true)
echo "anonymous GET /login: $requests requests in $seconds s; last 10 s: $(echo "$report" \
  | awk '/Requests\/sec/ {print $2}') req/s, p99 $(echo "$report" | awk '/ 99%/ {print $2}')," \
  "non-2xx: $(echo "$report" | awk '/Non-2xx/ {print $NF}' | grep . || echo 0)"
echo "live sessions before: $before, after: $after; the user is still logged in: $([ "$logged_in" -gt 0 ] && echo yes || echo NO)"
echo "server RSS before: $rss_before, after: $(rss)"
