package org.pointsledger.eventstore;

import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.eventsourcing.AggregateSnapshotter;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.AggregateFactory;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.RepositorySpanFactory;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.axonframework.serialization.Serializer;
import org.pointsledger.domain.account.PointAccount;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How the ledger's events are stored, read back and appended to: the one Spring entrance of
 * this module, imported by the application.
 *
 * <ul>
 *   <li>Storage: Axon's JDBC engine over the Flyway-made tables of V1__event_store.sql (see
 *       there for why not JPA), with Axon's names mapped onto their snake_case columns, every
 *       account's events linked into a {@link HashChain} as they are appended
 *       ({@link EventStorageEngineConfiguration}), and {@link LedgerSerializer} for everything
 *       Axon stores.
 *   <li>A cache and snapshots keep the cost of a command flat as an account's history grows;
 *       every load from the cache is checked against the store
 *       ({@link StoreCheckedCachingRepository}).
 *   <li>A command that lost an append race (another node wrote the account first) is retried
 *       after a jittered, growing pause ({@link AppendRaceRetryScheduler}); the cache entry of
 *       a rolled-back unit of work is evicted, so the retry reloads.
 *   <li>{@link EventStoreReader} is the one reader of the event table for everyone else.
 * </ul>
 */
@Configuration
@Import(EventStorageEngineConfiguration.class)
public class EventStoreConfiguration {

    /** By default a snapshot after this many events since the last bounds an account's replay. */
    static final int SNAPSHOT_EVENTS_THRESHOLD = 100;
    /**
     * Attempts after the first for a command that lost an optimistic-concurrency race, and the
     * jittered pauses between them (doubling from the first to the max). Two nodes with 16
     * writers on one account exhausted 5 fixed pauses of 20 ms (TwoInstancesTest); these
     * bound a command's waiting to about 2.3 s before the client gets a 503 with Retry-After.
     */
    static final int COMMAND_RETRIES_MAX = 15;
    static final int COMMAND_RETRY_FIRST_INTERVAL_MILLISECONDS = 10;
    static final int COMMAND_RETRY_INTERVAL_MAX_MILLISECONDS = 200;
    /** Retried commands run on these threads, so that one slow retry does not queue the rest. */
    static final int COMMAND_RETRY_THREADS = 4;

    @Bean
    @Primary
    Serializer serializer() {
        return LedgerSerializer.create();
    }

    /** Axon's default names are camelCase; our Flyway tables use the usual snake_case. */
    static final EventSchema EVENT_SCHEMA = EventSchema.builder()
            .eventTable("domain_event_entry")
            .snapshotTable("snapshot_event_entry")
            .globalIndexColumn("global_index")
            .timestampColumn("time_stamp")
            .eventIdentifierColumn("event_identifier")
            .aggregateIdentifierColumn("aggregate_identifier")
            .sequenceNumberColumn("sequence_number")
            .typeColumn("type")
            .payloadTypeColumn("payload_type")
            .payloadRevisionColumn("payload_revision")
            .payloadColumn("payload")
            .metaDataColumn("meta_data")
            .build();

