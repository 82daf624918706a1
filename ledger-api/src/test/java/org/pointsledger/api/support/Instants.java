package org.pointsledger.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Instants as the API writes them (ISO-8601 with an offset), read back from its answers. */
public final class Instants {

    private Instants() {
    }

    /** The instant in {@code node}'s {@code field}; null when the field is null or absent. */
    public static Instant instant(JsonNode node, String field) {
        return instant(node.path(field));
    }

    /** The instant {@code value} writes; null when it is null or absent. */
    public static Instant instant(JsonNode value) {
        return value.isNull() || value.isMissingNode() ? null
                : OffsetDateTime.parse(value.asText()).toInstant();
    }
}
