package org.pointsledger.api.configuration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Runs the scheduled jobs (the expiry sweep, the cleanup of idempotency keys) on a thread of
 * their own. Without a TaskScheduler bean, Spring would run them on the only
 * ScheduledExecutorService bean, the command retry executor: a sweep whose command lost an
 * append race would then wait, on that one thread, for a retry that only that thread can run,
 * and every command retry of the node would hang with it.
 */
@Configuration
@EnableScheduling
class SchedulingConfiguration {

    static final int SCHEDULER_THREADS_MAX = 1;

    @Bean(destroyMethod = "shutdown")
    ThreadPoolTaskScheduler taskScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(SCHEDULER_THREADS_MAX);
        scheduler.setThreadNamePrefix("ledger-scheduler-");
        return scheduler;
    }
}
