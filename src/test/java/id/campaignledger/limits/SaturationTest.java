package id.campaignledger.limits;

import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.newPartnerKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.campaignledger.support.Concurrently;
import id.campaignledger.support.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One partner's burst against the shared connection pool: 150 reversals of one sale at once
 * while another partner reads. The bursting partner ("saturation-probe", which keeps the
 * production share of 8 requests at once) hears only 201, 422, 429 or 503 with Retry-After;
 * the other partner's reads all succeed; the sale is reversed exactly once. Whether a burst
 * from test threads overlaps more than 8 requests depends on how fast the service answers (a
 * warm one answered all 150 within its share), so going over the share is shown apart, with
 * requests held open on purpose.
 */
@QuarkusTest
class SaturationTest {

    private static final Set<Integer> ACCEPTABLE = Set.of(201, 422, 429, 503);
    private static final int SHARE = 8;

    @TestHTTPResource("/")
    URL base;

    /** The bursting partner's sale and another partner's own entry, in a campaign of their own. */
    private record Scene(String burster, String reader, String campaign, String sale, String readersOwn) {
        static Scene of(String amount) {
            String burster = probeKey();
            String reader = newPartnerKey("PARTNER");
            String campaign = Fixtures.campaign();
            String umkm = Fixtures.umkm("36.02");
            return new Scene(burster, reader, campaign,
                    Fixtures.post(burster, Fixtures.sale("sat-" + UUID.randomUUID(), campaign, umkm, amount)),
                    Fixtures.post(reader, Fixtures.sale("sat-r-" + UUID.randomUUID(), campaign, umkm, "10.00")));
        }
    }

    @Test
    void aBurstOfReversalsByOnePartnerNeverFailsAndNeverStarvesAnother() throws Exception {
        Scene scene = Scene.of("150.00");
        String burster = scene.burster();
        String reader = scene.reader();
        String campaign = scene.campaign();
        String sale = scene.sale();
        String readersOwn = scene.readersOwn();

        List<Response> responses = Concurrently.run(180, i -> i < 150
                ? as(burster).body(Map.of("externalRef", "sat-rev-" + UUID.randomUUID(), "amount", "150.00",
                        "reason", "burst")).post("/api/v1/transactions/" + sale + "/reversals")
                : i % 2 == 0 ? as(reader).get("/api/v1/transactions/" + readersOwn)
                        : as(reader).queryParam("campaign", campaign).get("/api/v1/transactions"));

        Map<Integer, Integer> reversals = new TreeMap<>();
        for (Response r : responses.subList(0, 150)) {
            reversals.merge(r.statusCode(), 1, Integer::sum);
            assertTrue(ACCEPTABLE.contains(r.statusCode()), r.statusCode() + ": " + r.asString());
            if (r.statusCode() == 429 || r.statusCode() == 503) {
                assertNotNull(r.getHeader("Retry-After"), "no Retry-After on " + r.statusCode());
            }
        }
        for (Response r : responses.subList(150, 180)) {
            assertEquals(200, r.statusCode(), "the other partner's read: " + r.asString());
        }
        System.out.println("Saturation: reversal statuses " + reversals);
        assertEquals(1, reversals.getOrDefault(201, 0), "the sale is reversed exactly once: " + reversals);
        asAdmin().queryParam("campaign", campaign).get("/api/v1/admin/reconcile").then().statusCode(200);
    }

    @Test
    void aPartnerWithItsShareInProgressHearsTooManyAtOnceAndOthersAreServed() throws Exception {
        Scene scene = Scene.of("90.00");
        String burster = scene.burster();
        String sale = scene.sale();

        // Each holds a permit: its head is in, its declared body never comes.
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < SHARE; i++) {
                held.add(unfinishedReversal(burster, sale));
            }
            Response over = null;
            // The last held head may still be on its way in; the ninth request is refused once it is.
            for (int attempt = 0; attempt < 50 && (over == null || over.statusCode() != 429); attempt++) {
                over = as(burster).get("/api/v1/transactions/" + sale);
                assertTrue(over.statusCode() == 200 || over.statusCode() == 429, over.statusCode() + ": " + over.asString());
                if (over.statusCode() == 200) {
                    Thread.sleep(20);
                }
            }
            assertEquals(429, over.statusCode(), "a ninth request while eight are in progress");
            assertNotNull(over.getHeader("Retry-After"), "no Retry-After on 429");
            as(scene.reader()).get("/api/v1/transactions/" + scene.readersOwn()).then().statusCode(200);
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        // A closed connection gives its permit back: the partner is served again.
        Response after = null;
        for (int attempt = 0; attempt < 100 && (after == null || after.statusCode() != 200); attempt++) {
            after = as(burster).get("/api/v1/transactions/" + sale);
            if (after.statusCode() != 200) {
                Thread.sleep(20);
            }
        }
        assertEquals(200, after.statusCode(), "the permits of closed connections came back: " + after.asString());
    }

    /** A reversal's head with a declared body that is never sent, on a connection left open. */
    private Socket unfinishedReversal(String key, String sale) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", base.getPort()), 5_000);
        String head = "POST /api/v1/transactions/" + sale + "/reversals HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + base.getPort() + "\r\n"
                + "Authorization: Bearer " + key + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: 1000\r\n\r\n{\"externalRef\"";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static String probeKey() {
        int status = asAdmin().body(Map.of("code", "saturation-probe", "name", "Saturation probe", "kind", "OTHER",
                "roles", new String[] { "PARTNER" })).post("/api/v1/partners").statusCode();
        assertTrue(status == 201 || status == 409, "creating the probe partner answered " + status);
        return asAdmin().post("/api/v1/partners/saturation-probe/keys").then().statusCode(201).extract().path("apiKey");
    }
}
