package org.pointsledger.api.support;

import java.time.Instant;
import java.util.UUID;
import org.pointsledger.api.LedgerApplication;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests: the whole service on a random port, over real HTTP, on the
 * test database (see {@link TestDatabase}), with a clock the tests move. The scheduled expiry
 * sweep is pushed out of the way; tests call {@code ExpirySweeper.sweepDueLots()} instead.
 * All subclasses share one Spring context, so each test uses its own contact ids.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = {LedgerApplication.class, LedgerIntegrationTest.TestClockConfiguration.class},
        properties = "ledger.expiry.sweep-interval=1h")
public abstract class LedgerIntegrationTest {

    @LocalServerPort
    protected int port;

    @Autowired
    protected MutableClock clock;

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

    /** A contact id no other test uses. */
    protected static String uniqueContactId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
    }

    @TestConfiguration
    public static class TestClockConfiguration {

        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(Instant.now());
        }
    }
}
