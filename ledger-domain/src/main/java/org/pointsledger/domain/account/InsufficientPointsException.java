package org.pointsledger.domain.account;

import java.math.BigDecimal;

/** A deduction asked for more than the active balance, and the definition forbids going below. */
public class InsufficientPointsException extends LedgerRuleViolation {

    private final BigDecimal availableBalance;

    public InsufficientPointsException(BigDecimal requested, BigDecimal availableBalance) {
        super("Insufficient points: " + Points.canonical(requested).toPlainString()
                + " requested, " + Points.canonical(availableBalance).toPlainString()
                + " available");
        this.availableBalance = availableBalance;
    }

    public BigDecimal availableBalance() {
        return availableBalance;
    }
}
