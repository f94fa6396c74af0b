import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator of bench/run.sh for setup, batches and reads (single posts go through wrk
 * and bench/post.lua, a lighter client on a two-core machine). Plain JDK, compiled by run.sh. It
 * talks to a running service over HTTP only, so every entry it writes goes through the same
 * rules, idempotency and totals as a partner's.
 *
 * <pre>
 * setup   --url U --admin KEY --state FILE [--umkm N]      campaigns, targets, partners, UMKM
 * batches --state FILE --clients N --rows R [--campaign C] POST /transactions/batch, 1,000 items each
 *         [--prime N]                                       N unmeasured batches per client, sent first
 * reads   --state FILE --requests N [--warm-up N]          progress, breakdown and plausibility latencies
 *         [--concurrency N] [--paths progress,breakdown]    N readers at once (requests each), some paths only
 *         [--campaign ROLE] [--beside ROLE --beside-label L] of campaign ROLE (reads); with --beside, each
 *                                                           reader alternates between the two campaigns
 * receive --port P                                          a webhook receiver: answers 204, GET /count = distinct webhook-ids
 * </pre>
 * Every measuring command prints one line of key=value figures that run.sh picks up.
 */
public final class LedgerBench {

    static final String[] REGENCIES = { "36.01", "36.02", "36.03", "36.04", "36.71", "36.72", "36.73", "36.74" };
    /** Channel mix of the load: QRIS and marketplaces dominate, as in the campaign reports. */
    static final String[] CHANNELS = { "QRIS", "QRIS", "QRIS", "MARKETPLACE", "MARKETPLACE", "E_KATALOG", "EXPO",
            "OFFLINE", "OFFLINE", "EXPORT" };
    static final String[][] FOREIGN = { { "EUR", "17250.5" }, { "SGD", "11620.25" }, { "JPY", "104.3" },
            { "KRW", "11.42" } };
    static final long YEAR_START = LocalDate.of(2023, 1, 1).atStartOfDay().toEpochSecond(ZoneOffset.ofHours(7));
    static final int YEAR_SECONDS = 365 * 24 * 3600;

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: LedgerBench setup|batches|reads [options]");
        }
        Map<String, String> options = options(Arrays.copyOfRange(args, 1, args.length));
        switch (args[0]) {
            case "setup" -> setup(options);
            case "batches" -> batches(options);
            case "reads" -> reads(options);
            case "receive" -> receive(options);
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    // ---- setup --------------------------------------------------------------------------------

    static void setup(Map<String, String> o) throws Exception {
        Http admin = new Http(o.get("url"), o.get("admin"));
        int umkmCount = Integer.parseInt(o.getOrDefault("umkm", "1206"));
        Properties state = new Properties();
        state.setProperty("url", o.get("url"));
        long suffix = System.currentTimeMillis() % 100000;
        // One campaign per measurement, so the read figures see only the entries loaded for them; the
        // small one stays at 10 thousand entries while "reads" grows, and the two are read side by side.
        for (String role : List.of("writes", "reads", "small", "baseline")) {
            String code = "BENCH_" + role.toUpperCase(Locale.ROOT) + "_" + suffix;
            admin.expect(201, "POST", "/api/v1/campaigns", "{\"code\":\"" + code + "\",\"name\":\"Benchmark " + role
                    + "\",\"startsOn\":\"2023-01-01\",\"endsOn\":\"2023-12-31\"}");
            state.setProperty("campaign." + role, code);
        }
        String[] targets = {
                "{\"name\":\"Banten 2023\",\"metric\":\"TRANSACTION_VALUE\",\"amount\":\"60000000000.00\","
                        + "\"regionCode\":\"36\",\"periodStart\":\"2023-01-01\",\"periodEnd\":\"2023-12-31\"}",
                "{\"name\":\"Lebak Q3\",\"metric\":\"TRANSACTION_VALUE\",\"amount\":\"5000000000.00\","
                        + "\"regionCode\":\"36.02\",\"periodStart\":\"2023-07-01\",\"periodEnd\":\"2023-09-30\"}",
                "{\"name\":\"Transactions 2023\",\"metric\":\"TRANSACTION_COUNT\",\"amount\":\"1000000\","
                        + "\"periodStart\":\"2023-01-01\",\"periodEnd\":\"2023-12-31\"}",
                "{\"name\":\"Active UMKM 2023\",\"metric\":\"ACTIVE_UMKM\",\"amount\":\"1000\","
                        + "\"regionCode\":\"36\",\"periodStart\":\"2023-01-01\",\"periodEnd\":\"2023-12-31\"}" };
        for (String role : List.of("reads", "small")) {
            for (String target : targets) {
                admin.expect(201, "POST", "/api/v1/campaigns/" + state.getProperty("campaign." + role) + "/targets",
                        target);
            }
        }
        String[] kinds = { "MARKETPLACE", "QRIS_ACQUIRER", "E_KATALOG", "EXPO_ORGANISER" };
        for (int p = 0; p < 4; p++) {
            String body = admin.expect(201, "POST", "/api/v1/partners", "{\"code\":\"bench-" + suffix + "-" + p
                    + "\",\"name\":\"Benchmark partner " + p + "\",\"kind\":\"" + kinds[p]
                    + "\",\"roles\":[\"PARTNER\"]}");
            state.setProperty("partner." + p + ".key", field(body, "apiKey"));
        }
        String viewer = admin.expect(201, "POST", "/api/v1/partners", "{\"code\":\"bench-" + suffix
                + "-viewer\",\"name\":\"Benchmark dashboard\",\"kind\":\"GOVERNMENT\",\"roles\":[\"VIEWER\"]}");
        state.setProperty("viewer.key", field(viewer, "apiKey"));

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> ids = new ArrayList<>();
        for (int i = 0; i < umkmCount; i++) {
            int n = i;
            ids.add(pool.submit(() -> field(admin.expect(201, "POST", "/api/v1/umkm", String.format(Locale.ROOT,
                    "{\"name\":\"UMKM Benchmark %d\",\"regionCode\":\"%s\",\"scale\":\"MIKRO\",\"nib\":\"9%05d%07d\"}",
                    n, REGENCIES[n % REGENCIES.length], suffix, n)), "id")));
        }
        StringBuilder joined = new StringBuilder();
        for (Future<String> id : ids) {
            joined.append(joined.length() == 0 ? "" : ",").append(id.get());
        }
        pool.shutdown();
        state.setProperty("umkm", joined.toString());
        try (OutputStream out = Files.newOutputStream(Path.of(o.get("state")))) {
            state.store(out, "bench/run.sh state");
        }
        System.out.println("setup campaigns=4 partners=5 umkm=" + umkmCount);
    }

    // ---- writes -------------------------------------------------------------------------------

    /** One entry's JSON, drawn from the load's mix: a year of 2023, Banten's regencies, mostly IDR. */
    static String entry(SplittableRandom random, String ref, String campaign, String[] umkm) {
        long occurred = YEAR_START + random.nextInt(YEAR_SECONDS);
        String currency = "IDR";
        String rate = null;
        String amount;
        if (random.nextInt(20) == 0) {
            String[] foreign = FOREIGN[random.nextInt(FOREIGN.length)];
            currency = foreign[0];
            rate = foreign[1];
            amount = (1 + random.nextInt(5000)) + "." + String.format("%02d", random.nextInt(100));
        } else {
            amount = (10000 + random.nextInt(50_000_000)) + "." + String.format("%02d", random.nextInt(100));
        }
        return "{\"externalRef\":\"" + ref + "\",\"campaign\":\"" + campaign + "\",\"umkmId\":\""
                + umkm[random.nextInt(umkm.length)] + "\",\"amount\":\"" + amount + "\",\"currency\":\"" + currency
                + "\"" + (rate == null ? "" : ",\"fxRateToIdr\":\"" + rate + "\"") + ",\"channel\":\""
                + CHANNELS[random.nextInt(CHANNELS.length)] + "\",\"occurredAt\":\""
                + Instant.ofEpochSecond(occurred) + "\"}";
    }

    static void batches(Map<String, String> o) throws Exception {
        Properties state = state(o);
        int clients = Integer.parseInt(o.get("clients"));
        long rows = Long.parseLong(o.get("rows"));
        int size = Integer.parseInt(o.getOrDefault("size", "1000"));
        int prime = Integer.parseInt(o.getOrDefault("prime", "0"));
        String campaign = state.getProperty("campaign." + o.getOrDefault("campaign", "writes"));
        String[] umkm = state.getProperty("umkm").split(",");
        long runId = System.nanoTime();
        // This client is a new JVM: compile its body builder before the clock starts, so a short
        // run measures the service's batch path, not the client's interpreter.
        SplittableRandom warm = new SplittableRandom(runId);
        for (int i = 0; i < 20_000; i++) {
            entry(warm, "warm-" + i, campaign, umkm);
        }
        List<Http> http = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            // A client per partner, as several partners would load at once.
            http.add(new Http(state.getProperty("url"), state.getProperty("partner." + (c % 4) + ".key")));
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        // --prime N: each client first sends N batches, unmeasured, so that the clock starts with the
        // client's HTTP path compiled and the service past the first page writes after a checkpoint.
        long primed = send(pool, http, prime * (long) clients * size, size, "prime-" + runId, campaign, umkm);
        long started = System.nanoTime();
        long created = send(pool, http, rows, size, "batch-" + runId, campaign, umkm);
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        System.out.printf(Locale.ROOT,
                "batch_rows=%d batch_created=%d batch_seconds=%.1f batch_rows_per_s=%.0f batch_primed_rows=%d%n",
                rows, created, seconds, rows / seconds, primed);
        check(created == rows && primed == prime * (long) clients * size, "not every batch item was created");
    }

    /** Sends {@code rows} items in batches of {@code size}, each client taking the next batch; returns those created. */
    private static long send(ExecutorService pool, List<Http> http, long rows, int size, String refs, String campaign,
            String[] umkm) throws Exception {
        long batches = (rows + size - 1) / size;
        AtomicLong next = new AtomicLong();
        AtomicLong created = new AtomicLong();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < http.size(); c++) {
            Http client = http.get(c);
            long seed = refs.hashCode() * 31L + c;
            done.add(pool.submit(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                for (long b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
                    long first = b * size;
                    int items = (int) Math.min(size, rows - first);
                    StringBuilder body = new StringBuilder(items * 260).append("{\"items\":[");
                    for (int i = 0; i < items; i++) {
                        body.append(i == 0 ? "" : ",").append(entry(random, refs + "-" + (first + i), campaign, umkm));
                    }
                    body.append("]}");
                    HttpResponse<String> response = client.send("POST", "/api/v1/transactions/batch", body.toString());
                    check(response.statusCode() == 200, "batch answered " + response.statusCode() + ": "
                            + response.body().substring(0, Math.min(300, response.body().length())));
                    created.addAndGet(Long.parseLong(field(response.body(), "created")));
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        return created.get();
    }

    // ---- reads --------------------------------------------------------------------------------

    static void reads(Map<String, String> o) throws Exception {
        Properties state = state(o);
        int requests = Integer.parseInt(o.get("requests"));
        int warmUp = Integer.parseInt(o.getOrDefault("warm-up", "2000"));
        int concurrency = Integer.parseInt(o.getOrDefault("concurrency", "1"));
        List<String> only = List.of(o.getOrDefault("paths", "progress,breakdown,plausibility").split(","));
        // Two campaigns read in alternation, request by request: whatever the machine does meanwhile
        // (a checkpoint, the JIT, another process) falls on both alike, so their ratio is the reads' own.
        List<String> campaigns = new ArrayList<>(List.of(state.getProperty("campaign." + o.getOrDefault("campaign", "reads"))));
        List<String> labels = new ArrayList<>(List.of(o.getOrDefault("label", "")));
        if (o.containsKey("beside")) {
            campaigns.add(state.getProperty("campaign." + o.get("beside")));
            labels.add(o.get("beside-label"));
        }
        int sides = campaigns.size();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        StringBuilder line = new StringBuilder();
        for (String name : List.of("progress", "breakdown", "plausibility")) {
            if (!only.contains(name)) {
                continue;
            }
            List<String> urls = campaigns.stream().map(c -> path(name, c)).toList();
            // Each reader its own connection, as separate dashboards would have.
            List<Future<long[][]>> readers = new ArrayList<>();
            for (int c = 0; c < concurrency; c++) {
                Http http = new Http(state.getProperty("url"), state.getProperty("viewer.key"));
                readers.add(pool.submit(() -> {
                    // The JIT compiles a path after thousands of calls; measure it compiled, as it runs for days.
                    for (int i = 0; i < warmUp; i++) {
                        http.expect(200, "GET", urls.get(i % sides), null);
                    }
                    long[][] latencies = new long[sides][requests];
                    for (int i = 0; i < requests * sides; i++) {
                        long start = System.nanoTime();
                        http.expect(200, "GET", urls.get(i % sides), null);
                        latencies[i % sides][i / sides] = System.nanoTime() - start;
                    }
                    return latencies;
                }));
            }
            long[][] all = new long[sides][requests * concurrency];
            int at = 0;
            for (Future<long[][]> reader : readers) {
                long[][] l = reader.get();
                for (int side = 0; side < sides; side++) {
                    System.arraycopy(l[side], 0, all[side], at, requests);
                }
                at += requests;
            }
            for (int side = 0; side < sides; side++) {
                Arrays.sort(all[side]);
                line.append(String.format(Locale.ROOT, "%s_p50_ms%s=%.2f %s_p99_ms%s=%.2f ", name, labels.get(side),
                        millis(all[side], 0.50), name, labels.get(side), millis(all[side], 0.99)));
            }
        }
        pool.shutdown();
        System.out.println(line.toString().trim());
    }

    static String path(String name, String campaign) {
        return switch (name) {
            case "progress" -> "/api/v1/campaigns/" + campaign + "/progress";
            case "breakdown" -> "/api/v1/campaigns/" + campaign + "/breakdown?by=regency";
            // Plausibility reads the yearly totals per UMKM: it grows with the campaign's UMKM, not its entries.
            default -> "/api/v1/campaigns/" + campaign + "/plausibility?year=2023";
        };
    }

    // ---- webhook receiver ---------------------------------------------------------------------

    /** Answers every delivery 204 at once and counts distinct webhook-ids (a redelivery counts once). */
    static void receive(Map<String, String> o) throws Exception {
        java.util.Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicLong deliveries = new AtomicLong();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer
                .create(new java.net.InetSocketAddress("127.0.0.1", Integer.parseInt(o.get("port"))), 512);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                if ("GET".equals(exchange.getRequestMethod())) {
                    byte[] body = (ids.size() + " " + deliveries.get() + "\n").getBytes();
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    return;
                }
                String id = exchange.getRequestHeaders().getFirst("webhook-id");
                if (id != null) {
                    ids.add(id);
                }
                deliveries.incrementAndGet();
                exchange.sendResponseHeaders(204, -1);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        System.out.println("receiving on port " + o.get("port"));
    }

    // ---- plumbing -----------------------------------------------------------------------------

    static final class Http {
        final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        final String base;
        final String key;

        Http(String base, String key) {
            this.base = base;
            this.key = key;
        }

        HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(120)).header("Authorization", "Bearer " + key);
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body));
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        String expect(int status, String method, String path, String body) throws IOException, InterruptedException {
            HttpResponse<String> response = send(method, path, body);
            check(response.statusCode() == status, method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
            return response.body();
        }
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]+)").matcher(json);
        check(m.find(), "no " + name + " in " + json);
        return m.group(1);
    }

    static double millis(long[] sortedNanos, double quantile) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(quantile * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, index)] / 1e6;
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    static Properties state(Map<String, String> o) throws IOException {
        Properties state = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(o.get("state")))) {
            state.load(in);
        }
        return state;
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            check(args[i].startsWith("--"), "expected an option, got " + args[i]);
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
