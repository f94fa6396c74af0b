#!/usr/bin/env bash
# Measures the service beside PostgreSQL's own speed on the same machine, schema and run:
#   single posts (HTTP) vs pgbench INSERTs at 8 and 64 clients, batch ingest (HTTP) vs COPY, each
#   in three interleaved arms (sealer paused / as shipped / with webhook subscriptions receiving
#   every event), seal lag, progress, breakdown and plausibility latency of a campaign of 10 thousand
#   entries beside one of 10 million, read in alternation, vs a naive SUM, idle, by 32 readers alone
#   and by 32 beside full-speed posts, the offline verifier against /progress at 10 million, RSS, GC
#   pauses and start-to-ready time.
# usage: bench/run.sh [--quick|--arms]
#   --quick: smaller sizes, about 5 minutes (4.5-5.5 by host)
#   --arms:  only the three arms at full size (single posts beside pgbench, batches beside COPY),
#            about 10 minutes: to compare a change of the posting, sealing or webhook paths
# env:   BENCH_PORT (18090), BENCH_MANAGEMENT_PORT (18096), BENCH_HOOK_PORT (18099),
#        BENCH_KEEP_DB=1 keeps the database, BENCH_LARGE overrides the large size,
#        BENCH_JAVA_OPTS (default: the shipped heap settings of the README),
#        PGHOST/PGPORT/PGUSER for the server.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=false; arms_only=false
[ "${1:-}" = "--quick" ] && quick=true
[ "${1:-}" = "--arms" ] && arms_only=true
# warm_seconds: the warm-up's posts without subscriptions; 10 s with them follow.
if $quick; then
  batch_rows=60000; large=200000; large_label=200k; umkm=400; warm_seconds=25; warm_rows=40000
  arm_seconds=6; arm_rows=15000; clients64_seconds=10; reads=200; reads_warm_up=300
else
  batch_rows=300000; large=10000000; large_label=10m; umkm=1206; warm_seconds=50; warm_rows=75000
  arm_seconds=20; arm_rows=100000; clients64_seconds=20; reads=500; reads_warm_up=2000
fi
# The same in both: pgbench at 8 clients runs as long, and as many readers read beside the posts.
# A 10 s pgbench moved by a third on this host, so the quick run's ratio to it could not be set
# beside the full run's (docs/benchmarks.md, "The quick run beside the full run").
pgbench_seconds=30; load_reads=100
if [ -n "${BENCH_LARGE:-}" ]; then large=$BENCH_LARGE; large_label=$(( BENCH_LARGE / 1000 ))k; fi
small=10000
clients=8
batch_clients=3
port="${BENCH_PORT:-18090}"
# Health and metrics are on the management interface, a port of its own.
management_port="${BENCH_MANAGEMENT_PORT:-18096}"
hook_port="${BENCH_HOOK_PORT:-18099}"
# The heap settings the README, the image and the manifests ship (docs/benchmarks.md, "Memory").
java_opts="${BENCH_JAVA_OPTS--Xms32m -Xmx128m -XX:+UseSerialGC -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m -Xss512k}"
# glibc's malloc arenas, shipped with the heap settings (docs/operations.md, "Memory"); BENCH_MALLOC_ARENA_MAX=
# (empty) leaves glibc's default of 8 per core.
malloc_arena_max="${BENCH_MALLOC_ARENA_MAX-2}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
out=target/bench
mkdir -p "$out"
results="$out/results-$(date -u +%Y%m%dT%H%M%SZ).txt"
log() { echo "$@" | tee -a "$results"; }
run_started=$(date +%s)
stage() { echo "== [$(( $(date +%s) - run_started )) s] $*"; }   # a phase's start, seconds into the run

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
javac -cp target/ledger-verify.jar -d "$out/classes" bench/LedgerBench.java bench/Agreement.java
bench() { java -cp "$out/classes" LedgerBench "$@"; }

