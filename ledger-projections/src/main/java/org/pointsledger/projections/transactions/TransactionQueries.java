package org.pointsledger.projections.transactions;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pointsledger.projections.Page;
import org.pointsledger.projections.SqlTimes;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads point transactions: one by id, or a filtered, sorted page of an account's. */
@Repository
public class TransactionQueries {

    private static final String COLUMNS = "id, account_id, amount, type, source, description,"
            + " transaction_date, transaction_date_nanos_before, created_on, modified_on,"
            + " valid_from, valid_from_nanos_before, valid_to, valid_to_nanos_before,"
            + " retail_transaction_line_item_id";

    private final JdbcTemplate jdbc;

    TransactionQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<TransactionView> byId(String transactionId) {
        return jdbc.query("select " + COLUMNS + " from point_transaction where id = ?",
                TransactionQueries::toView, transactionId).stream().findFirst();
    }

    /** Every transaction of the account with its signed amount, in the order written. */
    public Map<String, BigDecimal> amountsOf(String accountId) {
        Map<String, BigDecimal> amounts = new LinkedHashMap<>();
        jdbc.query("select id, amount from point_transaction where account_id = ?"
                        + " order by entry_number",
                (ResultSet row) -> {
                    amounts.put(row.getString("id"), row.getBigDecimal("amount"));
                }, accountId);
        return amounts;
    }

    /** The transactions of these ids that exist, by id; at most a page's worth of ids. */
    public Map<String, TransactionView> byIds(List<String> transactionIds) {
        if (transactionIds.isEmpty()) {
            return Map.of();
        }
        String marks = String.join(", ", Collections.nCopies(transactionIds.size(), "?"));
        Map<String, TransactionView> found = new HashMap<>();
        jdbc.query("select " + COLUMNS + " from point_transaction where id in (" + marks + ")",
                (row, index) -> toView(row, index), transactionIds.toArray())
                .forEach(view -> found.put(view.id(), view));
        return found;
    }

    public Page<TransactionView> page(TransactionQuery query, Instant now) {
        List<Object> arguments = new ArrayList<>();
        arguments.add(query.accountId());
        String where = " where account_id = ?" + filter(query.filter(), now, arguments);
        String direction = query.ascending() ? " asc" : " desc";
        // An instant lies the more nanoseconds before its rounded-up column, the earlier it is.
        String dateColumns = query.sortBy() == TransactionQuery.SortBy.CREATED_ON
                ? "created_on" + direction
                : "transaction_date" + direction + ", transaction_date_nanos_before"
                        + (query.ascending() ? " desc" : " asc");
        List<Object> pageArguments = new ArrayList<>(arguments);
        pageArguments.add(query.count());
        pageArguments.add(query.offset());
        List<TransactionView> items = jdbc.query("select " + COLUMNS + " from point_transaction"
                        + where + " order by " + dateColumns + ", entry_number"
                        + direction + " limit ? offset ?",
                TransactionQueries::toView, pageArguments.toArray());
        Long total = jdbc.queryForObject("select count(*) from point_transaction" + where,
                Long.class, arguments.toArray());
        return new Page<>(items, total == null ? 0 : total, query.offset());
    }

    private static String filter(TransactionQuery.Filter filter, Instant now,
                                 List<Object> arguments) {
        return switch (filter) {
            case ALL -> "";
            case ACTIVE -> {
                arguments.add(SqlTimes.toSql(now));
                yield " and valid_from <= ?";
            }
            case PENDING -> {
                arguments.add(SqlTimes.toSql(now));
                yield " and valid_from > ?";
            }
        };
    }

    private static TransactionView toView(ResultSet row, int index) throws SQLException {
        return new TransactionView(row.getString("id"), row.getString("account_id"),
                row.getBigDecimal("amount"), row.getString("type"), row.getString("source"),
                row.getString("description"), SqlTimes.exactInstant(row, "transaction_date"),
                SqlTimes.instant(row, "created_on"), SqlTimes.instant(row, "modified_on"),
                SqlTimes.exactInstant(row, "valid_from"), SqlTimes.exactInstant(row, "valid_to"),
                row.getString("retail_transaction_line_item_id"));
    }
}
