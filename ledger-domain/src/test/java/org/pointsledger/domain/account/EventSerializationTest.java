package org.pointsledger.domain.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Proves every event survives an event store's JSON exactly and is stored under a unique name. */
class EventSerializationTest {

    private static final ObjectMapper EVENT_STORE_MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final AccountId ACCOUNT_ID = AccountId.of("contact-1", 1);
    private static final Instant RECORDED_AT = Instant.parse("2023-08-14T11:03:52.051038400Z");
    private static final Instant VALID_FROM = Instant.parse("2023-08-14T13:03:52.0510384Z");
    private static final Instant VALID_TO = Instant.parse("2024-08-14T13:03:52.000000001Z");

    private static final TransactionDetails ADDITION = new TransactionDetails("t-1",
            TransactionType.Addition, new BigDecimal("719.7000"), "Purchase",
            "@@(Bonus.Points) - Slim Fit T-shirt \"quoted\" ü", RECORDED_AT, VALID_FROM,
            VALID_TO, "line-7", "fingerprint-1");
    private static final TransactionDetails DEDUCTION = new TransactionDetails("t-2",
            TransactionType.Deduction, new BigDecimal("-999999999999.9999"), "Manual", "",
            RECORDED_AT, RECORDED_AT, null, null, "fingerprint-2");
    private static final TransactionDetails NEGATIVE_ADJUSTMENT = new TransactionDetails("t-3",
            TransactionType.Adjustment, new BigDecimal("-0.0001"), "Adjustment", "fix",
            RECORDED_AT, RECORDED_AT, null, null, null);

    /** One of each event, with amounts of every scale from 0 to 4 and nanosecond instants. */
    static Stream<PointAccountEvent> events() {
        return Stream.of(
                new AccountOpened(ACCOUNT_ID, "contact-1", 1, RECORDED_AT),
                new PointsAdded(ACCOUNT_ID, ADDITION,
                        new Lot("t-1", new BigDecimal("700.20"), VALID_FROM, VALID_TO),
                        new BigDecimal("19.5"), RECORDED_AT),
                new PointsDeducted(ACCOUNT_ID, DEDUCTION,
                        List.of(new LotDraw("t-1", new BigDecimal("700.20")),
                                new LotDraw("t-9", new BigDecimal("12")),
                                new LotDraw("t-8", new BigDecimal("0.001"))),
                        new BigDecimal("999999999287.6989"), RECORDED_AT),
                new PointsAdjusted(ACCOUNT_ID, NEGATIVE_ADJUSTMENT, null, BigDecimal.ZERO,
                        List.of(new LotDraw("t-1", new BigDecimal("0.0001"))),
                        new BigDecimal("0.0000"), RECORDED_AT),
                new PointsExpired(ACCOUNT_ID, TransactionIds.expiryOf("t-1"), "t-1",
                        new BigDecimal("0.3000"), new BigDecimal("1.5000"), VALID_TO,
                        RECORDED_AT));
    }

    @ParameterizedTest
    @MethodSource("events")
    void roundTrip_returnsAnEqualEvent_withEveryAmountExact(PointAccountEvent event)
            throws Exception {
        PointAccountEvent copy = roundTrip(event);

        assertThat(copy).isEqualTo(event);
        List<BigDecimal> amounts = amountsIn(event);
        List<BigDecimal> copiedAmounts = amountsIn(copy);
        assertThat(copiedAmounts).hasSameSizeAs(amounts);
        for (int i = 0; i < amounts.size(); i++) {
            assertThat(copiedAmounts.get(i)).isEqualByComparingTo(amounts.get(i));
            assertThat(copiedAmounts.get(i).scale()).isEqualTo(amounts.get(i).scale());
        }
    }

    @Test
    void roundTrip_keepsPositiveAdjustmentLot_whenDrawsAreEmpty() throws Exception {
        TransactionDetails positive = new TransactionDetails("t-4", TransactionType.Adjustment,
                new BigDecimal("25.5"), "Adjustment", "fix", RECORDED_AT, RECORDED_AT, null, null,
                "fingerprint-4");
        PointsAdjusted event = new PointsAdjusted(ACCOUNT_ID, positive,
                new Lot("t-4", new BigDecimal("25.5"), RECORDED_AT, null), BigDecimal.ZERO,
                List.of(), BigDecimal.ZERO, RECORDED_AT);

        assertThat(roundTrip(event)).isEqualTo(event);
    }

    @Test
    void serialize_writesAccountIdAsPlainUuidText() throws Exception {
        JsonNode json = EVENT_STORE_MAPPER.readTree(EVENT_STORE_MAPPER.writeValueAsString(
                new AccountOpened(ACCOUNT_ID, "contact-1", 1, RECORDED_AT)));

        assertThat(json.get("accountId").isTextual()).isTrue();
        assertThat(json.get("accountId").asText()).isEqualTo(ACCOUNT_ID.value().toString());
    }

