package id.campaignledger.partner;

import static id.campaignledger.operations.Management.management;
import static id.campaignledger.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A flood of unknown API keys, end to end: each request without a key this replica knows is
 * charged to its client address before the database is asked about the key, so of N garbage
 * keys at most the address's burst reach the database; the rest are refused with 429 and
 * Retry-After. The database look-ups are counted by the service's own metric
 * ledger_auth_key_lookups_total, read on the management port.
 */
@QuarkusTest
@TestProfile(GarbageKeyFloodTest.SmallAllowance.class)
class GarbageKeyFloodTest {

    static final int BURST = 20;
    static final int REQUESTS = 200;

    /** Every caller gets a burst of 20 and one more request every 100 s: the test never waits for a refill. */
    public static class SmallAllowance implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ledger.rate-limit.burst", Integer.toString(BURST),
                    "ledger.rate-limit.requests-per-second", "0.01");
        }
    }

    private static double keyLookups() {
        String metrics = management().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("ledger_auth_key_lookups_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void unknownKeysAreChargedToTheClientAddressBeforeAnyDatabaseLookUp() {
        double before = keyLookups();
        int refused = 0;
        int unauthenticated = 0;
        for (int i = 0; i < REQUESTS; i++) {
            Response r = as("garbage-" + UUID.randomUUID()).get("/api/v1/transactions");
            if (r.statusCode() == 429) {
                refused++;
                assertNotNull(r.getHeader("Retry-After"), "429 without Retry-After");
            } else {
                assertEquals(401, r.statusCode(), r.asString());
                unauthenticated++;
            }
        }
        double lookups = keyLookups() - before;
        assertTrue(unauthenticated <= BURST + 1, "answered 401 beyond the address's burst: " + unauthenticated);
        assertTrue(refused >= REQUESTS - BURST - 1, "refused " + refused + " of " + REQUESTS);
        assertTrue(lookups <= unauthenticated, "database look-ups " + lookups + " for " + unauthenticated
                + " requests that got past the address's bucket");
        assertTrue(lookups < REQUESTS / 5.0, "database look-ups " + lookups + " for " + REQUESTS + " garbage keys");

        // The bucket is empty: a further garbage key is refused without a look-up.
        double lookupsBefore = keyLookups();
        as("garbage-" + UUID.randomUUID()).get("/api/v1/transactions").then().statusCode(429);
        assertEquals(lookupsBefore, keyLookups(), "a refused request looked its key up");
    }
}
