package id.campaignledger.imports;

import id.campaignledger.common.Problem;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Bodies of the import job API. */
public final class ImportRecords {

    private ImportRecords() {
    }

    public enum State {
        queued, running, done, failed
    }

    public record ImportJobView(UUID id, State state, long linesTotal, long linesRead, long created, long replayed,
            long rejected, Instant createdAt, Instant finishedAt, String failure) {
    }

    /** A rejected line: its number in the file, the fields as sent, and why it was rejected. */
    public record Rejection(long line, List<String> fields, Problem problem) {
    }

    public record RejectionPage(List<Rejection> items, String nextCursor) {
    }

    /** Fired when a job has worked through its last chunk (the hook for an import.completed event). */
    public record ImportCompleted(UUID jobId, int partnerId, long created, long replayed, long rejected) {
    }
}
