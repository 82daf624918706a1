package org.pointsledger.eventstore;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event storage engine: Axon's JDBC engine as its auto-configuration builds it, with three
 * changes. Every account's events are appended to their hash chain
 * ({@link HashChainingEventStorageEngine}), an account's load stops at its first batch that is
 * not full ({@link #READ_BATCH_EVENTS}), and gaps are remembered longer. A streaming
 * processor's token remembers the global indexes it passed that had no
 * committed event yet (a write still open, or one rolled back), and looks for them again. By
 * default it forgets a gap once the event after it is 60 seconds old or 10,000 indexes further
 * on, and would then miss a write that commits after that. The change feed must miss nothing,
 * so gaps are kept for longer than any write may take (a bulk chunk's transaction takes
 * seconds, and each of its statements is bounded by the driver's socket timeout, 60 s by
 * default, ledger.database.socket-timeout) and across more events
 * than several nodes append meanwhile. Gaps of rolled-back writes cost a little: they are
 * asked for in each poll until forgotten.
 */
@Configuration
class EventStorageEngineConfiguration {

    static final int GAP_TIMEOUT_MILLISECONDS = 10 * 60 * 1000;
    static final int GAP_OFFSET_MAX_EVENTS = 1_000_000;
    /**
     * Events read per query, when an account is loaded and when a reader streams the store
     * (tracking processors, the rebuild). Axon's default of 100 made a replay of a million
     * events ten thousand round trips; an event row is a few hundred bytes, so a thousand is
     * still a small fetch. An account's sequence numbers have no gaps (each append takes the
     * next one, and the unique key admits one), so a load whose query returns fewer was the
     * last: Axon's JDBC engine would by default ask once more, for an empty batch, every time.
     */
    static final int READ_BATCH_EVENTS = 1000;

    @Bean
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
            PersistenceExceptionResolver persistenceExceptionResolver,
            @Qualifier("eventSerializer") Serializer eventSerializer,
            org.axonframework.config.Configuration configuration,
            ConnectionProvider connectionProvider, TransactionManager transactionManager,
            EventSchema eventSchema, EventStoreReader reader) {
        return new HashChainingEventStorageEngine(JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema)
                .gapTimeout(GAP_TIMEOUT_MILLISECONDS)
                .maxGapOffset(GAP_OFFSET_MAX_EVENTS)
                .batchSize(READ_BATCH_EVENTS)
                .finalAggregateBatchPredicate(batch -> batch.size() < READ_BATCH_EVENTS),
                reader);
    }
}
