package org.pointsledger.api.problems;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;

/** Where a JSON body went wrong: the field a problem's {@code errors} entry names. */
public final class JsonFields {

    /** A longer member name is no field of the API; the problem then names the body. */
    private static final int FIELD_NAME_LENGTH_MAX = 64;

    private JsonFields() {
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
