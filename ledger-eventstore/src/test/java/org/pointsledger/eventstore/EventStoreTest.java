package org.pointsledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.Serializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pointsledger.domain.account.AccountId;
import org.pointsledger.domain.account.AccountOpened;
import org.pointsledger.domain.account.Lot;
import org.pointsledger.domain.account.PointAccountEvent;
import org.pointsledger.domain.account.PointsAdded;
import org.pointsledger.domain.account.TransactionDetails;
import org.pointsledger.domain.account.TransactionType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Proves the storage engine appends chained events that the one reader reads back as written,
 * and that the tests' EventTable sees and tampers with them, on a freshly migrated schema of
 * the test database (H2 by default, PostgreSQL when LEDGER_TEST_DB_URL is set).
 */
class EventStoreTest {

    private static final Instant RECORDED_AT = Instant.parse("2024-03-01T10:15:30.123456789Z");

    private static String schema;
    private static HikariDataSource dataSource;
    private static JdbcTemplate jdbc;
    private static EventStoreReader reader;
    private static EventStorageEngine engine;
    private static EventTable table;

    @BeforeAll
    static void migrateAFreshSchema() {
        schema = "event_store_test_" + UUID.randomUUID().toString().substring(0, 8);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(isPostgres() ? testUrl() : "jdbc:h2:mem:" + schema
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                + ";DB_CLOSE_DELAY=-1");
        config.setUsername(isPostgres() ? variable("LEDGER_TEST_DB_USER", "postgres") : "sa");
        config.setPassword(variable("LEDGER_TEST_DB_PASSWORD", ""));
        config.setMaximumPoolSize(4);
        if (isPostgres()) {
            config.setSchema(schema);
        }
        dataSource = new HikariDataSource(config);
        Flyway flyway = Flyway.configure().dataSource(dataSource)
                .schemas(isPostgres() ? schema : "public").load();
        assertThat(flyway.migrate().migrationsExecuted).isEqualTo(1);
        jdbc = new JdbcTemplate(dataSource);
        Serializer serializer = LedgerSerializer.create();
        reader = new EventStoreReader(jdbc, serializer);
        engine = new EventStorageEngineConfiguration().eventStorageEngine(serializer,
                new EventStoreConfiguration().persistenceExceptionResolver(), serializer,
                DefaultConfigurer.defaultConfiguration().buildConfiguration(),
                new DataSourceConnectionProvider(dataSource), NoTransactionManager.INSTANCE,
                EventStoreConfiguration.EVENT_SCHEMA, reader);
        table = new EventTable(jdbc);
    }

    @AfterAll
    static void dropTheSchema() throws SQLException {
        if (dataSource == null) {
            return;
        }
        dataSource.close();
        if (isPostgres()) {
            try (Connection connection = DriverManager.getConnection(testUrl(),
                    variable("LEDGER_TEST_DB_USER", "postgres"),
                    variable("LEDGER_TEST_DB_PASSWORD", ""));
                 Statement statement = connection.createStatement()) {
                statement.execute("drop schema " + schema + " cascade");
            }
        }
    }

    @Test
    void reader_readsBackWhatTheEngineAppended_chainedAcrossAppends() {
        AccountId accountId = AccountId.of(contact("read-back"), 1);
        List<PointAccountEvent> written = List.of(opened(accountId), added(accountId, "t-1"),
                added(accountId, "t-2"));
        engine.appendEvents(List.of(message(accountId, 0, written.get(0)),
                message(accountId, 1, written.get(1))));
        engine.appendEvents(List.of(message(accountId, 2, written.get(2))));

        String id = accountId.toString();
        List<RecordedEvent> recorded = new ArrayList<>();
        long handed = reader.forEach(id, recorded::add);

        assertThat(handed).isEqualTo(3);
        assertThat(reader.count(id)).isEqualTo(3);
        assertThat(recorded).extracting(RecordedEvent::sequenceNumber).containsExactly(0L, 1L, 2L);
        assertThat(recorded).extracting(RecordedEvent::type)
                .containsExactly("AccountOpened", "PointsAdded", "PointsAdded");
        assertThat(recorded.stream().map(reader::event).toList()).isEqualTo(written);
        assertThat(reader.page(id, 1, 5)).extracting(RecordedEvent::sequenceNumber)
                .containsExactly(1L, 2L);
        String previousHash = HashChain.GENESIS_HASH;
        for (RecordedEvent event : recorded) {
            assertThat(HashChain.field(event.metadata(), HashChain.PREVIOUS_HASH))
                    .contains(previousHash);
            String hash = HashChain.hash(previousHash, id, event.sequenceNumber(), event.type(),
                    event.payload(), event.metadata());
            assertThat(HashChain.field(event.metadata(), HashChain.HASH)).contains(hash);
            assertThat(HashChain.field(event.metadata(), "causedBy")).contains("test");
            previousHash = hash;
        }
    }

