package id.campaignledger.totals;

import id.campaignledger.common.DateRange;
import id.campaignledger.common.LedgerException;
import id.campaignledger.common.db.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;

/** A campaign as the read side needs it: its id and the dates its entries must fall in. */
public record CampaignPeriod(int id, LocalDate startsOn, LocalDate endsOn) {

    private static final Sql FIND = Sql.of("select id, starts_on, ends_on from campaign where code = :code");

    /** The campaign by code, or 404. */
    public static CampaignPeriod find(Connection c, String code) throws SQLException {
        try (Sql.Bound s = FIND.on(c)) {
            CampaignPeriod found = s.set("code", code).first(r -> new CampaignPeriod(r.getInt(1),
                    r.getObject(2, LocalDate.class), r.getObject(3, LocalDate.class)));
            if (found == null) {
                throw LedgerException.notFound("There is no campaign '" + code + "'.");
            }
            return found;
        }
    }

    public DateRange dates() {
        return new DateRange(startsOn, endsOn);
    }

    /**
     * Whether the inclusive period (null ends open) holds every entry the campaign can have. An
     * open campaign's entries reach at most tomorrow (five minutes ahead of now, in the ledger zone).
     */
    public boolean coveredBy(LocalDate start, LocalDate end, LocalDate today) {
        boolean fromTheStart = start == null || !start.isAfter(startsOn);
        LocalDate lastPossible = endsOn != null ? endsOn : today.plusDays(1);
        return fromTheStart && (end == null || !end.isBefore(lastPossible));
    }
}
