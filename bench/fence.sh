#!/usr/bin/env bash
# The writer fence's cost per statement (docs/benchmarks.md, "The writer fence"): one statement
# that upserts eight fenced tables, as the posting statement upserts its totals (each upsert fires
# the statement trigger for INSERT and for UPDATE: 16 firings), run by pgbench on one connection
# with the fence of each migration that defined it (V52, V72) and without triggers, interleaved.
# A scratch database holds only the eight tables and a copy of this build's migration history.
# usage: bench/fence.sh [SECONDS per slot, default 6] [ROUNDS, default 3]
# env:   PGHOST/PGPORT/PGUSER for the server.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-6}"; rounds="${2:-3}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
pgbench=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench | tail -1)
migrations=src/main/resources/db/migration
out=target/bench-fence; mkdir -p "$out"
db="ledger_fence_$(date +%s)"
psql -v ON_ERROR_STOP=1 -q -c "create database $db"
trap 'psql -q -c "drop database if exists $db with (force)" >/dev/null 2>&1 || true' EXIT
sql() { psql -d "$db" -v ON_ERROR_STOP=1 -qAt "$@"; }

versions=$(ls "$migrations" | sed -n 's/^V\([0-9_]*\)__.*\.sql$/\1/p' | tr _ . | sort -V)
newest=$(echo "$versions" | tail -1)
sql <<SQL
create table flyway_schema_history (installed_rank int primary key, version varchar(50), description varchar(200),
    type varchar(20), script varchar(1000), checksum int, installed_by varchar(100),
    installed_on timestamp not null default now(), execution_time int, success boolean not null);
insert into flyway_schema_history (installed_rank, version, description, type, script, installed_by, execution_time, success)
select n, v, 'migration', 'SQL', 'V' || v, current_user, 0, true
  from unnest(string_to_array('$(echo $versions | tr ' ' ,)', ',')) with ordinality as m(v, n);
create function ledger_writer_fence() returns trigger language plpgsql as \$\$ begin return null; end \$\$;
do \$\$ begin
    for i in 1..8 loop
        execute format('create table t%s (id int primary key, n bigint not null)', i);
        execute format('create trigger ledger_writer_fence before insert or update or delete or truncate on t%s '
                       'for each statement execute function ledger_writer_fence()', i);
    end loop;
end \$\$;
SQL
# Each migration's own definition of the function, with Flyway's placeholders filled in.
fence_of() {
  sed -n '/^create or replace function ledger_writer_fence()/,/^\$\$;/p' "$migrations"/V"$1"__*.sql \
    | sed 's/"\${flyway:defaultSchema}"\."\${flyway:table}"/public.flyway_schema_history/'
}
fence_of 52 > "$out/V52.sql"; fence_of 72 > "$out/V72.sql"
triggers() { sql -c "do \$\$ begin for i in 1..8 loop
                       execute format('alter table t%s $1 trigger ledger_writer_fence', i); end loop; end \$\$"; }
{
  echo '\set k random(1, 1000)'
  printf 'with '
  for i in 1 2 3 4 5 6 7 8; do
    printf 'u%s as (insert into t%s values (:k, 1) on conflict (id) do update set n = t%s.n + 1 returning 1)' $i $i $i
    [ $i = 8 ] && echo || echo ','
  done
  echo 'select (select count(*) from u1) + (select count(*) from u2) + (select count(*) from u3) + (select count(*) from u4)'
  echo '     + (select count(*) from u5) + (select count(*) from u6) + (select count(*) from u7) + (select count(*) from u8);'
} > "$out/statement.sql"

echo "# $(date -u +%FT%TZ) bench/fence.sh $seconds $rounds  commit $(git rev-parse --short HEAD 2>/dev/null || echo none)," \
     "schema $newest, $(psql -qAt -c 'show server_version')"
: > "$out/slots.txt"
for round in $(seq 1 "$rounds"); do
  for variant in none V52 V72 V72 V52 none; do
    if [ "$variant" = none ]; then triggers disable; else triggers enable; sql -f "$out/$variant.sql"; fi
    ms=$(PGOPTIONS="-c ledger.schema_version=$newest -c synchronous_commit=off" \
         "$pgbench" -d "$db" -n -M prepared -c 1 -T "$seconds" -f "$out/statement.sql" 2>&1 \
         | awk '/^latency average/ {print $4}')
    echo "$variant $ms" >> "$out/slots.txt"
  done
done
mean() { awk -v v="$1" '$1 == v {s += $2; n++} END {printf "%.4f", s / n}' "$out/slots.txt"; }
none=$(mean none); v52=$(mean V52); v72=$(mean V72)
echo "fence_statement_ms_none=$none fence_statement_ms_v52=$v52 fence_statement_ms_v72=$v72" \
     "ratio_v72_to_v52=$(printf '%.2f' "$(echo "$v72 / $v52" | bc -l)")" \
     "fence_us_per_statement_v52=$(printf '%.0f' "$(echo "($v52 - $none) * 1000" | bc -l)")" \
     "fence_us_per_statement_v72=$(printf '%.0f' "$(echo "($v72 - $none) * 1000" | bc -l)")"
