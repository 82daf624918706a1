package org.pointsledger.api.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pointsledger.api.audit.AccountEventsApiTest.transaction;
import static org.pointsledger.api.support.Problems.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Accounts;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.pointsledger.eventstore.EventTable;
import org.pointsledger.eventstore.HashChain;
import org.pointsledger.eventstore.RecordedEvent;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Proves /verify finds an edit of a stored event (at its sequence number) and an edit of a
 * read-model row (as a difference), and passes an untouched account, also one written
 * concurrently and one whose first events predate the chain.
 */
class TamperEvidenceTest extends LedgerIntegrationTest {

    private static final int CONCURRENT_WRITERS = 6;
    private static final int WRITES_PER_WRITER = 5;

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void verify_passes_whenNothingWasTouched() {
        String accountId = accountWithHistory("verify-clean");

        JsonNode verification = verify(accountId);

        assertThat(verification.path("verified").asBoolean()).as(verification.toString())
                .isTrue();
        assertThat(verification.path("events").asLong()).isEqualTo(4);
        assertThat(verification.path("chainedEvents").asLong()).isEqualTo(4);
        assertThat(verification.path("unchainedEvents").asLong()).isZero();
        assertThat(verification.path("firstBrokenLink").isNull()).isTrue();
        assertThat(verification.path("differences")).isEmpty();
        assertThat(verification.path("lastHash").asText()).isEqualTo(api().get(
                "/api/v3/point-accounts/" + accountId + "/events?offset=3").json()
                .path("items").get(0).path("metadata").path("hash").asText());
    }

    @Test
    void verify_reportsTheBrokenLink_whenAStoredEventsPayloadWasEdited() {
        String accountId = accountWithHistory("verify-payload");
        EventTable events = new EventTable(jdbc);
        String payload = events.payload(accountId, 2);
        String edited = payload
                .replace("\"description\":\"audit\"", "\"description\":\"edited\"");
        assertThat(edited).isNotEqualTo(payload);
        events.overwritePayload(accountId, 2, edited);

        JsonNode verification = verify(accountId);

        assertThat(verification.path("verified").asBoolean()).isFalse();
        JsonNode broken = verification.path("firstBrokenLink");
        assertThat(broken.path("sequenceNumber").asLong()).as(verification.toString())
                .isEqualTo(2);
        assertThat(broken.path("problem").asText()).contains("hash does not match");
        assertThat(broken.path("computedHash").asText())
                .isNotEqualTo(broken.path("storedHash").asText());
    }

    @Test
    void verify_reportsTheBrokenLink_whenWhoCausedAnEventWasEdited() {
        String accountId = accountWithHistory("verify-metadata");
        EventTable events = new EventTable(jdbc);
        String metadata = events.metadata(accountId, 1);
        String edited = metadata
                .replace("\"causedBy\":\"bootstrap\"", "\"causedBy\":\"someone-else\"");
        assertThat(edited).isNotEqualTo(metadata);
        events.overwriteMetadata(accountId, 1, edited);

        JsonNode broken = verify(accountId).path("firstBrokenLink");

        assertThat(broken.path("sequenceNumber").asLong()).isEqualTo(1);
    }

    @Test
    void verify_reportsTheGap_whenAStoredEventWasDeleted() {
        String accountId = accountWithHistory("verify-deleted");
        new EventTable(jdbc).delete(accountId, 2);

        JsonNode verification = verify(accountId);

        assertThat(verification.path("firstBrokenLink").path("sequenceNumber").asLong())
                .isEqualTo(3);
        assertThat(verification.path("firstBrokenLink").path("problem").asText())
                .contains("where 2 was expected");
        assertThat(verification.path("differences")).isNotEmpty();
    }

    @Test
    void verify_reportsTheDifference_whenALotsPointsLeftWereEdited() {
        String accountId = accountWithHistory("verify-lot");
        String lotId = jdbc.queryForObject("select lot_id from point_lot where account_id = ?"
                + " order by lot_id limit 1", String.class, accountId);
        jdbc.update("update point_lot set points_remaining = points_remaining + 5"
                + " where lot_id = ?", lotId);

        JsonNode verification = verify(accountId);

        assertThat(verification.path("verified").asBoolean()).isFalse();
        assertThat(verification.path("firstBrokenLink").isNull()).isTrue();
        assertThat(differences(verification)).as(verification.toString())
                .contains("lot " + lotId + " pointsLeft", "resource " + accountId + " balance");
    }

