#!/usr/bin/env bash
# A private PostgreSQL primary and a real streaming replica of it (pg_basebackup -R), for the
# read-replica test and for trying the replica datasource by hand. Never touches the machine's
# own cluster: both data directories live under target/replica/.
#
#   reliability/replica.sh up             initdb the primary, create database "ledger", base-backup
#                                         the replica and start both (a fresh pair every time)
#   reliability/replica.sh start|stop     start or stop the replica (the primary keeps running)
#   reliability/replica.sh pause-replay   the replica keeps receiving WAL but stops applying it
#   reliability/replica.sh resume         apply again
#   reliability/replica.sh status         both ports, recovery state and the replay gap in bytes
#   reliability/replica.sh down           stop both and delete target/replica/
#
# env: REPLICA_PRIMARY_PORT (20510), REPLICA_STANDBY_PORT (20511), REPLICA_DIR (target/replica),
#      PG_BIN (the newest /usr/lib/postgresql/*/bin).
# Prints JDBC URLs for QUARKUS_DATASOURCE_JDBC_URL and QUARKUS_DATASOURCE_REPLICA_JDBC_URL on "up".
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C

primary_port="${REPLICA_PRIMARY_PORT:-20510}"
standby_port="${REPLICA_STANDBY_PORT:-20511}"
dir="$(realpath -m "${REPLICA_DIR:-target/replica}")"
pg_bin="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
[ -x "$pg_bin/initdb" ] || { echo "no PostgreSQL binaries (set PG_BIN)" >&2; exit 1; }
primary="$dir/primary"
standby="$dir/standby"

# PostgreSQL refuses to run as root: run it as the postgres user then.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
pg_ctl() { # data-dir args...
  local data="$1"; shift
  as_pg "$pg_bin/pg_ctl" -D "$data" -w -t 60 "$@" >>"$dir/pg_ctl.log" 2>&1 \
    || { echo "pg_ctl -D $data $* failed:" >&2; tail -20 "$dir/pg_ctl.log" "$data.log" >&2 2>/dev/null; exit 1; }
}
psql_at() { # port sql
  psql -h 127.0.0.1 -p "$1" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt -c "$2"
}
running() { [ -f "$1/postmaster.pid" ] && as_pg "$pg_bin/pg_ctl" -D "$1" status >/dev/null 2>&1; }

up() {
  down_quietly
  mkdir -p "$dir"
  chmod 755 "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
  as_pg "$pg_bin/initdb" -D "$primary" -U postgres -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1
  # Small and quick: the pair is for tests. wal_level=replica and a sender or two are all
  # streaming needs; hot_standby_feedback keeps the replica's long reads from being cancelled.
  cat >>"$primary/postgresql.conf" <<EOF
port = $primary_port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
wal_level = replica
max_wal_senders = 4
wal_keep_size = 256MB
max_connections = 60
shared_buffers = 32MB
fsync = off
hot_standby = on
hot_standby_feedback = on
EOF
  echo "host replication postgres 127.0.0.1/32 trust" >>"$primary/pg_hba.conf"
  pg_ctl "$primary" -l "$primary.log" start
  psql_at "$primary_port" "create database ledger"
  # -R writes standby.signal and primary_conninfo: the copy starts as a streaming replica.
  as_pg "$pg_bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$standby" -R -X stream -c fast \
    >"$dir/basebackup.log" 2>&1 || { cat "$dir/basebackup.log" >&2; exit 1; }
  cat >>"$standby/postgresql.conf" <<EOF
port = $standby_port
EOF
  start
  # Streaming, not just recovering from the copy: wait for the primary to see the receiver.
  for _ in $(seq 1 100); do
    [ "$(psql_at "$primary_port" "select count(*) from pg_stat_replication where state = 'streaming'")" -ge 1 ] && break
    sleep 0.1
  done
  [ "$(psql_at "$primary_port" "select count(*) from pg_stat_replication where state = 'streaming'")" -ge 1 ] \
    || { echo "the replica does not stream" >&2; tail -20 "$standby.log" >&2; exit 1; }
  echo "primary=jdbc:postgresql://127.0.0.1:$primary_port/ledger"
  echo "replica=jdbc:postgresql://127.0.0.1:$standby_port/ledger"
}

start() {
  running "$standby" || pg_ctl "$standby" -l "$standby.log" start
}

stop() {
  if running "$standby"; then pg_ctl "$standby" -m fast stop; fi
}

pause_replay() {
  psql_at "$standby_port" "select pg_wal_replay_pause()" >/dev/null
  # pg_wal_replay_pause() only asks; wait until the startup process has stopped applying.
  for _ in $(seq 1 100); do
    [ "$(psql_at "$standby_port" "select pg_get_wal_replay_pause_state()")" = paused ] && return 0
    sleep 0.05
  done
  echo "replay did not pause" >&2; exit 1
}

resume() {
  psql_at "$standby_port" "select pg_wal_replay_resume()" >/dev/null
}

status() {
  echo "primary port=$primary_port running=$(running "$primary" && echo yes || echo no)"
  echo "replica port=$standby_port running=$(running "$standby" && echo yes || echo no)"
  if running "$primary" && running "$standby"; then
    local lsn
    lsn=$(psql_at "$primary_port" "select pg_current_wal_lsn()")
    psql_at "$standby_port" "select 'in_recovery=' || pg_is_in_recovery() || ' replay=' || pg_get_wal_replay_pause_state()
                              || ' behind_bytes=' || pg_wal_lsn_diff('$lsn', pg_last_wal_replay_lsn())"
  fi
}

down_quietly() {
  for data in "$standby" "$primary"; do
    if [ -f "$data/postmaster.pid" ]; then as_pg "$pg_bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true; fi
  done
  rm -rf "$dir"
}

case "${1:-}" in
  up) up ;;
  start) start ;;
  stop) stop ;;
  pause-replay) pause_replay ;;
  resume) resume ;;
  status) status ;;
  down) down_quietly ;;
  *) echo "usage: $0 up|start|stop|pause-replay|resume|status|down" >&2; exit 64 ;;
esac
