package id.campaignledger.health;

import static id.campaignledger.support.Api.ADMIN_KEY;
import static id.campaignledger.support.Api.outsideContract;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The access log names the path a caller asked for, never its query string (where keys may be). */
@QuarkusTest
class AccessLogTest {

    @Test
    void aKeySentInTheQueryStringNeverReachesTheAccessLog() throws InterruptedException {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger accessLog = Logger.getLogger("io.quarkus.http.access-log");
        accessLog.addHandler(capture);
        try {
            String secret = "query-secret-" + UUID.randomUUID();
            String path = "/api/v1/campaigns/LOGGED_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
            String marker = "\"GET " + path + "\"";
            outsideContract().header("Authorization", "Bearer " + ADMIN_KEY).queryParam("apiKey", secret)
                    .get(path).then().statusCode(404);
            // The line is written once the response is complete, just after the client has it.
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (lines.stream().noneMatch(l -> l.contains(marker)) && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
            String line = lines.stream().filter(l -> l.contains(marker)).findFirst().orElse(null);
            assertTrue(line != null, "no access log line for the request; saw " + lines);
            assertFalse(line.contains(secret) || line.contains("apiKey"), line);
        } finally {
            accessLog.removeHandler(capture);
        }
    }
}
