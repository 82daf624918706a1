package org.pointsledger.eventstore;

import static org.axonframework.common.jdbc.JdbcUtils.executeQuery;
import static org.axonframework.common.jdbc.JdbcUtils.listResults;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.axonframework.common.jdbc.JdbcUtils.SqlResultConverter;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Axon's JDBC storage engine that can read many accounts ahead: their latest snapshots in one
 * query, and the events after those in another, kept in the current root unit of work for
 * its loads of these accounts.
 *
 * <p>Why: a batch of commands (LedgerCommands.sendTogether) loads hundreds of accounts, and
 * Axon loads each on its own, a query for its snapshot and another for its events. Rows read
 * ahead are handed out here, at the level of Axon's raw reads, so that Axon still filters the
 * snapshot, upcasts and deserializes as it always does. They serve an account's first load in
 * the unit of work only; a later load reads the store again.
 */
class ReadAheadEventStorageEngine extends JdbcEventStorageEngine {

    /** Events of one account read ahead at most; an account with more is loaded as usual. */
    static final int READ_AHEAD_EVENTS_PER_ACCOUNT_MAX = 200;
    /** Accounts one query of a read-ahead asks for at most. */
    static final int READ_AHEAD_ACCOUNTS_PER_QUERY_MAX = 250;

    private final String readAheadKey = this + "_READ_AHEAD";

    ReadAheadEventStorageEngine(JdbcEventStorageEngine.Builder builder) {
        super(builder);
    }

    /** One account's rows read ahead, until its first load has taken them. */
    private static final class ReadAhead {

        final List<DomainEventData<?>> snapshots = new ArrayList<>();
        long eventsFrom;
        List<DomainEventData<?>> events;
        boolean loading;
    }

    /**
     * Reads ahead the snapshots and the events since of the accounts, given how far each one's
     * events go (their last sequence number), for the current root unit of work's loads.
     */
    void readAhead(Map<String, Long> lastSequenceNumbers) {
        if (!CurrentUnitOfWork.isStarted() || lastSequenceNumbers.isEmpty()) {
            return;
        }
        Map<String, ReadAhead> readAhead = new HashMap<>();
        lastSequenceNumbers.keySet().forEach(account -> readAhead.put(account, new ReadAhead()));
        EventSchema schema = schema();
        inSlices(new ArrayList<>(lastSequenceNumbers.keySet()), (slice, arguments) -> {
            arguments.addAll(slice);
            return "select " + schema.domainEventFields() + " from " + schema.snapshotTable()
                    + " where " + schema.aggregateIdentifierColumn() + " in ("
                    + String.join(", ", Collections.nCopies(slice.size(), "?")) + ") order by "
                    + schema.aggregateIdentifierColumn() + ", " + schema.sequenceNumberColumn()
                    + " desc";
        }, true, (account, row) -> readAhead.get(account).snapshots.add(row));
        Map<String, Long> eventsFrom = new HashMap<>();
        readAhead.forEach((account, rows) -> {
            long from = rows.snapshots.isEmpty() ? 0
                    : rows.snapshots.get(0).getSequenceNumber() + 1;
            if (lastSequenceNumbers.get(account) - from < READ_AHEAD_EVENTS_PER_ACCOUNT_MAX) {
                rows.eventsFrom = from;
                rows.events = new ArrayList<>();
                eventsFrom.put(account, from);
            }
        });
        inSlices(new ArrayList<>(eventsFrom.keySet()), (slice, arguments) -> {
            List<String> conditions = new ArrayList<>();
            for (String account : slice) {
                conditions.add("(" + schema.aggregateIdentifierColumn() + " = ? and "
                        + schema.sequenceNumberColumn() + " >= ?)");
                arguments.add(account);
                arguments.add(eventsFrom.get(account));
            }
            return "select " + schema.trackedEventFields() + " from "
                    + schema.domainEventTable() + " where " + String.join(" or ", conditions)
                    + " order by " + schema.aggregateIdentifierColumn() + ", "
                    + schema.sequenceNumberColumn();
        }, false, (account, row) -> readAhead.get(account).events.add(row));
        CurrentUnitOfWork.get().root().resources().put(readAheadKey, readAhead);
    }

    /** A query per slice of accounts; each row goes to {@code rows} with its account. */
    private void inSlices(List<String> accounts,
                          BiFunction<List<String>, List<Object>, String> sql,
                          boolean snapshots, BiConsumer<String, DomainEventData<?>> rows) {
        for (int from = 0; from < accounts.size(); from += READ_AHEAD_ACCOUNTS_PER_QUERY_MAX) {
            List<String> slice = accounts.subList(from,
                    Math.min(accounts.size(), from + READ_AHEAD_ACCOUNTS_PER_QUERY_MAX));
            List<Object> arguments = new ArrayList<>();
            String query = sql.apply(slice, arguments);
            SqlResultConverter<DomainEventData<?>> converter = snapshots
                    ? this::getSnapshotData : this::getDomainEventData;
            List<DomainEventData<?>> read = executeQuery(getConnection(), connection -> {
                PreparedStatement statement = connection.prepareStatement(query);
                for (int index = 0; index < arguments.size(); index++) {
                    statement.setObject(index + 1, arguments.get(index));
                }
                return statement;
            }, listResults(converter),
                    e -> new EventStoreException("Failed to read accounts ahead", e));
            read.forEach(row -> rows.accept(row.getAggregateIdentifier(), row));
        }
    }

    /** The account's rows read ahead, while its first load in the unit of work reads them. */
    private ReadAhead readAhead(String account, boolean loadStarts) {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        Map<String, ReadAhead> readAhead = root.getResource(readAheadKey);
        ReadAhead rows = readAhead == null ? null : readAhead.get(account);
        if (rows == null) {
            return null;
        }
        if (loadStarts) {
            if (rows.loading) {
                readAhead.remove(account);
                return null;
            }
            rows.loading = true;
        }
        return rows;
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        ReadAhead rows = readAhead(aggregateIdentifier, true);
        return rows != null ? rows.snapshots.stream()
                : super.readSnapshotData(aggregateIdentifier);
    }

    @Override
    protected List<? extends DomainEventData<?>> fetchDomainEvents(String aggregateIdentifier,
                                                                   long firstSequenceNumber,
                                                                   int batchSize) {
        ReadAhead rows = readAhead(aggregateIdentifier, false);
        if (rows == null || !rows.loading || rows.events == null
                || firstSequenceNumber < rows.eventsFrom) {
            return super.fetchDomainEvents(aggregateIdentifier, firstSequenceNumber, batchSize);
        }
        return rows.events.stream().filter(event -> event.getSequenceNumber()
                        >= firstSequenceNumber
                        && event.getSequenceNumber() < firstSequenceNumber + batchSize)
                .toList();
    }
}