db="ledger_bench_$(date +%s)"
psql -v ON_ERROR_STOP=1 -q -c "create database $db"
sql() { psql -d "$db" -v ON_ERROR_STOP=1 -qAt "$@"; }
cleanup() {
  # The service ends by SIGTERM (143): the run's outcome is what came before, not that.
  if [ -n "${app_pid:-}" ]; then kill "$app_pid" 2>/dev/null; wait "$app_pid" 2>/dev/null || true; fi
  for pid in ${receiver_pid:-} ${sealer_hold_pid:-} ${load_pid:-}; do kill "$pid" 2>/dev/null || true; done
  psql -q -c "select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'bench-sealer-hold'" >/dev/null 2>&1 || true
  [ "${BENCH_KEEP_DB:-0}" = 1 ] || psql -q -c "drop database if exists $db with (force)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

log "# $(date -u +%FT%TZ) bench/run.sh $*  commit $(git rev-parse --short HEAD 2>/dev/null || echo none)"
log "# machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)," \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)," \
    "$(psql -qAt -c 'show server_version')"
log "# service JVM options: $java_opts MALLOC_ARENA_MAX=$malloc_arena_max"
# A server without autovacuum (some CI machines) never clears the dead rows of the seal queue, the
# webhook outbox and the upserted totals; they would slow every later phase. There, the script
# vacuums before each measured slot and before the reads, as autovacuum would between them, and
# analyzes (autovacuum's other half): the outbox is claimed in due order only with statistics that
# show how much is due; without any, the planner took 120 ms a claim instead of 0.2 and a backlog
# of 100,000 messages took 150 s to deliver instead of about 30.
autovacuum=$(psql -qAt -c 'show autovacuum')
log "# PostgreSQL autovacuum=$autovacuum shared_buffers=$(psql -qAt -c 'show shared_buffers')" \
    "synchronous_commit=$(psql -qAt -c 'show synchronous_commit')"

stage "Start the service"
admin_key="bench-admin-$(date +%s%N)"
started=$(date +%s%N)
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$db" QUARKUS_DATASOURCE_USERNAME="$PGUSER" \
QUARKUS_DATASOURCE_PASSWORD=unused LEDGER_ADMIN_API_KEY="$admin_key" QUARKUS_HTTP_PORT="$port" \
QUARKUS_MANAGEMENT_PORT="$management_port" LEDGER_WEBHOOKS_ALLOW_PRIVATE_URLS=true \
 LEDGER_RATE_LIMIT_REQUESTS_PER_SECOND=1000000 LEDGER_RATE_LIMIT_BURST=1000000 LEDGER_CONCURRENCY_PER_CALLER=64 \
MALLOC_ARENA_MAX="$malloc_arena_max" java $java_opts "-Xlog:gc:file=$out/gc.log" -jar "$jar" > "$out/service.log" 2>&1 &
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
campaign_id() { sql -c "select id from campaign where code = '$(prop "campaign.$1")'"; }
partner_id=$(sql -c "select min(id) from partner where code like 'bench-%'")
umkm_id=$(sql -c "select id from umkm order by id limit 1")

