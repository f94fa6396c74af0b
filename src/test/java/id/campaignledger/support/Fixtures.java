package id.campaignledger.support;

import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

/** Reference data created through the API, unique per call, for tests that post entries. */
public final class Fixtures {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Fixtures() {
    }

    /** A campaign running through 2023 and on (no end date). */
    public static String campaign() {
        return campaign("2023-01-01", null);
    }

    public static String campaign(String startsOn, String endsOn) {
        String code = "C" + Long.toString(Math.abs(RANDOM.nextLong()), 36).toUpperCase();
        Map<String, Object> body = new HashMap<>(Map.of("code", code, "name", "Bangga Buatan Indonesia test",
                "startsOn", startsOn));
        if (endsOn != null) {
            body.put("endsOn", endsOn);
        }
        asAdmin().body(body).post("/api/v1/campaigns").then().statusCode(201);
        return code;
    }

    public static String nib() {
        StringBuilder nib = new StringBuilder();
        for (int i = 0; i < 13; i++) {
            nib.append(RANDOM.nextInt(10));
        }
        return nib.toString();
    }

    /** Registers a UMKM in the region and returns its id. */
    public static String umkm(String regionCode, String nib) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "Gula Aren Sobang", "regionCode", regionCode,
                "scale", "MIKRO"));
        if (nib != null) {
            body.put("nib", nib);
        }
        return asAdmin().body(body).post("/api/v1/umkm").then().statusCode(201).extract().path("id");
    }

    public static String umkm(String regionCode) {
        return umkm(regionCode, nib());
    }

    /** A sale body in IDR. */
    public static Map<String, Object> sale(String ref, String campaign, String umkmId, Object amount) {
        Map<String, Object> body = new HashMap<>();
        body.put("externalRef", ref);
        body.put("campaign", campaign);
        body.put("umkmId", umkmId);
        body.put("amount", amount);
        body.put("currency", "IDR");
        body.put("channel", "QRIS");
        body.put("occurredAt", "2023-06-01T10:00:00+07:00");
        return body;
    }

    public static String post(String partnerKey, Map<String, Object> body) {
        return as(partnerKey).body(body).post("/api/v1/transactions").then().statusCode(201).extract().path("id");
    }
}
