package org.pointsledger.api.transactions;

import java.time.Instant;
import java.util.Optional;
import org.pointsledger.projections.SqlTimes;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The answers of bulk requests sent with an Idempotency-Key, kept for a day. */
@Repository
class BulkRequests {

    record Stored(String requestFingerprint, String responseBody, Instant createdOn) {
    }

    private final JdbcTemplate jdbc;

    BulkRequests(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Stored> find(String idempotencyKey) {
        return jdbc.query("select request_fingerprint, response_body, created_on"
                        + " from bulk_request where idempotency_key = ?",
                (row, index) -> new Stored(row.getString(1), row.getString(2),
                        SqlTimes.instant(row, "created_on")),
                idempotencyKey).stream().findFirst();
    }

    /** Keeps the first answer under a key; a concurrent second one is not stored. */
    void save(String idempotencyKey, String fingerprint, String responseBody, Instant now) {
        jdbc.update("insert into bulk_request (idempotency_key, request_fingerprint,"
                        + " response_body, created_on) values (?, ?, ?, ?) on conflict do nothing",
                idempotencyKey, fingerprint, responseBody, SqlTimes.toSql(now));
    }

    int forgetOlderThan(Instant cutoff) {
        return jdbc.update("delete from bulk_request where created_on < ?", SqlTimes.toSql(cutoff));
    }
}
