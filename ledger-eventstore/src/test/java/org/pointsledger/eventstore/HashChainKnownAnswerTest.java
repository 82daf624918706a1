package org.pointsledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Proves the hash chain is the README's formula: fixed stored events give fixed, published
 * hashes, recomputed here by code that shares nothing with {@link HashChain}.
 */
class HashChainKnownAnswerTest {

    private static final String ACCOUNT_ID = "b85c9320-f84c-5c94-9bcf-06224fff9b95";
    private static final String GENESIS = "0".repeat(64);

    /** One stored event: its columns as the event table holds them (not canonical). */
    private record Vector(long sequenceNumber, String type, String payload, String metadata,
                          String expectedHash) {
    }

    /**
     * The README's vectors. The payloads are written as a JSON writer may store them: keys in
     * field order, {@code 719.70}, {@code 7.197E+2}, {@code 0.0000}, a quote, a tab and
     * non-ASCII letters in a string, so that each canonical rule is exercised.
     */
    private static final List<Vector> VECTORS = List.of(
            new Vector(0, "AccountOpened", """
                    {"accountId":"b85c9320-f84c-5c94-9bcf-06224fff9b95",\
                    "contactId":"efaaefb8-e07a-46d5-89fa-1423e87b0798123111",\
                    "definitionId":1,"recordedAt":"2024-11-13T08:16:27.949Z"}""", """
                    {"causedBy":"bootstrap","requestId":"known-answer-1"}""",
                    "83ced6c11048182639f96132c09a5e1c1920f3b8504ad39e3329352c170acd00"),
            new Vector(1, "PointsAdded", """
                    {"accountId":"b85c9320-f84c-5c94-9bcf-06224fff9b95",\
                    "transaction":{"transactionId":"be5abf92-98ac-4192-b0c3-af7da42fbb5a",\
                    "type":"Addition","amount":719.70,"source":"Purchase",\
                    "description":"@@(Bonus.Points) - Slim \\"Fit\\"\\tT-shirt, Größe M",\
                    "transactionDate":"2024-11-13T08:16:27.949Z",\
                    "validFrom":"2024-11-13T08:16:27.949Z","validTo":null,\
                    "retailTransactionLineItemId":null},\
                    "lot":{"lotId":"be5abf92-98ac-4192-b0c3-af7da42fbb5a","points":7.197E+2,\
                    "validFrom":"2024-11-13T08:16:27.949Z","validTo":null},\
                    "overdraftRepaid":0.0000,"recordedAt":"2024-11-13T08:16:28.000001Z"}""", """
                    {"requestId":"known-answer-2","causedBy":"shop-berlin",\
                    "correlationId":"c-2","traceId":"t-2"}""",
                    "c5c2d849d12e0814465a745ae1495afd35fd26299285bf65ff9e7bd7678f37d1"),
            new Vector(2, "PointsDeducted", """
                    {"accountId":"b85c9320-f84c-5c94-9bcf-06224fff9b95",\
                    "transaction":{"transactionId":"12548f57-fbdf-1234-8b14-de9e30ce5e3a",\
                    "type":"Deduction","amount":-150,"source":"RewardVoucher",\
                    "description":"@@(ConvertedToBonusCheck)",\
                    "transactionDate":"2024-11-13T09:00:00Z",\
                    "validFrom":"2024-11-13T09:00:00Z","validTo":null,\
                    "retailTransactionLineItemId":null},\
                    "draws":[{"lotId":"be5abf92-98ac-4192-b0c3-af7da42fbb5a","points":150.00}],\
                    "overdraftIncurred":0,"recordedAt":"2024-11-13T09:00:00.5Z"}""", """
                    {"causedBy":"shop-berlin","requestId":"known-answer-3"}""",
                    "8b57b32ed9714067914d6cbdb7d0b9492504fd47a28a0077ab12b367feb171b0"));

    /** Reads JSON only; the canonical text below is written by this test's own code. */
    private static final ObjectMapper PARSER = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    @Test
    void readmeFormula_givesThePublishedHashes_whenRecomputedIndependently() {
        assertThat(VECTORS).as("vectors").isNotEmpty();
        String previousHash = GENESIS;
        for (Vector vector : VECTORS) {
            String hash = readmeHash(previousHash, vector);
            assertThat(hash).as("hash of event %d", vector.sequenceNumber())
                    .isEqualTo(vector.expectedHash());
            previousHash = hash;
        }
    }

    @Test
    void hashChain_givesThePublishedHashes_whenTheStoredMetadataCarriesTheHashFields() {
        assertThat(VECTORS).as("vectors").isNotEmpty();
        String previousHash = GENESIS;
        for (Vector vector : VECTORS) {
            byte[] storedMetadata = withHashFields(vector.metadata(), previousHash,
                    vector.expectedHash());
            assertThat(HashChain.hash(previousHash, ACCOUNT_ID, vector.sequenceNumber(),
                    vector.type(), utf8(vector.payload()), storedMetadata))
                    .as("HashChain.hash of event %d", vector.sequenceNumber())
                    .isEqualTo(vector.expectedHash());
            previousHash = vector.expectedHash();
        }
    }

    @Test
    void readme_publishesEveryVectorAndItsHash() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(VECTORS).as("vectors").isNotEmpty();
        for (Vector vector : VECTORS) {
            assertThat(readme).as("README, event %d", vector.sequenceNumber())
                    .contains(vector.payload(), vector.metadata(), vector.expectedHash());
        }
    }

    /** The README's six lines, joined by line feeds, through SHA-256, in lower-case hex. */
    private static String readmeHash(String previousHash, Vector vector) {
        String input = previousHash + "\n" + ACCOUNT_ID + "\n" + vector.sequenceNumber() + "\n"
                + vector.type() + "\n" + canonical(parse(vector.payload())) + "\n"
                + canonical(parse(vector.metadata()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(utf8(input));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Canonical JSON as the README states it: no whitespace, keys sorted, plain decimals
     * without trailing zeros, strings escaping only the quote, the backslash and characters
     * below U+0020 (as backslash-u and four lower-case hex digits).
     */
    private static String canonical(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            node.fields().forEachRemaining(field -> sorted.put(field.getKey(),
                    field.getValue()));
            List<String> members = new ArrayList<>();
            sorted.forEach((name, value) -> members.add(quoted(name) + ":" + canonical(value)));
            return "{" + String.join(",", members) + "}";
        }
        if (node.isArray()) {
            List<String> elements = new ArrayList<>();
            for (Iterator<JsonNode> each = node.elements(); each.hasNext(); ) {
                elements.add(canonical(each.next()));
            }
            return "[" + String.join(",", elements) + "]";
        }
        if (node.isNumber()) {
            BigDecimal number = node.decimalValue();
            return number.compareTo(BigDecimal.ZERO) == 0 ? "0"
                    : number.stripTrailingZeros().toPlainString();
        }
        if (node.isTextual()) {
            return quoted(node.textValue());
        }
        return node.toString();
    }

    private static String quoted(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        text.chars().forEach(character -> {
            if (character == '"' || character == '\\') {
                quoted.append('\\').append((char) character);
            } else if (character < 0x20) {
                quoted.append("\\u00").append(HexFormat.of().toHexDigits((byte) character));
            } else {
                quoted.append((char) character);
            }
        });
        return quoted.append('"').toString();
    }

    private static byte[] withHashFields(String metadata, String previousHash, String hash) {
        ObjectNode stored = (ObjectNode) parse(metadata);
        stored.put("previousHash", previousHash);
        stored.put("hash", hash);
        return utf8(stored.toString());
    }

    private static JsonNode parse(String json) {
        try {
            return PARSER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
