package id.campaignledger.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CpuPriorityTest {

    @Test
    void aThreadLowersItsOwnPriorityAloneAndTheThreadsItStartsAfterwardsInheritIt() throws Exception {
        int before = CpuPriority.currentNice();
        assumeTrue(before < 19, "already at the lowest priority");
        int lower = Math.min(19, before + 5);
        CompletableFuture<int[]> seen = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                Optional<String> refused = CpuPriority.lowerCurrentThread(lower);
                assertTrue(refused.isEmpty(), () -> "not lowered: " + refused.get());
                int own = CpuPriority.currentNice();
                CompletableFuture<Integer> child = new CompletableFuture<>();
                Thread started = new Thread(() -> {
                    try {
                        child.complete(CpuPriority.currentNice());
                    } catch (Exception e) {
                        child.completeExceptionally(e);
                    }
                });
                started.start();
                seen.complete(new int[] {own, child.get(10, TimeUnit.SECONDS)});
            } catch (Throwable e) {
                seen.completeExceptionally(e);
            }
        });
        worker.start();
        int[] nice = seen.get(30, TimeUnit.SECONDS);
        assertEquals(lower, nice[0], "the thread that asked");
        assertEquals(lower, nice[1], "a thread it started afterwards");
        assertEquals(before, CpuPriority.currentNice(), "the other threads keep theirs");
    }

    @Test
    void zeroLeavesThePriorityAsItIs() throws Exception {
        int before = CpuPriority.currentNice();
        assertTrue(CpuPriority.lowerCurrentThread(0).isEmpty());
        assertEquals(before, CpuPriority.currentNice());
    }
}
