package org.pointsledger.projections.balances;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pointsledger.projections.Page;
import org.pointsledger.projections.SqlTimes;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reads accounts with their balance as of a given instant. Balance, pending points and
 * balanceExpires come from the lots at read time, so a lot that became active or expired a
 * second ago already counts right, before any expiry transaction is written.
 */
@Repository
public class AccountQueries {

    /**
     * The accounts that {@code %s} selects from {@code point_account a}, with their balance
     * as of the read. Each aggregate looks up the account's open lots by the account index
     * alone, with the time of the read in FILTER clauses rather than in WHERE: with the times
     * in WHERE, PostgreSQL could pick the lots' valid_to index as well and read every
     * open-ended lot of the ledger for one account (15 ms instead of 0.9 ms over 60,000 lots,
     * seen in the benchmark). The earliest expiry's sub-microsecond part is then read by
     * equality on that expiry.
     */
    private static final String ACCOUNT_WITH_BALANCE = """
            select a.*,
              (select max(l.valid_to_nanos_before) from point_lot l
                where l.account_id = a.id and l.points_remaining > 0
                  and l.valid_from <= ? and l.valid_to = a.balance_expires)
                as balance_expires_nanos_before
            from (select a.id, a.contact_id, a.definition_id,
              coalesce((select sum(l.points_remaining) filter (where l.valid_from <= ?
                          and (l.valid_to is null or l.valid_to > ?))
                        from point_lot l where l.account_id = a.id and l.points_remaining > 0), 0)
                - a.overdraft as balance,
              coalesce((select sum(l.points_remaining) filter (where l.valid_from > ?)
                        from point_lot l where l.account_id = a.id and l.points_remaining > 0), 0)
                as pending_points,
              (select min(l.valid_to) filter (where l.valid_from <= ? and l.valid_to > ?)
                        from point_lot l where l.account_id = a.id and l.points_remaining > 0)
                as balance_expires
              from point_account a %s) a
            """;
    /** How many times the instant of the read appears in ACCOUNT_WITH_BALANCE. */
    private static final int TIME_PARAMETERS = 6;

    private final JdbcTemplate jdbc;

    AccountQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<AccountView> byId(String accountId, Instant now) {
        List<AccountView> found = jdbc.query(ACCOUNT_WITH_BALANCE.formatted("where a.id = ?"),
                AccountQueries::toView, times(now, accountId));
        return found.stream().findFirst();
    }

    /** The definition of an account, without computing its balance. */
    public Optional<Integer> definitionIdOf(String accountId) {
        return jdbc.queryForList("select definition_id from point_account where id = ?",
                Integer.class, accountId).stream().findFirst();
    }

    /** The definitions of several accounts in one look-up; an unknown account is left out. */
    public Map<String, Integer> definitionIdsOf(Collection<String> accountIds) {
        Map<String, Integer> definitionIds = new HashMap<>();
        if (accountIds.isEmpty()) {
            return definitionIds;
        }
        new NamedParameterJdbcTemplate(jdbc).query(
                "select id, definition_id from point_account where id in (:ids)",
                new MapSqlParameterSource("ids", accountIds),
                (ResultSet row) -> {
                    definitionIds.put(row.getString("id"), row.getInt("definition_id"));
                });
        return definitionIds;
    }

    public boolean exists(String accountId) {
        Integer count = jdbc.queryForObject("select count(*) from point_account where id = ?",
                Integer.class, accountId);
        return count != null && count > 0;
    }

    public Page<AccountView> byContact(String contactId, int offset, int count, Instant now) {
        List<AccountView> items = jdbc.query(ACCOUNT_WITH_BALANCE.formatted(
                        "where a.contact_id = ? order by a.definition_id limit ? offset ?")
                        + " order by a.definition_id",
                AccountQueries::toView, times(now, contactId, count, offset));
        Long total = jdbc.queryForObject(
                "select count(*) from point_account where contact_id = ?", Long.class, contactId);
        return new Page<>(items, total == null ? 0 : total, offset);
    }

    /** The overdraft the account row holds, for an audit against a replay of its events. */
    public Optional<BigDecimal> overdraftOf(String accountId) {
        return jdbc.queryForList("select overdraft from point_account where id = ?",
                BigDecimal.class, accountId).stream().findFirst();
    }

    /** Every lot row of the account, used up and expired ones included, by lot id. */
    public Map<String, LotView> lotsOf(String accountId) {
        Map<String, LotView> lots = new LinkedHashMap<>();
        jdbc.query("select lot_id, points_remaining, valid_to, valid_to_nanos_before"
                        + " from point_lot where account_id = ? order by lot_id",
                (ResultSet row) -> {
                    lots.put(row.getString("lot_id"), new LotView(row.getString("lot_id"),
                            row.getBigDecimal("points_remaining"),
                            SqlTimes.exactInstant(row, "valid_to")));
                }, accountId);
        return lots;
    }

    /**
     * Claims the next lot whose expiry transaction is due, oldest first, skipping the first
     * {@code skipped} (lots this sweep could not expire). The row stays locked until the
     * caller's transaction ends, and lots other nodes hold are passed over (SKIP LOCKED,
     * which PostgreSQL and H2 both support), so several nodes share the sweep.
     */
    public Optional<DueLot> claimDueLot(Instant now, int skipped) {
        return jdbc.query("select account_id, lot_id, valid_to, valid_to_nanos_before"
                        + " from point_lot"
                        + " where points_remaining > 0 and valid_to <= ?"
                        + " order by valid_to, lot_id limit 1 offset ?"
                        + " for update skip locked",
                (row, index) -> new DueLot(row.getString("account_id"), row.getString("lot_id"),
                        SqlTimes.exactInstant(row, "valid_to")),
                SqlTimes.toSql(now), skipped).stream().findFirst();
    }

    private static Object[] times(Instant now, Object... rest) {
        Object at = SqlTimes.toSql(now);
        Object[] arguments = new Object[TIME_PARAMETERS + rest.length];
        for (int i = 0; i < TIME_PARAMETERS; i++) {
            arguments[i] = at;
        }
        System.arraycopy(rest, 0, arguments, TIME_PARAMETERS, rest.length);
        return arguments;
    }

    private static AccountView toView(ResultSet row, int index) throws SQLException {
        BigDecimal balance = row.getBigDecimal("balance");
        return new AccountView(row.getString("id"), row.getString("contact_id"),
                row.getInt("definition_id"), balance, row.getBigDecimal("pending_points"),
                SqlTimes.exactInstant(row, "balance_expires"));
    }
}
