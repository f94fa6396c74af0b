#!/usr/bin/env bash
# Slow and unfinished connections: thousands of sockets send half a request header and then
# nothing. The service closes them after its idle timeout and never holds more than its
# connection cap, so its file descriptors stay bounded and liveness stays UP throughout. Prints
#   sockets=N refused=N closed_by_server=N live_ok=N live_failed=0 max_fds=N fd_bound=N
# and exits non-zero when liveness failed, the descriptors passed the bound, or the service
# closed none of the idle sockets.
#
#   reliability/slow-connections.sh [--quick] [--health URL]
#
# Starts the packaged service (target/quarkus-app) on SLOW_HTTP_PORT (18086) against the database
# named by QUARKUS_DATASOURCE_JDBC_URL (and _USERNAME, _PASSWORD). --health names the liveness URL
# (default http://127.0.0.1:$SLOW_MANAGEMENT_PORT/q/health/live, the management interface the
# service is started with; SLOW_MANAGEMENT_PORT defaults to 18097). The quick form opens 2,000 sockets at 40 a second; the full
# form 15,000 at 150 a second.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full
health=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) mode=quick ;;
    --health) health="$2"; shift ;;
    *) echo "usage: $0 [--quick] [--health URL]" >&2; exit 64 ;;
  esac
  shift
done
[ -n "${QUARKUS_DATASOURCE_JDBC_URL:-}" ] || { echo "set QUARKUS_DATASOURCE_JDBC_URL (and _USERNAME, _PASSWORD)" >&2; exit 64; }
port="${SLOW_HTTP_PORT:-18086}"
management_port="${SLOW_MANAGEMENT_PORT:-18097}"
health="${health:-http://127.0.0.1:$management_port/q/health/live}"
if [ "$mode" = quick ]; then sockets=2000; rate=40; else sockets=15000; rate=150; fi
# Descriptors the service may hold: its connection cap, plus files, jars, pool and the event loop.
cap=$(grep -E '^quarkus.http.limits.max-connections=' src/main/resources/application.properties | cut -d= -f2)
bound=$(( ${cap:-2000} + 400 ))
jar=target/quarkus-app/quarkus-run.jar
work=$(mktemp -d /tmp/ledger-slow.XXXXXX)
app_pid=""
cleanup() {
  set +e
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

if [ ! -f "$jar" ] || [ -n "$(find src pom.xml -newer "$jar" -type f -print -quit)" ]; then
  ./mvnw -B -ntp -q package -DskipTests
fi
LEDGER_ADMIN_API_KEY="slow-admin-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" QUARKUS_HTTP_PORT="$port" QUARKUS_MANAGEMENT_PORT="$management_port" \
  java -Xmx512m -jar "$jar" >"$work/service.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 300); do curl -sf "$health" >/dev/null 2>&1 && break; sleep 1; done
curl -sf "$health" >/dev/null || { echo "service did not come up:"; tail -20 "$work/service.log"; exit 1; }
echo "service pid $app_pid on port $port, liveness $health; $sockets half-header sockets at $rate/s"
java reliability/SlowClients.java 127.0.0.1 "$port" "$sockets" "$rate" "$health" "$app_pid" "$bound"
