package org.pointsledger.api.deadletters;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * {@code ledger.deadletters}, tagged {@code processingGroup}: events parked per group. Read
 * from the database at each scrape; NaN while the database cannot be reached.
 */
@Component
class DeadLetterMetrics implements MeterBinder {

    static final String NAME = "ledger.deadletters";

    private final DeadLetters deadLetters;

    DeadLetterMetrics(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** Bound before Axon starts its processors, so each scrape looks the queue up anew. */
    @Override
    public void bindTo(MeterRegistry registry) {
        for (String group : DeadLetters.GROUPS_WITH_QUEUE) {
            Gauge.builder(NAME, deadLetters, letters -> count(letters, group))
                    .tag("processingGroup", group)
                    .description("Events parked in the dead-letter queue")
                    .register(registry);
        }
    }

    private static double count(DeadLetters letters, String group) {
        try {
            Long count = letters.counts().get(group);
            return count == null ? Double.NaN : count;
        } catch (RuntimeException unreachable) {
            return Double.NaN;
        }
    }
}
