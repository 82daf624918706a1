package org.pointsledger.api.support;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pointsledger.domain.account.AccountId;
import org.pointsledger.domain.account.AccountState;

/**
 * Reads an account straight from the tables and judges it twice: its read models against its
 * events folded by {@link AccountState} (projection drift), and its events, balance and read
 * models against the independent {@link LedgerJudge}, which takes only the facts of each
 * recorded command and decides again (wrong decisions). Events are read through the service's
 * own reader and serializer ({@link StoredEvents}).
 */
public final class EventStoreReplay {

    /** The read models of one account: lot id to points left, transaction id to amount. */
    public record ReadModels(BigDecimal overdraft, Map<String, BigDecimal> lotsRemaining,
                             Map<String, BigDecimal> transactionAmounts) {
    }

    private EventStoreReplay() {
    }

    /** The account folded from every event the store holds for it, in sequence order. */
    public static AccountState replay(Connection connection, String accountId) {
        return AccountState.of(AccountId.parse(accountId),
                StoredEvents.of(connection, accountId));
    }

    public static ReadModels readModels(Connection connection, String accountId)
            throws SQLException {
        BigDecimal overdraft = null;
        try (PreparedStatement select = connection.prepareStatement(
                "select overdraft from point_account where id = ?")) {
            select.setString(1, accountId);
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    overdraft = rows.getBigDecimal(1);
                }
            }
        }
        return new ReadModels(overdraft,
                amounts(connection, "select lot_id, points_remaining from point_lot"
                        + " where account_id = ?", accountId),
                amounts(connection, "select id, amount from point_transaction"
                        + " where account_id = ? order by entry_number", accountId));
    }

    private static Map<String, BigDecimal> amounts(Connection connection, String sql,
                                                   String accountId) throws SQLException {
        Map<String, BigDecimal> amounts = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, accountId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    if (amounts.put(rows.getString(1), rows.getBigDecimal(2)) != null) {
                        throw new IllegalStateException("two rows for " + rows.getString(1));
                    }
                }
            }
        }
        return amounts;
    }

    /** {@link #differences(Connection, String, Instant, BigDecimal, boolean)} where the
     * account's definition forbids a negative balance, as definition 1 does. */
    public static List<String> differences(Connection connection, String accountId,
                                           Instant now, BigDecimal answeredBalance)
            throws SQLException {
        return differences(connection, accountId, now, answeredBalance, false);
    }

    /**
     * Where the read models of an account, and the balance the API answered for it, differ from
     * a replay of its events, and where its events, balance and read models differ from what
     * the independent model decides from the recorded commands' facts; empty when all agree to
     * the last decimal.
     */
    public static List<String> differences(Connection connection, String accountId,
                                           Instant now, BigDecimal answeredBalance,
                                           boolean negativeBalanceAllowed)
            throws SQLException {
        AccountState replay = replay(connection, accountId);
        ReadModels readModels = readModels(connection, accountId);
        Map<String, BigDecimal> replayedLots = new LinkedHashMap<>();
        replay.lots().forEach((lotId, lot) -> replayedLots.put(lotId, lot.points()));
        List<String> differences = new ArrayList<>();
        if (replay.balanceAt(now).compareTo(answeredBalance) != 0) {
            differences.add(accountId + ": balance answered " + answeredBalance + ", replayed "
                    + replay.balanceAt(now));
        }
        if (readModels.overdraft() == null
                || readModels.overdraft().compareTo(replay.overdraft()) != 0) {
            differences.add(accountId + ": overdraft stored " + readModels.overdraft()
                    + ", replayed " + replay.overdraft());
        }
        if (!sameAmounts(readModels.lotsRemaining(), replayedLots)) {
            differences.add(accountId + ": lots stored " + readModels.lotsRemaining()
                    + ", replayed " + replayedLots);
        }
        if (!sameAmounts(readModels.transactionAmounts(), replay.transactions())) {
            differences.add(accountId + ": transactions stored "
                    + readModels.transactionAmounts() + ", replayed " + replay.transactions());
        }
        differences.addAll(LedgerJudge.differences(accountId,
                StoredEvents.of(connection, accountId), negativeBalanceAllowed, now,
                answeredBalance, readModels));
        return differences;
    }

    /** Whether two maps of amounts hold the same keys with numerically equal amounts. */
    public static boolean sameAmounts(Map<String, BigDecimal> left,
                                      Map<String, BigDecimal> right) {
        return left.size() == right.size() && left.entrySet().stream().allMatch(entry ->
                right.containsKey(entry.getKey())
                        && right.get(entry.getKey()).compareTo(entry.getValue()) == 0);
    }
}
