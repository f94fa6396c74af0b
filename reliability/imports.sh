#!/usr/bin/env bash
# Imports under abuse, against the packaged service started with -Xmx512m:
#  1. a garbage CSV of many million lines to the synchronous import: a clear answer (413 naming
#     /api/v1/imports), liveness UP throughout, the process within its heap (no OutOfMemoryError);
#  2. a large valid CSV through POST /api/v1/imports, the service SIGKILLed once in the middle
#     and started again: the job completes, every row created exactly once, nothing lost.
# Prints the figures and exits non-zero on any failure.
#
#   reliability/imports.sh [--quick]
#
# Uses the database named by QUARKUS_DATASOURCE_JDBC_URL (jdbc:postgresql://HOST:PORT/DB, with
# _USERNAME and _PASSWORD) and the service on IMPORTS_HTTP_PORT (18087). The full form sends
# 8,000,000 garbage lines and imports 1,000,000 rows; the quick form 800,000 and 50,000.
# IMPORTS_JAVA_OPTS adds JVM options to the service (on a machine too loaded to open a database
# connection within the production 1 s login timeout, e.g.
# "-Dquarkus.datasource.jdbc.login-timeout=10S -Dquarkus.datasource.jdbc.additional-jdbc-properties.connectTimeout=10").
set -euo pipefail
cd "$(dirname "$0")/.."
mode=full
case "${1:-}" in --quick) mode=quick ;; "") ;; *) echo "usage: $0 [--quick]" >&2; exit 64 ;; esac
if [ "$mode" = quick ]; then garbage=800000; rows=50000; else garbage=8000000; rows=1000000; fi
[ -n "${QUARKUS_DATASOURCE_JDBC_URL:-}" ] || { echo "set QUARKUS_DATASOURCE_JDBC_URL (and _USERNAME, _PASSWORD)" >&2; exit 64; }
port="${IMPORTS_HTTP_PORT:-18087}"
base="http://127.0.0.1:$port"
# Health is on the management interface, a port of its own.
management_port="${IMPORTS_MANAGEMENT_PORT:-18098}"
health="${IMPORTS_HEALTH_URL:-http://127.0.0.1:$management_port/q/health/live}"
admin_key="imports-admin-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
hostport_db="${QUARKUS_DATASOURCE_JDBC_URL#jdbc:postgresql://}"
pg_host="${hostport_db%%:*}"; rest="${hostport_db#*:}"; pg_port="${rest%%/*}"; pg_db="${rest#*/}"; pg_db="${pg_db%%\?*}"
sql() { PGPASSWORD="${QUARKUS_DATASOURCE_PASSWORD:-}" psql -h "$pg_host" -p "$pg_port" -U "${QUARKUS_DATASOURCE_USERNAME:-postgres}" -d "$pg_db" -qAt -c "$1"; }
jar=target/quarkus-app/quarkus-run.jar
work=$(mktemp -d /tmp/ledger-imports.XXXXXX)
app_pid=""
log() { printf '%s %s\n' "$(date +%T)" "$*"; }
cleanup() { set +e; [ -n "$app_pid" ] && kill -9 "$app_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

if [ ! -f "$jar" ] || [ -n "$(find src pom.xml -newer "$jar" -type f -print -quit)" ]; then
  ./mvnw -B -ntp -q package -DskipTests
fi
# Starts the service; a start that exits (on a loaded machine the first database connection can
# take longer than the pool's acquisition timeout, and the service then stops, as it should) is
# tried again, as a supervisor would, at most three times. Each failed attempt is reported.
start_attempts=0
start() {
  local attempt
  for attempt in 1 2 3; do
    start_attempts=$((start_attempts + 1))
    LEDGER_ADMIN_API_KEY="$admin_key" QUARKUS_HTTP_PORT="$port" QUARKUS_MANAGEMENT_PORT="$management_port" \
      java -Xmx512m -XX:+ExitOnOutOfMemoryError ${IMPORTS_JAVA_OPTS:-} -jar "$jar" >>"$work/service.log" 2>&1 &
    app_pid=$!
    for _ in $(seq 1 300); do
      curl -sf "$health" >/dev/null 2>&1 && return 0
      kill -0 "$app_pid" 2>/dev/null || break
      sleep 1
    done
    if kill -0 "$app_pid" 2>/dev/null; then break; fi
    log "start attempt $attempt exited: $(grep -o 'Caused by[^\\]*' "$work/service.log" | tail -1 | head -c 200)"
  done
  echo "service did not come up"; tail -20 "$work/service.log"; exit 1
}
# Liveness twice a second, the process's resident memory and the heap in use (from the service's
# own metrics on the management port), until told to stop.
metrics_url="${health%/q/health/live}/q/metrics"
watch_service() {
  : >"$work/live"; : >"$work/rss"; : >"$work/heap"
  while [ ! -f "$work/stop-watch" ]; do
    if curl -sf -m 2 "$health" >/dev/null 2>&1; then echo ok >>"$work/live"; else echo fail >>"$work/live"; fi
    ps -o rss= -p "$app_pid" >>"$work/rss" 2>/dev/null || true
    curl -sf -m 2 "$metrics_url" 2>/dev/null | awk '/^jvm_memory_used_bytes\{.*area="heap"/ { s += $NF } END { if (s > 0) printf "%d\n", s }' >>"$work/heap" || true
    sleep 0.5
  done
}
api() { curl -s -H "Authorization: Bearer $1" "${@:2}"; }

start
log "service up (pid $app_pid, -Xmx512m)"
code="imports-$(date +%s)"
partner_key=$(api "$admin_key" -H 'Content-Type: application/json' -d "{\"code\":\"$code\",\"name\":\"Imports\",\"kind\":\"OTHER\",\"roles\":[\"PARTNER\"]}" "$base/api/v1/partners" | sed -n 's/.*"apiKey":"\([^"]*\)".*/\1/p')
campaign="IMP$(date +%s)"
api "$admin_key" -o /dev/null -H 'Content-Type: application/json' -d "{\"code\":\"$campaign\",\"name\":\"Imports\",\"startsOn\":\"2023-01-01\"}" "$base/api/v1/campaigns"
nib=$(printf '91%011d' "$((RANDOM * RANDOM))")
api "$admin_key" -o /dev/null -H 'Content-Type: application/json' -d "{\"nib\":\"$nib\",\"name\":\"Imports UMKM\",\"regionCode\":\"36.02\",\"scale\":\"MIKRO\"}" "$base/api/v1/umkm"

# ---- 1. garbage to the synchronous import ------------------------------------------------
awk -v n="$garbage" 'BEGIN { print "externalRef,campaign,umkmId,nib,amount,currency,fxRateToIdr,channel,occurredAt,metadata";
  for (i = 0; i < n; i++) print "," }' >"$work/garbage.csv"
