#!/usr/bin/env bash
# Measures the service beside PostgreSQL's own speed on the same machine, schema and run:
#   single posts (HTTP) vs pgbench INSERTs, batch ingest (HTTP) vs COPY, progress and breakdown
#   latency at 10 thousand and at 10 million entries vs a naive SUM, RSS and start-to-ready time.
# usage: bench/run.sh [--quick]      (--quick: smaller sizes, under 3 minutes)
# env:   BENCH_PORT (18090), BENCH_KEEP_DB=1 keeps the database, PGHOST/PGPORT/PGUSER for the server,
#        BENCH_WEBHOOK=1 a webhook subscription receiving every posted entry (see below).
set -euo pipefail
cd "$(dirname "$0")/.."

quick=false
[ "${1:-}" = "--quick" ] && quick=true
if $quick; then
  post_seconds=10; batch_rows=20000; large=200000; large_label=200k; reads=200; umkm=400; warm_seconds=10; reads_warm_up=500
else
  post_seconds=30; batch_rows=300000; large=10000000; large_label=10m; reads=500; umkm=1206; warm_seconds=60; reads_warm_up=2000
fi
small=10000
clients=8
batch_clients=3
port="${BENCH_PORT:-18090}"
# Health and metrics are on the management interface, a port of its own.
management_port="${BENCH_MANAGEMENT_PORT:-18096}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
out=target/bench
mkdir -p "$out"
results="$out/results-$(date -u +%Y%m%dT%H%M%SZ).txt"
log() { echo "$@" | tee -a "$results"; }

echo "== PostgreSQL"
if ! pg_isready -q; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  for _ in $(seq 1 30); do pg_isready -q && break; sleep 1; done
fi
pgbench=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench | tail -1)
if ! command -v wrk >/dev/null; then
  echo "== Installing wrk (the HTTP load generator of the single-post phase)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null
fi

echo "== Service jar"
jar=target/quarkus-app/quarkus-run.jar
if [ ! -f "$jar" ] || [ -n "$(find src pom.xml -newer "$jar" -print -quit)" ]; then
  ./mvnw -B -ntp -q package -DskipTests
fi
mkdir -p "$out/classes"
javac -d "$out/classes" bench/LedgerBench.java
bench() { java -cp "$out/classes" LedgerBench "$@"; }

db="ledger_bench_$(date +%s)"
psql -v ON_ERROR_STOP=1 -q -c "create database $db"
sql() { psql -d "$db" -v ON_ERROR_STOP=1 -qAt "$@"; }
cleanup() {
  # The service ends by SIGTERM (143): the run's outcome is what came before, not that.
  if [ -n "${app_pid:-}" ]; then kill "$app_pid" 2>/dev/null; wait "$app_pid" 2>/dev/null || true; fi
  [ "${BENCH_KEEP_DB:-0}" = 1 ] || psql -q -c "drop database if exists $db with (force)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

log "# $(date -u +%FT%TZ) bench/run.sh $*  commit $(git rev-parse --short HEAD 2>/dev/null || echo none)"
log "# machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)," \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)," \
    "$(psql -qAt -c 'show server_version')"

