package id.campaignledger.progress;

import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.newPartnerKey;
import static id.campaignledger.support.Fixtures.campaign;
import static id.campaignledger.support.Fixtures.umkm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Random sales and reversals from several partners at once; afterwards every read equals a
 * recomputation from what the API acknowledged, and reconcile finds nothing.
 */
@QuarkusTest
class AggregatePropertyTest {

    private static final ZoneId JAKARTA = ZoneId.of("Asia/Jakarta");
    private static final String[] REGIONS = { "36.01", "36.02", "36.71", "31" };
    private static final String[] CHANNELS = { "QRIS", "MARKETPLACE", "EXPO", "OFFLINE" };

    /** What the clients saw acknowledged: amountIdr and occurredAt day per region and channel. */
    record Acked(String region, String channel, LocalDate day, BigDecimal amountIdr, boolean sale) {
    }

    @Test
    void readsEqualARecomputationOfWhatWasAcknowledged() throws Exception {
        String campaign = campaign("2023-01-01", "2023-12-31");
        Map<String, String> umkmRegion = new HashMap<>();
        for (String region : REGIONS) {
            umkmRegion.put(umkm(region), region);
        }
        List<String> umkms = new ArrayList<>(umkmRegion.keySet());
        Map<String, Acked> acked = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                Random random = new Random(1000 + writer);
                String key = newPartnerKey("PARTNER");
                List<Map<String, Object>> items = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
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
                    acked.put(id, new Acked(umkmRegion.get((String) item.get("umkmId")), (String) item.get("channel"),
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
                        acked.put(reversal.getString("id"), new Acked(sale.region(), sale.channel(), sale.day(),
                                new BigDecimal(reversal.getString("amountIdr")), false));
                    }
                }
                return null;
            }));
        }
        for (Future<?> writer : writers) {
            writer.get();
        }
        pool.shutdown();

        BigDecimal total = acked.values().stream().map(Acked::amountIdr).reduce(BigDecimal.ZERO, BigDecimal::add);
        long sales = acked.values().stream().filter(Acked::sale).count();
        JsonPath progress = as(newPartnerKey("VIEWER")).get("/api/v1/campaigns/" + campaign + "/progress")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(total.setScale(2).toPlainString(), progress.getString("totals.amountIdr"));
        assertEquals(sales, progress.getLong("totals.transactionCount"));

        JsonPath byChannel = asAdmin().queryParam("by", "channel").queryParam("limit", 500)
                .get("/api/v1/campaigns/" + campaign + "/breakdown").then().statusCode(200).extract().jsonPath();
        for (String channel : CHANNELS) {
            BigDecimal expected = acked.values().stream().filter(a -> a.channel().equals(channel))
                    .map(Acked::amountIdr).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertEquals(expected.setScale(2).toPlainString(),
                    byChannel.getString("rows.find { it.key == '" + channel + "' }.amountIdr"), channel);
        }
        JsonPath byRegency = asAdmin().queryParam("by", "regency").queryParam("limit", 500)
                .get("/api/v1/campaigns/" + campaign + "/breakdown").then().statusCode(200).extract().jsonPath();
        for (String region : REGIONS) {
            BigDecimal expected = acked.values().stream().filter(a -> a.region().equals(region))
                    .map(Acked::amountIdr).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertEquals(expected.setScale(2).toPlainString(),
                    byRegency.getString("rows.find { it.key == '" + region + "' }.amountIdr"), region);
        }
        JsonPath series = asAdmin().queryParam("interval", "month").queryParam("regionCode", "36")
                .get("/api/v1/campaigns/" + campaign + "/timeseries").then().statusCode(200).extract().jsonPath();
        BigDecimal cumulative = BigDecimal.ZERO;
        List<String> periods = series.getList("points.period");
        assertEquals(12, periods.size());
        for (int m = 0; m < 12; m++) {
            int month = m + 1;
            BigDecimal expected = acked.values().stream()
                    .filter(a -> a.region().startsWith("36.") && a.day().getMonthValue() == month)
                    .map(Acked::amountIdr).reduce(BigDecimal.ZERO, BigDecimal::add);
            cumulative = cumulative.add(expected);
            assertEquals(expected.setScale(2).toPlainString(), series.getString("points[" + m + "].amountIdr"));
            assertEquals(cumulative.setScale(2).toPlainString(),
                    series.getString("points[" + m + "].cumulativeAmountIdr"));
        }
        assertTrue(asAdmin().queryParam("campaign", campaign).get("/api/v1/admin/reconcile")
                .then().statusCode(200).extract().jsonPath().getBoolean("consistent"));
    }
}
