package id.campaignledger.campaign;

import id.campaignledger.common.LedgerException;
import id.campaignledger.common.Problem;
import id.campaignledger.common.ProblemType;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/** The campaign and target API's named refusals. */
final class CampaignExceptions {

    private static final String UNIQUE_VIOLATION = "23505";

    private CampaignExceptions() {
    }

    /** True when the database refused a write because a unique key (code, primary key) is taken. */
    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    static final class CampaignNotFound extends LedgerException {
        CampaignNotFound(String code) {
            super(ProblemType.NOT_FOUND, "There is no campaign with code '" + code + "'.");
        }
    }

    static final class DuplicateCampaign extends LedgerException {
        DuplicateCampaign(String code) {
            super(ProblemType.CONFLICT, "A campaign with code '" + code + "' already exists.");
        }
    }

    static final class TargetNotFound extends LedgerException {
        TargetNotFound(String campaign, String targetId) {
            super(ProblemType.NOT_FOUND, "Campaign '" + campaign + "' has no target " + targetId + ".");
        }
    }

    /** A period (campaign dates, target period) that ends before it starts: a field error, 400. */
    static final class EndBeforeStart extends LedgerException {
        EndBeforeStart(String endField, String startField, LocalDate start) {
            this(endField, "must not be before " + startField + " (" + start + ")");
        }

        private EndBeforeStart(String field, String message) {
            super(ProblemType.VALIDATION, field + ": " + message, List.of(new Problem.FieldError(field, message)));
        }
    }

    static final class FractionalCount extends LedgerException {
        FractionalCount(TargetMetric metric, BigDecimal amount) {
            super(ProblemType.RULE_VIOLATION, "A " + metric + " target counts whole things; "
                    + amount.toPlainString() + " is not a whole number.");
        }
    }

    /** New campaign dates would leave recorded (immutable) entries outside the campaign. */
    static final class DatesExcludeEntries extends LedgerException {
        DatesExcludeEntries(String code, LocalDate firstEntry, LocalDate lastEntry, ZoneId zone) {
            super(ProblemType.RULE_VIOLATION, "Campaign '" + code + "' has entries from " + firstEntry + " to "
                    + lastEntry + " (" + zone + "); its dates must still cover them.");
        }
    }

    /** Two revisions of one target raced for the same version number; the other one won. */
    static final class RevisionConflict extends LedgerException {
        RevisionConflict(UUID targetId) {
            super(ProblemType.CONFLICT, "Target " + targetId
                    + " was revised concurrently; read it again and repeat the revision if it is still needed.");
        }
    }
}
