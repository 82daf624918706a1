package org.pointsledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.pointsledger.domain.account.InsufficientPointsException;

/**
 * Proves a lost append race is recognised (on PostgreSQL too, and inside a JDBC batch) and
 * retried, while business refusals and other failures are not.
 */
class ConcurrencyFailuresTest {

    private final PersistenceExceptionResolver resolver =
            new EventStoreConfiguration().persistenceExceptionResolver();

    @Test
    void resolver_recognisesADuplicateKey_whenPostgresReportsItsSqlStateInsideABatch() {
        BatchUpdateException batch = new BatchUpdateException("batch failed", "23000", 0,
                new int[0], null);
        batch.setNextException(new SQLException("duplicate key value", "23505"));

        assertThat(resolver.isDuplicateKeyViolation(new RuntimeException("append", batch)))
                .isTrue();
        assertThat(resolver.isDuplicateKeyViolation(
                new RuntimeException(new SQLException("duplicate key value", "23505")))).isTrue();
    }

    @Test
    void resolver_ignoresOtherFailures_whenNoUniqueKeyWasViolated() {
        assertThat(resolver.isDuplicateKeyViolation(
                new RuntimeException(new SQLException("connection lost", "08006")))).isFalse();
        assertThat(resolver.isDuplicateKeyViolation(new IllegalStateException("other")))
                .isFalse();
    }

    @Test
    void retry_isAllowed_forALostAppendRaceAndItsSqlCause() {
        assertThat(EventStoreConfiguration.isNotConcurrencyFailure(new ConcurrencyException("lost")))
                .isFalse();
        assertThat(EventStoreConfiguration.isNotConcurrencyFailure(
                new AggregateStreamCreationException("created twice"))).isFalse();
        assertThat(EventStoreConfiguration.isNotConcurrencyFailure(
                new SQLException("duplicate key value", "23505"))).isFalse();
    }

    @Test
    void retry_isRefused_forABusinessRefusalOrAnyOtherFailure() {
        assertThat(EventStoreConfiguration.isNotConcurrencyFailure(new InsufficientPointsException(
                BigDecimal.TEN, BigDecimal.ONE))).isTrue();
        assertThat(EventStoreConfiguration.isNotConcurrencyFailure(new IllegalStateException("bug")))
                .isTrue();
    }
}
