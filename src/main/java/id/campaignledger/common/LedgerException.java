package id.campaignledger.common;

import java.util.List;

/**
 * A failure the client caused or can act on. Services throw subclasses named after the rule
 * that was broken; the single exception mapper turns them into problem details.
 */
public class LedgerException extends RuntimeException {

    private final transient Problem problem;

    public LedgerException(ProblemType type, String detail) {
        this(type, detail, null);
    }

    public LedgerException(ProblemType type, String detail, List<Problem.FieldError> errors) {
        this(new Problem(type.uri(), type.title(), type.status(), detail, null, errors));
    }

    public LedgerException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static LedgerException notFound(String detail) {
        return new LedgerException(ProblemType.NOT_FOUND, detail);
    }

    public static LedgerException conflict(String detail) {
        return new LedgerException(ProblemType.CONFLICT, detail);
    }

    public static LedgerException rule(String detail) {
        return new LedgerException(ProblemType.RULE_VIOLATION, detail);
    }

    public static LedgerException invalid(String field, String message) {
        return new LedgerException(ProblemType.VALIDATION, field + ": " + message,
                List.of(new Problem.FieldError(field, message)));
    }
}
