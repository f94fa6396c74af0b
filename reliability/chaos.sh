#!/usr/bin/env bash
# Chaos run: partner clients post entries (single and batch) and retry every failure with the
# same externalRef and body, while PostgreSQL is restarted (fast and immediate shutdown) and the
# service is killed with SIGKILL and started again. Afterwards what the clients saw acknowledged
# is compared with the database and the daily totals with the entries. Both partners subscribe to
# their transaction webhooks; the receiver (ChaosReceiver, which checks every signature itself and
# answers 500 now and then) is killed and restarted all along, so it is down part of the time. Prints
#   acked=N stored=N lost=0 duplicated=0 aggregate_mismatch=0
#   events_expected=N delivered=N lost=0
# (webhook duplicates, counted by webhook-id, are allowed) and exits non-zero on any loss,
# duplicate or mismatch, or when a webhook message is still undelivered at the end (messages waiting
# for a later step of the retry schedule are redelivered through the API once the receiver is up).
#
#   reliability/chaos.sh [--quick]
#
# It runs its own throwaway PostgreSQL (never the machine's cluster) on CHAOS_PG_PORT (55493)
# and the service on CHAOS_HTTP_PORT (18093) with its management interface (health) on
# CHAOS_MANAGEMENT_PORT (18094); CHAOS_CLIENTS (4) client processes; the webhook receiver on
# CHAOS_HOOK_PORT (18095).
# PG_BIN may name the PostgreSQL binaries (default: the newest /usr/lib/postgresql/*/bin).
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C

mode=full
case "${1:-}" in
  --quick) mode=quick ;;
  "") ;;
  *) echo "usage: $0 [--quick]" >&2; exit 64 ;;
esac
if [ "$mode" = quick ]; then
  cycles=2; load_seconds=6
else
  cycles=4; load_seconds=12
fi

pg_port="${CHAOS_PG_PORT:-55493}"
http_port="${CHAOS_HTTP_PORT:-18093}"
management_port="${CHAOS_MANAGEMENT_PORT:-18094}"
clients="${CHAOS_CLIENTS:-4}"
hook_port="${CHAOS_HOOK_PORT:-18095}"
receiver_pid=""
flapper_pid=""
pg_bin="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
[ -x "$pg_bin/initdb" ] || { echo "no PostgreSQL binaries (set PG_BIN)" >&2; exit 1; }
base="http://127.0.0.1:$http_port"
management="http://127.0.0.1:$management_port"
admin_key="chaos-admin-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
jar=target/quarkus-app/quarkus-run.jar

work=$(mktemp -d /tmp/ledger-chaos.XXXXXX)
chmod 755 "$work"
pgdata="$work/pgdata"
app_pid=""
client_pids=()

# PostgreSQL refuses to run as root: run it as the postgres user then.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
pg_ctl() {
  as_pg "$pg_bin/pg_ctl" -D "$pgdata" -w -t 60 "$@" >>"$work/pg_ctl.log" 2>&1 \
    || { echo "pg_ctl $* failed:" >&2; tail -20 "$work/pg_ctl.log" "$work/postgres.log" >&2; exit 1; }
}
sql() { psql -h 127.0.0.1 -p "$pg_port" -U postgres -d ledger -v ON_ERROR_STOP=1 -qAt "$@"; }
log() { printf '%s %s\n' "$(date +%T)" "$*"; }