rm -f "$work/stop-watch"; watch_service & watcher=$!
started=$(date +%s.%N)
status=$(api "$partner_key" -o "$work/garbage.out" -w '%{http_code}' -H 'Content-Type: text/csv' --data-binary @"$work/garbage.csv" "$base/api/v1/transactions/import")
took=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
sleep 2; touch "$work/stop-watch"; wait "$watcher"
live_fail=$(grep -c fail "$work/live" || true); live_ok=$(grep -c ok "$work/live" || true)
max_rss=$(sort -n "$work/rss" | tail -1)
max_heap=$(sort -n "$work/heap" | tail -1)
oom=$(grep -c OutOfMemoryError "$work/service.log" || true)
echo "garbage: lines=$garbage bytes=$(stat -c %s "$work/garbage.csv") status=$status seconds=$took live_ok=$live_ok live_failed=$live_fail max_rss_kib=$max_rss max_heap_used_bytes=${max_heap:-unknown} oom=$oom"
echo "garbage answer: $(head -c 300 "$work/garbage.out")"
[ "$status" = 413 ] && grep -q '/api/v1/imports' "$work/garbage.out" && [ "$live_fail" = 0 ] && [ "$oom" = 0 ] \
  && [ -n "$max_heap" ] && [ "$max_heap" -le $(( 512 * 1024 * 1024 )) ] \
  || { echo "FAIL: garbage import"; exit 1; }

