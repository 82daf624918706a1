package org.pointsledger.domain.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pointsledger.domain.testing.MutableClock;

/** Proves a snapshot of the account keeps the stored shape it had before it held its fold. */
class PointAccountSnapshotTest {

    /** Configured like the event store's mapper: fields only, exact decimals, ISO instants. */
    private static final ObjectMapper SNAPSHOT_MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .visibility(PropertyAccessor.GETTER, JsonAutoDetect.Visibility.NONE)
            .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .build();

    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final AccountId ACCOUNT_ID = AccountId.of("snapshot-contact", 1);

    /** What the aggregate stored as a snapshot when openLots and overdraft were its fields. */
    private static final String STORED_SNAPSHOT = "{\"accountId\":\"" + ACCOUNT_ID + "\","
            + "\"openLots\":{\"t-1\":{\"lotId\":\"t-1\",\"points\":12.5,"
            + "\"validFrom\":\"2024-01-01T00:00:00Z\",\"validTo\":null}},\"overdraft\":0}";

    @Test
    void snapshot_hasTheAccountIdOpenLotsAndOverdraftOnly_whenTheAccountIsSnapshotted()
            throws Exception {
        PointAccount account = accountHolding("t-1", "12.5");

        JsonNode stored = SNAPSHOT_MAPPER.readTree(SNAPSHOT_MAPPER.writeValueAsBytes(account));

        assertThat(stored.fieldNames()).toIterable()
                .containsExactlyInAnyOrder("accountId", "openLots", "overdraft");
        assertThat(stored).isEqualTo(SNAPSHOT_MAPPER.readTree(STORED_SNAPSHOT));
    }

    @Test
    void snapshot_readsBackTheSameLotsAndOverdraft_whenItWasStoredBeforeTheFold()
            throws Exception {
        PointAccount account = SNAPSHOT_MAPPER.readValue(STORED_SNAPSHOT, PointAccount.class);

        assertThat(account.openLots()).isEqualTo(Map.of("t-1",
                new Lot("t-1", new BigDecimal("12.5"), START, null)));
        assertThat(account.overdraft()).isEqualByComparingTo("0");
    }

    private static PointAccount accountHolding(String transactionId, String amount) {
        TransactionDetails addition = new TransactionDetails(transactionId,
                TransactionType.Addition, new BigDecimal(amount), "Purchase", "snapshotted",
                START, START, null, null, "fingerprint-" + transactionId);
        return new PointAccountFixture(ACCOUNT_ID, new MutableClock(START))
                .given(new AccountOpened(ACCOUNT_ID, "snapshot-contact", 1, START),
                        new PointsAdded(ACCOUNT_ID, addition, new Lot(transactionId,
                                new BigDecimal(amount), START, null), BigDecimal.ZERO, START))
                .state();
    }
}