prop umkm | tr ',' '\n' > "$out/umkm.txt"
posts() {
  BENCH_KEY=$(prop partner.0.key) BENCH_CAMPAIGN=$(prop campaign.writes) BENCH_UMKM_FILE="$out/umkm.txt" \
  BENCH_RUN="$1" wrk -t 2 -c "$clients" -d "$2" --timeout 30s -s bench/post.lua "http://127.0.0.1:$port"
}
# Three arms, interleaved A B C C B A so that a drift of the machine falls on all alike:
#   paused   - the sealer held off (its advisory lock taken by this script), no subscription;
#   shipped  - as shipped: entries sealed into the chain shortly after commit;
#   webhooks - as shipped, and every bench partner subscribed to transaction.recorded with a
#              receiver that answers at once.
# Entries are queued for sealing by a trigger in every arm (and in pgbench's INSERTs). Before each
# slot the sealer's queue and the webhook outbox are drained, so no arm pays for another's backlog.
sealer_lock=5495873993405972812   # attest/Sealer.LOCK, "LEDGSEAL"
java -cp "$out/classes" LedgerBench receive --port "$hook_port" > "$out/receiver.log" 2>&1 &
receiver_pid=$!
hooks=()
for p in 0 1 2 3; do
  hooks+=("$(curl -sf -H "Authorization: Bearer $(prop partner.$p.key)" -H 'Content-Type: application/json' \
    -d "{\"url\":\"http://127.0.0.1:$hook_port/bench\",\"eventTypes\":[\"transaction.recorded\"],\"enabled\":false}" \
    "http://127.0.0.1:$port/api/v1/webhooks" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)")
done
hooks_enabled() {
  for p in 0 1 2 3; do
    curl -sf -o /dev/null -X PATCH -H "Authorization: Bearer $(prop partner.$p.key)" -H 'Content-Type: application/json' \
      -d "{\"enabled\":$1}" "http://127.0.0.1:$port/api/v1/webhooks/${hooks[$p]}"
  done
}
drained() {   # [SECONDS]: waits until everything queued is sealed and every webhook message delivered
  # Asked every 0.1 s: fourteen slot switches wait for a drain, and a coarser step is paid in each.
  for _ in $(seq 1 $(( ${1:-300} * 10 ))); do
    [ "$(sql -c "select (select count(*) from ledger_seal_queue) + (select count(*) from webhook_message where status = 'PENDING')
                        + (select count(*) from webhook_entry_event)")" = 0 ] && return 0
    sleep 0.1
  done
  echo "the sealer or the webhook dispatcher did not drain in ${1:-300} s"; return 1
}
arm() {   # arm NAME: switches the service to arm NAME
  if [ -n "${sealer_hold_pid:-}" ]; then
    # The held session sleeps in the server and would not notice its client going away.
    sql -c "select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'bench-sealer-hold'" >/dev/null
    wait "$sealer_hold_pid" 2>/dev/null || true; sealer_hold_pid=
  fi
  local drain_started; drain_started=$(date +%s%N)
  drained
  # How long delivery ran on after a webhook slot ended: the dispatcher keeping up, or not.
  [ "${current_arm:-}" = webhooks ] && echo $(( ($(date +%s%N) - drain_started) / 1000000 )) >> "$out/drain-$phase.txt"
  current_arm=$1
  [ "$autovacuum" = on ] || sql -c "vacuum analyze"
  # Every slot starts from a checkpoint: the WAL of the drain before it (a webhook backlog writes
  # hundreds of MB) would otherwise bring one on in the middle of the next slot, whichever arm that is.
  sql -c "checkpoint"
  case "$1" in
    paused) hooks_enabled false
            PGAPPNAME=bench-sealer-hold psql -d "$db" -qAt -c "select pg_advisory_lock($sealer_lock)" \
              -c "select pg_sleep(86400)" >/dev/null 2>&1 &
            sealer_hold_pid=$!
            # Only this database's lock: another bench on the same server holds the same key in its own.
            until [ "$(sql -c "select count(*) from pg_locks where locktype = 'advisory' and granted
                                and database = (select oid from pg_database where datname = current_database())
                                and ((classid::bigint << 32) | objid::bigint) = $sealer_lock")" = 1 ]; do sleep 0.1; done ;;
    shipped) hooks_enabled false ;;
    webhooks) hooks_enabled true ;;
  esac
}
# A JVM compiles its hot paths during the first seconds under load; pgbench has nothing to warm.
# Batches first, posts last: the batches change the profile of code both paths share, and the
# posts after them ran 20 % slower for 10 s while it was compiled again (docs/benchmarks.md, "The
# warm-up in the order of the slots"), so the posts' first slot would have paid for it. The
# webhook arm's paths (the dispatcher, its HTTP client, the receiver) are warmed by the last 10 s
# of posts only: every event must be delivered before the slots, and 35 s of posts' events took
# a minute.
stage "Warm-up: $warm_rows rows in batches, then posts for $((warm_seconds + 10))s (not measured)"
bench batches --state "$state" --clients "$batch_clients" --rows "$warm_rows" > /dev/null
[ "$autovacuum" = on ] || sql -c "vacuum analyze"
drained
posts "warm-$(date +%s)" "${warm_seconds}s" > "$out/wrk-warm-up.txt"
hooks_enabled true
posts "warm-hooks-$(date +%s)" 10s > "$out/wrk-warm-up-hooks.txt"
drained   # a subscription switched off keeps its events until it is on again
hooks_enabled false

