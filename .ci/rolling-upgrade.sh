#!/usr/bin/env bash
# A rolling upgrade from the previous release to this build, against one database, as Kubernetes
# runs it: the previous release serves and writes; an instance of this build starts beside it and
# migrates; both keep taking posts (a client that gets 503 retries, as behind the Service). Then
# no entry may be missing from any totals table: the previous release does not know the
# migrations of this build, so the database's writer fence must refuse its writes (503), and
# every maintained total must equal the sum of the entries.
#
#   .ci/rolling-upgrade.sh
#
# PREVIOUS_RELEASE (default e094908, the release before the writer fence) is built once from
# this repository's history into target/previous-release/<commit>/ and reused. Ports:
# ROLLING_PORTS="old-api old-management new-api new-management" (CI: 18084 18086 18085 18087).
# The database is a fresh one on 127.0.0.1:5432 (PGHOST/PGPORT/PGUSER), dropped afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C

previous="${PREVIOUS_RELEASE:-e094908}"
read -r old_port old_mgmt new_port new_mgmt <<<"${ROLLING_PORTS:-18084 18086 18085 18087}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
new_jar=target/quarkus-app/quarkus-run.jar
commit=$(git rev-parse --verify "$previous^{commit}")
old_dir="target/previous-release/$commit"
old_jar="$old_dir/quarkus-app/quarkus-run.jar"
db="ledger_rolling_$(date +%s)_$$"
admin_key="rolling-admin-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
work=$(mktemp -d /tmp/ledger-rolling.XXXXXX)
old_pid=""
new_pid=""

