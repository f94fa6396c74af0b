package id.campaignledger.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.campaignledger.common.LedgerException;
import id.campaignledger.common.Money;
import id.campaignledger.common.ProblemType;
import id.campaignledger.ledger.LedgerRecords.TransactionPage;
import id.campaignledger.ledger.LedgerRecords.TransactionView;
import id.campaignledger.partner.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Entries as the API shows them: one, a page of them, and the view of a stored row. */
@ApplicationScoped
public class EntryViews {

    @Inject
    EntryReads reads;

    @Inject
    ObjectMapper json;

    public TransactionView get(Caller caller, UUID id) {
        return view(visible(caller, reads.find(id).orElse(null), id));
    }

    public TransactionPage list(Caller caller, TransactionFilter filter) {
        Integer partnerId = caller.isAdmin() ? null : caller.partnerId();
        if (!caller.isAdmin() && partnerId == null) {
            throw new LedgerException(ProblemType.FORBIDDEN, "Only partners and administrators list entries.");
        }
        List<StoredEntry> rows = reads.page(partnerId, filter);
        boolean more = rows.size() > filter.limit();
        List<StoredEntry> page = more ? rows.subList(0, filter.limit()) : rows;
        StoredEntry last = page.isEmpty() ? null : page.get(page.size() - 1);
        String next = more ? new TransactionFilter.Position(last.occurredAt(), last.id()).encode() : null;
        return new TransactionPage(page.stream().map(this::view).toList(), next);
    }

    /** Another partner's entry is reported as absent: its existence is not the caller's business. */
    static StoredEntry visible(Caller caller, StoredEntry entry, UUID id) {
        if (entry == null || !(caller.isAdmin() || Integer.valueOf(entry.partnerId()).equals(caller.partnerId()))) {
            throw LedgerException.notFound("There is no transaction " + id + ".");
        }
        return entry;
    }

    TransactionView view(StoredEntry e) {
        JsonNode metadata;
        try {
            metadata = e.metadataJson() == null ? null : json.readTree(e.metadataJson());
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("stored metadata is JSON", ex);
        }
        return new TransactionView(e.id(), e.partnerCode(), e.externalRef(), e.campaignCode(), e.umkmId(),
                Money.format(e.amount()), e.currency(),
                e.fxRateToIdr() == null ? null : e.fxRateToIdr().stripTrailingZeros().toPlainString(),
                Money.format(e.amountIdr()), e.channel(), e.occurredAt().atOffset(ZoneOffset.UTC), e.recordedAt(),
                e.regionCode(), metadata, e.kind(), e.reverses(), e.reason(), e.destinationCountry(),
                e.recordedByPartnerCode() == null && e.recordedByKeyId() == null ? null
                        : new LedgerRecords.RecordedBy(e.recordedByPartnerCode(), e.recordedByKeyId()));
    }
}
