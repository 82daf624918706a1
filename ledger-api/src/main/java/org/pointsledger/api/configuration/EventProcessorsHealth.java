package org.pointsledger.api.configuration;

import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/** Health of Axon's event processors: DOWN when one is stopped or in error. */
@Component("eventProcessors")
class EventProcessorsHealth extends AbstractHealthIndicator {

    private final EventProcessingConfiguration eventProcessing;

    EventProcessorsHealth(EventProcessingConfiguration eventProcessing) {
        this.eventProcessing = eventProcessing;
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
        builder.status(allRunning ? "UP" : "DOWN").withDetails(Map.copyOf(states));
    }
}
