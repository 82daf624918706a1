package org.pointsledger.eventstore;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
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
     * Events read per query, when an account is loaded and when a reader streams the store.
     * An account's sequence numbers have no gaps (each append takes the next one, and the
     * unique key admits one), so a load whose query returns fewer was the last: Axon's JDBC
     * engine would by default ask once more, for an empty batch, every time.
     *
     * <p>Why not more: every streamed event carries its own tracking token, and each token its
     * own copy of the global indexes still missing (gaps). A batch of writes that rolls back
     * (a bulk chunk that lost a race) leaves up to a thousand gaps, kept for
     * {@link #GAP_TIMEOUT_MILLISECONDS}; a thousand streamed events then held a million of
     * them, which took a service under -Xmx512m out of memory in the benchmark.
     */
    static final int READ_BATCH_EVENTS = 100;
    /** Events the event store keeps in memory for its streaming readers; see above. */
    static final int CACHED_EVENTS = 500;

    /** Axon's embedded event store as its auto-configuration builds it, with a small cache. */
    @Bean
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine,
                                  org.axonframework.config.Configuration configuration) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .cachedEvents(CACHED_EVENTS)
                .build();
    }

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
