package org.pointsledger.api.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Reading what clients send: path and query parameters, and where JSON went wrong. */
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

    /** The positive whole number the text spells, or null when it spells none. */
    public static Integer positiveInteger(String text) {
        try {
            int value = Integer.parseInt(text);
            return value > 0 ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The field a JSON mapping failure is about, as {@code items[2].amount}, or "" for none. */
    public static String fieldOf(JsonMappingException failure) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : failure.getPath()) {
            if (reference.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }
}
