package org.pointsledger.api.configuration;

import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The ledger's clock, injected wherever time decides anything, so tests can move it. */
@Configuration
class ClockConfiguration {

    /**
     * Ticks in microseconds: PostgreSQL keeps timestamps to the microsecond, so an instant the
     * aggregate decides on is exactly the one the read models store.
     */
    @Bean
    Clock ledgerClock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }
}
