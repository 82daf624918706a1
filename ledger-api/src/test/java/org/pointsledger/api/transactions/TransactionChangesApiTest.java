package org.pointsledger.api.transactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Accounts;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.Await;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.pointsledger.api.support.OtherNode;
import org.pointsledger.api.support.TestDatabase;
import org.pointsledger.eventstore.EventTable;
import org.pointsledger.projections.ProcessingGroups;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Proves the change feed gives every transaction exactly once, in commit order, resumably. A
 * bad cursor or count is TransactionChangesSliceTest's.
 */
class TransactionChangesApiTest extends LedgerIntegrationTest {

    private static final String CHANGES = "/api/v3/point-transactions/changes";
    private static final String TRANSACTIONS = "/api/v3/point-transactions";
    private static final String BULK = "/api/v3/point-accounts/transactions";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WRITERS = 4;
    private static final int WRITES_PER_WRITER = 15;
    private static final int BULK_ITEMS = 12;
    private static final int ACCOUNTS = 3;
    /** How long the feed may take to show a committed transaction before the test fails. */
    private static final Duration FEED_LAG_MAX = Duration.ofSeconds(30);
    /** The follower "restarts" (keeps only its saved cursor) after this many pages. */
    private static final int PAGES_PER_FOLLOWER_LIFE = 3;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private EventProcessingConfiguration eventProcessing;

    /** What a following client keeps across its restarts: the cursor, and what it got. */
    private static final class Follower {
        String cursor;
        final List<JsonNode> received = new ArrayList<>();
        /** When (System.nanoTime) the follower first got each transaction. */
        final Map<String, Long> receivedAt = new HashMap<>();
    }

    /** When (System.nanoTime) each single write was answered: to measure the feed's lag. */
    private final Map<String, Long> answeredAt = new ConcurrentHashMap<>();

