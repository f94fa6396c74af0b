package id.campaignledger.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/**
 * The hook of {@code import.completed}. The import worker calls {@link #completed} in the
 * transaction that records a job's final state (done or failed), so that the event exists exactly
 * when the import is recorded as finished. It goes to the importing partner's subscriptions only,
 * like transaction events.
 */
@ApplicationScoped
public class ImportEvents {

    /**
     * The payload's data: which import, by whom, how it ended ({@code done}, or {@code failed} with
     * {@code failure} saying why; the lines posted before a failure stay) and how its rows fared.
     */
    public record ImportCompleted(UUID importId, String partner, String state, long created, long replayed,
            long rejected, String failure, Instant startedAt, Instant completedAt) {
    }

    @Inject
    Outbox outbox;

    @Transactional(Transactional.TxType.MANDATORY)
    public void completed(int partnerId, ImportCompleted importCompleted) {
        outbox.emit(EventType.IMPORT_COMPLETED, partnerId, importCompleted);
    }
}
