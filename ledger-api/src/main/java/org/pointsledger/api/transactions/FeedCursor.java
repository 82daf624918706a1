package org.pointsledger.api.transactions;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;
import org.pointsledger.api.problems.RequestValidation;

/**
 * The change feed's cursor: opaque to clients, so that its form may change, and versioned, so
 * that a newer service can still read the cursors an older one gave out. Inside it is the
 * feed position of the last transaction the client has seen.
 */
final class FeedCursor {

    /** No cursor this service gives out is longer; a longer one is refused unread. */
    static final int CURSOR_LENGTH_MAX = 64;
    private static final String VERSION_PREFIX = "feed1:";
    private static final Pattern POSITION = Pattern.compile("0|[1-9][0-9]{0,17}");

    private FeedCursor() {
    }

    static String of(long position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                (VERSION_PREFIX + position).getBytes(StandardCharsets.US_ASCII));
    }

    /** The position the cursor names (0, the start, when absent), or a problem of the field. */
    static long parse(String cursor, String field, RequestValidation validation) {
        if (cursor == null) {
            return 0;
        }
        String text = cursor.length() > CURSOR_LENGTH_MAX ? "" : decode(cursor);
        boolean valid = text.startsWith(VERSION_PREFIX)
                && POSITION.matcher(text.substring(VERSION_PREFIX.length())).matches();
        validation.require(valid, field, "must be a cursor the feed gave as next, or absent");
        return valid ? Long.parseLong(text.substring(VERSION_PREFIX.length())) : 0;
    }

    private static String decode(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