    @Test
    void changes_giveEveryTransactionOnceInCommitOrder_whileThreadsWriteAndTheFollowerRestarts()
            throws Exception {
        List<String> contacts = new ArrayList<>();
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            contacts.add(uniqueContactId("feed-" + i));
            accounts.add(Accounts.open(api(), contacts.get(i)));
        }
        Follower follower = new Follower();
        follower.cursor = headCursor();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> writing = new ArrayList<>();
            for (int writer = 0; writer < WRITERS; writer++) {
                int seed = writer;
                writing.add(writers.submit(() -> write(seed, contacts, accounts)));
            }
            // Follow while the writes happen, restarting the client now and then.
            while (writing.stream().anyMatch(future -> !future.isDone())) {
                followSomePages(follower);
            }
            for (Future<?> future : writing) {
                future.get(2, TimeUnit.MINUTES);
            }
        } finally {
            writers.shutdownNow();
        }
        Map<String, Long> expected = entryNumbers(accounts);
        Await.until("the feed", FEED_LAG_MAX, () -> {
            followSomePages(follower);
            return receivedIds(follower).containsAll(expected.keySet());
        });

        List<String> ours = receivedIds(follower).stream().filter(expected::containsKey)
                .toList();
        assertThat(ours).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(
                expected.keySet());
        assertThat(receivedIds(follower)).doesNotHaveDuplicates();
        assertThat(follower.received).hasSizeGreaterThanOrEqualTo(expected.size());
        assertPositionsGrow(follower.received);
        for (String account : accounts) {
            List<String> inFeed = follower.received.stream()
                    .filter(item -> item.path("accountId").asText().equals(account))
                    .map(item -> item.path("id").asText()).toList();
            List<String> committed = expected.entrySet().stream()
                    .filter(entry -> accountOf(entry.getKey()).equals(account))
                    .sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList();
            assertThat(inFeed).as("account %s in commit order", account)
                    .containsExactlyElementsOf(committed);
        }
        reportLag(follower);
        JsonNode last = follower.received.get(follower.received.size() - 1);
        assertThat(api().get(CHANGES + "?after=" + last.path("cursor").asText())
                .json().path("items")).isEmpty();
    }

    @Test
    void changes_takeATransaction_whoseLowerGlobalIndexCommitsAfterAHigherOneWasRead()
            throws Exception {
        assumeTrue(TestDatabase.isPostgres(),
                "PostgreSQL only: holds another node's write open in a JDBC transaction");
        String first = Accounts.open(api(), uniqueContactId("feed-late"));
        String second = Accounts.open(api(), uniqueContactId("feed-early"));
        String original = "original-" + UUID.randomUUID();
        assertThat(api().post(TRANSACTIONS, transaction(first, original, "Addition", "5"))
                .status()).isEqualTo(201);
        String late = "late-" + UUID.randomUUID();
        String early = "early-" + UUID.randomUUID();
        String cursor = headCursor();
        try (Connection otherNode = DriverManager.getConnection(TestDatabase.url(),
                TestDatabase.user(), TestDatabase.password())) {
            otherNode.setAutoCommit(false);
            // Another node's write: its event takes the next global index (and its row the
            // next entry number) and stays uncommitted while this node writes and commits.
            OtherNode.add(otherNode, first, late, "5", clock.instant());
            assertThat(api().post(TRANSACTIONS, transaction(second, early, "Addition", "7"))
                    .status()).isEqualTo(201);
            Await.until("the feed", FEED_LAG_MAX, () -> idsAfter(cursor).contains(early));
            assertThat(idsAfter(cursor)).doesNotContain(late);
            otherNode.commit();
        }
        // A client that has read up to the early transaction goes on from its cursor.
        String afterEarly = cursorAfter(cursor, early);
        assertThat(lastGlobalIndex(first)).isLessThan(lastGlobalIndex(second));
        assertThat(entryNumbers(List.of(first)).get(late))
                .isLessThan(entryNumbers(List.of(second)).get(early));

        Await.until("the feed", FEED_LAG_MAX, () -> idsAfter(afterEarly).contains(late));
        List<String> feed = idsAfter(cursor);
        assertThat(feed).containsSubsequence(early, late);
        assertThat(feed.stream().filter(late::equals)).hasSize(1);
    }

    @Test
    void changes_catchUpWithoutRepeats_afterTheirProcessorStopsAndIsReplayedFromTheStart()
            throws Exception {
        String account = Accounts.open(api(), uniqueContactId("feed-restart"));
        String cursor = headCursor();
        TrackingEventProcessor processor = eventProcessing.eventProcessor(
                ProcessingGroups.TRANSACTION_FEED, TrackingEventProcessor.class).orElseThrow();
        processor.shutDown();
        List<String> written = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                written.add("restart-" + UUID.randomUUID());
                assertThat(api().post(TRANSACTIONS, transaction(account, written.get(i),
                        "Addition", "3")).status()).isEqualTo(201);
            }
            assertThat(idsAfter(cursor)).doesNotContainAnyElementsOf(written);
        } finally {
            processor.start();
        }
        Await.until("the feed", FEED_LAG_MAX, () -> idsAfter(cursor).containsAll(written));
        List<JsonNode> before = itemsAfter(FeedCursor.of(0));

        // A replay from the start (a reset token) delivers every event again.
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        String marker = "after-replay-" + UUID.randomUUID();
        assertThat(api().post(TRANSACTIONS, transaction(account, marker, "Addition", "1"))
                .status()).isEqualTo(201);
        Await.until("the feed", FEED_LAG_MAX, () -> idsAfter(cursor).contains(marker));

        List<JsonNode> after = itemsAfter(FeedCursor.of(0));
        assertThat(after.subList(0, before.size())).extracting(item -> item.path("id")
                .asText() + "@" + item.path("feedPosition").asLong())
                .containsExactlyElementsOf(before.stream().map(item -> item.path("id")
                        .asText() + "@" + item.path("feedPosition").asLong()).toList());
        assertThat(after).extracting(item -> item.path("id").asText())
                .doesNotHaveDuplicates().contains(marker);
    }

    @Test
    void changes_answerNothingNewWithTheSameCursor_andTakeTheirCount() {
        String far = FeedCursor.of(Long.MAX_VALUE / 10);
        JsonNode nothing = api().get(CHANGES + "?after=" + far + "&count=5").json();
        assertThat(nothing.path("items")).isEmpty();
        assertThat(nothing.path("next").asText()).isEqualTo(far);
        String account = Accounts.open(api(), uniqueContactId("feed-count"));
        String written = "count-" + UUID.randomUUID();
        String head = headCursor();
        assertThat(api().post(TRANSACTIONS, transaction(account, written, "Addition", "2"))
                .status()).isEqualTo(201);
        Await.until("the feed", FEED_LAG_MAX,
                () -> idsAfter(head).contains(written));
        JsonNode start = api().get(CHANGES + "?count=1").json();
        assertThat(start.path("count").asInt()).as(start.toString()).isEqualTo(1);
        assertThat(start.path("items")).hasSize(1);
        JsonNode two = api().get(CHANGES + "?count=2").json();
        assertThat(two.path("items").get(0)).isEqualTo(start.path("items").get(0));
    }

    private void write(int seed, List<String> contacts, List<String> accounts) {
        for (int i = 0; i < WRITES_PER_WRITER; i++) {
            int account = (seed + i) % accounts.size();
            if (i % 5 == 4) {
                ArrayNode bulk = JSON.createArrayNode();
                for (int item = 0; item < BULK_ITEMS; item++) {
                    bulk.addObject().put("contactId", contacts.get((account + item) % ACCOUNTS))
                            .put("definitionId", 1).put("amount", 2 + item)
                            .put("source", "Purchase").put("description", "feed bulk")
                            .put("timeStamp", clock.instant().toString());
                }
                Api.Response response = api().post(BULK, bulk.toString());
                assertThat(response.status()).as(response.text()).isEqualTo(202);
            } else {
                boolean deduct = i % 3 == 2;
                String id = "feed-" + UUID.randomUUID();
                Api.Response response = api().post(TRANSACTIONS, transaction(
                        accounts.get(account), id, deduct ? "Deduction" : "Addition",
                        deduct ? "1" : "10"));
                answeredAt.put(id, System.nanoTime());
                assertThat(response.status()).as(response.text()).isIn(201, 409);
            }
        }
    }

    /** Prints how long after its answer a write was in the feed (the README quotes it). */
    private void reportLag(Follower follower) {
        List<Long> lags = answeredAt.entrySet().stream()
                .filter(entry -> follower.receivedAt.containsKey(entry.getKey()))
                .map(entry -> Math.max(0, follower.receivedAt.get(entry.getKey())
                        - entry.getValue()) / 1_000_000).sorted().toList();
        if (!lags.isEmpty()) {
            System.out.printf("feed lag after the write's answer over %d writes: median %d ms,"
                    + " 95th percentile %d ms, max %d ms%n", lags.size(),
                    lags.get(lags.size() / 2), lags.get(lags.size() * 95 / 100),
                    lags.get(lags.size() - 1));
        }
    }

    private void followSomePages(Follower follower) {
        // A new client each life: all it keeps is the cursor and what it received.
        Api client = new Api("http://localhost:" + port);
        for (int page = 0; page < PAGES_PER_FOLLOWER_LIFE; page++) {
            String path = CHANGES + "?count=50&after=" + follower.cursor;
            Api.Response response = client.get(path);
            assertThat(response.status()).as(response.text()).isEqualTo(200);
            JsonNode body = response.json();
            long now = System.nanoTime();
            for (JsonNode item : body.path("items")) {
                follower.received.add(item);
                follower.receivedAt.putIfAbsent(item.path("id").asText(), now);
            }
            follower.cursor = body.path("next").asText();
            if (body.path("items").isEmpty()) {
                return;
            }
        }
    }

    /** The cursor after everything the feed has now (other tests share the database). */
    private String headCursor() {
        String cursor = FeedCursor.of(0);
        while (true) {
            JsonNode page = api().get(CHANGES + "?count=1000&after=" + cursor).json();
            cursor = page.path("next").asText();
            if (page.path("items").isEmpty()) {
                return cursor;
            }
        }
    }

    private List<JsonNode> itemsAfter(String cursor) {
        List<JsonNode> items = new ArrayList<>();
        String next = cursor;
        while (true) {
            JsonNode page = api().get(CHANGES + "?count=1000&after=" + next).json();
            page.path("items").forEach(items::add);
            next = page.path("next").asText();
            if (page.path("items").isEmpty()) {
                return items;
            }
        }
    }

    private List<String> idsAfter(String cursor) {
        List<String> ids = new ArrayList<>();
        String next = cursor;
        while (true) {
            JsonNode page = api().get(CHANGES + "?count=1000&after=" + next).json();
            page.path("items").forEach(item -> ids.add(item.path("id").asText()));
            next = page.path("next").asText();
            if (page.path("items").isEmpty()) {
                return ids;
            }
        }
    }

    /** The cursor of the feed's entry of this transaction, read from the given cursor on. */
    private String cursorAfter(String cursor, String transactionId) {
        String next = cursor;
        while (true) {
            JsonNode page = api().get(CHANGES + "?count=1000&after=" + next).json();
            for (JsonNode item : page.path("items")) {
                if (item.path("id").asText().equals(transactionId)) {
                    return item.path("cursor").asText();
                }
            }
            assertThat(page.path("items")).as("%s in the feed", transactionId).isNotEmpty();
            next = page.path("next").asText();
        }
    }

    private static List<String> receivedIds(Follower follower) {
        return follower.received.stream().map(item -> item.path("id").asText()).toList();
    }

    private static void assertPositionsGrow(List<JsonNode> items) {
        for (int i = 1; i < items.size(); i++) {
            assertThat(items.get(i).path("feedPosition").asLong())
                    .isGreaterThan(items.get(i - 1).path("feedPosition").asLong());
        }
    }

    /**
     * The transactions of these accounts, with the order they committed in: an account's
     * writes are serialized by its event stream, so its later write inserts its row later.
     */
    private Map<String, Long> entryNumbers(List<String> accounts) {
        Map<String, Long> numbers = new HashMap<>();
        for (String account : accounts) {
            jdbc.query("select id, entry_number from point_transaction where account_id = ?",
                    row -> {
                        numbers.put(row.getString(1), row.getLong(2));
                    }, account);
        }
        return numbers;
    }

    private String accountOf(String transactionId) {
        return jdbc.queryForObject("select account_id from point_transaction where id = ?",
                String.class, transactionId);
    }

    private long lastGlobalIndex(String accountId) {
        return new EventTable(jdbc).maxGlobalIndex(accountId);
    }

    private String transaction(String accountId, String transactionId, String type,
                               String amount) {
        return Accounts.transaction(accountId, transactionId, type, amount,
                "feed " + type, clock.instant());
    }
}
