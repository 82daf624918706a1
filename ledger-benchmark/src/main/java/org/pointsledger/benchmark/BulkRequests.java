package org.pointsledger.benchmark;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The bulk requests of a run, as a nightly import would send them, each with the answer it
 * must get. Every item carries its own {@code transactionId}; about one in ten is pending
 * (valid from 2090) and one in five has a {@code validTo}; amounts have up to 4 decimals.
 *
 * <p>A measured request goes to as many contacts as it has items, half of them accounts of the
 * pool (made by the seed requests before) and half new ones. One item in 200 of each kind
 * checks the per-item answers: an exact repeat of a seed item (accepted, applied once), a
 * seed item's {@code transactionId} with another amount (refused), and an item sent twice in
 * the same request (its later copy refused). Repeats and reuses name seed items only, which
 * were answered before any measured request was sent, so concurrent requests never race for
 * an answer the benchmark must predict.
 */
final class BulkRequests {

    static final String PENDING_FROM = "2090-01-01T00:00:00Z";
    static final List<String> VALID_TO = List.of("2095-06-01T00:00:00Z",
            "2096-06-01T00:00:00Z", "2097-06-01T00:00:00Z");
    static final String TIME_STAMP = "2026-01-15T10:00:00Z";
    static final double PENDING_SHARE = 0.1;
    static final double VALID_TO_SHARE = 0.2;
    /** Amounts from 0.0001 to 999.9999. */
    private static final int AMOUNT_UNITS_MAX = 9_999_999;
    private static final int AMOUNT_SCALE = 4;

    /** One item as sent, and what it adds to its account when it is applied. */
    record Item(ObjectNode json, String contact, BigDecimal amount, boolean pending,
                Instant validTo) {
    }

    /**
     * One request: its items (in order), the indexes the answer must refuse, and the items
     * whose points it must add.
     */
    record Request(String idempotencyKey, List<ObjectNode> items, Set<Integer> refused,
                   List<Item> applied) {

        int expectedAccepted() {
            return items.size() - refused.size();
        }

        String body() {
            ArrayNode array = LedgerClient.JSON.createArrayNode();
            items.forEach(array::add);
            return array.toString();
        }
    }

    private final Size size;
    private final String tag;
    private final Random random;
    private final List<Item> seedItems = new ArrayList<>();

    BulkRequests(Size size, String tag, Random random) {
        this.size = size;
        this.tag = tag;
        this.random = random;
    }

    List<String> poolContacts() {
        List<String> contacts = new ArrayList<>();
        for (int index = 0; index < size.poolAccounts(); index++) {
            contacts.add(poolContact(index));
        }
        return contacts;
    }

    /** The requests that open the pool accounts, one addition each; all accepted. */
    List<Request> seed() {
        List<Request> requests = new ArrayList<>();
        for (int first = 0; first < size.poolAccounts(); first += Size.BULK_ITEMS_MAX) {
            List<Item> items = new ArrayList<>();
            int end = Math.min(size.poolAccounts(), first + Size.BULK_ITEMS_MAX);
            for (int index = first; index < end; index++) {
                items.add(item(poolContact(index), "s-" + tag + "-" + index));
            }
            seedItems.addAll(items);
            requests.add(plain("seed-" + tag + "-" + first, items));
        }
        return requests;
    }

    /** The measured request number {@code number} (from 0); {@link #seed()} came first. */
    Request measured(int number) {
        int items = size.bulkItemsPerRequest();
        int special = size.specialItemsPerRequest();
        int existing = items / 2;
        int firstPool = number * existing;
        List<Item> ordinary = new ArrayList<>();
        for (int index = 0; index < items - existing; index++) {
            ordinary.add(item("n-" + tag + "-" + number + "-" + index,
                    "b-" + tag + "-" + number + "-" + index));
        }
        for (int index = 0; index < existing - 3 * special; index++) {
            ordinary.add(item(poolContact(firstPool + index),
                    "b-" + tag + "-" + number + "-p" + index));
        }
        List<ObjectNode> repeats = new ArrayList<>();
        List<ObjectNode> reuses = new ArrayList<>();
        List<ObjectNode> duplicates = new ArrayList<>();
        for (int index = 0; index < special; index++) {
            repeats.add(seedItem(firstPool + existing + index).json().deepCopy());
            ObjectNode reuse = seedItem(firstPool + existing + special + index).json()
                    .deepCopy();
            reuses.add(reuse.put("amount", reuse.get("amount").decimalValue().add(
                    BigDecimal.ONE)));
            duplicates.add(ordinary.get(index).json().deepCopy());
        }
        return shuffled("bulk-" + tag + "-" + number, ordinary, repeats, reuses, duplicates);
    }

