package id.campaignledger.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Problem details for unreadable and invalid input, shared by the mapper and per-item results. */
public final class Problems {

    private Problems() {
    }

    public static Problem fromViolations(Collection<? extends ConstraintViolation<?>> violations) {
        List<Problem.FieldError> errors = violations.stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return new Problem(ProblemType.VALIDATION.uri(), ProblemType.VALIDATION.title(), 400, detail, null, errors);
    }

    public static Problem fromJson(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            return invalid(field, "is not a known field");
        }
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field '")) {
            // Read by another component, the same body could mean the first value or the last.
            String message = e.getOriginalMessage();
            String field = message.substring("Duplicate field '".length(), Math.max(message.lastIndexOf('\''),
                    "Duplicate field '".length()));
            return invalid(field, "appears more than once in the same object");
        }
        if (e instanceof MismatchedInputException && e.getOriginalMessage() != null
                && e.getOriginalMessage().startsWith("Trailing token")) {
            return ProblemType.MALFORMED_REQUEST.problem("The body has content after its JSON value.");
        }
        if (e instanceof InvalidFormatException && e.getOriginalMessage() != null
                && e.getOriginalMessage().contains("unpaired surrogate")) {
            return invalid(path((JsonMappingException) e), "contains an unpaired surrogate, which cannot be stored");
        }
        if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
            String field = path((JsonMappingException) e);
            if (!field.isEmpty()) {
                return invalid(field, "has the wrong type or format");
            }
        }
        if (e instanceof JsonMappingException mapping && mapping.getCause() instanceof LedgerException ledger) {
            return ledger.problem();
        }
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return ProblemType.MALFORMED_REQUEST.problem("The body is not valid JSON for this resource" + where + ".");
    }

    public static Problem invalid(String field, String message) {
        return new Problem(ProblemType.VALIDATION.uri(), ProblemType.VALIDATION.title(), 400,
                field + ": " + message, null, List.of(new Problem.FieldError(field, message)));
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    /** "create.input.items[3].amount" becomes "items[3].amount"; a query parameter keeps its name. */
    private static String fieldName(ConstraintViolation<?> violation) {
        List<String> parts = new ArrayList<>();
        String parameter = "body";
        for (Path.Node node : violation.getPropertyPath()) {
            switch (node.getKind()) {
                case PARAMETER -> parameter = node.getName();
                case PROPERTY, BEAN, CONTAINER_ELEMENT -> {
                    if (node.getIndex() != null && !parts.isEmpty()) {
                        parts.set(parts.size() - 1, parts.get(parts.size() - 1) + "[" + node.getIndex() + "]");
                    }
                    if (node.getName() != null && node.getKind() == ElementKind.PROPERTY) {
                        parts.add(node.getName());
                    }
                }
                default -> {
                }
            }
        }
        return parts.isEmpty() ? parameter : String.join(".", parts);
    }

}
