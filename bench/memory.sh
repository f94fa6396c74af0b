#!/usr/bin/env bash
# Peak RSS of the packaged service under a short load, with the JVM options given, and its GC
# pauses: single posts (wrk, 8 connections) for MEM_POST_SECONDS (30), 1,000-item batches from 3
# clients (MEM_BATCH_ROWS, 60,000), then progress and breakdown reads (300 of each after 300 of
# warm-up), in a fresh database on the machine's PostgreSQL (dropped at the end).
#
#   bench/memory.sh LABEL [java options...]
#   bench/memory.sh unbounded
#   MALLOC_ARENA_MAX=2 bench/memory.sh shipped -Xms32m -Xmx128m -XX:+UseSerialGC -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m -Xss512k
#
# Prints one line: memory_LABEL rss_mb_idle=… rss_mb_peak=… single_post_tps=… batch_rows_per_s=…
# gc_pauses=… gc_pause_max_ms=… gc_pause_total_ms=…   (figures also in target/bench/memory-LABEL.txt)
# env: MEM_PORT (18091), PGHOST/PGPORT/PGUSER.
set -euo pipefail
cd "$(dirname "$0")/.."
label="${1:?usage: bench/memory.sh LABEL [java options...]}"; shift
port="${MEM_PORT:-18091}"
management_port="${MEM_MANAGEMENT_PORT:-18092}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
out=target/bench
mkdir -p "$out/classes"
jar=target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || ./mvnw -B -ntp -q package -DskipTests
javac -d "$out/classes" bench/LedgerBench.java
bench() { java -cp "$out/classes" LedgerBench "$@"; }
command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null

db="ledger_mem_$(date +%s)_$$"
psql -v ON_ERROR_STOP=1 -q -c "create database $db"
cleanup() {
  if [ -n "${app_pid:-}" ]; then kill "$app_pid" 2>/dev/null; wait "$app_pid" 2>/dev/null || true; fi
  psql -q -c "drop database if exists $db with (force)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

gc_log="$out/gc-$label.log"
rm -f "$gc_log"
admin_key="mem-admin-$(date +%s%N)"
# A generous pool wait: on a busy machine the first connections can take seconds.
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$db" QUARKUS_DATASOURCE_USERNAME="$PGUSER" \
QUARKUS_DATASOURCE_PASSWORD=unused QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT=20S LEDGER_ADMIN_API_KEY="$admin_key" \
QUARKUS_HTTP_PORT="$port" QUARKUS_MANAGEMENT_PORT="$management_port" LEDGER_RATE_LIMIT_REQUESTS_PER_SECOND=1000000 LEDGER_RATE_LIMIT_BURST=1000000 \
  java "$@" "-Xlog:gc:file=$gc_log" -jar "$jar" > "$out/memory-$label-service.log" 2>&1 &
app_pid=$!
until curl -sf "http://127.0.0.1:$management_port/q/health/ready" >/dev/null; do
  kill -0 "$app_pid" 2>/dev/null || { tail -20 "$out/memory-$label-service.log"; exit 1; }
  sleep 0.2
done
rss_mb() { awk -v k="$1" '$1 == k":" {printf "%.0f", $2/1024}' "/proc/$app_pid/status"; }
idle=$(rss_mb VmRSS)

state="$out/memory-$label.properties"
prop() { grep "^$1=" "$state" | cut -d= -f2-; }
bench setup --url "http://127.0.0.1:$port" --admin "$admin_key" --state "$state" --umkm 400 >/dev/null
prop umkm | tr ',' '\n' > "$out/memory-umkm.txt"
BENCH_KEY=$(prop partner.0.key) BENCH_CAMPAIGN=$(prop campaign.writes) BENCH_UMKM_FILE="$out/memory-umkm.txt" \
BENCH_RUN="mem-$label-$(date +%s)" wrk -t 2 -c 8 -d "${MEM_POST_SECONDS:-30}s" --timeout 30s -s bench/post.lua \
  "http://127.0.0.1:$port" > "$out/memory-$label-wrk.txt"
posts=$(grep -o 'single_post_tps=[0-9.]*' "$out/memory-$label-wrk.txt" | cut -d= -f2)
batches=$(bench batches --state "$state" --clients 3 --rows "${MEM_BATCH_ROWS:-60000}" --campaign reads \
  | grep -o 'batch_rows_per_s=[0-9.]*' | cut -d= -f2)
bench reads --state "$state" --requests 300 --warm-up 300 --label _mem > "$out/memory-$label-reads.txt"
peak=$(rss_mb VmHWM)
# -Xlog:gc lines end in "…M->…M(…M) 12.345ms": pauses, their maximum and their sum.
read -r pauses max total < <(grep -o '[0-9.]*ms$' "$gc_log" | tr -d 'ms' \
  | awk '{n++; s+=$1; if ($1>m) m=$1} END {printf "%d %.1f %.0f\n", n, m, s}')
echo "memory_$label rss_mb_idle=$idle rss_mb_peak=$peak single_post_tps=$posts batch_rows_per_s=$batches" \
     "gc_pauses=$pauses gc_pause_max_ms=$max gc_pause_total_ms=$total java_options='$*'" | tee "$out/memory-$label.txt"
