#!/usr/bin/env bash
# A real local cluster: two memcached processes, a PostgreSQL streaming replica of the local
# server (pg_basebackup into a temporary directory, a free port, recovery_min_apply_delay = 1 s so
# lag is real), and three wiki servers sharing them (one database, the same --memcached list, the
# replica). It drives a bounded mixed workload round-robin across the servers (ClusterDriver:
# sign-ups, log-ins, edits, views, histories, recent changes), SIGKILLs one memcached and one
# server a third of the way through, restarts them at two thirds, and prints as its last line
#
#   requests=N failed=F stale=S sessions_lost=L
#
# (failed counts only requests to servers that were up). It exits non-zero unless F, S and L are
# all 0, and stops everything it started, whatever happens (trap).
#
# Usage: cluster.sh [--requests N (default 600)] [--classpath CP (default the server jar)]
# Needs: java, memcached, the local PostgreSQL 15 at 127.0.0.1:5432 (user postgres, trust, with a
# "host replication" line in pg_hba.conf: see .ci/run), pg_basebackup/pg_ctl, and root (the
# replica's files belong to the postgres user) or running as postgres. Logs stay in $KEEP_LOGS if
# that is set.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
requests=600
classpath="$here/../target/wiki-server.jar"
while [ $# -gt 0 ]; do
  case "$1" in
    --requests) requests="$2"; shift 2 ;;
    --classpath) classpath="$2"; shift 2 ;;
    *) echo "usage: cluster.sh [--requests N] [--classpath CP]" >&2; exit 2 ;;
  esac
done
[[ "$requests" =~ ^[0-9]+$ ]] || { echo "--requests must be a number" >&2; exit 2; }
[ -n "$classpath" ] || { echo "no classpath" >&2; exit 2; }
for tool in java memcached psql; do
  command -v "$tool" >/dev/null || { echo "cluster.sh needs $tool" >&2; exit 2; }
done
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -1)
[ -x "$bin/pg_basebackup" ] || { echo "cluster.sh needs pg_basebackup (postgresql)" >&2; exit 2; }
if [ "$(id -u)" = 0 ]; then
  as_postgres() { runuser -u postgres -- "$@"; }
elif [ "$(id -un)" = postgres ]; then
  as_postgres() { "$@"; }
else
  echo "cluster.sh must run as root or postgres (the replica's files belong to postgres)" >&2
  exit 2
fi

work="$(mktemp -d)"
chmod 755 "$work"
replica="$work/replica"
db="wikicluster_$$_$RANDOM"
log() { printf '%s %s\n' "$(date +%T)" "$*"; }

