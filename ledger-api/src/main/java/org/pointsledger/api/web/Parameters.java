package org.pointsledger.api.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Reading what clients send: path and query parameters, and where JSON went wrong. */
public final class Parameters {

    private Parameters() {
    }

    /** A longer member name is no field of the API; the problem then names the body. */
    private static final int FIELD_NAME_LENGTH_MAX = 64;

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

    /**
     * The field a body that could not be read is about: the JSON member the parser stopped
     * in (a malformed value or a duplicate key), else "body".
     */
    public static String fieldOf(Throwable failure) {
        if (failure instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return fieldOf(mapping);
        }
        // Only a duplicate key is sure to be about the member the parser is in.
        if (failure instanceof JsonParseException parsing
                && String.valueOf(parsing.getOriginalMessage()).startsWith("Duplicate field")
                && parsing.getProcessor() != null) {
            JsonParser parser = parsing.getProcessor();
            String name = parser.getParsingContext() == null ? null
                    : parser.getParsingContext().getCurrentName();
            if (name != null && !name.isEmpty() && name.length() <= FIELD_NAME_LENGTH_MAX) {
                return name;
            }
        }
        return "body";
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
