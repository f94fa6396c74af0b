package id.campaignledger.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The coalescer's contract, without Quarkus or a database: the "database" is a counter of
 * committed writes that a round reads, and rounds are held open by the test (no sleeps).
 */
class ReadCoalescerTest {

    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    /** A read whose rounds the test opens one at a time; it answers the writes committed when it started. */
    private static final class HeldRead implements Supplier<Integer> {
        final AtomicInteger committed = new AtomicInteger();
        final AtomicInteger rounds = new AtomicInteger();
        final Semaphore started = new Semaphore(0);
        final Semaphore release = new Semaphore(0);

        @Override
        public Integer get() {
            int seen = committed.get();
            rounds.incrementAndGet();
            started.release();
            release.acquireUninterruptibly();
            return seen;
        }
    }

    private CompletableFuture<Integer> call(ReadCoalescer<String, Integer> c, String key, Supplier<Integer> read) {
        return CompletableFuture.supplyAsync(() -> c.read(key, read), callers);
    }

    @Test
    void aLoneCallerReadsAtOnceAndTheKeyIsDroppedAfter() {
        ReadCoalescer<String, Integer> c = new ReadCoalescer<>(10, 10);
        assertEquals(7, c.read("k", () -> 7));
        assertEquals(0, c.keys());
    }

    @Test
    void callersArrivingDuringARoundShareTheNextRoundWhichSeesWritesCommittedBeforeThem() throws Exception {
        ReadCoalescer<String, Integer> c = new ReadCoalescer<>(10, 100);
        HeldRead read = new HeldRead();
        CompletableFuture<Integer> first = call(c, "k", read);
        assertTrue(read.started.tryAcquire(10, TimeUnit.SECONDS));
        // A write commits while the first round runs; then five more callers arrive.
        read.committed.incrementAndGet();
        List<CompletableFuture<Integer>> later = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            later.add(call(c, "k", read));
        }
        awaitArrived(c, "k", 5);
        read.release.release(); // the first round ends: it had read before the write
        assertEquals(0, first.get(10, TimeUnit.SECONDS));
        assertTrue(read.started.tryAcquire(10, TimeUnit.SECONDS)); // ONE next round for all five
        read.release.release();
        for (CompletableFuture<Integer> f : later) {
            assertEquals(1, f.get(10, TimeUnit.SECONDS)); // never the first round's stale answer
        }
        assertEquals(2, read.rounds.get());
        assertEquals(0, c.keys());
    }

    @Test
    void differentKeysDoNotShare() throws Exception {
        ReadCoalescer<String, Integer> c = new ReadCoalescer<>(10, 10);
        HeldRead a = new HeldRead();
        HeldRead b = new HeldRead();
        CompletableFuture<Integer> fa = call(c, "a", a);
        CompletableFuture<Integer> fb = call(c, "b", b);
        assertTrue(a.started.tryAcquire(10, TimeUnit.SECONDS));
        assertTrue(b.started.tryAcquire(10, TimeUnit.SECONDS)); // both run at once
        assertEquals(2, c.keys());
        a.release.release();
        b.release.release();
        fa.get(10, TimeUnit.SECONDS);
        fb.get(10, TimeUnit.SECONDS);
        assertEquals(0, c.keys());
    }

    @Test
    void aFailedRoundFailsItsCallersOnlyAndTheNextRoundRunsAgain() throws Exception {
        ReadCoalescer<String, Integer> c = new ReadCoalescer<>(10, 10);
        CountDownLatch inRound = new CountDownLatch(1);
        CountDownLatch fail = new CountDownLatch(1);
        IllegalStateException boom = new IllegalStateException("boom");
        CompletableFuture<Integer> first = call(c, "k", () -> {
            inRound.countDown();
            await(fail);
            throw boom;
        });
        assertTrue(inRound.await(10, TimeUnit.SECONDS));
        CompletableFuture<Integer> second = call(c, "k", () -> 2);
        awaitArrived(c, "k", 1);
        fail.countDown();
        Exception e = assertThrows(Exception.class, () -> first.get(10, TimeUnit.SECONDS));
        assertSame(boom, e.getCause());
        assertEquals(2, second.get(10, TimeUnit.SECONDS));
        assertEquals(0, c.keys());
    }

    @Test
    void beyondTheWaiterBoundACallerReadsAloneAtOnce() throws Exception {
        ReadCoalescer<String, Integer> c = new ReadCoalescer<>(10, 2);
        HeldRead read = new HeldRead();
        CompletableFuture<Integer> first = call(c, "k", read);
        assertTrue(read.started.tryAcquire(10, TimeUnit.SECONDS));
        CompletableFuture<Integer> w1 = call(c, "k", read);
        CompletableFuture<Integer> w2 = call(c, "k", read);
        awaitArrived(c, "k", 2);
        // The third would-be waiter does not wait: it runs its own read while the round is held.
        assertEquals(42, c.read("k", () -> 42));
        read.release.release();
        first.get(10, TimeUnit.SECONDS);
        assertTrue(read.started.tryAcquire(10, TimeUnit.SECONDS));
        read.release.release();
        w1.get(10, TimeUnit.SECONDS);
        w2.get(10, TimeUnit.SECONDS);
        assertEquals(2, read.rounds.get());
    }

    @Test
    void beyondTheKeyBoundACallerReadsAloneAndNoKeyIsAdded() throws Exception {
        ReadCoalescer<String, Integer> c = new ReadCoalescer<>(1, 10);
        HeldRead read = new HeldRead();
        CompletableFuture<Integer> first = call(c, "a", read);
        assertTrue(read.started.tryAcquire(10, TimeUnit.SECONDS));
        assertEquals(5, c.read("b", () -> 5));
        assertEquals(1, c.keys());
        read.release.release();
        first.get(10, TimeUnit.SECONDS);
        assertEquals(0, c.keys());
    }

    @Test
    void boundsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new ReadCoalescer<String, Integer>(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ReadCoalescer<String, Integer>(1, 0));
    }

    /** Waits, without sleeping, until {@code n} callers wait for the next round of {@code key}. */
    private static void awaitArrived(ReadCoalescer<String, Integer> c, String key, int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (c.waiting(key) < n) {
            assertTrue(System.nanoTime() < deadline, "callers did not arrive");
            Thread.yield();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