    /** Requests that give one account {@code events} additions. */
    List<Request> hotAccount(String contact, int events) {
        List<Request> requests = new ArrayList<>();
        for (int first = 0; first < events; first += Size.BULK_ITEMS_MAX) {
            List<Item> items = new ArrayList<>();
            for (int index = first; index < Math.min(events, first + Size.BULK_ITEMS_MAX);
                 index++) {
                items.add(item(contact, "h-" + tag + "-" + index));
            }
            requests.add(plain("hot-" + tag + "-" + first, items));
        }
        return requests;
    }

    /**
     * The items in a random order; the answer must refuse the reuses and, of each duplicated
     * pair, the later copy.
     */
    private Request shuffled(String key, List<Item> ordinary, List<ObjectNode> repeats,
                             List<ObjectNode> reuses, List<ObjectNode> duplicates) {
        List<ObjectNode> items = new ArrayList<>();
        ordinary.forEach(item -> items.add(item.json()));
        items.addAll(repeats);
        items.addAll(reuses);
        items.addAll(duplicates);
        Collections.shuffle(items, random);
        Set<Integer> refused = new TreeSet<>();
        for (ObjectNode reuse : reuses) {
            refused.add(indexOf(items, reuse, 0));
        }
        for (ObjectNode duplicate : duplicates) {
            String id = duplicate.get("transactionId").asText();
            int first = indexOfId(items, id, 0);
            refused.add(indexOfId(items, id, first + 1));
        }
        return new Request(key, List.copyOf(items), refused, List.copyOf(ordinary));
    }

    private static int indexOf(List<ObjectNode> items, ObjectNode item, int from) {
        for (int index = from; index < items.size(); index++) {
            if (items.get(index) == item) {
                return index;
            }
        }
        throw new IllegalStateException("item not in request");
    }

    private static int indexOfId(List<ObjectNode> items, String id, int from) {
        for (int index = from; index < items.size(); index++) {
            if (items.get(index).get("transactionId").asText().equals(id)) {
                return index;
            }
        }
        throw new IllegalStateException("transactionId " + id + " not in request");
    }

    private static Request plain(String key, List<Item> items) {
        return new Request(key, items.stream().map(Item::json).toList(), Set.of(),
                List.copyOf(items));
    }

    private Item seedItem(int poolIndex) {
        return seedItems.get(Math.floorMod(poolIndex, size.poolAccounts()));
    }

    private String poolContact(int index) {
        return "p-" + tag + "-" + Math.floorMod(index, size.poolAccounts());
    }

    private Item item(String contact, String transactionId) {
        BigDecimal amount = BigDecimal.valueOf(1 + random.nextInt(AMOUNT_UNITS_MAX),
                AMOUNT_SCALE);
        boolean pending = random.nextDouble() < PENDING_SHARE;
        String validTo = random.nextDouble() < VALID_TO_SHARE
                ? VALID_TO.get(random.nextInt(VALID_TO.size())) : null;
        ObjectNode json = LedgerClient.JSON.createObjectNode()
                .put("contactId", contact)
                .put("definitionId", ExpectedLedger.DEFINITION_ID)
                .put("amount", amount)
                .put("timeStamp", TIME_STAMP)
                .put("source", "Purchase")
                .put("description", "benchmark import")
                .put("transactionId", transactionId);
        if (pending) {
            json.put("validFrom", PENDING_FROM);
        }
        if (validTo != null) {
            json.put("validTo", validTo);
        }
        return new Item(json, contact, amount, pending,
                validTo == null ? null : Instant.parse(validTo));
    }
}
