package org.pointsledger.commands.transactionids;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.pointsledger.domain.account.AccountId;
import org.pointsledger.domain.account.PointsAdded;
import org.pointsledger.domain.account.PointsAdjusted;
import org.pointsledger.domain.account.PointsDeducted;
import org.pointsledger.domain.account.PointsExpired;
import org.pointsledger.domain.account.TransactionDetails;
import org.pointsledger.projections.ProcessingGroups;
import org.pointsledger.projections.ReadModelWrites;
import org.pointsledger.projections.SqlTimes;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The ledger-wide set of used transaction ids (set-based validation, the Axon way).
 *
 * <p>A claim is inserted in the same database transaction as the event that uses the id; its
 * primary key makes a second use fail and roll back the whole unit of work, on any node.
 * Writers look here first so they can tell "the same transaction again" (same fingerprint)
 * from "another transaction under a used id".
 */
@Component
@ProcessingGroup(ProcessingGroups.TRANSACTION_IDS)
public class TransactionIdClaims {

    /** The most ids one look-up asks for, the size of a bulk request. */
    public static final int LOOKUP_IDS_MAX = 1000;

    private final JdbcTemplate jdbc;
    private final ReadModelWrites writes;

    TransactionIdClaims(JdbcTemplate jdbc, ReadModelWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    /** Who used a transaction id, with the fingerprint of the request that did. */
    public record Claim(String transactionId, String accountId, String requestFingerprint) {
    }

    public Optional<Claim> find(String transactionId) {
        return jdbc.query("select transaction_id, account_id, request_fingerprint"
                        + " from transaction_claim where transaction_id = ?",
                (row, index) -> new Claim(row.getString(1), row.getString(2), row.getString(3)),
                transactionId).stream().findFirst();
    }

    public Map<String, Claim> findAll(Collection<String> transactionIds) {
        if (transactionIds.size() > LOOKUP_IDS_MAX) {
            throw new IllegalArgumentException("at most " + LOOKUP_IDS_MAX + " ids at once");
        }
        Map<String, Claim> claims = new HashMap<>();
        if (transactionIds.isEmpty()) {
            return claims;
        }
        new NamedParameterJdbcTemplate(jdbc).query("select transaction_id, account_id,"
                        + " request_fingerprint from transaction_claim"
                        + " where transaction_id in (:ids)",
                new MapSqlParameterSource("ids", transactionIds),
                row -> {
                    Claim claim = new Claim(row.getString(1), row.getString(2), row.getString(3));
                    claims.put(claim.transactionId(), claim);
                });
        return claims;
    }

    @EventHandler
    void on(PointsAdded event) {
        claim(event.accountId(), event.transaction(), event.recordedAt());
    }

    @EventHandler
    void on(PointsDeducted event) {
        claim(event.accountId(), event.transaction(), event.recordedAt());
    }

    @EventHandler
    void on(PointsAdjusted event) {
        claim(event.accountId(), event.transaction(), event.recordedAt());
    }

    @EventHandler
    void on(PointsExpired event) {
        insert(event.transactionId(), event.accountId(), null, event.recordedAt());
    }

    private void claim(AccountId accountId, TransactionDetails transaction, Instant at) {
        insert(transaction.transactionId(), accountId, transaction.requestFingerprint(), at);
    }

    private void insert(String transactionId, AccountId accountId, String fingerprint,
                        Instant at) {
        writes.write("transaction_claim", "insert into transaction_claim (transaction_id,"
                        + " account_id, request_fingerprint, claimed_on) values (?, ?, ?, ?)",
                transactionId, accountId.toString(), fingerprint, SqlTimes.toSql(at));
    }
}
