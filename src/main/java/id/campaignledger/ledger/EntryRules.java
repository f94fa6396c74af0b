package id.campaignledger.ledger;

import id.campaignledger.common.Text;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.campaignledger.common.Countries;
import id.campaignledger.common.LedgerException;
import id.campaignledger.common.Money;
import id.campaignledger.common.ProblemType;
import id.campaignledger.ledger.LedgerRecords.ReversalInput;
import id.campaignledger.ledger.LedgerRecords.TransactionInput;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/** The ledger's rules that need no database, usable without Quarkus. */
public final class EntryRules {

    static final String IDR = "IDR";
    static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);
    static final int MAX_METADATA_BYTES = 4096;

    private static final Set<String> ISO_CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final Clock clock;
    private final ZoneId zone;

    public EntryRules(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    /** Checks a sale that Bean Validation already accepted and works out its IDR value. */
    public Posting prepare(TransactionInput input) {
        if (input.umkmId() == null && input.nib() == null) {
            throw LedgerException.invalid("umkmId", "give the UMKM's umkmId or its nib");
        }
        if (!ISO_CURRENCIES.contains(input.currency())) {
            throw LedgerException.invalid("currency", "is not an ISO 4217 currency code");
        }
        BigDecimal rate = input.fxRateToIdr();
        BigDecimal amount = Money.sen(input.amount());
        BigDecimal amountIdr;
        if (IDR.equals(input.currency())) {
            if (rate != null && rate.compareTo(BigDecimal.ONE) != 0) {
                throw LedgerException.invalid("fxRateToIdr", "must be absent (or 1) for IDR amounts");
            }
            rate = null;
            amountIdr = amount;
        } else {
            if (rate == null) {
                throw LedgerException.invalid("fxRateToIdr", "is required when the currency is not IDR");
            }
            amountIdr = Money.toIdr(amount, rate);
            if (amountIdr.signum() <= 0) {
                throw LedgerException.invalid("amount", "is worth less than one sen in IDR at this rate");
            }
            if (amountIdr.compareTo(Money.MAX_ENTRY_IDR) > 0) {
                throw LedgerException.invalid("amount", "is worth more than 1000000000000000 IDR at this rate");
            }
        }
        String destination = destination(input);
        Instant occurredAt = notInTheFuture(input.occurredAt().toInstant());
        String metadata = metadata(input.metadata());
        String[] parts = { "SALE", input.campaign(), String.valueOf(input.umkmId()), String.valueOf(input.nib()),
                Money.canonical(amount), input.currency(), Money.canonical(rate), input.channel().name(),
                occurredAt.toString(), metadata == null ? "" : canonicalJson(input.metadata()) };
        // Only a destination adds a part: a request without one digests as it did before destinations existed.
        byte[] digest = destination == null ? digest(parts) : digest(append(parts, destination));
        return new Posting(input.externalRef(), input.campaign(), input.umkmId(), input.nib(), amount,
                input.currency(), rate, amountIdr, input.channel(), occurredAt, metadata, digest, destination);
    }

    /** An export's destination: an assigned ISO 3166-1 alpha-2 code, on EXPORT entries only. */
    private static String destination(TransactionInput input) {
        String country = input.destinationCountry();
        if (country == null) {
            return null;
        }
        if (input.channel() != Channel.EXPORT) {
            throw LedgerException.invalid("destinationCountry", "is only for EXPORT entries (channel is "
                    + input.channel() + ")");
        }
        if (!Countries.isAssigned(country)) {
            throw LedgerException.invalid("destinationCountry", "is not an assigned ISO 3166-1 alpha-2 country code");
        }
        return country;
    }

    private static String[] append(String[] parts, String part) {
        String[] all = java.util.Arrays.copyOf(parts, parts.length + 1);
        all[parts.length] = part;
        return all;
    }

    /** What a retry of this reversal must repeat; the defaults (all that remains, now) count as given. */
    public byte[] reversalDigest(UUID reverses, ReversalInput input) {
        return digest("REVERSAL", reverses.toString(), Money.canonical(input.amount()), input.reason(),
                input.occurredAt() == null ? "" : input.occurredAt().toInstant().toString());
    }

    public Instant notInTheFuture(Instant occurredAt) {
        if (occurredAt.isAfter(clock.instant().plus(FUTURE_TOLERANCE))) {
            throw new LedgerException(ProblemType.RULE_VIOLATION,
                    "occurredAt " + occurredAt + " is more than 5 minutes in the future.");
        }
        return occurredAt;
    }

    public Instant now() {
        return clock.instant();
    }

    /** The campaign day an instant falls on, in the ledger time zone. */
    public LocalDate ledgerDate(Instant instant) {
        return instant.atZone(zone).toLocalDate();
    }

    public ZoneId zone() {
        return zone;
    }

    private static String metadata(ObjectNode metadata) {
        if (metadata == null) {
            return null;
        }
        String json = metadata.toString();
        if (json.getBytes(StandardCharsets.UTF_8).length > MAX_METADATA_BYTES) {
            throw LedgerException.invalid("metadata", "must be at most " + MAX_METADATA_BYTES + " bytes of JSON");
        }
        if (containsNul(metadata)) {
            throw LedgerException.invalid("metadata", "must not contain NUL characters or unpaired surrogates");
        }
        return json;
    }

    private static boolean containsNul(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\0') >= 0 || Text.hasLoneSurrogate(node.textValue());
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().indexOf('\0') >= 0 || Text.hasLoneSurrogate(field.getKey())
                    || containsNul(field.getValue())) {
                return true;
            }
        }
        for (JsonNode element : node) {
            if (!node.isObject() && containsNul(element)) {
                return true;
            }
        }
        return false;
    }

    /** Key order does not change what a partner sent, so it must not change the digest. */
    static String canonicalJson(JsonNode node) {
        try {
            return CANONICAL.writeValueAsString(CANONICAL.convertValue(node, TreeMap.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree always serialises", e);
        }
    }

    static byte[] digest(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0x1f); // unit separator: "ab"+"c" and "a"+"bc" digest differently
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
