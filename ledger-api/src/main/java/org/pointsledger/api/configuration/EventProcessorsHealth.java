package org.pointsledger.api.configuration;

import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.pointsledger.api.deadletters.DeadLetters;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * Health of Axon's event processors: DOWN when one is stopped or in error; DEGRADED (still
 * HTTP 200, see application.yml) when events are parked in a dead-letter queue. Parked events
 * hold back an asynchronous read model, not the ledger: writes and the v3 reads still work,
 * so taking the node out of a load balancer (or restarting it) would not help; an operator
 * must fix the cause and retry them. The count per processing group is in the details.
 */
@Component("eventProcessors")
class EventProcessorsHealth extends AbstractHealthIndicator {

    /** Up, but something needs an operator: the node still serves. */
    static final Status DEGRADED = new Status("DEGRADED");

    private final EventProcessingConfiguration eventProcessing;
    private final DeadLetters deadLetters;

    EventProcessorsHealth(EventProcessingConfiguration eventProcessing, DeadLetters deadLetters) {
        this.eventProcessing = eventProcessing;
        this.deadLetters = deadLetters;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, String> states = new LinkedHashMap<>();
        boolean allRunning = true;
        for (EventProcessor processor : eventProcessing.eventProcessors().values()) {
            boolean healthy = processor.isRunning() && !processor.isError();
            allRunning &= healthy;
            states.put(processor.getName(), processor.isError() ? "ERROR"
                    : processor.isRunning() ? "RUNNING" : "STOPPED");
        }
        Map<String, Long> parked = deadLetters.counts();
        boolean anyParked = parked.values().stream().anyMatch(count -> count > 0);
        builder.status(!allRunning ? Status.DOWN : anyParked ? DEGRADED : Status.UP)
                .withDetails(Map.copyOf(states)).withDetail("deadLetters", parked);
    }
}
