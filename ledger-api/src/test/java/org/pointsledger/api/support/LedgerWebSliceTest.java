package org.pointsledger.api.support;

import java.time.Instant;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.pointsledger.api.security.WebSliceKeys;
import org.pointsledger.domain.testing.MutableClock;
import org.pointsledger.eventstore.EventStoreReader;
import org.pointsledger.eventstore.EventTable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Base of the web slices: the API's controllers, filters and problem answers, and the real
 * services behind them (see {@link WebSliceBeans}), served by MockMvc with neither a server
 * nor a database nor Axon. What needs no database is tested here, in one small context shared
 * by every slice: request validation, paging parameters, problem shapes, which key may call
 * which path. The database and the command bus are a {@link Tripwire}, checked after every
 * request and every test, so each refusal tested here provably came before any read or write.
 * Whatever crosses the stack (reads follow writes, unknown ids, idempotency, crashes, outages)
 * is tested through {@link LedgerIntegrationTest}.
 *
 * <p>The keys are fixed, given in configuration by their hashes: the bootstrap key
 * {@link Api#TEST_API_KEY} with every scope, and one key for each scope alone.
 */
@WebMvcTest(
        properties = {"ledger.security.bootstrap-api-key=" + Api.TEST_API_KEY,
            "ledger.security.api-keys[0].name=slice-reader",
            "ledger.security.api-keys[0].sha256=" + LedgerWebSliceTest.READ_KEY_SHA256,
            "ledger.security.api-keys[0].scopes=points:read",
            "ledger.security.api-keys[1].name=slice-writer",
            "ledger.security.api-keys[1].sha256=" + LedgerWebSliceTest.WRITE_KEY_SHA256,
            "ledger.security.api-keys[1].scopes=points:write",
            "ledger.security.api-keys[2].name=slice-admin",
            "ledger.security.api-keys[2].sha256=" + LedgerWebSliceTest.ADMIN_KEY_SHA256,
            "ledger.security.api-keys[2].scopes=admin",
            "ledger.security.rate-limit.requests-per-second=1000000",
            "ledger.security.rate-limit.burst=1000000"},
        includeFilters = @ComponentScan.Filter(type = FilterType.CUSTOM,
                classes = WebSliceBeans.Included.class),
        excludeFilters = @ComponentScan.Filter(type = FilterType.CUSTOM,
                classes = WebSliceBeans.Excluded.class))
@Import({LedgerWebSliceTest.Stands.class, WebSliceKeys.class})
public abstract class LedgerWebSliceTest {

    /** A key with the scope points:read alone. */
    protected static final String READ_KEY = "pl_slice-reader-key-0123456789abcdef";
    /** A key with the scope points:write alone. */
    protected static final String WRITE_KEY = "pl_slice-writer-key-0123456789abcdef";
    /** A key with the scope admin alone. */
    protected static final String ADMIN_KEY = "pl_slice-admin-key-0123456789abcdef";
    /** SHA-256 of {@link #READ_KEY}, in hex. */
    static final String READ_KEY_SHA256 =
            "40b43c4ed37e69c3f259dd226265c3f6aff02232d6725b4ca30f1e283f878f6f";
    /** SHA-256 of {@link #WRITE_KEY}, in hex. */
    static final String WRITE_KEY_SHA256 =
            "69cc2fd2c976389ae57583c6b440337dde607211dc51a5117277ca5e5f1d2618";
    /** SHA-256 of {@link #ADMIN_KEY}, in hex. */
    static final String ADMIN_KEY_SHA256 =
            "724ab41d8caadeaf1cc00fe7e95f41e852f6600f8bb34f8287c2f6ead3c43948";

    @Autowired
    private MockMvc mvc;

    @Autowired
    private Tripwire tripwire;

    @Autowired
    protected MutableClock clock;

    private SliceApi api;

    protected SliceApi api() {
        if (api == null) {
            api = new SliceApi(mvc, tripwire, Api.TEST_API_KEY);
        }
        return api;
    }

    /** Whatever a test did beside its requests must not have reached the ledger either. */
    @AfterEach
    void reachedNeitherTheDatabaseNorTheCommandBus() {
        tripwire.assertNotReached("the test");
    }

    /** What stands in for the database, Axon and the clock of the service. */
    @TestConfiguration
    static class Stands {

        @Bean
        Tripwire tripwire() {
            return new Tripwire();
        }

        @Bean
        JdbcTemplate ledgerJdbc(Tripwire tripwire) {
            return new JdbcTemplate(tripwire.dataSource());
        }

        @Bean
        CommandBus commandBus(Tripwire tripwire) {
            return tripwire.commandBus();
        }

        @Bean
        TransactionManager axonTransactionManager(Tripwire tripwire) {
            return tripwire.transactionManager();
        }

        @Bean
        CommandGateway commandGateway(CommandBus commandBus) {
            return DefaultCommandGateway.builder().commandBus(commandBus).build();
        }

        @Bean
        EventStoreReader eventStoreReader(JdbcTemplate ledgerJdbc) {
            return new EventTable(ledgerJdbc).reader();
        }

        @Bean
        MutableClock clock() {
            return MutableClock.toTheMicrosecond(Instant.now());
        }
    }
}
