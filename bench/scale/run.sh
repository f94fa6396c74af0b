#!/usr/bin/env bash
# Bytes per entry and insert rate of ledger_entry as it is today, beside the prototype of
# monthly partitions with a separate idempotency-key table (bench/scale/partitioned.sql).
#
#   bench/scale/run.sh [entries]      (default 10,000,000 into each table)
#
# A scratch database ledger_scale_<time> on the machine's PostgreSQL (PGHOST/PGPORT/PGUSER),
# dropped at the end unless SCALE_KEEP_DB=1. The schema is the service's own migrations (V1, then
# V2-V4 after the load, which fill the totals tables from the entries as they would online).
# Rows are inserted by SQL in chunks of SCALE_CHUNK (1,000,000), alternating between the two
# tables chunk by chunk, so that both see the same machine (load from others, cache, checkpoints).
# Rows: one campaign, four partners, 1,206 UMKM in Banten's 8 regencies and cities, moments over
# 2023, 1 in 20 in a foreign currency with a rate, the benchmark's shape (bench/run.sh).
# After every chunk pair it logs both tables' bytes per entry so far. Touching target/scale/stop
# ends the load after the current chunk and measures what was loaded (a run that must end early).
set -euo pipefail
cd "$(dirname "$0")/../.."
entries="${1:-10000000}"
chunk="${SCALE_CHUNK:-1000000}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
out=target/scale
mkdir -p "$out"
results="$out/results-$(date -u +%Y%m%dT%H%M%SZ).txt"
log() { echo "$@" | tee -a "$results"; }
db="ledger_scale_$(date +%s)"
psql -v ON_ERROR_STOP=1 -q -c "create database $db"
trap '[ "${SCALE_KEEP_DB:-0}" = 1 ] || psql -q -c "drop database if exists $db with (force)" >/dev/null 2>&1 || true' EXIT
sql() { psql -d "$db" -v ON_ERROR_STOP=1 -qAt "$@"; }
migration() { sed 's/\${ledger_time_zone}/Asia\/Jakarta/g' "src/main/resources/db/migration/$1"__*.sql | sql -1 >/dev/null; }

log "# $(date -u +%FT%TZ) bench/scale/run.sh $entries  commit $(git rev-parse --short HEAD 2>/dev/null || echo none)"
log "# machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)," \
    "$(psql -qAt -c 'show server_version'), shared_buffers $(psql -qAt -c 'show shared_buffers')," \
    "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

migration V1
sql <<'SQL'
insert into partner (code, name, kind, roles)
select 'scale-' || p, 'Scale partner ' || p, 'QRIS_ACQUIRER', array['PARTNER'] from generate_series(1, 4) p;
insert into campaign (code, name, starts_on) values ('SCALE', 'Scale test', '2023-01-01');
insert into umkm (id, name, region_code, scale)
select gen_random_uuid(), 'UMKM ' || u,
       (array['36.01','36.02','36.03','36.04','36.71','36.72','36.73','36.74'])[1 + u % 8], 'MIKRO'
  from generate_series(1, 1206) u;
create table umkm_pick as select row_number() over (order by id) - 1 as i, id, region_code from umkm;
create unique index on umkm_pick (i);
SQL
sql -f bench/scale/partitioned.sql >/dev/null

# The rows of chunk $2 (a generate_series range), into table $1 and, for the partitioned one,
# their keys in the same statement, as the service would write them.
rows() {
  cat <<SQL
  select gen_random_uuid() as id, (select min(id) from partner) + g % 4 as partner_id, 'scale-' || g as external_ref,
         (select id from campaign where code = 'SCALE') as campaign_id, u.id as umkm_id, 'SALE' as kind,
         a as amount, case when g % 20 = 0 then 'USD' else 'IDR' end as currency,
         case when g % 20 = 0 then 15500.5::numeric(22,10) end as fx_rate_to_idr,
         case when g % 20 = 0 then round(a * 15500.5, 2) else a end as amount_idr,
         (array['MARKETPLACE','E_KATALOG','QRIS','EXPO','OFFLINE'])[1 + g % 5] as channel,
         timestamptz '2023-01-01 00:00+07' + make_interval(secs => (g::bigint * 7919) % 31536000) as occurred_at,
         u.region_code, sha256(g::text::bytea) as request_digest
    from generate_series($1, $2) g
    join umkm_pick u on u.i = g % 1206,
    lateral (select (10000 + g::bigint * 7919 % 50000000)::numeric(20,2) a) x
SQL
}
columns="id, partner_id, external_ref, campaign_id, umkm_id, kind, amount, currency, fx_rate_to_idr, amount_idr, channel, occurred_at, region_code, request_digest"
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
today_ms=0; part_ms=0
rm -f "$out/stop"
loaded=0
for ((from = 1; from <= entries; from += chunk)); do
  if [ -e "$out/stop" ]; then log "stopped early at $loaded entries"; break; fi
  to=$(( from + chunk - 1 < entries ? from + chunk - 1 : entries ))
  t0=$(date +%s%N)
  sql -c "insert into ledger_entry ($columns) $(rows "$from" "$to")"
  today_ms=$(( today_ms + $(ms "$t0") ))
  t0=$(date +%s%N)
  sql -c "with e as (insert into ledger_entry_part ($columns) $(rows "$from" "$to")
                     returning partner_id, external_ref, id, occurred_at)
          insert into ledger_entry_key (partner_id, external_ref, entry_id, occurred_at) select * from e"
  part_ms=$(( part_ms + $(ms "$t0") ))
  loaded=$to
  log "loaded=$to today_ms_total=$today_ms partitioned_ms_total=$part_ms" \
      "today_bytes_per_entry=$(( $(sql -c "select pg_total_relation_size('ledger_entry')") / to ))" \
      "partitioned_with_keys_bytes_per_entry=$(( $(sql -c "select (select sum(pg_total_relation_size(relid)) from pg_partition_tree('ledger_entry_part') where isleaf)
                                                                  + (select sum(pg_total_relation_size(relid)) from pg_partition_tree('ledger_entry_key') where isleaf)") / to ))" \
      "load_average=$(cut -d' ' -f1 /proc/loadavg) at=$(date -u +%T)"