    @Bean
    EventSchema eventSchema() {
        return EVENT_SCHEMA;
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    @Bean
    EventStoreReader eventStoreReader(JdbcTemplate jdbc, Serializer serializer) {
        return new EventStoreReader(jdbc, serializer);
    }

    /** The SQLState of a unique-key violation, the same on PostgreSQL and H2. */
    static final String UNIQUE_VIOLATION_SQL_STATE = "23505";

    /**
     * Tells Axon when an append lost the race for a sequence number, so that it raises a
     * ConcurrencyException (retried below) instead of a generic EventStoreException. Axon's
     * default JDBC resolver only looks for SQLIntegrityConstraintViolationException, which
     * neither the PostgreSQL driver nor a failed JDBC batch reports.
     */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return exception -> {
            for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
                if (cause instanceof SQLException sql) {
                    for (SQLException next = sql; next != null; next = next.getNextException()) {
                        if (UNIQUE_VIOLATION_SQL_STATE.equals(next.getSQLState())) {
                            return true;
                        }
                    }
                }
            }
            return false;
        };
    }

    @Bean
    Cache pointAccountCache() {
        return new WeakReferenceCache();
    }

    /**
     * Snapshots are taken on a thread of their own, after the command's commit, not on the
     * request's thread before it is answered (Axon's default). An account with 50,000 open
     * lots made every hundredth add into it wait for a snapshot of all of them (a p99 of
     * 720 ms against 9 ms at the median, in the benchmark). A snapshot only shortens later
     * loads; one that is lost with the process is simply taken again later.
     */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService snapshotExecutor() {
        return Executors.newSingleThreadExecutor(new AxonThreadFactory("snapshotter"));
    }

    @Bean
    AggregateSnapshotter aggregateSnapshotter(
            org.axonframework.config.Configuration configuration,
            AggregateFactory<PointAccount> pointAccountFactory,
            HandlerDefinition handlerDefinition, ParameterResolverFactory parameterResolverFactory,
            EventStore eventStore, TransactionManager transactionManager,
            SnapshotterSpanFactory spanFactory, ExecutorService snapshotExecutor) {
        return AggregateSnapshotter.builder()
                .aggregateFactories(pointAccountFactory)
                .repositoryProvider(configuration::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .spanFactory(spanFactory)
                .executor(snapshotExecutor)
                .build();
    }

    /** One factory for the repository and the snapshotter. */
    @Bean
    AggregateFactory<PointAccount> pointAccountFactory(
            ParameterResolverFactory parameterResolverFactory,
            HandlerDefinition handlerDefinition) {
        return new GenericAggregateFactory<>(AnnotatedAggregateMetaModelFactory.inspectAggregate(
                PointAccount.class, parameterResolverFactory, handlerDefinition));
    }

    /**
     * The aggregate's repository. Both tunings can be switched off (the benchmark does, to
     * measure the naive baseline in the same run): {@code ledger.aggregate.cache-enabled} and
     * {@code ledger.aggregate.snapshot-threshold-events} (0 means no snapshots).
     */
    @Bean
    ConfigurerModule pointAccountRepositoryModule(Cache pointAccountCache,
            AggregateFactory<PointAccount> pointAccountFactory, EventStoreReader reader,
            ObjectProvider<EventStorageEngine> storageEngine,
            @Value("${ledger.aggregate.cache-enabled:true}") boolean cacheEnabled,
            @Value("${ledger.aggregate.snapshot-threshold-events:"
                    + SNAPSHOT_EVENTS_THRESHOLD + "}") int snapshotThresholdEvents) {
        return configurer -> {
            AggregateConfigurer<PointAccount> aggregate = AggregateConfigurer
                    .defaultConfiguration(PointAccount.class)
                    .configureAggregateFactory(configuration -> pointAccountFactory)
                    .configureSnapshotTrigger(configuration ->
                            snapshotTrigger(configuration, snapshotThresholdEvents));
            if (cacheEnabled) {
                aggregate.configureRepository(configuration -> storeCheckedRepository(
                        configuration, pointAccountFactory, reader,
                        storageEngine.getObject() instanceof ReadAheadEventStorageEngine engine
                                ? engine : null, pointAccountCache, snapshotThresholdEvents));
            }
            configurer.configureAggregate(aggregate);
        };
    }

    private static SnapshotTriggerDefinition snapshotTrigger(
            org.axonframework.config.Configuration configuration, int thresholdEvents) {
        return thresholdEvents > 0
                ? new EventCountSnapshotTriggerDefinition(configuration.snapshotter(),
                        thresholdEvents)
                : NoSnapshotTriggerDefinition.INSTANCE;
    }

    private static StoreCheckedCachingRepository<PointAccount> storeCheckedRepository(
            org.axonframework.config.Configuration configuration,
            AggregateFactory<PointAccount> factory, EventStoreReader reader,
            ReadAheadEventStorageEngine engine, Cache cache, int snapshotThresholdEvents) {
        return new StoreCheckedCachingRepository<>(EventSourcingRepository
                .builder(PointAccount.class)
                .aggregateModel(AnnotatedAggregateMetaModelFactory.inspectAggregate(
                        PointAccount.class, configuration.parameterResolverFactory(),
                        configuration.handlerDefinition(PointAccount.class)))
                .aggregateFactory(factory)
                .snapshotTriggerDefinition(snapshotTrigger(configuration, snapshotThresholdEvents))
                .repositoryProvider(configuration::repository)
                .spanFactory(configuration.getComponent(RepositorySpanFactory.class)),
                configuration.eventStore(), reader, engine, cache);
    }

    @Bean(destroyMethod = "shutdown")
    ScheduledExecutorService commandRetryExecutor() {
        return Executors.newScheduledThreadPool(COMMAND_RETRY_THREADS,
                new AxonThreadFactory("command-retry"));
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus,
                                  ScheduledExecutorService commandRetryExecutor) {
        AppendRaceRetryScheduler retries = AppendRaceRetryScheduler.builder()
                .retryExecutor(commandRetryExecutor)
                .maxRetryCount(COMMAND_RETRIES_MAX)
                .intervals(COMMAND_RETRY_FIRST_INTERVAL_MILLISECONDS,
                        COMMAND_RETRY_INTERVAL_MAX_MILLISECONDS)
                .nonTransientFailurePredicate(EventStoreConfiguration::isNotConcurrencyFailure)
                .build();
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(retries)
                .build();
    }

    /**
     * Axon asks this of the failure and then of each of its causes, and retries only when it
     * is false for all of them: a lost append race is a ConcurrencyException (or, for a new
     * account, an AggregateStreamCreationException) caused by the SQLException of the unique
     * key, so all three count as transient.
     */
    static boolean isNotConcurrencyFailure(Throwable failure) {
        return !(failure instanceof ConcurrencyException)
                && !(failure instanceof AggregateStreamCreationException)
                && !(failure instanceof SQLException);
    }
}
