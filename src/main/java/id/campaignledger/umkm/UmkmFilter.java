package id.campaignledger.umkm;

import id.campaignledger.common.LedgerException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a UMKM list asks for. Pages follow the id order: the cursor is the last id already
 * seen, so that registrations between two pages neither repeat nor hide anyone.
 */
public record UmkmFilter(String regionCode, Boolean curated, Boolean exportReady, UUID after, int limit) {

    private static final Pattern REGION_CODE = Pattern.compile(UmkmRecords.REGION_CODE);
    private static final int MAX_CURSOR_LENGTH = 200;

    public static String regionCode(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!REGION_CODE.matcher(value).matches()) {
            throw LedgerException.invalid("regionCode", UmkmRecords.REGION_CODE_MESSAGE);
        }
        return value;
    }

    /** JAX-RS would read anything but "true" as false; a typo must not silently invert a filter. */
    public static Boolean flag(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.equals("true")) {
            return Boolean.TRUE;
        }
        if (value.equals("false")) {
            return Boolean.FALSE;
        }
        throw LedgerException.invalid(name, "must be true or false");
    }

    public static String cursorAfter(UUID id) {
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    public static UUID decodeCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            if (cursor.length() <= MAX_CURSOR_LENGTH) {
                byte[] bytes = Base64.getUrlDecoder().decode(cursor);
                if (bytes.length == 16) {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    return new UUID(buffer.getLong(), buffer.getLong());
                }
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw LedgerException.invalid("cursor", "is not a cursor this service returned");
    }
}
