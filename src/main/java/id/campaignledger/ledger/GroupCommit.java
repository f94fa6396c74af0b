package id.campaignledger.ledger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Lets concurrent callers share one database transaction. A caller who finds fewer than
 * {@code maxFlushing} flushes running takes everything queued (up to {@code maxGroup} items, its
 * own among them) and flushes it for all; the others wait for their item's result, and one of
 * them leads the next group. Round trips
 * and the commit's WAL flush are paid per group instead of per item, and a caller alone flushes
 * its own item at once, without lingering.
 *
 * <p>Each item gets its own result, or the exception the flush of its group ended with. A result
 * is handed out only after the flush returned, so for a transaction it means: committed.
 */
final class GroupCommit<T, R> {

    private final int maxGroup;
    private final int maxFlushing;
    private final Function<List<T>, List<R>> flush;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition flushed = lock.newCondition();
    private final ArrayDeque<Pending<T, R>> queue = new ArrayDeque<>();
    private int flushing;

    /**
     * {@code flush} answers a group with one result per item, in the group's order; at most
     * {@code maxFlushing} groups are flushed at once.
     */
    GroupCommit(int maxGroup, int maxFlushing, Function<List<T>, List<R>> flush) {
        if (maxGroup < 1 || maxFlushing < 1) {
            throw new IllegalArgumentException("a group holds at least one item, and one group is flushed at least");
        }
        this.maxGroup = maxGroup;
        this.maxFlushing = maxFlushing;
        this.flush = flush;
    }

    private static final class Pending<T, R> {
        final T item;
        R result;
        RuntimeException failure;
        boolean taken;
        boolean settled;

        Pending(T item) {
            this.item = item;
        }
    }

    /** The item's result once the group holding it has been flushed. */
    R submit(T item) {
        Pending<T, R> mine = new Pending<>(item);
        lock.lock();
        try {
            queue.add(mine);
            while (!mine.settled) {
                if (mine.taken || flushing >= maxFlushing) {
                    flushed.awaitUninterruptibly();
                } else {
                    lead();
                }
            }
        } finally {
            lock.unlock();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.result;
    }

    /** Called holding the lock; flushes without it, so the next group can queue meanwhile. */
    private void lead() {
        flushing++;
        List<Pending<T, R>> group = new ArrayList<>(Math.min(queue.size(), maxGroup));
        while (!queue.isEmpty() && group.size() < maxGroup) {
            Pending<T, R> next = queue.poll();
            next.taken = true;
            group.add(next);
        }
        List<T> items = new ArrayList<>(group.size());
        group.forEach(p -> items.add(p.item));
        List<R> results = null;
        RuntimeException failure = null;
        lock.unlock();
        try {
            results = flush.apply(items);
            if (results == null || results.size() != items.size()) {
                failure = new IllegalStateException("a flush of " + items.size() + " items answered "
                        + (results == null ? "nothing" : results.size() + " results"));
            }
        } catch (RuntimeException e) {
            failure = e;
        } catch (Error e) {
            failure = new IllegalStateException("the flush failed", e);
        } finally {
            lock.lock();
            for (int i = 0; i < group.size(); i++) {
                Pending<T, R> p = group.get(i);
                if (failure == null) {
                    p.result = results.get(i);
                } else {
                    p.failure = failure;
                }
                p.settled = true;
            }
            flushing--;
            flushed.signalAll();
        }
    }
}
