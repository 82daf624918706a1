package org.pointsledger.api.deadletters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pointsledger.api.support.Problems.assertProblem;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Accounts;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.Await;
import org.pointsledger.api.support.Days;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.pointsledger.projections.ProcessingGroups;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Proves the daily totals never skip an event: a handler that keeps failing is retried with
 * back-off, then parked with the rest of its sequence, visible in health, metrics and the admin
 * endpoint, while the write itself succeeds; after the cause is fixed a retry makes them exact.
 */
class DailyTotalsDeadLetterTest extends LedgerIntegrationTest {

    private static final String GROUP = ProcessingGroups.DAILY_TOTALS;
    private static final Duration WAIT_MAX = Duration.ofSeconds(60);

    @Autowired
    private JdbcTemplate jdbc;

    private final ListAppender<ILoggingEvent> retryLog = new ListAppender<>();
    private String brokenConstraint;

    @BeforeEach
    void listenToRetries() {
        retryLog.start();
        retryLogger().addAppender(retryLog);
    }

    @AfterEach
    void repair() {
        retryLogger().detachAppender(retryLog);
        if (brokenConstraint != null) {
            jdbc.execute("alter table points_daily drop constraint " + brokenConstraint);
        }
    }

    @Test
    void failingEvents_areRetriedParkedAndShown_thenCountedExactlyOnce_whenRetriedAfterAFix() {
        LocalDate healthyDay = Days.unused(2);
        LocalDate brokenDay = healthyDay.plusDays(1);
        long parkedBefore = parked();
        String accountId = Accounts.open(api(), uniqueContactId("dlq"));
        assertThat(add(accountId, "10.5", healthyDay).status()).isEqualTo(201);
        Await.until("the healthy day is counted", WAIT_MAX, () -> totals(healthyDay) != null);
        assertThat(totals(healthyDay)).containsEntry("added", new BigDecimal("10.5"));

        // A constraint that refuses exactly the broken day's row: only this test's events fail.
        brokenConstraint = "points_daily_refuses_" + brokenDay.toString().replace('-', '_');
        jdbc.execute("alter table points_daily add constraint " + brokenConstraint
                + " check (utc_day <> date '" + brokenDay + "')");
        Api.Response refused = add(accountId, "7.25", brokenDay);
        assertThat(refused.status()).as("the ledger is not blocked by analytics").isEqualTo(201);
        Await.until("the failing event is parked", WAIT_MAX,
                () -> parked() == parkedBefore + 1);
        assertThat(retryLog.list).as("retried with back-off before parking")
                .filteredOn(line -> line.getFormattedMessage().contains("retry 3 of 3"))
                .isNotEmpty();

        Api.Response later = add(accountId, "2", healthyDay);
        assertThat(later.status()).isEqualTo(201);
        Await.until("the later event of the same account is parked behind it", WAIT_MAX,
                () -> parked() == parkedBefore + 2);
        assertThat(totals(brokenDay)).isNull();
        assertThat(totals(healthyDay)).containsEntry("added", new BigDecimal("10.5"));
        assertVisible(parkedBefore + 2);

        jdbc.execute("alter table points_daily drop constraint " + brokenConstraint);
        brokenConstraint = null;
        Api.Response retried = api().post("/api/v3/admin/dead-letters/" + GROUP + "/retry", "");
        assertThat(retried.status()).as(retried.text()).isEqualTo(200);
        assertThat(retried.json().path("deadLettersLeft").asLong()).isEqualTo(parkedBefore);

        assertThat(totals(brokenDay)).containsEntry("added", new BigDecimal("7.25"))
                .containsEntry("net", new BigDecimal("7.25")).containsEntry("transactions", 1L);
        assertThat(totals(healthyDay)).containsEntry("added", new BigDecimal("12.5"))
                .containsEntry("transactions", 2L);
        assertVisible(parkedBefore);
    }

    @Test
    void retry_answers404_forAProcessingGroupWithoutDeadLetterQueue() {
        Api.Response response = api().post("/api/v3/admin/dead-letters/no-such-group/retry", "");
        assertProblem(response, 404, "not-found");
    }

    /** Health, the metric and the admin endpoint all show {@code count} parked events. */
    private void assertVisible(long count) {
        JsonNode health = api().get("/actuator/health").json();
        JsonNode processors = health.path("components").path("eventProcessors");
        assertThat(processors.path("status").asText()).isEqualTo(count > 0 ? "DEGRADED" : "UP");
        assertThat(processors.path("details").path("deadLetters").path(GROUP).asLong())
                .isEqualTo(count);
        JsonNode metric = api().get("/actuator/metrics/ledger.deadletters?tag=processingGroup:"
                + GROUP).json();
        assertThat(metric.path("measurements").get(0).path("value").asDouble())
                .isEqualTo((double) count);
        assertThat(parked()).isEqualTo(count);
    }

    private long parked() {
        for (JsonNode group : api().get("/api/v3/admin/dead-letters").json()
                .path("processingGroups")) {
            if (group.path("processingGroup").asText().equals(GROUP)) {
                return group.path("deadLetters").asLong();
            }
        }
        throw new AssertionError("no dead-letter queue listed for " + GROUP);
    }

    private Api.Response add(String accountId, String amount, LocalDate day) {
        return api().post("/api/v3/point-transactions", """
                {"accountId": "%s", "transactionId": "%s", "transactionType": "Addition",
                 "amount": %s, "description": "daily totals", "source": "Test",
                 "transactionDate": "%sT12:00:00Z"}
                """.formatted(accountId, UUID.randomUUID(), amount, day));
    }

    private Map<String, Object> totals(LocalDate day) {
        List<Map<String, Object>> rows = jdbc.queryForList("select added, deducted, expired,"
                + " net, transactions from points_daily where utc_day = ? and definition_id = 1",
                Date.valueOf(day));
        if (rows.isEmpty()) {
            return null;
        }
        Map<String, Object> row = new java.util.HashMap<>(rows.get(0));
        row.replaceAll((column, value) -> value instanceof BigDecimal decimal
                ? decimal.stripTrailingZeros() : ((Number) value).longValue());
        return row;
    }

    private static Logger retryLogger() {
        return (Logger) LoggerFactory.getLogger("org.pointsledger.projections.dailytotals.BackOff");
    }
}
