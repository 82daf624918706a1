package org.pointsledger.eventstore;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.pointsledger.domain.account.PointAccountEvent;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The one reader of the event table outside Axon's own engine: an account's events straight
 * from the store, in sequence order, as they are stored, for audit, rebuild and the tests.
 * Snapshots live in another table and are not events, so they never appear here.
 */
public class EventStoreReader {

    /** Events read per query while walking a whole history, so memory stays flat. */
    static final int READ_BATCH_EVENTS = 1000;
    /** Accounts one look-up of many asks for at most: a batch of commands' worth, or less. */
    static final int ACCOUNTS_PER_QUERY_MAX = 500;

    private static final String COLUMNS = "select sequence_number, global_index,"
            + " event_identifier, time_stamp, payload_type, payload_revision, payload, meta_data"
            + " from domain_event_entry where aggregate_identifier = ?";

    private final JdbcTemplate jdbc;
    private final Serializer serializer;

    EventStoreReader(JdbcTemplate jdbc, Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /** How many events the account has. */
    public long count(String accountId) {
        Long count = jdbc.queryForObject(
                "select count(*) from domain_event_entry where aggregate_identifier = ?",
                Long.class, accountId);
        return count == null ? 0 : count;
    }

    /** The account's events from the {@code offset}-th on, at most {@code count} of them. */
    public List<RecordedEvent> page(String accountId, int offset, int count) {
        return jdbc.query(COLUMNS + " order by sequence_number limit ? offset ?",
                EventStoreReader::toEvent, accountId, count, offset);
    }

    /**
     * Hands every event of the account to {@code next}, oldest first, in batches, until it
     * answers false; answers how many it handed over.
     */
    public long forEach(String accountId, Predicate<RecordedEvent> next) {
        long handed = 0;
        long fromSequence = Long.MIN_VALUE;
        while (true) {
            List<RecordedEvent> batch = jdbc.query(COLUMNS + " and sequence_number >= ?"
                            + " order by sequence_number limit ?",
                    EventStoreReader::toEvent, accountId, fromSequence, READ_BATCH_EVENTS);
            for (RecordedEvent event : batch) {
                handed++;
                if (!next.test(event)) {
                    return handed;
                }
            }
            if (batch.size() < READ_BATCH_EVENTS) {
                return handed;
            }
            fromSequence = batch.get(batch.size() - 1).sequenceNumber() + 1;
        }
    }

    /** The event a row holds, read by the serializer that wrote it. */
    public PointAccountEvent event(RecordedEvent event) {
        return (PointAccountEvent) serializer.deserialize(new SimpleSerializedObject<>(
                event.payload(), byte[].class, event.type(), event.revision()));
    }

    /** How many events the whole store holds, of every account. */
    public long countAll() {
        Long count = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
        return count == null ? 0 : count;
    }

    /**
     * Holds every node's appends off until the current transaction ends. On PostgreSQL this is
     * LOCK TABLE ... IN EXCLUSIVE MODE, which first waits for the appends in flight to commit,
     * so the store then holds no gap that can still fill; reads go on. An embedded H2 serves
     * one node only, whose writers the caller holds off itself, so it takes no lock there.
     * Must run inside a transaction.
     */
    public void lockAgainstAppends() {
        if (isPostgres()) {
            jdbc.execute("lock table domain_event_entry in exclusive mode");
        }
    }

    /**
     * The last sequence number of each of the accounts that has events, in one query per
     * {@value #ACCOUNTS_PER_QUERY_MAX} accounts; an account without events is left out.
     */
    Map<String, Long> lastSequenceNumbers(Collection<String> accountIds) {
        Map<String, Long> last = new HashMap<>();
        forEachSlice(new ArrayList<>(accountIds), slice -> jdbc.query(
                "select aggregate_identifier, max(sequence_number) from domain_event_entry"
                        + " where aggregate_identifier in (" + placeholders(slice.size(), "?")
                        + ") group by aggregate_identifier",
                (ResultSet row) -> {
                    last.put(row.getString(1), row.getLong(2));
                }, slice.toArray()));
        return last;
    }

    /**
     * The stored metadata of one event of each account, by account, in one query per
     * {@value #ACCOUNTS_PER_QUERY_MAX} accounts; an account without that event is left out.
     */
    Map<String, byte[]> metadata(Map<String, Long> sequenceNumberByAccount) {
        Map<String, byte[]> metadata = new HashMap<>();
        forEachSlice(new ArrayList<>(sequenceNumberByAccount.keySet()), slice -> {
            List<Object> arguments = new ArrayList<>();
            slice.forEach(accountId -> {
                arguments.add(accountId);
                arguments.add(sequenceNumberByAccount.get(accountId));
            });
            jdbc.query("select aggregate_identifier, meta_data from domain_event_entry"
                            + " where (aggregate_identifier, sequence_number) in ("
                            + placeholders(slice.size(), "(?, ?)") + ")",
                    (ResultSet row) -> {
                        metadata.put(row.getString(1), row.getBytes(2));
                    }, arguments.toArray());
        });
        return metadata;
    }

    private static void forEachSlice(List<String> accountIds, Consumer<List<String>> query) {
        for (int from = 0; from < accountIds.size(); from += ACCOUNTS_PER_QUERY_MAX) {
            query.accept(accountIds.subList(from,
                    Math.min(accountIds.size(), from + ACCOUNTS_PER_QUERY_MAX)));
        }
    }

    private static String placeholders(int count, String placeholder) {
        return String.join(", ", Collections.nCopies(count, placeholder));
    }

    private boolean isPostgres() {
        String product = jdbc.execute((java.sql.Connection connection) ->
                connection.getMetaData().getDatabaseProductName());
        return "PostgreSQL".equalsIgnoreCase(product);
    }

    private static RecordedEvent toEvent(ResultSet row, int index) throws SQLException {
        return new RecordedEvent(row.getLong("sequence_number"), row.getLong("global_index"),
                row.getString("event_identifier"), row.getString("time_stamp"),
                row.getString("payload_type"), row.getString("payload_revision"),
                row.getBytes("payload"), row.getBytes("meta_data"));
    }
}
