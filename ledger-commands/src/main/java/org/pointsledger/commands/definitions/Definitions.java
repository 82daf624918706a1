package org.pointsledger.commands.definitions;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.pointsledger.projections.SqlTimes;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The point definitions. They are configuration set by an administrator, not ledger history,
 * so they live in a plain table rather than in the event store.
 */
@Repository
public class Definitions {

    /** No installation needs more kinds of points than this. */
    public static final int DEFINITIONS_MAX = 1000;

    private final JdbcTemplate jdbc;

    Definitions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<Definition> all() {
        return jdbc.query("select id, name, description, allow_negative_balance,"
                + " default_validity_months from point_definition order by id limit ?",
                Definitions::toDefinition, DEFINITIONS_MAX);
    }

    public Optional<Definition> byId(int id) {
        return jdbc.query("select id, name, description, allow_negative_balance,"
                        + " default_validity_months from point_definition where id = ?",
                Definitions::toDefinition, id).stream().findFirst();
    }

    /**
     * Creates or replaces a definition; answers true when it was created. Two concurrent puts
     * of a new id both succeed: one creates, the other updates.
     */
    public boolean put(Definition definition, Instant now) {
        int created = jdbc.update("insert into point_definition (id, name, description,"
                        + " allow_negative_balance, default_validity_months, created_on,"
                        + " modified_on) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing",
                definition.id(), definition.name(), definition.description(),
                definition.allowNegativeBalance(), definition.defaultValidityMonths(),
                SqlTimes.toSql(now), SqlTimes.toSql(now));
        if (created == 1) {
            return true;
        }
        jdbc.update("update point_definition set name = ?, description = ?,"
                        + " allow_negative_balance = ?, default_validity_months = ?,"
                        + " modified_on = ? where id = ?",
                definition.name(), definition.description(), definition.allowNegativeBalance(),
                definition.defaultValidityMonths(), SqlTimes.toSql(now), definition.id());
        return false;
    }

    public int count() {
        Integer count = jdbc.queryForObject("select count(*) from point_definition",
                Integer.class);
        return count == null ? 0 : count;
    }

    private static Definition toDefinition(ResultSet row, int index) throws SQLException {
        int months = row.getInt("default_validity_months");
        Integer validityMonths = row.wasNull() ? null : months;
        return new Definition(row.getInt("id"), row.getString("name"),
                row.getString("description"), row.getBoolean("allow_negative_balance"),
                validityMonths);
    }
}
