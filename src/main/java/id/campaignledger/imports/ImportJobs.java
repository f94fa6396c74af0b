package id.campaignledger.imports;

import id.campaignledger.common.LedgerException;
import id.campaignledger.common.ProblemType;
import id.campaignledger.imports.ImportRecords.ImportJobView;
import id.campaignledger.imports.ImportRecords.Rejection;
import id.campaignledger.ledger.CsvImporter;
import id.campaignledger.ledger.CsvImporter.Line;
import id.campaignledger.ledger.LedgerRecords.ImportLineResult;
import id.campaignledger.partner.Caller;
import id.campaignledger.partner.Role;
import id.campaignledger.webhook.ImportEvents;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Import jobs: an upload stored in chunks, and one chunk's work at a time. */
@ApplicationScoped
public class ImportJobs {

    static final int CHUNK = 1000;
    static final int LEASE_SECONDS = 60;

    @Inject
    ImportStore store;

    @Inject
    CsvImporter importer;

    @Inject
    ImportEvents events;

    /**
     * Stores the whole upload or nothing: the job becomes visible to the workers only when the
     * last chunk is stored. Memory holds one chunk at a time. A long upload may take a while,
     * hence the longer transaction timeout.
     */
    @Transactional
    @TransactionConfiguration(timeout = 3600)
    public ImportJobView upload(Caller caller, InputStream body) {
        UUID id = UUID.randomUUID();
        int[] chunks = { 0 };
        boolean[] started = { false };
        long lines = importer.readChunks(body, CHUNK, (header, chunk) -> {
            if (!started[0]) {
                store.insertJob(id, caller.partnerId(), caller.keyId(), header);
                started[0] = true;
            }
            store.insertChunk(id, chunks[0]++, chunk);
        });
        store.sealJob(id, lines, chunks[0]);
        return store.find(id, caller.partnerId()).orElseThrow();
    }

    public ImportJobView find(Caller caller, UUID id) {
        return store.find(id, caller.partnerId()).orElseThrow(() -> notFound(id));
    }

    public List<Rejection> rejections(Caller caller, UUID id, long after, int limit) {
        find(caller, id);
        return store.rejections(id, after, limit);
    }

    /** Whether the job has finished. */
    record Worked(boolean more, ImportRecords.ImportCompleted completed) {
    }

    /**
     * Works the job's next chunk in one transaction: its entries, the rejected lines and the job's
     * counters commit together, so a crash re-works at most this chunk and counts nothing twice.
     */
    @Transactional
    Worked workNext(UUID job, String owner) {
        Optional<ImportStore.Next> next = store.lockNext(job);
        if (next.isEmpty() || !owner.equals(next.get().leaseOwner())) {
            return new Worked(false, null); // finished, failed, or another replica took it over
        }
        ImportStore.Next n = next.get();
        List<Line> lines = store.chunk(job, n.seq());
        // The job's entries record the key that uploaded it, as the partner's own posts would.
        Caller caller = new Caller(n.partnerId(), n.partnerCode(), EnumSet.of(Role.PARTNER), n.keyId());
        long created = 0;
        long replayed = 0;
        List<Rejection> rejected = new ArrayList<>();
        if (!lines.isEmpty()) {
            List<ImportLineResult> results = importer.postJoined(caller, n.header(), lines);
            for (int i = 0; i < results.size(); i++) {
                ImportLineResult r = results.get(i);
                switch (r.status()) {
                    case CREATED -> created++;
                    case REPLAYED -> replayed++;
                    case REJECTED -> rejected.add(new Rejection(r.line(), lines.get(i).fields(), r.problem()));
                }
            }
        }
        store.reject(job, rejected);
        boolean last = n.seq() + 1 >= n.chunksTotal();
        store.advance(job, n.seq(), lines.size(), created, replayed, rejected.size(), last, LEASE_SECONDS);
        if (!last) {
            return new Worked(true, null);
        }
        ImportJobView done = store.find(job, n.partnerId()).orElseThrow();
        announce(done, n.partnerId(), n.partnerCode());
        return new Worked(false, new ImportRecords.ImportCompleted(job, n.partnerId(), done.created(),
                done.replayed(), done.rejected()));
    }

    /** Ends the job as failed; the lines posted before the failure stay, and the partner is told. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    void fail(UUID job, String failure) {
        store.fail(job, failure);
        store.ownerOf(job).ifPresent(owner -> store.find(job, owner.partnerId())
                .ifPresent(failed -> announce(failed, owner.partnerId(), owner.code())));
    }

    /**
     * import.completed for a job in its final state, done or failed, written in the transaction
     * that records that state: the event exists exactly when the job is recorded as finished.
     */
    private void announce(ImportJobView job, int partnerId, String partnerCode) {
        events.completed(partnerId, new ImportEvents.ImportCompleted(job.id(), partnerCode, job.state().name(),
                job.created(), job.replayed(), job.rejected(), job.failure(), job.createdAt(), job.finishedAt()));
    }

    static LedgerException notFound(UUID id) {
        return new LedgerException(ProblemType.NOT_FOUND, "There is no import " + id + " of yours.");
    }
}
