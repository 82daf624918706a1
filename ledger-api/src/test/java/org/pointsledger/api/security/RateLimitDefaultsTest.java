package org.pointsledger.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Proves the shipped configuration gives a key without figures of its own the README's rate
 * limit: 200 requests per second on average, bursts of 400.
 */
class RateLimitDefaultsTest {

    /** README, Configuration and Limits: LEDGER_RATE_LIMIT_REQUESTS_PER_SECOND. */
    private static final int DOCUMENTED_REQUESTS_PER_SECOND = 200;
    /** README, Configuration and Limits: LEDGER_RATE_LIMIT_BURST. */
    private static final int DOCUMENTED_BURST = 400;

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final RateLimits limits = new RateLimits(nanos::get);

    @Test
    void shippedConfiguration_setsTheDocumentedDefaults_whenNoVariableIsGiven()
            throws IOException {
        SecurityProperties shipped = shippedSecurityProperties();

        assertThat(shipped.rateLimit().requestsPerSecond())
                .isEqualTo(DOCUMENTED_REQUESTS_PER_SECOND);
        assertThat(shipped.rateLimit().burst()).isEqualTo(DOCUMENTED_BURST);
    }

    @Test
    void keyWithoutItsOwnLimits_takesABurstOf400_then200PerSecond() throws IOException {
        SecurityProperties shipped = shippedSecurityProperties();
        ApiKey.RateLimit fallback = new ApiKey.RateLimit(shipped.rateLimit().requestsPerSecond(),
                shipped.rateLimit().burst());
        ApiKey key = new ApiKey("defaults", "defaults", new byte[32], Set.of(Scope.POINTS_READ),
                ApiKeys.limitOf(null, null, fallback));

        assertTakes(key, DOCUMENTED_BURST);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertTakes(key, DOCUMENTED_REQUESTS_PER_SECOND);
    }

    /** Exactly {@code count} requests pass at this instant, and the next is refused. */
    private void assertTakes(ApiKey key, int count) {
        int taken = 0;
        while (limits.tryTake(key) == 0) {
            taken++;
            assertThat(taken).as("requests let through at once").isLessThanOrEqualTo(count);
        }
        assertThat(taken).as("requests let through at once").isEqualTo(count);
    }

    /**
     * {@code ledger.security} as application.yml binds it with none of the LEDGER_* variables
     * set: only the shipped file, its placeholders resolved to their defaults.
     */
    private static SecurityProperties shippedSecurityProperties() throws IOException {
        MutablePropertySources sources = new MutablePropertySources();
        for (PropertySource<?> source : new YamlPropertySourceLoader().load("shipped",
                new ClassPathResource("application.yml"))) {
            sources.addLast(source);
        }
        assertThat(sources.size()).as("application.yml on the classpath").isPositive();
        Binder binder = new Binder(ConfigurationPropertySources.from(sources),
                new PropertySourcesPlaceholdersResolver(sources));
        return binder.bind("ledger.security", SecurityProperties.class)
                .orElseThrow(() -> new AssertionError("ledger.security is not configured"));
    }
}
