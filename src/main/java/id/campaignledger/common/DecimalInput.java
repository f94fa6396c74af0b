package id.campaignledger.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Reads an amount given as a JSON string ("12000.50") or number (12000.50) into an exact
 * BigDecimal: numbers are taken from their text, never through a double. Strings must be
 * plain decimals; exponents, signs, spaces and words are refused.
 */
public class DecimalInput extends JsonDeserializer<BigDecimal> {

    private static final Pattern PLAIN_DECIMAL = Pattern.compile("^[0-9]{1,40}(\\.[0-9]{1,40})?$");

    @Override
    public BigDecimal deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return parser.getDecimalValue();
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = parser.getText();
            if (PLAIN_DECIMAL.matcher(text).matches()) {
                return new BigDecimal(text);
            }
            throw context.weirdStringException(text, BigDecimal.class, "not a plain decimal number");
        }
        return (BigDecimal) context.handleUnexpectedToken(BigDecimal.class, parser);
    }
}
