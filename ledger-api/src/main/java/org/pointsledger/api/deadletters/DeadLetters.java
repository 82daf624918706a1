package org.pointsledger.api.deadletters;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.pointsledger.domain.errors.NotFound;
import org.pointsledger.projections.ProcessingGroups;
import org.springframework.stereotype.Component;

/** The dead-letter queues of the processing groups that have one: counts, and retries. */
@Component
public class DeadLetters {

    /** The processing groups that park failed events (see DailyTotalsConfiguration). */
    static final List<String> GROUPS_WITH_QUEUE = List.of(ProcessingGroups.DAILY_TOTALS);

    /** Sequences one retry request processes at most; send it again for more. */
    static final int RETRY_SEQUENCES_MAX = 1000;

    private final EventProcessingConfiguration eventProcessing;

    DeadLetters(EventProcessingConfiguration eventProcessing) {
        this.eventProcessing = eventProcessing;
    }

    /** The processing groups with a dead-letter queue, by name. */
    public Map<String, SequencedDeadLetterQueue<EventMessage<?>>> queues() {
        Map<String, SequencedDeadLetterQueue<EventMessage<?>>> queues = new TreeMap<>();
        for (String group : eventProcessing.eventProcessors().keySet()) {
            eventProcessing.deadLetterQueue(group).ifPresent(queue -> queues.put(group, queue));
        }
        return queues;
    }

    /** Parked events per processing group (a database read each). */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        queues().forEach((group, queue) -> counts.put(group, queue.size()));
        return counts;
    }

    /**
     * Hands each parked sequence of the group to its handlers again, oldest first; a sequence
     * that fails again stays parked. Answers how many sequences were processed.
     */
    Retry retry(String group) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queues().get(group);
        SequencedDeadLetterProcessor<EventMessage<?>> processor =
                eventProcessing.sequencedDeadLetterProcessor(group).orElse(null);
        if (queue == null || processor == null) {
            throw new NotFound("No dead-letter queue for processing group: " + group);
        }
        long sequences = Math.min(queue.amountOfSequences(), RETRY_SEQUENCES_MAX);
        int processed = 0;
        for (int attempt = 0; attempt < sequences; attempt++) {
            if (processor.processAny()) {
                processed++;
            }
        }
        return new Retry(group, processed, queue.size());
    }

    record Retry(String processingGroup, int sequencesProcessed, long deadLettersLeft) {
    }
}
