package org.pointsledger.api.transactions;

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
    record Stored(String requestFingerprint, String itemIdSeed, String responseBody,
                  Instant createdOn) {
    }

    private final JdbcTemplate jdbc;

    BulkRequests(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Stored> find(String idempotencyKey) {
        return jdbc.query("select request_fingerprint, item_id_seed, response_body, created_on"
                        + " from bulk_request where idempotency_key = ?",
                (row, index) -> new Stored(row.getString(1), row.getString(2), row.getString(3),
                        SqlTimes.instant(row, "created_on")),
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

    int forgetOlderThan(Instant cutoff) {
        return jdbc.update("delete from bulk_request where created_on < ?", SqlTimes.toSql(cutoff));
    }
}
