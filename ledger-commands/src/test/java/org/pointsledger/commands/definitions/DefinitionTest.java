package org.pointsledger.commands.definitions;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Proves a definition's default validity: only for additions sent without validTo. */
class DefinitionTest {

    private static final Instant VALID_FROM = Instant.parse("2024-01-31T10:00:00Z");
    private static final Definition TWELVE_MONTHS =
            new Definition(2, "Miles", null, false, 12);
    private static final Definition NEVER_EXPIRES =
            new Definition(1, "Bonus points", null, false, null);

    @Test
    void validTo_isTheDefaultValidityAfterValidFrom_forAnAdditionWithoutValidTo() {
        assertThat(TWELVE_MONTHS.validTo(null, VALID_FROM, BigDecimal.TEN))
                .isEqualTo(Instant.parse("2025-01-31T10:00:00Z"));
    }

    @Test
    void validTo_isAsRequested_whenSent() {
        Instant requested = Instant.parse("2024-03-01T00:00:00Z");

        assertThat(TWELVE_MONTHS.validTo(requested, VALID_FROM, BigDecimal.TEN))
                .isEqualTo(requested);
    }

    @Test
    void validTo_staysUnset_forADeductionOrADefinitionWithoutDefault() {
        assertThat(TWELVE_MONTHS.validTo(null, VALID_FROM, BigDecimal.TEN.negate())).isNull();
        assertThat(NEVER_EXPIRES.validTo(null, VALID_FROM, BigDecimal.TEN)).isNull();
    }
}
