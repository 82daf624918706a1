package org.pointsledger.projections.feed;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.pointsledger.projections.ProcessingGroups;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The processor that numbers the change feed: a tracking processor with one segment on one
 * thread, so that one batch at a time appends to the feed (see TransactionFeedProjection), with
 * its token in {@code token_entry}. A failing batch is not skipped: the default error handler
 * propagates, and the processor retries the batch, waiting longer each time.
 *
 * <p>Lag: a write on this node wakes the processor at once; a write on another node is seen at
 * the event store's next poll (about a second). A transaction that committed out of
 * index order is taken as soon as it commits.
 */
@Configuration
class TransactionFeedConfiguration {

    /** Events per batch (one database transaction of the feed). */
    static final int FEED_BATCH_EVENTS = 200;

    @Bean
    ConfigurerModule transactionFeedProcessorModule() {
        return configurer -> configurer.eventProcessing().registerTrackingEventProcessor(
                ProcessingGroups.TRANSACTION_FEED,
                configuration -> configuration.eventStore(),
                configuration -> TrackingEventProcessorConfiguration
                        .forSingleThreadedProcessing()
                        .andInitialSegmentsCount(1)
                        .andBatchSize(FEED_BATCH_EVENTS));
    }
}