# BENCH_WEBHOOK=1: the bench partners subscribe to transaction.recorded, delivered to a local
# receiver (bench/BenchReceiver.java, answers 204 and counts) on BENCH_HOOK_PORT (18097), so every
# posted entry is also a webhook delivery. The run ends with
#   webhook_events_delivered=N webhook_receiver_requests=N webhook_events_pending=N
# after waiting up to BENCH_WEBHOOK_WAIT seconds (120) for the outbox. Compare single_post_tps and
# batch_rows_per_s with a run without it: the pgbench and COPY baselines write ledger_entry
# directly as a bench partner, so the outbox trigger adds its rows to them too.
bench_webhook() { :; }
if [ "${BENCH_WEBHOOK:-0}" = 1 ]; then
  hook_port="${BENCH_HOOK_PORT:-18097}"
  javac -d "$out/receiver" bench/BenchReceiver.java
  java -Xmx64m -cp "$out/receiver" BenchReceiver "$hook_port" > "$out/receiver.log" 2>&1 &
  receiver_pid=$!
  trap 'kill "$receiver_pid" 2>/dev/null; cleanup' EXIT
  export LEDGER_WEBHOOKS_ALLOW_PRIVATE_URLS=true # the receiver is on 127.0.0.1, over plain http
  bench_webhook() { # subscribe | report
    if [ "$1" = subscribe ]; then
      for key in $(grep '^partner\.[0-9]*\.key=' "$state" | cut -d= -f2-); do
        curl -sf -o /dev/null -X POST -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
          -d "{\"url\":\"http://127.0.0.1:$hook_port/hook\",\"eventTypes\":[\"transaction.recorded\"]}" \
          "http://127.0.0.1:$port/api/v1/webhooks"
      done
    else
      for _ in $(seq 1 "${BENCH_WEBHOOK_WAIT:-120}"); do
        [ "$(sql -c "select count(*) from webhook_message where status = 'PENDING'")" = 0 ] && break; sleep 1
      done
      log "webhook_events_delivered=$(sql -c "select count(*) from webhook_message where status = 'DELIVERED'")" \
          "webhook_receiver_requests=$(curl -sf "http://127.0.0.1:$hook_port/count")" \
          "webhook_events_pending=$(sql -c "select count(*) from webhook_message where status = 'PENDING'")"
    fi
  }
fi

echo "== Start the service"
admin_key="bench-admin-$(date +%s%N)"
started=$(date +%s%N)
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$db" QUARKUS_DATASOURCE_USERNAME="$PGUSER" \
QUARKUS_DATASOURCE_PASSWORD=unused LEDGER_ADMIN_API_KEY="$admin_key" QUARKUS_HTTP_PORT="$port" \
QUARKUS_MANAGEMENT_PORT="$management_port" \
 LEDGER_RATE_LIMIT_REQUESTS_PER_SECOND=1000000 LEDGER_RATE_LIMIT_BURST=1000000 \
  java ${BENCH_JAVA_OPTS:-} -jar "$jar" > "$out/service.log" 2>&1 &
app_pid=$!
until curl -sf "http://127.0.0.1:$management_port/q/health/ready" >/dev/null; do
  kill -0 "$app_pid" 2>/dev/null || { tail -20 "$out/service.log"; exit 1; }
  sleep 0.05
done
ready_ms=$(( ($(date +%s%N) - started) / 1000000 ))
rss_mb() { awk -v k="$1" '$1 == k":" {printf "%.0f", $2/1024}' "/proc/$app_pid/status"; }
log "start_to_ready_ms=$ready_ms rss_mb_idle=$(rss_mb VmRSS)"

state="$out/state.properties"
prop() { grep "^$1=" "$state" | cut -d= -f2-; }
bench setup --url "http://127.0.0.1:$port" --admin "$admin_key" --state "$state" --umkm "$umkm"
bench_webhook subscribe
campaign_id() { sql -c "select id from campaign where code = '$(prop "campaign.$1")'"; }
partner_id=$(sql -c "select min(id) from partner where code like 'bench-%'")
umkm_id=$(sql -c "select id from umkm order by id limit 1")

prop umkm | tr ',' '\n' > "$out/umkm.txt"
posts() {
  BENCH_KEY=$(prop partner.0.key) BENCH_CAMPAIGN=$(prop campaign.writes) BENCH_UMKM_FILE="$out/umkm.txt" \
  BENCH_RUN="$1" wrk -t 2 -c "$clients" -d "$2" --timeout 30s -s bench/post.lua "http://127.0.0.1:$port"
}
# A JVM compiles its hot paths during the first seconds under load; pgbench has nothing to warm.
echo "== Warm-up: posts for ${warm_seconds}s and $((batch_rows / 4)) rows in batches (not measured)"
posts "warm-$(date +%s)" "${warm_seconds}s" > "$out/wrk-warm-up.txt"
bench batches --state "$state" --clients "$batch_clients" --rows "$((batch_rows / 4))" > /dev/null

