package org.pointsledger.api.support;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pointsledger.domain.account.AccountId;
import org.pointsledger.domain.account.AccountState;
import org.pointsledger.domain.account.PointAccountEvent;
import org.pointsledger.domain.account.StoredEvent;

/**
 * Reads an account straight from the tables: its events from domain_event_entry, folded by
 * {@link AccountState}, and the rows of its read models, so that a test can compare the two.
 * Payloads are the JSON the service's LedgerSerializer writes, under their StoredEvent names.
 */
public final class EventStoreReplay {

    /** The read models of one account: lot id to points left, transaction id to amount. */
    public record ReadModels(BigDecimal overdraft, Map<String, BigDecimal> lotsRemaining,
                             Map<String, BigDecimal> transactionAmounts) {
    }

    /** Read like the service's storage mapper: fields, exact decimals, ISO instants. */
    private static final ObjectMapper STORAGE = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .visibility(PropertyAccessor.GETTER, JsonAutoDetect.Visibility.NONE)
            .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .build();
    private static final Map<String, Class<?>> EVENT_CLASSES = new HashMap<>();

    static {
        for (Class<?> type : PointAccountEvent.class.getPermittedSubclasses()) {
            EVENT_CLASSES.put(type.getAnnotation(StoredEvent.class).name(), type);
        }
    }

    private EventStoreReplay() {
    }

    /** The account folded from every event the store holds for it, in sequence order. */
    public static AccountState replay(Connection connection, String accountId)
            throws SQLException {
        List<PointAccountEvent> events = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("select sequence_number,"
                + " payload_type, payload from domain_event_entry where aggregate_identifier = ?"
                + " order by sequence_number")) {
            select.setString(1, accountId);
            try (ResultSet rows = select.executeQuery()) {
                long expectedSequence = 0;
                while (rows.next()) {
                    if (rows.getLong(1) != expectedSequence++) {
                        throw new IllegalStateException("a gap in the events of " + accountId);
                    }
                    events.add(event(rows.getString(2), rows.getBytes(3)));
                }
            }
        }
        return AccountState.of(AccountId.parse(accountId), events);
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

    private static PointAccountEvent event(String payloadType, byte[] payload) {
        Class<?> type = EVENT_CLASSES.get(payloadType);
        if (type == null) {
            throw new IllegalStateException("unknown stored event " + payloadType);
        }
        try {
            return (PointAccountEvent) STORAGE.readValue(payload, type);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable " + payloadType, e);
        }
    }

    /**
     * Where the read models of an account, and the balance the API answered for it, differ from
     * a replay of its events; empty when they agree to the last decimal.
     */
    public static List<String> differences(Connection connection, String accountId,
                                           Instant now, BigDecimal answeredBalance)
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