    @Test
    void deserialize_readsAStoredDocument_whenItHasAFieldThisVersionDoesNotKnow()
            throws Exception {
        String stored = """
                {"accountId":"eca9223e-75e2-574d-a76d-31d5a7b643ac",
                 "transactionId":"expiry-1","lotId":"t-1","points":12.3400,
                 "expiredAt":"2024-08-14T13:03:52.000000001Z",
                 "recordedAt":"2024-08-14T13:04:00Z","addedInALaterRevision":true}
                """;

        PointsExpired event = EVENT_STORE_MAPPER.readValue(stored, PointsExpired.class);

        assertThat(event).isEqualTo(new PointsExpired(
                AccountId.parse("eca9223e-75e2-574d-a76d-31d5a7b643ac"), "expiry-1", "t-1",
                new BigDecimal("12.3400"), BigDecimal.ZERO, VALID_TO,
                Instant.parse("2024-08-14T13:04:00Z")));
    }

    @Test
    void serialize_writesThePinnedFieldNames_forEveryEvent() throws Exception {
        // Field names are the storage format: renaming one needs an upcaster, not a refactoring.
        Map<Class<?>, List<String>> pinned = Map.of(
                AccountOpened.class,
                List.of("accountId", "contactId", "definitionId", "recordedAt"),
                PointsAdded.class,
                List.of("accountId", "transaction", "lot", "overdraftRepaid", "recordedAt"),
                PointsDeducted.class,
                List.of("accountId", "transaction", "draws", "overdraftIncurred", "recordedAt"),
                PointsAdjusted.class,
                List.of("accountId", "transaction", "lot", "overdraftRepaid", "draws",
                        "overdraftIncurred", "recordedAt"),
                PointsExpired.class,
                List.of("accountId", "transactionId", "lotId", "points", "overdraftRepaid",
                        "expiredAt",
                        "recordedAt"));

        for (PointAccountEvent event : events().toList()) {
            JsonNode json = EVENT_STORE_MAPPER.readTree(
                    EVENT_STORE_MAPPER.writeValueAsString(event));
            List<String> names = new ArrayList<>();
            json.fieldNames().forEachRemaining(names::add);

            assertThat(names).as("%s", event.getClass().getSimpleName())
                    .containsExactlyInAnyOrderElementsOf(pinned.get(event.getClass()));
        }
    }

    @Test
    void samples_coverEveryPermittedEvent() {
        Set<Class<?>> sampled = new HashSet<>();
        events().forEach(event -> sampled.add(event.getClass()));

        assertThat(sampled).containsExactlyInAnyOrder(
                PointAccountEvent.class.getPermittedSubclasses());
    }

    @Test
    void everyPermittedEvent_carriesAStoredEventAnnotation_withAUniqueName() {
        Set<String> names = new HashSet<>();
        for (Class<?> type : PointAccountEvent.class.getPermittedSubclasses()) {
            StoredEvent stored = type.getAnnotation(StoredEvent.class);

            assertThat(stored).as("@StoredEvent on %s", type.getSimpleName()).isNotNull();
            assertThat(stored.name()).as("name of %s", type.getSimpleName()).isNotBlank();
            assertThat(stored.revision()).as("revision of %s", type.getSimpleName())
                    .isNotBlank();
            assertThat(names.add(stored.name())).as("%s is unique", stored.name()).isTrue();
        }
        assertThat(names).hasSize(PointAccountEvent.class.getPermittedSubclasses().length);
    }

    private static PointAccountEvent roundTrip(PointAccountEvent event) throws Exception {
        String json = EVENT_STORE_MAPPER.writeValueAsString(event);
        return EVENT_STORE_MAPPER.readValue(json, event.getClass());
    }

    /** Every BigDecimal in the record, depth first, in component order. */
    private static List<BigDecimal> amountsIn(Object value) throws Exception {
        List<BigDecimal> amounts = new ArrayList<>();
        collectAmounts(value, amounts);
        return amounts;
    }

    private static void collectAmounts(Object value, List<BigDecimal> amounts) throws Exception {
        if (value instanceof BigDecimal amount) {
            amounts.add(amount);
        } else if (value instanceof List<?> list) {
            for (Object element : list) {
                collectAmounts(element, amounts);
            }
        } else if (value != null && value.getClass().isRecord()) {
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                collectAmounts(component.getAccessor().invoke(value), amounts);
            }
        }
    }

    @Test
    void amountsIn_findsEveryAmount_soTheExactnessCheckIsNotVacuous() throws Exception {
        PointsDeducted deducted = (PointsDeducted) events()
                .filter(PointsDeducted.class::isInstance).findFirst().orElseThrow();

        assertThat(amountsIn(deducted)).extracting(BigDecimal::toPlainString)
                .containsExactlyElementsOf(Arrays.asList("-999999999999.9999", "700.20", "12",
                        "0.001", "999999999287.6989"));
    }
}
