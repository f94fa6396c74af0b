package id.campaignledger.common.db;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Lets concurrent callers asking the same read share one database round. Per key, at most one
 * round runs at a time. A caller who finds no round running for its key runs one at once, for
 * itself. A caller who finds one running does not take its answer (that round may have read
 * before the caller's request arrived, and so miss a write the caller has just seen committed):
 * it waits for the NEXT round, which starts when the running one ends and answers every caller
 * that arrived meanwhile. One of those callers runs it, on its own thread.
 *
 * <p>So every caller gets an answer (or the exception) of a round that started after the caller
 * arrived: whatever was committed before the call is in it, as if the caller had read alone. The
 * answer is one object handed to all the round's callers: it must be immutable, and the key must
 * hold everything the answer depends on (the read's parameters, and the caller's visibility
 * unless the answer is the same for every caller by construction).
 *
 * <p>Memory is bounded: at most {@code maxKeys} keys are held, and a key is dropped as soon as no
 * round runs and none waits for it; at most {@code maxWaiters} callers wait for one round. A
 * caller beyond either bound reads alone, at once, exactly as without this class.
 */
public final class ReadCoalescer<K, R> {

    private final int maxKeys;
    private final int maxWaiters;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<K, Slot<R>> slots = new HashMap<>();

    public ReadCoalescer(int maxKeys, int maxWaiters) {
        if (maxKeys < 1 || maxWaiters < 1) {
            throw new IllegalArgumentException("at least one key and one waiter");
        }
        this.maxKeys = maxKeys;
        this.maxWaiters = maxWaiters;
    }

    /** One key's rounds: the running one, and the next one its arrivals wait for. */
    private static final class Slot<R> {
        final Condition ended;
        Round<R> running;
        Round<R> next;

        Slot(Condition ended) {
            this.ended = ended;
        }
    }

    private static final class Round<R> {
        int callers;
        boolean led;
        boolean done;
        R result;
        RuntimeException failure;
    }

    /** The answer of a round of {@code read} that started after this call. */
    public R read(K key, Supplier<R> read) {
        Round<R> mine;
        Slot<R> slot;
        lock.lock();
        try {
            slot = slots.get(key);
            if (slot == null) {
                if (slots.size() >= maxKeys) {
                    mine = null;
                } else {
                    slot = new Slot<>(lock.newCondition());
                    slots.put(key, slot);
                    mine = new Round<>();
                    mine.callers = 1;
                    mine.led = true;
                    slot.running = mine;
                }
            } else {
                if (slot.next == null) {
                    slot.next = new Round<>();
                }
                if (slot.next.callers >= maxWaiters) {
                    mine = null;
                } else {
                    mine = slot.next;
                    mine.callers++;
                    // Wait until this round is done, or is the running one and nobody leads it yet.
                    while (!mine.done && (slot.running != mine || mine.led)) {
                        slot.ended.awaitUninterruptibly();
                    }
                    if (mine.done) {
                        return answer(mine);
                    }
                    mine.led = true;
                }
            }
        } finally {
            lock.unlock();
        }
        if (mine == null) {
            return read.get(); // beyond a bound: alone, at once
        }
        lead(key, slot, mine, read);
        return answer(mine);
    }

    /** Keys held now (rounds running or awaited); for tests and metrics. */
    public int keys() {
        lock.lock();
        try {
            return slots.size();
        } finally {
            lock.unlock();
        }
    }

    /** Callers waiting for the next round of a key; for tests. */
    int waiting(K key) {
        lock.lock();
        try {
            Slot<R> slot = slots.get(key);
            return slot == null || slot.next == null ? 0 : slot.next.callers;
        } finally {
            lock.unlock();
        }
    }

    /** Runs a round without the lock, so that its successor's callers can gather meanwhile. */
    private void lead(K key, Slot<R> slot, Round<R> round, Supplier<R> read) {
        R result = null;
        RuntimeException failure = null;
        try {
            result = read.get();
        } catch (RuntimeException e) {
            failure = e;
        } catch (Error e) {
            failure = new IllegalStateException("the read failed", e);
        } finally {
            lock.lock();
            try {
                round.result = result;
                round.failure = failure;
                round.done = true;
                // The next round starts now, whoever of its callers wakes first runs it.
                slot.running = slot.next;
                slot.next = null;
                if (slot.running == null) {
                    slots.remove(key);
                }
                slot.ended.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private static <R> R answer(Round<R> round) {
        if (round.failure != null) {
            throw round.failure;
        }
        return round.result;
    }
}
