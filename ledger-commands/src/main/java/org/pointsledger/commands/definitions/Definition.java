package org.pointsledger.commands.definitions;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A point definition: a kind of points, each contact having one account per definition.
 *
 * @param defaultValidityMonths when set, an addition sent without validTo expires that many
 *     calendar months after its validFrom; when null it never expires
 */
public record Definition(int id, String name, String description, boolean allowNegativeBalance,
                         Integer defaultValidityMonths) {

    /**
     * When a transaction of this definition stops counting: as requested, or for an addition
     * without validTo, {@code defaultValidityMonths} calendar months after its validFrom (in
     * UTC) when set, and never otherwise.
     */
    public Instant validTo(Instant requested, Instant validFrom, BigDecimal amount) {
        if (requested != null || amount.signum() < 0 || defaultValidityMonths == null) {
            return requested;
        }
        return validFrom.atOffset(ZoneOffset.UTC).plusMonths(defaultValidityMonths).toInstant();
    }
}