# ---- 2. a large valid import with a SIGKILL in the middle ---------------------------------
prefix="imp-$(date +%s)"
awk -v n="$rows" -v p="$prefix" -v c="$campaign" -v nib="$nib" 'BEGIN {
  print "externalRef,campaign,umkmId,nib,amount,currency,fxRateToIdr,channel,occurredAt,metadata";
  for (i = 0; i < n; i++) printf "%s-%d,%s,,%s,%d.00,IDR,,QRIS,2023-06-01T10:00:00+07:00,\n", p, i, c, nib, 1 + i % 1000 }' >"$work/valid.csv"
rm -f "$work/stop-watch"; watch_service & watcher=$!
started=$(date +%s)
location=$(api "$partner_key" -D - -o "$work/job.json" -H 'Content-Type: text/csv' --data-binary @"$work/valid.csv" "$base/api/v1/imports" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
[ -n "$location" ] || { echo "FAIL: no Location"; cat "$work/job.json"; exit 1; }
case "$location" in http*) job_url="$location" ;; *) job_url="$base$location" ;; esac
uploaded=$(( $(date +%s) - started ))
log "uploaded $rows rows in ${uploaded}s: $location"
field() { sed -n "s/.*\"$1\":\"\{0,1\}\([^,\"}]*\).*/\1/p"; }
killed=0
while true; do
  job=$(api "$partner_key" "$job_url" || true)
  read_so_far=$(echo "$job" | field linesRead); state=$(echo "$job" | field state)
  if [ "$killed" = 0 ] && [ "${read_so_far:-0}" -ge $(( rows * 2 / 5 )) ]; then
    touch "$work/stop-watch"; wait "$watcher"
    kill -9 "$app_pid"; wait "$app_pid" 2>/dev/null || true
    log "SIGKILL at linesRead=$read_so_far; restarting"
    killed=1; start; rm -f "$work/stop-watch"; watch_service & watcher=$!
  fi
  [ "$state" = done ] || [ "$state" = failed ] && break
  [ $(( $(date +%s) - started )) -lt 7200 ] || { echo "FAIL: not done in 2 hours: $job"; exit 1; }
  sleep 1
done
total=$(( $(date +%s) - started ))
touch "$work/stop-watch"; wait "$watcher"
stored=$(sql "select count(*) from ledger_entry where external_ref like '$prefix-%'")
distinct=$(sql "select count(distinct external_ref) from ledger_entry where external_ref like '$prefix-%'")
created=$(echo "$job" | field created); replayed=$(echo "$job" | field replayed); rejected=$(echo "$job" | field rejected)
live_fail=$(grep -c fail "$work/live" || true); max_rss=$(sort -n "$work/rss" | tail -1); max_heap=$(sort -n "$work/heap" | tail -1)
echo "import: rows=$rows state=$state created=$created replayed=$replayed rejected=$rejected stored=$stored distinct=$distinct killed=$killed upload_seconds=$uploaded total_seconds=$total rows_per_second=$(( rows / (total > 0 ? total : 1) )) live_failed_after_restart=$live_fail max_rss_kib=$max_rss max_heap_used_bytes=${max_heap:-unknown} service_starts=$start_attempts"
[ "$state" = done ] && [ "$stored" = "$rows" ] && [ "$distinct" = "$rows" ] && [ "$created" = "$rows" ] && [ "$rejected" = 0 ] \
  && [ "$killed" = 1 ] && [ "$live_fail" = 0 ] \
  || { echo "FAIL: import lost or doubled rows"; exit 1; }
echo "ok"
