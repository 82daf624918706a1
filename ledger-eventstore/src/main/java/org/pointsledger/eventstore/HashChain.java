package org.pointsledger.eventstore;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The hash chain over each account's events, defined so that an auditor can re-implement it
 * from the stored rows alone.
 *
 * <p>Every event's metadata carries {@code previousHash} (the {@code hash} of the account's
 * event before it; {@link #GENESIS_HASH}, 64 zeros, for the first) and {@code hash}, the
 * lower-case hex SHA-256 of the UTF-8 bytes of these six lines joined by a line feed (U+000A):
 * <ol>
 *   <li>{@code previousHash};</li>
 *   <li>the account id ({@code aggregate_identifier});</li>
 *   <li>the sequence number, in decimal;</li>
 *   <li>the event type ({@code payload_type}, the event's stored name);</li>
 *   <li>the canonical JSON of the payload ({@code payload});</li>
 *   <li>the canonical JSON of the metadata ({@code meta_data}) without the two hash fields,
 *       so that who caused the event ({@code causedBy}, {@code requestId}) is covered too.</li>
 * </ol>
 * Canonical JSON is the stored document re-written with no whitespace; object members sorted
 * by name (by UTF-16 code units, as Java's {@code String.compareTo}); arrays in order; numbers
 * as plain decimals without exponent or trailing fractional zeros ({@code 719.70} and
 * {@code 7.197E+2} are both {@code 719.7}, zero is {@code 0}); strings in double quotes with
 * {@code "} and {@code \} escaped by a backslash and other characters below U+0020 written as
 * {@code \}{@code u00XX} (lower-case hex), everything else as itself; and {@code true},
 * {@code false}, {@code null}. So the hash depends on what an event says, not on how a JSON
 * writer spaced or ordered it.
 *
 * <p>Events written before the chain existed carry no hash; they may only come before the
 * first hashed event of an account, whose {@code previousHash} is then the genesis value.
 */
public final class HashChain {

    public static final String PREVIOUS_HASH = "previousHash";
    public static final String HASH = "hash";
    /** The previousHash of an account's first chained event. */
    public static final String GENESIS_HASH = "0".repeat(64);

    private static final ObjectMapper JSON = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private HashChain() {
    }

    /** The hash of one event, from its stored columns; see the class comment. */
    public static String hash(String previousHash, String accountId, long sequenceNumber,
                              String eventType, byte[] payload, byte[] metadata) {
        String input = String.join("\n", previousHash, accountId, Long.toString(sequenceNumber),
                eventType, canonical(read(payload)), canonical(withoutHashes(read(metadata))));
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(input.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The value of a hash field of stored metadata, when it has one. */
    public static Optional<String> field(byte[] metadata, String name) {
        JsonNode value = read(metadata).get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    /** A stored JSON document as a tree, exact decimals kept; an absent document is {}. */
    public static JsonNode read(byte[] json) {
        if (json == null || json.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON document", e);
        }
    }

    private static JsonNode withoutHashes(JsonNode metadata) {
        if (!metadata.isObject()) {
            return metadata;
        }
        ObjectNode copy = ((ObjectNode) metadata).deepCopy();
        copy.remove(List.of(PREVIOUS_HASH, HASH));
        return copy;
    }

    /** The canonical JSON text of a tree; see the class comment. */
    static String canonical(JsonNode node) {
        StringBuilder text = new StringBuilder();
        write(node, text);
        return text.toString();
    }

    private static void write(JsonNode node, StringBuilder text) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(String::compareTo);
            text.append('{');
            for (int i = 0; i < names.size(); i++) {
                text.append(i == 0 ? "" : ",");
                string(names.get(i), text);
                text.append(':');
                write(node.get(names.get(i)), text);
            }
            text.append('}');
        } else if (node.isArray()) {
            text.append('[');
            Iterator<JsonNode> elements = node.elements();
            for (int i = 0; elements.hasNext(); i++) {
                text.append(i == 0 ? "" : ",");
                write(elements.next(), text);
            }
            text.append(']');
        } else if (node.isNumber()) {
            text.append(plain(node.decimalValue()));
        } else if (node.isTextual()) {
            string(node.textValue(), text);
        } else if (node.isBoolean()) {
            text.append(node.booleanValue());
        } else if (node.isNull()) {
            text.append("null");
        } else {
            throw new IllegalArgumentException("not JSON: " + node.getNodeType());
        }
    }

    private static String plain(BigDecimal number) {
        return number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString();
    }

    private static void string(String value, StringBuilder text) {
        text.append('"');
        for (int i = 0; i < value.length(); i++) {
            char character = value.charAt(i);
            if (character == '"' || character == '\\') {
                text.append('\\').append(character);
            } else if (character < 0x20) {
                text.append(String.format("\\u%04x", (int) character));
            } else {
                text.append(character);
            }
        }
        text.append('"');
    }
}
