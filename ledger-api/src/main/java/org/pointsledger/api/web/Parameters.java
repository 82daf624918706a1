package org.pointsledger.api.web;

import java.util.Locale;
import java.util.regex.Pattern;

/** Reading what clients send in paths and query parameters. */
public final class Parameters {

    private Parameters() {
    }

    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /**
     * A point account id (a UUID) in its one canonical form, lower case, whatever case it was
     * sent in; null when the text is not a UUID.
     */
    public static String accountId(String text) {
        return text != null && UUID_TEXT.matcher(text).matches()
                ? text.toLowerCase(Locale.ROOT) : null;
    }

    /** The whole number (of the int range) the text spells, or null when it spells none. */
    public static Integer integer(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The positive whole number the text spells, or null when it spells none. */
    public static Integer positiveInteger(String text) {
        try {
            int value = Integer.parseInt(text);
            return value > 0 ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