cleanup() {
  status=$?
  set +e
  for f in "$work"/*.pid; do
    [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null
  done
  for f in "$work"/*.pid; do
    for _ in $(seq 1 50); do
      kill -0 "$(cat "$f")" 2>/dev/null || break
      sleep 0.1
    done
  done
  if [ -f "$replica/postmaster.pid" ]; then
    as_postgres "$bin/pg_ctl" -D "$replica" stop -m immediate >/dev/null 2>&1
  fi
  psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
  if [ -n "${KEEP_LOGS:-}" ]; then
    mkdir -p "$KEEP_LOGS" && cp "$work"/*.log "$KEEP_LOGS"/ 2>/dev/null
    cp "$replica/log" "$KEEP_LOGS/replica.log" 2>/dev/null
  fi
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Ports below the kernel's ephemeral range: a port taken from inside it can be handed to one of
# the many outgoing connections (pools, memcached clients) before its server binds it.
ephemeral_low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
[ "$ephemeral_low" -gt 12000 ] || ephemeral_low=32768
free_port() { # a port nothing listens on and this script has not handed out before
  local p
  for _ in $(seq 1 200); do
    p=$(( 10000 + RANDOM % (ephemeral_low - 10000) ))
    grep -qx "$p" "$work/ports" 2>/dev/null && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p" >>"$work/ports"; echo "$p"; return 0
    fi
  done
  echo "no free port" >&2; return 1
}

wait_until() { # seconds, description, command...
  local seconds=$1 what=$2; shift 2
  for _ in $(seq 1 $(( seconds * 5 ))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "$what did not come up within $seconds s" >&2
  return 1
}

answers() { # port: true once the server there serves a page (plain bash: no curl needed)
  bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && printf "GET /_recent HTTP/1.0\r\n\r\n" >&3 &&
    head -n 1 <&3 | grep -q " 200 "' answers "$1"
}

# --- the database, and its streaming replica
log "database $db on 127.0.0.1:5432"
psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE $db" >/dev/null
replica_port=$(free_port)
mkdir "$replica"; chown postgres "$replica" 2>/dev/null || true; chmod 700 "$replica"
log "replica: pg_basebackup into $replica, port $replica_port"
as_postgres "$bin/pg_basebackup" -h 127.0.0.1 -U postgres -D "$replica" -R -X stream -c fast
hba=$(ls /etc/postgresql/*/main/pg_hba.conf 2>/dev/null | head -1)
# Debian keeps postgresql.conf and pg_hba.conf outside the data directory: give the replica its own
touch "$replica/postgresql.conf" "$replica/pg_ident.conf"
if [ -n "$hba" ]; then cp "$hba" "$replica/pg_hba.conf"; fi
chown postgres "$replica"/*.conf 2>/dev/null || true
cat >> "$replica/postgresql.auto.conf" <<CONF
port = $replica_port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$replica'
recovery_min_apply_delay = '1s'
hot_standby_feedback = on
CONF
as_postgres "$bin/pg_ctl" -D "$replica" -l "$replica/log" -w start >/dev/null
wait_until 60 "the replica" psql -h 127.0.0.1 -p "$replica_port" -U postgres -d "$db" -tAc \
  "select pg_is_in_recovery()"

# --- two memcached processes (memcached refuses to run as root without -u)
m1=$(free_port); m2=$(free_port)
as_user=""; if [ "$(id -u)" = 0 ]; then as_user="-u nobody"; fi
start_memcached() { # n port
  # in a subshell: not a job of this shell, so its SIGKILL is not reported here
  ( memcached $as_user -l 127.0.0.1 -p "$2" -U 0 -m 64 >"$work/memcached$1.log" 2>&1 &
    echo $! >"$work/memcached$1.pid" )
}
start_memcached 1 "$m1"; start_memcached 2 "$m2"
wait_until 10 "memcached 1" bash -c "exec 3<>/dev/tcp/127.0.0.1/$m1"
wait_until 10 "memcached 2" bash -c "exec 3<>/dev/tcp/127.0.0.1/$m2"
log "memcached on $m1 and $m2"

# --- three wiki servers sharing them
ports=($(free_port) $(free_port) $(free_port))
start_server() { # n
  local n=$1
  ( java -Xmx256m -XX:+UseSerialGC -cp "$classpath" org.wikicache.examples.WikiServer \
    --host 127.0.0.1 --port "${ports[$n]}" --data-dir "$work/data$n" \
    --db-url "jdbc:postgresql://127.0.0.1:5432/$db" --db-user postgres \
    --memcached "127.0.0.1:$m1,127.0.0.1:$m2" \
    --replica-url "jdbc:postgresql://127.0.0.1:$replica_port/$db" \
    >>"$work/server$n.log" 2>&1 &
    echo $! >"$work/server$n.pid" )
}
for n in 0 1 2; do start_server "$n"; done
servers=""
wait_for_server() { # n: until server n serves a page; on failure, the end of its log
  local why="did not come up within 120 s"
  for _ in $(seq 1 600); do
    if answers "${ports[$1]}" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$(cat "$work/server$1.pid")" 2>/dev/null; then why="exited"; break; fi
    sleep 0.2
  done
  echo "server $1 $why; the end of its log:" >&2
  tail -n 40 "$work/server$1.log" >&2
  return 1
}
for n in 0 1 2; do
  wait_for_server "$n"
  servers="$servers${servers:+,}http://127.0.0.1:${ports[$n]}"
done
log "servers at $servers (replica on $replica_port, memcached $m1,$m2)"

# --- the fault: kill memcached 1 and server 1 with SIGKILL, later restart both on their ports
cat >"$work/chaos.sh" <<CHAOS
#!/usr/bin/env bash
set -euo pipefail
work="$work"
case "\$1" in
  kill)
    kill -9 "\$(cat "\$work/memcached1.pid")"
    kill -9 "\$(cat "\$work/server1.pid")"
    echo "\$(date +%T) killed memcached 1 and server 1 (SIGKILL)" ;;
  restart)
    memcached $as_user -l 127.0.0.1 -p $m1 -U 0 -m 64 >>"\$work/memcached1.log" 2>&1 &
    echo \$! >"\$work/memcached1.pid"
    java -Xmx256m -XX:+UseSerialGC -cp "$classpath" org.wikicache.examples.WikiServer \\
      --host 127.0.0.1 --port ${ports[1]} --data-dir "\$work/data1" \\
      --db-url "jdbc:postgresql://127.0.0.1:5432/$db" --db-user postgres \\
      --memcached "127.0.0.1:$m1,127.0.0.1:$m2" \\
      --replica-url "jdbc:postgresql://127.0.0.1:$replica_port/$db" \\
      >>"\$work/server1.log" 2>&1 &
    echo \$! >"\$work/server1.pid"
    echo "\$(date +%T) restarted memcached 1 and server 1" ;;
esac
CHAOS

log "driving $requests requests round-robin"
set +e
java -Xmx256m -cp "$classpath" org.wikicache.examples.ClusterDriver --servers "$servers" \
  --requests "$requests" --chaos "$work/chaos.sh" --victim 1 >"$work/driver.log" 2>&1
driver=$?
set -e
grep -v '^requests=' "$work/driver.log" | tail -n 40 || true
# what the replica did, as each server's /_stats reports it (reads sent there, fills refused for lag)
for n in 0 1 2; do
  bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && printf "GET /_stats HTTP/1.0\r\n\r\n" >&3 &&
    cat <&3' stats "${ports[$n]}" 2>/dev/null \
    | grep -o '<th>[^<]*replica[^<]*</th><td>[^<]*</td>' \
    | sed "s/<th>/server $n: /; s/<\/th><td>/: /; s/<\/td>//" || true
done
summary=$(grep '^requests=' "$work/driver.log" | tail -1)
if [ -z "$summary" ]; then
  echo "the driver printed no summary (exit $driver)" >&2
  tail -n 20 "$work"/server*.log >&2 || true
  exit 1
fi
echo "$summary"
exit "$driver"
