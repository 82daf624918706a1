package org.pointsledger.api.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.BulkItems;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.pointsledger.commands.transactions.IdempotencyKeys;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Proves an Idempotency-Key's first answer is kept for 24 hours (a repeat a second before
 * answers it again and applies nothing), and that the scheduled cleanup forgets only keys past
 * 24 hours.
 */
class IdempotencyKeyRetentionTest extends LedgerIntegrationTest {

    private static final String BULK = "/api/v3/point-accounts/transactions";
    /** README, Idempotency and Limits: an Idempotency-Key is kept 24 hours. */
    private static final Duration RETENTION = Duration.ofHours(24);
    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private IdempotencyKeys idempotencyKeys;

    @Test
    void repeat_answersTheFirstAnswerAndAppliesNothing_aSecondBefore24Hours() {
        String contactId = uniqueContactId("key-kept");
        String body = bulkOf(contactId, "10");
        Map<String, String> key = Map.of("Idempotency-Key", "kept-" + UUID.randomUUID());
        Api.Response first = api().post(BULK, body, key);
        assertThat(first.status()).as(first.text()).isEqualTo(202);
        assertThat(first.json().path("accepted").asInt()).as(first.text()).isEqualTo(1);

        clock.advance(RETENTION.minus(SECOND));
        Api.Response repeat = api().post(BULK, body, key);

        assertThat(repeat.status()).as(repeat.text()).isEqualTo(202);
        assertThat(repeat.json()).as("the first answer, again").isEqualTo(first.json());
        assertThat(balanceOf(contactId)).isEqualByComparingTo("10");
    }

    @Test
    void scheduledCleanup_forgetsKeysPast24Hours_andKeepsYoungerOnes() throws Exception {
        String older = "older-" + UUID.randomUUID();
        String younger = "younger-" + UUID.randomUUID();
        post(older, bulkOf(uniqueContactId("key-older"), "1"));
        clock.advance(SECOND.multipliedBy(2));
        post(younger, bulkOf(uniqueContactId("key-younger"), "1"));
        assertThat(stored(older)).isTrue();
        assertThat(stored(younger)).isTrue();

        // The older key is a second past 24 hours, the younger a second short of them.
        clock.advance(RETENTION.minus(SECOND));
        idempotencyKeys.forgetExpiredKeys();

        assertThat(stored(older)).as("a key a second past 24 hours").isFalse();
        assertThat(stored(younger)).as("a key a second short of 24 hours").isTrue();
        Method cleanup = IdempotencyKeys.class.getDeclaredMethod("forgetExpiredKeys");
        Scheduled schedule = cleanup.getAnnotation(Scheduled.class);
        assertThat(schedule).as("the cleanup runs on a schedule").isNotNull();
        assertThat(schedule.fixedDelayString()).isEqualTo("${ledger.idempotency"
                + ".cleanup-interval:1h}");
    }

    private void post(String idempotencyKey, String body) {
        Api.Response answer = api().post(BULK, body, Map.of("Idempotency-Key", idempotencyKey));
        assertThat(answer.status()).as(answer.text()).isEqualTo(202);
    }

    private boolean stored(String idempotencyKey) {
        return jdbc.queryForObject("select count(*) from bulk_request where idempotency_key = ?",
                Long.class, idempotencyKey) == 1;
    }

    private String bulkOf(String contactId, String amount) {
        ArrayNode items = JSON.createArrayNode();
        items.add(BulkItems.item(clock.instant(), contactId, amount, "Purchase", "kept a day"));
        return items.toString();
    }

    private BigDecimal balanceOf(String contactId) {
        Api.Response accounts = api().get("/api/v3/point-accounts?contactId=" + contactId);
        assertThat(accounts.status()).as(accounts.text()).isEqualTo(200);
        assertThat(accounts.json().path("items").size()).as(accounts.text()).isEqualTo(1);
        return accounts.json().path("items").path(0).path("balance").decimalValue();
    }
}
