-- wrk script of bench/run.sh: single POST /api/v1/transactions, each with its own externalRef,
-- drawn from the same mix as LedgerBench's batches (a year of 2023, Banten's regencies, mostly
-- IDR). Settings come from the environment: BENCH_KEY, BENCH_CAMPAIGN, BENCH_UMKM_FILE (one id
-- per line), BENCH_RUN (a prefix keeping refs unique across runs).

local key = os.getenv("BENCH_KEY")
local campaign = os.getenv("BENCH_CAMPAIGN")
local run = os.getenv("BENCH_RUN")
local umkm = {}
for line in io.lines(os.getenv("BENCH_UMKM_FILE")) do
  umkm[#umkm + 1] = line
end
local channels = { "QRIS", "QRIS", "QRIS", "MARKETPLACE", "MARKETPLACE", "E_KATALOG", "EXPO", "OFFLINE", "OFFLINE",
                   "EXPORT" }
local foreign = { { "EUR", "17250.5" }, { "SGD", "11620.25" }, { "JPY", "104.3" }, { "KRW", "11.42" } }
local yearStart = 1672506000 -- 2023-01-01T00:00:00+07:00
local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }

local threads = {}
id = 0
sent = 0
failed = 0

function setup(thread)
  id = id + 1
  thread:set("id", id)
  threads[#threads + 1] = thread
end

function init(args)
  math.randomseed(id * 7919)
end

function request()
  sent = sent + 1
  local currency, rate, amount = "IDR", nil, nil
  if math.random(20) == 1 then
    local f = foreign[math.random(#foreign)]
    currency, rate = f[1], f[2]
    amount = string.format("%d.%02d", math.random(1, 5000), math.random(0, 99))
  else
    amount = string.format("%d.%02d", math.random(10000, 50009999), math.random(0, 99))
  end
  local body = string.format(
      '{"externalRef":"wrk-%s-%d-%d","campaign":"%s","umkmId":"%s","amount":"%s","currency":"%s"%s,'
          .. '"channel":"%s","occurredAt":"%s"}',
      run, id, sent, campaign, umkm[math.random(#umkm)], amount, currency,
      rate and (',"fxRateToIdr":"' .. rate .. '"') or "", channels[math.random(#channels)],
      os.date("!%Y-%m-%dT%H:%M:%SZ", yearStart + math.random(0, 365 * 24 * 3600 - 1)))
  return wrk.format("POST", "/api/v1/transactions", headers, body)
end

function response(status, headers, body)
  if status ~= 201 then
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local failures = 0
  for _, thread in ipairs(threads) do
    failures = failures + thread:get("failed")
  end
  -- "failed" counts every answer but 201 (wrk's errors.status counts the same answers again).
  local errors = failures + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("single_post_requests=%d single_post_errors=%d single_post_tps=%.0f"
      .. " single_post_p50_ms=%.2f single_post_p99_ms=%.2f\n",
      summary.requests, errors, (summary.requests - failures) / (summary.duration / 1e6),
      latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
