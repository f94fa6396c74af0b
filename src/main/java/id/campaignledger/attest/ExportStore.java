package id.campaignledger.attest;

import id.campaignledger.verify.SealedEntry;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Sealed entries in seq order, a page at a time (keyset by seq): each page is a short statement of
 * its own, so an export of any length holds neither a transaction nor more than a page in memory.
 */
@ApplicationScoped
public class ExportStore {

    static final int PAGE = 1000;

    private static final String PAGE_SQL = "select s.seq, s.campaign_seq, s.hash, s.campaign_hash, "
            + EntryRows.COLUMNS + " from ledger_seal s join ledger_entry e on e.id = s.entry_id " + EntryRows.JOINS
            + " where s.seq >= ? and s.seq <= ? %s order by s.seq limit ?";

    @Inject
    AgroalDataSource dataSource;

    /** The last sealed seq (0: none). */
    public long head() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("select coalesce(max(seq), 0) from ledger_seal");
                ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    public OptionalInt campaignId(String code) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("select id from campaign where code = ?")) {
            s.setString(1, code);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? OptionalInt.of(r.getInt(1)) : OptionalInt.empty();
            }
        }
    }

    /** Hands every sealed entry with fromSeq <= seq <= untilSeq (of one campaign, if given) to the sink, in seq order. */
    public void forEach(Integer campaignId, long fromSeq, long untilSeq, Consumer<List<SealedEntry>> pages)
            throws SQLException {
        long next = fromSeq;
        while (next <= untilSeq) {
            List<SealedEntry> page = page(campaignId, next, untilSeq);
            if (page.isEmpty()) {
                return;
            }
            pages.accept(page);
            next = page.get(page.size() - 1).seq() + 1;
        }
    }

    private List<SealedEntry> page(Integer campaignId, long fromSeq, long untilSeq) throws SQLException {
        String sql = PAGE_SQL.formatted(campaignId == null ? "" : "and s.campaign_id = ?");
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            s.setLong(i++, fromSeq);
            s.setLong(i++, untilSeq);
            if (campaignId != null) {
                s.setInt(i++, campaignId);
            }
            s.setInt(i, PAGE);
            List<SealedEntry> page = new ArrayList<>(PAGE);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    page.add(EntryRows.read(r, r.getLong(1), r.getLong(2), EntryRows.hex(r.getBytes(3)),
                            EntryRows.hex(r.getBytes(4))));
                }
            }
            return page;
        }
    }
}
