package org.pointsledger.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.pointsledger.eventstore.EventTable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * What another node's write leaves in the shared database, made in SQL: the one fake of a
 * second node for the tests that share this node's database.
 */
public final class OtherNode {

    private OtherNode() {
    }

    /**
     * Another node's append, the event alone: a copy of the account's last event under the
     * next sequence number, so that this node's cached account is one event behind.
     */
    public static void appendCopyOfLastEvent(JdbcTemplate jdbc, String accountId) {
        EventTable events = new EventTable(jdbc);
        long last = events.lastSequenceNumber(accountId);
        assertThat(events.appendCopyOfLast(accountId)).isEqualTo(last + 1);
    }

    /**
     * Another node's addition, written on {@code connection} and left to its caller to commit
     * (or, with auto-commit, committed at once): see {@link #add(JdbcTemplate, String, String,
     * String, Instant)}.
     */
    public static void add(Connection connection, String accountId, String transactionId,
                           String points, Instant now) {
        add(new JdbcTemplate(new SingleConnectionDataSource(connection, true)), accountId,
                transactionId, points, now);
    }

    /**
     * Another node's addition of {@code points}, valid from a day before {@code now}: the event
     * under the next sequence number, and the lot, transaction and claim rows of its read
     * models.
     */
    public static void add(JdbcTemplate jdbc, String accountId, String transactionId,
                           String points, Instant now) {
        Instant validFrom = now.minus(Duration.ofDays(1));
        String payload = "{\"accountId\":\"" + accountId + "\",\"transaction\":{"
                + "\"transactionId\":\"" + transactionId + "\",\"type\":\"Addition\","
                + "\"amount\":" + points + ",\"source\":\"Purchase\",\"description\":\"node b\","
                + "\"transactionDate\":\"" + validFrom + "\",\"validFrom\":\"" + validFrom + "\","
                + "\"validTo\":null,\"retailTransactionLineItemId\":null,"
                + "\"requestFingerprint\":\"other\"},\"lot\":{\"lotId\":\"" + transactionId
                + "\",\"points\":" + points + ",\"validFrom\":\"" + validFrom + "\","
                + "\"validTo\":null},\"overdraftRepaid\":0,\"recordedAt\":\"" + now + "\"}";
        EventTable events = new EventTable(jdbc);
        long last = events.lastSequenceNumber(accountId);
        assertThat(events.appendUnchained(accountId, "PointsAdded", "1", payload, "{}", now))
                .isEqualTo(last + 1);
        OffsetDateTime from = OffsetDateTime.ofInstant(validFrom, ZoneOffset.UTC);
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        assertThat(jdbc.update("insert into point_lot (lot_id, account_id, points_remaining,"
                + " valid_from) values (?, ?, ?, ?)", transactionId, accountId,
                new BigDecimal(points), from)).isEqualTo(1);
        assertThat(jdbc.update("insert into point_transaction (id, account_id, amount, type,"
                + " source, description, transaction_date, created_on, modified_on, valid_from)"
                + " values (?, ?, ?, 'Addition', 'Purchase', 'node b', ?, ?, ?, ?)",
                transactionId, accountId, new BigDecimal(points), from, at, at, from))
                .isEqualTo(1);
        assertThat(jdbc.update("insert into transaction_claim (transaction_id, account_id,"
                + " request_fingerprint, claimed_on) values (?, ?, 'other', ?)",
                transactionId, accountId, at)).isEqualTo(1);
    }
}
