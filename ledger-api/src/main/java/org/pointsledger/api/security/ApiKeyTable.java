package org.pointsledger.api.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The minted keys, in table {@code api_key}: hashes, names, scopes and limits, never keys. */
@Repository
class ApiKeyTable {

    /** A stored key as an admin sees it: everything but its hash. */
    record StoredKey(String id, String name, Set<Scope> scopes, Integer requestsPerSecond,
                     Integer burst, Instant createdOn, Instant revokedOn) {
    }

    /** A stored key as the authentication needs it: its hash too. */
    record ActiveKey(StoredKey key, String sha256Hex) {
    }

    private static final String COLUMNS = "id, name, scopes, requests_per_second, burst,"
            + " created_on, revoked_on";

    private final JdbcTemplate jdbc;

    ApiKeyTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<ActiveKey> active() {
        return jdbc.query("select " + COLUMNS + ", key_sha256 from api_key"
                        + " where revoked_on is null",
                (row, number) -> new ActiveKey(storedKey(row), row.getString("key_sha256")));
    }

    int activeCount() {
        return jdbc.queryForObject("select count(*) from api_key where revoked_on is null",
                Integer.class);
    }

    /** A page of the stored keys, newest first, revoked ones included. */
    List<StoredKey> page(int offset, int count) {
        return jdbc.query("select " + COLUMNS + " from api_key order by created_on desc, id"
                + " limit ? offset ?", (row, number) -> storedKey(row), count, offset);
    }

    long count() {
        return jdbc.queryForObject("select count(*) from api_key", Long.class);
    }

    /** Stores a new key; a name already used, even by a revoked key, fails on its unique key. */
    void insert(StoredKey key, String sha256Hex) {
        jdbc.update("insert into api_key (id, name, key_sha256, scopes, requests_per_second,"
                        + " burst, created_on) values (?, ?, ?, ?, ?, ?, ?)",
                key.id(), key.name(), sha256Hex, scopesText(key.scopes()),
                key.requestsPerSecond(), key.burst(), Timestamp.from(key.createdOn()));
    }

    /** Revokes the key (again is harmless); false when there is no such key. */
    boolean revoke(String id, Instant now) {
        return jdbc.update("update api_key set revoked_on = coalesce(revoked_on, ?)"
                + " where id = ?", Timestamp.from(now), id) == 1;
    }

    private static StoredKey storedKey(ResultSet row) throws SQLException {
        Timestamp revoked = row.getTimestamp("revoked_on");
        return new StoredKey(row.getString("id"), row.getString("name"),
                scopes(row.getString("scopes")), (Integer) row.getObject("requests_per_second"),
                (Integer) row.getObject("burst"), row.getTimestamp("created_on").toInstant(),
                revoked == null ? null : revoked.toInstant());
    }

    private static String scopesText(Set<Scope> scopes) {
        return scopes.stream().map(Scope::wireName).sorted().collect(Collectors.joining(" "));
    }

    private static Set<Scope> scopes(String text) {
        return Arrays.stream(text.split(" ")).map(Scope::fromWireName)
                .flatMap(java.util.Optional::stream)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
