package id.campaignledger.umkm;

import id.campaignledger.common.Cursor;
import id.campaignledger.common.LedgerException;
import java.util.List;
import java.util.UUID;

/**
 * What a UMKM list asks for. Pages follow the id order: the cursor is the last id already
 * seen, so that registrations between two pages neither repeat nor hide anyone.
 */
public record UmkmFilter(String regionCode, Boolean curated, Boolean exportReady, UUID after, int limit) {

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
        return Cursor.encode(id);
    }

    public static UUID decodeCursor(String cursor) {
        List<String> fields = Cursor.decode(cursor, 1);
        return fields == null ? null : Cursor.field(UUID::fromString, fields.get(0));
    }
}
