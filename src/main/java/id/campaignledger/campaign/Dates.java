package id.campaignledger.campaign;

import id.campaignledger.campaign.CampaignExceptions.EndBeforeStart;
import id.campaignledger.common.DateRange;
import java.time.LocalDate;

/** Rules for the inclusive date ranges of campaigns and targets. */
final class Dates {

    private Dates() {
    }

    /** An open end (null) is after everything. */
    static void requireOrdered(String startField, LocalDate start, String endField, LocalDate end) {
        if (end != null && end.isBefore(start)) {
            throw new EndBeforeStart(endField, startField, start);
        }
    }

    static boolean covers(LocalDate start, LocalDate end, LocalDate day) {
        return new DateRange(start, end).covers(day);
    }
}
