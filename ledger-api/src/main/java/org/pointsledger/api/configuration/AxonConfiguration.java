package org.pointsledger.api.configuration;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.pointsledger.commands.CommandMetadata;
import org.pointsledger.eventstore.EventStoreConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * How Axon runs the ledger's event processors and what its events carry. How events are
 * stored, cached, snapshotted and retried is the event-store module's one configuration,
 * {@link EventStoreConfiguration}, imported here.
 *
 * <ul>
 *   <li>Every event processor subscribes: read models are written in the command's own database
 *       transaction, so a write that was answered is already visible to every read, and a
 *       conflicting append rolls its read-model updates back with it.
 *   <li>A failing event handler fails the command (PropagatingErrorHandler) instead of being
 *       logged and skipped: nothing is acknowledged that the read models did not take.
 * </ul>
 */
@Configuration
@Import(EventStoreConfiguration.class)
class AxonConfiguration {

    @Bean
    ConfigurerModule subscribingProcessorsModule() {
        return configurer -> configurer.eventProcessing()
                .usingSubscribingEventProcessors()
                .registerDefaultListenerInvocationErrorHandler(
                        configuration -> PropagatingErrorHandler.instance())
                .registerDefaultErrorHandler(
                        configuration -> PropagatingErrorHandler.instance());
    }

    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }

    /** Every event carries who and why from the command that caused it. */
    @Bean
    CorrelationDataProvider commandMetadataProvider() {
        return new SimpleCorrelationDataProvider(CommandMetadata.KEYS);
    }
}
