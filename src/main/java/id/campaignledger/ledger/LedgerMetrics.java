package id.campaignledger.ledger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Business counters for Prometheus. Labels are the campaign code, the channel and the outcome
 * only: campaigns and channels are few, UMKM ids and references are never labels.
 *
 * <p>What a transaction posted is counted when, and only if, it commits: a batch rolled back by
 * a lost connection counted nothing. Refusals are counted when they reach the caller, which for a
 * refused reversal means a rolled-back transaction.
 */
@ApplicationScoped
public class LedgerMetrics {

    static final String UNKNOWN = "unknown";
    private static final Object TALLY = LedgerMetrics.class;

    enum Outcome {
        CREATED, REPLAYED, REJECTED;

        String label() {
            return name().toLowerCase();
        }
    }

    @Inject
    MeterRegistry registry;

    @Inject
    TransactionSynchronizationRegistry transactions;

    /** One posted sale: counted, and its IDR value added when it was created. */
    void sale(String campaign, Channel channel, Outcome outcome, BigDecimal amountIdr) {
        String c = label(campaign);
        String ch = channel == null ? UNKNOWN : channel.name();
        tally().add(outcome == Outcome.REJECTED, () -> {
            Counter.builder("ledger.entries").description("Sales posted, by outcome")
                    .tags("campaign", c, "channel", ch, "outcome", outcome.label()).register(registry).increment();
            if (outcome == Outcome.CREATED && amountIdr != null) {
                Counter.builder("ledger.amount.idr").description("IDR value of the sales created")
                        .tags("campaign", c, "channel", ch).register(registry)
                        .increment(amountIdr.doubleValue());
            }
        });
    }

    /** One reversal: created or replayed (refused reversals are counted as conflicts only). */
    void reversal(String campaign, Channel channel, Outcome outcome, BigDecimal amountIdr) {
        String c = label(campaign);
        String ch = channel == null ? UNKNOWN : channel.name();
        tally().add(false, () -> {
            Counter.builder("ledger.reversals").description("Reversals posted, by outcome")
                    .tags("campaign", c, "channel", ch, "outcome", outcome.label()).register(registry).increment();
            if (outcome == Outcome.CREATED && amountIdr != null) {
                Counter.builder("ledger.reversed.amount.idr").description("IDR value taken back by reversals")
                        .tags("campaign", c, "channel", ch).register(registry)
                        .increment(amountIdr.abs().doubleValue());
            }
        });
    }

    /** An externalRef used again with different content. */
    void idempotencyConflict(String campaign, Channel channel) {
        String c = label(campaign);
        String ch = channel == null ? UNKNOWN : channel.name();
        tally().add(true, () -> Counter.builder("ledger.idempotency.conflicts")
                .description("Requests that reused an externalRef with different content")
                .tags("campaign", c, "channel", ch).register(registry).increment());
    }

    /** The number of items in a batch request, counted when its transaction commits. */
    void batch(int items) {
        tally().add(false, () -> batchSize("batch").record(items));
    }

    /** The number of rows in an imported file; each chunk has committed on its own by now. */
    void imported(int rows) {
        batchSize("import").record(rows);
    }

    /** The refusal counted so far in this transaction is the answer, though the transaction rolls back. */
    void refusalAnswered() {
        tally().refusalAnswered = true;
    }

    private DistributionSummary batchSize(String source) {
        return DistributionSummary.builder("ledger.batch.size").description("Items per batch request or import")
                .tags("source", source).serviceLevelObjectives(1, 10, 100, 500, 1000, 10_000, 100_000)
                .register(registry);
    }

    private static String label(String campaign) {
        return campaign == null ? UNKNOWN : campaign;
    }

    private Tally tally() {
        Tally tally = (Tally) transactions.getResource(TALLY);
        if (tally == null) {
            tally = new Tally();
            transactions.putResource(TALLY, tally);
            transactions.registerInterposedSynchronization(tally);
        }
        return tally;
    }

    private static final class Tally implements Synchronization {
        private final List<Runnable> onCommit = new ArrayList<>();
        private final List<Runnable> refusals = new ArrayList<>();
        private boolean refusalAnswered;

        void add(boolean refusal, Runnable count) {
            (refusal ? refusals : onCommit).add(count);
        }

        @Override
        public void beforeCompletion() {
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
                onCommit.forEach(Runnable::run);
                refusals.forEach(Runnable::run);
            } else if (refusalAnswered) {
                refusals.forEach(Runnable::run);
            }
        }
    }
}
