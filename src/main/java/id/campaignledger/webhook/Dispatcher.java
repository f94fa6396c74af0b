package id.campaignledger.webhook;

import id.campaignledger.common.LedgerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Delivers the outbox. Every replica runs one; they share the work through the database. Posted
 * entries' events come from their outbox rows ({@link EntryEvents}): a dispatcher leases the
 * oldest rows (SKIP LOCKED), sends their messages and writes each message with its first attempt,
 * so a message that is delivered at once is written once. Messages already written (retries, the
 * other events, redeliveries) are claimed with FOR UPDATE SKIP LOCKED, and in the same statement
 * their due time is moved past the end of the attempt (a lease), so no other replica takes them
 * while it sends. It sends without holding a transaction open, then records the outcomes: the
 * attempts of a pass that have ended are recorded together, in one transaction, at most {@link
 * #RECORD_WITHIN} after the first of them ended (so a slow receiver does not hold back the
 * others' records, and no record waits anywhere near a lease). A message is sent only while its
 * lease outlasts the longest attempt: with a slow receiver, the later messages of a large pass
 * would otherwise be sent after their lease ran out, when another replica may have claimed and
 * sent them too. They go back unsent (written unsent, for an entry's), due at once, no attempt
 * counted. An outcome is recorded into its message only while the message still carries the lease
 * it was sent under (a lease that ran out or a redelivery has a new holder, who records its own).
 * A replica that dies mid-send or before recording leaves the lease to run out and the message is
 * sent again: delivery is at least once, and receivers deduplicate by {@code webhook-id}. A
 * receiver that cannot be connected to at all (refused, unreachable) is left alone for {@code
 * unreachable-pause}: its other messages go back unsent, without using up an attempt of their
 * schedule, instead of each failing in turn.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    /**
     * How long an ended attempt may wait for others of its pass to be recorded with it. One
     * transaction per pass instead of one per message: each is a commit the posts wait behind.
     */
    static final Duration RECORD_WITHIN = Duration.ofMillis(500);
    /** What a lease has beyond the longest attempt and its recording. */
    private static final Duration LEASE_SLACK = Duration.ofSeconds(30);
    @Inject
    Claims claims;

    @Inject
    LedgerConfig ledgerConfig;

    @Inject
    WebhookClock clock;

    @Inject
    WebhookMetrics metrics;

    @Inject
    AttemptRecorder recorder;

    @Inject
    EntryEvents entryEvents;

    /**
     * Subscriptions whose receiver could not be connected to, until when this replica leaves
     * them alone. While a receiver is down, every message sent to it would fail and use up an
     * attempt of its schedule; one failed connection says enough, the others wait unsent. After
     * that time the entry stays until the receiver answers: meanwhile one message at a time is
     * sent as a probe.
     */
    private final Map<UUID, Instant> unreachableUntil = new ConcurrentHashMap<>();
    private LedgerConfig.Webhooks config;
    private Sender sender;
    private PostingYield postingYield;
    private ExecutorService senders;
    private Thread loop;
    private volatile boolean running;

    /**
     * A message claimed until {@code lease}: its due time while this dispatcher holds it, or the
     * lease of its entry's outbox row if it is {@code unsent} (not written yet).
     */
    record Claimed(UUID id, UUID subscriptionId, String body, int attempts, int step, String url, String secret,
            String previousSecret, Instant previousSecretUntil, Instant lease, Unsent unsent) {
    }

    /** What an entry's message not written yet is written with, besides its id and body. */
    record Unsent(String eventType, Instant createdAt) {
    }

    void start(@Observes StartupEvent started) {
        config = ledgerConfig.webhooks();
        sender = new Sender(config);
        postingYield = new PostingYield(config.whilePostingRate(), config.whilePostingMaxDelay());
        AtomicInteger n = new AtomicInteger();
        senders = Executors.newFixedThreadPool(Math.max(1, config.senders()), r -> {
            Thread t = new Thread(r, "webhook-sender-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        if (config.dispatcherEnabled()) {
            running = true;
            loop = new Thread(this::run, "webhook-dispatcher");
            loop.setDaemon(true);
            loop.start();
        }
    }

    void stop(@Observes ShutdownEvent stopping) {
        running = false;
        if (loop != null) {
            loop.interrupt();
        }
        if (senders != null) {
            senders.shutdownNow();
        }
    }

    private void run() {
        Instant lastMetrics = Instant.EPOCH;
        while (running) {
            try {
                int sent = dispatchDue();
                if (Duration.between(lastMetrics, Instant.now()).toSeconds() >= 5) {
                    metrics.refresh();
                    lastMetrics = Instant.now();
                }
                // While yielding to posts, a pass every poll interval carries what the allowance
                // gathered meanwhile: passes of a few messages each every linger would cost their
                // three commits each, the very work yielding is there to spare the posts.
                if (sent == 0 || postingYield.yielding(clock.now())) {
                    Thread.sleep(config.pollInterval().toMillis());
                } else if (sent < config.batchSize()) {
                    Thread.sleep(config.linger().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // Mostly the database being away; the outbox is where it was, so wait and go on.
                LOG.warnf("Webhook dispatch failed, retrying shortly: %s", e.getMessage());
                try {
                    Thread.sleep(Math.max(1000, config.pollInterval().toMillis()));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * One pass: claims what is due by the clock, leases the oldest posted entries' outbox rows,
     * sends their messages (several at once) and records the outcomes. Returns how many messages
     * were attempted.
     */
    public int dispatchDue() throws InterruptedException {
        Instant now = clock.now();
        // Longer than any attempt may take (connect and response, each up to the timeout) and its recording.
        Duration longestAttempt = config.timeout().multipliedBy(2).plus(RECORD_WITHIN);
        Instant lease = now.plus(longestAttempt).plus(LEASE_SLACK).truncatedTo(ChronoUnit.MICROS);
        Object[] held = unreachableUntil.entrySet().stream().filter(e -> e.getValue().isAfter(now))
                .map(Map.Entry::getKey).toArray();
        List<Claimed> claimed = new ArrayList<>(claims.claim(now, lease, held, config.batchSize()));
        // Entries' events share the pass with what is due, and always get some of it, unless
        // delivery is yielding to posting (PostingYield).
        int asked = Math.min(Math.max(1, config.batchSize() - claimed.size()),
                postingYield.allowance(now, entryEvents.arrivals()));
        EntryEvents.Taken taken = asked == 0 ? EntryEvents.Taken.NONE
                : entryEvents.take(now, lease, held, asked, postingYield.heldBack());
        postingYield.took(taken.messages().size(), asked == 0 || taken.messages().size() >= asked);
        metrics.yielding(postingYield.yielding(now));
        claimed.addAll(taken.messages());
        // A receiver under suspicion gets one probe per pass: the message that has failed least
        // (a fresh one if any), so that a receiver still down does not push a message that
        // already failed on to the next, much longer, wait. The others go back, due at once.
        claimed.sort(Comparator.comparingInt(Claimed::attempts));
        Set<UUID> probed = new HashSet<>();
        List<Claimed> notNow = new ArrayList<>();
        CompletionService<AttemptRecorder.Attempt> attempts = new ExecutorCompletionService<>(senders);
        int sending = 0;
        for (Claimed m : claimed) {
            if (unreachableUntil.containsKey(m.subscriptionId()) && !probed.add(m.subscriptionId())) {
                notNow.add(m);
                continue;
            }
            attempts.submit(() -> {
                Instant at = clock.now();
                Instant heldUntil = unreachableUntil.get(m.subscriptionId());
                if (heldUntil != null && heldUntil.isAfter(at)) {
                    claims.putBack(List.of(m), heldUntil, lease); // its receiver just failed to answer a connection
                    return null;
                }
                if (at.plus(longestAttempt).isAfter(lease)) {
                    claims.putBack(List.of(m), at, lease); // its attempt could outlast the lease
                    return null;
                }
                Sender.Outcome outcome = sender.send(m, at);
                if (outcome.unreachable()
                        || outcome.status() == null && unreachableUntil.containsKey(m.subscriptionId())) {
                    unreachableUntil.put(m.subscriptionId(), at.plus(config.unreachablePause()));
                } else if (outcome.status() != null) {
                    unreachableUntil.remove(m.subscriptionId()); // it answers again
                }
                return new AttemptRecorder.Attempt(m, at, outcome, clock.now());
            });
            sending++;
        }
        claims.putBack(notNow, now, lease);
        // Ended attempts are gathered and recorded together, the first of a group waiting at most
        // RECORD_WITHIN; what is still being sent then goes into the next group.
        List<AttemptRecorder.Attempt> ended = new ArrayList<>();
        long recordBy = 0;
        while (sending > 0) {
            Future<AttemptRecorder.Attempt> f;
            if (ended.isEmpty()) {
                f = attempts.take();
            } else {
                f = attempts.poll(Math.max(0, recordBy - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (f == null) {
                    recorder.record(ended);
                    ended.clear();
                    continue;
                }
            }
            sending--;
            try {
                AttemptRecorder.Attempt a = f.get();
                if (a != null) {
                    if (ended.isEmpty()) {
                        recordBy = System.nanoTime() + RECORD_WITHIN.toNanos();
                    }
                    ended.add(a);
                }
            } catch (ExecutionException e) {
                // Its lease runs out and it is tried again.
                LOG.warnf("A webhook attempt failed: %s", e.getCause().getMessage());
            }
        }
        recorder.record(ended);
        // Only now: a row goes once each of its entries has its message, written above.
        entryEvents.release(taken.rows(), lease);
        return claimed.size() - notNow.size();
    }
}
