package org.pointsledger.api.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Predicate;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.pointsledger.domain.account.PointAccountEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reads an account's events straight from the event store table, in sequence order, as they
 * are stored. Snapshots live in another table and are not events, so they never appear here.
 */
@Repository
class EventStoreReader {

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

    long count(String accountId) {
        Long count = jdbc.queryForObject(
                "select count(*) from domain_event_entry where aggregate_identifier = ?",
                Long.class, accountId);
        return count == null ? 0 : count;
    }

    List<RecordedEvent> page(String accountId, int offset, int count) {
        return jdbc.query(COLUMNS + " order by sequence_number limit ? offset ?",
                EventStoreReader::toEvent, accountId, count, offset);
    }

    /**
     * Hands every event of the account to {@code next}, oldest first, in batches, until it
     * answers false; answers how many it handed over.
     */
    long forEach(String accountId, Predicate<RecordedEvent> next) {
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
    PointAccountEvent event(RecordedEvent event) {
        return (PointAccountEvent) serializer.deserialize(new SimpleSerializedObject<>(
                event.payload(), byte[].class, event.type(), event.revision()));
    }

    private static RecordedEvent toEvent(ResultSet row, int index) throws SQLException {
        return new RecordedEvent(row.getLong("sequence_number"), row.getLong("global_index"),
                row.getString("event_identifier"), row.getString("time_stamp"),
                row.getString("payload_type"), row.getString("payload_revision"),
                row.getBytes("payload"), row.getBytes("meta_data"));
    }
}