    @Test
    void verify_reportsTheDifference_whenATransactionsAmountWasEdited() {
        String accountId = accountWithHistory("verify-transaction");
        String transactionId = jdbc.queryForObject("select id from point_transaction"
                + " where account_id = ? and amount < 0", String.class, accountId);
        jdbc.update("update point_transaction set amount = -1 where id = ?", transactionId);

        JsonNode verification = verify(accountId);

        assertThat(verification.path("verified").asBoolean()).isFalse();
        assertThat(differences(verification)).as(verification.toString())
                .containsExactly("transaction " + transactionId + " amount");
        JsonNode difference = verification.path("differences").get(0);
        assertThat(difference.path("stored").asText()).isEqualTo("-1");
        assertThat(difference.path("replayed").asText()).isEqualTo("-30");
    }

    @Test
    void verify_startsTheChainAtTheFirstHashedEvent_whenEarlierEventsPredateIt() {
        String accountId = accountWithHistory("verify-legacy");
        EventTable events = new EventTable(jdbc);
        List<RecordedEvent> stored = events.events(accountId);
        assertThat(stored).hasSize(4);
        for (RecordedEvent event : stored) {
            String unhashed = new String(event.metadata(), StandardCharsets.UTF_8)
                    .replaceAll(",?\"(previousHash|hash)\":\"[0-9a-f]{64}\"", "")
                    .replace("{,", "{");
            events.overwriteMetadata(accountId, event.sequenceNumber(), unhashed);
        }
        assertThat(api().post("/api/v3/point-transactions",
                transaction(accountId, "Addition", "1")).status()).isEqualTo(201);

        JsonNode verification = verify(accountId);

        assertThat(verification.path("verified").asBoolean()).as(verification.toString())
                .isTrue();
        assertThat(verification.path("unchainedEvents").asLong()).isEqualTo(4);
        assertThat(verification.path("chainedEvents").asLong()).isEqualTo(1);
        JsonNode last = api().get("/api/v3/point-accounts/" + accountId + "/events?offset=4")
                .json().path("items").get(0);
        assertThat(last.path("metadata").path("previousHash").asText())
                .isEqualTo(HashChain.GENESIS_HASH);
    }

    @Test
    void verify_passes_afterConcurrentWritersRacedForTheSameAccount() throws Exception {
        String accountId = Accounts.open(api(), uniqueContactId("verify-race"));
        ExecutorService writers = Executors.newFixedThreadPool(CONCURRENT_WRITERS);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < CONCURRENT_WRITERS * WRITES_PER_WRITER; i++) {
            statuses.add(writers.submit(() -> api().post("/api/v3/point-transactions",
                    transaction(accountId, "Addition", "1")).status()));
        }
        writers.shutdown();
        assertThat(writers.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        int written = 0;
        assertThat(statuses).hasSize(CONCURRENT_WRITERS * WRITES_PER_WRITER);
        for (Future<Integer> status : statuses) {
            written += status.get() == 201 ? 1 : 0;
        }
        assertThat(written).as("writes answered 201: a lost append race is retried")
                .isEqualTo(CONCURRENT_WRITERS * WRITES_PER_WRITER);

        JsonNode verification = verify(accountId);

        assertThat(verification.path("verified").asBoolean()).as(verification.toString())
                .isTrue();
        assertThat(verification.path("chainedEvents").asLong()).isEqualTo(1 + written);
    }

    @Test
    void verify_answers404ForAnUnknownAccount() {
        assertProblem(api().get("/api/v3/point-accounts/" + UUID.randomUUID() + "/verify"), 404,
                "not-found");
    }

    /** Opened, two additions, a deduction of 30: four events. */
    private String accountWithHistory(String prefix) {
        String accountId = Accounts.open(api(), uniqueContactId(prefix));
        for (String body : List.of(transaction(accountId, "Addition", "100"),
                transaction(accountId, "Addition", "20.5"),
                transaction(accountId, "Deduction", "30"))) {
            Api.Response answer = api().post("/api/v3/point-transactions", body);
            assertThat(answer.status()).as(answer.text()).isEqualTo(201);
        }
        return accountId;
    }

    private JsonNode verify(String accountId) {
        Api.Response answer = api().get("/api/v3/point-accounts/" + accountId + "/verify");
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    private static List<String> differences(JsonNode verification) {
        List<String> differences = new ArrayList<>();
        verification.path("differences").forEach(difference -> differences.add(
                difference.path("subject").asText() + " " + difference.path("id").asText() + " "
                        + difference.path("field").asText()));
        return differences;
    }
}