    @Test
    void engine_chainsEachAccountFromItsStoredEvent_whenOneAppendHoldsSeveralAccounts() {
        AccountId first = AccountId.of(contact("batch-a"), 1);
        AccountId second = AccountId.of(contact("batch-b"), 1);
        engine.appendEvents(List.of(message(first, 0, opened(first))));
        engine.appendEvents(List.of(message(second, 0, opened(second)),
                message(second, 1, added(second, "t-1"))));

        engine.appendEvents(List.of(message(first, 1, added(first, "t-2")),
                message(second, 2, added(second, "t-3")),
                message(first, 2, added(first, "t-4"))));

        assertChained(first.toString(), 3);
        assertChained(second.toString(), 3);
    }

    @Test
    void engine_servesAFirstLoadFromWhatItReadAhead_andAnyLaterLoadFromTheStore() {
        AccountId withSnapshot = AccountId.of(contact("ahead-snapshot"), 1);
        AccountId withoutSnapshot = AccountId.of(contact("ahead-events"), 1);
        engine.appendEvents(List.of(message(withSnapshot, 0, opened(withSnapshot)),
                message(withSnapshot, 1, added(withSnapshot, "t-1")),
                message(withSnapshot, 2, added(withSnapshot, "t-2"))));
        engine.storeSnapshot(message(withSnapshot, 1, opened(withSnapshot)));
        engine.appendEvents(List.of(message(withoutSnapshot, 0, opened(withoutSnapshot)),
                message(withoutSnapshot, 1, added(withoutSnapshot, "t-3"))));
        String snapshotted = withSnapshot.toString();
        String plain = withoutSnapshot.toString();
        List<String> storedOfPlain = load(plain);
        assertThat(load(snapshotted)).containsExactly("snapshot 1", "event 2");
        assertThat(storedOfPlain).containsExactly("event 0", "event 1");

        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            ((ReadAheadEventStorageEngine) engine).readAhead(Map.of(snapshotted, 2L, plain, 1L));
            table.delete(plain, 1);

            assertThat(load(snapshotted)).containsExactly("snapshot 1", "event 2");
            assertThat(load(plain)).as("first load: what was read ahead")
                    .isEqualTo(storedOfPlain);
            assertThat(load(plain)).as("second load: the store").containsExactly("event 0");
        } finally {
            unitOfWork.rollback();
        }
    }

    /** What loading the account reads: its snapshot, if any, and the events after it. */
    private static List<String> load(String accountId) {
        List<String> read = new ArrayList<>();
        long from = 0;
        java.util.Optional<DomainEventMessage<?>> snapshot = engine.readSnapshot(accountId);
        if (snapshot.isPresent()) {
            read.add("snapshot " + snapshot.get().getSequenceNumber());
            from = snapshot.get().getSequenceNumber() + 1;
        }
        engine.readEvents(accountId, from).asStream()
                .forEach(event -> read.add("event " + event.getSequenceNumber()));
        return read;
    }

    private static void assertChained(String accountId, int events) {
        List<RecordedEvent> recorded = new ArrayList<>();
        reader.forEach(accountId, recorded::add);
        assertThat(recorded).hasSize(events);
        String previousHash = HashChain.GENESIS_HASH;
        for (RecordedEvent event : recorded) {
            assertThat(HashChain.field(event.metadata(), HashChain.PREVIOUS_HASH))
                    .as("%s event %d", accountId, event.sequenceNumber()).contains(previousHash);
            previousHash = HashChain.hash(previousHash, accountId, event.sequenceNumber(),
                    event.type(), event.payload(), event.metadata());
            assertThat(HashChain.field(event.metadata(), HashChain.HASH)).contains(previousHash);
        }
    }

    @Test
    void engine_refusesASequenceNumberTaken_asALostAppendRace() {
        AccountId accountId = AccountId.of(contact("race"), 1);
        engine.appendEvents(List.of(message(accountId, 0, opened(accountId)),
                message(accountId, 1, added(accountId, "t-1"))));

        assertThatThrownBy(() -> engine.appendEvents(List.of(
                message(accountId, 1, added(accountId, "t-2")))))
                .isInstanceOf(ConcurrencyException.class);
        assertThat(reader.count(accountId.toString())).isEqualTo(2);
    }

    @Test
    void eventTable_appendsAsAnotherNode_chainedUnchainedOrCopied() {
        AccountId accountId = AccountId.of(contact("other-node"), 1);
        String id = accountId.toString();
        engine.appendEvents(List.of(message(accountId, 0, opened(accountId))));
        String payload = table.payload(id, 0);
        long allBefore = table.countAll();
        long indexBefore = table.maxGlobalIndex();

        long chained = table.appendChained(id, "AccountOpened", "1", payload,
                "{\"causedBy\":\"node-b\"}", RECORDED_AT);
        long unchained = table.appendUnchained(id, "AccountOpened", "1", payload, "{}",
                RECORDED_AT);
        long copied = table.appendCopyOfLast(id,
                text -> text.replace("\"contact\"", "\"copy\""));

        assertThat(List.of(chained, unchained, copied)).containsExactly(1L, 2L, 3L);
        assertThat(table.count(id)).isEqualTo(4);
        assertThat(table.countAll()).isEqualTo(allBefore + 3);
        assertThat(table.lastSequenceNumber(id)).isEqualTo(3);
        assertThat(table.maxGlobalIndex()).isGreaterThan(indexBefore);
        assertThat(table.maxGlobalIndex(id)).isEqualTo(table.maxGlobalIndex());
        List<RecordedEvent> events = table.events(id);
        String firstHash = HashChain.field(events.get(0).metadata(), HashChain.HASH).orElseThrow();
        assertThat(HashChain.field(events.get(1).metadata(), HashChain.PREVIOUS_HASH))
                .contains(firstHash);
        assertThat(HashChain.field(events.get(1).metadata(), HashChain.HASH)).contains(
                HashChain.hash(firstHash, id, 1, "AccountOpened", events.get(1).payload(),
                        events.get(1).metadata()));
        assertThat(HashChain.field(events.get(2).metadata(), HashChain.HASH)).isEmpty();
        assertThat(table.payload(id, 3)).contains("\"copy\"").doesNotContain("\"contact\"");
        assertThat(table.metadata(id, 3)).isEqualTo(table.metadata(id, 2));
        assertThat(table.events(id).get(3).timestamp()).isEqualTo(events.get(2).timestamp());
    }

    @Test
    void eventTable_overwritesAndDeletes_soThatTheChainNoLongerHolds() {
        AccountId accountId = AccountId.of(contact("tamper"), 1);
        String id = accountId.toString();
        engine.appendEvents(List.of(message(accountId, 0, opened(accountId)),
                message(accountId, 1, added(accountId, "t-1")),
                message(accountId, 2, added(accountId, "t-2"))));
        RecordedEvent before = table.events(id).get(1);

        table.overwritePayload(id, 1, table.payload(id, 1).replace("t-1", "t-9"));
        table.overwriteMetadata(id, 2, table.metadata(id, 2).replace("test", "someone"));
        table.delete(id, 0);

        RecordedEvent after = table.events(id).get(0);
        assertThat(table.count(id)).isEqualTo(2);
        assertThat(after.sequenceNumber()).isEqualTo(1);
        assertThat(after.metadata()).isEqualTo(before.metadata());
        assertThat(HashChain.hash(HashChain.field(after.metadata(), HashChain.PREVIOUS_HASH)
                .orElseThrow(), id, 1, after.type(), after.payload(), after.metadata()))
                .isNotEqualTo(HashChain.field(after.metadata(), HashChain.HASH).orElseThrow());
        assertThat(table.metadata(id, 2)).contains("someone");
        assertThatThrownBy(() -> table.delete(id, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reader_countsTheWholeStoreAndHoldsAppendsOff_insideATransaction() {
        AccountId accountId = AccountId.of(contact("lock"), 1);
        long before = reader.countAll();
        engine.appendEvents(List.of(message(accountId, 0, opened(accountId))));

        long counted = new TransactionTemplate(new DataSourceTransactionManager(dataSource))
                .execute(status -> {
                    reader.lockAgainstAppends();
                    return reader.countAll();
                });

        assertThat(counted).isEqualTo(before + 1);
    }

    private static GenericDomainEventMessage<PointAccountEvent> message(AccountId accountId,
            long sequenceNumber, PointAccountEvent event) {
        return new GenericDomainEventMessage<>(EventTable.AGGREGATE_TYPE, accountId.toString(),
                sequenceNumber, event, Map.of("causedBy", "test", "requestId", "r-1"));
    }

    private static AccountOpened opened(AccountId accountId) {
        return new AccountOpened(accountId, "contact", 1, RECORDED_AT);
    }

    private static PointsAdded added(AccountId accountId, String transactionId) {
        Instant validFrom = RECORDED_AT.truncatedTo(ChronoUnit.SECONDS);
        return new PointsAdded(accountId, new TransactionDetails(transactionId,
                TransactionType.Addition, new BigDecimal("12.50"), "Purchase", "stored",
                RECORDED_AT, validFrom, null, null, "fingerprint-" + transactionId),
                new Lot(transactionId, new BigDecimal("12.50"), validFrom, null),
                BigDecimal.ZERO, RECORDED_AT);
    }

    private static String contact(String purpose) {
        return purpose + "-" + UUID.randomUUID().toString().substring(0, 8)
                .toLowerCase(Locale.ROOT);
    }

    private static boolean isPostgres() {
        return testUrl().startsWith("jdbc:postgresql:");
    }

    private static String testUrl() {
        return variable("LEDGER_TEST_DB_URL", "");
    }

    private static String variable(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }
}
