package id.campaignledger.milestone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import id.campaignledger.support.Concurrently;
import id.campaignledger.support.TestClock;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A crossing taken back by a reversal before the evaluator's next round is still a milestone:
 * the reversal looks at progress in its own transaction before it is written. The background
 * evaluator is off here; its rounds are run by the test, with the service's clock moved on.
 */
@QuarkusTest
class MilestoneReversalTest {

    @Inject
    MilestoneEvaluator evaluator;

    @Inject
    AgroalDataSource database;

    @Inject
    TestClock clock;

    private MilestoneLedger ledger;

    @BeforeEach
    void ledgerAndSubscriber() {
        ledger = new MilestoneLedger(database);
    }

    @AfterEach
    void unsubscribe() {
        ledger.unsubscribe();
    }

    @Test
    void aCrossingReversedBeforeTheNextRoundIsRecordedOnceAndARecrossingAddsNothing() throws Exception {
        String target = ledger.target("1000.00", null);
        String sale = ledger.post("600.00"); // 60 %: 25 and 50 crossed, and no round has run yet
        clock.advance(Duration.ofSeconds(1));
        ledger.reverse(sale, "600.00"); // back to 0 %, one second later, well within the 2 s between rounds
        assertEquals(List.of("25", "50"), ledger.milestones(target, 1), "recorded by the reversal, before it took progress back");
        assertEquals(2, ledger.events(target));

        clock.advance(Duration.ofSeconds(2));
        evaluator.evaluateIfChanged();
        ledger.post("700.00"); // 70 %: 25 and 50 again, in the same revision
        clock.advance(Duration.ofSeconds(2));
        evaluator.evaluateIfChanged();
        assertEquals(List.of("25", "50"), ledger.milestones(target, 1), "a re-crossing in the same revision adds nothing");
        assertEquals(2, ledger.events(target), "and announces nothing");
    }

    @Test
    void salesReversedWhileOthersPostAndEvaluatorsRaceRecordEachMilestoneOnce() throws Exception {
        String target = ledger.target("1000.00", null);
        ledger.post("480.00"); // 48 %: 25 reached
        // Six writers each post 30.00 (crossing 50 % while it stands) and reverse it at once, five
        // times; two evaluators race them as two replicas would. Progress ends at 48 %.
        Concurrently.run(8, i -> {
            for (int n = 0; n < 5; n++) {
                if (i < 6) {
                    ledger.reverse(ledger.post("30.00"), "30.00");
                } else {
                    evaluator.evaluate();
                }
            }
            return null;
        });
        evaluator.evaluate();
        assertEquals(List.of("25", "50"), ledger.milestones(target, 1), "50 % was crossed each time a sale stood");
        assertEquals(2, ledger.events(target), "one event per (target, revision, threshold)");
        assertEquals(2L, ledger.count("select count(*) from target_milestone where target_id = '" + target + "'"));
    }
}
