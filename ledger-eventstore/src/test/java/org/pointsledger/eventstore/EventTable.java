package org.pointsledger.eventstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.axonframework.common.DateTimeUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The event table as tests see and tamper with it: the one test fixture of the event store,
 * for every module's tests (published in this module's test-jar), so that no test outside
 * this module writes SQL against {@code domain_event_entry}.
 *
 * <p>Reads go through the main reader ({@link #reader()}); the writes are what a test needs
 * and the service never does: overwrite or delete a stored event (tamper evidence), and
 * append one as another node would, under the account's next sequence number, chained to the
 * account's last event ({@link #appendChained}) or deliberately not ({@link #appendUnchained},
 * {@link #appendCopyOfLast}). Every method runs in the caller's transaction when there is one.
 */
public final class EventTable {

    /** The aggregate type Axon stores with every event of a point account. */
    public static final String AGGREGATE_TYPE = "PointAccount";

    /** The event table's name, for a test that must name it, e.g. as a table it is refused. */
    public static final String TABLE = "domain_event_entry";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;

    public EventTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The table through one open connection, e.g. one holding an uncommitted transaction. */
    public static EventTable on(Connection connection) {
        return new EventTable(new JdbcTemplate(new SingleConnectionDataSource(connection, true)));
    }

    /** The service's own reader of the event table, with the service's serializer. */
    public EventStoreReader reader() {
        return new EventStoreReader(jdbc, LedgerSerializer.create());
    }

    /** How many events the account has. */
    public long count(String accountId) {
        return reader().count(accountId);
    }

    /** How many events the store holds, of every account. */
    public long countAll() {
        return reader().countAll();
    }

    /** The highest global index in the store; -1 when it is empty. */
    public long maxGlobalIndex() {
        Long index = jdbc.queryForObject("select max(global_index) from domain_event_entry",
                Long.class);
        return index == null ? -1 : index;
    }

    /** The highest global index of the account's events; -1 when it has none. */
    public long maxGlobalIndex(String accountId) {
        Long index = jdbc.queryForObject("select max(global_index) from domain_event_entry"
                + " where aggregate_identifier = ?", Long.class, accountId);
        return index == null ? -1 : index;
    }

    /** The account's last sequence number; -1 when it has no event. */
    public long lastSequenceNumber(String accountId) {
        Long sequence = jdbc.queryForObject("select max(sequence_number) from domain_event_entry"
                + " where aggregate_identifier = ?", Long.class, accountId);
        return sequence == null ? -1 : sequence;
    }

    /** Every event of the account as stored, oldest first. */
    public List<RecordedEvent> events(String accountId) {
        List<RecordedEvent> events = new ArrayList<>();
        reader().forEach(accountId, events::add);
        return events;
    }

    /** The stored payload of one event, as UTF-8 text. */
    public String payload(String accountId, long sequenceNumber) {
        return text(event(accountId, sequenceNumber).payload());
    }

    /** The stored metadata of one event, as UTF-8 text. */
    public String metadata(String accountId, long sequenceNumber) {
        return text(event(accountId, sequenceNumber).metadata());
    }

    /** Replaces one stored event's payload, as an attacker with database access could. */
    public void overwritePayload(String accountId, long sequenceNumber, String payload) {
        exactlyOne(jdbc.update("update domain_event_entry set payload = ?"
                + " where aggregate_identifier = ? and sequence_number = ?", bytes(payload),
                accountId, sequenceNumber), accountId, sequenceNumber);
    }

    /** Replaces one stored event's metadata, as an attacker with database access could. */
    public void overwriteMetadata(String accountId, long sequenceNumber, String metadata) {
        exactlyOne(jdbc.update("update domain_event_entry set meta_data = ?"
                + " where aggregate_identifier = ? and sequence_number = ?", bytes(metadata),
                accountId, sequenceNumber), accountId, sequenceNumber);
    }

    /** Deletes one stored event, leaving a gap in the account's sequence. */
    public void delete(String accountId, long sequenceNumber) {
        exactlyOne(jdbc.update("delete from domain_event_entry"
                + " where aggregate_identifier = ? and sequence_number = ?", accountId,
                sequenceNumber), accountId, sequenceNumber);
    }

    /**
     * Appends an event as another node's engine would: under the account's next sequence
     * number, its metadata linked into the account's hash chain. Answers its sequence number.
     */
    public long appendChained(String accountId, String payloadType, String revision,
                              String payload, String metadata, Instant timestamp) {
        long sequence = lastSequenceNumber(accountId) + 1;
        String previousHash = sequence == 0 ? HashChain.GENESIS_HASH
                : HashChain.field(event(accountId, sequence - 1).metadata(), HashChain.HASH)
                        .orElse(HashChain.GENESIS_HASH);
        String hash = HashChain.hash(previousHash, accountId, sequence, payloadType,
                bytes(payload), bytes(metadata));
        ObjectNode chained = (ObjectNode) HashChain.read(bytes(metadata)).deepCopy();
        chained.put(HashChain.PREVIOUS_HASH, previousHash);
        chained.put(HashChain.HASH, hash);
        insert(accountId, sequence, payloadType, revision, bytes(payload), json(chained),
                timestamp);
        return sequence;
    }

    /**
     * Appends an event under the account's next sequence number with exactly this metadata,
     * so with no link of the hash chain unless the metadata carries one. Answers its sequence
     * number.
     */
    public long appendUnchained(String accountId, String payloadType, String revision,
                                String payload, String metadata, Instant timestamp) {
        long sequence = lastSequenceNumber(accountId) + 1;
        insert(accountId, sequence, payloadType, revision, bytes(payload), bytes(metadata),
                timestamp);
        return sequence;
    }

    /**
     * What another node's append leaves in the shared store, as far as sequence numbers go: a
     * copy of the account's last event (its metadata and so its hash included, so the chain
     * does not hold there) under the next sequence number. Answers that sequence number.
     */
    public long appendCopyOfLast(String accountId) {
        return appendCopyOfLast(accountId, UnaryOperator.identity());
    }

    /** As {@link #appendCopyOfLast(String)}, with the copy's payload text edited. */
    public long appendCopyOfLast(String accountId, UnaryOperator<String> payloadEdit) {
        long last = lastSequenceNumber(accountId);
        if (last < 0) {
            throw new IllegalArgumentException("account " + accountId + " has no event to copy");
        }
        RecordedEvent copied = event(accountId, last);
        insert(accountId, last + 1, copied.type(), copied.revision(),
                bytes(payloadEdit.apply(text(copied.payload()))), copied.metadata(),
                DateTimeUtils.parseInstant(copied.timestamp()));
        return last + 1;
    }

    /**
     * From now on every append to this account fails as if another node had appended first:
     * a PostgreSQL trigger raises the unique-key violation a lost race raises. A sequence
     * named by {@code name}, which a rollback does not undo, counts the attempts
     * ({@link #lostAppends}). Undo with {@link #stopLosingAppends}.
     */
    public void loseEveryAppendOf(String accountId, String name) {
        jdbc.execute("create sequence append_attempts_" + name);
        jdbc.execute("create function lose_append_" + name + "() returns trigger"
                + " language plpgsql as $$ begin"
                + " if new.aggregate_identifier = '" + accountId + "' then"
                + " perform nextval('append_attempts_" + name + "');"
                + " raise exception 'duplicate key value violates unique constraint'"
                + " using errcode = 'unique_violation'; end if; return new; end $$");
        jdbc.execute("create trigger lose_append_" + name + " before insert on"
                + " domain_event_entry for each row execute function lose_append_" + name
                + "()");
    }

    /** How many appends the trigger {@code name} of {@link #loseEveryAppendOf} refused. */
    public long lostAppends(String name) {
        return jdbc.queryForObject("select last_value from append_attempts_" + name,
                Long.class);
    }

    /** Removes the trigger {@code name} of {@link #loseEveryAppendOf} and its counter. */
    public void stopLosingAppends(String name) {
        jdbc.execute("drop trigger if exists lose_append_" + name + " on domain_event_entry");
        jdbc.execute("drop function if exists lose_append_" + name + "()");
        jdbc.execute("drop sequence if exists append_attempts_" + name);
    }

    private RecordedEvent event(String accountId, long sequenceNumber) {
        List<RecordedEvent> found = new ArrayList<>();
        reader().forEach(accountId, event -> {
            if (event.sequenceNumber() == sequenceNumber) {
                found.add(event);
            }
            return event.sequenceNumber() < sequenceNumber;
        });
        return found.stream().findFirst().orElseThrow(() -> new IllegalArgumentException(
                "no event " + sequenceNumber + " of " + accountId));
    }

    private void insert(String accountId, long sequence, String payloadType, String revision,
                        byte[] payload, byte[] metadata, Instant timestamp) {
        jdbc.update("insert into domain_event_entry (event_identifier, aggregate_identifier,"
                        + " sequence_number, type, time_stamp, payload_type, payload_revision,"
                        + " payload, meta_data) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                UUID.randomUUID().toString(), accountId, sequence, AGGREGATE_TYPE,
                DateTimeUtils.formatInstant(timestamp), payloadType, revision, payload,
                metadata);
    }

    private static void exactlyOne(int rows, String accountId, long sequenceNumber) {
        if (rows != 1) {
            throw new IllegalArgumentException(rows + " rows for event " + sequenceNumber
                    + " of " + accountId);
        }
    }

    private static byte[] json(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