cleanup() {
  set +e
  touch "$work/stop"
  for pid in "${client_pids[@]}"; do kill "$pid" 2>/dev/null; done
  [ -n "$flapper_pid" ] && kill "$flapper_pid" 2>/dev/null
  [ -n "$receiver_pid" ] && kill -9 "$receiver_pid" 2>/dev/null
  [ -f "$work/receiver.pid" ] && kill -9 "$(cat "$work/receiver.pid")" 2>/dev/null
  [ -n "$app_pid" ] && kill -9 "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
  [ -f "$pgdata/postmaster.pid" ] && as_pg "$pg_bin/pg_ctl" -D "$pgdata" -m immediate stop >/dev/null 2>&1
  if [ -n "${CHAOS_KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

if [ ! -f "$jar" ] || [ -n "$(find src pom.xml -newer "$jar" -type f -print -quit)" ]; then
  log "building the service"
  ./mvnw -B -ntp -q package -DskipTests
fi

log "private PostgreSQL on port $pg_port ($pg_bin)"
if [ "$(id -u)" = 0 ]; then chown postgres "$work"; fi
as_pg "$pg_bin/initdb" -D "$pgdata" -U postgres -A trust -E UTF8 --no-locale >"$work/initdb.log" 2>&1
cat >>"$pgdata/postgresql.conf" <<EOF
port = $pg_port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$work'
fsync = on
synchronous_commit = on
max_connections = 60
EOF
pg_ctl -l "$work/postgres.log" start
psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc 'create database ledger'

start_service() {
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$pg_port/ledger" \
  QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres \
  LEDGER_ADMIN_API_KEY="$admin_key" QUARKUS_HTTP_PORT="$http_port" QUARKUS_MANAGEMENT_PORT="$management_port" \
  LEDGER_RATE_LIMIT_REQUESTS_PER_SECOND=100000 LEDGER_RATE_LIMIT_BURST=100000 \
  LEDGER_WEBHOOKS_ALLOW_PRIVATE_URLS=true QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT=30S \
    java -Xmx384m -jar "$jar" >>"$work/service.log" 2>&1 &
  app_pid=$!
  for _ in $(seq 1 120); do
    if curl -sf -o /dev/null "$management/q/health/ready"; then return 0; fi
    if ! kill -0 "$app_pid" 2>/dev/null; then break; fi
    sleep 0.5
  done
  echo "the service did not become ready; last log lines:" >&2
  tail -30 "$work/service.log" >&2
  exit 1
}

api() { # method path [body]
  curl -sS --fail-with-body -X "$1" -H "Authorization: Bearer $admin_key" -H 'Content-Type: application/json' \
    ${3:+-d "$3"} "$base$2"
}

log "starting the service on port $http_port"
start_service
campaign="CHAOS_$(date +%s)"
api POST /api/v1/campaigns "{\"code\":\"$campaign\",\"name\":\"Chaos run\",\"startsOn\":\"2024-01-01\"}" >/dev/null
umkm=$(api POST /api/v1/umkm '{"name":"Gula Aren Sobang","regionCode":"36.02","scale":"MIKRO"}' | jq -r .id)
keys=()
for p in 0 1; do
  keys+=("$(api POST /api/v1/partners "{\"code\":\"chaos-$p-$RANDOM\",\"name\":\"Chaos partner $p\",\"kind\":\"MARKETPLACE\",\"roles\":[\"PARTNER\"]}" | jq -r .apiKey)")
done

# Webhooks: each partner subscribes for its own entries; the receiver keeps the ids it accepted.
secrets=()
for key in "${keys[@]}"; do
  secrets+=("$(curl -sS --fail-with-body -X POST -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d "{\"url\":\"http://127.0.0.1:$hook_port/hook\",\"eventTypes\":[\"transaction.recorded\",\"transaction.reversed\"]}" \
    "$base/api/v1/webhooks" | jq -r .secret)")
done
javac -d "$work/receiver" reliability/ChaosReceiver.java
start_receiver() { # [steady]: in a subshell of its own, so that killing it prints no job notice
  ( CHAOS_RECEIVER_STEADY=$([ "${1:-}" = steady ] && echo 1 || echo 0) java -cp "$work/receiver" ChaosReceiver "$hook_port" "$work/hook.received" "$work/hook.invalid" "${secrets[@]}" \
      >>"$work/receiver.log" 2>&1 &
    echo $! >"$work/receiver.pid" )
}
receiver_listening() { # a bare TCP connect, no request: the receiver's files stay clean
  for _ in $(seq 1 200); do (exec 3<>"/dev/tcp/127.0.0.1/$hook_port") 2>/dev/null && return 0; sleep 0.1; done
  return 1
}
start_receiver
receiver_listening || { echo "the webhook receiver did not start" >&2; cat "$work/receiver.log" >&2; exit 1; }
# Up 5 s, then down 3 s, while the clients post: killed, so connections are refused outright. The
# 5 s count from when it listens: on a loaded machine a JVM takes seconds to start, and counting
# its start as up time left the receiver down nearly all the time.
( while [ ! -f "$work/stop" ]; do
    sleep 5; kill -9 "$(cat "$work/receiver.pid")" 2>/dev/null; sleep 3
    [ -f "$work/stop" ] || { start_receiver; receiver_listening; }
  done ) &
flapper_pid=$!

log "$clients clients posting to $campaign"
javac -d "$work/client" reliability/ChaosClient.java
for c in $(seq 0 $((clients - 1))); do
  java -cp "$work/client" ChaosClient "$base" "${keys[$((c % 2))]}" "$campaign" "$umkm" "client$c" "$work" "$((4242 + c))" \
    >"$work/client$c.out" 2>&1 &
  client_pids+=($!)
done

db_restarts=0
service_kills=0
wait_ready() {
  for _ in $(seq 1 120); do curl -sf -o /dev/null "$management/q/health/ready" && return 0; sleep 0.5; done
  echo "the service did not recover" >&2; tail -30 "$work/service.log" >&2; exit 1
}
acked_so_far() { cat "$work"/client*.acked 2>/dev/null | wc -l; }

sleep "$load_seconds"
for cycle in $(seq 1 "$cycles"); do
  shutdown_mode=$([ $((cycle % 2)) = 1 ] && echo fast || echo immediate)
  log "cycle $cycle: PostgreSQL stop -m $shutdown_mode under load (acked so far: $(acked_so_far))"
  pg_ctl -m "$shutdown_mode" stop
  sleep 2
  pg_ctl -l "$work/postgres.log" start
  db_restarts=$((db_restarts + 1))
  wait_ready
  sleep "$load_seconds"
  log "cycle $cycle: SIGKILL the service under load (acked so far: $(acked_so_far))"
  kill -9 "$app_pid"
  wait "$app_pid" 2>/dev/null || true
  service_kills=$((service_kills + 1))
  sleep 1
  start_service
  sleep "$load_seconds"
done

log "stopping the clients"
touch "$work/stop"
client_failures=0
for i in "${!client_pids[@]}"; do
  if ! wait "${client_pids[$i]}"; then
    client_failures=$((client_failures + 1))
    echo "client$i failed:" >&2; tail -5 "$work/client$i.out" >&2; head -5 "$work/client$i.errors" >&2
  fi
done
client_pids=()
cat "$work"/client*.out
wait "$flapper_pid" 2>/dev/null || true
flapper_pid=""
kill -9 "$(cat "$work/receiver.pid")" 2>/dev/null || true
# From here on the receiver is up and answers every correctly signed message (no more random 500s):
# what the run checks now is that every message still in the outbox reaches it on the schedule.
start_receiver steady
receiver_listening || { echo "the webhook receiver did not start" >&2; exit 1; }

# Every message must be delivered before the run ends. First the dispatcher alone: it waits (up to
# CHAOS_DUE_WAIT seconds, 120) until no message that is due is left undelivered and every entry's
# event has its message. A message that failed twice then waits for the schedule's 5 min step (one
# that failed three times, 30 min): the schedule itself is tested with a controllable clock
# (DeliveryOutcomesTest), so rather than sit out the step the run asks for those messages at once,
# as an operator would (POST .../redeliver), and waits (up to CHAOS_DELIVERY_WAIT seconds, 120)
# until none is left. The run fails if any is still undelivered then.
undelivered() { # [due]: only the messages whose attempt is due now
  sql -c "select (select count(*) from webhook_message where status <> 'DELIVERED'
                    ${1:+and next_attempt_at <= now()})
               + (select count(*) from webhook_entry_event)"
}
log "waiting for the dispatcher to deliver every message that is due"
for _ in $(seq 1 "${CHAOS_DUE_WAIT:-120}"); do
  [ "$(undelivered due)" = 0 ] && break
  sleep 1
done
redelivered=0
while IFS='|' read -r subscription message; do
  [ -n "$message" ] || continue
  api POST "/api/v1/webhooks/$subscription/deliveries/$message/redeliver" >/dev/null
  redelivered=$((redelivered + 1))
done < <(sql -c "select subscription_id, id from webhook_message where status = 'PENDING' and next_attempt_at > now()")
log "asked for $redelivered message(s) waiting for a later step of the schedule; waiting for the outbox to empty"
for _ in $(seq 1 "${CHAOS_DELIVERY_WAIT:-120}"); do
  [ "$(undelivered)" = 0 ] && break
  sleep 1
done
# Every entry has its message: its event was written in the entry's transaction (webhook_entry_event)
# and has become a message since.
events_missing=$(sql -c "select count(*) from ledger_entry e where not exists
                           (select 1 from webhook_message m where m.payload -> 'data' ->> 'id' = e.id::text)")
sql -c "select id from webhook_message" | sort -u >"$work/events_expected"
sort -u "$work/hook.received" >"$work/events_delivered"
events_expected=$(wc -l <"$work/events_expected")
events_delivered=$(comm -12 "$work/events_expected" "$work/events_delivered" | wc -l)
events_lost=$((events_expected - events_delivered))
# How the retries went: messages by the attempts they needed, and the failures seen.
attempt_summary=$(sql -c "select attempts || ' attempt(s): ' || count(*) from webhook_message group by attempts
                                 order by attempts" | paste -sd ',' -)
failure_summary=$(sql -c "select cause || ' x' || n from (
                             select coalesce(status_code::text, regexp_replace(error, ':.*', '')) as cause, count(*) as n
                               from webhook_attempt where status_code is null or status_code >= 300 group by 1) f
                            order by n desc" | paste -sd ',' -)
events_duplicates=$(( $(wc -l <"$work/hook.received") - $(wc -l <"$work/events_delivered") ))
events_invalid=$(cat "$work/hook.invalid" 2>/dev/null | wc -l)

# What the clients attempted and were told, against what the database holds.
cat "$work"/client*.attempted | sort -u >"$work/attempted"
cat "$work"/client*.acked | sort -u >"$work/acked"
sql -F $'\t' -c "select e.external_ref, e.amount, count(*) over (partition by e.external_ref)
                   from ledger_entry e join campaign c on c.id = e.campaign_id
                  where c.code = '$campaign'" | sort >"$work/stored_all"
acked=$(wc -l <"$work/acked")
# stored: the attempted refs the database holds (it may hold more than were acked: a request can
# commit and lose its response to a kill; its retry then replays it).
stored=$(cut -f1 "$work/stored_all" | sort -u | comm -12 - "$work/attempted" | wc -l)
# lost: an acknowledged ref the database does not hold with the acknowledged amount.
lost=$(awk -F'\t' 'NR == FNR { have[$1 "\t" $2] = 1; next } !(($1 "\t" $2) in have)' \
  "$work/stored_all" "$work/acked" | wc -l)
duplicated=$(awk -F'\t' '$3 > 1 { print $1 }' "$work/stored_all" | sort -u | wc -l)
unexpected=$(cut -f1 "$work/stored_all" | sort -u | comm -23 - "$work/attempted" | wc -l)

# Aggregates: the service's own reconciliation, the daily totals recomputed in SQL over every
# campaign, and the campaign's progress totals against a sum of its entries.
reconcile=$(api GET "/api/v1/admin/reconcile?campaign=$campaign")
reconcile_diffs=$(jq '.differences | length' <<<"$reconcile")
[ "$(jq .consistent <<<"$reconcile")" = true ] || reconcile_diffs=$((reconcile_diffs > 0 ? reconcile_diffs : 1))
sql_diffs=$(sql -c "
  with expected as (
    select campaign_id, (occurred_at at time zone 'Asia/Jakarta')::date as day, region_code, channel, currency,
           partner_id, sum(amount_idr) as amount_idr, count(*) filter (where kind = 'SALE') as sale_count
      from ledger_entry group by 1, 2, 3, 4, 5, 6)
  select count(*) from expected e
    full join ledger_daily a using (campaign_id, day, region_code, channel, currency, partner_id)
   where e.amount_idr is distinct from a.amount_idr or e.sale_count is distinct from a.sale_count")
progress=$(api GET "/api/v1/campaigns/$campaign/progress")
expected_totals=$(sql -F ' ' -c "select coalesce(sum(amount_idr), 0), count(*) filter (where kind = 'SALE')
                                  from ledger_entry e join campaign c on c.id = e.campaign_id where c.code = '$campaign'")
progress_totals="$(jq -r '.totals.amountIdr + " " + (.totals.transactionCount | tostring)' <<<"$progress")"
progress_diffs=0
[ "$expected_totals" = "$progress_totals" ] || progress_diffs=1
aggregate_mismatch=$((reconcile_diffs + sql_diffs + progress_diffs))

echo "database restarts: $db_restarts (fast and immediate), service kills: $service_kills (SIGKILL)"
awk '/^client/ { singles += $2; batches += $4; retries += $6; replays += $8 }
     END { printf "client requests: %d singles, %d batches; %d retries; %d entries acknowledged as replays\n", singles, batches, retries, replays }' \
  "$work"/client*.out
echo "campaign totals: database $expected_totals, progress API $progress_totals; reconcile differences: $reconcile_diffs; daily-total rows differing: $sql_diffs"
echo "attempted refs: $(wc -l <"$work/attempted"), stored refs never attempted: $unexpected, client failures: $client_failures"
echo "webhooks: entries without their event: $events_missing, deliveries received more than once: $events_duplicates, bad signatures: $events_invalid"
echo "acked=$acked stored=$stored lost=$lost duplicated=$duplicated aggregate_mismatch=$aggregate_mismatch"
echo "webhook messages by attempts: $attempt_summary; failed attempts: ${failure_summary:-none}; redelivered at the end: $redelivered"
echo "events_expected=$events_expected delivered=$events_delivered lost=$events_lost"
if [ "$lost" -ne 0 ] || [ "$duplicated" -ne 0 ] || [ "$aggregate_mismatch" -ne 0 ] \
   || [ "$unexpected" -ne 0 ] || [ "$client_failures" -ne 0 ] || [ "$acked" -eq 0 ] \
   || [ "$events_lost" -ne 0 ] || [ "$events_delivered" -lt "$events_expected" ] \
   || [ "$events_missing" -ne 0 ] || [ "$events_invalid" -ne 0 ] \
   || [ "$events_expected" -eq 0 ]; then
  CHAOS_KEEP=1
  exit 1
fi