arms=(shipped paused webhooks webhooks paused shipped)
mean() { awk '{s += $1; n++} END {printf "%.0f", s / n}'; }

stage "Single posts: $clients clients, ${arm_seconds}s in each of ${#arms[@]} slots, beside pgbench INSERTs"
phase=posts; : > "$out/drain-posts.txt"
: > "$out/posts.txt"
for a in "${arms[@]}"; do
  arm "$a"
  t0=$(sql -c "select extract(epoch from now())")
  posts "$(date +%s%N)" "${arm_seconds}s" > "$out/wrk-$a.txt"
  t1=$(sql -c "select extract(epoch from now())")
  grep -q 'single_post_errors=0 ' "$out/wrk-$a.txt" || { echo "single posts failed:"; cat "$out/wrk-$a.txt"; exit 1; }
  echo "$a $(grep -o 'single_post_tps=[0-9.]*' "$out/wrk-$a.txt" | cut -d= -f2) $t0 $t1" >> "$out/posts.txt"
  echo "  $a: $(grep -o 'single_post_tps=[0-9.]*' "$out/wrk-$a.txt")"
done
arm shipped
arm_tps() { awk -v a="$1" '$1 == a {print $2}' "$out/posts.txt" | mean; }
log "single_post_tps=$(arm_tps shipped) single_post_tps_paused=$(arm_tps paused) single_post_tps_webhooks=$(arm_tps webhooks)"
# Seal lag of the entries posted in the shipped slots: commit to sealed, per entry.
lag_where=$(awk '$1 == "shipped" {printf "%s(e.recorded_at between to_timestamp(%s) and to_timestamp(%s))", sep, $3, $4; sep = " or "}' "$out/posts.txt")
log "seal_lag_ms_p50_posts=$(sql -c "select round(percentile_disc(0.5) within group (order by extract(epoch from s.sealed_at - e.recorded_at) * 1000))
         from ledger_seal s join ledger_entry e on e.id = s.entry_id where $lag_where")" \
    "seal_lag_ms_p99_posts=$(sql -c "select round(percentile_disc(0.99) within group (order by extract(epoch from s.sealed_at - e.recorded_at) * 1000))
         from ledger_seal s join ledger_entry e on e.id = s.entry_id where $lag_where")"

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
"$pgbench" -d "$db" -n -M prepared -c "$clients" -j 2 -T "$pgbench_seconds" -f "$out/insert.sql" \
  -D partner="$partner_id" -D campaign="$(campaign_id baseline)" -D umkm="$umkm_id" > "$out/pgbench.txt" 2>&1
pgbench_tps=$(awk '/^tps/ {print $3; exit}' "$out/pgbench.txt")
pgbench_latency=$(awk '/^latency average/ {print $4}' "$out/pgbench.txt")
log "pgbench_insert_tps=$pgbench_tps pgbench_latency_avg_ms=$pgbench_latency"

if ! $arms_only; then
stage "Single posts and pgbench INSERTs at 64 clients"
arm shipped
# One partner's 64 connections: its limit of requests in progress is raised for the run, like the rate limit.
clients=64 posts "$(date +%s%N)" "${clients64_seconds}s" > "$out/wrk-64.txt"
"$pgbench" -d "$db" -n -M prepared -c 64 -j 2 -T "$clients64_seconds" -f "$out/insert.sql" \
  -D partner="$partner_id" -D campaign="$(campaign_id baseline)" -D umkm="$umkm_id" > "$out/pgbench-64.txt" 2>&1
log "single_post_tps_64=$(grep -o 'single_post_tps=[0-9.]*' "$out/wrk-64.txt" | cut -d= -f2)" \
    "single_post_p99_ms_64=$(grep -o 'single_post_p99_ms=[0-9.]*' "$out/wrk-64.txt" | cut -d= -f2)" \
    "single_post_errors_64=$(grep -o 'single_post_errors=[0-9]*' "$out/wrk-64.txt" | cut -d= -f2)" \
    "pgbench_insert_tps_64=$(awk '/^tps/ {printf "%.0f", $3; exit}' "$out/pgbench-64.txt")"
