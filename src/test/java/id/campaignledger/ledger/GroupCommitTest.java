package id.campaignledger.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    @Test
    void aCallerAloneFlushesItsOwnItemAtOnce() {
        List<List<Integer>> groups = Collections.synchronizedList(new ArrayList<>());
        GroupCommit<Integer, String> commit = new GroupCommit<>(8, 1, items -> {
            groups.add(List.copyOf(items));
            return items.stream().map(i -> "done " + i).toList();
        });

        assertEquals("done 1", commit.submit(1));
        assertEquals("done 2", commit.submit(2));
        assertEquals(List.of(List.of(1), List.of(2)), groups);
    }

    @Test
    void concurrentCallersShareFlushesAndEachGetsItsOwnResult() throws Exception {
        int callers = 16;
        int perCaller = 200;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<Integer> groupSizes = Collections.synchronizedList(new ArrayList<>());
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(5, 2, items -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            groupSizes.add(items.size());
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return items.stream().map(i -> i * 2).toList();
        });

        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int caller = c;
                done.add(pool.submit(() -> {
                    for (int k = 0; k < perCaller; k++) {
                        int item = caller * perCaller + k;
                        assertEquals(item * 2, commit.submit(item));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(callers * perCaller, groupSizes.stream().mapToInt(Integer::intValue).sum(),
                "every item was flushed exactly once");
        assertTrue(mostAtOnce.get() <= 2, "at most two flushes at a time: " + mostAtOnce.get());
        assertTrue(groupSizes.stream().allMatch(size -> size >= 1 && size <= 5), "groups stay within the limit");
        assertTrue(groupSizes.size() < callers * perCaller, "callers shared flushes: " + groupSizes.size()
                + " flushes for " + callers * perCaller + " items");
    }

    @Test
    void aFailedFlushFailsItsGroupOnlyAndTheNextGroupStillFlushes() throws Exception {
        CountDownLatch firstFlushStarted = new CountDownLatch(1);
        CountDownLatch secondQueued = new CountDownLatch(1);
        RuntimeException broken = new IllegalStateException("the database said no");
        GroupCommit<String, String> commit = new GroupCommit<>(8, 1, items -> {
            if (items.contains("first")) {
                firstFlushStarted.countDown();
                await(secondQueued);
                throw broken;
            }
            return items.stream().map(String::toUpperCase).toList();
        });

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<String> first = pool.submit(() -> commit.submit("first"));
            assertTrue(firstFlushStarted.await(10, TimeUnit.SECONDS));
            Future<String> second = pool.submit(() -> {
                secondQueued.countDown();
                return commit.submit("second");
            });

            Exception failure = assertThrows(Exception.class, () -> first.get(10, TimeUnit.SECONDS));
            assertSame(broken, failure.getCause());
            assertEquals("SECOND", second.get(10, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFlushThatAnswersTheWrongNumberOfResultsFailsItsItems() {
        GroupCommit<String, String> commit = new GroupCommit<>(8, 1, items -> List.of());

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> commit.submit("x"));
        assertTrue(failure.getMessage().contains("answered 0 results"), failure.getMessage());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
            // Let the second caller reach the queue behind the running flush.
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
