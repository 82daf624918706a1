package org.pointsledger.projections.dailytotals;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.pointsledger.domain.account.AccountId;
import org.pointsledger.domain.account.AccountOpened;
import org.pointsledger.domain.account.PointsAdded;
import org.pointsledger.domain.account.PointsAdjusted;
import org.pointsledger.domain.account.PointsDeducted;
import org.pointsledger.domain.account.PointsExpired;
import org.pointsledger.domain.account.TransactionDetails;
import org.pointsledger.projections.ProcessingGroups;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps {@code points_daily}: per UTC day of the transaction date and per point definition, the
 * points added, deducted and expired, their net and the number of transactions.
 *
 * <p>It runs on a streaming processor, behind the writes: a failure here never refuses a
 * write. Two rules keep it exact. Each event is applied at most once: its identifier goes into
 * {@code points_daily_applied_event} in the same database transaction as its totals, so an event
 * delivered again (after a crash, or a dead letter retried) changes nothing. And each event is
 * applied in a savepoint of the processor's transaction: a failing event is rolled back on its
 * own, leaving the transaction usable (PostgreSQL refuses every statement after a failed one
 * otherwise) for the retries (see BackOff), the dead-letter queue and the token.
 */
@Component
@ProcessingGroup(ProcessingGroups.DAILY_TOTALS)
class DailyTotalsProjection {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate savepoint;
    private final BackOff backOff;

    /**
     * {@code ledger.projections.retries-max} retries after a failure, waiting
     * {@code ledger.projections.retry-delay-first}, doubled each time up to
     * {@code ledger.projections.retry-delay-max}; then the event is parked.
     */
    DailyTotalsProjection(JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
            @Value("${ledger.projections.retries-max:3}") int retriesMax,
            @Value("${ledger.projections.retry-delay-first:200ms}") Duration firstDelay,
            @Value("${ledger.projections.retry-delay-max:2s}") Duration delayMax) {
        this.jdbc = jdbc;
        this.backOff = new BackOff(retriesMax, firstDelay, delayMax);
        this.savepoint = new TransactionTemplate(transactionManager);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /**
     * The definition of each account: the later events name only the account. An account is
     * opened once, but a copy of its event under another id (a repair, a test) must not park.
     */
    @EventHandler
    void on(AccountOpened event, @MessageIdentifier String eventId) {
        applyOnce(eventId, () -> {
            Integer known = jdbc.queryForObject("select count(*) from points_daily_account"
                    + " where account_id = ?", Integer.class, event.accountId().toString());
            if (known != null && known == 0) {
                jdbc.update("insert into points_daily_account (account_id, definition_id)"
                        + " values (?, ?)", event.accountId().toString(), event.definitionId());
            }
        });
    }

    @EventHandler
    void on(PointsAdded event, @MessageIdentifier String eventId) {
        applyOnce(eventId, () -> addTransaction(event.accountId(), event.transaction()));
    }

    @EventHandler
    void on(PointsDeducted event, @MessageIdentifier String eventId) {
        applyOnce(eventId, () -> addTransaction(event.accountId(), event.transaction()));
    }

    @EventHandler
    void on(PointsAdjusted event, @MessageIdentifier String eventId) {
        applyOnce(eventId, () -> addTransaction(event.accountId(), event.transaction()));
    }

    /** An expiry that only settled overdraft removed no points and has no transaction. */
    @EventHandler
    void on(PointsExpired event, @MessageIdentifier String eventId) {
        applyOnce(eventId, () -> event.transaction().ifPresent(expiry ->
                add(event.accountId(), expiry.transactionDate(), BigDecimal.ZERO,
                        BigDecimal.ZERO, expiry.amount().negate())));
    }

    private void applyOnce(String eventId, Runnable apply) {
        backOff.run("Daily totals of event " + eventId, () -> applyInSavepoint(eventId, apply));
    }

    private void applyInSavepoint(String eventId, Runnable apply) {
        savepoint.executeWithoutResult(status -> {
            Integer applied = jdbc.queryForObject("select count(*) from"
                    + " points_daily_applied_event where event_identifier = ?", Integer.class,
                    eventId);
            if (applied != null && applied == 0) {
                jdbc.update("insert into points_daily_applied_event (event_identifier)"
                        + " values (?)", eventId);
                apply.run();
            }
        });
    }

    /** Adjustments count by their sign: up with the additions, down with the deductions. */
    private void addTransaction(AccountId accountId, TransactionDetails transaction) {
        BigDecimal amount = transaction.amount();
        BigDecimal added = amount.signum() > 0 ? amount : BigDecimal.ZERO;
        BigDecimal deducted = amount.signum() < 0 ? amount.negate() : BigDecimal.ZERO;
        add(accountId, transaction.transactionDate(), added, deducted, BigDecimal.ZERO);
    }

    private void add(AccountId accountId, Instant date, BigDecimal added, BigDecimal deducted,
                     BigDecimal expired) {
        Integer definitionId = jdbc.queryForObject("select definition_id from"
                + " points_daily_account where account_id = ?", Integer.class,
                accountId.toString());
        Date day = Date.valueOf(LocalDate.ofInstant(date, ZoneOffset.UTC));
        BigDecimal net = added.subtract(deducted).subtract(expired);
        int updated = jdbc.update("update points_daily set added = added + ?,"
                        + " deducted = deducted + ?, expired = expired + ?, net = net + ?,"
                        + " transactions = transactions + 1 where utc_day = ? and definition_id = ?",
                added, deducted, expired, net, day, definitionId);
        // Two segments may open the same day at once: the loser's insert fails on the key, its
        // savepoint rolls back, and the retry finds the row.
        if (updated == 0) {
            jdbc.update("insert into points_daily (utc_day, definition_id, added, deducted,"
                    + " expired, net, transactions) values (?, ?, ?, ?, ?, ?, 1)",
                    day, definitionId, added, deducted, expired, net);
        }
    }
}
