package id.campaignledger.progress;

import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Fixtures.umkm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Progress and breakdown reads are coalesced (common/db/ReadCoalescer): readers asking the same at
 * once share a round. Every read must still show every post committed before it began, whether it
 * led a round or waited for one: readers hammer both reads while posts commit one by one, and
 * each answer counts at least the posts acknowledged before its request was sent.
 */
@QuarkusTest
class CoalescedReadsTest extends CampaignProgressSetup {

    private static final int READERS = 6;
    private static final int POSTS = 12;

    @Test
    void concurrentReadsShowEveryPostCommittedBeforeThem() throws Exception {
        String lebak = umkm("36.02");
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicBoolean posting = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(READERS);
        List<Future<Integer>> readers = new ArrayList<>();
        String progress = "/api/v1/campaigns/" + campaign + "/progress";
        String breakdown = "/api/v1/campaigns/" + campaign + "/breakdown?by=regency";
        try {
            for (int r = 0; r < READERS; r++) {
                boolean progressReader = r % 2 == 0;
                readers.add(pool.submit(() -> {
                    int reads = 0;
                    while (posting.get()) {
                        int before = acknowledged.get();
                        int seen = progressReader ? progressCount(viewer, progress) : breakdownCount(viewer, breakdown);
                        assertTrue(seen >= before, "a read begun after " + before + " posts shows " + seen);
                        reads++;
                    }
                    return reads;
                }));
            }
            for (int i = 1; i <= POSTS; i++) {
                postAt("coalesced-" + i, lebak, "1000.00", "2023-06-01T10:00:00+07:00");
                acknowledged.set(i);
                // Read-your-writes for the poster, among the readers' rounds.
                assertEquals(i, progressCount(partner, progress));
                assertEquals(i, breakdownCount(partner, breakdown));
            }
        } finally {
            posting.set(false);
            pool.shutdown();
        }
        int reads = 0;
        for (Future<Integer> f : readers) {
            reads += f.get(60, TimeUnit.SECONDS); // rethrows a reader's failed assertion
        }
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        assertTrue(reads > 0);
        assertEquals(POSTS, progressCount(viewer, progress));
    }

    private static int progressCount(String key, String path) {
        JsonPath body = as(key).get(path).then().statusCode(200).extract().jsonPath();
        return body.getInt("totals.transactionCount");
    }

    private static int breakdownCount(String key, String path) {
        JsonPath body = as(key).get(path).then().statusCode(200).extract().jsonPath();
        List<Integer> counts = body.getList("rows.transactionCount", Integer.class);
        return counts.stream().mapToInt(Integer::intValue).sum();
    }
}
