package org.pointsledger.commands.transactions;

import java.time.Instant;
import java.util.Optional;
import org.pointsledger.projections.SqlTimes;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Bulk requests sent with an Idempotency-Key, kept for a day: recorded before they are
 * applied, with the seed of their items' ids, and completed with their first answer.
 */
@Repository
class BulkRequests {

    /** A key's request; {@code responseBody} is null while it is not answered yet. */
    record Stored(String requestFingerprint, String itemIdSeed, String responseBody) {
    }

    private final JdbcTemplate jdbc;

    BulkRequests(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Stored> find(String idempotencyKey) {
        return jdbc.query("select request_fingerprint, item_id_seed, response_body"
                        + " from bulk_request where idempotency_key = ?",
                (row, index) -> new Stored(row.getString(1), row.getString(2), row.getString(3)),
                idempotencyKey).stream().findFirst();
    }

    /** Records the first use of a key; false when another request recorded it first. */
    boolean begin(String idempotencyKey, String fingerprint, String itemIdSeed, Instant now) {
        return jdbc.update("insert into bulk_request (idempotency_key, request_fingerprint,"
                        + " item_id_seed, created_on) values (?, ?, ?, ?) on conflict do nothing",
                idempotencyKey, fingerprint, itemIdSeed, SqlTimes.toSql(now)) == 1;
    }

    /** Keeps the first answer under a key; a later one is not kept. */
    void answer(String idempotencyKey, String responseBody) {
        jdbc.update("update bulk_request set response_body = ? where idempotency_key = ?"
                + " and response_body is null", responseBody, idempotencyKey);
    }

    /** Forgets one key's request when it is older than the cutoff: the key is free again. */
    void forgetIfOlderThan(String idempotencyKey, Instant cutoff) {
        jdbc.update("delete from bulk_request where idempotency_key = ? and created_on < ?",
                idempotencyKey, SqlTimes.toSql(cutoff));
    }

    /** Forgets every request older than the cutoff, so the table stays a day's worth. */
    int forgetOlderThan(Instant cutoff) {
        return jdbc.update("delete from bulk_request where created_on < ?", SqlTimes.toSql(cutoff));
    }
}
