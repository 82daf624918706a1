package org.pointsledger.eventstore;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
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

    /** The stored metadata of one event of the account; empty when there is no such event. */
    Optional<byte[]> metadata(String accountId, long sequenceNumber) {
        List<byte[]> metadata = jdbc.query("select meta_data from domain_event_entry"
                        + " where aggregate_identifier = ? and sequence_number = ?",
                (row, index) -> row.getBytes(1), accountId, sequenceNumber);
        return metadata.stream().findFirst();
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
