package org.pointsledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Proves the retry pauses of a lost append race grow, jitter, and stay bounded in time. */
class AppendRaceRetrySchedulerTest {

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final AppendRaceRetryScheduler scheduler = AppendRaceRetryScheduler.builder()
            .retryExecutor(executor)
            .maxRetryCount(EventStoreConfiguration.COMMAND_RETRIES_MAX)
            .intervals(EventStoreConfiguration.COMMAND_RETRY_FIRST_INTERVAL_MILLISECONDS,
                    EventStoreConfiguration.COMMAND_RETRY_INTERVAL_MAX_MILLISECONDS)
            .build();

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    @Test
    void interval_doublesBetweenHalfAndAllOfItsNominalPause_untilItsMaximum() {
        assertThat(scheduler.intervalAfter(1, 0.0)).isEqualTo(5);
        assertThat(scheduler.intervalAfter(1, 0.999)).isBetween(9L, 10L);
        assertThat(scheduler.intervalAfter(2, 0.0)).isEqualTo(10);
        assertThat(scheduler.intervalAfter(4, 0.999)).isBetween(79L, 80L);
        assertThat(scheduler.intervalAfter(6, 0.0)).isEqualTo(100);
        assertThat(scheduler.intervalAfter(40, 0.999)).isBetween(199L, 200L);
    }

    @Test
    void retries_waitLessThanThreeSecondsInAll_beforeTheClientIsAskedToComeBack() {
        long total = scheduler.totalIntervalMaxMilliseconds(EventStoreConfiguration.COMMAND_RETRIES_MAX);

        assertThat(total).isLessThan(3000).isGreaterThan(1000);
    }
}
