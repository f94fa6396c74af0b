package id.campaignledger.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The lag header's milliseconds: a lag the route found beyond the maximum never prints as the maximum. */
class ReplicaHeadersTest {

    @Test
    void aLagJustBeyondTheMaximumReadsBeyondIt() {
        assertEquals(3001, ReplicaHeaders.millis(Duration.ofSeconds(3).plusNanos(400_000)));
        assertEquals(3001, ReplicaHeaders.millis(Duration.ofSeconds(3).plusNanos(1)));
    }

    @Test
    void wholeMillisecondsStayAsTheyAre() {
        assertEquals(3000, ReplicaHeaders.millis(Duration.ofSeconds(3)));
        assertEquals(0, ReplicaHeaders.millis(Duration.ZERO));
    }
}
