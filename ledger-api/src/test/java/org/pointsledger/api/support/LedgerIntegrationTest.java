package org.pointsledger.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.pointsledger.api.LedgerApplication;
import org.pointsledger.domain.testing.MutableClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests: the whole service on a random port, over real HTTP, on the
 * test database (see {@link TestDatabase}), with a clock the tests move. The scheduled expiry
 * sweep is pushed out of the way; tests call {@code ExpirySweeper.sweepDueLots()} instead.
 * All subclasses share one Spring context, so each test uses its own contact ids. Requests
 * carry {@link Api#TEST_API_KEY}, the bootstrap key (every scope), whose rate limit is set out
 * of the way; a test of the limits mints a key with its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = {LedgerApplication.class, LedgerIntegrationTest.TestClockConfiguration.class},
        properties = {"ledger.expiry.sweep-interval=1h",
            "ledger.security.bootstrap-api-key=" + Api.TEST_API_KEY,
            "ledger.security.api-keys[0].name=" + LedgerIntegrationTest.CONFIGURED_READER_NAME,
            "ledger.security.api-keys[0].sha256=" + LedgerIntegrationTest.CONFIGURED_READER_SHA256,
            "ledger.security.api-keys[0].scopes=points:read",
            "ledger.security.rate-limit.requests-per-second=1000000",
            "ledger.security.rate-limit.burst=1000000"})
public abstract class LedgerIntegrationTest {

    /** A key given in configuration by its hash only, with the scope points:read. */
    protected static final String CONFIGURED_READER_KEY = "pl_configured-reader-key-0123456789";
    protected static final String CONFIGURED_READER_NAME = "configured-reader";
    /** SHA-256 of {@link #CONFIGURED_READER_KEY}, in hex. */
    static final String CONFIGURED_READER_SHA256 =
            "2235080620ec5b841c0aba79d0d949e6bc8395f7b7ceebaced4db5aea3c7abe0";

    @LocalServerPort
    protected int port;

    @Autowired
    protected MutableClock clock;

    @Autowired
    private JdbcTemplate ledgerJdbc;

    private Api api;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestDatabase::url);
        registry.add("spring.datasource.username", TestDatabase::user);
        registry.add("spring.datasource.password", TestDatabase::password);
    }

    protected Api api() {
        if (api == null) {
            api = new Api("http://localhost:" + port);
        }
        return api;
    }

    /** The account as the API answers it (200). */
    protected JsonNode account(String accountId) {
        return Accounts.account(api(), accountId);
    }

    /** The account's balance as the API answers it. */
    protected BigDecimal balance(String accountId) {
        return Accounts.balance(api(), accountId);
    }

    /** How many events the event store holds for the account. */
    protected long eventCount(String accountId) {
        return Accounts.eventCount(ledgerJdbc, accountId);
    }

    /** A contact id no other test uses. */
    protected static String uniqueContactId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
    }

    @TestConfiguration
    public static class TestClockConfiguration {

        @Bean
        @Primary
        MutableClock testClock() {
            return MutableClock.toTheMicrosecond(Instant.now());
        }
    }
}