log() { printf '%s %s\n' "$(date +%T)" "$*"; }
fail() { echo "FAIL: $*" >&2; for f in "$work"/*.log; do echo "-- $f" >&2; tail -15 "$f" >&2; done; exit 1; }
sql() { psql -d "$db" -v ON_ERROR_STOP=1 -qAt "$@"; }
cleanup() {
  set +e
  [ -n "$old_pid" ] && kill "$old_pid" 2>/dev/null && wait "$old_pid" 2>/dev/null
  [ -n "$new_pid" ] && kill "$new_pid" 2>/dev/null && wait "$new_pid" 2>/dev/null
  psql -q -c "drop database if exists $db with (force)" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

if [ ! -f "$old_jar" ]; then
  log "building the previous release $commit (once; kept in $old_dir)"
  src="$work/previous-src"
  git clone -q --no-checkout --shared . "$src"
  git -C "$src" checkout -q "$commit"
  (cd "$src" && ./mvnw -B -ntp -q package -Dmaven.test.skip=true) > "$work/build.log" 2>&1 || fail "building $commit"
  mkdir -p "$old_dir"
  cp -r "$src/target/quarkus-app" "$old_dir/"
  rm -rf "$src"
fi
if [ ! -f "$new_jar" ] || [ -n "$(find src pom.xml -newer "$new_jar" -type f -print -quit)" ]; then
  log "building this version"
  ./mvnw -B -ntp -q package -DskipTests
fi

psql -v ON_ERROR_STOP=1 -q -c "create database $db"

# Generous connection timeouts: a CI machine busy with a build may take seconds to open one.
start() { # name jar api-port management-port
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$db" QUARKUS_DATASOURCE_USERNAME="$PGUSER" \
  QUARKUS_DATASOURCE_PASSWORD=unused LEDGER_ADMIN_API_KEY="$admin_key" QUARKUS_HTTP_PORT="$3" \
  QUARKUS_MANAGEMENT_PORT="$4" LEDGER_RATE_LIMIT_REQUESTS_PER_SECOND=100000 LEDGER_RATE_LIMIT_BURST=100000 \
  QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT=10S QUARKUS_DATASOURCE_JDBC_LOGIN_TIMEOUT=5S \
    java -Xmx256m -jar "$2" > "$work/$1.log" 2>&1 &
  echo $!
}
wait_ready() { # url pid
  for _ in $(seq 1 240); do
    curl -sf -o /dev/null "$1" && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.5
  done
  return 1
}
api() { # base method path [body] -> prints "status body"
  curl -s -o "$work/body" -w '%{http_code}' -X "$2" -H "Authorization: Bearer ${key:-$admin_key}" \
    -H 'Content-Type: application/json' ${4:+-d "$4"} "$1$3"
}

old="http://127.0.0.1:$old_port"
new="http://127.0.0.1:$new_port"

log "previous release $commit on $old_port: creates the schema it knows and takes posts"
old_pid=$(start old "$old_jar" "$old_port" "$old_mgmt")
# The previous release serves health on its API port; this build on its management port.
wait_ready "$old/q/health/ready" "$old_pid" || fail "the previous release did not become ready"
[ "$(api "$old" POST /api/v1/campaigns '{"code":"ROLLING","name":"Rolling upgrade","startsOn":"2024-01-01"}')" = 201 ] \
  || fail "campaign: $(cat "$work/body")"
[ "$(api "$old" POST /api/v1/umkm '{"name":"Kopi Rolling","regionCode":"36.02","scale":"MIKRO"}')" = 201 ] \
  || fail "umkm: $(cat "$work/body")"
umkm=$(jq -r .id "$work/body")
[ "$(api "$old" POST /api/v1/partners '{"code":"rolling-partner","name":"Rolling","kind":"MARKETPLACE","roles":["PARTNER"]}')" = 201 ] \
  || fail "partner: $(cat "$work/body")"
partner_key=$(jq -r .apiKey "$work/body")
sale() { printf '{"externalRef":"%s","campaign":"ROLLING","umkmId":"%s","amount":"%s","currency":"IDR","channel":"QRIS","occurredAt":"2024-03-0%sT10:00:00+07:00"}' \
  "$1" "$umkm" "$2" "$((RANDOM % 9 + 1))"; }
for i in $(seq 1 20); do
  [ "$(key=$partner_key api "$old" POST /api/v1/transactions "$(sale "before-$i" "$i.50")")" = 201 ] || fail "post before the upgrade"
done

log "this build on $new_port starts beside it and migrates"
new_pid=$(start new "$new_jar" "$new_port" "$new_mgmt")
wait_ready "http://127.0.0.1:$new_mgmt/q/health/ready" "$new_pid" || fail "this build did not become ready"
log "schema now at $(sql -c "select max(version::int) from flyway_schema_history where success")"

log "the previous release may still read, but its writes are refused with 503 and Retry-After"
[ "$(key=$partner_key api "$old" GET /api/v1/transactions)" = 200 ] || fail "a read on the previous release"
status=$(key=$partner_key api "$old" POST /api/v1/transactions "$(sale old-single 7.00)")
[ "$status" = 503 ] || fail "a post to the previous release answered $status: $(cat "$work/body")"
curl -s -D - -o /dev/null -X POST -H "Authorization: Bearer $partner_key" -H 'Content-Type: application/json' \
  -d "$(sale old-single 7.00)" "$old/api/v1/transactions" | grep -qi '^Retry-After:' || fail "503 without Retry-After"
status=$(key=$partner_key api "$old" POST /api/v1/transactions/batch "{\"items\":[$(sale old-batch-1 1.00),$(sale old-batch-2 2.00)]}")
[ "$status" = 503 ] || fail "a batch to the previous release answered $status"
status=$(api "$old" POST /api/v1/campaigns '{"code":"ROLLING_OLD","name":"Written by the old release","startsOn":"2024-01-01"}')
[ "$status" = 503 ] || fail "a campaign created by the previous release answered $status"

log "both serve during the rollout: 60 posts, alternately, each retried until acknowledged"
acked=0
for i in $(seq 1 60); do
  body=$(sale "during-$i" "$((i % 50 + 1)).25")
  first=$([ $((i % 2)) = 0 ] && echo "$old" || echo "$new")
  code=$(key=$partner_key api "$first" POST /api/v1/transactions "$body")
  if [ "$code" = 503 ]; then code=$(key=$partner_key api "$new" POST /api/v1/transactions "$body"); fi
  [ "$code" = 201 ] || fail "post during-$i: $code $(cat "$work/body")"
  acked=$((acked + 1))
done

log "the previous release leaves; this build alone"
kill "$old_pid"; wait "$old_pid" 2>/dev/null || true; old_pid=""

stored=$(sql -c "select count(*) from ledger_entry where external_ref like 'during-%'")
old_only=$(sql -c "select count(*) from ledger_entry where external_ref like 'old-%'")
old_campaign=$(sql -c "select count(*) from campaign where code = 'ROLLING_OLD'")
reconcile=$(key=$admin_key api "$new" GET "/api/v1/admin/reconcile?campaign=ROLLING")
[ "$reconcile" = 200 ] || fail "reconcile answered $reconcile"
consistent=$(jq -r .consistent "$work/body")
differences=$(jq '.differences | length' "$work/body")
# Every totals table recomputed from all entries in SQL as well (not only this campaign's).
sql_differences=$(sql -c "
  with e as (select *, (occurred_at at time zone 'Asia/Jakarta')::date as day from ledger_entry),
  daily as (select campaign_id, day, region_code, channel, currency, partner_id, sum(amount_idr) a,
                   count(*) filter (where kind = 'SALE') n from e group by 1, 2, 3, 4, 5, 6),
  monthly as (select campaign_id, date_trunc('month', day)::date as month, region_code, channel, currency, partner_id,
                     sum(amount_idr) a, count(*) filter (where kind = 'SALE') n from e group by 1, 2, 3, 4, 5, 6),
  region as (select campaign_id, date_trunc('month', day)::date as month, region_code, partner_id,
                    sum(amount_idr) a, count(*) filter (where kind = 'SALE') n from e group by 1, 2, 3, 4)
  select (select count(*) from daily x full join ledger_daily t using (campaign_id, day, region_code, channel, currency, partner_id)
           where x.a is distinct from t.amount_idr or x.n is distinct from t.sale_count)
       + (select count(*) from monthly x full join ledger_monthly t using (campaign_id, month, region_code, channel, currency, partner_id)
           where x.a is distinct from t.amount_idr or x.n is distinct from t.sale_count)
       + (select count(*) from region x full join ledger_region_monthly t using (campaign_id, month, region_code, partner_id)
           where x.a is distinct from t.amount_idr or x.n is distinct from t.sale_count)")
refused=$(grep -c '57PW1' "$work/old.log" || true)

echo "acknowledged during the rollout: $acked, stored: $stored; writes by the previous release after the migration stored: $old_only entries, $old_campaign campaigns (refused by the fence: $refused)"
echo "reconcile consistent: $consistent, differences: $differences; totals rows differing from the entries (SQL): $sql_differences"
[ "$stored" = "$acked" ] || fail "acknowledged $acked, stored $stored"
[ "$old_only" = 0 ] && [ "$old_campaign" = 0 ] || fail "the previous release wrote after the migration"
[ "$consistent" = true ] && [ "$differences" = 0 ] && [ "$sql_differences" = 0 ] || fail "an entry escaped a totals table"
echo "ok: no write by the previous release after the migration, no entry outside its totals"
