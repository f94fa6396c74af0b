package id.campaignledger.progress;

import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.newPartnerKey;
import static id.campaignledger.support.Fixtures.campaign;
import static id.campaignledger.support.Fixtures.umkm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.campaignledger.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Random sales and reversals from several partners at once; afterwards every read equals a
 * recomputation from what the API acknowledged, and reconcile finds nothing.
 */
@QuarkusTest
class AggregatePropertyTest {

    @Inject
    TestClock clock;

    private static final ZoneId JAKARTA = ZoneId.of("Asia/Jakarta");
    /** Regions at all three levels in four provinces: Banten, Jakarta, Jawa Timur and Bali. */
    private static final String[] REGIONS = { "36.01", "36.02", "36.02.22", "36.71", "31", "31.71.01", "35.29.22",
            "51.71" };
    private static final String[] CHANNELS = { "QRIS", "MARKETPLACE", "EXPO", "OFFLINE" };

    /** What the clients saw acknowledged: the UMKM, its region, channel, occurredAt day and amountIdr. */
    record Acked(String umkmId, String region, String channel, LocalDate day, BigDecimal amountIdr, boolean sale) {
    }

    /** A region (null: all) and an inclusive period: what a target or a breakdown adds up. */
    record Scope(String region, String start, String end) {

        boolean counts(Acked a) {
            return under(a.region(), region) && !a.day().isBefore(LocalDate.parse(start))
                    && !a.day().isAfter(LocalDate.parse(end));
        }
    }

    /** A target to create. */
    record Goal(String metric, Scope scope) {

        /** The realised figure in its wire form, recomputed from acknowledged entries. */
        String realised(Collection<Acked> acked) {
            List<Acked> counted = acked.stream().filter(scope::counts).toList();
            return switch (metric) {
                case "TRANSACTION_VALUE" -> sum(counted).toPlainString();
                case "TRANSACTION_COUNT" -> Long.toString(counted.stream().filter(Acked::sale).count());
                default -> Long.toString(counted.stream().filter(Acked::sale).map(Acked::umkmId).distinct().count());
            };
        }
    }

    @Test
    void readsEqualARecomputationOfWhatWasAcknowledged() throws Exception {
        String campaign = campaign("2023-01-01", "2023-12-31");
        Map<String, String> umkmRegion = umkmInEveryRegion(1);
        Map<String, Acked> acked = postConcurrently(campaign, umkmRegion, 4, 60, 1000);

        BigDecimal total = sum(acked.values());
        long sales = acked.values().stream().filter(Acked::sale).count();
        JsonPath progress = as(newPartnerKey("VIEWER")).get("/api/v1/campaigns/" + campaign + "/progress")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(total.toPlainString(), progress.getString("totals.amountIdr"));
        assertEquals(sales, progress.getLong("totals.transactionCount"));

        JsonPath byChannel = asAdmin().queryParam("by", "channel").queryParam("limit", 500)
                .get("/api/v1/campaigns/" + campaign + "/breakdown").then().statusCode(200).extract().jsonPath();
        for (String channel : CHANNELS) {
            BigDecimal expected = sum(acked.values().stream().filter(a -> a.channel().equals(channel)).toList());
            assertEquals(expected.toPlainString(),
                    byChannel.getString("rows.find { it.key == '" + channel + "' }.amountIdr"), channel);
        }
        JsonPath byRegency = asAdmin().queryParam("by", "regency").queryParam("limit", 500)
                .get("/api/v1/campaigns/" + campaign + "/breakdown").then().statusCode(200).extract().jsonPath();
        for (String region : REGIONS) {
            // A district rolls up into its regency; a province registered as such is a row of its own.
            String regency = region.length() >= 5 ? region.substring(0, 5) : region;
            BigDecimal expected = sum(acked.values().stream()
                    .filter(a -> (a.region().length() >= 5 ? a.region().substring(0, 5) : a.region()).equals(regency))
                    .toList());
            assertEquals(expected.toPlainString(),
                    byRegency.getString("rows.find { it.key == '" + regency + "' }.amountIdr"), region);
        }
        JsonPath series = asAdmin().queryParam("interval", "month").queryParam("regionCode", "36")
                .get("/api/v1/campaigns/" + campaign + "/timeseries").then().statusCode(200).extract().jsonPath();
        BigDecimal cumulative = BigDecimal.ZERO;
        List<String> periods = series.getList("points.period");
        assertEquals(12, periods.size());
        for (int m = 0; m < 12; m++) {
            int month = m + 1;
            BigDecimal expected = sum(acked.values().stream()
                    .filter(a -> a.region().startsWith("36.") && a.day().getMonthValue() == month).toList());
            cumulative = cumulative.add(expected);
            assertEquals(expected.toPlainString(), series.getString("points[" + m + "].amountIdr"));
            assertEquals(cumulative.toPlainString(), series.getString("points[" + m + "].cumulativeAmountIdr"));
        }
        assertReconciled(campaign);
    }