echo "== Single posts: $clients clients for ${post_seconds}s, beside pgbench INSERTs"
posts "$(date +%s)" "${post_seconds}s" > "$out/wrk.txt"
grep '^single_post' "$out/wrk.txt" | tee -a "$results" > "$out/posts.txt"
grep -q 'single_post_errors=0 ' "$out/posts.txt" || { echo "single posts failed:"; cat "$out/wrk.txt"; exit 1; }
cat > "$out/insert.sql" <<'SQL'
\set amount random(10000, 50000000)
\set second random(0, 31535999)
\set region random(1, 8)
insert into ledger_entry (id, partner_id, external_ref, campaign_id, umkm_id, kind, amount, currency, amount_idr,
                          channel, occurred_at, region_code, metadata, request_digest)
values (gen_random_uuid(), :partner, 'pgbench-' || gen_random_uuid(), :campaign, :umkm, 'SALE', :amount, 'IDR',
        :amount, 'QRIS', timestamptz '2023-01-01 00:00+07' + make_interval(secs => :second),
        (array['36.01','36.02','36.03','36.04','36.71','36.72','36.73','36.74'])[:region], null,
        sha256(gen_random_uuid()::text::bytea));
SQL
# The raw baselines write ledger_entry directly: they declare the schema they were written for,
# as any session must for the database's writer fence (migration V40, docs/operations.md).
schema_version=$(sql -c "select version from flyway_schema_history where success and version is not null
                         order by installed_rank desc limit 1")
export PGOPTIONS="-c ledger.schema_version=$schema_version"
"$pgbench" -d "$db" -n -M prepared -c "$clients" -j 2 -T "$post_seconds" -f "$out/insert.sql" \
  -D partner="$partner_id" -D campaign="$(campaign_id baseline)" -D umkm="$umkm_id" > "$out/pgbench.txt" 2>&1
pgbench_tps=$(awk '/^tps/ {print $3; exit}' "$out/pgbench.txt")
pgbench_latency=$(awk '/^latency average/ {print $4}' "$out/pgbench.txt")
log "pgbench_insert_tps=$pgbench_tps pgbench_latency_avg_ms=$pgbench_latency"

echo "== Batch ingest: $batch_rows rows in 1,000-item batches from $batch_clients clients, beside COPY"
bench batches --state "$state" --clients "$batch_clients" --rows "$batch_rows" | tee -a "$results" > "$out/batches.txt"
rss_loaded=$(rss_mb VmHWM)
csv="$out/copy.csv"
sql -c "\copy (select gen_random_uuid(), $partner_id, 'copy-' || g, $(campaign_id baseline),
                      (select id from umkm order by id limit 1 offset g % (select count(*) from umkm)), 'SALE',
                      a, 'IDR', a, 'QRIS', timestamptz '2023-01-01 00:00+07' + make_interval(secs => g % 31536000),
                      (array['36.01','36.02','36.03','36.04','36.71','36.72','36.73','36.74'])[1 + g % 8],
                      sha256(g::text::bytea)
                 from generate_series(1, $batch_rows) g, lateral (select (10000 + g::bigint * 7919 % 50000000)::numeric(20,2) a) x)
        to '$csv' csv"
copy_started=$(date +%s%N)
sql -c "\copy ledger_entry (id, partner_id, external_ref, campaign_id, umkm_id, kind, amount, currency, amount_idr,
                           channel, occurred_at, region_code, request_digest) from '$csv' csv"
copy_s=$(echo "($(date +%s%N) - $copy_started) / 1000000000" | bc -l)
rm -f "$csv"
copy_rows_per_s=$(printf '%.0f' "$(echo "$batch_rows / $copy_s" | bc -l)")
log "copy_rows=$batch_rows copy_seconds=$(printf '%.1f' "$copy_s") copy_rows_per_s=$copy_rows_per_s"

