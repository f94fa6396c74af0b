#!/usr/bin/env bash
# Runs the packaged service (production profile) against a real database and checks what only a
# production start shows: JSON log lines carrying the request id and no API key, the X-Request-Id
# echo, and a graceful shutdown that lets a batch in flight finish whole.
# Usage: .ci/prod-check.sh <http-port> <empty database on 127.0.0.1:5432> [<management-port>]
# (health is on the management interface: the given port, or the HTTP port + 2)
set -euo pipefail
cd "$(dirname "$0")/.."
port=$1
database=$2
management_port=${3:-$((port + 2))}
base="http://127.0.0.1:$port"
management="http://127.0.0.1:$management_port"
log=target/prod-check.log
admin_key="ops-admin-key-$(date +%s%N)"

fail() { echo "FAIL: $*"; tail -20 "$log"; exit 1; }

QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$database" QUARKUS_DATASOURCE_USERNAME=postgres \
QUARKUS_DATASOURCE_PASSWORD=postgres LEDGER_ADMIN_API_KEY="$admin_key" QUARKUS_HTTP_PORT="$port" QUARKUS_MANAGEMENT_PORT="$management_port" \
  java -jar target/quarkus-app/quarkus-run.jar > "$log" 2>&1 &
app=$!
trap 'kill "$app" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "$management/q/health/ready" >/dev/null && break; sleep 1; done
curl -sf "$management/q/health/ready" >/dev/null || fail "the service did not become ready"

admin=(-H "Authorization: Bearer $admin_key" -H "Content-Type: application/json")
json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(eval("JSON.parse(s)"+process.argv[1])))' "$1"; }

echo "-- request id: echoed in the header, the problem and the log"
headers=$(curl -s -D - -o target/prod-check-body.json -H "X-Request-Id: ci-trace-4711" "$base/api/v1/partners")
grep -qi '^X-Request-Id: ci-trace-4711' <<<"$headers" || fail "X-Request-Id not echoed: $headers"
[ "$(json .requestId < target/prod-check-body.json)" = "ci-trace-4711" ] || fail "requestId missing from the problem"

echo "-- graceful shutdown: a batch whose body is still arriving at SIGTERM is finished whole"
curl -sf "${admin[@]}" -d '{"code":"ci-shutdown","name":"Shutdown check","kind":"OTHER","roles":["PARTNER"]}' \
  "$base/api/v1/partners" > target/prod-check-partner.json
partner_key=$(json .apiKey < target/prod-check-partner.json)
curl -sf "${admin[@]}" -d '{"code":"CISHUTDOWN","name":"Shutdown check","startsOn":"2023-01-01"}' \
  "$base/api/v1/campaigns" >/dev/null
umkm=$(curl -sf "${admin[@]}" -d '{"name":"Kopi Banten","regionCode":"36","scale":"MIKRO"}' "$base/api/v1/umkm" | json .id)
node -e '
const items = [];
for (let i = 0; i < 1000; i++) items.push({externalRef: "shutdown-" + i, campaign: "CISHUTDOWN",
  umkmId: process.argv[1], amount: "1000.00", currency: "IDR", channel: "QRIS",
  occurredAt: "2023-06-01T10:00:00+07:00", metadata: {note: "x".repeat(100)}});
console.log(JSON.stringify({items}));' "$umkm" > target/prod-check-batch.json
# About 200 kB at 40 kB/s: the request is in flight for ~5 s; SIGTERM comes after 2 s.
curl -s -o target/prod-check-batch-result.json -w '%{http_code}' --limit-rate 40k \
  -H "Authorization: Bearer $partner_key" -H "Content-Type: application/json" \
  --data-binary @target/prod-check-batch.json "$base/api/v1/transactions/batch" > target/prod-check-batch-status &
upload=$!
sleep 2
kill -TERM "$app"
wait "$upload" || true
wait "$app" || true
status=$(cat target/prod-check-batch-status)
[ "$status" = "200" ] || fail "the batch in flight at shutdown answered '$status'"
[ "$(json .created < target/prod-check-batch-result.json)" = "1000" ] || fail "the batch was not created whole"
stored=$(psql -h 127.0.0.1 -U postgres -d "$database" -tAc \
  "select count(*) from ledger_entry where external_ref like 'shutdown-%'")
[ "$stored" = "1000" ] || fail "$stored of 1000 entries were stored"
grep -q "Waiting for HTTP requests to complete" "$log" || fail "the batch was not in flight at SIGTERM"
grep -q "All HTTP requests complete" "$log" || fail "the shutdown did not wait for the batch"

echo "-- logs: one JSON object per line, the request id in the access log, no API key"
node -e '
const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(l => l.trim());
const bad = lines.filter(l => { try { JSON.parse(l); return false; } catch { return true; } });
if (bad.length) { console.error("not JSON: " + bad[0]); process.exit(1); }
const traced = lines.map(l => JSON.parse(l)).filter(r => (r.message || "").includes("request-id=ci-trace-4711"));
if (!traced.length) { console.error("no access log line with the request id"); process.exit(1); }
' "$log" || fail "the production log is not as expected"
if grep -qF "$admin_key" "$log" || grep -qF "$partner_key" "$log"; then fail "an API key was logged"; fi
echo "ok: request id, JSON logs without keys, graceful shutdown with the batch whole"