    @Test
    void everyTargetAndRegionalBreakdownEqualsARecomputationOverWholeMonthsPartMonthsAndAsOf() throws Exception {
        String campaign = campaign("2023-01-01", "2023-12-31");
        Map<String, String> umkmRegion = umkmInEveryRegion(2);
        Scope bantenYear = new Scope("36", "2023-01-01", "2023-12-31");
        List<Goal> goals = List.of(
                new Goal("TRANSACTION_VALUE", bantenYear),
                new Goal("TRANSACTION_COUNT", bantenYear),
                // Part months at both ends.
                new Goal("TRANSACTION_VALUE", new Scope("36.02", "2023-01-15", "2023-03-14")),
                // Days inside one month, all regions.
                new Goal("TRANSACTION_COUNT", new Scope(null, "2023-06-10", "2023-06-20")),
                // Across a month's end without a whole month.
                new Goal("TRANSACTION_VALUE", new Scope("31", "2023-02-11", "2023-03-15")),
                new Goal("TRANSACTION_VALUE", new Scope("36.71", "2023-04-01", "2023-04-30")),
                // One edge day on each side of a whole month.
                new Goal("TRANSACTION_COUNT", new Scope("36.01", "2023-07-31", "2023-09-01")),
                new Goal("ACTIVE_UMKM", new Scope("36", "2023-03-01", "2023-08-31")),
                // Targets scoped to a district and to a regency outside Banten.
                new Goal("TRANSACTION_VALUE", new Scope("36.02.22", "2023-01-01", "2023-12-31")),
                new Goal("TRANSACTION_COUNT", new Scope("31.71", "2023-02-11", "2023-09-30")));
        Map<String, Goal> targets = new HashMap<>();
        for (Goal goal : goals) {
            Map<String, Object> body = new HashMap<>(Map.of("metric", goal.metric(),
                    "periodStart", goal.scope().start(), "periodEnd", goal.scope().end(),
                    "amount", goal.metric().equals("TRANSACTION_VALUE") ? "1000000.00" : "50"));
            if (goal.scope().region() != null) {
                body.put("regionCode", goal.scope().region());
            }
            targets.put(asAdmin().body(body).post("/api/v1/campaigns/" + campaign + "/targets")
                    .then().statusCode(201).extract().path("id"), goal);
        }

        Map<String, Acked> before = postConcurrently(campaign, umkmRegion, 2, 50, 2000);
        Instant asOf = clock.instant();
        // Whatever is recorded from now on is recorded after asOf.
        clock.advance(Duration.ofSeconds(1));
        Map<String, Acked> all = new HashMap<>(before);
        all.putAll(postConcurrently(campaign, umkmRegion, 2, 25, 3000));
        // A reversal recorded after asOf of a sale acknowledged before it, on the sale's day (not before the sale).
        Map.Entry<String, Acked> early = before.entrySet().stream()
                .filter(e -> e.getValue().sale() && e.getValue().amountIdr().compareTo(new BigDecimal("2.00")) > 0)
                .findFirst().orElseThrow();
        JsonPath late = asAdmin().body(Map.of("externalRef", "late-reversal", "amount", "1.00", "reason", "late",
                "occurredAt", early.getValue().day().atTime(23, 59, 59).atZone(JAKARTA).toOffsetDateTime().toString()))
                .post("/api/v1/transactions/" + early.getKey() + "/reversals")
                .then().statusCode(201).extract().jsonPath();
        Acked sale = early.getValue();
        all.put(late.getString("id"), new Acked(sale.umkmId(), sale.region(), sale.channel(), sale.day(),
                new BigDecimal(late.getString("amountIdr")), false));

        String viewer = newPartnerKey("VIEWER");
        String base = "/api/v1/campaigns/" + campaign;
        for (Map.Entry<String, Collection<Acked>> moment : Map.of("now", all.values(), asOf.toString(),
                before.values()).entrySet()) {
            Collection<Acked> acked = moment.getValue();
            JsonPath progress = (moment.getKey().equals("now") ? as(viewer) : as(viewer).queryParam("asOf",
                    moment.getKey())).get(base + "/progress").then().statusCode(200).extract().jsonPath();
            assertEquals(sum(acked).toPlainString(), progress.getString("totals.amountIdr"), moment.getKey());
            assertEquals(acked.stream().filter(Acked::sale).count(), progress.getLong("totals.transactionCount"));
            assertEquals(targets.size(), progress.getList("targets").size());
            for (Map.Entry<String, Goal> target : targets.entrySet()) {
                Goal goal = target.getValue();
                assertEquals(goal.realised(acked),
                        progress.getString("targets.find { it.targetId == '" + target.getKey() + "' }.realised"),
                        goal + " at " + moment.getKey());
                JsonPath one = (moment.getKey().equals("now") ? as(viewer) : as(viewer).queryParam("asOf",
                        moment.getKey())).get(base + "/targets/" + target.getKey() + "/progress")
                        .then().statusCode(200).extract().jsonPath();
                assertEquals(goal.realised(acked), one.getString("realised"), goal + " alone at " + moment.getKey());
            }
        }

        Map<String, Function<String, String>> dimensions = Map.of(
                "province", region -> region.split("\\.")[0],
                "regency", region -> region.length() >= 5 ? region.substring(0, 5) : region,
                "district", region -> region.length() >= 8 ? region.substring(0, 8) : region);
        String[][] periods = { { null, null }, { "2023-02-01", "2023-05-31" }, { "2023-01-15", "2023-03-14" },
                { "2023-06-10", "2023-06-20" }, { "2023-02-11", "2023-03-15" }, { null, "2023-04-17" } };
        for (Map.Entry<String, Function<String, String>> dimension : dimensions.entrySet()) {
            for (String[] period : periods) {
                // The campaign runs through 2023: an open end reaches as far.
                Scope scope = new Scope(null, period[0] == null ? "2023-01-01" : period[0],
                        period[1] == null ? "2023-12-31" : period[1]);
                Map<String, List<Acked>> expected = all.values().stream().filter(scope::counts)
                        .collect(Collectors.groupingBy(a -> dimension.getValue().apply(a.region()), TreeMap::new,
                                Collectors.toList()));
                var request = as(viewer).queryParam("by", dimension.getKey()).queryParam("limit", 500);
                if (period[0] != null) {
                    request.queryParam("from", period[0]);
                }
                if (period[1] != null) {
                    request.queryParam("to", period[1]);
                }
                JsonPath breakdown = request.get(base + "/breakdown").then().statusCode(200).extract().jsonPath();
                String where = dimension.getKey() + " " + period[0] + ".." + period[1];
                assertFalse(expected.isEmpty(), where);
                assertEquals(expected.keySet(), Set.copyOf(breakdown.getList("rows.key", String.class)), where);
                assertEquals(sum(expected.values().stream().flatMap(List::stream).toList()).toPlainString(),
                        breakdown.getString("totalAmountIdr"), where);
                for (Map.Entry<String, List<Acked>> row : expected.entrySet()) {
                    String found = "rows.find { it.key == '" + row.getKey() + "' }";
                    assertEquals(sum(row.getValue()).toPlainString(), breakdown.getString(found + ".amountIdr"),
                            where + " " + row.getKey());
                    assertEquals(row.getValue().stream().filter(Acked::sale).count(),
                            breakdown.getLong(found + ".transactionCount"), where + " " + row.getKey());
                }
            }
        }
        JsonPath byDistrict = as(viewer).queryParam("by", "district").queryParam("limit", 500).get(base + "/breakdown")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("Sobang", byDistrict.getString("rows.find { it.key == '36.02.22' }.label"));
        assertEquals(List.of("36", "36.02"), byDistrict.getList("rows.find { it.key == '36.02.22' }.ancestors.code"));
        assertEquals(List.of("Jawa Timur", "Kabupaten Sumenep"),
                byDistrict.getList("rows.find { it.key == '35.29.22' }.ancestors.name"));
        assertEquals(List.of(), byDistrict.getList("rows.find { it.key == '31' }.ancestors"));
        assertReconciled(campaign);
    }

