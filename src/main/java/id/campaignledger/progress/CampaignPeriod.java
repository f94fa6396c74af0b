package id.campaignledger.progress;

import id.campaignledger.common.LedgerException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;

/** A campaign as the read side needs it: its id and the dates its entries must fall in. */
record CampaignPeriod(int id, LocalDate startsOn, LocalDate endsOn) {

    /** The campaign by code, or 404. */
    static CampaignPeriod find(Connection c, String code) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select id, starts_on, ends_on from campaign where code = ?")) {
            s.setString(1, code);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw LedgerException.notFound("There is no campaign '" + code + "'.");
                }
                return new CampaignPeriod(r.getInt(1), r.getObject(2, LocalDate.class),
                        r.getObject(3, LocalDate.class));
            }
        }
    }

    /**
     * Whether the inclusive period (null ends open) holds every entry the campaign can have. An
     * open campaign's entries reach at most tomorrow (five minutes ahead of now, in the ledger zone).
     */
    boolean coveredBy(LocalDate start, LocalDate end, LocalDate today) {
        boolean fromTheStart = start == null || !start.isAfter(startsOn);
        LocalDate lastPossible = endsOn != null ? endsOn : today.plusDays(1);
        return fromTheStart && (end == null || !end.isBefore(lastPossible));
    }
}