naive_sum_ms() {
  local id; id=$(campaign_id reads)
  sql -c "select sum(amount_idr) from ledger_entry where campaign_id = $id" >/dev/null   # warm the cache
  local best=999999999
  for _ in 1 2 3; do
    local t0; t0=$(date +%s%N)
    sql -c "select sum(amount_idr) from ledger_entry where campaign_id = $id" >/dev/null
    local ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    [ "$ms" -lt "$best" ] && best=$ms
  done
  echo "$best"
}
reconcile() {
  curl -sf -H "Authorization: Bearer $admin_key" \
    "http://127.0.0.1:$port/api/v1/admin/reconcile?campaign=$(prop campaign.reads)" \
    | grep -q '"consistent":true'
}

echo "== Reads at $small entries"
bench batches --state "$state" --clients 2 --rows "$small" --campaign reads >/dev/null
sql -c "vacuum analyze"
bench reads --state "$state" --requests "$reads" --warm-up "$reads_warm_up" --label _10k | tee -a "$results" > "$out/reads-small.txt"
log "naive_sum_ms_10k=$(naive_sum_ms)"

echo "== Reads at $large entries (loading $((large - small)) more through the batch path)"
load_started=$(date +%s)
bench batches --state "$state" --clients "$batch_clients" --rows "$((large - small))" --campaign reads \
  | sed 's/batch_/load_/g' | tee -a "$results"
log "load_seconds=$(( $(date +%s) - load_started ))"
sql -c "vacuum analyze"
bench reads --state "$state" --requests "$reads" --warm-up "$reads_warm_up" --label "_$large_label" | tee -a "$results" > "$out/reads-large.txt"
log "naive_sum_ms_$large_label=$(naive_sum_ms)"
reconcile && log "reconcile_consistent=true" || { log "reconcile_consistent=false"; exit 1; }
log "rss_mb_peak=$(rss_mb VmHWM) rss_mb_after_batches=$rss_loaded"
log "entries=$(sql -c 'select count(*) from ledger_entry') daily_rows=$(sql -c 'select count(*) from ledger_daily')" \
    "db_size=$(sql -c "select pg_size_pretty(pg_database_size('$db'))")"

bench_webhook report

value() { grep -ho "$1=[0-9.]*" "$results" | tail -1 | cut -d= -f2; }
ratio() { printf '%.2f' "$(echo "$1 / $2" | bc -l)"; }
echo
echo "== Summary ($results)"
{
  echo "single_post_tps=$(value single_post_tps) pgbench_insert_tps=$(printf '%.0f' "$pgbench_tps")" \
       "ratio=$(ratio "$(value single_post_tps)" "$pgbench_tps")"
  echo "batch_rows_per_s=$(value batch_rows_per_s) copy_rows_per_s=$copy_rows_per_s" \
       "ratio=$(ratio "$(value batch_rows_per_s)" "$copy_rows_per_s")"
  echo "progress_p50_ms_10k=$(value progress_p50_ms_10k) progress_p50_ms_$large_label=$(value "progress_p50_ms_$large_label")" \
       "ratio=$(ratio "$(value "progress_p50_ms_$large_label")" "$(value progress_p50_ms_10k)")"
  echo "breakdown_p50_ms_10k=$(value breakdown_p50_ms_10k) breakdown_p50_ms_$large_label=$(value "breakdown_p50_ms_$large_label")" \
       "ratio=$(ratio "$(value "breakdown_p50_ms_$large_label")" "$(value breakdown_p50_ms_10k)")"
  echo "plausibility_p50_ms_10k=$(value plausibility_p50_ms_10k) plausibility_p50_ms_$large_label=$(value "plausibility_p50_ms_$large_label")" \
       "ratio=$(ratio "$(value "plausibility_p50_ms_$large_label")" "$(value plausibility_p50_ms_10k)")"
  echo "naive_sum_ms_$large_label=$(value "naive_sum_ms_$large_label")"
  echo "rss_mb_peak=$(value rss_mb_peak) start_to_ready_ms=$ready_ms"
} | tee -a "$results"
