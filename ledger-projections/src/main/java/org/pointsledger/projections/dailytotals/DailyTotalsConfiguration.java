package org.pointsledger.projections.dailytotals;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.pointsledger.projections.ProcessingGroups;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The streaming processor of the daily totals: a pooled streaming processor with its token in
 * {@code token_entry} (Axon's auto-configured JdbcTokenStore over EventStoreConfiguration's
 * TokenSchema), handlers that retry with back-off (DailyTotalsProjection), and Axon's JDBC dead-letter queue on the
 * Flyway-made {@code dead_letter_entry}, serialized like the event store (the project's
 * Jackson serializer). The subscribing read models keep their own, failing, error handling.
 */
@Configuration
class DailyTotalsConfiguration {

    /** Segments of the daily totals: enough for two threads, few token rows. */
    static final int DAILY_TOTALS_SEGMENTS = 2;

    @Bean
    DeadLetterSchema deadLetterSchema() {
        return DeadLetterSchema.builder()
                .deadLetterTable("dead_letter_entry")
                .deadLetterIdentifierColumn("dead_letter_id")
                .processingGroupColumn("processing_group")
                .sequenceIdentifierColumn("sequence_identifier")
                .sequenceIndexColumn("sequence_index")
                .messageTypeColumn("message_type")
                .eventIdentifierColumn("event_identifier")
                .timestampColumn("time_stamp")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .aggregateTypeColumn("aggregate_type")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .tokenTypeColumn("token_type")
                .tokenColumn("token")
                .enqueuedAtColumn("enqueued_at")
                .lastTouchedColumn("last_touched")
                .processingStartedColumn("processing_started")
                .causeTypeColumn("cause_type")
                .causeMessageColumn("cause_message")
                .diagnosticsColumn("diagnostics")
                .build();
    }

    @Bean
    ConfigurerModule dailyTotalsProcessorModule(ConnectionProvider connectionProvider,
            TransactionManager transactionManager, DeadLetterSchema deadLetterSchema) {
        String group = ProcessingGroups.DAILY_TOTALS;
        return configurer -> configurer.eventProcessing()
                .registerPooledStreamingEventProcessor(group,
                        configuration -> configuration.eventStore(),
                        (configuration, builder) -> builder
                                .initialSegmentCount(DAILY_TOTALS_SEGMENTS))
                .registerDeadLetterQueue(group, configuration ->
                        JdbcSequencedDeadLetterQueue.builder()
                                .processingGroup(group)
                                .connectionProvider(connectionProvider)
                                .transactionManager(transactionManager)
                                .schema(deadLetterSchema)
                                .genericSerializer(configuration.serializer())
                                .eventSerializer(configuration.eventSerializer())
                                .build());
    }
}
