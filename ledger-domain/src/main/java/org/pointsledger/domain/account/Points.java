package org.pointsledger.domain.account;

import java.math.BigDecimal;

/** The rules every amount of points obeys: exact decimals, never rounded. */
public final class Points {

    /** At most this many fractional digits; more is refused, never rounded. */
    public static final int FRACTION_DIGITS_MAX = 4;
    /** Every amount's absolute value stays below this bound (10^12). */
    public static final BigDecimal ABSOLUTE_AMOUNT_LIMIT = new BigDecimal("1000000000000");

    private Points() {
    }

    /** Returns why the amount is not acceptable for a transaction, or null when it is. */
    public static String problemWith(BigDecimal amount) {
        if (amount == null) {
            return "is required";
        }
        if (amount.signum() == 0) {
            return "must not be zero";
        }
        if (amount.stripTrailingZeros().scale() > FRACTION_DIGITS_MAX) {
            return "must have at most " + FRACTION_DIGITS_MAX + " fractional digits";
        }
        if (amount.abs().compareTo(ABSOLUTE_AMOUNT_LIMIT) >= 0) {
            return "must have an absolute value below 10^12";
        }
        return null;
    }

    /** The canonical form of an amount: no trailing zeros, never an exponent on the wire. */
    public static BigDecimal canonical(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
