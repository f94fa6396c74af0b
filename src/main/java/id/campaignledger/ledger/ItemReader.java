package id.campaignledger.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.campaignledger.common.LedgerClock;
import id.campaignledger.common.LedgerException;
import id.campaignledger.common.ProblemType;
import id.campaignledger.common.Problems;
import id.campaignledger.ledger.LedgerRecords.TransactionInput;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.lang.annotation.ElementType;
import java.util.Set;

/**
 * Turns items as they arrive (a JSON item of a batch, a CSV row made an item, a record built in
 * code) into typed {@link Candidate}s: JSON binding, Bean Validation, then the rules of
 * {@link EntryRules}. One bad item rejects only itself.
 *
 * <p>Items are plain records, never entities, so their validator reaches every property without
 * asking the persistence provider whether it is loaded: the default resolver (Hibernate ORM is on
 * the class path) asks it by reflection for every property of every item, a measurable share of a
 * 1,000-item batch's time in a profile of the benchmark.
 */
@ApplicationScoped
public class ItemReader {

    private final ObjectMapper json;
    private final Validator validator;
    private final EntryRules rules;

    /** Every property of a record is reachable and cascadable: there is nothing lazily loaded. */
    private static final TraversableResolver RECORDS = new TraversableResolver() {
        @Override
        public boolean isReachable(Object bean, Path.Node property, Class<?> root, Path path, ElementType type) {
            return true;
        }

        @Override
        public boolean isCascadable(Object bean, Path.Node property, Class<?> root, Path path, ElementType type) {
            return true;
        }
    };

    @Inject
    public ItemReader(ObjectMapper json, ValidatorFactory validation, LedgerClock clock) {
        this.json = json;
        this.validator = validation.usingContext().traversableResolver(RECORDS).getValidator();
        this.rules = new EntryRules(clock.clock(), clock.zone());
    }

    /** An item of a batch (or a CSV row as an item). */
    public Candidate read(JsonNode item) {
        TransactionInput input;
        try {
            if (item == null || !item.isObject()) {
                return Candidate.refused(Problems.invalid("item", "must be a JSON object"));
            }
            input = json.treeToValue(item, TransactionInput.class);
        } catch (JsonProcessingException e) {
            return Candidate.refused(Problems.fromJson(e));
        } catch (IllegalArgumentException e) {
            return Candidate.refused(ProblemType.MALFORMED_REQUEST.problem("The item cannot be read."));
        }
        return read(input);
    }

    /** An input already bound: validated here, so that code posting records gets the same checks. */
    public Candidate read(TransactionInput input) {
        Set<ConstraintViolation<TransactionInput>> violations = validator.validate(input);
        if (!violations.isEmpty()) {
            return Candidate.refused(Problems.fromViolations(violations));
        }
        return prepared(input);
    }

    /** An input Bean Validation already accepted (a resource's {@code @Valid} body). */
    Candidate prepared(TransactionInput input) {
        try {
            return Candidate.of(rules.prepare(input));
        } catch (LedgerException e) {
            return Candidate.refused(e.problem());
        }
    }

    EntryRules rules() {
        return rules;
    }
}
