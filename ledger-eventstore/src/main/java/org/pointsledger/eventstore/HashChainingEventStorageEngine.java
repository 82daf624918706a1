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
 * transaction (one indexed row, or the event before it in the same batch), so it never relies
 * on what a node holds in memory (aggregate cache, snapshots). Two nodes appending the same
 * sequence number compute their hashes from the same committed predecessor, and the unique
 * (aggregate, sequence) key lets only one of them in; the loser is retried and re-chained.
 */
final class HashChainingEventStorageEngine extends JdbcEventStorageEngine {

    private static final Set<String> HASH_FIELDS = Set.of(HashChain.PREVIOUS_HASH, HashChain.HASH);

    private final EventStoreReader reader;

    HashChainingEventStorageEngine(JdbcEventStorageEngine.Builder builder,
                                   EventStoreReader reader) {
        super(builder);
        this.reader = reader;
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        Map<String, String> lastHashes = new HashMap<>();
        List<EventMessage<?>> chained = new ArrayList<>(events.size());
        for (EventMessage<?> event : events) {
            chained.add(event instanceof DomainEventMessage<?> domainEvent
                    && domainEvent.getAggregateIdentifier() != null
                    ? chain(domainEvent, serializer, lastHashes) : event);
        }
        super.appendEvents(chained, serializer);
    }

    private DomainEventMessage<?> chain(DomainEventMessage<?> event, Serializer serializer,
                                       Map<String, String> lastHashes) {
        String accountId = event.getAggregateIdentifier();
        String previousHash = lastHashes.containsKey(accountId) ? lastHashes.get(accountId)
                : storedHashBefore(accountId, event.getSequenceNumber());
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
     * The hash of the stored event just before this sequence number, read in the appending
     * transaction. The chain of an account whose earlier events predate it starts afresh.
     */
    private String storedHashBefore(String accountId, long sequenceNumber) {
        if (sequenceNumber == 0) {
            return HashChain.GENESIS_HASH;
        }
        byte[] previous = reader.metadata(accountId, sequenceNumber - 1).orElseThrow(() ->
                new IllegalStateException("event " + (sequenceNumber - 1) + " of " + accountId
                        + " is missing, so event " + sequenceNumber + " cannot be chained"));
        return HashChain.field(previous, HashChain.HASH).orElse(HashChain.GENESIS_HASH);
    }
}