done
entries=$loaded
log "insert_rows_per_s_today=$(( entries * 1000 / today_ms )) insert_rows_per_s_partitioned=$(( entries * 1000 / part_ms ))"

# The totals tables, filled from today's entries by the migrations' own backfill.
t0=$(date +%s%N)
migration V2; migration V3; migration V4
log "totals_backfill_ms=$(ms "$t0")"
sql -c "vacuum analyze" >/dev/null
sql -c "checkpoint" >/dev/null

size() { sql -c "select $1"; }
rel() { size "pg_total_relation_size('$1')"; }
part_total() { size "(select sum(pg_total_relation_size(relid)) from pg_partition_tree('$1') where isleaf)"; }
log "entries=$(size 'count(*) from ledger_entry') entries_partitioned=$(size 'count(*) from ledger_entry_part')"
today_heap=$(size "pg_relation_size('ledger_entry') + pg_relation_size(coalesce((select reltoastrelid from pg_class where relname = 'ledger_entry'), 0))")
today_total=$(rel ledger_entry)
log "today_heap_bytes=$today_heap today_total_bytes=$today_total today_bytes_per_entry=$(( today_total / entries ))"
sql -F ' ' -c "select 'index ' || indexrelid::regclass || ' bytes=' || pg_relation_size(indexrelid)
                 || ' per_entry=' || round(pg_relation_size(indexrelid)::numeric / $entries, 1)
                 from pg_index where indrelid = 'ledger_entry'::regclass order by 1" | tee -a "$results"
for t in ledger_daily ledger_monthly ledger_umkm ledger_region_monthly; do
  log "totals $t rows=$(size "count(*) from $t") bytes=$(rel $t)"
done
totals=$(size "pg_total_relation_size('ledger_daily') + pg_total_relation_size('ledger_monthly')
               + pg_total_relation_size('ledger_umkm') + pg_total_relation_size('ledger_region_monthly')")
log "totals_bytes=$totals totals_bytes_per_entry=$(echo "scale=1; $totals / $entries" | bc)"
part=$(part_total ledger_entry_part)
keys=$(part_total ledger_entry_key)
log "partitioned_total_bytes=$part partitioned_bytes_per_entry=$(( part / entries ))" \
    "key_table_bytes=$keys key_bytes_per_entry=$(( keys / entries ))" \
    "partitioned_with_keys_bytes_per_entry=$(( (part + keys) / entries ))"
log "partitions=$(size "count(*) from pg_partition_tree('ledger_entry_part') where isleaf")" \
    "largest_month_bytes=$(size "(select max(pg_total_relation_size(relid)) from pg_partition_tree('ledger_entry_part') where isleaf)")"

# What partitioning buys and costs at read time: a month's entries, and a look-up by id alone.
explain() { sql -c "explain (analyze, timing off, summary on) $1" | grep -E 'Execution Time|Partitions|Subplans' | tr '\n' ' '; echo; }
log "month_count_today: $(explain "select count(*) from ledger_entry where occurred_at >= '2023-06-01 00:00+07' and occurred_at < '2023-07-01 00:00+07'")"
log "month_count_partitioned: $(explain "select count(*) from ledger_entry_part where occurred_at >= '2023-06-01 00:00+07' and occurred_at < '2023-07-01 00:00+07'")"
some_id=$(sql -c "select id from ledger_entry_part limit 1")
log "by_id_partitioned_without_month: $(explain "select * from ledger_entry_part where id = '$some_id'")"
pid=$(sql -c "select min(id) + 1 from partner")
key=$(sql -F ' ' -c "select entry_id, occurred_at from ledger_entry_key where partner_id = $pid and external_ref = 'scale-5'")
log "replay_key_lookup: $(explain "select entry_id, occurred_at from ledger_entry_key where partner_id = $pid and external_ref = 'scale-5'")"
log "replay_entry_in_its_month: $(explain "select * from ledger_entry_part where id = '${key%% *}' and occurred_at = '${key#* }'")"
log "replay_lookup_today: $(explain "select * from ledger_entry where partner_id = $pid and external_ref = 'scale-5'")"
log "detach_month: $( t0=$(date +%s%N); sql -c "alter table ledger_entry_part detach partition ledger_entry_2023_01 concurrently"; echo "ms=$(ms "$t0")")"
log "database_bytes=$(size "pg_database_size('$db')")"
echo "results: $results"