fi

stage "Batch ingest: 1,000-item batches from $batch_clients clients, $arm_rows rows in each of ${#arms[@]} slots, beside COPY"
phase=batches; : > "$out/drain-batches.txt"
: > "$out/batches.txt"
for a in "${arms[@]}"; do
  arm "$a"
  # One unmeasured batch per client first: the client is a new JVM, and the slot starts from a
  # checkpoint, after which every page is first written whole to the WAL.
  rate=$(bench batches --state "$state" --clients "$batch_clients" --rows "$arm_rows" --prime 1 \
         | grep -o 'batch_rows_per_s=[0-9.]*' | cut -d= -f2)
  echo "$a $rate" >> "$out/batches.txt"
  echo "  $a: batch_rows_per_s=$rate"
done
arm shipped
arm_rows_per_s() { awk -v a="$1" '$1 == a {print $2}' "$out/batches.txt" | mean; }
log "batch_rows_per_s=$(arm_rows_per_s shipped) batch_rows_per_s_paused=$(arm_rows_per_s paused)" \
    "batch_rows_per_s_webhooks=$(arm_rows_per_s webhooks)"
read -r unique deliveries < <(curl -sf "http://127.0.0.1:$hook_port/count")
read -r messages delivered < <(sql -F ' ' -c "select count(*), count(*) filter (where status = 'DELIVERED') from webhook_message")
log "webhook_events=$messages webhook_delivered=$delivered webhook_received_distinct=$unique webhook_deliveries=$deliveries"
longest() { sort -n "$1" | tail -1; }
log "webhooks_drain_ms_after_posts=$(longest "$out/drain-posts.txt") webhooks_drain_ms_after_batches=$(longest "$out/drain-batches.txt")"
[ "$messages" -gt 0 ] && [ "$delivered" = "$messages" ] && [ "$unique" = "$messages" ] \
  || { echo "not every webhook event reached the receiver"; exit 1; }
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

value() { grep -ho "$1=[0-9.]*" "$results" | tail -1 | cut -d= -f2; }
ratio() { printf '%.2f' "$(echo "$1 / $2" | bc -l)"; }
summary_baselines() {   # the service beside PostgreSQL's own speed
  echo "single_post_tps=$(value single_post_tps) pgbench_insert_tps=$(printf '%.0f' "$pgbench_tps")" \
       "ratio=$(ratio "$(value single_post_tps)" "$pgbench_tps")"
  echo "batch_rows_per_s=$(value batch_rows_per_s) copy_rows_per_s=$copy_rows_per_s" \
       "ratio=$(ratio "$(value batch_rows_per_s)" "$copy_rows_per_s")"
}
summary_arms() {   # sealing and webhooks beside their absence
  echo "sealing_single_post_tps_paused=$(value single_post_tps_paused) shipped=$(value single_post_tps)" \
       "ratio=$(ratio "$(value single_post_tps)" "$(value single_post_tps_paused)")"
  echo "sealing_batch_rows_per_s_paused=$(value batch_rows_per_s_paused) shipped=$(value batch_rows_per_s)" \
       "ratio=$(ratio "$(value batch_rows_per_s)" "$(value batch_rows_per_s_paused)")"
  echo "webhooks_single_post_tps_none=$(value single_post_tps) subscribed=$(value single_post_tps_webhooks)" \
       "ratio=$(ratio "$(value single_post_tps_webhooks)" "$(value single_post_tps)")"
  echo "webhooks_batch_rows_per_s_none=$(value batch_rows_per_s) subscribed=$(value batch_rows_per_s_webhooks)" \
       "ratio=$(ratio "$(value batch_rows_per_s_webhooks)" "$(value batch_rows_per_s)")"
}
if $arms_only; then
  echo
  stage "Summary of the arms ($results)"
  { summary_baselines; summary_arms; echo "seal_lag_ms_p99_posts=$(value seal_lag_ms_p99_posts)"; } | tee -a "$results"
  exit 0
fi