    /** Registers {@code each} UMKM in every region; returns their regions by id. */
    private static Map<String, String> umkmInEveryRegion(int each) {
        Map<String, String> umkmRegion = new HashMap<>();
        for (String region : REGIONS) {
            for (int i = 0; i < each; i++) {
                umkmRegion.put(umkm(region), region);
            }
        }
        return umkmRegion;
    }

    /**
     * New partners post a batch each, all at once, and reverse about a quarter of their sales
     * in part at the moment of the sale; returns what was acknowledged by entry id.
     */
    private static Map<String, Acked> postConcurrently(String campaign, Map<String, String> umkmRegion, int partners,
            int itemsEach, int seed) throws Exception {
        List<String> umkms = new ArrayList<>(umkmRegion.keySet());
        Map<String, Acked> acked = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(partners);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < partners; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                Random random = new Random(seed + writer);
                String key = newPartnerKey("PARTNER");
                List<Map<String, Object>> items = new ArrayList<>();
                for (int i = 0; i < itemsEach; i++) {
                    String umkmId = umkms.get(random.nextInt(umkms.size()));
                    ZonedDateTime at = LocalDate.of(2023, 1 + random.nextInt(12), 1 + random.nextInt(28))
                            .atTime(random.nextInt(24), random.nextInt(60)).atZone(JAKARTA);
                    Map<String, Object> item = new HashMap<>(Map.of("externalRef", "p" + writer + "-" + i,
                            "campaign", campaign, "umkmId", umkmId,
                            "amount", BigDecimal.valueOf(1 + random.nextInt(1_000_000), 2).toPlainString(),
                            "currency", "IDR", "channel", CHANNELS[random.nextInt(CHANNELS.length)],
                            "occurredAt", at.toOffsetDateTime().toString()));
                    items.add(item);
                }
                JsonPath batch = as(key).body(Map.of("items", items)).post("/api/v1/transactions/batch")
                        .then().statusCode(200).extract().jsonPath();
                for (int i = 0; i < items.size(); i++) {
                    Map<String, Object> item = items.get(i);
                    String id = batch.getString("results[" + i + "].id");
                    String umkmId = (String) item.get("umkmId");
                    acked.put(id, new Acked(umkmId, umkmRegion.get(umkmId), (String) item.get("channel"),
                            ZonedDateTime.parse((String) item.get("occurredAt")).withZoneSameInstant(JAKARTA)
                                    .toLocalDate(), new BigDecimal((String) item.get("amount")), true));
                    if (random.nextInt(4) == 0) {
                        String amount = BigDecimal.valueOf(1 + random.nextInt(100), 2)
                                .min(new BigDecimal((String) item.get("amount"))).toPlainString();
                        JsonPath reversal = as(key).body(Map.of("externalRef", "r" + writer + "-" + i, "amount", amount,
                                "reason", "random", "occurredAt", item.get("occurredAt")))
                                .post("/api/v1/transactions/" + id + "/reversals")
                                .then().statusCode(201).extract().jsonPath();
                        Acked sale = acked.get(id);
                        acked.put(reversal.getString("id"), new Acked(umkmId, sale.region(), sale.channel(),
                                sale.day(), new BigDecimal(reversal.getString("amountIdr")), false));
                    }
                }
                return null;
            }));
        }
        for (Future<?> writer : writers) {
            writer.get();
        }
        pool.shutdown();
        return acked;
    }

    private static void assertReconciled(String campaign) {
        JsonPath reconcile = asAdmin().queryParam("campaign", campaign).get("/api/v1/admin/reconcile")
                .then().statusCode(200).extract().jsonPath();
        assertTrue(reconcile.getBoolean("consistent"), reconcile.prettify());
    }

    /** A region code lies under a scope: itself or below it; no scope holds all. */
    static boolean under(String region, String scope) {
        return scope == null || region.equals(scope) || region.startsWith(scope + ".");
    }

    static BigDecimal sum(Collection<Acked> acked) {
        return acked.stream().map(Acked::amountIdr).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(2);
    }
}
