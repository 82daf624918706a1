package org.pointsledger.eventstore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

/**
 * Axon's JDBC storage engine that links each account's events into a {@link HashChain} as it
 * appends them.
 *
 * <p>Why here and not in the aggregate: the hash covers the bytes the store keeps, which only
 * the storage serializer knows; and the previous hash is read from the store in the appending
 * transaction (one indexed row per account, all accounts in one query, or the event before it
 * in the same batch), so it never relies on what a node holds in memory (aggregate cache,
 * snapshots). Two nodes appending the same sequence number compute their hashes from the same
 * committed predecessor, and the unique (aggregate, sequence) key lets only one of them in;
 * the loser is retried and re-chained.
 */
final class HashChainingEventStorageEngine extends ReadAheadEventStorageEngine {

    private static final Set<String> HASH_FIELDS = Set.of(HashChain.PREVIOUS_HASH, HashChain.HASH);

    private final EventStoreReader reader;

    HashChainingEventStorageEngine(JdbcEventStorageEngine.Builder builder,
                                   EventStoreReader reader) {
        super(builder);
        this.reader = reader;
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        Map<String, String> lastHashes = storedHashesBefore(events);
        List<EventMessage<?>> chained = new ArrayList<>(events.size());
        for (EventMessage<?> event : events) {
            chained.add(isChained(event)
                    ? chain((DomainEventMessage<?>) event, serializer, lastHashes) : event);
        }
        super.appendEvents(chained, serializer);
    }

    private static boolean isChained(EventMessage<?> event) {
        return event instanceof DomainEventMessage<?> domainEvent
                && domainEvent.getAggregateIdentifier() != null;
    }

    private DomainEventMessage<?> chain(DomainEventMessage<?> event, Serializer serializer,
                                       Map<String, String> lastHashes) {
        String accountId = event.getAggregateIdentifier();
        String previousHash = lastHashes.get(accountId);
        MetaData metaData = event.getMetaData().withoutKeys(HASH_FIELDS);
        SerializedObject<byte[]> payload = serializer.serialize(event.getPayload(), byte[].class);
        byte[] metaDataBytes = serializer.serialize(metaData, byte[].class).getData();
        String hash = HashChain.hash(previousHash, accountId, event.getSequenceNumber(),
                payload.getType().getName(), payload.getData(), metaDataBytes);
        lastHashes.put(accountId, hash);
        return event.withMetaData(metaData).andMetaData(
                Map.of(HashChain.PREVIOUS_HASH, previousHash, HashChain.HASH, hash));
    }

    /**
     * The hash each account's chain continues from: that of the stored event just before the
     * account's first event in this append, all read in one query in the appending
     * transaction (an append of a batch of commands holds the events of many accounts). The
     * chain of an account whose earlier events predate it starts afresh.
     */
    private Map<String, String> storedHashesBefore(List<? extends EventMessage<?>> events) {
        Map<String, Long> firstSequenceNumbers = new HashMap<>();
        for (EventMessage<?> event : events) {
            if (isChained(event)) {
                DomainEventMessage<?> domainEvent = (DomainEventMessage<?>) event;
                firstSequenceNumbers.putIfAbsent(domainEvent.getAggregateIdentifier(),
                        domainEvent.getSequenceNumber());
            }
        }
        Map<String, Long> previous = new HashMap<>();
        firstSequenceNumbers.forEach((accountId, first) -> {
            if (first > 0) {
                previous.put(accountId, first - 1);
            }
        });
        Map<String, byte[]> stored = reader.metadata(previous);
        Map<String, String> hashes = new HashMap<>();
        firstSequenceNumbers.forEach((accountId, first) -> {
            if (first == 0) {
                hashes.put(accountId, HashChain.GENESIS_HASH);
                return;
            }
            byte[] metadata = stored.get(accountId);
            if (metadata == null) {
                throw new IllegalStateException("event " + (first - 1) + " of " + accountId
                        + " is missing, so event " + first + " cannot be chained");
            }
            hashes.put(accountId, HashChain.field(metadata, HashChain.HASH)
                    .orElse(HashChain.GENESIS_HASH));
        });
        return hashes;
    }
}
