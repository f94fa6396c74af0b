package id.campaignledger.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/**
 * The hook of {@code import.completed}. An import job calls {@link #completed} in the transaction
 * that marks the import finished, so that the event exists exactly when the import is recorded
 * as complete. It goes to the importing partner's subscriptions only, like transaction events.
 */
@ApplicationScoped
public class ImportEvents {

    /** The payload's data: which import, by whom, and how its rows fared. */
    public record ImportCompleted(UUID importId, String partner, long created, long replayed, long rejected,
            Instant startedAt, Instant completedAt) {
    }

    @Inject
    Outbox outbox;

    @Transactional(Transactional.TxType.MANDATORY)
    public void completed(int partnerId, ImportCompleted importCompleted) {
        outbox.emit(EventType.IMPORT_COMPLETED, partnerId, importCompleted);
    }
}
