package id.campaignledger.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.function.Predicate;

/**
 * JSON is read one way only, so that a proxy, a log pipeline or a partner's own checks cannot
 * read a request differently from the ledger: a key given twice is refused (instead of the last
 * one silently winning), anything after the top-level value is refused, and a string holding an
 * unpaired surrogate escape (which PostgreSQL would store as '?') is refused.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        SimpleModule strict = new SimpleModule("strict-values").addDeserializer(String.class, new WholeStrings());
        // Wraps whichever date reader the Java time module installed, whatever the order of modules.
        strict.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            @SuppressWarnings("unchecked")
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                    JsonDeserializer<?> deserializer) {
                Class<?> type = description.getBeanClass();
                if (type == LocalDate.class) {
                    return new DateInRange<>((JsonDeserializer<LocalDate>) deserializer, LedgerDates::inRange);
                }
                if (type == OffsetDateTime.class) {
                    return new DateInRange<>((JsonDeserializer<OffsetDateTime>) deserializer, LedgerDates::inRange);
                }
                return deserializer;
            }
        });
        mapper.registerModule(strict);
    }

    /** Dates the ledger can store and count: "+999999999-12-31" is a date to Java, not to PostgreSQL. */
    static final class DateInRange<T> extends StdDeserializer<T> implements ContextualDeserializer {
        private final JsonDeserializer<T> parser;
        private final Predicate<T> inRange;

        @SuppressWarnings("unchecked")
        DateInRange(JsonDeserializer<T> parser, Predicate<T> inRange) {
            super(parser.handledType() == null ? Object.class : parser.handledType());
            this.parser = parser;
            this.inRange = inRange;
        }

        @Override
        @SuppressWarnings("unchecked")
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
                throws JsonMappingException {
            if (parser instanceof ContextualDeserializer contextual) {
                return new DateInRange<>((JsonDeserializer<T>) contextual.createContextual(ctxt, property), inRange);
            }
            return this;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String field = p.currentName();
            T value = parser.deserialize(p, ctxt);
            if (value != null && !inRange.test(value)) {
                throw LedgerException.invalid(field == null ? "date" : field, LedgerDates.RANGE);
            }
            return value;
        }
    }

    /** Strings that can be stored as they were sent. */
    static final class WholeStrings extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = super.deserialize(p, ctxt);
            if (value != null && Text.hasLoneSurrogate(value)) {
                return (String) ctxt.handleWeirdStringValue(String.class, value,
                        "contains an unpaired surrogate, which cannot be stored");
            }
            return value;
        }
    }
}