naive_sum_ms() {   # naive_sum_ms ROLE
  local id; id=$(campaign_id "$1")
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

stage "Reads: a campaign of $small entries beside one of $large (loading them through the batch path)"
# Both sizes are read after the load, in alternation, request by request: read one after the other,
# minutes apart, the ratio was the machine's drift and the JIT's progress more than the size's
# (docs/benchmarks.md, "A quick run nearer the full run's").
bench batches --state "$state" --clients 2 --rows "$small" --campaign small >/dev/null
load_started=$(date +%s)
load_from=$(sql -c "select now()")
# In chunks of a million rows: without autovacuum, the dead versions of the upserted totals rows and
# of the seal queue would pile up through the whole load (it fell to half speed past 7 million
# entries), so the script vacuums between chunks as autovacuum would. What slowing remains is the
# indexes outgrowing memory (docs/benchmarks.md, the full run of 1ff5a12).
load_left=$large; chunk=0
while [ "$load_left" -gt 0 ]; do
  rows=$(( load_left < 1000000 ? load_left : 1000000 ))
  chunk=$((chunk + 1))
  bench batches --state "$state" --clients "$batch_clients" --rows "$rows" --campaign reads \
    | sed "s/batch_/load_chunk${chunk}_/g" | tee -a "$results"
  load_left=$((load_left - rows))
  [ "$autovacuum" = on ] || [ "$load_left" = 0 ] || sql -c "vacuum"
done
load_seconds=$(( $(date +%s) - load_started ))
log "load_seconds=$load_seconds load_rows_per_s=$(( large / (load_seconds > 0 ? load_seconds : 1) ))"
drain_started=$(date +%s)
drained 3600
# Seal lag through the load, from a 1 % sample of the entries it wrote.
log "seal_drain_after_load_s=$(( $(date +%s) - drain_started ))" \
    "seal_lag_ms_p50_load=$(sql -c "select round(percentile_disc(0.5) within group (order by extract(epoch from s.sealed_at - e.recorded_at) * 1000))
         from ledger_seal s tablesample system (1) join ledger_entry e on e.id = s.entry_id where e.recorded_at >= timestamptz '$load_from'")" \
    "seal_lag_ms_p99_load=$(sql -c "select round(percentile_disc(0.99) within group (order by extract(epoch from s.sealed_at - e.recorded_at) * 1000))
         from ledger_seal s tablesample system (1) join ledger_entry e on e.id = s.entry_id where e.recorded_at >= timestamptz '$load_from'")"
# Let the load settle: vacuum and a checkpoint, so the reads meet the tables as they will stay.
sql -c "vacuum analyze"
sql -c "checkpoint"
bench reads --state "$state" --requests "$reads" --warm-up "$reads_warm_up" --label "_$large_label" \
  --beside small --beside-label _10k | tee -a "$results" > "$out/reads.txt"
log "naive_sum_ms_10k=$(naive_sum_ms small) naive_sum_ms_$large_label=$(naive_sum_ms reads)"

stage "Reads at $large_label by 32 readers at once, first without posts, then beside single posts at full speed"
# The same 32 readers alone: what sharing two cores among 32 readers costs, apart from the posts.
bench reads --state "$state" --requests "$load_reads" --warm-up 10 --concurrency 32 --paths progress,breakdown \
  --label "_idle_32" | tee -a "$results"
posts "$(date +%s%N)" 600s > "$out/wrk-beside-reads.txt" &   # stopped when the reads are done
load_pid=$!
sleep 3
bench reads --state "$state" --requests "$load_reads" --warm-up 10 --concurrency 32 --paths progress,breakdown \
  --label "_under_load" | tee -a "$results"
# The posts run in a subshell; stop its wrk, which then prints its figures and ends.
pkill -INT -P "$load_pid" wrk 2>/dev/null || true; wait "$load_pid" 2>/dev/null || true; load_pid=
grep -q 'single_post_errors=0 ' "$out/wrk-beside-reads.txt" || { echo "single posts beside the reads failed:"; cat "$out/wrk-beside-reads.txt"; exit 1; }
log "single_post_tps_beside_reads=$(grep -o 'single_post_tps=[0-9.]*' "$out/wrk-beside-reads.txt" | cut -d= -f2)"
arm shipped

stage "The offline verifier at $large_label entries agrees with /progress"
java -cp "$out/classes:target/ledger-verify.jar" Agreement "$state" "$admin_key" "$out" | tee -a "$results"
reconcile && log "reconcile_consistent=true" || { log "reconcile_consistent=false"; exit 1; }
log "rss_mb_peak=$(rss_mb VmHWM) rss_mb_after_batches=$rss_loaded"
# -Xlog:gc lines end in "…M->…M(…M) 12.345ms": pauses, their maximum and their sum.
log "$(grep -o '[0-9.]*ms$' "$out/gc.log" | tr -d 'ms' \
  | awk '{n++; s+=$1; if ($1>m) m=$1} END {printf "gc_pauses=%d gc_pause_max_ms=%.1f gc_pause_total_ms=%.0f", n, m, s}')"
log "entries=$(sql -c 'select count(*) from ledger_entry') daily_rows=$(sql -c 'select count(*) from ledger_daily')" \
    "db_size=$(sql -c "select pg_size_pretty(pg_database_size('$db'))")"

echo
stage "Summary ($results)"
{
  summary_baselines
  echo "progress_p50_ms_10k=$(value progress_p50_ms_10k) progress_p50_ms_$large_label=$(value "progress_p50_ms_$large_label")" \
       "ratio=$(ratio "$(value "progress_p50_ms_$large_label")" "$(value progress_p50_ms_10k)")"
  echo "breakdown_p50_ms_10k=$(value breakdown_p50_ms_10k) breakdown_p50_ms_$large_label=$(value "breakdown_p50_ms_$large_label")" \
       "ratio=$(ratio "$(value "breakdown_p50_ms_$large_label")" "$(value breakdown_p50_ms_10k)")"
  echo "plausibility_p50_ms_10k=$(value plausibility_p50_ms_10k) plausibility_p50_ms_$large_label=$(value "plausibility_p50_ms_$large_label")" \
       "ratio=$(ratio "$(value "plausibility_p50_ms_$large_label")" "$(value plausibility_p50_ms_10k)")"
  echo "progress_p50_ms_under_load=$(value progress_p50_ms_under_load) progress_p99_ms_under_load=$(value progress_p99_ms_under_load)" \
       "ratio_to_idle=$(ratio "$(value progress_p50_ms_under_load)" "$(value "progress_p50_ms_$large_label")")" \
       "progress_p50_ms_idle_32=$(value progress_p50_ms_idle_32)" \
       "ratio_to_idle_32=$(ratio "$(value progress_p50_ms_under_load)" "$(value progress_p50_ms_idle_32)")"
  echo "breakdown_p50_ms_under_load=$(value breakdown_p50_ms_under_load) breakdown_p99_ms_under_load=$(value breakdown_p99_ms_under_load)" \
       "ratio_to_idle=$(ratio "$(value breakdown_p50_ms_under_load)" "$(value "breakdown_p50_ms_$large_label")")" \
       "breakdown_p50_ms_idle_32=$(value breakdown_p50_ms_idle_32)" \
       "ratio_to_idle_32=$(ratio "$(value breakdown_p50_ms_under_load)" "$(value breakdown_p50_ms_idle_32)")"
  echo "single_post_tps_64=$(value single_post_tps_64) pgbench_insert_tps_64=$(value pgbench_insert_tps_64)" \
       "ratio=$(ratio "$(value single_post_tps_64)" "$(value pgbench_insert_tps_64)")"
  summary_arms
  echo "seal_lag_ms_p99_posts=$(value seal_lag_ms_p99_posts) seal_lag_ms_p99_load=$(value seal_lag_ms_p99_load)"
  echo "verify_entries=$(value verify_entries) verify_targets_agreeing=$(value verify_targets_agreeing)"
  echo "naive_sum_ms_$large_label=$(value "naive_sum_ms_$large_label")"
  echo "rss_mb_peak=$(value rss_mb_peak) start_to_ready_ms=$ready_ms gc_pause_max_ms=$(value gc_pause_max_ms)"
} | tee -a "$results"
